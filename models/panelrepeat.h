#pragma once

#include "dashboard.h"

/// Grafana's panel repeat: a panel with `repeat` set to a variable is shown once per
/// selected value of that variable (every value for All). Copies sit beside the
/// original (direction "h", at most maxPerRow - default 4 - per line, each
/// max(24 / values, 24 / maxPerRow) wide) or below it ("v"); the panels under them
/// move down. Each copy carries the value it stands for (Panel::repeatValue) and the
/// original's id (Panel::repeatOf); the first one keeps the original's id.
namespace PanelRepeat {

QList<Panel> expand(const QList<Panel> &panels, const QList<Variable> &variables);
/// The values a repeat by `variable` iterates over.
QStringList repeatValues(const Variable &variable);

} // namespace PanelRepeat
