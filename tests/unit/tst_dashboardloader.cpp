#include "dashboardloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString bundledDashboard()
{
    return QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");
}

QString grafanaDir()
{
    return QStringLiteral(DOZOR_TEST_DATA "/grafana");
}

QString gridText(const GridPos &g)
{
    return QStringLiteral("{x %1, y %2, w %3, h %4}").arg(g.x).arg(g.y).arg(g.w).arg(g.h);
}

const Panel *findPanel(const Dashboard &d, int id)
{
    return d.panel(id);
}

// "graph=160,singlestat=12", types sorted by name.
QString typeCounts(const Dashboard &d)
{
    QMap<QString, int> counts;
    for (const Panel &p : d.panels)
        ++counts[p.type];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + QString::number(it.value());
    return parts.join(QLatin1Char(','));
}

bool overlaps(const GridPos &a, const GridPos &b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

} // namespace

class TestDashboardLoader : public QObject
{
    Q_OBJECT

private slots:
    void bundledDashboard();
    void bundledDashboardGrid_data();
    void bundledDashboardGrid();
    void syntaxErrorPosition_data();
    void syntaxErrorPosition();
    void notADashboard_data();
    void notADashboard();
    void dashboardWrapper();
    void loadFileErrors();
    void titleFallsBackToFileName();
    void legacyRows();
    void legacyRowsWrapAndHeights_data();
    void legacyRowsWrapAndHeights();
    void rowPanels();
    void panelFields();
    void legacyGraphFields();
    void missingAndDuplicateIds();
    void gridPosClamped_data();
    void gridPosClamped();
    void realDashboards_data();
    void realDashboards();
    void realDashboardPanels_data();
    void realDashboardPanels();
};

void TestDashboardLoader::bundledDashboard()
{
    const DashboardLoader::Result r = DashboardLoader::loadFile(::bundledDashboard());
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    const Dashboard &d = *r.dashboard;
    QCOMPARE(d.title, QStringLiteral("API Performance"));
    QCOMPARE(d.uid, QStringLiteral("dozor-api-performance"));
    QCOMPARE(d.timeFrom, QStringLiteral("now-6h"));
    QCOMPARE(d.timeTo, QStringLiteral("now"));
    QCOMPARE(d.refresh, QStringLiteral("30s"));
    QCOMPARE(d.schemaVersion, 39);
    QCOMPARE(d.layoutKey(), QStringLiteral("dozor-api-performance"));
    QCOMPARE(d.panels.size(), 6);
    for (const Panel &p : d.panels) {
        QCOMPARE(p.type, QStringLiteral("timeseries"));
        QVERIFY(p.isTimeSeries());
        QVERIFY(!p.targets.isEmpty());
    }

    const Panel *p1 = d.panel(1);
    QVERIFY(p1);
    QCOMPARE(p1->title, QStringLiteral("Latency of POST /sessions/{id}/answers (p50 / p95 / p99)"));
    QVERIFY(p1->description.startsWith(QLatin1String("Answer submission latency")));
    QCOMPARE(p1->unit, QStringLiteral("s"));
    QCOMPARE(p1->min, std::optional<double>(0.0));
    QVERIFY(!p1->max.has_value());
    QCOMPARE(p1->decimals, -1);
    QCOMPARE(p1->targets.size(), 3);
    const QStringList legends{QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")};
    const QStringList refIds{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    const QStringList quantiles{QStringLiteral("0.50"), QStringLiteral("0.95"), QStringLiteral("0.99")};
    for (int i = 0; i < 3; ++i) {
        const Target &t = p1->targets.at(i);
        QCOMPARE(t.legendFormat, legends.at(i));
        QCOMPARE(t.refId, refIds.at(i));
        QVERIFY(t.expr.startsWith(QStringLiteral("histogram_quantile(") + quantiles.at(i)));
        QVERIFY(t.expr.contains(QLatin1String("endpoint=\"/sessions/{id}/answers\"")));
        QVERIFY(!t.hide);
        QVERIFY(!t.instant);
    }
    QVERIFY(p1->showThresholds);
    QCOMPARE(p1->thresholds.size(), 2);
    QVERIFY(!p1->thresholds.at(0).value.has_value()); // the base step
    QCOMPARE(p1->thresholds.at(0).color, QStringLiteral("green"));
    QCOMPARE(p1->thresholds.at(1).value, std::optional<double>(0.2));
    QCOMPARE(p1->thresholds.at(1).color, QStringLiteral("red"));

    QCOMPARE(d.panel(2)->unit, QStringLiteral("percent"));
    QCOMPARE(d.panel(3)->unit, QStringLiteral("reqps"));
    QCOMPARE(d.panel(3)->targets.at(0).legendFormat, QStringLiteral("{{endpoint}}"));
    QCOMPARE(d.panel(6)->unit, QStringLiteral("short"));
    QCOMPARE(d.panel(6)->targets.size(), 2);
    QVERIFY(!d.panel(99));
}

void TestDashboardLoader::bundledDashboardGrid_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::newRow("1 latency") << 1 << 0 << 0 << 16 << 9;
    QTest::newRow("2 error rate") << 2 << 16 << 0 << 8 << 9;
    QTest::newRow("3 throughput") << 3 << 0 << 9 << 12 << 8;
    QTest::newRow("4 p95 by endpoint") << 4 << 12 << 9 << 12 << 8;
    QTest::newRow("5 database") << 5 << 0 << 17 << 12 << 8;
    QTest::newRow("6 sessions") << 6 << 12 << 17 << 12 << 8;
}

void TestDashboardLoader::bundledDashboardGrid()
{
    QFETCH(int, id);
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(int, w);
    QFETCH(int, h);
    const DashboardLoader::Result r = DashboardLoader::loadFile(::bundledDashboard());
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Panel *p = r.dashboard->panel(id);
    QVERIFY(p);
    QCOMPARE(p->gridPos.x, x);
    QCOMPARE(p->gridPos.y, y);
    QCOMPARE(p->gridPos.w, w);
    QCOMPARE(p->gridPos.h, h);
    // Panels come in reading order: by row, then left to right.
    QCOMPARE(r.dashboard->panels.at(id - 1).id, id);
}

void TestDashboardLoader::syntaxErrorPosition_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    // Expected positions are those of the offending character, 1-based, as Python's
    // json module and editors report them.
    QTest::newRow("missing comma") << QByteArray("{\n"
                                                 "  \"title\": \"Broken\",\n"
                                                 "  \"panels\": [\n"
                                                 "    {\"id\": 1 \"type\": \"graph\"}\n"
                                                 "  ]\n"
                                                 "}\n")
                                   << 4 << 14;
    QTest::newRow("trailing comma") << QByteArray("{\n"
                                                  "  \"title\": \"Broken\",\n"
                                                  "  \"panels\": [\n"
                                                  "    {\"id\": 1, \"type\": \"graph\",}\n"
                                                  "  ]\n"
                                                  "}\n")
                                    << 4 << 31;
    QTest::newRow("missing comma between members") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}\n") << 3 << 3;
    QTest::newRow("unterminated at end of file") << QByteArray("{\n  \"panels\": [\n") << 3 << 1;
    QTest::newRow("garbage after the document") << QByteArray("{\"a\":1}}") << 1 << 8;
}

