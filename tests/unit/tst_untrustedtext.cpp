// Untrusted text is never interpreted (issue 8): markup payloads from dashboard
// files and servers - an <img> pointing at a local listener, a file: link, <b>, a
// javascript: URL - are put into every view that shows such text. Each view must
// show them as the characters they are, fetch nothing (the listener never sees a
// connection and no document holds an image) and open nothing when a file: or
// javascript: link is clicked (UrlCatcher stands in for the desktop's browser).
#include "alertclient.h"
#include "alertlist.h"
#include "alertmodel.h"
#include "chartpanel.h"
#include "dashboardloader.h"
#include "dashboardview.h"
#include "legendtable.h"
#include "panelfactory.h"
#include "paneltable.h"
#include "panelwidget.h"
#include "plaintext.h"
#include "runbooks.h"
#include "runbookviewer.h"
#include "statpanel.h"
#include "tablepanel.h"
#include "textpanel.h"
#include "urlcatcher.h"
#include "variablebar.h"

#include <QAbstractItemModel>
#include <QChart>
#include <QComboBox>
#include <QDesktopServices>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

#include <memory>

class TestUntrustedText : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void panelTitleAndDescription();
    void panelErrorsAndWarnings();
    void seriesNamesInLegendAndTooltip();
    void chartAxisLabelsFromUnits();
    void tableCells();
    void statValueMappingText();
    void alertLabelsAndAnnotations();
    void runbookMarkdown();
    void textPanelHtmlAndMarkdown_data();
    void textPanelHtmlAndMarkdown();
    void variableBarValues();

private:
    /// The payloads, with the image pointing at m_listener.
    QStringList payloads() const;
    QString imagePayload() const;
    void assertNothingFetched();
    void assertOnlyWebLinksOpen(const std::function<void(const QUrl &)> &click);

    QTcpServer m_listener;
    int m_connections = 0;
    std::unique_ptr<UrlCatcher> m_catcher;
};

namespace {

const QString kImg = QStringLiteral("<img src=\"http://127.0.0.1:1/x.png\">");
const QString kFileLink = QStringLiteral("<a href=\"file:///etc/passwd\">click</a>");
const QString kBold = QStringLiteral("<b>bold</b>");
const QString kJs = QStringLiteral("javascript:alert(1)");
const QStringList kSchemes{QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("file"),
                           QStringLiteral("javascript"), QStringLiteral("data"), QStringLiteral("ftp")};

bool hasImage(QTextDocument *doc)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                return true;
    return false;
}

QStringList anchors(QTextDocument *doc)
{
    QStringList out;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isAnchor())
                out << it.fragment().charFormat().anchorHref();
    return out;
}

/// What a tooltip shows: Qt renders it as rich text when it looks like markup.
QString shownToolTip(const QString &toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument doc;
    doc.setHtml(toolTip);
    return doc.toPlainText();
}

/// Whether a label shows `text` as the characters it is.
bool showsLiterally(const QLabel *label, const QString &text)
{
    if (!label)
        return false;
    const bool plain = label->textFormat() == Qt::PlainText ||
                       (label->textFormat() == Qt::AutoText && !Qt::mightBeRichText(label->text()));
    return plain && label->text().contains(text);
}

Panel panelOfType(const QString &type, const QString &title = {}, const QString &description = {})
{
    QJsonObject raw{{QStringLiteral("id"), 5}, {QStringLiteral("type"), type}, {QStringLiteral("title"), title},
                    {QStringLiteral("description"), description},
                    {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), 0},
                                                            {QStringLiteral("w"), 12}, {QStringLiteral("h"), 8}}},
                    {QStringLiteral("targets"),
                     QJsonArray{QJsonObject{{QStringLiteral("refId"), QStringLiteral("A")}, {QStringLiteral("expr"), QStringLiteral("up")}}}}};
    return DashboardLoader::panelFromJson(raw);
}

