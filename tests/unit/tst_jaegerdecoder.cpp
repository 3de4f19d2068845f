#include "jaegerdecoder.h"

#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

// Declared before any raw string literal: moc in Qt 6.4 misreads them.
class TestJaegerDecoder : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void typedTagsAndQuirks();
    void shortIdsArePadded();
    void envelopeWithLogs();
    void v3Snapshot();
    void otlpFeatures();
    void otlpBase64AndHexIdsAgree();
    void jsonLines();
    void errorEnvelopes_data();
    void errorEnvelopes();
    void partialErrorsAreWarnings();
    void badInput_data();
    void badInput();
    void emptyStringsAndOddFieldTypes();
    void roundTrip_data();
    void roundTrip();
    void services();
    void operations();
    void dependencies();
    void goDurations_data();
    void goDurations();
    void formatDurations_data();
    void formatDurations();
    void deepUnknownValues();
    void escapedAndPlainStrings();
    void stringsAcrossCalls();
    void stringsAcrossThreads();
    void sharedTagsAreIndependent();
    void bodyWithSpareCapacity();
    void manyTracesAndProcesses();
};

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/jaeger/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

const TraceKeyValue *findTag(const TraceTags &tags, const QString &key)
{
    for (const TraceKeyValue &kv : tags)
        if (kv.key == key)
            return &kv;
    return nullptr;
}

QString diffTags(const TraceTags &a, const TraceTags &b, const QString &where)
{
    if (a.size() != b.size())
        return QStringLiteral("%1: %2 vs %3 tags").arg(where).arg(a.size()).arg(b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].value != b[i].value || a[i].type != b[i].type)
            return QStringLiteral("%1: tag %2 %3=%4 vs %5=%6")
                    .arg(where)
                    .arg(i)
                    .arg(a[i].key, a[i].value, b[i].key, b[i].value);
    }
    return QString();
}

/// The first difference between two decoded traces, or empty when equal.
QString diffTraces(const Trace &a, const Trace &b)
{
    if (a.traceId != b.traceId)
        return QStringLiteral("traceId %1 vs %2").arg(a.traceId, b.traceId);
    if (a.warnings != b.warnings)
        return QStringLiteral("trace warnings");
    if (a.processes.size() != b.processes.size())
        return QStringLiteral("process count");
    for (qsizetype p = 0; p < a.processes.size(); ++p) {
        if (a.processes[p].serviceName != b.processes[p].serviceName)
            return QStringLiteral("process %1 service").arg(p);
        const QString d = diffTags(a.processes[p].tags, b.processes[p].tags,
                                   QStringLiteral("process %1").arg(p));
        if (!d.isEmpty())
            return d;
    }
    if (a.spans.size() != b.spans.size())
        return QStringLiteral("span count %1 vs %2").arg(a.spans.size()).arg(b.spans.size());
    for (qsizetype i = 0; i < a.spans.size(); ++i) {
        const Span &x = a.spans[i];
        const Span &y = b.spans[i];
        const QString where = QStringLiteral("span %1").arg(i);
        if (x.traceId != y.traceId || x.spanId != y.spanId || x.operationName != y.operationName
            || x.processIndex != y.processIndex || x.startUs != y.startUs
            || x.durationUs != y.durationUs || x.flags != y.flags || x.warnings != y.warnings)
            return where + QStringLiteral(" fields");
        QString d = diffTags(x.tags, y.tags, where);
        if (!d.isEmpty())
            return d;
        if (x.logs.size() != y.logs.size())
            return where + QStringLiteral(" log count");
        for (qsizetype l = 0; l < x.logs.size(); ++l) {
            if (x.logs[l].timestampUs != y.logs[l].timestampUs)
                return where + QStringLiteral(" log time");
            d = diffTags(x.logs[l].fields, y.logs[l].fields, where + QStringLiteral(" log"));
            if (!d.isEmpty())
                return d;
        }
        if (x.references.size() != y.references.size())
            return where + QStringLiteral(" reference count");
        for (qsizetype r = 0; r < x.references.size(); ++r)
            if (x.references[r].type != y.references[r].type
                || x.references[r].traceId != y.references[r].traceId
                || x.references[r].spanId != y.references[r].spanId)
                return where + QStringLiteral(" reference %1").arg(r);
    }
    return QString();
}

QByteArray compact(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).toJson(QJsonDocument::Compact);
}

} // namespace

// Hand-made OTLP-JSON covering what the Jaeger v3 snapshot does not: base64 IDs (the
// OTLP/JSON spec), string enums, events, links, every attribute kind, two traces.
static const char kOtlp[] = R"({"resourceSpans":[{
  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"rust-api"}},
                            {"key":"host.name","value":{"stringValue":"web-1"}}]},
  "scopeSpans":[{"scope":{"name":"tracing-opentelemetry","version":"0.22"},"spans":[
    {"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":"AAAAAAAAAAE=","name":"POST /sessions",
     "kind":"SPAN_KIND_SERVER","startTimeUnixNano":"1700000000000000000",
     "endTimeUnixNano":"1700000000912000000",
     "attributes":[{"key":"http.status_code","value":{"intValue":"200"}},
                   {"key":"big","value":{"intValue":"9223372036854775807"}},
                   {"key":"ratio","value":{"doubleValue":0.25}},
                   {"key":"cached","value":{"boolValue":false}},
                   {"key":"raw","value":{"bytesValue":"AAAwOQ=="}},
                   {"key":"list","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"3"},{"arrayValue":{"values":[{"boolValue":true}]}}]}}},
                   {"key":"map","value":{"kvlistValue":{"values":[{"key":"k","value":{"doubleValue":1.5}}]}}}],
     "events":[{"timeUnixNano":"1700000000100000000","name":"cache miss",
                "attributes":[{"key":"key","value":{"stringValue":"user:42"}}]}]},
    {"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":"AAAAAAAAAAI=","parentSpanId":"AAAAAAAAAAE=",
     "name":"mongodb find sessions","kind":3,"startTimeUnixNano":"1700000000010000000",
     "endTimeUnixNano":"1700000000900000000",
     "status":{"code":"STATUS_CODE_ERROR","message":"timeout"},
     "links":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAg==","spanId":"AAAAAAAAAAk="}]}]}]},
 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"worker"}}]},
  "scopeSpans":[{"scope":{},"spans":[
    {"traceId":"00000000000000000000000000000002","spanId":"0000000000000009","name":"job",
     "kind":5,"startTimeUnixNano":1700000001000000000,"endTimeUnixNano":1700000001500000000},
    {"traceId":"00000000000000000000000000000001","spanId":"0000000000000003",
     "parentSpanId":"0000000000000001","name":"publish","kind":4,
     "startTimeUnixNano":"1700000000905000000","endTimeUnixNano":"1700000000910000000",
     "status":{"code":1}}]}]}]})";

