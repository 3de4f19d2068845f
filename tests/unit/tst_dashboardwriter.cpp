// Saving dashboards back to Grafana JSON: a load-then-save round trip changes
// nothing, edits land where Grafana reads them, everything else is kept as it was,
// and a failed save leaves the old file alone.
#include "dashboardloader.h"
#include "dashboardwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <QFileInfo>
#include <functional>

class TestDashboardWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTripKeepsEverything_data();
    void roundTripKeepsEverything();
    void editsLandWhereGrafanaReadsThem();
    void legacyGraphUnitGoesToYaxes();
    void removeAddDuplicate();
    void nestedPanelOfCollapsedRowEdited();
    void wrappedFileStaysWrapped();
    void saveIsAtomicAndReportsFailure();
};

namespace {

QJsonObject readObject(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    return o;
}

Dashboard load(const QString &path)
{
    auto r = DashboardLoader::loadFile(path);
    if (!r.dashboard)
        qFatal("cannot load %s: %s", qPrintable(path), qPrintable(r.error));
    return *r.dashboard;
}

QString grafana(const char *name)
{
    return QStringLiteral(DOZOR_TEST_DATA "/grafana/") + QLatin1String(name);
}

// Every panel object of a flat file, nested ones included, by id.
QHash<int, QJsonObject> panelsById(const QJsonObject &root)
{
    QHash<int, QJsonObject> out;
    std::function<void(const QJsonArray &)> walk = [&](const QJsonArray &list) {
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            out.insert(o.value(QLatin1String("id")).toInt(), o);
            walk(o.value(QLatin1String("panels")).toArray());
        }
    };
    walk(root.value(QLatin1String("panels")).toArray());
    for (const QJsonValue &r : root.value(QLatin1String("rows")).toArray())
        walk(r.toObject().value(QLatin1String("panels")).toArray());
    return out;
}

} // namespace