PanelSeries seriesNamed(const QString &name, const Labels &labels = {})
{
    PanelSeries s;
    s.name = name;
    s.refId = QStringLiteral("A");
    s.labels = labels;
    for (int i = 0; i < 5; ++i) {
        s.timestampsMs.push_back(1'700'000'000'000.0 + 15000.0 * i);
        s.values.push_back(i);
    }
    return s;
}

PanelData dataWith(std::vector<PanelSeries> series)
{
    PanelData d;
    d.start = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    d.end = d.start.addSecs(60);
    d.stepSeconds = 15;
    d.series = std::move(series);
    return d;
}

QImage paint(QWidget &w)
{
    QImage img(w.size().expandedTo(QSize(50, 50)), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::black);
    w.render(&img);
    return img;
}

} // namespace

void TestUntrustedText::initTestCase()
{
    QVERIFY(m_listener.listen(QHostAddress::LocalHost));
    connect(&m_listener, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_listener.nextPendingConnection()) {
            ++m_connections;
            s->close();
            s->deleteLater();
        }
    });
}

void TestUntrustedText::init()
{
    m_catcher = std::make_unique<UrlCatcher>();
    for (const QString &scheme : kSchemes)
        QDesktopServices::setUrlHandler(scheme, m_catcher.get(), "handle");
}

void TestUntrustedText::cleanup()
{
    for (const QString &scheme : kSchemes)
        QDesktopServices::unsetUrlHandler(scheme);
    // Refusal boxes opened by clicks on refused links.
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *box = qobject_cast<QMessageBox *>(w))
            box->close();
    assertNothingFetched();
}

QString TestUntrustedText::imagePayload() const
{
    return QStringLiteral("<img src=\"http://127.0.0.1:%1/x.png\">").arg(m_listener.serverPort());
}

QStringList TestUntrustedText::payloads() const
{
    return {kImg, imagePayload(), kFileLink, kBold, kJs};
}

