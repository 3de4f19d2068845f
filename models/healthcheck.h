#pragma once

#include "httpjob.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QTimer;

/// A service's health or readiness URL to poll (`/health`, `/ready`, ...).
struct HealthEndpoint
{
    QString name; // e.g. "rust-api health"; empty = made from the URL
    QUrl url;

    QString displayName() const;
    /// "name=URL" or "URL" (the form of --health and of the settings).
    static HealthEndpoint parse(const QString &text, QString *error);
    QString toString() const;
    bool operator==(const HealthEndpoint &o) const { return name == o.name && url == o.url; }
};

/// One dependency a health answer reports: `"redis": "timeout"`,
/// `"components": {"db": {"status": "UP"}}`, `"checks": {...}`.
struct HealthDependency
{
    enum class State { Ok, Failing, Info };
    QString name;
    QString value; // as the service said it ("ok", "timeout", "3605.2", ...)
    State state = State::Info;
};

/// What one poll of a health endpoint found.
struct HealthStatus
{
    enum class Overall { Unknown, Healthy, Unhealthy, Unreachable };
    HealthEndpoint endpoint;
    Overall overall = Overall::Unknown;
    int httpStatus = 0;           // 0 when there was no HTTP answer
    QString status;               // the body's "status" ("healthy", "UP", "pass", ...)
    QList<HealthDependency> dependencies;
    QString error;                // transport failure, or an answer that is not JSON
    QDateTime checkedAt;
    qint64 latencyMs = -1;

    static QString overallName(Overall o);
    /// Failing dependencies, e.g. "redis: timeout, mongodb: down".
    QString failingText() const;
};
Q_DECLARE_METATYPE(HealthStatus)

/// Reads a health answer: the HTTP status decides (2xx healthy, else unhealthy),
/// a JSON body adds its status and per-dependency details (flat keys, Spring Boot
/// `components`/`details`, health+json `checks`). A 2xx answer whose status says
/// "unhealthy"/"down"/"fail" counts as unhealthy. Never interprets the text.
HealthStatus decodeHealth(int httpStatus, const QByteArray &body);

/// Whether a dependency's value reads as ok, failing or neither (numbers, versions).
HealthDependency::State classifyHealthValue(const QString &value);

/// Polls health endpoints on an interval; each answer arrives through `updated`.
/// A poll of an endpoint still in flight is not started twice.
class HealthChecker final : public QObject
{
    Q_OBJECT
public:
    explicit HealthChecker(QNetworkAccessManager *nam, QObject *parent = nullptr);

    void setEndpoints(const QList<HealthEndpoint> &endpoints);
    const QList<HealthEndpoint> &endpoints() const { return m_endpoints; }
    /// Per-request timeout (default 5 s: a health check that takes longer is failing).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// Polling interval; 0 stops polling (checkNow still works). Default 15 s.
    void setIntervalMs(int ms);
    /// The latest status of each endpoint (same order as endpoints()).
    const QList<HealthStatus> &statuses() const { return m_statuses; }

public slots:
    void checkNow();

signals:
    void updated(int index, const HealthStatus &status);
    /// Every endpoint of the last checkNow() has answered or failed.
    void roundFinished();

private:
    void finish(int index, const HealthStatus &status);

    QNetworkAccessManager *m_nam;
    QList<HealthEndpoint> m_endpoints;
    QList<HealthStatus> m_statuses;
    QList<QPointer<HttpJob>> m_jobs;
    QTimer *m_timer;
    int m_timeoutMs = 5000;
    int m_pending = 0;
    quint64 m_generation = 0;
};
