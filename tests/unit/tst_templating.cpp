// Grafana template variables: parsing real templating lists, interpolation (every
// format, Prometheus's default escaping, macros), variable queries, regex and sort,
// dependency order, ad hoc filters and --var overrides.
#include "templating.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Templating;

class TestTemplating : public QObject
{
    Q_OBJECT
private slots:
    void parsesRealTemplatingLists();
    void parsesEveryVariableType();
    void toleratesGarbage();
    void customSyntax_data();
    void customSyntax();
    void formats_data();
    void formats();
    void prometheusDefault_data();
    void prometheusDefault();
    void macros_data();
    void macros();
    void autoInterval();
    void unknownStaysAsWritten();
    void durations();
    void referencesAndOrder();
    void cyclesDoNotHang();
    void variableQueries_data();
    void variableQueries();
    void regexExtraction_data();
    void regexExtraction();
    void sorting_data();
    void sorting();
    void selectionValidation();
    void adhocFilters_data();
    void adhocFilters();
    void adhocFiltersOnRealExpressions();
    void overrides();
    void overrideErrors_data();
    void overrideErrors();
};

namespace {

QJsonArray templatingOf(const QString &file)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/grafana/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll())
        .object()
        .value(QLatin1String("templating"))
        .toObject()
        .value(QLatin1String("list"))
        .toArray();
}

const Variable *byName(const QList<Variable> &vars, const QString &name)
{
    for (const Variable &v : vars)
        if (v.name == name)
            return &v;
    return nullptr;
}

QList<Variable> parse(const QByteArray &json)
{
    return parseVariables(QJsonDocument::fromJson(json).array());
}

Variable makeVar(const QString &name, const QStringList &options, const QStringList &current,
                 bool multi = false, bool includeAll = false, const QString &allValue = {})
{
    Variable v;
    v.name = name;
    v.type = QStringLiteral("custom");
    v.query = options.join(QLatin1Char(','));
    v.multi = multi;
    v.includeAll = includeAll;
    v.allValue = allValue;
    computeLocalOptions(v);
    v.current = current;
    v.currentText = current;
    return v;
}

QStringList optionValues(const Variable &v)
{
    QStringList out;
    for (const VariableOption &o : v.options)
        out << o.value;
    return out;
}

QStringList optionTexts(const QList<VariableOption> &options)
{
    QStringList out;
    for (const VariableOption &o : options)
        out << o.text;
    return out;
}

// Every target expression of a dashboard, nested rows included.
void collectExprs(const QJsonArray &panels, QStringList *out)
{
    for (const QJsonValue &p : panels) {
        const QJsonObject o = p.toObject();
        for (const QJsonValue &t : o.value(QLatin1String("targets")).toArray()) {
            const QString expr = t.toObject().value(QLatin1String("expr")).toString();
            if (!expr.isEmpty())
                out->append(expr);
        }
        collectExprs(o.value(QLatin1String("panels")).toArray(), out);
    }
}

} // namespace

void TestTemplating::parsesRealTemplatingLists()
{
    const QList<Variable> argocd =
        parseVariables(templatingOf(QStringLiteral("argocd-mixin-overview-v38-mixed-panels.json")));
    QCOMPARE(argocd.size(), 6);
    const Variable *ns = byName(argocd, QStringLiteral("namespace"));
    QVERIFY(ns);
    QCOMPARE(ns->type, QStringLiteral("query"));
    QCOMPARE(ns->query,
             QStringLiteral("label_values(kube_pod_info, namespace)")); // from {query, refId}
    QCOMPARE(ns->regex, QStringLiteral(".*argocd.*"));
    QVERIFY(ns->includeAll);
    QCOMPARE(ns->allValue, QStringLiteral(".*"));
    QCOMPARE(ns->current, QStringList{kAllValue});
    QCOMPARE(ns->refresh, 2);
    QCOMPARE(ns->options.value(0).value, kAllValue); // Grafana's All option comes first
    const Variable *grouping = byName(argocd, QStringLiteral("grouping"));
    QCOMPARE(grouping->type, QStringLiteral("custom"));
    QCOMPARE(optionValues(*grouping),
             (QStringList{QStringLiteral("namespace"), QStringLiteral("name"),
                          QStringLiteral("project")}));
    QCOMPARE(grouping->current, QStringList{QStringLiteral("namespace")});
    const Variable *health = byName(argocd, QStringLiteral("health_status"));
    QCOMPARE(health->options.size(), 7); // All + 6
    QCOMPARE(health->current, QStringList{kAllValue});
    const Variable *ds = byName(argocd, QStringLiteral("datasource"));
    QCOMPARE(ds->type, QStringLiteral("datasource"));
    QCOMPARE(ds->query, QStringLiteral("prometheus"));

    const QList<Variable> node =
        parseVariables(templatingOf(QStringLiteral("node-exporter-full-v41-timeseries.json")));
    QCOMPARE(node.size(), 4);
    const Variable *nodename = byName(node, QStringLiteral("nodename"));
    QCOMPARE(nodename->query,
             QStringLiteral("label_values(node_uname_info{job=\"$job\"}, nodename)"));
    QCOMPARE(nodename->sort, 1);
    QVERIFY(nodename->current.isEmpty());
    QCOMPARE(byName(node, QStringLiteral("job"))->query,
             QStringLiteral("label_values(node_uname_info, job)"));

    const QList<Variable> mixin =
        parseVariables(templatingOf(QStringLiteral("prometheus-mixin-overview-v39.json")));
    const Variable *cluster = byName(mixin, QStringLiteral("cluster"));
    QVERIFY(cluster->multi);
    QCOMPARE(cluster->current, QStringList{kAllValue}); // saved as an array
    QCOMPARE(cluster->allValue, QStringLiteral(".+"));
    QCOMPARE(cluster->sort, 2);

    const QList<Variable> k8s = parseVariables(
        templatingOf(QStringLiteral("kubernetes-mixin-k8s-resources-cluster-v39.json")));
    QCOMPARE(byName(k8s, QStringLiteral("cluster"))->query,
             QStringLiteral("label_values(up{job=\"kube-state-metrics\"}, cluster)"));
    QCOMPARE(byName(k8s, QStringLiteral("cluster"))->refresh, 2);

    const QList<Variable> redis =
        parseVariables(templatingOf(QStringLiteral("redis-exporter-v39-timeseries.json")));
    QVERIFY(byName(redis, QStringLiteral("instance"))->multi);
    QCOMPARE(byName(redis, QStringLiteral("DS_PROM"))->type, QStringLiteral("datasource"));

    const QList<Variable> old =
        parseVariables(templatingOf(QStringLiteral("node-exporter-full-old-v14-rows-graph.json")));
    QCOMPARE(byName(old, QStringLiteral("node"))->regex, QStringLiteral("/([^:]+):.*/"));
    QCOMPARE(byName(old, QStringLiteral("port"))->sort, 3);
}

