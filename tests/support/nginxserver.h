#pragma once

#include <QByteArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

/// A real nginx (Debian's `nginx-light`) on a free loopback port, run in the
/// foreground as the current user: configuration, pid file, error log and temp paths
/// in a temporary directory. Stopped by pid when this object dies.
class NginxServer
{
public:
    NginxServer() = default;
    ~NginxServer();
    NginxServer(const NginxServer &) = delete;
    NginxServer &operator=(const NginxServer &) = delete;

    /// Starts nginx with one `server` listening on 127.0.0.1:<free port> whose body
    /// (location blocks and the like) is `serverBody`.
    bool start(const QByteArray &serverBody, QString *error);
    void stop();

    QUrl url() const { return m_url; }

    /// A Mimir-style gateway: `prefix` (e.g. "/prometheus") is served from
    /// `upstream`'s root, and only requests carrying `X-Scope-OrgID: <tenant>` get
    /// through; the others are answered 401 with a plain-text reason. When the
    /// upstream is https, its certificate is verified against `upstreamCaFile` and
    /// `upstreamServerName` (nginx matches DNS names only, not IP addresses);
    /// `upstreamAuthorization` (if any) is the Authorization header the gateway sends
    /// upstream in place of the client's.
    static QByteArray tenantGateway(const QString &prefix, const QUrl &upstream,
                                    const QString &tenant, const QString &upstreamCaFile = {},
                                    const QString &upstreamServerName = {},
                                    const QByteArray &upstreamAuthorization = {});

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
};
