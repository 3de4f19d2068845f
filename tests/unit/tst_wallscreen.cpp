// Wall screens and themes: light and dark palettes that the whole application and
// its existing panels follow, the remembered choice, kiosk mode that hides the
// chrome and gives it back, and a playlist that rotates, skips broken files without
// a dialog, keeps going while the server is down and recovers when it is back.
#include "dashboardpage.h"
#include "mainwindow.h"
#include "palette.h"
#include "panelwidget.h"
#include "prometheusserver.h"
#include "recordingserver.h"
#include "sessionstore.h"
#include "statpanel.h"
#include "variablebar.h"
#include "wallscreen.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QToolBar>

#include <cmath>

class TestWallScreen : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void themeSwitchingChangesPalette_data();
    void themeSwitchingChangesPalette();
    void seriesColoursReadOnBothThemes();
    void existingPanelsFollowTheTheme();
    void themeChoiceIsRemembered();
    void systemThemeFollowsDesktop();
    void intervalAndPlaylistParsing();
    void kioskHidesChromeAndGivesItBack();
    void playlistRotatesAndLoops();
    void brokenFileIsSkippedWithoutDialog();
    void keepsRotatingWhileServerIsDownAndRecovers();
    void kioskKeysPauseNextPrevious();
    void kioskStatValuesFillTheirBox();
    void cleanup();

private:
    Endpoints endpoints() const;
    QString writeDashboard(const QString &title, const QString &file = {});
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
    ClosedPort m_closed; // refuses connections, and no parallel test can take it
};