void TestJaegerDecoder::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("spans");
    QTest::addColumn<QStringList>("services");
    QTest::addColumn<QString>("traceId");

    QTest::newRow("envelope, logs") << QStringLiteral("v1_get_trace_response_3_services_logs.json")
                                    << 5
                                    << QStringList{QStringLiteral("hello-world"),
                                                   QStringLiteral("formatter"),
                                                   QStringLiteral("publisher")}
                                    << QStringLiteral("410a7dbc6d6cfeb6");
    QTest::newRow("petclinic") << QStringLiteral("v1_trace_petclinic_17_spans_db.json") << 17
                               << QStringList{QStringLiteral("api-gateway"),
                                              QStringLiteral("customers-service")}
                               << QStringLiteral("0df84e36b9e2ee3815d07f0867a5be1f");
    QTest::newRow("typed tags") << QStringLiteral("v1_trace_typed_tags_follows_from_logs.json") << 5
                                << QStringList{QStringLiteral("service-x"),
                                               QStringLiteral("service-y")}
                                << QStringLiteral("0000000000000001");
    QTest::newRow("synthetic 57")
            << QStringLiteral("v1_trace_synthetic_57_spans_10_services.json") << 57
            << QStringList{QStringLiteral("api-edge"),      QStringLiteral("graphql-gateway"),
                           QStringLiteral("coding-agent"),  QStringLiteral("mcp-gateway"),
                           QStringLiteral("auth-service"),  QStringLiteral("metrics-backend"),
                           QStringLiteral("trace-store"),   QStringLiteral("k8s-api"),
                           QStringLiteral("vector-store"),  QStringLiteral("summarizer-agent")}
            << QStringLiteral("4a1b2c3d4e5f60718293a4b5c6d7e8f9");
    QTest::newRow("v3 trace") << QStringLiteral("v3_get_trace_response.json") << 1
                              << QStringList{QStringLiteral("unknown_service")}
                              << QStringLiteral("00000000000000000000000000000001");
}

void TestJaegerDecoder::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, spans);
    QFETCH(QStringList, services);
    QFETCH(QString, traceId);

    const TraceDecodeResult r = decodeJaegerTraces(fixture(file));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 1);
    const Trace &t = r.traces.first();
    QCOMPARE(t.traceId, traceId);
    QCOMPARE(t.spans.size(), spans);
    QStringList seen;
    for (const TraceProcess &p : t.processes)
        seen << p.serviceName;
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()),
             QSet<QString>(services.begin(), services.end()));
    for (const Span &s : t.spans) {
        QCOMPARE(s.traceId, traceId);
        QVERIFY(s.spanId.size() == 16 || s.spanId.size() == 32);
        QVERIFY(s.processIndex >= 0 && s.processIndex < t.processes.size());
        QVERIFY(s.durationUs >= 0);
    }
}

