#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/// A misbehaving HTTP server on a free loopback port, for the fault matrix: it
/// answers every request the way `mode` says (well, never, slowly, with an HTML 500,
/// truncated JSON, an endless body, a redirect loop, ...).
class FaultServer final : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        Ok,           // 200 with okBody
        Hang,         // accepts, reads, never answers
        Slow,         // 200, then one byte of okBody every 300 ms
        Html500,      // 500 with an HTML page
        JsonError,    // errorStatus with errorBody (the API's own error JSON)
        Truncated,    // 200 announcing okBody's length, sending half, closing
        WrongShape,   // 200 with shapeBody (valid JSON, not the API's shape)
        Endless,      // 200 announcing 300 MB and streaming until the client gives up
        RedirectLoop, // 302 to itself
        Close,        // closes the connection without a word
        Routed,       // answers by path, as setRoute() says (an API with several endpoints)
    };

    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;
    bool listen();
    QUrl url() const;

    void setMode(Mode mode) { m_mode = mode; }
    void setOkBody(const QByteArray &body) { m_okBody = body; }
    void setErrorBody(int status, const QByteArray &body)
    {
        m_errorStatus = status;
        m_errorBody = body;
    }
    void setShapeBody(const QByteArray &body) { m_shapeBody = body; }
    int requests() const { return m_requests; }
    /// Request targets (path and query, as sent) in arrival order, in every mode.
    QList<QByteArray> targets() const { return m_targets; }
    void clearTargets() { m_targets.clear(); }

    /// Routed mode: the answer for a path (the target without its query string).
    /// Status 0 never answers. Paths without a route get Go's plain-text 404.
    void setRoute(const QByteArray &path, int status, const QByteArray &body,
                  const QByteArray &contentType = "application/json");
    void clearRoutes() { m_routes.clear(); }
    /// Bytes the Endless mode managed to push before the client hung up.
    qint64 endlessBytesSent() const { return m_endlessSent; }

private:
    void onConnection();
    void respond(QTcpSocket *socket);

    QTcpServer m_server;
    Mode m_mode = Mode::Ok;
    QByteArray m_okBody;
    int m_errorStatus = 400;
    QByteArray m_errorBody;
    QByteArray m_shapeBody;
    int m_requests = 0;
    qint64 m_endlessSent = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
    struct Route
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType;
    };
    QHash<QByteArray, Route> m_routes;
    QList<QByteArray> m_targets;
};
