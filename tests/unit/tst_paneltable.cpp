// The table panel's model: Prometheus results laid out as Grafana's table shows
// them (instant queries, several queries merged into Value #A/#B, label union,
// per-column units from overrides, the organize transformation of the real mixins,
// legacy styles), numbers sorting as numbers, and label text staying literal.
#include "dashboardloader.h"
#include "paneltable.h"
#include "units.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSortFilterProxyModel>
#include <QtTest>

#include <cmath>

class TestPanelTable : public QObject
{
    Q_OBJECT
private slots:
    void instantSingleTarget();
    void twoTargetsMergeIntoValueColumns();
    void supersetLabelSetsMerge();
    void labelUnionSortedNameFirst();
    void unitsPerColumnFromOverrides();
    void numericColumnsSortAsNumbers();
    void hostileLabelsStayLiteral();
    void timeSeriesBecomeOneRowPerSeries();
    void legacyStyles();
    void realKubernetesMixinTable();
};

namespace {

constexpr double t0 = 1700000000000.0;

Panel panelFrom(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return DashboardLoader::panelFromJson(doc.object());
}

PanelSeries point(const QString &refId, const Labels &labels, double value, double time = t0)
{
    PanelSeries s;
    s.refId = refId;
    s.labels = labels;
    s.name = seriesName(labels);
    s.timestampsMs = {time};
    s.values = {value};
    return s;
}

QStringList headers(const QAbstractItemModel &m)
{
    QStringList out;
    for (int c = 0; c < m.columnCount(); ++c)
        out << m.headerData(c, Qt::Horizontal).toString();
    return out;
}

QString cell(const QAbstractItemModel &m, int row, const QString &column)
{
    for (int c = 0; c < m.columnCount(); ++c)
        if (m.headerData(c, Qt::Horizontal).toString() == column)
            return m.index(row, c).data().toString();
    return QStringLiteral("<no column %1>").arg(column);
}

/// The row whose `column` shows `value`, or -1.
int rowWhere(const QAbstractItemModel &m, const QString &column, const QString &value)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (cell(m, r, column) == value)
            return r;
    return -1;
}

} // namespace

void TestPanelTable::instantSingleTarget()
{
    const Panel panel = panelFrom(R"({"id": 1, "type": "table", "title": "Up",
        "targets": [{"refId": "A", "expr": "up", "instant": true, "format": "table"}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("__name__"), QStringLiteral("up")},
                                                      {QStringLiteral("job"), QStringLiteral("api")},
                                                      {QStringLiteral("instance"), QStringLiteral("a:9090")}}, 1));
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("__name__"), QStringLiteral("up")},
                                                      {QStringLiteral("job"), QStringLiteral("api")},
                                                      {QStringLiteral("instance"), QStringLiteral("b:9090")}}, 0));
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Time"), QStringLiteral("__name__"), QStringLiteral("instance"),
                                          QStringLiteral("job"), QStringLiteral("Value")}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, QStringLiteral("instance")), QStringLiteral("a:9090"));
    QCOMPARE(cell(model, 0, QStringLiteral("Value")), formatValue(1, QString()));
    QCOMPARE(cell(model, 1, QStringLiteral("Value")), formatValue(0, QString()));
    QCOMPARE(cell(model, 0, QStringLiteral("Time")),
             QDateTime::fromMSecsSinceEpoch(qint64(t0)).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    // Numbers right-aligned, text left.
    const int value = model.columnOf(QStringLiteral("Value"));
    QVERIFY(Qt::Alignment(model.index(0, value).data(Qt::TextAlignmentRole).toInt()) & Qt::AlignRight);
    QVERIFY(Qt::Alignment(model.index(0, 2).data(Qt::TextAlignmentRole).toInt()) & Qt::AlignLeft);
}

