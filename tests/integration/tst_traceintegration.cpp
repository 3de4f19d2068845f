// The operator's trace hunt, end to end against the demo's Jaeger query API (v1 and
// v3, Jaeger's JSON shapes): search rust-api with a minimum duration, open the
// slowest trace, read its critical path and where the time went; the same from the
// command line (`dozor traces`, `dozor trace`); trace files opened and saved with no
// server; a 100,000-span trace opened off the UI thread.
#include "jaegerdemoserver.h"
#include "mainwindow.h"
#include "spandetail.h"
#include "traceresults.h"
#include "traceresultsmodel.h"
#include "tracesearchform.h"
#include "tracesummaryview.h"
#include "tracewaterfall.h"
#include "tracewaterfallmodel.h"
#include "traceworkspace.h"

#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

class TestTraceIntegration final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void searchOpenSlowestReadCriticalPath_data();
    void searchOpenSlowestReadCriticalPath();
    void openByIdAndNotFound();
    void serverDownIsAnErrorInTheResults();
    void traceFileOpensAndSavesWithoutServer();
    void hugeTraceOpensOffTheUiThread();
    void commandLineTraces();
    void commandLineTrace();
    void grafanaTracesPanelOpensTheSearch();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run dozor(const QStringList &args);
    static qint64 criticalSum(const Trace &t);

    JaegerDemoServer m_both{JaegerDemoServer::Api::Both};
    JaegerDemoServer m_v1{JaegerDemoServer::Api::V1};
    QTemporaryDir m_dir;
};

