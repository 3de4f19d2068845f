#include "bargaugepanel.h"
#include "dashboardloader.h"
#include "gaugepanel.h"
#include "palette.h"
#include "statpanel.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

class TestStatPanels : public QObject
{
    Q_OBJECT

private slots:
    void statFromNodeExporter();
    void statNullUsesMapping();
    void statBackgroundIsPainted();
    void statTilesSeveralSeries();
    void statSparkline();
    void singlestatLegacyOptions();
    void singlestatPostfix();
    void gaugeFromNodeExporter();
    void gaugeArcTakesThresholdColour();
    void gaugeSeveralSideBySide();
    void barGaugePercentageThresholds();
    void barGaugeFillsToValue();
    void barGaugeModes_data();
    void barGaugeModes();
    void hostileTextStaysPlain();
};

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

// Every panel object of a dashboard file, including those nested in rows.
QJsonObject panelJson(const QString &file, int id)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/grafana/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    QList<QJsonArray> todo = {root.value(QLatin1String("panels")).toArray()};
    for (const QJsonValue &row : root.value(QLatin1String("rows")).toArray())
        todo.append(row.toObject().value(QLatin1String("panels")).toArray());
    while (!todo.isEmpty()) {
        const QJsonArray list = todo.takeFirst();
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("id")).toInt() == id &&
                o.value(QLatin1String("type")).toString() != QLatin1String("row"))
                return o;
            todo.append(o.value(QLatin1String("panels")).toArray());
        }
    }
    return {};
}

Panel nodeExporterPanel(int id)
{
    return DashboardLoader::panelFromJson(
        panelJson(QStringLiteral("node-exporter-full-v41-timeseries.json"), id));
}

PanelSeries series(const QString &name, std::vector<double> values)
{
    PanelSeries s;
    s.name = name;
    s.refId = QStringLiteral("A");
    for (std::size_t i = 0; i < values.size(); ++i)
        s.timestampsMs.push_back(1'700'000'000'000.0 + double(i) * 15000);
    s.values = std::move(values);
    return s;
}

PanelData dataOf(std::vector<PanelSeries> list)
{
    PanelData d;
    d.series = std::move(list);
    if (!d.series.empty() && !d.series.front().timestampsMs.empty()) {
        d.queryStartMs = qint64(d.series.front().timestampsMs.front());
        d.queryEndMs = qint64(d.series.front().timestampsMs.back());
    }
    return d;
}

// Pixels within `tolerance` of `c` (per channel).
int countNear(const QImage &img, const QColor &c, int tolerance = 30)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y) {
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) <= tolerance &&
                std::abs(p.green() - c.green()) <= tolerance &&
                std::abs(p.blue() - c.blue()) <= tolerance)
                ++n;
        }
    }
    return n;
}

QImage render(QWidget &w)
{
    w.show();
    return w.grab().toImage();
}

} // namespace

void TestStatPanels::statFromNodeExporter()
{
    const Panel panel = nodeExporterPanel(75); // "RAM Total": bytes, decimals 0, colorMode none
    QCOMPARE(panel.type, QStringLiteral("stat"));
    StatPanel w(panel);
    w.resize(300, 120);
    w.setData(dataOf({series(QStringLiteral("node"),
                             {8.0 * 1024 * 1024 * 1024, NaN, 16.0 * 1024 * 1024 * 1024})}));
    QCOMPARE(w.colorMode(), QStringLiteral("none"));
    QCOMPARE(w.graphMode(), QStringLiteral("none"));
    const QList<StatPanel::Cell> cells = w.cells();
    QCOMPARE(cells.size(), 1);
    QCOMPARE(cells.first().text, QStringLiteral("16 GiB"));   // lastNotNull skips the trailing gap
    QCOMPARE(cells.first().colorName, QStringLiteral("red")); // above the 80 step
    QVERIFY(!w.showsNoData());
}

