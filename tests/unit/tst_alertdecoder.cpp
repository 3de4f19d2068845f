#include "alertdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

// Declared before the JSON bodies below: moc 6.4 loses track of raw string literals that
// hold \" or ' or span lines with "//", and would then find no test class.
class TestAlertDecoder : public QObject
{
    Q_OBJECT

private slots:
    void alertmanagerGroupsFixture();
    void alertmanagerGroupsMergeReceivers();
    void alertmanagerAlertsFixtureUndeduplicated();
    void alertmanagerStates_data();
    void alertmanagerStates();
    void timestamps_data();
    void timestamps();
    void badTimestamp();
    void silencesFixture();
    void silenceMatcherDefaults();
    void prometheusAlerts();
    void prometheusOldNumericValue();
    void prometheusRules();
    void prometheusErrorEnvelope_data();
    void prometheusErrorEnvelope();
    void alertmanagerServerError_data();
    void alertmanagerServerError();
    void emptyLists_data();
    void emptyLists();
    void failureClearsOutput();
    void wrongShape_data();
    void wrongShape();
    void hostileBodies_data();
    void hostileBodies();
    void numberLabelValueRejected();
    void untrustedTextVerbatim();
    void unknownFieldsIgnored();
    void silenceToJsonRoundTrip();
    void silenceToJsonUpdate();
    void runbook_data();
    void runbook();
    void runbookFromFixture();
    void generatorExpression_data();
    void generatorExpression();
    void severityRank();
    void identity();
};

namespace {

QByteArray readData(const char *name)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/alertmanager/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", name);
    return f.readAll();
}

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

const Alert *byFingerprint(const QList<Alert> &alerts, const QString &fingerprint)
{
    for (const Alert &a : alerts)
        if (a.fingerprint == fingerprint)
            return &a;
    return nullptr;
}

Labels labels(std::initializer_list<std::pair<const char *, const char *>> pairs)
{
    Labels out;
    for (const auto &[k, v] : pairs)
        out.insert(QString::fromUtf8(k), QString::fromUtf8(v));
    return out;
}

enum class Api {
    AlertmanagerAlerts,
    AlertmanagerGroups,
    Silences,
    PrometheusAlerts,
    PrometheusRules
};

bool decode(Api api, const QByteArray &body, QString *error)
{
    QList<Alert> alerts;
    QList<Silence> silences;
    QList<AlertRule> rules;
    switch (api) {
    case Api::AlertmanagerAlerts:
        return AlertDecoder::alertmanagerAlerts(body, &alerts, error);
    case Api::AlertmanagerGroups:
        return AlertDecoder::alertmanagerGroups(body, &alerts, error);
    case Api::Silences:
        return AlertDecoder::silences(body, &silences, error);
    case Api::PrometheusAlerts:
        return AlertDecoder::prometheusAlerts(body, &alerts, error);
    case Api::PrometheusRules:
        return AlertDecoder::prometheusRules(body, &rules, error);
    }
    return false;
}

const Api kAllApis[] = {Api::AlertmanagerAlerts, Api::AlertmanagerGroups, Api::Silences,
                        Api::PrometheusAlerts, Api::PrometheusRules};

// One Alertmanager v2 alert with the given status, as the server writes it.
QByteArray amAlert(const char *status, const char *extra = "")
{
    return QByteArray(R"({"annotations":{"summary":"p95 above 500 ms"},
        "endsAt":"2026-03-11T12:54:18.427Z","fingerprint":"0123456789abcdef",
        "receivers":[{"name":"oncall"}],"startsAt":"2026-03-11T12:48:38.413Z",
        "updatedAt":"2026-03-11T12:49:18.427Z",
        "labels":{"alertname":"ApiLatencyP95High","severity":"critical"},
        "generatorURL":"http://prom:9090/graph","status":)") +
           status + extra + '}';
}

// Prometheus 2.42's GET /api/v1/alerts: one firing and one pending alert.
const char kPrometheusAlerts[] = R"json({"status":"success","data":{"alerts":[
    {"labels":{"alertname":"ApiLatencyP95High","instance":"rust-api:8080","job":"rust-api","severity":"critical"},
     "annotations":{"summary":"p95 of POST /sessions/{id}/answers above 500 ms","runbook_url":"https://runbooks.example.org/api-latency"},
     "state":"firing","activeAt":"2023-02-20T10:12:34.123456789Z","value":"7.123e-01"},
    {"labels":{"alertname":"BackupTooSlow","database":"mongodb","severity":"warning"},
     "annotations":{"summary":"The last backup took longer than 15 minutes"},
     "state":"pending","activeAt":"2023-02-20T10:19:49.5+01:00","value":"1.14e+03"}
]}})json";

// Prometheus 2.42's GET /api/v1/rules: alerting rules (firing, pending, inactive with an
// evaluation error) and a broken recording rule.
const char kPrometheusRules[] = R"json({"status":"success","data":{"groups":[
  {"name":"api","file":"/etc/prometheus/rules/api.yml","rules":[
    {"state":"firing","name":"ApiLatencyP95High",
     "query":"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
     "duration":300,"labels":{"severity":"critical"},
     "annotations":{"summary":"p95 above 500 ms","runbook_url":"https://runbooks.example.org/api-latency"},
     "alerts":[{"labels":{"alertname":"ApiLatencyP95High","severity":"critical"},"annotations":{"summary":"p95 above 500 ms"},
                "state":"firing","activeAt":"2023-02-20T10:12:34.123456789Z","value":"7.123e-01"}],
     "health":"ok","evaluationTime":0.000412335,"lastEvaluation":"2023-02-20T10:20:04.520113571Z","type":"alerting"},
    {"state":"pending","name":"BackupTooSlow","query":"backup_last_duration_seconds > 900",
     "duration":0.5,"labels":{"severity":"warning"},"annotations":{},"alerts":[],
     "health":"ok","evaluationTime":0.0001,"lastEvaluation":"2023-02-20T10:20:04.52Z","type":"alerting"}
  ],"interval":15,"limit":0,"evaluationTime":0.0006,"lastEvaluation":"2023-02-20T10:20:04.519Z"},
  {"name":"records","file":"/etc/prometheus/rules/records.yml","rules":[
    {"state":"inactive","name":"ErrorRatioHigh",
     "query":"sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / on() group_left sum by (job) (rate(http_requests_total[5m])) > 0.05",
     "duration":600,"labels":{"severity":"critical"},"annotations":{"summary":"5xx above 5%"},"alerts":[],
     "health":"err","lastError":"many-to-many matching not allowed: matching labels must be unique on one side",
     "evaluationTime":0.0002,"lastEvaluation":"2023-02-20T10:20:04.52Z","type":"alerting"},
    {"name":"job:http_requests:rate5m","query":"sum by (job) (rate(http_requests_total[5m]))",
     "labels":{"team":"api"},"health":"err",
     "lastError":"vector contains metrics with the same labelset after applying rule labels",
     "evaluationTime":0.0003,"lastEvaluation":"2023-02-20T10:20:04.52Z","type":"recording"}
  ],"interval":30,"limit":0,"evaluationTime":0.0005,"lastEvaluation":"2023-02-20T10:20:04.519Z"}
]}})json";

} // namespace

Q_DECLARE_METATYPE(Api)
Q_DECLARE_METATYPE(Alert::State)

