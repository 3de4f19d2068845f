#include "prometheusdecoder.h"

#include <QTest>

#include <cmath>
#include <limits>

namespace {

QByteArray success(const QByteArray &data)
{
    return QByteArray(R"({"status":"success","data":)") + data + '}';
}

} // namespace

class TestPrometheusDecoder : public QObject
{
    Q_OBJECT

private slots:
    void matrix();
    void vector();
    void scalar();
    void string();
    void specialValues_data();
    void specialValues();
    void warnings();
    void emptyResult_data();
    void emptyResult();
    void errorEnvelope_data();
    void errorEnvelope();
    void malformed_data();
    void malformed();
    void keyOrder_data();
    void keyOrder();
    void escapedLabels();
    void largeMatrix();
    void hostileValues();
};

void TestPrometheusDecoder::matrix()
{
    const QByteArray body = success(R"({"resultType":"matrix","result":[
        {"metric":{"__name__":"up","job":"api","instance":"10.0.0.1:9090"},
         "values":[[1700000000,"1"],[1700000015.5,"0.5"],[1700000030,"2.5e3"]]},
        {"metric":{"job":"db"},
         "values":[[1700000000,"-4"],[1700000015,"0"]]}
    ]})");
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.errorType, QString());
    QCOMPARE(r.resultType, QStringLiteral("matrix"));
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(r.series.size(), std::size_t(2));

    const Series &a = r.series[0];
    QCOMPARE(a.labels.size(), 3);
    QCOMPARE(a.labels.value(QStringLiteral("__name__")), QStringLiteral("up"));
    QCOMPARE(a.labels.value(QStringLiteral("job")), QStringLiteral("api"));
    QCOMPARE(a.labels.value(QStringLiteral("instance")), QStringLiteral("10.0.0.1:9090"));
    QCOMPARE(a.timestampsMs.size(), std::size_t(3));
    QCOMPARE(a.values.size(), std::size_t(3));
    // Prometheus timestamps are seconds; the decoder stores milliseconds.
    QCOMPARE(a.timestampsMs[0], 1700000000000.0);
    QCOMPARE(a.timestampsMs[1], 1700000015500.0);
    QCOMPARE(a.timestampsMs[2], 1700000030000.0);
    QCOMPARE(a.values[0], 1.0);
    QCOMPARE(a.values[1], 0.5);
    QCOMPARE(a.values[2], 2500.0);

    const Series &b = r.series[1];
    QCOMPARE(b.labels, (Labels{{QStringLiteral("job"), QStringLiteral("db")}}));
    QCOMPARE(b.timestampsMs, (std::vector<double>{1700000000000.0, 1700000015000.0}));
    QCOMPARE(b.values, (std::vector<double>{-4.0, 0.0}));
}

void TestPrometheusDecoder::vector()
{
    const QByteArray body = success(R"({"resultType":"vector","result":[
        {"metric":{"endpoint":"/a"},"value":[1700000000.25,"42"]},
        {"metric":{"endpoint":"/b"},"value":[1700000000.25,"-0.125"]},
        {"metric":{},"value":[1700000000.25,"7"]}
    ]})");
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.resultType, QStringLiteral("vector"));
    QCOMPARE(r.series.size(), std::size_t(3));
    QCOMPARE(r.series[0].labels.value(QStringLiteral("endpoint")), QStringLiteral("/a"));
    QCOMPARE(r.series[0].timestampsMs, std::vector<double>{1700000000250.0});
    QCOMPARE(r.series[0].values, std::vector<double>{42.0});
    QCOMPARE(r.series[1].labels.value(QStringLiteral("endpoint")), QStringLiteral("/b"));
    QCOMPARE(r.series[1].values, std::vector<double>{-0.125});
    QVERIFY(r.series[2].labels.isEmpty());
    QCOMPARE(r.series[2].values, std::vector<double>{7.0});
}

