#include "prometheusclient.h"

#include "networkerror.h"
#include "prometheusdecoder.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThreadPool>
#include <QTimer>

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

PrometheusQuery::PrometheusQuery(QNetworkReply *reply, const QUrl &url, int timeoutMs,
                                 qint64 maxBytes, QObject *parent)
    : QObject(parent), m_reply(reply), m_url(url), m_timeoutMs(timeoutMs), m_maxBytes(maxBytes)
{
    // A body over the cap is refused while it arrives, never read into memory whole.
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_maxBytes > 0 && (received > m_maxBytes || total > m_maxBytes) && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    // The reply stays a child of its QNetworkAccessManager, which may die first;
    // m_reply is a QPointer for that reason.
    connect(m_reply, &QNetworkReply::finished, this, &PrometheusQuery::onReplyFinished);
    if (timeoutMs > 0) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_reply)
                m_reply->abort();
        });
        m_timer->start(timeoutMs);
    }
}

PrometheusQuery::~PrometheusQuery()
{
    abort();
}

void PrometheusQuery::abort()
{
    m_done = true;
    if (m_timer)
        m_timer->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void PrometheusQuery::finishWith(QueryResult result)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(result);
}

void PrometheusQuery::onReplyFinished()
{
    if (m_done || !m_reply)
        return;
    if (m_timer)
        m_timer->stop();
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    m_reply = nullptr;

    if (m_tooLarge) {
        QueryResult r;
        r.errorType = QStringLiteral("too_large");
        r.error = QStringLiteral("response larger than %1 MiB refused: %2")
                      .arg(double(m_maxBytes) / (1024 * 1024), 0, 'g', 4)
                      .arg(displayUrl(m_url));
        finishWith(std::move(r));
        return;
    }
    if (m_timedOut) {
        QueryResult r;
        r.errorType = QStringLiteral("timeout");
        r.error = QStringLiteral("timed out after %1 s: %2").arg(m_timeoutMs / 1000.0).arg(displayUrl(m_url));
        finishWith(std::move(r));
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (const QString cut = truncationError(reply, body.size(), m_url); !cut.isEmpty()) {
        QueryResult r;
        r.errorType = QStringLiteral("network");
        r.error = cut;
        finishWith(std::move(r));
        return;
    }
    const bool looksJson = body.trimmed().startsWith('{');

    if (reply->error() > QNetworkReply::NoError && reply->error() < 200 && status != 0) {
        // A transport error after a status line: a redirect loop ends on a 302, a
        // body cut short on a 200.
        QueryResult r;
        r.errorType = QStringLiteral("network");
        r.error = describeNetworkError(reply->error(), m_url, reply->errorString());
        finishWith(std::move(r));
        return;
    }
    if (reply->error() != QNetworkReply::NoError && (status == 0 || !looksJson)) {
        QueryResult r;
        r.errorType = status ? QStringLiteral("http") : QStringLiteral("network");
        if (status) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            r.error = QStringLiteral("HTTP %1 %2 from %3")
                          .arg(status)
                          .arg(reason, m_url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString());
        } else {
            r.error = describeNetworkError(reply->error(), m_url, reply->errorString());
        }
        finishWith(std::move(r));
        return;
    }

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
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    return url;
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
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    QNetworkReply *reply = m_nam->post(request, form);
    return new PrometheusQuery(reply, url, m_timeoutMs, m_maxBytes, owner ? owner : this);
}