void TestDashboardLoader::syntaxErrorPosition()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(int, column);

    const DashboardLoader::Result r = DashboardLoader::parse(json, QStringLiteral("/tmp/broken.json"));
    QVERIFY(!r.dashboard.has_value());
    static const QRegularExpression re(QStringLiteral("^/tmp/broken\\.json:(\\d+):(\\d+): JSON syntax error: .+"));
    const QRegularExpressionMatch m = re.match(r.error);
    QVERIFY2(m.hasMatch(), qPrintable(r.error));
    QCOMPARE(m.captured(1).toInt(), line);
    QCOMPARE(m.captured(2).toInt(), column);

    // Without a file name the message still has a location.
    const DashboardLoader::Result unnamed = DashboardLoader::parse(json);
    QVERIFY(unnamed.error.startsWith(QStringLiteral("<dashboard>:%1:").arg(line)));
}

void TestDashboardLoader::notADashboard_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("array") << QByteArray("[1, 2]") << QStringLiteral("top level is not a JSON object");
    QTest::newRow("empty array") << QByteArray("[]") << QStringLiteral("top level is not a JSON object");
    QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("neither \"panels\" nor \"rows\"");
    QTest::newRow("no panels") << QByteArray(R"({"title": "x", "time": {"from": "now-1h"}})")
                               << QStringLiteral("neither \"panels\" nor \"rows\"");
    QTest::newRow("wrapper without panels") << QByteArray(R"({"dashboard": {"title": "x"}, "meta": {}})")
                                            << QStringLiteral("neither \"panels\" nor \"rows\"");
    QTest::newRow("empty input") << QByteArray() << QStringLiteral("JSON syntax error");
    QTest::newRow("scalar") << QByteArray("42") << QStringLiteral("x.json");
}

void TestDashboardLoader::notADashboard()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, errorPart);
    const DashboardLoader::Result r = DashboardLoader::parse(json, QStringLiteral("x.json"));
    QVERIFY(!r.dashboard.has_value());
    QVERIFY2(r.error.startsWith(QLatin1String("x.json:")), qPrintable(r.error));
    QVERIFY2(r.error.contains(errorPart), qPrintable(r.error));
}

void TestDashboardLoader::dashboardWrapper()
{
    const QByteArray json = R"({
        "meta": {"slug": "wrapped", "canSave": true},
        "dashboard": {
            "uid": "w1", "title": "Wrapped", "refresh": "1m",
            "time": {"from": "now-3h", "to": "now-1h"},
            "panels": [
                {"id": 7, "type": "timeseries", "title": "T",
                 "gridPos": {"x": 0, "y": 0, "w": 24, "h": 6},
                 "targets": [{"refId": "A", "expr": "up"}]}
            ]
        }
    })";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    QCOMPARE(r.dashboard->uid, QStringLiteral("w1"));
    QCOMPARE(r.dashboard->title, QStringLiteral("Wrapped"));
    QCOMPARE(r.dashboard->refresh, QStringLiteral("1m"));
    QCOMPARE(r.dashboard->timeFrom, QStringLiteral("now-3h"));
    QCOMPARE(r.dashboard->timeTo, QStringLiteral("now-1h"));
    QCOMPARE(r.dashboard->panels.size(), 1);
    QCOMPARE(r.dashboard->panels.at(0).id, 7);
    QCOMPARE(r.dashboard->panels.at(0).targets.at(0).expr, QStringLiteral("up"));

    // The same through a file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile f(dir.filePath(QStringLiteral("wrapped.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();
    const DashboardLoader::Result fromFile = DashboardLoader::loadFile(f.fileName());
    QVERIFY2(fromFile.dashboard.has_value(), qPrintable(fromFile.error));
    QCOMPARE(fromFile.dashboard->title, QStringLiteral("Wrapped"));
}

