// The fault matrix: the Prometheus, Alertmanager and Jaeger clients against servers
// that are down, unknown, silent, slow, broken or hostile. Each case must end in a
// readable error within the timeout, never block the event loop, never read an
// oversized body whole, and recover on the next request once the server is well.
// One table serves every client: what differs (the request, the API's own error
// and a body of the wrong shape) is in a small adapter per client.
#include "alertclient.h"
#include "faultserver.h"
#include "jaegerclient.h"
#include "prometheusclient.h"
#include "prometheusserver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QtTest>

#include <functional>

Q_DECLARE_METATYPE(FaultServer::Mode)

constexpr int kTimeoutMs = 1500;

// Declared before the raw string literals below: moc 6.4 loses track after some.
class TestFaultMatrix : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void faults_data();
    void faults();
    void downAndUnknownHosts_data();
    void downAndUnknownHosts();
    void certificateThatDoesNotVerify();

private:
    QNetworkAccessManager m_nam;
};

namespace {

constexpr qint64 kMaxBytes = 2 * 1024 * 1024;

const QByteArray kPromOk = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x"},"values":[[1700000000,"1"],[1700000015,"2"]]}]}})";
const QByteArray kAmOk = R"([{"labels":{"alertname":"Up","severity":"info"},"annotations":{},"fingerprint":"f1","startsAt":"2026-11-25T10:00:00.000Z","endsAt":"2026-11-25T11:00:00.000Z","updatedAt":"2026-11-25T10:00:00.000Z","generatorURL":"http://p/graph","receivers":[{"name":"oncall"}],"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}])";
const QByteArray kJaegerServicesOk = R"({"data":["rust-api","mongodb"],"total":2,"limit":0,"offset":0,"errors":null})";
const QByteArray kJaegerError = R"({"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":500,"msg":"cannot query Cassandra: no hosts available"}]})";

/// What one request of a client came to, in terms every client shares.
struct Outcome
{
    bool answered = false; // false: no signal before the test's own deadline
    qint64 elapsedMs = 0;
    QString error;
    QStringList items; // what the user would see listed: series, alerts, services, trace IDs
};

/// The API's own error answer (status and body) and the message the user must see.
struct ApiError
{
    const char *tag;
    int status;
    QByteArray body;
    QString message;
};

/// The client-specific part of the matrix.
struct Adapter
{
    const char *name;
    QByteArray okBody;
    QStringList okItems; // what okBody must come back as
    QList<ApiError> apiErrors;
    QByteArray shapeBody;
    QString shapeMessage;
    /// One request against `url`; `fresh`: as if this server had never been seen.
    std::function<Outcome(QNetworkAccessManager &, const QUrl &, int timeoutMs, bool fresh)> run;
};

template<typename Result>
Result waitFor(QSignalSpy &spy, int timeoutMs, Outcome &o, const QElapsedTimer &t)
{
    if (!spy.wait(timeoutMs + 8000))
        return Result{};
    o.answered = true;
    o.elapsedMs = t.elapsed();
    return spy.first().at(0).template value<Result>();
}

Outcome runPrometheus(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs, bool)
{
    PrometheusClient client(&nam);
    client.setBaseUrl(url);
    client.setTimeoutMs(timeoutMs);
    client.setMaxResponseBytes(kMaxBytes);
    QElapsedTimer t;
    t.start();
    const QDateTime end = QDateTime::currentDateTimeUtc();
    PrometheusQuery *q = client.queryRange(QStringLiteral("up"), end.addSecs(-3600), end, 15);
    QSignalSpy spy(q, &PrometheusQuery::finished);
    Outcome o;
    const QueryResult r = waitFor<QueryResult>(spy, timeoutMs, o, t);
    o.error = r.error;
    for (const auto &series : r.series)
        o.items << QStringLiteral("%1 values").arg(series.values.size());
    return o;
}

Outcome runAlertmanager(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs, bool)
{
    AlertClient client(&nam);
    client.setAlertmanagerUrl(url);
    client.setPrometheusUrl(QUrl());
    client.setTimeoutMs(timeoutMs);
    client.setMaxResponseBytes(kMaxBytes);
    QElapsedTimer t;
    t.start();
    QSignalSpy spy(&client, &AlertClient::updated);
    client.refresh();
    Outcome o;
    const AlertSnapshot s = waitFor<AlertSnapshot>(spy, timeoutMs, o, t);
    o.error = s.alertmanagerError;
    // Silences come from the same server (an alert list is not a silence list), so
    // only the alerts count.
    for (const Alert &a : s.alerts)
        o.items << a.name();
    return o;
}

JaegerClient *jaegerClient(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs, bool fresh)
{
    auto *client = new JaegerClient(&nam);
    client->setBaseUrl(url);
    client->setTimeoutMs(timeoutMs);
    client->setMaxResponseBytes(kMaxBytes);
    // Ports are reused from row to row; the API version probe runs under each fault.
    if (fresh)
        client->setApiVersion(JaegerClient::ApiVersion::Unknown);
    return client;
}

Outcome runJaegerServices(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs, bool fresh)
{
    std::unique_ptr<JaegerClient> client(jaegerClient(nam, url, timeoutMs, fresh));
    QElapsedTimer t;
    t.start();
    QSignalSpy spy(client->services(), &JaegerRequest::listReady);
    Outcome o;
    const JaegerListResult r = waitFor<JaegerListResult>(spy, timeoutMs, o, t);
    o.error = r.error;
    o.items = r.services;
    return o;
}

Outcome runJaegerSearch(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs, bool fresh)
{
    std::unique_ptr<JaegerClient> client(jaegerClient(nam, url, timeoutMs, fresh));
    TraceQuery query;
    query.service = QStringLiteral("rust-api");
    query.minDurationUs = 500000;
    query.end = QDateTime::currentDateTimeUtc();
    query.start = query.end.addSecs(-3600);
    QElapsedTimer t;
    t.start();
    QSignalSpy spy(client->findTraces(query), &JaegerRequest::tracesReady);
    Outcome o;
    const TraceDecodeResult r = waitFor<TraceDecodeResult>(spy, timeoutMs, o, t);
    o.error = r.error;
    for (const Trace &trace : r.traces)
        o.items << trace.traceId;
    return o;
}

QByteArray jaegerTraceFixture()
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/jaeger/v1_get_trace_response_3_services_logs.json"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<Adapter> adapters()
{
    QList<Adapter> list;
    Adapter prom;
    prom.name = "prometheus";
    prom.okBody = kPromOk;
    prom.okItems = {QStringLiteral("2 values")};
    prom.apiErrors = {{"400 with the API's error", 400,
                       R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected <op:*>"})",
                       QStringLiteral("1:5: parse error: unexpected <op:*>")}};
    prom.shapeBody = R"({"status":"success","data":{"resultType":"matrix","result":{"oops":1}}})";
    prom.shapeMessage = QStringLiteral("result is not an array");
    prom.run = runPrometheus;
    list << prom;

    Adapter am;
    am.name = "alertmanager";
    am.okBody = kAmOk;
    am.okItems = {QStringLiteral("Up")};
    am.apiErrors = {{"400 with the API's error", 400, R"({"code":400,"message":"bad matcher syntax: severity=="})",
                     QStringLiteral("bad matcher syntax")},
                    {"410: the v1 API is gone", 410,
                     R"({"status":"deprecated","error":"The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0"})",
                     QStringLiteral("v1 API is gone")}};
    am.shapeBody = R"({"alerts":[]})";
    am.shapeMessage = QStringLiteral("expected a JSON array");
    am.run = runAlertmanager;
    list << am;

    // FaultServer answers every path alike, so the version probe (/api/v3/services)
    // meets the same fault as the request itself; a well server looks like v1.
    Adapter services;
    services.name = "jaeger services";
    services.okBody = kJaegerServicesOk;
    services.okItems = {QStringLiteral("mongodb"), QStringLiteral("rust-api")};
    services.apiErrors = {{"500 with the API's error", 500, kJaegerError, QStringLiteral("no hosts available")}};
    services.shapeBody = R"({"data":{"rust-api":1}})";
    services.shapeMessage = QStringLiteral("services is not a list");
    services.run = runJaegerServices;
    list << services;

    Adapter search;
    search.name = "jaeger search";
    search.okBody = jaegerTraceFixture();
    search.okItems = {QStringLiteral("410a7dbc6d6cfeb6")};
    search.apiErrors = {{"500 with the API's error", 500, kJaegerError, QStringLiteral("no hosts available")}};
    search.shapeBody = R"({"data":"none"})";
    search.shapeMessage = QStringLiteral("data is neither a list of traces");
    search.run = runJaegerSearch;
    list << search;
    return list;
}

/// Measures the longest gap between ticks of a 20 ms timer: a stalled event loop
/// (a blocking read, a busy decode on the UI thread) shows up here.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_clock.start();
        m_last = 0;
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
        m_timer.start(20);
    }
    qint64 longestGapMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

