// Targets (/api/v1/targets) and health checks (/health, /ready): decoding, ordering,
// the targets table's filters, the health checker against a local server that answers
// as Spring Boot, health+json or a plain service does, and the two views.
#include "healthcheck.h"
#include "healthview.h"
#include "prometheusclient.h"
#include "recordingserver.h"
#include "targets.h"
#include "targetsview.h"

#include <QComboBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

class TestTargetsHealth : public QObject
{
    Q_OBJECT
private slots:
    void decodesTargetsDownFirst();
    void refusesWhatIsNotATargetsAnswer();
    void targetsModelAndView();
    void healthBodies_data();
    void healthBodies();
    void parsesEndpoints();
    void checkerAgainstAServer();
    void healthViewShowsDependencies();
};

namespace {

// The shape of Prometheus 2.42's answer (fields as documented for /api/v1/targets).
const QByteArray kTargets = R"({"status":"success","data":{"activeTargets":[
 {"discoveredLabels":{"__address__":"127.0.0.1:8080"},"labels":{"instance":"127.0.0.1:8080","job":"rust-api"},
  "scrapePool":"rust-api","scrapeUrl":"http://127.0.0.1:8080/metrics","globalUrl":"http://host:8080/metrics",
  "lastError":"","lastScrape":"2026-12-04T10:00:01.123456789Z","lastScrapeDuration":0.004512,
  "health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"},
 {"labels":{"instance":"127.0.0.1:9100","job":"node"},"scrapePool":"node",
  "scrapeUrl":"http://127.0.0.1:9100/metrics","lastError":"Get \"http://127.0.0.1:9100/metrics\": dial tcp 127.0.0.1:9100: connect: connection refused",
  "lastScrape":"2026-12-04T12:59:58.5+02:00","lastScrapeDuration":0.0009,"health":"down","scrapeInterval":"15s","scrapeTimeout":"10s"},
 {"labels":{"instance":"db:9216","job":"mongodb"},"scrapePool":"mongodb","scrapeUrl":"http://db:9216/metrics",
  "lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown"},
 {"labels":{"instance":"127.0.0.1:9090","job":"prometheus"},"scrapePool":"prometheus",
  "scrapeUrl":"http://127.0.0.1:9090/metrics","lastError":"","lastScrape":"2026-12-04T10:00:02Z",
  "lastScrapeDuration":0.01,"health":"up"}
],"droppedTargets":[]}})";

} // namespace

void TestTargetsHealth::decodesTargetsDownFirst()
{
    QString error;
    const QList<ScrapeTarget> t = decodePrometheusTargets(kTargets, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(t.size(), 4);
    // Down first, then unknown, then up by pool.
    QCOMPARE(t[0].scrapePool, QStringLiteral("node"));
    QCOMPARE(t[0].health, ScrapeTarget::Health::Down);
    QVERIFY(t[0].lastError.contains(QStringLiteral("connection refused")));
    QCOMPARE(t[0].lastScrape, QDateTime::fromString(QStringLiteral("2026-12-04T10:59:58.500Z"), Qt::ISODateWithMs));
    QCOMPARE(t[1].health, ScrapeTarget::Health::Unknown);
    QVERIFY(!t[1].lastScrape.isValid()); // Go's zero time: never scraped
    QCOMPARE(t[2].scrapePool, QStringLiteral("prometheus"));
    QCOMPARE(t[3].scrapePool, QStringLiteral("rust-api"));
    QCOMPARE(t[3].labels.value(QStringLiteral("instance")), QStringLiteral("127.0.0.1:8080"));
    QCOMPARE(t[3].lastScrape.time().msec(), 123);
    QCOMPARE(t[3].lastScrapeDurationSeconds, 0.004512);
    QCOMPARE(targetsSummary(t), QStringLiteral("4 targets: 1 down, 1 unknown, 2 up"));
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-04T10:00:31Z"), Qt::ISODate);
    QCOMPARE(agoText(t[3].lastScrape, now), QStringLiteral("29 s ago"));
    QCOMPARE(agoText({}, now), QStringLiteral("never"));
}

void TestTargetsHealth::refusesWhatIsNotATargetsAnswer()
{
    QString error;
    QVERIFY(decodePrometheusTargets("<html>502 Bad Gateway</html>", &error).isEmpty());
    QVERIFY(error.startsWith(QStringLiteral("invalid response")));
    error.clear();
    QVERIFY(decodePrometheusTargets(R"({"status":"success","data":[]})", &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("no list of active targets")), qPrintable(error));
    error.clear();
    QVERIFY(decodePrometheusTargets(R"({"status":"error","errorType":"unavailable","error":"not ready"})", &error).isEmpty());
    QCOMPARE(error, QStringLiteral("not ready"));
}

void TestTargetsHealth::targetsModelAndView()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setRoute("/api/v1/targets", 200, kTargets);
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(server.url());
    TargetsView view;
    view.setIntervalMs(0);
    QSignalSpy refreshed(&view, &TargetsView::refreshed);
    view.setClient(&client, QStringLiteral("Prometheus"));
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(server.requests().last().param(QStringLiteral("state")), QStringLiteral("active"));
    QCOMPARE(view.visibleRows(), 4);
    QVERIFY2(view.summaryText().startsWith(QStringLiteral("4 targets: 1 down, 1 unknown, 2 up on Prometheus")),
             qPrintable(view.summaryText()));
    QVERIFY(view.errorText().isEmpty());
    // The table shows the down target first.
    const QAbstractItemModel *shown = view.table()->model();
    QCOMPARE(shown->index(0, TargetsModel::State).data().toString(), QStringLiteral("DOWN"));
    QCOMPARE(shown->index(0, TargetsModel::Pool).data().toString(), QStringLiteral("node"));
    QVERIFY(shown->index(0, TargetsModel::Error).data().toString().contains(QStringLiteral("connection refused")));

    view.setStateFilter(QStringLiteral("down"));
    QCOMPARE(view.visibleRows(), 1);
    view.setStateFilter(QStringLiteral("up"));
    QCOMPARE(view.visibleRows(), 2);
    view.setStateFilter(QStringLiteral("all"));
    view.findChild<QLineEdit *>(QStringLiteral("targetsSearch"))->setText(QStringLiteral("MONGO"));
    QCOMPARE(view.visibleRows(), 1);
    view.findChild<QLineEdit *>(QStringLiteral("targetsSearch"))->clear();

    // The server answers garbage: the error is shown and the last list stays.
    server.setRoute("/api/v1/targets", 502, "<html>Bad Gateway</html>", {}, "text/html");
    view.refresh();
    QVERIFY(refreshed.wait(5000));
    QVERIFY2(view.errorText().startsWith(QStringLiteral("Cannot read targets:")), qPrintable(view.errorText()));
    QCOMPARE(view.visibleRows(), 4);
}

