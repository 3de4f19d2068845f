#include "datasourceregistry.h"

#include "alertclient.h"
#include "jaegerclient.h"
#include "prometheusclient.h"

#include <QNetworkAccessManager>

DatasourceRegistry::DatasourceRegistry(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam)
{
}

void DatasourceRegistry::setDatasources(const QList<Datasource> &list)
{
    m_list = list;
    if (!m_environment.isEmpty() && !environments().contains(m_environment))
        m_environment.clear();
    reconfigure();
    emit changed();
}

const Datasource *DatasourceRegistry::byUid(const QString &uid) const
{
    for (const Datasource &d : m_list)
        if (d.uid == uid)
            return &d;
    return nullptr;
}

void DatasourceRegistry::setEnvironment(const QString &environment)
{
    if (environment == m_environment)
        return;
    m_environment = environment;
    emit changed();
}

void DatasourceRegistry::reconfigure()
{
    // Clients of datasources that are gone stay alive (queries in flight may still
    // point at them) but are no longer handed out.
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it)
        if (const Datasource *d = byUid(it.key())) {
            const HttpOptions before = it.value()->httpOptions();
            configure(it.value(), *d);
            // Open connections keep the TLS settings they were made with.
            if (!(it.value()->httpOptions() == before))
                if (QNetworkAccessManager *nam = m_nams.value(it.key()))
                    nam->clearConnectionCache();
        }
}

QString DatasourceRegistry::insecureWarning(const Datasource &d)
{
    return QStringLiteral("TLS certificate verification is off for datasource %1: the server is not "
                          "authenticated")
        .arg(d.name);
}

QueryClientChoice DatasourceRegistry::prometheusFor(const QString &ref)
{
    QueryClientChoice c;
    const DatasourceResolution r = resolve(ref, QStringLiteral("prometheus"));
    if (!r.datasource) {
        c.error = r.note;
        return c;
    }
    const Datasource &d = *r.datasource;
    if (!r.note.isEmpty())
        c.warnings << r.note;
    if (d.tlsSkipVerify)
        c.warnings << insecureWarning(d);
    c.datasourceName = d.name;
    c.scrapeSeconds = d.scrapeIntervalSeconds;
    PrometheusClient *&client = m_clients[d.uid];
    if (!client) {
        // Qt pools connections by scheme, host and port, not by TLS settings: a
        // connection opened without verification, or with another datasource's client
        // certificate, would carry this datasource's requests. One pool per datasource.
        QNetworkAccessManager *&nam = m_nams[d.uid];
        if (!nam)
            nam = new QNetworkAccessManager(this);
        client = new PrometheusClient(nam, this);
        configure(client, d);
    }
    c.client = client;
    return c;
}

PrometheusClient *DatasourceRegistry::defaultPrometheus()
{
    return prometheusFor({}).client;
}

void DatasourceRegistry::configure(PrometheusClient *client, const Datasource &d)
{
    client->setBaseUrl(d.url);
    client->setTimeoutMs(d.timeoutMs);
    client->setHttpOptions(d.httpOptions());
}

void DatasourceRegistry::configure(JaegerClient *client, const Datasource &d)
{
    client->setBaseUrl(d.url);
    client->setTimeoutMs(d.timeoutMs);
    client->setHttpOptions(d.httpOptions());
}

void DatasourceRegistry::configure(AlertClient *client, const Datasource *alertmanager,
                                   const Datasource *prometheus)
{
    if (alertmanager) {
        client->setAlertmanagerUrl(alertmanager->url);
        client->setAlertmanagerHttpOptions(alertmanager->httpOptions());
        client->setTimeoutMs(alertmanager->timeoutMs);
    }
    if (prometheus) {
        client->setPrometheusUrl(prometheus->url);
        client->setPrometheusHttpOptions(prometheus->httpOptions());
    }
}
