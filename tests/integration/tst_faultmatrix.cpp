// The fault matrix: the Prometheus and Alertmanager clients against servers that
// are down, unknown, silent, slow, broken or hostile. Each case must end in a
// readable error within the timeout, never block the event loop, never read an
// oversized body whole, and recover on the next request once the server is well.
#include "alertclient.h"
#include "faultserver.h"
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

Q_DECLARE_METATYPE(FaultServer::Mode)

constexpr int kTimeoutMs = 1500;

// Declared before the raw string literals below: moc 6.4 loses track after some.
class TestFaultMatrix : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void prometheus_data();
    void prometheus();
    void alertmanager_data();
    void alertmanager();
    void downAndUnknownHosts();
    void certificateThatDoesNotVerify();

private:
    QueryResult queryPrometheus(const QUrl &url, qint64 *elapsedMs, int timeoutMs = kTimeoutMs);
    AlertSnapshot queryAlertmanager(const QUrl &url, qint64 *elapsedMs, int timeoutMs = kTimeoutMs);
    QNetworkAccessManager m_nam;
};

namespace {

constexpr qint64 kMaxBytes = 2 * 1024 * 1024;

const QByteArray kPromOk = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x"},"values":[[1700000000,"1"],[1700000015,"2"]]}]}})";
const QByteArray kAmOk = R"([{"labels":{"alertname":"Up","severity":"info"},"annotations":{},"fingerprint":"f1","startsAt":"2026-11-25T10:00:00.000Z","endsAt":"2026-11-25T11:00:00.000Z","updatedAt":"2026-11-25T10:00:00.000Z","generatorURL":"http://p/graph","receivers":[{"name":"oncall"}],"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}])";

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

} // namespace


void TestFaultMatrix::initTestCase()
{
    qRegisterMetaType<QueryResult>();
    qRegisterMetaType<AlertSnapshot>();
}

QueryResult TestFaultMatrix::queryPrometheus(const QUrl &url, qint64 *elapsedMs, int timeoutMs)
{
    PrometheusClient client(&m_nam);
    client.setBaseUrl(url);
    client.setTimeoutMs(timeoutMs);
    client.setMaxResponseBytes(kMaxBytes);
    QElapsedTimer t;
    t.start();
    const QDateTime end = QDateTime::currentDateTimeUtc();
    PrometheusQuery *q = client.queryRange(QStringLiteral("up"), end.addSecs(-3600), end, 15);
    QSignalSpy spy(q, &PrometheusQuery::finished);
    if (!spy.wait(timeoutMs + 8000))
        return QueryResult{};
    *elapsedMs = t.elapsed();
    return spy.first().at(0).value<QueryResult>();
}

AlertSnapshot TestFaultMatrix::queryAlertmanager(const QUrl &url, qint64 *elapsedMs, int timeoutMs)
{
    AlertClient client(&m_nam);
    client.setAlertmanagerUrl(url);
    client.setPrometheusUrl(QUrl());
    client.setTimeoutMs(timeoutMs);
    client.setMaxResponseBytes(kMaxBytes);
    QElapsedTimer t;
    t.start();
    QSignalSpy spy(&client, &AlertClient::updated);
    client.refresh();
    if (!spy.wait(timeoutMs + 8000))
        return AlertSnapshot{};
    *elapsedMs = t.elapsed();
    return spy.first().at(0).value<AlertSnapshot>();
}

void TestFaultMatrix::prometheus_data()
{
    QTest::addColumn<FaultServer::Mode>("mode");
    QTest::addColumn<QString>("message");
    using M = FaultServer::Mode;
    QTest::newRow("accepts, never answers") << M::Hang << QStringLiteral("timed out after 1.5 s");
    QTest::newRow("a byte a while") << M::Slow << QStringLiteral("timed out after 1.5 s");
    QTest::newRow("500 with HTML") << M::Html500 << QStringLiteral("HTTP 500 Internal Server Error from http://127.0.0.1");
    QTest::newRow("400 with the API's error") << M::JsonError << QStringLiteral("1:5: parse error: unexpected <op:*>");
    QTest::newRow("truncated JSON") << M::Truncated << QStringLiteral("response cut short after");
    QTest::newRow("JSON of the wrong shape") << M::WrongShape << QStringLiteral("result is not an array");
    QTest::newRow("larger than the cap") << M::Endless << QStringLiteral("response larger than 2 MiB refused");
    QTest::newRow("redirect loop") << M::RedirectLoop << QStringLiteral("too many redirects");
    QTest::newRow("closes at once") << M::Close << QStringLiteral("server closed the connection");
}

void TestFaultMatrix::prometheus()
{
    QFETCH(FaultServer::Mode, mode);
    QFETCH(QString, message);
    FaultServer server;
    QVERIFY(server.listen());
    server.setOkBody(kPromOk);
    server.setErrorBody(400, R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected <op:*>"})");
    server.setShapeBody(R"({"status":"success","data":{"resultType":"matrix","result":{"oops":1}}})");
    server.setMode(mode);

    Heartbeat heartbeat;
    qint64 elapsed = 0;
    const QueryResult r = queryPrometheus(server.url(), &elapsed);
    QVERIFY2(!r.ok(), "the fault went unnoticed");
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QLatin1String("<html")) && !r.error.contains(QLatin1String("<script")),
             qPrintable(r.error));
    QVERIFY2(elapsed < kTimeoutMs + 3000, qPrintable(QString::number(elapsed)));
    QVERIFY2(heartbeat.longestGapMs() < 1000, qPrintable(QString::number(heartbeat.longestGapMs())));
    if (mode == FaultServer::Mode::Endless)
        QVERIFY2(server.endlessBytesSent() < 64LL * 1024 * 1024, qPrintable(QString::number(server.endlessBytesSent())));

    // The server recovers: so does the next request (a generous timeout: this part
    // is about recovering, not speed, and sanitizer builds are slow).
    server.setMode(FaultServer::Mode::Ok);
    const QueryResult ok = queryPrometheus(server.url(), &elapsed, 20000);
    QVERIFY2(ok.ok(), qPrintable(ok.error));
    QCOMPARE(ok.series.size(), std::size_t(1));
    QCOMPARE(ok.series[0].values.size(), std::size_t(2));
}

