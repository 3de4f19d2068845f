#pragma once

#include <QList>
#include <QObject>
#include <QUrl>

/// Registered with QDesktopServices::setUrlHandler, catches what would go to the
/// desktop's browser.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void handle(const QUrl &url) { urls.append(url); }
};