void TestTargetsHealth::healthBodies_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("overall");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("failing");
    using O = HealthStatus::Overall;
    QTest::newRow("the project's own, failing")
        << 503 << QByteArray(R"({"status": "unhealthy", "uptime_seconds": 3605.2, "database": "connected", "mongodb": "ok", "redis": "timeout"})")
        << int(O::Unhealthy) << "unhealthy" << "redis: timeout";
    QTest::newRow("the project's own, healthy")
        << 200 << QByteArray(R"({"status": "healthy", "mongodb": "ok", "redis": "ok"})") << int(O::Healthy) << "healthy" << "";
    QTest::newRow("Spring Boot components")
        << 503 << QByteArray(R"({"status":"DOWN","components":{"db":{"status":"UP","details":{"database":"PostgreSQL"}},"redis":{"status":"DOWN","details":{"error":"RedisConnectionFailureException"}},"diskSpace":{"status":"UP"}}})")
        << int(O::Unhealthy) << "DOWN" << "redis: DOWN";
    QTest::newRow("health+json checks")
        << 200 << QByteArray(R"({"status":"warn","checks":{"mongodb:responseTime":[{"componentType":"datastore","observedValue":250,"status":"pass"}],"redis:ping":[{"status":"fail","output":"timeout"}]}})")
        << int(O::Unhealthy) << "warn" << "redis:ping: fail";
    QTest::newRow("plain OK") << 200 << QByteArray("OK\n") << int(O::Healthy) << "OK" << "";
    QTest::newRow("HTML error page") << 500 << QByteArray("<html><body><h1>500</h1></body></html>")
                                     << int(O::Unhealthy) << "<html><body><h1>500</h1></body></html>" << "";
    QTest::newRow("200 that says down") << 200 << QByteArray(R"({"status":"down"})") << int(O::Unhealthy) << "down" << "";
}

void TestTargetsHealth::healthBodies()
{
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(int, overall);
    QFETCH(QString, status);
    QFETCH(QString, failing);
    const HealthStatus s = decodeHealth(http, body);
    QCOMPARE(int(s.overall), overall);
    QCOMPARE(s.httpStatus, http);
    QCOMPARE(s.status, status);
    QCOMPARE(s.failingText(), failing);
}

