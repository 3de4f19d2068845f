// Legend calcs, stacking and series styles: the numbers an operator reads in the
// legend table and the heights of stacked areas must be exactly Grafana's.
#include "seriesstats.h"

#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

class TestSeriesStats : public QObject
{
    Q_OBJECT
private slots:
    void reducers_data();
    void reducers();
    void calcTitles();
    void stackingSumsAlignedOnTimestamps();
    void stackingKeepsGapsAndSeparatesSigns();
    void percentStackingReachesHundred();
    void unstackedInputsComeBackUnchanged();
    void emptyStack();
    void overrideMatchers_data();
    void overrideMatchers();
    void styleFromOverridesAndAliasColors();
    void styleDefaultsFromPanel();
};

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

FieldOverride override(const QString &matcher, const QString &option,
                       QList<OverrideProperty> properties)
{
    FieldOverride o;
    o.matcher = matcher;
    o.option = option;
    o.properties = std::move(properties);
    return o;
}

OverrideProperty prop(const QString &id, const QJsonValue &value)
{
    OverrideProperty p;
    p.id = id;
    p.value = value;
    return p;
}

} // namespace

void TestSeriesStats::reducers_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<QString>("calc");
    QTest::addColumn<double>("expected"); // NaN = no result

    const std::vector<double> plain{3, 1, 4, 1, 5};
    const std::vector<double> nulls{kNaN, 2, kNaN, 6, kNaN};
    const std::vector<double> empty;
    const std::vector<double> allNull{kNaN, kNaN};
    const std::vector<double> counter{10, 15, 20, 3, 8}; // reset after 20

    QTest::newRow("last") << plain << "last" << 5.0;
    QTest::newRow("first") << plain << "first" << 3.0;
    QTest::newRow("mean") << plain << "mean" << 2.8;
    QTest::newRow("max") << plain << "max" << 5.0;
    QTest::newRow("min") << plain << "min" << 1.0;
    QTest::newRow("sum") << plain << "sum" << 14.0;
    QTest::newRow("count") << plain << "count" << 5.0;
    QTest::newRow("range") << plain << "range" << 4.0;
    QTest::newRow("diff") << plain << "diff" << 2.0;

    QTest::newRow("last is null") << nulls << "last" << kNaN;
    QTest::newRow("lastNotNull skips null") << nulls << "lastNotNull" << 6.0;
    QTest::newRow("first is null") << nulls << "first" << kNaN;
    QTest::newRow("firstNotNull skips null") << nulls << "firstNotNull" << 2.0;
    QTest::newRow("mean ignores nulls") << nulls << "mean" << 4.0;
    QTest::newRow("count ignores nulls") << nulls << "count" << 2.0;
    QTest::newRow("sum ignores nulls") << nulls << "sum" << 8.0;

    QTest::newRow("delta counts a reset") << counter << "delta" << 5.0 + 5.0 + 3.0 + 5.0;

    QTest::newRow("empty sum") << empty << "sum" << 0.0;
    QTest::newRow("empty count") << empty << "count" << 0.0;
    QTest::newRow("empty mean") << empty << "mean" << kNaN;
    QTest::newRow("empty max") << empty << "max" << kNaN;
    QTest::newRow("empty last") << empty << "last" << kNaN;
    QTest::newRow("all null max") << allNull << "max" << kNaN;
    QTest::newRow("all null mean") << allNull << "mean" << kNaN;
    QTest::newRow("all null delta") << allNull << "delta" << kNaN;
    QTest::newRow("unknown calc") << plain << "median-ish" << kNaN;
}

void TestSeriesStats::reducers()
{
    QFETCH(std::vector<double>, values);
    QFETCH(QString, calc);
    QFETCH(double, expected);
    const double got = reduceSeries(values, calc);
    if (std::isnan(expected))
        QVERIFY2(std::isnan(got), qPrintable(QString::number(got)));
    else
        QCOMPARE(got, expected);
}

void TestSeriesStats::calcTitles()
{
    QCOMPARE(calcTitle(QStringLiteral("lastNotNull")), QStringLiteral("Last *"));
    QCOMPARE(calcTitle(QStringLiteral("mean")), QStringLiteral("Mean"));
    QCOMPARE(calcTitle(QStringLiteral("sum")), QStringLiteral("Total"));
    QCOMPARE(calcTitle(QStringLiteral("weird")), QStringLiteral("weird"));
}

void TestSeriesStats::stackingSumsAlignedOnTimestamps()
{
    // b misses t=2000 and has an extra point at t=4000: sums align by time, not index.
    const std::vector<double> ta{1000, 2000, 3000}, va{1, 2, 3};
    const std::vector<double> tb{1000, 3000, 4000}, vb{10, 30, 40};
    const std::vector<double> tc{1000, 2000, 3000, 4000}, vc{100, 200, 300, 400};
    std::vector<StackInput> in(3);
    in[0] = {ta, va, QStringLiteral("A")};
    in[1] = {tb, vb, QStringLiteral("A")};
    in[2] = {tc, vc, QStringLiteral("A")};
    const std::vector<StackedSeries> out = stackSeries(in, false);
    QCOMPARE(out.size(), size_t(3));
    QCOMPARE(out[0].lower, (std::vector<double>{0, 0, 0}));
    QCOMPARE(out[0].upper, (std::vector<double>{1, 2, 3}));
    QCOMPARE(out[1].lower, (std::vector<double>{1, 3, 0}));
    QCOMPARE(out[1].upper, (std::vector<double>{11, 33, 40}));
    QCOMPARE(out[2].lower, (std::vector<double>{11, 2, 33, 40}));
    QCOMPARE(out[2].upper, (std::vector<double>{111, 202, 333, 440}));
}