void TestAlertDecoder::alertmanagerGroupsFixture()
{
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerGroups(
                 readData("alertmanager-0.31.0-api-v2-alerts-groups.json"), &alerts, &error),
             qPrintable(error));
    QVERIFY(error.isEmpty());

    // 10 groups hold 24 alerts: each of 12 alerts is routed both by-name and
    // by-cluster-service. Listed once each, in the order they first appear.
    QStringList fingerprints;
    for (const Alert &a : alerts)
        fingerprints << a.fingerprint;
    const QStringList expected = {
        QStringLiteral("aae7a1432b5d2f1b"), QStringLiteral("54c2f185e49cfccb"),
        QStringLiteral("5cb0dd95e7f3d9c0"), QStringLiteral("7013294faf5f854d"),
        QStringLiteral("fa959d3911d1978b"), QStringLiteral("7f3a53482c303b65"),
        QStringLiteral("7f5c6e647877b3df"), QStringLiteral("b5dcc9c573def911"),
        QStringLiteral("588a14f7b4613621"), QStringLiteral("cc58f2ac8260fb97"),
        QStringLiteral("ffbb5f178eb27f11"), QStringLiteral("7d0b114ebf24f857")};
    QCOMPARE(fingerprints, expected);

    int silenced = 0, firing = 0;
    for (const Alert &a : alerts) {
        QCOMPARE(a.source, QStringLiteral("alertmanager"));
        QCOMPARE(a.receivers,
                 QStringList({QStringLiteral("by-cluster-service"), QStringLiteral("by-name")}));
        QVERIFY(a.inhibitedBy.isEmpty());
        silenced += a.state == Alert::State::Silenced;
        firing += a.state == Alert::State::Firing;
    }
    QCOMPARE(silenced, 4);
    QCOMPARE(firing, 8);

    // Host_Down on server7 in dev: suppressed by two silences (its instance and the
    // dev-cluster Host_Down silence).
    const Alert *h = byFingerprint(alerts, QStringLiteral("cc58f2ac8260fb97"));
    QVERIFY(h);
    QCOMPARE(h->state, Alert::State::Silenced);
    QCOMPARE(h->labels, labels({{"alertname", "Host_Down"},
                                {"cluster", "dev"},
                                {"instance", "server7"},
                                {"ip", "127.0.0.7"},
                                {"job", "node_ping"}}));
    QCOMPARE(h->annotations, labels({{"summary", "Example summary"}}));
    QCOMPARE(h->silencedBy, QStringList({QStringLiteral("9bd58938-25fd-41c5-aba3-9bc373074484"),
                                         QStringLiteral("dcb3b5d0-9f10-4baa-977a-70073a1899bd")}));
    QVERIFY(h->inhibitedBy.isEmpty());
    QCOMPARE(h->startsAt, utc(2026, 3, 11, 12, 48, 38, 413));
    QCOMPARE(h->startsAt.timeSpec(), Qt::UTC);
    QCOMPARE(h->endsAt, utc(2026, 3, 11, 12, 54, 18, 427));
    QCOMPARE(h->generatorUrl, QStringLiteral("http://localhost/prometheus"));
    QCOMPARE(h->name(), QStringLiteral("Host_Down"));
    QCOMPARE(h->summary(), QStringLiteral("Example summary"));
    QVERIFY(h->value.isEmpty());

    // Free_Disk_Space_Too_Low on server5 in staging: firing, silenced by nothing.
    const Alert *d = byFingerprint(alerts, QStringLiteral("aae7a1432b5d2f1b"));
    QVERIFY(d);
    QCOMPARE(d->state, Alert::State::Firing);
    QCOMPARE(d->labels, labels({{"alertname", "Free_Disk_Space_Too_Low"},
                                {"cluster", "staging"},
                                {"disk", "sda"},
                                {"instance", "server5"},
                                {"job", "node_exporter"}}));
    QCOMPARE(d->annotations, labels({{"alert", "Less than 10% disk space is free"},
                                     {"dashboard", "http://localhost/dashboard.html"}}));
    QVERIFY(d->silencedBy.isEmpty());
    QCOMPARE(d->startsAt, utc(2026, 3, 11, 12, 48, 38, 413));
    QCOMPARE(d->summary(), QStringLiteral("Less than 10% disk space is free"));

    // HTTP_Probe_Failed on web1: silenced by the instance=web1 silence only.
    const Alert *w = byFingerprint(alerts, QStringLiteral("54c2f185e49cfccb"));
    QVERIFY(w);
    QCOMPARE(w->state, Alert::State::Silenced);
    QCOMPARE(w->silencedBy, QStringList({QStringLiteral("810ccf7f-c957-474a-b383-7e76d66a4d3b")}));
}

void TestAlertDecoder::alertmanagerGroupsMergeReceivers()
{
    // The same alert (same fingerprint) routed to two receivers; the second group's copy
    // lists only its own receiver, as a server that just reloaded its routes might.
    const QByteArray body = R"([
      {"labels":{"alertname":"A"},"receiver":{"name":"team-db"},"alerts":[
        {"fingerprint":"f1","labels":{"alertname":"A"},"receivers":[{"name":"team-db"}],
         "status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
        {"fingerprint":"f2","labels":{"alertname":"A","x":"1"},"receivers":[],
         "status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}]},
      {"labels":{"alertname":"A"},"receiver":{"name":"pager"},"alerts":[
        {"fingerprint":"f1","labels":{"alertname":"A"},"receivers":[{"name":"pager"}],
         "status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}]},
      {"labels":{},"receiver":{"name":"empty"},"alerts":[]}
    ])";
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerGroups(body, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 2);
    QCOMPARE(alerts[0].fingerprint, QStringLiteral("f1"));
    QCOMPARE(alerts[0].receivers,
             QStringList({QStringLiteral("team-db"), QStringLiteral("pager")}));
    // The group's receiver counts even when the alert's own list is empty.
    QCOMPARE(alerts[1].fingerprint, QStringLiteral("f2"));
    QCOMPARE(alerts[1].receivers, QStringList({QStringLiteral("team-db")}));
}

void TestAlertDecoder::alertmanagerAlertsFixtureUndeduplicated()
{
    // The alerts of every group laid end to end, as /api/v2/alerts would list them if it
    // repeated itself: the flat decoder keeps all 24, the real alert objects included.
    const QJsonArray groups =
        QJsonDocument::fromJson(readData("alertmanager-0.31.0-api-v2-alerts-groups.json")).array();
    QCOMPARE(groups.size(), 10);
    QJsonArray flat;
    for (const QJsonValue &g : groups)
        for (const QJsonValue &a : g.toObject().value(QLatin1String("alerts")).toArray())
            flat.append(a);
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerAlerts(QJsonDocument(flat).toJson(), &alerts, &error),
             qPrintable(error));
    QCOMPARE(alerts.size(), 24);
    QCOMPARE(alerts.first().fingerprint, QStringLiteral("aae7a1432b5d2f1b"));
    QCOMPARE(alerts.last().fingerprint, QStringLiteral("7d0b114ebf24f857"));
    QCOMPARE(alerts.last().labels.value(QStringLiteral("instance")), QStringLiteral("server2"));
}

void TestAlertDecoder::alertmanagerStates_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<Alert::State>("state");
    QTest::addColumn<QStringList>("silencedBy");
    QTest::addColumn<QStringList>("inhibitedBy");

    const QStringList none;
    const QStringList s1 = {QStringLiteral("8d1f2b0e-0000-4000-8000-000000000001")};
    const QStringList i1 = {QStringLiteral("2b1e0a3c9f8d7e6a")};
    QTest::newRow("active")
        << QByteArray(R"({"state":"active","silencedBy":[],"inhibitedBy":[],"mutedBy":[]})")
        << Alert::State::Firing << none << none;
    QTest::newRow("unprocessed")
        << QByteArray(R"({"state":"unprocessed","silencedBy":[],"inhibitedBy":[]})")
        << Alert::State::Firing << none << none;
    QTest::newRow("silenced")
        << QByteArray(
               R"({"state":"suppressed","silencedBy":["8d1f2b0e-0000-4000-8000-000000000001"],"inhibitedBy":[]})")
        << Alert::State::Silenced << s1 << none;
    QTest::newRow("inhibited")
        << QByteArray(
               R"({"state":"suppressed","silencedBy":[],"inhibitedBy":["2b1e0a3c9f8d7e6a"]})")
        << Alert::State::Inhibited << none << i1;
    QTest::newRow("silenced and inhibited")
        << QByteArray(
               R"({"state":"suppressed","silencedBy":["8d1f2b0e-0000-4000-8000-000000000001"],"inhibitedBy":["2b1e0a3c9f8d7e6a"]})")
        << Alert::State::Silenced << s1 << i1;
    QTest::newRow("muted by a time interval")
        << QByteArray(
               R"({"state":"suppressed","silencedBy":[],"inhibitedBy":[],"mutedBy":["weekends"]})")
        << Alert::State::Silenced << none << none;
    QTest::newRow("null lists (Go nil slices)")
        << QByteArray(R"({"state":"active","silencedBy":null,"inhibitedBy":null})")
        << Alert::State::Firing << none << none;
}

void TestAlertDecoder::alertmanagerStates()
{
    QFETCH(QByteArray, status);
    QFETCH(Alert::State, state);
    QFETCH(QStringList, silencedBy);
    QFETCH(QStringList, inhibitedBy);
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerAlerts('[' + amAlert(status) + ']', &alerts, &error),
             qPrintable(error));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].state, state);
    QCOMPARE(alerts[0].silencedBy, silencedBy);
    QCOMPARE(alerts[0].inhibitedBy, inhibitedBy);
    QCOMPARE(alerts[0].receivers, QStringList({QStringLiteral("oncall")}));
    QCOMPARE(alerts[0].generatorUrl, QStringLiteral("http://prom:9090/graph"));
    QCOMPARE(alerts[0].severity(), QStringLiteral("critical"));
}

