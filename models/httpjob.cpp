#include "httpjob.h"

#include "networkerror.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
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

QUrl withQueryParams(const QUrl &url, const QList<std::pair<QString, QString>> &params)
{
    if (params.isEmpty())
        return url;
    QUrlQuery query(url);
    for (const auto &[key, value] : params)
        if (!query.hasQueryItem(key))
            query.addQueryItem(key, value);
    QUrl out = url;
    out.setQuery(query);
    return out;
}

namespace {
bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == QLatin1String("https") ? 443 : 80) ==
               b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}
} // namespace

HttpJob *HttpJob::start(QNetworkAccessManager *nam, Method method, const QUrl &url,
                        const QByteArray &body, int timeoutMs, QObject *owner, qint64 maxBytes,
                        const HttpOptions &options)
{
    return new HttpJob(nam, method, withQueryParams(url, options.queryParams), body, timeoutMs, maxBytes,
                       options, owner);
}

HttpJob::HttpJob(QNetworkAccessManager *nam, Method method, const QUrl &url, const QByteArray &body,
                 int timeoutMs, qint64 maxBytes, const HttpOptions &options, QObject *parent)
    : QObject(parent), m_nam(nam), m_method(method), m_requestBody(body), m_options(options),
      m_origin(url), m_url(url), m_timeoutMs(timeoutMs), m_maxBytes(maxBytes)
{
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
    if (!options.configError.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            HttpResult r;
            r.errorType = QStringLiteral("network");
            r.error = m_options.configError;
            finishWith(std::move(r));
        });
        return;
    }
    send(url, true);
}

