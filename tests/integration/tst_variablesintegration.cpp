// Template variables against a real Prometheus (Debian's package) with the
// simulator's backfilled history: variable queries resolve to what Prometheus holds,
// chained variables follow their parent, and a panel query interpolated with a
// multi-value selection reaches Prometheus exactly as Grafana would send it (read
// back from Prometheus's own query log).
#include "prometheusclient.h"
#include "prometheusserver.h"
#include "templating.h"
#include "variableresolver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

class TestVariablesIntegration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void resolvesLabelValuesAndChains();
    void panelQueryReachesPrometheusInterpolated();
    void otherQueryKinds();
    void failingVariableKeepsOthers();
    void clientListApis();

private:
    QList<Variable> variables() const;
    bool resolveAndWait(VariableResolver &r);

    PrometheusServer m_server;
    QTemporaryDir m_dir;
    QString m_queryLog;
    QNetworkAccessManager m_nam;
    PrometheusClient *m_client = nullptr;
    /// endpoint -> methods, read independently from /api/v1/series.
    QHash<QString, QSet<QString>> m_methodsByEndpoint;
};

namespace {

const char *kVariables =
    "[{\"name\":\"endpoint\",\"type\":\"query\",\"multi\":true,\"includeAll\":true,\"sort\":1,"
    "  \"query\":{\"query\":\"label_values(http_requests_total, endpoint)\",\"refId\":\"A\"}},"
    " {\"name\":\"method\",\"type\":\"query\",\"includeAll\":true,\"sort\":1,"
    "  \"query\":\"label_values(http_requests_total{endpoint=~\\\"$endpoint\\\"}, method)\"},"
    " {\"name\":\"statuses\",\"type\":\"query\",\"sort\":3,"
    "  \"query\":\"query_result(count by (status) "
    "(http_requests_total))\",\"regex\":\"/status=\\\"(\\\\d+)\\\"/\"},"
    " {\"name\":\"window\",\"type\":\"interval\",\"query\":\"1m,5m\",\"auto\":true,\"auto_count\":"
    "30}]";

QJsonObject getJson(QNetworkAccessManager &nam, const QUrl &url)
{
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(30000);
    const QJsonObject root = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return root;
}

const Variable *byName(const QList<Variable> &vars, const QString &name)
{
    for (const Variable &v : vars)
        if (v.name == name)
            return &v;
    return nullptr;
}

QStringList realValues(const Variable &v)
{
    QStringList out;
    for (const VariableOption &o : v.options)
        if (o.value != Templating::kAllValue)
            out << o.value;
    return out;
}

// Every query Prometheus logged, in order.
QStringList loggedQueries(const QString &path)
{
    QFile f(path);
    QStringList out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString q =
            o.value(QLatin1String("params")).toObject().value(QLatin1String("query")).toString();
        if (!q.isEmpty())
            out << q;
    }
    return out;
}

} // namespace

void TestVariablesIntegration::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_queryLog = m_dir.filePath(QStringLiteral("queries.log"));
    m_server.setQueryLogFile(m_queryLog);
    QString error;
    QVERIFY2(m_server.start(2, &error), qPrintable(error));
    m_client = new PrometheusClient(&m_nam, this);
    m_client->setBaseUrl(m_server.url());

    // The truth, fetched with a plain GET and QJsonDocument, not the code under test.
    QUrl url = m_server.url().resolved(QUrl(QStringLiteral("/api/v1/series")));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("match[]"), QStringLiteral("http_requests_total"));
    q.addQueryItem(QStringLiteral("start"),
                   QString::number(m_server.historyStart().toSecsSinceEpoch()));
    q.addQueryItem(QStringLiteral("end"),
                   QString::number(m_server.historyEnd().toSecsSinceEpoch()));
    url.setQuery(q);
    const QJsonObject root = getJson(m_nam, url);
    for (const QJsonValue &s : root.value(QLatin1String("data")).toArray()) {
        const QJsonObject labels = s.toObject();
        m_methodsByEndpoint[labels.value(QLatin1String("endpoint")).toString()].insert(
            labels.value(QLatin1String("method")).toString());
    }
    QVERIFY2(m_methodsByEndpoint.size() >= 3, "the simulator's history has several endpoints");
}

QList<Variable> TestVariablesIntegration::variables() const
{
    return Templating::parseVariables(QJsonDocument::fromJson(kVariables).array());
}

bool TestVariablesIntegration::resolveAndWait(VariableResolver &r)
{
    QSignalSpy done(&r, &VariableResolver::resolved);
    r.resolve();
    return done.wait(30000);
}