TestTraceIntegration::Run TestTraceIntegration::dozor(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DOZOR_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(90000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

qint64 TestTraceIntegration::criticalSum(const Trace &t)
{
    qint64 sum = 0;
    for (const Span &s : t.spans)
        sum += s.criticalUs;
    return sum;
}

void TestTraceIntegration::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    QVERIFY2(m_both.start(&error), qPrintable(error));
    QVERIFY2(m_v1.start(&error), qPrintable(error));
}

void TestTraceIntegration::searchOpenSlowestReadCriticalPath_data()
{
    QTest::addColumn<bool>("v1Only");
    QTest::newRow("Jaeger with API v3") << false;
    QTest::newRow("older Jaeger, API v1 only") << true;
}

void TestTraceIntegration::searchOpenSlowestReadCriticalPath()
{
    QFETCH(bool, v1Only);
    QMainWindow window;
    QNetworkAccessManager nam;
    TraceWorkspace ws(&window, &nam, v1Only ? m_v1.url() : m_both.url());
    window.resize(1400, 900);
    window.show();

    // The form as the operator fills it: rust-api, at least 500 ms, the last 6 hours.
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.minDurationUs = 500000;
    q.end = QDateTime::currentDateTimeUtc();
    q.start = q.end.addSecs(-6 * 3600);
    q.limit = 20;
    ws.showSearch(&q, true);
    QVERIFY(ws.searchDock()->isVisible());
    TraceResultsModel *results = ws.results()->model();
    QTRY_VERIFY_WITH_TIMEOUT(results->rowCount() > 0 || !ws.lastError().isEmpty(), 60000);
    QVERIFY2(ws.lastError().isEmpty(), qPrintable(ws.lastError()));
    QVERIFY(results->rowCount() <= 20);
    QCOMPARE(ws.client()->apiVersion(), v1Only ? JaegerClient::ApiVersion::V1 : JaegerClient::ApiVersion::V3);
    // The services list came from the server too.
    QTRY_VERIFY_WITH_TIMEOUT(ws.form()->serviceCombo()->findText(QStringLiteral("mongodb")) >= 0, 30000);

    // Every result honours the minimum duration; open the slowest.
    QString slowest;
    qint64 slowestUs = -1;
    for (int row = 0; row < results->rowCount(); ++row) {
        const TraceSummary &s = *results->summaryAt(row);
        QVERIFY2(s.durationUs >= 500000, qPrintable(QStringLiteral("%1: %2 µs").arg(s.traceId).arg(s.durationUs)));
        QCOMPARE(s.rootService, QStringLiteral("rust-api"));
        if (s.durationUs > slowestUs) {
            slowestUs = s.durationUs;
            slowest = s.traceId;
        }
    }
    emit ws.results()->traceActivated(slowest);
    QVERIFY(ws.hasTrace());
    const Trace &t = *ws.currentTrace();
    QCOMPARE(t.traceId, slowest);
    QCOMPARE(t.durationUs(), slowestUs);
    QVERIFY(ws.traceDock()->isVisible());
    QVERIFY(ws.traceDock()->windowTitle().contains(QStringLiteral("rust-api")));

    // The critical path covers the whole request, and the summary names where the
    // time went: in the demo, slow requests wait on MongoDB.
    QCOMPARE(criticalSum(t), t.durationUs());
    const QString headline = ws.summary()->headline();
    QVERIFY2(headline.contains(QStringLiteral("% of ")), qPrintable(headline));
    QVERIFY2(headline.contains(QStringLiteral("mongodb")), qPrintable(headline));
    QVERIFY(ws.waterfall()->model()->rowCount() > 0);

    // Selecting the span with most self time fills the span dock with it.
    int top = 0;
    for (int i = 1; i < t.spans.size(); ++i)
        if (t.spans.at(i).selfUs > t.spans.at(top).selfUs)
            top = i;
    ws.waterfall()->selectSpan(top);
    QTRY_COMPARE(ws.spanDetail()->spanIndex(), top);
    QCOMPARE(ws.spanDetail()->fieldText(SpanDetail::Operation), t.spans.at(top).operationName);
    QVERIFY(ws.spanDock()->isVisible());
}

void TestTraceIntegration::openByIdAndNotFound()
{
    QMainWindow window;
    QNetworkAccessManager nam;
    TraceWorkspace ws(&window, &nam, m_both.url());
    // An ID the server knows: take one from a search.
    JaegerClient client(&nam);
    client.setBaseUrl(m_both.url());
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.end = QDateTime::currentDateTimeUtc();
    q.start = q.end.addSecs(-3600);
    q.limit = 3;
    QSignalSpy found(client.findTraces(q, this), &JaegerRequest::tracesReady);
    QVERIFY(found.wait(60000));
    const auto result = found.first().first().value<TraceDecodeResult>();
    QVERIFY2(result.ok() && !result.traces.isEmpty(), qPrintable(result.error));
    const QString id = result.traces.first().traceId;

    QSignalSpy shown(&ws, &TraceWorkspace::traceShown);
    ws.openTrace(id);
    QVERIFY(shown.wait(30000));
    QCOMPARE(ws.currentTrace()->traceId, id);
    QCOMPARE(ws.currentTrace()->spans.size(), result.traces.first().spans.size());

    QSignalSpy messages(&ws, &TraceWorkspace::message);
    ws.openTrace(QStringLiteral("00000000deadbeef"));
    QTRY_VERIFY_WITH_TIMEOUT(ws.lastError().contains(QStringLiteral("not found")), 30000);
    QCOMPARE(ws.currentTrace()->traceId, id); // the trace on show stays
    ws.openTrace(QStringLiteral("<script>"));
    QVERIFY(ws.lastError().startsWith(QStringLiteral("Not a trace ID")));
}

void TestTraceIntegration::serverDownIsAnErrorInTheResults()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort()));
    closed.close();
    QMainWindow window;
    QNetworkAccessManager nam;
    TraceWorkspace ws(&window, &nam, url);
    TraceQuery q;
    q.service = QStringLiteral("rust-api");
    q.end = QDateTime::currentDateTimeUtc();
    q.start = q.end.addSecs(-3600);
    ws.showSearch(&q, true);
    QTRY_VERIFY_WITH_TIMEOUT(!ws.lastError().isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(ws.results()->statusText().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                             30000);
    QCOMPARE(ws.results()->model()->rowCount(), 0);
    QVERIFY(!ws.hasTrace());
}

