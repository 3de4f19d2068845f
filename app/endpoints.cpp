#include "endpoints.h"

#include "alertclient.h"
#include "datasourceregistry.h"
#include "datasourcesettings.h"
#include "secretstore.h"
#include "jaegerclient.h"
#include "prometheusclient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTimer>
#include <QSettings>

namespace {
const char *const kNames[] = {"prometheus", "alertmanager", "jaeger"};

QUrl *field(Endpoints &e, int i)
{
    return i == 0 ? &e.prometheus : i == 1 ? &e.alertmanager : &e.jaeger;
}
} // namespace

Endpoints Endpoints::fromSettings()
{
    Endpoints e;
    QSettings s;
    for (int i = 0; i < 3; ++i) {
        const QString key = QStringLiteral("endpoints/") + QLatin1String(kNames[i]);
        const QUrl url(s.value(key).toString());
        if (url.isValid() && !url.isEmpty())
            *field(e, i) = url;
    }
    e.runbookFolder = s.value(QStringLiteral("runbooks/folder")).toString();
    e.environment = s.value(QStringLiteral("datasources/environment")).toString();
    // Saved in Settings > Datasources; their secrets are in the keychain (loadSecrets).
    e.datasources = DatasourceSettings::load(s);
    for (const QString &text : s.value(QStringLiteral("health/endpoints")).toStringList()) {
        QString why;
        const HealthEndpoint h = HealthEndpoint::parse(text, &why);
        if (why.isEmpty())
            e.healthChecks.append(h);
    }
    return e;
}

void Endpoints::saveHealthChecks(const QList<HealthEndpoint> &checks)
{
    QStringList list;
    for (const HealthEndpoint &h : checks)
        list << h.toString();
    QSettings().setValue(QStringLiteral("health/endpoints"), list);
}

QStringList Endpoints::runbookFolders() const
{
    QStringList out;
    if (!runbookFolder.isEmpty())
        out << runbookFolder;
    out << QStringLiteral(":/runbooks");
    return out;
}

