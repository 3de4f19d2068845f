// The console window: the dashboard's panels in a Grafana-style grid, rows that
// query only when opened, variables that reach the queries, panels that pop out into
// docks and back, edits saved to the file, and a broken file that leaves the open
// dashboard alone.
#include "chartpanel.h"
#include "dashboardloader.h"
#include "dashboardpage.h"
#include "dashboardview.h"
#include "mainwindow.h"
#include "sessionstore.h"
#include "variablebar.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDesktopServices>
#include <QMenu>
#include <QScopeGuard>
#include <QDir>
#include <QFileInfo>
#include "urlcatcher.h"
#include <QLabel>
#include <QTcpSocket>
#include <QToolButton>

#include <QDockWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QSettings>
#include <QStandardPaths>
#include "prometheusserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QFrame>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace {
const QString kBundled = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");


} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void panelsFollowDashboard();
    void environmentSwitcherRepointsPanels();
    void panelPopsOutToDockAndBack();
    void collapsedRowQueriesOnlyWhenOpened();
    void variablesReachTheQueries();
    void editDuplicateAndSave();
    void dashboardLinksOpenOnlyWeb();
    void dataLinksFollowTheClickedPoint();
    void brokenFileKeepsCurrentDashboard();
    void recentFilesKeepEveryOpenInOrder();
    void unreachableServerShowsErrorInPanels();
    void dashboardTextStaysPlain();
    void failedSaveKeepsFileAndEdits_data();
    void failedSaveKeepsFileAndEdits();
    void changedOnDiskAsksBeforeOverwrite();
    void cleanup();

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
    // Windows autosave their unsaved edits: into the test's own data directory.
    QStandardPaths::setTestModeEnabled(true);
    cleanup();
}

void TestMainWindow::cleanup()
{
    // Each test's windows end without a clean close: their edits must not come back
    // in the next test.
    QDir(SessionStore::defaultDirectory()).removeRecursively();
}

