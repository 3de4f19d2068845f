#include "querystep.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr double kMinute = 60;
constexpr double kHour = 3600;
constexpr double kDay = 86400;
} // namespace

class TestQueryStep : public QObject
{
    Q_OBJECT

private slots:
    void roundInterval_data();
    void roundInterval();
    void roundIntervalDegenerate();
    void chooseStep_data();
    void chooseStep();
    void pointLimit_data();
    void pointLimit();
};

void TestQueryStep::roundInterval_data()
{
    QTest::addColumn<double>("raw");
    QTest::addColumn<double>("nice");

    // Expected values are those of Grafana's roundInterval
    // (packages/grafana-data/src/datetime/rangeutil.ts), converted to seconds.
    QTest::newRow("12ms") << 0.012 << 0.01;
    QTest::newRow("30ms") << 0.03 << 0.02;
    QTest::newRow("60ms") << 0.06 << 0.05;
    QTest::newRow("120ms") << 0.12 << 0.1;
    QTest::newRow("300ms") << 0.3 << 0.2;
    QTest::newRow("600ms") << 0.6 << 0.5;
    QTest::newRow("1.2s") << 1.2 << 1.0;
    QTest::newRow("3s") << 3.0 << 2.0;
    QTest::newRow("6s") << 6.0 << 5.0;
    QTest::newRow("11s") << 11.0 << 10.0;
    QTest::newRow("16s") << 16.0 << 15.0;
    QTest::newRow("21.6s (6h over 1000px)") << 21.6 << 20.0;
    QTest::newRow("24s") << 24.0 << 20.0;
    QTest::newRow("26s") << 26.0 << 30.0;
    QTest::newRow("40s") << 40.0 << 30.0;
    QTest::newRow("80s") << 80.0 << 60.0;
    QTest::newRow("200s") << 200.0 << 120.0;
    QTest::newRow("400s") << 400.0 << 300.0;
    QTest::newRow("604.8s (7d over 1000px)") << 604.8 << 600.0;
    QTest::newRow("1000s") << 1000.0 << 900.0;
    QTest::newRow("1400s") << 1400.0 << 1200.0;
    QTest::newRow("2000s") << 2000.0 << 1800.0;
    QTest::newRow("5000s") << 5000.0 << kHour;
    QTest::newRow("8000s") << 8000.0 << 2 * kHour;
    QTest::newRow("15000s") << 15000.0 << 3 * kHour;
    QTest::newRow("30000s") << 30000.0 << 6 * kHour;
    QTest::newRow("60000s") << 60000.0 << 12 * kHour;
    QTest::newRow("2d") << 2 * kDay << kDay;
    QTest::newRow("10d") << 10 * kDay << 7 * kDay;
    QTest::newRow("30d") << 30 * kDay << 30 * kDay;
    QTest::newRow("400d") << 400 * kDay << 365 * kDay;

    // Grafana's switch uses "<" at each boundary, so the boundary goes to the next
    // interval; these rows pin its less obvious thresholds.
    QTest::newRow("exactly 25s (boundary)") << 25.0 << 30.0;
    QTest::newRow("5ms (Grafana's floor is 10ms)") << 0.005 << 0.01;
    QTest::newRow("20h (Grafana: 12h below 1d)") << 20 * kHour << 12 * kHour;
    QTest::newRow("5d (Grafana: 1d below 1w)") << 5 * kDay << kDay;
    QTest::newRow("20d (Grafana: 1w below 3w)") << 20 * kDay << 7 * kDay;
    QTest::newRow("60d (Grafana: 1y from 6w)") << 60 * kDay << 365 * kDay;
}

void TestQueryStep::roundInterval()
{
    QFETCH(double, raw);
    QFETCH(double, nice);
    QCOMPARE(::roundInterval(raw), nice);
}

