#pragma once

#include "dashboard.h"

class PanelWidget;
class QWidget;

/// The view for a panel's type: time series and graph, stat and singlestat, gauge,
/// bar gauge, table, text, pie chart, heatmap, alert list; any other type gets a
/// placeholder that names the type and the panel.
PanelWidget *createPanelWidget(const Panel &panel, QWidget *parent);