void TestTemplating::parsesEveryVariableType()
{
    const QList<Variable> vars =
        parse("[{\"name\":\"iv\",\"type\":\"interval\",\"query\":\"1m,10m,30m,1h\",\"auto\":true,"
              "\"auto_count\":20,"
              "  \"auto_min\":\"2m\",\"current\":{\"text\":\"10m\",\"value\":\"10m\"}},"
              " {\"name\":\"c\",\"type\":\"constant\",\"query\":\" prod \",\"hide\":2},"
              " {\"name\":\"tb\",\"type\":\"textbox\",\"query\":\"default\",\"label\":\"Filter\","
              "\"description\":\"d\"},"
              " {\"name\":\"tb2\",\"type\":\"textbox\",\"query\":\"default\",\"current\":{"
              "\"value\":\"typed\",\"text\":\"typed\"}},"
              " {\"name\":\"f\",\"type\":\"adhoc\",\"filters\":[{\"key\":\"job\",\"operator\":\"=~"
              "\",\"value\":\"api.*\"},"
              "   {\"key\":\"env\",\"operator\":\"!=\",\"value\":\"dev\"}]},"
              " {\"name\":\"q\",\"type\":\"query\",\"query\":{\"refId\":\"A\"},\"definition\":"
              "\"label_values(up, job)\","
              "  \"multi\":true,\"current\":{\"text\":[\"a\",\"b\"],\"value\":[\"a\",\"b\"]}},"
              " {\"name\":\"ds\",\"type\":\"datasource\",\"query\":\"prometheus\",\"current\":{"
              "\"text\":\"Prom\",\"value\":\"P1\"}}]");
    QCOMPARE(vars.size(), 7);
    const Variable &iv = vars[0];
    QVERIFY(iv.autoInterval);
    QCOMPARE(iv.autoCount, 20);
    QCOMPARE(iv.autoMin, QStringLiteral("2m"));
    QCOMPARE(optionValues(iv),
             (QStringList{QStringLiteral("$__auto_interval_iv"), QStringLiteral("1m"),
                          QStringLiteral("10m"), QStringLiteral("30m"), QStringLiteral("1h")}));
    QCOMPARE(iv.current, QStringList{QStringLiteral("10m")});
    QCOMPARE(vars[1].current, QStringList{QStringLiteral("prod")});
    QCOMPARE(vars[1].hide, 2);
    QCOMPARE(vars[2].current, QStringList{QStringLiteral("default")});
    QCOMPARE(vars[2].label, QStringLiteral("Filter"));
    QCOMPARE(vars[2].description, QStringLiteral("d"));
    QCOMPARE(vars[3].current, QStringList{QStringLiteral("typed")});
    QCOMPARE(vars[4].filters.size(), 2);
    QCOMPARE(vars[4].filters[0].op, QStringLiteral("=~"));
    QCOMPARE(vars[4].filters[1].value, QStringLiteral("dev"));
    QCOMPARE(vars[5].query, QStringLiteral("label_values(up, job)")); // definition fallback
    QCOMPARE(vars[5].current, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(vars[6].current, QStringList{QStringLiteral("P1")});
    QCOMPARE(vars[6].currentText, QStringList{QStringLiteral("Prom")});
    QVERIFY(!vars[6].raw.isEmpty());
}

void TestTemplating::toleratesGarbage()
{
    const QList<Variable> vars = parse("[1, \"x\", null, [], {\"type\":\"query\"}, {\"name\":7},"
                                       " {\"name\":\"g\",\"type\":\"custom\",\"query\":[1,2],"
                                       "\"multi\":\"yes\",\"current\":{\"value\":{\"a\":1}},"
                                       "  "
                                       "\"options\":[3,{\"value\":null}],\"sort\":\"x\","
                                       "\"refresh\":{},\"hide\":1e300,\"auto_count\":-5,"
                                       "  \"filters\":{\"key\":1}},"
                                       " {\"name\":\"h\",\"type\":\"interval\",\"query\":\"\","
                                       "\"auto\":true,\"auto_count\":0,\"auto_min\":\"zz\"}]");
    QCOMPARE(vars.size(), 2); // entries without a usable name are skipped
    QCOMPARE(vars[0].name, QStringLiteral("g"));
    QVERIFY(vars[0].options.isEmpty());
    QCOMPARE(vars[0].sort, 0);
    QCOMPARE(vars[1].autoCount, 30);
    QCOMPARE(vars[1].autoMin, QStringLiteral("10s"));
    // Interpolation with such variables must not crash either.
    MacroValues m;
    m.fromMs = 0;
    m.toMs = 3600000;
    m.intervalSeconds = 15;
    QCOMPARE(interpolate(QStringLiteral("x{a=\"$g\"}[$h]"), vars, m),
             QStringLiteral("x{a=\"\"}[2m]"));
}

void TestTemplating::customSyntax_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QStringList>("values");
    QTest::newRow("plain") << QStringLiteral("a, b ,c")
                           << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                          QStringLiteral("c")}
                           << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                          QStringLiteral("c")};
    QTest::newRow("text : value") << QStringLiteral("Production : prod,Staging : stg")
                                  << QStringList{QStringLiteral("Production"),
                                                 QStringLiteral("Staging")}
                                  << QStringList{QStringLiteral("prod"), QStringLiteral("stg")};
    QTest::newRow("escaped comma")
        << QStringLiteral("a\\,b,c") << QStringList{QStringLiteral("a,b"), QStringLiteral("c")}
        << QStringList{QStringLiteral("a,b"), QStringLiteral("c")};
    QTest::newRow("colon without spaces is a value")
        << QStringLiteral("host:9100") << QStringList{QStringLiteral("host:9100")}
        << QStringList{QStringLiteral("host:9100")};
}

