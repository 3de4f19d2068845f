// Self-check of the demo's stand-in for Jaeger (scripts/jaeger_api.py): the JSON shapes a
// Jaeger client relies on, v1 and v3, and the v1-only mode that makes /api/v3 answer 404.
#include "jaegerdemoserver.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

#include <memory>

class TestJaegerDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void services_data();
    void services();
    void operations();
    void searchMinDurationAndGetById_data();
    void searchMinDurationAndGetById();
    void limitRespected();
    void errorEnvelopes();
    void v3SearchAndGet();
    void v3Errors();
    void v1OnlyHasNoV3();

private:
    struct Reply {
        int status = 0;
        QByteArray body;
        QJsonDocument json;
    };
    Reply get(const QUrl &base, const QString &path, const QUrlQuery &query = {});
    static QJsonObject rootSpan(const QJsonObject &trace);

    QNetworkAccessManager m_nam;
    std::unique_ptr<JaegerDemoServer> m_both;
    std::unique_ptr<JaegerDemoServer> m_v1;
};

TestJaegerDemo::Reply TestJaegerDemo::get(const QUrl &base, const QString &path, const QUrlQuery &query)
{
    QUrl url = base.resolved(QUrl(path));
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setTransferTimeout(60000);
    QNetworkReply *reply = m_nam.get(req);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body);
    reply->deleteLater();
    return r;
}

QJsonObject TestJaegerDemo::rootSpan(const QJsonObject &trace)
{
    for (const QJsonValue &v : trace.value(QLatin1String("spans")).toArray()) {
        const QJsonObject span = v.toObject();
        if (span.value(QLatin1String("references")).toArray().isEmpty())
            return span;
    }
    return {};
}

void TestJaegerDemo::initTestCase()
{
    QString error;
    m_both = std::make_unique<JaegerDemoServer>(JaegerDemoServer::Api::Both);
    QVERIFY2(m_both->start(&error), qPrintable(error));
    m_v1 = std::make_unique<JaegerDemoServer>(JaegerDemoServer::Api::V1);
    QVERIFY2(m_v1->start(&error), qPrintable(error));
}

void TestJaegerDemo::services_data()
{
    QTest::addColumn<bool>("v1Only");
    QTest::newRow("both") << false;
    QTest::newRow("v1 only") << true;
}

void TestJaegerDemo::services()
{
    QFETCH(bool, v1Only);
    const Reply r = get((v1Only ? m_v1 : m_both)->url(), QStringLiteral("/api/services"));
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json.object();
    const QJsonArray data = o.value(QLatin1String("data")).toArray();
    QVERIFY(data.contains(QStringLiteral("rust-api")));
    QVERIFY(data.contains(QStringLiteral("mongodb")));
    QVERIFY(data.contains(QStringLiteral("redis")));
    QCOMPARE(o.value(QLatin1String("total")).toInt(), data.size());
    QCOMPARE(o.value(QLatin1String("limit")).toInt(-1), 0);
    QCOMPARE(o.value(QLatin1String("offset")).toInt(-1), 0);
    QVERIFY(o.contains(QLatin1String("errors")) && o.value(QLatin1String("errors")).isNull());
}

