// dozor:// links: what File > Copy Link writes reopens the same dashboard, range,
// variables and environment; hostile links are refused with a reason.
#include "mainwindow.h"
#include "prometheusserver.h"
#include "sharelink.h"
#include "variableresolver.h"
#include "dashboardpage.h"

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestShareLink : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip();
    void readsGrafanaStyleParameters();
    void refusesWhatIsNotALocalDashboard_data();
    void refusesWhatIsNotALocalDashboard();
    void commandLineEquivalent();
    void windowCopiesALinkThatReopensTheSameView();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ClosedPort> m_down;
};

namespace {
const char *kDashboard = R"J({
  "title": "Linked", "uid": "linked", "time": {"from": "now-6h", "to": "now"},
  "templating": {"list": [
    {"name": "env", "type": "custom", "query": "prod,staging,dev", "current": {"text": "prod", "value": "prod"}},
    {"name": "route", "type": "custom", "multi": true, "includeAll": true,
     "query": "/api/a & b,/api/c=d,/health", "current": {"text": "/health", "value": "/health"}}]},
  "panels": [{"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
              "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total{endpoint=~\"$route\"}[5m]))"}]}]
})J";
} // namespace

void TestShareLink::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    m_down = std::make_unique<ClosedPort>();
}

void TestShareLink::roundTrip()
{
    ShareLink l;
    l.dashboard = QStringLiteral("/srv/dashboards/API & co/перф.json");
    l.from = QStringLiteral("now-1h");
    l.to = QStringLiteral("now");
    l.variables = {QStringLiteral("route=/api/a & b,/health"), QStringLiteral("q=a=b+c#d")};
    l.environment = QStringLiteral("staging");
    const QString url = l.toUrl();
    QVERIFY2(url.startsWith(QStringLiteral("dozor://open?dashboard=")), qPrintable(url));
    QVERIFY(!url.contains(QLatin1Char(' ')));
    QString error;
    const auto back = ShareLink::parse(url, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->dashboard, l.dashboard);
    QCOMPARE(back->from, l.from);
    QCOMPARE(back->to, l.to);
    QCOMPARE(back->variables, l.variables);
    QCOMPARE(back->environment, l.environment);
}

void TestShareLink::readsGrafanaStyleParameters()
{
    QString error;
    const auto l = ShareLink::parse(
        QStringLiteral("dozor://open?dashboard=node-exporter&from=1733300000000&to=1733303600000"
                       "&var-instance=a:9100&var-instance=b:9100&var-job=node"),
        &error);
    QVERIFY2(l, qPrintable(error));
    QCOMPARE(l->dashboard, QStringLiteral("node-exporter")); // a provisioned uid
    QCOMPARE(l->from, QStringLiteral("1733300000000"));
    QCOMPARE(l->variables, (QStringList{QStringLiteral("instance=a:9100,b:9100"), QStringLiteral("job=node")}));
    const auto file = ShareLink::parse(QStringLiteral("dozor://open?dashboard=file:///tmp/x.json"), &error);
    QVERIFY(file);
    QCOMPARE(file->dashboard, QStringLiteral("/tmp/x.json"));
}

void TestShareLink::refusesWhatIsNotALocalDashboard_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("why");
    QTest::newRow("remote dashboard") << "dozor://open?dashboard=https://evil.example/d.json" << "not https";
    QTest::newRow("another action") << "dozor://exec?cmd=rm" << "unknown dozor:// action";
    QTest::newRow("no dashboard") << "dozor://open?from=now-1h" << "names no dashboard";
    QTest::newRow("another scheme") << "http://open?dashboard=x" << "not a dozor:// link";
}

void TestShareLink::refusesWhatIsNotALocalDashboard()
{
    QFETCH(QString, link);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!ShareLink::parse(link, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

void TestShareLink::commandLineEquivalent()
{
    ShareLink l;
    l.dashboard = QStringLiteral("/tmp/my dash.json");
    l.from = QStringLiteral("now-1h");
    l.to = QStringLiteral("now");
    l.variables = {QStringLiteral("who=it's")};
    QCOMPARE(l.toCommandLine(),
             QStringLiteral("dozor '/tmp/my dash.json' --from now-1h --to now --var 'who=it'\\''s'"));
}

void TestShareLink::windowCopiesALinkThatReopensTheSameView()
{
    const QString path = m_dir.filePath(QStringLiteral("linked.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kDashboard);
    f.close();

    Endpoints e;
    e.prometheus = m_down->url();
    e.alertmanager = m_down->url();
    e.jaeger = m_down->url();
    e.finish();
    ShareLink copied;
    {
        MainWindow w(e);
        w.show();
        QVERIFY(w.openDashboard(path, {QStringLiteral("route=/api/a & b,/api/c=d"), QStringLiteral("env=staging")}));
        QTRY_VERIFY(!w.page()->resolver()->isBusy());
        w.setTimeRange(TimeRange{QStringLiteral("now-30m"), QStringLiteral("now")});
        // The menu action puts the link on the clipboard.
        QAction *copy = w.findChild<QAction *>(QStringLiteral("actionCopyLink"));
        QVERIFY(copy);
        copy->trigger();
        const QString text = QGuiApplication::clipboard()->text();
        QString error;
        const auto parsed = ShareLink::parse(text, &error);
        QVERIFY2(parsed, qPrintable(error + QStringLiteral(": ") + text));
        copied = *parsed;
    }
    QCOMPARE(copied.dashboard, path);
    QCOMPARE(copied.from, QStringLiteral("now-30m"));
    QCOMPARE(copied.to, QStringLiteral("now"));
    QVERIFY(copied.variables.contains(QStringLiteral("env=staging")));
    QVERIFY(copied.variables.contains(QStringLiteral("route=/api/a & b,/api/c=d")));

    // Opening it again gives the same view.
    MainWindow again(e);
    again.show();
    QVERIFY(again.openDashboard(copied.dashboard, copied.variables));
    again.setTimeRange(TimeRange{copied.from, copied.to});
    QTRY_VERIFY(!again.page()->resolver()->isBusy());
    QCOMPARE(again.timeRange().from, QStringLiteral("now-30m"));
    QStringList route;
    for (const Variable &v : again.page()->resolver()->variables())
        if (v.name == QLatin1String("route"))
            route = v.current;
    QCOMPARE(route, (QStringList{QStringLiteral("/api/a & b"), QStringLiteral("/api/c=d")}));
}

QTEST_MAIN(TestShareLink)
#include "tst_sharelink.moc"