void TestStatPanels::statNullUsesMapping()
{
    StatPanel w(nodeExporterPanel(14)); // "CPU Cores": special mapping null -> N/A
    w.resize(200, 100);
    w.setData(dataOf({series(QStringLiteral("cores"), {NaN, NaN})}));
    QCOMPARE(w.cells().size(), 1);
    QCOMPARE(w.cells().first().text, QStringLiteral("N/A"));
    QVERIFY(w.cells().first().isNull);

    w.setData(PanelData{});
    QVERIFY(w.cells().isEmpty());
    QVERIFY(w.showsNoData());
}

void TestStatPanels::statBackgroundIsPainted()
{
    QJsonObject o = panelJson(QStringLiteral("node-exporter-full-v41-timeseries.json"), 75);
    QJsonObject options = o.value(QLatin1String("options")).toObject();
    options.insert(QStringLiteral("colorMode"), QStringLiteral("background"));
    o.insert(QStringLiteral("options"), options);
    const Panel panel = DashboardLoader::panelFromJson(o);

    StatPanel w(panel);
    w.resize(240, 120);
    w.setData(dataOf({series(QStringLiteral("node"), {16.0 * 1024 * 1024 * 1024})}));
    QCOMPARE(w.cells().first().colorName, QStringLiteral("red"));
    const QRectF cell = w.cellRects().first();
    const QImage img = render(w);
    // A corner of the cell, away from the text: Grafana's red, not the panel background.
    const QColor corner = img.pixelColor(int(cell.left()) + 6, int(cell.bottom()) - 6);
    const QColor red = namedColor(QStringLiteral("red"), Qt::black);
    QVERIFY2(std::abs(corner.red() - red.red()) < 40 &&
                 std::abs(corner.green() - red.green()) < 40 &&
                 std::abs(corner.blue() - red.blue()) < 40,
             qPrintable(corner.name()));

    // In value mode the same spot is the panel background and the text is red instead.
    options.insert(QStringLiteral("colorMode"), QStringLiteral("value"));
    o.insert(QStringLiteral("options"), options);
    StatPanel v(DashboardLoader::panelFromJson(o));
    v.resize(240, 120);
    v.setData(dataOf({series(QStringLiteral("node"), {16.0 * 1024 * 1024 * 1024})}));
    const QImage img2 = render(v);
    QCOMPARE(img2.pixelColor(int(cell.left()) + 6, int(cell.bottom()) - 6), Theme::panelBackground);
    QVERIFY(countNear(img2, red) > 50);
}

void TestStatPanels::statTilesSeveralSeries()
{
    Panel panel = nodeExporterPanel(15); // "Uptime": s, decimals 1
    StatPanel w(panel);
    w.resize(600, 100);
    w.setData(dataOf({series(QStringLiteral("a"), {90}), series(QStringLiteral("b"), {7200}),
                      series(QStringLiteral("c"), {3 * 86400.0})}));
    const QList<StatPanel::Cell> cells = w.cells();
    QCOMPARE(cells.size(), 3);
    QCOMPARE(cells.at(0).title, QStringLiteral("a"));
    QCOMPARE(cells.at(0).text, QStringLiteral("1.5 min"));
    QCOMPARE(cells.at(1).text, QStringLiteral("2.0 hour"));
    QCOMPARE(cells.at(2).text, QStringLiteral("3.0 day"));
    // orientation "horizontal": one row per value, stacked, none overlapping.
    const QList<QRectF> rects = w.cellRects();
    QCOMPARE(rects.size(), 3);
    for (int i = 1; i < rects.size(); ++i) {
        QVERIFY(rects.at(i).top() >= rects.at(i - 1).bottom());
        QCOMPARE(rects.at(i).width(), rects.at(0).width());
    }

    // "auto" on a wide panel puts them side by side.
    QJsonObject o = panelJson(QStringLiteral("node-exporter-full-v41-timeseries.json"), 15);
    QJsonObject options = o.value(QLatin1String("options")).toObject();
    options.insert(QStringLiteral("orientation"), QStringLiteral("auto"));
    o.insert(QStringLiteral("options"), options);
    StatPanel a(DashboardLoader::panelFromJson(o));
    a.resize(600, 100);
    a.setData(w.data());
    const QList<QRectF> side = a.cellRects();
    QCOMPARE(side.size(), 3);
    QCOMPARE(side.at(0).top(), side.at(2).top());
    QVERIFY(side.at(1).left() >= side.at(0).right());
}

