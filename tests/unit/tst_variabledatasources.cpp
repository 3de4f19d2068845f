// Dashboard variables and datasources: a query variable asks its own datasource (a
// uid, a name, `$datasource`), a `datasource` variable offers the configured
// datasources of its type (default first, regex applied), and a variable whose
// datasource is not usable fails with a message instead of asking another server.
#include "datasourceregistry.h"
#include "prometheusclient.h"
#include "recordingserver.h"
#include "templating.h"
#include "variableresolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

class TestVariableDatasources : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void queryVariableUsesItsOwnDatasource();
    void datasourceVariableOffersConfiguredOnes();
    void dependentVariableFollowsDatasourceVariable();
    void namesByTypeFollowTheEnvironment();
    void lookupsAndQueriesCarryLimits();

private:
    Datasource make(const QString &uid, const QString &name, const QUrl &url, bool isDefault = false,
                    const QString &env = {});
    QList<Variable> parse(const QByteArray &json);
    bool resolve(VariableResolver &r);

    std::unique_ptr<RecordingServer> m_a, m_b;
};

namespace {
const QByteArray kEndpoints = R"({"status":"success","data":["/a-endpoint"]})";
const QByteArray kEndpointsB = R"({"status":"success","data":["/b-endpoint","/b-other"]})";
} // namespace

void TestVariableDatasources::init()
{
    m_a = std::make_unique<RecordingServer>();
    m_b = std::make_unique<RecordingServer>();
    QVERIFY(m_a->listen());
    QVERIFY(m_b->listen());
    m_a->setRoute("/api/v1/label/endpoint/values", 200, kEndpoints);
    m_b->setRoute("/api/v1/label/endpoint/values", 200, kEndpointsB);
}

Datasource TestVariableDatasources::make(const QString &uid, const QString &name, const QUrl &url, bool isDefault,
                                         const QString &env)
{
    Datasource d;
    d.uid = uid;
    d.name = name;
    d.type = QStringLiteral("prometheus");
    d.url = url;
    d.isDefault = isDefault;
    d.environment = env;
    return d;
}

QList<Variable> TestVariableDatasources::parse(const QByteArray &json)
{
    return Templating::parseVariables(QJsonDocument::fromJson(json).array());
}

bool TestVariableDatasources::resolve(VariableResolver &r)
{
    QSignalSpy done(&r, &VariableResolver::resolved);
    r.resolve();
    return done.wait(10000);
}

void TestVariableDatasources::queryVariableUsesItsOwnDatasource()
{
    QNetworkAccessManager nam;
    DatasourceRegistry registry(&nam);
    registry.setDatasources({make(QStringLiteral("a"), QStringLiteral("Prom A"), m_a->url(), true),
                             make(QStringLiteral("b"), QStringLiteral("Prom B"), m_b->url())});
    PrometheusClient fallback(&nam);
    fallback.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
    VariableResolver r(&fallback);
    r.setClientResolver([&registry](const QString &ref) { return registry.prometheusFor(ref); });
    r.setVariables(parse(R"J([
      {"name":"onB","type":"query","datasource":{"type":"prometheus","uid":"b"},"query":"label_values(endpoint)"},
      {"name":"byName","type":"query","datasource":"Prom B","query":"label_values(endpoint)"},
      {"name":"onDefault","type":"query","query":"label_values(endpoint)"}])J"));
    QVERIFY(resolve(r));
    const QList<Variable> &v = r.variables();
    QCOMPARE(v[0].options.size(), 2);
    QCOMPARE(v[0].options[0].value, QStringLiteral("/b-endpoint"));
    QCOMPARE(v[1].options.size(), 2);
    QCOMPARE(v[2].options.size(), 1);
    QCOMPARE(v[2].options[0].value, QStringLiteral("/a-endpoint"));
    QCOMPARE(m_b->requests().size(), 2);
    QCOMPARE(m_a->requests().size(), 1);

    // No Prometheus datasource at all: the variable fails with a message.
    registry.setDatasources({});
    QSignalSpy failed(&r, &VariableResolver::variableFailed);
    QVERIFY(resolve(r));
    QVERIFY(failed.size() >= 1);
    QVERIFY(!failed.first().at(1).toString().isEmpty());
}