void TestPrometheusDecoder::scalar()
{
    const QueryResult r = decodePrometheusResponse(
        success(R"({"resultType":"scalar","result":[1700000000.5,"3.25"]})"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.resultType, QStringLiteral("scalar"));
    QCOMPARE(r.series.size(), std::size_t(1));
    QVERIFY(r.series[0].labels.isEmpty());
    QCOMPARE(r.series[0].timestampsMs, std::vector<double>{1700000000500.0});
    QCOMPARE(r.series[0].values, std::vector<double>{3.25});
}

void TestPrometheusDecoder::string()
{
    const QueryResult r = decodePrometheusResponse(
        success(R"({"resultType":"string","result":[1700000000,"hello \"world\""]})"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.resultType, QStringLiteral("string"));
    QCOMPARE(r.series.size(), std::size_t(1));
    // The text is not a number: it travels as a label, the value is NaN.
    QCOMPARE(r.series[0].labels.value(QStringLiteral("__value__")), QStringLiteral("hello \"world\""));
    QCOMPARE(r.series[0].timestampsMs, std::vector<double>{1700000000000.0});
    QCOMPARE(r.series[0].values.size(), std::size_t(1));
    QVERIFY(std::isnan(r.series[0].values[0]));
}

void TestPrometheusDecoder::specialValues_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<double>("value");

    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("NaN") << QByteArray("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("+Inf") << QByteArray("+Inf") << inf;
    QTest::newRow("Inf") << QByteArray("Inf") << inf;
    QTest::newRow("-Inf") << QByteArray("-Inf") << -inf;
    QTest::newRow("plain") << QByteArray("0.001") << 0.001;
    QTest::newRow("leading plus") << QByteArray("+12") << 12.0;
    QTest::newRow("exponent") << QByteArray("1.5e+06") << 1.5e6;
    QTest::newRow("negative exponent") << QByteArray("-2E-3") << -0.002;
    QTest::newRow("max double") << QByteArray("1.7976931348623157e+308") << std::numeric_limits<double>::max();
    QTest::newRow("overflow is +Inf") << QByteArray("1e400") << inf;
    QTest::newRow("negative overflow is -Inf") << QByteArray("-1e400") << -inf;
    QTest::newRow("underflow is 0") << QByteArray("1e-400") << 0.0;
}

void TestPrometheusDecoder::specialValues()
{
    QFETCH(QByteArray, text);
    QFETCH(double, value);
    for (const char *kind : {"matrix", "vector", "scalar"}) {
        QByteArray data;
        if (qstrcmp(kind, "matrix") == 0)
            data = R"({"resultType":"matrix","result":[{"metric":{},"values":[[1,"X"]]}]})";
        else if (qstrcmp(kind, "vector") == 0)
            data = R"({"resultType":"vector","result":[{"metric":{},"value":[1,"X"]}]})";
        else
            data = R"({"resultType":"scalar","result":[1,"X"]})";
        data.replace("X", text);
        const QueryResult r = decodePrometheusResponse(success(data));
        QVERIFY2(r.ok(), qPrintable(QLatin1String(kind) + QLatin1String(": ") + r.error));
        QCOMPARE(r.series.size(), std::size_t(1));
        QCOMPARE(r.series[0].values.size(), std::size_t(1));
        const double got = r.series[0].values[0];
        if (std::isnan(value)) {
            QVERIFY(std::isnan(got));
        } else {
            QCOMPARE(got, value);
        }
    }
}

void TestPrometheusDecoder::warnings()
{
    const QByteArray body = R"({"status":"success",
        "data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]},
        "warnings":["PromQL warning: one","two"],
        "infos":["PromQL info: metric might not be a counter"]})";
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.warnings, (QStringList{QStringLiteral("PromQL warning: one"), QStringLiteral("two"),
                                      QStringLiteral("PromQL info: metric might not be a counter")}));
    QCOMPARE(r.series.size(), std::size_t(1));

    // VictoriaMetrics cluster says a partial answer with isPartial (on a matrix: the
    // fast path hands it to the full decoder, which keeps it).
    const QByteArray partial = R"({"status":"success","isPartial":true,
        "data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1,"1"],[2,"2"]]}]}})";
    const QueryResult p = decodePrometheusResponse(partial);
    QVERIFY2(p.ok(), qPrintable(p.error));
    QCOMPARE(p.series.size(), std::size_t(1));
    QCOMPARE(p.warnings.size(), 1);
    QVERIFY(p.warnings.first().contains(QLatin1String("isPartial")));
    const QByteArray whole = R"({"status":"success","isPartial":false,
        "data":{"resultType":"matrix","result":[]}})";
    QVERIFY(decodePrometheusResponse(whole).warnings.isEmpty());
}

