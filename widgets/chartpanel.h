#pragma once

#include "dashboard.h"
#include "alertoverlay.h"
#include "dashboardqueries.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QTimer;

/// One dashboard panel: a Qt Charts time-series chart with a date-time X axis, a
/// Y axis in the panel's unit, a legend, a loading indicator and a readable error.
/// Panel types not drawn yet show a placeholder that names the type and the panel.
/// Data is decimated (M4) to the plot's pixel width whenever the width changes.
class ChartPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ChartPanel(const Panel &panel, QWidget *parent = nullptr);

    const Panel &panel() const { return m_panel; }
    /// Width in pixels the query planner should spread the range over.
    int plotWidth() const;

    void setLoading(bool loading);
    void setData(const PanelData &data);
    bool hasData() const { return m_hasData; }
    QString errorText() const;
    /// True while the last data had neither series nor error ("No data" shows).
    bool showsNoData() const;
    /// Number of points currently handed to Qt Charts, over all series.
    qsizetype plottedPointCount() const;
    QChart *chart() const { return m_chart; }

    /// Alert rules on this panel's expressions: a line at each rule's threshold.
    void setAlertThresholds(const QList<RuleThreshold> &rules);
    const QList<RuleThreshold> &alertThresholds() const { return m_alertRules; }
    /// Time ranges (ms since the epoch) in which those alerts fired: shaded bands.
    void setFiringRanges(const QList<QPair<double, double>> &ranges);
    const QList<QPair<double, double>> &firingRanges() const { return m_firing; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void layoutOverlays();

    Panel m_panel;
    PanelData m_data;
    bool m_hasData = false;
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_noData = nullptr;
    QLabel *m_placeholder = nullptr;
    QTimer *m_rebuildTimer = nullptr;
    int m_builtWidth = 0;
    QList<RuleThreshold> m_alertRules;
    QList<QPair<double, double>> m_firing;
};