void TestVariablesIntegration::resolvesLabelValuesAndChains()
{
    VariableResolver resolver(m_client);
    resolver.setVariables(variables());
    resolver.setTimeRange(m_server.historyStart().toMSecsSinceEpoch(),
                          m_server.historyEnd().toMSecsSinceEpoch());
    QSignalSpy failed(&resolver, &VariableResolver::variableFailed);
    QVERIFY(resolveAndWait(resolver));
    QCOMPARE(failed.count(), 0);

    QStringList endpoints = m_methodsByEndpoint.keys();
    std::sort(endpoints.begin(), endpoints.end());
    const Variable *endpoint = byName(resolver.variables(), QStringLiteral("endpoint"));
    QCOMPARE(realValues(*endpoint), endpoints); // sort 1: alphabetical
    QCOMPARE(endpoint->options.first().value, Templating::kAllValue);
    QCOMPARE(endpoint->current, QStringList{Templating::kAllValue}); // nothing saved: options[0]

    // All endpoints selected: the chained variable offers every method.
    QSet<QString> allMethods;
    for (const QSet<QString> &m : std::as_const(m_methodsByEndpoint))
        allMethods.unite(m);
    QStringList expectedMethods(allMethods.begin(), allMethods.end());
    std::sort(expectedMethods.begin(), expectedMethods.end());
    QCOMPARE(realValues(*byName(resolver.variables(), QStringLiteral("method"))), expectedMethods);

    // Pick the GET-only endpoints: the chained variable narrows to GET; the variable
    // that does not depend on endpoint is not asked again.
    QStringList getOnly;
    for (auto it = m_methodsByEndpoint.begin(); it != m_methodsByEndpoint.end(); ++it)
        if (it.value() == QSet<QString>{QStringLiteral("GET")})
            getOnly << it.key();
    QVERIFY(getOnly.size() >= 2);
    std::sort(getOnly.begin(), getOnly.end());
    const int loggedBefore = loggedQueries(m_queryLog).size();
    QSignalSpy changed(&resolver, &VariableResolver::variableChanged);
    QSignalSpy done(&resolver, &VariableResolver::resolved);
    resolver.setCurrent(QStringLiteral("endpoint"), getOnly);
    QVERIFY(done.wait(30000));
    QStringList changedNames;
    for (const QList<QVariant> &args : std::as_const(changed))
        changedNames << args.at(0).toString();
    QVERIFY(changedNames.contains(QStringLiteral("endpoint")));
    QVERIFY(changedNames.contains(QStringLiteral("method")));
    QVERIFY(!changedNames.contains(QStringLiteral("statuses")));
    const Variable *method = byName(resolver.variables(), QStringLiteral("method"));
    QCOMPARE(realValues(*method), QStringList{QStringLiteral("GET")});
    QCOMPARE(method->current, QStringList{Templating::kAllValue});
    // statuses (a query_result, which Prometheus logs) was not run again.
    QTest::qWait(300);
    QCOMPARE(loggedQueries(m_queryLog).size(), loggedBefore);
}