void TestDashboardLoader::loadFileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("nope.json"));
    const DashboardLoader::Result r = DashboardLoader::loadFile(missing);
    QVERIFY(!r.dashboard.has_value());
    QVERIFY2(r.error.startsWith(missing + QLatin1String(": cannot open")), qPrintable(r.error));

    // A syntax error in a file names the file's path.
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"panels\": [\n    {\"id\": 1,}\n  ]\n}\n");
    f.close();
    const DashboardLoader::Result b = DashboardLoader::loadFile(broken);
    QVERIFY(!b.dashboard.has_value());
    QVERIFY2(b.error.startsWith(broken + QLatin1String(":3:")), qPrintable(b.error));
}

void TestDashboardLoader::titleFallsBackToFileName()
{
    const DashboardLoader::Result r =
        DashboardLoader::parse(R"({"panels": []})", QStringLiteral("/some/dir/node-overview.v2.json"));
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    QCOMPARE(r.dashboard->title, QStringLiteral("node-overview.v2"));
    QVERIFY(r.dashboard->panels.isEmpty());
    // Defaults when the file has no time or refresh.
    QCOMPARE(r.dashboard->timeFrom, QStringLiteral("now-6h"));
    QCOMPARE(r.dashboard->timeTo, QStringLiteral("now"));
    QCOMPARE(r.dashboard->refresh, QString());
    QCOMPARE(r.dashboard->layoutKey(), QStringLiteral("node-overview.v2"));
}

void TestDashboardLoader::legacyRows()
{
    const QByteArray json = R"json({
        "title": "Legacy", "schemaVersion": 14, "refresh": false,
        "rows": [
            {"title": "First", "height": "250px", "panels": [
                {"id": 1, "type": "graph", "title": "left", "span": 6,
                 "targets": [{"refId": "A", "expr": "rate(a[5m])"}]},
                {"id": 2, "type": "graph", "title": "right", "span": 6,
                 "targets": [{"refId": "A", "expr": "rate(b[5m])"}]}
            ]},
            {"title": "Second", "height": 300, "panels": [
                {"id": 3, "type": "singlestat", "title": "wide", "span": 12}
            ]}
        ]
    })json";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Dashboard &d = *r.dashboard;
    QCOMPARE(d.schemaVersion, 14);
    QCOMPARE(d.refresh, QString()); // refresh: false means off
    QCOMPARE(d.panels.size(), 3);

    // 250 px is ceil(250 / 38) = 7 grid units; span 6 of 12 is 12 of 24 columns.
    const Panel *left = d.panel(1);
    const Panel *right = d.panel(2);
    const Panel *wide = d.panel(3);
    QVERIFY(left && right && wide);
    QCOMPARE(gridText(left->gridPos), gridText(GridPos{0, 0, 12, 7}));
    QCOMPARE(gridText(right->gridPos), gridText(GridPos{12, 0, 12, 7}));
    // The second row starts below the first; 300 px is 8 units.
    QCOMPARE(gridText(wide->gridPos), gridText(GridPos{0, 7, 24, 8}));
    QCOMPARE(left->row, QStringLiteral("First"));
    QCOMPARE(right->row, QStringLiteral("First"));
    QCOMPARE(wide->row, QStringLiteral("Second"));
    QCOMPARE(left->targets.at(0).expr, QStringLiteral("rate(a[5m])"));
    QCOMPARE(d.panels.at(0).id, 1);
    QCOMPARE(d.panels.at(1).id, 2);
    QCOMPARE(d.panels.at(2).id, 3);
}

void TestDashboardLoader::legacyRowsWrapAndHeights_data()
{
    QTest::addColumn<QByteArray>("rows");
    QTest::addColumn<QList<int>>("expected"); // x, y, w, h for each panel in order

    QTest::newRow("third span-6 panel wraps")
        << QByteArray(R"([{"height": "250px", "panels": [{"id": 1, "span": 6}, {"id": 2, "span": 6}, {"id": 3, "span": 6}]},
                         {"height": "100px", "panels": [{"id": 4, "span": 4}]}])")
        << QList<int>{0, 0, 12, 7, 12, 0, 12, 7, 0, 7, 12, 7, 0, 14, 8, 3};
    QTest::newRow("spans 2/4/6 and no span")
        << QByteArray(R"([{"height": 151, "panels": [{"id": 1, "span": 2}, {"id": 2, "span": 4}, {"id": 3, "span": 6}]},
                         {"panels": [{"id": 4}]}])")
        << QList<int>{0, 0, 4, 4, 4, 0, 8, 4, 12, 0, 12, 4, 0, 4, 8, 7}; // no span: Grafana's default span 4
    QTest::newRow("panel taller than its row pushes the next row")
        << QByteArray(R"([{"height": "100px", "panels": [{"id": 1, "span": 6}, {"id": 2, "span": 6, "height": "400px"}]},
                         {"height": "100px", "panels": [{"id": 3, "span": 12}]}])")
        << QList<int>{0, 0, 12, 3, 12, 0, 12, 11, 0, 11, 24, 3};
    QTest::newRow("empty row takes its height")
        << QByteArray(R"([{"height": "76px", "panels": []}, {"height": "76px", "panels": [{"id": 1, "span": 12}]}])")
        << QList<int>{0, 3, 24, 3}; // under 90 px (three cells) counts as 90 px, as in Grafana
    QTest::newRow("oversized span is clamped")
        << QByteArray(R"([{"height": "38px", "panels": [{"id": 1, "span": 20}, {"id": 2, "span": 0}]}])")
        << QList<int>{0, 0, 24, 3, 0, 3, 8, 3}; // span 0 means the default span 4
}