void TestJaegerDecoder::typedTagsAndQuirks()
{
    const TraceDecodeResult r =
            decodeJaegerTraces(fixture(QStringLiteral("v1_trace_typed_tags_follows_from_logs.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Trace &t = r.traces.first();
    QCOMPARE(t.warnings, QStringList{QStringLiteral("some trace warning")});

    // Two spans share an ID: both are kept, as sent.
    QCOMPARE(t.spans[0].spanId, QStringLiteral("0000000000000002"));
    QCOMPARE(t.spans[1].spanId, QStringLiteral("0000000000000002"));
    QCOMPARE(t.spans[0].operationName, QStringLiteral("test-general-conversion"));

    const TraceTags &tags = t.spans[1].tags;
    struct Expect
    {
        const char *key;
        const char *value;
        TraceKeyValue::Type type;
    };
    const Expect expected[] = {
            {"peer.service", "service-y", TraceKeyValue::Type::String},
            {"peer.ipv4", "23456", TraceKeyValue::Type::Int64},
            {"error", "true", TraceKeyValue::Type::Bool},
            {"temperature", "72.5", TraceKeyValue::Type::Float64},
            {"javascript_limit", "9223372036854775222", TraceKeyValue::Type::Int64},
            {"blob", "AAAwOQ==", TraceKeyValue::Type::Binary},
    };
    QCOMPARE(tags.size(), qsizetype(std::size(expected)));
    for (const Expect &e : expected) {
        const TraceKeyValue *kv = findTag(tags, QLatin1String(e.key));
        QVERIFY2(kv, e.key);
        QCOMPARE(kv->value, QLatin1String(e.value));
        QCOMPARE(kv->type, e.type);
    }

    // Logs keep their timestamps and fields.
    QCOMPARE(t.spans[0].logs.size(), 2);
    QCOMPARE(t.spans[0].logs[0].timestampUs, Q_INT64_C(1485467191639875));
    QCOMPARE(t.spans[0].logs[0].fields[0].key, QStringLiteral("event"));
    QCOMPARE(t.spans[0].logs[0].fields[0].value, QStringLiteral("some-event"));
    QCOMPARE(t.spans[0].logs[1].fields[0].key, QStringLiteral("x"));

    // Three references, one into another trace, one FOLLOWS_FROM.
    const Span &refs = t.spans[3];
    QCOMPARE(refs.references.size(), 3);
    QCOMPARE(refs.references[0].type, TraceReference::Type::ChildOf);
    QCOMPARE(refs.references[0].traceId, QStringLiteral("00000000000000ff"));
    QCOMPARE(refs.references[0].spanId, QStringLiteral("00000000000000ff"));
    QCOMPARE(refs.references[2].type, TraceReference::Type::FollowsFrom);
    QCOMPARE(refs.references[2].spanId, QStringLiteral("0000000000000002"));
    QCOMPARE(refs.warnings, QStringList{QStringLiteral("some span warning")});
    QVERIFY(t.spans[0].warnings.isEmpty()); // "warnings": null
    QCOMPARE(t.serviceOf(refs), QStringLiteral("service-y"));
    QCOMPARE(t.spans[4].durationUs, 4);
}

void TestJaegerDecoder::shortIdsArePadded()
{
    const TraceDecodeResult r =
            decodeJaegerTraces(fixture(QStringLiteral("v1_trace_petclinic_17_spans_db.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Trace &t = r.traces.first();
    // 31 hex digits upstream ("df84e...") is a 128-bit ID missing its leading zero.
    QCOMPARE(t.traceId, QStringLiteral("0df84e36b9e2ee3815d07f0867a5be1f"));
    bool found = false;
    for (const Span &s : t.spans) {
        if (s.spanId == QLatin1String("0a68c6983a6d81a2"))
            found = true;
        for (const TraceReference &ref : s.references)
            QCOMPARE(ref.traceId, t.traceId);
    }
    QVERIFY(found);
    QCOMPARE(t.spans[1].operationName, QStringLiteral("GET /api/customer/owners"));
    QCOMPARE(t.spans[1].durationUs, 3720);
    QCOMPARE(t.spans[0].references[0].spanId, QStringLiteral("9afcdf2e24e8d70a"));
}

void TestJaegerDecoder::envelopeWithLogs()
{
    const TraceDecodeResult r = decodeJaegerTraces(
            fixture(QStringLiteral("v1_get_trace_response_3_services_logs.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.total, 0);
    QVERIFY(r.warnings.isEmpty());
    const Trace &t = r.traces.first();
    QCOMPARE(t.spans[0].spanId, QStringLiteral("2e44971368c185a6"));
    QCOMPARE(t.spans[0].flags, 1);
    QCOMPARE(t.spans[0].startUs, Q_INT64_C(1527684461626000));
    QCOMPARE(t.spans[0].durationUs, 283459);
    QCOMPARE(t.spans[0].logs.size(), 1);
    QCOMPARE(t.spans[0].logs[0].timestampUs, Q_INT64_C(1527684461910000));
    QCOMPARE(t.spans[0].logs[0].fields[1].value, QStringLiteral("Salut, Kathouu!"));
    QCOMPARE(t.spans[1].operationName, QStringLiteral("say-hello"));
    QCOMPARE(t.spans[1].durationUs, 516362);
    const TraceKeyValue *param = findTag(t.spans[1].tags, QStringLiteral("sampler.param"));
    QVERIFY(param);
    QCOMPARE(param->type, TraceKeyValue::Type::Bool);
    QCOMPARE(param->value, QStringLiteral("true"));
}

void TestJaegerDecoder::v3Snapshot()
{
    const TraceDecodeResult r = decodeJaegerTraces(fixture(QStringLiteral("v3_get_trace_response.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 1);
    const Span &s = r.traces[0].spans[0];
    QCOMPARE(s.spanId, QStringLiteral("0000000000000002"));
    QCOMPARE(s.operationName, QStringLiteral("foobar"));
    const TraceKeyValue *kind = findTag(s.tags, QStringLiteral("span.kind"));
    QVERIFY(kind);
    QCOMPARE(kind->value, QStringLiteral("server"));
    const TraceKeyValue *error = findTag(s.tags, QStringLiteral("error"));
    QVERIFY(error);
    QCOMPARE(error->value, QStringLiteral("true"));
    QCOMPARE(error->type, TraceKeyValue::Type::Bool);

    // The trace-summaries body is not a trace: an error, not an empty success.
    QVERIFY(!decodeJaegerTraces(fixture(QStringLiteral("v3_trace_summaries_response.json"))).ok());
}

void TestJaegerDecoder::otlpFeatures()
{
    const TraceDecodeResult r = decodeJaegerTraces(QByteArray(kOtlp));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 2);
    const Trace &t = r.traces[0];
    QCOMPARE(t.traceId, QStringLiteral("00000000000000000000000000000001"));
    QCOMPARE(t.spans.size(), 3);
    QCOMPARE(r.traces[1].traceId, QStringLiteral("00000000000000000000000000000002"));
    QCOMPARE(r.traces[1].spans.size(), 1);
    QCOMPARE(r.traces[1].serviceOf(r.traces[1].spans[0]), QStringLiteral("worker"));

    const Span &root = t.spans[0];
    QCOMPARE(root.spanId, QStringLiteral("0000000000000001"));
    QCOMPARE(root.startUs, Q_INT64_C(1700000000000000));
    QCOMPARE(root.durationUs, 912000);
    QCOMPARE(t.serviceOf(root), QStringLiteral("rust-api"));
    QCOMPARE(t.processes[root.processIndex].tags.size(), 1); // host.name; service.name lifted
    QVERIFY(root.references.isEmpty());
    auto tag = [](const Span &s, const char *key) {
        const TraceKeyValue *kv = findTag(s.tags, QLatin1String(key));
        return kv ? qMakePair(kv->value, int(kv->type)) : qMakePair(QStringLiteral("<none>"), -1);
    };
    QCOMPARE(tag(root, "http.status_code"), qMakePair(QStringLiteral("200"), int(TraceKeyValue::Type::Int64)));
    QCOMPARE(tag(root, "big"), qMakePair(QStringLiteral("9223372036854775807"), int(TraceKeyValue::Type::Int64)));
    QCOMPARE(tag(root, "ratio"), qMakePair(QStringLiteral("0.25"), int(TraceKeyValue::Type::Float64)));
    QCOMPARE(tag(root, "cached"), qMakePair(QStringLiteral("false"), int(TraceKeyValue::Type::Bool)));
    QCOMPARE(tag(root, "raw"), qMakePair(QStringLiteral("AAAwOQ=="), int(TraceKeyValue::Type::Binary)));
    QCOMPARE(tag(root, "list"), qMakePair(QStringLiteral("[\"a\",3,[true]]"), int(TraceKeyValue::Type::String)));
    QCOMPARE(tag(root, "map"), qMakePair(QStringLiteral("{\"k\":1.5}"), int(TraceKeyValue::Type::String)));
    QCOMPARE(tag(root, "span.kind").first, QStringLiteral("server"));
    QCOMPARE(tag(root, "otel.scope.name").first, QStringLiteral("tracing-opentelemetry"));
    QCOMPARE(root.logs.size(), 1);
    QCOMPARE(root.logs[0].timestampUs, Q_INT64_C(1700000000100000));
    QCOMPARE(root.logs[0].fields[0].key, QStringLiteral("event"));
    QCOMPARE(root.logs[0].fields[0].value, QStringLiteral("cache miss"));
    QCOMPARE(root.logs[0].fields[1].value, QStringLiteral("user:42"));

    const Span &db = t.spans[1];
    QCOMPARE(tag(db, "span.kind").first, QStringLiteral("client"));
    QCOMPARE(tag(db, "error"), qMakePair(QStringLiteral("true"), int(TraceKeyValue::Type::Bool)));
    QCOMPARE(tag(db, "otel.status_description").first, QStringLiteral("timeout"));
    QCOMPARE(db.references.size(), 2);
    QCOMPARE(db.references[0].type, TraceReference::Type::ChildOf);
    QCOMPARE(db.references[0].spanId, QStringLiteral("0000000000000001"));
    QCOMPARE(db.references[1].type, TraceReference::Type::FollowsFrom);
    QCOMPARE(db.references[1].traceId, QStringLiteral("00000000000000000000000000000002"));
    QCOMPARE(db.references[1].spanId, QStringLiteral("0000000000000009"));

    // A span of trace 1 under another resource: its own process in that trace.
    const Span &publish = t.spans[2];
    QCOMPARE(t.serviceOf(publish), QStringLiteral("worker"));
    QCOMPARE(tag(publish, "span.kind").first, QStringLiteral("producer"));
    QCOMPARE(tag(publish, "error").second, -1);
    QCOMPARE(tag(r.traces[1].spans[0], "span.kind").first, QStringLiteral("consumer"));
}

void TestJaegerDecoder::otlpBase64AndHexIdsAgree()
{
    const QByteArray hex = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a"}]}]}]})";
    const QByteArray b64 = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=","name":"a"}]}]}]})";
    const TraceDecodeResult a = decodeJaegerTraces(hex);
    const TraceDecodeResult b = decodeJaegerTraces(b64);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(b.traces[0].traceId, QStringLiteral("5b8efff798038103d269b633813fc60c"));
    QCOMPARE(b.traces[0].spans[0].spanId, QStringLiteral("eee19b7ec3c1b174"));
    QCOMPARE(a.traces[0].traceId, b.traces[0].traceId);
    QCOMPARE(a.traces[0].spans[0].spanId, b.traces[0].spans[0].spanId);
}

void TestJaegerDecoder::jsonLines()
{
    const QByteArray body =
            compact(fixture(QStringLiteral("v1_trace_petclinic_17_spans_db.json"))) + "\n"
            + compact(fixture(QStringLiteral("v1_get_trace_response_3_services_logs.json")))
            + "\n\n";
    const TraceDecodeResult r = decodeJaegerTraces(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 2);
    QCOMPARE(r.traces[0].spans.size(), 17);
    QCOMPARE(r.traces[1].spans.size(), 5);
    QCOMPARE(r.traces[1].serviceOf(r.traces[1].spans[2]), QStringLiteral("hello-world"));

    // A bad line is an error that names it.
    const TraceDecodeResult bad = decodeJaegerTraces(
            compact(fixture(QStringLiteral("v1_trace_petclinic_17_spans_db.json"))) + "\n{\"spans\":\n");
    QVERIFY(!bad.ok());
    QVERIFY(bad.traces.isEmpty());
    QVERIFY2(bad.error.contains(QLatin1String("line 2")), qPrintable(bad.error));

    // v3 streams one trace in several chunks: they become one trace.
    const QByteArray chunk1 = R"({"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"spans":[{"traceId":"01","spanId":"01","name":"x"}]}]}]}})";
    const QByteArray chunk2 = R"({"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"b"}}]},"scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","parentSpanId":"01","name":"y"}]}]}]}})";
    const TraceDecodeResult merged = decodeJaegerTraces(chunk1 + "\n" + chunk2 + "\n");
    QVERIFY2(merged.ok(), qPrintable(merged.error));
    QCOMPARE(merged.traces.size(), 1);
    QCOMPARE(merged.traces[0].spans.size(), 2);
    QCOMPARE(merged.traces[0].serviceOf(merged.traces[0].spans[1]), QStringLiteral("b"));
}

