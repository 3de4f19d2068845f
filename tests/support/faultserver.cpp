#include "faultserver.h"

#include <QTcpSocket>
#include <QTimer>

namespace {

QByteArray head(int status, const char *reason, const QByteArray &type, qint64 length,
                const QByteArray &extra = {})
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    h += "Content-Type: " + type + "\r\n";
    if (length >= 0)
        h += "Content-Length: " + QByteArray::number(length) + "\r\n";
    h += extra;
    h += "Connection: close\r\n\r\n";
    return h;
}

} // namespace

FaultServer::FaultServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::onConnection);
}

FaultServer::~FaultServer()
{
    for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets))
        if (s)
            s->abort();
}

bool FaultServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FaultServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void FaultServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_sockets.append(socket);
        socket->setParent(this);
        auto buffer = std::make_shared<QByteArray>();
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, answered] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || *answered)
                return;
            // The body (a POST's form) may follow; the answer does not depend on it.
            *answered = true;
            ++m_requests;
            const QList<QByteArray> requestLine = buffer->left(buffer->indexOf("\r\n")).split(' ');
            m_targets.append(requestLine.value(1));
            respond(socket);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FaultServer::setRoute(const QByteArray &path, int status, const QByteArray &body,
                           const QByteArray &contentType)
{
    Route r;
    r.status = status;
    r.body = body;
    r.contentType = contentType;
    m_routes.insert(path, r);
}

void FaultServer::respond(QTcpSocket *socket)
{
    switch (m_mode) {
    case Mode::Routed: {
        const QByteArray target = m_targets.value(m_targets.size() - 1);
        const qsizetype q = target.indexOf('?');
        const QByteArray path = q < 0 ? target : target.left(q);
        const auto it = m_routes.constFind(path);
        if (it == m_routes.constEnd()) {
            const QByteArray page = "404 page not found\n";
            socket->write(head(404, "Not Found", "text/plain; charset=utf-8", page.size()) + page);
            socket->disconnectFromHost();
        } else if (it->status != 0) {
            socket->write(head(it->status, it->status < 400 ? "OK" : "Error", it->contentType, it->body.size())
                          + it->body);
            socket->disconnectFromHost();
        }
        break;
    }
    case Mode::Ok:
        socket->write(head(200, "OK", "application/json", m_okBody.size()) + m_okBody);
        socket->disconnectFromHost();
        break;
    case Mode::Hang:
        break;
    case Mode::Slow: {
        socket->write(head(200, "OK", "application/json", m_okBody.size()));
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, socket, [this, socket, timer, sent] {
            if (*sent >= m_okBody.size()) {
                timer->stop();
                socket->disconnectFromHost();
                return;
            }
            socket->write(m_okBody.mid((*sent)++, 1));
        });
        timer->start(300);
        break;
    }
    case Mode::Html500: {
        const QByteArray page = "<html><head><title>500</title></head><body><h1>Internal Server Error</h1>"
                                "<script>alert(1)</script></body></html>";
        socket->write(head(500, "Internal Server Error", "text/html", page.size()) + page);
        socket->disconnectFromHost();
        break;
    }
    case Mode::JsonError:
        socket->write(head(m_errorStatus, "Error", "application/json", m_errorBody.size()) + m_errorBody);
        socket->disconnectFromHost();
        break;
    case Mode::Truncated:
        socket->write(head(200, "OK", "application/json", m_okBody.size()) + m_okBody.left(m_okBody.size() / 2));
        socket->flush();
        QTimer::singleShot(50, socket, [socket] { socket->abort(); });
        break;
    case Mode::WrongShape:
        socket->write(head(200, "OK", "application/json", m_shapeBody.size()) + m_shapeBody);
        socket->disconnectFromHost();
        break;
    case Mode::Endless: {
        socket->write(head(200, "OK", "application/json", 300LL * 1024 * 1024));
        socket->write("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        const QByteArray chunk(64 * 1024, ' ');
        auto pump = [this, socket, chunk] {
            // Keep about 1 MB queued; stop when the client hangs up.
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 1024 * 1024
                   && m_endlessSent < 300LL * 1024 * 1024) {
                socket->write(chunk);
                m_endlessSent += chunk.size();
            }
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, pump);
        pump();
        break;
    }
    case Mode::RedirectLoop:
        socket->write(head(302, "Found", "text/plain", 0, "Location: " + url().toEncoded() + "/loop\r\n"));
        socket->flush();
        QTimer::singleShot(100, socket, [socket] { socket->disconnectFromHost(); });
        break;
    case Mode::Close:
        socket->abort();
        break;
    }
}
