#include "runbooks.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

bool isWebUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
           && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

RunbookLibrary::RunbookLibrary(const QStringList &folders) : m_folders(folders) {}

QString RunbookLibrary::find(const QString &fileName) const
{
    if (fileName.isEmpty() || fileName.startsWith(QLatin1Char('.')))
        return {};
    for (const QString &folder : m_folders) {
        const QString candidate = QDir(folder).filePath(fileName);
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

LinkTarget RunbookLibrary::resolve(const QString &reference) const
{
    LinkTarget t;
    const QString ref = reference.trimmed();
    if (ref.isEmpty()) {
        t.reason = QCoreApplication::translate("RunbookLibrary", "no runbook link");
        return t;
    }
    const QUrl url(ref, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        if (isWebUrl(url)) {
            t.kind = LinkTarget::Kind::Web;
            t.url = url;
        } else {
            t.reason = QCoreApplication::translate("RunbookLibrary", "not a valid web address: %1").arg(ref.left(300));
        }
        return t;
    }
    QString name;
    if (scheme == QLatin1String("runbook")) {
        name = url.path();
    } else if (scheme.isEmpty() && !ref.contains(QLatin1Char(':'))) {
        QString path = ref;
        const qsizetype hash = path.indexOf(QLatin1Char('#'));
        if (hash >= 0)
            path.truncate(hash);
        name = QFileInfo(path).fileName();
    } else {
        t.reason = QCoreApplication::translate("RunbookLibrary", "refused to open \"%1\": only http and https links open "
                                  "(this one is %2:)")
                       .arg(ref.left(300), scheme.isEmpty() ? QCoreApplication::translate("RunbookLibrary", "not a URL") : scheme);
        return t;
    }
    if (!name.endsWith(QLatin1String(".md"), Qt::CaseInsensitive))
        name += QLatin1String(".md");
    const QString file = find(name);
    if (file.isEmpty()) {
        t.reason = QStringLiteral("no runbook \"%1\" in %2").arg(name.left(200), m_folders.join(QStringLiteral(", ")));
        return t;
    }
    t.kind = LinkTarget::Kind::Runbook;
    t.path = file;
    return t;
}
