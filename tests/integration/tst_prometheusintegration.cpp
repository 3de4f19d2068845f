// End to end against a real Prometheus (Debian's package) with backfilled history:
// the bundled dashboard's panels plot exactly what Prometheus returns, errors read
// as the user needs them, and `dozor render` draws every panel.
#include "chartpanel.h"
#include "dashboardcanvas.h"
#include "dashboardloader.h"
#include "dashboardqueries.h"
#include "exemplars.h"
#include "palette.h"
#include "prometheusclient.h"
#include "prometheusserver.h"
#include "childprocess.h"
#include "compression.h"
#include "httpjob.h"

#include <QChart>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <cmath>

#include <sys/prctl.h>

#include <csignal>
#include <memory>

namespace {

const QString kBundled = QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json");

// Fetches a range query with a plain GET and QJsonDocument - deliberately not the
// client or decoder under test.
QJsonArray fetchRange(const QUrl &base, const QString &expr, qint64 startMs, qint64 endMs, double step)
{
    QUrl url = base.resolved(QUrl(QStringLiteral("/api/v1/query_range")));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), QString::fromUtf8(QUrl::toPercentEncoding(expr)));
    q.addQueryItem(QStringLiteral("start"), QString::number(startMs / 1000.0, 'f', 3));
    q.addQueryItem(QStringLiteral("end"), QString::number(endMs / 1000.0, 'f', 3));
    q.addQueryItem(QStringLiteral("step"), QString::number(step, 'g', 12));
    url.setQuery(q);
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(30000);
    const QJsonObject root = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    if (root.value(QLatin1String("status")).toString() != QLatin1String("success"))
        return {};
    return root.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
}

QHash<int, PanelData> runAll(DashboardQueries &queries, const QHash<int, int> &widths,
                             const TimeRange &range, const QDateTime &now)
{
    QHash<int, PanelData> results;
    QObject ctx;
    QObject::connect(&queries, &DashboardQueries::panelFinished, &ctx,
                     [&](int id, const PanelData &d) { results.insert(id, d); });
    queries.refresh(widths, range, now);
    QElapsedTimer t;
    t.start();
    while (results.size() < widths.size() && t.elapsed() < 40000)
        QTest::qWait(20);
    return results;
}

// Pixels painted in one of the series colours: a plotted line, not background or text.
// An antialiased one-pixel line lying between two pixel rows lights both at partial
// strength, so a pixel counts when it is the panel background blended with a series
// colour at a third or more of its strength (and close to that blend).
int plottedPixels(const QImage &image, const QRect &rect)
{
    QList<QColor> colors;
    for (int i = 0; i < 6; ++i)
        colors << seriesColor(i);
    const QColor bg = Theme::panelBackground;
    int n = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            const double d[3] = {double(c.red() - bg.red()), double(c.green() - bg.green()),
                                 double(c.blue() - bg.blue())};
            for (const QColor &s : colors) {
                const double e[3] = {double(s.red() - bg.red()), double(s.green() - bg.green()),
                                     double(s.blue() - bg.blue())};
                const double ee = e[0] * e[0] + e[1] * e[1] + e[2] * e[2];
                const double a = (d[0] * e[0] + d[1] * e[1] + d[2] * e[2]) / ee;
                if (a < 0.33 || a > 1.1)
                    continue;
                double off = 0;
                for (int k = 0; k < 3; ++k)
                    off += std::abs(d[k] - a * e[k]);
                if (off < 30) {
                    ++n;
                    break;
                }
            }
        }
    }
    return n;
}

} // namespace

class TestPrometheusIntegration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void plottedValuesEqualPrometheus();
    void badExpressionShowsPrometheusMessage();
    void serverDownShowsConnectionRefusedAndRecovers();
    void staleReplyNeverOverwritesNewer();
    void renderCommandDrawsEveryPanel();
    void renderAgainstDownServerStillWritesImage();
    void exemplarsFromTheLiveSimulator();
    void answersComeGzippedAndAreInflatedOffTheUiThread();

private:
    PrometheusServer m_server;
    Dashboard m_dashboard;
};

