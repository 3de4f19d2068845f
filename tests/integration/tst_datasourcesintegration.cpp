// Datasources against real servers (issue #9): Prometheus behind its own
// --web.config.file with TLS from a test CA and Basic Auth (bcrypt), a second
// Prometheus that requires a client certificate and whose certificate names only
// prom.test, VictoriaMetrics as a second engine on the same dashboard, nginx as a
// Mimir-style gateway (path prefix, tenant header), and recording servers for what
// a request carries (headers, query parameters, what survives a redirect) and for
// warnings and partial answers.
#include "dashboardqueries.h"
#include "datasource.h"
#include "datasourceregistry.h"
#include "nginxserver.h"
#include "prometheusclient.h"
#include "prometheusserver.h"
#include "recordingserver.h"
#include "testpki.h"
#include "victoriametricsserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTest>

#include <memory>

class TestDatasourcesIntegration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void basicAuth();
    void tlsWithTestCa();
    void tlsWithoutCaFails();
    void tlsSkipVerifyWarns();
    void serverNameOverride();
    void mutualTls();
    void pooledConnectionKeepsVerification();
    void pooledConnectionKeepsClientCertificate();
    void redirectToOtherOriginDropsCredentials();
    void headersAndParamsReachServer();
    void headerWithLineBreakRefused();
    void warningsAndPartialAnswers_data();
    void warningsAndPartialAnswers();
    void twoDatasourcesOnOneDashboard();
    void nginxPrefixAndTenant();

private:
    Datasource promDatasource() const;
    Datasource mtlsDatasource() const;

    TestPki m_pki;
    PrometheusServer m_prom; // TLS (127.0.0.1 and prom.test) + Basic Auth, 1 h of history
    PrometheusServer m_mtls; // TLS for prom.test only, client certificate required
    VictoriaMetricsServer m_vm;
    NginxServer m_nginx;
};

