#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

/// Where a link from an alert annotation or a runbook may lead. Links are
/// attacker-controllable text: only http(s) opens in a browser, only runbooks from
/// the configured folders open inside Dozor, everything else is refused.
struct LinkTarget
{
    enum class Kind { Web, Runbook, Refused };
    Kind kind = Kind::Refused;
    QUrl url;       // Web
    QString path;   // Runbook: the file (may be a ":/runbooks/..." resource)
    QString reason; // Refused: a message fit for the user
};

/// True for an http or https URL with a host: the only links handed to a browser.
bool isWebUrl(const QUrl &url);

/// Runbook folders: the bundled ones (":/runbooks") and the user's. A runbook is
/// found by file name only, so a reference can never reach outside the folders.
class RunbookLibrary
{
public:
    explicit RunbookLibrary(const QStringList &folders = {QStringLiteral(":/runbooks")});
    void setFolders(const QStringList &folders) { m_folders = folders; }
    QStringList folders() const { return m_folders; }

    /// Resolves `runbook:name`, a relative path such as `runbooks/redis-oom.md`
    /// (with an optional #fragment), or an absolute http(s) URL.
    LinkTarget resolve(const QString &reference) const;

private:
    QString find(const QString &fileName) const;
    QStringList m_folders;
};