void TestAlertDecoder::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");

    QTest::newRow("ms Z") << QStringLiteral("2026-03-11T12:48:38.413Z")
                          << utc(2026, 3, 11, 12, 48, 38, 413);
    QTest::newRow("no fraction") << QStringLiteral("2026-03-11T12:48:38Z")
                                 << utc(2026, 3, 11, 12, 48, 38);
    QTest::newRow("one digit (Go drops zeros)")
        << QStringLiteral("2026-03-11T12:48:38.4Z") << utc(2026, 3, 11, 12, 48, 38, 400);
    QTest::newRow("nanoseconds cut, not rounded")
        << QStringLiteral("2026-03-11T12:48:38.999999999Z") << utc(2026, 3, 11, 12, 48, 38, 999);
    QTest::newRow("microseconds") << QStringLiteral("2026-03-11T12:48:38.413456Z")
                                  << utc(2026, 3, 11, 12, 48, 38, 413);
    QTest::newRow("positive offset") << QStringLiteral("2026-03-11T14:48:38.413456789+02:00")
                                     << utc(2026, 3, 11, 12, 48, 38, 413);
    QTest::newRow("negative offset across midnight")
        << QStringLiteral("2026-03-10T19:18:38.413-05:30") << utc(2026, 3, 11, 0, 48, 38, 413);
    QTest::newRow("lowercase z") << QStringLiteral("2026-03-11t12:48:38.413z")
                                 << utc(2026, 3, 11, 12, 48, 38, 413);
    QTest::newRow("Go zero time") << QStringLiteral("0001-01-01T00:00:00Z")
                                  << utc(1, 1, 1, 0, 0, 0);
}

void TestAlertDecoder::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QByteArray body = R"([{"id":"s","status":{"state":"active"},"matchers":[],"startsAt":")" +
                            text.toUtf8() + R"(","endsAt":"2063-01-01T00:00:00.000Z"}])";
    QList<Silence> silences;
    QString error;
    QVERIFY2(AlertDecoder::silences(body, &silences, &error), qPrintable(error));
    QCOMPARE(silences.size(), 1);
    QCOMPARE(silences[0].startsAt, expected);
    QCOMPARE(silences[0].startsAt.timeSpec(), Qt::UTC);
    QCOMPARE(silences[0].startsAt.time().msec(), expected.time().msec());
}

void TestAlertDecoder::badTimestamp()
{
    for (const char *text :
         {"yesterday", "2026-03-11", "2026-03-11T12:48:38.Z", "2026-03-11T12:48:38.413",
          "2026-03-11T12:48:38.413+0200", "2026-13-45T12:48:38Z"}) {
        QList<Alert> alerts;
        QString error;
        const QByteArray body = QByteArray(R"([{"labels":{},"startsAt":")") + text + "\"}]";
        QVERIFY2(!AlertDecoder::alertmanagerAlerts(body, &alerts, &error), text);
        QVERIFY2(error.contains(QLatin1String("\"startsAt\"")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("RFC 3339")), qPrintable(error));
    }
}

void TestAlertDecoder::silencesFixture()
{
    QList<Silence> silences;
    QString error;
    QVERIFY2(AlertDecoder::silences(readData("alertmanager-0.31.0-api-v2-silences.json"), &silences,
                                    &error),
             qPrintable(error));
    QCOMPARE(silences.size(), 3);

    const Silence &web1 = silences[0];
    QCOMPARE(web1.id, QStringLiteral("810ccf7f-c957-474a-b383-7e76d66a4d3b"));
    QCOMPARE(web1.state, QStringLiteral("active"));
    QCOMPARE(web1.createdBy, QStringLiteral("john@example.com"));
    QCOMPARE(web1.comment, QStringLiteral("Silenced instance"));
    QCOMPARE(web1.startsAt, utc(2026, 3, 11, 12, 48, 38, 409));
    QCOMPARE(web1.endsAt, utc(2063, 1, 1, 0, 0, 0));
    QCOMPARE(web1.matchers.size(), 1);
    QCOMPARE(web1.matchers[0].name, QStringLiteral("instance"));
    QCOMPARE(web1.matchers[0].value, QStringLiteral("web1"));
    QCOMPARE(web1.matchers[0].isRegex, false);
    QCOMPARE(web1.matchers[0].isEqual, true);

    const Silence &dev = silences[1];
    QCOMPARE(dev.id, QStringLiteral("dcb3b5d0-9f10-4baa-977a-70073a1899bd"));
    QCOMPARE(dev.state, QStringLiteral("active"));
    QCOMPARE(dev.comment, QStringLiteral("Silenced Host_Down alerts in the dev cluster"));
    QCOMPARE(dev.startsAt, utc(2026, 3, 11, 12, 48, 38, 411));
    QCOMPARE(dev.matchers.size(), 2);
    QCOMPARE(dev.matchers[0].name, QStringLiteral("alertname"));
    QCOMPARE(dev.matchers[0].value, QStringLiteral("Host_Down"));
    QCOMPARE(dev.matchers[1].name, QStringLiteral("cluster"));
    QCOMPARE(dev.matchers[1].value, QStringLiteral("dev"));

    const Silence &server7 = silences[2];
    QCOMPARE(server7.id, QStringLiteral("9bd58938-25fd-41c5-aba3-9bc373074484"));
    QCOMPARE(server7.createdBy, QStringLiteral("john@example.com"));
    QCOMPARE(server7.comment, QStringLiteral("Silenced server7"));
    QCOMPARE(server7.matchers.size(), 1);
    QCOMPARE(server7.matchers[0].value, QStringLiteral("server7"));
    QCOMPARE(server7.endsAt, utc(2063, 1, 1, 0, 0, 0));

    // The ids the fixture's alerts name in silencedBy are these silences.
    QList<Alert> alerts;
    QVERIFY(AlertDecoder::alertmanagerGroups(
        readData("alertmanager-0.31.0-api-v2-alerts-groups.json"), &alerts, &error));
    QStringList ids;
    for (const Silence &s : silences)
        ids << s.id;
    for (const Alert &a : alerts)
        for (const QString &id : a.silencedBy)
            QVERIFY2(ids.contains(id), qPrintable(id));
}