void TestTraceIntegration::traceFileOpensAndSavesWithoutServer()
{
    QMainWindow window;
    QNetworkAccessManager nam;
    TraceWorkspace ws(&window, &nam, QUrl(QStringLiteral("http://127.0.0.1:1")));
    QSignalSpy shown(&ws, &TraceWorkspace::traceShown);
    ws.openTraceFile(QStringLiteral(DOZOR_TEST_DATA "/jaeger/v1_trace_typed_tags_follows_from_logs.json"));
    QVERIFY(shown.wait(10000));
    const Trace original = *ws.currentTrace();
    QCOMPARE(original.spans.size(), 5);

    const QString saved = m_dir.filePath(QStringLiteral("saved.json"));
    QString error;
    QVERIFY2(ws.saveTrace(saved, &error), qPrintable(error));
    ws.openTraceFile(saved);
    QVERIFY(shown.wait(10000));
    const Trace &back = *ws.currentTrace();
    QCOMPARE(back.traceId, original.traceId);
    QCOMPARE(back.spans.size(), original.spans.size());
    for (int i = 0; i < back.spans.size(); ++i) {
        QCOMPARE(back.spans[i].spanId, original.spans[i].spanId);
        QCOMPARE(back.spans[i].startUs, original.spans[i].startUs);
        QCOMPARE(back.spans[i].tags.size(), original.spans[i].tags.size());
        QCOMPARE(back.spans[i].references.size(), original.spans[i].references.size());
    }

    // A broken file: an error where the user looks, the trace on show stays.
    const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"data\":[{\"traceID\":\"1\",\"spans\":[");
    f.close();
    ws.openTraceFile(broken);
    QTRY_VERIFY_WITH_TIMEOUT(ws.lastError().startsWith(QStringLiteral("broken.json")), 10000);
    QCOMPARE(ws.currentTrace()->traceId, original.traceId);
}

