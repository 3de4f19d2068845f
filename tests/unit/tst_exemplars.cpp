// Exemplars, the bridge from a latency chart to the trace behind a point: the
// query_exemplars decoder, the trace-id label lookup, which Grafana targets ask for
// exemplars, the client request, and the dashboard's fetch after the range query
// (whose failure must never fail the panel).
#include "dashboardqueries.h"
#include "exemplars.h"
#include "faultserver.h"
#include "prometheusclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QUrlQuery>
#include <QtTest>

#include <cmath>

// Declared before the raw string literals below: moc 6.4 loses track after some.
class TestExemplars : public QObject
{
    Q_OBJECT
private slots:
    void decodesRealShapedResponse();
    void decodeOutcomes_data();
    void decodeOutcomes();
    void traceIdLabel_data();
    void traceIdLabel();
    void targetWantsExemplarsFollowsTheJson();
    void clientGetsQueryExemplars();
    void clientReportsOldServer404();
    void dashboardFetchesExemplarsAfterTheRange();
    void exemplarFailureDoesNotFailThePanel();
    void panelsWithoutExemplarTargetsNeverAsk();
    void refreshAfterAPartialAnswer();
};

namespace {

// The shape Prometheus documents for /api/v1/query_exemplars: series labels, then
// exemplars with string values and fractional-second timestamps.
const QByteArray kTwoSeries = R"({"status":"success","data":[
 {"seriesLabels":{"__name__":"http_request_duration_seconds_bucket","service":"rust-api","le":"0.5"},
  "exemplars":[{"labels":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"value":"0.412","timestamp":1600096945.479},
               {"labels":{"trace_id":"00f067aa0ba902b7","span_id":"b7ad6b7169203331"},"value":"0.305","timestamp":1600096950}]},
 {"seriesLabels":{"__name__":"http_request_duration_seconds_bucket","service":"rust-api","le":"+Inf"},
  "exemplars":[{"labels":{"traceID":"abc123"},"value":"2.75","timestamp":1600096960.001}]}]})";

const QByteArray kRangeOk = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"service":"rust-api"},"values":[[1600096900,"0.2"],[1600096960,"0.4"]]}]}})";

const QByteArray kOneExemplar = R"({"status":"success","data":[{"seriesLabels":{"service":"rust-api"},"exemplars":[{"labels":{"trace_id":"feedbeef"},"value":"0.9","timestamp":1600096930.5}]}]})";

Panel exemplarPanel(int id, bool exemplar)
{
    Panel p;
    p.id = id;
    p.type = QStringLiteral("timeseries");
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))");
    p.targets.append(t);
    QJsonObject raw;
    raw.insert(QStringLiteral("targets"),
               QJsonArray{QJsonObject{{QStringLiteral("refId"), t.refId},
                                      {QStringLiteral("expr"), t.expr},
                                      {QStringLiteral("exemplar"), exemplar}}});
    p.raw = raw;
    return p;
}

TimeRange fixedRange()
{
    return TimeRange::absolute(QDateTime::fromMSecsSinceEpoch(1600096800000, Qt::UTC),
                               QDateTime::fromMSecsSinceEpoch(1600097100000, Qt::UTC));
}

QList<QByteArray> targetsWithPath(const FaultServer &server, const QByteArray &path)
{
    QList<QByteArray> out;
    for (const QByteArray &t : server.targets())
        if (t.startsWith(path))
            out << t;
    return out;
}

} // namespace