void TestAlertDecoder::silenceMatcherDefaults()
{
    // Alertmanager before 0.22 has no isEqual; all its matchers mean "=".
    const QByteArray body =
        R"([{"id":"a","status":{"state":"expired"},"createdBy":"ops","comment":"",
        "startsAt":"2026-03-11T12:00:00Z","endsAt":"2026-03-11T13:00:00Z",
        "matchers":[{"name":"instance","value":"web[0-9]+","isRegex":true},
                    {"name":"env","value":"prod","isRegex":false,"isEqual":false}]}])";
    QList<Silence> silences;
    QString error;
    QVERIFY2(AlertDecoder::silences(body, &silences, &error), qPrintable(error));
    QCOMPARE(silences.size(), 1);
    QCOMPARE(silences[0].state, QStringLiteral("expired"));
    QCOMPARE(silences[0].matchers.size(), 2);
    QCOMPARE(silences[0].matchers[0].isRegex, true);
    QCOMPARE(silences[0].matchers[0].isEqual, true);
    QCOMPARE(silences[0].matchers[0].value, QStringLiteral("web[0-9]+"));
    QCOMPARE(silences[0].matchers[1].isRegex, false);
    QCOMPARE(silences[0].matchers[1].isEqual, false);
}

void TestAlertDecoder::prometheusAlerts()
{
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::prometheusAlerts(kPrometheusAlerts, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 2);

    const Alert &firing = alerts[0];
    QCOMPARE(firing.source, QStringLiteral("prometheus"));
    QVERIFY(firing.fingerprint.isEmpty());
    QCOMPARE(firing.state, Alert::State::Firing);
    QCOMPARE(firing.name(), QStringLiteral("ApiLatencyP95High"));
    QCOMPARE(firing.labels.size(), 4);
    QCOMPARE(firing.labels.value(QStringLiteral("instance")), QStringLiteral("rust-api:8080"));
    QCOMPARE(firing.summary(), QStringLiteral("p95 of POST /sessions/{id}/answers above 500 ms"));
    QCOMPARE(firing.runbook(), QStringLiteral("https://runbooks.example.org/api-latency"));
    QCOMPARE(firing.startsAt, utc(2023, 2, 20, 10, 12, 34, 123));
    QVERIFY(!firing.endsAt.isValid());
    QCOMPARE(firing.value, QStringLiteral("7.123e-01")); // as Prometheus wrote it
    QVERIFY(firing.receivers.isEmpty());

    const Alert &pending = alerts[1];
    QCOMPARE(pending.state, Alert::State::Pending);
    QCOMPARE(pending.severity(), QStringLiteral("warning"));
    QCOMPARE(pending.startsAt, utc(2023, 2, 20, 9, 19, 49, 500));
    QCOMPARE(pending.value, QStringLiteral("1.14e+03"));

    const QByteArray inactive =
        R"({"status":"success","data":{"alerts":[{"labels":{"alertname":"X"},"state":"inactive","value":"0e+00"}]}})";
    QVERIFY2(AlertDecoder::prometheusAlerts(inactive, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].state, Alert::State::Inactive);
    QVERIFY(!alerts[0].startsAt.isValid());
}

void TestAlertDecoder::prometheusOldNumericValue()
{
    // Prometheus before 2019 (prometheus/prometheus#5303) wrote the value as a JSON number.
    const QByteArray body =
        R"({"status":"success","data":{"alerts":[{"labels":{"alertname":"X"},"state":"firing","activeAt":"2018-01-01T00:00:00Z","value":0.1}]}})";
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::prometheusAlerts(body, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].value, QStringLiteral("0.1"));
}

void TestAlertDecoder::prometheusRules()
{
    QList<AlertRule> rules;
    QString error;
    QVERIFY2(AlertDecoder::prometheusRules(kPrometheusRules, &rules, &error), qPrintable(error));
    QCOMPARE(rules.size(), 4);

    const AlertRule &latency = rules[0];
    QCOMPARE(latency.group, QStringLiteral("api"));
    QCOMPARE(latency.type, QStringLiteral("alerting"));
    QCOMPARE(latency.name, QStringLiteral("ApiLatencyP95High"));
    QCOMPARE(latency.query,
             QStringLiteral("histogram_quantile(0.95, sum by (le) "
                            "(rate(http_request_duration_seconds_bucket[5m]))) > 0.5"));
    QCOMPARE(latency.durationSeconds, 300.0);
    QCOMPARE(latency.state, QStringLiteral("firing"));
    QCOMPARE(latency.health, QStringLiteral("ok"));
    QVERIFY(latency.lastError.isEmpty());
    QCOMPARE(latency.labels, labels({{"severity", "critical"}}));
    QCOMPARE(latency.annotations.value(QStringLiteral("runbook_url")),
             QStringLiteral("https://runbooks.example.org/api-latency"));

    QCOMPARE(rules[1].name, QStringLiteral("BackupTooSlow"));
    QCOMPARE(rules[1].state, QStringLiteral("pending"));
    QCOMPARE(rules[1].durationSeconds, 0.5);
    QVERIFY(rules[1].annotations.isEmpty());

    const AlertRule &broken = rules[2];
    QCOMPARE(broken.group, QStringLiteral("records"));
    QCOMPARE(broken.state, QStringLiteral("inactive"));
    QCOMPARE(broken.durationSeconds, 600.0);
    QCOMPARE(broken.health, QStringLiteral("err"));
    QCOMPARE(broken.lastError,
             QStringLiteral(
                 "many-to-many matching not allowed: matching labels must be unique on one side"));
    QVERIFY(broken.query.contains(QLatin1String("code=~\"5..\"")));

    const AlertRule &recording = rules[3];
    QCOMPARE(recording.type, QStringLiteral("recording"));
    QCOMPARE(recording.name, QStringLiteral("job:http_requests:rate5m"));
    QCOMPARE(recording.durationSeconds, 0.0);
    QVERIFY(recording.state.isEmpty());
    QCOMPARE(recording.health, QStringLiteral("err"));
    QCOMPARE(recording.lastError,
             QStringLiteral(
                 "vector contains metrics with the same labelset after applying rule labels"));
    QCOMPARE(recording.labels, labels({{"team", "api"}}));
}

