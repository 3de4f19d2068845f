// The smoke test after a deploy, against real parts: a real Prometheus (Debian's)
// scraping the demo's simulator (up) and a port where nothing listens (down), and the
// simulator's own /health and /ready. Checks the Targets and Service health docks of
// the window and `dozor targets` / `dozor health` with their exit codes.
#include "childprocess.h"
#include "datasourcedialog.h"
#include "recordingserver.h"
#include "endpoints.h"
#include "healthcheck.h"
#include "healthview.h"
#include "mainwindow.h"
#include "prometheusclient.h"
#include "prometheusserver.h"
#include "targets.h"
#include "targetsview.h"

#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFrame>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class TestHealthIntegration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void targetsDock();
    void healthDock();
    void targetsCommand();
    void healthCommand();
    void targetsWhenPrometheusIsDown();
    void refusedCredentialsOfferTheDatasourcesDialog();

private:
    int runDozor(const QStringList &args, QByteArray *out);
    QUrl simUrl(quint16 port, const char *path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QLatin1String(path)));
    }
    Endpoints endpoints() const;

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<ChildProcess> m_failing;  // simulator whose Redis times out
    std::unique_ptr<ChildProcess> m_healthy;  // simulator that stays healthy
    std::unique_ptr<ChildProcess> m_prometheus;
    std::unique_ptr<ClosedPort> m_down;
    quint16 m_failingPort = 0;
    quint16 m_healthyPort = 0;
    QUrl m_promUrl;
};

void TestHealthIntegration::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(m_dir.isValid());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    auto simulator = [&](quint16 port, const QString &unhealthy, const QString &log) {
        return std::make_unique<ChildProcess>(
            QStringLiteral("python3"),
            QStringList{QStringLiteral(DOZOR_SOURCE_DIR "/scripts/simulator.py"), QStringLiteral("serve"),
                        QStringLiteral("--anchor"), QString::number(now - 600), QStringLiteral("--port"),
                        QString::number(port), QStringLiteral("--unhealthy"), unhealthy},
            m_dir.filePath(log));
    };
    m_failingPort = PrometheusServer::freePort();
    m_failing = simulator(m_failingPort, QStringLiteral("redis"), QStringLiteral("failing.log"));
    m_healthyPort = PrometheusServer::freePort();
    m_healthy = simulator(m_healthyPort, QStringLiteral("none"), QStringLiteral("healthy.log"));
    QVERIFY(m_failing->process->waitForStarted(5000));
    QVERIFY(m_healthy->process->waitForStarted(5000));
    m_down = std::make_unique<ClosedPort>();

    QFile config(m_dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
                 "  - job_name: rust-api\n    static_configs:\n      - targets: ['127.0.0.1:" +
                 QByteArray::number(m_failingPort) +
                 "']\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:" +
                 QByteArray::number(m_down->port()) + "']\n");
    config.close();
    const quint16 promPort = PrometheusServer::freePort();
    m_promUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(promPort));
    m_prometheus = std::make_unique<ChildProcess>(
        QStringLiteral("prometheus"),
        QStringList{QStringLiteral("--config.file=") + config.fileName(),
                    QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort)},
        m_dir.filePath(QStringLiteral("prometheus.log")));
    QVERIFY(m_prometheus->process->waitForStarted(5000));

    // Wait until Prometheus has scraped both targets once (health known).
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(m_promUrl);
    QElapsedTimer waited;
    waited.start();
    QList<ScrapeTarget> targets;
    QString error;
    while (waited.elapsed() < 60000) {
        PrometheusListQuery *q = client.targets();
        QSignalSpy ready(q, &PrometheusListQuery::targetsReady);
        QSignalSpy finished(q, &PrometheusListQuery::finished);
        if (finished.wait(5000) && !ready.isEmpty()) {
            targets = ready.first().at(0).value<QList<ScrapeTarget>>();
            if (targets.size() == 2 && std::none_of(targets.cbegin(), targets.cend(), [](const ScrapeTarget &t) {
                    return t.health == ScrapeTarget::Health::Unknown;
                }))
                break;
        } else if (!finished.isEmpty()) {
            error = finished.first().at(1).toString();
        }
        QTest::qWait(500);
    }
    QVERIFY2(targets.size() == 2, qPrintable(QStringLiteral("targets not scraped after 60 s: ") + error));
}

