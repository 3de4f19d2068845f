#include "networkerror.h"

QString displayUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString();
}

QString describeNetworkError(QNetworkReply::NetworkError code, const QUrl &url,
                             const QString &qtMessage)
{
    const QString where = displayUrl(url);
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused: %1").arg(where);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found: %1").arg(where);
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("server closed the connection: %1").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake failed (%1): %2").arg(qtMessage, where);
    case QNetworkReply::TooManyRedirectsError:
        return QStringLiteral("too many redirects: %1").arg(where);
    default:
        return QStringLiteral("%1: %2").arg(qtMessage, where);
    }
}