void TestUntrustedText::assertNothingFetched()
{
    // Give anything that might have started a request the time to connect.
    QTest::qWait(50);
    QCOMPARE(m_connections, 0);
    QVERIFY(m_catcher->urls.isEmpty() ||
            std::all_of(m_catcher->urls.begin(), m_catcher->urls.end(),
                        [](const QUrl &u) { return u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http"); }));
}

void TestUntrustedText::assertOnlyWebLinksOpen(const std::function<void(const QUrl &)> &click)
{
    for (const char *u : {"file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>x</b>"}) {
        click(QUrl(QString::fromLatin1(u)));
        QVERIFY2(m_catcher->urls.isEmpty(), u);
    }
}

void TestUntrustedText::panelTitleAndDescription()
{
    Dashboard d;
    d.title = kBold;
    for (int i = 0; i < payloads().size(); ++i) {
        Panel p = panelOfType(QStringLiteral("text"), payloads().at(i), payloads().at((i + 1) % payloads().size()));
        p.id = i + 1;
        p.gridPos.y = i * 8;
        d.panels.append(p);
    }
    Row row;
    row.title = imagePayload();
    row.y = 100;
    d.rows.append(row);
    DashboardView view;
    view.resize(900, 700);
    view.setDashboard(d, createPanelWidget);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QList<QLabel *> titles = view.findChildren<QLabel *>(QStringLiteral("panelTitle"));
    QCOMPARE(titles.size(), payloads().size());
    for (const QString &payload : payloads()) {
        const auto it = std::find_if(titles.begin(), titles.end(), [&](QLabel *l) { return l->text() == payload; });
        QVERIFY2(it != titles.end(), qPrintable(payload));
        QVERIFY2(showsLiterally(*it, payload), qPrintable(payload));
        // The description tooltip shows the next payload as characters.
        const int i = int(payloads().indexOf(payload));
        QCOMPARE(shownToolTip((*it)->toolTip()), payloads().at((i + 1) % payloads().size()));
    }
    // The row header (a tool button: plain text) names the row as written.
    const QList<QToolButton *> buttons = view.findChildren<QToolButton *>();
    QVERIFY(std::any_of(buttons.begin(), buttons.end(),
                        [&](QToolButton *b) { return b->text().contains(imagePayload()); }));
    paint(view);
}

void TestUntrustedText::panelErrorsAndWarnings()
{
    std::unique_ptr<PanelWidget> w(createPanelWidget(panelOfType(QStringLiteral("timeseries")), nullptr));
    w->resize(400, 300);
    PanelData d = dataWith({});
    d.error = imagePayload() + kFileLink;
    d.warnings = {kBold, kImg};
    w->setData(d);
    QCOMPARE(w->errorText(), d.error);
    QVERIFY(showsLiterally(w->findChild<QLabel *>(QStringLiteral("panelError")), d.error));
    QCOMPARE(shownToolTip(w->toolTip()), d.warnings.join(QLatin1Char('\n')));
    paint(*w);

    // The "No data" text is the dashboard's noValue, also shown as it is.
    Panel p = panelOfType(QStringLiteral("timeseries"));
    p.noValue = imagePayload();
    std::unique_ptr<PanelWidget> empty(createPanelWidget(p, nullptr));
    empty->resize(400, 300);
    empty->setData(dataWith({}));
    QVERIFY(empty->showsNoData());
    QVERIFY(showsLiterally(empty->findChild<QLabel *>(QStringLiteral("panelNoData")), imagePayload()));
    paint(*empty);
}

void TestUntrustedText::seriesNamesInLegendAndTooltip()
{
    for (const char *mode : {"list", "table"}) {
        Panel p = panelOfType(QStringLiteral("timeseries"));
        p.legend.displayMode = QLatin1String(mode);
        p.legend.calcs = {QStringLiteral("max")};
        p.tooltipMode = QStringLiteral("multi");
        ChartPanel chart(p);
        chart.resize(700, 400);
        std::vector<PanelSeries> series;
        for (const QString &payload : payloads())
            series.push_back(seriesNamed(payload, {{QStringLiteral("pod"), payload}}));
        chart.setData(dataWith(std::move(series)));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        LegendTable *legend = chart.legend();
        QCOMPARE(legend->shownNames(), payloads());
        if (legend->isTableMode()) {
            for (int r = 0; r < legend->table()->rowCount(); ++r) {
                QTableWidgetItem *item = legend->table()->item(r, 0);
                QCOMPARE(item->text(), payloads().at(r));
                QCOMPARE(shownToolTip(item->toolTip()), payloads().at(r));
            }
        } else {
            // The list paints the names (drawText: never markup); their tooltips
            // show the characters too.
            for (int r = 0; r < int(payloads().size()); ++r) {
                QCOMPARE(legend->cellText(r, 0), payloads().at(r));
                QCOMPARE(shownToolTip(legend->chipToolTip(r)), payloads().at(r));
            }
            for (QLabel *l : legend->findChildren<QLabel *>())
                for (const QString &payload : payloads())
                    QVERIFY(!l->text().contains(payload) || showsLiterally(l, payload));
        }
        // The hover tooltip lists the names as characters.
        const QRectF area = chart.chart()->plotArea();
        const QString tip = chart.tooltipTextAt(QPointF(area.center().x(), area.center().y()));
        QVERIFY2(tip.contains(kImg) && tip.contains(kBold), qPrintable(tip));
        QVERIFY(chart.findChild<QLabel *>(QStringLiteral("chartTooltip"))->textFormat() == Qt::PlainText);
        // Clicking an entry only isolates the series; no link opens.
        legend->clickRow(2);
        paint(chart);
    }
}

void TestUntrustedText::chartAxisLabelsFromUnits()
{
    // A unit from the dashboard file is a suffix on every axis label; Qt Charts
    // renders axis labels as HTML, so it must reach it escaped.
    Panel p = panelOfType(QStringLiteral("timeseries"));
    p.unit = QStringLiteral("suffix:") + imagePayload();
    p.thresholds = {{std::nullopt, QStringLiteral("green")}, {2.0, QStringLiteral("red")}};
    p.showThresholds = true;
    ChartPanel chart(p);
    chart.resize(700, 400);
    chart.setData(dataWith({seriesNamed(kBold)}));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    paint(chart);
    bool sawLabel = false;
    for (QGraphicsItem *item : chart.chart()->scene()->items()) {
        auto *text = dynamic_cast<QGraphicsTextItem *>(item);
        if (!text || !text->isVisible())
            continue;
        QVERIFY2(!hasImage(text->document()), qPrintable(text->toHtml().right(300)));
        // Qt Charts elides long labels ("0 <img sr..."): the characters show.
        sawLabel = sawLabel || text->toPlainText().contains(QLatin1String("<img"));
    }
    QVERIFY2(sawLabel, "the axis labels do not show the unit as written");
}

void TestUntrustedText::tableCells()
{
    Panel p = panelOfType(QStringLiteral("table"));
    TablePanel table(p);
    table.resize(700, 300);
    std::vector<PanelSeries> series;
    for (const QString &payload : payloads())
        series.push_back(seriesNamed(payload, {{QStringLiteral("pod"), payload}}));
    table.setData(dataWith(std::move(series)));
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));
    QAbstractItemModel *m = table.view()->model();
    QStringList cells;
    for (int r = 0; r < m->rowCount(); ++r)
        for (int c = 0; c < m->columnCount(); ++c) {
            const QModelIndex i = m->index(r, c);
            cells << i.data().toString();
            const QString tip = i.data(Qt::ToolTipRole).toString();
            QVERIFY2(!Qt::mightBeRichText(tip) || !tip.contains(QLatin1String("<img")), qPrintable(tip));
        }
    for (const QString &payload : payloads())
        QVERIFY2(cells.contains(payload), qPrintable(cells.join(QLatin1Char('|'))));
    paint(table);
}

void TestUntrustedText::statValueMappingText()
{
    Panel p = panelOfType(QStringLiteral("stat"));
    for (int i = 0; i < payloads().size(); ++i) {
        ValueMapping m;
        m.kind = ValueMapping::Kind::Value;
        m.value = QString::number(i);
        m.text = payloads().at(i);
        p.mappings.append(m);
    }
    p.noValue = kFileLink;
    StatPanel stat(p);
    stat.resize(700, 300);
    std::vector<PanelSeries> series;
    for (int i = 0; i < payloads().size(); ++i) {
        PanelSeries s = seriesNamed(payloads().at((i + 2) % payloads().size()));
        s.values = {double(i)};
        s.timestampsMs = {1'700'000'000'000.0};
        series.push_back(s);
    }
    series.push_back(seriesNamed(QStringLiteral("empty")));
    series.back().values.assign(series.back().values.size(), std::nan(""));
    stat.setData(dataWith(std::move(series)));
    const QList<ValueCell> cells = stat.cells();
    QCOMPARE(cells.size(), payloads().size() + 1);
    for (int i = 0; i < payloads().size(); ++i) {
        QCOMPARE(cells.at(i).text, payloads().at(i));
        QCOMPARE(cells.at(i).title, payloads().at((i + 2) % payloads().size()));
    }
    QCOMPARE(cells.last().text, kFileLink);
    // Drawn with QPainter::drawText, which never interprets markup: the panel has
    // no text child that could.
    for (QLabel *l : stat.findChildren<QLabel *>())
        QCOMPARE(l->textFormat(), Qt::PlainText);
    paint(stat);
}

void TestUntrustedText::alertLabelsAndAnnotations()
{
    QNetworkAccessManager nam;
    AlertClient client(&nam);
    AlertListWidget list(&client);
    list.resize(900, 600);
    QTemporaryDir dir;
    list.setRunbookLibrary(RunbookLibrary({dir.path()}));
    AlertSnapshot snap;
    snap.fetchedAt = QDateTime::currentDateTimeUtc();
    QStringList identities;
    const QStringList runbooks{kJs, QStringLiteral("file:///etc/passwd"), imagePayload(), kBold, kFileLink};
    for (int i = 0; i < payloads().size(); ++i) {
        Alert a;
        a.labels = {{QStringLiteral("alertname"), payloads().at(i)}, {QStringLiteral("severity"), QStringLiteral("critical")},
                    {QStringLiteral("pod"), payloads().at((i + 1) % payloads().size())}};
        a.annotations = {{QStringLiteral("summary"), payloads().at((i + 2) % payloads().size())},
                         {QStringLiteral("description"), payloads().at((i + 3) % payloads().size())},
                         {QStringLiteral("runbook_url"), runbooks.at(i)},
                         {QStringLiteral("extra"), payloads().at((i + 4) % payloads().size())}};
        a.fingerprint = QStringLiteral("fp%1").arg(i);
        a.startsAt = snap.fetchedAt.addSecs(-60);
        a.state = Alert::State::Firing;
        a.source = QStringLiteral("alertmanager");
        a.generatorUrl = kJs;
        snap.alerts.append(a);
        identities << a.identity();
    }
    Silence s;
    s.id = kBold;
    s.comment = imagePayload();
    s.createdBy = kFileLink;
    s.matchers = {SilenceMatcher{kBold, kImg, false, true}};
    s.state = QStringLiteral("active");
    s.startsAt = snap.fetchedAt.addSecs(-60);
    s.endsAt = snap.fetchedAt.addSecs(3600);
    snap.silences = {s};
    snap.alertmanagerError = kImg;
    emit client.updated(snap);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));

    QSignalSpy runbookSpy(&list, &AlertListWidget::runbookRequested);
    for (int i = 0; i < identities.size(); ++i) {
        QVERIFY(list.selectAlert(identities.at(i)));
        QCoreApplication::processEvents();
        const Alert *a = list.selectedAlert();
        QVERIFY(a);
        // Every label of the details pane is plain text; what it shows contains the payloads.
        QStringList shown;
        for (QLabel *l : list.findChildren<QLabel *>()) {
            if (l->isVisibleTo(&list) && !l->text().isEmpty()) {
                QVERIFY2(l->textFormat() == Qt::PlainText || !Qt::mightBeRichText(l->text()),
                         qPrintable(l->text()));
                shown << l->text();
            }
            QVERIFY2(!Qt::mightBeRichText(l->toolTip()) || !l->toolTip().contains(QLatin1String("<img")),
                     qPrintable(l->toolTip()));
        }
        const QString all = shown.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(payloads().at(i)), qPrintable(all));
        QVERIFY2(all.contains(payloads().at((i + 2) % payloads().size())), qPrintable(all));
        QVERIFY2(all.contains(payloads().at((i + 3) % payloads().size())), qPrintable(all));
        // The runbook button refuses anything that is neither http(s) nor a runbook.
        list.openRunbook();
        QCoreApplication::processEvents();
        QVERIFY2(m_catcher->urls.isEmpty(), qPrintable(m_catcher->urls.value(0).toString()));
        QCOMPARE(runbookSpy.count(), 0);
    }
    // The tree's tooltips and cells carry the characters.
    QAbstractItemModel *m = list.view()->model();
    QStringList cells;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m->rowCount(parent); ++r) {
            for (int c = 0; c < m->columnCount(parent); ++c) {
                const QModelIndex i = m->index(r, c, parent);
                cells << i.data().toString();
                const QString tip = i.data(Qt::ToolTipRole).toString();
                // A rich-text tooltip must hold the markup escaped.
                QVERIFY2(!Qt::mightBeRichText(tip) || !tip.contains(QLatin1String("<img")), qPrintable(tip));
            }
            walk(m->index(r, 0, parent));
        }
    };
    walk({});
    const QString allCells = cells.join(QLatin1Char('|'));
    for (const QString &payload : payloads())
        QVERIFY2(allCells.contains(payload), qPrintable(payload));
    paint(list);
}

