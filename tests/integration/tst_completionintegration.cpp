// PromQL completion against the real Prometheus (Debian's package) with the demo's
// backfilled history: PrometheusCompletionSource answers exactly what the HTTP API
// lists (fetched here independently with a plain GET), narrowed to the metric, and
// the editor's completer offers those answers where the cursor is.
#include "prometheusclient.h"
#include "prometheusserver.h"
#include "promqlcompleter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

class TestCompletionIntegration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sourceAnswersWhatTheApiLists_data();
    void sourceAnswersWhatTheApiLists();
    void metricHelpMatchesMetadata();
    void editorCompletesLabelValues();
    void unreachableServerAnswersEmpty();

private:
    PrometheusServer m_server;
    QNetworkAccessManager m_nam;
};

namespace {

/// The `data` of a GET on the API, read with QJsonDocument - not the client under test.
QJsonValue fetch(QNetworkAccessManager &nam, const QUrl &base, const QString &path,
                 const QUrlQuery &query = {})
{
    QUrl url = base.resolved(QUrl(path));
    url.setQuery(query);
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return body.value(QLatin1String("data"));
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out.append(s.toString());
    return out;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

} // namespace

void TestCompletionIntegration::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(1, &error), qPrintable(error));
}

void TestCompletionIntegration::sourceAnswersWhatTheApiLists_data()
{
    QTest::addColumn<QString>("question"); // metrics, labels, values
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("mustContain");
    QTest::newRow("metric names") << QStringLiteral("metrics") << QString() << QString()
                                  << QStringLiteral("http_requests_total");
    QTest::newRow("label names of a metric")
        << QStringLiteral("labels") << QStringLiteral("http_requests_total") << QString()
        << QStringLiteral("endpoint");
    QTest::newRow("every label name")
        << QStringLiteral("labels") << QString() << QString() << QStringLiteral("job");
    QTest::newRow("label values of a metric")
        << QStringLiteral("values") << QStringLiteral("http_requests_total")
        << QStringLiteral("status") << QStringLiteral("500");
    QTest::newRow("label values everywhere") << QStringLiteral("values") << QString()
                                             << QStringLiteral("job") << QStringLiteral("rust-api");
}

void TestCompletionIntegration::sourceAnswersWhatTheApiLists()
{
    QFETCH(QString, question);
    QFETCH(QString, metric);
    QFETCH(QString, label);
    QFETCH(QString, mustContain);
    PrometheusClient client(&m_nam);
    client.setBaseUrl(m_server.url());
    PrometheusCompletionSource source(&client);
    QObject context;
    bool answered = false;
    QStringList answer;
    auto done = [&](const QStringList &l) {
        answered = true;
        answer = l;
    };
    QUrlQuery match;
    if (!metric.isEmpty())
        match.addQueryItem(QStringLiteral("match[]"), metric);
    QStringList expected;
    if (question == QLatin1String("metrics")) {
        source.metricNames(&context, done);
        expected =
            strings(fetch(m_nam, m_server.url(), QStringLiteral("/api/v1/label/__name__/values")));
    } else if (question == QLatin1String("labels")) {
        source.labelNames(metric, &context, done);
        expected = strings(fetch(m_nam, m_server.url(), QStringLiteral("/api/v1/labels"), match));
        expected.removeAll(QStringLiteral("__name__")); // a metric name is not a label to offer
    } else {
        source.labelValues(label, metric, &context, done);
        expected = strings(fetch(m_nam, m_server.url(),
                                 QStringLiteral("/api/v1/label/%1/values").arg(label), match));
    }
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
    QVERIFY(expected.contains(mustContain));
    QCOMPARE(sorted(answer), sorted(expected));
    if (!metric.isEmpty() && question == QLatin1String("labels")) // narrowed to the metric
        QVERIFY(!answer.contains(QStringLiteral("le")));
}

void TestCompletionIntegration::metricHelpMatchesMetadata()
{
    PrometheusClient client(&m_nam);
    client.setBaseUrl(m_server.url());
    PrometheusCompletionSource source(&client);
    QObject context;
    bool answered = false;
    QString help = QStringLiteral("not answered");
    source.metricHelp(QStringLiteral("http_requests_total"), &context, [&](const QString &h) {
        answered = true;
        help = h;
    });
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("metric"), QStringLiteral("http_requests_total"));
    const QJsonObject metadata =
        fetch(m_nam, m_server.url(), QStringLiteral("/api/v1/metadata"), q).toObject();
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
    // Backfilled history carries no HELP, so Prometheus's metadata may well be empty;
    // whatever it says is what the editor shows.
    const QString expected = metadata.value(QLatin1String("http_requests_total"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("help"))
                                 .toString();
    QCOMPARE(help, expected);
}

void TestCompletionIntegration::editorCompletesLabelValues()
{
    PrometheusClient client(&m_nam);
    client.setBaseUrl(m_server.url());
    PrometheusCompletionSource prometheus(&client);
    CompletionCache cache(&prometheus);
    QPlainTextEdit edit;
    PromqlCompleter completer(&edit, &cache);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));

    edit.setPlainText(QStringLiteral("sum(rate(http_requests_total{method=\""));
    edit.moveCursor(QTextCursor::End);
    completer.complete();
    QUrlQuery match;
    match.addQueryItem(QStringLiteral("match[]"), QStringLiteral("http_requests_total"));
    const QStringList methods =
        strings(fetch(m_nam, m_server.url(), QStringLiteral("/api/v1/label/method/values"), match));
    QVERIFY(!methods.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(sorted(completer.visibleCandidates()), sorted(methods), 15000);

    // Metric names at the start of a fresh expression.
    edit.setPlainText(QStringLiteral("http_request_dur"));
    edit.moveCursor(QTextCursor::End);
    completer.complete();
    QTRY_VERIFY_WITH_TIMEOUT(completer.visibleCandidates().contains(
                                 QStringLiteral("http_request_duration_seconds_bucket")),
                             15000);
}

void TestCompletionIntegration::unreachableServerAnswersEmpty()
{
    ClosedPort closed;
    PrometheusClient client(&m_nam);
    client.setBaseUrl(closed.url());
    PrometheusCompletionSource source(&client);
    QObject context;
    bool answered = false;
    QStringList answer{QStringLiteral("sentinel")};
    source.metricNames(&context, [&](const QStringList &l) {
        answered = true;
        answer = l;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
    QVERIFY(answer.isEmpty());
}

QTEST_MAIN(TestCompletionIntegration)
#include "tst_completionintegration.moc"
