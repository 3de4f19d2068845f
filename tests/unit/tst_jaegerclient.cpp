// The Jaeger query client against small in-process servers that answer like a
// v1-only Jaeger (the Jaeger UI's /api/...) and a v3 one (/api/v3/...), from the
// fixtures in tests/data/jaeger: version probe, the exact URLs sent, decoding,
// error messages, timeouts.
#include "faultserver.h"
#include "jaegerclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QUrlQuery>
#include <QtTest>

class TestJaegerClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanupTestCase() { init(); } // the last test's clients too
    void logfmtTags_data();
    void logfmtTags();
    void searchUrlV1();
    void searchUrlV3();
    void probe_data();
    void probe();
    void probeOncePerServer();
    void concurrentRequestsShareOneProbe();
    void v1Endpoints();
    void v3Endpoints();
    void traceNotFound_data();
    void traceNotFound();
    void emptyV3Search();
    void dependenciesNeedNoProbe();
    void serverErrorMessage_data();
    void serverErrorMessage();
    void timeout();
    void silentProbeIsNotRemembered();
    void garbageBody();
    void refusedBeforeSending();
    void deletedRequestStaysSilent();

private:
    JaegerClient *client(const FaultServer &server,
                         JaegerClient::ApiVersion version = JaegerClient::ApiVersion::Unknown);
    TraceDecodeResult waitTraces(JaegerRequest *r);
    JaegerListResult waitList(JaegerRequest *r);
    QNetworkAccessManager m_nam;
    QList<JaegerClient *> m_clients;
};

namespace {

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/jaeger/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}

QString param(const QByteArray &target, const char *key)
{
    const QUrl url(QString::fromLatin1("http://x") + QString::fromLatin1(target));
    return QUrlQuery(url).queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
}

QByteArray path(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs);
}

const QByteArray kV1Services = "{\"data\":[\"rust-api\",\"mongodb\",\"redis\"],\"total\":3,"
                               "\"limit\":0,\"offset\":0,\"errors\":null}";
const QByteArray kV1Operations =
    "{\"data\":[\"GET /sessions\",\"POST "
    "/sessions/{id}/answers\"],\"total\":2,\"limit\":0,\"offset\":0,\"errors\":null}";
const QByteArray kV1KindOperations =
    "{\"data\":[{\"name\":\"GET "
    "/sessions\",\"spanKind\":\"server\"}],\"total\":1,\"limit\":0,\"offset\":0,\"errors\":null}";
const QByteArray kV3Services = "{\"services\":[\"foo\",\"bar\"]}";
const QByteArray kV1TraceNotFound = "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,"
                                    "\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}";
const QByteArray kV3NotFound = "{\"error\":{\"httpCode\":404,\"message\":\"No traces found\"}}\n";

void serveV1(FaultServer &s)
{
    s.setMode(FaultServer::Mode::Routed);
    s.setRoute("/api/services", 200, kV1Services);
    s.setRoute("/api/services/rust-api/operations", 200, kV1Operations);
    s.setRoute("/api/operations", 200, kV1KindOperations);
    s.setRoute("/api/traces", 200, fixture("v1_get_trace_response_3_services_logs.json"));
    s.setRoute("/api/traces/410a7dbc6d6cfeb6", 200,
               fixture("v1_get_trace_response_3_services_logs.json"));
    s.setRoute("/api/dependencies", 200, fixture("v1_dependencies_data_synthetic_large.json"));
}

void serveV3(FaultServer &s)
{
    s.setMode(FaultServer::Mode::Routed);
    s.setRoute("/api/v3/services", 200, kV3Services);
    s.setRoute("/api/v3/operations", 200, fixture("v3_operations_response.json"));
    s.setRoute("/api/v3/traces", 200, fixture("v3_get_trace_response.json"));
    s.setRoute("/api/v3/traces/00000000000000000000000000000001", 200,
               fixture("v3_get_trace_response.json"));
}

} // namespace

void TestJaegerClient::init()
{
    qDeleteAll(m_clients);
    m_clients.clear();
}