void TestUntrustedText::runbookMarkdown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("hostile.md"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("# Hostile %1\n\n%2\n\n![remote](http://127.0.0.1:%3/y.png)\n\n![local](/etc/hostname)\n\n"
                               "%4 %5 [js](javascript:alert(1)) [file](file:///etc/passwd) [web](https://wiki.example.org/x)\n\n"
                               "<iframe src=\"http://127.0.0.1:%3/frame\"></iframe>\n")
                    .arg(kBold, imagePayload())
                    .arg(m_listener.serverPort())
                    .arg(kFileLink, kJs)
                    .toUtf8());
    }
    RunbookViewer viewer;
    viewer.setLibrary(RunbookLibrary({dir.path()}));
    viewer.resize(600, 400);
    QVERIFY(viewer.openFile(path));
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QTextDocument *doc = viewer.browser()->document();
    QVERIFY(!hasImage(doc));
    const QString text = doc->toPlainText();
    QVERIFY2(text.contains(imagePayload()), qPrintable(text));
    QVERIFY2(text.contains(kFileLink), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("[image not shown: http://127.0.0.1:")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("[image not shown: /etc/hostname]")), qPrintable(text));
    // The title is plain text too.
    for (QLabel *l : viewer.findChildren<QLabel *>())
        QCOMPARE(l->textFormat(), Qt::PlainText);
    const QList<QLabel *> labels = viewer.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text().contains(kBold); }));
    // Only the Markdown links are anchors; raw HTML links are not.
    const QStringList hrefs = anchors(doc);
    for (const QString &href : hrefs)
        QVERIFY2(!href.contains(QLatin1String("x.png")), qPrintable(href));
    assertOnlyWebLinksOpen([&](const QUrl &u) { emit viewer.browser()->anchorClicked(u); });
    for (const QString &href : hrefs)
        emit viewer.browser()->anchorClicked(QUrl(href));
    QCOMPARE(m_catcher->urls, QList<QUrl>({QUrl(QStringLiteral("https://wiki.example.org/x"))}));
    paint(viewer);
}