void TestExemplars::decodesRealShapedResponse()
{
    QString error = QStringLiteral("stale");
    const QList<ExemplarSeries> series = decodePrometheusExemplars(kTwoSeries, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(series.size(), 2);
    QCOMPARE(series[0].seriesLabels.value(QStringLiteral("le")), QStringLiteral("0.5"));
    QCOMPARE(series[0].seriesLabels.value(QStringLiteral("service")), QStringLiteral("rust-api"));
    QCOMPARE(series[0].exemplars.size(), 2);
    const Exemplar &first = series[0].exemplars[0];
    QCOMPARE(first.labels.value(QStringLiteral("trace_id")), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(first.value, 0.412);
    QCOMPARE(first.timestampMs, qint64(1600096945479));
    QCOMPARE(series[0].exemplars[1].timestampMs, qint64(1600096950000));
    QCOMPARE(series[0].exemplars[1].labels.size(), 2);
    QCOMPARE(series[1].exemplars[0].value, 2.75);
    QCOMPARE(series[1].exemplars[0].timestampMs, qint64(1600096960001));
}

void TestExemplars::decodeOutcomes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("exemplars");
    QTest::addColumn<QString>("errorStart"); // empty: success

    QTest::newRow("empty data") << QByteArray(R"({"status":"success","data":[]})") << 0 << QString();
    QTest::newRow("null data") << QByteArray(R"({"status":"success","data":null})") << 0 << QString();
    QTest::newRow("error envelope")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected <EOF>"})") << 0
        << QStringLiteral("1:5: parse error: unexpected <EOF>");
    QTest::newRow("error without message") << QByteArray(R"({"status":"error"})") << 0
                                           << QStringLiteral("Prometheus reported an error");
    QTest::newRow("garbage") << QByteArray("404 page not found") << 0
                             << QStringLiteral("invalid response from server");
    QTest::newRow("json array") << QByteArray("[1,2]") << 0 << QStringLiteral("invalid response from server");
    QTest::newRow("data is an object")
        << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":[]}})") << 0
        << QStringLiteral("invalid response from server: data is not a list");
    // One good exemplar among unreadable ones: the bad are skipped, the good kept.
    QTest::newRow("bad exemplars skipped")
        << QByteArray(R"({"status":"success","data":[{"seriesLabels":{"a":"b"},"exemplars":[
            {"labels":{"trace_id":"x"},"value":"zz","timestamp":1600000000},
            {"labels":{"trace_id":"y"},"value":"1"},
            {"labels":{"trace_id":"z"},"value":"1","timestamp":"soon"},
            "not an object",
            {"labels":{"trace_id":"ok"},"value":2,"timestamp":"1600000000.25"}]},
            {"seriesLabels":{"c":"d"},"exemplars":[]}, 7]})")
        << 1 << QString();
}

void TestExemplars::decodeOutcomes()
{
    QFETCH(QByteArray, body);
    QFETCH(int, exemplars);
    QFETCH(QString, errorStart);
    QString error;
    const QList<ExemplarSeries> series = decodePrometheusExemplars(body, &error);
    int n = 0;
    for (const ExemplarSeries &s : series)
        n += int(s.exemplars.size());
    QCOMPARE(n, exemplars);
    if (errorStart.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.startsWith(errorStart), qPrintable(error));
    if (n == 1) {
        QCOMPARE(series[0].exemplars[0].labels.value(QStringLiteral("trace_id")), QStringLiteral("ok"));
        QCOMPARE(series[0].exemplars[0].timestampMs, qint64(1600000000250));
    }
}

void TestExemplars::traceIdLabel_data()
{
    QTest::addColumn<QStringList>("labels"); // name, value, name, value...
    QTest::addColumn<QStringList>("names");  // empty: the default names
    QTest::addColumn<QString>("expected");

    QTest::newRow("trace_id") << QStringList{QStringLiteral("trace_id"), QStringLiteral("abc")} << QStringList()
                              << QStringLiteral("abc");
    QTest::newRow("traceID (Grafana's Tempo style)")
        << QStringList{QStringLiteral("traceID"), QStringLiteral("def")} << QStringList() << QStringLiteral("def");
    QTest::newRow("traceId") << QStringList{QStringLiteral("traceId"), QStringLiteral("f00")} << QStringList()
                             << QStringLiteral("f00");
    QTest::newRow("first listed name wins")
        << QStringList{QStringLiteral("traceID"), QStringLiteral("second"), QStringLiteral("trace_id"),
                       QStringLiteral("first")}
        << QStringList() << QStringLiteral("first");
    QTest::newRow("none") << QStringList{QStringLiteral("span_id"), QStringLiteral("b7ad")} << QStringList()
                          << QString();
    QTest::newRow("empty value is no id") << QStringList{QStringLiteral("trace_id"), QStringLiteral(" ")}
                                          << QStringList() << QString();
    QTest::newRow("configured name")
        << QStringList{QStringLiteral("trace_id"), QStringLiteral("abc"), QStringLiteral("dd.trace_id"),
                       QStringLiteral("777")}
        << QStringList{QStringLiteral("dd.trace_id")} << QStringLiteral("777");
}

