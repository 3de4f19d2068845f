#pragma once

#include "statpanel.h"

/// Grafana's "gauge" panel: one arc gauge per series, side by side (or stacked when
/// the panel is taller than wide, or per options.orientation), filled from the
/// panel's min to the reduced value (0..100 when unset, 0..1 for percentunit) in the
/// value's threshold colour, with the value text in the middle and the series name
/// above when there are several. options.showThresholdMarkers draws the threshold
/// bands as a thin outer arc.
class GaugePanel : public PanelWidget
{
    Q_OBJECT
public:
    using Cell = ValueCell;

    explicit GaugePanel(const Panel &panel, QWidget *parent = nullptr);

    QList<Cell> gauges() const { return m_cells; }
    FieldDisplay::Range range() const { return m_range; }
    bool showsThresholdMarkers() const { return m_markers; }
    /// Where each gauge is drawn (widget coordinates), for tests.
    QList<QRectF> gaugeRects() const;

protected:
    void updateView() override;
    void paintEvent(QPaintEvent *event) override;

private:
    void paintGauge(QPainter &p, const Cell &cell, const QRectF &rect) const;

    bool m_markers = true;
    QString m_orientation;
    FieldDisplay::Range m_range;
    QList<Cell> m_cells;
};
