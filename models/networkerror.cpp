#include "networkerror.h"

#include <QCoreApplication>

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
        return QCoreApplication::translate("NetworkError", "connection refused: %1").arg(where);
    case QNetworkReply::HostNotFoundError:
        return QCoreApplication::translate("NetworkError", "host not found: %1").arg(where);
    case QNetworkReply::RemoteHostClosedError:
        return QCoreApplication::translate("NetworkError", "server closed the connection: %1").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return QCoreApplication::translate("NetworkError", "TLS handshake failed (%1): %2").arg(qtMessage, where);
    case QNetworkReply::TooManyRedirectsError:
        return QCoreApplication::translate("NetworkError", "too many redirects: %1").arg(where);
    default:
        return QStringLiteral("%1: %2").arg(qtMessage, where);
    }
}

QString truncationError(const QNetworkReply *reply, qint64 received, const QUrl &url)
{
    bool ok = false;
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (!ok || announced <= received)
        return {};
    return QCoreApplication::translate("NetworkError", "response cut short after %1 of %2 bytes: %3").arg(received).arg(announced).arg(displayUrl(url));
}
