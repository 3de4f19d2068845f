#pragma once

#include "datasource.h"
#include "healthcheck.h"
#include "provisioning.h"

#include <QUrl>

class AlertClient;
class JaegerClient;
class PrometheusClient;
class QCommandLineParser;

/// Where the console's datasources live: conventional local ports by default,
/// then QSettings, then the command line (which wins and is not saved).
struct Endpoints
{
    QUrl prometheus{QStringLiteral("http://localhost:9090")};
    QUrl alertmanager{QStringLiteral("http://localhost:9093")};
    QUrl jaeger{QStringLiteral("http://localhost:16686")};
    /// A folder of the user's own Markdown runbooks, searched before the bundled ones.
    QString runbookFolder;

    /// Every configured datasource: provisioned (--provisioning), from the settings,
    /// from the command line, and - for a kind none of those names - one at the URL
    /// above. `prometheus`, `alertmanager` and `jaeger` are the defaults' URLs.
    QList<Datasource> datasources;
    /// The environment datasources resolve in (--environment, or the last chosen).
    QString environment;
    /// What --provisioning read: also its dashboard providers.
    Provisioning provisioning;
    /// Health and readiness URLs the Service health dock polls: --health (which
    /// replaces them for this run), else those saved from the dock.
    QList<HealthEndpoint> healthChecks;
    /// Remembers `checks` as the saved health URLs.
    static void saveHealthChecks(const QList<HealthEndpoint> &checks);

    /// Warnings from reading the configuration, for the user.
    QStringList notices;

    /// The default datasource of a type ("prometheus", "alertmanager", "jaeger") in the
    /// current environment, or null.
    const Datasource *defaultOf(const QString &type) const
    {
        return defaultDatasource(datasources, type, environment);
    }
    /// Whether datasources saved in the settings have secrets in the keychain.
    bool needsSecrets() const;
    /// Fills in those secrets from the keychain (waits at most `timeoutMs`); returns
    /// what went wrong ("" when all is well or nothing was needed).
    QString loadSecrets(int timeoutMs = 5000);
    /// Points a client at the default datasource of its kind (URL, timeout, auth, TLS).
    void configure(PrometheusClient &client) const;
    void configure(AlertClient &client) const;
    void configure(JaegerClient &client) const;

    /// The user's folder (if any), then the bundled runbooks.
    QStringList runbookFolders() const;

    static Endpoints fromSettings();
    /// Applies --prometheus/--alertmanager/--jaeger, --provisioning and --environment,
    /// then completes `datasources`; returns false with `error` set for a URL that is
    /// not http(s) or provisioning files that do not parse.
    bool applyCommandLine(const QCommandLineParser &parser, QString *error);
    /// Completes `datasources` from the URLs when no datasource of a kind is
    /// configured, and sets the URLs from the defaults. Called by applyCommandLine.
    void finish();
    void addOptions(QCommandLineParser &parser) const;

private:
    QStringList m_commandLineKinds; // given with --prometheus & co.
};