void TestPrometheusIntegration::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(3, &error), qPrintable(error));
    QVERIFY(m_server.pid() > 0);
    const auto loaded = DashboardLoader::loadFile(kBundled);
    QVERIFY2(loaded.dashboard, qPrintable(loaded.error));
    m_dashboard = *loaded.dashboard;
}

void TestPrometheusIntegration::cleanupTestCase()
{
    m_server.stop();
}

void TestPrometheusIntegration::plottedValuesEqualPrometheus()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(m_server.url());
    DashboardQueries queries(&client);
    queries.setDashboard(m_dashboard);

    // The last two hours of the backfilled history, 15 s steps: few enough points
    // that no decimation happens and every plotted point must match exactly.
    const QDateTime now = m_server.historyEnd();
    const TimeRange range{QStringLiteral("now-2h"), QStringLiteral("now")};
    DashboardCanvas canvas(m_dashboard, 1600);
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    canvas.show();
    const QHash<int, int> widths = canvas.plotWidths();
    QCOMPARE(widths.size(), m_dashboard.panels.size());

    const QHash<int, PanelData> results = runAll(queries, widths, range, now);
    QCOMPARE(results.size(), m_dashboard.panels.size());

    for (const Panel &panel : m_dashboard.panels) {
        const PanelData &data = results.value(panel.id);
        QVERIFY2(data.error.isEmpty(), qPrintable(panel.title + QLatin1String(": ") + data.error));
        QCOMPARE(data.stepSeconds, 15.0);
        QVERIFY2(!data.series.empty(), qPrintable(panel.title));
        auto *view = qobject_cast<ChartPanel *>(canvas.panel(panel.id));
        QVERIFY(view);
        view->setData(data);

        // Expected: what Prometheus itself answers for each target, in target order.
        QStringList expectedNames;
        QList<QList<QPointF>> expectedPoints;
        for (const Target &t : panel.targets) {
            const QJsonArray result = fetchRange(m_server.url(), t.expr, data.queryStartMs, data.queryEndMs, data.stepSeconds);
            QVERIFY2(!result.isEmpty(), qPrintable(t.expr));
            for (const QJsonValue &sv : result) {
                const QJsonObject so = sv.toObject();
                QString name = t.legendFormat;
                const QJsonObject metric = so.value(QLatin1String("metric")).toObject();
                for (auto it = metric.begin(); it != metric.end(); ++it)
                    name.replace(QStringLiteral("{{") + it.key() + QStringLiteral("}}"), it.value().toString());
                expectedNames << name;
                QList<QPointF> pts;
                for (const QJsonValue &p : so.value(QLatin1String("values")).toArray()) {
                    const QJsonArray pair = p.toArray();
                    const double v = pair.at(1).toString().toDouble();
                    if (std::isfinite(v))
                        pts << QPointF(pair.at(0).toDouble() * 1000.0, v);
                }
                expectedPoints << pts;
            }
        }
        QCOMPARE(int(data.series.size()), expectedNames.size());

        // Actual: the points the chart draws, gathered per legend name.
        QHash<QString, QList<QPointF>> plotted;
        for (const ChartPanel::DrawnLine &line : view->drawnLines())
            plotted[line.name] << line.points;
        for (int i = 0; i < expectedNames.size(); ++i) {
            const QList<QPointF> got = plotted.value(expectedNames[i]);
            QVERIFY2(!expectedPoints[i].isEmpty(), qPrintable(expectedNames[i]));
            QCOMPARE(got.size(), expectedPoints[i].size());
            for (int k = 0; k < got.size(); ++k) {
                QCOMPARE(got[k].x(), expectedPoints[i][k].x());
                QCOMPARE(got[k].y(), expectedPoints[i][k].y());
            }
        }
    }
}

void TestPrometheusIntegration::badExpressionShowsPrometheusMessage()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(m_server.url());
    Dashboard d;
    Panel p;
    p.id = 1;
    p.type = QStringLiteral("timeseries");
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("sum(rate(http_requests_total[5m]");
    p.targets << t;
    d.panels << p;
    DashboardQueries queries(&client);
    queries.setDashboard(d);
    const auto results = runAll(queries, {{1, 800}}, TimeRange{}, QDateTime::currentDateTimeUtc());
    QVERIFY(results.contains(1));
    const QString error = results.value(1).error;
    // Prometheus's own parser message, not a generic HTTP failure.
    QVERIFY2(error.contains(QLatin1String("parse error")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("HTTP 400")), qPrintable(error));
}