void TestUntrustedText::textPanelHtmlAndMarkdown_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("html") << QStringLiteral("html");
    QTest::newRow("markdown") << QStringLiteral("markdown");
    QTest::newRow("code") << QStringLiteral("code");
}

void TestUntrustedText::textPanelHtmlAndMarkdown()
{
    QFETCH(QString, mode);
    const quint16 port = m_listener.serverPort();
    const QString content =
        QStringLiteral("<h1>Title</h1>\n\n%1 %2 %3 <a href=\"javascript:alert(1)\">js</a>\n\n"
                       "<script>document.title='pwned'</script><iframe src=\"http://127.0.0.1:%4/frame\">framed</iframe>"
                       "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%4/s.css\">"
                       "<p style=\"background-image:url(http://127.0.0.1:%4/bg.png)\">styled</p>\n\n"
                       "![md](http://127.0.0.1:%4/md.png) [web](https://wiki.example.org/x)\n")
            .arg(imagePayload(), kFileLink, kBold)
            .arg(port);
    QJsonObject raw{{QStringLiteral("id"), 9}, {QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("title"), kBold},
                    {QStringLiteral("options"), QJsonObject{{QStringLiteral("mode"), mode}, {QStringLiteral("content"), content}}}};
    TextPanel panel(DashboardLoader::panelFromJson(raw));
    panel.resize(600, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    paint(panel);
    QTextDocument *doc = panel.browser()->document();
    QVERIFY(!hasImage(doc));
    const QString text = doc->toPlainText();
    QVERIFY2(!text.contains(QLatin1String("pwned")) || mode != QLatin1String("html"), qPrintable(text));
    if (mode == QLatin1String("html")) {
        // Markup is rendered, but nothing is fetched: images are notes, frames and scripts gone.
        QVERIFY2(text.contains(QStringLiteral("[image not shown: http://127.0.0.1:%1/x.png]").arg(port)), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("framed")));
        QVERIFY(!text.contains(QLatin1String("<b>")));
    } else {
        // Markdown and code show raw HTML as the characters it is.
        QVERIFY2(text.contains(imagePayload()), qPrintable(text));
        QVERIFY2(text.contains(kFileLink), qPrintable(text));
        QVERIFY2(text.contains(kBold), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("<iframe")));
    }
    // No resource loads through the browser, whatever the document asks for.
    for (const QString &u : {QStringLiteral("http://127.0.0.1:%1/x.png").arg(port), QStringLiteral("file:///etc/passwd"),
                             QStringLiteral("/etc/passwd")})
        for (int type : {int(QTextDocument::ImageResource), int(QTextDocument::StyleSheetResource), int(QTextDocument::HtmlResource)})
            QVERIFY(!panel.browser()->loadResource(type, QUrl(u)).isValid());
    // Clicks: file:, javascript: and data: open nothing; http(s) opens (Markdown
    // also autolinks bare URLs), and only on the click.
    assertOnlyWebLinksOpen([&](const QUrl &u) { panel.activateLink(u); });
    const QStringList hrefs = anchors(doc);
    for (const QString &href : hrefs)
        emit panel.browser()->anchorClicked(QUrl(href));
    for (const QUrl &u : std::as_const(m_catcher->urls))
        QVERIFY2(u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http"), qPrintable(u.toString()));
    if (mode == QLatin1String("markdown"))
        QVERIFY(m_catcher->urls.contains(QUrl(QStringLiteral("https://wiki.example.org/x"))));
}