void TestJaegerDemo::operations()
{
    const Reply legacy = get(m_both->url(), QStringLiteral("/api/services/rust-api/operations"));
    QCOMPARE(legacy.status, 200);
    QVERIFY(legacy.json.object().value(QLatin1String("data")).toArray().contains(
        QStringLiteral("POST /sessions/{id}/answers")));

    const Reply kinds = get(m_both->url(), QStringLiteral("/api/operations"),
                            QUrlQuery({{QStringLiteral("service"), QStringLiteral("mongodb")},
                                       {QStringLiteral("spanKind"), QStringLiteral("client")}}));
    QCOMPARE(kinds.status, 200);
    const QJsonArray ops = kinds.json.object().value(QLatin1String("data")).toArray();
    QVERIFY(!ops.isEmpty());
    bool findSessions = false;
    for (const QJsonValue &v : ops) {
        QCOMPARE(v.toObject().value(QLatin1String("spanKind")).toString(), QStringLiteral("client"));
        findSessions |= v.toObject().value(QLatin1String("name")).toString() == QLatin1String("find sessions");
    }
    QVERIFY(findSessions);

    const Reply v3 = get(m_both->url(), QStringLiteral("/api/v3/operations"),
                         QUrlQuery({{QStringLiteral("service"), QStringLiteral("rust-api")},
                                    {QStringLiteral("span_kind"), QStringLiteral("server")}}));
    QCOMPARE(v3.status, 200);
    const QJsonArray v3ops = v3.json.object().value(QLatin1String("operations")).toArray();
    QVERIFY(!v3ops.isEmpty());
    for (const QJsonValue &v : v3ops)
        QCOMPARE(v.toObject().value(QLatin1String("spanKind")).toString(), QStringLiteral("server"));
}

void TestJaegerDemo::searchMinDurationAndGetById_data()
{
    QTest::addColumn<bool>("v1Only");
    QTest::newRow("both") << false;
    QTest::newRow("v1 only") << true;
}

void TestJaegerDemo::searchMinDurationAndGetById()
{
    QFETCH(bool, v1Only);
    const QUrl base = (v1Only ? m_v1 : m_both)->url();
    const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    // A day holds many latency spikes of the model (slow MongoDB), so slow traces exist.
    const Reply r = get(base, QStringLiteral("/api/traces"),
                        QUrlQuery({{QStringLiteral("service"), QStringLiteral("rust-api")},
                                   {QStringLiteral("minDuration"), QStringLiteral("500ms")},
                                   {QStringLiteral("start"), QString::number(nowUs - 24LL * 3600 * 1000000)},
                                   {QStringLiteral("end"), QString::number(nowUs)},
                                   {QStringLiteral("limit"), QStringLiteral("5")}}));
    QCOMPARE(r.status, 200);
    const QJsonArray traces = r.json.object().value(QLatin1String("data")).toArray();
    QVERIFY2(!traces.isEmpty(), r.body.left(300).constData());
    QVERIFY(traces.size() <= 5);
    for (const QJsonValue &v : traces) {
        const QJsonObject trace = v.toObject();
        const QJsonObject root = rootSpan(trace);
        QVERIFY(!root.isEmpty());
        QVERIFY2(root.value(QLatin1String("duration")).toDouble() >= 500000,
                 qPrintable(trace.value(QLatin1String("traceID")).toString()));
        const qint64 start = qint64(root.value(QLatin1String("startTime")).toDouble());
        QVERIFY(start >= nowUs - 24LL * 3600 * 1000000 && start <= nowUs);
        // Every span's parent is in the trace, and its process is listed.
        const QJsonArray spans = trace.value(QLatin1String("spans")).toArray();
        QVERIFY(spans.size() >= 5 && spans.size() <= 40);
        QSet<QString> ids;
        for (const QJsonValue &s : spans)
            ids.insert(s.toObject().value(QLatin1String("spanID")).toString());
        const QJsonObject processes = trace.value(QLatin1String("processes")).toObject();
        QSet<QString> services;
        for (const QJsonValue &s : spans) {
            const QJsonObject span = s.toObject();
            for (const QJsonValue &ref : span.value(QLatin1String("references")).toArray())
                QVERIFY(ids.contains(ref.toObject().value(QLatin1String("spanID")).toString()));
            const QString pid = span.value(QLatin1String("processID")).toString();
            QVERIFY(processes.contains(pid));
            services.insert(processes.value(pid).toObject().value(QLatin1String("serviceName")).toString());
        }
        QVERIFY(services.contains(QStringLiteral("rust-api")));
        QVERIFY(services.contains(QStringLiteral("mongodb")));
    }

    // The trace fetched by its ID is the one the search returned.
    const QJsonObject first = traces.first().toObject();
    const QString id = first.value(QLatin1String("traceID")).toString();
    const Reply byId = get(base, QStringLiteral("/api/traces/") + id);
    QCOMPARE(byId.status, 200);
    const QJsonArray one = byId.json.object().value(QLatin1String("data")).toArray();
    QCOMPARE(one.size(), 1);
    QCOMPARE(one.first().toObject(), first);
}