void TestJaegerDecoder::errorEnvelopes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("v1") << QByteArray(R"({"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"malformed parameter minDuration"}]})")
                        << QStringLiteral("malformed parameter minDuration");
    QTest::newRow("v1 not found") << QByteArray(R"({"data":[],"errors":[{"code":404,"msg":"trace not found","traceID":"abc"}]})")
                                  << QStringLiteral("trace not found");
    QTest::newRow("v3") << QByteArray(R"({"error":{"httpCode":404,"message":"trace not found"}})")
                        << QStringLiteral("trace not found");
    QTest::newRow("grpc status") << QByteArray(R"({"code":3,"message":"invalid start time","details":[]})")
                                 << QStringLiteral("invalid start time");
}

void TestJaegerDecoder::errorEnvelopes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const TraceDecodeResult r = decodeJaegerTraces(body);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
    QVERIFY(r.traces.isEmpty());
}

void TestJaegerDecoder::partialErrorsAreWarnings()
{
    const QByteArray body = R"({"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"1","operationName":"x","startTime":1,"duration":2,"processID":"p1"}],"processes":{"p1":{"serviceName":"s"}}}],"total":1,"limit":20,"offset":0,"errors":[{"code":404,"msg":"trace not found","traceID":"2"}]})";
    const TraceDecodeResult r = decodeJaegerTraces(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 1);
    QCOMPARE(r.total, 1);
    QCOMPARE(r.limit, 20);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings[0].contains(QLatin1String("0000000000000002")));
}

void TestJaegerDecoder::badInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray(" \n\t");
    QTest::newRow("text") << QByteArray("<html>502 Bad Gateway</html>");
    QTest::newRow("open brace") << QByteArray("{");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("array of numbers") << QByteArray("[1,2]");
    QTest::newRow("unknown object") << QByteArray(R"({"foo":1})");
    QTest::newRow("data of numbers") << QByteArray(R"({"data":[1]})");
    QTest::newRow("data is a string") << QByteArray(R"({"data":"x"})");
    QTest::newRow("spans not array") << QByteArray(R"({"traceID":"1","spans":5})");
    QTest::newRow("span not object") << QByteArray(R"({"traceID":"1","spans":[3]})");
    QTest::newRow("span without id") << QByteArray(R"({"traceID":"1","spans":[{"operationName":"x"}]})");
    QTest::newRow("tags not array") << QByteArray(R"({"traceID":"1","spans":[{"spanID":"1","tags":{}}]})");
    QTest::newRow("processes array") << QByteArray(R"({"traceID":"1","spans":[],"processes":[1]})");
    QTest::newRow("resourceSpans object") << QByteArray(R"({"resourceSpans":{}})");
    QTest::newRow("otlp span number") << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[7]}]}]})");
    const QByteArray full = fixture(QStringLiteral("v1_trace_synthetic_57_spans_10_services.json"));
    QTest::newRow("truncated") << full.left(full.size() / 2);
    QTest::newRow("deep arrays") << QByteArray(100000, '[') + QByteArray(100000, ']');
    QByteArray deepValue = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01","attributes":[{"key":"k","value":)";
    for (int i = 0; i < 100; ++i)
        deepValue += R"({"arrayValue":{"values":[)";
    deepValue += R"({"intValue":1})";
    for (int i = 0; i < 100; ++i)
        deepValue += "]}}";
    deepValue += "}]}]}]}]}";
    QTest::newRow("deep attribute value") << deepValue;
    // Deeper than the DOM parser's limit, in fields the decoder does not read.
    QTest::newRow("deep unknown field in a trace")
            << QByteArray(R"({"traceID":"1","spans":[],"extra":)") + QByteArray(100000, '[')
                    + QByteArray(100000, ']') + "}";
    QTest::newRow("deep unknown field in a span")
            << QByteArray(R"({"data":[{"traceID":"1","spans":[{"spanID":"1","x":)")
                    + QByteArray(100000, '[') + QByteArray(100000, ']') + "}]}]}";
}