JaegerClient *TestJaegerClient::client(const FaultServer &server, JaegerClient::ApiVersion version)
{
    auto *c = new JaegerClient(&m_nam);
    m_clients.append(c);
    c->setBaseUrl(server.url());
    c->setTimeoutMs(5000);
    // Ports are reused between test functions: what an earlier server was must not leak.
    c->setApiVersion(JaegerClient::ApiVersion::Unknown);
    if (version != JaegerClient::ApiVersion::Unknown)
        c->setApiVersion(version);
    return c;
}

TraceDecodeResult TestJaegerClient::waitTraces(JaegerRequest *r)
{
    QSignalSpy spy(r, &JaegerRequest::tracesReady);
    if (!spy.wait(10000)) {
        TraceDecodeResult none;
        none.error = QStringLiteral("(no answer from the client)");
        return none;
    }
    return spy.first().at(0).value<TraceDecodeResult>();
}

JaegerListResult TestJaegerClient::waitList(JaegerRequest *r)
{
    QSignalSpy spy(r, &JaegerRequest::listReady);
    if (!spy.wait(10000)) {
        JaegerListResult none;
        none.error = QStringLiteral("(no answer from the client)");
        return none;
    }
    return spy.first().at(0).value<JaegerListResult>();
}

void TestJaegerClient::logfmtTags_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // key=value, in order
    QTest::addColumn<bool>("fails");
    QTest::newRow("empty") << QString() << QStringList() << false;
    QTest::newRow("two plain") << QStringLiteral("error=true http.status_code=500")
                               << QStringList{QStringLiteral("error=true"),
                                              QStringLiteral("http.status_code=500")}
                               << false;
    QTest::newRow("quoted key and value with a space")
        << QStringLiteral("error=true \"http.url\"=\"http://x/y z\"")
        << QStringList{QStringLiteral("error=true"), QStringLiteral("http.url=http://x/y z")}
        << false;
    QTest::newRow("escaped quote and backslash")
        << QStringLiteral("msg=\"say \\\"hi\\\" c:\\\\tmp\"")
        << QStringList{QStringLiteral("msg=say \"hi\" c:\\tmp")} << false;
    QTest::newRow("extra whitespace")
        << QStringLiteral("  a=1 \t b=2  ")
        << QStringList{QStringLiteral("a=1"), QStringLiteral("b=2")} << false;
    QTest::newRow("bare key is a flag, as in the Jaeger UI")
        << QStringLiteral("error") << QStringList{QStringLiteral("error=true")} << false;
    QTest::newRow("empty value") << QStringLiteral("a= b=2")
                                 << QStringList{QStringLiteral("a="), QStringLiteral("b=2")}
                                 << false;
    QTest::newRow("equals sign inside a value")
        << QStringLiteral("q=a=b") << QStringList{QStringLiteral("q=a=b")} << false;
    QTest::newRow("unicode") << QStringLiteral("city=\"Zürich Süd\"")
                             << QStringList{QStringLiteral("city=Zürich Süd")} << false;
    QTest::newRow("unterminated value quote") << QStringLiteral("a=\"b c") << QStringList() << true;
    QTest::newRow("unterminated key quote") << QStringLiteral("\"a=b") << QStringList() << true;
    QTest::newRow("stray quote in a bare value")
        << QStringLiteral("a=b\"c") << QStringList() << true;
    QTest::newRow("no key") << QStringLiteral("=b") << QStringList() << true;
    QTest::newRow("junk after a quoted value")
        << QStringLiteral("a=\"b\"c") << QStringList() << true;
}

void TestJaegerClient::logfmtTags()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QFETCH(bool, fails);
    QString error;
    const auto pairs = parseLogfmtTags(text, &error);
    QCOMPARE(!error.isEmpty(), fails);
    if (fails) {
        QVERIFY(pairs.isEmpty());
        QVERIFY2(error.contains(QLatin1String("quote")) || error.contains(QLatin1String("tag")),
                 qPrintable(error));
        return;
    }
    QStringList got;
    for (const auto &[k, v] : pairs)
        got << k + QLatin1Char('=') + v;
    QCOMPARE(got, expected);
}

