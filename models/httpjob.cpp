#include "httpjob.h"

#include "networkerror.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <utility>

QUrl joinUrl(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(prefix + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    return url;
}

HttpJob *HttpJob::start(QNetworkAccessManager *nam, Method method, const QUrl &url,
                        const QByteArray &body, int timeoutMs, QObject *owner, qint64 maxBytes)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    QNetworkReply *reply = nullptr;
    switch (method) {
    case Method::Get:
        reply = nam->get(request);
        break;
    case Method::Post:
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = nam->post(request, body);
        break;
    case Method::PostForm:
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = nam->post(request, body);
        break;
    case Method::Delete:
        reply = nam->deleteResource(request);
        break;
    }
    return new HttpJob(reply, url, timeoutMs, maxBytes, owner);
}

HttpJob::HttpJob(QNetworkReply *reply, const QUrl &url, int timeoutMs, qint64 maxBytes, QObject *parent)
    : QObject(parent), m_reply(reply), m_url(url), m_timeoutMs(timeoutMs), m_maxBytes(maxBytes)
{
    // The reply stays a child of its QNetworkAccessManager, which may die first.
    connect(m_reply, &QNetworkReply::finished, this, &HttpJob::onFinished);
    // Qt's network thread reads ahead without bound unless told otherwise; with a
    // bounded buffer, drained here, a huge or endless answer is held back by TCP
    // until the cap refuses it, instead of piling up in memory meanwhile.
    m_reply->setReadBufferSize(kReadBufferBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (!m_reply)
            return;
        m_body += m_reply->readAll();
        if (m_maxBytes > 0 && m_body.size() > m_maxBytes) {
            m_tooLarge = true;
            m_body.clear();
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_maxBytes > 0 && (received > m_maxBytes || total > m_maxBytes) && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    // A declared length over the cap is refused as soon as the headers arrive, before
    // any of the body is read.
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!m_reply || m_maxBytes <= 0)
            return;
        bool ok = false;
        const qint64 declared = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (ok && declared > m_maxBytes) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
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

HttpJob::~HttpJob()
{
    abort();
}

void HttpJob::abort()
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

void HttpJob::finishWith(HttpResult result)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(result);
}

void HttpJob::onFinished()
{
    if (m_done || !m_reply)
        return;
    if (m_timer)
        m_timer->stop();
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    m_reply = nullptr;

    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_timedOut) {
        r.errorType = QStringLiteral("timeout");
        r.error = QStringLiteral("timed out after %1 s: %2").arg(m_timeoutMs / 1000.0).arg(displayUrl(m_url));
    } else if (m_tooLarge) {
        r.errorType = QStringLiteral("too_large");
        r.error = QStringLiteral("response larger than %1 MiB refused: %2")
                      .arg(double(m_maxBytes) / (1024 * 1024), 0, 'g', 4)
                      .arg(displayUrl(m_url));
    } else if (const QString cut = truncationError(reply, m_body.size() + reply->bytesAvailable(), m_url);
               !cut.isEmpty() && r.status >= 200 && r.status < 300) {
        r.errorType = QStringLiteral("network");
        r.error = cut;
    } else if (r.status == 0 || (reply->error() > QNetworkReply::NoError && reply->error() < 200)) {
        // Transport errors (below 200 in Qt's numbering) explain more than the last
        // status seen: a redirect loop ends on a 302, a dropped body on a 200.
        r.errorType = QStringLiteral("network");
        r.error = describeNetworkError(reply->error(), m_url, reply->errorString());
    } else {
        r.body = std::exchange(m_body, {}) + reply->readAll();
        if (r.status < 200 || r.status >= 300) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            r.errorType = QStringLiteral("http");
            r.error = QStringLiteral("HTTP %1%2 from %3")
                          .arg(r.status)
                          .arg(reason.isEmpty() ? QString() : QLatin1Char(' ') + reason, displayUrl(m_url));
        }
    }
    finishWith(std::move(r));
}
