#pragma once

#include "endpoints.h"

class QCommandLineParser;
struct Trace;
class QString;

/// `dozor traces --service S [--operation OP] [--tags 'k=v'] [--min-duration 500ms]
/// [--max-duration 2s] [--lookback 1h] [--limit 20] [--json]`: lists matching traces
/// (id, start, duration, spans, errors, root operation), longest first. Exit 1 when
/// the server cannot be read, 2 for bad arguments.
int runTraces(const QCommandLineParser &parser, const Endpoints &endpoints);

/// `dozor trace ID [--json] [-o waterfall.png]` or `dozor trace --file trace.json`:
/// the critical path and the top spans by self time, or the waterfall as an image.
/// Exit 1 when the trace cannot be read.
int runTrace(const QString &traceId, const QCommandLineParser &parser, const Endpoints &endpoints);

/// The lookback option ("15m", "1h", "2d") in milliseconds; -1 when invalid.
qint64 parseLookbackMs(const QString &text);
