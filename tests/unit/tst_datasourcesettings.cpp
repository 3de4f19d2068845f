// Datasources in the settings file: everything but the secrets comes back, the file
// holds no password, token, Authorization value, header value or client key, and
// provisioned datasources are not copied into it.
#include "datasourcesettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class TestDatasourceSettings : public QObject
{
    Q_OBJECT
private slots:
    void roundTripWithoutSecrets();
    void provisionedAreNotSaved();
    void saveReplacesTheList();
    void emptyAndBrokenEntries();
};

namespace {

Datasource full()
{
    Datasource d;
    d.name = QStringLiteral("Mimir EU");
    d.uid = QStringLiteral("mimir-eu");
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("https://mimir.example.com/prometheus"));
    d.isDefault = true;
    d.environment = QStringLiteral("production");
    d.implementation = QStringLiteral("Mimir");
    d.auth = Datasource::Auth::Basic;
    d.basicAuthUser = QStringLiteral("grafana");
    d.basicAuthPassword = QStringLiteral("pw-Secret-4417");
    d.bearerToken = QStringLiteral("bearer-Secret-9921");
    d.authorizationHeader = QStringLiteral("Custom hdr-Secret-5150");
    d.passwordEnv = QStringLiteral("MIMIR_PASSWORD");
    d.tokenEnv = QStringLiteral("MIMIR_TOKEN");
    d.headers = {{QStringLiteral("X-Scope-OrgID"), QStringLiteral("tenant-Secret-3141")},
                 {QStringLiteral("X-Extra"), QStringLiteral("extra-Secret-2718")}};
    d.queryParams = {{QStringLiteral("dedup"), QStringLiteral("true")},
                     {QStringLiteral("max_source_resolution"), QStringLiteral("5m")}};
    d.tlsCaPem =
        QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nCApublic\n-----END CERTIFICATE-----\n");
    d.tlsCaFile = QStringLiteral("/etc/ssl/internal-ca.pem");
    d.tlsClientCertPem =
        QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nCERTpublic\n-----END CERTIFICATE-----\n");
    d.tlsClientCertFile = QStringLiteral("/etc/dozor/client.pem");
    d.tlsClientKeyPem = QByteArrayLiteral(
        "-----BEGIN PRIVATE KEY-----\nkey-Secret-1618\n-----END PRIVATE KEY-----\n");
    d.tlsClientKeyFile = QStringLiteral("/etc/dozor/client.key");
    d.tlsServerName = QStringLiteral("mimir.internal");
    d.tlsSkipVerify = true;
    d.timeoutMs = 45000;
    d.scrapeIntervalSeconds = 30;
    d.exemplarTraceIdLabel = QStringLiteral("traceID");
    d.origin = QStringLiteral("settings");
    return d;
}

const QList<QByteArray> kSecrets{"pw-Secret-4417",     "bearer-Secret-9921", "hdr-Secret-5150",
                                 "tenant-Secret-3141", "extra-Secret-2718",  "key-Secret-1618",
                                 "PRIVATE KEY"};

QByteArray fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

void TestDatasourceSettings::roundTripWithoutSecrets()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dozor.conf"));
    Datasource second;
    second.name = QStringLiteral("Alerts");
    second.uid = QStringLiteral("alerts");
    second.type = QStringLiteral("alertmanager");
    second.url = QUrl(QStringLiteral("http://127.0.0.1:9093"));
    second.auth = Datasource::Auth::Bearer;
    second.bearerToken = QStringLiteral("bearer-Secret-9921");
    {
        QSettings s(path, QSettings::IniFormat);
        DatasourceSettings::save(s, {full(), second});
    }
    const QByteArray text = fileText(path);
    QVERIFY(text.contains("X-Scope-OrgID")); // the name is kept
    QVERIFY(text.contains("mimir.example.com"));
    for (const QByteArray &secret : kSecrets) {
        QVERIFY2(!text.contains(secret), secret.constData());
        QVERIFY2(!text.contains(secret.toBase64()), secret.constData());
    }

    QSettings s(path, QSettings::IniFormat);
    const QList<Datasource> loaded = DatasourceSettings::load(s);
    QCOMPARE(loaded.size(), 2);
    const Datasource &d = loaded.at(0);
    const Datasource want = full();
    QCOMPARE(d.name, want.name);
    QCOMPARE(d.uid, want.uid);
    QCOMPARE(d.type, want.type);
    QCOMPARE(d.url, want.url);
    QCOMPARE(d.isDefault, true);
    QCOMPARE(d.environment, want.environment);
    QCOMPARE(d.implementation, want.implementation);
    QCOMPARE(int(d.auth), int(Datasource::Auth::Basic));
    QCOMPARE(d.basicAuthUser, want.basicAuthUser);
    QCOMPARE(d.passwordEnv, want.passwordEnv);
    QCOMPARE(d.tokenEnv, want.tokenEnv);
    QCOMPARE(d.headers.size(), 2);
    QCOMPARE(d.headers.at(0).name, QStringLiteral("X-Scope-OrgID"));
    QCOMPARE(d.headers.at(1).name, QStringLiteral("X-Extra"));
    QCOMPARE(d.queryParams, want.queryParams);
    QCOMPARE(d.tlsCaPem, want.tlsCaPem);
    QCOMPARE(d.tlsCaFile, want.tlsCaFile);
    QCOMPARE(d.tlsClientCertPem, want.tlsClientCertPem);
    QCOMPARE(d.tlsClientCertFile, want.tlsClientCertFile);
    QCOMPARE(d.tlsClientKeyFile, want.tlsClientKeyFile);
    QCOMPARE(d.tlsServerName, want.tlsServerName);
    QCOMPARE(d.tlsSkipVerify, true);
    QCOMPARE(d.timeoutMs, 45000);
    QCOMPARE(d.scrapeIntervalSeconds, 30.0);
    QCOMPARE(d.exemplarTraceIdLabel, QStringLiteral("traceID"));
    QCOMPARE(d.origin, QStringLiteral("settings"));
    // No secret comes back from the file.
    QVERIFY(!d.hasSecrets());
    QVERIFY(d.basicAuthPassword.isEmpty() && d.bearerToken.isEmpty() &&
            d.authorizationHeader.isEmpty());
    QVERIFY(d.tlsClientKeyPem.isEmpty());
    QVERIFY(d.headers.at(0).value.isEmpty());

    QCOMPARE(loaded.at(1).type, QStringLiteral("alertmanager"));
    QCOMPARE(int(loaded.at(1).auth), int(Datasource::Auth::Bearer));
    QVERIFY(!loaded.at(1).hasSecrets());
}

