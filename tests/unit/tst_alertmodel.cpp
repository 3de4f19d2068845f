// The alert list's model and the rules around it: grouping that on-call reads
// top-down (critical first), filters typed as Prometheus matchers, merging the two
// sources, and where a runbook link may lead.
#include "alertclient.h"
#include "alertfilter.h"
#include "alertmodel.h"
#include "alertoverlay.h"
#include "runbooks.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

namespace {

Alert makeAlert(const QString &name, const QString &severity, Alert::State state,
                const QList<std::pair<QString, QString>> &extra = {}, int minutesAgo = 5)
{
    Alert a;
    a.labels.insert(QStringLiteral("alertname"), name);
    if (!severity.isEmpty())
        a.labels.insert(QStringLiteral("severity"), severity);
    for (const auto &[k, v] : extra)
        a.labels.insert(k, v);
    a.state = state;
    a.startsAt = QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC).addSecs(-60 * minutesAgo);
    a.fingerprint = QString::number(qHash(seriesName(a.labels)), 16);
    a.source = QStringLiteral("alertmanager");
    return a;
}

QList<Alert> sampleAlerts()
{
    using S = Alert::State;
    return {
        makeAlert(QStringLiteral("RedisMemoryHigh"), QStringLiteral("warning"), S::Firing, {{QStringLiteral("instance"), QStringLiteral("redis-1")}}),
        makeAlert(QStringLiteral("ApiLatencyP95High"), QStringLiteral("critical"), S::Firing, {{QStringLiteral("service"), QStringLiteral("rust-api")}}, 2),
        makeAlert(QStringLiteral("ApiLatencyP95High"), QStringLiteral("critical"), S::Silenced, {{QStringLiteral("service"), QStringLiteral("hints")}}, 30),
        makeAlert(QStringLiteral("BackupTooSlow"), QStringLiteral("info"), S::Firing),
        makeAlert(QStringLiteral("ApiErrorRateHigh"), QStringLiteral("critical"), S::Pending, {{QStringLiteral("service"), QStringLiteral("rust-api")}}),
        makeAlert(QStringLiteral("Watchdog"), QString(), S::Firing),
    };
}

} // namespace

class TestAlertModel : public QObject
{
    Q_OBJECT
private slots:
    void groupsBySeverityThenLabel();
    void groupByNoneAndOtherLabels();
    void modelStaysConsistent();
    void firingCountsIgnoreMutedAndPending();
    void filter_data();
    void filter();
    void filterErrors();
    void relativeAndAbsoluteTimes();
    void mergePrefersAlertmanager();
    void runbookResolution_data();
    void runbookResolution();
    void alertmanagerMessages();
    void ruleThresholds_data();
    void ruleThresholds();
    void thresholdsMatchPanelExpressions();
    void firingRanges();
};

void TestAlertModel::groupsBySeverityThenLabel()
{
    AlertModel m;
    m.setAlerts(sampleAlerts());
    // critical, warning, info, then alerts without a severity.
    QCOMPARE(m.rowCount(), 4);
    QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("critical (3)"));
    QCOMPARE(m.index(1, 0).data().toString(), QStringLiteral("warning (1)"));
    QCOMPARE(m.index(2, 0).data().toString(), QStringLiteral("info (1)"));
    QCOMPARE(m.index(3, 0).data().toString(), QStringLiteral("no severity (1)"));
    QCOMPARE(m.index(0, AlertModel::StateColumn).data().toString(),
             QStringLiteral("1 firing, 1 pending, 1 muted"));

    const QModelIndex critical = m.index(0, 0);
    QCOMPARE(m.rowCount(critical), 2); // ApiErrorRateHigh, ApiLatencyP95High
    QCOMPARE(m.index(0, 0, critical).data().toString(), QStringLiteral("ApiErrorRateHigh (1)"));
    const QModelIndex latency = m.index(1, 0, critical);
    QCOMPARE(latency.data().toString(), QStringLiteral("ApiLatencyP95High (2)"));
    // Newest first inside a group; the row names what tells the instances apart.
    QCOMPARE(m.rowCount(latency), 2);
    QCOMPARE(m.index(0, 0, latency).data().toString(), QStringLiteral("service=rust-api"));
    QCOMPARE(m.index(0, AlertModel::StateColumn, latency).data().toString(), QStringLiteral("firing"));
    QCOMPARE(m.index(1, AlertModel::StateColumn, latency).data().toString(), QStringLiteral("silenced"));
    const Alert *a = m.alertAt(m.index(1, 0, latency));
    QVERIFY(a);
    QCOMPARE(a->labels.value(QStringLiteral("service")), QStringLiteral("hints"));
    QVERIFY(!m.alertAt(latency)); // a group row is not an alert
    QCOMPARE(m.visibleAlertCount(), 6);
}