void TestMainWindow::environmentSwitcherRepointsPanels()
{
    // Two environments; nothing listens on either port: the panel errors name the server.
    const QUrl prod(QStringLiteral("http://127.0.0.1:%1/prod").arg(m_port));
    const QUrl staging(QStringLiteral("http://127.0.0.1:%1/staging").arg(m_port));
    Endpoints e;
    for (const auto &[uid, env, url] : {std::tuple{QStringLiteral("prom-prod"), QStringLiteral("production"), prod},
                                        std::tuple{QStringLiteral("prom-staging"), QStringLiteral("staging"), staging}}) {
        Datasource d;
        d.name = uid;
        d.uid = uid;
        d.type = QStringLiteral("prometheus");
        d.url = url;
        d.environment = env;
        d.isDefault = uid == QLatin1String("prom-prod");
        e.datasources << d;
    }
    e.finish();
    MainWindow w(e);
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    auto *box = w.findChild<QComboBox *>(QStringLiteral("environmentSwitcher"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->count(), 3); // all, production, staging
    const Panel &panel = w.dashboard().panels.first();
    QTRY_VERIFY_WITH_TIMEOUT(w.panelWidget(panel.id)->errorText().contains(QLatin1String("/prod/api/v1/")), 10000);

    box->setCurrentIndex(box->findData(QStringLiteral("staging")));
    emit box->activated(box->currentIndex());
    QCOMPARE(w.environment(), QStringLiteral("staging"));
    QTRY_VERIFY_WITH_TIMEOUT(w.panelWidget(panel.id)->errorText().contains(QLatin1String("/staging/api/v1/")), 10000);
    QVERIFY(w.statusBar()->findChild<QLabel *>()->text().contains(QLatin1String("Environment staging")));
    // Remembered for the next start.
    QCOMPARE(QSettings().value(QStringLiteral("datasources/environment")).toString(), QStringLiteral("staging"));
    w.setEnvironment(QString());
    QSettings().remove(QStringLiteral("datasources/environment"));
}

void TestMainWindow::panelsFollowDashboard()
{
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    QCOMPARE(w.dashboard().title, QStringLiteral("API Performance"));
    QCOMPARE(panelDockCount(w), 0); // panels sit in the grid, not in docks
    auto *view = w.findChild<DashboardView *>();
    QVERIFY(view);
    for (const Panel &p : w.dashboard().panels) {
        QVERIFY(w.panelView(p.id));
        QVERIFY(view->isPanelVisible(p.id));
        auto *frame = view->findChild<QWidget *>(QStringLiteral("panelframe-%1").arg(p.id));
        QVERIFY(frame);
        QCOMPARE(frame->findChild<QLabel *>(QStringLiteral("panelTitle"))->text(), p.title);
    }
    // Side by side as the gridPos says: panels 1 and 2 share a grid row.
    const QWidget *f1 = view->findChild<QWidget *>(QStringLiteral("panelframe-1"));
    const QWidget *f2 = view->findChild<QWidget *>(QStringLiteral("panelframe-2"));
    QCOMPARE(f1->y(), f2->y());
    QVERIFY(f1->x() + f1->width() <= f2->x());
}

void TestMainWindow::panelPopsOutToDockAndBack()
{
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    PanelWidget *chart = w.panelWidget(2);
    QVERIFY(chart);
    QDockWidget *dock = w.popOutPanel(2);
    QVERIFY(dock);
    QCOMPARE(dock->objectName(), QStringLiteral("panel-2"));
    QCOMPARE(w.panelDock(2), dock);
    QCOMPARE(dock->widget(), chart);
    QCOMPARE(w.panelWidget(2), chart);
    // Closing the dock puts the same panel back into the grid.
    dock->close();
    QTRY_VERIFY(!w.panelDock(2));
    QCOMPARE(w.page()->view()->panelWidget(2), chart);
    QVERIFY(chart->isVisibleTo(w.page()->view()));
}

namespace {
/// A loopback HTTP server that records the request bodies it receives and never answers.
class RecordingServer : public QTcpServer
{
public:
    QList<QByteArray> bodies;
    RecordingServer()
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    const QByteArray all = s->property("buf").toByteArray() + s->readAll();
                    s->setProperty("buf", all);
                    const int head = int(all.indexOf("\r\n\r\n"));
                    if (head >= 0 && !s->property("done").toBool()) {
                        const QByteArray lower = all.left(head).toLower();
                        const int cl = int(lower.indexOf("content-length:"));
                        const int len = cl >= 0 ? lower.mid(cl + 15, lower.indexOf('\r', cl) - cl - 15).trimmed().toInt() : 0;
                        if (all.size() >= head + 4 + len) {
                            s->setProperty("done", true);
                            bodies << QUrl::fromPercentEncoding(all.mid(head + 4, len).replace('+', ' ')).toUtf8();
                        }
                    }
                });
            }
        });
    }
    int count(const QByteArray &needle) const
    {
        int n = 0;
        for (const QByteArray &b : bodies)
            n += b.contains(needle);
        return n;
    }
};

QString writeJson(const QString &dir, const QString &name, const QJsonObject &o)
{
    const QString path = dir + QLatin1Char('/') + name;
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(o).toJson());
    return path;
}

QJsonObject panelJson(int id, const QString &expr, int y)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("type"), QStringLiteral("timeseries")},
                       {QStringLiteral("title"), QStringLiteral("P%1").arg(id)},
                       {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), y},
                                                               {QStringLiteral("w"), 24}, {QStringLiteral("h"), 4}}},
                       {QStringLiteral("targets"), QJsonArray{QJsonObject{{QStringLiteral("refId"), QStringLiteral("A")},
                                                                           {QStringLiteral("expr"), expr}}}}};
}
} // namespace

