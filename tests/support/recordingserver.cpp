#include "recordingserver.h"

#include <QTcpSocket>
#include <QUrlQuery>

#include <memory>

namespace {

const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    default:
        return "Status";
    }
}

} // namespace

QByteArray RecordingServer::Request::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

bool RecordingServer::Request::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QList<std::pair<QString, QString>> RecordingServer::Request::params() const
{
    QList<std::pair<QString, QString>> out;
    const qsizetype q = target.indexOf('?');
    QList<QUrlQuery> queries;
    if (q >= 0)
        queries << QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
    if (header("Content-Type").startsWith("application/x-www-form-urlencoded"))
        queries << QUrlQuery(QString::fromUtf8(body));
    for (const QUrlQuery &query : queries)
        for (const auto &[k, v] : query.queryItems(QUrl::FullyDecoded))
            out.append({k, v});
    return out;
}

QString RecordingServer::Request::param(const QString &key) const
{
    for (const auto &[k, v] : params())
        if (k == key)
            return v;
    return {};
}

RecordingServer::RecordingServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &RecordingServer::onConnection);
}

RecordingServer::~RecordingServer()
{
    for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets))
        if (s)
            s->abort();
}

bool RecordingServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl RecordingServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void RecordingServer::setRoute(const QByteArray &path, int status, const QByteArray &body,
                               const QByteArray &extraHeaders, const QByteArray &contentType)
{
    m_routes.insert(path, Route{status, body, extraHeaders, contentType});
}

void RecordingServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_sockets.append(socket);
        socket->setParent(this);
        auto buffer = std::make_shared<QByteArray>();
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, answered] {
            *buffer += socket->readAll();
            if (*answered)
                return;
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            // Wait for the whole body (a POST's form) when its length is announced.
            qint64 length = 0;
            for (const QByteArray &line : buffer->left(end).split('\n'))
                if (line.trimmed().toLower().startsWith("content-length:"))
                    length = line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            *answered = true;
            handle(socket, *buffer);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void RecordingServer::handle(QTcpSocket *socket, const QByteArray &raw)
{
    const qsizetype end = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = raw.left(end).split('\n');
    Request r;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.method = requestLine.value(0);
    r.target = requestLine.value(1);
    r.path = r.target.left(r.target.indexOf('?') < 0 ? r.target.size() : r.target.indexOf('?'));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
    }
    r.body = raw.mid(end + 4);
    m_requests.append(r);

    const auto it = m_routes.constFind(r.path);
    Route route;
    if (it != m_routes.constEnd())
        route = *it;
    else if (m_routes.contains(QByteArray()))
        route = m_routes.value(QByteArray());
    else
        route = Route{404, "404 page not found\n", {}, "text/plain; charset=utf-8"};
    QByteArray answer =
        "HTTP/1.1 " + QByteArray::number(route.status) + ' ' + reason(route.status) + "\r\n";
    answer += "Content-Type: " +
              (route.contentType.isEmpty() ? QByteArray("application/json") : route.contentType) +
              "\r\n";
    answer += "Content-Length: " + QByteArray::number(route.body.size()) + "\r\n";
    answer += route.extraHeaders;
    answer += "Connection: close\r\n\r\n";
    answer += route.body;
    socket->write(answer);
    socket->disconnectFromHost();
    emit requestReceived();
}