void TestAlertDecoder::prometheusErrorEnvelope_data()
{
    QTest::addColumn<Api>("api");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const QByteArray body =
        R"({"status":"error","errorType":"unavailable","error":"rule manager not ready"})";
    QTest::newRow("alerts") << Api::PrometheusAlerts << body
                            << QStringLiteral("unavailable: rule manager not ready");
    QTest::newRow("rules") << Api::PrometheusRules << body
                           << QStringLiteral("unavailable: rule manager not ready");
    QTest::newRow("rules bad_data")
        << Api::PrometheusRules
        << QByteArray(
               R"({"status":"error","errorType":"bad_data","error":"unsupported type \"foo\""})")
        << QStringLiteral("bad_data: unsupported type \"foo\"");
    QTest::newRow("no errorType") << Api::PrometheusAlerts
                                  << QByteArray(R"({"status":"error","error":"boom"})")
                                  << QStringLiteral("boom");
}

void TestAlertDecoder::prometheusErrorEnvelope()
{
    QFETCH(Api, api);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!decode(api, body, &actual));
    QCOMPARE(actual, error);
}

void TestAlertDecoder::alertmanagerServerError_data()
{
    QTest::addColumn<Api>("api");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    // What Alertmanager 0.27+ answers (with HTTP 410) on the removed v1 API.
    const QByteArray v1 =
        R"({"status":"deprecated","error":"The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API"})";
    const QString v1Text = QStringLiteral(
        "The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version "
        "0.27.0 - please use the equivalent route in the v2 API");
    QTest::newRow("alerts, v1 removed") << Api::AlertmanagerAlerts << v1 << v1Text;
    QTest::newRow("groups, v1 removed") << Api::AlertmanagerGroups << v1 << v1Text;
    QTest::newRow("silences, v1 removed") << Api::Silences << v1 << v1Text;
    QTest::newRow("status error")
        << Api::AlertmanagerAlerts
        << QByteArray(R"({"status":"error","errorType":"server_error","error":"no route"})")
        << QStringLiteral("no route");
    QTest::newRow("go-swagger validation")
        << Api::Silences
        << QByteArray(R"({"code":601,"message":"filter in query should be unique"})")
        << QStringLiteral("filter in query should be unique");
}

void TestAlertDecoder::alertmanagerServerError()
{
    QFETCH(Api, api);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!decode(api, body, &actual));
    QCOMPARE(actual, error);
}

void TestAlertDecoder::emptyLists_data()
{
    QTest::addColumn<Api>("api");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("alerts") << Api::AlertmanagerAlerts << QByteArray("[]");
    QTest::newRow("groups") << Api::AlertmanagerGroups << QByteArray("[]\n");
    QTest::newRow("silences") << Api::Silences << QByteArray(" [ ] ");
    QTest::newRow("prometheus alerts")
        << Api::PrometheusAlerts << QByteArray(R"({"status":"success","data":{"alerts":[]}})");
    QTest::newRow("prometheus rules")
        << Api::PrometheusRules << QByteArray(R"({"status":"success","data":{"groups":[]}})");
}

void TestAlertDecoder::emptyLists()
{
    QFETCH(Api, api);
    QFETCH(QByteArray, body);
    QString error = QStringLiteral("stale");
    QVERIFY2(decode(api, body, &error), qPrintable(error));
    QVERIFY(error.isEmpty());

    // An earlier result is replaced, not appended to.
    QList<Alert> alerts(3);
    if (api == Api::AlertmanagerAlerts) {
        QVERIFY(AlertDecoder::alertmanagerAlerts(body, &alerts, &error));
        QVERIFY(alerts.isEmpty());
    }
}

void TestAlertDecoder::failureClearsOutput()
{
    // The first alert is fine, the second is not: nothing of the body is returned, and
    // nothing from an earlier call is left looking like this body's result.
    QList<Alert> alerts(3);
    QString error;
    QVERIFY(!AlertDecoder::alertmanagerAlerts(R"([{"labels":{"alertname":"A"}},{"labels":7}])",
                                              &alerts, &error));
    QVERIFY(alerts.isEmpty());
    QCOMPARE(error, QStringLiteral("Alertmanager alerts: alert 1: \"labels\": expected a JSON "
                                   "object, got a number"));
    QList<Silence> silences(2);
    QVERIFY(!AlertDecoder::silences("<html></html>", &silences, &error));
    QVERIFY(silences.isEmpty());
    // Callers that only want to know whether the body is good may pass null pointers.
    QVERIFY(!AlertDecoder::prometheusRules("{", nullptr, nullptr));
    QVERIFY(AlertDecoder::prometheusRules(kPrometheusRules, nullptr, nullptr));
}