void TestVariableDatasources::datasourceVariableOffersConfiguredOnes()
{
    QNetworkAccessManager nam;
    PrometheusClient fallback(&nam);
    VariableResolver r(&fallback);
    r.setDatasourceNames({{QStringLiteral("prometheus"), {QStringLiteral("Prom A"), QStringLiteral("Prom B"),
                                                          QStringLiteral("Thanos")}},
                          {QStringLiteral("jaeger"), {QStringLiteral("Jaeger")}}});
    r.setVariables(parse(R"J([
      {"name":"ds","type":"datasource","query":"prometheus","current":{"text":"default","value":"default"}},
      {"name":"prom","type":"datasource","query":"prometheus","regex":"/^Prom/","current":{"text":"Prom B","value":"Prom B"}}])J"));
    QVERIFY(resolve(r));
    const QList<Variable> &v = r.variables();
    QCOMPARE(v[0].options.size(), 3);
    QCOMPARE(v[0].current, QStringList{QStringLiteral("Prom A")}); // "default" -> the default datasource
    QCOMPARE(v[1].options.size(), 2);                             // the regex keeps Prom A and B
    QCOMPARE(v[1].current, QStringList{QStringLiteral("Prom B")});  // a still configured choice stays
}

void TestVariableDatasources::dependentVariableFollowsDatasourceVariable()
{
    QNetworkAccessManager nam;
    DatasourceRegistry registry(&nam);
    registry.setDatasources({make(QStringLiteral("a"), QStringLiteral("Prom A"), m_a->url(), true),
                             make(QStringLiteral("b"), QStringLiteral("Prom B"), m_b->url())});
    PrometheusClient fallback(&nam);
    VariableResolver r(&fallback);
    r.setClientResolver([&registry](const QString &ref) { return registry.prometheusFor(ref); });
    r.setDatasourceNames(datasourceNamesByType(registry.datasources(), {}));
    r.setVariables(parse(R"J([
      {"name":"ds","type":"datasource","query":"prometheus"},
      {"name":"endpoint","type":"query","datasource":"${ds}","query":"label_values(endpoint)"}])J"));
    QVERIFY(resolve(r));
    QCOMPARE(r.variables()[1].options.size(), 1); // Prom A, the default
    // Choosing Prom B re-resolves the dependent variable against B.
    QSignalSpy done(&r, &VariableResolver::resolved);
    r.setCurrent(QStringLiteral("ds"), {QStringLiteral("Prom B")});
    QVERIFY(done.wait(10000));
    QCOMPARE(r.variables()[1].options.size(), 2);
    QCOMPARE(r.variables()[1].options[0].value, QStringLiteral("/b-endpoint"));
}

void TestVariableDatasources::namesByTypeFollowTheEnvironment()
{
    const QList<Datasource> list = {make(QStringLiteral("p"), QStringLiteral("Prod"), m_a->url(), true,
                                         QStringLiteral("production")),
                                    make(QStringLiteral("s"), QStringLiteral("Staging"), m_b->url(), true,
                                         QStringLiteral("staging")),
                                    make(QStringLiteral("x"), QStringLiteral("Shared"), m_b->url())};
    const auto staging = datasourceNamesByType(list, QStringLiteral("staging"));
    QCOMPARE(staging.value(QStringLiteral("prometheus")), (QStringList{QStringLiteral("Staging"), QStringLiteral("Shared")}));
    const auto all = datasourceNamesByType(list, {});
    QCOMPARE(all.value(QStringLiteral("prometheus")).size(), 3);
    QCOMPARE(all.value(QStringLiteral("prometheus")).first(), QStringLiteral("Prod"));
}

void TestVariableDatasources::lookupsAndQueriesCarryLimits()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(m_b->url());
    client.setListLimit(2);
    VariableResolver r(&client);
    r.setVariables(parse(R"J([{"name":"endpoint","type":"query","query":"label_values(endpoint)"}])J"));
    QSignalSpy note(&r, &VariableResolver::variableNote);
    QVERIFY(resolve(r));
    QCOMPARE(m_b->requests().last().param(QStringLiteral("limit")), QStringLiteral("2"));
    // As many values as the limit: the user is told some may be missing.
    QCOMPARE(note.size(), 1);
    QVERIFY(note.first().at(1).toString().contains(QStringLiteral("only the first 2 values")));
    client.setListLimit(10);
    QVERIFY(resolve(r));
    QCOMPARE(note.size(), 1);

    // Panel queries carry the series limit (Prometheus 3 stops there and warns).
    m_b->setRoute("/api/v1/query_range", 200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
    PrometheusQuery *q = client.queryRange(QStringLiteral("up"), QDateTime::currentDateTimeUtc().addSecs(-600),
                                           QDateTime::currentDateTimeUtc(), 15);
    QSignalSpy done(q, &PrometheusQuery::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(m_b->requests().last().param(QStringLiteral("limit")),
             QString::number(PrometheusClient::kDefaultSeriesLimit));
}

QTEST_MAIN(TestVariableDatasources)
#include "tst_variabledatasources.moc"
