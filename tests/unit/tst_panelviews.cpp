// The remaining panel views, offscreen: text (Markdown headings; HTML without
// images, scripts or non-web links), pie (slices from reduced series), heatmap
// (histogram buckets de-cumulated), alert list (state/name/label filters, sort
// orders, maxItems, one row per rule), table (initial sortBy) and the placeholder
// for unsupported types.
#include "alertlistpanel.h"
#include "chartpanel.h"
#include "dashboardview.h"
#include "panelfactory.h"
#include "dashboardloader.h"
#include "heatmappanel.h"
#include "paneltable.h"
#include "piepanel.h"
#include "placeholderpanel.h"
#include "tablepanel.h"
#include "textpanel.h"
#include "units.h"
#include "urlcatcher.h"

#include <QDesktopServices>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPieSeries>
#include <QPieSlice>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QTreeWidget>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

class TestPanelViews : public QObject
{
    Q_OBJECT
private slots:
    void textMarkdownRendersHeadings();
    void textHtmlIsShownSafely();
    void textLinksFollowTheRules();
    void textRealArgocdPanelShowsNoImage();
    void pieSlicesFromReducedSeries();
    void warningsShowAsBadge();
    void heatmapDecumulatesBuckets();
    void heatmapPanelPaintsAndDescribesCells();
    void heatmapPlainSeriesBucketedByValue();
    void alertListFilters_data();
    void alertListFilters();
    void alertListSortOrders_data();
    void alertListSortOrders();
    void alertListGroupsInstancesAndEmitsOnClick();
    void tablePanelInitialSort();
    void placeholderNamesTheType();
    void dashboardMakesPanelWidgetsAFewPerTurn();
    void expectedPlotWidthAndQueriesMatchTheWidgets();
};

namespace {

constexpr double t0 = 1700000000000.0;

Panel panelFrom(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return DashboardLoader::panelFromJson(doc.object());
}

Panel textPanel(const QString &mode, const QString &content)
{
    QJsonObject options{{QStringLiteral("mode"), mode}, {QStringLiteral("content"), content}};
    QJsonObject raw{{QStringLiteral("id"), 3}, {QStringLiteral("type"), QStringLiteral("text")},
                    {QStringLiteral("options"), options}};
    return DashboardLoader::panelFromJson(raw);
}

PanelSeries series(const QString &name, const Labels &labels, std::vector<double> values)
{
    PanelSeries s;
    s.name = name;
    s.refId = QStringLiteral("A");
    s.labels = labels;
    for (std::size_t i = 0; i < values.size(); ++i)
        s.timestampsMs.push_back(t0 + 60000.0 * double(i));
    s.values = std::move(values);
    return s;
}

PanelSeries bucket(const QString &le, std::vector<double> values)
{
    return series(le, {{QStringLiteral("le"), le}, {QStringLiteral("handler"), QStringLiteral("/api")}}, std::move(values));
}

bool hasImage(QTextDocument *doc)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                return true;
    return false;
}

Alert alert(const QString &name, Alert::State state, const QString &severity, int minutesAgo,
            const QString &instance = QStringLiteral("a"))
{
    Alert a;
    a.labels = {{QStringLiteral("alertname"), name}, {QStringLiteral("severity"), severity},
                {QStringLiteral("instance"), instance}};
    a.annotations = {{QStringLiteral("summary"), name + QStringLiteral(" is bad")}};
    a.state = state;
    a.startsAt = QDateTime::fromMSecsSinceEpoch(qint64(t0)).addSecs(-60 * minutesAgo);
    a.fingerprint = name + instance;
    return a;
}

QList<Alert> sampleAlerts()
{
    return {alert(QStringLiteral("HighLatency"), Alert::State::Firing, QStringLiteral("warning"), 30),
            alert(QStringLiteral("DiskFull"), Alert::State::Firing, QStringLiteral("critical"), 5),
            alert(QStringLiteral("CertExpiry"), Alert::State::Pending, QStringLiteral("info"), 60),
            alert(QStringLiteral("ApiDown"), Alert::State::Silenced, QStringLiteral("critical"), 120),
            alert(QStringLiteral("backupLate"), Alert::State::Firing, QStringLiteral("info"), 1)};
}