void TestMainWindow::collapsedRowQueriesOnlyWhenOpened()
{
    RecordingServer server;
    Endpoints e;
    e.prometheus = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
    QJsonObject row{{QStringLiteral("id"), 10}, {QStringLiteral("type"), QStringLiteral("row")},
                    {QStringLiteral("title"), QStringLiteral("Details")}, {QStringLiteral("collapsed"), true},
                    {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), 4},
                                                            {QStringLiteral("w"), 24}, {QStringLiteral("h"), 1}}},
                    {QStringLiteral("panels"), QJsonArray{panelJson(2, QStringLiteral("hidden_metric"), 5),
                                                          panelJson(3, QStringLiteral("hidden_metric"), 9)}}};
    const QString path = writeJson(m_settingsDir.path(), QStringLiteral("rows.json"),
                                   QJsonObject{{QStringLiteral("title"), QStringLiteral("Rows")},
                                               {QStringLiteral("panels"), QJsonArray{panelJson(1, QStringLiteral("shown_metric"), 0), row}}});
    MainWindow w(e);
    w.show();
    QVERIFY(w.openDashboard(path));
    QTRY_COMPARE(server.count("shown_metric"), 1);
    QTest::qWait(300);
    QCOMPARE(server.count("hidden_metric"), 0);
    QVERIFY(!w.panelWidget(2)); // not even created while the row is collapsed
    auto *header = w.findChild<QToolButton *>(QStringLiteral("row-0"));
    QVERIFY(header);
    QVERIFY(header->text().contains(QLatin1String("Details")));
    header->click();
    QVERIFY(w.panelWidget(2) && w.panelWidget(3));
    QTRY_COMPARE(server.count("hidden_metric"), 2);
    // Collapsing again hides them; a refresh then leaves them alone.
    header->click();
    QVERIFY(!w.page()->view()->isPanelVisible(2));
    w.refresh();
    QTRY_COMPARE(server.count("shown_metric"), 2);
    QTest::qWait(300);
    QCOMPARE(server.count("hidden_metric"), 2);
}

void TestMainWindow::variablesReachTheQueries()
{
    RecordingServer server;
    Endpoints e;
    e.prometheus = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
    const QJsonObject env{{QStringLiteral("name"), QStringLiteral("env")},
                          {QStringLiteral("type"), QStringLiteral("custom")},
                          {QStringLiteral("query"), QStringLiteral("staging,production")},
                          {QStringLiteral("current"), QJsonObject{{QStringLiteral("text"), QStringLiteral("staging")},
                                                                  {QStringLiteral("value"), QStringLiteral("staging")}}}};
    const QString path = writeJson(
        m_settingsDir.path(), QStringLiteral("vars.json"),
        QJsonObject{{QStringLiteral("title"), QStringLiteral("Vars")},
                    {QStringLiteral("templating"), QJsonObject{{QStringLiteral("list"), QJsonArray{env}}}},
                    {QStringLiteral("panels"), QJsonArray{panelJson(1, QStringLiteral("up{env=\"$env\"}[$__rate_interval]"), 0)}}});
    MainWindow w(e);
    w.show();
    QVERIFY(w.openDashboard(path));
    QTRY_COMPARE(server.count("up{env=\"staging\"}[1m0s]"), 1);
    auto *combo = qobject_cast<QComboBox *>(w.page()->variableBar()->editor(QStringLiteral("env")));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    combo->setCurrentIndex(1);
    emit combo->activated(1); // as a user's pick does
    QTRY_COMPARE(server.count("up{env=\"production\"}"), 1);

    // --var on the command line wins over the file's selection.
    MainWindow w2(e);
    w2.show();
    QVERIFY(w2.openDashboard(path, {QStringLiteral("env=production")}));
    QTRY_COMPARE(server.count("up{env=\"production\"}"), 2);
}

