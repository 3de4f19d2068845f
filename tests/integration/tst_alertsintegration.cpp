// Alerts end to end against the real Prometheus (evaluating a rule file) and the
// real Alertmanager it sends to, both started here on loopback: what the alert
// list shows, where runbook links lead, the silence round trip, and the exit codes
// of `dozor alerts` that smoke tests rely on.
#include "alertclient.h"
#include "alertlist.h"
#include "alertmodel.h"
#include "chartpanel.h"
#include "faultserver.h"
#include "mainwindow.h"
#include "childprocess.h"
#include "prometheusserver.h"
#include "runbooks.h"
#include "runbookviewer.h"
#include "silencedialog.h"
#include "urlcatcher.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QSettings>
#include <QTemporaryDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

namespace {

QByteArray testRules()
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/alerts/test-rules.yml"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace


class TestAlertsIntegration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void alertsFromBothSources();
    void alertListShowsPlainTextAndGroups();
    void runbookLinks();
    void silenceRoundTrip();
    void silenceDialogShowsAlertmanagerErrors();
    void alertsCommandExitCodes();
    void alertmanagerDownStillShowsPrometheus();
    void chartShowsRuleThresholdAndFiringRange();
    void newCriticalAlertsAnnouncedOnce();

private:
    AlertSnapshot waitFor(const std::function<bool(const AlertSnapshot &)> &ready, int timeoutMs = 90000);
    const Alert *find(const AlertSnapshot &s, const QString &name) const;
    int runDozor(const QStringList &args, QByteArray *out);

    AlertmanagerServer m_am;
    PrometheusServer m_prom;
    QNetworkAccessManager m_nam;
    std::unique_ptr<AlertClient> m_client;
    QString m_runbooks = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/runbooks");
    QTemporaryDir m_settingsDir;
};

void TestAlertsIntegration::initTestCase()
{
    // The window reads and writes settings: keep them away from the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QString error;
    QVERIFY2(m_am.start(&error), qPrintable(error));
    const QByteArray rules = testRules();
    QVERIFY(!rules.isEmpty());
    m_prom.setRules(rules);
    m_prom.setAlertmanager(m_am.url());
    QVERIFY2(m_prom.start(2, &error), qPrintable(error));
    m_client = std::make_unique<AlertClient>(&m_nam);
    m_client->setPrometheusUrl(m_prom.url());
    m_client->setAlertmanagerUrl(m_am.url());
    m_client->setTimeoutMs(10000);
    // Prometheus evaluates every second and sends firing alerts to Alertmanager.
    const AlertSnapshot s = waitFor([this](const AlertSnapshot &s) {
        const Alert *a = find(s, QStringLiteral("RedisMemoryHighTest"));
        return a && a->source == QLatin1String("alertmanager") && find(s, QStringLiteral("ApiTrafficPending"))
               && find(s, QStringLiteral("HostileRunbook")) && find(s, QStringLiteral("InfoWithWebRunbook"));
    });
    QVERIFY2(s.errors().isEmpty(), qPrintable(s.errors().join(QLatin1Char('\n'))));
}

void TestAlertsIntegration::cleanupTestCase()
{
    m_client.reset();
    m_prom.stop();
    m_am.stop();
}

AlertSnapshot TestAlertsIntegration::waitFor(const std::function<bool(const AlertSnapshot &)> &ready, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    AlertSnapshot last;
    while (t.elapsed() < timeoutMs) {
        QSignalSpy spy(m_client.get(), &AlertClient::updated);
        m_client->refresh();
        if (!spy.wait(15000))
            continue;
        last = spy.takeFirst().at(0).value<AlertSnapshot>();
        if (ready(last))
            return last;
        QTest::qWait(500);
    }
    return last;
}

const Alert *TestAlertsIntegration::find(const AlertSnapshot &s, const QString &name) const
{
    for (const Alert &a : s.alerts)
        if (a.name() == name)
            return &a;
    return nullptr;
}

int TestAlertsIntegration::runDozor(const QStringList &args, QByteArray *out)
{
    return runToEnd(QStringLiteral(DOZOR_EXECUTABLE), args,
                    QDir::tempPath() + QStringLiteral("/dozor-alerts-test-config"), out);
}

