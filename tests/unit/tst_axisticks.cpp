#include "axisticks.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

QString describe(const std::vector<double> &ticks)
{
    QStringList parts;
    for (double t : ticks)
        parts << QString::number(t, 'g', 17);
    return parts.join(QLatin1Char(' '));
}

// The step's mantissa: 1, 2, 2.5 or 5 (10 is folded into the next decade's 1).
// `tolerance` is relative; near large offsets (1 + 1e-9) the spacing of doubles
// limits how exactly a tiny step can be measured from two ticks.
bool isNiceStep(double step, double tolerance = 1e-9)
{
    if (!(step > 0) || !std::isfinite(step))
        return false;
    const double mag = std::pow(10.0, std::floor(std::log10(step)));
    const double m = step / mag;
    for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::fabs(m - nice) < tolerance * nice)
            return true;
    return false;
}

} // namespace

class TestAxisTicks : public QObject
{
    Q_OBJECT

private slots:
    void niceTicks_data();
    void niceTicks();
    void exactTicks_data();
    void exactTicks();
    void degenerate_data();
    void degenerate();
    void nonFinite_data();
    void nonFinite();
};

void TestAxisTicks::niceTicks_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("target");

    QTest::newRow("0..100 / 5") << 0.0 << 100.0 << 5;
    QTest::newRow("0..1 / 5") << 0.0 << 1.0 << 5;
    QTest::newRow("0.1..0.3 / 5") << 0.1 << 0.3 << 5;
    QTest::newRow("-3..7 / 4") << -3.0 << 7.0 << 4;
    QTest::newRow("0.013..0.237 / 6") << 0.013 << 0.237 << 6;
    QTest::newRow("latency 0.0004..0.21 / 5") << 0.0004 << 0.21 << 5;
    QTest::newRow("bytes 0..3.5e9 / 8") << 0.0 << 3.5e9 << 8;
    QTest::newRow("negative only -950..-20 / 5") << -950.0 << -20.0 << 5;
    QTest::newRow("offset 1000..1001 / 5") << 1000.0 << 1001.0 << 5;
    QTest::newRow("tiny range 1..1+1e-9 / 4") << 1.0 << 1.0 + 1e-9 << 4;
    QTest::newRow("0.3..0.8 / 5") << 0.3 << 0.8 << 5;
    QTest::newRow("wide 1e-3..1e12 / 6") << 1e-3 << 1e12 << 6;
    QTest::newRow("target 2") << 0.0 << 10.0 << 2;
    QTest::newRow("target 50") << 0.0 << 10.0 << 50;
    QTest::newRow("target 0 is clamped") << 0.0 << 100.0 << 0;
    QTest::newRow("target 1000 is clamped") << 0.0 << 100.0 << 1000;
    QTest::newRow("huge 0..1e308") << 0.0 << 1e308 << 5;
    QTest::newRow("huge -1e308..1e308") << -1e308 << 1e308 << 5;
}

void TestAxisTicks::niceTicks()
{
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(int, target);

    const std::vector<double> ticks = ::niceTicks(min, max, target);
    QVERIFY2(ticks.size() >= 2, qPrintable(describe(ticks)));
    const int clamped = std::clamp(target, 2, 50);
    QVERIFY2(int(ticks.size()) <= clamped + 3, qPrintable(describe(ticks)));

    // Covers the range.
    QVERIFY2(ticks.front() <= min, qPrintable(describe(ticks)));
    QVERIFY2(ticks.back() >= max, qPrintable(describe(ticks)));
    // ... without a whole empty step on either side.
    const double step = ticks[1] - ticks[0];
    // floor(min / step) without a tolerance: 0.3 / 0.1 == 2.9999999999999996.
    QVERIFY2(ticks.front() > min - step * (1 - 1e-9), qPrintable(describe(ticks)));
    QVERIFY2(ticks.back() < max + step * (1 - 1e-9), qPrintable(describe(ticks)));

    const double magnitude = std::max(std::fabs(ticks.front()), std::fabs(ticks.back()));
    const double tolerance =
        std::max(1e-9, 8 * std::numeric_limits<double>::epsilon() * magnitude / step);
    QVERIFY2(isNiceStep(step, tolerance), qPrintable(QStringLiteral("step %1").arg(step, 0, 'g', 17)));
    for (size_t i = 1; i < ticks.size(); ++i) {
        QVERIFY(std::isfinite(ticks[i]));
        // Evenly spaced and ascending.
        QVERIFY2(std::fabs((ticks[i] - ticks[i - 1]) - step) <= step * 1e-6, qPrintable(describe(ticks)));
    }
    // Every tick is a multiple of the step (so 0 is a tick when the range spans it).
    for (double t : ticks) {
        const double k = t / step;
        QVERIFY2(std::fabs(k - std::round(k)) < std::max(1e-6, std::fabs(k) * tolerance), qPrintable(describe(ticks)));
    }
    if (min < 0 && max > 0)
        QVERIFY(std::find(ticks.begin(), ticks.end(), 0.0) != ticks.end());
}

