#pragma once

#include "dashboard.h"

#include <QList>

class QDockWidget;
class QMainWindow;

struct PlacedDock
{
    QDockWidget *dock;
    GridPos pos;
};

/// Arranges docks in `window` the way their Grafana gridPos lays them out: panels
/// that start on the same grid row sit side by side with widths in proportion to
/// `w`; rows stack top to bottom with heights in proportion to `h`. Shows every dock.
void arrangeByGridPos(QMainWindow *window, const QList<PlacedDock> &docks);