void TestAlertDecoder::wrongShape_data()
{
    QTest::addColumn<Api>("api");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");

    QTest::newRow("alerts: object")
        << Api::AlertmanagerAlerts << QByteArray(R"({"alerts":[]})")
        << QStringLiteral("Alertmanager alerts: expected a JSON array, got an object");
    QTest::newRow("groups: object")
        << Api::AlertmanagerGroups << QByteArray(R"({"groups":[]})")
        << QStringLiteral("Alertmanager alert groups: expected a JSON array, got an object");
    QTest::newRow("silences: object")
        << Api::Silences << QByteArray("{}")
        << QStringLiteral("Alertmanager silences: expected a JSON array, got an object");
    QTest::newRow("alerts: array of strings")
        << Api::AlertmanagerAlerts << QByteArray(R"(["a"])")
        << QStringLiteral("Alertmanager alerts: alert 0: expected a JSON object, got a string");
    QTest::newRow("alerts: labels array")
        << Api::AlertmanagerAlerts << QByteArray(R"([{"labels":{}},{"labels":["alertname","X"]}])")
        << QStringLiteral(
               "Alertmanager alerts: alert 1: \"labels\": expected a JSON object, got an array");
    QTest::newRow("alerts: annotation null value")
        << Api::AlertmanagerAlerts << QByteArray(R"([{"annotations":{"summary":null}}])")
        << QStringLiteral("Alertmanager alerts: alert 0: \"annotations\": value of \"summary\": "
                          "expected a string, got null");
    QTest::newRow("alerts: status string")
        << Api::AlertmanagerAlerts << QByteArray(R"([{"status":"active"}])")
        << QStringLiteral(
               "Alertmanager alerts: alert 0: \"status\": expected a JSON object, got a string");
    QTest::newRow("alerts: silencedBy numbers")
        << Api::AlertmanagerAlerts
        << QByteArray(R"([{"status":{"state":"suppressed","silencedBy":[1]}}])")
        << QStringLiteral("Alertmanager alerts: alert 0: \"status\": \"silencedBy\": item 0: "
                          "expected a string, got a number");
    QTest::newRow("alerts: receivers strings")
        << Api::AlertmanagerAlerts << QByteArray(R"([{"receivers":["oncall"]}])")
        << QStringLiteral("Alertmanager alerts: alert 0: \"receivers\": item 0: expected a JSON "
                          "object, got a string");
    QTest::newRow("alerts: fingerprint number")
        << Api::AlertmanagerAlerts << QByteArray(R"([{"fingerprint":12}])")
        << QStringLiteral(
               "Alertmanager alerts: alert 0: \"fingerprint\": expected a string, got a number");
    QTest::newRow("groups: alerts not an array")
        << Api::AlertmanagerGroups
        << QByteArray(R"([{"labels":{},"receiver":{"name":"r"},"alerts":{}}])")
        << QStringLiteral("Alertmanager alert groups: group 0: \"alerts\": expected a JSON array, "
                          "got an object");
    QTest::newRow("groups: group labels string")
        << Api::AlertmanagerGroups << QByteArray(R"([{"labels":"alertname=X","alerts":[]}])")
        << QStringLiteral("Alertmanager alert groups: group 0: \"labels\": expected a JSON object, "
                          "got a string");
    QTest::newRow("groups: receiver string")
        << Api::AlertmanagerGroups << QByteArray(R"([{"labels":{},"receiver":"r","alerts":[]}])")
        << QStringLiteral("Alertmanager alert groups: group 0: \"receiver\": expected a JSON "
                          "object, got a string");
    QTest::newRow("groups: bad alert inside")
        << Api::AlertmanagerGroups << QByteArray(R"([{"labels":{},"alerts":[{},{"labels":[]}]}])")
        << QStringLiteral("Alertmanager alert groups: group 0: alert 1: \"labels\": expected a "
                          "JSON object, got an array");
    QTest::newRow("silences: matchers object")
        << Api::Silences << QByteArray(R"([{"id":"x","matchers":{"name":"a"}}])")
        << QStringLiteral("Alertmanager silences: silence 0: \"matchers\": expected a JSON array, "
                          "got an object");
    QTest::newRow("silences: isRegex string")
        << Api::Silences
        << QByteArray(R"([{"id":"x","matchers":[{"name":"a","value":"b","isRegex":"false"}]}])")
        << QStringLiteral("Alertmanager silences: silence 0: matcher 0: \"isRegex\": expected true "
                          "or false, got a string");
    QTest::newRow("prometheus: array")
        << Api::PrometheusAlerts << QByteArray("[]")
        << QStringLiteral("Prometheus alerts: expected a JSON object, got an array");
    QTest::newRow("prometheus: no status")
        << Api::PrometheusAlerts << QByteArray(R"({"data":{"alerts":[]}})")
        << QStringLiteral(
               "Prometheus alerts: no \"status\": \"success\": is this a Prometheus API response?");
    QTest::newRow("prometheus: no data")
        << Api::PrometheusAlerts << QByteArray(R"({"status":"success"})")
        << QStringLiteral("Prometheus alerts: \"data\": expected a JSON object, got nothing");
    QTest::newRow("prometheus: alerts object")
        << Api::PrometheusAlerts << QByteArray(R"({"status":"success","data":{"alerts":{}}})")
        << QStringLiteral(
               "Prometheus alerts: \"data\": \"alerts\": expected a JSON array, got an object");
    QTest::newRow("prometheus: query result instead")
        << Api::PrometheusAlerts
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]}})")
        << QString(); // no "alerts": an empty list, see below
    QTest::newRow("rules: duration string")
        << Api::PrometheusRules
        << QByteArray(
               R"({"status":"success","data":{"groups":[{"name":"g","rules":[{"name":"A","duration":"5m"}]}]}})")
        << QStringLiteral(
               "Prometheus rules: group 0: rule 0: \"duration\": expected a number, got a string");
    QTest::newRow("rules: rules not an array")
        << Api::PrometheusRules
        << QByteArray(R"({"status":"success","data":{"groups":[{"name":"g","rules":"none"}]}})")
        << QStringLiteral(
               "Prometheus rules: group 0: \"rules\": expected a JSON array, got a string");
}

void TestAlertDecoder::wrongShape()
{
    QFETCH(Api, api);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString actual;
    const bool ok = decode(api, body, &actual);
    if (error.isEmpty()) {
        // A success envelope without "alerts" decodes as no alerts (Go omits nothing
        // here, so this is a different endpoint, but there is nothing wrong to report).
        QVERIFY2(ok, qPrintable(actual));
        return;
    }
    QVERIFY(!ok);
    QCOMPARE(actual, error);
}

void TestAlertDecoder::hostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("HTML login page")
        << QByteArray(
               "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>...</body></html>")
        << QStringLiteral("HTML");
    QTest::newRow("HTML after whitespace")
        << QByteArray("\r\n  <html>502 Bad Gateway</html>") << QStringLiteral("HTML");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty response");
    QTest::newRow("whitespace") << QByteArray(" \n\t") << QStringLiteral("empty response");
    QTest::newRow("truncated array")
        << QByteArray(R"([{"labels":{"alertname":"Host_Down"},"annotations":{"summary":"Exam)")
        << QStringLiteral("not JSON: ");
    QTest::newRow("truncated envelope")
        << QByteArray(R"({"status":"success","data":{"alerts":[)") << QStringLiteral("not JSON: ");
    QTest::newRow("plain text") << QByteArray("404 page not found\n")
                                << QStringLiteral("not JSON: ");
    QTest::newRow("trailing garbage") << QByteArray("[] []") << QStringLiteral("not JSON: ");
    QTest::newRow("scalar") << QByteArray("42") << QString();
    QTest::newRow("null") << QByteArray("null") << QString();
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe[", 4) << QString();
    QTest::newRow("100000 nested [") << QByteArray(100000, '[') << QString();
    QTest::newRow("100000 nested [ closed")
        << QByteArray(100000, '[') + QByteArray(100000, ']') << QStringLiteral("not JSON: ");
    QTest::newRow("nested objects in labels")
        << QByteArray(R"([{"labels":)") + QByteArray(50000, '{').replace("{", R"({"a":)")
        << QString();
}

void TestAlertDecoder::hostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, errorPart);
    for (Api api : kAllApis) {
        QString error;
        QVERIFY(!decode(api, body, &error));
        QVERIFY(!error.isEmpty());
        if (!errorPart.isEmpty())
            QVERIFY2(error.contains(errorPart), qPrintable(error));
    }
}

void TestAlertDecoder::numberLabelValueRejected()
{
    // Both servers only ever send strings (Go map[string]string); a number means the body
    // is not what it claims to be, so the response is rejected rather than guessed at.
    QList<Alert> alerts;
    QString error;
    QVERIFY(!AlertDecoder::alertmanagerAlerts(R"([{"labels":{"alertname":"X","code":500}}])",
                                              &alerts, &error));
    QCOMPARE(error, QStringLiteral("Alertmanager alerts: alert 0: \"labels\": value of \"code\": "
                                   "expected a string, got a number"));
    QVERIFY(!AlertDecoder::prometheusAlerts(
        R"({"status":"success","data":{"alerts":[{"labels":{"le":0.5},"state":"firing"}]}})",
        &alerts, &error));
    QCOMPARE(error, QStringLiteral("Prometheus alerts: alert 0: \"labels\": value of \"le\": "
                                   "expected a string, got a number"));
    QList<AlertRule> rules;
    QVERIFY(!AlertDecoder::prometheusRules(
        R"({"status":"success","data":{"groups":[{"name":"g","rules":[{"name":"A","annotations":{"priority":1}}]}]}})",
        &rules, &error));
    QVERIFY2(error.contains(QLatin1String("\"priority\": expected a string, got a number")),
             qPrintable(error));
}