void TestTemplating::customSyntax()
{
    QFETCH(QString, query);
    QFETCH(QStringList, texts);
    QFETCH(QStringList, values);
    Variable v;
    v.name = QStringLiteral("v");
    v.type = QStringLiteral("custom");
    v.query = query;
    computeLocalOptions(v);
    QCOMPARE(optionTexts(v.options), texts);
    QCOMPARE(optionValues(v), values);
    QCOMPARE(v.current, QStringList{values.first()}); // nothing saved: the first option
}

void TestTemplating::formats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    // $one = "a.b" (single), $many = ["x'y", "p q"] (multi)
    QTest::newRow("regex single") << QStringLiteral("${one:regex}") << QStringLiteral("a\\.b");
    QTest::newRow("regex multi") << QStringLiteral("${many:regex}") << QStringLiteral("(x'y|p q)");
    QTest::newRow("pipe") << QStringLiteral("${many:pipe}") << QStringLiteral("x'y|p q");
    QTest::newRow("csv") << QStringLiteral("${many:csv}") << QStringLiteral("x'y,p q");
    QTest::newRow("raw single") << QStringLiteral("${one:raw}") << QStringLiteral("a.b");
    QTest::newRow("raw multi") << QStringLiteral("${many:raw}") << QStringLiteral("x'y,p q");
    QTest::newRow("json single") << QStringLiteral("${one:json}") << QStringLiteral("\"a.b\"");
    QTest::newRow("json multi") << QStringLiteral("${many:json}")
                                << QStringLiteral("[\"x'y\",\"p q\"]");
    QTest::newRow("queryparam") << QStringLiteral("${many:queryparam}")
                                << QStringLiteral("var-many=x%27y&var-many=p+q");
    QTest::newRow("glob multi") << QStringLiteral("${many:glob}") << QStringLiteral("{x'y,p q}");
    QTest::newRow("glob single") << QStringLiteral("${one:glob}") << QStringLiteral("a.b");
    QTest::newRow("text") << QStringLiteral("${many:text}") << QStringLiteral("X + P");
    QTest::newRow("singlequote") << QStringLiteral("${many:singlequote}")
                                 << QStringLiteral("'x\\'y','p q'");
    QTest::newRow("doublequote") << QStringLiteral("${one:doublequote}")
                                 << QStringLiteral("\"a.b\"");
    QTest::newRow("percentencode multi")
        << QStringLiteral("${many:percentencode}") << QStringLiteral("%7Bx%27y%2Cp%20q%7D");
    QTest::newRow("percentencode single")
        << QStringLiteral("${one:percentencode}") << QStringLiteral("a.b");
    QTest::newRow("sqlstring") << QStringLiteral("${many:sqlstring}")
                               << QStringLiteral("'x''y','p q'");
    QTest::newRow("[[var:format]]") << QStringLiteral("[[many:csv]]") << QStringLiteral("x'y,p q");
    QTest::newRow("[[var]]") << QStringLiteral("[[one]]") << QStringLiteral("a.b");
    QTest::newRow("${var}") << QStringLiteral("pre${one}post") << QStringLiteral("prea.bpost");
    QTest::newRow("$var") << QStringLiteral("$one-$one") << QStringLiteral("a.b-a.b");
    QTest::newRow("$var needs a word boundary")
        << QStringLiteral("$ones") << QStringLiteral("$ones");
    QTest::newRow("unknown format is glob")
        << QStringLiteral("${many:nonsense}") << QStringLiteral("{x'y,p q}");
    QTest::newRow("all queryparam")
        << QStringLiteral("${all:queryparam}") << QStringLiteral("var-all=All");
    QTest::newRow("all text") << QStringLiteral("${all:text}") << QStringLiteral("All");
    QTest::newRow("all csv") << QStringLiteral("${all:csv}") << QStringLiteral("u,v");
}

void TestTemplating::formats()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    Variable one = makeVar(QStringLiteral("one"), {QStringLiteral("a.b")}, {QStringLiteral("a.b")});
    Variable many = makeVar(QStringLiteral("many"), {QStringLiteral("x'y"), QStringLiteral("p q")},
                            {QStringLiteral("x'y"), QStringLiteral("p q")}, true);
    many.currentText = {QStringLiteral("X"), QStringLiteral("P")};
    Variable all = makeVar(QStringLiteral("all"), {QStringLiteral("u"), QStringLiteral("v")},
                           {kAllValue}, true, true);
    QCOMPARE(interpolate(text, {one, many, all}, MacroValues()), expected);
}

void TestTemplating::prometheusDefault_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<bool>("multi");
    QTest::addColumn<bool>("includeAll");
    QTest::addColumn<QString>("allValue");
    QTest::addColumn<QString>("expected");
    const QStringList opts{QStringLiteral("/api/v1.0"), QStringLiteral("a|b"), QStringLiteral("c")};
    QTest::newRow("single, not multi: as is")
        << opts << QStringList{QStringLiteral("/api/v1.0")} << false << false << QString()
        << QStringLiteral("/api/v1.0");
    QTest::newRow("single: backslash and quote escaped")
        << QStringList{QStringLiteral("C:\\x'y")} << QStringList{QStringLiteral("C:\\x'y")} << false
        << false << QString() << QStringLiteral("C:\\\\x\\\\'y");
    QTest::newRow("multi, one value: regex-escaped")
        << opts << QStringList{QStringLiteral("/api/v1.0")} << true << false << QString()
        << QStringLiteral("/api/v1\\\\.0");
    QTest::newRow("multi, two values")
        << opts << QStringList{QStringLiteral("/api/v1.0"), QStringLiteral("a|b")} << true << false
        << QString() << QStringLiteral("(/api/v1\\\\.0|a\\\\|b)");
    QTest::newRow("includeAll single value: regex-escaped")
        << opts << QStringList{QStringLiteral("a|b")} << false << true << QString()
        << QStringLiteral("a\\\\|b");
    QTest::newRow("All without allValue: every option")
        << opts << QStringList{kAllValue} << true << true << QString()
        << QStringLiteral("(/api/v1\\\\.0|a\\\\|b|c)");
    QTest::newRow("All with allValue: unescaped") << opts << QStringList{kAllValue} << true << true
                                                  << QStringLiteral(".*") << QStringLiteral(".*");
    QTest::newRow("All, not multi, one option")
        << QStringList{QStringLiteral("x.y")} << QStringList{kAllValue} << false << true
        << QString() << QStringLiteral("x\\\\.y");
    QTest::newRow("multi, nothing selected")
        << opts << QStringList() << true << false << QString() << QStringLiteral("()");
}