namespace {

const QString kUser = QStringLiteral("dozor");
const QString kPassword = QStringLiteral("Pa55-w0rd-s3cret");
const QByteArray kTenant = "tenant-a";

QByteArray basicHeader(const QString &user, const QString &password)
{
    return "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

/// `htpasswd -nbB`: "user:$2y$..." - Prometheus's basic_auth_users takes the hash.
QByteArray bcryptHash(const QString &user, const QString &password, QString *error)
{
    QProcess p;
    p.start(QStringLiteral("htpasswd"),
            {QStringLiteral("-nbB"), QStringLiteral("-C"), QStringLiteral("5"), user, password});
    if (!p.waitForFinished(20000) || p.exitCode() != 0) {
        *error = QStringLiteral("htpasswd failed (Debian package apache2-utils): %1")
                     .arg(QString::fromLocal8Bit(p.readAllStandardError()) + p.errorString());
        return {};
    }
    const QByteArray line = p.readAllStandardOutput().trimmed();
    return line.mid(line.indexOf(':') + 1);
}

/// Runs an instant query and waits for its result.
QueryResult instant(PrometheusClient *client, const QString &expr)
{
    PrometheusQuery *q = client->queryInstant(expr, QDateTime::currentDateTimeUtc());
    QSignalSpy spy(q, &PrometheusQuery::finished);
    if (!spy.wait(20000)) {
        delete q;
        QueryResult r;
        r.error = QStringLiteral("no answer within 20 s");
        return r;
    }
    delete q;
    return spy.first().first().value<QueryResult>();
}

/// A registry of its own (with its own connection pool) holding `list`.
struct Session
{
    QNetworkAccessManager nam;
    DatasourceRegistry registry{&nam};
    explicit Session(const QList<Datasource> &list) { registry.setDatasources(list); }
    QueryResult instant(const QString &uid, const QString &expr)
    {
        const QueryClientChoice c = registry.prometheusFor(uid);
        if (!c.client) {
            QueryResult r;
            r.error = c.error;
            return r;
        }
        return ::instant(c.client, expr);
    }
};

Datasource plainDatasource(const QString &uid, const QUrl &url)
{
    Datasource d;
    d.name = uid;
    d.uid = uid;
    d.type = QStringLiteral("prometheus");
    d.url = url;
    d.timeoutMs = 10000;
    return d;
}

Target target(const QString &refId, const QString &expr, const QString &datasource = {})
{
    Target t;
    t.refId = refId;
    t.expr = expr;
    t.datasource = datasource;
    return t;
}

Panel panel(int id, const QString &datasource, const QList<Target> &targets)
{
    Panel p;
    p.id = id;
    p.type = QStringLiteral("timeseries");
    p.title = QStringLiteral("panel %1").arg(id);
    p.datasource = datasource;
    p.targets = targets;
    return p;
}

/// Refreshes every panel of `dashboard` over the last 30 minutes with the registry
/// as resolver; the data by panel id.
QHash<int, PanelData> refreshAll(DatasourceRegistry &registry, const Dashboard &dashboard)
{
    DashboardQueries queries(registry.defaultPrometheus());
    queries.setClientResolver(
        [&registry](const QString &ref) { return registry.prometheusFor(ref); });
    queries.setDashboard(dashboard);
    QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
    QHash<int, int> widths;
    for (const Panel &p : dashboard.panels)
        widths.insert(p.id, 600);
    queries.refresh(widths, TimeRange::lastDuration(30 * 60 * 1000));
    QHash<int, PanelData> out;
    QElapsedTimer t;
    t.start();
    while (finished.size() < dashboard.panels.size() && t.elapsed() < 30000)
        finished.wait(1000);
    for (const QList<QVariant> &args : std::as_const(finished))
        out.insert(args.at(0).toInt(), args.at(1).value<PanelData>());
    return out;
}

QStringList seriesNames(const PanelData &data)
{
    QStringList names;
    for (const PanelSeries &s : data.series)
        names << s.labels.value(QStringLiteral("__name__"), s.refId);
    return names;
}

bool anyContains(const QStringList &list, const QString &text)
{
    for (const QString &s : list)
        if (s.contains(text))
            return true;
    return false;
}

} // namespace

void TestDatasourcesIntegration::initTestCase()
{
    qRegisterMetaType<QueryResult>();
    qRegisterMetaType<PanelData>();
    QString error;
    QVERIFY2(m_pki.create(&error), qPrintable(error));
    const QByteArray hash = bcryptHash(kUser, kPassword, &error);
    QVERIFY2(!hash.isEmpty(), qPrintable(error));

    // Prometheus A: TLS with the CA's server certificate, and Basic Auth.
    const QByteArray webA = "tls_server_config:\n"
                            "  cert_file: " +
                            m_pki.serverCertFile().toUtf8() +
                            "\n"
                            "  key_file: " +
                            m_pki.serverKeyFile().toUtf8() +
                            "\n"
                            "basic_auth_users:\n"
                            "  " +
                            kUser.toUtf8() + ": '" + hash + "'\n";
    m_prom.setWebConfig(webA, true, basicHeader(kUser, kPassword));
    QVERIFY2(m_prom.start(1, &error), qPrintable(error));

    // Prometheus B: a certificate for prom.test only, and client certificates required.
    const QByteArray webB = "tls_server_config:\n"
                            "  cert_file: " +
                            m_pki.nameOnlyCertFile().toUtf8() +
                            "\n"
                            "  key_file: " +
                            m_pki.nameOnlyKeyFile().toUtf8() +
                            "\n"
                            "  client_auth_type: RequireAndVerifyClientCert\n"
                            "  client_ca_file: " +
                            m_pki.caCertFile().toUtf8() + "\n";
    QSslConfiguration probe = QSslConfiguration::defaultConfiguration();
    probe.setLocalCertificate(QSslCertificate::fromData(m_pki.clientCertPem()).value(0));
    probe.setPrivateKey(QSslKey(m_pki.clientKeyPem(), QSsl::Ec));
    m_mtls.setWebConfig(webB, true, {}, probe);
    QVERIFY2(m_mtls.start(1, &error), qPrintable(error));

    // VictoriaMetrics with a metric Prometheus does not have.
    QVERIFY2(m_vm.start(&error), qPrintable(error));
    QByteArray samples;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 30; i >= 1; --i)
        samples += "dozor_vm_only{job=\"vm-import\"} " + QByteArray::number(100 + i) + ' ' +
                   QByteArray::number(now - i * 60000) + '\n';
    QVERIFY2(m_vm.importPrometheusText(samples, &error), qPrintable(error));