namespace {

double contrast(const QColor &a, const QColor &b)
{
    const auto lum = [](const QColor &c) {
        const auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double la = lum(a);
    const double lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool chromeVisible(MainWindow &w)
{
    if (w.menuBar()->isHidden() || w.statusBar()->isHidden())
        return false;
    for (QToolBar *bar : w.findChildren<QToolBar *>())
        if (bar->isHidden())
            return false;
    return true;
}

} // namespace

Endpoints TestWallScreen::endpoints() const
{
    Endpoints e;
    e.prometheus = m_closed.url();
    return e;
}

QString TestWallScreen::writeDashboard(const QString &title, const QString &file)
{
    const QString path = m_files.filePath(file.isEmpty() ? title + QStringLiteral(".json") : file);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(QStringLiteral(R"json({"title": "%1", "refresh": "", "time": {"from": "now-1h", "to": "now"},
 "panels": [{"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "targets": [{"refId": "A", "expr": "up"}]},
            {"id": 2, "type": "stat", "title": "Up", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
             "targets": [{"refId": "A", "expr": "sum(up)"}]}]})json")
                .arg(title)
                .toUtf8());
    return path;
}

void TestWallScreen::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_files.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DozorTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_wallscreen"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QStandardPaths::setTestModeEnabled(true);
    cleanup();
}

void TestWallScreen::cleanup()
{
    QDir(SessionStore::defaultDirectory()).removeRecursively();
    QSettings().remove(QStringLiteral("session"));
}

void TestWallScreen::themeSwitchingChangesPalette_data()
{
    QTest::addColumn<Theme::Mode>("mode");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << Theme::Mode::Light << false;
    QTest::newRow("dark") << Theme::Mode::Dark << true;
}

void TestWallScreen::themeSwitchingChangesPalette()
{
    QFETCH(Theme::Mode, mode);
    QFETCH(bool, dark);
    auto &app = *qApp;
    applyTheme(app, dark ? Theme::Mode::Light : Theme::Mode::Dark); // start from the other one
    applyTheme(app, mode);
    QCOMPARE(Theme::effective(), mode);
    const QPalette p = QApplication::palette();
    const QColor window = p.color(QPalette::Window);
    QVERIFY2(dark ? window.lightnessF() < 0.2 : window.lightnessF() > 0.9, qPrintable(window.name()));
    QVERIFY2(dark ? p.color(QPalette::Base).lightnessF() < 0.2 : p.color(QPalette::Base).lightnessF() > 0.9,
             qPrintable(p.color(QPalette::Base).name()));
    // Text reads on every surface it is drawn on (WCAG AA 4.5:1 and better).
    for (const auto &[fg, bg] : {std::pair{QPalette::WindowText, QPalette::Window}, {QPalette::Text, QPalette::Base},
                                 {QPalette::ButtonText, QPalette::Button}, {QPalette::ToolTipText, QPalette::ToolTipBase},
                                 {QPalette::HighlightedText, QPalette::Highlight}}) {
        const double c = contrast(p.color(fg), p.color(bg));
        QVERIFY2(c >= 4.5, qPrintable(QStringLiteral("role %1 on %2: %3").arg(int(fg)).arg(int(bg)).arg(c)));
    }
    QVERIFY(contrast(p.color(QPalette::Link), p.color(QPalette::Base)) >= 4.5);
    QVERIFY(contrast(p.color(QPalette::PlaceholderText), p.color(QPalette::Base)) >= 3.0);
    // The colours panels paint with are the theme's.
    QCOMPARE(Theme::text, p.color(QPalette::Text));
    QCOMPARE(Theme::panelBackground, p.color(QPalette::Base));
    QCOMPARE(namedColor(QStringLiteral("text"), Qt::magenta), p.color(QPalette::Text));
    QVERIFY(contrast(Theme::text, Theme::panelBackground) >= 7.0);
    QVERIFY(contrast(Theme::error, Theme::panelBackground) >= 3.0);
    QVERIFY(contrast(Theme::mutedText, Theme::panelBackground) >= 3.0);
    QVERIFY(contrast(Theme::headerText, Theme::windowBackground) >= 4.5);
    QVERIFY(contrast(Theme::gridLine, Theme::panelBackground) > 1.1); // visible, but quiet
}

void TestWallScreen::seriesColoursReadOnBothThemes()
{
    applyTheme(*qApp, Theme::Mode::Dark);
    QCOMPARE(seriesColor(0), QColor(0x7eb26d)); // Grafana's classic palette, unchanged
    QCOMPARE(seriesColor(1), QColor(0xeab839));
    applyTheme(*qApp, Theme::Mode::Light);
    for (int i = 0; i < 24; ++i)
        QVERIFY2(contrast(seriesColor(i), Theme::panelBackground) >= 3.0, qPrintable(seriesColor(i).name()));
    QCOMPARE(seriesColor(5), QColor(0x1f78c1)); // already dark enough: the same colour
    QCOMPARE(seriesColor(0).hue(), QColor(0x7eb26d).hue()); // darker, same hue
    QVERIFY(seriesColor(0) != QColor(0x7eb26d));
    QCOMPARE(seriesColor(24), seriesColor(0));
    applyTheme(*qApp, Theme::Mode::Dark);
}

void TestWallScreen::existingPanelsFollowTheTheme()
{
    applyTheme(*qApp, Theme::Mode::Dark);
    MainWindow w(endpoints());
    w.resize(1000, 700);
    w.show();
    QVERIFY(w.openDashboard(writeDashboard(QStringLiteral("Themed"))));
    PanelWidget *panel = w.panelWidget(1);
    QVERIFY(panel);
    auto *chartView = panel->findChild<QChartView *>();
    QVERIFY(chartView);
    QCOMPARE(panel->palette().color(QPalette::Window), Theme::darkColors().panelBackground);
    QCOMPARE(chartView->chart()->backgroundBrush().color(), Theme::darkColors().panelBackground);

    applyTheme(*qApp, Theme::Mode::Light);
    QCOMPARE(panel->palette().color(QPalette::Window), Theme::lightColors().panelBackground);
    QCOMPARE(panel->palette().color(QPalette::WindowText), Theme::lightColors().text);
    QCOMPARE(chartView->chart()->backgroundBrush().color(), Theme::lightColors().panelBackground);
    for (QAbstractAxis *axis : chartView->chart()->axes())
        QCOMPARE(axis->labelsColor(), Theme::lightColors().text);
    // What is painted: the stat panel's background is white now.
    const QImage image = w.panelWidget(2)->grab().toImage();
    QCOMPARE(image.pixelColor(2, image.height() - 3), Theme::lightColors().panelBackground);

    applyTheme(*qApp, Theme::Mode::Dark);
    QCOMPARE(panel->palette().color(QPalette::Window), Theme::darkColors().panelBackground);
    QCOMPARE(chartView->chart()->backgroundBrush().color(), Theme::darkColors().panelBackground);
}

void TestWallScreen::themeChoiceIsRemembered()
{
    QSettings().remove(QLatin1String(Theme::settingsKey));
    QCOMPARE(Theme::saved(), Theme::Mode::System);
    Theme::save(Theme::Mode::Light);
    QCOMPARE(QSettings().value(QStringLiteral("ui/theme")).toString(), QStringLiteral("light"));
    QCOMPARE(Theme::saved(), Theme::Mode::Light);
    Theme::save(Theme::Mode::Dark);
    QSettings().sync();
    // As the next start reads it: from the file.
    QSettings file(QSettings().fileName(), QSettings::IniFormat);
    QCOMPARE(file.value(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
    QCOMPARE(Theme::saved(), Theme::Mode::Dark);
    QSettings().setValue(QStringLiteral("ui/theme"), QStringLiteral("purple"));
    QCOMPARE(Theme::saved(), Theme::Mode::System);
    QCOMPARE(Theme::fromName(QStringLiteral(" Light ")), std::optional(Theme::Mode::Light));
    QVERIFY(!Theme::fromName(QStringLiteral("solarized")));
    for (const auto m : {Theme::Mode::System, Theme::Mode::Light, Theme::Mode::Dark})
        QCOMPARE(Theme::fromName(Theme::name(m)), std::optional(m));
}

void TestWallScreen::systemThemeFollowsDesktop()
{
    const QByteArray gtk = qgetenv("GTK_THEME");
    const QByteArray desktop = qgetenv("XDG_CURRENT_DESKTOP");
    qunsetenv("XDG_CURRENT_DESKTOP");
    const auto restore = qScopeGuard([&] {
        gtk.isNull() ? qunsetenv("GTK_THEME") : qputenv("GTK_THEME", gtk);
        desktop.isNull() ? qunsetenv("XDG_CURRENT_DESKTOP") : qputenv("XDG_CURRENT_DESKTOP", desktop);
        applyTheme(*qApp, Theme::Mode::Dark);
    });
    // The offscreen platform has no desktop palette: the GTK setting decides.
    qputenv("GTK_THEME", "Adwaita:dark");
    QVERIFY(Theme::systemPrefersDark());
    applyTheme(*qApp, Theme::Mode::System);
    QCOMPARE(Theme::effective(), Theme::Mode::Dark);
    qputenv("GTK_THEME", "Adwaita");
    QVERIFY(!Theme::systemPrefersDark());
    applyTheme(*qApp, Theme::Mode::System);
    QCOMPARE(Theme::effective(), Theme::Mode::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightnessF() > 0.9);
    // Nothing says: dark, the console's home.
    qunsetenv("GTK_THEME");
    QVERIFY(Theme::systemPrefersDark());
}

void TestWallScreen::intervalAndPlaylistParsing()
{
    QCOMPARE(WallScreen::parseInterval(QStringLiteral("60s")), std::optional<qint64>(60000));
    QCOMPARE(WallScreen::parseInterval(QStringLiteral("1m30s")), std::optional<qint64>(90000));
    QCOMPARE(WallScreen::parseInterval(QStringLiteral("200ms")), std::optional<qint64>(200));
    QVERIFY(!WallScreen::parseInterval(QStringLiteral("0s")));
    QVERIFY(!WallScreen::parseInterval(QStringLiteral("60")));
    QVERIFY(!WallScreen::parseInterval(QStringLiteral("soon")));
    QCOMPARE(WallScreen::splitPlaylist(QStringLiteral("a.json, b.json,,c.json ")),
             (QStringList{QStringLiteral("a.json"), QStringLiteral("b.json"), QStringLiteral("c.json")}));
}

void TestWallScreen::kioskHidesChromeAndGivesItBack()
{
    MainWindow w(endpoints());
    w.resize(1000, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openDashboard(writeDashboard(QStringLiteral("Kiosk"))));
    QVERIFY(chromeVisible(w));
    const auto docks = w.findChildren<QDockWidget *>();
    QVERIFY(!docks.isEmpty());
    QVERIFY(w.popOutPanel(2)); // a panel dock: its title bar goes too
    const QFont font = w.font();

    auto *wall = new WallScreen(&w);
    wall->setKiosk(true);
    QVERIFY(wall->isKiosk());
    QVERIFY(w.menuBar()->isHidden());
    QVERIFY(w.statusBar()->isHidden());
    for (QToolBar *bar : w.findChildren<QToolBar *>())
        QVERIFY2(bar->isHidden(), qPrintable(bar->objectName()));
    for (VariableBar *bar : w.findChildren<VariableBar *>())
        QVERIFY(bar->isHidden());
    // An empty title bar widget: no title, no close or float buttons.
    for (QDockWidget *dock : w.findChildren<QDockWidget *>()) {
        QVERIFY2(dock->titleBarWidget(), qPrintable(dock->objectName()));
        QVERIFY(dock->titleBarWidget()->children().isEmpty());
    }
    QVERIFY(w.windowState() & Qt::WindowFullScreen);
    QVERIFY(w.font().pointSizeF() > font.pointSizeF() * 1.2);

    // Esc does not leave a wall screen.
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_Escape);
    QVERIFY(wall->isKiosk());
    QVERIFY(w.menuBar()->isHidden());
    QVERIFY(w.windowState() & Qt::WindowFullScreen);

    // Another dashboard (its saved layout restores toolbars) keeps the kiosk look.
    QVERIFY(wall->isKiosk());
    wall->setPlaylist({writeDashboard(QStringLiteral("Kiosk two"))}, 60000);
    wall->start();
    QCOMPARE(w.dashboard().title, QStringLiteral("Kiosk two"));
    QVERIFY(w.menuBar()->isHidden());
    for (QToolBar *bar : w.findChildren<QToolBar *>())
        QVERIFY(bar->isHidden());

    // The operator's way out, and back.
    QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!wall->isKiosk());
    QVERIFY(chromeVisible(w));
    for (QDockWidget *dock : w.findChildren<QDockWidget *>())
        QVERIFY2(!dock->titleBarWidget(), qPrintable(dock->objectName()));
    QVERIFY(!(w.windowState() & Qt::WindowFullScreen));
    QCOMPARE(w.font().pointSizeF(), font.pointSizeF());
    QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(wall->isKiosk());
    QVERIFY(w.menuBar()->isHidden());
    wall->setKiosk(false);
    QVERIFY(chromeVisible(w));
}

void TestWallScreen::playlistRotatesAndLoops()
{
    MainWindow w(endpoints());
    w.resize(900, 600);
    w.show();
    WallScreen wall(&w);
    wall.setPlaylist({writeDashboard(QStringLiteral("One")), writeDashboard(QStringLiteral("Two")),
                      writeDashboard(QStringLiteral("Three"))},
                     *WallScreen::parseInterval(QStringLiteral("200ms")));
    QSignalSpy shown(&wall, &WallScreen::dashboardShown);
    wall.start();
    QCOMPARE(w.dashboard().title, QStringLiteral("One"));
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("Two"));
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("Three"));
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("One"));
    QCOMPARE(wall.currentIndex(), 0);
    QVERIFY(shown.size() >= 4);
}

