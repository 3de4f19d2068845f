#include "healthcheck.h"

#include "networkerror.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <memory>

QString HealthEndpoint::displayName() const
{
    if (!name.isEmpty())
        return name;
    return url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString()) + url.path();
}

HealthEndpoint HealthEndpoint::parse(const QString &text, QString *error)
{
    HealthEndpoint e;
    QString urlText = text.trimmed();
    // "name=URL": the name is what comes before the first '=' when a URL follows it.
    const qsizetype eq = urlText.indexOf(QLatin1Char('='));
    const qsizetype scheme = urlText.indexOf(QLatin1String("://"));
    if (eq > 0 && (scheme < 0 || eq < scheme)) {
        e.name = urlText.left(eq).trimmed();
        urlText = urlText.mid(eq + 1).trimmed();
    }
    e.url = QUrl(urlText, QUrl::StrictMode);
    if (!e.url.isValid() || e.url.host().isEmpty() ||
        (e.url.scheme() != QLatin1String("http") && e.url.scheme() != QLatin1String("https"))) {
        *error = QStringLiteral("not an http(s) URL: %1").arg(urlText);
        return {};
    }
    if (!e.url.userInfo().isEmpty()) {
        // Credentials in a URL would land in settings and on screen.
        *error = QStringLiteral("a health URL must not carry a user name or password: %1").arg(displayUrl(e.url));
        return {};
    }
    return e;
}

QString HealthEndpoint::toString() const
{
    return name.isEmpty() ? url.toString() : name + QLatin1Char('=') + url.toString();
}

QString HealthStatus::overallName(Overall o)
{
    switch (o) {
    case Overall::Healthy:
        return QStringLiteral("healthy");
    case Overall::Unhealthy:
        return QStringLiteral("unhealthy");
    case Overall::Unreachable:
        return QStringLiteral("unreachable");
    case Overall::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString HealthStatus::failingText() const
{
    QStringList parts;
    for (const HealthDependency &d : dependencies)
        if (d.state == HealthDependency::State::Failing)
            parts << d.name + QStringLiteral(": ") + d.value;
    return parts.join(QStringLiteral(", "));
}

HealthDependency::State classifyHealthValue(const QString &value)
{
    static const QStringList ok = {QStringLiteral("ok"),        QStringLiteral("up"),      QStringLiteral("pass"),
                                   QStringLiteral("passed"),    QStringLiteral("healthy"), QStringLiteral("connected"),
                                   QStringLiteral("ready"),     QStringLiteral("true"),    QStringLiteral("available"),
                                   QStringLiteral("online"),    QStringLiteral("green"),   QStringLiteral("serving")};
    static const QStringList failing = {
        QStringLiteral("timeout"),      QStringLiteral("timed out"),   QStringLiteral("down"),
        QStringLiteral("fail"),         QStringLiteral("failed"),      QStringLiteral("failing"),
        QStringLiteral("error"),        QStringLiteral("unhealthy"),   QStringLiteral("disconnected"),
        QStringLiteral("unavailable"),  QStringLiteral("unreachable"), QStringLiteral("false"),
        QStringLiteral("not ready"),    QStringLiteral("out_of_service"), QStringLiteral("offline"),
        QStringLiteral("red"),          QStringLiteral("critical"),    QStringLiteral("not_serving"),
        QStringLiteral("refused"),      QStringLiteral("degraded"),    QStringLiteral("warn")};
    const QString v = value.trimmed().toLower();
    if (ok.contains(v))
        return HealthDependency::State::Ok;
    if (failing.contains(v) || v.startsWith(QLatin1String("error")) || v.contains(QLatin1String("timeout")) ||
        v.contains(QLatin1String("refused")))
        return HealthDependency::State::Failing;
    return HealthDependency::State::Info;
}

namespace {

QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isNull())
        return QStringLiteral("null");
    return {};
}

// The status a nested check reports: {"status": "UP"} or [{"status": "pass"}, ...].
QString nestedStatus(const QJsonValue &v)
{
    if (v.isObject())
        return scalarText(v.toObject().value(QLatin1String("status")));
    if (v.isArray()) {
        // health+json: a list of observations; the worst one counts.
        QString worst;
        for (const QJsonValue &item : v.toArray()) {
            const QString s = scalarText(item.toObject().value(QLatin1String("status")));
            if (worst.isEmpty() || classifyHealthValue(s) == HealthDependency::State::Failing)
                worst = s;
        }
        return worst;
    }
    return {};
}

void addDependencies(const QJsonObject &o, const QString &prefix, QList<HealthDependency> &out, int depth)
{
    static const QStringList containers = {QStringLiteral("components"), QStringLiteral("checks"),
                                           QStringLiteral("details"), QStringLiteral("dependencies"),
                                           QStringLiteral("services"), QStringLiteral("info")};
    for (auto it = o.begin(); it != o.end() && out.size() < 200; ++it) {
        const QString key = it.key();
        if (prefix.isEmpty() && key == QLatin1String("status"))
            continue;
        const QJsonValue v = it.value();
        if (v.isObject() || v.isArray()) {
            const QString status = nestedStatus(v);
            if (!status.isEmpty()) {
                out.append({prefix + key, status, classifyHealthValue(status)});
                // Spring Boot nests components in components.
                const QJsonObject inner = v.toObject().value(QLatin1String("components")).toObject();
                if (!inner.isEmpty() && depth < 4)
                    addDependencies(inner, prefix + key + QLatin1Char('.'), out, depth + 1);
            } else if (v.isObject() && containers.contains(key) && depth < 4) {
                addDependencies(v.toObject(), prefix, out, depth + 1);
            }
            continue;
        }
        const QString text = scalarText(v);
        out.append({prefix + key, text, v.isDouble() ? HealthDependency::State::Info : classifyHealthValue(text)});
    }
}

} // namespace