void TestPrometheusIntegration::serverDownShowsConnectionRefusedAndRecovers()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    const ClosedPort closed;
    const quint16 closedPort = closed.port();
    const QUrl down = closed.url();
    client.setBaseUrl(down);
    DashboardQueries queries(&client);
    queries.setDashboard(m_dashboard);
    QHash<int, int> widths;
    for (const Panel &p : m_dashboard.panels)
        widths.insert(p.id, 800);
    const QDateTime now = m_server.historyEnd();
    const TimeRange range{QStringLiteral("now-1h"), QStringLiteral("now")};

    auto results = runAll(queries, widths, range, now);
    QCOMPARE(results.size(), m_dashboard.panels.size());
    for (const PanelData &d : std::as_const(results)) {
        QVERIFY2(d.error.startsWith(QStringLiteral("connection refused: http://127.0.0.1:%1").arg(closedPort)),
                 qPrintable(d.error));
        QVERIFY(d.series.empty());
    }
    // The server "comes back": the next refresh recovers with no other action.
    client.setBaseUrl(m_server.url());
    results = runAll(queries, widths, range, now);
    QCOMPARE(results.size(), m_dashboard.panels.size());
    for (const PanelData &d : std::as_const(results)) {
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY(!d.series.empty());
    }
}

void TestPrometheusIntegration::staleReplyNeverOverwritesNewer()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(m_server.url());
    DashboardQueries queries(&client);
    queries.setDashboard(m_dashboard);
    const int id = m_dashboard.panels.first().id;
    QList<PanelData> delivered;
    connect(&queries, &DashboardQueries::panelFinished, this,
            [&](int, const PanelData &d) { delivered << d; });
    const QDateTime now = m_server.historyEnd();
    queries.refresh({{id, 800}}, TimeRange{QStringLiteral("now-3h"), QStringLiteral("now")}, now);
    queries.refresh({{id, 800}}, TimeRange{QStringLiteral("now-30m"), QStringLiteral("now")}, now);
    QTRY_VERIFY_WITH_TIMEOUT(queries.inFlight() == 0, 30000);
    QTest::qWait(200);
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(delivered.first().start, now.addSecs(-1800));
}

void TestPrometheusIntegration::renderCommandDrawsEveryPanel()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("report.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(DOZOR_EXECUTABLE),
            {QStringLiteral("render"), kBundled, QStringLiteral("-o"), out, QStringLiteral("--from"),
             QStringLiteral("now-2h"), QStringLiteral("--width"), QStringLiteral("1400"),
             QStringLiteral("--prometheus"), m_server.url().toString()});
    QVERIFY(p.waitForFinished(60000));
    const QString log = QString::fromLocal8Bit(p.readAll());
    QVERIFY2(p.exitCode() == 0, qPrintable(log));
    QImage image(out);
    QVERIFY2(!image.isNull(), qPrintable(log));
    QCOMPARE(image.width(), 1400);
    for (const Panel &panel : m_dashboard.panels) {
        const QRect rect = DashboardCanvas::panelRect(panel.gridPos, image.width());
        QVERIFY(image.rect().contains(rect));
        const int pixels = plottedPixels(image, rect);
        QVERIFY2(pixels > 100, qPrintable(QStringLiteral("%1: only %2 plotted pixels").arg(panel.title).arg(pixels)));
    }
}

