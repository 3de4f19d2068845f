#include "fielddisplay.h"

#include <QTest>

#include <limits>

using namespace FieldDisplay;

class TestFieldDisplay : public QObject
{
    Q_OBJECT

private slots:
    void reduce_data();
    void reduce();
    void reduceEmpty();
    void thresholds_data();
    void thresholds();
    void mappings_data();
    void mappings();
    void regexMappingOnText();
    void mappingsFirstMatchWins();
    void colorModes();
    void displayText_data();
    void displayText();
    void noValue();
    void singlestatPrefixPostfix();
    void rangeDefaults();
};

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

Panel thresholdPanel(bool percent)
{
    Panel p;
    p.thresholds = {ThresholdStep{std::nullopt, QStringLiteral("green")},
                    ThresholdStep{80.0, QStringLiteral("#EAB839")},
                    ThresholdStep{90.0, QStringLiteral("red")}};
    p.thresholdsPercent = percent;
    p.colorMode = QStringLiteral("thresholds");
    return p;
}

ValueMapping valueMap(const QString &value, const QString &text, const QString &color = {})
{
    ValueMapping m;
    m.kind = ValueMapping::Kind::Value;
    m.value = value;
    m.text = text;
    m.color = color;
    return m;
}

ValueMapping rangeMap(std::optional<double> from, std::optional<double> to, const QString &text)
{
    ValueMapping m;
    m.kind = ValueMapping::Kind::Range;
    m.from = from;
    m.to = to;
    m.text = text;
    return m;
}

ValueMapping specialMap(const QString &special, const QString &text, const QString &color = {})
{
    ValueMapping m;
    m.kind = ValueMapping::Kind::Special;
    m.special = special;
    m.text = text;
    m.color = color;
    return m;
}

ValueMapping regexMap(const QString &pattern, const QString &text)
{
    ValueMapping m;
    m.kind = ValueMapping::Kind::Regex;
    m.pattern = pattern;
    m.text = text;
    return m;
}

} // namespace

void TestFieldDisplay::reduce_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<QString>("calc");
    QTest::addColumn<bool>("has");
    QTest::addColumn<double>("expected");

    const std::vector<double> v = {3, NaN, 1, 4, 1, 5, NaN};
    QTest::newRow("lastNotNull skips trailing null") << v << "lastNotNull" << true << 5.0;
    QTest::newRow("current is lastNotNull") << v << "current" << true << 5.0;
    QTest::newRow("last null is nothing") << v << "last" << false << 0.0;
    QTest::newRow("last") << std::vector<double>{1, 2} << "last" << true << 2.0;
    QTest::newRow("firstNotNull") << std::vector<double>{NaN, 7, 8} << "firstNotNull" << true
                                  << 7.0;
    QTest::newRow("first null is nothing")
        << std::vector<double>{NaN, 7, 8} << "first" << false << 0.0;
    QTest::newRow("first") << v << "first" << true << 3.0;
    QTest::newRow("mean ignores nulls") << v << "mean" << true << 14.0 / 5;
    QTest::newRow("avg is mean") << v << "avg" << true << 14.0 / 5;
    QTest::newRow("max") << v << "max" << true << 5.0;
    QTest::newRow("min") << v << "min" << true << 1.0;
    QTest::newRow("sum") << v << "sum" << true << 14.0;
    QTest::newRow("total is sum") << v << "total" << true << 14.0;
    QTest::newRow("count counts every point") << v << "count" << true << 7.0;
    QTest::newRow("range") << v << "range" << true << 4.0;
    QTest::newRow("diff") << v << "diff" << true << 2.0;
    QTest::newRow("delta counts increases")
        << std::vector<double>{1, 2, 5} << "delta" << true << 4.0;
    QTest::newRow("delta across a counter reset")
        << std::vector<double>{5, 8, 2, 3} << "delta" << true << 6.0;
    QTest::newRow("median odd") << std::vector<double>{9, 1, 5} << "median" << true << 5.0;
    QTest::newRow("median even") << std::vector<double>{4, 1, 3, 2} << "median" << true << 2.5;
    QTest::newRow("distinctCount") << v << "distinctCount" << true << 4.0;
    QTest::newRow("stdDev") << std::vector<double>{2, 4, 4, 4, 5, 5, 7, 9} << "stdDev" << true
                            << 2.0;
    QTest::newRow("unknown calc is lastNotNull") << v << "bogus" << true << 5.0;
    QTest::newRow("all null mean is nothing")
        << std::vector<double>{NaN, NaN} << "mean" << false << 0.0;
    QTest::newRow("all null max is nothing")
        << std::vector<double>{NaN, NaN} << "max" << false << 0.0;
    QTest::newRow("infinity kept")
        << std::vector<double>{1, std::numeric_limits<double>::infinity()} << "max" << true
        << std::numeric_limits<double>::infinity();
}