HealthStatus decodeHealth(int httpStatus, const QByteArray &body)
{
    HealthStatus s;
    s.httpStatus = httpStatus;
    const bool httpOk = httpStatus >= 200 && httpStatus < 300;
    s.overall = httpOk ? HealthStatus::Overall::Healthy : HealthStatus::Overall::Unhealthy;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        s.status = scalarText(o.value(QLatin1String("status")));
        addDependencies(o, {}, s.dependencies, 0);
        if (httpOk && classifyHealthValue(s.status) == HealthDependency::State::Failing)
            s.overall = HealthStatus::Overall::Unhealthy;
    } else {
        // Plain "OK" or an HTML error page: keep a short plain-text excerpt.
        s.status = QString::fromUtf8(body.left(200)).simplified().left(80);
    }
    return s;
}

HealthChecker::HealthChecker(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam), m_timer(new QTimer(this))
{
    m_timer->setInterval(15000);
    connect(m_timer, &QTimer::timeout, this, &HealthChecker::checkNow);
}

void HealthChecker::setEndpoints(const QList<HealthEndpoint> &endpoints)
{
    for (const QPointer<HttpJob> &job : std::as_const(m_jobs))
        if (job)
            job->deleteLater();
    ++m_generation;
    m_pending = 0;
    m_endpoints = endpoints;
    m_jobs = QList<QPointer<HttpJob>>(endpoints.size());
    m_statuses.clear();
    for (const HealthEndpoint &e : endpoints) {
        HealthStatus s;
        s.endpoint = e;
        m_statuses.append(s);
    }
}

void HealthChecker::setIntervalMs(int ms)
{
    if (ms <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(ms);
}

void HealthChecker::checkNow()
{
    const quint64 generation = m_generation;
    for (int i = 0; i < m_endpoints.size(); ++i) {
        if (m_jobs.at(i))
            continue; // the previous poll of this one is still waiting
        ++m_pending;
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        // A health answer is small: anything beyond 1 MiB is refused.
        HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Get, m_endpoints.at(i).url, {}, m_timeoutMs, this,
                                      1024 * 1024);
        m_jobs[i] = job;
        connect(job, &HttpJob::finished, this, [this, i, job, clock, generation](const HttpResult &r) {
            job->deleteLater();
            if (generation != m_generation)
                return;
            HealthStatus s;
            if (r.errorType == QLatin1String("http") || r.ok()) {
                s = decodeHealth(r.status, r.body);
            } else {
                s.overall = HealthStatus::Overall::Unreachable;
                s.error = r.error;
            }
            s.latencyMs = clock->elapsed();
            finish(i, s);
        });
    }
    if (m_pending == 0)
        emit roundFinished();
}

void HealthChecker::finish(int index, const HealthStatus &status)
{
    if (index < 0 || index >= m_endpoints.size())
        return;
    HealthStatus s = status;
    s.endpoint = m_endpoints.at(index);
    s.checkedAt = QDateTime::currentDateTimeUtc();
    m_statuses[index] = s;
    m_jobs[index] = nullptr;
    emit updated(index, s);
    if (--m_pending == 0)
        emit roundFinished();
}