void TestMainWindow::editDuplicateAndSave()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api.json"));
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(path));
    const int copy = w.page()->duplicatePanel(1);
    QVERIFY(copy > 6);
    QVERIFY(w.page()->isModified());
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("● ")));
    QVERIFY(w.panelWidget(copy));
    w.page()->removePanel(3);
    QVERIFY(w.saveDashboard());
    QVERIFY(!w.page()->isModified());
    const auto reread = DashboardLoader::loadFile(path);
    QVERIFY(reread.dashboard);
    QCOMPARE(reread.dashboard->panels.size(), 6);
    QVERIFY(!reread.dashboard->panel(3));
    QCOMPARE(reread.dashboard->panel(copy)->targets.size(), reread.dashboard->panel(1)->targets.size());
}

void TestMainWindow::dashboardLinksOpenOnlyWeb()
{
    const QJsonArray links{QJsonObject{{QStringLiteral("title"), QStringLiteral("Runbook")},
                                       {QStringLiteral("type"), QStringLiteral("link")},
                                       {QStringLiteral("url"), QStringLiteral("https://example.org/runbook")}},
                           QJsonObject{{QStringLiteral("title"), QStringLiteral("Trap")},
                                       {QStringLiteral("type"), QStringLiteral("link")},
                                       {QStringLiteral("url"), QStringLiteral("javascript:alert(1)")}}};
    const QString path = writeJson(m_settingsDir.path(), QStringLiteral("links.json"),
                                   QJsonObject{{QStringLiteral("title"), QStringLiteral("Links")},
                                               {QStringLiteral("links"), links},
                                               {QStringLiteral("panels"), QJsonArray{panelJson(1, QStringLiteral("up"), 0)}}});
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "handle");
    QDesktopServices::setUrlHandler(QStringLiteral("javascript"), &catcher, "handle");
    const auto restore = qScopeGuard([] {
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("javascript"));
    });
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(path));
    auto *button = w.findChild<QToolButton *>(QStringLiteral("dashboardLinks"));
    QVERIFY(button && button->isVisibleTo(&w));
    const QList<QAction *> actions = button->menu()->actions();
    QCOMPARE(actions.size(), 2);
    QCOMPARE(actions[0]->text(), QStringLiteral("Runbook"));
    QVERIFY(catcher.urls.isEmpty()); // nothing opens by itself
    actions[0]->trigger();
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://example.org/runbook"))});
    actions[1]->trigger();
    QCOMPARE(catcher.urls.size(), 1); // javascript: is refused, not handed to anything
    QTRY_VERIFY(w.findChild<QMessageBox *>(QStringLiteral("linkRefused")));
}