void TestDashboardLoader::legacyRowsWrapAndHeights()
{
    QFETCH(QByteArray, rows);
    QFETCH(QList<int>, expected);
    const DashboardLoader::Result r = DashboardLoader::parse("{\"rows\": " + rows + '}');
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const QList<Panel> &panels = r.dashboard->panels;
    QCOMPARE(panels.size() * 4, expected.size());
    for (int i = 0; i < panels.size(); ++i) {
        const GridPos want{expected.at(4 * i), expected.at(4 * i + 1), expected.at(4 * i + 2),
                           expected.at(4 * i + 3)};
        QCOMPARE(gridText(panels.at(i).gridPos), gridText(want));
        QCOMPARE(panels.at(i).id, i + 1);
    }
    for (int i = 0; i < panels.size(); ++i)
        for (int j = i + 1; j < panels.size(); ++j)
            QVERIFY2(!overlaps(panels.at(i).gridPos, panels.at(j).gridPos),
                     qPrintable(gridText(panels.at(i).gridPos) + gridText(panels.at(j).gridPos)));
}

void TestDashboardLoader::rowPanels()
{
    const QByteArray json = R"({"title": "Rows", "panels": [
        {"id": 1, "type": "stat", "title": "top", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 3}},
        {"id": 2, "type": "row", "title": "Expanded", "collapsed": false,
         "gridPos": {"x": 0, "y": 3, "w": 24, "h": 1}, "panels": []},
        {"id": 3, "type": "timeseries", "title": "under expanded",
         "gridPos": {"x": 0, "y": 4, "w": 12, "h": 8}},
        {"id": 4, "type": "row", "title": "Collapsed", "collapsed": true,
         "gridPos": {"x": 0, "y": 12, "w": 24, "h": 1}, "panels": [
            {"id": 5, "type": "timeseries", "title": "nested a",
             "gridPos": {"x": 0, "y": 13, "w": 12, "h": 8},
             "targets": [{"refId": "A", "expr": "up"}]},
            {"id": 6, "type": "graph", "title": "nested b",
             "gridPos": {"x": 12, "y": 13, "w": 12, "h": 8}}
        ]},
        {"id": 7, "type": "row", "title": "Last", "collapsed": true,
         "gridPos": {"x": 0, "y": 21, "w": 24, "h": 1}, "panels": []}
    ]})";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Dashboard &d = *r.dashboard;
    // Row containers are not panels; the collapsed row's nested panels are.
    QCOMPARE(d.panels.size(), 4);
    QList<int> ids;
    for (const Panel &p : d.panels) {
        ids << p.id;
        QVERIFY(p.type != QLatin1String("row"));
    }
    QCOMPARE(ids, (QList<int>{1, 3, 5, 6}));
    QCOMPARE(d.panel(1)->row, QString());
    QCOMPARE(d.panel(3)->row, QStringLiteral("Expanded"));
    QCOMPARE(d.panel(5)->row, QStringLiteral("Collapsed"));
    QCOMPARE(d.panel(6)->row, QStringLiteral("Collapsed"));
    QCOMPARE(d.panel(5)->targets.size(), 1);
    QCOMPARE(gridText(d.panel(6)->gridPos), gridText(GridPos{12, 13, 12, 8}));
    QVERIFY(d.panel(6)->isTimeSeries()); // "graph" is drawn as a time series too
    QVERIFY(!d.panel(1)->isTimeSeries());
    QVERIFY(!d.panel(2));
    QVERIFY(!d.panel(4));
}

void TestDashboardLoader::panelFields()
{
    const QByteArray json = R"({"panels": [
        {"id": "12", "type": "timeseries", "title": "fields", "description": "d",
         "gridPos": {"x": "6", "y": 2, "w": 6.0, "h": "5"},
         "fieldConfig": {"defaults": {
            "unit": "bytes", "min": "-1.5", "max": 100, "decimals": 2,
            "custom": {"thresholdsStyle": {"mode": "line+area"}},
            "thresholds": {"mode": "absolute", "steps": [
                {"color": "green", "value": null}, {"color": "#EAB839", "value": 80},
                {"color": "red", "value": "90"}]}}},
         "targets": [
            {"refId": "A", "expr": "a", "legendFormat": "{{job}}", "hide": true},
            {"refId": "B", "expr": "", "legendFormat": "dropped: no expression"},
            {"refId": "C", "query": "c_from_query_field", "instant": true},
            {"refId": "D"}
         ]},
        {"id": 13, "type": "timeseries", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 2},
         "fieldConfig": {"defaults": {"custom": {"thresholdsStyle": {"mode": "off"}},
            "thresholds": {"steps": [{"color": "red", "value": 1}]}}}}
    ]})";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Panel *p = r.dashboard->panel(12);
    QVERIFY(p);
    QCOMPARE(p->description, QStringLiteral("d"));
    QCOMPARE(gridText(p->gridPos), gridText(GridPos{6, 2, 6, 5}));
    QCOMPARE(p->unit, QStringLiteral("bytes"));
    QCOMPARE(p->min, std::optional<double>(-1.5));
    QCOMPARE(p->max, std::optional<double>(100.0));
    QCOMPARE(p->decimals, 2);
    QVERIFY(p->showThresholds);
    QCOMPARE(p->thresholds.size(), 3);
    QCOMPARE(p->thresholds.at(1).value, std::optional<double>(80.0));
    QCOMPARE(p->thresholds.at(1).color, QStringLiteral("#EAB839"));
    QCOMPARE(p->thresholds.at(2).value, std::optional<double>(90.0));
    QCOMPARE(p->targets.size(), 2);
    QCOMPARE(p->targets.at(0).refId, QStringLiteral("A"));
    QCOMPARE(p->targets.at(0).legendFormat, QStringLiteral("{{job}}"));
    QVERIFY(p->targets.at(0).hide);
    QVERIFY(!p->targets.at(0).instant);
    QCOMPARE(p->targets.at(1).refId, QStringLiteral("C"));
    QCOMPARE(p->targets.at(1).expr, QStringLiteral("c_from_query_field"));
    QVERIFY(p->targets.at(1).instant);

    const Panel *off = r.dashboard->panel(13);
    QVERIFY(off);
    QVERIFY(!off->showThresholds);
    QCOMPARE(off->thresholds.size(), 1);
    QCOMPARE(r.dashboard->panels.at(0).id, 13); // y 0 sorts before y 2
}

