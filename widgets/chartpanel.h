#pragma once

#include "alertoverlay.h"
#include "exemplars.h"
#include "panelwidget.h"

#include <QBrush>
#include <QPen>
#include <QPointF>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

class LegendTable;
class LineLayer;
class QAbstractAxis;
class QBoxLayout;
class QCategoryAxis;
class QChart;
class QChartView;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QLabel;
class QMouseEvent;
class QScatterSeries;
class QTimer;
class QXYSeries;

/// A `timeseries`/`graph` panel drawn with Qt Charts as Grafana draws it: lines,
/// bars or points, fill under the line, normal/percent stacking, null handling,
/// log scale, a right axis, field overrides and aliasColors, a list or table legend
/// (click isolates a series, Ctrl+click toggles it) and a plain-text hover tooltip.
/// Data is decimated (M4) to the plot's pixel width whenever the width changes.
/// Reading the chart as in Grafana: a crosshair follows the mouse (and can be shared
/// with the dashboard's other panels, see CrosshairGroup), a left drag selects a
/// time range to zoom into (rangeSelected), a Shift+drag pans, and the time axis is
/// labelled on round times for the range, in local time or UTC.
class ChartPanel final : public PanelWidget
{
    Q_OBJECT
public:
    /// Room for the y-axis labels and margins beside the plot.
    static constexpr int kAxisAllowancePx = 90;

    explicit ChartPanel(const Panel &panel, QWidget *parent = nullptr);

    int plotWidth() const override;
    /// Number of data points currently handed to Qt Charts, over all series
    /// (lines, points and bars; fills and point markers over lines not counted).
    qsizetype plottedPointCount() const;
    /// A line (or fill) as drawn at the current width: the series it belongs to,
    /// its pen and fill brush, and its decimated points in data coordinates (time
    /// ms, value as plotted); `lower` is the base of the fill under them.
    struct DrawnLine
    {
        int series = -1;
        QString name;
        QPen pen;
        QBrush fill;
        bool right = false;
        QList<QPointF> points;
        QList<QPointF> lower;
    };
    /// Every run of every visible series drawn as a line or fill (a series with
    /// gaps draws several), in drawing order.
    QList<DrawnLine> drawnLines() const;
    QChart *chart() const { return m_chart; }
    /// The item that paints the data's lines and fills (benchmarks compare it with
    /// Qt Charts drawing every point).
    LineLayer *lineLayer() const { return m_lines; }
    LegendTable *legend() const { return m_legend; }

    /// Alert rules on this panel's expressions: a line at each rule's threshold.
    void setAlertThresholds(const QList<RuleThreshold> &rules);
    const QList<RuleThreshold> &alertThresholds() const { return m_alertRules; }
    /// Time ranges (ms since the epoch) in which those alerts fired: shaded bands.
    void setFiringRanges(const QList<QPair<double, double>> &ranges);
    const QList<QPair<double, double>> &firingRanges() const { return m_firing; }

    /// Display names of the series the user hid through the legend.
    QStringList hiddenSeries() const { return QStringList(m_hidden.begin(), m_hidden.end()); }
    /// What a click (Grafana: isolate) or Ctrl+click (toggle) on the legend entry of
    /// series `index` does.
    void legendClicked(int index, Qt::KeyboardModifiers modifiers);
    /// The hover tooltip for a point in chart coordinates (QChart::mapToPosition),
    /// as plain text; empty when the tooltip mode is "none" or nothing is near.
    QString tooltipTextAt(const QPointF &chartPos) const;
    /// The data point nearest to a position in chart coordinates, whatever the
    /// tooltip mode: the series (index into data().series), its time and value.
    struct PointHit
    {
        int series = -1;
        double timeMs = 0;
        double value = 0;
    };
    std::optional<PointHit> pointAt(const QPointF &chartPos) const;

    /// Exemplars (Prometheus query_exemplars) drawn as markers at (time, value) on
    /// the left axis, over the data; kept across data refreshes until replaced.
    /// An empty list removes them.
    void setExemplars(const QList<ExemplarSeries> &exemplars);
    const QList<ExemplarSeries> &exemplars() const { return m_exemplars; }
    /// Exemplar labels that hold a trace id, first match wins.
    void setTraceIdLabels(const QStringList &names) { m_traceIdLabels = names; }
    /// The drawn exemplar within a few pixels of a position in chart coordinates.
    struct ExemplarHit
    {
        Exemplar exemplar;
        QMap<QString, QString> seriesLabels;
        QString traceId;
    };
    std::optional<ExemplarHit> exemplarAt(const QPointF &chartPos) const;

    /// Times on the x axis and in tooltips in UTC instead of local time.
    void setUseUtc(bool utc);
    bool useUtc() const { return m_utc; }