void TestAlertDecoder::untrustedTextVerbatim()
{
    const QString script =
        QStringLiteral("<script>alert(document.cookie)</script><b>bold</b> &amp; \"q\"");
    const QString longText =
        QString(10000, QLatin1Char('x')) + QStringLiteral("\u00e9\u2603\U0001F525");
    QJsonObject annotations{
        {QLatin1String("summary"), script},
        {QLatin1String("description"), longText},
        {QLatin1String("template"), QStringLiteral("{{ $labels.instance }} at {{ $value }}")}};
    QJsonObject alert{
        {QLatin1String("labels"),
         QJsonObject{{QLatin1String("alertname"), QStringLiteral("<img src=x onerror=alert(1)>")},
                     {QLatin1String("path"), QStringLiteral("C:\\temp\\%s\n\ttab")}}},
        {QLatin1String("annotations"), annotations},
        {QLatin1String("status"), QJsonObject{{QLatin1String("state"), QStringLiteral("active")}}}};
    const QByteArray body = QJsonDocument(QJsonArray{alert}).toJson();
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerAlerts(body, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].summary(), script);
    QCOMPARE(alerts[0].annotations.value(QStringLiteral("description")), longText);
    QCOMPARE(alerts[0].annotations.value(QStringLiteral("description")).size(), 10000 + 1 + 1 + 2);
    QCOMPARE(alerts[0].annotations.value(QStringLiteral("template")),
             QStringLiteral("{{ $labels.instance }} at {{ $value }}"));
    QCOMPARE(alerts[0].name(), QStringLiteral("<img src=x onerror=alert(1)>"));
    QCOMPARE(alerts[0].labels.value(QStringLiteral("path")), QStringLiteral("C:\\temp\\%s\n\ttab"));
    QVERIFY(alerts[0].runbook().isEmpty());

    // JSON escapes are undone once, nothing more.
    QVERIFY(AlertDecoder::alertmanagerAlerts(
        R"([{"annotations":{"summary":"\u003cscript\u003e \\u003c"}}])", &alerts, &error));
    QCOMPARE(alerts[0].summary(), QStringLiteral("<script> \\u003c"));
}

void TestAlertDecoder::unknownFieldsIgnored()
{
    const QByteArray body =
        '[' +
        amAlert(
            R"({"state":"active","silencedBy":[],"inhibitedBy":[],"mutedBy":[],"future":{"x":[1,2]}})",
            R"(,"updatedAt":"not even a time","newField":{"deep":[null,true]},"labelsV2":7)") +
        ']';
    QList<Alert> alerts;
    QString error;
    QVERIFY2(AlertDecoder::alertmanagerAlerts(body, &alerts, &error), qPrintable(error));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].state, Alert::State::Firing);
}

void TestAlertDecoder::silenceToJsonRoundTrip()
{
    Silence s;
    s.matchers = {{QStringLiteral("alertname"), QStringLiteral("Host_Down"), false, true},
                  {QStringLiteral("instance"), QStringLiteral("web[0-9]+"), true, false}};
    // Given in +02:00; Alertmanager gets UTC.
    s.startsAt = QDateTime(QDate(2026, 3, 11), QTime(14, 48, 38, 409), Qt::OffsetFromUTC, 2 * 3600);
    s.endsAt = utc(2026, 3, 11, 14, 48, 38, 0);
    s.createdBy = QStringLiteral("oncall@example.com");
    s.comment = QStringLiteral("Maintenance <b>window</b> \u2014 \"db\"");
    s.state = QStringLiteral("active"); // server-side only: never sent

    const QByteArray json = AlertDecoder::silenceToJson(s);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    QStringList keys = o.keys();
    keys.sort();
    QCOMPARE(keys, QStringList({QStringLiteral("comment"), QStringLiteral("createdBy"),
                                QStringLiteral("endsAt"), QStringLiteral("matchers"),
                                QStringLiteral("startsAt")}));
    QCOMPARE(o.value(QLatin1String("startsAt")).toString(),
             QStringLiteral("2026-03-11T12:48:38.409Z"));
    QCOMPARE(o.value(QLatin1String("endsAt")).toString(),
             QStringLiteral("2026-03-11T14:48:38.000Z"));
    QCOMPARE(o.value(QLatin1String("createdBy")).toString(), s.createdBy);
    QCOMPARE(o.value(QLatin1String("comment")).toString(), s.comment);
    const QJsonArray matchers = o.value(QLatin1String("matchers")).toArray();
    QCOMPARE(matchers.size(), 2);
    const QJsonObject m1 = matchers.at(1).toObject();
    QCOMPARE(m1.value(QLatin1String("name")).toString(), QStringLiteral("instance"));
    QCOMPARE(m1.value(QLatin1String("value")).toString(), QStringLiteral("web[0-9]+"));
    QCOMPARE(m1.value(QLatin1String("isRegex")), QJsonValue(true));
    QCOMPARE(m1.value(QLatin1String("isEqual")), QJsonValue(false));
    QCOMPARE(matchers.at(0).toObject().value(QLatin1String("isEqual")), QJsonValue(true));

    // What we send, read back by our own decoder, is what we meant.
    QList<Silence> back;
    QString error;
    QVERIFY2(AlertDecoder::silences('[' + json + ']', &back, &error), qPrintable(error));
    QCOMPARE(back.size(), 1);
    QCOMPARE(back[0].startsAt, s.startsAt);
    QCOMPARE(back[0].endsAt, s.endsAt);
    QVERIFY(back[0].endsAt > back[0].startsAt);
    QCOMPARE(back[0].comment, s.comment);
    QCOMPARE(back[0].matchers.size(), 2);
    QCOMPARE(back[0].matchers[1].isRegex, true);
    QCOMPARE(back[0].matchers[1].isEqual, false);
    QVERIFY(back[0].id.isEmpty());
}

void TestAlertDecoder::silenceToJsonUpdate()
{
    QList<Silence> fixture;
    QString error;
    QVERIFY(AlertDecoder::silences(readData("alertmanager-0.31.0-api-v2-silences.json"), &fixture,
                                   &error));
    Silence s = fixture.at(1);
    s.endsAt = utc(2026, 3, 12, 0, 0, 0);
    const QJsonObject o = QJsonDocument::fromJson(AlertDecoder::silenceToJson(s)).object();
    QCOMPARE(o.value(QLatin1String("id")).toString(),
             QStringLiteral("dcb3b5d0-9f10-4baa-977a-70073a1899bd"));
    QCOMPARE(o.value(QLatin1String("startsAt")).toString(),
             QStringLiteral("2026-03-11T12:48:38.411Z"));
    QCOMPARE(o.value(QLatin1String("endsAt")).toString(),
             QStringLiteral("2026-03-12T00:00:00.000Z"));
    QCOMPARE(o.value(QLatin1String("matchers")).toArray().size(), 2);
    QVERIFY(!o.contains(QLatin1String("status")));
}