void TestPanelTable::twoTargetsMergeIntoValueColumns()
{
    const Panel panel = panelFrom(R"({"id": 2, "type": "table",
        "targets": [{"refId": "A", "expr": "pods", "instant": true, "format": "table"},
                    {"refId": "B", "expr": "cpu", "instant": true, "format": "table"}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    const QString ns = QStringLiteral("namespace");
    PanelData data;
    data.series.push_back(point(QStringLiteral("A"), {{ns, QStringLiteral("a")}}, 3));
    data.series.push_back(point(QStringLiteral("A"), {{ns, QStringLiteral("b")}}, 5));
    data.series.push_back(point(QStringLiteral("B"), {{ns, QStringLiteral("a")}}, 0.5));
    data.series.push_back(point(QStringLiteral("B"), {{ns, QStringLiteral("c")}}, 0.25));
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Time"), ns, QStringLiteral("Value #A"), QStringLiteral("Value #B")}));
    QCOMPARE(model.rowCount(), 3);
    const int a = rowWhere(model, ns, QStringLiteral("a"));
    const int b = rowWhere(model, ns, QStringLiteral("b"));
    const int c = rowWhere(model, ns, QStringLiteral("c"));
    QVERIFY(a >= 0 && b >= 0 && c >= 0);
    QCOMPARE(cell(model, a, QStringLiteral("Value #A")), formatValue(3, QString()));
    QCOMPARE(cell(model, a, QStringLiteral("Value #B")), formatValue(0.5, QString()));
    QCOMPARE(cell(model, b, QStringLiteral("Value #B")), QString()); // no sample: empty, not 0
    QCOMPARE(cell(model, c, QStringLiteral("Value #A")), QString());
    QCOMPARE(cell(model, c, QStringLiteral("Value #B")), formatValue(0.25, QString()));
}

void TestPanelTable::supersetLabelSetsMerge()
{
    // prometheus-mixin's "Prometheus Stats": count by (job, instance, version)
    // beside max by (job, instance) - one row per instance, as Grafana shows it.
    const Panel panel = panelFrom(R"({"id": 3, "type": "table",
        "targets": [{"refId": "A", "expr": "count", "instant": true, "format": "table"},
                    {"refId": "B", "expr": "uptime", "instant": true, "format": "table"}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    const QString job = QStringLiteral("job");
    const QString inst = QStringLiteral("instance");
    const QString ver = QStringLiteral("version");
    PanelData data;
    data.series.push_back(point(QStringLiteral("A"), {{job, QStringLiteral("prom")}, {inst, QStringLiteral("p1")}, {ver, QStringLiteral("2.45.0")}}, 1));
    data.series.push_back(point(QStringLiteral("A"), {{job, QStringLiteral("prom")}, {inst, QStringLiteral("p2")}, {ver, QStringLiteral("2.44.0")}}, 1));
    data.series.push_back(point(QStringLiteral("B"), {{job, QStringLiteral("prom")}, {inst, QStringLiteral("p2")}}, 7200));
    data.series.push_back(point(QStringLiteral("B"), {{job, QStringLiteral("prom")}, {inst, QStringLiteral("p1")}}, 3600));
    model.setPanelData(data);
    QCOMPARE(model.rowCount(), 2);
    const int p1 = rowWhere(model, inst, QStringLiteral("p1"));
    QVERIFY(p1 >= 0);
    QCOMPARE(cell(model, p1, ver), QStringLiteral("2.45.0"));
    QCOMPARE(model.index(p1, model.columnOf(QStringLiteral("Value #B"))).data(PanelTable::RawValueRole).toDouble(), 3600.0);
    const int p2 = rowWhere(model, inst, QStringLiteral("p2"));
    QCOMPARE(model.index(p2, model.columnOf(QStringLiteral("Value #B"))).data(PanelTable::RawValueRole).toDouble(), 7200.0);
}

void TestPanelTable::labelUnionSortedNameFirst()
{
    const Panel panel = panelFrom(R"({"id": 4, "type": "table",
        "targets": [{"refId": "A", "expr": "x", "instant": true}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("zone"), QStringLiteral("eu")},
                                                      {QStringLiteral("__name__"), QStringLiteral("x")}}, 1));
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("app"), QStringLiteral("web")},
                                                      {QStringLiteral("__name__"), QStringLiteral("x")}}, 2));
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Time"), QStringLiteral("__name__"), QStringLiteral("app"),
                                          QStringLiteral("zone"), QStringLiteral("Value")}));
    // Different label sets of the same query are different rows; missing labels empty.
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, QStringLiteral("app")), QString());
    QCOMPARE(cell(model, 1, QStringLiteral("zone")), QString());
    QCOMPARE(cell(model, 1, QStringLiteral("app")), QStringLiteral("web"));
}