void HttpJob::send(const QUrl &url, bool withHeaders)
{
    m_current = url;
    m_body.clear();
    m_sslErrors.clear();
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    // Set by hand, Qt leaves the body compressed (see HttpOptions::compressedBody).
    if (m_options.compressedBody)
        request.setRawHeader("Accept-Encoding", "gzip, deflate");
    // Redirects are followed here, not by Qt, which would carry the Authorization and
    // custom headers to whatever host the server names.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Qt 6.4's HTTP/2 stream never finishes when the server refuses the connection with
    // a TLS alert after the handshake (TLS 1.3 servers that require a client
    // certificate do): the request would only time out. HTTP/1.1 reports it at once.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (withHeaders) {
        for (const auto &[name, value] : std::as_const(m_options.headers))
            request.setRawHeader(name, value);
        if (m_options.ssl)
            request.setSslConfiguration(*m_options.ssl);
        if (!m_options.peerVerifyName.isEmpty())
            request.setPeerVerifyName(m_options.peerVerifyName);
    }
    QNetworkReply *reply = nullptr;
    switch (m_method) {
    case Method::Get:
        reply = m_nam->get(request);
        break;
    case Method::Post:
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam->post(request, m_requestBody);
        break;
    case Method::PostForm:
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_nam->post(request, m_requestBody);
        break;
    case Method::Delete:
        reply = m_nam->deleteResource(request);
        break;
    }
    m_reply = reply;
    // The reply stays a child of its QNetworkAccessManager, which may die first.
    connect(reply, &QNetworkReply::finished, this, &HttpJob::onFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
    });
    // Qt's network thread reads ahead without bound unless told otherwise; with a
    // bounded buffer, drained here, a huge or endless answer is held back by TCP
    // until the cap refuses it, instead of piling up in memory meanwhile.
    reply->setReadBufferSize(kReadBufferBytes);
    connect(reply, &QNetworkReply::readyRead, this, [this] {
        if (!m_reply)
            return;
        // Straight into the body (grown geometrically), not through a fresh array per
        // chunk: on a large answer those were most of the UI thread's time here.
        const qint64 available = m_reply->bytesAvailable();
        if (available > 0) {
            const qsizetype had = m_body.size();
            m_body.resize(had + qsizetype(available));
            const qint64 got = m_reply->read(m_body.data() + had, available);
            m_body.resize(had + qsizetype(std::max<qint64>(got, 0)));
        }
        if (m_maxBytes > 0 && m_body.size() > m_maxBytes) {
            m_tooLarge = true;
            m_body.clear();
            m_reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_maxBytes > 0 && (received > m_maxBytes || total > m_maxBytes) && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    // A declared length over the cap is refused as soon as the headers arrive, before
    // any of the body is read.
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!m_reply || m_maxBytes <= 0)
            return;
        bool ok = false;
        const qint64 declared = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (ok && declared > m_maxBytes) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
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
    const QVariant location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute);
    if (!m_timedOut && !m_tooLarge && r.status >= 300 && r.status < 400 && location.isValid() && m_nam) {
        const QUrl target = m_current.resolved(location.toUrl());
        if (++m_redirects > m_options.maxRedirects) {
            r.errorType = QStringLiteral("network");
            r.error = describeNetworkError(QNetworkReply::TooManyRedirectsError, m_url, {});
            finishWith(std::move(r));
            return;
        }
        if (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https")) {
            r.errorType = QStringLiteral("network");
            r.error = QCoreApplication::translate("HttpJob", "redirect to a non-HTTP address refused: %1").arg(displayUrl(m_url));
            finishWith(std::move(r));
            return;
        }
        if (m_current.scheme() == QLatin1String("https") && target.scheme() == QLatin1String("http")) {
            r.errorType = QStringLiteral("network");
            r.error = QCoreApplication::translate("HttpJob", "redirect from https to plain http refused: %1 -> %2")
                          .arg(displayUrl(m_current), displayUrl(target));
            finishWith(std::move(r));
            return;
        }
        QUrl next = target;
        if (r.status == 303 || ((r.status == 301 || r.status == 302) && m_method == Method::PostForm)) {
            // As browsers do: the request becomes a GET; a form travels in the query.
            if (m_method == Method::PostForm && !m_requestBody.isEmpty()) {
                QUrlQuery q(next);
                const QUrlQuery form(QString::fromUtf8(m_requestBody));
                for (const auto &[k, v] : form.queryItems(QUrl::FullyEncoded))
                    q.addQueryItem(k, v);
                next.setQuery(q);
            }
            if (m_method != Method::Delete) {
                m_method = Method::Get;
                m_requestBody.clear();
            }
        }
        send(next, sameOrigin(next, m_origin));
        return;
    }
    if (m_timedOut) {
        r.errorType = QStringLiteral("timeout");
        // MainWindow's server banner recognises "timed out" (NetworkError context).
        r.error = QCoreApplication::translate("NetworkError", "timed out after %1 s: %2").arg(m_timeoutMs / 1000.0).arg(displayUrl(m_url));
    } else if (m_tooLarge) {
        r.errorType = QStringLiteral("too_large");
        r.error = QCoreApplication::translate("HttpJob", "response larger than %1 MiB refused: %2")
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
        const QString why = m_sslErrors.isEmpty() ? reply->errorString() : m_sslErrors.join(QStringLiteral("; "));
        r.error = describeNetworkError(reply->error(), m_url, why);
    } else {
        // Appended in place: `m_body + readAll()` copied the whole body once more.
        r.body = std::exchange(m_body, {});
        if (reply->bytesAvailable() > 0)
            r.body += reply->readAll();
        if (m_options.compressedBody)
            r.contentEncoding = reply->rawHeader("Content-Encoding");
        if (r.status < 200 || r.status >= 300) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            r.errorType = QStringLiteral("http");
            r.error = QCoreApplication::translate("HttpJob", "HTTP %1%2 from %3")
                          .arg(r.status)
                          .arg(reason.isEmpty() ? QString() : QLatin1Char(' ') + reason, displayUrl(m_url));
            if (r.status == 401)
                r.error += QCoreApplication::translate("HttpJob", " - the server wants credentials: set the datasource's user and "
                                          "password or token in File > Datasources");
            else if (r.status == 403)
                r.error += QCoreApplication::translate("HttpJob", " - the credentials were refused or lack permission: check the "
                                          "datasource's authentication in File > Datasources");
        }
    }
    finishWith(std::move(r));
}