void TestDashboardWriter::roundTripKeepsEverything_data()
{
    QTest::addColumn<QString>("path");
    const QDir data(QStringLiteral(DOZOR_TEST_DATA "/grafana"));
    for (const QString &name : data.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << data.filePath(name);
    const QDir bundled(QStringLiteral(DOZOR_SOURCE_DIR "/dashboards"));
    for (const QString &name : bundled.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(QStringLiteral("bundled/") + name)) << bundled.filePath(name);
}

void TestDashboardWriter::roundTripKeepsEverything()
{
    QFETCH(QString, path);
    const Dashboard d = load(path);
    const QJsonObject saved = QJsonDocument::fromJson(DashboardWriter::serialize(d)).object();
    QCOMPARE(saved, readObject(path));
}

void TestDashboardWriter::editsLandWhereGrafanaReadsThem()
{
    const QString path = grafana("redis-exporter-v39-timeseries.json");
    Dashboard d = load(path);
    const QJsonObject original = readObject(path);
    Panel *p = nullptr;
    for (Panel &candidate : d.panels)
        if (candidate.type == QLatin1String("timeseries") && !candidate.targets.isEmpty()) {
            p = &candidate;
            break;
        }
    QVERIFY(p);
    const int id = p->id;
    p->title = QStringLiteral("Edited <title>");
    p->targets[0].expr = QStringLiteral("sum(rate(redis_commands_total[5m]))");
    p->targets[0].legendFormat = QStringLiteral("{{cmd}}");
    p->unit = QStringLiteral("reqps");
    p->min = 0;
    p->thresholds = {ThresholdStep{std::nullopt, QStringLiteral("green")}, ThresholdStep{100.0, QStringLiteral("red")}};

    const QJsonObject saved = DashboardWriter::toJson(d);
    const QJsonObject before = panelsById(original).value(id);
    const QJsonObject after = panelsById(saved).value(id);
    QCOMPARE(after.value(QLatin1String("title")).toString(), QStringLiteral("Edited <title>"));
    const QJsonObject target = after.value(QLatin1String("targets")).toArray().first().toObject();
    QCOMPARE(target.value(QLatin1String("expr")).toString(), QStringLiteral("sum(rate(redis_commands_total[5m]))"));
    QCOMPARE(target.value(QLatin1String("legendFormat")).toString(), QStringLiteral("{{cmd}}"));
    // The target keeps what it had besides (datasource, refId, ...).
    const QJsonObject targetBefore = before.value(QLatin1String("targets")).toArray().first().toObject();
    for (auto it = targetBefore.constBegin(); it != targetBefore.constEnd(); ++it)
        if (it.key() != QLatin1String("expr") && it.key() != QLatin1String("legendFormat"))
            QCOMPARE(target.value(it.key()), it.value());
    const QJsonObject defaults = after.value(QLatin1String("fieldConfig")).toObject().value(QLatin1String("defaults")).toObject();
    QCOMPARE(defaults.value(QLatin1String("unit")).toString(), QStringLiteral("reqps"));
    QCOMPARE(defaults.value(QLatin1String("min")).toDouble(), 0.0);
    const QJsonArray steps = defaults.value(QLatin1String("thresholds")).toObject().value(QLatin1String("steps")).toArray();
    QCOMPARE(steps.size(), 2);
    QVERIFY(steps[0].toObject().value(QLatin1String("value")).isNull());
    QCOMPARE(steps[1].toObject().value(QLatin1String("value")).toDouble(), 100.0);
    // Keys the console does not edit are byte-for-byte what they were.
    for (auto it = before.constBegin(); it != before.constEnd(); ++it)
        if (it.key() != QLatin1String("title") && it.key() != QLatin1String("targets") && it.key() != QLatin1String("fieldConfig"))
            QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key()));
    QCOMPARE(after.value(QLatin1String("fieldConfig")).toObject().value(QLatin1String("overrides")),
             before.value(QLatin1String("fieldConfig")).toObject().value(QLatin1String("overrides")));
    // Other panels are untouched.
    const auto all = panelsById(original);
    const auto allAfter = panelsById(saved);
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        if (it.key() != id)
            QCOMPARE(allAfter.value(it.key()), it.value());

    // And the edit reads back.
    const auto reread = DashboardLoader::parse(DashboardWriter::serialize(d));
    QVERIFY(reread.dashboard);
    const Panel *back = reread.dashboard->panel(id);
    QVERIFY(back);
    QCOMPARE(back->title, QStringLiteral("Edited <title>"));
    QCOMPARE(back->unit, QStringLiteral("reqps"));
    QCOMPARE(back->thresholds.size(), 2);
}

void TestDashboardWriter::legacyGraphUnitGoesToYaxes()
{
    const QString path = grafana("node-exporter-full-old-v14-rows-graph.json");
    Dashboard d = load(path);
    Panel *graph = nullptr;
    for (Panel &p : d.panels)
        if (p.type == QLatin1String("graph") && p.raw.value(QLatin1String("yaxes")).isArray()) {
            graph = &p;
            break;
        }
    QVERIFY(graph);
    graph->unit = QStringLiteral("decbytes");
    const QJsonObject after = panelsById(DashboardWriter::toJson(d)).value(graph->id);
    QCOMPARE(after.value(QLatin1String("yaxes")).toArray().first().toObject().value(QLatin1String("format")).toString(),
             QStringLiteral("decbytes"));
    QVERIFY(!after.contains(QLatin1String("fieldConfig")) || after.value(QLatin1String("fieldConfig")) == graph->raw.value(QLatin1String("fieldConfig")));
    QVERIFY(!DashboardWriter::toJson(d).contains(QLatin1String("panels"))); // still the rows[] layout
}