void TestTemplating::prometheusDefault()
{
    QFETCH(QStringList, options);
    QFETCH(QStringList, current);
    QFETCH(bool, multi);
    QFETCH(bool, includeAll);
    QFETCH(QString, allValue);
    QFETCH(QString, expected);
    const Variable v = makeVar(QStringLiteral("v"), options, current, multi, includeAll, allValue);
    QCOMPARE(interpolate(QStringLiteral("$v"), {v}, MacroValues()), expected);
    // The same value through every spelling.
    QCOMPARE(interpolate(QStringLiteral("${v}"), {v}, MacroValues()), expected);
    QCOMPARE(interpolate(QStringLiteral("[[v]]"), {v}, MacroValues()), expected);
}

void TestTemplating::macros_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("interval");
    QTest::addColumn<QString>("expected");
    QTest::newRow("interval") << QStringLiteral("$__interval") << 30.0 << QStringLiteral("30s");
    QTest::newRow("interval minutes")
        << QStringLiteral("${__interval}") << 120.0 << QStringLiteral("2m");
    QTest::newRow("interval truncates")
        << QStringLiteral("$__interval") << 90.0 << QStringLiteral("1m");
    QTest::newRow("interval hours")
        << QStringLiteral("$__interval") << 7200.0 << QStringLiteral("2h");
    QTest::newRow("interval ms") << QStringLiteral("$__interval") << 0.5 << QStringLiteral("500ms");
    QTest::newRow("interval_ms") << QStringLiteral("$__interval_ms") << 30.0
                                 << QStringLiteral("30000");
    QTest::newRow("rate_interval floor 4x scrape")
        << QStringLiteral("$__rate_interval") << 30.0 << QStringLiteral("1m0s");
    QTest::newRow("rate_interval interval+scrape")
        << QStringLiteral("$__rate_interval") << 120.0 << QStringLiteral("2m15s");
    QTest::newRow("rate_interval hours")
        << QStringLiteral("$__rate_interval") << 3585.0 << QStringLiteral("1h0m0s");
    QTest::newRow("range") << QStringLiteral("$__range") << 30.0 << QStringLiteral("3600s");
    QTest::newRow("range_s") << QStringLiteral("$__range_s") << 30.0 << QStringLiteral("3600");
    QTest::newRow("range_ms") << QStringLiteral("$__range_ms") << 30.0 << QStringLiteral("3600000");
    QTest::newRow("from") << QStringLiteral("$__from") << 30.0 << QStringLiteral("1700000000000");
    QTest::newRow("to") << QStringLiteral("${__to}") << 30.0 << QStringLiteral("1700003600000");
    QTest::newRow("from seconds") << QStringLiteral("${__from:date:seconds}") << 30.0
                                  << QStringLiteral("1700000000");
    QTest::newRow("to iso") << QStringLiteral("${__to:date:iso}") << 30.0
                            << QStringLiteral("2023-11-14T23:13:20.000Z");
    QTest::newRow("in an expression")
        << QStringLiteral("rate(x[$__rate_interval]) / $__interval_ms") << 15.0
        << QStringLiteral("rate(x[1m0s]) / 15000");
    QTest::newRow("interval unknown stays")
        << QStringLiteral("$__interval") << 0.0 << QStringLiteral("$__interval");
}

void TestTemplating::macros()
{
    QFETCH(QString, text);
    QFETCH(double, interval);
    QFETCH(QString, expected);
    MacroValues m;
    m.fromMs = 1700000000000;
    m.toMs = 1700003600000;
    m.intervalSeconds = interval;
    m.scrapeIntervalSeconds = 15;
    QCOMPARE(interpolate(text, {}, m), expected);
}

void TestTemplating::autoInterval()
{
    QList<Variable> vars = parse("[{\"name\":\"res\",\"type\":\"interval\",\"query\":\"1m,5m\","
                                 "\"auto\":true,\"auto_count\":30,"
                                 "  "
                                 "\"auto_min\":\"10s\",\"current\":{\"text\":\"auto\",\"value\":\"$"
                                 "__auto_interval_res\"}}]");
    QCOMPARE(vars.size(), 1);
    QCOMPARE(vars[0].current, QStringList{QStringLiteral("$__auto_interval_res")});
    MacroValues m;
    m.fromMs = 0;
    m.toMs = 3600 * 1000; // 1 h / 30 = 120 s -> 2m
    QCOMPARE(interpolate(QStringLiteral("rate(x[$res]) $__auto_interval_res"), vars, m),
             QStringLiteral("rate(x[2m]) 2m"));
    m.toMs = 6 * 3600 * 1000; // 720 s rounds to 10m
    QCOMPARE(interpolate(QStringLiteral("$res"), vars, m), QStringLiteral("10m"));
    m.toMs = 60 * 1000; // 2 s, raised to auto_min
    QCOMPARE(interpolate(QStringLiteral("$res"), vars, m), QStringLiteral("10s"));
    vars[0].autoMin = QStringLiteral("5m");
    QCOMPARE(interpolate(QStringLiteral("$res"), vars, m), QStringLiteral("5m"));
    vars[0].current = {QStringLiteral("5m")};
    m.toMs = 3600 * 1000;
    QCOMPARE(interpolate(QStringLiteral("$res"), vars, m), QStringLiteral("5m"));
}

