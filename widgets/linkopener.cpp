#include "linkopener.h"

#include "runbooks.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QUrl>

namespace LinkOpener {

bool openWeb(const QUrl &url, QWidget *parent)
{
    if (!isWebUrl(url)) {
        refuse(QObject::tr("Refused to open \"%1\": only http and https links open.")
                   .arg(url.toString(QUrl::RemoveUserInfo).left(300)),
               parent);
        return false;
    }
    if (!QDesktopServices::openUrl(url)) {
        refuse(QObject::tr("No browser could open %1").arg(url.toString(QUrl::RemoveUserInfo)), parent);
        return false;
    }
    return true;
}

void refuse(const QString &reason, QWidget *parent)
{
    auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("Link not opened"), reason,
                                QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("linkRefused"));
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace LinkOpener
