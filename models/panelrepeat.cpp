#include "panelrepeat.h"

#include <algorithm>

namespace PanelRepeat {

QStringList repeatValues(const Variable &v)
{
    if (v.current.contains(QStringLiteral("$__all"))) {
        QStringList all;
        for (const VariableOption &o : v.options)
            if (o.value != QLatin1String("$__all"))
                all << o.value;
        return all;
    }
    return v.current;
}

QList<Panel> expand(const QList<Panel> &panels, const QList<Variable> &variables)
{
    QList<Panel> out;
    int nextId = 1;
    for (const Panel &p : panels)
        nextId = std::max(nextId, p.id + 1);
    // Extra grid rows added so far, per dashboard section (row index + 1).
    QHash<int, QList<QPair<int, int>>> pushes; // section -> (from y, by rows)
    const auto shiftFor = [&pushes](const Panel &p) {
        int by = 0;
        for (const auto &push : pushes.value(p.rowIndex + 1))
            if (p.gridPos.y >= push.first)
                by += push.second;
        return by;
    };
    for (const Panel &original : panels) {
        Panel p = original;
        p.gridPos.y += shiftFor(original);
        const Variable *var = nullptr;
        for (const Variable &v : variables)
            if (!p.repeat.isEmpty() && v.name == p.repeat)
                var = &v;
        const QStringList values = var ? repeatValues(*var) : QStringList();
        if (!var || values.isEmpty()) {
            out.append(p);
            continue;
        }
        const bool vertical = p.repeatDirection == QLatin1String("v");
        const int maxPerRow = p.maxPerRow > 0 ? p.maxPerRow : 4;
        const int w = vertical ? p.gridPos.w
                               : std::max(1, std::max(24 / int(values.size()), 24 / maxPerRow));
        int x = vertical ? p.gridPos.x : 0;
        int y = p.gridPos.y;
        int bottom = y + p.gridPos.h;
        for (int i = 0; i < values.size(); ++i) {
            Panel copy = p;
            copy.repeatValue = values[i];
            copy.repeatOf = i == 0 ? 0 : original.id;
            copy.id = i == 0 ? original.id : nextId++;
            if (i > 0)
                copy.sourceIndex = -1;
            if (vertical) {
                copy.gridPos.y = y;
                y += p.gridPos.h;
            } else {
                if (x + w > 24) {
                    x = 0;
                    y += p.gridPos.h;
                }
                copy.gridPos.x = x;
                copy.gridPos.y = y;
                copy.gridPos.w = w;
                x += w;
            }
            bottom = std::max(bottom, copy.gridPos.y + copy.gridPos.h);
            out.append(copy);
        }
        const int added = bottom - (p.gridPos.y + p.gridPos.h);
        if (added > 0)
            pushes[p.rowIndex + 1].append({original.gridPos.y + original.gridPos.h, added});
    }
    return out;
}

} // namespace PanelRepeat