void TestAxisTicks::exactTicks_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("target");
    QTest::addColumn<std::vector<double>>("expected");

    QTest::newRow("0..100 / 5 -> step 20") << 0.0 << 100.0 << 5 << std::vector<double>{0, 20, 40, 60, 80, 100};
    QTest::newRow("0..10 / 4 -> step 2.5") << 0.0 << 10.0 << 4 << std::vector<double>{0, 2.5, 5, 7.5, 10};
    QTest::newRow("-3..7 / 4 -> step 2.5") << -3.0 << 7.0 << 4
                                           << std::vector<double>{-5, -2.5, 0, 2.5, 5, 7.5};
    QTest::newRow("3..97 / 2 -> step 50") << 3.0 << 97.0 << 2 << std::vector<double>{0, 50, 100};
    QTest::newRow("0..1 / 10 -> step 0.1") << 0.0 << 1.0 << 10
                                           << std::vector<double>{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
}

void TestAxisTicks::exactTicks()
{
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(int, target);
    QFETCH(std::vector<double>, expected);
    const std::vector<double> ticks = ::niceTicks(min, max, target);
    QCOMPARE(ticks.size(), expected.size());
    for (size_t i = 0; i < ticks.size(); ++i)
        QVERIFY2(std::fabs(ticks[i] - expected[i]) < 1e-12, qPrintable(describe(ticks)));
}

void TestAxisTicks::degenerate_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");

    QTest::newRow("0 == 0") << 0.0 << 0.0;
    QTest::newRow("5 == 5") << 5.0 << 5.0;
    QTest::newRow("-7 == -7") << -7.0 << -7.0;
    QTest::newRow("1e20 == 1e20") << 1e20 << 1e20;
    QTest::newRow("1e-12 == 1e-12") << 1e-12 << 1e-12;
    QTest::newRow("min > max") << 10.0 << 0.0;
    QTest::newRow("min > max negative") << -1.0 << -50.0;
}

void TestAxisTicks::degenerate()
{
    QFETCH(double, min);
    QFETCH(double, max);
    const std::vector<double> ticks = ::niceTicks(min, max, 5);
    QVERIFY2(ticks.size() >= 2, qPrintable(describe(ticks)));
    QVERIFY2(ticks.size() <= 8, qPrintable(describe(ticks)));
    QVERIFY(std::is_sorted(ticks.begin(), ticks.end()));
    const double lo = std::min(min, max);
    const double hi = std::max(min, max);
    QVERIFY2(ticks.front() <= lo && ticks.back() >= hi, qPrintable(describe(ticks)));
    // A flat line still gets an axis with some extent around it.
    QVERIFY(ticks.back() > ticks.front());
    if (min > max) // swapped arguments give the same ticks
        QCOMPARE(ticks, ::niceTicks(max, min, 5));
}

void TestAxisTicks::nonFinite_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("NaN, 1") << nan << 1.0;
    QTest::newRow("0, NaN") << 0.0 << nan;
    QTest::newRow("NaN, NaN") << nan << nan;
    QTest::newRow("0, +inf") << 0.0 << inf;
    QTest::newRow("-inf, 0") << -inf << 0.0;
    QTest::newRow("-inf, +inf") << -inf << inf;
}

void TestAxisTicks::nonFinite()
{
    QFETCH(double, min);
    QFETCH(double, max);
    const std::vector<double> ticks = ::niceTicks(min, max, 5);
    QVERIFY(ticks.size() >= 2);
    QVERIFY(ticks.size() <= 51);
    for (double t : ticks)
        QVERIFY(std::isfinite(t));
    QVERIFY(std::is_sorted(ticks.begin(), ticks.end()));
    QVERIFY(ticks.back() > ticks.front());
}

QTEST_GUILESS_MAIN(TestAxisTicks)
#include "tst_axisticks.moc"