void TestSeriesStats::stackingKeepsGapsAndSeparatesSigns()
{
    const std::vector<double> t{1, 2, 3};
    const std::vector<double> a{5, kNaN, 5};
    const std::vector<double> b{1, 1, -2};
    const std::vector<double> c{-1, 2, -3};
    std::vector<StackInput> in(3);
    in[0] = {t, a, QStringLiteral("A")};
    in[1] = {t, b, QStringLiteral("A")};
    in[2] = {t, c, QStringLiteral("A")};
    const std::vector<StackedSeries> out = stackSeries(in, false);
    QVERIFY(std::isnan(out[0].upper[1])); // a null stays a gap...
    QCOMPARE(out[1].lower[1], 0.0);       // ...and adds nothing below b
    QCOMPARE(out[1].upper[1], 1.0);
    // Negative values stack downwards from zero, positives upwards.
    QCOMPARE(out[1].upper[2], -2.0);
    QCOMPARE(out[2].lower[2], -2.0);
    QCOMPARE(out[2].upper[2], -5.0);
    QCOMPARE(out[2].lower[0], 0.0);
    QCOMPARE(out[2].upper[0], -1.0);
    QCOMPARE(out[2].lower[1], 1.0);
    QCOMPARE(out[2].upper[1], 3.0);
}

void TestSeriesStats::percentStackingReachesHundred()
{
    const std::vector<double> t{1, 2};
    const std::vector<double> a{1, 30}, b{3, 10}, c{0, kNaN};
    std::vector<StackInput> in(3);
    in[0] = {t, a, QStringLiteral("A")};
    in[1] = {t, b, QStringLiteral("A")};
    in[2] = {t, c, QStringLiteral("A")};
    const std::vector<StackedSeries> out = stackSeries(in, true);
    QCOMPARE(out[0].upper[0], 25.0);
    QCOMPARE(out[1].upper[0], 100.0);
    QCOMPARE(out[2].upper[0], 100.0);
    QCOMPARE(out[0].upper[1], 75.0);
    QCOMPARE(out[1].upper[1], 100.0);
    QVERIFY(std::isnan(out[2].upper[1]));

    // All zero at a time: no division by zero, everything at 0.
    const std::vector<double> z{0, 0};
    std::vector<StackInput> zeros(1);
    zeros[0] = {t, z, QStringLiteral("A")};
    const std::vector<StackedSeries> zout = stackSeries(zeros, true);
    QCOMPARE(zout[0].upper, (std::vector<double>{0, 0}));
}

void TestSeriesStats::unstackedInputsComeBackUnchanged()
{
    const std::vector<double> t{1, 2};
    const std::vector<double> a{1, 2}, b{10, 20}, c{100, 200};
    std::vector<StackInput> in(3);
    in[0] = {t, a, QStringLiteral("A")};
    in[1] = {t, b, QString()}; // not stacked
    in[2] = {t, c, QStringLiteral("B")};
    const std::vector<StackedSeries> out = stackSeries(in, false);
    QCOMPARE(out[1].upper, b);
    QCOMPARE(out[1].lower, (std::vector<double>{0, 0}));
    // Different groups do not stack on each other.
    QCOMPARE(out[2].lower, (std::vector<double>{0, 0}));
    QCOMPARE(out[2].upper, c);
}

void TestSeriesStats::emptyStack()
{
    QVERIFY(stackSeries({}, false).empty());
    const std::vector<double> none;
    std::vector<StackInput> in(1);
    in[0] = {none, none, QStringLiteral("A")};
    const std::vector<StackedSeries> out = stackSeries(in, true);
    QCOMPARE(out.size(), size_t(1));
    QVERIFY(out[0].upper.empty());
}

void TestSeriesStats::overrideMatchers_data()
{
    QTest::addColumn<QString>("matcher");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("refId");
    QTest::addColumn<bool>("matches");

    QTest::newRow("byName exact") << "byName"
                                  << "p95"
                                  << "p95"
                                  << "A" << true;
    QTest::newRow("byName is not a prefix") << "byName"
                                            << "p9"
                                            << "p95"
                                            << "A" << false;
    QTest::newRow("byRegexp anywhere") << "byRegexp"
                                       << "5xx"
                                       << "errors 5xx total"
                                       << "A" << true;
    QTest::newRow("byRegexp js form") << "byRegexp"
                                      << "/^ERR/i"
                                      << "errors"
                                      << "A" << true;
    QTest::newRow("byRegexp js form, case") << "byRegexp"
                                            << "/^ERR/"
                                            << "errors"
                                            << "A" << false;
    QTest::newRow("byRegexp invalid") << "byRegexp"
                                      << "("
                                      << "("
                                      << "A" << false;
    QTest::newRow("byFrameRefID") << "byFrameRefID"
                                  << "B"
                                  << "x"
                                  << "B" << true;
    QTest::newRow("byFrameRefID other") << "byFrameRefID"
                                        << "B"
                                        << "x"
                                        << "A" << false;
    QTest::newRow("unknown matcher") << "byType"
                                     << "number"
                                     << "x"
                                     << "A" << false;
}