void TestAlertsIntegration::alertsFromBothSources()
{
    const AlertSnapshot s = waitFor([this](const AlertSnapshot &s) {
        return find(s, QStringLiteral("RedisMemoryHighTest")) != nullptr;
    });
    const Alert *redis = find(s, QStringLiteral("RedisMemoryHighTest"));
    QVERIFY(redis);
    // Alertmanager's view (fingerprint, receivers) with Prometheus's value merged in.
    QCOMPARE(redis->state, Alert::State::Firing);
    QVERIFY(!redis->fingerprint.isEmpty());
    QCOMPARE(redis->receivers, QStringList{QStringLiteral("oncall")});
    QCOMPARE(redis->severity(), QStringLiteral("critical"));
    QCOMPARE(redis->runbook(), QStringLiteral("runbook:redis-oom"));
    // The simulator's Redis sits at 55-77 % of its capacity.
    bool ok = false;
    const double value = redis->value.toDouble(&ok);
    QVERIFY2(ok && value > 50 && value < 80, qPrintable(redis->value));
    QVERIFY(redis->annotations.value(QStringLiteral("summary")).contains(QLatin1String("<b>not bold</b>")));
    QVERIFY(redis->startsAt.isValid() && redis->startsAt <= QDateTime::currentDateTimeUtc().addSecs(5));
    QVERIFY(redis->generatorExpression().contains(QLatin1String("redis_memory_used_bytes")));

    // Alertmanager says which version it is (Debian 12 ships 0.25).
    QVERIFY2(s.alertmanagerVersion.startsWith(QLatin1String("0.")), qPrintable(s.alertmanagerVersion));

    // Pending alerts exist only in Prometheus; they are listed, as pending.
    const Alert *pending = find(s, QStringLiteral("ApiTrafficPending"));
    QVERIFY(pending);
    QCOMPARE(pending->state, Alert::State::Pending);
    QCOMPARE(pending->source, QStringLiteral("prometheus"));

    // Rules: all five alerting rules, healthy, with their `for`.
    QCOMPARE(s.rules.size(), 5);
    for (const AlertRule &r : s.rules) {
        QCOMPARE(r.health, QStringLiteral("ok"));
        QCOMPARE(r.type, QStringLiteral("alerting"));
        if (r.name == QLatin1String("ApiTrafficPending"))
            QCOMPARE(r.durationSeconds, 3600.0);
    }
}

void TestAlertsIntegration::alertListShowsPlainTextAndGroups()
{
    AlertListWidget list(m_client.get());
    list.setRunbookLibrary(RunbookLibrary({m_runbooks}));
    list.resize(1200, 600);
    list.show();
    QSignalSpy counts(&list, &AlertListWidget::countsChanged);
    m_client->refresh();
    QVERIFY(counts.wait(15000));
    const auto firing = counts.last().at(0).value<QMap<QString, int>>();
    QCOMPARE(firing.value(QStringLiteral("critical")), 1);
    QCOMPARE(firing.value(QStringLiteral("info")), 1);

    // Severity groups, critical first, then warning, then info.
    AlertModel *model = list.model();
    QVERIFY(model->rowCount() >= 3);
    QCOMPARE(model->index(0, 0).data(AlertModel::SeverityRole).toString(), QStringLiteral("critical"));
    QCOMPARE(model->index(1, 0).data(AlertModel::SeverityRole).toString(), QStringLiteral("warning"));
    QCOMPARE(model->index(2, 0).data(AlertModel::SeverityRole).toString(), QStringLiteral("info"));

    // The details of the selected alert show annotation text as the characters it is.
    const Alert *redis = nullptr;
    for (const Alert &a : model->alerts())
        if (a.name() == QLatin1String("RedisMemoryHighTest"))
            redis = &a;
    QVERIFY(redis);
    QVERIFY(list.selectAlert(redis->identity()));
    auto *summary = list.findChild<QLabel *>(QStringLiteral("alertSummary"));
    auto *description = list.findChild<QLabel *>(QStringLiteral("alertDescription"));
    QVERIFY(summary && description);
    QCOMPARE(summary->textFormat(), Qt::PlainText);
    QCOMPARE(description->textFormat(), Qt::PlainText);
    QVERIFY(summary->text().contains(QLatin1String("<b>not bold</b>")));
    QCOMPARE(description->text(), QStringLiteral("<script>alert(1)</script> used / max over 10%"));

    // Filter by matcher: only warnings remain (the pending one and the hostile one).
    list.setFilterText(QStringLiteral("severity=\"warning\""));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->visibleAlertCount(), 2);
    list.setFilterText(QStringLiteral("{severity=~\"crit.*\"} redis"));
    QCOMPARE(model->visibleAlertCount(), 1);
    list.setFilterText(QString());
    QCOMPARE(model->visibleAlertCount(), int(model->alerts().size()));
}

