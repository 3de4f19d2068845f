// Conformance over every real Grafana dashboard in tests/data/grafana (and the
// bundled ones): `dozor check FILE --json` must find the panels per type (nested
// ones included), the targets and the variables that a plain walk of the same JSON
// finds, and report no errors.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

class TestDashboardConformance : public QObject
{
    Q_OBJECT

private slots:
    void checkMatchesJsonWalk_data();
    void checkMatchesJsonWalk();
    void brokenFileFails();
};

namespace {

struct Walk
{
    QMap<QString, int> types;
    int targets = 0;
    int variables = 0;
    int rows = 0;
};

void walkPanels(const QJsonArray &panels, Walk &w)
{
    for (const QJsonValue &v : panels) {
        const QJsonObject p = v.toObject();
        const QString type = p.value(QLatin1String("type")).toString();
        if (type == QLatin1String("row")) {
            ++w.rows;
            walkPanels(p.value(QLatin1String("panels")).toArray(), w);
            continue;
        }
        ++w.types[type];
        for (const QJsonValue &t : p.value(QLatin1String("targets")).toArray()) {
            const QJsonObject to = t.toObject();
            if (!to.value(QLatin1String("expr")).toString().isEmpty()
                || !to.value(QLatin1String("query")).toString().isEmpty())
                ++w.targets;
        }
    }
}

Walk walkFile(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    if (root.value(QLatin1String("dashboard")).isObject())
        root = root.value(QLatin1String("dashboard")).toObject();
    Walk w;
    walkPanels(root.value(QLatin1String("panels")).toArray(), w);
    for (const QJsonValue &r : root.value(QLatin1String("rows")).toArray())
        walkPanels(r.toObject().value(QLatin1String("panels")).toArray(), w);
    w.variables = int(root.value(QLatin1String("templating")).toObject().value(QLatin1String("list")).toArray().size());
    return w;
}

QString describe(const QMap<QString, int> &types)
{
    QStringList parts;
    for (auto it = types.cbegin(); it != types.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return parts.join(QLatin1Char(','));
}

} // namespace

void TestDashboardConformance::checkMatchesJsonWalk_data()
{
    QTest::addColumn<QString>("path");
    const QDir data(QStringLiteral(DOZOR_TEST_DATA "/grafana"));
    for (const QString &name : data.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << data.filePath(name);
    const QDir bundled(QStringLiteral(DOZOR_SOURCE_DIR "/dashboards"));
    for (const QString &name : bundled.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(QStringLiteral("bundled/") + name)) << bundled.filePath(name);
}

void TestDashboardConformance::checkMatchesJsonWalk()
{
    QFETCH(QString, path);
    QProcess dozor;
    dozor.start(QStringLiteral(DOZOR_EXECUTABLE), {QStringLiteral("check"), path, QStringLiteral("--json")});
    QVERIFY(dozor.waitForFinished(30000));
    const QByteArray stderrText = dozor.readAllStandardError();
    QCOMPARE(dozor.exitCode(), 0);
    QJsonParseError perr;
    const QJsonObject summary = QJsonDocument::fromJson(dozor.readAllStandardOutput(), &perr).object();
    QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString() + QString::fromUtf8(stderrText)));

    const Walk expected = walkFile(path);
    QMap<QString, int> types;
    int targets = 0;
    QSet<int> ids;
    for (const QJsonValue &v : summary.value(QLatin1String("panels")).toArray()) {
        const QJsonObject p = v.toObject();
        ++types[p.value(QLatin1String("type")).toString()];
        targets += int(p.value(QLatin1String("targets")).toArray().size());
        ids.insert(p.value(QLatin1String("id")).toInt());
        const QJsonObject g = p.value(QLatin1String("gridPos")).toObject();
        QVERIFY(g.value(QLatin1String("x")).toInt() + g.value(QLatin1String("w")).toInt() <= 24);
        // A panel sits in a row exactly when the row is named.
        if (!p.value(QLatin1String("row")).isNull())
            QVERIFY(p.value(QLatin1String("row")).isString());
    }
    QCOMPARE(describe(types), describe(expected.types));
    QCOMPARE(targets, expected.targets);
    QCOMPARE(int(ids.size()), int(summary.value(QLatin1String("panels")).toArray().size())); // ids unique
    QCOMPARE(int(summary.value(QLatin1String("variables")).toArray().size()), expected.variables);
    if (expected.rows > 0)
        QCOMPARE(int(summary.value(QLatin1String("rows")).toArray().size()), expected.rows);
    QCOMPARE(summary.value(QLatin1String("errors")).toInt(), 0);
    for (const QJsonValue &pr : summary.value(QLatin1String("problems")).toArray())
        QVERIFY2(pr.toObject().value(QLatin1String("severity")).toString() != QLatin1String("error"),
                 qPrintable(pr.toObject().value(QLatin1String("message")).toString()));
}

void TestDashboardConformance::brokenFileFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"title\": \"x\", \"panels\": [");
    f.close();
    QProcess dozor;
    dozor.start(QStringLiteral(DOZOR_EXECUTABLE), {QStringLiteral("check"), path, QStringLiteral("--json")});
    QVERIFY(dozor.waitForFinished(30000));
    QCOMPARE(dozor.exitCode(), 1);
    const QJsonObject o = QJsonDocument::fromJson(dozor.readAllStandardOutput()).object();
    QVERIFY2(o.value(QLatin1String("error")).toString().contains(QLatin1String("broken.json:1:")),
             qPrintable(o.value(QLatin1String("error")).toString()));
}

QTEST_GUILESS_MAIN(TestDashboardConformance)
#include "tst_dashboardconformance.moc"