    // nginx: /prometheus/ -> Prometheus A for tenant-a only; the gateway holds the
    // backend's credentials, tenants identify themselves by header.
    QVERIFY2(m_nginx.start(NginxServer::tenantGateway(QStringLiteral("/prometheus"), m_prom.url(),
                                                      QString::fromLatin1(kTenant),
                                                      m_pki.caCertFile(), TestPki::serverName(),
                                                      basicHeader(kUser, kPassword)),
                           &error),
             qPrintable(error));
}

Datasource TestDatasourcesIntegration::promDatasource() const
{
    Datasource d = plainDatasource(QStringLiteral("prom"), m_prom.url());
    d.name = QStringLiteral("Prometheus A");
    d.auth = Datasource::Auth::Basic;
    d.basicAuthUser = kUser;
    d.basicAuthPassword = kPassword;
    d.tlsCaPem = m_pki.caPem();
    return d;
}

Datasource TestDatasourcesIntegration::mtlsDatasource() const
{
    Datasource d = plainDatasource(QStringLiteral("mtls"), m_mtls.url());
    d.tlsCaPem = m_pki.caPem();
    d.tlsServerName = TestPki::serverName();
    d.tlsClientCertPem = m_pki.clientCertPem();
    d.tlsClientKeyPem = m_pki.clientKeyPem();
    return d;
}

void TestDatasourcesIntegration::basicAuth()
{
    Datasource right = promDatasource();
    Datasource wrong = promDatasource();
    wrong.uid = QStringLiteral("wrong");
    wrong.basicAuthPassword = QStringLiteral("not-the-Pa55word");
    Datasource none = promDatasource();
    none.uid = QStringLiteral("none");
    none.auth = Datasource::Auth::None;
    Session s({right, wrong, none});

    const QueryResult ok =
        s.instant(QStringLiteral("prom"), QStringLiteral("count(http_requests_total)"));
    QVERIFY2(ok.ok(), qPrintable(ok.error));
    QCOMPARE(ok.series.size(), std::size_t(1));
    QVERIFY(ok.series.front().values.front() > 0);

    for (const QString &uid : {QStringLiteral("wrong"), QStringLiteral("none")}) {
        const QueryResult r = s.instant(uid, QStringLiteral("count(http_requests_total)"));
        QVERIFY2(!r.ok(), qPrintable(uid));
        QVERIFY2(r.error.contains(QLatin1String("401")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("credentials")), qPrintable(r.error));
        QVERIFY2(!r.error.contains(kPassword), qPrintable(r.error));
        QVERIFY2(!r.error.contains(wrong.basicAuthPassword), qPrintable(r.error));
        QVERIFY2(
            !r.error.contains(QString::fromLatin1(basicHeader(kUser, wrong.basicAuthPassword))),
            qPrintable(r.error));
    }
}

void TestDatasourcesIntegration::tlsWithTestCa()
{
    Session s({promDatasource()});
    const QueryResult r = s.instant(QStringLiteral("prom"), QStringLiteral("vector(1)"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), std::size_t(1));
    QCOMPARE(r.series.front().values.front(), 1.0);
}