void TestPrometheusDecoder::emptyResult_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("resultType");
    QTest::newRow("matrix") << success(R"({"resultType":"matrix","result":[]})") << QStringLiteral("matrix");
    QTest::newRow("vector") << success(R"({"resultType":"vector","result":[]})") << QStringLiteral("vector");
    QTest::newRow("series without samples")
        << success(R"({"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[]}]})")
        << QStringLiteral("matrix");
}

void TestPrometheusDecoder::emptyResult()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, resultType);
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.errorType, QString());
    QCOMPARE(r.resultType, resultType);
    if (QByteArray(QTest::currentDataTag()) == "series without samples") {
        QCOMPARE(r.series.size(), std::size_t(1));
        QVERIFY(r.series[0].timestampsMs.empty());
    } else {
        QCOMPARE(r.series.size(), std::size_t(0));
    }
}

void TestPrometheusDecoder::errorEnvelope_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("bad_data")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""})")
        << QStringLiteral("bad_data") << QStringLiteral("1:5: parse error: unexpected \"}\"") << QStringList();
    QTest::newRow("error first, status last")
        << QByteArray(R"({"error":"query timed out in expression evaluation","errorType":"timeout","status":"error"})")
        << QStringLiteral("timeout") << QStringLiteral("query timed out in expression evaluation")
        << QStringList();
    QTest::newRow("with data and warnings")
        << QByteArray(R"({"status":"error","errorType":"execution","error":"too many samples",)"
                      R"("warnings":["w"],"data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]]}]}})")
        << QStringLiteral("execution") << QStringLiteral("too many samples") << QStringList{QStringLiteral("w")};
    QTest::newRow("no message")
        << QByteArray(R"({"status":"error","errorType":"internal"})") << QStringLiteral("internal")
        << QStringLiteral("Prometheus reported an error without a message") << QStringList();
    QTest::newRow("unicode message")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"invalid label name \"\u00e9\""})")
        << QStringLiteral("bad_data") << QString::fromUtf8("invalid label name \"\xc3\xa9\"") << QStringList();
}

void TestPrometheusDecoder::errorEnvelope()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, errorType);
    QFETCH(QString, error);
    QFETCH(QStringList, warnings);
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorType, errorType);
    QCOMPARE(r.error, error);
    QCOMPARE(r.warnings, warnings);
    QVERIFY(r.series.empty());
}

void TestPrometheusDecoder::malformed_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray good = success(
        R"({"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2,"2"]]}]})");
    QTest::newRow("empty body") << QByteArray();
    QTest::newRow("whitespace") << QByteArray("  \n ");
    QTest::newRow("not JSON") << QByteArray("<html><body>502 Bad Gateway</body></html>");
    QTest::newRow("garbage bytes") << QByteArray("\x00\xff\xfe{", 4);
    QTest::newRow("syntax error") << QByteArray(R"({"status":"success",,"data":{}})");
    for (int cut : {1, 10, 30, 60, 80, int(good.size()) - 1})
        QTest::addRow("truncated at %d", cut) << good.left(cut);
    QTest::newRow("array root") << QByteArray("[1,2]");
    QTest::newRow("string root") << QByteArray(R"("success")");
    QTest::newRow("number root") << QByteArray("42");
    QTest::newRow("null root") << QByteArray("null");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("success without data") << QByteArray(R"({"status":"success"})");
    QTest::newRow("data is an array") << QByteArray(R"({"status":"success","data":[]})");
    QTest::newRow("data is null") << QByteArray(R"({"status":"success","data":null})");
    QTest::newRow("unknown status") << QByteArray(R"({"status":"maybe","data":{"resultType":"vector","result":[]}})");
    QTest::newRow("status not a string") << QByteArray(R"({"status":1,"data":{"resultType":"vector","result":[]}})");
    QTest::newRow("no status") << QByteArray(R"({"data":{"resultType":"vector","result":[]}})");
    QTest::newRow("result is an object") << success(R"({"resultType":"matrix","result":{}})");
    QTest::newRow("result is a string") << success(R"({"resultType":"matrix","result":"x"})");
    QTest::newRow("values not strings") << success(R"({"resultType":"matrix","result":[{"metric":{},"values":[[1,1]]}]})");
    QTest::newRow("value not a string") << success(R"({"resultType":"vector","result":[{"metric":{},"value":[1,2]}]})");
    QTest::newRow("value not a number") << success(R"({"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]})");
    QTest::newRow("value with junk") << success(R"({"resultType":"vector","result":[{"metric":{},"value":[1,"1.5x"]}]})");
    QTest::newRow("empty value string") << success(R"({"resultType":"vector","result":[{"metric":{},"value":[1,""]}]})");
    QTest::newRow("timestamp a string") << success(R"({"resultType":"vector","result":[{"metric":{},"value":["1","2"]}]})");
    QTest::newRow("empty sample") << success(R"({"resultType":"matrix","result":[{"metric":{},"values":[[]]}]})");
    QTest::newRow("sample without value") << success(R"({"resultType":"matrix","result":[{"metric":{},"values":[[1]]}]})");
    QTest::newRow("sample not an array") << success(R"({"resultType":"matrix","result":[{"metric":{},"values":[1]}]})");
    QTest::newRow("values not an array") << success(R"({"resultType":"matrix","result":[{"metric":{},"values":{}}]})");
    QTest::newRow("metric not an object") << success(R"({"resultType":"matrix","result":[{"metric":[],"values":[]}]})");
    QTest::newRow("label value not a string") << success(R"({"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]})");
    QTest::newRow("scalar without value") << success(R"({"resultType":"scalar","result":[1]})");
    QTest::newRow("scalar value not a string") << success(R"({"resultType":"scalar","result":[1,2]})");
    QTest::newRow("result of numbers") << success(R"({"resultType":"vector","result":[1,2,3]})");
    QTest::newRow("result of strings") << success(R"({"resultType":"vector","result":["a"]})");
    QTest::newRow("warnings not an array") << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]},"warnings":"w"})");
    QTest::newRow("warning not a string") << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]},"warnings":[1]})");
    QTest::newRow("error not a string") << QByteArray(R"({"status":"error","errorType":"bad_data","error":5})");
}