void TestAlertDecoder::runbook_data()
{
    QTest::addColumn<Labels>("annotations");
    QTest::addColumn<QString>("runbook");

    QTest::newRow("runbook_url first") << labels({{"runbook", "https://wiki/old"},
                                                  {"runbook_url", "https://wiki/new"},
                                                  {"dashboard", "https://grafana/d/1"}})
                                       << QStringLiteral("https://wiki/new");
    QTest::newRow("then runbook") << labels({{"runbook", "runbooks/api-latency.md"},
                                             {"dashboard", "https://grafana/d/1"}})
                                  << QStringLiteral("runbooks/api-latency.md");
    QTest::newRow("runbook: name as written")
        << labels({{"runbook", "runbook:api-latency"}}) << QStringLiteral("runbook:api-latency");
    QTest::newRow("trimmed") << labels({{"runbook_url", "  https://wiki/x \n"}})
                             << QStringLiteral("https://wiki/x");
    QTest::newRow("blank runbook_url skipped")
        << labels({{"runbook_url", "   "}, {"runbook", "https://wiki/r"}})
        << QStringLiteral("https://wiki/r");
    QTest::newRow("any http annotation")
        << labels({{"summary", "disk full"}, {"url", "http://localhost/example.html"}})
        << QStringLiteral("http://localhost/example.html");
    QTest::newRow("javascript annotation never")
        << labels({{"a", "javascript:alert(document.cookie)"}, {"summary", "x"}}) << QString();
    // runbook_url and runbook are shown as written, hostile ones included, so the user
    // sees what the rule says; RunbookLibrary::resolve refuses to open them.
    QTest::newRow("javascript runbook_url shown as written")
        << labels({{"runbook_url", "javascript:alert(1)"}, {"dashboard", "https://grafana/d/1"}})
        << QStringLiteral("javascript:alert(1)");
    QTest::newRow("JavaScript runbook shown as written")
        << labels({{"runbook", " JavaScript:alert(1)"}}) << QStringLiteral("JavaScript:alert(1)");
    QTest::newRow("file: runbook shown as written")
        << labels({{"runbook", "file:///etc/passwd"}}) << QStringLiteral("file:///etc/passwd");
    QTest::newRow("colon later in a path kept") << labels({{"runbook", "runbooks/api:latency.md"}})
                                                << QStringLiteral("runbooks/api:latency.md");
    QTest::newRow("data: runbook_url shown as written")
        << labels({{"runbook_url", "data:text/html,<script>alert(1)</script>"}})
        << QStringLiteral("data:text/html,<script>alert(1)</script>");
    QTest::newRow("url without host not http")
        << labels({{"link", "http://"}, {"other", "https:/path"}}) << QString();
    QTest::newRow("text mentioning a url not picked")
        << labels({{"description", "see https://wiki/x for details"}}) << QString();
    QTest::newRow("none") << Labels() << QString();
}

void TestAlertDecoder::runbook()
{
    QFETCH(Labels, annotations);
    QFETCH(QString, runbook);
    Alert a;
    a.annotations = annotations;
    QCOMPARE(a.runbook(), runbook);
}

void TestAlertDecoder::runbookFromFixture()
{
    QList<Alert> alerts;
    QString error;
    QVERIFY(AlertDecoder::alertmanagerGroups(
        readData("alertmanager-0.31.0-api-v2-alerts-groups.json"), &alerts, &error));
    QCOMPARE(byFingerprint(alerts, QStringLiteral("54c2f185e49cfccb"))->runbook(),
             QStringLiteral("http://localhost/example.html"));
    QCOMPARE(byFingerprint(alerts, QStringLiteral("aae7a1432b5d2f1b"))->runbook(),
             QStringLiteral("http://localhost/dashboard.html"));
    QCOMPARE(byFingerprint(alerts, QStringLiteral("cc58f2ac8260fb97"))->runbook(), QString());
    // karma's mock generatorURL has no expression.
    QCOMPARE(byFingerprint(alerts, QStringLiteral("cc58f2ac8260fb97"))->generatorExpression(),
             QString());
}

void TestAlertDecoder::generatorExpression_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expr");

    // Prometheus builds generatorURL with Go's url.QueryEscape: spaces become '+'.
    QTest::newRow("prometheus graph link")
        << QStringLiteral("http://prom:9090/"
                          "graph?g0.expr=rate%28http_requests_total%5B5m%5D%29+%3E+1&g0.tab=1")
        << QStringLiteral("rate(http_requests_total[5m]) > 1");
    QTest::newRow("selector with regex and division")
        << QStringLiteral("http://prom:9090/"
                          "graph?g0.expr=sum+by+%28job%29+%28rate%28http_requests_total%7Bcode%3D~%"
                          "225..%22%7D%5B5m%5D%29%29+%2F+2+%3E+0.05&g0.tab=1")
        << QStringLiteral("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / 2 > 0.05");
    QTest::newRow("literal plus") << QStringLiteral(
                                         "http://prom:9090/graph?g0.expr=a+%2B+b&g0.tab=1")
                                  << QStringLiteral("a + b");
    QTest::newRow("ampersand inside")
        << QStringLiteral("https://prom.example/prometheus/"
                          "graph?g0.tab=1&g0.expr=up+%3D%3D+0+and+on%28%29+x%26y")
        << QStringLiteral("up == 0 and on() x&y");
    QTest::newRow("no expression") << QStringLiteral("http://localhost/prometheus") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestAlertDecoder::generatorExpression()
{
    QFETCH(QString, url);
    QFETCH(QString, expr);
    Alert a;
    a.generatorUrl = url;
    QCOMPARE(a.generatorExpression(), expr);
}

void TestAlertDecoder::severityRank()
{
    QVERIFY(::severityRank(QStringLiteral("critical")) < ::severityRank(QStringLiteral("warning")));
    QVERIFY(::severityRank(QStringLiteral("warning")) < ::severityRank(QStringLiteral("info")));
    QVERIFY(::severityRank(QStringLiteral("info")) < ::severityRank(QStringLiteral("")));
    QCOMPARE(::severityRank(QStringLiteral("CRITICAL")),
             ::severityRank(QStringLiteral("critical")));
    QCOMPARE(::severityRank(QStringLiteral("page")), ::severityRank(QStringLiteral("critical")));
    QCOMPARE(::severityRank(QStringLiteral("warn")), ::severityRank(QStringLiteral("warning")));
    QCOMPARE(::severityRank(QStringLiteral("none")), ::severityRank(QStringLiteral("info")));
    QCOMPARE(::severityRank(QStringLiteral("sev-9")), ::severityRank(QString()));

    QStringList list = {QStringLiteral("info"), QStringLiteral("bogus"), QStringLiteral("warning"),
                        QStringLiteral("critical"), QStringLiteral("Warning")};
    std::stable_sort(list.begin(), list.end(), [](const QString &a, const QString &b) {
        return ::severityRank(a) < ::severityRank(b);
    });
    QCOMPARE(list, QStringList({QStringLiteral("critical"), QStringLiteral("warning"),
                                QStringLiteral("Warning"), QStringLiteral("info"),
                                QStringLiteral("bogus")}));
}

void TestAlertDecoder::identity()
{
    QList<Alert> alerts;
    QString error;
    QVERIFY(AlertDecoder::prometheusAlerts(kPrometheusAlerts, &alerts, &error));
    // Prometheus has no fingerprint: the label set identifies the alert.
    QCOMPARE(alerts[1].identity(),
             QStringLiteral(
                 "{alertname=\"BackupTooSlow\", database=\"mongodb\", severity=\"warning\"}"));
    QVERIFY(alerts[0].identity() != alerts[1].identity());
    Alert am;
    am.fingerprint = QStringLiteral("cc58f2ac8260fb97");
    am.labels = alerts[0].labels;
    QCOMPARE(am.identity(), QStringLiteral("cc58f2ac8260fb97"));
}

QTEST_GUILESS_MAIN(TestAlertDecoder)
#include "tst_alertdecoder.moc"