void TestTemplating::unknownStaysAsWritten()
{
    const Variable v =
        makeVar(QStringLiteral("known"), {QStringLiteral("k")}, {QStringLiteral("k")});
    const QString text =
        QStringLiteral("$unknown ${unknown:csv} [[unknown]] ${__user.login} $__dashboard $known $");
    QCOMPARE(
        interpolate(text, {v}, MacroValues()),
        QStringLiteral("$unknown ${unknown:csv} [[unknown]] ${__user.login} $__dashboard k $"));
}

void TestTemplating::durations()
{
    QCOMPARE(parseDuration(QStringLiteral("1h30m")), 5400.0);
    QCOMPARE(parseDuration(QStringLiteral("250ms")), 0.25);
    QCOMPARE(parseDuration(QStringLiteral("2d")), 172800.0);
    QCOMPARE(parseDuration(QStringLiteral("5x")), -1.0);
    QCOMPARE(parseDuration(QString()), -1.0);
    QCOMPARE(formatInterval(86400 * 3), QStringLiteral("3d"));
    QCOMPARE(formatInterval(31536000), QStringLiteral("1y"));
    QCOMPARE(goDuration(1.5), QStringLiteral("1.5s"));
    QCOMPARE(goDuration(0.25), QStringLiteral("250ms"));
}

void TestTemplating::referencesAndOrder()
{
    QCOMPARE(referencedVariables(QStringLiteral(
                 "x{a=\"$a\", b=~\"${b:regex}\", c=\"[[c]]\"}[$__interval] $a $__auto_interval_x")),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));

    // node-exporter-full's chain, listed in reverse: node needs nodename needs job.
    QList<Variable> vars =
        parseVariables(templatingOf(QStringLiteral("node-exporter-full-v41-timeseries.json")));
    std::reverse(vars.begin(), vars.end());
    QStringList order;
    for (int i : resolutionOrder(vars))
        order << vars[i].name;
    QVERIFY(order.indexOf(QStringLiteral("job")) < order.indexOf(QStringLiteral("nodename")));
    QVERIFY(order.indexOf(QStringLiteral("nodename")) < order.indexOf(QStringLiteral("node")));
    QCOMPARE(order.size(), 4);
    QCOMPARE(dependents(vars, QStringLiteral("job")),
             (QStringList{QStringLiteral("node"), QStringLiteral("nodename")}));
    QCOMPARE(dependents(vars, QStringLiteral("nodename")), QStringList{QStringLiteral("node")});
    QVERIFY(dependents(vars, QStringLiteral("node")).isEmpty());

    // The regex counts as a dependency too.
    QList<Variable> re =
        parse("[{\"name\":\"a\",\"type\":\"query\",\"query\":\"up\",\"regex\":\"/$b/\"},"
              " {\"name\":\"b\",\"type\":\"custom\",\"query\":\"x\"}]");
    QCOMPARE(resolutionOrder(re), (QList<int>{1, 0}));
}

void TestTemplating::cyclesDoNotHang()
{
    const QList<Variable> vars = parse(
        "[{\"name\":\"a\",\"type\":\"query\",\"query\":\"label_values(x{b=\\\"$b\\\"}, a)\"},"
        " {\"name\":\"b\",\"type\":\"query\",\"query\":\"label_values(x{a=\\\"$a\\\"}, b)\"},"
        " {\"name\":\"self\",\"type\":\"query\",\"query\":\"label_values(x{s=\\\"$self\\\"}, s)\"},"
        " {\"name\":\"c\",\"type\":\"query\",\"query\":\"label_values(x{a=\\\"$a\\\"}, c)\"}]");
    const QList<int> order = resolutionOrder(vars);
    QCOMPARE(order.size(), 4);
    QVERIFY(order.indexOf(3) > order.indexOf(0)); // c still after a
    QCOMPARE(dependents(vars, QStringLiteral("a")),
             (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    // A variable referring to itself does not loop.
    const Variable loop = makeVar(QStringLiteral("l"), {QStringLiteral("x")}, {kAllValue}, true,
                                  true, QStringLiteral("$l"));
    QVERIFY(!interpolate(QStringLiteral("$l"), {loop}, MacroValues()).isEmpty());
}

void TestTemplating::variableQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("match");
    QTest::addColumn<QString>("argument");
    using K = VariableQuery::Kind;
    QTest::newRow("label_values(label)")
        << QStringLiteral("label_values(job)") << int(K::LabelValues) << QStringLiteral("job")
        << QString() << QString();
    QTest::newRow("label_values(selector, label)")
        << QStringLiteral("label_values(node_uname_info{job=\"x\", a=\"b,c\"}, nodename)")
        << int(K::LabelValues) << QStringLiteral("nodename")
        << QStringLiteral("node_uname_info{job=\"x\", a=\"b,c\"}") << QString();
    QTest::newRow("label_values no space")
        << QStringLiteral("label_values(argocd_cluster_info,cluster)") << int(K::LabelValues)
        << QStringLiteral("cluster") << QStringLiteral("argocd_cluster_info") << QString();
    QTest::newRow("label_names()") << QStringLiteral("label_names()") << int(K::LabelNames)
                                   << QString() << QString() << QString();
    QTest::newRow("label_names(metric)") << QStringLiteral("label_names(up)") << int(K::LabelNames)
                                         << QString() << QStringLiteral("up") << QString();
    QTest::newRow("metrics") << QStringLiteral("metrics(http_.*)") << int(K::Metrics) << QString()
                             << QString() << QStringLiteral("http_.*");
    QTest::newRow("query_result") << QStringLiteral(" query_result(topk(5, sum by (x) (y))) ")
                                  << int(K::QueryResult) << QString() << QString()
                                  << QStringLiteral("topk(5, sum by (x) (y))");
    QTest::newRow("plain expression: series")
        << QStringLiteral("up{job=\"a\"}") << int(K::Series) << QString() << QString()
        << QStringLiteral("up{job=\"a\"}");
}

void TestTemplating::variableQueries()
{
    QFETCH(QString, query);
    QFETCH(int, kind);
    QFETCH(QString, label);
    QFETCH(QString, match);
    QFETCH(QString, argument);
    const VariableQuery q = parseVariableQuery(query);
    QCOMPARE(int(q.kind), kind);
    QCOMPARE(q.label, label);
    QCOMPARE(q.match, match);
    QCOMPARE(q.argument, argument);
}

void TestTemplating::regexExtraction_data()
{
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("regex");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QStringList>("optionValues");
    const QStringList instances{QStringLiteral("web-1:9100"), QStringLiteral("web-2:9100"),
                                QStringLiteral("web-1:9200")};
    QTest::newRow("none") << instances << QString() << instances << instances;
    QTest::newRow("capture group (node-exporter-full-old)")
        << instances << QStringLiteral("/([^:]+):.*/")
        << QStringList{QStringLiteral("web-1"), QStringLiteral("web-2")}
        << QStringList{QStringLiteral("web-1"), QStringLiteral("web-2")};
    QTest::newRow("anchored without slashes (argocd)")
        << QStringList{QStringLiteral("argocd"), QStringLiteral("argocd-prod"),
                       QStringLiteral("default")}
        << QStringLiteral(".*argocd.*")
        << QStringList{QStringLiteral("argocd"), QStringLiteral("argocd-prod")}
        << QStringList{QStringLiteral("argocd"), QStringLiteral("argocd-prod")};
    QTest::newRow("unanchored inside slashes")
        << QStringList{QStringLiteral("xabcx"), QStringLiteral("zzz")} << QStringLiteral("/abc/")
        << QStringList{QStringLiteral("xabcx")} << QStringList{QStringLiteral("xabcx")};
    QTest::newRow("case-insensitive flag")
        << QStringList{QStringLiteral("ABC"), QStringLiteral("abd")} << QStringLiteral("/^ab(c)$/i")
        << QStringList{QStringLiteral("C")} << QStringList{QStringLiteral("C")};
    QTest::newRow("named groups text/value")
        << QStringList{QStringLiteral("id=1 name=one"), QStringLiteral("id=2 name=two")}
        << QStringLiteral("/id=(?<value>\\d+) name=(?<text>\\w+)/")
        << QStringList{QStringLiteral("one"), QStringLiteral("two")}
        << QStringList{QStringLiteral("1"), QStringLiteral("2")};
    QTest::newRow("global flag: every match")
        << QStringList{QStringLiteral("a1b2c3")} << QStringLiteral("/(\\d)/g")
        << QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}
        << QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")};
}