void TestStatPanels::statSparkline()
{
    Panel panel;
    panel.type = QStringLiteral("stat");
    panel.unit = QStringLiteral("reqps");
    panel.thresholds = {ThresholdStep{std::nullopt, QStringLiteral("blue")}};
    panel.colorMode = QStringLiteral("thresholds");
    StatPanel w(panel); // defaults: colorMode value, graphMode area
    QCOMPARE(w.graphMode(), QStringLiteral("area"));
    w.resize(300, 160);
    std::vector<double> values;
    for (int i = 0; i < 2000; ++i)
        values.push_back(1000 + 500 * std::sin(i / 50.0));
    values.push_back(1480);
    w.setData(dataOf({series(QStringLiteral("rate"), values)}));
    QCOMPARE(w.cells().first().text, QStringLiteral("1.48K req/s"));
    const QImage img = render(w);
    // The sparkline's line is drawn in the value colour in the lower part of the cell.
    const QImage bottom = img.copy(0, img.height() / 2, img.width(), img.height() / 2);
    QVERIFY(countNear(bottom, namedColor(QStringLiteral("blue"), Qt::black), 20) > 100);

    QJsonObject raw;
    raw.insert(QStringLiteral("options"),
               QJsonObject{{QStringLiteral("graphMode"), QStringLiteral("none")}});
    panel.raw = raw;
    StatPanel flat(panel);
    flat.resize(300, 160);
    flat.setData(w.data());
    const QImage img2 = render(flat);
    const QImage bottom2 = img2.copy(0, img2.height() * 3 / 4, img2.width(), img2.height() / 4);
    QCOMPARE(countNear(bottom2, namedColor(QStringLiteral("blue"), Qt::black), 20), 0);
}

void TestStatPanels::singlestatLegacyOptions()
{
    const Panel panel = DashboardLoader::panelFromJson(
        panelJson(QStringLiteral("node-exporter-full-old-v14-rows-graph.json"), 20)); // "CPU Busy"
    QCOMPARE(panel.type, QStringLiteral("singlestat"));
    StatPanel w(panel);
    QCOMPARE(w.colorMode(), QStringLiteral("value")); // colorValue: true
    QCOMPARE(w.graphMode(), QStringLiteral("area"));  // sparkline.show: true
    w.resize(200, 120);
    w.setData(dataOf({series(QStringLiteral("cpu"), {10, 97})}));
    QCOMPARE(w.cells().first().text, QStringLiteral("97%"));
    QCOMPARE(namedColor(w.cells().first().colorName, Qt::black).name(QColor::HexArgb),
             QStringLiteral("#e6f53636"));
    w.setData(dataOf({series(QStringLiteral("cpu"), {99, 42.5})}));
    QCOMPARE(w.cells().first().text, QStringLiteral("42.5%"));
    QCOMPARE(namedColor(w.cells().first().colorName, Qt::black).green(), 172);
}

void TestStatPanels::singlestatPostfix()
{
    // dockprom "Uptime": avg, s, decimals 1, postfix "s", colorValue false.
    const Panel panel = DashboardLoader::panelFromJson(
        panelJson(QStringLiteral("dockprom-docker-host-v12-rows-graph.json"), 1));
    StatPanel w(panel);
    QCOMPARE(w.colorMode(), QStringLiteral("none"));
    w.resize(200, 100);
    w.setData(dataOf({series(QStringLiteral("up"), {100, 200})}));
    QCOMPARE(w.cells().first().text, QStringLiteral("2.5 mins"));
    w.setData(dataOf({series(QStringLiteral("up"), {NaN})}));
    QCOMPARE(w.cells().first().text, QStringLiteral("N/A")); // valueMaps null -> N/A
}

