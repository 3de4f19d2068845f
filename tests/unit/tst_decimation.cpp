#include "decimation.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace {

struct Line
{
    std::vector<double> t;
    std::vector<double> v;
};

// Deterministic noisy signal on t = first, first + 1, ...; a spike up and a spike
// down at known indices are the global extremes.
Line makeLine(std::size_t n, double first, std::size_t maxAt, std::size_t minAt, bool saw = false)
{
    Line line;
    line.t.resize(n);
    line.v.resize(n);
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;
        const double noise = double(state >> 8) / double(1u << 24) - 0.5;
        line.t[i] = first + double(i);
        line.v[i] = 100.0 * std::sin(double(i) / 700.0) + 10.0 * noise;
        // 0, 1, 0, -1, ...: with columns 4k samples wide every column has four
        // distinct M4 points (first, max, min, last), so the size bound is tight.
        if (saw)
            line.v[i] = i % 4 == 1 ? 1.0 : i % 4 == 3 ? -1.0 : 0.0;
    }
    if (maxAt < n)
        line.v[maxAt] = 1e6;
    if (minAt < n)
        line.v[minAt] = -1e6;
    return line;
}

bool contains(const std::vector<QPointF> &pts, double t, double v)
{
    return std::any_of(pts.begin(), pts.end(),
                       [&](const QPointF &p) { return p.x() == t && p.y() == v; });
}

// M4 as the definition reads, one sample at a time: a column's first, minimum,
// maximum and last non-NaN sample (ties: the earliest), in time order, plus the
// nearest sample outside the span on each side (and every sample when there are no
// more than four per column). The decimator finds column ends by
// search; it must pick exactly these points.
std::vector<QPointF> referenceM4(const std::vector<double> &t, const std::vector<double> &v, double t0,
                                 double t1, int columns)
{
    std::vector<QPointF> out;
    const std::size_t n = t.size();
    const std::size_t begin = std::size_t(std::lower_bound(t.begin(), t.end(), t0) - t.begin());
    const std::size_t end = std::size_t(std::upper_bound(t.begin(), t.end(), t1) - t.begin());
    const std::size_t from = begin > 0 ? begin - 1 : 0, to = end < n ? end + 1 : n;
    if (to - from <= std::size_t(columns) * 4) { // no more than four per column: all of them
        for (std::size_t i = from; i < to; ++i)
            if (!std::isnan(v[i]))
                out.emplace_back(t[i], v[i]);
        return out;
    }
    if (begin > 0 && !std::isnan(v[begin - 1]))
        out.emplace_back(t[begin - 1], v[begin - 1]);
    const double scale = columns / (t1 - t0);
    std::map<long, std::vector<std::size_t>> byColumn;
    for (std::size_t i = begin; i < end; ++i)
        if (!std::isnan(v[i]))
            byColumn[std::min(long((t[i] - t0) * scale), long(columns - 1))].push_back(i);
    for (const auto &[col, idx] : byColumn) {
        std::size_t mn = idx.front(), mx = idx.front();
        for (std::size_t k : idx) {
            if (v[k] < v[mn])
                mn = k;
            if (v[k] > v[mx])
                mx = k;
        }
        std::vector<std::size_t> keep{idx.front(), mn, mx, idx.back()};
        std::sort(keep.begin(), keep.end());
        keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
        for (std::size_t k : keep)
            out.emplace_back(t[k], v[k]);
    }
    if (end < n && !std::isnan(v[end]))
        out.emplace_back(t[end], v[end]);
    return out;
}

QString describe(const QPointF &p)
{
    return QStringLiteral("(%1, %2)").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
}

} // namespace

class TestDecimation : public QObject
{
    Q_OBJECT

private slots:
    void fewPointsUnchanged_data();
    void fewPointsUnchanged();
    void large_data();
    void large();
    void nanSkipped();
    void nanSkippedSmall();
    void outsideDropped_data();
    void outsideDropped();
    void degenerate();
    void matchesReference_data();
    void matchesReference();
};

void TestDecimation::fewPointsUnchanged_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("columns");
    QTest::newRow("1 point") << 1 << 100;
    QTest::newRow("10 points, 100 columns") << 10 << 100;
    QTest::newRow("399 points, 100 columns") << 399 << 100;
    QTest::newRow("exactly 4 per column") << 400 << 100;
    QTest::newRow("1 column, 4 points") << 4 << 1;
}