void TestWallScreen::brokenFileIsSkippedWithoutDialog()
{
    QFile broken(m_files.filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("{\"title\": \"x\", \"panels\": [ {\"id\": 1,, } ]}");
    broken.close();
    const QString missing = m_files.filePath(QStringLiteral("gone.json"));

    for (const bool kiosk : {false, true}) {
        MainWindow w(endpoints());
        w.resize(900, 600);
        w.show();
        WallScreen wall(&w);
        wall.setKiosk(kiosk);
        wall.setPlaylist({writeDashboard(QStringLiteral("Before")), broken.fileName(), missing,
                          writeDashboard(QStringLiteral("After"))},
                         200);
        QSignalSpy skipped(&wall, &WallScreen::dashboardSkipped);
        wall.start();
        QCOMPARE(w.dashboard().title, QStringLiteral("Before"));
        QTRY_COMPARE(w.dashboard().title, QStringLiteral("After"));
        QCOMPARE(skipped.size(), 2);
        QCOMPARE(skipped.at(0).at(0).toInt(), 1);
        QCOMPARE(skipped.at(1).at(0).toInt(), 2);
        QVERIFY2(wall.message().contains(QStringLiteral("broken.json")), qPrintable(wall.message()));
        QVERIFY2(wall.message().contains(QStringLiteral("gone.json")), qPrintable(wall.message()));
        if (kiosk) {
            auto *overlay = w.findChild<QLabel *>(QStringLiteral("wallOverlay"));
            QVERIFY(overlay);
            QVERIFY(overlay->isVisible());
            QCOMPARE(overlay->textFormat(), Qt::PlainText);
            QVERIFY(overlay->text().contains(QStringLiteral("broken.json")));
        } else {
            QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("broken.json")),
                     qPrintable(w.statusBar()->currentMessage()));
        }
        for (QMessageBox *box : w.findChildren<QMessageBox *>())
            QVERIFY2(!box->isVisible(), qPrintable(box->text()));
        QVERIFY(!QApplication::activeModalWidget());
        // And around again: the loop goes on past the broken ones.
        QTRY_COMPARE(w.dashboard().title, QStringLiteral("Before"));
        QTRY_COMPARE(w.dashboard().title, QStringLiteral("After"));
    }
}

