// Nothing lost after a crash: the session store autosaves unsaved edits atomically,
// a run that ended without a clean exit gets them back (edited, marked modified,
// with a bar to discard them), a clean exit or a save leaves nothing to restore,
// and a corrupt session file is set aside with a warning.
#include "dashboardloader.h"
#include "dashboardpage.h"
#include "mainwindow.h"
#include "paneleditor.h"
#include "prometheusserver.h"
#include "sessionstore.h"
#include "timerangepicker.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QSignalSpy>
#include <QTimer>

#include <csignal>
#include <sys/resource.h>

class TestSessionStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void encodeDecodeRoundTrip();
    void uncleanExitReturnsEdits();
    void cleanExitLeavesNothing();
    void periodicWriteFollowsEdits();
    void corruptSessionIsSetAside_data();
    void corruptSessionIsSetAside();
    void secondInstanceLeavesSessionAlone();
    void lockOfAnotherProcessHoldsUntilItDies();
    void failedAutosaveIsReported();
    void windowRestoresEditsAfterKill();
    void cleanCloseAndSaveLeaveNothing();
    void otherFileKeepsOldEditsAside();

private:
    Endpoints endpoints(const QString &userInfo = {}) const;
    QTemporaryDir m_settingsDir;
    ClosedPort m_closed;
};

namespace {
const QString kBundled = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");

SessionState sampleState()
{
    SessionState s;
    s.dashboardPath = QStringLiteral("/tmp/x.json");
    s.dashboardJson = QByteArray("{\"title\":\"T\",\"panels\":[]}");
    s.diskSha256 = QByteArray("ab12");
    s.timeFrom = QStringLiteral("now-1h");
    s.timeTo = QStringLiteral("now");
    s.variables.insert(QStringLiteral("env"), {QStringLiteral("prod"), QStringLiteral("stage")});
    s.windowState = QByteArray("\x00\x01\xff", 3);
    s.windowGeometry = QByteArray("geo");
    s.savedAt = QDateTime(QDate(2024, 5, 6), QTime(17, 42, 3, 5));
    return s;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
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

QPushButton *noticeButton(MainWindow &w, const char *bar, const char *button)
{
    QWidget *notice = w.page()->notice();
    if (!notice || notice->objectName() != QLatin1String(bar))
        return nullptr;
    return notice->findChild<QPushButton *>(QLatin1String(button));
}
} // namespace

Endpoints TestSessionStore::endpoints(const QString &userInfo) const
{
    Endpoints e;
    QUrl url = m_closed.url();
    if (!userInfo.isEmpty())
        url.setUserInfo(userInfo);
    e.prometheus = url;
    e.alertmanager = url;
    return e;
}

void TestSessionStore::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DozorTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sessionstore"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestSessionStore::encodeDecodeRoundTrip()
{
    const SessionState s = sampleState();
    QString error;
    const auto back = SessionStore::decode(SessionStore::encode(s), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->dashboardPath, s.dashboardPath);
    QCOMPARE(QJsonDocument::fromJson(back->dashboardJson), QJsonDocument::fromJson(s.dashboardJson));
    QCOMPARE(back->diskSha256, s.diskSha256);
    QCOMPARE(back->timeFrom, s.timeFrom);
    QCOMPARE(back->timeTo, s.timeTo);
    QCOMPARE(back->variables, s.variables);
    QCOMPARE(back->windowState, s.windowState);
    QCOMPARE(back->windowGeometry, s.windowGeometry);
    QCOMPARE(back->savedAt.toMSecsSinceEpoch(), s.savedAt.toMSecsSinceEpoch());
}

void TestSessionStore::uncleanExitReturnsEdits()
{
    QTemporaryDir dir;
    {
        SessionStore store;
        store.setDirectory(dir.path());
        store.setProvider([] { return std::optional<SessionState>(sampleState()); });
        QVERIFY(!store.begin());
        QVERIFY(store.isActive());
        QVERIFY(store.writeNow());
        QVERIFY(QFile::exists(store.sessionFile()));
    } // gone without finish(): as after kill -9
    SessionStore next;
    next.setDirectory(dir.path());
    const auto restored = next.begin();
    QVERIFY(restored);
    QCOMPARE(restored->dashboardPath, sampleState().dashboardPath);
}

void TestSessionStore::cleanExitLeavesNothing()
{
    QTemporaryDir dir;
    {
        SessionStore store;
        store.setDirectory(dir.path());
        store.setProvider([] { return std::optional<SessionState>(sampleState()); });
        store.begin();
        QVERIFY(store.writeNow());
        store.finish();
        QVERIFY(!QFile::exists(store.sessionFile()));
    }
    SessionStore next;
    next.setDirectory(dir.path());
    QVERIFY(!next.begin());
    // A session file next to a clean-exit marker (written by something else) is stale.
    QFile stale(next.sessionFile());
    next.finish();
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write(SessionStore::encode(sampleState()));
    stale.close();
    SessionStore third;
    third.setDirectory(dir.path());
    QVERIFY(!third.begin());
    QVERIFY(!QFile::exists(third.sessionFile()));
}

void TestSessionStore::periodicWriteFollowsEdits()
{
    QTemporaryDir dir;
    bool unsaved = false;
    SessionStore store;
    store.setDirectory(dir.path());
    store.setInterval(50);
    store.setProvider([&unsaved] { return unsaved ? std::optional<SessionState>(sampleState()) : std::nullopt; });
    store.begin();
    QTest::qWait(150);
    QVERIFY(!QFile::exists(store.sessionFile())); // nothing unsaved, nothing written
    unsaved = true;
    QTRY_VERIFY(QFile::exists(store.sessionFile()));
    QVERIFY(SessionStore::decode(readAll(store.sessionFile()), nullptr));
    unsaved = false; // saved: the recovery copy goes with the next autosave
    QTRY_VERIFY(!QFile::exists(store.sessionFile()));
}

void TestSessionStore::corruptSessionIsSetAside_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("garbage") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10);
    QTest::newRow("empty file") << QByteArray();
    QTest::newRow("truncated") << SessionStore::encode(sampleState()).left(60);
    QTest::newRow("unknown format") << QByteArray("{\"format\": 99, \"dashboardPath\": \"/x\", \"dashboard\": {\"a\": 1}}");
    QTest::newRow("no dashboard") << QByteArray("{\"format\": 1, \"dashboardPath\": \"/x\"}");
    QTest::newRow("array") << QByteArray("[1, 2, 3]");
}