void TestStatPanels::gaugeFromNodeExporter()
{
    const Panel panel = nodeExporterPanel(20); // "CPU Busy" gauge, percent, decimals 1
    QCOMPARE(panel.type, QStringLiteral("gauge"));
    GaugePanel w(panel);
    QVERIFY(w.showsThresholdMarkers());
    w.resize(220, 200);
    w.setData(dataOf({series(QStringLiteral("cpu"), {50, 97.3})}));
    const QList<GaugePanel::Cell> g = w.gauges();
    QCOMPARE(g.size(), 1);
    QCOMPARE(g.first().text, QStringLiteral("97.3%"));
    QCOMPARE(g.first().colorName, QStringLiteral("rgba(245, 54, 54, 0.9)"));
    QCOMPARE(g.first().percent, 0.973);
    QCOMPARE(w.range().min, 0.0);
    QCOMPARE(w.range().max, 100.0);
}

void TestStatPanels::gaugeArcTakesThresholdColour()
{
    const Panel panel = nodeExporterPanel(20);
    const QColor red(245, 54, 54);
    GaugePanel high(panel);
    high.resize(220, 200);
    high.setData(dataOf({series(QStringLiteral("cpu"), {97})}));
    GaugePanel low(panel);
    low.resize(220, 200);
    low.setData(dataOf({series(QStringLiteral("cpu"), {10})}));
    const int redHigh = countNear(render(high), red, 25);
    const int redLow = countNear(render(low), red, 25);
    // The marker ring shows a little red (95..100) either way; the arc only when high.
    QVERIFY2(redHigh > 4 * std::max(1, redLow),
             qPrintable(QStringLiteral("%1 vs %2").arg(redHigh).arg(redLow)));
    QVERIFY(countNear(render(low), QColor(50, 172, 45), 25) >
            countNear(render(high), QColor(50, 172, 45), 25));
}

void TestStatPanels::gaugeSeveralSideBySide()
{
    Panel panel;
    panel.type = QStringLiteral("gauge");
    panel.unit = QStringLiteral("percentunit");
    GaugePanel w(panel);
    w.resize(500, 180);
    w.setData(dataOf({series(QStringLiteral("a"), {0.25}), series(QStringLiteral("b"), {0.5})}));
    QCOMPARE(w.range().max, 1.0); // percentunit: 0..1
    QCOMPARE(w.gauges().at(0).percent, 0.25);
    QCOMPARE(w.gauges().at(1).text, QStringLiteral("50%"));
    const QList<QRectF> r = w.gaugeRects();
    QCOMPARE(r.size(), 2);
    QCOMPARE(r.at(0).top(), r.at(1).top());
    QVERIFY(r.at(1).left() >= r.at(0).right());
}

void TestStatPanels::barGaugePercentageThresholds()
{
    const Panel panel =
        nodeExporterPanel(323); // "Pressure": percentunit 0..1, percentage steps 70/90
    QCOMPARE(panel.type, QStringLiteral("bargauge"));
    QVERIFY(panel.thresholdsPercent);
    BarGaugePanel w(panel);
    w.resize(300, 200);
    w.setData(
        dataOf({series(QStringLiteral("cpu"), {0.5}), series(QStringLiteral("memory"), {0.75}),
                series(QStringLiteral("io"), {0.95})}));
    const QList<BarGaugePanel::Cell> bars = w.bars();
    QCOMPARE(bars.size(), 3);
    QCOMPARE(bars.at(0).text, QStringLiteral("50.0%"));
    QCOMPARE(bars.at(0).colorName, QStringLiteral("green"));
    QCOMPARE(bars.at(1).colorName, QStringLiteral("dark-yellow"));
    QCOMPARE(bars.at(2).colorName, QStringLiteral("dark-red"));
    QCOMPARE(w.effectiveOrientation(), QStringLiteral("horizontal"));
    QCOMPARE(w.displayMode(), QStringLiteral("basic"));
}

