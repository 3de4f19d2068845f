// Grafana provisioning files and datasource references: what an operator's existing
// Grafana configuration gives Dozor.
#include "datasource.h"
#include "datasourceregistry.h"
#include "dashboardqueries.h"
#include "prometheusclient.h"
#include "provisioning.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

class TestProvisioning : public QObject
{
    Q_OBJECT
private slots:
    void readsGrafanaDatasourceFolder();
    void expandsEnvironmentVariables();
    void expandEnvRules();
    void brokenFilesSayWhereAndWhy_data();
    void brokenFilesSayWhereAndWhy();
    void unusableEntriesBecomeWarnings();
    void dashboardProvidersListDashboards();
    void resolvesDashboardReferences();
    void environmentSwitchRepointsReferences();
    void httpOptionsCarryAuthHeadersParamsAndTls();
    void headerInjectionIsRefused();
    void unreadableTlsFilesAreAConfigError();
    void dashboardQueriesUseEachTargetsDatasource();
    void timeouts();
};

namespace {
const QString kDir = QStringLiteral(DOZOR_TEST_DATA "/provisioning");

ProvisioningReader::EnvLookup fakeEnv(QHash<QString, QString> vars)
{
    return [vars](const QString &name) { return vars.value(name); };
}

const Datasource *byUid(const QList<Datasource> &list, const QString &uid)
{
    for (const Datasource &d : list)
        if (d.uid == uid)
            return &d;
    return nullptr;
}

Datasource prom(const QString &uid, const QString &env = {}, bool isDefault = false)
{
    Datasource d;
    d.name = uid.toUpper();
    d.uid = uid;
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("http://%1.example:9090").arg(uid));
    d.environment = env;
    d.isDefault = isDefault;
    return d;
}
} // namespace

void TestProvisioning::readsGrafanaDatasourceFolder()
{
    Provisioning p;
    QString error;
    QVERIFY2(ProvisioningReader::read(kDir, &p, &error, fakeEnv({{QStringLiteral("PROM_PASSWORD"), QStringLiteral("pw")}})),
             qPrintable(error));
    // Six entries in two files, all kept (a Loki one too: shown, not queried).
    QCOMPARE(p.datasources.size(), 6);
    const Datasource *prod = byUid(p.datasources, QStringLiteral("prom-prod"));
    QVERIFY(prod);
    QCOMPARE(prod->name, QStringLiteral("Prometheus Production"));
    QCOMPARE(prod->type, QStringLiteral("prometheus"));
    QCOMPARE(prod->url, QUrl(QStringLiteral("https://prometheus.prod.example:9090")));
    QVERIFY(prod->isDefault);
    QCOMPARE(prod->environment, QStringLiteral("production"));
    QCOMPARE(prod->auth, Datasource::Auth::Basic);
    QCOMPARE(prod->basicAuthUser, QStringLiteral("grafana"));
    QCOMPARE(prod->basicAuthPassword, QStringLiteral("pw"));
    QCOMPARE(prod->scrapeIntervalSeconds, 30.0);
    QCOMPARE(prod->timeoutMs, 60000);
    QCOMPARE(prod->tlsServerName, QStringLiteral("prometheus.internal"));
    QVERIFY(prod->tlsCaPem.contains("BEGIN CERTIFICATE"));
    QCOMPARE(prod->exemplarTraceIdLabel, QStringLiteral("traceID"));
    QVERIFY(prod->origin.contains(QLatin1String("prometheus.yml")));

    const Datasource *mimir = byUid(p.datasources, QStringLiteral("mimir-staging"));
    QVERIFY(mimir);
    QCOMPARE(mimir->url.path(), QStringLiteral("/prometheus"));
    QCOMPARE(mimir->headers.size(), 1);
    QCOMPARE(mimir->headers.first().name, QStringLiteral("X-Scope-OrgID"));
    QCOMPARE(mimir->headers.first().value, QStringLiteral("tenant-a"));
    QCOMPARE(mimir->auth, Datasource::Auth::Bearer); // httpHeaderName2: Authorization, "Bearer ..."

    const Datasource *thanos = byUid(p.datasources, QStringLiteral("thanos-prod"));
    QVERIFY(thanos);
    QVERIFY(thanos->tlsSkipVerify);
    QCOMPARE(thanos->queryParams.size(), 3);
    QCOMPARE(thanos->queryParams.at(0), std::make_pair(QStringLiteral("dedup"), QStringLiteral("true")));
    QCOMPARE(thanos->queryParams.at(2),
             std::make_pair(QStringLiteral("max_source_resolution"), QStringLiteral("5m")));

    // No uid in the file: made from the name, as stable as the name.
    const Datasource *am = byUid(p.datasources, QStringLiteral("alertmanager"));
    QVERIFY(am);
    QCOMPARE(am->type, QStringLiteral("alertmanager"));
    QCOMPARE(datasourceEnvironments(p.datasources), (QStringList{QStringLiteral("production"), QStringLiteral("staging")}));
}