void TestTargetsHealth::parsesEndpoints()
{
    QString error;
    HealthEndpoint e = HealthEndpoint::parse(QStringLiteral("rust-api=http://127.0.0.1:8080/health"), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(e.name, QStringLiteral("rust-api"));
    QCOMPARE(e.url, QUrl(QStringLiteral("http://127.0.0.1:8080/health")));
    QCOMPARE(HealthEndpoint::parse(e.toString(), &error), e);
    e = HealthEndpoint::parse(QStringLiteral("http://api:8080/ready?x=a=b"), &error);
    QVERIFY(error.isEmpty());
    QVERIFY(e.name.isEmpty());
    QCOMPARE(e.displayName(), QStringLiteral("api:8080/ready"));
    HealthEndpoint::parse(QStringLiteral("ftp://api/health"), &error);
    QVERIFY(error.contains(QStringLiteral("not an http(s) URL")));
    error.clear();
    HealthEndpoint::parse(QStringLiteral("api=http://user:secret@api/health"), &error);
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(QStringLiteral("secret")), qPrintable(error));
}

void TestTargetsHealth::checkerAgainstAServer()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setRoute("/health", 503, R"({"status":"unhealthy","mongodb":"ok","redis":"timeout"})");
    server.setRoute("/ready", 200, R"({"status":"ready"})");
    QNetworkAccessManager nam;
    HealthChecker checker(&nam);
    const QUrl base = server.url();
    checker.setEndpoints({{QStringLiteral("api health"), base.resolved(QUrl(QStringLiteral("/health")))},
                          {QStringLiteral("api ready"), base.resolved(QUrl(QStringLiteral("/ready")))},
                          {QStringLiteral("gone"), QUrl(QStringLiteral("http://127.0.0.1:1/health"))}});
    QSignalSpy round(&checker, &HealthChecker::roundFinished);
    checker.checkNow();
    QVERIFY(round.wait(10000));
    const QList<HealthStatus> &s = checker.statuses();
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[0].overall, HealthStatus::Overall::Unhealthy);
    QCOMPARE(s[0].httpStatus, 503);
    QCOMPARE(s[0].failingText(), QStringLiteral("redis: timeout"));
    QVERIFY(s[0].checkedAt.isValid());
    QVERIFY(s[0].latencyMs >= 0);
    QCOMPARE(s[1].overall, HealthStatus::Overall::Healthy);
    QCOMPARE(s[2].overall, HealthStatus::Overall::Unreachable);
    QVERIFY2(s[2].error.contains(QStringLiteral("connection refused")), qPrintable(s[2].error));

    // Recovery on the next poll.
    server.setRoute("/health", 200, R"({"status":"healthy","mongodb":"ok","redis":"ok"})");
    round.clear();
    checker.checkNow();
    QVERIFY(round.wait(10000));
    QCOMPARE(checker.statuses()[0].overall, HealthStatus::Overall::Healthy);
}

void TestTargetsHealth::healthViewShowsDependencies()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setRoute("/health", 503,
                    R"({"status":"unhealthy","mongodb":"ok","redis":"<b>timeout</b>"})");
    QNetworkAccessManager nam;
    HealthChecker checker(&nam);
    HealthView view(&checker);
    QSignalSpy edited(&view, &HealthView::endpointsEdited);
    QSignalSpy round(&checker, &HealthChecker::roundFinished);
    QVERIFY(!view.addEndpoint(QStringLiteral("javascript:alert(1)")));
    QCOMPARE(edited.size(), 0);
    QVERIFY(view.addEndpoint(QStringLiteral("api=") + server.url().toString() + QStringLiteral("/health")));
    QCOMPARE(edited.size(), 1);
    QVERIFY(round.wait(10000));
    QTreeWidget *tree = view.tree();
    QCOMPARE(tree->topLevelItemCount(), 1);
    QTreeWidgetItem *item = tree->topLevelItem(0);
    QCOMPARE(item->text(0), QStringLiteral("api"));
    QCOMPARE(item->text(1), QStringLiteral("503"));
    QVERIFY2(item->text(2).startsWith(QStringLiteral("unhealthy")), qPrintable(item->text(2)));
    QVERIFY(item->isExpanded());
    QCOMPARE(item->childCount(), 2);
    QTreeWidgetItem *redis = item->child(1);
    QCOMPARE(redis->text(0), QStringLiteral("redis"));
    QCOMPARE(redis->text(2), QStringLiteral("<b>timeout</b>")); // literally, never markup
    QCOMPARE(redis->data(0, Qt::UserRole).toInt(), int(HealthDependency::State::Failing));
    QVERIFY2(view.summaryText().contains(QStringLiteral("1 failing")), qPrintable(view.summaryText()));
    view.removeEndpoint(0);
    QCOMPARE(tree->topLevelItemCount(), 0);
    QCOMPARE(edited.size(), 2);
    QVERIFY(edited.last().at(0).value<QList<HealthEndpoint>>().isEmpty());
}

QTEST_MAIN(TestTargetsHealth)
#include "tst_targetshealth.moc"