// Empty strings everywhere (the string interner once copied from the null pointer of
// an empty view - UB found by the fuzzer) and an object where a name belongs.
void TestJaegerDecoder::emptyStringsAndOddFieldTypes()
{
    const QByteArray empty = R"({"data":[{"traceID":"ab","spans":[
        {"traceID":"ab","spanID":"01","operationName":"","startTime":1700000000000000,"duration":5,
         "processID":"p1","tags":[{"key":"","type":"string","value":""},{"key":"","type":"string","value":""}]},
        {"traceID":"ab","spanID":"02","operationName":"","startTime":1700000000000001,"duration":1,
         "references":[{"refType":"CHILD_OF","traceID":"ab","spanID":"01"}],"processID":"p1",
         "tags":[{"key":"","type":"string","value":""}]}],
        "processes":{"p1":{"serviceName":"","tags":[]}}}]})";
    const TraceDecodeResult r = decodeJaegerTraces(empty);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.traces.size(), 1);
    QCOMPARE(r.traces[0].spans.size(), 2);
    for (const Span &span : r.traces[0].spans) {
        QVERIFY(span.operationName.isEmpty());
        QVERIFY(!span.tags.isEmpty());
        QVERIFY(span.tags[0].key.isEmpty() && span.tags[0].value.isEmpty());
    }
    QCOMPARE(r.traces[0].spans[0].tags.size(), 2);

    // An object as the operation name: refused or read as no name, never a crash.
    const QByteArray odd = R"({"traceID":"ab","spans":[{"traceID":"ab","spanID":"01",
        "operationName":{"key":"database","type":"string","value":"x"},"startTime":1,"duration":1,
        "processID":"p1"}],"processes":{"p1":{"serviceName":"svc"}}})";
    const TraceDecodeResult o = decodeJaegerTraces(odd);
    if (o.ok()) {
        QCOMPARE(o.traces.size(), 1);
        QCOMPARE(o.traces[0].spans.size(), 1);
        QVERIFY(o.traces[0].spans[0].operationName.isEmpty());
    } else {
        QVERIFY(!o.error.isEmpty());
    }
}

void TestJaegerDecoder::badInput()
{
    QFETCH(QByteArray, body);
    const TraceDecodeResult r = decodeJaegerTraces(body);
    QVERIFY(!r.ok());
    QVERIFY(r.traces.isEmpty());
    QVERIFY(!r.error.isEmpty());
}

void TestJaegerDecoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    const char *files[] = {"v1_get_trace_response_3_services_logs.json",
                           "v1_trace_petclinic_17_spans_db.json",
                           "v1_trace_typed_tags_follows_from_logs.json",
                           "v1_trace_synthetic_57_spans_10_services.json",
                           "v3_get_trace_response.json"};
    for (const char *f : files)
        QTest::newRow(f) << fixture(QLatin1String(f));
    QTest::newRow("otlp") << QByteArray(kOtlp);
    QTest::newRow("escapes") << QByteArray(R"({"traceID":"1","spans":[{"spanID":"1","operationName":"q \"x\"\n\\ \u0001 ünï","tags":[{"key":"k","type":"float64","value":1e-7},{"key":"n","type":"int64","value":-9007199254740993}],"processID":"p1"}],"processes":{"p1":{"serviceName":"s","tags":[{"key":"ip","type":"string","value":"10.0.0.1"}]}}})");
}

void TestJaegerDecoder::roundTrip()
{
    QFETCH(QByteArray, body);
    const TraceDecodeResult first = decodeJaegerTraces(body);
    QVERIFY2(first.ok(), qPrintable(first.error));
    QVERIFY(!first.traces.isEmpty());
    for (const Trace &t : first.traces) {
        const QByteArray encoded = encodeJaegerTrace(t);
        QJsonParseError err;
        QJsonDocument::fromJson(encoded, &err); // valid JSON for other tools too
        QCOMPARE(err.error, QJsonParseError::NoError);
        const TraceDecodeResult again = decodeJaegerTraces(encoded);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(again.traces.size(), 1);
        const QString diff = diffTraces(t, again.traces.first());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
}

void TestJaegerDecoder::services()
{
    JaegerListResult r = decodeJaegerServices(R"({"data":["rust-api","mongodb","rust-api"],"total":3,"limit":0,"offset":0,"errors":null})");
    QVERIFY(r.ok());
    QCOMPARE(r.services, (QStringList{QStringLiteral("mongodb"), QStringLiteral("rust-api")}));
    r = decodeJaegerServices(R"({"services":["foo"]})");
    QCOMPARE(r.services, QStringList{QStringLiteral("foo")});
    r = decodeJaegerServices(R"({"data":null,"total":0,"limit":0,"offset":0,"errors":null})");
    QVERIFY(r.ok());
    QVERIFY(r.services.isEmpty());
    r = decodeJaegerServices(R"({"data":null,"errors":[{"code":500,"msg":"storage down"}]})");
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(QLatin1String("storage down")));
    r = decodeJaegerServices(R"({"error":{"httpCode":503,"message":"unavailable"}})");
    QCOMPARE(r.error, QStringLiteral("unavailable"));
    QVERIFY(!decodeJaegerServices("not json").ok());
    QVERIFY(!decodeJaegerServices(R"({"data":5})").ok());
}

