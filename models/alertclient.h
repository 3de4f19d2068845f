#pragma once

#include "alert.h"
#include "httpjob.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

/// Everything one refresh of the alerting sources produced. A source that failed
/// leaves its error; what the other source returned is still there.
struct AlertSnapshot
{
    QList<Alert> alerts; // merged: Alertmanager's view, plus Prometheus's pending alerts
    QList<Silence> silences;
    QList<AlertRule> rules;
    QString alertmanagerError;
    QString alertmanagerVersion; // from /api/v2/status, e.g. "0.25.0"
    QString alertmanagerCluster; // "ready", "settling" or "disabled"
    QString prometheusError;
    QDateTime fetchedAt;
    bool alertmanagerConfigured = true;
    bool prometheusConfigured = true;

    QStringList errors() const;
};
Q_DECLARE_METATYPE(AlertSnapshot)

/// Talks to Alertmanager's API v2 and to Prometheus's alerting endpoints. A service
/// object: results and errors arrive through signals, it never shows dialogs.
class AlertClient final : public QObject
{
    Q_OBJECT
public:
    explicit AlertClient(QNetworkAccessManager *nam, QObject *parent = nullptr);

    /// An empty URL leaves that source out.
    void setAlertmanagerUrl(const QUrl &url) { m_alertmanager = url; }
    void setPrometheusUrl(const QUrl &url) { m_prometheus = url; }
    QUrl alertmanagerUrl() const { return m_alertmanager; }
    QUrl prometheusUrl() const { return m_prometheus; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// Authentication, headers, parameters and TLS of each server.
    void setAlertmanagerHttpOptions(const HttpOptions &options) { m_alertmanagerOptions = options; }
    void setPrometheusHttpOptions(const HttpOptions &options) { m_prometheusOptions = options; }
    /// Responses larger than this are refused while downloading (default 256 MiB).
    void setMaxResponseBytes(qint64 bytes) { m_maxBytes = bytes; }

    /// Fetches alerts, silences and rules concurrently; emits `updated` once all
    /// have answered (or failed). A refresh in flight is replaced by a new one.
    void refresh();
    bool isRefreshing() const { return m_pending > 0; }

    /// POST /api/v2/silences; `done` gets the new silence id or an error.
    void createSilence(const Silence &silence, QObject *context,
                       std::function<void(const QString &id, const QString &error)> done);
    /// DELETE /api/v2/silence/{id}.
    void expireSilence(const QString &id, QObject *context,
                       std::function<void(const QString &error)> done);

    /// Merges Alertmanager's alerts with Prometheus's (pending ones, and values).
    static QList<Alert> merge(const QList<Alert> &alertmanager, const QList<Alert> &prometheus);
    /// A readable message for an Alertmanager answer that failed (v1 gone, too old...).
    static QString alertmanagerMessage(const HttpResult &result);

signals:
    void updated(const AlertSnapshot &snapshot);

private:
    HttpJob *get(const QUrl &base, const QString &path);
    void partDone();

    QNetworkAccessManager *m_nam;
    QUrl m_alertmanager;
    QUrl m_prometheus;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = HttpJob::kDefaultMaxBytes;
    HttpOptions m_alertmanagerOptions;
    HttpOptions m_prometheusOptions;
    int m_pending = 0;
    quint64 m_generation = 0;
    QList<QPointer<HttpJob>> m_jobs;
    AlertSnapshot m_building;
    QList<Alert> m_amAlerts;
    QList<Alert> m_promAlerts;
};
