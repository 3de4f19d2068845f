#include "panelfactory.h"

#include "alertlistpanel.h"
#include "bargaugepanel.h"
#include "chartpanel.h"
#include "gaugepanel.h"
#include "heatmappanel.h"
#include "piepanel.h"
#include "placeholderpanel.h"
#include "statpanel.h"
#include "tablepanel.h"
#include "textpanel.h"

PanelWidget *createPanelWidget(const Panel &panel, QWidget *parent)
{
    const QString &t = panel.type;
    if (t == QLatin1String("timeseries") || t == QLatin1String("graph"))
        return new ChartPanel(panel, parent);
    if (t == QLatin1String("stat") || t == QLatin1String("singlestat") || t == QLatin1String("grafana-singlestat-panel"))
        return new StatPanel(panel, parent);
    if (t == QLatin1String("gauge"))
        return new GaugePanel(panel, parent);
    if (t == QLatin1String("bargauge"))
        return new BarGaugePanel(panel, parent);
    if (t == QLatin1String("table") || t == QLatin1String("table-old"))
        return new TablePanel(panel, parent);
    if (t == QLatin1String("text"))
        return new TextPanel(panel, parent);
    if (t == QLatin1String("piechart") || t == QLatin1String("grafana-piechart-panel"))
        return new PiePanel(panel, parent);
    if (t == QLatin1String("heatmap"))
        return new HeatmapPanel(panel, parent);
    if (t == QLatin1String("alertlist"))
        return new AlertListPanel(panel, parent);
    return new PlaceholderPanel(panel, parent);
}