QStringList names(const QList<Alert> &alerts)
{
    QStringList out;
    for (const Alert &a : alerts)
        out << a.name();
    return out;
}

} // namespace

void TestPanelViews::textMarkdownRendersHeadings()
{
    TextPanel panel(textPanel(QStringLiteral("markdown"),
                              QStringLiteral("# Service overview\n\n## Latency\n\nSee **p95** below.\n\n<b>raw</b>\n")));
    QVERIFY(!panel.needsQueries());
    QTextDocument *doc = panel.browser()->document();
    QStringList headings;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        if (b.blockFormat().headingLevel() > 0)
            headings << QStringLiteral("%1:%2").arg(b.blockFormat().headingLevel()).arg(b.text());
    QCOMPARE(headings, QStringList({QStringLiteral("1:Service overview"), QStringLiteral("2:Latency")}));
    // Raw HTML in Markdown is text, not markup.
    QVERIFY(doc->toPlainText().contains(QLatin1String("<b>raw</b>")));
    // A text panel never shows "No data", whatever it is handed.
    panel.setData(PanelData());
    QVERIFY(!panel.showsNoData());
}

void TestPanelViews::textHtmlIsShownSafely()
{
    const QString html = QStringLiteral(
        "<h2>Runbook</h2><p>Before<img src=\"http://evil.example/track.png\">After</p>"
        "<script>document.title = 'pwned'; alert('pwned')</script>"
        "<p style=\"background-image: url(file:///etc/passwd)\">styled</p>"
        "<a href=\"javascript:alert(2)\">js</a> <a href=\"https://wiki.example.org/x\">wiki</a>"
        "<SCRIPT type=text/javascript>var unclosed = 'pwned2';");
    TextPanel panel(textPanel(QStringLiteral("html"), html));
    QTextDocument *doc = panel.browser()->document();
    const QString text = doc->toPlainText();
    QVERIFY2(!hasImage(doc), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("[image not shown: http://evil.example/track.png]")));
    QVERIFY2(!text.contains(QLatin1String("pwned")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("Runbook")));
    QVERIFY(text.contains(QLatin1String("styled")));
    // Nothing is ever loaded, whatever the document asks for.
    QVERIFY(!panel.browser()->loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("http://evil.example/x.png"))).isValid());
    QVERIFY(!panel.browser()->loadResource(QTextDocument::StyleSheetResource, QUrl(QStringLiteral("file:///etc/passwd"))).isValid());
    QVERIFY(!panel.browser()->openLinks());
    QVERIFY(!panel.browser()->openExternalLinks());
}

void TestPanelViews::textLinksFollowTheRules()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "handle");
    QDesktopServices::setUrlHandler(QStringLiteral("javascript"), &catcher, "handle");
    const auto cleanup = qScopeGuard([] {
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("javascript"));
    });
    TextPanel panel(textPanel(QStringLiteral("html"),
                              QStringLiteral("<a href=\"javascript:alert(2)\">js</a> <a href=\"https://wiki.example.org/x\">wiki</a>")));
    // Both links are in the document as anchors; what a click does is the question.
    QStringList hrefs;
    for (QTextBlock b = panel.browser()->document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isAnchor())
                hrefs << it.fragment().charFormat().anchorHref();
    QCOMPARE(hrefs.size(), 2);

    emit panel.browser()->anchorClicked(QUrl(hrefs.at(0)));
    QVERIFY(catcher.urls.isEmpty());
    auto *refused = panel.findChild<QMessageBox *>(QStringLiteral("linkRefused"));
    QVERIFY(refused);
    QVERIFY(refused->text().contains(QLatin1String("javascript:")));
    QCOMPARE(refused->textFormat(), Qt::PlainText);
    refused->close();

    emit panel.browser()->anchorClicked(QUrl(hrefs.at(1)));
    QCOMPARE(catcher.urls, QList<QUrl>({QUrl(QStringLiteral("https://wiki.example.org/x"))}));
}

