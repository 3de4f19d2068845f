#pragma once

#include "dashboard.h"

#include <QHash>
#include <QWidget>

class ChartPanel;

/// All panels of a dashboard on one surface, placed exactly by gridPos (24 columns,
/// 30 px rows plus 8 px gaps, titles above each panel). Used to render reports and
/// images without a window system.
class DashboardCanvas final : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardCanvas(const Dashboard &dashboard, int width, QWidget *parent = nullptr);

    ChartPanel *panel(int id) const { return m_panels.value(id); }
    QList<ChartPanel *> panels() const { return m_panels.values(); }
    /// Panel id -> plot width, for DashboardQueries::refresh.
    QHash<int, int> plotWidths() const;
    /// The rectangle each panel occupies on the canvas (title included).
    QHash<int, QRect> panelRects() const { return m_rects; }

private:
    QHash<int, ChartPanel *> m_panels;
    QHash<int, QRect> m_rects;
};
