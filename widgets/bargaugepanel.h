#pragma once

#include "statpanel.h"

/// Grafana's "bargauge" panel: one bar per series from the panel's min to its max
/// (0..100 when unset, 0..1 for percentunit; a half-set range takes the other end
/// from the data). options.orientation horizontal (bars grow to the right, stacked),
/// vertical (bars grow upwards, side by side) or auto (vertical when the panel is
/// wider than tall); options.displayMode basic (one colour), gradient (the threshold
/// colours along the bar) or lcd (cells, each in its threshold colour, unlit above
/// the value); options.showUnfilled draws the empty rest of the bar.
class BarGaugePanel : public PanelWidget
{
    Q_OBJECT
public:
    using Cell = ValueCell;

    explicit BarGaugePanel(const Panel &panel, QWidget *parent = nullptr);

    QList<Cell> bars() const { return m_cells; }
    FieldDisplay::Range range() const { return m_range; }
    /// "horizontal" or "vertical" after resolving "auto" against the current size.
    QString effectiveOrientation() const;
    QString displayMode() const { return m_displayMode; }
    /// The whole bar (filled and unfilled) of each series, widget coordinates.
    QList<QRectF> barRects() const;

protected:
    void updateView() override;
    void paintEvent(QPaintEvent *event) override;

private:
    struct Layout
    {
        QRectF name;
        QRectF bar;
        QRectF value;
    };
    QList<Layout> layout() const;
    void paintBar(QPainter &p, const Cell &cell, const Layout &l, bool horizontal) const;

    QString m_orientation;
    QString m_displayMode;
    bool m_showUnfilled = true;
    FieldDisplay::Range m_range;
    QList<Cell> m_cells;
};