void TestProvisioning::expandsEnvironmentVariables()
{
    Provisioning p;
    QString error;
    QVERIFY(ProvisioningReader::read(kDir + QStringLiteral("/datasources/prometheus.yml"), &p, &error,
                                     fakeEnv({{QStringLiteral("MIMIR_TOKEN"), QStringLiteral("tok-123")}})));
    const Datasource *mimir = byUid(p.datasources, QStringLiteral("mimir-staging"));
    QVERIFY(mimir);
    QCOMPARE(mimir->bearerToken, QStringLiteral("tok-123"));
    // Unset: empty, as Grafana does; the datasource then says what it misses.
    const Datasource *prod = byUid(p.datasources, QStringLiteral("prom-prod"));
    QVERIFY(prod->basicAuthPassword.isEmpty());
    QVERIFY(prod->missingSecret().contains(QLatin1String("password for user grafana")));
}

void TestProvisioning::expandEnvRules()
{
    const auto env = fakeEnv({{QStringLiteral("A"), QStringLiteral("x")}, {QStringLiteral("LONG_NAME1"), QStringLiteral("y")}});
    using ProvisioningReader::expandEnv;
    QCOMPARE(expandEnv(QStringLiteral("$A-${LONG_NAME1}"), env), QStringLiteral("x-y"));
    QCOMPARE(expandEnv(QStringLiteral("cost $$5"), env), QStringLiteral("cost $5"));
    QCOMPARE(expandEnv(QStringLiteral("$UNSET."), env), QStringLiteral("."));
    QCOMPARE(expandEnv(QStringLiteral("${A"), env), QStringLiteral("${A"));
    QCOMPARE(expandEnv(QStringLiteral("100$"), env), QStringLiteral("100$"));
    QCOMPARE(expandEnv(QStringLiteral("no vars"), env), QStringLiteral("no vars"));
}

