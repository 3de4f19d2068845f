#pragma once

#include "runbooks.h"

#include <QWidget>

class QLabel;
class QTextBrowser;
class QToolButton;

/// Shows a Markdown runbook (bundled or from the user's runbook folder). Raw HTML
/// in the Markdown is not rendered; links follow the alert links' rules: other
/// runbooks open here, http(s) opens in the browser on click, the rest is refused.
class RunbookViewer final : public QWidget
{
    Q_OBJECT
public:
    explicit RunbookViewer(QWidget *parent = nullptr);

    void setLibrary(const RunbookLibrary &library) { m_library = library; }
    const RunbookLibrary &library() const { return m_library; }
    /// Opens a runbook file; false (with the reason shown) if it cannot be read.
    bool openFile(const QString &path);
    /// Resolves and opens a reference (runbook:name, relative path or URL).
    void openReference(const QString &reference);

    QString currentFile() const { return m_current; }
    QString message() const;
    QTextBrowser *browser() const { return m_browser; }

signals:
    void opened(const QString &title);

private:
    void onLinkClicked(const QUrl &url);
    void showMessage(const QString &text);

    RunbookLibrary m_library;
    QTextBrowser *m_browser;
    QLabel *m_title;
    QLabel *m_message;
    QToolButton *m_back;
    QStringList m_history;
    QString m_current;
};
