#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

/// What an HTTP exchange produced. `error` is empty for a 2xx answer; otherwise it
/// is a message fit to show the user (transport failure, timeout or HTTP status).
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QString error;
    /// What failed: "timeout", "too_large", "network" (no usable answer; `body` is
    /// empty) or "http" (a non-2xx status; `body` holds the server's answer).
    QString errorType;

    bool ok() const { return error.isEmpty(); }
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
                          qint64 maxBytes = kDefaultMaxBytes);
    ~HttpJob() override;
    void abort();
    QUrl url() const { return m_url; }

    static constexpr qint64 kDefaultMaxBytes = 256LL * 1024 * 1024;

signals:
    void finished(const HttpResult &result);

private:
    HttpJob(QNetworkReply *reply, const QUrl &url, int timeoutMs, qint64 maxBytes, QObject *parent);
    void onFinished();
    void finishWith(HttpResult result);

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

/// `path` appended to the base URL's own path (keeps prefixes such as "/alertmanager").
QUrl joinUrl(const QUrl &base, const QString &path);