void TestPrometheusDecoder::malformed()
{
    QFETCH(QByteArray, body);
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorType, QStringLiteral("decode"));
    QVERIFY2(r.error.startsWith(QLatin1String("invalid response from server: ")), qPrintable(r.error));
    QVERIFY(r.error.size() > int(qstrlen("invalid response from server: ")));
    QVERIFY(r.series.empty());
    QVERIFY(r.resultType.isEmpty());
}

void TestPrometheusDecoder::keyOrder_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("resultType");
    QTest::addColumn<double>("value");

    // JSON objects are unordered; other Prometheus-compatible servers may order keys
    // differently.
    QTest::newRow("data before status")
        << QByteArray(R"({"data":{"resultType":"vector","result":[{"metric":{},"value":[1,"5"]}]},"status":"success"})")
        << QStringLiteral("vector") << 5.0;
    QTest::newRow("values before metric")
        << success(R"({"resultType":"matrix","result":[{"values":[[1,"6"]],"metric":{"a":"b"}}]})")
        << QStringLiteral("matrix") << 6.0;
    QTest::newRow("matrix result before resultType")
        << success(R"({"result":[{"metric":{},"values":[[1,"7"]]}],"resultType":"matrix"})")
        << QStringLiteral("matrix") << 7.0;
    QTest::newRow("string result before resultType")
        << success(R"({"result":[1,"hello"],"resultType":"string"})")
        << QStringLiteral("string") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("unknown keys ignored")
        << QByteArray(R"({"status":"success","extra":{"x":[1,2]},"data":{"resultType":"vector","stats":{"a":1},)"
                      R"("result":[{"metric":{},"value":[1,"8"],"histogram":[1,{"count":"1"}]}]}})")
        << QStringLiteral("vector") << 8.0;
}

void TestPrometheusDecoder::keyOrder()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, resultType);
    QFETCH(double, value);
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.resultType, resultType);
    QCOMPARE(r.series.size(), std::size_t(1));
    QCOMPARE(r.series[0].values.size(), std::size_t(1));
    if (std::isnan(value))
        QVERIFY(std::isnan(r.series[0].values[0]));
    else
        QCOMPARE(r.series[0].values[0], value);
}