void TestProvisioning::brokenFilesSayWhereAndWhy_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not yaml") << QByteArray("datasources: [name: x\n  type: {") << QStringLiteral("bad.yml:");
    QTest::newRow("list of strings") << QByteArray("apiVersion: 1\ndatasources:\n  - just a string\n")
                                     << QStringLiteral("bad.yml:3:5: datasource #1 should be a mapping");
    QTest::newRow("no name") << QByteArray("apiVersion: 1\ndatasources:\n  - type: prometheus\n    url: http://x\n")
                             << QStringLiteral("datasource #1 has no name");
    QTest::newRow("no type") << QByteArray("apiVersion: 1\ndatasources:\n  - name: P\n    url: http://x\n")
                             << QStringLiteral("datasource P has no type");
    QTest::newRow("bad bool") << QByteArray("datasources:\n  - name: P\n    type: prometheus\n    isDefault: maybe\n")
                              << QStringLiteral("isDefault should be true or false");
    QTest::newRow("jsonData list") << QByteArray("datasources:\n  - name: P\n    type: prometheus\n    jsonData: [1]\n")
                                   << QStringLiteral("jsonData should be a mapping");
    QTest::newRow("datasources map") << QByteArray("datasources:\n  name: P\n") << QStringLiteral("datasources should be a list");
    QTest::newRow("scalar file") << QByteArray("hello") << QStringLiteral("not a Grafana datasources file");
}

void TestProvisioning::brokenFilesSayWhereAndWhy()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    QList<Datasource> out;
    QStringList warnings;
    QString error;
    QVERIFY(!ProvisioningReader::parseDatasources(yaml, QStringLiteral("bad.yml"), &out, &warnings, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(out.isEmpty());

    // Through the folder reader too: the whole read fails with the file named.
    QTemporaryDir dir;
    QDir(dir.path()).mkdir(QStringLiteral("datasources"));
    QFile f(dir.filePath(QStringLiteral("datasources/bad.yml")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(yaml);
    f.close();
    Provisioning p;
    QVERIFY(!ProvisioningReader::read(dir.path(), &p, &error));
    QVERIFY2(error.contains(QLatin1String("datasources/bad.yml")), qPrintable(error));
}

void TestProvisioning::unusableEntriesBecomeWarnings()
{
    const QByteArray yaml = "apiVersion: 2\n"
                            "datasources:\n"
                            "  - name: No URL\n    type: prometheus\n"
                            "  - name: File URL\n    type: prometheus\n    url: file:///etc/passwd\n"
                            "  - name: Good\n    type: prometheus\n    uid: g\n    url: http://127.0.0.1:9090\n"
                            "  - name: Twin\n    type: prometheus\n    uid: g\n    url: http://127.0.0.1:9091\n"
                            "  - name: Slow\n    type: prometheus\n    url: http://x\n    jsonData:\n      timeout: soon\n"
                            "deleteDatasources:\n  - name: Old\n";
    QList<Datasource> out;
    QStringList warnings;
    QString error;
    QVERIFY2(ProvisioningReader::parseDatasources(yaml, QStringLiteral("w.yml"), &out, &warnings, &error), qPrintable(error));
    QCOMPARE(out.size(), 2); // Good and Slow
    QCOMPARE(out.first().name, QStringLiteral("Good"));
    const QString all = warnings.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("apiVersion 2")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("No URL has no http(s) URL")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("File URL has no http(s) URL")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("uid g")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("timeout \"soon\"")), qPrintable(all));
    QCOMPARE(out.last().timeoutMs, 30000);
}

void TestProvisioning::dashboardProvidersListDashboards()
{
    Provisioning p;
    QString error;
    QVERIFY2(ProvisioningReader::read(kDir, &p, &error), qPrintable(error));
    QCOMPARE(p.providers.size(), 1);
    QCOMPARE(p.providers.first().folder, QStringLiteral("Team A"));
    QVERIFY(p.providers.first().path.endsWith(QLatin1String("provisioning/dashboards-json")));
    const QList<ProvisionedDashboard> dashboards = p.dashboards();
    QCOMPARE(dashboards.size(), 2); // notes.json is not a dashboard
    QCOMPARE(dashboards.at(0).title, QStringLiteral("Ops Overview"));
    QCOMPARE(dashboards.at(0).folder, QStringLiteral("Team A"));
    QCOMPARE(dashboards.at(1).title, QStringLiteral("Team A API"));
    QCOMPARE(dashboards.at(1).folder, QStringLiteral("team-a")); // foldersFromFilesStructure
    QVERIFY(p.findDashboard(QStringLiteral("team-a-api")));
    QCOMPARE(p.findDashboard(QStringLiteral("ops overview"))->uid, QStringLiteral("ops-overview"));
    QVERIFY(!p.findDashboard(QStringLiteral("nothing")));

    // A provider without a path is an error that names the file.
    QList<DashboardProvider> providers;
    QStringList warnings;
    QVERIFY(!ProvisioningReader::parseDashboardProviders("providers:\n  - name: x\n    type: file\n",
                                                         QStringLiteral("d.yml"), &providers, &warnings, &error));
    QVERIFY2(error.contains(QLatin1String("d.yml:2:5: provider x has no options.path")), qPrintable(error));
}

void TestProvisioning::resolvesDashboardReferences()
{
    const QList<Datasource> list{prom(QStringLiteral("a")), prom(QStringLiteral("b"), {}, true),
                                 prom(QStringLiteral("c"))};
    QCOMPARE(resolveDatasource(list, {}, QStringLiteral("prometheus")).datasource->uid, QStringLiteral("b"));
    QCOMPARE(resolveDatasource(list, QStringLiteral("c"), QStringLiteral("prometheus")).datasource->uid, QStringLiteral("c"));
    // By name (as old dashboards write it), case-insensitive.
    QCOMPARE(resolveDatasource(list, QStringLiteral("a"), QStringLiteral("prometheus")).datasource->uid, QStringLiteral("a"));
    QCOMPARE(resolveDatasource(list, QStringLiteral("A"), QStringLiteral("prometheus")).datasource->uid, QStringLiteral("a"));
    for (const char *meansDefault : {"${DS_PROMETHEUS}", "-- Mixed --", "default", "prometheus", "$datasource"}) {
        const DatasourceResolution r = resolveDatasource(list, QLatin1String(meansDefault), QStringLiteral("prometheus"));
        QCOMPARE(r.datasource->uid, QStringLiteral("b"));
        QVERIFY2(r.note.isEmpty(), meansDefault);
    }
    // An unknown uid: the default, and the panel is told.
    const DatasourceResolution unknown = resolveDatasource(list, QStringLiteral("gone"), QStringLiteral("prometheus"));
    QCOMPARE(unknown.datasource->uid, QStringLiteral("b"));
    QVERIFY2(unknown.note.contains(QLatin1String("\"gone\" is not configured; using B")), qPrintable(unknown.note));
    // No Prometheus at all.
    const DatasourceResolution none = resolveDatasource({}, QStringLiteral("a"), QStringLiteral("prometheus"));
    QVERIFY(!none.datasource);
    QCOMPARE(none.note, QStringLiteral("no prometheus datasource is configured"));
    // Types are kept apart: a jaeger uid is not a Prometheus.
    Datasource j;
    j.uid = QStringLiteral("tracing");
    j.type = QStringLiteral("jaeger");
    j.name = QStringLiteral("Tracing");
    QList<Datasource> mixed = list;
    mixed.append(j);
    QCOMPARE(resolveDatasource(mixed, QStringLiteral("tracing"), QStringLiteral("prometheus")).datasource->uid, QStringLiteral("b"));
    QCOMPARE(resolveDatasource(mixed, QStringLiteral("tracing"), QStringLiteral("jaeger")).datasource->uid, QStringLiteral("tracing"));
}

void TestProvisioning::environmentSwitchRepointsReferences()
{
    const QList<Datasource> list{prom(QStringLiteral("prom-prod"), QStringLiteral("production"), true),
                                 prom(QStringLiteral("vm-prod"), QStringLiteral("production")),
                                 prom(QStringLiteral("prom-staging"), QStringLiteral("staging")),
                                 prom(QStringLiteral("prom-dev"), QStringLiteral("dev")),
                                 prom(QStringLiteral("shared"))};
    // No environment chosen: references are taken literally.
    QCOMPARE(resolveDatasource(list, QStringLiteral("prom-prod"), QStringLiteral("prometheus")).datasource->uid,
             QStringLiteral("prom-prod"));
    QCOMPARE(resolveDatasource(list, {}, QStringLiteral("prometheus")).datasource->uid, QStringLiteral("prom-prod"));
    // Staging: the dashboard's production references go to staging's Prometheus.
    for (const char *ref : {"prom-prod", "vm-prod", "", "${DS_PROMETHEUS}"})
        QCOMPARE(resolveDatasource(list, QLatin1String(ref), QStringLiteral("prometheus"), QStringLiteral("staging"))
                     .datasource->uid,
                 QStringLiteral("prom-staging"));
    // Within the environment itself, references stay as written.
    QCOMPARE(resolveDatasource(list, QStringLiteral("vm-prod"), QStringLiteral("prometheus"), QStringLiteral("production"))
                 .datasource->uid,
             QStringLiteral("vm-prod"));
    // A datasource in no environment is in all of them.
    QCOMPARE(resolveDatasource(list, QStringLiteral("shared"), QStringLiteral("prometheus"), QStringLiteral("dev"))
                 .datasource->uid,
             QStringLiteral("shared"));

    // The registry hands out one client per datasource and re-points on a switch.
    QNetworkAccessManager nam;
    DatasourceRegistry registry(&nam);
    registry.setDatasources(list);
    QSignalSpy changed(&registry, &DatasourceRegistry::changed);
    const QueryClientChoice before = registry.prometheusFor(QStringLiteral("prom-prod"));
    QVERIFY(before.client);
    QCOMPARE(before.client->baseUrl(), QUrl(QStringLiteral("http://prom-prod.example:9090")));
    registry.setEnvironment(QStringLiteral("dev"));
    QCOMPARE(changed.size(), 1);
    const QueryClientChoice after = registry.prometheusFor(QStringLiteral("prom-prod"));
    QCOMPARE(after.datasourceName, QStringLiteral("PROM-DEV"));
    QCOMPARE(after.client->baseUrl(), QUrl(QStringLiteral("http://prom-dev.example:9090")));
    QVERIFY(after.client != before.client);
    QCOMPARE(registry.prometheusFor(QStringLiteral("prom-dev")).client, after.client);
    // Editing a datasource reconfigures its live client in place.
    QList<Datasource> edited = list;
    edited[3].url = QUrl(QStringLiteral("http://127.0.0.1:1234/prefix"));
    registry.setDatasources(edited);
    QCOMPARE(after.client->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:1234/prefix")));
}

void TestProvisioning::httpOptionsCarryAuthHeadersParamsAndTls()
{
    Datasource d = prom(QStringLiteral("x"));
    d.auth = Datasource::Auth::Basic;
    d.basicAuthUser = QStringLiteral("admin");
    d.basicAuthPassword = QStringLiteral("pä ss");
    d.headers.append({QStringLiteral("X-Scope-OrgID"), QStringLiteral("tenant-a")});
    d.queryParams.append({QStringLiteral("dedup"), QStringLiteral("true")});
    QString error;
    HttpOptions o = d.httpOptions(&error);
    QVERIFY(error.isEmpty());
    QCOMPARE(o.headers.size(), 2);
    QCOMPARE(o.headers.at(0).first, QByteArray("Authorization"));
    QCOMPARE(o.headers.at(0).second, "Basic " + QByteArray("admin:pä ss").toBase64());
    QCOMPARE(o.headers.at(1), std::make_pair(QByteArray("X-Scope-OrgID"), QByteArray("tenant-a")));
    QVERIFY(!o.ssl); // no TLS settings: the system's
    const QUrl url = withQueryParams(QUrl(QStringLiteral("http://h/api/v1/labels?start=1")), o.queryParams);
    QCOMPARE(url.query(), QStringLiteral("start=1&dedup=true"));

    // Bearer from an environment variable named in the config.
    Datasource b = prom(QStringLiteral("y"));
    b.auth = Datasource::Auth::Bearer;
    b.tokenEnv = QStringLiteral("DOZOR_TEST_TOKEN_X");
    QVERIFY(b.missingSecret().contains(QLatin1String("DOZOR_TEST_TOKEN_X")));
    qputenv("DOZOR_TEST_TOKEN_X", "abc");
    QVERIFY(b.missingSecret().isEmpty());
    QCOMPARE(b.httpOptions().headers.value(0).second, QByteArray("Bearer abc"));
    qunsetenv("DOZOR_TEST_TOKEN_X");

    // Skip-verify is an explicit SSL configuration, and the registry warns about it.
    Datasource s = prom(QStringLiteral("z"));
    s.tlsSkipVerify = true;
    s.tlsServerName = QStringLiteral("prom.internal");
    o = s.httpOptions();
    QVERIFY(o.ssl);
    QCOMPARE(o.ssl->peerVerifyMode(), QSslSocket::VerifyNone);
    QCOMPARE(o.peerVerifyName, QStringLiteral("prom.internal"));
    QNetworkAccessManager nam;
    DatasourceRegistry registry(&nam);
    registry.setDatasources({s});
    const QueryClientChoice c = registry.prometheusFor({});
    QCOMPARE(c.warnings.size(), 1);
    QVERIFY(c.warnings.first().contains(QLatin1String("TLS certificate verification is off for datasource Z")));

    // Secrets never show in the description.
    QVERIFY(!d.describe().contains(QLatin1String("pä ss")));
    QVERIFY(d.hasSecrets());
}

void TestProvisioning::headerInjectionIsRefused()
{
    Datasource d = prom(QStringLiteral("x"));
    d.headers.append({QStringLiteral("X-Scope-OrgID"), QStringLiteral("a\r\nX-Evil: 1")});
    QString error;
    HttpOptions o = d.httpOptions(&error);
    QVERIFY2(error.contains(QLatin1String("line break")), qPrintable(error));
    QVERIFY(o.headers.isEmpty());
    QCOMPARE(o.configError, error);
    QVERIFY(!error.contains(QLatin1String("X-Evil"))); // the value is not echoed

    Datasource n = prom(QStringLiteral("y"));
    n.headers.append({QStringLiteral("Bad Name:"), QStringLiteral("v")});
    QVERIFY(n.httpOptions(&error).headers.isEmpty());
    QVERIFY2(error.contains(QLatin1String("invalid HTTP header name")), qPrintable(error));

    // A request with such options fails with the configuration error and is never sent.
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
    client.setHttpOptions(o);
    PrometheusQuery *q = client.queryInstant(QStringLiteral("up"), QDateTime::currentDateTimeUtc());
    QSignalSpy done(q, &PrometheusQuery::finished);
    QVERIFY(done.wait(5000));
    const QueryResult r = done.first().first().value<QueryResult>();
    QVERIFY2(r.error.contains(QLatin1String("line break")), qPrintable(r.error));
}

void TestProvisioning::unreadableTlsFilesAreAConfigError()
{
    Datasource d = prom(QStringLiteral("x"));
    d.tlsCaFile = QStringLiteral("/nonexistent/ca.pem");
    QString error;
    d.httpOptions(&error);
    QVERIFY2(error.contains(QLatin1String("cannot read the CA certificate file /nonexistent/ca.pem")), qPrintable(error));
    Datasource k = prom(QStringLiteral("y"));
    k.tlsCaPem = "garbage";
    k.httpOptions(&error);
    QVERIFY2(error.contains(QLatin1String("not PEM")), qPrintable(error));
    Datasource m = prom(QStringLiteral("z"));
    m.tlsClientCertPem = "-----BEGIN CERTIFICATE-----\nbad\n-----END CERTIFICATE-----\n";
    m.tlsClientKeyPem = "secret key text";
    m.httpOptions(&error);
    QVERIFY2(error.contains(QLatin1String("client certificate")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("secret key text")));
}

void TestProvisioning::dashboardQueriesUseEachTargetsDatasource()
{
    // Two Prometheus datasources (nothing listens: the URLs the queries go to tell
    // which was chosen), a panel per datasource and a Mixed panel with one target on each.
    QNetworkAccessManager nam;
    DatasourceRegistry registry(&nam);
    Datasource a = prom(QStringLiteral("a"), {}, true);
    a.url = QUrl(QStringLiteral("http://127.0.0.1:9/a"));
    Datasource b = prom(QStringLiteral("b"));
    b.url = QUrl(QStringLiteral("http://127.0.0.1:9/b"));
    b.scrapeIntervalSeconds = 60;
    registry.setDatasources({a, b});
    PrometheusClient fallback(&nam);
    DashboardQueries queries(&fallback);
    queries.setClientResolver([&registry](const QString &ref) { return registry.prometheusFor(ref); });

    Dashboard d;
    Panel p1;
    p1.id = 1;
    p1.datasource = QStringLiteral("b");
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("rate(x[$__rate_interval])");
    p1.targets << t;
    Panel p2;
    p2.id = 2;
    p2.datasource = QStringLiteral("-- Mixed --");
    Target ta = t;
    ta.datasource = QStringLiteral("a");
    Target tb = t;
    tb.refId = QStringLiteral("B");
    tb.datasource = QStringLiteral("b");
    p2.targets << ta << tb;
    Panel p3;
    p3.id = 3;
    p3.datasource = QStringLiteral("missing-uid");
    p3.targets << t;
    d.panels << p1 << p2 << p3;
    queries.setDashboard(d);

    QCOMPARE(queries.clientFor(p1, t).client->baseUrl().path(), QStringLiteral("/b"));
    QCOMPARE(queries.clientFor(p2, ta).client->baseUrl().path(), QStringLiteral("/a"));
    QCOMPARE(queries.clientFor(p2, tb).client->baseUrl().path(), QStringLiteral("/b"));
    QCOMPARE(queries.clientFor(p3, t).client->baseUrl().path(), QStringLiteral("/a"));
    // $__rate_interval follows the datasource's scrape interval (4 x 60 s).
    QVERIFY2(queries.interpolatedExpr(p1, t, 0, 3600000, 15).contains(QLatin1String("[4m0s]")),
             qPrintable(queries.interpolatedExpr(p1, t, 0, 3600000, 15)));

    QHash<int, PanelData> finished;
    connect(&queries, &DashboardQueries::panelFinished, this,
            [&finished](int id, const PanelData &data) { finished.insert(id, data); });
    queries.refresh({{1, 600}, {2, 600}, {3, 600}}, TimeRange{});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 15000);
    // Each failed on its own server, and the unknown uid is named on its panel.
    QVERIFY2(finished[1].error.contains(QLatin1String("127.0.0.1:9/b/api/v1/query_range")), qPrintable(finished[1].error));
    QVERIFY2(finished[2].error.contains(QLatin1String("/a/api")) && finished[2].error.contains(QLatin1String("/b/api")),
             qPrintable(finished[2].error));
    QVERIFY2(finished[3].warnings.join(QLatin1Char(' ')).contains(QLatin1String("\"missing-uid\" is not configured; using A")),
             qPrintable(finished[3].warnings.join(QLatin1Char(' '))));

    // No Prometheus configured: the panel says so instead of querying anything.
    registry.setDatasources({});
    finished.clear();
    queries.refresh({{1, 600}}, TimeRange{});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(finished[1].error, QStringLiteral("no prometheus datasource is configured"));
}

void TestProvisioning::timeouts()
{
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("60")), 60000);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("30s")), 30000);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("1m")), 60000);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("250ms")), 250);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("-5")), -1);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("0")), -1);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("1e400")), -1);
    QCOMPARE(Datasource::parseTimeoutMs(QStringLiteral("48h")), -1);
    QCOMPARE(Datasource::makeUid(QStringLiteral("  Prod / Prometheus #1 ")), QStringLiteral("prod-prometheus-1"));
}

QTEST_GUILESS_MAIN(TestProvisioning)
#include "tst_provisioning.moc"
