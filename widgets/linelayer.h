#pragma once

#include <QBrush>
#include <QGraphicsItem>
#include <QPen>
#include <QLineF>
#include <QPointF>
#include <QRectF>

#include <cstddef>
#include <vector>

/// The lines and fills of a time-series chart, painted straight from the panel's
/// own arrays. Every paint decimates the visible span of each line to the plot's
/// pixel columns (M4: first, min, max and last of a column draw the same pixels as
/// every point) and draws the result as one polyline, so the chart keeps no copy of
/// the points - Qt Charts keeps several per point, a few hundred bytes in all - and
/// a repaint costs about four points per pixel column and line, however long the
/// series. Lines are added once per data change; the arrays they point into must
/// outlive them (the panel owns both and clears the layer first).
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
    const std::vector<Line> &lines() const { return m_lines; }

    /// Where the plot is (item coordinates) and the data ranges its edges stand for.
    void setMapping(const QRectF &plot, double x0, double x1, double left0, double left1,
                    double right0, double right1);
    QRectF plotRect() const { return m_plot; }
    /// Pixel columns the lines are decimated to: the plot's width, or before the
    /// chart is laid out, the width expected (`setColumnsHint`).
    int columns() const;
    void setColumnsHint(int columns) { m_columnsHint = columns; }

    /// The points line `k` is drawn through at the current width, in data
    /// coordinates (time ms, value); with `lower`, the base of its fill under each.
    void decimated(std::size_t k, std::vector<QPointF> &points,
                   std::vector<QPointF> *lower = nullptr) const;
    /// All points drawn over all lines at the current width (lines with a pen).
    std::size_t drawnPointCount() const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QPointF toPixel(const QPointF &p, bool right) const;

    std::vector<Line> m_lines;
    QRectF m_plot;
    int m_columnsHint = 1;
    double m_x0 = 0, m_x1 = 1, m_l0 = 0, m_l1 = 1, m_r0 = 0, m_r1 = 1;
    // Scratch buffers reused by every paint (no allocation per line).
    mutable std::vector<QPointF> m_points, m_lower;
    mutable QPolygonF m_polygon;
    mutable std::vector<QLineF> m_segments;
};