// Prometheus gzips its answers when asked; the client asks (so Qt does not inflate on
// the UI thread), the body arrives compressed, and the decode and the inspector's
// record both see the JSON Prometheus wrote.
void TestPrometheusIntegration::answersComeGzippedAndAreInflatedOffTheUiThread()
{
    QNetworkAccessManager nam;
    const QUrl url = QUrl(m_server.url().toString() + QStringLiteral("/api/v1/query_range"));
    const QByteArray form = "query=up&start=" + QByteArray::number(m_server.historyEnd().toSecsSinceEpoch() - 3600) +
                            "&end=" + QByteArray::number(m_server.historyEnd().toSecsSinceEpoch()) + "&step=15";
    const auto fetch = [&](bool compressed) {
        HttpOptions options;
        options.compressedBody = compressed;
        HttpJob *job = HttpJob::start(&nam, HttpJob::Method::PostForm, url, form, 20000, this,
                                      HttpJob::kDefaultMaxBytes, options);
        QSignalSpy spy(job, &HttpJob::finished);
        [&] { QVERIFY(spy.wait(20000)); }();
        return spy.isEmpty() ? HttpResult() : spy.first().first().value<HttpResult>();
    };
    const HttpResult gz = fetch(true);
    const HttpResult plain = fetch(false);
    QVERIFY2(gz.ok() && plain.ok(), qPrintable(gz.error + plain.error));
    QCOMPARE(gz.contentEncoding, QByteArray("gzip"));
    QVERIFY(plain.contentEncoding.isEmpty());
    QVERIFY(plain.body.startsWith(R"({"status":"success")"));
    QVERIFY(gz.body.size() < plain.body.size() / 2);
    const InflateResult inflated = inflateBody(gz.body, gz.contentEncoding, HttpJob::kDefaultMaxBytes);
    QVERIFY2(inflated.ok(), qPrintable(inflated.error));
    QCOMPARE(inflated.body, plain.body);

    // Through the client and the dashboard: data decoded, the record readable JSON.
    PrometheusClient client(&nam);
    client.setBaseUrl(m_server.url());
    DashboardQueries queries(&client);
    queries.setDashboard(m_dashboard);
    const int id = m_dashboard.panels.first().id;
    const QHash<int, PanelData> results =
        runAll(queries, {{id, 800}}, TimeRange{QStringLiteral("now-1h"), QStringLiteral("now")}, m_server.historyEnd());
    QVERIFY(results.contains(id));
    QVERIFY2(results[id].error.isEmpty(), qPrintable(results[id].error));
    QVERIFY(!results[id].series.empty());
    const PanelRunRecord *run = queries.lastRun(id);
    QVERIFY(run && !run->queries.empty());
    QVERIFY2(run->queries[0].response().startsWith(R"({"status":"success")"),
             run->queries[0].response().left(40).constData());
}

void TestPrometheusIntegration::renderAgainstDownServerStillWritesImage()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("down.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    const ClosedPort closed;
    const QString down = closed.url().toString();
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(DOZOR_EXECUTABLE),
            {QStringLiteral("render"), kBundled, QStringLiteral("-o"), out, QStringLiteral("--prometheus"), down});
    QVERIFY(p.waitForFinished(60000));
    const QString log = QString::fromLocal8Bit(p.readAll());
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(log.contains(QLatin1String("connection refused: ") + down), qPrintable(log));
    QVERIFY(!QImage(out).isNull());
    QVERIFY(t.elapsed() < 30000);
}

namespace {

using Child = ChildProcess;

QList<ExemplarSeries> fetchExemplars(PrometheusClient &client, const QString &expr, const QDateTime &start,
                                     const QDateTime &end, QString *error)
{
    PrometheusListQuery *q = client.queryExemplars(expr, start, end);
    QSignalSpy ready(q, &PrometheusListQuery::exemplarsReady);
    QSignalSpy finished(q, &PrometheusListQuery::finished);
    if (!finished.wait(10000)) {
        *error = QStringLiteral("no answer");
        return {};
    }
    *error = finished.first().at(1).toString();
    q->deleteLater();
    return ready.isEmpty() ? QList<ExemplarSeries>() : ready.first().at(0).value<QList<ExemplarSeries>>();
}

} // namespace

