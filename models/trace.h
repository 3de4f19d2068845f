#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// The trace model shared by the Jaeger decoders (v1 JSON, v3 OTLP-JSON, trace
/// files), the trace analysis (tree, critical path, self time) and the views.
/// Everything here is plain data: no QtWidgets, safe to build on a worker thread
/// and hand to the UI thread by value (implicitly shared containers).

/// A tag, process tag or log field. `value` is the text the user sees and copies:
/// int64 beyond 2^53 keep every digit (Jaeger sends them as strings), binary stays
/// base64 as sent, bools are "true"/"false", floats in shortest round-trip form.
struct TraceKeyValue
{
    enum class Type { String, Bool, Int64, Float64, Binary };
    QString key;
    QString value;
    Type type = Type::String;
};
using TraceTags = QList<TraceKeyValue>;

struct TraceLog
{
    qint64 timestampUs = 0; // microseconds since the epoch
    TraceTags fields;
};

struct TraceReference
{
    enum class Type { ChildOf, FollowsFrom };
    Type type = Type::ChildOf;
    QString traceId; // normalised like Span::traceId
    QString spanId;
};

struct TraceProcess
{
    QString serviceName;
    TraceTags tags;
};

struct Span
{
    // ---- as decoded ----
    /// IDs are lower-case hex without leading zeros stripped or added: a 64-bit ID
    /// exported as "0000000000000002" and one exported as "2" are different text but
    /// the same ID, so decoders normalise to 16 hex digits (64-bit) or 32 (128-bit),
    /// left-padding with zeros.
    QString traceId;
    QString spanId;
    QString operationName;
    int processIndex = -1; // into Trace::processes; -1 when unknown
    qint64 startUs = 0;    // microseconds since the epoch
    qint64 durationUs = 0; // never negative after decoding
    int flags = 0;
    TraceTags tags;
    QList<TraceLog> logs;
    QList<TraceReference> references;
    QStringList warnings;

    // ---- filled by analyseTrace() ----
    int parent = -1;       // index into Trace::spans; -1 for a root
    QList<int> children;   // indices, ordered by start time
    int depth = 0;         // 0 for roots
    qint64 selfUs = 0;     // time not covered by any child (children clipped to this span)
    qint64 criticalUs = 0; // time of this span on the critical path (0 when off it)
    bool error = false;    // tag error=true, an OTLP error status, or http.status_code >= 500
    bool followsFrom = false; // attached to its parent by FOLLOWS_FROM only
};

struct Trace
{
    QString traceId;
    QList<Span> spans;
    QList<TraceProcess> processes;
    QStringList warnings; // trace-level (decoder notes such as "span X references itself")

    // ---- filled by analyseTrace() ----
    QList<int> roots;      // spans with no usable parent, ordered by start time
    qint64 startUs = 0;    // earliest span start
    qint64 endUs = 0;      // latest span end
    qint64 durationUs() const { return endUs - startUs; }
    int errorCount = 0;
    bool analysed = false;

    QString serviceOf(const Span &span) const
    {
        return span.processIndex >= 0 && span.processIndex < processes.size()
                ? processes.at(span.processIndex).serviceName
                : QString();
    }
};
Q_DECLARE_METATYPE(Trace)

/// What a search result list and scatter plot show for one trace.
struct TraceSummary
{
    QString traceId;
    qint64 startUs = 0;
    qint64 durationUs = 0;
    int spanCount = 0;
    int errorCount = 0;
    QString rootService;
    QString rootOperation;
    /// Service name -> number of spans, in order of first appearance.
    QList<QPair<QString, int>> services;
};

/// Links spans to parents (CHILD_OF first, else FOLLOWS_FROM; references to
/// missing spans, to other traces, to the span itself or that would close a cycle
/// are ignored and noted in Trace::warnings), orders children by start, computes
/// depth, self time, error flags, the trace's bounds and the critical path. Linear
/// in the number of spans (iterative: no recursion, so 100,000-deep chains are fine).
/// Clock skew (a child outside its parent) is kept as measured; self time and the
/// critical path clip children to their parent's interval.
void analyseTrace(Trace &trace);

/// Critical path, as the Jaeger UI defines it: starting from the root that ends
/// last, walk backwards from the span's end, at each step descending into the
/// CHILD_OF child that finished last before the current point (FOLLOWS_FROM
/// children - fire-and-forget work - and their subtrees are left off, as Jaeger
/// does); time not covered by such a child belongs to the span itself. Fills
/// Span::criticalUs; analyseTrace() calls it.
void computeCriticalPath(Trace &trace);

/// Requires an analysed trace.
TraceSummary summarizeTrace(const Trace &trace);

/// The operator's summary of a trace: where the time went.
struct TraceBreakdown
{
    struct Entry
    {
        QString service;
        QString operation; // empty for a per-service entry
        qint64 selfUs = 0;
        qint64 criticalUs = 0; // of this entry's spans on the critical path
        int spanCount = 0;
        double fraction = 0; // self time over the trace's duration, 0..1 (parallel work can saturate)
    };
    /// Spans grouped by (service, operation), by total self time, largest first.
    QList<Entry> topOperations;
    /// Per service, by total self time, largest first.
    QList<Entry> services;
    /// "78% of 912 ms in mongodb find sessions": the operation with the most time on the
    /// critical path, as a share of the trace's duration (never over 100%, unlike self
    /// time summed over parallel spans); empty for an empty trace.
    QString headline;
};
TraceBreakdown breakdownTrace(const Trace &trace, int maxOperations = 10);