void TestMainWindow::dataLinksFollowTheClickedPoint()
{
    QJsonObject panel = panelJson(1, QStringLiteral("up"), 0);
    panel.insert(QStringLiteral("fieldConfig"),
                 QJsonObject{{QStringLiteral("defaults"),
                              QJsonObject{{QStringLiteral("links"),
                                           QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Logs of ${__field.labels.instance}")},
                                                                  {QStringLiteral("url"), QStringLiteral("https://logs.example/?instance=${__field.labels.instance}&v=${__value.raw}")}}}}}}});
    const QString path = writeJson(m_settingsDir.path(), QStringLiteral("datalinks.json"),
                                   QJsonObject{{QStringLiteral("title"), QStringLiteral("Data links")},
                                               {QStringLiteral("panels"), QJsonArray{panel}}});
    MainWindow w(endpoints());
    w.resize(1200, 800);
    w.show();
    QVERIFY(w.openDashboard(path));
    ChartPanel *chart = w.panelView(1);
    QVERIFY(chart);
    // The real query fails first (nothing listens); then the panel gets data with
    // two series, and the click lands on a point of the second.
    QTRY_VERIFY_WITH_TIMEOUT(!chart->errorText().isEmpty(), 10000);
    PanelData data;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    data.start = QDateTime::fromMSecsSinceEpoch(now - 3600000);
    data.end = QDateTime::fromMSecsSinceEpoch(now);
    for (int i = 0; i < 2; ++i) {
        PanelSeries s;
        s.name = QStringLiteral("series %1").arg(i);
        s.labels = {{QStringLiteral("instance"), QStringLiteral("host-%1").arg(i)}};
        for (int k = 0; k <= 60; ++k) {
            s.timestampsMs.push_back(double(now - 3600000 + k * 60000));
            s.values.push_back(i == 0 ? 1.0 : 9.0);
        }
        data.series.push_back(s);
    }
    chart->setData(data);
    QTRY_VERIFY(chart->drawnLines().size() >= 2);
    QTest::qWait(150); // the coalesced rebuild
    QVERIFY(w.panelView(1) == chart);
    auto *view = chart->findChild<QChartView *>();
    QVERIFY(view);
    QCOMPARE(view->chart(), chart->chart());

    // Near the top of the plot, where the series at 9 runs (the other is at 1).
    const QRectF plot = chart->chart()->plotArea();
    const QPointF at(plot.center().x(), plot.top() + plot.height() * 0.12);
    const auto hit = chart->pointAt(at);
    QVERIFY(hit);
    QCOMPARE(hit->series, 1);
    QCOMPARE(hit->value, 9.0);
    const QPoint pos = view->mapFromScene(chart->chart()->mapToScene(at));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
    QTRY_VERIFY(w.page()->lastLinkMenu());
    const QList<QAction *> actions = w.page()->lastLinkMenu()->actions();
    QAction *link = nullptr;
    for (QAction *a : actions)
        if (!a->isSeparator() && !a->data().toString().isEmpty())
            link = a;
    QVERIFY(link);
    QCOMPARE(link->text(), QStringLiteral("Logs of host-1"));
    // Beside the links: traces around the clicked time.
    const auto find = std::find_if(actions.cbegin(), actions.cend(), [](QAction *a) {
        return a->objectName() == QLatin1String("findTracesHere");
    });
    QVERIFY(find != actions.cend());
    QCOMPARE(link->data().toString(), QStringLiteral("https://logs.example/?instance=host-1&v=9"));
    w.page()->lastLinkMenu()->close();
    // A press where no chart item is (Qt Charts 6.4 would dereference null) is ignored.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(5, -50));
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
    QCOMPARE(int(w.dashboard().panels.size()), 6);
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("openError"));
    QVERIFY(box);
    QVERIFY2(box->text().startsWith(broken + QStringLiteral(":4:")), qPrintable(box->text()));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    // The last dashboard is still the good one (written off the UI thread).
    QTRY_COMPARE(QSettings().value(QStringLiteral("session/lastDashboard")).toString(), kBundled);
}

