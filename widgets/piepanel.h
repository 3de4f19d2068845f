#pragma once

#include "panelwidget.h"

class QChart;
class QChartView;
class QPieSeries;

/// Grafana's pie chart: one slice per series, the series reduced with the panel's
/// reducer (`reduceCalc`), `options.pieType` pie or donut, a legend carrying
/// `options.legend.values` (value, percent). Colours from overrides (byName
/// color.fixedColor), legacy aliasColors, else the classic palette.
class PiePanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit PiePanel(const Panel &panel, QWidget *parent = nullptr);

    QPieSeries *pieSeries() const { return m_series; }
    /// The slice names as shown (plain text, in slice order).
    const QStringList &sliceNames() const { return m_names; }
    bool isDonut() const;

protected:
    void updateView() override;
    bool dataIsEmpty() const override;

private:
    QColor colorFor(const QString &name, int index) const;

    QChart *m_chart;
    QChartView *m_view;
    QPieSeries *m_series;
    QStringList m_names;
};