void TestDecimation::fewPointsUnchanged()
{
    QFETCH(int, n);
    QFETCH(int, columns);
    const Line line = makeLine(std::size_t(n), 1000.0, std::size_t(n) / 3, std::size_t(n) / 2);
    std::vector<QPointF> out{QPointF(-1, -1)}; // stale content must be cleared
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), line.t.front(), line.t.back() + 1,
               columns, out);
    QCOMPARE(out.size(), std::size_t(n));
    for (int i = 0; i < n; ++i) {
        QCOMPARE(out[std::size_t(i)].x(), line.t[std::size_t(i)]);
        QCOMPARE(out[std::size_t(i)].y(), line.v[std::size_t(i)]);
    }
}

void TestDecimation::large_data()
{
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<int>("columns");
    QTest::addColumn<double>("firstT"); // the first point the output must start with
    QTest::addColumn<double>("lastT");  // ... and end with
    QTest::addColumn<bool>("saw");

    // 100,000 points at t = 0 .. 99,999; global max at 54,321, min at 77,777.
    QTest::newRow("span is the data") << 0.0 << 99999.0 << 500 << 0.0 << 99999.0 << false;
    QTest::newRow("span is wider than the data") << -500.0 << 100500.0 << 500 << 0.0 << 99999.0 << false;
    QTest::newRow("data beyond both sides") << 10000.5 << 89999.5 << 500 << 10000.0 << 90000.0 << false;
    QTest::newRow("odd column count") << 0.0 << 100000.0 << 333 << 0.0 << 99999.0 << false;
    QTest::newRow("many columns") << 0.0 << 100000.0 << 4000 << 0.0 << 99999.0 << false;
    QTest::newRow("saw, span is the data") << 0.0 << 99999.0 << 500 << 0.0 << 99999.0 << true;
    QTest::newRow("saw, data beyond both sides") << 10000.5 << 89999.5 << 500 << 10000.0 << 90000.0 << true;
    // t1 falls exactly on a sample, and there is data beyond it.
    QTest::newRow("saw, t1 on a sample, neighbours outside") << 10000.0 << 90000.0 << 500 << 9999.0 << 90001.0 << true;
}

void TestDecimation::large()
{
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(int, columns);
    QFETCH(double, firstT);
    QFETCH(double, lastT);
    QFETCH(bool, saw);

    const std::size_t n = 100000;
    const Line line = makeLine(n, 0.0, 54321, 77777, saw);
    std::vector<QPointF> out;
    m4Decimate(line.t.data(), line.v.data(), n, t0, t1, columns, out);

    QVERIFY(!out.empty());
    QVERIFY(out.size() < n / 5); // it did decimate
    // Four points a column plus the neighbour on each side.
    QVERIFY2(out.size() <= std::size_t(columns) * 4 + 2, qPrintable(QString::number(out.size())));

    // Every output point is an input point, in ascending time.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = out[i].x();
        QVERIFY2(t >= 0 && t < double(n) && t == std::floor(t), qPrintable(describe(out[i])));
        QCOMPARE(out[i].y(), line.v[std::size_t(t)]);
        if (i > 0)
            QVERIFY2(out[i].x() > out[i - 1].x(), qPrintable(describe(out[i])));
    }
    QCOMPARE(out.front().x(), firstT);
    QCOMPARE(out.front().y(), line.v[std::size_t(firstT)]);
    QCOMPARE(out.back().x(), lastT);
    QCOMPARE(out.back().y(), line.v[std::size_t(lastT)]);

    // The global extremes survive when they lie in the span.
    if (t0 <= 54321 && 54321 <= t1)
        QVERIFY(contains(out, 54321, 1e6));
    if (t0 <= 77777 && 77777 <= t1)
        QVERIFY(contains(out, 77777, -1e6));

    // M4's promise: per pixel column, the output has the same first, last, min and max
    // as the input, so the drawn pixels are the same.
    struct Column
    {
        double firstT = std::numeric_limits<double>::quiet_NaN(), lastT = 0;
        double min = std::numeric_limits<double>::infinity();
        double max = -std::numeric_limits<double>::infinity();
    };
    const auto columnsOf = [&](const std::vector<double> &ts, const std::vector<double> &vs) {
        std::map<long, Column> cols;
        const double scale = columns / (t1 - t0);
        for (std::size_t i = 0; i < ts.size(); ++i) {
            if (ts[i] < t0 || ts[i] > t1)
                continue;
            Column &c = cols[std::min(long((ts[i] - t0) * scale), long(columns) - 1)]; // t1 closes the last column
            if (std::isnan(c.firstT))
                c.firstT = ts[i];
            c.lastT = ts[i];
            c.min = std::min(c.min, vs[i]);
            c.max = std::max(c.max, vs[i]);
        }
        return cols;
    };
    std::vector<double> ot, ov;
    for (const QPointF &p : out) {
        ot.push_back(p.x());
        ov.push_back(p.y());
    }
    const auto in = columnsOf(line.t, line.v);
    const auto got = columnsOf(ot, ov);
    QCOMPARE(got.size(), in.size());
    for (const auto &[col, c] : in) {
        const auto it = got.find(col);
        QVERIFY2(it != got.end(), qPrintable(QStringLiteral("column %1 missing").arg(col)));
        QCOMPARE(it->second.firstT, c.firstT);
        QCOMPARE(it->second.lastT, c.lastT);
        QCOMPARE(it->second.min, c.min);
        QCOMPARE(it->second.max, c.max);
    }
}

