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

namespace {
bool isChartType(const QString &t)
{
    return t == QLatin1String("timeseries") || t == QLatin1String("graph");
}
} // namespace

PanelWidget *createPanelWidget(const Panel &panel, QWidget *parent)
{
    const QString &t = panel.type;
    if (isChartType(t))
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

bool panelNeedsQueries(const Panel &panel)
{
    const QString &t = panel.type;
    if (t == QLatin1String("text") || t == QLatin1String("alertlist"))
        return false;
    // Types without a view of their own get a placeholder, which queries nothing.
    static const QStringList known{
        QStringLiteral("timeseries"), QStringLiteral("graph"),          QStringLiteral("stat"),
        QStringLiteral("singlestat"), QStringLiteral("grafana-singlestat-panel"), QStringLiteral("gauge"),
        QStringLiteral("bargauge"),   QStringLiteral("table"),          QStringLiteral("table-old"),
        QStringLiteral("piechart"),   QStringLiteral("grafana-piechart-panel"),   QStringLiteral("heatmap")};
    return known.contains(t) && !panel.targets.isEmpty();
}

int expectedPlotWidth(const Panel &panel, int width)
{
    if (!isChartType(panel.type))
        return std::max(50, width);
    int w = width - ChartPanel::kAxisAllowancePx;
    if (panel.legend.placement == QLatin1String("right") && panel.legend.displayMode != QLatin1String("hidden"))
        w -= std::max(80, width / 3); // the legend's widest (its width follows its names)
    return std::max(50, w);
}
