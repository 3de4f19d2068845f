#include "legendformat.h"

#include <QTest>

class TestLegendFormat : public QObject
{
    Q_OBJECT

private slots:
    void formatLegend_data();
    void formatLegend();
    void seriesName_data();
    void seriesName();
};

void TestLegendFormat::formatLegend_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<QString>("expected");

    const Labels http{{QStringLiteral("__name__"), QStringLiteral("http_requests_total")},
                      {QStringLiteral("endpoint"), QStringLiteral("/sessions/{id}/answers")},
                      {QStringLiteral("method"), QStringLiteral("POST")},
                      {QStringLiteral("status"), QStringLiteral("200")}};
    const QString query = QStringLiteral("sum(rate(x[5m]))");

    QTest::newRow("single token") << QStringLiteral("{{endpoint}}") << http << query
                                  << QStringLiteral("/sessions/{id}/answers");
    QTest::newRow("spaces inside braces") << QStringLiteral("{{ endpoint }}") << http << query
                                          << QStringLiteral("/sessions/{id}/answers");
    QTest::newRow("tabs and uneven spaces") << QStringLiteral("{{\tmethod   }}") << http << query
                                            << QStringLiteral("POST");
    QTest::newRow("several tokens with literal text")
        << QStringLiteral("{{method}} {{endpoint}} ({{ status }})") << http << query
        << QStringLiteral("POST /sessions/{id}/answers (200)");
    QTest::newRow("literal prefix and suffix") << QStringLiteral("p95 of {{method}}!") << http << query
                                               << QStringLiteral("p95 of POST!");
    QTest::newRow("adjacent tokens") << QStringLiteral("{{method}}{{status}}") << http << query
                                     << QStringLiteral("POST200");
    QTest::newRow("same token twice") << QStringLiteral("{{status}}/{{status}}") << http << query
                                      << QStringLiteral("200/200");
    QTest::newRow("__name__ token") << QStringLiteral("{{__name__}}") << http << query
                                    << QStringLiteral("http_requests_total");
    QTest::newRow("plain text only") << QStringLiteral("p95") << http << query << QStringLiteral("p95");
    QTest::newRow("missing label is empty") << QStringLiteral("{{instance}}") << http << query << QString();
    QTest::newRow("missing label among text") << QStringLiteral("a{{instance}}b {{method}}") << http
                                              << query << QStringLiteral("ab POST");
    QTest::newRow("unclosed braces kept") << QStringLiteral("{{method") << http << query
                                          << QStringLiteral("{{method");
    QTest::newRow("empty braces kept") << QStringLiteral("x {{}} y") << http << query
                                       << QStringLiteral("x {{}} y");
    QTest::newRow("label value with braces not re-expanded")
        << QStringLiteral("{{v}}") << Labels{{QStringLiteral("v"), QStringLiteral("{{method}}")},
                                             {QStringLiteral("method"), QStringLiteral("GET")}}
        << query << QStringLiteral("{{method}}");

    QTest::newRow("empty format uses seriesName")
        << QString()
        << Labels{{QStringLiteral("__name__"), QStringLiteral("name")},
                  {QStringLiteral("a"), QStringLiteral("1")},
                  {QStringLiteral("b"), QStringLiteral("2")}}
        << query << QStringLiteral("name{a=\"1\", b=\"2\"}");
    QTest::newRow("blank format uses seriesName")
        << QStringLiteral("   ") << Labels{{QStringLiteral("job"), QStringLiteral("api")}} << query
        << QStringLiteral("{job=\"api\"}");
    QTest::newRow("__auto uses seriesName") << QStringLiteral("__auto") << http << query
                                            << QStringLiteral("http_requests_total{endpoint=\"/sessions/{id}/answers\", "
                                                              "method=\"POST\", status=\"200\"}");
    QTest::newRow("empty format, no labels -> fallback") << QString() << Labels() << query << query;
    QTest::newRow("__auto, no labels -> fallback") << QStringLiteral("__auto") << Labels() << query << query;
    QTest::newRow("empty format, only __name__")
        << QString() << Labels{{QStringLiteral("__name__"), QStringLiteral("up")}} << query
        << QStringLiteral("up");
    QTest::newRow("tokens with no labels give empty text")
        << QStringLiteral("{{job}}") << Labels() << query << QString();
}

void TestLegendFormat::formatLegend()
{
    QFETCH(QString, format);
    QFETCH(Labels, labels);
    QFETCH(QString, fallback);
    QFETCH(QString, expected);
    QCOMPARE(::formatLegend(format, labels, fallback), expected);
}

void TestLegendFormat::seriesName_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << Labels() << QString();
    QTest::newRow("name only") << Labels{{QStringLiteral("__name__"), QStringLiteral("up")}}
                               << QStringLiteral("up");
    QTest::newRow("labels sorted by name")
        << Labels{{QStringLiteral("zone"), QStringLiteral("b")},
                  {QStringLiteral("__name__"), QStringLiteral("up")},
                  {QStringLiteral("app"), QStringLiteral("a")}}
        << QStringLiteral("up{app=\"a\", zone=\"b\"}");
    QTest::newRow("no name") << Labels{{QStringLiteral("job"), QStringLiteral("node")}}
                             << QStringLiteral("{job=\"node\"}");
    QTest::newRow("quotes and backslashes escaped")
        << Labels{{QStringLiteral("path"), QStringLiteral("C:\\x \"y\"")}}
        << QStringLiteral("{path=\"C:\\\\x \\\"y\\\"\"}");
    QTest::newRow("empty value kept") << Labels{{QStringLiteral("a"), QString()}}
                                      << QStringLiteral("{a=\"\"}");
}

void TestLegendFormat::seriesName()
{
    QFETCH(Labels, labels);
    QFETCH(QString, expected);
    QCOMPARE(::seriesName(labels), expected);
}

QTEST_GUILESS_MAIN(TestLegendFormat)
#include "tst_legendformat.moc"