void TestJaegerClient::searchUrlV1()
{
    JaegerClient c(&m_nam);
    c.setBaseUrl(QUrl(QStringLiteral("http://jaeger.example:16686/jaeger/")));
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.operation = QStringLiteral("POST /sessions/{id}/answers");
    q.tags = QStringLiteral("error=true http.status_code=500 \"http.url\"=\"http://x/y z+1\"");
    q.start = utc("2026-11-25T10:00:00.000Z");
    q.end = utc("2026-11-25T11:00:00.250Z");
    q.minDurationUs = 500000;
    q.maxDurationUs = 2000000;
    q.limit = 20;
    const QUrl url = c.findTracesUrl(q, JaegerClient::ApiVersion::V1);
    QCOMPARE(url.host(), QStringLiteral("jaeger.example"));
    QCOMPARE(url.path(), QStringLiteral("/jaeger/api/traces"));
    const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    QCOMPARE(param(target, "service"), QStringLiteral("rust-api"));
    QCOMPARE(param(target, "operation"), QStringLiteral("POST /sessions/{id}/answers"));
    QCOMPARE(param(target, "minDuration"), QStringLiteral("500ms"));
    QCOMPARE(param(target, "maxDuration"), QStringLiteral("2s"));
    QCOMPARE(param(target, "start"), QStringLiteral("1795600800000000"));
    QCOMPARE(param(target, "end"), QStringLiteral("1795604400250000"));
    QCOMPARE(param(target, "limit"), QStringLiteral("20"));
    QCOMPARE(param(target, "lookback"), QStringLiteral("custom"));
    const QJsonObject tags = QJsonDocument::fromJson(param(target, "tags").toUtf8()).object();
    QCOMPARE(tags.size(), 3);
    QCOMPARE(tags.value(QLatin1String("error")).toString(), QStringLiteral("true"));
    QCOMPARE(tags.value(QLatin1String("http.status_code")).toString(), QStringLiteral("500"));
    QCOMPARE(tags.value(QLatin1String("http.url")).toString(), QStringLiteral("http://x/y z+1"));
    // Go reads '+' in a query as a space: it must travel encoded.
    QVERIFY2(!url.query(QUrl::FullyEncoded).contains(QLatin1Char('+')),
             url.toEncoded().constData());

    // The limit stays within what the Jaeger UI offers; no duration bound, no parameter.
    q.limit = 100000;
    q.minDurationUs = q.maxDurationUs = -1;
    q.operation.clear();
    q.tags.clear();
    const QByteArray t2 = c.findTracesUrl(q, JaegerClient::ApiVersion::V1)
                              .toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    QCOMPARE(param(t2, "limit"), QStringLiteral("1500"));
    for (const char *absent : {"minDuration=", "maxDuration=", "operation=", "tags="})
        QVERIFY2(!t2.contains(absent), t2.constData());
}

void TestJaegerClient::searchUrlV3()
{
    JaegerClient c(&m_nam);
    c.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:16686")));
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.operation = QStringLiteral("find sessions");
    q.tags = QStringLiteral("error=true db.system=mongodb");
    q.start = utc("2026-11-25T10:00:00.000Z");
    q.end = utc("2026-11-25T11:00:00.500Z");
    q.minDurationUs = 500000;
    q.maxDurationUs = 3000000;
    q.limit = 50;
    const QUrl url = c.findTracesUrl(q, JaegerClient::ApiVersion::V3);
    QCOMPARE(url.path(), QStringLiteral("/api/v3/traces"));
    const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    QCOMPARE(param(target, "query.service_name"), QStringLiteral("rust-api"));
    QCOMPARE(param(target, "query.operation_name"), QStringLiteral("find sessions"));
    QCOMPARE(param(target, "query.start_time_min"), QStringLiteral("2026-11-25T10:00:00Z"));
    QCOMPARE(param(target, "query.start_time_max"), QStringLiteral("2026-11-25T11:00:00.5Z"));
    QCOMPARE(param(target, "query.duration_min"), QStringLiteral("500ms"));
    QCOMPARE(param(target, "query.duration_max"), QStringLiteral("3s"));
    QCOMPARE(param(target, "query.num_traces"), QStringLiteral("50"));
    const QJsonObject attrs =
        QJsonDocument::fromJson(param(target, "query.attributes").toUtf8()).object();
    QCOMPARE(attrs.size(), 2);
    QCOMPARE(attrs.value(QLatin1String("db.system")).toString(), QStringLiteral("mongodb"));
    QCOMPARE(attrs.value(QLatin1String("error")).toString(), QStringLiteral("true"));
}

