#include "docklayout.h"

#include <QDockWidget>
#include <QMainWindow>

#include <algorithm>
#include <map>

void arrangeByGridPos(QMainWindow *window, const QList<PlacedDock> &docks)
{
    std::map<int, QList<PlacedDock>> rows;
    for (const PlacedDock &d : docks)
        rows[d.pos.y].append(d);

    QList<QDockWidget *> rowHeads;
    QList<int> rowHeights;
    for (auto &[y, row] : rows) {
        std::stable_sort(row.begin(), row.end(),
                         [](const PlacedDock &a, const PlacedDock &b) { return a.pos.x < b.pos.x; });
        QDockWidget *head = row.first().dock;
        if (head->isFloating())
            head->setFloating(false);
        window->addDockWidget(Qt::TopDockWidgetArea, head, Qt::Vertical);
        head->show();
        QDockWidget *prev = head;
        int height = 0;
        QList<QDockWidget *> rowDocks;
        QList<int> widths;
        for (const PlacedDock &d : row) {
            height = std::max(height, d.pos.h);
            rowDocks << d.dock;
            widths << d.pos.w * 100;
            if (d.dock == head)
                continue;
            if (d.dock->isFloating())
                d.dock->setFloating(false);
            window->splitDockWidget(prev, d.dock, Qt::Horizontal);
            d.dock->show();
            prev = d.dock;
        }
        if (rowDocks.size() > 1)
            window->resizeDocks(rowDocks, widths, Qt::Horizontal);
        rowHeads << head;
        rowHeights << height * 38;
    }
    if (!rowHeads.isEmpty())
        window->resizeDocks(rowHeads, rowHeights, Qt::Vertical);
}
