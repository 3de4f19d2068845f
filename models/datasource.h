#pragma once

#include "httpjob.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

/// One configured server: a Prometheus-compatible engine (Prometheus, Thanos, Mimir,
/// VictoriaMetrics), an Alertmanager or a Jaeger query service. Read from Grafana's
/// provisioning files, from Dozor's settings or from the command line.
///
/// Secrets (passwords, tokens, header values, the client key) are held here in
/// memory only: `DatasourceSettings::save` never writes them, `describe` never shows them.
struct Datasource
{
    enum class Auth { None, Basic, Bearer, Header };

    QString name;
    QString uid;
    /// "prometheus", "alertmanager" or "jaeger" (Grafana's type ids); others are kept
    /// but unused.
    QString type;
    /// The API root, with any path prefix ("/prometheus" for Mimir,
    /// "/select/0/prometheus" for VictoriaMetrics cluster).
    QUrl url;
    bool isDefault = false;
    /// dev, staging, production...: the environment switcher re-points dashboards to
    /// the datasources of the chosen environment. Empty: in every environment.
    QString environment;
    /// Grafana's jsonData.prometheusType / implementation (Prometheus, Thanos, Mimir,
    /// Cortex, VictoriaMetrics), shown to the user only.
    QString implementation;

    Auth auth = Auth::None;
    QString basicAuthUser;
    QString basicAuthPassword; // secret
    QString bearerToken;       // secret
    QString authorizationHeader; // secret: a whole custom Authorization value
    /// Environment variables that hold a secret, read when the datasource is used:
    /// the config names them, the value never lands in a file.
    QString passwordEnv;
    QString tokenEnv;

    struct Header
    {
        QString name;
        QString value; // secret (Grafana keeps it in secureJsonData)
        bool operator==(const Header &o) const { return name == o.name && value == o.value; }
    };
    QList<Header> headers;
    QList<std::pair<QString, QString>> queryParams;

    // TLS. PEM text (Grafana's secureJsonData) or files (Dozor settings).
    QByteArray tlsCaPem;
    QString tlsCaFile;
    QByteArray tlsClientCertPem;
    QString tlsClientCertFile;
    QByteArray tlsClientKeyPem; // secret
    QString tlsClientKeyFile;
    QString tlsServerName;
    bool tlsSkipVerify = false;

    int timeoutMs = 30000;
    /// For $__rate_interval; 0 = the console's default (15 s).
    double scrapeIntervalSeconds = 0;
    QString exemplarTraceIdLabel = QStringLiteral("trace_id");
    /// Where it came from ("provisioning: /etc/.../prom.yml", "settings", "command line").
    QString origin;

    bool isPrometheus() const { return type == QLatin1String("prometheus"); }
    bool hasSecrets() const;
    /// The credential the datasource needs but does not have ("" when complete):
    /// e.g. "password for user admin".
    QString missingSecret() const;

    /// Headers, query parameters and TLS settings every request to it carries, or
    /// an error (an unreadable CA file, a key that does not parse).
    HttpOptions httpOptions(QString *error = nullptr) const;

    /// `name (uid) type url`, never a secret.
    QString describe() const;

    /// A uid made from the name when none is given ("Prod Prometheus" -> "prod-prometheus").
    static QString makeUid(const QString &name);
    /// "30s", "1m", "5000ms", a number of seconds: milliseconds, or -1 when unreadable.
    static int parseTimeoutMs(const QString &text);
};

/// Datasource references as dashboards write them, resolved against a list of
/// datasources: a uid, a name, a type ("prometheus"), `${DS_X}` left from an import,
/// "-- Mixed --" / "-- Grafana --" / "default" (the default). Inside `environment`
/// (when not empty) a reference to a datasource of another environment resolves to
/// the same-typed datasource of this one.
struct DatasourceResolution
{
    const Datasource *datasource = nullptr;
    /// Why a fallback was taken ("datasource 'x' is not configured; using 'y'"), or
    /// why nothing resolved.
    QString note;
};
DatasourceResolution resolveDatasource(const QList<Datasource> &list, const QString &ref,
                                       const QString &type, const QString &environment = {});

/// The datasource of `type` a dashboard uses when it names none: the default one of
/// the environment, else the environment's first, else the global default, else the
/// first of that type.
const Datasource *defaultDatasource(const QList<Datasource> &list, const QString &type,
                                    const QString &environment = {});

/// The names of the datasources usable in `environment` (theirs and the shared
/// ones), by type, the default of each type first: what a `datasource` variable offers.
QHash<QString, QStringList> datasourceNamesByType(const QList<Datasource> &list, const QString &environment);

/// The environments named by the datasources, in order of first appearance.
QStringList datasourceEnvironments(const QList<Datasource> &list);