void TestJaegerClient::probe_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<bool>("v3");
    QTest::newRow("v3 services") << 200 << kV3Services << QByteArray("application/json") << true;
    QTest::newRow("v3, no services yet")
        << 200 << QByteArray("{\"services\":[]}") << QByteArray("application/json") << true;
    QTest::newRow("404 from Go's router") << 404 << QByteArray("404 page not found\n")
                                          << QByteArray("text/plain; charset=utf-8") << false;
    QTest::newRow("the UI's index.html for unknown paths")
        << 200
        << QByteArray("<!doctype html><html><body><div id=\"jaeger-ui-root\"></div></body></html>")
        << QByteArray("text/html") << false;
    QTest::newRow("JSON of another shape")
        << 200 << kV1Services << QByteArray("application/json") << false;
}

void TestJaegerClient::probe()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(bool, v3);
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    server.setRoute("/api/v3/services", status, body, type);
    JaegerClient *c = client(server);
    QCOMPARE(c->apiVersion(), JaegerClient::ApiVersion::Unknown);
    const JaegerListResult r = waitList(c->services());
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QList<QByteArray> targets = server.targets();
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets.at(0), QByteArray("/api/v3/services"));
    QCOMPARE(targets.at(1), v3 ? QByteArray("/api/v3/services") : QByteArray("/api/services"));
    QCOMPARE(c->apiVersion(), v3 ? JaegerClient::ApiVersion::V3 : JaegerClient::ApiVersion::V1);
    if (!v3)
        QCOMPARE(r.services, (QStringList{QStringLiteral("mongodb"), QStringLiteral("redis"),
                                          QStringLiteral("rust-api")}));
}

void TestJaegerClient::probeOncePerServer()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    JaegerClient *c = client(server);
    QVERIFY(waitList(c->services()).ok());
    QVERIFY(waitList(c->operations(QStringLiteral("rust-api"))).ok());
    // Another client for the same server (another dock) knows the answer too.
    auto *other = new JaegerClient(&m_nam);
    m_clients.append(other);
    other->setBaseUrl(QUrl(server.url().toString() + QLatin1Char('/')));
    QCOMPARE(other->apiVersion(), JaegerClient::ApiVersion::V1);
    QVERIFY(waitList(other->services()).ok());
    QCOMPARE(server.targets(),
             (QList<QByteArray>{"/api/v3/services", "/api/services",
                                "/api/services/rust-api/operations", "/api/services"}));
}

void TestJaegerClient::concurrentRequestsShareOneProbe()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV3(server);
    JaegerClient *c = client(server);
    JaegerRequest *a = c->services();
    JaegerRequest *b = c->operations(QStringLiteral("foo"));
    QSignalSpy spyB(b, &JaegerRequest::listReady);
    const JaegerListResult ra = waitList(a);
    QVERIFY(spyB.count() == 1 || spyB.wait(10000));
    QVERIFY2(ra.ok(), qPrintable(ra.error));
    QCOMPARE(ra.services, (QStringList{QStringLiteral("bar"), QStringLiteral("foo")}));
    QCOMPARE(server.targets().count("/api/v3/services"), 2); // one probe, one request
    QCOMPARE(server.targets().size(), 3);
}

