#pragma once

#include "dashboard.h"

class PanelWidget;
class QWidget;

/// The view for a panel's type: time series and graph, stat and singlestat, gauge,
/// bar gauge, table, text, pie chart, heatmap, alert list; any other type gets a
/// placeholder that names the type and the panel.
PanelWidget *createPanelWidget(const Panel &panel, QWidget *parent);

/// Whether a panel of this type shows query data (as its widget's needsQueries()
/// would say): decided before the widget is made.
bool panelNeedsQueries(const Panel &panel);

/// The plot width the panel's widget will report (plotWidth()) once it is `width`
/// pixels wide: what its queries are planned for before the widget is made.
int expectedPlotWidth(const Panel &panel, int width);