void TestPanelViews::textRealArgocdPanelShowsNoImage()
{
    const auto loaded = DashboardLoader::loadFile(QStringLiteral(DOZOR_TEST_DATA "/grafana/argocd-mixin-overview-v38-mixed-panels.json"));
    QVERIFY2(loaded.dashboard, qPrintable(loaded.error));
    const Panel *text = nullptr;
    for (const Panel &p : loaded.dashboard->panels)
        if (p.type == QLatin1String("text"))
            text = &p;
    QVERIFY(text);
    TextPanel panel(*text);
    QCOMPARE(panel.mode(), QStringLiteral("markdown"));
    QVERIFY(!hasImage(panel.browser()->document()));
    QVERIFY(panel.browser()->document()->toPlainText().startsWith(
        QLatin1String("[image not shown: https://cncf-branding.netlify.app/img/projects/argo/")));

    // Legacy text panels carry content and mode at the top level.
    QJsonObject legacy{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("mode"), QStringLiteral("html")},
                       {QStringLiteral("content"), QStringLiteral("<h1>Old</h1><p>panel</p>")}};
    TextPanel old(DashboardLoader::panelFromJson(legacy));
    QCOMPARE(old.mode(), QStringLiteral("html"));
    QCOMPARE(old.browser()->document()->toPlainText().simplified(), QStringLiteral("Old panel"));
}

void TestPanelViews::warningsShowAsBadge()
{
    // Partial answers and server warnings keep the data and say so on the panel.
    Panel p = panelFrom(R"J({"id": 5, "type": "piechart", "title": "Codes",
        "targets": [{"refId": "A", "expr": "sum by (code) (x)"}]})J");
    PiePanel pie(p);
    pie.resize(400, 300);
    pie.show();
    PanelData data;
    data.series.push_back(series(QStringLiteral("200"), {}, {10}));
    data.warnings << QStringLiteral("PromQL info: <b>x</b> might not be a counter")
                  << QStringLiteral("partial response: some storage nodes did not answer (isPartial)");
    pie.setData(data);
    QCOMPARE(pie.warningText(), data.warnings.join(QLatin1Char('\n')));
    auto *badge = pie.findChild<QLabel *>(QStringLiteral("panelWarning"));
    QVERIFY(badge);
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->textFormat(), Qt::PlainText); // server text, shown literally
    QVERIFY2(badge->text().contains(QLatin1String("<b>x</b>")), qPrintable(badge->text()));
    QVERIFY2(badge->text().contains(QLatin1String("+1 more")), qPrintable(badge->text()));
    QVERIFY(pie.errorText().isEmpty());
    QCOMPARE(pie.sliceNames(), QStringList{QStringLiteral("200")});
    // The next answer without warnings clears the badge.
    data.warnings.clear();
    pie.setData(data);
    QVERIFY(pie.warningText().isEmpty());
    QVERIFY(!badge->isVisible());
}

void TestPanelViews::pieSlicesFromReducedSeries()
{
    Panel p = panelFrom(R"J({"id": 4, "type": "piechart", "title": "Requests by code",
        "options": {"pieType": "donut", "legend": {"values": ["value", "percent"], "displayMode": "list"}},
        "fieldConfig": {"defaults": {"unit": "short"}, "overrides": [
            {"matcher": {"id": "byName", "options": "500"}, "properties": [
                {"id": "color", "value": {"mode": "fixed", "fixedColor": "#ff0000"}}]}]},
        "targets": [{"refId": "A", "expr": "sum by (code) (rate(http_requests_total[5m]))"}]})J");
    p.reduceCalc = QStringLiteral("max");
    PiePanel pie(p);
    QVERIFY(pie.isDonut());
    QVERIFY(pie.pieSeries()->holeSize() > 0);
    PanelData data;
    data.series.push_back(series(QStringLiteral("200"), {}, {10, 30, std::nan(""), 20}));
    data.series.push_back(series(QStringLiteral("500"), {}, {5, 10, 2}));
    data.series.push_back(series(QStringLiteral("<i>404</i>"), {}, {std::nan(""), std::nan("")})); // nothing to reduce
    data.series.push_back(series(QStringLiteral("418"), {}, {-3})); // no negative slices
    pie.setData(data);
    QCOMPARE(pie.sliceNames(), QStringList({QStringLiteral("200"), QStringLiteral("500")}));
    const QList<QPieSlice *> slices = pie.pieSeries()->slices();
    QCOMPARE(slices.size(), 2);
    QCOMPARE(slices[0]->value(), 30.0); // max, not last (20) or mean
    QCOMPARE(slices[1]->value(), 10.0);
    QCOMPARE(slices[0]->label(), QStringLiteral("200: %1 (75%)").arg(formatValue(30, QStringLiteral("short"))));
    QCOMPARE(slices[1]->label(), QStringLiteral("500: %1 (25%)").arg(formatValue(10, QStringLiteral("short"))));
    QCOMPARE(slices[1]->color(), QColor(0xff0000));
    QVERIFY(slices[0]->color() != slices[1]->color());
    QVERIFY(!pie.showsNoData());


    // Hostile names reach Qt Charts (which renders labels as HTML) escaped.
    data.series.clear();
    data.series.push_back(series(QStringLiteral("<b>x</b>"), {}, {1}));
    pie.setData(data);
    QVERIFY(pie.pieSeries()->slices().at(0)->label().startsWith(QLatin1String("&lt;b&gt;x&lt;/b&gt;")));

    data.series.clear();
    pie.setData(data);
    QVERIFY(pie.showsNoData());
}