void TestDecimation::nanSkipped()
{
    const std::size_t n = 100000;
    Line line = makeLine(n, 0.0, 54321, 77777);
    std::size_t nans = 0;
    for (std::size_t i = 0; i < n; i += 7) {
        if (i == 54321 || i == 77777)
            continue;
        line.v[i] = std::numeric_limits<double>::quiet_NaN();
        ++nans;
    }
    // A whole column of NaN must not leave a hole filled with garbage either.
    for (std::size_t i = 20000; i < 20400; ++i)
        line.v[i] = std::numeric_limits<double>::quiet_NaN();
    line.v[0] = std::numeric_limits<double>::quiet_NaN();

    std::vector<QPointF> out;
    m4Decimate(line.t.data(), line.v.data(), n, 0.0, double(n), 500, out);
    QVERIFY(nans > 10000);
    QVERIFY(!out.empty());
    QVERIFY(out.size() <= 4 * 500 + 2);
    for (const QPointF &p : out) {
        QVERIFY2(!std::isnan(p.y()), qPrintable(describe(p)));
        QVERIFY2(!(p.x() >= 20000 && p.x() < 20400), qPrintable(describe(p)));
    }
    QCOMPARE(out.front().x(), 1.0); // the first non-NaN point
    QVERIFY(contains(out, 54321, 1e6));
    QVERIFY(contains(out, 77777, -1e6));
}

void TestDecimation::nanSkippedSmall()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> t{0, 1, 2, 3, 4, 5};
    const std::vector<double> v{nan, 1, nan, 3, 4, nan};
    std::vector<QPointF> out;
    m4Decimate(t.data(), v.data(), t.size(), 0, 6, 100, out);
    const std::vector<QPointF> expected{{1, 1}, {3, 3}, {4, 4}};
    QCOMPARE(out, expected);
}

void TestDecimation::outsideDropped_data()
{
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<int>("columns");
    QTest::addColumn<double>("expectFirst");
    QTest::addColumn<double>("expectLast");

    // 100 points at t = 0 .. 99.
    QTest::newRow("inside, few points") << 10.5 << 20.5 << 100 << 10.0 << 21.0;
    QTest::newRow("inside, on samples") << 10.0 << 20.0 << 100 << 9.0 << 21.0;
    QTest::newRow("inside, decimated") << 10.5 << 80.5 << 2 << 10.0 << 81.0;
    QTest::newRow("from the start") << 0.0 << 20.5 << 100 << 0.0 << 21.0;
    QTest::newRow("to the end") << 90.5 << 200.0 << 100 << 90.0 << 99.0;
    QTest::newRow("all data before the span") << 200.0 << 300.0 << 100 << 99.0 << 99.0;
    QTest::newRow("all data after the span") << -300.0 << -200.0 << 100 << 0.0 << 0.0;
    QTest::newRow("span between two samples") << 10.25 << 10.75 << 100 << 10.0 << 11.0;
}

