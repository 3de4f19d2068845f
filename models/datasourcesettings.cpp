#include "datasourcesettings.h"

#include <QSettings>

namespace DatasourceSettings {

namespace {
const QString kArray = QStringLiteral("datasources");
} // namespace

bool isProvisioned(const Datasource &d)
{
    return d.origin.startsWith(QLatin1String("provisioning"));
}

QString authName(Datasource::Auth auth)
{
    switch (auth) {
    case Datasource::Auth::None:
        return QStringLiteral("none");
    case Datasource::Auth::Basic:
        return QStringLiteral("basic");
    case Datasource::Auth::Bearer:
        return QStringLiteral("bearer");
    case Datasource::Auth::Header:
        return QStringLiteral("header");
    }
    return QStringLiteral("none");
}

Datasource::Auth authFromName(const QString &name)
{
    if (name == QLatin1String("basic"))
        return Datasource::Auth::Basic;
    if (name == QLatin1String("bearer"))
        return Datasource::Auth::Bearer;
    if (name == QLatin1String("header"))
        return Datasource::Auth::Header;
    return Datasource::Auth::None;
}

QList<Datasource> load(QSettings &settings)
{
    QList<Datasource> out;
    const int n = settings.beginReadArray(kArray);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        Datasource d;
        d.name = settings.value(QStringLiteral("name")).toString();
        d.uid = settings.value(QStringLiteral("uid")).toString();
        d.type = settings.value(QStringLiteral("type")).toString();
        d.url = QUrl(settings.value(QStringLiteral("url")).toString());
        d.isDefault = settings.value(QStringLiteral("isDefault"), false).toBool();
        d.environment = settings.value(QStringLiteral("environment")).toString();
        d.implementation = settings.value(QStringLiteral("implementation")).toString();
        d.auth = authFromName(settings.value(QStringLiteral("auth")).toString());
        d.basicAuthUser = settings.value(QStringLiteral("basicAuthUser")).toString();
        d.passwordEnv = settings.value(QStringLiteral("passwordEnv")).toString();
        d.tokenEnv = settings.value(QStringLiteral("tokenEnv")).toString();

        const int headers = settings.beginReadArray(QStringLiteral("headers"));
        for (int h = 0; h < headers; ++h) {
            settings.setArrayIndex(h);
            d.headers.append({settings.value(QStringLiteral("name")).toString(), QString()});
        }
        settings.endArray();
        const int params = settings.beginReadArray(QStringLiteral("queryParams"));
        for (int p = 0; p < params; ++p) {
            settings.setArrayIndex(p);
            d.queryParams.append({settings.value(QStringLiteral("name")).toString(),
                                  settings.value(QStringLiteral("value")).toString()});
        }
        settings.endArray();

        d.tlsCaPem = settings.value(QStringLiteral("tlsCaPem")).toString().toUtf8();
        d.tlsCaFile = settings.value(QStringLiteral("tlsCaFile")).toString();
        d.tlsClientCertPem = settings.value(QStringLiteral("tlsClientCertPem")).toString().toUtf8();
        d.tlsClientCertFile = settings.value(QStringLiteral("tlsClientCertFile")).toString();
        d.tlsClientKeyFile = settings.value(QStringLiteral("tlsClientKeyFile")).toString();
        d.tlsServerName = settings.value(QStringLiteral("tlsServerName")).toString();
        d.tlsSkipVerify = settings.value(QStringLiteral("tlsSkipVerify"), false).toBool();
        bool ok = false;
        const int timeout = settings.value(QStringLiteral("timeoutMs")).toInt(&ok);
        if (ok && timeout > 0)
            d.timeoutMs = timeout;
        const double scrape = settings.value(QStringLiteral("scrapeIntervalSeconds")).toDouble(&ok);
        if (ok && scrape >= 0)
            d.scrapeIntervalSeconds = scrape;
        if (settings.contains(QStringLiteral("exemplarTraceIdLabel")))
            d.exemplarTraceIdLabel =
                settings.value(QStringLiteral("exemplarTraceIdLabel")).toString();
        d.origin = QStringLiteral("settings");
        if (d.uid.isEmpty())
            d.uid = Datasource::makeUid(d.name);
        if (d.name.isEmpty() || !d.url.isValid())
            continue; // a hand-edited entry that cannot be used
        out.append(d);
    }
    settings.endArray();
    return out;
}

void save(QSettings &settings, const QList<Datasource> &list)
{
    settings.remove(kArray);
    settings.beginWriteArray(kArray);
    int i = 0;
    for (const Datasource &d : list) {
        if (isProvisioned(d))
            continue;
        settings.setArrayIndex(i++);
        settings.setValue(QStringLiteral("name"), d.name);
        settings.setValue(QStringLiteral("uid"), d.uid);
        settings.setValue(QStringLiteral("type"), d.type);
        settings.setValue(QStringLiteral("url"), d.url.adjusted(QUrl::RemovePassword).toString());
        settings.setValue(QStringLiteral("isDefault"), d.isDefault);
        settings.setValue(QStringLiteral("environment"), d.environment);
        settings.setValue(QStringLiteral("implementation"), d.implementation);
        settings.setValue(QStringLiteral("auth"), authName(d.auth));
        settings.setValue(QStringLiteral("basicAuthUser"), d.basicAuthUser);
        settings.setValue(QStringLiteral("passwordEnv"), d.passwordEnv);
        settings.setValue(QStringLiteral("tokenEnv"), d.tokenEnv);

        // Names only: a header's value (a tenant id, an API key) is a secret.
        settings.beginWriteArray(QStringLiteral("headers"));
        for (int h = 0; h < d.headers.size(); ++h) {
            settings.setArrayIndex(h);
            settings.setValue(QStringLiteral("name"), d.headers.at(h).name);
        }
        settings.endArray();
        settings.beginWriteArray(QStringLiteral("queryParams"));
        for (int p = 0; p < d.queryParams.size(); ++p) {
            settings.setArrayIndex(p);
            settings.setValue(QStringLiteral("name"), d.queryParams.at(p).first);
            settings.setValue(QStringLiteral("value"), d.queryParams.at(p).second);
        }
        settings.endArray();

        // Certificates are public; the client key (PEM) is not written.
        settings.setValue(QStringLiteral("tlsCaPem"), QString::fromUtf8(d.tlsCaPem));
        settings.setValue(QStringLiteral("tlsCaFile"), d.tlsCaFile);
        settings.setValue(QStringLiteral("tlsClientCertPem"),
                          QString::fromUtf8(d.tlsClientCertPem));
        settings.setValue(QStringLiteral("tlsClientCertFile"), d.tlsClientCertFile);
        settings.setValue(QStringLiteral("tlsClientKeyFile"), d.tlsClientKeyFile);
        settings.setValue(QStringLiteral("tlsServerName"), d.tlsServerName);
        settings.setValue(QStringLiteral("tlsSkipVerify"), d.tlsSkipVerify);
        settings.setValue(QStringLiteral("timeoutMs"), d.timeoutMs);
        settings.setValue(QStringLiteral("scrapeIntervalSeconds"), d.scrapeIntervalSeconds);
        settings.setValue(QStringLiteral("exemplarTraceIdLabel"), d.exemplarTraceIdLabel);
    }
    settings.endArray();
}

} // namespace DatasourceSettings