Endpoints TestHealthIntegration::endpoints() const
{
    Endpoints e;
    e.prometheus = m_promUrl;
    e.alertmanager = m_down->url();
    e.jaeger = m_down->url();
    e.healthChecks = {{QStringLiteral("rust-api health"), simUrl(m_failingPort, "/health")},
                      {QStringLiteral("rust-api ready"), simUrl(m_failingPort, "/ready")},
                      {QStringLiteral("sync health"), simUrl(m_healthyPort, "/health")},
                      {QStringLiteral("gone"), QUrl(m_down->url().toString() + QStringLiteral("/health"))}};
    e.finish();
    return e;
}

int TestHealthIntegration::runDozor(const QStringList &args, QByteArray *out)
{
    return runToEnd(QStringLiteral(DOZOR_EXECUTABLE), args, m_settingsDir.path(), out);
}

void TestHealthIntegration::targetsDock()
{
    MainWindow w(endpoints());
    w.resize(1400, 900);
    w.show();
    TargetsView *view = w.targetsView();
    QVERIFY(view);
    QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("targets")));
    QTRY_VERIFY_WITH_TIMEOUT(view->summaryText().startsWith(QStringLiteral("2 targets: 1 down, 1 up")), 20000);
    QVERIFY(view->errorText().isEmpty());
    const QAbstractItemModel *shown = view->table()->model();
    // The down target first, with Prometheus's own reason.
    QCOMPARE(shown->index(0, TargetsModel::State).data().toString(), QStringLiteral("DOWN"));
    QCOMPARE(shown->index(0, TargetsModel::Pool).data().toString(), QStringLiteral("node"));
    QVERIFY2(shown->index(0, TargetsModel::Error).data().toString().contains(QStringLiteral("connection refused")),
             qPrintable(shown->index(0, TargetsModel::Error).data().toString()));
    QCOMPARE(shown->index(1, TargetsModel::State).data().toString(), QStringLiteral("UP"));
    QCOMPARE(shown->index(1, TargetsModel::Endpoint).data().toString(),
             simUrl(m_failingPort, "/metrics").toString());
    QVERIFY(shown->index(1, TargetsModel::LastScrape).data().toString().endsWith(QStringLiteral("s ago")));
    view->setStateFilter(QStringLiteral("down"));
    QCOMPARE(view->visibleRows(), 1);
}