void TestFieldDisplay::reduce()
{
    QFETCH(std::vector<double>, values);
    QFETCH(QString, calc);
    QFETCH(bool, has);
    QFETCH(double, expected);
    const std::optional<double> r = FieldDisplay::reduce(values, calc);
    QCOMPARE(r.has_value(), has);
    if (has)
        QCOMPARE(*r, expected);
}

void TestFieldDisplay::reduceEmpty()
{
    for (const char *calc : {"lastNotNull", "last", "mean", "sum", "count", "max", "delta"})
        QVERIFY2(!FieldDisplay::reduce({}, QString::fromLatin1(calc)).has_value(), calc);
}

void TestFieldDisplay::thresholds_data()
{
    QTest::addColumn<bool>("percent");
    QTest::addColumn<std::optional<double>>("min");
    QTest::addColumn<std::optional<double>>("max");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    const std::optional<double> none;
    QTest::newRow("below first step: base") << false << none << none << 10.0 << "green";
    QTest::newRow("exactly on a step takes it") << false << none << none << 80.0 << "#EAB839";
    QTest::newRow("between steps") << false << none << none << 85.0 << "#EAB839";
    QTest::newRow("above last") << false << none << none << 1e308 << "red";
    QTest::newRow("negative") << false << none << none << -5.0 << "green";
    QTest::newRow("null takes base") << false << none << none << NaN << "green";
    QTest::newRow("-inf takes base")
        << false << none << none << -std::numeric_limits<double>::infinity() << "green";
    QTest::newRow("percent of 0..100 default") << true << none << none << 85.0 << "#EAB839";
    QTest::newRow("percent of 0..1000")
        << true << std::optional<double>(0) << std::optional<double>(1000) << 850.0 << "#EAB839";
    QTest::newRow("percent of 0..1000 low")
        << true << std::optional<double>(0) << std::optional<double>(1000) << 85.0 << "green";
    QTest::newRow("percent of 500..1000")
        << true << std::optional<double>(500) << std::optional<double>(1000) << 960.0 << "red";
}

void TestFieldDisplay::thresholds()
{
    QFETCH(bool, percent);
    QFETCH(std::optional<double>, min);
    QFETCH(std::optional<double>, max);
    QFETCH(double, value);
    QFETCH(QString, expected);
    Panel p = thresholdPanel(percent);
    p.min = min;
    p.max = max;
    QCOMPARE(thresholdColor(value, p), expected);
    QCOMPARE(display(value, p).color, expected);
}

void TestFieldDisplay::mappings_data()
{
    QTest::addColumn<ValueMapping>("mapping");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QString>("text");

    QTest::newRow("value") << valueMap(QStringLiteral("1"), QStringLiteral("UP")) << 1.0 << true
                           << "UP";
    QTest::newRow("value other") << valueMap(QStringLiteral("1"), QStringLiteral("UP")) << 2.0
                                 << false << "";
    QTest::newRow("value written 1.0")
        << valueMap(QStringLiteral("1.0"), QStringLiteral("UP")) << 1.0 << true << "UP";
    QTest::newRow("value does not match null")
        << valueMap(QStringLiteral("0"), QStringLiteral("zero")) << NaN << false << "";
    QTest::newRow("range inside") << rangeMap(10.0, 20.0, QStringLiteral("mid")) << 15.0 << true
                                  << "mid";
    QTest::newRow("range inclusive from")
        << rangeMap(10.0, 20.0, QStringLiteral("mid")) << 10.0 << true << "mid";
    QTest::newRow("range inclusive to")
        << rangeMap(10.0, 20.0, QStringLiteral("mid")) << 20.0 << true << "mid";
    QTest::newRow("range outside")
        << rangeMap(10.0, 20.0, QStringLiteral("mid")) << 20.5 << false << "";
    QTest::newRow("range open end")
        << rangeMap(10.0, std::nullopt, QStringLiteral("high")) << 1e9 << true << "high";
    QTest::newRow("range open start")
        << rangeMap(std::nullopt, 0.0, QStringLiteral("neg")) << -3.0 << true << "neg";
    QTest::newRow("range not null")
        << rangeMap(std::nullopt, 0.0, QStringLiteral("neg")) << NaN << false << "";
    QTest::newRow("special null") << specialMap(QStringLiteral("null"), QStringLiteral("N/A"))
                                  << NaN << true << "N/A";
    QTest::newRow("special nan") << specialMap(QStringLiteral("nan"), QStringLiteral("NaN!")) << NaN
                                 << true << "NaN!";
    QTest::newRow("special null+nan")
        << specialMap(QStringLiteral("null+nan"), QStringLiteral("-")) << NaN << true << "-";
    QTest::newRow("special null not a number")
        << specialMap(QStringLiteral("null"), QStringLiteral("N/A")) << 0.0 << false << "";
    QTest::newRow("regex whole value")
        << regexMap(QStringLiteral("4\\d\\d"), QStringLiteral("client error")) << 404.0 << true
        << "client error";
    QTest::newRow("regex anchored")
        << regexMap(QStringLiteral("4\\d"), QStringLiteral("x")) << 404.0 << false << "";
    QTest::newRow("regex capture")
        << regexMap(QStringLiteral("(\\d)0(\\d)"), QStringLiteral("$1-$2")) << 503.0 << true
        << "5-3";
}

