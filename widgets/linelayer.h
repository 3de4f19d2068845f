#pragma once

#include <QBrush>
#include <QGraphicsItem>
#include <QImage>
#include <QLineF>
#include <QPen>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

/// The lines and fills of a time-series chart, painted straight from the panel's
/// own arrays. Every paint decimates the visible span of each line to the plot's
/// pixel columns (M4: first, min, max and last of a column draw the same pixels as
/// every point) and draws the result as one polyline, so the chart keeps no copy of
/// the points - Qt Charts keeps several per point, a few hundred bytes in all - and
/// a repaint costs about four points per pixel column and line, however long the
/// series. Lines are added once per data change; the arrays they point into must
/// outlive them (the panel owns both and clears the layer first).
///
/// On screen the layer is an image of the plot at device pixels, kept between
/// repaints (crosshair, tooltip, spinner). When the lines change, a layer with many
/// points decimates and strokes them on the thread pool (decimating on the UI thread
/// instead when its arrays have no owner, see setOwner): the UI thread shows the
/// previous image until the new one is ready,
/// then blits it, so a dashboard of heavy panels never stalls on antialiased
/// stroking. Rendering elsewhere (grab, render, printing) strokes directly.
class LineLayer final : public QGraphicsItem
{
public:
    /// One run of a series drawn as one line: `n` samples at `t` (ms since the
    /// epoch, ascending) and `v` (as plotted: stacked, transformed). With a fill
    /// brush, the area down to `lower` (the stack below, same indices as `t`) or,
    /// without it, to `baseline` is filled first.
    struct Line
    {
        const double *t = nullptr;
        const double *v = nullptr;
        /// Instead of `v`: a compact ValueColumn's integers, each standing for
        /// m / divisor (ValueColumn::kNaNCode for NaN).
        const std::int32_t *vi = nullptr;
        double divisor = 1;
        std::size_t n = 0;
        const double *lower = nullptr;
        double baseline = 0;
        QPen pen;   // Qt::NoPen: fill only
        QBrush fill; // Qt::NoBrush: line only
        bool right = false; // against the right value axis
        int series = -1;    // index into the panel's series
    };

    explicit LineLayer(QGraphicsItem *parent = nullptr);

    void clear();
    void addLine(const Line &line);
    /// What the lines added since clear() point into, when shared-owned: held by a
    /// paint on the thread pool, which then decimates them there too (the UI thread
    /// only blits). Without an owner a heavy layer decimates on the UI thread.
    void setOwner(std::shared_ptr<const void> owner) { m_owner = std::move(owner); }
    const std::vector<Line> &lines() const { return m_lines; }

    /// Where the plot is (item coordinates) and the data ranges its edges stand for.
    void setMapping(const QRectF &plot, double x0, double x1, double left0, double left1,
                    double right0, double right1);
    QRectF plotRect() const { return m_map.plot; }
    /// Pixel columns the lines are decimated to: the plot's width, or before the
    /// chart is laid out, the width expected (`setColumnsHint`).
    int columns() const { return m_map.columns(); }
    void setColumnsHint(int columns) { m_map.columnsHint = columns; }

    /// The points line `k` is drawn through at the current width, in data
    /// coordinates (time ms, value); with `lower`, the base of its fill under each.
    void decimated(std::size_t k, std::vector<QPointF> &points,
                   std::vector<QPointF> *lower = nullptr) const;
    /// All points drawn over all lines at the current width (lines with a pen).
    std::size_t drawnPointCount() const;

    /// The memory of the kept image of the plot (0 when there is none).
    qsizetype imageBytes() const { return m_image.sizeInBytes(); }
    /// True when the last paint on screen showed the current lines (false while
    /// their image is being stroked on the pool).
    bool isCurrent() const { return m_lines.empty() || m_shownGeneration == m_generation; }
    /// Layers with more samples than this are stroked off the UI thread.
    static constexpr std::size_t kBackgroundSamples = 20000;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    ~LineLayer() override;

private:
    struct Snapshot;
    struct ImageKey
    {
        std::uint64_t generation = 0;
        QSize size;
        double fx = 0, fy = 0, sx = 1, sy = 1; // sub-pixel offset and scale
        bool antialiased = false;
        bool operator==(const ImageKey &o) const
        {
            return generation == o.generation && size == o.size && fx == o.fx && fy == o.fy &&
                   sx == o.sx && sy == o.sy && antialiased == o.antialiased;
        }
    };
    /// Data coordinates to item pixels for one axis. Far-off values (a spike a million
    /// times the axis) are clamped well outside the plot: the line leaves it at the
    /// right angle and the rasteriser never sees huge coordinates.
    struct PixelMap
    {
        double x0, kx, y0, ky, left, bottom, width, height;
        QPointF operator()(const QPointF &p) const
        {
            const double fx = (p.x() - x0) * kx, fy = (p.y() - y0) * ky;
            return {left + (fx < -4.0 ? -4.0 : fx > 5.0 ? 5.0 : fx) * width,
                    bottom - (fy < -4.0 ? -4.0 : fy > 5.0 ? 5.0 : fy) * height};
        }
    };
    /// Where the plot is and the data ranges its edges stand for.
    struct Mapping
    {
        QRectF plot;
        double x0 = 0, x1 = 1, l0 = 0, l1 = 1, r0 = 0, r1 = 1;
        int columnsHint = 1;
        int columns() const;
        PixelMap pixelMap(bool right) const;
        /// A line's points at this width, appended to `points`.
        void appendDecimated(const Line &l, std::vector<QPointF> &points) const;
    };
    /// What a paint draws: taken on the UI thread, or on the pool when the lines' arrays
    /// have an owner.
    static Snapshot snapshot(const std::vector<Line> &lines, const Mapping &m);
    Snapshot snapshot() const;
    /// The base of a fill under each of `points` (a line's decimated points), appended.
    static void appendLower(const Line &l, const QPointF *points, std::size_t n,
                            std::vector<QPointF> &lower);
    static void render(QPainter &painter, const Snapshot &s, bool antialiased);
    /// The plot's image for `key` (stroked on any thread).
    static QImage rendered(const Snapshot &s, const ImageKey &key, const QTransform &toImage,
                           bool antialiased);
    /// Hands a stroked image back to the layer on the UI thread (if it still exists).
    static void deliver(const std::shared_ptr<LineLayer *> &self, const QImage &image,
                        const ImageKey &key);
    void imageReady(const QImage &image, const ImageKey &key);
    void changed();

    std::uint64_t m_generation = 1;
    std::uint64_t m_shownGeneration = 0;
    QImage m_image;
    ImageKey m_imageKey;
    ImageKey m_pendingKey;
    bool m_pending = false;
    // The pool's answers reach the layer through this, cleared when it goes.
    std::shared_ptr<LineLayer *> m_self;

    std::vector<Line> m_lines;
    std::shared_ptr<const void> m_owner;
    Mapping m_map;
};