void TestJaegerClient::v1Endpoints()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    JaegerClient *c = client(server, JaegerClient::ApiVersion::V1);

    const JaegerListResult services = waitList(c->services());
    QVERIFY2(services.ok(), qPrintable(services.error));
    QCOMPARE(services.services.size(), 3);

    const JaegerListResult ops = waitList(c->operations(QStringLiteral("rust-api")));
    QVERIFY2(ops.ok(), qPrintable(ops.error));
    QCOMPARE(ops.operations.size(), 2);
    QCOMPARE(ops.operations.at(1).name, QStringLiteral("POST /sessions/{id}/answers"));

    const JaegerListResult kinds =
        waitList(c->operations(QStringLiteral("rust-api"), QStringLiteral("server")));
    QVERIFY2(kinds.ok(), qPrintable(kinds.error));
    QCOMPARE(kinds.operations.size(), 1);
    QCOMPARE(kinds.operations.at(0).spanKind, QStringLiteral("server"));
    const QByteArray kindTarget = server.targets().last();
    QCOMPARE(path(kindTarget), QByteArray("/api/operations"));
    QCOMPARE(param(kindTarget, "service"), QStringLiteral("rust-api"));
    QCOMPARE(param(kindTarget, "spanKind"), QStringLiteral("server"));

    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.tags = QStringLiteral("error=true");
    q.minDurationUs = 500000;
    q.start = utc("2026-11-25T10:00:00.000Z");
    q.end = utc("2026-11-25T10:15:00.000Z");
    const TraceDecodeResult found = waitTraces(c->findTraces(q));
    QVERIFY2(found.ok(), qPrintable(found.error));
    QCOMPARE(found.traces.size(), 1);
    QCOMPARE(found.traces.at(0).spans.size(), 5);
    QVERIFY(found.traces.at(0).analysed); // analysed on the worker, not left to the view
    const QByteArray searchTarget = server.targets().last();
    QCOMPARE(path(searchTarget), QByteArray("/api/traces"));
    QCOMPARE(param(searchTarget, "service"), QStringLiteral("rust-api"));
    QCOMPARE(param(searchTarget, "tags"), QStringLiteral("{\"error\":\"true\"}"));
    QCOMPARE(param(searchTarget, "minDuration"), QStringLiteral("500ms"));
    QCOMPARE(param(searchTarget, "start"), QStringLiteral("1795600800000000"));
    QCOMPARE(param(searchTarget, "end"), QStringLiteral("1795601700000000"));
    QCOMPARE(param(searchTarget, "limit"), QStringLiteral("20"));
    QCOMPARE(searchTarget, c->findTracesUrl(q, JaegerClient::ApiVersion::V1)
                               .toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));

    const TraceDecodeResult one = waitTraces(c->trace(QStringLiteral("410A7DBC6D6CFEB6")));
    QVERIFY2(one.ok(), qPrintable(one.error));
    QCOMPARE(one.traces.size(), 1);
    QCOMPARE(server.targets().last(), QByteArray("/api/traces/410a7dbc6d6cfeb6"));
}

void TestJaegerClient::v3Endpoints()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV3(server);
    JaegerClient *c = client(server);

    const JaegerListResult ops =
        waitList(c->operations(QStringLiteral("foo"), QStringLiteral("server")));
    QVERIFY2(ops.ok(), qPrintable(ops.error));
    QCOMPARE(ops.operations.size(), 1);
    QCOMPARE(ops.operations.at(0).name, QStringLiteral("get_users"));
    QCOMPARE(ops.operations.at(0).spanKind, QStringLiteral("server"));
    QCOMPARE(c->apiVersion(), JaegerClient::ApiVersion::V3);
    const QByteArray opsTarget = server.targets().last();
    QCOMPARE(path(opsTarget), QByteArray("/api/v3/operations"));
    QCOMPARE(param(opsTarget, "service"), QStringLiteral("foo"));
    QCOMPARE(param(opsTarget, "span_kind"), QStringLiteral("server"));

    TraceQuery q;
    q.service = QStringLiteral("foo");
    q.start = utc("2026-11-25T10:00:00.000Z");
    q.end = utc("2026-11-25T11:00:00.000Z");
    q.minDurationUs = 1500000;
    const TraceDecodeResult found = waitTraces(c->findTraces(q));
    QVERIFY2(found.ok(), qPrintable(found.error));
    QCOMPARE(found.traces.size(), 1);
    QCOMPARE(found.traces.at(0).spans.size(), 1);
    QCOMPARE(found.traces.at(0).spans.at(0).operationName, QStringLiteral("foobar"));
    QVERIFY(found.traces.at(0).analysed);
    const QByteArray searchTarget = server.targets().last();
    QCOMPARE(path(searchTarget), QByteArray("/api/v3/traces"));
    QCOMPARE(param(searchTarget, "query.service_name"), QStringLiteral("foo"));
    QCOMPARE(param(searchTarget, "query.start_time_min"), QStringLiteral("2026-11-25T10:00:00Z"));
    QCOMPARE(param(searchTarget, "query.start_time_max"), QStringLiteral("2026-11-25T11:00:00Z"));
    QCOMPARE(param(searchTarget, "query.duration_min"), QStringLiteral("1.5s"));
    QCOMPARE(param(searchTarget, "query.num_traces"), QStringLiteral("20"));

    const TraceDecodeResult one =
        waitTraces(c->trace(QStringLiteral("00000000000000000000000000000001")));
    QVERIFY2(one.ok(), qPrintable(one.error));
    QCOMPARE(one.traces.size(), 1);
    QCOMPARE(server.targets().last(),
             QByteArray("/api/v3/traces/00000000000000000000000000000001"));
}

