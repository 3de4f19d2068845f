#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/// A loopback HTTP server that records every request (method, target, headers,
/// body) and answers from routes set per path: for checking what a client sends
/// (headers, query parameters, what survives a redirect) and feeding it crafted
/// answers (warnings, partial responses, redirects). Unrouted paths get 404.
class RecordingServer final : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query as sent
        QByteArray path;   // target without the query
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;

        /// The value of a header (case-insensitive name); empty when absent.
        QByteArray header(const QByteArray &name) const;
        bool hasHeader(const QByteArray &name) const;
        /// The query parameters of the target and, for a form POST, of the body.
        QList<std::pair<QString, QString>> params() const;
        QString param(const QString &key) const;
    };

    explicit RecordingServer(QObject *parent = nullptr);
    ~RecordingServer() override;
    bool listen();
    QUrl url() const;

    /// The answer for a path: status, body (JSON unless said otherwise) and extra
    /// header lines ("Location: http://...\r\n").
    void setRoute(const QByteArray &path, int status, const QByteArray &body,
                  const QByteArray &extraHeaders = {},
                  const QByteArray &contentType = "application/json");
    /// Answers every path without a route of its own.
    void setDefaultRoute(int status, const QByteArray &body)
    {
        setRoute(QByteArray(), status, body);
    }

    QList<Request> requests() const { return m_requests; }
    void clear() { m_requests.clear(); }

signals:
    void requestReceived();

private:
    void onConnection();
    void handle(QTcpSocket *socket, const QByteArray &raw);

    struct Route
    {
        int status = 200;
        QByteArray body;
        QByteArray extraHeaders;
        QByteArray contentType;
    };
    QTcpServer m_server;
    QHash<QByteArray, Route> m_routes;
    QList<Request> m_requests;
    QList<QPointer<QTcpSocket>> m_sockets;
};