void TestWallScreen::keepsRotatingWhileServerIsDownAndRecovers()
{
    // A Prometheus endpoint that is down (503 to every request), then back.
    RecordingServer server;
    QVERIFY(server.listen());
    server.setDefaultRoute(503, "upstream down");
    Endpoints e;
    e.prometheus = server.url();
    MainWindow w(e);
    w.resize(900, 600);
    w.show();
    WallScreen wall(&w);
    wall.setKiosk(true);
    wall.setPlaylist({writeDashboard(QStringLiteral("Down one")), writeDashboard(QStringLiteral("Down two"))}, 400);
    wall.start();
    QTRY_VERIFY(w.panelWidget(1) && !w.panelWidget(1)->errorText().isEmpty());
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("Down two"));
    QTRY_VERIFY(w.panelWidget(1) && !w.panelWidget(1)->errorText().isEmpty());
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("Down one"));

    // Back up: nobody touches anything, the panels show data again.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    server.setDefaultRoute(200, QStringLiteral(R"json({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"__name__":"up","job":"api"},"values":[[%1,"1"],[%2,"1"]]}]}})json")
                                    .arg(now - 60)
                                    .arg(now)
                                    .toUtf8());
    QTRY_VERIFY_WITH_TIMEOUT(w.panelWidget(1) && w.panelWidget(1)->errorText().isEmpty() &&
                                 !w.panelWidget(1)->data().series.empty(),
                             10000);
    const QString recovered = w.dashboard().title;
    QTRY_VERIFY(w.dashboard().title != recovered); // and it still rotates
    QTRY_VERIFY_WITH_TIMEOUT(w.panelWidget(1) && w.panelWidget(1)->errorText().isEmpty() &&
                                 !w.panelWidget(1)->data().series.empty(),
                             10000);
}