Adapter adapterNamed(const QString &name)
{
    for (const Adapter &a : adapters())
        if (QLatin1String(a.name) == name)
            return a;
    qFatal("no adapter %s", qPrintable(name));
}

} // namespace


void TestFaultMatrix::initTestCase()
{
    qRegisterMetaType<QueryResult>();
    qRegisterMetaType<AlertSnapshot>();
    QVERIFY2(!jaegerTraceFixture().isEmpty(), "tests/data/jaeger is missing");
}

void TestFaultMatrix::faults_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<FaultServer::Mode>("mode");
    QTest::addColumn<int>("errorStatus");
    QTest::addColumn<QByteArray>("errorBody");
    QTest::addColumn<QString>("message");
    using M = FaultServer::Mode;
    for (const Adapter &a : adapters()) {
        const QString client = QLatin1String(a.name);
        auto row = [&](const char *tag, M mode, const QString &message, int status = 0, const QByteArray &body = {}) {
            QTest::addRow("%s: %s", a.name, tag) << client << mode << status << body << message;
        };
        row("accepts, never answers", M::Hang, QStringLiteral("timed out after 1.5 s"));
        row("a byte a while", M::Slow, QStringLiteral("timed out after 1.5 s"));
        row("500 with HTML", M::Html500, QStringLiteral("HTTP 500 Internal Server Error from http://127.0.0.1"));
        for (const ApiError &e : a.apiErrors)
            row(e.tag, M::JsonError, e.message, e.status, e.body);
        row("truncated JSON", M::Truncated, QStringLiteral("response cut short after"));
        row("JSON of the wrong shape", M::WrongShape, a.shapeMessage);
        row("larger than the cap", M::Endless, QStringLiteral("response larger than 2 MiB refused"));
        row("redirect loop", M::RedirectLoop, QStringLiteral("too many redirects"));
        row("closes at once", M::Close, QStringLiteral("server closed the connection"));
    }
}