void TestExemplars::traceIdLabel()
{
    QFETCH(QStringList, labels);
    QFETCH(QStringList, names);
    QFETCH(QString, expected);
    Exemplar e;
    for (int i = 0; i + 1 < labels.size(); i += 2)
        e.labels.insert(labels[i], labels[i + 1]);
    QCOMPARE(names.isEmpty() ? exemplarTraceId(e) : exemplarTraceId(e, names), expected);
}

void TestExemplars::targetWantsExemplarsFollowsTheJson()
{
    // The loader drops targets without an expression, so panel.targets[1] is the
    // JSON's third; and a target without refId is matched by its expression.
    Panel p;
    Target b;
    b.refId = QStringLiteral("B");
    b.expr = QStringLiteral("rate(a[5m])");
    Target c;
    c.refId = QStringLiteral("C");
    c.expr = QStringLiteral("rate(b[5m])");
    Target d;
    d.refId = QStringLiteral("D"); // named by the loader; the JSON has no refId
    d.expr = QStringLiteral("rate(c[5m])");
    p.targets = {b, c, d};
    QJsonObject raw;
    raw.insert(QStringLiteral("targets"),
               QJsonArray{QJsonObject{{QStringLiteral("refId"), QStringLiteral("A")}, {QStringLiteral("exemplar"), true}},
                          QJsonObject{{QStringLiteral("refId"), QStringLiteral("B")},
                                      {QStringLiteral("expr"), b.expr},
                                      {QStringLiteral("exemplar"), false}},
                          QJsonObject{{QStringLiteral("refId"), QStringLiteral("C")},
                                      {QStringLiteral("expr"), c.expr},
                                      {QStringLiteral("exemplar"), true}},
                          QJsonObject{{QStringLiteral("expr"), d.expr}, {QStringLiteral("exemplar"), true}}});
    p.raw = raw;
    QVERIFY(!targetWantsExemplars(p, 0));
    QVERIFY(targetWantsExemplars(p, 1));
    QVERIFY(targetWantsExemplars(p, 2));
    QVERIFY(!targetWantsExemplars(p, 3));
    QVERIFY(!targetWantsExemplars(p, -1));
    p.raw = {};
    QVERIFY(!targetWantsExemplars(p, 1));
}

void TestExemplars::clientGetsQueryExemplars()
{
    FaultServer server;
    QVERIFY(server.listen());
    server.setMode(FaultServer::Mode::Routed);
    server.setRoute("/prom/api/v1/query_exemplars", 200, kTwoSeries);
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    QUrl base = server.url();
    base.setPath(QStringLiteral("/prom"));
    client.setBaseUrl(base);
    const QString expr = QStringLiteral("histogram_quantile(0.95, rate(x_bucket{a=~\"b|c\"}[5m])) + 1");
    PrometheusListQuery *q =
        client.queryExemplars(expr, QDateTime::fromMSecsSinceEpoch(1600096900000, Qt::UTC),
                              QDateTime::fromMSecsSinceEpoch(1600097200500, Qt::UTC));
    QSignalSpy ready(q, &PrometheusListQuery::exemplarsReady);
    QSignalSpy finished(q, &PrometheusListQuery::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(1).toString(), QString());
    QCOMPARE(ready.size(), 1);
    const auto series = ready.first().at(0).value<QList<ExemplarSeries>>();
    QCOMPARE(series.size(), 2);
    QCOMPARE(series[1].exemplars[0].labels.value(QStringLiteral("traceID")), QStringLiteral("abc123"));

    const QList<QByteArray> sent = targetsWithPath(server, "/prom/api/v1/query_exemplars");
    QCOMPARE(sent.size(), 1);
    const QUrlQuery query(QUrl::fromEncoded("http://x" + sent.first()));
    QCOMPARE(query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), expr);
    QCOMPARE(query.queryItemValue(QStringLiteral("start")), QStringLiteral("1600096900.000"));
    QCOMPARE(query.queryItemValue(QStringLiteral("end")), QStringLiteral("1600097200.500"));
}