void TestSessionStore::corruptSessionIsSetAside()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    SessionStore store;
    store.setDirectory(dir.path());
    QFile f(store.sessionFile());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be read")));
    QString warning;
    QVERIFY(!store.begin(&warning));
    QVERIFY(warning.contains(QLatin1String("cannot be read")));
    QVERIFY(store.isActive()); // this run still autosaves
    QVERIFY(!QFile::exists(store.sessionFile()));
    QCOMPARE(readAll(dir.filePath(QStringLiteral("session.corrupt.json"))), bytes);

    // A window starting on it opens normally.
    QFile again(store.sessionFile());
    store.finish();
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("clean-exit"))));
    QVERIFY(again.open(QIODevice::WriteOnly));
    again.write(bytes);
    again.close();
    MainWindow w(endpoints());
    w.sessionStore()->setDirectory(dir.path());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be read")));
    QVERIFY(!w.restoreSession());
    QVERIFY(w.openDashboard(kBundled));
    QVERIFY(!w.page()->isModified());
}

void TestSessionStore::secondInstanceLeavesSessionAlone()
{
    QTemporaryDir dir;
    SessionStore first;
    first.setDirectory(dir.path());
    first.setProvider([] { return std::optional<SessionState>(sampleState()); });
    first.begin();
    QVERIFY(first.writeNow());
    SessionStore second;
    second.setDirectory(dir.path());
    QString warning;
    QVERIFY(!second.begin(&warning)); // the first one is alive: not a crash
    QVERIFY(!second.isActive());
    QVERIFY(warning.contains(QLatin1String("Another Dozor")));
    QVERIFY(!second.writeNow());
    QVERIFY(QFile::exists(first.sessionFile()));
}