void TestAlertsIntegration::runbookLinks()
{
    AlertListWidget list(m_client.get());
    list.setRunbookLibrary(RunbookLibrary({m_runbooks}));
    list.show();
    QSignalSpy updated(m_client.get(), &AlertClient::updated);
    m_client->refresh();
    QVERIFY(updated.wait(15000));
    auto identityOf = [&](const QString &name) {
        for (const Alert &a : list.model()->alerts())
            if (a.name() == name)
                return a.identity();
        return QString();
    };
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "handle");
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &catcher, "handle");
    QDesktopServices::setUrlHandler(QStringLiteral("javascript"), &catcher, "handle");
    const auto unset = qScopeGuard([] {
        for (const char *scheme : {"https", "http", "javascript"})
            QDesktopServices::unsetUrlHandler(QLatin1String(scheme));
    });

    // runbook:redis-oom opens the bundled Markdown runbook inside Dozor.
    QVERIFY(list.selectAlert(identityOf(QStringLiteral("RedisMemoryHighTest"))));
    QSignalSpy local(&list, &AlertListWidget::runbookRequested);
    list.findChild<QPushButton *>(QStringLiteral("openRunbook"))->click();
    QCOMPARE(local.size(), 1);
    const QString path = local.first().at(0).toString();
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("redis-oom.md"));
    RunbookViewer viewer;
    viewer.setLibrary(RunbookLibrary({m_runbooks}));
    QVERIFY(viewer.openFile(path));
    QVERIFY(viewer.browser()->toPlainText().contains(QLatin1String("Symptoms")));
    QVERIFY(catcher.urls.isEmpty());

    // An https runbook goes to the browser, on the click.
    QVERIFY(list.selectAlert(identityOf(QStringLiteral("InfoWithWebRunbook"))));
    list.findChild<QPushButton *>(QStringLiteral("openRunbook"))->click();
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://runbooks.example.org/info"))});

    // javascript: is refused with a message and never reaches the desktop.
    QVERIFY(list.selectAlert(identityOf(QStringLiteral("HostileRunbook"))));
    list.findChild<QPushButton *>(QStringLiteral("openRunbook"))->click();
    QCOMPARE(catcher.urls.size(), 1);
    auto *box = list.findChild<QMessageBox *>(QStringLiteral("linkRefused"));
    QVERIFY(box);
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QVERIFY(box->text().contains(QLatin1String("javascript")));
    box->close();
}

void TestAlertsIntegration::silenceRoundTrip()
{
    Silence s;
    s.matchers.append(SilenceMatcher{QStringLiteral("alertname"), QStringLiteral("RedisMemoryHighTest"), false, true});
    s.startsAt = QDateTime::currentDateTimeUtc();
    s.endsAt = s.startsAt.addSecs(3600);
    s.createdBy = QStringLiteral("dozor-test");
    s.comment = QStringLiteral("maintenance <i>window</i>");
    QString id, error;
    bool done = false;
    m_client->createSilence(s, m_client.get(), [&](const QString &newId, const QString &e) {
        id = newId;
        error = e;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!id.isEmpty());

    AlertSnapshot snap = waitFor([&](const AlertSnapshot &snap) {
        const Alert *a = find(snap, QStringLiteral("RedisMemoryHighTest"));
        return a && a->state == Alert::State::Silenced;
    }, 30000);
    const Alert *silenced = find(snap, QStringLiteral("RedisMemoryHighTest"));
    QVERIFY(silenced);
    QCOMPARE(silenced->state, Alert::State::Silenced);
    QCOMPARE(silenced->silencedBy, QStringList{id});
    const auto it = std::find_if(snap.silences.begin(), snap.silences.end(), [&](const Silence &x) { return x.id == id; });
    QVERIFY(it != snap.silences.end());
    QCOMPARE(it->state, QStringLiteral("active"));
    QCOMPARE(it->comment, s.comment);
    QCOMPARE(it->createdBy, s.createdBy);

    // Expire through the Silences tab, as the user does.
    AlertListWidget list(m_client.get());
    QSignalSpy updated(m_client.get(), &AlertClient::updated);
    m_client->refresh();
    QVERIFY(updated.wait(15000));
    auto *tree = list.findChild<QTreeWidget *>(QStringLiteral("silenceList"));
    QVERIFY(tree);
    QTreeWidgetItem *row = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(5) == id)
            row = tree->topLevelItem(i);
    QVERIFY(row);
    tree->setCurrentItem(row);
    list.expireSelectedSilence();
    snap = waitFor([&](const AlertSnapshot &snap) {
        const Alert *a = find(snap, QStringLiteral("RedisMemoryHighTest"));
        return a && a->state == Alert::State::Firing;
    }, 30000);
    QCOMPARE(find(snap, QStringLiteral("RedisMemoryHighTest"))->state, Alert::State::Firing);
    const auto expired = std::find_if(snap.silences.begin(), snap.silences.end(), [&](const Silence &x) { return x.id == id; });
    QVERIFY(expired != snap.silences.end());
    QCOMPARE(expired->state, QStringLiteral("expired"));
}

