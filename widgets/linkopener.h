#pragma once

#include <QString>

class QWidget;
class QUrl;

/// The one way Dozor hands a link to the desktop: only http and https, only when
/// the user clicked. Anything else is refused with a window-modal message (object
/// name "linkRefused") that shows the link as plain text.
namespace LinkOpener {
bool openWeb(const QUrl &url, QWidget *parent);
void refuse(const QString &reason, QWidget *parent);
} // namespace LinkOpener
