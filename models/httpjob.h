#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>
#include <utility>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

/// What an HTTP exchange produced. `error` is empty for a 2xx answer; otherwise it
/// is a message fit to show the user (transport failure, timeout or HTTP status).
struct HttpResult
{
    int status = 0;
    QByteArray body;
    /// The body's Content-Encoding when the request asked for it compressed
    /// (HttpOptions::compressedBody): the caller inflates it (inflateBody).
    QByteArray contentEncoding;
    QString error;
    /// What failed: "timeout", "too_large", "network" (no usable answer; `body` is
    /// empty) or "http" (a non-2xx status; `body` holds the server's answer).
    QString errorType;

    bool ok() const { return error.isEmpty(); }
};

/// What every request to one datasource carries besides its URL: headers (the
/// Authorization header of basic or bearer auth, custom headers such as
/// X-Scope-OrgID), query parameters (Thanos `dedup`, `partial_response`, ...) and TLS
/// settings. Headers are sent only to the datasource's own origin: a redirect to
/// another scheme, host or port is followed without them.
struct HttpOptions
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    QList<std::pair<QString, QString>> queryParams;
    /// Set when the datasource has its own CA, client certificate or skips
    /// verification; otherwise the system's default configuration applies.
    std::optional<QSslConfiguration> ssl;
    /// Verify the server's certificate against this name instead of the URL's host.
    QString peerVerifyName;
    int maxRedirects = 5;
    /// Ask for gzip and hand the body over as it came: Qt would inflate it on the
    /// thread that owns the reply - the UI's - and large answers stall it.
    bool compressedBody = false;
    /// Set when the datasource's settings cannot be used (an unreadable CA file, a
    /// key that does not parse): every request fails with it, none is sent.
    QString configError;

    bool operator==(const HttpOptions &o) const
    {
        return headers == o.headers && queryParams == o.queryParams && ssl == o.ssl &&
               peerVerifyName == o.peerVerifyName && maxRedirects == o.maxRedirects &&
               compressedBody == o.compressedBody &&
               configError == o.configError;
    }
};

/// One request in flight with a timeout (Post sends JSON, PostForm a form). Emits `finished` exactly once unless
/// aborted or deleted first. Bodies larger than `maxBytes` are refused while
/// downloading, never read whole.
class HttpJob final : public QObject
{
    Q_OBJECT
public:
    enum class Method { Get, Post, PostForm, Delete };

    static HttpJob *start(QNetworkAccessManager *nam, Method method, const QUrl &url,
                          const QByteArray &body, int timeoutMs, QObject *owner,
                          qint64 maxBytes = kDefaultMaxBytes, const HttpOptions &options = {});
    ~HttpJob() override;
    void abort();
    QUrl url() const { return m_url; }

    static constexpr qint64 kDefaultMaxBytes = 256LL * 1024 * 1024;

signals:
    void finished(const HttpResult &result);

private:
    HttpJob(QNetworkAccessManager *nam, Method method, const QUrl &url, const QByteArray &body,
            int timeoutMs, qint64 maxBytes, const HttpOptions &options, QObject *parent);
    void send(const QUrl &url, bool withHeaders);
    void onFinished();
    void finishWith(HttpResult result);

    QPointer<QNetworkAccessManager> m_nam;
    Method m_method;
    QByteArray m_requestBody;
    HttpOptions m_options;
    QUrl m_origin;          // scheme://host:port the headers belong to
    QUrl m_current;         // the URL of the request now in flight (after redirects)
    int m_redirects = 0;
    QStringList m_sslErrors;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    QTimer *m_timer = nullptr;
    int m_timeoutMs = 0;
    qint64 m_maxBytes = kDefaultMaxBytes;
    bool m_timedOut = false;
    bool m_tooLarge = false;
    QByteArray m_body; // what has been read so far
    static constexpr qint64 kReadBufferBytes = 1024 * 1024;
    bool m_done = false;
};

/// `url` with `params` added to its query (kept when already there).
QUrl withQueryParams(const QUrl &url, const QList<std::pair<QString, QString>> &params);

/// `path` appended to the base URL's own path (keeps prefixes such as "/alertmanager").
QUrl joinUrl(const QUrl &base, const QString &path);