void TestFieldDisplay::mappings()
{
    QFETCH(ValueMapping, mapping);
    QFETCH(double, value);
    QFETCH(bool, matches);
    QFETCH(QString, text);
    const auto r = applyMappings({mapping}, value);
    QCOMPARE(r.has_value(), matches);
    if (matches)
        QCOMPARE(r->text, text);

    // And through display(): the mapping's text replaces the formatted number.
    Panel p;
    p.unit = QStringLiteral("short");
    p.mappings = {mapping};
    const DisplayValue d = display(value, p);
    if (matches)
        QCOMPARE(d.toString(), text);
    else
        QVERIFY(d.toString() != QLatin1String("UP"));
}

void TestFieldDisplay::regexMappingOnText()
{
    // Regex mappings also see the formatted text, like Grafana's second pass.
    Panel p;
    p.unit = QStringLiteral("bytes");
    p.mappings = {regexMap(QStringLiteral(".*GiB"), QStringLiteral("big"))};
    QCOMPARE(display(3.0 * 1024 * 1024 * 1024, p).toString(), QStringLiteral("big"));
    QCOMPARE(display(3.0 * 1024 * 1024, p).toString(), QStringLiteral("3 MiB"));
    // A /literal/ is not anchored and, like JavaScript's replace, rewrites only the match.
    p.mappings = {regexMap(QStringLiteral("/GiB$/"), QStringLiteral("gigs"))};
    QCOMPARE(display(3.0 * 1024 * 1024 * 1024, p).toString(), QStringLiteral("3 gigs"));
    const auto r =
        applyMappings({specialMap(QStringLiteral("empty"), QStringLiteral("(empty)"))}, QString());
    QVERIFY(r.has_value());
    QCOMPARE(r->text, QStringLiteral("(empty)"));
    QVERIFY(!applyMappings({regexMap(QStringLiteral("(unclosed"), QStringLiteral("x"))},
                           QStringLiteral("(unclosed"))
                 .has_value());
}

void TestFieldDisplay::mappingsFirstMatchWins()
{
    Panel p;
    p.mappings = {rangeMap(1.0, 20.0, QStringLiteral("1-20")),
                  valueMap(QStringLiteral("11"), QStringLiteral("elva"))};
    QCOMPARE(display(11, p).text, QStringLiteral("1-20"));
    // A mapping without text keeps the number and only colours it.
    p.mappings = {valueMap(QStringLiteral("11"), QString(), QStringLiteral("purple"))};
    p.thresholds = thresholdPanel(false).thresholds;
    const DisplayValue d = display(11, p);
    QCOMPARE(d.text, QStringLiteral("11"));
    QCOMPARE(d.color, QStringLiteral("purple"));
}

