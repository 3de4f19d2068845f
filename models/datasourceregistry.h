#pragma once

#include "dashboardqueries.h"
#include "datasource.h"

#include <QHash>
#include <QObject>

class AlertClient;
class JaegerClient;
class PrometheusClient;
class QNetworkAccessManager;

/// The configured datasources of a session and one Prometheus client per datasource,
/// created when first used. Changing the list or the environment reconfigures the
/// clients in place (URL, timeout, authentication, headers, TLS), so panels follow on
/// their next refresh.
class DatasourceRegistry final : public QObject
{
    Q_OBJECT
public:
    explicit DatasourceRegistry(QNetworkAccessManager *nam, QObject *parent = nullptr);

    void setDatasources(const QList<Datasource> &list);
    const QList<Datasource> &datasources() const { return m_list; }
    const Datasource *byUid(const QString &uid) const;

    /// dev / staging / production: references resolve within it. Empty = none chosen.
    void setEnvironment(const QString &environment);
    QString environment() const { return m_environment; }
    QStringList environments() const { return datasourceEnvironments(m_list); }

    DatasourceResolution resolve(const QString &ref, const QString &type) const
    {
        return resolveDatasource(m_list, ref, type, m_environment);
    }
    /// The Prometheus-compatible client for a dashboard reference (empty = default),
    /// with what the panel should be told (fallbacks, TLS verification off); a
    /// choice without client when no Prometheus datasource is configured.
    QueryClientChoice prometheusFor(const QString &ref);
    /// The client of the default Prometheus datasource (null if none).
    PrometheusClient *defaultPrometheus();

    /// Points a client at a datasource: URL, timeout and HTTP options.
    static void configure(PrometheusClient *client, const Datasource &d);
    static void configure(JaegerClient *client, const Datasource &d);
    /// The Alertmanager and the Prometheus an AlertClient reads alerts and rules from.
    static void configure(AlertClient *client, const Datasource *alertmanager, const Datasource *prometheus);

    /// The warning every panel of a datasource without TLS verification shows.
    static QString insecureWarning(const Datasource &d);

signals:
    /// The list or the environment changed: clients are reconfigured already.
    void changed();

private:
    void reconfigure();

    QNetworkAccessManager *m_nam;
    QList<Datasource> m_list;
    QString m_environment;
    QHash<QString, PrometheusClient *> m_clients; // by uid
    QHash<QString, QNetworkAccessManager *> m_nams; // by uid: one connection pool per datasource
};
