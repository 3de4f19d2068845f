#include "alertclient.h"

#include "alertdecoder.h"
#include "networkerror.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

QStringList AlertSnapshot::errors() const
{
    QStringList out;
    if (!alertmanagerError.isEmpty())
        out << QStringLiteral("Alertmanager: ") + alertmanagerError;
    if (!prometheusError.isEmpty())
        out << QStringLiteral("Prometheus: ") + prometheusError;
    return out;
}

AlertClient::AlertClient(QNetworkAccessManager *nam, QObject *parent) : QObject(parent), m_nam(nam)
{
    qRegisterMetaType<AlertSnapshot>();
}

HttpJob *AlertClient::get(const QUrl &base, const QString &path)
{
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Get, joinUrl(base, path), {}, m_timeoutMs, this, m_maxBytes,
                                  base == m_alertmanager ? m_alertmanagerOptions : m_prometheusOptions);
    m_jobs.append(job);
    ++m_pending;
    return job;
}

QString AlertClient::alertmanagerMessage(const HttpResult &r)
{
    if (r.status == 410)
        return r.error + QStringLiteral(": the Alertmanager v1 API is gone; this server "
                                        "(or a proxy in front of it) refuses the request");
    if (r.status == 404)
        return r.error + QStringLiteral(": no Alertmanager API v2 here (Alertmanager 0.16 or "
                                        "newer is needed, or the URL misses a path prefix)");
    // Alertmanager puts its reason in a plain-text or JSON body; show it as it is.
    const QByteArray body = r.body.trimmed().left(500);
    if (!r.ok() && !body.isEmpty() && !body.startsWith('<'))
        return r.error + QStringLiteral(": ") + QString::fromUtf8(body);
    return r.error;
}

void AlertClient::refresh()
{
    for (const QPointer<HttpJob> &job : std::as_const(m_jobs))
        if (job) {
            job->abort();
            job->deleteLater();
        }
    m_jobs.clear();
    m_pending = 0;
    const quint64 generation = ++m_generation;
    m_building = AlertSnapshot{};
    m_amAlerts.clear();
    m_promAlerts.clear();
    m_building.alertmanagerConfigured = m_alertmanager.isValid() && !m_alertmanager.isEmpty();
    m_building.prometheusConfigured = m_prometheus.isValid() && !m_prometheus.isEmpty();

    auto guard = [this, generation] { return generation == m_generation; };

    if (m_building.alertmanagerConfigured) {
        connect(get(m_alertmanager, QStringLiteral("/api/v2/alerts")), &HttpJob::finished, this,
                [this, guard](const HttpResult &r) {
                    if (!guard())
                        return;
                    QString error;
                    if (!r.ok())
                        m_building.alertmanagerError = alertmanagerMessage(r);
                    else if (!AlertDecoder::alertmanagerAlerts(r.body, &m_amAlerts, &error))
                        m_building.alertmanagerError = error;
                    partDone();
                });
        connect(get(m_alertmanager, QStringLiteral("/api/v2/status")), &HttpJob::finished, this,
                [this, guard](const HttpResult &r) {
                    if (!guard())
                        return;
                    // Only informative: a failure here is already reported by /alerts.
                    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
                    m_building.alertmanagerVersion = o.value(QLatin1String("versionInfo"))
                                                         .toObject()
                                                         .value(QLatin1String("version"))
                                                         .toString()
                                                         .left(40);
                    m_building.alertmanagerCluster = o.value(QLatin1String("cluster"))
                                                         .toObject()
                                                         .value(QLatin1String("status"))
                                                         .toString()
                                                         .left(40);
                    partDone();
                });
        connect(get(m_alertmanager, QStringLiteral("/api/v2/silences")), &HttpJob::finished, this,
                [this, guard](const HttpResult &r) {
                    if (!guard())
                        return;
                    QString error;
                    if (r.ok() && !AlertDecoder::silences(r.body, &m_building.silences, &error)
                        && m_building.alertmanagerError.isEmpty())
                        m_building.alertmanagerError = error;
                    partDone();
                });
    }
    if (m_building.prometheusConfigured) {
        connect(get(m_prometheus, QStringLiteral("/api/v1/alerts")), &HttpJob::finished, this,
                [this, guard](const HttpResult &r) {
                    if (!guard())
                        return;
                    QString error;
                    // Prometheus answers errors with its JSON envelope; the decoder reads it.
                    if (!r.ok() && !r.body.trimmed().startsWith('{'))
                        m_building.prometheusError = r.error;
                    else if (!AlertDecoder::prometheusAlerts(r.body, &m_promAlerts, &error))
                        m_building.prometheusError = r.ok() ? error : r.error + QStringLiteral(": ") + error;
                    partDone();
                });
        connect(get(m_prometheus, QStringLiteral("/api/v1/rules")), &HttpJob::finished, this,
                [this, guard](const HttpResult &r) {
                    if (!guard())
                        return;
                    QString error;
                    if (r.ok() && !AlertDecoder::prometheusRules(r.body, &m_building.rules, &error)
                        && m_building.prometheusError.isEmpty())
                        m_building.prometheusError = error;
                    partDone();
                });
    }
    if (m_pending == 0) {
        m_building.fetchedAt = QDateTime::currentDateTimeUtc();
        emit updated(m_building);
    }
}