void TestTraceIntegration::hugeTraceOpensOffTheUiThread()
{
    // 100,000 spans in 20 services, a tree up to 30 deep: beyond what the Jaeger UI opens.
    const int n = 100000;
    QByteArray json;
    json.reserve(n * 260);
    json += "{\"data\":[{\"traceID\":\"00000000000000000000000000abcdef\",\"spans\":[";
    const qint64 t0 = 1760000000000000;
    for (int i = 0; i < n; ++i) {
        const int parent = i == 0 ? -1 : (i % 30 == 0 ? 0 : i - 1);
        json += (i ? ",{" : "{");
        json += "\"traceID\":\"00000000000000000000000000abcdef\",\"spanID\":\"" + QByteArray::number(i + 1, 16)
                + "\",\"operationName\":\"op-" + QByteArray::number(i % 50) + "\",\"references\":[";
        if (parent >= 0)
            json += "{\"refType\":\"CHILD_OF\",\"traceID\":\"00000000000000000000000000abcdef\",\"spanID\":\""
                    + QByteArray::number(parent + 1, 16) + "\"}";
        json += "],\"startTime\":" + QByteArray::number(t0 + i * 10) + ",\"duration\":"
                + QByteArray::number(i == 0 ? n * 10 + 100 : 5) + ",\"tags\":[{\"key\":\"k\",\"type\":\"int64\",\"value\":"
                + QByteArray::number(i) + "}],\"logs\":[],\"processID\":\"p" + QByteArray::number(i % 20) + "\"}";
    }
    json += "],\"processes\":{";
    for (int p = 0; p < 20; ++p)
        json += (p ? ",\"p" : "\"p") + QByteArray::number(p) + "\":{\"serviceName\":\"service-" + QByteArray::number(p)
                + "\",\"tags\":[]}";
    json += "}}]}";
    const QString path = m_dir.filePath(QStringLiteral("huge.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();

    QMainWindow window;
    QNetworkAccessManager nam;
    TraceWorkspace ws(&window, &nam, QUrl(QStringLiteral("http://127.0.0.1:1")));
    window.resize(1400, 900);
    window.show();
    // The event loop keeps turning while the file is read and decoded.
    int ticks = 0;
    bool shownYet = false;
    QTimer heartbeat;
    connect(&heartbeat, &QTimer::timeout, this, [&] {
        if (!shownYet)
            ++ticks;
    });
    heartbeat.start(5);
    QSignalSpy shown(&ws, &TraceWorkspace::traceShown);
    connect(&ws, &TraceWorkspace::traceShown, this, [&] { shownYet = true; });
    ws.openTraceFile(path);
    QVERIFY(shown.wait(120000));
    QVERIFY2(ticks >= 3, qPrintable(QStringLiteral("%1 heartbeats while decoding").arg(ticks)));
    QCOMPARE(ws.currentTrace()->spans.size(), n);
    QCOMPARE(ws.waterfall()->model()->rootSpans().size(), 1);
    QCOMPARE(ws.currentTrace()->durationUs(), qint64(n) * 10 + 100);
    QCOMPARE(criticalSum(*ws.currentTrace()), ws.currentTrace()->durationUs());
    // Find a span deep in the tree and select it.
    ws.waterfall()->setSearchText(QStringLiteral("op-49"));
    ws.waterfall()->findNext();
    QTRY_VERIFY(ws.waterfall()->selectedSpan() >= 0);
    QCOMPARE(ws.currentTrace()->spans.at(ws.waterfall()->selectedSpan()).operationName, QStringLiteral("op-49"));
}

void TestTraceIntegration::commandLineTraces()
{
    const QString jaeger = m_both.url().toString();
    const Run r = dozor({QStringLiteral("traces"), QStringLiteral("--service"), QStringLiteral("rust-api"),
                         QStringLiteral("--min-duration"), QStringLiteral("500ms"), QStringLiteral("--lookback"),
                         QStringLiteral("6h"), QStringLiteral("--limit"), QStringLiteral("10"), QStringLiteral("--json"),
                         QStringLiteral("--jaeger"), jaeger});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray traces = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("traces")).toArray();
    QVERIFY(!traces.isEmpty());
    QVERIFY(traces.size() <= 10);
    double previous = 1e18;
    for (const QJsonValue &v : traces) {
        const QJsonObject o = v.toObject();
        QVERIFY(o.value(QStringLiteral("durationUs")).toDouble() >= 500000);
        QVERIFY(o.value(QStringLiteral("durationUs")).toDouble() <= previous); // longest first
        previous = o.value(QStringLiteral("durationUs")).toDouble();
        QCOMPARE(o.value(QStringLiteral("rootService")).toString(), QStringLiteral("rust-api"));
        QVERIFY(o.value(QStringLiteral("spans")).toInt() > 1);
    }

    const Run table = dozor({QStringLiteral("traces"), QStringLiteral("--service"), QStringLiteral("rust-api"),
                             QStringLiteral("--limit"), QStringLiteral("5"), QStringLiteral("--jaeger"), jaeger});
    QVERIFY2(table.exitCode == 0, table.err.constData());
    QVERIFY(table.out.startsWith("TRACE ID"));
    QVERIFY(table.out.contains("rust-api: "));

    QCOMPARE(dozor({QStringLiteral("traces")}).exitCode, 2);
    QCOMPARE(dozor({QStringLiteral("traces"), QStringLiteral("--service"), QStringLiteral("x"),
                    QStringLiteral("--min-duration"), QStringLiteral("soon")})
                     .exitCode,
             2);
    const Run down = dozor({QStringLiteral("traces"), QStringLiteral("--service"), QStringLiteral("rust-api"),
                            QStringLiteral("--jaeger"), QStringLiteral("http://127.0.0.1:1")});
    QCOMPARE(down.exitCode, 1);
    QVERIFY(!down.err.isEmpty());
}

void TestTraceIntegration::commandLineTrace()
{
    const QString jaeger = m_both.url().toString();
    const Run list = dozor({QStringLiteral("traces"), QStringLiteral("--service"), QStringLiteral("rust-api"),
                            QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("--json"),
                            QStringLiteral("--jaeger"), jaeger});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    const QString id = QJsonDocument::fromJson(list.out)
                               .object()
                               .value(QStringLiteral("traces"))
                               .toArray()
                               .first()
                               .toObject()
                               .value(QStringLiteral("traceId"))
                               .toString();
    QVERIFY(!id.isEmpty());

    const Run json = dozor({QStringLiteral("trace"), id, QStringLiteral("--json"), QStringLiteral("--jaeger"), jaeger});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(o.value(QStringLiteral("traceId")).toString(), id);
    const QJsonArray path = o.value(QStringLiteral("criticalPath")).toArray();
    QVERIFY(!path.isEmpty());
    double sum = 0;
    for (const QJsonValue &v : path)
        sum += v.toObject().value(QStringLiteral("criticalUs")).toDouble();
    QCOMPARE(sum, o.value(QStringLiteral("durationUs")).toDouble());
    QVERIFY(!o.value(QStringLiteral("topBySelfTime")).toArray().isEmpty());

    const Run text = dozor({QStringLiteral("trace"), QStringLiteral("--file"),
                            QStringLiteral(DOZOR_TEST_DATA "/jaeger/v1_get_trace_response_3_services_logs.json")});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY(text.out.contains("Critical path"));
    QVERIFY(text.out.contains("54% of 516 ms in hello-world formatString"));

    const QString png = m_dir.filePath(QStringLiteral("waterfall.png"));
    const Run image = dozor({QStringLiteral("trace"), id, QStringLiteral("-o"), png, QStringLiteral("--jaeger"), jaeger});
    QVERIFY2(image.exitCode == 0, image.err.constData());
    QImage img(png);
    QVERIFY(!img.isNull());
    QVERIFY(img.width() >= 800);

    const Run missing = dozor({QStringLiteral("trace"), QStringLiteral("00000000deadbeef"), QStringLiteral("--jaeger"), jaeger});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("not found"), missing.err.constData());
}

