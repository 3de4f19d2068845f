// Several dashboards in separate windows (a second monitor): File > New Window and
// Open in New Window open another console window in the same process, each with its
// own dashboard, time range and docks; closing one leaves the others (the
// application quits with the last); each window autosaves its own unsaved edits, and
// after a crash every window's edits come back, each in a window of its own.
#include "dashboardloader.h"
#include "dashboardpage.h"
#include "mainwindow.h"
#include "paneleditor.h"
#include "prometheusserver.h"
#include "sessionstore.h"
#include "timerangepicker.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

class TestMultiWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void newWindowsShowDashboardsIndependently();
    void everyWindowsEditsComeBackAfterCrash();
    void closingOneWindowKeepsTheOthers(); // last: it ends with the last window closed
    void cleanup();

private:
    Endpoints endpoints() const;
    QTemporaryDir m_settingsDir;
    ClosedPort m_closed;
};

namespace {
const QString kApi = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Another bundled dashboard than api-performance.json, with a different title.
QString otherDashboard()
{
    const QString apiTitle = DashboardLoader::loadFile(kApi).dashboard->title;
    const QDir dir(QStringLiteral(DOZOR_SOURCE_DIR "/dashboards"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const auto loaded = DashboardLoader::loadFile(dir.filePath(name));
        if (loaded.dashboard && loaded.dashboard->title != apiTitle && loaded.dashboard->panels.size() > 1)
            return dir.filePath(name);
    }
    return {};
}

// Edits a panel's title through the panel editor, as a user does.
bool editTitle(MainWindow &w, int id, const QString &title)
{
    w.page()->editPanel(id);
    auto *editor = w.page()->findChild<PanelEditor *>();
    if (!editor)
        return false;
    auto *line = editor->findChild<QLineEdit *>(QStringLiteral("panelTitle"));
    if (!line)
        return false;
    line->setText(title);
    editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return w.dashboard().panel(id) && w.dashboard().panel(id)->title == title;
}

MainWindow *otherWindow(const MainWindow *than)
{
    for (MainWindow *w : MainWindow::windows())
        if (w != than)
            return w;
    return nullptr;
}

int panelDocks(const MainWindow &w)
{
    int n = 0;
    for (const QDockWidget *d : w.findChildren<QDockWidget *>())
        n += d->objectName().startsWith(QLatin1String("panel-")) && d->isVisible();
    return n;
}
} // namespace

Endpoints TestMultiWindow::endpoints() const
{
    Endpoints e;
    e.prometheus = m_closed.url();
    e.alertmanager = m_closed.url();
    return e;
}

void TestMultiWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DozorTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_multiwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(!otherDashboard().isEmpty());
    cleanup();
}

void TestMultiWindow::cleanup()
{
    // Windows a test left open (made by openNewWindow, deleted on close).
    const auto left = MainWindow::windows();
    for (MainWindow *w : left)
        if (w->testAttribute(Qt::WA_DeleteOnClose))
            delete w;
    QDir(SessionStore::defaultDirectory()).removeRecursively();
}

