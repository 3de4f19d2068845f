#pragma once

#include "trace.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Decoders for the Jaeger query API and Jaeger trace files. Pure and thread-safe
/// (meant for a worker thread); they never throw and never crash on hostile input:
/// malformed bodies give `error`, deep nesting is refused rather than recursed into.

struct TraceDecodeResult
{
    QList<Trace> traces; // decoded, not yet analysed
    QString error;       // empty on success; the server's message for an error envelope
    QStringList warnings;
    int total = 0;       // v1 envelope fields, 0 when absent
    int limit = 0;
    int offset = 0;
    bool ok() const { return error.isEmpty(); }
};

/// Any trace body the Jaeger UI or its file loader accepts:
/// - v1 envelope `{data:[Trace...], total, limit, offset, errors}` (`/api/traces`,
///   `/api/traces/{id}`); `errors: [{code, msg, traceID}]` become `error`/`warnings`;
/// - a bare array of traces, or one bare Trace object (`{traceID, spans, processes}`);
/// - OTLP-JSON `{resourceSpans:[...]}` or the v3 API's `{result:{resourceSpans:[...]}}`
///   (`/api/v3/traces`, `/api/v3/traces/{id}`), grouped into traces by trace ID;
///   hex or base64 IDs, int64-as-string nanosecond times, numeric span kinds/status;
///   v3 error `{error:{httpCode, message}}`;
/// - JSON Lines: one of the above per line (`.jsonl` exports).
TraceDecodeResult decodeJaegerTraces(const QByteArray &body);

/// A trace as v1 Jaeger JSON (`{"data":[trace],...}`) that decodeJaegerTraces and
/// the Jaeger UI's "JSON file" loader read back: same IDs, times, tags (with their
/// types), logs, references, processes and warnings.
QByteArray encodeJaegerTrace(const Trace &trace);

struct JaegerOperation
{
    QString name;
    QString spanKind; // "server", "client", ... or empty
};

struct JaegerListResult
{
    QStringList services;              // decodeJaegerServices
    QList<JaegerOperation> operations; // decodeJaegerOperations
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/// v1 `{data:["svc",...]}` or v3 `{services:["svc",...]}`; sorted, unique.
JaegerListResult decodeJaegerServices(const QByteArray &body);
/// v1 `/api/services/{s}/operations` (`{data:["op",...]}`), v1 `/api/operations`
/// (`{data:[{name, spanKind}]}`) or v3 `{operations:[{name, spanKind}]}`; sorted by name.
JaegerListResult decodeJaegerOperations(const QByteArray &body);

struct DependencyLink
{
    QString parent;
    QString child;
    qint64 callCount = 0;
};

struct DependencyResult
{
    QList<DependencyLink> links;
    QString error;
    bool ok() const { return error.isEmpty(); }
};
/// v1 `/api/dependencies` (`{data:[{parent, child, callCount}]}` or the bare array).
DependencyResult decodeJaegerDependencies(const QByteArray &body);

/// Go duration text as the Jaeger UI sends it ("500ms", "1.2s", "1m30s", "250us",
/// "250µs") to microseconds; -1 when invalid or negative.
qint64 parseGoDurationUs(const QString &text);
/// Microseconds as a short Go duration for query strings ("500ms", "1.2s").
QString formatGoDuration(qint64 us);