void TestDecimation::outsideDropped()
{
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(int, columns);
    QFETCH(double, expectFirst);
    QFETCH(double, expectLast);

    const Line line = makeLine(100, 0.0, 1000, 1000);
    std::vector<QPointF> out;
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), t0, t1, columns, out);
    QVERIFY(!out.empty());
    QCOMPARE(out.front().x(), expectFirst);
    QCOMPARE(out.back().x(), expectLast);
    std::size_t outside = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].x() < t0 || out[i].x() > t1)
            ++outside;
        QCOMPARE(out[i].y(), line.v[std::size_t(out[i].x())]);
        if (i > 0)
            QVERIFY(out[i].x() > out[i - 1].x());
    }
    QVERIFY(outside <= 2);
    if (columns * 4 >= 100) {
        // Not decimated: every point from the first to the last is there.
        QCOMPARE(out.size(), std::size_t(expectLast - expectFirst) + 1);
    } else {
        QVERIFY(out.size() <= std::size_t(columns) * 4 + 2);
    }
}

void TestDecimation::degenerate()
{
    const Line line = makeLine(1000, 0.0, 10, 20);
    std::vector<QPointF> out{QPointF(1, 1)};
    m4Decimate(line.t.data(), line.v.data(), 0, 0, 1000, 100, out);
    QVERIFY(out.empty());

    out.assign(1, QPointF(1, 1));
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), 0, 1000, 0, out);
    QVERIFY(out.empty());

    out.assign(1, QPointF(1, 1));
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), 0, 1000, -3, out);
    QVERIFY(out.empty());

    out.assign(1, QPointF(1, 1));
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), 500, 500, 100, out);
    QVERIFY(out.empty());

    out.assign(1, QPointF(1, 1));
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), 600, 500, 100, out);
    QVERIFY(out.empty());

    // One column holds the whole span: first, min, max and last.
    m4Decimate(line.t.data(), line.v.data(), line.t.size(), 0, 1000, 1, out);
    QCOMPARE(out.size(), std::size_t(4));
    QCOMPARE(out.front(), QPointF(0, line.v[0]));
    QCOMPARE(out.back(), QPointF(999, line.v[999]));
    QVERIFY(contains(out, 10, 1e6));
    QVERIFY(contains(out, 20, -1e6));
}

void TestDecimation::matchesReference_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("columns");
    QTest::addColumn<bool>("irregular");
    QTest::addColumn<double>("nanShare");
    QTest::newRow("dense regular") << 100000 << 1200 << false << 0.0;
    QTest::newRow("dense irregular with NaN runs") << 50000 << 700 << true << 0.2;
    QTest::newRow("uneven: bursts and empty columns") << 40000 << 500 << true << 0.05;
    QTest::newRow("ties: three levels only") << 30000 << 300 << false << -1.0;
}

void TestDecimation::matchesReference()
{
    QFETCH(int, samples);
    QFETCH(int, columns);
    QFETCH(bool, irregular);
    QFETCH(double, nanShare);
    std::uint32_t state = 777;
    const auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return double(state >> 8) / double(1u << 24);
    };
    std::vector<double> t(static_cast<std::size_t>(samples)), v(static_cast<std::size_t>(samples));
    double now = 1.7e12;
    bool inNan = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        // Irregular: steps from 1 ms to bursts of equal times and long silences.
        now += irregular ? (next() < 0.1 ? 0.0 : next() < 0.02 ? 5e4 : 1 + next() * 20) : 15000.0;
        t[i] = now;
        if (nanShare > 0 && next() < 0.01)
            inNan = !inNan && next() < nanShare * 5;
        v[i] = nanShare < 0 ? std::floor(next() * 3) : inNan ? std::nan("") : std::sin(double(i) / 300.0) * 50 + next() * 10;
    }
    const double spanStart = t.front(), spanEnd = t.back();
    for (const auto &[from, to] : {std::pair{spanStart, spanEnd},
                                   std::pair{spanStart + (spanEnd - spanStart) * 0.3,
                                             spanStart + (spanEnd - spanStart) * 0.45}}) {
        std::vector<QPointF> out;
        m4Decimate(t.data(), v.data(), t.size(), from, to, columns, out);
        const std::vector<QPointF> expected = referenceM4(t, v, from, to, columns);
        QCOMPARE(out.size(), expected.size());
        for (std::size_t i = 0; i < out.size(); ++i)
            QVERIFY2(out[i] == expected[i], qPrintable(QStringLiteral("point %1: %2, expected %3")
                                                           .arg(i)
                                                           .arg(describe(out[i]), describe(expected[i]))));
    }
}

QTEST_GUILESS_MAIN(TestDecimation)
#include "tst_decimation.moc"