void TestJaegerDecoder::operations()
{
    JaegerListResult r = decodeJaegerOperations(fixture(QStringLiteral("v3_operations_response.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.operations.size(), 1);
    QCOMPARE(r.operations[0].name, QStringLiteral("get_users"));
    QCOMPARE(r.operations[0].spanKind, QStringLiteral("server"));
    r = decodeJaegerOperations(R"({"data":["b","a"],"total":2})");
    QCOMPARE(r.operations.size(), 2);
    QCOMPARE(r.operations[0].name, QStringLiteral("a"));
    QVERIFY(r.operations[0].spanKind.isEmpty());
    r = decodeJaegerOperations(R"({"data":[{"name":"z","spanKind":"client"},{"name":"y","spanKind":"server"}]})");
    QCOMPARE(r.operations[0].name, QStringLiteral("y"));
    QCOMPARE(r.operations[1].spanKind, QStringLiteral("client"));
}

void TestJaegerDecoder::dependencies()
{
    DependencyResult r =
            decodeJaegerDependencies(fixture(QStringLiteral("v1_dependencies_data_synthetic_large.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.links.size(), 4271);
    QCOMPARE(r.links[0].parent, QStringLiteral("Service574"));
    QCOMPARE(r.links[0].child, QStringLiteral("Service1529"));
    QCOMPARE(r.links[0].callCount, 54);
    r = decodeJaegerDependencies(R"({"data":[{"parent":"a","child":"b","callCount":3}],"total":0,"limit":0,"offset":0,"errors":null})");
    QCOMPARE(r.links.size(), 1);
    QCOMPARE(r.links[0].callCount, 3);
    QVERIFY(!decodeJaegerDependencies(R"({"data":[1]})").ok());
    QVERIFY(!decodeJaegerDependencies(R"({"data":null,"errors":[{"code":400,"msg":"bad endTs"}]})").ok());
}

void TestJaegerDecoder::goDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("us");
    QTest::newRow("ms") << QStringLiteral("500ms") << qint64(500000);
    QTest::newRow("fraction s") << QStringLiteral("1.2s") << qint64(1200000);
    QTest::newRow("m s") << QStringLiteral("1m30s") << qint64(90000000);
    QTest::newRow("us") << QStringLiteral("250us") << qint64(250);
    QTest::newRow("micro sign") << QStringLiteral("250\u00b5s") << qint64(250);
    QTest::newRow("greek mu") << QStringLiteral("250\u03bcs") << qint64(250);
    QTest::newRow("h") << QStringLiteral("1.5h") << qint64(5400000000LL);
    QTest::newRow("ns") << QStringLiteral("1500ns") << qint64(1);
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("plus") << QStringLiteral("+2s") << qint64(2000000);
    QTest::newRow("negative") << QStringLiteral("-1s") << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("no unit") << QStringLiteral("5") << qint64(-1);
    QTest::newRow("bad unit") << QStringLiteral("5d") << qint64(-1);
    QTest::newRow("letters") << QStringLiteral("abc") << qint64(-1);
    QTest::newRow("overflow") << QStringLiteral("99999999999999h") << qint64(-1);
    QTest::newRow("dot only") << QStringLiteral(".s") << qint64(-1);
}

void TestJaegerDecoder::goDurations()
{
    QFETCH(QString, text);
    QFETCH(qint64, us);
    QCOMPARE(parseGoDurationUs(text), us);
}

void TestJaegerDecoder::formatDurations_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("250us") << qint64(250) << QStringLiteral("250us");
    QTest::newRow("1.5ms") << qint64(1500) << QStringLiteral("1.5ms");
    QTest::newRow("500ms") << qint64(500000) << QStringLiteral("500ms");
    QTest::newRow("1.2s") << qint64(1200000) << QStringLiteral("1.2s");
    QTest::newRow("90s") << qint64(90000000) << QStringLiteral("90s");
    QTest::newRow("odd") << qint64(1000001) << QStringLiteral("1.000001s");
}

void TestJaegerDecoder::formatDurations()
{
    QFETCH(qint64, us);
    QFETCH(QString, text);
    QCOMPARE(formatGoDuration(us), text);
    QCOMPARE(parseGoDurationUs(text), us);
}

namespace {

/// A v1 trace whose strings and numbers all come from the arguments, laid out the
/// same whatever they are: same-length arguments give bodies that differ only there.
QByteArray v1Body(const QByteArray &service, const QByteArray &operation, const QByteArray &value,
                  int status, const QByteArray &rate)
{
    QByteArray spans;
    for (int i = 1; i <= 4; ++i) {
        if (i > 1)
            spans += ',';
        spans += R"({"traceID":"00000000000000aa","spanID":"000000000000000)" + QByteArray::number(i)
                + R"(","operationName":")" + operation + R"(","references":[)"
                + (i > 1 ? QByteArray(R"({"refType":"CHILD_OF","traceID":"00000000000000aa","spanID":"0000000000000001"})")
                         : QByteArray())
                + R"(],"startTime":1000,"duration":10,"tags":[{"key":"k","type":"string","value":")"
                + value + R"("},{"key":"http.status_code","type":"int64","value":)"
                + QByteArray::number(status) + R"(},{"key":"rate","type":"float64","value":)" + rate
                + R"(}],"logs":[],"processID":"p1","warnings":null})";
    }
    return R"({"data":[{"traceID":"00000000000000aa","spans":[)" + spans
            + R"(],"processes":{"p1":{"serviceName":")" + service
            + R"(","tags":[]}},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null})";
}

/// Empty when every span of `r` carries these strings.
QString checkV1Body(const TraceDecodeResult &r, const QString &service, const QString &operation,
                    const QString &value, const QString &status, const QString &rate)
{
    if (!r.ok() || r.traces.size() != 1)
        return QStringLiteral("decode failed: %1").arg(r.error);
    const Trace &t = r.traces[0];
    if (t.spans.size() != 4 || t.processes.size() != 1 || t.processes[0].serviceName != service)
        return QStringLiteral("service %1").arg(t.processes.value(0).serviceName);
    for (const Span &s : t.spans) {
        if (s.operationName != operation || s.tags.size() != 3 || t.serviceOf(s) != service)
            return QStringLiteral("operation %1").arg(s.operationName);
        if (s.tags[0].value != value || s.tags[1].value != status || s.tags[2].value != rate)
            return QStringLiteral("tags %1 %2 %3").arg(s.tags[0].value, s.tags[1].value, s.tags[2].value);
    }
    return QString();
}

} // namespace

void TestJaegerDecoder::deepUnknownValues()
{
    // Nesting the decoder skips over: within the parser's limit it decodes, as it
    // always has; past it (badInput) it is refused, not recursed into.
    for (int depth : {10, 60, 100}) {
        const QByteArray body = R"({"data":[{"traceID":"1","spans":[{"spanID":"1","x":)"
                + QByteArray(depth, '[') + QByteArray(depth, ']') + R"(,"operationName":"op"}]}]})";
        const TraceDecodeResult r = decodeJaegerTraces(body);
        QVERIFY2(r.ok(), qPrintable(QStringLiteral("depth %1: %2").arg(depth).arg(r.error)));
        QCOMPARE(r.traces.size(), 1);
        QCOMPARE(r.traces[0].spans.size(), 1);
        QCOMPARE(r.traces[0].spans[0].operationName, QStringLiteral("op"));
    }
}