void TestDatasourcesIntegration::tlsWithoutCaFails()
{
    Datasource d = promDatasource();
    d.tlsCaPem.clear();
    Session s({d});
    const QueryResult r = s.instant(QStringLiteral("prom"), QStringLiteral("vector(1)"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(QLatin1String("TLS handshake failed")), qPrintable(r.error));
    // The reason: the issuer (our test CA) is unknown to the system's trust store.
    QVERIFY2(r.error.contains(QLatin1String("issuer"), Qt::CaseInsensitive) ||
                 r.error.contains(QLatin1String("self-signed"), Qt::CaseInsensitive) ||
                 r.error.contains(QLatin1String("self signed"), Qt::CaseInsensitive),
             qPrintable(r.error));
    QVERIFY2(!r.error.contains(kPassword), qPrintable(r.error));
}

void TestDatasourcesIntegration::tlsSkipVerifyWarns()
{
    Datasource d = promDatasource();
    d.tlsCaPem.clear();
    d.tlsSkipVerify = true;
    Session s({d});
    const QueryClientChoice choice = s.registry.prometheusFor(QStringLiteral("prom"));
    QVERIFY(anyContains(choice.warnings, QStringLiteral("TLS certificate verification is off")));
    const QueryResult r = s.instant(QStringLiteral("prom"), QStringLiteral("vector(1)"));
    QVERIFY2(r.ok(), qPrintable(r.error));

    // And every panel using it says so.
    Dashboard dash;
    dash.panels << panel(1, QStringLiteral("prom"),
                         {target(QStringLiteral("A"), QStringLiteral("vector(1)"))});
    const QHash<int, PanelData> data = refreshAll(s.registry, dash);
    QVERIFY(data.contains(1));
    QVERIFY2(data[1].error.isEmpty(), qPrintable(data[1].error));
    QVERIFY2(anyContains(data[1].warnings, QStringLiteral("TLS certificate verification is off")),
             qPrintable(data[1].warnings.join(QLatin1Char('|'))));
}

void TestDatasourcesIntegration::serverNameOverride()
{
    // The certificate names prom.test only; the URL says 127.0.0.1.
    Datasource byAddress = mtlsDatasource();
    byAddress.uid = QStringLiteral("by-address");
    byAddress.tlsServerName.clear();
    Session s({byAddress, mtlsDatasource()});
    const QueryResult bad = s.instant(QStringLiteral("by-address"), QStringLiteral("vector(1)"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error.startsWith(QLatin1String("TLS handshake failed")), qPrintable(bad.error));
    QVERIFY2(bad.error.contains(QLatin1String("host name"), Qt::CaseInsensitive),
             qPrintable(bad.error));

    const QueryResult good = s.instant(QStringLiteral("mtls"), QStringLiteral("vector(1)"));
    QVERIFY2(good.ok(), qPrintable(good.error));
}

void TestDatasourcesIntegration::mutualTls()
{
    Datasource noCert = mtlsDatasource();
    noCert.uid = QStringLiteral("no-cert");
    noCert.tlsClientCertPem.clear();
    noCert.tlsClientKeyPem.clear();
    noCert.timeoutMs = 5000;
    {
        Session s({noCert});
        const QueryResult r = s.instant(QStringLiteral("no-cert"), QStringLiteral("vector(1)"));
        QVERIFY2(!r.ok(), "a server that requires a client certificate answered without one");
        // The server's refusal (a TLS alert after the handshake), not a timeout.
        QVERIFY2(!r.error.startsWith(QLatin1String("timed out")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(r.error));
    }
    Session s({mtlsDatasource()});
    const QueryResult r =
        s.instant(QStringLiteral("mtls"), QStringLiteral("count(http_requests_total)"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), std::size_t(1));
}

void TestDatasourcesIntegration::pooledConnectionKeepsVerification()
{
    // Two datasources at one address in one session: one skips verification, the
    // other trusts only the system CAs. A connection the first opened must not carry
    // the second's requests past verification.
    Datasource insecure = promDatasource();
    insecure.uid = QStringLiteral("insecure");
    insecure.tlsCaPem.clear();
    insecure.tlsSkipVerify = true;
    Datasource strict = promDatasource();
    strict.uid = QStringLiteral("strict");
    strict.tlsCaPem.clear();
    Session s({insecure, strict});

    const QueryResult first = s.instant(QStringLiteral("insecure"), QStringLiteral("vector(1)"));
    QVERIFY2(first.ok(), qPrintable(first.error));
    const QueryResult second = s.instant(QStringLiteral("strict"), QStringLiteral("vector(1)"));
    QVERIFY2(!second.ok(), "an unverified pooled connection served a datasource that verifies");
    QVERIFY2(second.error.startsWith(QLatin1String("TLS handshake failed")),
             qPrintable(second.error));
}

void TestDatasourcesIntegration::pooledConnectionKeepsClientCertificate()
{
    // The client certificate of one datasource must not authenticate another's
    // requests through a pooled connection.
    Datasource noCert = mtlsDatasource();
    noCert.uid = QStringLiteral("no-cert");
    noCert.tlsClientCertPem.clear();
    noCert.tlsClientKeyPem.clear();
    noCert.timeoutMs = 5000;
    Session s({mtlsDatasource(), noCert});
    const QueryResult withCert = s.instant(QStringLiteral("mtls"), QStringLiteral("vector(1)"));
    QVERIFY2(withCert.ok(), qPrintable(withCert.error));
    const QueryResult withoutCert =
        s.instant(QStringLiteral("no-cert"), QStringLiteral("vector(1)"));
    QVERIFY2(!withoutCert.ok(),
             "a pooled connection lent one datasource's client certificate to another");
}

void TestDatasourcesIntegration::redirectToOtherOriginDropsCredentials()
{
    const QByteArray ok = R"({"status":"success","data":{"resultType":"vector","result":[]}})";
    RecordingServer origin;
    RecordingServer elsewhere;
    QVERIFY(origin.listen());
    QVERIFY(elsewhere.listen());
    elsewhere.setDefaultRoute(200, ok);
    origin.setRoute("/api/v1/query", 302, {},
                    "Location: " + elsewhere.url().toEncoded() + "/api/v1/query\r\n");
    origin.setRoute("/same/api/v1/query", 302, {}, "Location: /moved/api/v1/query\r\n");
    origin.setRoute("/moved/api/v1/query", 200, ok);

    Datasource cross = plainDatasource(QStringLiteral("cross"), origin.url());
    cross.auth = Datasource::Auth::Basic;
    cross.basicAuthUser = kUser;
    cross.basicAuthPassword = kPassword;
    cross.headers << Datasource::Header{QStringLiteral("X-Scope-OrgID"),
                                        QString::fromLatin1(kTenant)}
                  << Datasource::Header{QStringLiteral("X-Api-Key"), QStringLiteral("k3y-s3cret")};
    Datasource same = cross;
    same.uid = QStringLiteral("same");
    same.url = QUrl(origin.url().toString() + QStringLiteral("/same"));
    Session s({cross, same});

    const QueryResult r = s.instant(QStringLiteral("cross"), QStringLiteral("up"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(origin.requests().size(), 1);
    QCOMPARE(origin.requests().first().header("X-Scope-OrgID"), kTenant);
    QCOMPARE(elsewhere.requests().size(), 1);
    const RecordingServer::Request leaked = elsewhere.requests().first();
    QCOMPARE(leaked.path, QByteArray("/api/v1/query"));
    QVERIFY2(!leaked.hasHeader("Authorization"), leaked.header("Authorization").constData());
    QVERIFY(!leaked.hasHeader("X-Scope-OrgID"));
    QVERIFY(!leaked.hasHeader("X-Api-Key"));

    origin.clear();
    const QueryResult r2 = s.instant(QStringLiteral("same"), QStringLiteral("up"));
    QVERIFY2(r2.ok(), qPrintable(r2.error));
    QCOMPARE(origin.requests().size(), 2);
    const RecordingServer::Request moved = origin.requests().at(1);
    QCOMPARE(moved.path, QByteArray("/moved/api/v1/query"));
    QCOMPARE(moved.header("Authorization"), basicHeader(kUser, kPassword));
    QCOMPARE(moved.header("X-Scope-OrgID"), kTenant);
    QCOMPARE(moved.header("X-Api-Key"), QByteArray("k3y-s3cret"));
    QCOMPARE(moved.param(QStringLiteral("query")), QStringLiteral("up"));
}

void TestDatasourcesIntegration::headersAndParamsReachServer()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setRoute("/api/v1/query_range", 200,
                    R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
    server.setDefaultRoute(200, R"({"status":"success","data":["job","instance"]})");
    Datasource d = plainDatasource(QStringLiteral("thanos"), server.url());
    d.headers << Datasource::Header{QStringLiteral("X-Scope-OrgID"), QString::fromLatin1(kTenant)};
    d.queryParams << std::pair{QStringLiteral("dedup"), QStringLiteral("true")}
                  << std::pair{QStringLiteral("partial_response"), QStringLiteral("true")};
    Session s({d});
    PrometheusClient *client = s.registry.prometheusFor(QStringLiteral("thanos")).client;
    QVERIFY(client);

    const QDateTime end = QDateTime::currentDateTimeUtc();
    std::unique_ptr<PrometheusQuery> range(
        client->queryRange(QStringLiteral("rate(up[5m])"), end.addSecs(-3600), end, 60));
    QSignalSpy rangeDone(range.get(), &PrometheusQuery::finished);
    std::unique_ptr<PrometheusListQuery> labels(client->labelNames({}, end.addSecs(-3600), end));
    QSignalSpy labelsDone(labels.get(), &PrometheusListQuery::finished);
    std::unique_ptr<PrometheusListQuery> values(
        client->labelValues(QStringLiteral("__name__"), {}, end.addSecs(-3600), end));
    QSignalSpy valuesDone(values.get(), &PrometheusListQuery::finished);
    QVERIFY(rangeDone.wait(10000) || rangeDone.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(labelsDone.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(valuesDone.size(), 1, 10000);
    QVERIFY2(labelsDone.first().at(1).toString().isEmpty(),
             qPrintable(labelsDone.first().at(1).toString()));

    QSet<QByteArray> paths;
    for (const RecordingServer::Request &r : server.requests()) {
        paths << r.path;
        QCOMPARE(r.header("X-Scope-OrgID"), kTenant);
        QCOMPARE(r.param(QStringLiteral("dedup")), QStringLiteral("true"));
        QCOMPARE(r.param(QStringLiteral("partial_response")), QStringLiteral("true"));
        QVERIFY2(!r.param(QStringLiteral("start")).isEmpty(), r.target.constData());
        QVERIFY2(!r.param(QStringLiteral("end")).isEmpty(), r.target.constData());
    }
    QCOMPARE(paths, (QSet<QByteArray>{"/api/v1/query_range", "/api/v1/labels",
                                      "/api/v1/label/__name__/values"}));
}

void TestDatasourcesIntegration::headerWithLineBreakRefused()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setDefaultRoute(200,
                           R"({"status":"success","data":{"resultType":"vector","result":[]}})");
    Datasource d = plainDatasource(QStringLiteral("smuggle"), server.url());
    d.headers << Datasource::Header{QStringLiteral("X-Scope-OrgID"),
                                    QStringLiteral("tenant-a\r\nX-Scope-OrgID: tenant-b")};
    Session s({d});
    const QueryResult r = s.instant(QStringLiteral("smuggle"), QStringLiteral("up"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("line break")), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QLatin1String("tenant-b")), qPrintable(r.error));
    QTest::qWait(200);
    QCOMPARE(server.requests().size(), 0);
}

void TestDatasourcesIntegration::warningsAndPartialAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    const QByteArray matrix =
        R"("data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1700000000,"1"]]}]})";
    QTest::newRow("prometheus warnings and infos")
        << QByteArray(
               R"({"status":"success",)" + matrix +
               R"(,"warnings":["PromQL warning: encountered a mix of histograms and floats"],)"
               R"("infos":["PromQL info: metric might not be a counter"]})")
        << QStringList{QStringLiteral("mix of histograms"),
                       QStringLiteral("might not be a counter")};
    // VictoriaMetrics cluster writes isPartial before data.
    QTest::newRow("victoriametrics isPartial first")
        << QByteArray(R"({"status":"success","isPartial":true,)" + matrix + "}")
        << QStringList{QStringLiteral("partial")};
    QTest::newRow("isPartial last")
        << QByteArray(R"({"status":"success",)" + matrix + R"(,"isPartial":true})")
        << QStringList{QStringLiteral("partial")};
}

