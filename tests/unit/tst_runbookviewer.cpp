// The runbook viewer: Markdown without HTML or remote images, links inside runbooks
// following the same rules as alert links (other runbooks open here, http(s) goes to
// the browser on click, anything else is refused with a message).
#include "runbookviewer.h"
#include "urlcatcher.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QToolButton>
#include <QtTest>


class TestRunbookViewer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rendersMarkdownWithoutHtmlOrImages();
    void linksFollowTheRules();
    void bundledRunbooksAreComplete();

private:
    void write(const QString &name, const QByteArray &text);
    QTemporaryDir m_dir;
};

void TestRunbookViewer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    write(QStringLiteral("alpha.md"),
          "# Alpha runbook\n\n## Symptoms\n\nSee [beta](beta.md), [the wiki](https://wiki.example.org/alpha), "
          "[a script](javascript:alert(1)) and [a file](file:///etc/passwd).\n\n"
          "<img src=\"http://evil.example/track.png\">\n\n![remote](http://evil.example/pixel.png)\n\n"
          "<b>raw html</b> <a href=\"javascript:alert(2)\">click</a>\n");
    write(QStringLiteral("beta.md"), "# Beta runbook\n\nBack to [alpha](runbook:alpha).\n");
}

void TestRunbookViewer::write(const QString &name, const QByteArray &text)
{
    QFile f(m_dir.filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

void TestRunbookViewer::rendersMarkdownWithoutHtmlOrImages()
{
    RunbookViewer viewer;
    viewer.setLibrary(RunbookLibrary({m_dir.path()}));
    QVERIFY(viewer.openFile(m_dir.filePath(QStringLiteral("alpha.md"))));
    QTextDocument *doc = viewer.browser()->document();
    QVERIFY(doc->toPlainText().contains(QLatin1String("Symptoms")));
    // No image of any kind (remote images would be fetched), no HTML anchor turned
    // into a link, no bold from raw <b>.
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            QVERIFY2(!f.charFormat().isImageFormat(), qPrintable(f.text()));
            if (f.text().contains(QLatin1String("raw html")))
                QVERIFY(f.charFormat().fontWeight() <= QFont::Normal);
            if (f.charFormat().isAnchor())
                QVERIFY2(!f.charFormat().anchorHref().contains(QLatin1String("alert(2)")), qPrintable(f.charFormat().anchorHref()));
        }
    }
    QVERIFY(doc->toPlainText().contains(QLatin1String("[image not shown: http://evil.example/pixel.png]")));
    QVERIFY(!viewer.browser()->openLinks());
    QVERIFY(!viewer.browser()->openExternalLinks());
}

void TestRunbookViewer::linksFollowTheRules()
{
    RunbookViewer viewer;
    viewer.setLibrary(RunbookLibrary({m_dir.path()}));
    QVERIFY(viewer.openFile(m_dir.filePath(QStringLiteral("alpha.md"))));
    UrlCatcher catcher;
    for (const char *scheme : {"http", "https", "javascript", "file"})
        QDesktopServices::setUrlHandler(QLatin1String(scheme), &catcher, "handle");
    const auto unset = qScopeGuard([] {
        for (const char *scheme : {"http", "https", "javascript", "file"})
            QDesktopServices::unsetUrlHandler(QLatin1String(scheme));
    });
    QTextBrowser *browser = viewer.browser();

    // Another runbook opens here, and Back returns.
    emit browser->anchorClicked(QUrl(QStringLiteral("beta.md")));
    QCOMPARE(QFileInfo(viewer.currentFile()).fileName(), QStringLiteral("beta.md"));
    emit browser->anchorClicked(QUrl(QStringLiteral("runbook:alpha")));
    QCOMPARE(QFileInfo(viewer.currentFile()).fileName(), QStringLiteral("alpha.md"));
    viewer.findChild<QToolButton *>()->click();
    QCOMPARE(QFileInfo(viewer.currentFile()).fileName(), QStringLiteral("beta.md"));
    QVERIFY(catcher.urls.isEmpty());

    // https goes to the browser.
    emit browser->anchorClicked(QUrl(QStringLiteral("https://wiki.example.org/alpha")));
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://wiki.example.org/alpha"))});

    // javascript: and file: are refused, with the reason shown.
    for (const char *bad : {"javascript:alert(1)", "file:///etc/passwd"}) {
        emit browser->anchorClicked(QUrl(QLatin1String(bad)));
        QCOMPARE(catcher.urls.size(), 1);
        QVERIFY2(viewer.message().contains(QLatin1String("only http and https")), qPrintable(viewer.message()));
        auto *box = viewer.findChild<QMessageBox *>(QStringLiteral("linkRefused"));
        QVERIFY(box);
        QCOMPARE(box->textFormat(), Qt::PlainText);
        delete box;
    }
    QCOMPARE(QFileInfo(viewer.currentFile()).fileName(), QStringLiteral("beta.md"));
}

void TestRunbookViewer::bundledRunbooksAreComplete()
{
    // The five runbooks the requirements name, each with the four sections.
    const RunbookLibrary bundled({QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/runbooks")});
    for (const char *name : {"redis-oom", "mongodb-replica-set-failover", "qdrant-index-corruption",
                             "anticheat-false-positives", "change-stream-lag"}) {
        const LinkTarget t = bundled.resolve(QStringLiteral("runbook:") + QLatin1String(name));
        QVERIFY2(t.kind == LinkTarget::Kind::Runbook, name);
        QFile f(t.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY2(text.startsWith(QLatin1String("# ")), name);
        for (const char *section : {"## Symptoms", "## Diagnosis", "## Resolution", "## Escalation"})
            QVERIFY2(text.contains(QLatin1String(section)), qPrintable(QLatin1String(name) + QLatin1Char(' ') + QLatin1String(section)));
    }
}

QTEST_MAIN(TestRunbookViewer)
#include "tst_runbookviewer.moc"