void TestAlertsIntegration::silenceDialogShowsAlertmanagerErrors()
{
    // A matcher Alertmanager rejects (an invalid regular expression): its own message
    // shows in the dialog, which stays open with what the user typed.
    SilenceDialog dialog(m_client.get(), nullptr);
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("silenceMatchers"));
    QVERIFY(table);
    table->item(0, 2)->setText(QStringLiteral("(unclosed"));
    qobject_cast<QComboBox *>(table->cellWidget(0, 1))->setCurrentText(QStringLiteral("=~"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("silenceComment"))->setPlainText(QStringLiteral("test"));
    dialog.findChild<QLineEdit *>(QStringLiteral("silenceAuthor"))->setText(QStringLiteral("dozor-test"));
    QSignalSpy created(&dialog, &SilenceDialog::created);
    dialog.submit();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 15000);
    QVERIFY2(dialog.errorText().contains(QLatin1String("400")), qPrintable(dialog.errorText()));
    QCOMPARE(created.size(), 0);
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("(unclosed"));

    // Fixed, it goes through and hands back the id.
    table->item(0, 2)->setText(QStringLiteral("InfoWithWebRunbook"));
    qobject_cast<QComboBox *>(table->cellWidget(0, 1))->setCurrentText(QStringLiteral("="));
    dialog.submit();
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 15000);
    const QString id = created.first().at(0).toString();
    QVERIFY(!id.isEmpty());
    bool done = false;
    QString error;
    m_client->expireSilence(id, m_client.get(), [&](const QString &e) {
        error = e;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestAlertsIntegration::alertsCommandExitCodes()
{
    const QStringList servers = {QStringLiteral("--prometheus"), m_prom.url().toString(),
                                 QStringLiteral("--alertmanager"), m_am.url().toString()};
    QByteArray out;
    // A critical alert fires: exit 2, and the line names its runbook.
    QCOMPARE(runDozor(QStringList{QStringLiteral("alerts")} + servers, &out), 2);
    QVERIFY2(out.contains("RedisMemoryHighTest"), out.constData());
    QVERIFY2(out.contains("runbook: runbook:redis-oom"), out.constData());
    QVERIFY2(out.contains("pending"), out.constData());

    // Nothing critical among warnings: exit 0. JSON is machine-readable.
    QCOMPARE(runDozor(QStringList{QStringLiteral("alerts"), QStringLiteral("--json"), QStringLiteral("--filter"),
                                  QStringLiteral("severity=\"warning\"")} + servers, &out), 0);
    const QJsonObject root = QJsonDocument::fromJson(out).object();
    const QJsonArray alerts = root.value(QLatin1String("alerts")).toArray();
    QCOMPARE(alerts.size(), 2);
    for (const QJsonValue &v : alerts)
        QCOMPARE(v.toObject().value(QLatin1String("severity")).toString(), QStringLiteral("warning"));

    // --state firing leaves the pending one out.
    QCOMPARE(runDozor(QStringList{QStringLiteral("alerts"), QStringLiteral("--state"), QStringLiteral("pending")} + servers, &out), 0);
    QVERIFY2(out.contains("ApiTrafficPending") && !out.contains("RedisMemoryHighTest"), out.constData());

    // Servers that cannot be reached: exit 1 with the reason.
    const ClosedPort closed;
    const QString dead = closed.url().toString();
    QCOMPARE(runDozor({QStringLiteral("alerts"), QStringLiteral("--prometheus"), dead,
                       QStringLiteral("--alertmanager"), dead}, &out), 1);
    QVERIFY2(out.contains("connection refused"), out.constData());
    QVERIFY2(out.contains("alerts unknown: no alert source answered"), out.constData());
}

void TestAlertsIntegration::alertmanagerDownStillShowsPrometheus()
{
    AlertClient client(&m_nam);
    client.setPrometheusUrl(m_prom.url());
    const ClosedPort closed;
    client.setAlertmanagerUrl(closed.url());
    QSignalSpy spy(&client, &AlertClient::updated);
    client.refresh();
    QVERIFY(spy.wait(15000));
    const AlertSnapshot s = spy.first().at(0).value<AlertSnapshot>();
    QVERIFY2(s.alertmanagerError.contains(QLatin1String("connection refused")), qPrintable(s.alertmanagerError));
    QVERIFY(s.prometheusError.isEmpty());
    const Alert *redis = find(s, QStringLiteral("RedisMemoryHighTest"));
    QVERIFY(redis);
    QCOMPARE(redis->state, Alert::State::Firing);
    QCOMPARE(redis->source, QStringLiteral("prometheus"));
}

void TestAlertsIntegration::chartShowsRuleThresholdAndFiringRange()
{
    // A panel plotting a rule's expression shows the rule's threshold, and shades when
    // the alert fired (from Prometheus's ALERTS series).
    Endpoints e;
    e.prometheus = m_prom.url();
    e.alertmanager = m_am.url();
    e.runbookFolder = m_runbooks;
    MainWindow w(e);
    w.resize(1200, 800);
    w.show();
    QVERIFY(w.openDashboard(QStringLiteral(DOZOR_TEST_DATA "/alerts/redis-dashboard.json")));
    ChartPanel *panel = w.panelView(1);
    QVERIFY(panel);
    QTRY_COMPARE_WITH_TIMEOUT(panel->alertThresholds().size(), 1, 20000);
    QCOMPARE(panel->alertThresholds().first().alertName, QStringLiteral("RedisMemoryHighTest"));
    QCOMPARE(panel->alertThresholds().first().value, 10.0);
    // The range ends at the last whole step; refresh until it covers the firing alert,
    // as auto-refresh would.
    QElapsedTimer waited;
    waited.start();
    while (panel->firingRanges().isEmpty() && waited.elapsed() < 60000) {
        w.refresh();
        QTest::qWait(2000);
    }
    QVERIFY(!panel->firingRanges().isEmpty());
    const auto range = panel->firingRanges().last();
    // It has been firing since the test's Prometheus started, and still is.
    QVERIFY(range.second >= double(QDateTime::currentMSecsSinceEpoch()) - 120000);
    QVERIFY(range.first <= range.second);
    QVERIFY(panel->errorText().isEmpty());

    // Matched although Prometheus reports the rule in its own formatting; it never
    // fired, so there is a line and no band.
    ChartPanel *latency = w.panelView(2);
    QVERIFY(latency);
    QTRY_COMPARE_WITH_TIMEOUT(latency->alertThresholds().size(), 1, 20000);
    QCOMPARE(latency->alertThresholds().first().alertName, QStringLiteral("LatencyNeverFires"));
    QCOMPARE(latency->alertThresholds().first().value, 1000.0);
    QTest::qWait(1000);
    QVERIFY(latency->firingRanges().isEmpty());

    // The status bar counts what fires.
    QTRY_VERIFY_WITH_TIMEOUT(w.alertCountsText().contains(QLatin1String("1 critical")), 20000);
}

void TestAlertsIntegration::newCriticalAlertsAnnouncedOnce()
{
    // An Alertmanager whose answer the test controls: nothing, then a critical alert.
    FaultServer am;
    QVERIFY(am.listen());
    am.setOkBody("[]");
    AlertClient client(&m_nam);
    client.setAlertmanagerUrl(am.url());
    client.setPrometheusUrl(QUrl());
    AlertListWidget list(&client);
    QSignalSpy fresh(&list, &AlertListWidget::newlyFiring);
    auto refresh = [&client] {
        QSignalSpy done(&client, &AlertClient::updated);
        client.refresh();
        return done.wait(10000);
    };
    QVERIFY(refresh());
    QCOMPARE(fresh.size(), 0);

    am.setOkBody(R"([{"labels":{"alertname":"ApiLatencyP95High","severity":"critical"},"annotations":{"summary":"p95 above 500 ms"},"fingerprint":"c1","startsAt":"2026-11-25T10:00:00.000Z","endsAt":"2026-11-25T11:00:00.000Z","updatedAt":"2026-11-25T10:00:00.000Z","receivers":[{"name":"oncall"}],"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}])");
    QVERIFY(refresh());
    QCOMPARE(fresh.size(), 1);
    const auto announced = fresh.first().at(0).value<QList<Alert>>();
    QCOMPARE(announced.size(), 1);
    QCOMPARE(announced.first().name(), QStringLiteral("ApiLatencyP95High"));

    // Still firing at the next poll: not announced again.
    QVERIFY(refresh());
    QCOMPARE(fresh.size(), 1);
}

QTEST_MAIN(TestAlertsIntegration)
#include "tst_alertsintegration.moc"