void Endpoints::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("prometheus"),
                      QStringLiteral("Prometheus (or compatible) base URL [%1].").arg(prometheus.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("alertmanager"),
                      QStringLiteral("Alertmanager base URL [%1].").arg(alertmanager.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("jaeger"),
                      QStringLiteral("Jaeger query base URL [%1].").arg(jaeger.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("provisioning"),
                      QStringLiteral("A Grafana provisioning folder (with datasources/ and dashboards/) or file: "
                                     "its datasources and dashboards, as in Grafana ($VAR expanded)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("environment"),
                      QStringLiteral("Use the datasources of this environment (dev, staging, production...)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("health"),
                      QStringLiteral("A /health or /ready URL to poll (repeatable), optionally named: "
                                     "name=http://host:port/health. Shown in the Service health dock; "
                                     "checked by `dozor health`."),
                      QStringLiteral("[name=]url")});
    parser.addOption({QStringLiteral("runbooks"),
                      QStringLiteral("A folder of Markdown runbooks (runbook:<name> links open them)."),
                      QStringLiteral("dir")});
}

bool Endpoints::applyCommandLine(const QCommandLineParser &parser, QString *error)
{
    if (parser.isSet(QStringLiteral("provisioning"))) {
        Provisioning p;
        QString why;
        if (!ProvisioningReader::read(parser.value(QStringLiteral("provisioning")), &p, &why)) {
            *error = QStringLiteral("--provisioning: ") + why;
            return false;
        }
        notices << p.warnings;
        // Provisioned datasources come first: Grafana's defaults are the user's.
        QList<Datasource> merged = p.datasources;
        for (const Datasource &d : std::as_const(datasources))
            if (!std::any_of(merged.cbegin(), merged.cend(), [&d](const Datasource &m) { return m.uid == d.uid; }))
                merged.append(d);
        if (std::any_of(p.datasources.cbegin(), p.datasources.cend(), [](const Datasource &d) { return d.isDefault; }))
            for (int i = int(p.datasources.size()); i < merged.size(); ++i)
                merged[i].isDefault = false;
        datasources = merged;
        provisioning = std::move(p);
    }
    for (int i = 0; i < 3; ++i) {
        const QString name = QLatin1String(kNames[i]);
        if (!parser.isSet(name))
            continue;
        const QUrl url = QUrl::fromUserInput(parser.value(name));
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            *error = QStringLiteral("--%1: not an http(s) URL: %2").arg(name, parser.value(name));
            return false;
        }
        *field(*this, i) = url;
        // The command line wins over every configured default of its kind.
        Datasource d;
        d.name = QStringLiteral("%1 (--%2)").arg(name.at(0).toUpper() + name.mid(1), name);
        d.uid = QStringLiteral("cmdline-") + name;
        d.type = name;
        d.url = url;
        d.isDefault = true;
        d.origin = QStringLiteral("command line");
        for (Datasource &o : datasources)
            if (o.type == name) {
                o.isDefault = false;
                // A command-line server is in every environment.
            }
        datasources.prepend(d);
        m_commandLineKinds << name;
    }
    if (parser.isSet(QStringLiteral("environment")))
        environment = parser.value(QStringLiteral("environment")).trimmed();
    else if (!m_commandLineKinds.isEmpty())
        environment.clear(); // the servers named on the command line are the defaults
    if (parser.isSet(QStringLiteral("health"))) {
        healthChecks.clear();
        for (const QString &text : parser.values(QStringLiteral("health"))) {
            QString why;
            const HealthEndpoint h = HealthEndpoint::parse(text, &why);
            if (!why.isEmpty()) {
                *error = QStringLiteral("--health: ") + why;
                return false;
            }
            healthChecks.append(h);
        }
    }
    if (parser.isSet(QStringLiteral("runbooks")))
        runbookFolder = parser.value(QStringLiteral("runbooks"));
    finish();
    if (!environment.isEmpty() && !datasourceEnvironments(datasources).contains(environment)) {
        if (parser.isSet(QStringLiteral("environment"))) {
            *error = QStringLiteral("--environment: no datasource is in environment \"%1\" (known: %2)")
                         .arg(environment, datasourceEnvironments(datasources).join(QStringLiteral(", ")));
            return false;
        }
        environment.clear(); // remembered from a configuration that no longer has it
    }
    return true;
}

void Endpoints::finish()
{
    for (int i = 0; i < 3; ++i) {
        const QString type = QLatin1String(kNames[i]);
        const bool configured = std::any_of(datasources.cbegin(), datasources.cend(),
                                            [&type](const Datasource &d) { return d.type == type; });
        if (!configured) {
            Datasource d;
            d.name = type.at(0).toUpper() + type.mid(1);
            d.uid = type;
            d.type = type;
            d.url = *field(*this, i);
            d.isDefault = true;
            d.origin = QStringLiteral("default");
            datasources.append(d);
        }
    }
    for (int i = 0; i < 3; ++i)
        if (const Datasource *d = defaultOf(QLatin1String(kNames[i])); d && !m_commandLineKinds.contains(QLatin1String(kNames[i])))
            *field(*this, i) = d->url;
}

bool Endpoints::needsSecrets() const
{
    return std::any_of(datasources.cbegin(), datasources.cend(), [](const Datasource &d) {
        return d.origin == QLatin1String("settings") &&
            ((d.auth != Datasource::Auth::None && d.passwordEnv.isEmpty() && d.tokenEnv.isEmpty()) ||
             !d.headers.isEmpty() || (!d.tlsClientCertPem.isEmpty() && d.tlsClientKeyFile.isEmpty()));
    });
}

QString Endpoints::loadSecrets(int timeoutMs)
{
    if (!needsSecrets())
        return {};
    SecretStore store;
    QString error;
    bool done = false;
    QEventLoop loop;
    store.loadAll(datasources, &loop, [&](const QList<Datasource> &withSecrets, const QString &why) {
        if (withSecrets.size() == datasources.size())
            datasources = withSecrets;
        error = why;
        done = true;
        loop.quit();
    });
    if (!done) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!done)
        error = QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000);
    return error;
}

void Endpoints::configure(PrometheusClient &client) const
{
    if (const Datasource *d = defaultOf(QStringLiteral("prometheus")))
        DatasourceRegistry::configure(&client, *d);
    else
        client.setBaseUrl(prometheus);
}

void Endpoints::configure(AlertClient &client) const
{
    const Datasource *am = defaultOf(QStringLiteral("alertmanager"));
    const Datasource *prom = defaultOf(QStringLiteral("prometheus"));
    client.setAlertmanagerUrl(alertmanager);
    client.setPrometheusUrl(prometheus);
    DatasourceRegistry::configure(&client, am, prom);
}

void Endpoints::configure(JaegerClient &client) const
{
    if (const Datasource *d = defaultOf(QStringLiteral("jaeger")))
        DatasourceRegistry::configure(&client, *d);
    else
        client.setBaseUrl(jaeger);
}