void TestUntrustedText::variableBarValues()
{
    QList<Variable> vars;
    Variable single;
    single.name = QStringLiteral("single");
    single.type = QStringLiteral("custom");
    single.label = kBold;
    single.description = imagePayload();
    for (const QString &payload : payloads())
        single.options.append({payload, payload});
    single.current = {kImg};
    single.currentText = single.current;
    vars << single;
    Variable multi = single;
    multi.name = QStringLiteral("multi");
    multi.label = kFileLink;
    multi.multi = true;
    multi.current = {kBold, kJs};
    multi.currentText = multi.current;
    vars << multi;
    Variable text;
    text.name = QStringLiteral("text");
    text.type = QStringLiteral("textbox");
    text.label = kJs;
    text.current = {imagePayload()};
    vars << text;
    Variable notShown;
    notShown.name = QStringLiteral("constant");
    notShown.type = QStringLiteral("constant");
    notShown.current = {kImg};
    vars << notShown;

    VariableBar bar;
    bar.resize(900, 120);
    bar.setVariables(vars);
    bar.setVariableError(QStringLiteral("single"), kImg);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));

    QStringList labels;
    for (QLabel *l : bar.findChildren<QLabel *>()) {
        QCOMPARE(l->textFormat(), Qt::PlainText);
        labels << l->text();
        if (!l->toolTip().isEmpty())
            QVERIFY(shownToolTip(l->toolTip()).contains(QLatin1String("<img")));
    }
    QVERIFY(labels.contains(kBold));
    QVERIFY(labels.contains(kFileLink));
    QVERIFY(labels.contains(kJs));

    auto *combo = qobject_cast<QComboBox *>(bar.editor(QStringLiteral("single")));
    QVERIFY(combo);
    QCOMPARE(combo->count(), payloads().size());
    for (int i = 0; i < combo->count(); ++i)
        QCOMPARE(combo->itemText(i), payloads().at(i));
    QCOMPARE(combo->currentText(), kImg);
    QCOMPARE(shownToolTip(combo->toolTip()), kImg);

    auto *button = qobject_cast<QToolButton *>(bar.editor(QStringLiteral("multi")));
    QVERIFY(button);
    QVERIFY2(button->text().contains(kBold), qPrintable(button->text()));
    QVERIFY(shownToolTip(button->toolTip()).contains(kBold));
    auto *options = button->menu()->findChild<QListWidget *>(QStringLiteral("options"));
    QVERIFY(options);
    QCOMPARE(options->count(), payloads().size());
    for (int i = 0; i < options->count(); ++i)
        QCOMPARE(options->item(i)->text(), payloads().at(i));

    auto *edit = qobject_cast<QLineEdit *>(bar.editor(QStringLiteral("text")));
    QVERIFY(edit);
    QCOMPARE(edit->text(), imagePayload());
    QVERIFY(!bar.editor(QStringLiteral("constant")));
    paint(bar);
}

QTEST_MAIN(TestUntrustedText)
#include "tst_untrustedtext.moc"
