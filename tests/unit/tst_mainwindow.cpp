// The console window: one dock per panel with a stable objectName, the arrangement
// saved per dashboard and restored next time, Reset layout, and a broken file that
// leaves the open dashboard alone.
#include "chartpanel.h"
#include "mainwindow.h"

#include <QDockWidget>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include "prometheusserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kBundled = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");


} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void docksFollowDashboard();
    void layoutPersistsPerDashboard();
    void brokenFileKeepsCurrentDashboard();
    void unreachableServerShowsErrorInPanels();
    void dashboardTextStaysPlain();

private:
    Endpoints endpoints() const;
    QTemporaryDir m_settingsDir;
    ClosedPort m_closed; // refuses connections, and no parallel test can take it
    quint16 m_port = 0;
};

static int panelDockCount(const QMainWindow &w)
{
    int n = 0;
    for (const QDockWidget *d : w.findChildren<QDockWidget *>())
        n += d->objectName().startsWith(QLatin1String("panel-"));
    return n;
}

Endpoints TestMainWindow::endpoints() const
{
    Endpoints e;
    e.prometheus = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    return e;
}

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DozorTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    m_port = m_closed.port();
}

void TestMainWindow::docksFollowDashboard()
{
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    QCOMPARE(w.dashboard().title, QStringLiteral("API Performance"));
    QCOMPARE(w.windowTitle(), QStringLiteral("API Performance — Dozor"));
    QCOMPARE(panelDockCount(w), 6);
    // Beside the panels: the alert list and the runbook viewer.
    QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("alerts")));
    QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("runbook")));
    for (const Panel &p : w.dashboard().panels) {
        QDockWidget *dock = w.findChild<QDockWidget *>(QStringLiteral("panel-%1").arg(p.id));
        QVERIFY2(dock, qPrintable(p.title));
        QCOMPARE(dock->windowTitle(), p.title);
        QVERIFY(dock->isVisible());
        QVERIFY(qobject_cast<ChartPanel *>(dock->widget()));
    }
    // gridPos: latency (x 0, w 16) sits left of error rate (x 16, w 8), both on top,
    // and is about twice as wide.
    QDockWidget *latency = w.panelDock(1);
    QDockWidget *errors = w.panelDock(2);
    QDockWidget *throughput = w.panelDock(3);
    QTRY_VERIFY(latency->width() > 0);
    QVERIFY(latency->geometry().right() < errors->geometry().left());
    QVERIFY(std::abs(latency->geometry().top() - errors->geometry().top()) < 5);
    QVERIFY(throughput->geometry().top() > latency->geometry().bottom() - 5);
    const double ratio = double(latency->width()) / errors->width();
    QVERIFY2(ratio > 1.5 && ratio < 2.6, qPrintable(QString::number(ratio)));
}

void TestMainWindow::layoutPersistsPerDashboard()
{
    {
        MainWindow w(endpoints());
        w.show();
        QVERIFY(w.openDashboard(kBundled));
        QTRY_VERIFY(w.panelDock(2)->isVisible());
        w.panelDock(2)->close();
        w.tabifyDockWidget(w.panelDock(3), w.panelDock(4));
        QVERIFY(w.tabifiedDockWidgets(w.panelDock(3)).contains(w.panelDock(4)));
        w.close(); // saves the layout
    }
    {
        MainWindow w(endpoints());
        w.show();
        QVERIFY(w.openDashboard(kBundled));
        QVERIFY(w.panelDock(2)->isHidden());
        QVERIFY(w.tabifiedDockWidgets(w.panelDock(3)).contains(w.panelDock(4)));
        // A closed panel is not queried.
        QTest::qWait(300);
        QVERIFY(!w.panelView(2)->hasData());

        QAction *reset = w.findChild<QAction *>(QStringLiteral("actionResetLayout"));
        QVERIFY(reset);
        reset->trigger();
        QVERIFY(!w.panelDock(2)->isHidden());
        QVERIFY(!w.tabifiedDockWidgets(w.panelDock(3)).contains(w.panelDock(4)));
        w.close();
    }
    {
        // After a reset the dashboard's own grid comes back next time too.
        MainWindow w(endpoints());
        w.show();
        QVERIFY(w.openDashboard(kBundled));
        QVERIFY(!w.panelDock(2)->isHidden());
        QVERIFY(w.tabifiedDockWidgets(w.panelDock(3)).isEmpty());
    }
}

void TestMainWindow::brokenFileKeepsCurrentDashboard()
{
    QTemporaryDir dir;
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"title\": \"x\",\n  \"panels\": [\n    {\"id\": 1,,}\n  ]\n}\n");
    f.close();

    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    QVERIFY(!w.openDashboard(broken));
    QCOMPARE(w.dashboard().title, QStringLiteral("API Performance"));
    QCOMPARE(panelDockCount(w), 6);
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("openError"));
    QVERIFY(box);
    QVERIFY2(box->text().startsWith(broken + QStringLiteral(":4:")), qPrintable(box->text()));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    // The last dashboard is still the good one.
    QCOMPARE(QSettings().value(QStringLiteral("session/lastDashboard")).toString(), kBundled);
}

void TestMainWindow::unreachableServerShowsErrorInPanels()
{
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    const QString expected = QStringLiteral("connection refused: http://127.0.0.1:%1").arg(m_port);
    for (const Panel &p : w.dashboard().panels)
        QTRY_VERIFY2_WITH_TIMEOUT(w.panelView(p.id)->errorText().startsWith(expected),
                                  qPrintable(w.panelView(p.id)->errorText()), 10000);
}

void TestMainWindow::dashboardTextStaysPlain()
{
    // Titles and descriptions come from files that strangers send: shown as text.
    const QString title = QStringLiteral("<b>Latency</b> & <i>more</i>");
    const QString description = QStringLiteral("<img src=\"file:///etc/passwd\"><a href=\"javascript:alert(1)\">x</a>");
    QJsonObject panel{{QStringLiteral("id"), 1},
                      {QStringLiteral("type"), QStringLiteral("timeseries")},
                      {QStringLiteral("title"), title},
                      {QStringLiteral("description"), description},
                      {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), 0},
                                                              {QStringLiteral("w"), 24}, {QStringLiteral("h"), 8}}},
                      {QStringLiteral("targets"), QJsonArray{QJsonObject{{QStringLiteral("expr"), QStringLiteral("up")}}}}};
    const QJsonObject dashboard{{QStringLiteral("title"), QStringLiteral("<script>x</script>")},
                                {QStringLiteral("panels"), QJsonArray{panel}}};
    const QString path = m_settingsDir.filePath(QStringLiteral("hostile.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(dashboard).toJson());
    f.close();

    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(path));
    QDockWidget *dock = w.panelDock(1);
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), title); // QDockWidget titles are never markup
    QCOMPARE(w.windowTitle(), QStringLiteral("<script>x</script> — Dozor"));
    // The tooltip is rich text only as a wrapper: rendered, it reads as the raw text.
    QTextDocument rendered;
    rendered.setHtml(dock->toolTip());
    QCOMPARE(rendered.toPlainText(), description);
    QVERIFY(!dock->toolTip().contains(QLatin1String("<img")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