void TestMultiWindow::newWindowsShowDashboardsIndependently()
{
    MainWindow first(endpoints());
    first.show();
    QVERIFY(first.openDashboard(kApi));
    QCOMPARE(MainWindow::windows().size(), 1);

    // File > New Window (Ctrl+Shift+N): the same dashboard, in a window of its own.
    auto *newWindow = first.findChild<QAction *>(QStringLiteral("actionNewWindow"));
    QVERIFY(newWindow);
    QCOMPARE(newWindow->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    newWindow->trigger();
    QCOMPARE(MainWindow::windows().size(), 2);
    QPointer<MainWindow> second = otherWindow(&first);
    QVERIFY(second);
    QVERIFY(second->isVisible());
    QCOMPARE(second->page()->path(), kApi);

    // The second monitor shows another dashboard; the first one keeps its own.
    const QString other = otherDashboard();
    QVERIFY(second->openDashboard(other));
    QCOMPARE(second->page()->path(), other);
    QCOMPARE(first.page()->path(), kApi);
    QVERIFY(first.dashboard().title != second->dashboard().title);

    // Its own time range...
    TimeRange range;
    range.from = QStringLiteral("now-6h");
    range.to = QStringLiteral("now-2h");
    const TimeRange before = first.timeRange();
    emit second->findChild<TimeRangePicker *>()->rangeChanged(range);
    QCOMPARE(second->timeRange().from, range.from);
    QCOMPARE(second->page()->range().from, range.from);
    QCOMPARE(first.timeRange().from, before.from);
    QCOMPARE(first.page()->range().from, before.from);
    QCOMPARE(first.findChild<TimeRangePicker *>()->range().from, before.from);

    // ...its own docks...
    const int id = second->dashboard().panels.first().id;
    QVERIFY(second->popOutPanel(id));
    QCOMPARE(panelDocks(*second), 1);
    QCOMPARE(panelDocks(first), 0);

    // ...and its own edits: the other window's dashboard stays unmodified.
    QVERIFY(editTitle(*second, id, QStringLiteral("Only in the second window")));
    QVERIFY(second->page()->isModified());
    QVERIFY(!first.page()->isModified());
    QVERIFY(!first.windowTitle().startsWith(QStringLiteral("● ")));

    // Open in New Window is there too (it asks for a file).
    QVERIFY(first.findChild<QAction *>(QStringLiteral("actionOpenInNewWindow")));
    // A window opened by code (as `dozor a.json b.json` does) opens the file given.
    MainWindow *third = first.openNewWindow();
    QVERIFY(third->openDashboard(other));
    QCOMPARE(MainWindow::windows().size(), 3);
    QCOMPARE(third->page()->path(), other);
    QVERIFY(!third->page()->isModified());
}

void TestMultiWindow::everyWindowsEditsComeBackAfterCrash()
{
    QTemporaryDir dir;
    const QString apiPath = dir.filePath(QStringLiteral("api.json"));
    const QString otherPath = dir.filePath(QStringLiteral("other.json"));
    QVERIFY(QFile::copy(kApi, apiPath));
    QVERIFY(QFile::copy(otherDashboard(), otherPath));
    for (const QString &p : {apiPath, otherPath})
        QFile::setPermissions(p, QFile::ReadOwner | QFile::WriteOwner);
    const QString store = dir.filePath(QStringLiteral("session"));
    const QString firstTitle = QStringLiteral("Edited in the first window");
    const QString secondTitle = QStringLiteral("Edited in the second window");

    auto *first = new MainWindow(endpoints());
    first->sessionStore()->setDirectory(store);
    first->sessionStore()->setInterval(50);
    first->show();
    QVERIFY(!first->restoreSession());
    QVERIFY(first->openDashboard(apiPath));
    MainWindow *second = first->openNewWindow();
    QVERIFY(second->openDashboard(otherPath));
    QCOMPARE(second->sessionStore()->directory(), store);
    const int firstId = first->dashboard().panels.first().id;
    const int secondId = second->dashboard().panels.first().id;
    QVERIFY(editTitle(*first, firstId, firstTitle));
    QVERIFY(editTitle(*second, secondId, secondTitle));

    // Two windows, two recovery files, each with its own window's edits.
    const QString firstFile = first->sessionStore()->sessionFile();
    const QString secondFile = second->sessionStore()->sessionFile();
    QVERIFY(firstFile != secondFile);
    QTRY_VERIFY(readAll(firstFile).contains(firstTitle.toUtf8()));
    QTRY_VERIFY(readAll(secondFile).contains(secondTitle.toUtf8()));
    QTest::qWait(150); // several autosaves of both: neither overwrites the other
    QVERIFY(readAll(firstFile).contains(firstTitle.toUtf8()));
    QVERIFY(!readAll(firstFile).contains(secondTitle.toUtf8()));
    QVERIFY(readAll(secondFile).contains(secondTitle.toUtf8()));
    QVERIFY(!readAll(secondFile).contains(firstTitle.toUtf8()));

    // kill -9: no window closes.
    delete second;
    delete first;
    QVERIFY(MainWindow::windows().isEmpty());

    // The next start brings both back, each in a window of its own.
    MainWindow again(endpoints());
    again.sessionStore()->setDirectory(store);
    again.show();
    again.openInitialDashboard();
    QCOMPARE(MainWindow::windows().size(), 2);
    MainWindow *restored = otherWindow(&again);
    QVERIFY(restored);
    QVERIFY(restored->isVisible());
    QHash<QString, MainWindow *> byPath{{again.page()->path(), &again}, {restored->page()->path(), restored}};
    QVERIFY(byPath.contains(apiPath));
    QVERIFY(byPath.contains(otherPath));
    QCOMPARE(byPath[apiPath]->dashboard().panel(firstId)->title, firstTitle);
    QCOMPARE(byPath[otherPath]->dashboard().panel(secondId)->title, secondTitle);
    for (MainWindow *w : {&again, restored}) {
        QVERIFY(w->page()->isModified());
        QVERIFY(w->page()->notice());
        QCOMPARE(w->page()->notice()->objectName(), QStringLiteral("restoredBar"));
    }
    // The files on disk were never touched by the autosaves.
    QVERIFY(!readAll(apiPath).contains(firstTitle.toUtf8()));
    QVERIFY(!readAll(otherPath).contains(secondTitle.toUtf8()));
    // Both are this run's unsaved edits again, autosaved in their own files.
    QVERIFY(again.sessionStore()->sessionFile() != restored->sessionStore()->sessionFile());
    QTRY_VERIFY(QFile::exists(again.sessionStore()->sessionFile()));
    QTRY_VERIFY(QFile::exists(restored->sessionStore()->sessionFile()));
    // Nothing else was left to restore.
    QCOMPARE(SessionStore::leftBehind(store), QList<int>());
}

void TestMultiWindow::closingOneWindowKeepsTheOthers()
{
    // Runs the application's own event loop: it must end when the last window closes,
    // and not before.
    QVERIFY(qApp->quitOnLastWindowClosed());
    auto *first = new MainWindow(endpoints());
    first->setAttribute(Qt::WA_DeleteOnClose);
    first->show();
    QVERIFY(first->openDashboard(kApi));
    QPointer<MainWindow> firstPtr = first;
    QPointer<MainWindow> second = first->openNewWindow();
    QVERIFY(second->openDashboard(otherDashboard()));
    QPointer<MainWindow> third = first->openNewWindow();
    QVERIFY(third->openDashboard(kApi));
    QVERIFY(QTest::qWaitForWindowExposed(second));

    int step = 0;
    bool secondGone = false, firstGone = false, thirdShown = false;
    QList<int> leftAfterClose{-1};
    // Closing a window that is not the first: the others stay, nothing quits.
    QTimer::singleShot(0, this, [&] {
        step = 1;
        second->close();
    });
    QTimer::singleShot(300, this, [&] {
        step = 2;
        secondGone = !second && MainWindow::windows().size() == 2 && firstPtr && firstPtr->isVisible();
        firstPtr->close(); // the first one too: the third goes on
    });
    QTimer::singleShot(600, this, [&] {
        step = 3;
        firstGone = !firstPtr && MainWindow::windows().size() == 1;
        thirdShown = third && third->isVisible() && third->page()->path() == kApi;
        // A clean close leaves nothing to restore for the closed windows.
        leftAfterClose = SessionStore::leftBehind(SessionStore::defaultDirectory());
        third->close(); // the last window: the application ends
    });
    QTimer::singleShot(10000, this, [] { QCoreApplication::exit(99); }); // never hang
    const int rc = QCoreApplication::exec();
    QCOMPARE(step, 3); // not ended by an earlier close
    QCOMPARE(rc, 0);   // ended by the last close, not by the guard
    QVERIFY(secondGone);
    QVERIFY(firstGone);
    QVERIFY(thirdShown);
    QCOMPARE(leftAfterClose, QList<int>());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(!third);
}

QTEST_MAIN(TestMultiWindow)
#include "tst_multiwindow.moc"
