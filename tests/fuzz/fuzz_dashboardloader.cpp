// libFuzzer target: Grafana dashboard JSON into the dashboard model, then through
// what the window does with it: variables interpolated into every query, repeats
// expanded, the check summary, and saving back.
#include "dashboardcheck.h"
#include "dashboardloader.h"
#include "dashboardwriter.h"
#include "panelrepeat.h"
#include "templating.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const DashboardLoader::Result r = DashboardLoader::parse(json, QStringLiteral("fuzz.json"));
    // Either a dashboard or an error, never both, never neither.
    if (r.dashboard.has_value() == !r.error.isEmpty())
        __builtin_trap();
    if (!r.dashboard)
        return 0;
    Dashboard d = *r.dashboard;
    for (Variable &v : d.variables)
        Templating::computeLocalOptions(v);
    Templating::MacroValues macros;
    macros.fromMs = 1700000000000;
    macros.toMs = macros.fromMs + 3600000;
    macros.intervalSeconds = 15;
    for (const Panel &p : d.panels)
        for (const Target &t : p.targets)
            (void)Templating::interpolate(t.expr, d.variables, macros);
    d.panels = PanelRepeat::expand(d.panels, d.variables);
    (void)DashboardCheck::summary(d);
    // Saving an unedited dashboard gives back a document that loads again.
    const QByteArray saved = DashboardWriter::serialize(*r.dashboard);
    if (!DashboardLoader::parse(saved).dashboard)
        __builtin_trap();
    return 0;
}