// Recent files and the last dashboard are written on a worker thread (no disk sync on
// the UI thread as a dashboard opens): opens in quick succession are all kept, newest
// first, in the menu at once and in the settings once written.
void TestMainWindow::recentFilesKeepEveryOpenInOrder()
{
    QSettings().remove(QStringLiteral("recentFiles"));
    const QString a = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/database.json");
    const QString b = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/hints-service.json");
    {
        MainWindow w(endpoints());
        w.show();
        QVERIFY(w.openDashboard(kBundled));
        QVERIFY(w.openDashboard(a));
        QVERIFY(w.openDashboard(b));
        const auto *menu = w.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        QStringList shown;
        for (const QAction *action : menu->actions())
            shown << action->text();
        const QStringList expected{QFileInfo(b).absoluteFilePath(), QFileInfo(a).absoluteFilePath(),
                                   QFileInfo(kBundled).absoluteFilePath()};
        QCOMPARE(shown, expected);
        QTRY_COMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(), expected);
        QTRY_COMPARE(QSettings().value(QStringLiteral("session/lastDashboard")).toString(), b);
    }
    // Closing the window waits for what is still to be written.
    QSettings().remove(QStringLiteral("recentFiles"));
    {
        MainWindow w(endpoints());
        QVERIFY(w.openDashboard(a));
    }
    QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(),
             QStringList{QFileInfo(a).absoluteFilePath()});
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
    // A banner above the dashboard says so once, with a retry and no credentials button.
    QFrame *banner = w.serverBanner();
    QVERIFY(banner && banner->isVisible());
    const QLabel *text = banner->findChild<QLabel *>();
    QVERIFY2(text->text().startsWith(QStringLiteral("Server unreachable (%1 panels): ").arg(w.dashboard().panels.size())),
             qPrintable(text->text()));
    QVERIFY(text->text().contains(expected));
    QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("serverBannerRetry"))->isVisible());
    QVERIFY(!banner->findChild<QPushButton *>(QStringLiteral("serverBannerCredentials"))->isVisible());
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
    auto *label = w.findChild<QWidget *>(QStringLiteral("panelframe-1"))->findChild<QLabel *>(QStringLiteral("panelTitle"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QCOMPARE(label->text(), title);
    QCOMPARE(w.windowTitle(), QStringLiteral("<script>x</script> — Dozor"));
    // The tooltip is rich text only as a wrapper: rendered, it reads as the raw text.
    QTextDocument rendered;
    rendered.setHtml(label->toolTip());
    QCOMPARE(rendered.toPlainText(), description);
    QVERIFY(!label->toolTip().contains(QLatin1String("<img")));
    // A popped-out panel's dock title is never markup either.
    QDockWidget *dock = w.popOutPanel(1);
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), title);
}

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Replaces a file the way editors do: a new file renamed over the old one.
bool replaceFile(const QString &path, const QByteArray &bytes)
{
    const QString tmp = path + QStringLiteral(".new");
    QFile f(tmp);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return false;
    f.close();
    return std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()) == 0;
}
} // namespace

void TestMainWindow::failedSaveKeepsFileAndEdits_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("reason"); // what the OS says, shown to the user
    QTest::newRow("disk full (file size limit)") << QStringLiteral("fileSizeLimit") << QStringLiteral("File too large");
    QTest::newRow("folder is a file") << QStringLiteral("parentIsFile") << QStringLiteral("Not a directory");
    QTest::newRow("target is a folder") << QStringLiteral("targetIsDirectory") << QStringLiteral("directory");
    // Permissions do not stop root (CI runs as root): these rows exist only where they can fail.
    if (geteuid() != 0) {
        QTest::newRow("read-only folder") << QStringLiteral("readOnlyDir") << QStringLiteral("Permission denied");
        QTest::newRow("read-only file") << QStringLiteral("readOnlyFile") << QStringLiteral("not writable");
    }
}

void TestMainWindow::failedSaveKeepsFileAndEdits()
{
    QFETCH(QString, fault);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("dashboards"));
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QStringLiteral("/api.json");
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray original = readAll(path);

    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(path));
    const int copy = w.page()->duplicatePanel(1);
    QVERIFY(w.page()->isModified());

    QString target; // the dashboard's own file
    const auto folderPermissions = QFile::permissions(folder);
    auto restorePermissions = qScopeGuard([&] {
        QFile::setPermissions(folder, folderPermissions);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    });
    rlimit limit{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &limit) == 0);
    const rlimit unlimited = limit;
    if (fault == QLatin1String("readOnlyDir")) {
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    } else if (fault == QLatin1String("readOnlyFile")) {
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner));
    } else if (fault == QLatin1String("parentIsFile")) {
        target = path + QStringLiteral("/copy.json");
    } else if (fault == QLatin1String("targetIsDirectory")) {
        target = folder;
    } else if (fault == QLatin1String("fileSizeLimit")) {
        // The write fails half-way, as on a full disk (EFBIG instead of ENOSPC).
        std::signal(SIGXFSZ, SIG_IGN);
        limit.rlim_cur = rlim_t(original.size() / 2);
        QVERIFY(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    }
    const bool saved = w.saveDashboard(target);
    setrlimit(RLIMIT_FSIZE, &unlimited);
    QVERIFY(!saved);

    QCOMPARE(readAll(path), original); // the old file, byte for byte
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("api.json")});
    QVERIFY(w.page()->isModified()); // the edits are still here, still unsaved
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("● ")));
    QVERIFY(w.dashboard().panel(copy));
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("saveError"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(reason), qPrintable(box->text()));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QVERIFY2(w.statusBar()->currentMessage().contains(reason), qPrintable(w.statusBar()->currentMessage()));

    // Once the cause is gone, the same edits save.
    restorePermissions.dismiss();
    QFile::setPermissions(folder, folderPermissions);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(w.saveDashboard());
    QVERIFY(!w.page()->isModified());
    QVERIFY(DashboardLoader::loadFile(path).dashboard->panel(copy));
}