void TestFaultMatrix::alertmanager_data()
{
    QTest::addColumn<FaultServer::Mode>("mode");
    QTest::addColumn<QString>("message");
    using M = FaultServer::Mode;
    QTest::newRow("accepts, never answers") << M::Hang << QStringLiteral("timed out after 1.5 s");
    QTest::newRow("a byte a while") << M::Slow << QStringLiteral("timed out after 1.5 s");
    QTest::newRow("500 with HTML") << M::Html500 << QStringLiteral("HTTP 500 Internal Server Error from http://127.0.0.1");
    QTest::newRow("400 with the API's error") << M::JsonError << QStringLiteral("bad matcher syntax");
    QTest::newRow("410: the v1 API is gone") << M::JsonError << QStringLiteral("v1 API is gone");
    QTest::newRow("truncated JSON") << M::Truncated << QStringLiteral("response cut short after");
    QTest::newRow("JSON of the wrong shape") << M::WrongShape << QStringLiteral("expected a JSON array");
    QTest::newRow("larger than the cap") << M::Endless << QStringLiteral("response larger than 2 MiB refused");
    QTest::newRow("redirect loop") << M::RedirectLoop << QStringLiteral("too many redirects");
    QTest::newRow("closes at once") << M::Close << QStringLiteral("server closed the connection");
}

void TestFaultMatrix::alertmanager()
{
    QFETCH(FaultServer::Mode, mode);
    QFETCH(QString, message);
    FaultServer server;
    QVERIFY(server.listen());
    server.setOkBody(kAmOk);
    if (QByteArray(QTest::currentDataTag()).startsWith("410"))
        server.setErrorBody(410, R"({"status":"deprecated","error":"The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0"})");
    else
        server.setErrorBody(400, R"({"code":400,"message":"bad matcher syntax: severity=="})");
    server.setShapeBody(R"({"alerts":[]})");
    server.setMode(mode);

    Heartbeat heartbeat;
    qint64 elapsed = 0;
    const AlertSnapshot s = queryAlertmanager(server.url(), &elapsed);
    QVERIFY2(!s.alertmanagerError.isEmpty(), "the fault went unnoticed");
    QVERIFY2(s.alertmanagerError.contains(message), qPrintable(s.alertmanagerError));
    QVERIFY2(!s.alertmanagerError.contains(QLatin1String("<html")), qPrintable(s.alertmanagerError));
    QVERIFY(s.alerts.isEmpty());
    QVERIFY2(elapsed < kTimeoutMs + 3000, qPrintable(QString::number(elapsed)));
    QVERIFY2(heartbeat.longestGapMs() < 1000, qPrintable(QString::number(heartbeat.longestGapMs())));

    server.setMode(FaultServer::Mode::Ok);
    const AlertSnapshot ok = queryAlertmanager(server.url(), &elapsed, 20000);
    // Silences come from the same well server (an alert list is not a silence list,
    // so only the alerts are checked here).
    QCOMPARE(ok.alerts.size(), 1);
    QCOMPARE(ok.alerts.first().name(), QStringLiteral("Up"));
}

void TestFaultMatrix::downAndUnknownHosts()
{
    qint64 elapsed = 0;
    const ClosedPort closed;
    const QUrl down = closed.url();
    QVERIFY(queryPrometheus(down, &elapsed).error.startsWith(QLatin1String("connection refused: http://127.0.0.1:")));
    QVERIFY(queryAlertmanager(down, &elapsed).alertmanagerError.startsWith(QLatin1String("connection refused")));
    // .invalid never resolves (RFC 2606).
    const QUrl unknown(QStringLiteral("http://dozor-test.invalid:9090"));
    const QueryResult r = queryPrometheus(unknown, &elapsed);
    QVERIFY2(r.error.startsWith(QLatin1String("host not found: http://dozor-test.invalid:9090"))
                 || r.error.startsWith(QLatin1String("timed out")),
             qPrintable(r.error));
}

void TestFaultMatrix::certificateThatDoesNotVerify()
{
    // An HTTPS server with a self-signed certificate (made here with openssl): both
    // clients refuse it with the reason, and never send the request.
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

    qint64 elapsed = 0;
    const QueryResult r = queryPrometheus(url, &elapsed, 10000);
    QVERIFY2(r.error.startsWith(QLatin1String("TLS handshake failed")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QLatin1String("https://127.0.0.1:")), qPrintable(r.error));
    const AlertSnapshot s = queryAlertmanager(url, &elapsed, 10000);
    QVERIFY2(s.alertmanagerError.startsWith(QLatin1String("TLS handshake failed")), qPrintable(s.alertmanagerError));
    QCOMPARE(requests, 0); // nothing was sent over the unverified connection
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