void TestJaegerClient::traceNotFound_data()
{
    QTest::addColumn<bool>("v3");
    QTest::newRow("v1") << false;
    QTest::newRow("v3") << true;
}

void TestJaegerClient::traceNotFound()
{
    QFETCH(bool, v3);
    FaultServer server;
    QVERIFY(server.listen());
    if (v3) {
        serveV3(server);
        server.setRoute("/api/v3/traces/0123456789abcdef", 404, kV3NotFound);
    } else {
        serveV1(server);
        server.setRoute("/api/traces/0123456789abcdef", 404, kV1TraceNotFound);
    }
    JaegerClient *c = client(server);
    const TraceDecodeResult r = waitTraces(c->trace(QStringLiteral("0123456789abcdef")));
    QCOMPARE(r.error, QStringLiteral("trace 0123456789abcdef not found"));
    QVERIFY(r.traces.isEmpty());
}

void TestJaegerClient::emptyV3Search()
{
    // Jaeger v3 answers a search without hits with 404 "No traces found".
    FaultServer server;
    QVERIFY(server.listen());
    serveV3(server);
    server.setRoute("/api/v3/traces", 404, kV3NotFound);
    JaegerClient *c = client(server);
    TraceQuery q;
    q.service = QStringLiteral("foo");
    const TraceDecodeResult r = waitTraces(c->findTraces(q));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.traces.isEmpty());
}

void TestJaegerClient::dependenciesNeedNoProbe()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    JaegerClient *c = client(server);
    QSignalSpy spy(c->dependencies(utc("2026-11-25T11:00:00.000Z"), 3600000),
                   &JaegerRequest::dependenciesReady);
    QVERIFY(spy.wait(10000));
    const DependencyResult r = spy.first().at(0).value<DependencyResult>();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.links.size(), 4271);
    QCOMPARE(r.links.at(0).parent, QStringLiteral("Service574"));
    QCOMPARE(r.links.at(0).callCount, 54);
    QCOMPARE(server.targets().size(), 1);
    const QByteArray target = server.targets().at(0);
    QCOMPARE(path(target), QByteArray("/api/dependencies"));
    QCOMPARE(param(target, "endTs"), QStringLiteral("1795604400000"));
    QCOMPARE(param(target, "lookback"), QStringLiteral("3600000"));
}

void TestJaegerClient::serverErrorMessage_data()
{
    QTest::addColumn<bool>("v3");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("v1 envelope, 500")
        << false << 500
        << QByteArray("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":"
                      "500,\"msg\":\"cannot query Cassandra: no hosts available\"}]}")
        << QStringLiteral("cannot query Cassandra: no hosts available");
    QTest::newRow("v1 envelope, 400")
        << false << 400
        << QByteArray("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":"
                      "400,\"msg\":\"parameter 'service' is required\"}]}")
        << QStringLiteral("parameter 'service' is required");
    QTest::newRow("v3 error, 400")
        << true << 400
        << QByteArray("{\"error\":{\"httpCode\":400,\"message\":\"malformed parameter "
                      "query.num_traces: strconv.Atoi: parsing \\\"x\\\": invalid syntax\"}}\n")
        << QStringLiteral("malformed parameter query.num_traces");
    QTest::newRow("HTML from a proxy")
        << false << 502 << QByteArray("<html><body>Bad Gateway<script>x()</script></body></html>")
        << QStringLiteral("HTTP 502");
    QTest::newRow("JSON without a message")
        << true << 503 << QByteArray("{\"status\":\"down\"}") << QStringLiteral("HTTP 503");
}

