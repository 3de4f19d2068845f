#include "textpanel.h"

#include "linkopener.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>
#include <QVBoxLayout>

namespace {

/// A browser that never loads anything: not images, not style sheets, not local
/// files. Dashboard HTML comes from whoever wrote the file.
class SealedTextBrowser final : public QTextBrowser
{
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

QString withoutScripts(QString html)
{
    // QTextDocument runs no scripts, but it would print their source as text.
    static const QRegularExpression closed(
        QStringLiteral("<(script|iframe|object|embed|noscript)\\b[^>]*>.*?</\\1\\s*>"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression open(
        QStringLiteral("<(script|iframe|object|embed|noscript)\\b.*$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    html.remove(closed);
    html.remove(open);
    return html;
}

} // namespace

int replaceImagesWithNotes(QTextDocument *doc)
{
    QList<std::pair<int, int>> images;
    QStringList sources;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.charFormat().isImageFormat()) {
                images.append({f.position(), f.length()});
                sources.append(f.charFormat().toImageFormat().name());
            }
        }
    }
    // Back to front, so earlier positions stay valid.
    for (qsizetype i = images.size() - 1; i >= 0; --i) {
        QTextCursor cursor(doc);
        cursor.setPosition(images[i].first);
        cursor.setPosition(images[i].first + images[i].second, QTextCursor::KeepAnchor);
        cursor.insertText(QObject::tr("[image not shown: %1]").arg(sources[i].left(200)), QTextCharFormat());
    }
    return int(images.size());
}

TextPanel::TextPanel(const Panel &panel, QWidget *parent)
    : PanelWidget(panel, parent), m_browser(new SealedTextBrowser(this))
{
    m_browser->setObjectName(QStringLiteral("textPanelBrowser"));
    // Links never navigate by themselves: every click goes through activateLink.
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &TextPanel::activateLink);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_browser);

    const QJsonObject options = panel.options();
    QString content = options.value(QLatin1String("content")).toString();
    m_mode = options.value(QLatin1String("mode")).toString();
    if (!options.contains(QLatin1String("content"))) {
        content = panel.raw.value(QLatin1String("content")).toString();
        m_mode = panel.raw.value(QLatin1String("mode")).toString();
    }
    if (m_mode != QLatin1String("html") && m_mode != QLatin1String("code"))
        m_mode = QStringLiteral("markdown");
    render(content);
}

void TextPanel::render(const QString &content)
{
    QTextDocument *doc = m_browser->document();
    if (m_mode == QLatin1String("code")) {
        doc->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_browser->setPlainText(content);
        return;
    }
    if (m_mode == QLatin1String("html"))
        doc->setHtml(withoutScripts(content));
    else
        doc->setMarkdown(content, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                                   | QTextDocument::MarkdownNoHTML));
    replaceImagesWithNotes(doc);
}

void TextPanel::activateLink(const QUrl &url)
{
    if (url.scheme().isEmpty() && url.path().isEmpty() && url.hasFragment()) {
        m_browser->scrollToAnchor(url.fragment());
        return;
    }
    LinkOpener::openWeb(url, this);
}