// Another Dozor process (here util-linux's flock(1) holding the slot's lock) keeps the
// session to itself; once it is killed - no clean exit, nothing removed - the next
// start takes the slot over at once and finds the edits it left.
void TestSessionStore::lockOfAnotherProcessHoldsUntilItDies()
{
    QTemporaryDir dir;
    {
        SessionStore crashed;
        crashed.setDirectory(dir.path());
        crashed.setProvider([] { return std::optional<SessionState>(sampleState()); });
        crashed.begin();
        QVERIFY(crashed.writeNow());
        // (finish() is never called: no clean-exit marker, as after a crash)
    }
    QProcess other;
    other.start(QStringLiteral("flock"),
                {QStringLiteral("-x"), QStringLiteral("-o"), dir.filePath(QStringLiteral("session.lock")),
                 QStringLiteral("-c"), QStringLiteral("echo held; exec sleep 20")});
    QVERIFY2(other.waitForReadyRead(10000), qPrintable(other.errorString()));
    QCOMPARE(other.readAll().trimmed(), QByteArray("held"));

    SessionStore second;
    second.setDirectory(dir.path());
    QString warning;
    QVERIFY(!second.begin(&warning));
    QVERIFY2(warning.contains(QLatin1String("Another Dozor")), qPrintable(warning));

    other.kill(); // SIGKILL: the lock goes with the process
    QVERIFY(other.waitForFinished(10000));
    SessionStore third;
    third.setDirectory(dir.path());
    const std::optional<SessionState> recovered = third.begin(&warning);
    QVERIFY(third.isActive());
    QVERIFY(recovered);
    QCOMPARE(recovered->dashboardPath, sampleState().dashboardPath);
}

void TestSessionStore::failedAutosaveIsReported()
{
    QTemporaryDir dir;
    SessionStore store;
    store.setDirectory(dir.path());
    store.setProvider([] {
        SessionState s = sampleState();
        s.windowState = QByteArray(64 * 1024, 'w'); // larger than the limit below
        return std::optional<SessionState>(s);
    });
    store.begin();
    QVERIFY(store.writeNow());
    const QByteArray before = readAll(store.sessionFile());
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    // The disk fills up: the write stops half-way, as with ENOSPC.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &limit) == 0);
    const rlimit old = limit;
    limit.rlim_cur = 4096;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    QString error;
    const bool first = store.writeNow(&error);
    const bool second = store.writeNow();
    setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(!first);
    QVERIFY(!second);
    QVERIFY2(error.contains(QLatin1String("File too large")), qPrintable(error));
    QCOMPARE(failed.count(), 1); // once per cause, not every interval
    QCOMPARE(readAll(store.sessionFile()), before); // the last good copy stays
}

void TestSessionStore::windowRestoresEditsAfterKill()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api.json"));
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray original = readAll(path);
    const QString store = dir.filePath(QStringLiteral("session"));
    const QString title = QStringLiteral("Edited <b>before</b> the crash");
    TimeRange range;
    range.from = QStringLiteral("now-3h");
    range.to = QStringLiteral("now-1h");

    auto *w = new MainWindow(endpoints(QStringLiteral("admin:s3cret")));
    w->sessionStore()->setDirectory(store);
    w->sessionStore()->setInterval(50);
    w->show();
    QVERIFY(!w->restoreSession());
    QVERIFY(w->openDashboard(path));
    emit w->findChild<TimeRangePicker *>()->rangeChanged(range);
    QVERIFY(editTitle(*w, 2, title));
    QVERIFY(w->page()->isModified());
    const QString sessionFile = w->sessionStore()->sessionFile();
    QTRY_VERIFY(SessionStore::decode(readAll(sessionFile), nullptr) &&
                SessionStore::decode(readAll(sessionFile), nullptr)->timeFrom == range.from);
    const QByteArray saved = readAll(sessionFile);
    QVERIFY(SessionStore::decode(saved, nullptr)->dashboardJson.contains(title.toUtf8()));
    QVERIFY(!saved.contains("s3cret")); // no credentials in the recovery file
    QVERIFY(!saved.contains("admin"));
    delete w; // no closeEvent: what kill -9 leaves behind
    QCOMPARE(readAll(path), original); // autosave never touches the dashboard file

    MainWindow again(endpoints());
    again.sessionStore()->setDirectory(store);
    again.show();
    again.openInitialDashboard();
    QCOMPARE(again.page()->path(), path);
    QVERIFY(again.dashboard().panel(2));
    QCOMPARE(again.dashboard().panel(2)->title, title);
    QVERIFY(again.page()->isModified());
    QVERIFY(again.windowTitle().startsWith(QStringLiteral("● ")));
    QCOMPARE(again.page()->range().from, range.from);
    QCOMPARE(again.findChild<TimeRangePicker *>()->range().from, range.from);
    QWidget *bar = again.page()->notice();
    QVERIFY(bar);
    QCOMPARE(bar->objectName(), QStringLiteral("restoredBar"));
    auto *label = bar->findChild<QLabel *>(QStringLiteral("noticeText"));
    QVERIFY2(label->text().startsWith(QStringLiteral("Restored unsaved changes from a session that ended "
                                                     "unexpectedly at ")),
             qPrintable(label->text()));
    QCOMPARE(label->textFormat(), Qt::PlainText);
    // The restored edits are this run's unsaved edits: they are autosaved again.
    QTRY_VERIFY(QFile::exists(again.sessionStore()->sessionFile()));

    // Discard reloads the file from disk.
    QPushButton *discard = noticeButton(again, "restoredBar", "discardRestored");
    QVERIFY(discard);
    discard->click();
    QVERIFY(!again.page()->isModified());
    QCOMPARE(again.dashboard().panel(2)->title, DashboardLoader::loadFile(path).dashboard->panel(2)->title);
    QVERIFY(!QFile::exists(again.sessionStore()->sessionFile()));
}