void TestVariablesIntegration::panelQueryReachesPrometheusInterpolated()
{
    VariableResolver resolver(m_client);
    resolver.setVariables(variables());
    const qint64 to = m_server.historyEnd().toMSecsSinceEpoch();
    const qint64 from = to - 3600 * 1000;
    resolver.setTimeRange(from, to);
    QVERIFY(resolveAndWait(resolver));
    // Two endpoints whose names carry regex metacharacters ({, }, /).
    QStringList pick;
    for (const QString &e : realValues(*byName(resolver.variables(), QStringLiteral("endpoint"))))
        if (e.contains(QLatin1Char('{')))
            pick << e;
    QVERIFY(pick.size() >= 2);
    pick = pick.mid(0, 2);
    QSignalSpy done(&resolver, &VariableResolver::resolved);
    resolver.setCurrent(QStringLiteral("endpoint"), pick);
    QVERIFY(done.wait(30000));

    Templating::MacroValues macros;
    macros.fromMs = from;
    macros.toMs = to;
    macros.intervalSeconds = 60;
    macros.scrapeIntervalSeconds = 15;
    const QString panelExpr =
        QStringLiteral("sum by (endpoint) (rate(http_requests_total{endpoint=~\"$endpoint\", "
                       "method=~\"$method\"}[$__rate_interval]))");
    const QString expr = Templating::interpolate(panelExpr, resolver.variables(), macros);
    // What Grafana sends: each value regex-escaped (doubly, inside a PromQL string),
    // joined as (a|b); method is All without allValue: every option it offers.
    QStringList escaped;
    for (const QString &p : std::as_const(pick)) {
        QString e = p;
        e.replace(QLatin1String("{"), QLatin1String("\\\\{"))
            .replace(QLatin1String("}"), QLatin1String("\\\\}"));
        escaped << e;
    }
    const QString methods =
        byName(resolver.variables(), QStringLiteral("method"))->options.size() > 2
            ? QStringLiteral("(GET|POST)")
            : QStringLiteral("POST");
    const QString expected =
        QStringLiteral("sum by (endpoint) (rate(http_requests_total{endpoint=~\"(%1)\", "
                       "method=~\"%2\"}[1m15s]))")
            .arg(escaped.join(QLatin1Char('|')), methods);
    QCOMPARE(expr, expected);

    PrometheusQuery *q =
        m_client->queryRange(expr, QDateTime::fromMSecsSinceEpoch(from, Qt::UTC),
                             QDateTime::fromMSecsSinceEpoch(to, Qt::UTC), 60, this);
    QSignalSpy finished(q, &PrometheusQuery::finished);
    QVERIFY(finished.wait(30000));
    const QueryResult r = finished.at(0).at(0).value<QueryResult>();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QStringList got;
    for (const Series &s : r.series)
        got << s.labels.value(QStringLiteral("endpoint"));
    std::sort(got.begin(), got.end());
    QCOMPARE(got, pick); // the escaped regex matched exactly the two endpoints
    q->deleteLater();

    // Prometheus received the query exactly as interpolated.
    QTRY_VERIFY_WITH_TIMEOUT(loggedQueries(m_queryLog).contains(expected), 10000);

    // An ad hoc filter reaches it too.
    AdhocFilter f;
    f.key = QStringLiteral("status");
    f.op = QStringLiteral("=");
    f.value = QStringLiteral("500");
    const QString filtered = Templating::applyAdhocFilters(expr, {f});
    PrometheusQuery *q2 =
        m_client->queryInstant(filtered, QDateTime::fromMSecsSinceEpoch(to, Qt::UTC), this);
    QSignalSpy finished2(q2, &PrometheusQuery::finished);
    QVERIFY(finished2.wait(30000));
    QVERIFY2(finished2.at(0).at(0).value<QueryResult>().ok(), qPrintable(filtered));
    QTRY_VERIFY_WITH_TIMEOUT(loggedQueries(m_queryLog).contains(filtered), 10000);
    QVERIFY(filtered.contains(QStringLiteral("status=\"500\"")));
}

void TestVariablesIntegration::otherQueryKinds()
{
    const QList<Variable> vars = Templating::parseVariables(
        QJsonDocument::fromJson(
            "[{\"name\":\"m\",\"type\":\"query\",\"query\":\"metrics(^http_req.*_total$)\"},"
            " {\"name\":\"l\",\"type\":\"query\",\"query\":\"label_names(http_requests_total)\","
            "\"sort\":1},"
            " {\"name\":\"s\",\"type\":\"query\",\"query\":\"http_requests_total{endpoint=\\\"/"
            "health\\\",status=\\\"200\\\"}\"},"
            " {\"name\":\"st\",\"type\":\"query\",\"sort\":3,"
            "  \"query\":\"query_result(count by (status) "
            "(http_requests_total))\",\"regex\":\"/status=\\\"(\\\\d+)\\\"/\"}]")
            .array());
    VariableResolver resolver(m_client);
    resolver.setVariables(vars);
    resolver.setTimeRange(m_server.historyStart().toMSecsSinceEpoch(),
                          m_server.historyEnd().toMSecsSinceEpoch());
    QSignalSpy failed(&resolver, &VariableResolver::variableFailed);
    QVERIFY(resolveAndWait(resolver));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(realValues(*byName(resolver.variables(), QStringLiteral("m"))),
             QStringList{QStringLiteral("http_requests_total")});
    const QStringList labels = realValues(*byName(resolver.variables(), QStringLiteral("l")));
    for (const char *l : {"__name__", "endpoint", "instance", "job", "method", "status"})
        QVERIFY2(labels.contains(QLatin1String(l)), l);
    QVERIFY(std::is_sorted(labels.begin(), labels.end()));
    // A plain expression lists series as Grafana does: name{label="value",...}.
    const QStringList series = realValues(*byName(resolver.variables(), QStringLiteral("s")));
    QCOMPARE(series, QStringList{QStringLiteral(
                         "http_requests_total{endpoint=\"/health\",instance=\"rust-api:8081\","
                         "job=\"rust-api\",method=\"GET\",status=\"200\"}")});
    QCOMPARE(realValues(*byName(resolver.variables(), QStringLiteral("st"))),
             (QStringList{QStringLiteral("200"), QStringLiteral("500")}));
}