void TestJaegerDecoder::escapedAndPlainStrings()
{
    // Strings without escapes are read in place, the others unescaped: both exact.
    const QByteArray body = R"({"traceID":"1","spans":[{"spanID":"1","operationName":"GET /a\"b\"",)"
                            R"("tags":[{"key":"plain","value":"caf\u00e9 r\u00e9sum\u00e9"},)"
                            R"({"key":"esc\u0061ped","value":"line\nbreak\ttab \\ \/ \ud83d\ude00"},)"
                            "{\"key\":\"utf8\",\"value\":\"d\xc3\xa9j\xc3\xa0 vu\"},"
                            R"({"key":"empty","value":""},{"key":"num","value": 42 },)"
                            R"({"key":"spaced","value": "x" }]}]})";
    const TraceDecodeResult r = decodeJaegerTraces(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Span &s = r.traces[0].spans[0];
    QCOMPARE(s.operationName, QStringLiteral("GET /a\"b\""));
    QCOMPARE(s.tags.size(), 6);
    QCOMPARE(s.tags[0].value, QStringLiteral("caf\u00e9 r\u00e9sum\u00e9"));
    QCOMPARE(s.tags[1].key, QStringLiteral("escaped"));
    QCOMPARE(s.tags[1].value, QStringLiteral("line\nbreak\ttab \\ / \U0001F600"));
    QCOMPARE(s.tags[2].value, QStringLiteral("d\u00e9j\u00e0 vu"));
    QCOMPARE(s.tags[3].value, QString());
    QCOMPARE(s.tags[4].value, QStringLiteral("42"));
    QCOMPARE(s.tags[4].type, TraceKeyValue::Type::Int64);
    QCOMPARE(s.tags[5].value, QStringLiteral("x"));
    // A bad escape is still refused.
    QVERIFY(!decodeJaegerTraces(R"({"traceID":"1","spans":[{"spanID":"1","operationName":"a\qb"}]})").ok());
}

void TestJaegerDecoder::stringsAcrossCalls()
{
    // The decoder keeps its tables between calls on a thread; what one body interned
    // must never show up in the next, even at the same offsets with the same lengths.
    const QByteArray a = v1Body("alpha", "opA", "v1", 200, "0.25");
    const QByteArray b = v1Body("bravo", "opB", "v2", 404, "0.75");
    QCOMPARE(a.size(), b.size());
    const TraceDecodeResult ra = decodeJaegerTraces(a);
    QCOMPARE(checkV1Body(ra, QStringLiteral("alpha"), QStringLiteral("opA"), QStringLiteral("v1"),
                         QStringLiteral("200"), QStringLiteral("0.25")),
             QString());
    const TraceDecodeResult rb = decodeJaegerTraces(b);
    QCOMPARE(checkV1Body(rb, QStringLiteral("bravo"), QStringLiteral("opB"), QStringLiteral("v2"),
                         QStringLiteral("404"), QStringLiteral("0.75")),
             QString());
    // The first result is untouched by the second decode.
    QCOMPARE(checkV1Body(ra, QStringLiteral("alpha"), QStringLiteral("opA"), QStringLiteral("v1"),
                         QStringLiteral("200"), QStringLiteral("0.25")),
             QString());
    // Bodies that take the DOM path in between, then the first again.
    QVERIFY(decodeJaegerTraces(QByteArray(kOtlp)).ok());
    QVERIFY(!decodeJaegerTraces(QByteArray("{")).ok());
    QCOMPARE(checkV1Body(decodeJaegerTraces(a), QStringLiteral("alpha"), QStringLiteral("opA"),
                         QStringLiteral("v1"), QStringLiteral("200"), QStringLiteral("0.25")),
             QString());
    // References still name the parent.
    const Trace &t = rb.traces[0];
    QCOMPARE(t.spans[2].references.size(), 1);
    QCOMPARE(t.spans[2].references[0].spanId, t.spans[0].spanId);
}

void TestJaegerDecoder::stringsAcrossThreads()
{
    // Each thread has its own tables; results handed between threads share strings
    // only through Qt's implicit sharing (atomic reference counts).
    constexpr int kThreads = 4;
    std::vector<TraceDecodeResult> last(kThreads);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t, &last, &failures] {
            const QByteArray service = "svc-" + QByteArray::number(t);
            const QByteArray op = "op-" + QByteArray::number(t);
            const QByteArray value = "value-" + QByteArray::number(t);
            const QByteArray body = v1Body(service, op, value, 200 + t, "0." + QByteArray::number(t + 1));
            for (int i = 0; i < 50; ++i) {
                TraceDecodeResult r = decodeJaegerTraces(body);
                if (!checkV1Body(r, QString::fromLatin1(service), QString::fromLatin1(op),
                                 QString::fromLatin1(value), QString::number(200 + t),
                                 QStringLiteral("0.%1").arg(t + 1))
                             .isEmpty())
                    ++failures;
                last[size_t(t)] = std::move(r);
            }
        });
    }
    for (std::thread &th : threads)
        th.join();
    QCOMPARE(failures.load(), 0);
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(checkV1Body(last[size_t(t)], QStringLiteral("svc-%1").arg(t),
                             QStringLiteral("op-%1").arg(t), QStringLiteral("value-%1").arg(t),
                             QString::number(200 + t), QStringLiteral("0.%1").arg(t + 1)),
                 QString());
}