void TestAlertModel::groupByNoneAndOtherLabels()
{
    AlertModel m;
    m.setAlerts(sampleAlerts());
    m.setGroupBy(QString());
    const QModelIndex critical = m.index(0, 0);
    QCOMPARE(m.rowCount(critical), 3); // alerts straight under their severity
    QVERIFY(m.alertAt(m.index(0, 0, critical)));
    QCOMPARE(m.index(0, 0, critical).data().toString(), QStringLiteral("ApiLatencyP95High · service=rust-api"));

    m.setGroupBy(QStringLiteral("service"));
    QCOMPARE(m.rowCount(m.index(0, 0)), 2); // hints, rust-api
    QCOMPARE(m.index(0, 0, m.index(0, 0)).data().toString(), QStringLiteral("hints (1)"));
    QCOMPARE(m.index(1, 0, m.index(0, 0)).data().toString(), QStringLiteral("rust-api (2)"));
    QCOMPARE(m.index(0, 0, m.index(1, 0)).data().toString(), QStringLiteral("(no service) (1)"));

    const Alert *redis = nullptr;
    for (const Alert &a : m.alerts())
        if (a.name() == QLatin1String("RedisMemoryHigh"))
            redis = &a;
    const QModelIndex found = m.indexOf(redis->identity());
    QVERIFY(found.isValid());
    QCOMPARE(m.alertAt(found)->name(), QStringLiteral("RedisMemoryHigh"));
}

void TestAlertModel::modelStaysConsistent()
{
    AlertModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setAlerts(sampleAlerts());
    m.setGroupBy(QStringLiteral("service"));
    m.setFilter(AlertFilter::parse(QStringLiteral("severity=\"critical\"")));
    m.setUtc(true);
    m.setFilter(AlertFilter::parse(QStringLiteral("nothing-matches-this")));
    QCOMPARE(m.rowCount(), 0);
    m.setFilter({});
    m.setGroupBy(QString());
    m.setAlerts({});
    QCOMPARE(m.rowCount(), 0);
    QList<Alert> many;
    for (int i = 0; i < 500; ++i)
        many << makeAlert(QStringLiteral("A%1").arg(i % 17), i % 3 ? QStringLiteral("warning") : QStringLiteral("critical"),
                          Alert::State::Firing, {{QStringLiteral("pod"), QString::number(i)}}, i);
    m.setAlerts(many);
    QCOMPARE(m.visibleAlertCount(), 500);
}

void TestAlertModel::firingCountsIgnoreMutedAndPending()
{
    AlertModel m;
    m.setAlerts(sampleAlerts());
    m.setFilter(AlertFilter::parse(QStringLiteral("redis"))); // counts are over all alerts
    const QMap<QString, int> counts = m.firingCounts();
    QCOMPARE(counts.value(QStringLiteral("critical")), 1);
    QCOMPARE(counts.value(QStringLiteral("warning")), 1);
    QCOMPARE(counts.value(QStringLiteral("info")), 1);
    QCOMPARE(counts.value(QString()), 1);
}

void TestAlertModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("visible");
    QTest::newRow("empty") << QString() << 6;
    QTest::newRow("equal") << QStringLiteral("severity=\"critical\"") << 3;
    QTest::newRow("braces and commas") << QStringLiteral("{severity=\"critical\", service=\"rust-api\"}") << 2;
    QTest::newRow("not equal") << QStringLiteral("severity!=\"critical\"") << 3;
    QTest::newRow("regex anchored") << QStringLiteral("alertname=~\"Api.*\"") << 3;
    QTest::newRow("regex must match whole value") << QStringLiteral("alertname=~\"Api\"") << 0;
    QTest::newRow("not regex") << QStringLiteral("alertname!~\"Api.*|Watchdog\"") << 2;
    QTest::newRow("missing label is empty") << QStringLiteral("service=\"\"") << 3;
    QTest::newRow("unquoted value") << QStringLiteral("severity=warning") << 1;
    QTest::newRow("single quotes") << QStringLiteral("severity='info'") << 1;
    QTest::newRow("state pseudo-label") << QStringLiteral("state=\"silenced\"") << 1;
    QTest::newRow("word in a label value") << QStringLiteral("redis") << 1;
    QTest::newRow("word case-insensitive") << QStringLiteral("RUST-API") << 2;
    QTest::newRow("word and matcher") << QStringLiteral("severity=\"critical\" hints") << 1;
    QTest::newRow("word matches state") << QStringLiteral("pending") << 1;
}

void TestAlertModel::filter()
{
    QFETCH(QString, text);
    QFETCH(int, visible);
    const AlertFilter f = AlertFilter::parse(text);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    AlertModel m;
    m.setAlerts(sampleAlerts());
    m.setFilter(f);
    QCOMPARE(m.visibleAlertCount(), visible);
}

void TestAlertModel::filterErrors()
{
    QVERIFY(AlertFilter::parse(QStringLiteral("alertname=~\"(unclosed\"")).error.contains(QLatin1String("regular expression")));
    QVERIFY(AlertFilter::parse(QStringLiteral("severity=\"critical")).error.contains(QLatin1String("quote")));
    // A filter that does not parse shows everything rather than hiding alerts.
    AlertModel m;
    m.setAlerts(sampleAlerts());
    m.setFilter(AlertFilter::parse(QStringLiteral("severity=\"critical")));
    QCOMPARE(m.visibleAlertCount(), 6);
}