void TestSeriesStats::overrideMatchers()
{
    QFETCH(QString, matcher);
    QFETCH(QString, option);
    QFETCH(QString, name);
    QFETCH(QString, refId);
    QFETCH(bool, matches);
    QCOMPARE(overrideMatches(override(matcher, option, {}), name, refId), matches);
}

void TestSeriesStats::styleFromOverridesAndAliasColors()
{
    Panel p;
    p.unit = QStringLiteral("s");
    p.graph.rightUnit = QStringLiteral("reqps");
    p.aliasColors = {{QStringLiteral("errors"), QStringLiteral("#ff0000")}};
    QJsonObject color{{QStringLiteral("mode"), QStringLiteral("fixed")},
                      {QStringLiteral("fixedColor"), QStringLiteral("purple")}};
    QJsonObject hide{{QStringLiteral("legend"), true},
                     {QStringLiteral("tooltip"), false},
                     {QStringLiteral("viz"), false}};
    QJsonObject stack{{QStringLiteral("mode"), QStringLiteral("percent")}};
    p.overrides = {
        override(QStringLiteral("byRegexp"), QStringLiteral("/^rate/"),
                 {prop(QStringLiteral("custom.axisPlacement"), QStringLiteral("right")),
                  prop(QStringLiteral("color"), color)}),
        override(QStringLiteral("byName"), QStringLiteral("errors"),
                 {prop(QStringLiteral("custom.hideFrom"), hide),
                  prop(QStringLiteral("custom.transform"), QStringLiteral("negative-Y")),
                  prop(QStringLiteral("custom.drawStyle"), QStringLiteral("bars")),
                  prop(QStringLiteral("custom.stacking"), stack),
                  prop(QStringLiteral("unit"), QStringLiteral("short")),
                  prop(QStringLiteral("displayName"),
                       QStringLiteral("Errors on ${__field.labels.job}"))}),
    };

    const SeriesStyle rate =
        resolveSeriesStyle(p, QStringLiteral("rate total"), QStringLiteral("A"));
    QVERIFY(rate.onRightAxis());
    QCOMPARE(rate.unit, QStringLiteral("reqps")); // the right axis's unit
    QCOMPARE(rate.color, QStringLiteral("purple"));

    const SeriesStyle errors = resolveSeriesStyle(p, QStringLiteral("errors"), QStringLiteral("B"),
                                                  {{QStringLiteral("job"), QStringLiteral("api")}});
    QCOMPARE(errors.color, QStringLiteral("#ff0000")); // aliasColors
    QVERIFY(errors.hideLegend);
    QVERIFY(!errors.hideTooltip);
    QVERIFY(errors.negateY);
    QCOMPARE(errors.drawStyle, QStringLiteral("bars"));
    QCOMPARE(errors.stacking, QStringLiteral("percent"));
    QCOMPARE(errors.unit, QStringLiteral("short"));
    QCOMPARE(errors.displayName, QStringLiteral("Errors on api"));
    QVERIFY(!errors.onRightAxis());

    const SeriesStyle other = resolveSeriesStyle(p, QStringLiteral("p95"), QStringLiteral("A"));
    QVERIFY(other.color.isEmpty());
    QCOMPARE(other.unit, QStringLiteral("s"));
    QVERIFY(!other.hideLegend);
}

void TestSeriesStats::styleDefaultsFromPanel()
{
    Panel p;
    p.graph.drawStyle = QStringLiteral("points");
    p.graph.lineWidth = 3;
    p.graph.fillOpacity = 40;
    p.graph.stacking = QStringLiteral("normal");
    p.colorMode = QStringLiteral("fixed");
    p.fixedColor = QStringLiteral("green");
    p.displayName = QStringLiteral("${__field.labels.instance} (${__series.name})");
    const SeriesStyle s = resolveSeriesStyle(p, QStringLiteral("up"), QStringLiteral("A"),
                                             {{QStringLiteral("instance"), QStringLiteral("db1")}});
    QCOMPARE(s.drawStyle, QStringLiteral("points"));
    QCOMPARE(s.lineWidth, 3.0);
    QCOMPARE(s.fillOpacity, 40.0);
    QCOMPARE(s.stacking, QStringLiteral("normal"));
    QCOMPARE(s.color, QStringLiteral("green"));
    QCOMPARE(s.displayName, QStringLiteral("db1 (up)"));
}

QTEST_APPLESS_MAIN(TestSeriesStats)
#include "tst_seriesstats.moc"
