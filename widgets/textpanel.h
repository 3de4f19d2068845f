#pragma once

#include "panelwidget.h"

class QTextBrowser;
class QTextDocument;
class QUrl;

/// Replaces every image in `doc` with the plain-text note "[image not shown: src]",
/// so that nothing is fetched or read from disk for it. Returns how many there were.
int replaceImagesWithNotes(QTextDocument *doc);

/// Grafana's text panel: `options.content` in `options.mode` markdown (GitHub
/// dialect, raw HTML shown as text), html or code (legacy: `content`/`mode` at the
/// panel's top level). HTML is shown safely: no resource is ever loaded (images
/// become a plain-text note), scripts are dropped, and links open only when clicked
/// and only if they are http(s) (LinkOpener); anything else is refused.
class TextPanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit TextPanel(const Panel &panel, QWidget *parent = nullptr);

    bool needsQueries() const override { return false; }
    QTextBrowser *browser() const { return m_browser; }
    /// "markdown", "html" or "code".
    QString mode() const { return m_mode; }

    /// What a click on `url` does (the browser's anchorClicked lands here).
    void activateLink(const QUrl &url);

protected:
    void updateView() override {}
    bool dataIsEmpty() const override { return false; }

private:
    void render(const QString &content);

    QTextBrowser *m_browser;
    QString m_mode;
};