void TestAlertModel::relativeAndAbsoluteTimes()
{
    const QDateTime now(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);
    QCOMPARE(AlertModel::relativeTime(now.addSecs(-42), now), QStringLiteral("42s ago"));
    QCOMPARE(AlertModel::relativeTime(now.addSecs(-200), now), QStringLiteral("3m 20s ago"));
    QCOMPARE(AlertModel::relativeTime(now.addSecs(-2 * 3600 - 300), now), QStringLiteral("2h 5m ago"));
    QCOMPARE(AlertModel::relativeTime(now.addSecs(-(4 * 24 + 3) * 3600), now), QStringLiteral("4d 3h ago"));
    QCOMPARE(AlertModel::relativeTime(now.addSecs(60), now), QStringLiteral("in the future"));
    QCOMPARE(AlertModel::relativeTime(QDateTime(), now), QString());

    AlertModel m;
    m.setUtc(true);
    QCOMPARE(m.absoluteTime(now), QStringLiteral("2026-11-25 12:00:00 UTC"));
    m.setUtc(false);
    QCOMPARE(m.absoluteTime(now), now.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t")));

    m.setNow(now);
    m.setAlerts({makeAlert(QStringLiteral("X"), QStringLiteral("critical"), Alert::State::Firing, {}, 90)});
    const QModelIndex leaf = m.index(0, AlertModel::SinceColumn, m.index(0, 0, m.index(0, 0)));
    QCOMPARE(leaf.data().toString(), QStringLiteral("1h 30m ago"));
    QVERIFY(!leaf.data(Qt::ToolTipRole).toString().isEmpty());
}

void TestAlertModel::mergePrefersAlertmanager()
{
    Alert am = makeAlert(QStringLiteral("RedisMemoryHigh"), QStringLiteral("warning"), Alert::State::Silenced,
                         {{QStringLiteral("instance"), QStringLiteral("redis-1")}, {QStringLiteral("cluster"), QStringLiteral("eu")}});
    Alert prom = makeAlert(QStringLiteral("RedisMemoryHigh"), QStringLiteral("warning"), Alert::State::Firing,
                           {{QStringLiteral("instance"), QStringLiteral("redis-1")}});
    prom.fingerprint.clear();
    prom.source = QStringLiteral("prometheus");
    prom.value = QStringLiteral("83.2");
    Alert pending = makeAlert(QStringLiteral("ApiErrorRateHigh"), QStringLiteral("critical"), Alert::State::Pending);
    pending.source = QStringLiteral("prometheus");
    Alert inactive = makeAlert(QStringLiteral("Gone"), QStringLiteral("critical"), Alert::State::Inactive);

    const QList<Alert> merged = AlertClient::merge({am}, {prom, pending, inactive});
    QCOMPARE(merged.size(), 2);
    // Alertmanager's state (silenced) and its extra external label win; the value joins.
    QCOMPARE(merged[0].state, Alert::State::Silenced);
    QCOMPARE(merged[0].labels.value(QStringLiteral("cluster")), QStringLiteral("eu"));
    QCOMPARE(merged[0].value, QStringLiteral("83.2"));
    QCOMPARE(merged[1].name(), QStringLiteral("ApiErrorRateHigh"));
    QCOMPARE(merged[1].state, Alert::State::Pending);

    // With Alertmanager down, Prometheus's firing alerts still show.
    QCOMPARE(AlertClient::merge({}, {prom}).size(), 1);
}

void TestAlertModel::runbookResolution_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<int>("kind"); // LinkTarget::Kind
    QTest::addColumn<QString>("expected"); // file name, URL, or part of the reason

    const int web = int(LinkTarget::Kind::Web), book = int(LinkTarget::Kind::Runbook),
              refused = int(LinkTarget::Kind::Refused);
    QTest::newRow("runbook: name") << QStringLiteral("runbook:redis-oom") << book << QStringLiteral("redis-oom.md");
    QTest::newRow("relative path") << QStringLiteral("runbooks/redis-oom.md") << book << QStringLiteral("redis-oom.md");
    QTest::newRow("relative path with anchor") << QStringLiteral("redis-oom.md#diagnosis") << book << QStringLiteral("redis-oom.md");
    QTest::newRow("user folder wins") << QStringLiteral("runbook:mongo") << book << QStringLiteral("mongo.md");
    QTest::newRow("https") << QStringLiteral("https://wiki.example.org/runbooks/redis#oom") << web
                           << QStringLiteral("https://wiki.example.org/runbooks/redis#oom");
    QTest::newRow("http") << QStringLiteral("http://wiki/x") << web << QStringLiteral("http://wiki/x");
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(document.cookie)") << refused << QStringLiteral("only http and https");
    QTest::newRow("JavaScript with tab") << QStringLiteral("java\tscript:alert(1)") << refused << QStringLiteral("only http and https");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << refused << QStringLiteral("file:");
    QTest::newRow("data") << QStringLiteral("data:text/html,<script>x</script>") << refused << QStringLiteral("data:");
    QTest::newRow("custom handler") << QStringLiteral("slack://open?team=x") << refused << QStringLiteral("slack:");
    QTest::newRow("traversal stays in folders") << QStringLiteral("../../../../etc/passwd") << refused << QStringLiteral("no runbook");
    QTest::newRow("absolute path by file name only") << QStringLiteral("/etc/redis-oom.md") << book << QStringLiteral("redis-oom.md");
    QTest::newRow("hidden file") << QStringLiteral("runbook:.secret") << refused << QStringLiteral("no runbook");
    QTest::newRow("unknown name") << QStringLiteral("runbook:nope") << refused << QStringLiteral("no runbook \"nope.md\"");
    QTest::newRow("https without host") << QStringLiteral("https:///x") << refused << QStringLiteral("not a valid web address");
    QTest::newRow("empty") << QString() << refused << QStringLiteral("no runbook link");
}