    /// The time (ms since the epoch) at an x position in chart coordinates, or
    /// nothing before the first data arrives.
    std::optional<double> timeAt(const QPointF &chartPos) const;
    /// The time of the vertical crosshair line while one is drawn: the mouse's when
    /// it is over this plot, else the one shared by another panel.
    std::optional<double> crosshairTime() const;
    /// Draws the crosshair another panel shares at `timeMs`; with `withTooltip`,
    /// also this panel's tooltip for that time (tooltipTextAtTime). Emits nothing.
    void showSharedCrosshair(double timeMs, bool withTooltip);
    void clearSharedCrosshair();
    /// The shared tooltip: the panel's time-series values nearest `timeMs`, one
    /// line each sorted by value (largest first) in each series' unit, under the
    /// time; empty when the tooltip mode is "none" or the time is outside the data.
    QString tooltipTextAtTime(double timeMs) const;
    /// The band shown while a drag selects a range, in chart coordinates (empty
    /// when no drag is under way).
    QRectF selectionBand() const;

signals:
    /// A left click on the plot, resolved to the nearest data point (data links).
    void pointClicked(int series, double timeMs, double value, const QPoint &globalPos);
    /// A left click on an exemplar that carries a trace id (instead of pointClicked).
    void exemplarClicked(const QString &traceId);
    /// The mouse moved over the plot, at `timeMs` (for a shared crosshair).
    void hoverTimeChanged(double timeMs);
    /// The mouse left the plot.
    void hoverLeft();
    /// A left drag selected [fromMs, toMs] (zoom in), or a Shift+drag moved the shown
    /// range by the dragged time (pan: dragging to the right shows earlier times).
    /// Drags shorter than a few pixels are clicks and emit pointClicked instead.
    void rangeSelected(qint64 fromMs, qint64 toMs);

protected:
    void updateView() override;
    QWidget *noDataHost() override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Hit
    {
        QString name;
        double value;
        double distance;
        double time;
        QString text;
        int series;
    };
    std::vector<Hit> hitsAt(const QPointF &chartPos) const;
    /// Each tooltip series' sample nearest `time`; distances from `chartPos` when
    /// given, else only samples within a step and a half of the time.
    std::vector<Hit> hitsAtTime(double time, const QPointF *chartPos) const;
    QString exemplarTooltip(const ExemplarHit &hit) const;
    void rebuild();
    void updateLegend();
    void placeLegend();
    void fillTimeAxis(QCategoryAxis *axis, double t0, double t1) const;
    void placeCrosshair();
    /// Hands the plot area and axis ranges to the line layer.
    void placeLines();
    void showHoverAt(const QPoint &viewportPos, const QString &text);
    /// The mouse events of a drag (press, move, release); true when consumed.
    bool handleDrag(QMouseEvent *event);
    void endDrag();

    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    LegendTable *m_legend = nullptr;
    QBoxLayout *m_layout = nullptr;
    QLabel *m_hover = nullptr;
    QTimer *m_rebuildTimer = nullptr;
    int m_builtWidth = 0;
    QList<RuleThreshold> m_alertRules;
    QList<QPair<double, double>> m_firing;
    QSet<QString> m_hidden;
    // Per series of data(), from the last rebuild: its display name, what the
    // tooltip may show, its unit, and the series its y values map through.
    struct Shown
    {
        QString name;
        QString unit;
        int decimals = -1;
        bool tooltip = false;
        bool right = false;
        DoubleSpan plotted;  // y as plotted (stacked, transformed); empty = raw
        DoubleSpan plottedT; // their timestamps when null handling added points
    };
    std::vector<Shown> m_shown;
    // What the line layer's lines point into: the data's columns (shared) and the
    // arrays derived from them (Shown's spans). Shared with the layer's paints on the
    // thread pool, so a new rebuild never frees what one of them still reads.
    struct LineArrays
    {
        std::vector<PanelSeries> series;
        std::vector<std::vector<double>> derived;
    };
    std::shared_ptr<const LineArrays> m_lineArrays;
    LineLayer *m_lines = nullptr;
    QCategoryAxis *m_xAxis = nullptr;
    QCategoryAxis *m_yAxis = nullptr;
    QCategoryAxis *m_rightAxis = nullptr;
    QXYSeries *m_leftAnchor = nullptr;
    QXYSeries *m_rightAnchor = nullptr;
    int m_logBase = 0;
    QList<ExemplarSeries> m_exemplars;
    bool m_utc = false;
    // Crosshair: the mouse's own time wins over a shared one.
    std::optional<double> m_localCrosshair;
    std::optional<double> m_sharedCrosshair;
    bool m_sharedTooltip = false;
    QGraphicsLineItem *m_crosshairLine = nullptr;
    // Drag to zoom / Shift+drag to pan.
    enum class Drag { None, Pending, Zoom, Pan };
    Drag m_drag = Drag::None;
    bool m_dragPan = false;
    QPointF m_dragStart; // chart coordinates
    QPointF m_dragNow;
    QGraphicsRectItem *m_band = nullptr;
    QStringList m_traceIdLabels{QStringLiteral("trace_id"), QStringLiteral("traceID"), QStringLiteral("traceId")};
    // The drawn exemplars, from the last rebuild: where they sit on the chart.
    struct PlacedExemplar
    {
        int series;
        int index;
        QPointF at; // x = ms, y = as plotted on the left axis
    };
    std::vector<PlacedExemplar> m_placedExemplars;
    QScatterSeries *m_exemplarMarkers = nullptr;
    QString m_exemplarUnit;
    int m_exemplarDecimals = -1;
};