void TestDatasourceSettings::provisionedAreNotSaved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dozor.conf"));
    Datasource provisioned = full();
    provisioned.name = QStringLiteral("From Grafana");
    provisioned.uid = QStringLiteral("from-grafana");
    provisioned.url = QUrl(QStringLiteral("http://provisioned-host:9090"));
    provisioned.origin =
        QStringLiteral("provisioning: /etc/grafana/provisioning/datasources/prom.yml");
    Datasource mine = full();
    // A password typed into the URL is not written either.
    mine.url = QUrl(QStringLiteral("https://admin:url-Secret-8080@mimir.example.com/prometheus"));
    QVERIFY(DatasourceSettings::isProvisioned(provisioned));
    QVERIFY(!DatasourceSettings::isProvisioned(mine));
    {
        QSettings s(path, QSettings::IniFormat);
        DatasourceSettings::save(s, {provisioned, mine});
    }
    const QByteArray text = fileText(path);
    QVERIFY(!text.contains("provisioned-host"));
    QVERIFY(!text.contains("url-Secret-8080"));
    QSettings s(path, QSettings::IniFormat);
    const QList<Datasource> loaded = DatasourceSettings::load(s);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).uid, QStringLiteral("mimir-eu"));
    QCOMPARE(loaded.at(0).url.host(), QStringLiteral("mimir.example.com"));
}

void TestDatasourceSettings::saveReplacesTheList()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dozor.conf"));
    QSettings s(path, QSettings::IniFormat);
    Datasource a = full();
    Datasource b = full();
    b.name = QStringLiteral("B");
    b.uid = QStringLiteral("b");
    b.headers = {
        {QStringLiteral("H1"), {}}, {QStringLiteral("H2"), {}}, {QStringLiteral("H3"), {}}};
    DatasourceSettings::save(s, {a, b});
    b.headers = {{QStringLiteral("H1"), {}}};
    DatasourceSettings::save(s, {b});
    const QList<Datasource> loaded = DatasourceSettings::load(s);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).uid, QStringLiteral("b"));
    QCOMPARE(loaded.at(0).headers.size(), 1); // no stale header from the longer list
    DatasourceSettings::save(s, {});
    QVERIFY(DatasourceSettings::load(s).isEmpty());
}

void TestDatasourceSettings::emptyAndBrokenEntries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dozor.conf"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // Hand-edited: one entry without a name, one without a uid (made from the name),
        // an unknown auth kind and an unreadable timeout.
        f.write(
            "[datasources]\nsize=2\n1\\url=http://a:9090\n"
            "2\\name=Prod "
            "Prom\n2\\type=prometheus\n2\\url=http://b:9090\n2\\auth=kerberos\n2\\timeoutMs=abc\n");
    }
    QSettings s(path, QSettings::IniFormat);
    const QList<Datasource> loaded = DatasourceSettings::load(s);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).uid, QStringLiteral("prod-prom"));
    QCOMPARE(int(loaded.at(0).auth), int(Datasource::Auth::None));
    QCOMPARE(loaded.at(0).timeoutMs, 30000);
    QCOMPARE(loaded.at(0).exemplarTraceIdLabel, QStringLiteral("trace_id"));
}

QTEST_GUILESS_MAIN(TestDatasourceSettings)
#include "tst_datasourcesettings.moc"