void TestDatasourcesIntegration::warningsAndPartialAnswers()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    RecordingServer server;
    QVERIFY(server.listen());
    server.setDefaultRoute(200, body);
    Session s({plainDatasource(QStringLiteral("warns"), server.url())});
    Dashboard dash;
    dash.panels << panel(1, QStringLiteral("warns"),
                         {target(QStringLiteral("A"), QStringLiteral("up"))});
    const QHash<int, PanelData> data = refreshAll(s.registry, dash);
    QVERIFY(data.contains(1));
    QVERIFY2(data[1].error.isEmpty(), qPrintable(data[1].error));
    QCOMPARE(data[1].series.size(), std::size_t(1));
    for (const QString &w : expected)
        QVERIFY2(
            anyContains(data[1].warnings, w),
            qPrintable(w + QLatin1String(" not in: ") + data[1].warnings.join(QLatin1Char('|'))));
}

void TestDatasourcesIntegration::twoDatasourcesOnOneDashboard()
{
    Datasource vm = plainDatasource(QStringLiteral("vm"), m_vm.url());
    vm.name = QStringLiteral("VictoriaMetrics");
    Datasource prom = promDatasource();
    prom.isDefault = true;
    Session s({prom, vm});

    const QString promExpr = QStringLiteral("count(http_requests_total)");
    const QString vmExpr = QStringLiteral("dozor_vm_only");
    Dashboard dash;
    dash.panels << panel(1, QStringLiteral("prom"), {target(QStringLiteral("A"), promExpr)})
                << panel(2, QStringLiteral("vm"), {target(QStringLiteral("A"), vmExpr)})
                << panel(3, QStringLiteral("-- Mixed --"),
                         {target(QStringLiteral("P"), promExpr, QStringLiteral("prom")),
                          target(QStringLiteral("V"), vmExpr, QStringLiteral("vm"))})
                // The other way round: each server lacks the other's metric.
                << panel(4, QStringLiteral("vm"), {target(QStringLiteral("A"), promExpr)})
                << panel(5, QStringLiteral("prom"), {target(QStringLiteral("A"), vmExpr)});
    const QHash<int, PanelData> data = refreshAll(s.registry, dash);
    QCOMPARE(data.size(), 5);
    for (const PanelData &d : data)
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));

    QCOMPARE(data[1].series.size(), std::size_t(1));
    QVERIFY(!data[1].series.front().values.empty());
    QCOMPARE(data[2].series.size(), std::size_t(1));
    QCOMPARE(data[2].series.front().labels.value(QStringLiteral("job")),
             QStringLiteral("vm-import"));
    QVERIFY(data[2].series.front().values.size() >= 10);
    QCOMPARE(data[3].series.size(), std::size_t(2));
    QCOMPARE(data[3].series.at(0).refId, QStringLiteral("P"));
    QCOMPARE(data[3].series.at(1).refId, QStringLiteral("V"));
    QCOMPARE(data[3].series.at(1).labels.value(QStringLiteral("__name__")), vmExpr);
    QVERIFY2(data[4].series.empty(), qPrintable(seriesNames(data[4]).join(QLatin1Char(','))));
    QVERIFY2(data[5].series.empty(), qPrintable(seriesNames(data[5]).join(QLatin1Char(','))));
}

void TestDatasourcesIntegration::nginxPrefixAndTenant()
{
    const QUrl url(m_nginx.url().toString() + QStringLiteral("/prometheus"));
    Datasource tenant = plainDatasource(QStringLiteral("mimir"), url);
    tenant.headers << Datasource::Header{QStringLiteral("X-Scope-OrgID"),
                                         QString::fromLatin1(kTenant)};
    Datasource anonymous = plainDatasource(QStringLiteral("anonymous"), url);
    Session s({tenant, anonymous});

    const QueryResult ok =
        s.instant(QStringLiteral("mimir"), QStringLiteral("count(http_requests_total)"));
    QVERIFY2(ok.ok(), qPrintable(ok.error));
    QCOMPARE(ok.series.size(), std::size_t(1));

    const QueryResult refused =
        s.instant(QStringLiteral("anonymous"), QStringLiteral("count(http_requests_total)"));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.startsWith(QLatin1String("HTTP 401")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QLatin1String("/prometheus/api/v1/query")),
             qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QLatin1String("credentials")), qPrintable(refused.error));
}

QTEST_GUILESS_MAIN(TestDatasourcesIntegration)
#include "tst_datasourcesintegration.moc"