void TestPanelViews::heatmapDecumulatesBuckets()
{
    // Three minutes of rate(...bucket) as Prometheus returns it, out of le order.
    // Minute 2: the 0.5 bucket reads below the 0.1 bucket (rates computed a moment
    // apart): clamped to 0, and the next bucket counts from the larger. Minute 3:
    // every counter restarted (all lower than before): still never negative.
    std::vector<PanelSeries> s;
    s.push_back(bucket(QStringLiteral("+Inf"), {10, 12, 3}));
    s.push_back(bucket(QStringLiteral("0.5"), {6, 4, 2}));
    s.push_back(bucket(QStringLiteral("0.1"), {2, 5, 1}));
    s.push_back(bucket(QStringLiteral("1"), {9, 9, 2}));
    const HeatmapGrid g = HeatmapBuckets::fromHistogram(s);
    QCOMPARE(g.bucketCount(), 4);
    QCOMPARE(g.timeCount(), 3);
    QCOMPARE(g.bucketLabels, QStringList({QStringLiteral("0.1"), QStringLiteral("0.5"), QStringLiteral("1"), QStringLiteral("+Inf")}));
    QVERIFY(std::isinf(g.upperBounds.back()));
    QCOMPARE(g.lowerBounds[1], 0.1);
    // minute 1: 2, 6-2, 9-6, 10-9
    QCOMPARE(g.count(0, 0), 2.0);
    QCOMPARE(g.count(1, 0), 4.0);
    QCOMPARE(g.count(2, 0), 3.0);
    QCOMPARE(g.count(3, 0), 1.0);
    // minute 2: 5, max(0, 4-5), 9-5, 12-9
    QCOMPARE(g.count(0, 1), 5.0);
    QCOMPARE(g.count(1, 1), 0.0);
    QCOMPARE(g.count(2, 1), 4.0);
    QCOMPARE(g.count(3, 1), 3.0);
    // minute 3 (after the reset): 1, 1, 0, 1 - the total still adds up to +Inf.
    QCOMPARE(g.count(0, 2), 1.0);
    QCOMPARE(g.count(1, 2), 1.0);
    QCOMPARE(g.count(2, 2), 0.0);
    QCOMPARE(g.count(3, 2), 1.0);
    QCOMPARE(g.maxCount, 5.0);
    for (double c : g.counts)
        QVERIFY(c >= 0);

    // The same le from two series (other labels differ) adds up; a missing sample stays missing.
    std::vector<PanelSeries> two = {bucket(QStringLiteral("1"), {1, 2}), bucket(QStringLiteral("1"), {3, 4}),
                                    bucket(QStringLiteral("+Inf"), {5, std::nan("")})};
    const HeatmapGrid sum = HeatmapBuckets::fromHistogram(two);
    QCOMPARE(sum.bucketCount(), 2);
    QCOMPARE(sum.count(0, 0), 4.0);
    QCOMPARE(sum.count(0, 1), 6.0);
    QCOMPARE(sum.count(1, 0), 1.0);
    QVERIFY(std::isnan(sum.count(1, 1)));
}