void TestDashboardLoader::legacyGraphFields()
{
    const QByteArray json = R"({"panels": [
        {"id": 1, "type": "graph", "title": "old graph",
         "gridPos": {"x": 0, "y": 0, "w": 12, "h": 7},
         "yaxes": [{"format": "percentunit", "min": "0", "max": null}, {"format": "short"}],
         "thresholds": [{"value": 0.8, "colorMode": "critical", "op": "gt"}, {"colorMode": "ok"}],
         "targets": [{"refId": "A", "expr": "x", "legendFormat": "{{instance}}"}]},
        {"id": 2, "type": "graph", "title": "new fields win",
         "gridPos": {"x": 12, "y": 0, "w": 12, "h": 7},
         "fieldConfig": {"defaults": {"unit": "s", "max": 5}},
         "yaxes": [{"format": "bytes", "min": 1, "max": 10}]}
    ]})";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Panel *p = r.dashboard->panel(1);
    QVERIFY(p);
    QCOMPARE(p->unit, QStringLiteral("percentunit"));
    QCOMPARE(p->min, std::optional<double>(0.0));
    QVERIFY(!p->max.has_value());
    QCOMPARE(p->thresholds.size(), 1); // the entry without a value is not a step
    QCOMPARE(p->thresholds.at(0).value, std::optional<double>(0.8));
    QCOMPARE(p->thresholds.at(0).color, QStringLiteral("critical"));
    QVERIFY(p->showThresholds);

    const Panel *q = r.dashboard->panel(2);
    QVERIFY(q);
    QCOMPARE(q->unit, QStringLiteral("s"));
    QCOMPARE(q->max, std::optional<double>(5.0));
    QCOMPARE(q->min, std::optional<double>(1.0));
    QVERIFY(q->thresholds.isEmpty());
    QVERIFY(!q->showThresholds);
}

void TestDashboardLoader::missingAndDuplicateIds()
{
    const QByteArray json = R"({"panels": [
        {"type": "timeseries", "title": "no id", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4}},
        {"id": 5, "type": "timeseries", "title": "five", "gridPos": {"x": 8, "y": 0, "w": 8, "h": 4}},
        {"id": 5, "type": "timeseries", "title": "five again", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 4}},
        {"id": -3, "type": "timeseries", "title": "negative", "gridPos": {"x": 0, "y": 4, "w": 8, "h": 4}}
    ]})";
    const DashboardLoader::Result r = DashboardLoader::parse(json);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const QList<Panel> &panels = r.dashboard->panels;
    QCOMPARE(panels.size(), 4);
    QSet<int> ids;
    for (const Panel &p : panels) {
        QVERIFY(p.id > 0);
        ids.insert(p.id);
    }
    QCOMPARE(ids.size(), 4);
    // The first panel that claims an id keeps it.
    QCOMPARE(r.dashboard->panel(5)->title, QStringLiteral("five"));
}

void TestDashboardLoader::gridPosClamped_data()
{
    QTest::addColumn<QByteArray>("gridPos");
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");

    QTest::newRow("missing gridPos") << QByteArray("null") << 0 << 0 << 12 << 8;
    QTest::newRow("negative") << QByteArray(R"({"x": -4, "y": -2, "w": -1, "h": 0})") << 0 << 0 << 1 << 1;
    QTest::newRow("too wide") << QByteArray(R"({"x": 0, "y": 1, "w": 48, "h": 9999})") << 0 << 1 << 24 << 200;
    QTest::newRow("x beyond the grid") << QByteArray(R"({"x": 30, "y": 0, "w": 4, "h": 4})") << 20 << 0 << 4 << 4;
    QTest::newRow("x + w beyond the grid") << QByteArray(R"({"x": 20, "y": 0, "w": 12, "h": 4})") << 12 << 0 << 12 << 4;
    // Past int's range (found by fuzz_dashboardloader): clamped, not converted.
    QTest::newRow("huge numbers") << QByteArray(R"({"x": 1e93, "y": -1e300, "w": 1e30, "h": 1.5e308})") << 0 << 0 << 24 << 200;
}