void TestWallScreen::kioskKeysPauseNextPrevious()
{
    MainWindow w(endpoints());
    w.resize(900, 600);
    w.show();
    auto *wall = new WallScreen(&w);
    wall->setPlaylist({writeDashboard(QStringLiteral("K1")), writeDashboard(QStringLiteral("K2")),
                       writeDashboard(QStringLiteral("K3"))},
                      300);
    wall->setKiosk(true);
    wall->start();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QCOMPARE(w.dashboard().title, QStringLiteral("K1"));

    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(wall->isPaused());
    auto *overlay = w.findChild<QLabel *>(QStringLiteral("wallOverlay"));
    QVERIFY(overlay && overlay->isVisible());
    QVERIFY(overlay->text().contains(QStringLiteral("paused")));
    QTest::qWait(900); // three intervals: nothing moves while paused
    QCOMPARE(w.dashboard().title, QStringLiteral("K1"));

    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.dashboard().title, QStringLiteral("K2"));
    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.dashboard().title, QStringLiteral("K3"));
    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.dashboard().title, QStringLiteral("K1"));
    QTest::keyClick(&w, Qt::Key_Left);
    QCOMPARE(w.dashboard().title, QStringLiteral("K3"));
    QTest::qWait(700);
    QCOMPARE(w.dashboard().title, QStringLiteral("K3")); // still paused

    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(!wall->isPaused());
    QTRY_COMPARE(w.dashboard().title, QStringLiteral("K1"));

    // Outside kiosk mode the keys belong to the dashboard.
    wall->setPaused(true);
    wall->setKiosk(false);
    const QString before = w.dashboard().title;
    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.dashboard().title, before);
}

