#pragma once

#include <QNetworkReply>
#include <QString>
#include <QUrl>

/// A transport failure in words an operator reads at a glance
/// ("connection refused: http://host:9090/api/v1/query_range").
QString describeNetworkError(QNetworkReply::NetworkError code, const QUrl &url,
                             const QString &qtMessage);

/// The URL as shown in messages: no credentials, no query string.
QString displayUrl(const QUrl &url);

/// Non-empty when the body is shorter than the Content-Length the server announced
/// ("response cut short after 120 of 240 bytes: http://...").
QString truncationError(const QNetworkReply *reply, qint64 received, const QUrl &url);
