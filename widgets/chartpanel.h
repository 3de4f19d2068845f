#pragma once

#include "alertoverlay.h"
#include "exemplars.h"
#include "panelwidget.h"

#include <QPointF>
#include <QSet>

#include <optional>
#include <vector>

class LegendTable;
class QAbstractAxis;
class QBoxLayout;
class QChart;
class QChartView;
class QLabel;
class QScatterSeries;
class QTimer;
class QXYSeries;

/// A `timeseries`/`graph` panel drawn with Qt Charts as Grafana draws it: lines,
/// bars or points, fill under the line, normal/percent stacking, null handling,
/// log scale, a right axis, field overrides and aliasColors, a list or table legend
/// (click isolates a series, Ctrl+click toggles it) and a plain-text hover tooltip.
/// Data is decimated (M4) to the plot's pixel width whenever the width changes.
class ChartPanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit ChartPanel(const Panel &panel, QWidget *parent = nullptr);

    int plotWidth() const override;
    /// Number of data points currently handed to Qt Charts, over all series
    /// (lines, points and bars; fills and point markers over lines not counted).
    qsizetype plottedPointCount() const;
    QChart *chart() const { return m_chart; }
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

signals:
    /// A left click on the plot, resolved to the nearest data point (data links).
    void pointClicked(int series, double timeMs, double value, const QPoint &globalPos);
    /// A left click on an exemplar that carries a trace id (instead of pointClicked).
    void exemplarClicked(const QString &traceId);

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
    QString exemplarTooltip(const ExemplarHit &hit) const;
    void rebuild();
    void updateLegend();
    void placeLegend();

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
        std::vector<double> plotted;  // y as plotted (stacked, transformed); empty = raw
        std::vector<double> plottedT; // their timestamps when null handling added points
    };
    std::vector<Shown> m_shown;
    QXYSeries *m_leftAnchor = nullptr;
    QXYSeries *m_rightAnchor = nullptr;
    int m_logBase = 0;
    QList<ExemplarSeries> m_exemplars;
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