void TestVariablesIntegration::failingVariableKeepsOthers()
{
    const QList<Variable> vars = Templating::parseVariables(
        QJsonDocument::fromJson("[{\"name\":\"bad\",\"type\":\"query\",\"query\":\"query_result("
                                "sum(\",\"current\":{\"value\":\"kept\"},"
                                "  \"options\":[{\"text\":\"kept\",\"value\":\"kept\"}]},"
                                " {\"name\":\"good\",\"type\":\"query\",\"query\":\"label_values("
                                "http_requests_total, status)\"}]")
            .array());
    VariableResolver resolver(m_client);
    resolver.setVariables(vars);
    resolver.setTimeRange(m_server.historyStart().toMSecsSinceEpoch(),
                          m_server.historyEnd().toMSecsSinceEpoch());
    QSignalSpy failed(&resolver, &VariableResolver::variableFailed);
    QSignalSpy done(&resolver, &VariableResolver::resolved);
    // A newer resolution supersedes the first: one `resolved`, one failure.
    resolver.resolve();
    resolver.resolve();
    QVERIFY(done.wait(30000));
    QTest::qWait(200);
    QCOMPARE(done.count(), 1);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("bad"));
    QVERIFY2(failed.at(0).at(1).toString().contains(QLatin1String("parse error")),
             qPrintable(failed.at(0).at(1).toString()));
    const Variable *bad = byName(resolver.variables(), QStringLiteral("bad"));
    QCOMPARE(realValues(*bad), QStringList{QStringLiteral("kept")}); // previous options stay
    QCOMPARE(realValues(*byName(resolver.variables(), QStringLiteral("good"))),
             (QStringList{QStringLiteral("200"), QStringLiteral("500")}));

    // Prometheus unreachable: the error names the server, nothing hangs.
    ClosedPort closed;
    PrometheusClient offline(&m_nam);
    offline.setBaseUrl(closed.url());
    VariableResolver r2(&offline);
    r2.setVariables(vars);
    QSignalSpy failed2(&r2, &VariableResolver::variableFailed);
    QVERIFY(resolveAndWait(r2));
    QCOMPARE(failed2.count(), 2);
    QVERIFY(failed2.at(1).at(1).toString().contains(QLatin1String("connection refused")));
}

void TestVariablesIntegration::clientListApis()
{
    const QDateTime start = m_server.historyStart();
    const QDateTime end = m_server.historyEnd();
    // A matcher with '+' and spaces survives the URL (a '+' must not become a space).
    PrometheusListQuery *values = m_client->labelValues(
        QStringLiteral("endpoint"),
        {QStringLiteral("http_requests_total{endpoint=~\"/h.+\", method = \"GET\"}")}, start, end);
    QSignalSpy valuesDone(values, &PrometheusListQuery::finished);
    QVERIFY(valuesDone.wait(30000));
    QCOMPARE(valuesDone.at(0).at(1).toString(), QString());
    QCOMPARE(valuesDone.at(0).at(0).toStringList(),
             (QStringList{QStringLiteral("/health"), QStringLiteral("/hints")}));

    PrometheusListQuery *bad = m_client->labelNames({QStringLiteral("{")}, start, end);
    QSignalSpy badDone(bad, &PrometheusListQuery::finished);
    QVERIFY(badDone.wait(30000));
    QVERIFY(badDone.at(0).at(0).toStringList().isEmpty());
    QVERIFY2(badDone.at(0).at(1).toString().contains(QLatin1String("parse error")),
             qPrintable(badDone.at(0).at(1).toString()));

    // Backfilled history carries no metadata (only scraped targets do); the call still
    // answers cleanly with an empty map.
    PrometheusListQuery *meta = m_client->metadata();
    QSignalSpy metaReady(meta, &PrometheusListQuery::metadataReady);
    QSignalSpy metaDone(meta, &PrometheusListQuery::finished);
    QVERIFY(metaDone.wait(30000));
    QCOMPARE(metaDone.at(0).at(1).toString(), QString());
    QCOMPARE(metaReady.count(), 1);

    // Deleting a request in flight means no signal, ever.
    PrometheusListQuery *gone = m_client->labelNames();
    QSignalSpy goneDone(gone, &PrometheusListQuery::finished);
    delete gone;
    QTest::qWait(500);
    QCOMPARE(goneDone.count(), 0);
}

QTEST_GUILESS_MAIN(TestVariablesIntegration)
#include "tst_variablesintegration.moc"