void TestSessionStore::cleanCloseAndSaveLeaveNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api.json"));
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QString store = dir.filePath(QStringLiteral("session"));
    {
        MainWindow w(endpoints());
        w.sessionStore()->setDirectory(store);
        w.sessionStore()->setInterval(50);
        w.show();
        QVERIFY(w.openDashboard(path));
        QVERIFY(editTitle(w, 1, QStringLiteral("Saved title")));
        QTRY_VERIFY(QFile::exists(w.sessionStore()->sessionFile()));
        QVERIFY(w.saveDashboard());
        QVERIFY(!QFile::exists(w.sessionStore()->sessionFile())); // saved: no recovery copy
        QTest::qWait(120);
        QVERIFY(!QFile::exists(w.sessionStore()->sessionFile()));

        QVERIFY(editTitle(w, 1, QStringLiteral("Discarded title")));
        QTRY_VERIFY(QFile::exists(w.sessionStore()->sessionFile()));
        // Close, answering the unsaved-changes question with Discard.
        bool answered = false;
        QTimer::singleShot(0, &w, [&answered] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box && box->button(QMessageBox::Discard)) {
                answered = true;
                box->button(QMessageBox::Discard)->click();
            }
        });
        QVERIFY(w.close());
        QVERIFY(answered);
        QVERIFY(!QFile::exists(w.sessionStore()->sessionFile()));
    }
    MainWindow next(endpoints());
    next.sessionStore()->setDirectory(store);
    next.show();
    QVERIFY(!next.restoreSession());
    QVERIFY(next.openDashboard(path));
    QCOMPARE(next.dashboard().panel(1)->title, QStringLiteral("Saved title"));
    QVERIFY(!next.page()->isModified());
    QVERIFY(!next.page()->notice());
}

void TestSessionStore::otherFileKeepsOldEditsAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api.json"));
    QVERIFY(QFile::copy(kBundled, path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QString store = dir.filePath(QStringLiteral("session"));
    {
        MainWindow w(endpoints());
        w.sessionStore()->setDirectory(store);
        w.show();
        QVERIFY(w.openDashboard(path));
        QVERIFY(editTitle(w, 1, QStringLiteral("Kept aside")));
        QVERIFY(w.sessionStore()->writeNow());
    }
    // `dozor other.json` after the crash: the other file opens as it is, and the
    // crashed run's edits are not overwritten by this run's autosaves.
    MainWindow w(endpoints());
    w.sessionStore()->setDirectory(store);
    w.show();
    QVERIFY(w.openDashboard(kBundled));
    QVERIFY(!w.page()->isModified());
    QVERIFY(!QFile::exists(w.sessionStore()->sessionFile()));
    const QStringList kept = QDir(store).entryList({QStringLiteral("unrestored-*.json")}, QDir::Files);
    QCOMPARE(kept.size(), 1);
    const auto old = SessionStore::decode(readAll(QDir(store).filePath(kept.first())), nullptr);
    QVERIFY(old);
    QVERIFY(old->dashboardJson.contains("Kept aside"));
}

QTEST_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