void TestDashboardLoader::gridPosClamped()
{
    QFETCH(QByteArray, gridPos);
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(int, w);
    QFETCH(int, h);
    const DashboardLoader::Result r = DashboardLoader::parse(
        R"({"panels": [{"id": 1, "type": "timeseries", "gridPos": )" + gridPos + "}]}");
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const GridPos &g = r.dashboard->panels.at(0).gridPos;
    // Whatever the file says, a panel stays inside the 24-column grid.
    QVERIFY(g.x >= 0 && g.y >= 0 && g.w >= 1 && g.h >= 1);
    QVERIFY2(g.x + g.w <= 24, qPrintable(gridText(g)));
    QCOMPARE(gridText(g), gridText(GridPos{x, y, w, h}));
}

void TestDashboardLoader::realDashboards_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("panelCount");
    QTest::addColumn<QString>("types");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("timeFrom");
    QTest::addColumn<QString>("refresh");
    QTest::addColumn<int>("schemaVersion");

    // Panel counts and types as tests/data/grafana/SOURCES.md lists them (row
    // containers excluded, panels nested in collapsed rows and legacy rows included).
    QTest::newRow("node-exporter-full-v41") << QStringLiteral("node-exporter-full-v41-timeseries.json") << 125
        << QStringLiteral("bargauge=4,gauge=5,stat=5,timeseries=111") << QStringLiteral("Node Exporter Full")
        << QStringLiteral("now-24h") << QStringLiteral("1m") << 41;
    QTest::newRow("node-exporter-full-old") << QStringLiteral("node-exporter-full-old-v14-rows-graph.json") << 172
        << QStringLiteral("graph=160,singlestat=12") << QStringLiteral("Node Exporter Full Old")
        << QStringLiteral("now-24h") << QString() << 14;
    QTest::newRow("dockprom") << QStringLiteral("dockprom-docker-host-v12-rows-graph.json") << 15
        << QStringLiteral("graph=9,singlestat=6") << QStringLiteral("Docker Host")
        << QStringLiteral("now-15m") << QStringLiteral("10s") << 12;
    QTest::newRow("redis-v39") << QStringLiteral("redis-exporter-v39-timeseries.json") << 13
        << QStringLiteral("gauge=1,stat=2,timeseries=10")
        << QStringLiteral("Redis Dashboard for Prometheus Redis Exporter 1.x")
        << QStringLiteral("now-24h") << QString() << 39;
    QTest::newRow("redis-hybrid") << QStringLiteral("redis-exporter-0.3x-v12-gridpos-graph-hybrid.json") << 12
        << QStringLiteral("graph=9,singlestat=3") << QStringLiteral("Prometheus Redis")
        << QStringLiteral("now-24h") << QStringLiteral("30s") << 12;
    QTest::newRow("k8s-cluster") << QStringLiteral("kubernetes-mixin-k8s-resources-cluster-v39.json") << 22
        << QStringLiteral("stat=6,table=4,timeseries=12") << QStringLiteral("Kubernetes / Compute Resources / Cluster")
        << QStringLiteral("now-1h") << QStringLiteral("10s") << 39;
    QTest::newRow("prometheus-overview") << QStringLiteral("prometheus-mixin-overview-v39.json") << 10
        << QStringLiteral("table=1,timeseries=9") << QStringLiteral("Prometheus / Overview")
        << QStringLiteral("now-1h") << QString() << 39;
    QTest::newRow("prometheus-2.0-stats") << QStringLiteral("prometheus-2.0-stats-v22-graph-gridpos.json") << 13
        << QStringLiteral("graph=12,singlestat=1") << QStringLiteral("Prometheus 2.0 Stats")
        << QStringLiteral("now-1h") << QStringLiteral("1m") << 22;
    QTest::newRow("jaeger-write") << QStringLiteral("jaeger-mixin-write-v14-rows-graph.json") << 12
        << QStringLiteral("graph=12") << QStringLiteral("Jaeger / Write")
        << QStringLiteral("now-1h") << QStringLiteral("10s") << 14;
    QTest::newRow("argocd-overview") << QStringLiteral("argocd-mixin-overview-v38-mixed-panels.json") << 31
        << QStringLiteral("gauge=5,heatmap=1,stat=14,table=1,text=1,timeseries=9") << QStringLiteral("ArgoCD")
        << QStringLiteral("now-24h") << QString() << 38;
}

