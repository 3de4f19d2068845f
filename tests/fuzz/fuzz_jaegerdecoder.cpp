// libFuzzer target: Jaeger trace bodies (v1, OTLP/v3, JSON Lines) through decoding,
// analysis, summary, breakdown and a v1 encode that must decode again.
#include "jaegerdecoder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    TraceDecodeResult r = decodeJaegerTraces(body);
    if (!r.ok() && !r.traces.isEmpty())
        __builtin_trap(); // a failed decode yields no partial traces
    for (Trace &t : r.traces) {
        analyseTrace(t);
        qint64 critical = 0;
        for (const Span &s : t.spans) {
            if (s.selfUs < 0 || s.selfUs > s.durationUs || s.criticalUs < 0)
                __builtin_trap();
            critical += s.criticalUs;
        }
        if (critical > t.durationUs())
            __builtin_trap(); // the critical path lies within the trace
        const TraceSummary summary = summarizeTrace(t);
        if (summary.spanCount != t.spans.size())
            __builtin_trap();
        const TraceBreakdown breakdown = breakdownTrace(t);
        if (t.spans.isEmpty() != breakdown.headline.isEmpty())
            __builtin_trap();
        const TraceDecodeResult again = decodeJaegerTraces(encodeJaegerTrace(t));
        if (!again.ok() || again.traces.size() != 1
            || again.traces.first().spans.size() != t.spans.size())
            __builtin_trap(); // what we save must open again
    }
    decodeJaegerServices(body);
    decodeJaegerOperations(body);
    decodeJaegerDependencies(body);
    return 0;
}