void TestPanelViews::heatmapPanelPaintsAndDescribesCells()
{
    const Panel p = panelFrom(R"J({"id": 5, "type": "heatmap", "title": "Latency",
        "fieldConfig": {"defaults": {"unit": "s"}},
        "options": {"color": {"mode": "scheme", "scheme": "Oranges", "scale": "exponential", "exponent": 0.5}},
        "targets": [{"refId": "A", "expr": "sum by (le) (rate(x_bucket[5m]))", "format": "heatmap"}]})J");
    HeatmapPanel panel(p);
    panel.resize(400, 240);
    PanelData data;
    data.series = {bucket(QStringLiteral("0.1"), {2, 5}), bucket(QStringLiteral("0.5"), {6, 5}),
                   bucket(QStringLiteral("+Inf"), {6, 8})};
    panel.setData(data);
    QVERIFY(!panel.showsNoData());
    QCOMPARE(panel.grid().bucketCount(), 3);
    // Hot cells are brighter than cool ones.
    QVERIFY(panel.colorFor(5).lightness() > panel.colorFor(1).lightness());
    const QImage image = panel.grab().toImage();
    QVERIFY(!image.isNull());

    // Find the cell of bucket 0.1 at the second minute and read its tooltip.
    QString text;
    for (int y = 0; y < panel.height() && text.isEmpty(); y += 2) {
        for (int x = panel.width() - 1; x > 0; x -= 2) {
            const QPoint cell = panel.cellAt(QPoint(x, y));
            if (cell == QPoint(0, 1)) {
                text = panel.describeAt(QPoint(x, y));
                break;
            }
        }
    }
    QVERIFY(!text.isEmpty());
    QVERIFY2(text.contains(QLatin1String("Count: 5")), qPrintable(text));
    QVERIFY2(text.contains(formatValue(0.1, QStringLiteral("s"))), qPrintable(text)); // the bound in the panel's unit
    QCOMPARE(panel.cellAt(QPoint(-5, -5)), QPoint(-1, -1));

    panel.setData(PanelData());
    QVERIFY(panel.showsNoData());
}

void TestPanelViews::heatmapPlainSeriesBucketedByValue()
{
    std::vector<PanelSeries> s = {series(QStringLiteral("a"), {}, {0, 10}), series(QStringLiteral("b"), {}, {10, 10}),
                                  series(QStringLiteral("c"), {}, {5, std::nan("")})};
    const HeatmapGrid g = HeatmapBuckets::build(s);
    QCOMPARE(g.bucketCount(), 10);
    QCOMPARE(g.timeCount(), 2);
    QCOMPARE(g.lowerBounds.front(), 0.0);
    QCOMPARE(g.upperBounds.back(), 10.0);
    // minute 1: one at 0, one at 5, one at 10; minute 2: two at 10.
    QCOMPARE(g.count(0, 0), 1.0);
    QCOMPARE(g.count(5, 0), 1.0);
    QCOMPARE(g.count(9, 0), 1.0);
    QCOMPARE(g.count(9, 1), 2.0);
    double total = 0;
    for (double c : g.counts)
        total += c;
    QCOMPARE(total, 5.0);
}