void TestDashboardLoader::realDashboards()
{
    QFETCH(QString, file);
    QFETCH(int, panelCount);
    QFETCH(QString, types);
    QFETCH(QString, title);
    QFETCH(QString, timeFrom);
    QFETCH(QString, refresh);
    QFETCH(int, schemaVersion);

    // The table above covers every file in the directory, and nothing else.
    const QStringList files = QDir(grafanaDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
    QCOMPARE(files.size(), 10);
    QVERIFY(files.contains(file));

    const DashboardLoader::Result r = DashboardLoader::loadFile(grafanaDir() + QLatin1Char('/') + file);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    const Dashboard &d = *r.dashboard;
    QVERIFY(!d.panels.isEmpty());
    QCOMPARE(d.panels.size(), panelCount);
    QCOMPARE(typeCounts(d), types);
    QCOMPARE(d.title, title);
    QCOMPARE(d.timeFrom, timeFrom);
    QCOMPARE(d.timeTo, QStringLiteral("now"));
    QCOMPARE(d.refresh, refresh);
    QCOMPARE(d.schemaVersion, schemaVersion);

    QSet<int> ids;
    for (const Panel &p : d.panels) {
        QVERIFY2(p.id > 0, qPrintable(p.title));
        QVERIFY2(!ids.contains(p.id), qPrintable(QStringLiteral("duplicate id %1").arg(p.id)));
        ids.insert(p.id);
        QVERIFY(p.type != QLatin1String("row"));
        QVERIFY2(p.gridPos.x >= 0 && p.gridPos.w >= 1 && p.gridPos.x + p.gridPos.w <= 24,
                 qPrintable(QStringLiteral("panel %1 %2").arg(p.id).arg(gridText(p.gridPos))));
        QVERIFY(p.gridPos.y >= 0 && p.gridPos.h >= 1);
    }
    // Reading order: sorted by y, then x.
    for (int i = 1; i < d.panels.size(); ++i) {
        const GridPos &a = d.panels.at(i - 1).gridPos;
        const GridPos &b = d.panels.at(i).gridPos;
        QVERIFY(a.y < b.y || (a.y == b.y && a.x <= b.x));
    }

    // Panels placed on the grid must not cover each other.
    int overlapping = 0;
    QString firstOverlap;
    for (int i = 0; i < d.panels.size(); ++i) {
        for (int j = i + 1; j < d.panels.size(); ++j) {
            if (overlaps(d.panels.at(i).gridPos, d.panels.at(j).gridPos)) {
                if (!overlapping)
                    firstOverlap = QStringLiteral("panels %1 %2 and %3 %4")
                                       .arg(d.panels.at(i).id).arg(gridText(d.panels.at(i).gridPos))
                                       .arg(d.panels.at(j).id).arg(gridText(d.panels.at(j).gridPos));
                ++overlapping;
            }
        }
    }
    QVERIFY2(overlapping == 0, qPrintable(QStringLiteral("%1 overlapping pairs, first: %2")
                                              .arg(overlapping).arg(firstOverlap)));
}

void TestDashboardLoader::realDashboardPanels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("id");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("row");
    QTest::addColumn<QString>("grid");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QStringList>("legends"); // legendFormat of each target, in order
    // Units: fieldConfig.defaults.unit, a legacy graph's yaxes[0].format, or a legacy
    // singlestat's top-level format.
    QTest::addColumn<bool>("instant");        // of the first target

    const QString nodeNew = QStringLiteral("node-exporter-full-v41-timeseries.json");
    QTest::newRow("node v41: bargauge in first row") << nodeNew << 323 << QStringLiteral("bargauge")
        << QStringLiteral("Pressure") << QStringLiteral("Quick CPU / Mem / Disk")
        << gridText(GridPos{0, 1, 3, 4}) << QStringLiteral("percentunit")
        << QStringList{QStringLiteral("CPU"), QStringLiteral("Mem"), QStringLiteral("I/O"), QStringLiteral("Irq")}
        << true;
    QTest::newRow("node v41: nested in collapsed Systemd row") << nodeNew << 332 << QStringLiteral("timeseries")
        << QStringLiteral("Systemd Sockets Refused") << QStringLiteral("Systemd")
        << QStringLiteral("{x 12, y *, w 12, h 10}") << QStringLiteral("eps")
        << QStringList{QStringLiteral("{{ name }}")} << false;

    const QString nodeOld = QStringLiteral("node-exporter-full-old-v14-rows-graph.json");
    // Its rows are collapsible, so each gets a header line (as Grafana's migration
    // adds a row panel). Row 1: height 151 -> 4 units, span 2 -> 4 columns; row 2:
    // height 46 is under the 90 px minimum -> 3 units; row 3: height "275" -> 8 units,
    // span 6 -> 12 columns.
    QTest::newRow("node old: first singlestat") << nodeOld << 20 << QStringLiteral("singlestat")
        << QStringLiteral("CPU Busy") << QStringLiteral("Basic CPU / Mem / Disk Gauge")
        << gridText(GridPos{0, 1, 4, 4}) << QStringLiteral("percent") << QStringList{QString()} << false;
    QTest::newRow("node old: sixth singlestat") << nodeOld << 155 << QStringLiteral("singlestat")
        << QStringLiteral("CPU System Load (5m avg)") << QStringLiteral("Basic CPU / Mem / Disk Gauge")
        << gridText(GridPos{20, 1, 4, 4}) << QStringLiteral("percent") << QStringList{QString()} << false;
    QTest::newRow("node old: second row") << nodeOld << 14 << QStringLiteral("singlestat")
        << QStringLiteral("CPU Cores") << QStringLiteral("Basic CPU / Mem / Disk Info")
        << gridText(GridPos{0, 6, 4, 3}) << QStringLiteral("short") << QStringList{QString()} << false;
    QTest::newRow("node old: third row graph") << nodeOld << 78 << QStringLiteral("graph")
        << QStringLiteral("Memory Basic") << QStringLiteral("Basic CPU / Mem Graph")
        << gridText(GridPos{12, 10, 12, 8}) << QStringLiteral("bytes")
        << QStringList{QStringLiteral("RAM Total"), QStringLiteral("RAM Used"), QStringLiteral("RAM Cache + Buffer"),
                       QStringLiteral("RAM Free"), QStringLiteral("SWAP Used")}
        << false;

    const QString dockprom = QStringLiteral("dockprom-docker-host-v12-rows-graph.json");
    // Row heights "100px" -> 3 units, "150px" -> 4, "250px" -> 7.
    QTest::newRow("dockprom: uptime") << dockprom << 1 << QStringLiteral("singlestat") << QStringLiteral("Uptime")
        << QStringLiteral("Available resources") << gridText(GridPos{0, 0, 4, 3}) << QStringLiteral("s")
        << QStringList{QString()} << false;
    QTest::newRow("dockprom: interrupts") << dockprom << 11 << QStringLiteral("graph")
        << QStringLiteral("Interrupts") << QStringLiteral("Load") << gridText(GridPos{16, 3, 8, 4})
        << QStringLiteral("short") << QStringList{QStringLiteral("interrupts")} << false;
    QTest::newRow("dockprom: cpu usage") << dockprom << 5 << QStringLiteral("graph")
        << QStringLiteral("CPU Usage") << QStringLiteral("CPU") << gridText(GridPos{0, 7, 24, 7})
        << QStringLiteral("percent") << QStringList{QStringLiteral("{{ mode }}")} << false;

    QTest::newRow("jaeger: % spans dropped") << QStringLiteral("jaeger-mixin-write-v14-rows-graph.json") << 2
        << QStringLiteral("graph") << QStringLiteral("% spans dropped") << QStringLiteral("Services")
        << gridText(GridPos{12, 1, 12, 7}) /* under the "Services" row header */ << QStringLiteral("percentunit")
        << QStringList{QStringLiteral("{{namespace}}")} << false;
    QTest::newRow("k8s: stat") << QStringLiteral("kubernetes-mixin-k8s-resources-cluster-v39.json") << 1
        << QStringLiteral("stat") << QStringLiteral("CPU Utilisation") << QString()
        << gridText(GridPos{0, 0, 4, 3}) << QStringLiteral("percentunit") << QStringList{QString()} << true;
    QTest::newRow("prometheus overview: under expanded row")
        << QStringLiteral("prometheus-mixin-overview-v39.json") << 4 << QStringLiteral("timeseries")
        << QStringLiteral("Target Sync") << QStringLiteral("Discovery") << gridText(GridPos{0, 9, 12, 7})
        << QStringLiteral("ms") << QStringList{QStringLiteral("{{cluster}}:{{job}}:{{instance}}:{{scrape_job}}")}
        << false;
    QTest::newRow("prometheus 2.0: target order kept") << QStringLiteral("prometheus-2.0-stats-v22-graph-gridpos.json")
        << 16 << QStringLiteral("graph") << QStringLiteral("Memory Profile") << QString()
        << gridText(GridPos{12, 0, 6, 6}) << QStringLiteral("bytes")
        << QStringList{QStringLiteral("p8s process resident memory"), QStringLiteral("virtual memory")} << false;
    QTest::newRow("redis hybrid: panels[] despite schemaVersion 12")
        << QStringLiteral("redis-exporter-0.3x-v12-gridpos-graph-hybrid.json") << 16 << QStringLiteral("graph")
        << QStringLiteral("Clients") << QString() << gridText(GridPos{0, 28, 12, 8}) << QStringLiteral("short")
        << QStringList{QString()} << false;
    QTest::newRow("redis v39: gauge") << QStringLiteral("redis-exporter-v39-timeseries.json") << 11
        << QStringLiteral("gauge") << QStringLiteral("Memory Usage") << QString() << gridText(GridPos{5, 0, 3, 7})
        << QStringLiteral("percent") << QStringList{QString()} << false;
    QTest::newRow("argocd: last panel, __auto legend") << QStringLiteral("argocd-mixin-overview-v38-mixed-panels.json")
        << 38 << QStringLiteral("timeseries") << QStringLiteral("GC Time Quantiles") << QStringLiteral("Server Stats")
        << gridText(GridPos{12, 95, 12, 8}) << QStringLiteral("short") << QStringList{QStringLiteral("__auto")}
        << false;
}