void TestPrometheusIntegration::exemplarsFromTheLiveSimulator()
{
    // Backfilled history has no exemplars (TSDB blocks do not keep them): they come
    // from scraping the simulator live, in OpenMetrics, with exemplar storage on.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 simPort = PrometheusServer::freePort();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Child simulator(QStringLiteral("python3"),
                    {QStringLiteral(DOZOR_SOURCE_DIR "/scripts/simulator.py"), QStringLiteral("serve"),
                     QStringLiteral("--anchor"), QString::number(now - 3600), QStringLiteral("--port"),
                     QString::number(simPort)},
                    dir.filePath(QStringLiteral("simulator.log")));
    QVERIFY(simulator.process->waitForStarted(5000));
    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: rust-api\n"
                 "    static_configs:\n      - targets: ['127.0.0.1:" + QByteArray::number(simPort) + "']\n");
    config.close();
    const quint16 promPort = PrometheusServer::freePort();
    Child prometheus(QStringLiteral("prometheus"),
                     {QStringLiteral("--config.file=") + config.fileName(),
                      QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("data")),
                      QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort),
                      QStringLiteral("--enable-feature=exemplar-storage")},
                     dir.filePath(QStringLiteral("prometheus.log")));
    QVERIFY(prometheus.process->waitForStarted(5000));

    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(promPort)));
    const QString expr = QStringLiteral("http_request_duration_seconds_bucket{job=\"rust-api\"}");
    QList<ExemplarSeries> series;
    QString error;
    QElapsedTimer waited;
    waited.start();
    while (series.isEmpty() && waited.elapsed() < 60000) {
        QTest::qWait(500);
        const QDateTime t = QDateTime::currentDateTimeUtc();
        series = fetchExemplars(client, expr, t.addSecs(-600), t.addSecs(60), &error);
    }
    QVERIFY2(!series.isEmpty(), qPrintable(QStringLiteral("no exemplars after 60 s; last error: ") + error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int withTrace = 0;
    for (const ExemplarSeries &s : std::as_const(series)) {
        QCOMPARE(s.seriesLabels.value(QStringLiteral("__name__")), QStringLiteral("http_request_duration_seconds_bucket"));
        QVERIFY(s.seriesLabels.contains(QStringLiteral("le")));
        for (const Exemplar &e : s.exemplars) {
            const QString id = exemplarTraceId(e);
            if (id.isEmpty())
                continue;
            ++withTrace;
            static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{16,32}$"));
            QVERIFY2(hex.match(id).hasMatch(), qPrintable(id));
            QVERIFY(e.value > 0);
            // The exemplar's own time, from the OpenMetrics line: within the demo's window.
            QVERIFY(e.timestampMs > (now - 900) * 1000 && e.timestampMs < QDateTime::currentMSecsSinceEpoch() + 60000);
            // An observation sits in the bucket it is an exemplar of.
            const QString le = s.seriesLabels.value(QStringLiteral("le"));
            if (le != QLatin1String("+Inf"))
                QVERIFY2(e.value <= le.toDouble(), qPrintable(QStringLiteral("%1 > le %2").arg(e.value).arg(le)));
        }
    }
    QVERIFY(withTrace > 0);

    // The dashboard path: a p95 panel whose target asks for exemplars gets them.
    Panel panel;
    panel.id = 900;
    panel.type = QStringLiteral("timeseries");
    Target target;
    target.refId = QStringLiteral("A");
    target.expr = QStringLiteral("histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[1m])) by (le))");
    panel.targets.append(target);
    QJsonObject rawTarget{{QStringLiteral("refId"), target.refId},
                          {QStringLiteral("expr"), target.expr},
                          {QStringLiteral("exemplar"), true}};
    panel.raw.insert(QStringLiteral("targets"), QJsonArray{rawTarget});
    Dashboard d;
    d.panels = {panel};
    DashboardQueries queries(&client);
    queries.setDashboard(d);
    QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
    QSignalSpy ready(&queries, &DashboardQueries::exemplarsReady);
    QVERIFY(queries.refresh({{900, 600}}, TimeRange::lastDuration(15 * 60 * 1000)));
    QVERIFY(ready.wait(15000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().at(1).value<PanelData>().error.isEmpty());
    const auto fromPanel = ready.first().at(1).value<QList<ExemplarSeries>>();
    QVERIFY(!fromPanel.isEmpty());
    QVERIFY(!exemplarTraceId(fromPanel.first().exemplars.first()).isEmpty());
}

QTEST_MAIN(TestPrometheusIntegration)
#include "tst_prometheusintegration.moc"
