#include "prometheusclient.h"

#include "httpjob.h"
#include "networkerror.h"
#include "prometheusdecoder.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QThreadPool>

#include <memory>

namespace {

// QUrlQuery leaves '+' alone, which a form decoder reads as a space ("a + b" would
// reach Prometheus as "a   b"); percent-encode everything that is not unreserved.
QByteArray formEncode(std::initializer_list<std::pair<const char *, QString>> items)
{
    QByteArray out;
    for (const auto &[key, value] : items) {
        if (!out.isEmpty())
            out += '&';
        out += key;
        out += '=';
        out += QUrl::toPercentEncoding(value);
    }
    return out;
}

QString secondsString(const QDateTime &t)
{
    return QString::number(double(t.toMSecsSinceEpoch()) / 1000.0, 'f', 3);
}

} // namespace

PrometheusQuery::PrometheusQuery(HttpJob *job, const QUrl &url, QObject *parent)
    : QObject(parent), m_job(job), m_url(url)
{
    job->setParent(this);
    connect(job, &HttpJob::finished, this, &PrometheusQuery::onHttpFinished);
}

PrometheusQuery::~PrometheusQuery()
{
    abort();
}

void PrometheusQuery::abort()
{
    m_done = true;
    if (m_job)
        m_job->abort();
}

void PrometheusQuery::finishWith(QueryResult result)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(result);
}

void PrometheusQuery::onHttpFinished(const HttpResult &http)
{
    if (m_done)
        return;
    // Anything but an HTTP error carrying Prometheus's JSON envelope is final here.
    if (!http.ok() && (http.errorType != QLatin1String("http") || !http.body.trimmed().startsWith('{'))) {
        QueryResult r;
        r.errorType = http.errorType;
        r.error = http.error;
        finishWith(std::move(r));
        return;
    }
    const QByteArray body = http.body;
    const int status = http.status;

    // Prometheus answers errors (400 bad_data, 422 execution, 503 timeout) with the same
    // JSON envelope as successes; the decoder takes its message from there. Decoding
    // runs on the thread pool; the result comes back as a queued call on the
    // application object (which outlives every query) and reaches this query only if
    // it still exists: a query deleted meanwhile never hears of it.
    QPointer<PrometheusQuery> self(this);
    const QString where = displayUrl(m_url);
    QObject *sink = QCoreApplication::instance();
    QThreadPool::globalInstance()->start([self, body, status, where, sink] {
        QueryResult r = decodePrometheusResponse(body);
        if (!r.ok() && r.errorType == QLatin1String("decode") && status >= 400)
            r.error = QStringLiteral("HTTP %1 from %2").arg(status).arg(where);
        QMetaObject::invokeMethod(
            sink,
            [self, r = std::move(r)]() mutable {
                if (self)
                    self->finishWith(std::move(r));
            },
            Qt::QueuedConnection);
    });
}

PrometheusClient::PrometheusClient(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam), m_baseUrl(QStringLiteral("http://localhost:9090"))
{
}

void PrometheusClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

QUrl PrometheusClient::apiUrl(const QString &path) const
{
    return joinUrl(m_baseUrl, path);
}

PrometheusQuery *PrometheusClient::queryRange(const QString &expr, const QDateTime &start,
                                              const QDateTime &end, double stepSeconds,
                                              QObject *owner)
{
    const QByteArray form = formEncode({{"query", expr},
                                        {"start", secondsString(start)},
                                        {"end", secondsString(end)},
                                        {"step", QString::number(stepSeconds, 'g', 12)}});
    return post(QStringLiteral("/api/v1/query_range"), form, owner);
}

PrometheusQuery *PrometheusClient::queryInstant(const QString &expr, const QDateTime &time,
                                                QObject *owner)
{
    const QByteArray form = formEncode({{"query", expr}, {"time", secondsString(time)}});
    return post(QStringLiteral("/api/v1/query"), form, owner);
}

PrometheusQuery *PrometheusClient::post(const QString &path, const QByteArray &form,
                                        QObject *owner)
{
    const QUrl url = apiUrl(path);
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::PostForm, url, form, m_timeoutMs, nullptr, m_maxBytes);
    return new PrometheusQuery(job, url, owner ? owner : this);
}