void TestExemplars::clientReportsOldServer404()
{
    FaultServer server;
    QVERIFY(server.listen());
    server.setMode(FaultServer::Mode::Routed); // no route: Go's plain-text 404
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(server.url());
    PrometheusListQuery *q = client.queryExemplars(QStringLiteral("up"), QDateTime::currentDateTimeUtc().addSecs(-60),
                                                   QDateTime::currentDateTimeUtc());
    QSignalSpy ready(q, &PrometheusListQuery::exemplarsReady);
    QSignalSpy finished(q, &PrometheusListQuery::finished);
    QVERIFY(finished.wait(5000));
    QVERIFY(!finished.first().at(1).toString().isEmpty());
    QCOMPARE(ready.size(), 0);
}

void TestExemplars::dashboardFetchesExemplarsAfterTheRange()
{
    FaultServer server;
    QVERIFY(server.listen());
    server.setMode(FaultServer::Mode::Routed);
    server.setRoute("/api/v1/query_range", 200, kRangeOk);
    server.setRoute("/api/v1/query_exemplars", 200, kOneExemplar);
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(server.url());
    DashboardQueries queries(&client);
    Dashboard d;
    d.panels = {exemplarPanel(3, true)};
    queries.setDashboard(d);
    QList<QString> order;
    connect(&queries, &DashboardQueries::panelFinished, this, [&order] { order << QStringLiteral("data"); });
    connect(&queries, &DashboardQueries::exemplarsReady, this, [&order] { order << QStringLiteral("exemplars"); });
    QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
    QSignalSpy ready(&queries, &DashboardQueries::exemplarsReady);
    QVERIFY(queries.refresh({{3, 600}}, fixedRange()));
    QVERIFY(ready.wait(5000));
    QCOMPARE(order, (QList<QString>{QStringLiteral("data"), QStringLiteral("exemplars")}));
    QCOMPARE(ready.first().at(0).toInt(), 3);
    const auto series = ready.first().at(1).value<QList<ExemplarSeries>>();
    QCOMPARE(series.size(), 1);
    QCOMPARE(exemplarTraceId(series[0].exemplars[0]), QStringLiteral("feedbeef"));

    // Same expression and the panel's time range as the range query was sent with.
    const QList<QByteArray> sent = targetsWithPath(server, "/api/v1/query_exemplars");
    QCOMPARE(sent.size(), 1);
    const QUrlQuery query(QUrl::fromEncoded("http://x" + sent.first()));
    QCOMPARE(query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), d.panels[0].targets[0].expr);
    QCOMPARE(query.queryItemValue(QStringLiteral("start")), QStringLiteral("1600096800.000"));
    QCOMPARE(query.queryItemValue(QStringLiteral("end")), QStringLiteral("1600097100.000"));

    // A newer refresh cancels exemplars still in flight: only the newer ones arrive.
    server.setRoute("/api/v1/query_exemplars", 0, {}); // never answers
    ready.clear();
    QVERIFY(queries.refresh({{3, 600}}, fixedRange()));
    QTRY_COMPARE_WITH_TIMEOUT(targetsWithPath(server, "/api/v1/query_exemplars").size(), 2, 5000);
    server.setRoute("/api/v1/query_exemplars", 200, kOneExemplar);
    QVERIFY(queries.refresh({{3, 600}}, fixedRange()));
    QVERIFY(ready.wait(5000));
    QTest::qWait(100);
    QCOMPARE(ready.size(), 1);
}