void TestDashboardWriter::removeAddDuplicate()
{
    const QString path = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");
    Dashboard d = load(path);
    const int before = int(d.panels.size());
    const int removed = d.panels.first().id;
    Panel copy = d.panels.last();
    d.panels.removeFirst();
    copy.id = 100;
    copy.sourceIndex = -1;
    copy.title = QStringLiteral("Copy");
    copy.gridPos = GridPos{0, 40, 12, 8};
    d.panels.append(copy);
    Panel fresh;
    fresh.id = 101;
    fresh.type = QStringLiteral("stat");
    fresh.title = QStringLiteral("New");
    fresh.gridPos = GridPos{12, 40, 12, 4};
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("up");
    fresh.targets << t;
    d.panels.append(fresh);

    const auto reread = DashboardLoader::parse(DashboardWriter::serialize(d));
    QVERIFY(reread.dashboard);
    const Dashboard &r = *reread.dashboard;
    QCOMPARE(int(r.panels.size()), before + 1);
    QVERIFY(!r.panel(removed));
    QVERIFY(r.panel(100));
    QCOMPARE(r.panel(100)->title, QStringLiteral("Copy"));
    QCOMPARE(r.panel(100)->targets.size(), d.panels[d.panels.size() - 2].targets.size());
    QCOMPARE(r.panel(100)->gridPos.y, 40);
    QVERIFY(r.panel(101));
    QCOMPARE(r.panel(101)->type, QStringLiteral("stat"));
    QCOMPARE(r.panel(101)->targets.first().expr, QStringLiteral("up"));
    QCOMPARE(r.panel(101)->gridPos.x, 12);
}

void TestDashboardWriter::nestedPanelOfCollapsedRowEdited()
{
    const QString path = grafana("node-exporter-full-v41-timeseries.json");
    Dashboard d = load(path);
    Panel *nested = nullptr;
    for (Panel &p : d.panels)
        if (p.rowIndex >= 0 && d.rows[p.rowIndex].collapsed) {
            nested = &p;
            break;
        }
    QVERIFY(nested);
    nested->title = QStringLiteral("Renamed");
    const QJsonObject saved = DashboardWriter::toJson(d);
    // Still inside its collapsed row's panels[], not moved to the top level.
    bool found = false;
    for (const QJsonValue &v : saved.value(QLatin1String("panels")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("id")).toInt() == nested->id)
            QFAIL("moved to the top level");
        for (const QJsonValue &n : o.value(QLatin1String("panels")).toArray())
            found = found || n.toObject().value(QLatin1String("title")).toString() == QLatin1String("Renamed");
    }
    QVERIFY(found);
}

void TestDashboardWriter::wrappedFileStaysWrapped()
{
    const QByteArray json = R"({"meta": {"slug": "x"}, "dashboard": {"title": "W", "panels": [{"id": 1, "type": "text", "title": "t"}]}})";
    auto r = DashboardLoader::parse(json);
    QVERIFY(r.dashboard);
    const QJsonObject saved = QJsonDocument::fromJson(DashboardWriter::serialize(*r.dashboard)).object();
    QCOMPARE(saved, QJsonDocument::fromJson(json).object());
}

void TestDashboardWriter::saveIsAtomicAndReportsFailure()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("d.json"));
    QVERIFY(QFile::copy(QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json"), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    Dashboard d = load(path);
    d.panels.first().title = QStringLiteral("Saved");
    QString error;
    QVERIFY2(DashboardWriter::save(d, path, &error), qPrintable(error));
    QCOMPARE(load(path).panels.first().title, QStringLiteral("Saved"));

    // A save that cannot happen (the directory is gone): it fails, says why, and
    // the dashboard in memory keeps its edits.
    d.panels.first().title = QStringLiteral("Unsaved");
    const QString missing = dir.filePath(QStringLiteral("no/such/dir/d.json"));
    QVERIFY(!DashboardWriter::save(d, missing, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
    QCOMPARE(d.panels.first().title, QStringLiteral("Unsaved"));
    // A save that fails while the old file exists: the target is a directory's
    // path, so QSaveFile cannot rename over it; the old content stays.
    const QString blocked = dir.filePath(QStringLiteral("blocked.json"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("blocked.json")));
    QVERIFY(!DashboardWriter::save(d, blocked, &error));
    QVERIFY(QFileInfo(blocked).isDir());
    QCOMPARE(load(path).panels.first().title, QStringLiteral("Saved"));
}

QTEST_GUILESS_MAIN(TestDashboardWriter)
#include "tst_dashboardwriter.moc"