void TestTraceIntegration::grafanaTracesPanelOpensTheSearch()
{
    // A Grafana dashboard with a Jaeger `traces` panel (search query type).
    const QString path = m_dir.filePath(QStringLiteral("traces-dashboard.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"JSON({"title": "Slow requests", "schemaVersion": 39, "time": {"from": "now-6h", "to": "now"},
 "panels": [{"id": 1, "type": "traces", "title": "Slow rust-api requests",
   "gridPos": {"x": 0, "y": 0, "w": 24, "h": 10},
   "datasource": {"type": "jaeger", "uid": "jaeger"},
   "targets": [{"refId": "A", "datasource": {"type": "jaeger", "uid": "jaeger"}, "queryType": "search",
                "service": "rust-api", "minDuration": "500ms", "limit": 5}]}]})JSON");
    f.close();

    Endpoints endpoints;
    endpoints.prometheus = QUrl(QStringLiteral("http://127.0.0.1:1"));
    endpoints.alertmanager = QUrl(QStringLiteral("http://127.0.0.1:1"));
    endpoints.jaeger = m_both.url();
    MainWindow w(endpoints);
    w.show();
    QVERIFY(w.openDashboard(path));
    TraceWorkspace *ws = w.traces();
    QVERIFY(ws->searchDock()->isVisible());
    const TraceQuery q = ws->form()->query();
    QCOMPARE(q.service, QStringLiteral("rust-api"));
    QCOMPARE(q.minDurationUs, 500000);
    QCOMPARE(q.limit, 5);
    QTRY_VERIFY_WITH_TIMEOUT(ws->results()->model()->rowCount() > 0 || !ws->lastError().isEmpty(), 60000);
    QVERIFY2(ws->lastError().isEmpty(), qPrintable(ws->lastError()));
    QVERIFY(ws->results()->model()->rowCount() <= 5);
    for (int row = 0; row < ws->results()->model()->rowCount(); ++row)
        QVERIFY(ws->results()->model()->summaryAt(row)->durationUs >= 500000);
}

QTEST_MAIN(TestTraceIntegration)
#include "tst_traceintegration.moc"