void TestQueryStep::roundIntervalDegenerate()
{
    // Zero, negative and NaN intervals must still give a positive interval.
    for (double raw : {0.0, -5.0, std::numeric_limits<double>::quiet_NaN()}) {
        const double r = ::roundInterval(raw);
        QVERIFY(std::isfinite(r));
        QVERIFY(r > 0);
        QVERIFY(r <= 0.01);
    }
    QCOMPARE(::roundInterval(std::numeric_limits<double>::infinity()), 365 * kDay);
    QCOMPARE(::roundInterval(1e12), 365 * kDay);
}

void TestQueryStep::chooseStep_data()
{
    QTest::addColumn<double>("range");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("minStep");
    QTest::addColumn<double>("step");

    QTest::newRow("6h over 1000px: 21.6s -> 20s") << 6 * kHour << 1000 << 15.0 << 20.0;
    QTest::newRow("15m over 1000px: 15s minimum") << 15 * kMinute << 1000 << 15.0 << 15.0;
    QTest::newRow("1h over 1000px: 15s minimum") << kHour << 1000 << 15.0 << 15.0;
    QTest::newRow("24h over 1000px: 1m") << kDay << 1000 << 15.0 << 60.0;
    QTest::newRow("7d over 1000px: 10m") << 7 * kDay << 1000 << 15.0 << 600.0;
    QTest::newRow("30d over 1000px: 30m") << 30 * kDay << 1000 << 15.0 << 1800.0;
    QTest::newRow("6h over 500px: 43.2s -> 30s") << 6 * kHour << 500 << 15.0 << 30.0;
    QTest::newRow("6h over 2000px: 10.8s -> 15s minimum") << 6 * kHour << 2000 << 15.0 << 15.0;
    QTest::newRow("min step wins") << 6 * kHour << 1000 << 60.0 << 60.0;
    QTest::newRow("min step 1s allows 1s") << 15 * kMinute << 1000 << 1.0 << 1.0;
    QTest::newRow("width 0 counts as one pixel") << 6 * kHour << 0 << 15.0 << 6 * kHour;
    QTest::newRow("negative width counts as one pixel") << 6 * kHour << -20 << 15.0 << 6 * kHour;
    QTest::newRow("empty range") << 0.0 << 1000 << 15.0 << 15.0;
    // Here the nice interval would give 17,520 points; the 11,000 cap must win.
    QTest::newRow("1y over 20000px: capped") << 365 * kDay << 20000 << 15.0 << std::ceil(365 * kDay / 11000);
    QTest::newRow("30d over 100000px: capped") << 30 * kDay << 100000 << 1.0 << std::ceil(30 * kDay / 11000);
}

void TestQueryStep::chooseStep()
{
    QFETCH(double, range);
    QFETCH(int, width);
    QFETCH(double, minStep);
    QFETCH(double, step);
    QCOMPARE(::chooseStep(range, width, minStep), step);
}

void TestQueryStep::pointLimit_data()
{
    QTest::addColumn<double>("range");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("minStep");

    for (double days : {1.0, 7.0, 30.0, 90.0, 365.0, 5 * 365.0}) {
        for (int width : {0, 300, 1000, 4000, 20000, 100000}) {
            for (double minStep : {1.0, 15.0}) {
                QTest::addRow("%gd/%dpx/min%gs", days, width, minStep) << days * kDay << width << minStep;
            }
        }
    }
}

void TestQueryStep::pointLimit()
{
    QFETCH(double, range);
    QFETCH(int, width);
    QFETCH(double, minStep);
    const double step = ::chooseStep(range, width, minStep);
    QVERIFY(std::isfinite(step));
    QVERIFY(step >= minStep);
    // Prometheus rejects (end - start) / step > 11,000.
    QVERIFY2(range / step <= kMaxPointsPerSeries,
             qPrintable(QStringLiteral("step %1 gives %2 points").arg(step).arg(range / step)));
    // Never finer than the rounded per-pixel interval.
    QVERIFY(step >= ::roundInterval(range / std::max(width, 1)));
}

QTEST_GUILESS_MAIN(TestQueryStep)
#include "tst_querystep.moc"