void TestTemplating::regexExtraction()
{
    QFETCH(QStringList, values);
    QFETCH(QString, regex);
    QFETCH(QStringList, texts);
    QFETCH(QStringList, optionValues);
    QList<VariableOption> options;
    QString error;
    QVERIFY2(applyRegexAndSort(values, regex, 0, &options, &error), qPrintable(error));
    QCOMPARE(optionTexts(options), texts);
    QStringList got;
    for (const VariableOption &o : options)
        got << o.value;
    QCOMPARE(got, optionValues);
}

void TestTemplating::sorting_data()
{
    QTest::addColumn<int>("sort");
    QTest::addColumn<QStringList>("expected");
    // Input: b10, a2, B1, c, a10
    QTest::newRow("0 disabled") << 0
                                << QStringList{QStringLiteral("b10"), QStringLiteral("a2"),
                                               QStringLiteral("B1"), QStringLiteral("c"),
                                               QStringLiteral("a10")};
    QTest::newRow("1 alphabetical asc")
        << 1
        << QStringList{QStringLiteral("B1"), QStringLiteral("a10"), QStringLiteral("a2"),
                       QStringLiteral("b10"), QStringLiteral("c")};
    QTest::newRow("2 alphabetical desc")
        << 2
        << QStringList{QStringLiteral("c"), QStringLiteral("b10"), QStringLiteral("a2"),
                       QStringLiteral("a10"), QStringLiteral("B1")};
    QTest::newRow("3 numerical asc")
        << 3
        << QStringList{QStringLiteral("c"), QStringLiteral("B1"), QStringLiteral("a2"),
                       QStringLiteral("b10"), QStringLiteral("a10")};
    QTest::newRow("4 numerical desc")
        << 4
        << QStringList{QStringLiteral("a10"), QStringLiteral("b10"), QStringLiteral("a2"),
                       QStringLiteral("B1"), QStringLiteral("c")};
    QTest::newRow("5 case-insensitive asc")
        << 5
        << QStringList{QStringLiteral("a10"), QStringLiteral("a2"), QStringLiteral("B1"),
                       QStringLiteral("b10"), QStringLiteral("c")};
    QTest::newRow("6 case-insensitive desc")
        << 6
        << QStringList{QStringLiteral("c"), QStringLiteral("b10"), QStringLiteral("B1"),
                       QStringLiteral("a2"), QStringLiteral("a10")};
    QTest::newRow("7 natural asc")
        << 7
        << QStringList{QStringLiteral("a2"), QStringLiteral("a10"), QStringLiteral("B1"),
                       QStringLiteral("b10"), QStringLiteral("c")};
    QTest::newRow("8 natural desc")
        << 8
        << QStringList{QStringLiteral("c"), QStringLiteral("b10"), QStringLiteral("B1"),
                       QStringLiteral("a10"), QStringLiteral("a2")};
}

void TestTemplating::sorting()
{
    QFETCH(int, sort);
    QFETCH(QStringList, expected);
    QList<VariableOption> options;
    QString error;
    QVERIFY(applyRegexAndSort({QStringLiteral("b10"), QStringLiteral("a2"), QStringLiteral("B1"),
                               QStringLiteral("c"), QStringLiteral("a10"), QStringLiteral("a2")},
                              QString(), sort, &options, &error));
    QCOMPARE(optionTexts(options), expected); // the duplicate a2 is listed once
}

