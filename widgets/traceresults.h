#pragma once

#include "trace.h"

#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QScatterSeries;
class QTreeView;
class QValueAxis;
class TraceResultsModel;

/// Search results: a scatter of start time against duration (error traces in a
/// separate red series, bigger markers for traces with more spans) above a
/// sortable list. Clicking a point or activating a row asks for that trace.
class TraceResults final : public QWidget
{
    Q_OBJECT
public:
    explicit TraceResults(QWidget *parent = nullptr);

    void setResults(const QList<TraceSummary> &results);
    /// Shows the error instead of results (the list is emptied).
    void setError(const QString &error);
    void setLoading(bool loading);

    TraceResultsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QChartView *chartView() const { return m_chartView; }
    QChart *chart() const { return m_chart; }
    /// Scatter series: per marker size band, traces without errors first, then the
    /// red ones (Qt Charts 6.4 misplaces markers given a per-point size, so each
    /// size is a series of its own).
    const QList<QScatterSeries *> &series() const { return m_series; }
    /// The series showing a trace and the index of its point; {nullptr, -1} when none.
    QPair<QScatterSeries *, int> pointOf(const QString &traceId) const;
    static bool isErrorSeries(int seriesIndex) { return seriesIndex >= kSizeBands; }
    static constexpr int kSizeBands = 4;
    QComboBox *sortCombo() const { return m_sort; }
    QString statusText() const;

    /// The trace a scatter point stands for (empty when none): the point clicked
    /// signal hands back coordinates only.
    QString traceIdAt(QScatterSeries *series, const QPointF &point) const;
    /// The value axis divides microseconds by this (1, 1000 or 1e6) for its unit.
    double durationScale() const { return m_durationScale; }

signals:
    void traceActivated(const QString &traceId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuildChart();
    void onPointClicked(QScatterSeries *series, const QPointF &point);
    void onPointHovered(QScatterSeries *series, const QPointF &point, bool state);
    void onSortChosen(int index);
    void onHeaderSorted(int column, Qt::SortOrder order);
    void setStatus(const QString &text, bool error);

    TraceResultsModel *m_model;
    QChart *m_chart;
    QChartView *m_chartView;
    QList<QScatterSeries *> m_series;
    QDateTimeAxis *m_xAxis;
    QValueAxis *m_yAxis;
    QComboBox *m_sort;
    QLabel *m_status;
    QTreeView *m_view;
    /// Trace IDs in the order of each series' points.
    QList<QStringList> m_ids;
    double m_durationScale = 1000;
    QString m_error;
    bool m_loading = false;
};