void TestPrometheusDecoder::escapedLabels()
{
    const QueryResult r = decodePrometheusResponse(success(
        R"({"resultType":"vector","result":[{"metric":{"path":"/a\"b\\c","msg":"caf\u00e9 \u2713","<b>x</b>":"<i>y</i>","empty":""},"value":[1,"1"]}]})"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), std::size_t(1));
    const Labels &l = r.series[0].labels;
    QCOMPARE(l.value(QStringLiteral("path")), QStringLiteral("/a\"b\\c"));
    QCOMPARE(l.value(QStringLiteral("msg")), QString::fromUtf8("caf\xc3\xa9 \xe2\x9c\x93"));
    QCOMPARE(l.value(QStringLiteral("<b>x</b>")), QStringLiteral("<i>y</i>"));
    QVERIFY(l.contains(QStringLiteral("empty")));
    QCOMPARE(l.value(QStringLiteral("empty")), QString());
}

void TestPrometheusDecoder::largeMatrix()
{
    // 20 series x 11,000 points, the most a query_range may return per series.
    QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    const int seriesCount = 20, points = 11000;
    for (int s = 0; s < seriesCount; ++s) {
        if (s)
            body += ',';
        body += R"({"metric":{"i":")" + QByteArray::number(s) + R"("},"values":[)";
        for (int p = 0; p < points; ++p) {
            if (p)
                body += ',';
            body += '[' + QByteArray::number(1700000000 + p * 15) + ",\"" + QByteArray::number(s * 100000 + p) + "\"]";
        }
        body += "]}";
    }
    body += "]}}";
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), std::size_t(seriesCount));
    for (int s = 0; s < seriesCount; ++s) {
        const Series &series = r.series[std::size_t(s)];
        QCOMPARE(series.labels.value(QStringLiteral("i")), QString::number(s));
        QCOMPARE(series.values.size(), std::size_t(points));
        QCOMPARE(series.timestampsMs.size(), std::size_t(points));
        QCOMPARE(series.values.back(), double(s * 100000 + points - 1));
        QCOMPARE(series.timestampsMs.back(), (1700000000.0 + (points - 1) * 15) * 1000.0);
    }
}

void TestPrometheusDecoder::hostileValues()
{
    // Deeply nested JSON: an error, not a stack overflow.
    const QueryResult nested = decodePrometheusResponse(
        success(QByteArray(R"({"resultType":"matrix","result":)") + QByteArray(200000, '[')));
    QVERIFY(!nested.ok());

    // Timestamps before 1970 and after 2262 (beyond int64 nanoseconds) survive as
    // milliseconds; duplicate series are kept, not merged or dropped.
    const QueryResult times = decodePrometheusResponse(success(
        R"({"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[[-86400,"1"],[9300000000,"2"]]},)"
        R"({"metric":{"a":"1"},"values":[[0,"3"]]}]})"));
    QVERIFY2(times.ok(), qPrintable(times.error));
    QCOMPARE(times.series.size(), std::size_t(2));
    QCOMPARE(times.series[0].timestampsMs[0], -86400000.0);
    QCOMPARE(times.series[0].timestampsMs[1], 9300000000000.0);
    QCOMPARE(times.series[1].values[0], 3.0);

    // Invalid UTF-8 in a label value: decoded without crashing, as replacement
    // characters or an error, never as raw bytes reinterpreted.
    const QByteArray badUtf8 = success(QByteArray(R"({"resultType":"vector","result":[{"metric":{"job":"a)")
                                       + QByteArray("\xff\xfe\xc3", 3)
                                       + QByteArray(R"("},"value":[1,"1"]}]})"));
    const QueryResult utf = decodePrometheusResponse(badUtf8);
    if (utf.ok()) {
        QCOMPARE(utf.series.size(), std::size_t(1));
        QVERIFY(utf.series[0].labels.value(QStringLiteral("job")).startsWith(QLatin1Char('a')));
    } else {
        QVERIFY(!utf.error.isEmpty());
    }

    // A 10,000-character label and 1e308 values.
    const QString longValue(10000, QLatin1Char('x'));
    const QueryResult longLabel = decodePrometheusResponse(success(
        QByteArray(R"({"resultType":"vector","result":[{"metric":{"pod":")") + longValue.toLatin1()
        + QByteArray(R"("},"value":[1,"1e308"]}]})")));
    QVERIFY2(longLabel.ok(), qPrintable(longLabel.error));
    QCOMPARE(longLabel.series[0].labels.value(QStringLiteral("pod")), longValue);
    QCOMPARE(longLabel.series[0].values[0], 1e308);
}

QTEST_GUILESS_MAIN(TestPrometheusDecoder)
#include "tst_prometheusdecoder.moc"