void TestFieldDisplay::colorModes()
{
    Panel p = thresholdPanel(false);
    QCOMPARE(display(95, p).color, QStringLiteral("red"));
    p.colorMode.clear(); // unset with steps: thresholds
    QCOMPARE(display(95, p).color, QStringLiteral("red"));
    p.colorMode = QStringLiteral("fixed");
    p.fixedColor = QStringLiteral("semi-dark-blue");
    QCOMPARE(display(95, p).color, QStringLiteral("semi-dark-blue"));
    p.colorMode = QStringLiteral("palette-classic");
    QCOMPARE(display(95, p).color, paletteColor(0));
    DisplayOptions second;
    second.seriesIndex = 1;
    QCOMPARE(display(95, p, second).color, QStringLiteral("#EAB839"));
    QVERIFY(paletteColor(-1) != QString()); // any index has a colour
    Panel bare;
    QCOMPARE(display(95, bare).color, QString()); // no steps, no mode: theme text colour
}

void TestFieldDisplay::displayText_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no unit is not scaled") << QString() << -1 << 123456.0 << "123456";
    QTest::newRow("short") << "short" << -1 << 123456.0 << "123 K";
    QTest::newRow("bytes decimals 0") << "bytes" << 0 << 16.0 * 1024 * 1024 * 1024 << "16 GiB";
    QTest::newRow("percent decimals 1") << "percent" << 1 << 42.0 << "42.0%";
    QTest::newRow("uptime s decimals 1") << "s" << 1 << 93600.0 << "1.1 day";
    QTest::newRow("percentunit") << "percentunit" << 1 << 0.1234 << "12.3%";
    QTest::newRow("1e308 short") << "short" << -1 << 1e308 << "1e+284 Sept";
    QTest::newRow("+inf") << "bytes" << -1 << std::numeric_limits<double>::infinity() << "+Inf";
}

void TestFieldDisplay::displayText()
{
    QFETCH(QString, unit);
    QFETCH(int, decimals);
    QFETCH(double, value);
    QFETCH(QString, expected);
    Panel p;
    p.unit = unit;
    p.decimals = decimals;
    const DisplayValue d = display(value, p);
    QCOMPARE(d.toString(), expected);
    QVERIFY(!d.isNull);
}

void TestFieldDisplay::noValue()
{
    Panel p = thresholdPanel(false);
    DisplayValue d = display(NaN, p);
    QVERIFY(d.isNull);
    QCOMPARE(d.text, QStringLiteral("No data"));
    QCOMPARE(d.color, QStringLiteral("green"));
    p.noValue = QStringLiteral("offline");
    QCOMPARE(display(NaN, p).text, QStringLiteral("offline"));
    // A null mapping beats noValue.
    p.mappings = {
        specialMap(QStringLiteral("null"), QStringLiteral("N/A"), QStringLiteral("dark-red"))};
    d = display(NaN, p);
    QCOMPARE(d.text, QStringLiteral("N/A"));
    QCOMPARE(d.color, QStringLiteral("dark-red"));
}

void TestFieldDisplay::singlestatPrefixPostfix()
{
    Panel p;
    p.type = QStringLiteral("singlestat");
    p.unit = QStringLiteral("none");
    p.raw.insert(QStringLiteral("prefix"), QStringLiteral("<b>up</b> "));
    p.raw.insert(QStringLiteral("postfix"), QStringLiteral(" nodes"));
    const DisplayValue d = display(3, p);
    QCOMPARE(d.toString(),
             QStringLiteral("<b>up</b> 3 nodes")); // plain text, markup not interpreted
    // Other panel types ignore those legacy keys.
    p.type = QStringLiteral("stat");
    QCOMPARE(display(3, p).toString(), QStringLiteral("3"));
}

void TestFieldDisplay::rangeDefaults()
{
    Panel p;
    Range r = range(p);
    QCOMPARE(r.min, 0.0);
    QCOMPARE(r.max, 100.0);
    p.unit = QStringLiteral("percentunit");
    QCOMPARE(range(p).max, 1.0);
    r = range(p, 5.0, 50.0);
    QCOMPARE(r.min, 5.0);
    QCOMPARE(r.max, 50.0);
    p.max = 10;
    QCOMPARE(range(p, 5.0, 50.0).max, 10.0);
    // One value: the range still has a width, and the value sits inside it.
    Panel one;
    r = range(one, 42.0, 42.0);
    QVERIFY(r.max > r.min);
    QVERIFY(42.0 >= r.min && 42.0 <= r.max);
    DisplayOptions o;
    o.range = Range{0, 200};
    QCOMPARE(display(50, one, o).percent, 0.25);
    QCOMPARE(display(500, one, o).percent, 1.0);
}

QTEST_GUILESS_MAIN(TestFieldDisplay)
#include "tst_fielddisplay.moc"