void AlertClient::partDone()
{
    if (--m_pending > 0)
        return;
    for (const QPointer<HttpJob> &job : std::as_const(m_jobs))
        if (job)
            job->deleteLater();
    m_jobs.clear();
    m_building.alerts = merge(m_amAlerts, m_promAlerts);
    m_building.fetchedAt = QDateTime::currentDateTimeUtc();
    emit updated(m_building);
}

QList<Alert> AlertClient::merge(const QList<Alert> &alertmanager, const QList<Alert> &prometheus)
{
    // Alertmanager knows silences and inhibitions, so its view wins; Prometheus adds
    // the value and the alerts Alertmanager has not seen (pending ones, or all of
    // them when Alertmanager is down). Alertmanager may carry extra external labels,
    // so a Prometheus alert matches when all of its labels agree.
    QList<Alert> out = alertmanager;
    QHash<QString, QList<int>> byName;
    for (int i = 0; i < out.size(); ++i)
        byName[out[i].name()].append(i);
    for (const Alert &p : prometheus) {
        if (p.state == Alert::State::Inactive)
            continue;
        int match = -1;
        for (int i : byName.value(p.name())) {
            bool all = true;
            for (auto it = p.labels.cbegin(); it != p.labels.cend() && all; ++it)
                all = out[i].labels.value(it.key()) == it.value();
            if (all) {
                match = i;
                break;
            }
        }
        if (match >= 0) {
            if (out[match].value.isEmpty())
                out[match].value = p.value;
            continue;
        }
        out.append(p);
    }
    return out;
}

void AlertClient::createSilence(const Silence &silence, QObject *context,
                                std::function<void(const QString &, const QString &)> done)
{
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Post,
                                  joinUrl(m_alertmanager, QStringLiteral("/api/v2/silences")),
                                  AlertDecoder::silenceToJson(silence), m_timeoutMs, context,
                                  HttpJob::kDefaultMaxBytes, m_alertmanagerOptions);
    connect(job, &HttpJob::finished, context, [job, done](const HttpResult &r) {
        job->deleteLater();
        if (!r.ok()) {
            done({}, alertmanagerMessage(r));
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        const QString id = o.value(QLatin1String("silenceID")).toString();
        if (id.isEmpty())
            done({}, QStringLiteral("Alertmanager did not return a silence id"));
        else
            done(id, {});
    });
}

void AlertClient::expireSilence(const QString &id, QObject *context,
                                std::function<void(const QString &)> done)
{
    const QString path = QStringLiteral("/api/v2/silence/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Delete, joinUrl(m_alertmanager, path), {},
                                  m_timeoutMs, context, HttpJob::kDefaultMaxBytes, m_alertmanagerOptions);
    connect(job, &HttpJob::finished, context, [job, done](const HttpResult &r) {
        job->deleteLater();
        done(r.ok() ? QString() : alertmanagerMessage(r));
    });
}