void TestJaegerDemo::limitRespected()
{
    for (int limit : {1, 3, 7}) {
        const Reply r = get(m_both->url(), QStringLiteral("/api/traces"),
                            QUrlQuery({{QStringLiteral("service"), QStringLiteral("rust-api")},
                                       {QStringLiteral("limit"), QString::number(limit)}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.object().value(QLatin1String("data")).toArray().size(), limit);
    }
}

void TestJaegerDemo::errorEnvelopes()
{
    const Reply missing = get(m_both->url(), QStringLiteral("/api/traces/00000000000000000000000000000001"));
    QCOMPARE(missing.status, 404);
    const QJsonObject expected{{QStringLiteral("data"), QJsonValue::Null},
                               {QStringLiteral("total"), 0},
                               {QStringLiteral("limit"), 0},
                               {QStringLiteral("offset"), 0},
                               {QStringLiteral("errors"),
                                QJsonArray{QJsonObject{{QStringLiteral("code"), 404},
                                                       {QStringLiteral("msg"), QStringLiteral("trace not found")}}}}};
    QCOMPARE(missing.json.object(), expected);

    const Reply badDuration = get(m_both->url(), QStringLiteral("/api/traces"),
                                  QUrlQuery({{QStringLiteral("service"), QStringLiteral("rust-api")},
                                             {QStringLiteral("minDuration"), QStringLiteral("fast")}}));
    QCOMPARE(badDuration.status, 400);
    const QJsonObject err = badDuration.json.object().value(QLatin1String("errors")).toArray().first().toObject();
    QCOMPARE(err.value(QLatin1String("code")).toInt(), 400);
    QVERIFY(err.value(QLatin1String("msg")).toString().contains(QLatin1String("minDuration")));

    const Reply noService = get(m_both->url(), QStringLiteral("/api/traces"));
    QCOMPARE(noService.status, 400);
    QCOMPARE(noService.json.object().value(QLatin1String("errors")).toArray().first().toObject()
                 .value(QLatin1String("msg")).toString(),
             QStringLiteral("parameter 'service' is required"));
}

void TestJaegerDemo::v3SearchAndGet()
{
    const Reply services = get(m_both->url(), QStringLiteral("/api/v3/services"));
    QCOMPARE(services.status, 200);
    QVERIFY(services.json.object().value(QLatin1String("services")).toArray().contains(QStringLiteral("rust-api")));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Reply r = get(m_both->url(), QStringLiteral("/api/v3/traces"),
                        QUrlQuery({{QStringLiteral("query.service_name"), QStringLiteral("rust-api")},
                                   {QStringLiteral("query.start_time_min"),
                                    now.addSecs(-3600).toString(Qt::ISODateWithMs)},
                                   {QStringLiteral("query.start_time_max"), now.toString(Qt::ISODateWithMs)},
                                   {QStringLiteral("query.duration_min"), QStringLiteral("20ms")},
                                   {QStringLiteral("query.num_traces"), QStringLiteral("4")}}));
    QCOMPARE(r.status, 200);
    const QJsonArray resourceSpans =
        r.json.object().value(QLatin1String("result")).toObject().value(QLatin1String("resourceSpans")).toArray();
    QVERIFY(!resourceSpans.isEmpty());
    QSet<QString> traceIds;
    QString rootTraceId;
    for (const QJsonValue &rs : resourceSpans) {
        const QJsonObject o = rs.toObject();
        const QJsonObject attr = o.value(QLatin1String("resource")).toObject().value(QLatin1String("attributes"))
                                     .toArray().first().toObject();
        QCOMPARE(attr.value(QLatin1String("key")).toString(), QStringLiteral("service.name"));
        const QString service = attr.value(QLatin1String("value")).toObject().value(QLatin1String("stringValue")).toString();
        for (const QJsonValue &ss : o.value(QLatin1String("scopeSpans")).toArray()) {
            for (const QJsonValue &sv : ss.toObject().value(QLatin1String("spans")).toArray()) {
                const QJsonObject span = sv.toObject();
                const QString traceId = span.value(QLatin1String("traceId")).toString();
                QCOMPARE(traceId.size(), 32);
                QCOMPARE(span.value(QLatin1String("spanId")).toString().size(), 16);
                QVERIFY(span.value(QLatin1String("kind")).isDouble());
                QVERIFY(span.value(QLatin1String("startTimeUnixNano")).isString());
                QVERIFY(span.value(QLatin1String("endTimeUnixNano")).isString());
                QVERIFY(span.value(QLatin1String("status")).isObject());
                traceIds.insert(traceId);
                if (!span.contains(QLatin1String("parentSpanId"))) {
                    QCOMPARE(service, QStringLiteral("rust-api"));
                    const qint64 d = span.value(QLatin1String("endTimeUnixNano")).toString().toLongLong()
                                     - span.value(QLatin1String("startTimeUnixNano")).toString().toLongLong();
                    QVERIFY(d >= 20000000);
                    QCOMPARE(span.value(QLatin1String("kind")).toInt(), 2); // SERVER
                    rootTraceId = traceId;
                }
            }
        }
    }
    QVERIFY(traceIds.size() >= 1 && traceIds.size() <= 4);
    QVERIFY(!rootTraceId.isEmpty());

    const Reply one = get(m_both->url(), QStringLiteral("/api/v3/traces/") + rootTraceId);
    QCOMPARE(one.status, 200);
    const QJsonArray rs = one.json.object().value(QLatin1String("result")).toObject()
                              .value(QLatin1String("resourceSpans")).toArray();
    QVERIFY(!rs.isEmpty());
    // The same trace through v1: same number of spans.
    const Reply v1 = get(m_both->url(), QStringLiteral("/api/traces/") + rootTraceId);
    int v3Spans = 0;
    for (const QJsonValue &r3 : rs)
        for (const QJsonValue &ss : r3.toObject().value(QLatin1String("scopeSpans")).toArray())
            v3Spans += ss.toObject().value(QLatin1String("spans")).toArray().size();
    QCOMPARE(v3Spans, v1.json.object().value(QLatin1String("data")).toArray().first().toObject()
                          .value(QLatin1String("spans")).toArray().size());
}

void TestJaegerDemo::v3Errors()
{
    const Reply noTimes = get(m_both->url(), QStringLiteral("/api/v3/traces"),
                              QUrlQuery({{QStringLiteral("query.service_name"), QStringLiteral("rust-api")}}));
    QCOMPARE(noTimes.status, 400);
    const QJsonObject err = noTimes.json.object().value(QLatin1String("error")).toObject();
    QCOMPARE(err.value(QLatin1String("httpCode")).toInt(), 400);
    QVERIFY(err.value(QLatin1String("message")).toString().contains(QLatin1String("required")));

    const Reply missing = get(m_both->url(), QStringLiteral("/api/v3/traces/00000000000000000000000000000001"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json.object().value(QLatin1String("error")).toObject().value(QLatin1String("httpCode")).toInt(), 404);
}

void TestJaegerDemo::v1OnlyHasNoV3()
{
    QCOMPARE(get(m_v1->url(), QStringLiteral("/api/v3/services")).status, 404);
    QCOMPARE(get(m_both->url(), QStringLiteral("/api/v3/services")).status, 200);
}

QTEST_GUILESS_MAIN(TestJaegerDemo)
#include "tst_jaegerdemo.moc"