void TestMainWindow::changedOnDiskAsksBeforeOverwrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api.json"));
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    MainWindow w(endpoints());
    w.show();
    QVERIFY(w.openDashboard(path));
    int asked = 0;
    bool overwrite = false;
    w.setOverwriteQuestion([&](const QString &file) {
        ++asked;
        return file == path && overwrite;
    });
    auto bar = [&w]() -> QWidget * {
        QWidget *n = w.page()->notice();
        return n && n->objectName() == QLatin1String("diskChangedBar") ? n : nullptr;
    };

    // Our own save replaces the file too, but is not someone else's change.
    w.page()->duplicatePanel(1);
    QVERIFY(w.saveDashboard());
    QTest::qWait(300);
    QVERIFY(!bar());
    QCOMPARE(asked, 0);

    // Someone else saves the file (no unsaved edits here): asked, Reload the default.
    const QByteArray theirs = readAll(path).replace("\"API Performance\"", "\"Changed elsewhere\"");
    QVERIFY(replaceFile(path, theirs));
    QTRY_VERIFY(bar());
    QVERIFY(bar()->findChild<QLabel *>(QStringLiteral("noticeText"))->text().startsWith(
        QStringLiteral("api.json changed on disk")));
    QCOMPARE(w.dashboard().title, QStringLiteral("API Performance")); // never reloaded silently
    QVERIFY(bar()->findChild<QPushButton *>(QStringLiteral("reloadFromDisk"))->isDefault());
    QVERIFY(!bar()->findChild<QPushButton *>(QStringLiteral("keepMine"))->isDefault());

    // Keep mine, edit, save: asked first; Cancel leaves their file alone.
    bar()->findChild<QPushButton *>(QStringLiteral("keepMine"))->click();
    QVERIFY(!w.page()->notice());
    w.page()->removePanel(2);
    QVERIFY(!w.saveDashboard());
    QCOMPARE(asked, 1);
    QCOMPARE(readAll(path), theirs);
    QVERIFY(w.page()->isModified());
    overwrite = true;
    QVERIFY(w.saveDashboard());
    QCOMPARE(asked, 2);
    QVERIFY(!DashboardLoader::loadFile(path).dashboard->panel(2));
    QCOMPARE(DashboardLoader::loadFile(path).dashboard->title, QStringLiteral("API Performance"));

    // With unsaved edits, Keep mine is the default; Reload drops the edits.
    w.page()->removePanel(3);
    QVERIFY(replaceFile(path, theirs));
    QTRY_VERIFY(bar());
    QVERIFY(bar()->findChild<QPushButton *>(QStringLiteral("keepMine"))->isDefault());
    bar()->findChild<QPushButton *>(QStringLiteral("reloadFromDisk"))->click();
    QCOMPARE(w.dashboard().title, QStringLiteral("Changed elsewhere"));
    QVERIFY(!w.page()->isModified());
    QVERIFY(w.dashboard().panel(3));
    // Saving what was just reloaded asks nothing.
    w.page()->removePanel(3);
    QVERIFY(w.saveDashboard());
    QCOMPARE(asked, 2);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