void TestDashboardLoader::realDashboardPanels()
{
    QFETCH(QString, file);
    QFETCH(int, id);
    QFETCH(QString, type);
    QFETCH(QString, title);
    QFETCH(QString, row);
    QFETCH(QString, grid);
    QFETCH(QString, unit);
    QFETCH(QStringList, legends);
    QFETCH(bool, instant);

    const DashboardLoader::Result r = DashboardLoader::loadFile(grafanaDir() + QLatin1Char('/') + file);
    QVERIFY2(r.dashboard.has_value(), qPrintable(r.error));
    const Panel *p = findPanel(*r.dashboard, id);
    QVERIFY2(p, qPrintable(QStringLiteral("no panel %1").arg(id)));
    QCOMPARE(p->type, type);
    QCOMPARE(p->title, title);
    QCOMPARE(p->row, row);
    // "y *": the stored y of a panel in a collapsed row is stale in Grafana's model
    // (see the overlap check above), so only x, w and h are facts.
    GridPos actual = p->gridPos;
    if (grid.contains(QLatin1String("y *")))
        QCOMPARE(gridText(actual).replace(QRegularExpression(QStringLiteral("y \\d+")), QStringLiteral("y *")), grid);
    else
        QCOMPARE(gridText(actual), grid);
    QCOMPARE(p->unit, unit);
    {
        QStringList got;
        for (const Target &t : p->targets)
            got << t.legendFormat;
        QCOMPARE(got, legends);
        QCOMPARE(p->targets.at(0).instant, instant);
        for (const Target &t : p->targets)
            QVERIFY(!t.expr.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestDashboardLoader)
#include "tst_dashboardloader.moc"