void TestJaegerDecoder::sharedTagsAreIndependent()
{
    // Spans with the very same tags may share one list; changing one span's tags
    // leaves the others as decoded.
    TraceDecodeResult r = decodeJaegerTraces(v1Body("svc", "op", "v", 200, "0.5"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    Trace &t = r.traces[0];
    t.spans[0].tags[0].value = QStringLiteral("changed");
    t.spans[1].tags.append(TraceKeyValue{QStringLiteral("extra"), QStringLiteral("1"),
                                         TraceKeyValue::Type::String});
    QCOMPARE(t.spans[0].tags[0].value, QStringLiteral("changed"));
    QCOMPARE(t.spans[1].tags.size(), 4);
    for (int i = 1; i < 4; ++i)
        QCOMPARE(t.spans[i].tags[0].value, QStringLiteral("v"));
    QCOMPARE(t.spans[2].tags.size(), 3);
    QCOMPARE(t.spans[3].tags.size(), 3);
}

void TestJaegerDecoder::bodyWithSpareCapacity()
{
    // A body whose allocation has room after it is parsed in place, one without is
    // copied: same result, and bytes past the end never count.
    const QByteArray exact = fixture(QStringLiteral("v1_trace_synthetic_57_spans_10_services.json"));
    QByteArray roomy;
    roomy.reserve(exact.size() + 4096);
    roomy.append(exact);
    roomy.append(QByteArray(200, '"')); // garbage past the end, inside the allocation
    roomy.chop(200);
    const QByteArray raw = QByteArray::fromRawData(exact.constData(), exact.size());
    const TraceDecodeResult a = decodeJaegerTraces(exact);
    const TraceDecodeResult b = decodeJaegerTraces(roomy);
    const TraceDecodeResult c = decodeJaegerTraces(raw);
    QVERIFY2(a.ok(), qPrintable(a.error));
    QCOMPARE(a.traces.size(), 1);
    QCOMPARE(b.traces.size(), 1);
    QCOMPARE(c.traces.size(), 1);
    QCOMPARE(diffTraces(a.traces[0], b.traces[0]), QString());
    QCOMPARE(diffTraces(a.traces[0], c.traces[0]), QString());
    // A truncated body with room after it is still truncated.
    QByteArray cut = exact.left(exact.size() - 10);
    cut.reserve(exact.size() + 100);
    QVERIFY(!decodeJaegerTraces(cut).ok());
}

namespace {

/// A bare v1 trace of `spans` spans over `services` processes (p0..), written in
/// Jaeger's order (processes after spans): span i has parent (i - 1) / 2, a 20-digit
/// upper-case or short ID now and then, a log on every seventh, no processID on
/// every 50th, an unknown one ("nope") on every 61st and no traceID on every 41st.
QByteArray bareTrace(int traceNo, int spans, int services)
{
    const QByteArray traceId = "7" + QByteArray::number(traceNo);
    const auto spanId = [traceNo](int i) {
        if (i % 97 == 5)
            return QByteArray::number(traceNo * 100000 + i); // short: padded to 16
        if (i % 89 == 7)
            return "000A" + QByteArray::number(quint64(traceNo) * 1000003 + quint64(i), 16)
                                    .toUpper()
                                    .rightJustified(16, '0'); // 20 digits: padded to 32
        return QByteArray::number(quint64(traceNo) << 40 | quint64(i) * 0x9e3779b9ULL, 16).toUpper();
    };
    QByteArray out = R"({"traceID":")" + traceId + R"(","spans":[)";
    for (int i = 0; i < spans; ++i) {
        if (i)
            out += ',';
        // Spans may leave out their trace's ID.
        out += (i % 41 == 2 ? QByteArray("{") : R"({"traceID":")" + traceId + R"(",)")
                + R"("spanID":")" + spanId(i)
                + R"(","operationName":"op)" + QByteArray::number(i % 13) + R"(","references":[)";
        if (i > 0)
            out += R"({"refType":")" + QByteArray(i % 11 ? "CHILD_OF" : "FOLLOWS_FROM")
                    + R"(","traceID":")" + traceId + R"(","spanID":")" + spanId((i - 1) / 2) + R"("})";
        out += R"(],"startTime":)" + QByteArray::number(1700000000000000LL + i)
                + R"(,"duration":)" + QByteArray::number(1000 + i % 17)
                + R"(,"tags":[{"key":"span.kind","type":"string","value":"server"},)"
                + R"({"key":"n","type":"int64","value":)" + QByteArray::number(i % 5) + "}";
        if (i % 3 == 0)
            out += R"(,{"key":"url","type":"string","value":"/x/)" + QByteArray::number(i) + R"("})";
        out += R"(],"logs":[)";
        if (i % 7 == 0)
            out += R"({"timestamp":)" + QByteArray::number(1700000000000000LL + i)
                    + R"(,"fields":[{"key":"event","value":"e)" + QByteArray::number(i) + R"("}]})";
        out += "]";
        if (i % 61 == 3)
            out += R"(,"processID":"nope")";
        else if (i % 50 != 1)
            out += R"(,"processID":"p)" + QByteArray::number((i * 7 + traceNo) % services) + '"';
        out += R"(,"warnings":null,"flags":1})";
    }
    out += R"(],"processes":{)";
    for (int p = 0; p < services; ++p) {
        if (p)
            out += ',';
        out += R"("p)" + QByteArray::number(p) + R"(":{"serviceName":"svc-)" + QByteArray::number(p)
                + R"(","tags":[{"key":"ip","value":"10.0.0.)" + QByteArray::number(p) + R"("}]})";
    }
    return out + R"(},"warnings":null})";
}

} // namespace

void TestJaegerDecoder::manyTracesAndProcesses()
{
    // Hundreds of spans per trace, several traces per body, dozens of processes: the
    // fast path (one envelope) agrees with the DOM path (the same traces as JSON Lines).
    const int sizes[] = {300, 257, 1, 700};
    QByteArray envelope = R"({"data":[)";
    QByteArray lines;
    for (int t = 0; t < 4; ++t) {
        const QByteArray trace = bareTrace(t + 1, sizes[t], t == 3 ? 3 : 45);
        envelope += (t ? "," : "") + trace;
        lines += trace + '\n';
    }
    envelope += R"(],"total":4,"limit":0,"offset":0,"errors":null})";
    const TraceDecodeResult fast = decodeJaegerTraces(envelope);
    const TraceDecodeResult dom = decodeJaegerTraces(lines);
    QVERIFY2(fast.ok(), qPrintable(fast.error));
    QVERIFY2(dom.ok(), qPrintable(dom.error));
    QCOMPARE(fast.total, 4);
    QCOMPARE(fast.traces.size(), 4);
    QCOMPARE(dom.traces.size(), 4);
    for (int t = 0; t < 4; ++t) {
        const Trace &a = fast.traces[t];
        QCOMPARE(diffTraces(a, dom.traces[t]), QString());
        QCOMPARE(a.spans.size(), sizes[t]);
        // No trace keeps room for the spans of the ones after it.
        QVERIFY2(a.spans.capacity() <= a.spans.size() + a.spans.size() / 4 + 256,
                 qPrintable(QStringLiteral("trace %1: capacity %2 for %3 spans")
                                    .arg(t)
                                    .arg(a.spans.capacity())
                                    .arg(a.spans.size())));
        for (int i = 0; i < a.spans.size(); ++i) {
            const Span &s = a.spans[i];
            const int services = t == 3 ? 3 : 45;
            const int expected = i % 61 == 3 || i % 50 == 1 ? -1 : (i * 7 + t + 1) % services;
            // Processes are numbered in the order of the processes object: p0, p1, ...
            QCOMPARE(s.processIndex, expected);
            if (expected >= 0)
                QCOMPARE(a.serviceOf(s), QStringLiteral("svc-%1").arg(expected));
            QCOMPARE(s.references.size(), i > 0 ? 1 : 0);
            if (i > 0)
                QCOMPARE(s.references[0].spanId, a.spans[(i - 1) / 2].spanId);
            QCOMPARE(s.logs.size(), i % 7 == 0 ? 1 : 0);
            QCOMPARE(s.spanId, s.spanId.toLower());
            QCOMPARE(s.traceId, a.traceId);
        }
    }
    // The same body again (the decoder's tables are reused) and a one-trace body.
    const TraceDecodeResult again = decodeJaegerTraces(envelope);
    QCOMPARE(again.traces.size(), 4);
    for (int t = 0; t < 4; ++t)
        QCOMPARE(diffTraces(again.traces[t], fast.traces[t]), QString());
    const TraceDecodeResult bare = decodeJaegerTraces(bareTrace(9, 500, 20));
    QVERIFY2(bare.ok(), qPrintable(bare.error));
    QCOMPARE(bare.traces.value(0).spans.size(), 500);
    QCOMPARE(bare.traces[0].spans[499].references.value(0).spanId, bare.traces[0].spans[249].spanId);
}

QTEST_GUILESS_MAIN(TestJaegerDecoder)
#include "tst_jaegerdecoder.moc"