void TestPanelViews::alertListFilters_data()
{
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QStringList>("expected");
    // Default sort: alphabetical (case-insensitive).
    QTest::newRow("all") << QByteArray("{}")
                         << QStringList{QStringLiteral("ApiDown"), QStringLiteral("backupLate"), QStringLiteral("CertExpiry"),
                                        QStringLiteral("DiskFull"), QStringLiteral("HighLatency")};
    QTest::newRow("firing only (silenced counts as firing)")
        << QByteArray(R"J({"stateFilter": {"firing": true, "pending": false}})J")
        << QStringList{QStringLiteral("ApiDown"), QStringLiteral("backupLate"), QStringLiteral("DiskFull"),
                       QStringLiteral("HighLatency")};
    QTest::newRow("pending only") << QByteArray(R"J({"stateFilter": {"pending": true}})J")
                                  << QStringList{QStringLiteral("CertExpiry")};
    QTest::newRow("normal only: none here") << QByteArray(R"J({"stateFilter": {"normal": true}})J") << QStringList{};
    QTest::newRow("name substring") << QByteArray(R"J({"alertName": "late"})J")
                                    << QStringList{QStringLiteral("backupLate"), QStringLiteral("HighLatency")};
    QTest::newRow("label matchers")
        << QByteArray(R"J({"alertInstanceLabelFilter": "{severity=\"critical\"}"})J")
        << QStringList{QStringLiteral("ApiDown"), QStringLiteral("DiskFull")};
    QTest::newRow("regex matcher")
        << QByteArray(R"J({"alertInstanceLabelFilter": "severity=~\"info|warning\""})J")
        << QStringList{QStringLiteral("backupLate"), QStringLiteral("CertExpiry"), QStringLiteral("HighLatency")};
    QTest::newRow("maxItems") << QByteArray(R"J({"maxItems": 2})J")
                              << QStringList{QStringLiteral("ApiDown"), QStringLiteral("backupLate")};
    QTest::newRow("legacy stateFilter array")
        << QByteArray(R"J({"legacy": {"stateFilter": ["pending"], "limit": 5}})J") << QStringList{QStringLiteral("CertExpiry")};
}

void TestPanelViews::alertListFilters()
{
    QFETCH(QByteArray, options);
    QFETCH(QStringList, expected);
    QJsonObject raw{{QStringLiteral("id"), 6}, {QStringLiteral("type"), QStringLiteral("alertlist")}};
    const QJsonObject o = QJsonDocument::fromJson(options).object();
    if (o.contains(QStringLiteral("legacy"))) {
        const QJsonObject legacy = o.value(QStringLiteral("legacy")).toObject();
        for (auto it = legacy.begin(); it != legacy.end(); ++it)
            raw.insert(it.key(), it.value());
    } else {
        raw.insert(QStringLiteral("options"), o);
    }
    AlertListPanel panel(DashboardLoader::panelFromJson(raw));
    QVERIFY(!panel.needsQueries());
    panel.setAlerts(sampleAlerts());
    QCOMPARE(names(panel.shownAlerts()), expected);
    QCOMPARE(panel.view()->topLevelItemCount(), expected.size());
}

void TestPanelViews::alertListSortOrders_data()
{
    QTest::addColumn<int>("sortOrder");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("1 A-Z") << 1 << QStringList{QStringLiteral("ApiDown"), QStringLiteral("backupLate"), QStringLiteral("CertExpiry"), QStringLiteral("DiskFull"), QStringLiteral("HighLatency")};
    QTest::newRow("2 Z-A") << 2 << QStringList{QStringLiteral("HighLatency"), QStringLiteral("DiskFull"), QStringLiteral("CertExpiry"), QStringLiteral("backupLate"), QStringLiteral("ApiDown")};
    // Importance: firing before pending before silenced; critical before warning before info.
    QTest::newRow("3 importance") << 3 << QStringList{QStringLiteral("DiskFull"), QStringLiteral("HighLatency"), QStringLiteral("backupLate"), QStringLiteral("CertExpiry"), QStringLiteral("ApiDown")};
    QTest::newRow("4 oldest first") << 4 << QStringList{QStringLiteral("ApiDown"), QStringLiteral("CertExpiry"), QStringLiteral("HighLatency"), QStringLiteral("DiskFull"), QStringLiteral("backupLate")};
    QTest::newRow("5 newest first") << 5 << QStringList{QStringLiteral("backupLate"), QStringLiteral("DiskFull"), QStringLiteral("HighLatency"), QStringLiteral("CertExpiry"), QStringLiteral("ApiDown")};
}

void TestPanelViews::alertListSortOrders()
{
    QFETCH(int, sortOrder);
    QFETCH(QStringList, expected);
    const QJsonObject raw{{QStringLiteral("type"), QStringLiteral("alertlist")},
                          {QStringLiteral("options"), QJsonObject{{QStringLiteral("sortOrder"), sortOrder}}}};
    AlertListPanel panel(DashboardLoader::panelFromJson(raw));
    panel.setAlerts(sampleAlerts());
    QCOMPARE(names(panel.shownAlerts()), expected);
}