void TestTemplating::selectionValidation()
{
    Variable v = makeVar(QStringLiteral("v"), {QStringLiteral("a"), QStringLiteral("b")},
                         {QStringLiteral("b")});
    QVERIFY(!validateSelection(v));
    QCOMPARE(v.current, QStringList{QStringLiteral("b")});
    v.current = {QStringLiteral("gone")};
    QVERIFY(validateSelection(v));
    QCOMPARE(v.current, QStringList{QStringLiteral("a")});

    Variable m = makeVar(QStringLiteral("m"),
                         {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                         {QStringLiteral("c"), QStringLiteral("gone"), QStringLiteral("a")}, true);
    QVERIFY(validateSelection(m));
    QCOMPARE(m.current, (QStringList{QStringLiteral("c"), QStringLiteral("a")}));

    Variable all = makeVar(QStringLiteral("all"), {QStringLiteral("a")}, {kAllValue}, true, true);
    all.options = {VariableOption{QStringLiteral("z"), QStringLiteral("z")}};
    QVERIFY(!validateSelection(all));
    QCOMPARE(all.current, QStringList{kAllValue});
    QCOMPARE(all.currentText, QStringList{QStringLiteral("All")});
    QCOMPARE(all.options.first().value, kAllValue);

    Variable firstIsAll =
        makeVar(QStringLiteral("f"), {QStringLiteral("a")}, {QStringLiteral("gone")}, false, true);
    validateSelection(firstIsAll);
    QCOMPARE(firstIsAll.current, QStringList{kAllValue}); // options[0], as Grafana

    Variable byText =
        makeVar(QStringLiteral("t"), {QStringLiteral("Prod : p")}, {QStringLiteral("Prod")});
    validateSelection(byText);
    QCOMPARE(byText.current, QStringList{QStringLiteral("p")});
    QCOMPARE(byText.currentText, QStringList{QStringLiteral("Prod")});
}

void TestTemplating::adhocFilters_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bare metric") << QStringLiteral("up") << QStringLiteral("up{job=\"a\"}");
    QTest::newRow("selector") << QStringLiteral("up{instance=\"x\"}")
                              << QStringLiteral("up{instance=\"x\",job=\"a\"}");
    QTest::newRow("empty braces") << QStringLiteral("up{}") << QStringLiteral("up{job=\"a\"}");
    QTest::newRow("trailing comma")
        << QStringLiteral("up{a=\"b\",}") << QStringLiteral("up{a=\"b\",job=\"a\"}");
    QTest::newRow("name-less selector") << QStringLiteral("{__name__=~\"http_.*\"}")
                                        << QStringLiteral("{__name__=~\"http_.*\",job=\"a\"}");
    QTest::newRow("functions, range, offset")
        << QStringLiteral("rate(http_requests_total[5m] offset 1h)")
        << QStringLiteral("rate(http_requests_total{job=\"a\"}[5m] offset 1h)");
    QTest::newRow("aggregation by before")
        << QStringLiteral(
               "sum by (endpoint, method) (rate(x_total{status=\"500\"}[$__rate_interval]))")
        << QStringLiteral("sum by (endpoint, method) "
                          "(rate(x_total{status=\"500\",job=\"a\"}[$__rate_interval]))");
    QTest::newRow("aggregation without after")
        << QStringLiteral("sum(rate(x[1m])) without (instance)")
        << QStringLiteral("sum(rate(x{job=\"a\"}[1m])) without (instance)");
    QTest::newRow("vector matching")
        << QStringLiteral("a / on (instance) group_left (nodename) b")
        << QStringLiteral("a{job=\"a\"} / on (instance) group_left (nodename) b{job=\"a\"}");
    QTest::newRow("strings untouched")
        << QStringLiteral("label_replace(up, \"dst\", \"$1\", \"src\", \"(foo) bar\")")
        << QStringLiteral("label_replace(up{job=\"a\"}, \"dst\", \"$1\", \"src\", \"(foo) bar\")");
    QTest::newRow("numbers, bool, and/or")
        << QStringLiteral("up > bool 0.5 and on() vector(1) or inf")
        << QStringLiteral("up{job=\"a\"} > bool 0.5 and on() vector(1) or inf");
    QTest::newRow("histogram_quantile")
        << QStringLiteral("histogram_quantile(0.95, "
                          "sum(rate(http_request_duration_seconds_bucket[5m])) by (le))")
        << QStringLiteral(
               "histogram_quantile(0.95, "
               "sum(rate(http_request_duration_seconds_bucket{job=\"a\"}[5m])) by (le))");
    QTest::newRow("subquery and @")
        << QStringLiteral("max_over_time(up[1h:5m] @ end())")
        << QStringLiteral("max_over_time(up{job=\"a\"}[1h:5m] @ end())");
    QTest::newRow("recording rule names")
        << QStringLiteral(":node_memory:sum / cluster:cpu:ratio{cluster=\"c\"}")
        << QStringLiteral(
               ":node_memory:sum{job=\"a\"} / cluster:cpu:ratio{cluster=\"c\",job=\"a\"}");
    QTest::newRow("already filtered")
        << QStringLiteral("up{job=\"a\"}") << QStringLiteral("up{job=\"a\"}");
    QTest::newRow("scalar expression only")
        << QStringLiteral("1 + 2 * time()") << QStringLiteral("1 + 2 * time()");
    QTest::newRow("comment") << QStringLiteral("up # all of them\n")
                             << QStringLiteral("up{job=\"a\"} # all of them\n");
}

void TestTemplating::adhocFilters()
{
    QFETCH(QString, expr);
    QFETCH(QString, expected);
    AdhocFilter f;
    f.key = QStringLiteral("job");
    f.op = QStringLiteral("=");
    f.value = QStringLiteral("a");
    QCOMPARE(applyAdhocFilters(expr, {f}), expected);
}