namespace {
// Rows of `rect` in `img` with ink: pixels far from the background at its top-left.
int inkHeight(const QImage &img, const QRect &rect)
{
    const QColor bg = img.pixelColor(rect.topLeft());
    int top = -1, bottom = -1;
    for (int y = rect.top(); y <= rect.bottom() && y < img.height(); ++y) {
        for (int x = rect.left(); x <= rect.right() && x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - bg.red()) + std::abs(p.green() - bg.green()) + std::abs(p.blue() - bg.blue()) > 150) {
                if (top < 0)
                    top = y;
                bottom = y;
                break;
            }
        }
    }
    return top < 0 ? 0 : bottom - top + 1;
}
} // namespace

void TestWallScreen::kioskStatValuesFillTheirBox()
{
    // One big stat on a wall: readable across the room, but capped on a workstation.
    const QString path = m_files.filePath(QStringLiteral("bigstat.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"json({"title": "Big stat", "refresh": "", "time": {"from": "now-1h", "to": "now"},
 "panels": [{"id": 1, "type": "stat", "title": "", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 24},
             "options": {"textMode": "value", "graphMode": "none", "colorMode": "none"},
             "targets": [{"refId": "A", "expr": "sum(up)"}]}]})json");
    f.close();
    MainWindow w(endpoints());
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openDashboard(path));
    // The wall shows only the dashboard.
    for (QDockWidget *dock : w.findChildren<QDockWidget *>())
        dock->hide();
    auto *stat = qobject_cast<StatPanel *>(w.panelWidget(1));
    QVERIFY(stat);
    QTRY_COMPARE(w.queriesInFlight(), 0); // the closed port answers first...
    PanelData data; // ...then the value arrives
    PanelSeries s;
    s.name = QStringLiteral("up");
    s.refId = QStringLiteral("A");
    s.timestampsMs = {1'700'000'000'000.0, 1'700'000'015'000.0};
    s.values = {41.0, 42.0};
    data.series = {s};
    stat->setData(data);
    QCOMPARE(stat->cells().size(), 1);
    QCOMPARE(stat->cells().first().text, QStringLiteral("42"));

    const auto measure = [stat](int *px) {
        QCoreApplication::processEvents();
        const QImage img = stat->grab().toImage();
        *px = stat->paintedValuePixelSizes().value(0);
        return inkHeight(img, stat->cellRects().value(0).toRect());
    };
    int normalPx = 0;
    const int normalInk = measure(&normalPx);
    const QSizeF box = stat->cellRects().value(0).size();
    QVERIFY2(box.height() > 400 && box.width() > 400, qPrintable(QStringLiteral("%1x%2").arg(box.width()).arg(box.height())));
    QCOMPARE(normalPx, StatPanel::kDefaultMaxValuePixelSize); // the box allows more: the cap holds

    auto *wall = new WallScreen(&w);
    wall->setKiosk(true);
    QTRY_VERIFY(stat->cellRects().value(0).height() > 400);
    int kioskPx = 0;
    const int kioskInk = measure(&kioskPx);
    QVERIFY2(kioskPx > 300, qPrintable(QString::number(kioskPx)));
    QVERIFY2(kioskInk > normalInk * 3 / 2, qPrintable(QStringLiteral("%1 vs %2").arg(kioskInk).arg(normalInk)));
    // Still inside its box.
    QVERIFY(kioskPx <= stat->cellRects().value(0).height());

    // A panel made while on the wall (next playlist dashboard) is large too.
    QVERIFY(w.openDashboard(path));
    auto *again = qobject_cast<StatPanel *>(w.panelWidget(1));
    QVERIFY(again);
    QCOMPARE(again->maxValuePixelSize(), 0);

    wall->setKiosk(false);
    QCOMPARE(again->maxValuePixelSize(), StatPanel::kDefaultMaxValuePixelSize);
    QTRY_COMPARE(w.queriesInFlight(), 0);
    again->setData(data);
    QCoreApplication::processEvents();
    again->grab();
    QCOMPARE(again->paintedValuePixelSizes().value(0), StatPanel::kDefaultMaxValuePixelSize);
}

QTEST_MAIN(TestWallScreen)
#include "tst_wallscreen.moc"
