// libFuzzer target: Grafana dashboard JSON into the dashboard model.
#include "dashboardloader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const DashboardLoader::Result r = DashboardLoader::parse(json, QStringLiteral("fuzz.json"));
    // Either a dashboard or an error, never both, never neither.
    if (r.dashboard.has_value() == !r.error.isEmpty())
        __builtin_trap();
    return 0;
}