void TestFaultMatrix::faults()
{
    QFETCH(QString, client);
    QFETCH(FaultServer::Mode, mode);
    QFETCH(int, errorStatus);
    QFETCH(QByteArray, errorBody);
    QFETCH(QString, message);
    const Adapter a = adapterNamed(client);
    FaultServer server;
    QVERIFY(server.listen());
    server.setOkBody(a.okBody);
    server.setErrorBody(errorStatus, errorBody);
    server.setShapeBody(a.shapeBody);
    server.setMode(mode);

    Heartbeat heartbeat;
    const Outcome r = a.run(m_nam, server.url(), kTimeoutMs, true);
    QVERIFY2(r.answered, "no answer at all");
    QVERIFY2(!r.error.isEmpty(), "the fault went unnoticed");
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QLatin1String("<html")) && !r.error.contains(QLatin1String("<script")),
             qPrintable(r.error));
    QVERIFY2(r.items.isEmpty(), qPrintable(r.items.join(QLatin1Char(','))));
    QVERIFY2(r.elapsedMs < kTimeoutMs + 3000, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(heartbeat.longestGapMs() < 1000, qPrintable(QString::number(heartbeat.longestGapMs())));
    if (mode == FaultServer::Mode::Endless)
        QVERIFY2(server.endlessBytesSent() < 64LL * 1024 * 1024, qPrintable(QString::number(server.endlessBytesSent())));

    // The server recovers: so does the next request (a generous timeout: this part
    // is about recovering, not speed, and sanitizer builds are slow).
    server.setMode(FaultServer::Mode::Ok);
    const Outcome ok = a.run(m_nam, server.url(), 20000, false);
    QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
    QCOMPARE(ok.items, a.okItems);
}

void TestFaultMatrix::downAndUnknownHosts_data()
{
    QTest::addColumn<QString>("client");
    for (const Adapter &a : adapters())
        QTest::newRow(a.name) << QString::fromLatin1(a.name);
}

void TestFaultMatrix::downAndUnknownHosts()
{
    QFETCH(QString, client);
    const Adapter a = adapterNamed(client);
    const ClosedPort closed;
    const QUrl down = closed.url();
    const Outcome refused = a.run(m_nam, down, kTimeoutMs, true);
    QVERIFY2(refused.error.startsWith(QLatin1String("connection refused: http://127.0.0.1:")), qPrintable(refused.error));
    // .invalid never resolves (RFC 2606).
    const QUrl unknown(QStringLiteral("http://dozor-test.invalid:9090"));
    const Outcome r = a.run(m_nam, unknown, kTimeoutMs, true);
    QVERIFY2(r.error.startsWith(QLatin1String("host not found: http://dozor-test.invalid:9090"))
                 || r.error.startsWith(QLatin1String("timed out")),
             qPrintable(r.error));
}

void TestFaultMatrix::certificateThatDoesNotVerify()
{
    // An HTTPS server with a self-signed certificate (made here with openssl): every
    // client refuses it with the reason, and never send the request.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
             "openssl is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile kf(key), cf(cert);
    QVERIFY(kf.open(QIODevice::ReadOnly) && cf.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(cf.readAll()));
    tls.setPrivateKey(QSslKey(kf.readAll(), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(tls);
    int requests = 0;
    connect(&server, &QSslServer::pendingConnectionAvailable, this, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [&requests, s] {
                ++requests;
                s->readAll();
            });
        }
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()));

    for (const Adapter &a : adapters()) {
        const Outcome r = a.run(m_nam, url, 10000, true);
        QVERIFY2(r.error.startsWith(QLatin1String("TLS handshake failed")), qPrintable(QLatin1String(a.name) + QLatin1String(": ") + r.error));
        QVERIFY2(r.error.contains(QLatin1String("https://127.0.0.1:")), qPrintable(r.error));
    }
    QCOMPARE(requests, 0); // nothing was sent over the unverified connection
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