void TestAlertModel::runbookResolution()
{
    QFETCH(QString, reference);
    QFETCH(int, kind);
    QFETCH(QString, expected);
    QTemporaryDir user;
    QVERIFY(user.isValid());
    for (const char *name : {"mongo.md", ".secret.md"}) {
        QFile f(user.filePath(QLatin1String(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# user runbook\n");
    }
    const RunbookLibrary library({user.path(), QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/runbooks")});
    const LinkTarget t = library.resolve(reference);
    QCOMPARE(int(t.kind), kind);
    switch (t.kind) {
    case LinkTarget::Kind::Runbook:
        QCOMPARE(QFileInfo(t.path).fileName(), expected);
        QVERIFY(QFileInfo(t.path).isFile());
        break;
    case LinkTarget::Kind::Web:
        QCOMPARE(t.url.toString(), expected);
        break;
    case LinkTarget::Kind::Refused:
        QVERIFY2(t.reason.contains(expected), qPrintable(t.reason));
        break;
    }
}

void TestAlertModel::alertmanagerMessages()
{
    HttpResult gone;
    gone.status = 410;
    gone.error = QStringLiteral("HTTP 410 Gone from http://am:9093/api/v1/alerts");
    QVERIFY(AlertClient::alertmanagerMessage(gone).contains(QLatin1String("v1 API is gone")));
    HttpResult missing;
    missing.status = 404;
    missing.error = QStringLiteral("HTTP 404 from http://am:9093/api/v2/alerts");
    QVERIFY(AlertClient::alertmanagerMessage(missing).contains(QLatin1String("no Alertmanager API v2")));
    HttpResult bad;
    bad.status = 400;
    bad.error = QStringLiteral("HTTP 400 Bad Request from http://am:9093/api/v2/silences");
    bad.body = "\"silence invalid: invalid label matcher 0: invalid regular expression\"";
    QVERIFY(AlertClient::alertmanagerMessage(bad).contains(QLatin1String("invalid regular expression")));
    HttpResult html;
    html.status = 502;
    html.error = QStringLiteral("HTTP 502 Bad Gateway from http://am:9093/api/v2/alerts");
    html.body = "<html><body>bad gateway</body></html>";
    QCOMPARE(AlertClient::alertmanagerMessage(html), html.error); // no markup echoed
}

void TestAlertModel::ruleThresholds_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("parsed");
    QTest::addColumn<QString>("lhs");
    QTest::addColumn<QString>("op");
    QTest::addColumn<double>("value");
    QTest::newRow("greater") << QStringLiteral("histogram_quantile(0.95, sum(rate(x_bucket[5m])) by (le)) > 0.5")
                             << true << QStringLiteral("histogram_quantile(0.95, sum(rate(x_bucket[5m])) by (le))")
                             << QStringLiteral(">") << 0.5;
    QTest::newRow("comparison inside a selector ignored")
        << QStringLiteral("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) * 100 >= 1")
        << true << QStringLiteral("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) * 100")
        << QStringLiteral(">=") << 1.0;
    QTest::newRow("less than") << QStringLiteral("up{job=\"x\"} < 1") << true << QStringLiteral("up{job=\"x\"}")
                               << QStringLiteral("<") << 1.0;
    QTest::newRow("equal zero") << QStringLiteral("mongodb_rs_members_health == 0") << true
                                << QStringLiteral("mongodb_rs_members_health") << QStringLiteral("==") << 0.0;
    QTest::newRow("bool modifier") << QStringLiteral("x > bool 3") << true << QStringLiteral("x") << QStringLiteral(">") << 3.0;
    QTest::newRow("scientific") << QStringLiteral("x > 1e3") << true << QStringLiteral("x") << QStringLiteral(">") << 1000.0;
    QTest::newRow("operator in a string") << QStringLiteral("label_replace(x, \"a\", \">\", \"b\", \"c\")") << false
                                          << QString() << QString() << 0.0;
    QTest::newRow("expression on the right") << QStringLiteral("a > b") << false << QString() << QString() << 0.0;
    QTest::newRow("arithmetic on the right") << QStringLiteral("a > 15 * 60") << false << QString() << QString() << 0.0;
    QTest::newRow("no comparison") << QStringLiteral("absent(up{job=\"x\"})") << false << QString() << QString() << 0.0;
}

void TestAlertModel::ruleThresholds()
{
    QFETCH(QString, query);
    QFETCH(bool, parsed);
    QFETCH(QString, lhs);
    QFETCH(QString, op);
    QFETCH(double, value);
    AlertRule r;
    r.name = QStringLiteral("R");
    r.type = QStringLiteral("alerting");
    r.query = query;
    r.labels.insert(QStringLiteral("severity"), QStringLiteral("critical"));
    const auto t = ruleThreshold(r);
    QCOMPARE(t.has_value(), parsed);
    if (!parsed)
        return;
    QCOMPARE(t->expression, lhs);
    QCOMPARE(t->op, op);
    QCOMPARE(t->value, value);
    QCOMPARE(t->severity, QStringLiteral("critical"));
}

void TestAlertModel::thresholdsMatchPanelExpressions()
{
    AlertRule latency;
    latency.name = QStringLiteral("ApiLatencyP95High");
    latency.type = QStringLiteral("alerting");
    latency.query = QStringLiteral("histogram_quantile(0.95, sum(rate(h_bucket{endpoint=\"/a b\"}[5m])) by (le)) > 0.5");
    AlertRule recording = latency;
    recording.type = QStringLiteral("recording");
    AlertRule other = latency;
    other.name = QStringLiteral("Other");
    other.query = QStringLiteral("histogram_quantile(0.99, sum(rate(h_bucket[5m])) by (le)) > 1");
    // Whitespace differs, but not inside the label value.
    const QStringList panel = {QStringLiteral("histogram_quantile(0.50, sum(rate(h_bucket[5m])) by (le))"),
                               QStringLiteral("histogram_quantile(0.95,\n  sum(rate(h_bucket{endpoint=\"/a b\"}[5m])) by (le))")};
    const QList<RuleThreshold> matched = thresholdsForPanel(panel, {latency, recording, other});
    QCOMPARE(matched.size(), 1);
    QCOMPARE(matched.first().alertName, QStringLiteral("ApiLatencyP95High"));
    QCOMPARE(matched.first().value, 0.5);
    QVERIFY(thresholdsForPanel({QStringLiteral("histogram_quantile(0.95, sum(rate(h_bucket{endpoint=\"/ab\"}[5m])) by (le))")},
                               {latency}).isEmpty());
}

void TestAlertModel::firingRanges()
{
    Series s;
    // Firing at 0..60 s, a gap, then 300..315 s; a NaN is not presence.
    for (double t : {0.0, 15.0, 30.0, 45.0, 60.0, 300.0, 315.0, 330.0}) {
        s.timestampsMs.push_back(t * 1000);
        s.values.push_back(t == 330.0 ? std::nan("") : 1.0);
    }
    const auto ranges = presenceRanges(s, 15000);
    QCOMPARE(ranges.size(), 2);
    QCOMPARE(ranges[0], (QPair<double, double>(0, 60000)));
    QCOMPARE(ranges[1], (QPair<double, double>(300000, 315000)));
    QVERIFY(presenceRanges(Series{}, 15000).isEmpty());
}

QTEST_GUILESS_MAIN(TestAlertModel)
#include "tst_alertmodel.moc"
