#include "runbookviewer.h"

#include "textpanel.h"

#include "linkopener.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextFragment>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

RunbookViewer::RunbookViewer(QWidget *parent)
    : QWidget(parent),
      m_browser(new QTextBrowser(this)),
      m_title(new QLabel(this)),
      m_message(new QLabel(this)),
      m_back(new QToolButton(this))
{
    setObjectName(QStringLiteral("runbookViewer"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_back->setText(tr("← Back"));
    m_back->setEnabled(false);
    connect(m_back, &QToolButton::clicked, this, [this] {
        if (m_history.size() < 2)
            return;
        m_history.removeLast();
        const QString previous = m_history.takeLast();
        openFile(previous);
    });
    m_title->setTextFormat(Qt::PlainText);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    top->addWidget(m_back);
    top->addWidget(m_title, 1);
    layout->addLayout(top);

    m_message->setObjectName(QStringLiteral("runbookMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #ffd0d6; background: #5a1822; padding: 4px; }"));
    m_message->hide();
    layout->addWidget(m_message);

    m_browser->setObjectName(QStringLiteral("runbookBrowser"));
    // Links never navigate by themselves: every click goes through onLinkClicked.
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    m_browser->setPlaceholderText(tr("Choose an alert with a runbook, then \"Open runbook\"."));
    connect(m_browser, &QTextBrowser::anchorClicked, this, &RunbookViewer::onLinkClicked);
    layout->addWidget(m_browser, 1);
}

QString RunbookViewer::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void RunbookViewer::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool RunbookViewer::openFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read runbook %1: %2").arg(path, f.errorString()));
        return false;
    }
    const QString text = QString::fromUtf8(f.read(4 * 1024 * 1024));
    // MarkdownNoHTML: HTML inside the Markdown shows as text, never as markup.
    m_browser->document()->setMarkdown(text, QTextDocument::MarkdownFeatures(
                                                 QTextDocument::MarkdownDialectGitHub
                                                 | QTextDocument::MarkdownNoHTML));
    // Images (remote or local files) are never loaded: each becomes a plain-text note.
    replaceImagesWithNotes(m_browser->document());
    static const QRegularExpression heading(QStringLiteral("^#\\s+(.+)$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = heading.match(text);
    const QString title = m.hasMatch() ? m.captured(1).trimmed() : QFileInfo(path).completeBaseName();
    m_title->setText(title);
    m_current = path;
    m_history.append(path);
    m_back->setEnabled(m_history.size() > 1);
    showMessage({});
    emit opened(title);
    return true;
}

void RunbookViewer::openReference(const QString &reference)
{
    const LinkTarget t = m_library.resolve(reference);
    switch (t.kind) {
    case LinkTarget::Kind::Runbook:
        openFile(t.path);
        break;
    case LinkTarget::Kind::Web:
        LinkOpener::openWeb(t.url, this);
        break;
    case LinkTarget::Kind::Refused:
        showMessage(t.reason);
        break;
    }
}

void RunbookViewer::onLinkClicked(const QUrl &url)
{
    if (url.scheme().isEmpty() && url.path().isEmpty() && url.hasFragment()) {
        m_browser->scrollToAnchor(url.fragment());
        return;
    }
    const LinkTarget t = m_library.resolve(url.toString());
    if (t.kind == LinkTarget::Kind::Refused) {
        // Shown inline and as a message: the user clicked and deserves an answer.
        showMessage(t.reason);
        LinkOpener::refuse(t.reason, this);
        return;
    }
    openReference(url.toString());
}