void TestHealthIntegration::healthDock()
{
    MainWindow w(endpoints());
    w.resize(1400, 900);
    w.show();
    HealthChecker *checker = w.healthChecker();
    QVERIFY(checker);
    QTRY_VERIFY_WITH_TIMEOUT(std::none_of(checker->statuses().cbegin(), checker->statuses().cend(),
                                          [](const HealthStatus &s) {
                                              return s.overall == HealthStatus::Overall::Unknown;
                                          }),
                             20000);
    const QList<HealthStatus> &s = checker->statuses();
    QCOMPARE(s.size(), 4);
    QCOMPARE(s[0].httpStatus, 503);
    QCOMPARE(s[0].overall, HealthStatus::Overall::Unhealthy);
    QCOMPARE(s[0].status, QStringLiteral("unhealthy"));
    QCOMPARE(s[0].failingText(), QStringLiteral("redis: timeout"));
    // Readiness does not depend on the cache.
    QCOMPARE(s[1].httpStatus, 200);
    QCOMPARE(s[1].overall, HealthStatus::Overall::Healthy);
    QCOMPARE(s[2].httpStatus, 200);
    QCOMPARE(s[2].overall, HealthStatus::Overall::Healthy);
    QCOMPARE(s[3].overall, HealthStatus::Overall::Unreachable);

    QTreeWidget *tree = w.healthView()->tree();
    QCOMPARE(tree->topLevelItemCount(), 4);
    QTreeWidgetItem *failing = tree->topLevelItem(0);
    QCOMPARE(failing->text(1), QStringLiteral("503"));
    QVERIFY(failing->isExpanded());
    bool sawRedis = false;
    for (int i = 0; i < failing->childCount(); ++i)
        if (failing->child(i)->text(0) == QLatin1String("redis")) {
            sawRedis = true;
            QCOMPARE(failing->child(i)->text(2), QStringLiteral("timeout"));
        }
    QVERIFY(sawRedis);
    QVERIFY2(tree->topLevelItem(3)->text(2).contains(QStringLiteral("connection refused")),
             qPrintable(tree->topLevelItem(3)->text(2)));
    QVERIFY2(w.healthView()->summaryText() == QStringLiteral("4 endpoints: 2 failing, 2 healthy"),
             qPrintable(w.healthView()->summaryText()));

    // A URL added in the dock is remembered for the next start.
    QVERIFY(w.healthView()->addEndpoint(QStringLiteral("extra=") + simUrl(m_healthyPort, "/ready").toString()));
    QCOMPARE(Endpoints::fromSettings().healthChecks.size(), 5);
    QCOMPARE(Endpoints::fromSettings().healthChecks.last().name, QStringLiteral("extra"));
}

void TestHealthIntegration::targetsCommand()
{
    QByteArray out;
    QCOMPARE(runDozor({QStringLiteral("targets"), QStringLiteral("--prometheus"), m_promUrl.toString()}, &out), 2);
    QVERIFY2(out.contains("2 targets: 1 down, 1 up"), out.constData());
    // Down first.
    QVERIFY2(out.indexOf("DOWN") < out.indexOf("UP "), out.constData());
    QVERIFY(out.contains("connection refused"));

    QCOMPARE(runDozor({QStringLiteral("targets"), QStringLiteral("--json"), QStringLiteral("--prometheus"),
                       m_promUrl.toString()},
                      &out),
             2);
    const QJsonObject root = QJsonDocument::fromJson(out).object();
    const QJsonArray targets = root.value(QStringLiteral("targets")).toArray();
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets[0].toObject().value(QStringLiteral("health")).toString(), QStringLiteral("down"));
    QCOMPARE(targets[1].toObject().value(QStringLiteral("health")).toString(), QStringLiteral("up"));
    QCOMPARE(targets[1].toObject().value(QStringLiteral("labels")).toObject().value(QStringLiteral("job")).toString(),
             QStringLiteral("rust-api"));
    QVERIFY(root.value(QStringLiteral("error")).toString().isEmpty());

    // Only the up ones listed; the exit status still says one is down.
    QCOMPARE(runDozor({QStringLiteral("targets"), QStringLiteral("--state"), QStringLiteral("up"),
                       QStringLiteral("--prometheus"), m_promUrl.toString()},
                      &out),
             2);
    QVERIFY(!out.contains("DOWN "));
    QVERIFY(out.contains("UP "));
}