void TestPanelTable::unitsPerColumnFromOverrides()
{
    const Panel panel = panelFrom(R"({"id": 5, "type": "table",
        "fieldConfig": {"defaults": {"unit": "short", "decimals": 1},
          "overrides": [
            {"matcher": {"id": "byName", "options": "Time"}, "properties": [{"id": "custom.hidden", "value": "true"}]},
            {"matcher": {"id": "byName", "options": "Value #B"}, "properties": [
                {"id": "unit", "value": "s"}, {"id": "displayName", "value": "Uptime"}, {"id": "custom.width", "value": 120}]},
            {"matcher": {"id": "byRegexp", "options": "/ratio/"}, "properties": [
                {"id": "unit", "value": "percentunit"}, {"id": "decimals", "value": 0}]}]},
        "transformations": [{"id": "organize", "options": {"renameByName": {"Value #C": "CPU ratio"}}}],
        "targets": [{"refId": "A", "expr": "a", "instant": true}, {"refId": "B", "expr": "b", "instant": true},
                    {"refId": "C", "expr": "c", "instant": true}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    const Labels job{{QStringLiteral("job"), QStringLiteral("api")}};
    data.series.push_back(point(QStringLiteral("A"), job, 12345));
    data.series.push_back(point(QStringLiteral("B"), job, 7200));
    data.series.push_back(point(QStringLiteral("C"), job, 0.256));
    model.setPanelData(data);
    // Time hidden ("true" as a string, as the mixins write it), B renamed, C renamed by organize.
    QCOMPARE(headers(model), QStringList({QStringLiteral("job"), QStringLiteral("Value #A"), QStringLiteral("Uptime"),
                                          QStringLiteral("CPU ratio")}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, QStringLiteral("Value #A")), formatValue(12345, QStringLiteral("short"), 1));
    QCOMPARE(cell(model, 0, QStringLiteral("Uptime")), formatValue(7200, QStringLiteral("s"), 1));
    QCOMPARE(cell(model, 0, QStringLiteral("CPU ratio")), formatValue(0.256, QStringLiteral("percentunit"), 0));
    QCOMPARE(model.columns().at(std::size_t(model.columnOf(QStringLiteral("CPU ratio")))).decimals, 0);
    QCOMPARE(model.columns().at(std::size_t(model.columnOf(QStringLiteral("Uptime")))).width, 120);
    QCOMPARE(model.columns().at(std::size_t(model.columnOf(QStringLiteral("Uptime")))).unit, QStringLiteral("s"));
}

void TestPanelTable::numericColumnsSortAsNumbers()
{
    const Panel panel = panelFrom(R"({"id": 6, "type": "table",
        "targets": [{"refId": "A", "expr": "x", "instant": true}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    const QList<double> values{9, 10, 100, 2, 1500};
    for (int i = 0; i < values.size(); ++i)
        data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("pod"), QStringLiteral("pod-%1").arg(i)}}, values[i]));
    model.setPanelData(data);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(PanelTable::SortRole);
    const int column = model.columnOf(QStringLiteral("Value"));
    proxy.sort(column, Qt::AscendingOrder);
    QList<double> sorted;
    for (int r = 0; r < proxy.rowCount(); ++r)
        sorted << proxy.index(r, column).data(PanelTable::RawValueRole).toDouble();
    QCOMPARE(sorted, QList<double>({2, 9, 10, 100, 1500}));
    // "1.50 K" would sort before "10" as text.
    QCOMPARE(proxy.index(4, column).data().toString(), formatValue(1500, QString()));
    proxy.sort(column, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, column).data(PanelTable::RawValueRole).toDouble(), 1500.0);
}

void TestPanelTable::hostileLabelsStayLiteral()
{
    const Panel panel = panelFrom(R"({"id": 7, "type": "table",
        "targets": [{"refId": "A", "expr": "x", "instant": true}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    const QString hostile = QStringLiteral("<b>bold</b><img src=http://evil.example/x.png>");
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("path"), hostile}}, 1));
    model.setPanelData(data);
    QCOMPARE(cell(model, 0, QStringLiteral("path")), hostile);
    // No rich-text tooltip channel either.
    QVERIFY(!model.index(0, model.columnOf(QStringLiteral("path"))).data(Qt::ToolTipRole).isValid());
}