void TestExemplars::exemplarFailureDoesNotFailThePanel()
{
    for (const int status : {404, 400, 503}) {
        qInfo("exemplar query answered with HTTP %d", status);
        FaultServer server;
        QVERIFY(server.listen());
        server.setMode(FaultServer::Mode::Routed);
        server.setRoute("/api/v1/query_range", 200, kRangeOk);
        // Without a route the server answers Go's plain-text 404, as Prometheus < 2.26.
        if (status != 404)
            server.setRoute("/api/v1/query_exemplars", status,
                            R"({"status":"error","errorType":"unavailable","error":"no exemplar storage"})");
        QNetworkAccessManager nam;
        PrometheusClient client(&nam);
        client.setBaseUrl(server.url());
        DashboardQueries queries(&client);
        Dashboard d;
        d.panels = {exemplarPanel(5, true)};
        queries.setDashboard(d);
        QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
        QSignalSpy ready(&queries, &DashboardQueries::exemplarsReady);
        QVERIFY(queries.refresh({{5, 600}}, fixedRange()));
        QVERIFY(ready.wait(5000));
        QCOMPARE(finished.size(), 1);
        const auto data = finished.first().at(1).value<PanelData>();
        QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
        QCOMPARE(data.series.size(), size_t(1));
        QVERIFY(ready.first().at(1).value<QList<ExemplarSeries>>().isEmpty());
        QCOMPARE(targetsWithPath(server, "/api/v1/query_exemplars").size(), 1);
    }
}

void TestExemplars::panelsWithoutExemplarTargetsNeverAsk()
{
    FaultServer server;
    QVERIFY(server.listen());
    server.setMode(FaultServer::Mode::Routed);
    server.setRoute("/api/v1/query_range", 200, kRangeOk);
    server.setRoute("/api/v1/query_exemplars", 200, kOneExemplar);
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(server.url());
    DashboardQueries queries(&client);
    Dashboard d;
    d.panels = {exemplarPanel(1, false), exemplarPanel(2, true)};
    queries.setDashboard(d);
    QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
    QSignalSpy ready(&queries, &DashboardQueries::exemplarsReady);
    // Panel 2 is not visible (not in the widths): it is not queried at all.
    QVERIFY(queries.refresh({{1, 600}}, fixedRange()));
    QVERIFY(finished.wait(5000));
    QTest::qWait(200);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(targetsWithPath(server, "/api/v1/query_exemplars").size(), 0);
}

void TestExemplars::refreshAfterAPartialAnswer()
{
    // One query of a panel answered (and was released), the other still in flight:
    // a refresh then cancels only what is still pending - the answered query, long
    // deleted, must not be deleted again.
    FaultServer server;
    QVERIFY(server.listen());
    server.setMode(FaultServer::Mode::Routed);
    server.setRoute("/api/v1/query_range", 200, kRangeOk);
    server.setRoute("/api/v1/query", 0, {}); // the instant target never answers
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(server.url());
    DashboardQueries queries(&client);
    Dashboard d;
    Panel p = exemplarPanel(4, true);
    Target instant;
    instant.refId = QStringLiteral("B");
    instant.expr = QStringLiteral("sum(up)");
    instant.instant = true;
    p.targets.append(instant);
    d.panels = {p};
    queries.setDashboard(d);
    QSignalSpy finished(&queries, &DashboardQueries::panelFinished);
    QVERIFY(queries.refresh({{4, 600}}, fixedRange()));
    QTRY_COMPARE_WITH_TIMEOUT(targetsWithPath(server, "/api/v1/query_range").size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server.targets().count("/api/v1/query"), 1, 5000); // POSTed, no query string
    QTest::qWait(200); // the range reply arrives and its query is deleted later
    QCOMPARE(queries.inFlight(), 1);
    server.setRoute("/api/v1/query", 200,
                    R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1600097100,"3"]}]}})");
    QVERIFY(queries.refresh({{4, 600}}, fixedRange()));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(1).value<PanelData>().series.size(), size_t(2));
}

QTEST_MAIN(TestExemplars)
#include "tst_exemplars.moc"
