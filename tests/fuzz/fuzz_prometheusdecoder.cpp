// libFuzzer target: Prometheus API response bodies into the series store.
#include "prometheusdecoder.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QueryResult r = decodePrometheusResponse(body);
    for (const Series &s : r.series)
        if (s.timestampsMs.size() != s.values.size())
            __builtin_trap(); // columns must stay aligned
    if (!r.ok() && !r.series.empty() && r.errorType == QLatin1String("decode"))
        __builtin_trap(); // a body that failed to decode yields no partial series
    return 0;
}