void TestPanelTable::timeSeriesBecomeOneRowPerSeries()
{
    const Panel panel = panelFrom(R"({"id": 8, "type": "table", "fieldConfig": {"defaults": {"unit": "bytes"}},
        "targets": [{"refId": "A", "expr": "mem", "legendFormat": "{{pod}}"}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    PanelSeries s;
    s.refId = QStringLiteral("A");
    s.name = QStringLiteral("web-1");
    s.timestampsMs = {t0, t0 + 15000, t0 + 30000};
    s.values = {1024, 2048, std::nan("")};
    data.series.push_back(s);
    s.name = QStringLiteral("web-2");
    s.values = {std::nan(""), std::nan(""), std::nan("")};
    data.series.push_back(s);
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Field"), QStringLiteral("Last")}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, QStringLiteral("Field")), QStringLiteral("web-1"));
    QCOMPARE(cell(model, 0, QStringLiteral("Last")), formatValue(2048, QStringLiteral("bytes")));
    QCOMPARE(cell(model, 1, QStringLiteral("Last")), QString());
}

void TestPanelTable::legacyStyles()
{
    const Panel panel = panelFrom(R"({"id": 9, "type": "table", "transform": "table",
        "styles": [{"pattern": "Time", "type": "hidden"},
                   {"pattern": "/^__name__$/", "type": "hidden"},
                   {"pattern": "Value", "type": "number", "unit": "bytes", "decimals": 1, "alias": "Size"},
                   {"pattern": "/(.*)/", "type": "string", "alias": "Label $1"}],
        "targets": [{"refId": "A", "expr": "x", "format": "table"}]})");
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    data.series.push_back(point(QStringLiteral("A"), {{QStringLiteral("__name__"), QStringLiteral("x")},
                                                      {QStringLiteral("disk"), QStringLiteral("sda")}}, 3 * 1024 * 1024));
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Label disk"), QStringLiteral("Size")}));
    QCOMPARE(cell(model, 0, QStringLiteral("Size")), formatValue(3 * 1024 * 1024, QStringLiteral("bytes"), 1));
}

void TestPanelTable::realKubernetesMixinTable()
{
    // kubernetes-mixin "CPU Quota": seven instant queries by namespace, joined,
    // then organize drops the Time columns and renames Value #A.. to Pods, ...
    const auto loaded = DashboardLoader::loadFile(QStringLiteral(DOZOR_TEST_DATA "/grafana/kubernetes-mixin-k8s-resources-cluster-v39.json"));
    QVERIFY2(loaded.dashboard, qPrintable(loaded.error));
    const Panel *found = nullptr;
    for (const Panel &p : loaded.dashboard->panels)
        if (p.type == QLatin1String("table") && p.title == QLatin1String("CPU Quota"))
            found = &p;
    QVERIFY(found);
    Panel panel = *found;
    QCOMPARE(panel.targets.size(), 7);
    // The file's targets carry no refId; Grafana names them A, B, ... in order.
    for (int i = 0; i < panel.targets.size(); ++i)
        if (panel.targets[i].refId.isEmpty())
            panel.targets[i].refId = QString(QChar(u'A' + i));
    PanelTable model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPanel(panel);
    PanelData data;
    const QStringList namespaces{QStringLiteral("default"), QStringLiteral("kube-system")};
    for (int t = 0; t < panel.targets.size(); ++t)
        for (int n = 0; n < namespaces.size(); ++n)
            data.series.push_back(point(panel.targets[t].refId, {{QStringLiteral("namespace"), namespaces[n]}}, 0.125 * (t + 1) + n));
    model.setPanelData(data);
    QCOMPARE(headers(model), QStringList({QStringLiteral("Namespace"), QStringLiteral("Pods"), QStringLiteral("Workloads"),
                                          QStringLiteral("CPU Usage"), QStringLiteral("CPU Requests"),
                                          QStringLiteral("CPU Requests %"), QStringLiteral("CPU Limits"),
                                          QStringLiteral("CPU Limits %")}));
    QCOMPARE(model.rowCount(), 2);
    // The /%/ override gives the percentage columns percentunit.
    const int pct = model.columnOf(QStringLiteral("CPU Requests %"));
    QCOMPARE(model.columns().at(std::size_t(pct)).unit, QStringLiteral("percentunit"));
    const int row = rowWhere(model, QStringLiteral("Namespace"), QStringLiteral("default"));
    QCOMPARE(model.index(row, pct).data().toString(), formatValue(0.625, QStringLiteral("percentunit")));
}

QTEST_GUILESS_MAIN(TestPanelTable)
#include "tst_paneltable.moc"
