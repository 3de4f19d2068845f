#pragma once

#include "dashboard.h"

#include <QHash>
#include <QWidget>

class PanelWidget;

/// All panels of a dashboard on one surface, placed exactly by gridPos (24 columns,
/// 30 px rows plus 8 px gaps, titles above each panel). Used to render reports and
/// images without a window system.
class DashboardCanvas final : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardCanvas(const Dashboard &dashboard, int width, QWidget *parent = nullptr);

    PanelWidget *panel(int id) const { return m_panels.value(id); }
    QList<PanelWidget *> panels() const { return m_panels.values(); }
    /// Panel id -> plot width of the panels that query, for DashboardQueries::refresh.
    QHash<int, int> plotWidths() const;
    /// Where a panel at `pos` sits on a canvas `width` pixels wide (title included).
    static QRect panelRect(const GridPos &pos, int width);

private:
    QHash<int, PanelWidget *> m_panels;
};