void TestPanelViews::alertListGroupsInstancesAndEmitsOnClick()
{
    QList<Alert> alerts = sampleAlerts();
    alerts.append(alert(QStringLiteral("DiskFull"), Alert::State::Pending, QStringLiteral("critical"), 90, QStringLiteral("b")));
    alerts.append(alert(QStringLiteral("<b>Evil</b>"), Alert::State::Firing, QStringLiteral("info"), 2));

    AlertListPanel grouped(DashboardLoader::panelFromJson(QJsonObject{{QStringLiteral("type"), QStringLiteral("alertlist")}}));
    grouped.setNow(QDateTime::fromMSecsSinceEpoch(qint64(t0)));
    grouped.setAlerts(alerts);
    const qsizetype disk = names(grouped.shownAlerts()).indexOf(QStringLiteral("DiskFull"));
    QVERIFY(disk >= 0);
    QCOMPARE(grouped.shownAlerts().size(), 6);
    QCOMPARE(grouped.instanceCounts().at(disk), 2);
    // The rule's row: its firing instance, since its earliest start (90 minutes ago).
    QCOMPARE(grouped.shownAlerts().at(disk).state, Alert::State::Firing);
    QTreeWidgetItem *item = grouped.view()->topLevelItem(int(disk));
    QCOMPARE(item->text(0), QStringLiteral("DiskFull (2 instances)"));
    QCOMPARE(item->text(1), QStringLiteral("DiskFull is bad"));
    QCOMPARE(item->text(2), QStringLiteral("1h 30m ago"));
    // Names are data, shown as the characters they are (QTreeWidget items are plain text).
    QVERIFY(names(grouped.shownAlerts()).contains(QStringLiteral("<b>Evil</b>")));

    const QJsonObject raw{{QStringLiteral("type"), QStringLiteral("alertlist")},
                          {QStringLiteral("options"), QJsonObject{{QStringLiteral("showInstances"), true}}}};
    AlertListPanel instances(DashboardLoader::panelFromJson(raw));
    instances.setAlerts(alerts);
    QCOMPARE(instances.shownAlerts().size(), 7);

    // A click on a row hands the alert on.
    instances.resize(500, 300);
    instances.show();
    QVERIFY(QTest::qWaitForWindowExposed(&instances));
    QSignalSpy spy(&instances, &AlertListPanel::alertActivated);
    QTreeWidget *view = instances.view();
    const QRect rect = view->visualItemRect(view->topLevelItem(1));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(spy.count(), 1);
    const Alert clicked = spy.at(0).at(0).value<Alert>();
    QCOMPARE(clicked.identity(), instances.shownAlerts().at(1).identity());

    instances.setAlerts({});
    QCOMPARE(instances.view()->topLevelItemCount(), 0);
    QVERIFY(instances.findChild<QLabel *>(QStringLiteral("alertListPanelEmpty"))->isVisibleTo(&instances));
}

void TestPanelViews::tablePanelInitialSort()
{
    const Panel p = panelFrom(R"J({"id": 7, "type": "table",
        "options": {"sortBy": [{"displayName": "Value", "desc": true}]},
        "targets": [{"refId": "A", "expr": "x", "instant": true}]})J");
    TablePanel table(p);
    PanelData data;
    for (double v : {9.0, 100.0, 10.0})
        data.series.push_back(series(QStringLiteral("s"), {{QStringLiteral("pod"), QString::number(v)}}, {v}));
    table.setData(data);
    const int column = table.tableModel()->columnOf(QStringLiteral("Value"));
    QVERIFY(column >= 0);
    QList<double> shown;
    for (int r = 0; r < table.proxy()->rowCount(); ++r)
        shown << table.proxy()->index(r, column).data(PanelTable::RawValueRole).toDouble();
    QCOMPARE(shown, QList<double>({100, 10, 9}));
    QVERIFY(!table.showsNoData());
    data.series.clear();
    table.setData(data);
    QVERIFY(table.showsNoData());
}