void TestStatPanels::barGaugeFillsToValue()
{
    BarGaugePanel w(nodeExporterPanel(323));
    w.resize(300, 120);
    w.setData(dataOf({series(QStringLiteral("memory"), {0.75})}));
    const QRectF bar = w.barRects().first();
    const QImage img = render(w);
    const int y = int(bar.center().y());
    const QColor filled = img.pixelColor(int(bar.left() + bar.width() * 0.5), y);
    const QColor empty = img.pixelColor(int(bar.left() + bar.width() * 0.9), y);
    const QColor yellow = namedColor(QStringLiteral("dark-yellow"), Qt::black);
    QVERIFY2(std::abs(filled.red() - yellow.red()) < 40 &&
                 std::abs(filled.green() - yellow.green()) < 40,
             qPrintable(filled.name()));
    QVERIFY2(empty.red() < 80 && empty.green() < 80, qPrintable(empty.name())); // unfilled: dim
}

void TestStatPanels::barGaugeModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("orientation");
    QTest::addColumn<QString>("expectedOrientation");
    QTest::newRow("gradient auto wide") << "gradient"
                                        << "auto"
                                        << "vertical";
    QTest::newRow("lcd horizontal") << "lcd"
                                    << "horizontal"
                                    << "horizontal";
    QTest::newRow("basic vertical") << "basic"
                                    << "vertical"
                                    << "vertical";
}

void TestStatPanels::barGaugeModes()
{
    QFETCH(QString, mode);
    QFETCH(QString, orientation);
    QFETCH(QString, expectedOrientation);
    Panel panel;
    panel.type = QStringLiteral("bargauge");
    panel.thresholds = {ThresholdStep{std::nullopt, QStringLiteral("green")},
                        ThresholdStep{50.0, QStringLiteral("red")}};
    panel.colorMode = QStringLiteral("thresholds");
    panel.raw.insert(QStringLiteral("options"),
                     QJsonObject{{QStringLiteral("displayMode"), mode},
                                 {QStringLiteral("orientation"), orientation}});
    BarGaugePanel w(panel);
    w.resize(400, 200);
    w.setData(dataOf({series(QStringLiteral("a"), {80}), series(QStringLiteral("b"), {20})}));
    QCOMPARE(w.effectiveOrientation(), expectedOrientation);
    const QList<QRectF> bars = w.barRects();
    QCOMPARE(bars.size(), 2);
    QVERIFY(!bars.at(0).intersects(bars.at(1)));
    const QImage img = render(w);
    // Value 80 crosses the red step; value 20 stays green: both colours are drawn.
    QVERIFY(countNear(img, namedColor(QStringLiteral("red"), Qt::black), 30) > 20);
    QVERIFY(countNear(img, namedColor(QStringLiteral("green"), Qt::black), 30) > 20);
}

void TestStatPanels::hostileTextStaysPlain()
{
    Panel panel;
    panel.type = QStringLiteral("stat");
    panel.noValue = QStringLiteral("<img src=x onerror=alert(1)>");
    StatPanel w(panel);
    w.resize(200, 100);
    w.setData(dataOf({series(QStringLiteral("<b>name</b>"), {NaN})}));
    QCOMPARE(w.cells().first().text, panel.noValue);
    QCOMPARE(w.cells().first().title, QStringLiteral("<b>name</b>"));
    render(w); // painting plain text must not crash or interpret it
    // Huge and odd values format and paint.
    w.setData(dataOf({series(QStringLiteral("x"), {1e308}), series(QStringLiteral("y"), {-1e308}),
                      series(QStringLiteral("z"), {std::numeric_limits<double>::infinity()})}));
    QCOMPARE(w.cells().at(2).text, QStringLiteral("+Inf"));
    render(w);
    GaugePanel g(panel);
    g.resize(150, 150);
    g.setData(w.data());
    QCOMPARE(g.gauges().at(0).percent, 1.0);
    QCOMPARE(g.gauges().at(1).percent, 0.0);
    render(g);
    BarGaugePanel b(panel);
    b.resize(150, 150);
    b.setData(w.data());
    render(b);
}

QTEST_MAIN(TestStatPanels)
#include "tst_statpanels.moc"
