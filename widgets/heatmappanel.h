#pragma once

#include "heatmapbuckets.h"
#include "panelwidget.h"

#include <QColor>

/// Grafana's heatmap panel: Prometheus histogram buckets (or plain series bucketed
/// by value) as coloured cells, time across, buckets up; a y axis with the bucket
/// bounds in the panel's unit, time labels below, and a tooltip with the cell's
/// time, bucket and count. Colours follow `options.color` (mode opacity with a
/// fill colour, or a scheme: Oranges, Reds, Greens, Blues, Purples, Spectral).
class HeatmapPanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit HeatmapPanel(const Panel &panel, QWidget *parent = nullptr);

    const HeatmapGrid &grid() const { return m_grid; }
    /// The cell's (bucket, column) under a widget position, or (-1, -1).
    QPoint cellAt(const QPoint &pos) const;
    /// The tooltip text for a widget position (plain text), or empty.
    QString describeAt(const QPoint &pos) const;
    /// The colour of a count (0..max) as the panel paints it.
    QColor colorFor(double count) const;

protected:
    void updateView() override;
    bool dataIsEmpty() const override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRect plotRect() const;
    QString bucketText(int bucket) const;

    HeatmapGrid m_grid;
    QString m_mode;
    QString m_scheme;
    QColor m_fill;
    double m_exponent = 0.5;
    bool m_exponential = true;
};