void TestTemplating::adhocFiltersOnRealExpressions()
{
    AdhocFilter f;
    f.key = QStringLiteral("zone");
    f.op = QStringLiteral("=~");
    f.value = QStringLiteral("eu\"1"); // a quote in the value stays inside the string
    QCOMPARE(applyAdhocFilters(QStringLiteral("up"), {f}), QStringLiteral("up{zone=~\"eu\\\"1\"}"));
    AdhocFilter g;
    g.key = QStringLiteral("env");
    g.op = QStringLiteral("!=");
    g.value = QStringLiteral("dev");

    // Hand-checked expressions from the real dashboards in tests/data/grafana.
    QCOMPARE(
        applyAdhocFilters(
            QStringLiteral(
                "scalar(node_load1{instance=\"$node\",job=\"$job\"}) * 100 / "
                "count(count(node_cpu_seconds_total{instance=\"$node\",job=\"$job\"}) by (cpu))"),
            {g}),
        QStringLiteral("scalar(node_load1{instance=\"$node\",job=\"$job\",env!=\"dev\"}) * 100 / "
                       "count(count(node_cpu_seconds_total{instance=\"$node\",job=\"$job\",env!="
                       "\"dev\"}) by (cpu))"));
    QCOMPARE(
        applyAdhocFilters(
            QStringLiteral("max by (cluster, job, instance) (time() - process_start_time_seconds"
                           "{cluster=~\"$cluster\", job=~\"$job\", instance=~\"$instance\"})"),
            {g}),
        QStringLiteral(
            "max by (cluster, job, instance) (time() - process_start_time_seconds"
            "{cluster=~\"$cluster\", job=~\"$job\", instance=~\"$instance\",env!=\"dev\"})"));

    // Every expression of every real dashboard: each selector gains the filter once,
    // nothing else changes, and a second pass is a no-op.
    const QStringList files{QStringLiteral("node-exporter-full-v41-timeseries.json"),
                            QStringLiteral("kubernetes-mixin-k8s-resources-cluster-v39.json"),
                            QStringLiteral("prometheus-mixin-overview-v39.json"),
                            QStringLiteral("argocd-mixin-overview-v38-mixed-panels.json"),
                            QStringLiteral("redis-exporter-v39-timeseries.json"),
                            QStringLiteral("jaeger-mixin-write-v14-rows-graph.json")};
    int checked = 0;
    for (const QString &file : files) {
        QFile fh(QStringLiteral(DOZOR_TEST_DATA "/grafana/") + file);
        QVERIFY(fh.open(QIODevice::ReadOnly));
        QStringList exprs;
        const QJsonObject root = QJsonDocument::fromJson(fh.readAll()).object();
        collectExprs(root.value(QLatin1String("panels")).toArray(), &exprs);
        collectExprs(root.value(QLatin1String("rows")).toArray(), &exprs); // old row layout
        QVERIFY2(!exprs.isEmpty(), qPrintable(file));
        for (const QString &expr : std::as_const(exprs)) {
            const QString once = applyAdhocFilters(expr, {g});
            QCOMPARE(applyAdhocFilters(once, {g}), once);
            QString removed = once;
            removed.remove(QStringLiteral(",env!=\"dev\""))
                .remove(QStringLiteral("{env!=\"dev\"}"));
            removed.replace(QStringLiteral("{env!=\"dev\""),
                            QStringLiteral("{")); // empty braces before
            QCOMPARE(removed, expr);
            if (expr.contains(QLatin1Char('{')))
                QVERIFY2(once.contains(QStringLiteral("env!=\"dev\"")), qPrintable(expr));
            ++checked;
        }
    }
    QVERIFY(checked > 100);
}

void TestTemplating::overrides()
{
    QList<Variable> vars = parse(
        "[{\"name\":\"env\",\"type\":\"custom\",\"query\":\"Production : prod,Staging : stg\"},"
        " {\"name\":\"ep\",\"type\":\"custom\",\"query\":\"a,b,c\\\\,d\",\"multi\":true,"
        "\"includeAll\":true},"
        " {\"name\":\"iv\",\"type\":\"interval\",\"query\":\"1m,5m\",\"auto\":true},"
        " {\"name\":\"tb\",\"type\":\"textbox\",\"query\":\"x\"},"
        " {\"name\":\"q\",\"type\":\"query\",\"query\":\"label_values(up, job)\"}]");
    QString error;
    QStringList assigned;
    QVERIFY2(applyOverrides(vars,
                            {QStringLiteral("env=Staging"), QStringLiteral("ep=a,c\\,d"),
                             QStringLiteral("ep=b"), QStringLiteral("iv=auto"),
                             QStringLiteral("tb=hello world"), QStringLiteral("q=api=1")},
                            &error, &assigned),
             qPrintable(error));
    QCOMPARE(assigned,
             (QStringList{QStringLiteral("env"), QStringLiteral("ep"), QStringLiteral("iv"),
                          QStringLiteral("tb"), QStringLiteral("q")}));
    QCOMPARE(vars[0].current, QStringList{QStringLiteral("stg")}); // by text
    QCOMPARE(vars[0].currentText, QStringList{QStringLiteral("Staging")});
    QCOMPARE(vars[1].current,
             (QStringList{QStringLiteral("a"), QStringLiteral("c,d"), QStringLiteral("b")}));
    QCOMPARE(vars[2].current, QStringList{QStringLiteral("$__auto_interval_iv")});
    QCOMPARE(vars[3].current, QStringList{QStringLiteral("hello world")});
    QCOMPARE(vars[4].current,
             QStringList{QStringLiteral("api=1")}); // not offered yet: kept as given
    QCOMPARE(interpolate(QStringLiteral("x{ep=~\"$ep\", tb=\"$tb\"}"), vars, MacroValues()),
             QStringLiteral("x{ep=~\"(a|c,d|b)\", tb=\"hello world\"}"));

    QVERIFY(applyOverrides(vars, {QStringLiteral("ep=All")}, &error));
    QCOMPARE(vars[1].current, QStringList{kAllValue});
    QVERIFY(applyOverrides(vars, {QStringLiteral("ep=$__all")}, &error));
    QCOMPARE(vars[1].current, QStringList{kAllValue});
    // A single-value variable takes the whole text, commas included.
    QVERIFY(applyOverrides(vars, {QStringLiteral("env=a,b")}, &error));
    QCOMPARE(vars[0].current, QStringList{QStringLiteral("a,b")});
}

void TestTemplating::overrideErrors_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringLiteral("nope=1") << QStringLiteral("no variable \"nope\"");
    QTest::newRow("no equals") << QStringLiteral("env") << QStringLiteral("name=value");
    QTest::newRow("empty name") << QStringLiteral("=x") << QStringLiteral("name=value");
}

void TestTemplating::overrideErrors()
{
    QFETCH(QString, assignment);
    QFETCH(QString, message);
    QList<Variable> vars = parse("[{\"name\":\"env\",\"type\":\"custom\",\"query\":\"a,b\"}]");
    const QList<Variable> before = vars;
    QString error;
    QVERIFY(!applyOverrides(vars, {QStringLiteral("env=b"), assignment}, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QCOMPARE(vars[0].current, before[0].current); // nothing applied
}

QTEST_GUILESS_MAIN(TestTemplating)
#include "tst_templating.moc"