void TestJaegerClient::serverErrorMessage()
{
    QFETCH(bool, v3);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    FaultServer server;
    QVERIFY(server.listen());
    if (v3) {
        serveV3(server);
        server.setRoute("/api/v3/traces", status, body,
                        body.startsWith('<') ? QByteArray("text/html")
                                             : QByteArray("application/json"));
    } else {
        serveV1(server);
        server.setRoute("/api/traces", status, body,
                        body.startsWith('<') ? QByteArray("text/html")
                                             : QByteArray("application/json"));
    }
    JaegerClient *c = client(server);
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    const TraceDecodeResult r = waitTraces(c->findTraces(q));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QLatin1String("<")), qPrintable(r.error));
    QVERIFY(r.traces.isEmpty());
}

void TestJaegerClient::timeout()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    server.setRoute("/api/traces", 0, {}); // never answers
    JaegerClient *c = client(server, JaegerClient::ApiVersion::V1);
    c->setTimeoutMs(500);
    QElapsedTimer t;
    t.start();
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    const TraceDecodeResult r = waitTraces(c->findTraces(q));
    QVERIFY2(r.error.startsWith(QLatin1String("timed out after 0.5 s")), qPrintable(r.error));
    QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
}

void TestJaegerClient::silentProbeIsNotRemembered()
{
    // A server that does not answer the probe is not declared v1 for good: the
    // request fails with the reason, and the next one asks again.
    FaultServer server;
    QVERIFY(server.listen());
    serveV3(server);
    server.setRoute("/api/v3/services", 0, {});
    JaegerClient *c = client(server);
    c->setTimeoutMs(500);
    const JaegerListResult r = waitList(c->services());
    QVERIFY2(r.error.startsWith(QLatin1String("timed out after 0.5 s")), qPrintable(r.error));
    QCOMPARE(c->apiVersion(), JaegerClient::ApiVersion::Unknown);
    QCOMPARE(server.targets(), QList<QByteArray>{"/api/v3/services"});

    server.setRoute("/api/v3/services", 200, kV3Services);
    const JaegerListResult ok = waitList(c->services());
    QVERIFY2(ok.ok(), qPrintable(ok.error));
    QCOMPARE(c->apiVersion(), JaegerClient::ApiVersion::V3);
}

void TestJaegerClient::garbageBody()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    server.setRoute("/api/services", 200, QByteArray("{\"data\":[\"a\",", 13));
    server.setRoute("/api/traces", 200, QByteArray("\x00\xff garbage", 10),
                    "application/octet-stream");
    JaegerClient *c = client(server, JaegerClient::ApiVersion::V1);
    const JaegerListResult list = waitList(c->services());
    QVERIFY(!list.ok());
    QVERIFY(list.services.isEmpty());
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    const TraceDecodeResult traces = waitTraces(c->findTraces(q));
    QVERIFY(!traces.ok());
    QVERIFY(traces.traces.isEmpty());
}

void TestJaegerClient::refusedBeforeSending()
{
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    JaegerClient *c = client(server, JaegerClient::ApiVersion::V1);
    const TraceDecodeResult badId = waitTraces(c->trace(QStringLiteral("../../api/services")));
    QVERIFY2(badId.error.startsWith(QLatin1String("invalid trace ID")), qPrintable(badId.error));
    const TraceDecodeResult tooLong = waitTraces(c->trace(QString(33, QLatin1Char('a'))));
    QVERIFY2(tooLong.error.startsWith(QLatin1String("invalid trace ID")),
             qPrintable(tooLong.error));
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.tags = QStringLiteral("http.url=\"http://x");
    const TraceDecodeResult badTags = waitTraces(c->findTraces(q));
    QVERIFY2(badTags.error.contains(QLatin1String("unbalanced quotes")), qPrintable(badTags.error));
    QCOMPARE(server.requests(), 0);
}

void TestJaegerClient::deletedRequestStaysSilent()
{
    // The search form replaces a running search: the old request must never report.
    FaultServer server;
    QVERIFY(server.listen());
    serveV1(server);
    JaegerClient *c = client(server);
    QObject owner;
    int reports = 0;
    JaegerRequest *r = c->services(&owner);
    connect(r, &JaegerRequest::listReady, &owner, [&reports] { ++reports; });
    delete r;
    // A later request on the same server still works (and sees the probe through).
    const JaegerListResult ok = waitList(c->services());
    QVERIFY2(ok.ok(), qPrintable(ok.error));
    QTest::qWait(100);
    QCOMPARE(reports, 0);
}

QTEST_GUILESS_MAIN(TestJaegerClient)
#include "tst_jaegerclient.moc"