void TestPanelViews::placeholderNamesTheType()
{
    const Panel p = panelFrom(R"J({"id": 12, "type": "grafana-worldmap-panel", "title": "<b>Where</b>",
        "targets": [{"refId": "A", "expr": "up"}]})J");
    PlaceholderPanel panel(p);
    QVERIFY(!panel.needsQueries());
    QCOMPARE(panel.message(), QStringLiteral("Panel type \"grafana-worldmap-panel\" is not supported (panel 12: <b>Where</b>)"));
    QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("placeholderMessage"))->textFormat(), Qt::PlainText);
    panel.setData(PanelData());
    QVERIFY(!panel.showsNoData());
}

void TestPanelViews::dashboardMakesPanelWidgetsAFewPerTurn()
{
    // 45 time series panels, three across: opening does not make 45 charts in one go.
    Dashboard d;
    for (int i = 0; i < 45; ++i)
        d.panels.append(panelFrom(QStringLiteral(R"J({"id": %1, "type": "timeseries", "title": "P%1",
            "gridPos": {"x": %2, "y": %3, "w": 8, "h": 8},
            "targets": [{"refId": "A", "expr": "up"}]})J")
                                      .arg(i + 1)
                                      .arg((i % 3) * 8)
                                      .arg((i / 3) * 8)
                                      .toUtf8()));
    DashboardView view;
    view.resize(1500, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QList<int> made;
    QSignalSpy built(&view, &DashboardView::panelsBuilt);
    view.setDashboard(d, [&made](const Panel &p, QWidget *parent) {
        made.append(p.id);
        return createPanelWidget(p, parent);
    });
    QVERIFY(view.isBuilding());
    QVERIFY(made.size() < 45);
    QVERIFY(!view.builtPanelWidget(45));
    // Queries are planned before the widgets exist: every panel, at the width its
    // widget will have.
    const QHash<int, int> planned = view.visiblePlotWidths();
    QCOMPARE(planned.size(), 45);
    // A panel asked for before its turn is made at once.
    PanelWidget *last = view.panelWidget(45);
    QVERIFY(last);
    QCOMPARE(view.builtPanelWidget(45), last);
    QCOMPARE(made.count(45), 1);
    QVERIFY(view.isBuilding());

    QTRY_VERIFY(!view.isBuilding());
    QCOMPARE(built.count(), 1);
    QCOMPARE(made.size(), 45); // each once
    // Top to bottom (after the one asked for).
    QList<int> rest = made;
    rest.removeOne(45);
    QVERIFY(std::is_sorted(rest.begin(), rest.end()));
    for (int id = 1; id <= 45; ++id)
        QVERIFY(view.builtPanelWidget(id) && view.builtPanelWidget(id)->isVisibleTo(&view));
    // The planned widths were the widths the laid-out charts have.
    QTRY_COMPARE(view.visiblePlotWidths(), planned);
    QCOMPARE(planned.value(1), view.panelWidget(1)->plotWidth());
    QVERIFY(planned.value(1) > 300);
}

void TestPanelViews::expectedPlotWidthAndQueriesMatchTheWidgets()
{
    const QStringList types{QStringLiteral("timeseries"), QStringLiteral("graph"),    QStringLiteral("stat"),
                            QStringLiteral("gauge"),      QStringLiteral("bargauge"), QStringLiteral("table"),
                            QStringLiteral("text"),       QStringLiteral("piechart"), QStringLiteral("heatmap"),
                            QStringLiteral("alertlist"),  QStringLiteral("no-such-plugin")};
    for (const QString &type : types) {
        for (const bool targets : {true, false}) {
            const Panel p = panelFrom(QStringLiteral(R"J({"id": 1, "type": "%1", "title": "T", %2
                "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}})J")
                                          .arg(type, targets ? QStringLiteral(R"J("targets": [{"refId": "A", "expr": "up"}],)J")
                                                             : QString())
                                          .toUtf8());
            std::unique_ptr<PanelWidget> w(createPanelWidget(p, nullptr));
            QCOMPARE(panelNeedsQueries(p), w->needsQueries());
            w->resize(700, 300);
            QCOMPARE(expectedPlotWidth(p, 700), w->plotWidth());
        }
    }
}

QTEST_MAIN(TestPanelViews)
#include "tst_panelviews.moc"