void TestHealthIntegration::healthCommand()
{
    QByteArray out;
    const QString failing = QStringLiteral("rust-api=") + simUrl(m_failingPort, "/health").toString();
    const QString healthy = QStringLiteral("sync=") + simUrl(m_healthyPort, "/health").toString();
    QCOMPARE(runDozor({QStringLiteral("health"), QStringLiteral("--health"), failing, QStringLiteral("--health"), healthy},
                      &out),
             2);
    QVERIFY2(out.contains("UNHEALTHY") && out.contains("503") && out.contains("failing: redis: timeout"),
             out.constData());
    QVERIFY(out.contains("HEALTHY      200"));

    QCOMPARE(runDozor({QStringLiteral("health"), QStringLiteral("--json"), QStringLiteral("--health"), healthy}, &out), 0);
    const QJsonArray checks = QJsonDocument::fromJson(out).object().value(QStringLiteral("checks")).toArray();
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks[0].toObject().value(QStringLiteral("httpStatus")).toInt(), 200);
    QCOMPARE(checks[0].toObject().value(QStringLiteral("dependencies")).toObject().value(QStringLiteral("mongodb")).toString(),
             QStringLiteral("ok"));

    // A server that is down is a failed check, not a hang.
    QCOMPARE(runDozor({QStringLiteral("health"), QStringLiteral("--health"),
                       m_down->url().toString() + QStringLiteral("/health")},
                      &out),
             2);
    QVERIFY(out.contains("UNREACHABLE") && out.contains("connection refused"));
    // Nothing configured, or a URL that is not http(s): said so.
    QCOMPARE(runDozor({QStringLiteral("health")}, &out), 1);
    QVERIFY(out.contains("no health URLs"));
    QCOMPARE(runDozor({QStringLiteral("health"), QStringLiteral("--health"), QStringLiteral("file:///etc/passwd")}, &out), 2);
    QVERIFY(out.contains("--health: not an http(s) URL"));
}

void TestHealthIntegration::targetsWhenPrometheusIsDown()
{
    QByteArray out;
    QCOMPARE(runDozor({QStringLiteral("targets"), QStringLiteral("--prometheus"), m_down->url().toString()}, &out), 1);
    QVERIFY2(out.contains("cannot read targets") && out.contains("connection refused"), out.constData());

    Endpoints e = endpoints();
    e.prometheus = m_down->url();
    e.datasources.clear();
    e.finish();
    MainWindow w(e);
    w.show();
    QTRY_VERIFY_WITH_TIMEOUT(!w.targetsView()->errorText().isEmpty(), 20000);
    QVERIFY(w.targetsView()->errorText().contains(QStringLiteral("connection refused")));
    QCOMPARE(w.targetsView()->summaryText(), QStringLiteral("Targets unknown"));
}

void TestHealthIntegration::refusedCredentialsOfferTheDatasourcesDialog()
{
    // A Prometheus behind a proxy that wants credentials: every panel says 401, the
    // banner offers the way to enter them.
    RecordingServer server;
    QVERIFY(server.listen());
    server.setDefaultRoute(401, R"({"status":"error","error":"unauthorized"})");
    Endpoints e = endpoints();
    e.prometheus = server.url();
    e.healthChecks.clear();
    e.datasources.clear();
    e.finish();
    MainWindow w(e);
    w.show();
    QVERIFY(w.openDashboard(QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json")));
    QTRY_VERIFY_WITH_TIMEOUT(w.serverBanner()->isVisible(), 15000);
    auto *text = w.serverBanner()->findChild<QLabel *>();
    QVERIFY2(text->text().startsWith(QStringLiteral("Credentials refused")), qPrintable(text->text()));
    QVERIFY(text->text().contains(QStringLiteral("HTTP 401")));
    QVERIFY(text->text().contains(QStringLiteral("File > Datasources")));
    auto *enter = w.serverBanner()->findChild<QPushButton *>(QStringLiteral("serverBannerCredentials"));
    QVERIFY(enter && enter->isVisible());
    enter->click();
    QTRY_VERIFY(w.findChild<DatasourceDialog *>());
    w.findChild<DatasourceDialog *>()->close();
    // The server lets the requests through again: the banner goes on the next refresh.
    server.setDefaultRoute(200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
    w.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!w.serverBanner()->isVisible(), 15000);
}

QTEST_MAIN(TestHealthIntegration)
#include "tst_healthintegration.moc"
