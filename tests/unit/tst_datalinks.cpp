// Grafana data links: the clicked point's labels, value and time and the dashboard's
// time range and variables go into the link's URL.
#include "datalinks.h"
#include "templating.h"

#include <QTest>

class TestDataLinks : public QObject
{
    Q_OBJECT

private slots:
    void interpolate_data();
    void interpolate();
    void needsPoint();
};

void TestDataLinks::interpolate_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("label") << QStringLiteral("https://logs/?q=${__field.labels.instance}")
                           << QStringLiteral("https://logs/?q=db-1:9216");
    QTest::newRow("label percent-encoded") << QStringLiteral("https://logs/?q=${__field.labels.endpoint:percentencode}")
                                           << QStringLiteral("https://logs/?q=%2Fsessions%2F%7Bid%7D%2Fanswers");
    QTest::newRow("missing label stays as written") << QStringLiteral("https://x/${__field.labels.nope}")
                                                    << QStringLiteral("https://x/${__field.labels.nope}");
    QTest::newRow("value and time") << QStringLiteral("https://x/?v=${__value.raw}&t=${__value.time}&s=${__value.text}")
                                    << QStringLiteral("https://x/?v=0.25&t=1700000000000&s=250 ms");
    QTest::newRow("series name") << QStringLiteral("https://x/${__series.name}") << QStringLiteral("https://x/p95");
    QTest::newRow("time range") << QStringLiteral("https://grafana/d/x?${__url_time_range}&from2=${__from}")
                                << QStringLiteral("https://grafana/d/x?from=1699996400000&to=1700000000000&from2=1699996400000");
    QTest::newRow("variables as text") << QStringLiteral("https://jaeger/search?service=$service&env=${env}")
                                       << QStringLiteral("https://jaeger/search?service=rust-api&env=a,b");
}

void TestDataLinks::interpolate()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    DataLinks::Context c;
    c.labels = {{QStringLiteral("instance"), QStringLiteral("db-1:9216")},
                {QStringLiteral("endpoint"), QStringLiteral("/sessions/{id}/answers")}};
    c.seriesName = QStringLiteral("p95");
    c.value = 0.25;
    c.valueText = QStringLiteral("250 ms");
    c.timeMs = 1700000000000.0;
    c.fromMs = 1699996400000;
    c.toMs = 1700000000000;
    Variable service;
    service.name = QStringLiteral("service");
    service.type = QStringLiteral("custom");
    service.current = {QStringLiteral("rust-api")};
    Variable env;
    env.name = QStringLiteral("env");
    env.type = QStringLiteral("custom");
    env.multi = true;
    env.current = {QStringLiteral("a"), QStringLiteral("b")};
    QCOMPARE(DataLinks::interpolate(url, c, {service, env}), expected);
}

void TestDataLinks::needsPoint()
{
    QVERIFY(DataLinks::needsPoint(QStringLiteral("https://x/${__field.labels.job}")));
    QVERIFY(DataLinks::needsPoint(QStringLiteral("https://x/${__value.raw}")));
    QVERIFY(!DataLinks::needsPoint(QStringLiteral("https://x/?${__url_time_range}&v=$var")));
}

QTEST_GUILESS_MAIN(TestDataLinks)
#include "tst_datalinks.moc"
