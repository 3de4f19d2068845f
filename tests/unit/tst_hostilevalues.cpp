// Values that must not break anything (issue 8): NaN and infinities everywhere,
// +-1e308, denormals, negative durations and steps, timestamps before 1970 and
// after 2262, 10,000-character names, empty and duplicate series, a million series,
// invalid UTF-8 and 200,000 levels of nested JSON. Every panel view paints them
// offscreen; the models they go through return finite, readable results.
#include "alertdecoder.h"
#include "axisticks.h"
#include "chartpanel.h"
#include "dashboardloader.h"
#include "decimation.h"
#include "fielddisplay.h"
#include "gaugepanel.h"
#include "bargaugepanel.h"
#include "heatmappanel.h"
#include "legendformat.h"
#include "legendtable.h"
#include "panelfactory.h"
#include "paneltable.h"
#include "piepanel.h"
#include "prometheusdecoder.h"
#include "querystep.h"
#include "seriesstats.h"
#include "statpanel.h"
#include "tablepanel.h"
#include "templating.h"
#include "timerange.h"
#include "units.h"

#include <QCategoryAxis>
#include <QChart>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QSortFilterProxyModel>
#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

class TestHostileValues : public QObject
{
    Q_OBJECT
private slots:
    void unitsFormatExtremesReadably_data();
    void unitsFormatExtremesReadably();
    void durationsAndNegativeTimes();
    void timeRangesOutsideTheEpoch();
    void axisTicksStayFinite_data();
    void axisTicksStayFinite();
    void decimationStaysBounded_data();
    void decimationStaysBounded();
    void queryStepStaysPositive_data();
    void queryStepStaysPositive();
    void reducersAndStacking();
    void fieldDisplayOfExtremes();
    void legendFormatAndTemplatingWithHostileText();
    void prometheusDecoderHostileBodies_data();
    void prometheusDecoderHostileBodies();
    void prometheusDecoderInvalidUtf8();
    void deeplyNestedJsonIsAnError_data();
    void deeplyNestedJsonIsAnError();
    void viewsPaintHostileData_data();
    void viewsPaintHostileData();
    void statShowsNoDataAndInfinities();
    void chartMillionSeriesStaysBounded();
    void otherViewsManySeries();
};

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDenorm = std::numeric_limits<double>::denorm_min();
constexpr double kT0 = 1'700'000'000'000.0;

// A timestamp beyond 2262 (the end of int64 nanoseconds), as seconds in a double.
constexpr double kFarFutureSeconds = 1.0e11; // year ~5138
constexpr double kBefore1970Ms = -1.0e12;    // 1938

PanelSeries makeSeries(const QString &name, std::vector<double> values, double startMs = kT0,
                       double stepMs = 15000, const Labels &labels = {})
{
    PanelSeries s;
    s.name = name;
    s.refId = QStringLiteral("A");
    s.labels = labels;
    for (std::size_t i = 0; i < values.size(); ++i)
        s.timestampsMs.push_back(startMs + stepMs * double(i));
    s.values = std::move(values);
    return s;
}

PanelData dataOver(std::vector<PanelSeries> series, double startMs = kT0, double endMs = kT0 + 10 * 15000.0,
                   double stepSeconds = 15)
{
    PanelData d;
    d.start = QDateTime::fromMSecsSinceEpoch(qint64(startMs), Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(qint64(endMs), Qt::UTC);
    d.queryStartMs = qint64(startMs);
    d.queryEndMs = qint64(endMs);
    d.stepSeconds = stepSeconds;
    d.series = std::move(series);
    return d;
}

QImage paint(QWidget &w)
{
    QImage img(w.size(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::black);
    w.render(&img);
    return img;
}

Panel panelOfType(const QString &type)
{
    Panel p;
    p.id = 42;
    p.type = type;
    p.title = QStringLiteral("hostile");
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("up");
    p.targets = {t};
    return p;
}

// Every text a value turned into must read as a number, a unit or a null marker,
// never as a C library's "nan"/"inf" or an empty string.
bool readable(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return false;
    const QString lower = text.toLower();
    if ((lower.contains(QLatin1String("nan")) && !text.contains(QLatin1String("NaN"))) ||
        (lower.contains(QLatin1String("inf")) && !text.contains(QLatin1String("Inf"))))
        return false;
    return true;
}

} // namespace

// ---------------------------------------------------------------- models

void TestHostileValues::unitsFormatExtremesReadably_data()
{
    QTest::addColumn<QString>("unit");
    for (const char *u : {"", "none", "short", "percent", "percentunit", "bytes", "decbytes", "bits", "Bps",
                          "bps", "s", "ms", "ns", "µs", "m", "h", "d", "dtdurations", "dtdurationms", "dthms",
                          "dtdhms", "clockms", "clocks", "timeticks", "reqps", "ops", "hertz", "watt", "celsius",
                          "currencyUSD", "locale", "si:W", "count:req", "suffix:x", "prefix:$", "bool:yes/no",
                          "sci", "hex", "hex0x", "unknown-unit"})
        QTest::newRow(u) << QString::fromUtf8(u);
}

void TestHostileValues::unitsFormatExtremesReadably()
{
    QFETCH(QString, unit);
    for (const double v : {1e308, -1e308, std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                           kDenorm, -kDenorm, 1e-310, 0.0, -0.0, 9.2e18, -9.2e18, 1e21}) {
        QElapsedTimer timer;
        timer.start();
        const QString text = formatValue(v, unit);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QStringLiteral("%1 took %2 ms").arg(unit).arg(timer.elapsed())));
        QVERIFY2(readable(text), qPrintable(QStringLiteral("%1 in %2 -> \"%3\"").arg(v).arg(unit, text.left(80))));
        // A finite value never pretends to be null or infinite.
        QVERIFY2(!text.contains(QLatin1String("NaN")), qPrintable(text));
        for (int decimals : {0, 3, 20, 1000, -5}) {
            const QString fixed = formatValue(v, unit, decimals);
            // 20 or more decimals may legitimately list every part of a duration.
            QVERIFY2(!fixed.isEmpty() && fixed.size() <= (decimals > 3 ? 400 : 64),
                     qPrintable(QStringLiteral("%1 in %2 (%3 decimals) -> \"%4\"").arg(v).arg(unit).arg(decimals).arg(fixed.left(80))));
        }
    }
    QCOMPARE(formatValue(kNaN, unit), QStringLiteral("NaN"));
    QCOMPARE(formatValue(kInf, unit), QStringLiteral("+Inf"));
    QCOMPARE(formatValue(-kInf, unit), QStringLiteral("-Inf"));
}

void TestHostileValues::durationsAndNegativeTimes()
{
    // Negative durations are a sign, not garbage.
    for (const double s : {-1.0, -86400.0 * 400, -1e308, 1e308, kNaN, kInf, -kInf, kDenorm}) {
        const QString d = formatDuration(s);
        QVERIFY2(!d.isEmpty() && d.size() < 200, qPrintable(d.left(200)));
        for (const char *unit : {"dtdurations", "dthms", "dtdhms", "clocks", "clockms", "s", "ms"}) {
            const QString t = formatValue(s, QLatin1String(unit));
            QVERIFY2(readable(t), qPrintable(QStringLiteral("%1 %2 -> %3").arg(s).arg(QLatin1String(unit), t.left(80))));
        }
    }
    QVERIFY(formatDuration(-180).contains(QLatin1String("ago")));

    // Durations as Prometheus and Grafana write them: nothing negative, nothing that
    // overflows 64 bits of milliseconds.
    QVERIFY(!parseDurationMs(QStringLiteral("-5m")));
    QVERIFY(!parseDurationMs(QStringLiteral("99999999999999999999y")));
    QVERIFY(!parseDurationMs(QStringLiteral("9223372036854775807ms1ms")));
    QVERIFY(!parseDurationMs(QStringLiteral("300000000y")));
    QVERIFY(!parseDurationMs(QString(10000, QLatin1Char('9')) + QLatin1Char('s')));
    for (const qint64 ms : {qint64(-1000), qint64(0), std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min(),
                            qint64(-1)}) {
        const QString text = formatDurationMs(ms);
        QVERIFY2(!text.isEmpty() && text.size() < 64, qPrintable(text));
    }
    QCOMPARE(Templating::parseDuration(QStringLiteral("-5m")), -1.0);
    // Too many hours for a double is not a duration (rather than an infinite step).
    QCOMPARE(Templating::parseDuration(QString(10000, QLatin1Char('9')) + QLatin1Char('h')), -1.0);
    for (const double s : {-15.0, 0.0, kNaN, kInf, -kInf, 1e308, kDenorm}) {
        const QString i = Templating::formatInterval(s);
        const QString g = Templating::goDuration(s);
        QVERIFY2(!i.isEmpty() && i.size() < 64, qPrintable(QStringLiteral("formatInterval(%1) = %2").arg(s).arg(i.left(80))));
        QVERIFY2(!g.isEmpty() && g.size() < 64, qPrintable(QStringLiteral("goDuration(%1) = %2").arg(s).arg(g.left(80))));
    }
}

void TestHostileValues::timeRangesOutsideTheEpoch()
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(qint64(kT0), Qt::UTC);
    // Before 1970 and past 2262, as epoch milliseconds and as ISO dates.
    const auto before = parseTimeExpression(QStringLiteral("-1000000000000"), now);
    QVERIFY(before && before->isValid());
    QCOMPARE(before->toMSecsSinceEpoch(), qint64(-1'000'000'000'000));
    const auto after = parseTimeExpression(QString::number(qint64(kFarFutureSeconds * 1000)), now);
    QVERIFY(after && after->isValid());
    QCOMPARE(after->toMSecsSinceEpoch(), qint64(kFarFutureSeconds * 1000));
    const auto iso = parseTimeExpression(QStringLiteral("2500-01-01T00:00:00Z"), now);
    QVERIFY(iso && iso->date().year() == 2500);
    // Relative expressions far away in either direction resolve or refuse, never wrap.
    for (const char *e : {"now-300y", "now+300y", "now-99999999999y", "now-9223372036854775807ms", "now-1e308s",
                          "now/y", "now-", "now--5m", "99999999999999999999999", "-99999999999999999999999"}) {
        const auto t = parseTimeExpression(QLatin1String(e), now);
        if (!t)
            continue;
        QVERIFY2(t->isValid(), e);
        if (QByteArray(e).startsWith("now-3"))
            QVERIFY2(*t < now, e);
        if (QByteArray(e).startsWith("now+3"))
            QVERIFY2(*t > now, e);
    }
    // A negative range (to before from) is refused with a reason.
    TimeRange backwards;
    backwards.from = QStringLiteral("now");
    backwards.to = QStringLiteral("now-6h");
    QString error;
    QVERIFY(!backwards.resolve(now, &error));
    QVERIFY(!error.isEmpty());
    // A range that straddles 1970 resolves.
    const TimeRange across = TimeRange::absolute(QDateTime::fromMSecsSinceEpoch(qint64(kBefore1970Ms), Qt::UTC), now);
    const auto r = across.resolve(now);
    QVERIFY(r);
    QCOMPARE(r->start.toMSecsSinceEpoch(), qint64(kBefore1970Ms));
    QVERIFY(!across.displayText().isEmpty());
}

void TestHostileValues::axisTicksStayFinite_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("target");
    QTest::newRow("+-1e308") << -1e308 << 1e308 << 5;
    QTest::newRow("max range") << std::numeric_limits<double>::lowest() << std::numeric_limits<double>::max() << 5;
    QTest::newRow("1e308 alone") << 1e308 << 1e308 << 5;
    QTest::newRow("denormals") << kDenorm << 4 * kDenorm << 5;
    QTest::newRow("denormal and one") << -kDenorm << 1.0 << 5;
    QTest::newRow("NaN") << kNaN << kNaN << 5;
    QTest::newRow("NaN and 1") << kNaN << 1.0 << 5;
    QTest::newRow("infinities") << -kInf << kInf << 5;
    QTest::newRow("inverted") << 10.0 << -10.0 << 5;
    QTest::newRow("equal") << 3.0 << 3.0 << 5;
    QTest::newRow("zero target") << 0.0 << 100.0 << 0;
    QTest::newRow("negative target") << 0.0 << 100.0 << -7;
    QTest::newRow("huge target") << 0.0 << 1.0 << 1'000'000'000;
    QTest::newRow("tiny span at 1e15") << 1e15 << 1e15 + 0.125 << 5;
    QTest::newRow("timestamps past 2262 (s)") << kFarFutureSeconds << kFarFutureSeconds + 60 << 5;
}

void TestHostileValues::axisTicksStayFinite()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, target);
    QElapsedTimer timer;
    timer.start();
    const std::vector<double> ticks = niceTicks(lo, hi, target);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!ticks.empty());
    QVERIFY2(ticks.size() <= 1000, qPrintable(QString::number(ticks.size())));
    for (double t : ticks)
        QVERIFY2(std::isfinite(t), qPrintable(QString::number(t)));
    QVERIFY(std::is_sorted(ticks.begin(), ticks.end()));
    // Ends beyond +-1e308 have no finite nice tick outside them (2e308 overflows).
    if (std::isfinite(lo) && std::isfinite(hi) && lo <= hi && std::fabs(lo) <= 1e308 && std::fabs(hi) <= 1e308) {
        // Covered up to rounding (a tick snaps to 0 within 1e-12 of the span).
        const double slack = (hi / 2 - lo / 2) * 1e-12;
        QVERIFY2(ticks.front() <= lo + slack, qPrintable(QStringLiteral("%1 > %2").arg(ticks.front()).arg(lo)));
        QVERIFY2(ticks.back() >= hi - slack, qPrintable(QStringLiteral("%1 < %2").arg(ticks.back()).arg(hi)));
    }
    // The labels an axis would draw read as numbers.
    for (double t : ticks)
        QVERIFY(readable(formatValue(t, QStringLiteral("short"))));
}

void TestHostileValues::decimationStaysBounded_data()
{
    QTest::addColumn<std::vector<double>>("t");
    QTest::addColumn<std::vector<double>>("v");
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<int>("columns");
    std::vector<double> t, v;
    for (int i = 0; i < 10000; ++i) {
        t.push_back(kT0 + i * 1000.0);
        v.push_back(i % 7 == 0 ? kNaN : i % 11 == 0 ? kInf : i % 13 == 0 ? -1e308 : double(i));
    }
    QTest::newRow("NaN/Inf/1e308 mixed") << t << v << t.front() << t.back() << 300;
    QTest::newRow("empty span") << t << v << kT0 << kT0 << 300;
    QTest::newRow("inverted span") << t << v << t.back() << t.front() << 300;
    QTest::newRow("zero columns") << t << v << t.front() << t.back() << 0;
    QTest::newRow("negative columns") << t << v << t.front() << t.back() << -5;
    QTest::newRow("NaN span") << t << v << kNaN << kNaN << 300;
    QTest::newRow("infinite span") << t << v << -kInf << kInf << 300;
    std::vector<double> allNan(10000, kNaN);
    QTest::newRow("all NaN") << t << allNan << t.front() << t.back() << 300;
    std::vector<double> before;
    for (int i = 0; i < 1000; ++i)
        before.push_back(kBefore1970Ms + i * 60000.0);
    QTest::newRow("before 1970") << before << std::vector<double>(1000, 1.0) << before.front() << before.back() << 100;
    std::vector<double> far;
    for (int i = 0; i < 1000; ++i)
        far.push_back(kFarFutureSeconds * 1000 + i * 60000.0);
    QTest::newRow("after 2262") << far << std::vector<double>(1000, kDenorm) << far.front() << far.back() << 100;
    QTest::newRow("duplicate timestamps") << std::vector<double>(1000, kT0) << std::vector<double>(1000, 2.0) << kT0
                                          << kT0 + 1 << 100;
}

void TestHostileValues::decimationStaysBounded()
{
    QFETCH(std::vector<double>, t);
    QFETCH(std::vector<double>, v);
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(int, columns);
    std::vector<QPointF> out;
    m4Decimate(t.data(), v.data(), t.size(), t0, t1, columns, out);
    QVERIFY2(out.size() <= std::size_t(4 * std::max(columns, 1) + 2) || out.size() <= t.size(),
             qPrintable(QString::number(out.size())));
    QVERIFY(out.size() <= t.size());
    for (const QPointF &p : out) {
        QVERIFY2(!std::isnan(p.y()), "NaN handed to the chart");
        QVERIFY(!std::isnan(p.x()));
    }
}

void TestHostileValues::queryStepStaysPositive_data()
{
    QTest::addColumn<double>("range");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("minStep");
    QTest::newRow("negative range") << -3600.0 << 800 << 15.0;
    QTest::newRow("negative min step") << 3600.0 << 800 << -15.0;
    QTest::newRow("zero width") << 3600.0 << 0 << 15.0;
    QTest::newRow("negative width") << 3600.0 << -800 << 15.0;
    QTest::newRow("NaN range") << kNaN << 800 << 15.0;
    QTest::newRow("1e308 range") << 1e308 << 800 << 15.0;
    QTest::newRow("NaN min step") << 3600.0 << 800 << kNaN;
    QTest::newRow("denormal range") << kDenorm << 800 << 0.0;
    QTest::newRow("range past 2262") << kFarFutureSeconds << 800 << 15.0;
}

void TestHostileValues::queryStepStaysPositive()
{
    QFETCH(double, range);
    QFETCH(int, width);
    QFETCH(double, minStep);
    const double step = chooseStep(range, width, minStep);
    QVERIFY2(std::isfinite(step) && step > 0, qPrintable(QString::number(step)));
    for (double raw : {-1.0, 0.0, kNaN, kInf, 1e308, kDenorm, -1e308}) {
        const double r = roundInterval(raw);
        QVERIFY2(!std::isnan(r), qPrintable(QStringLiteral("roundInterval(%1) = %2").arg(raw).arg(r)));
    }
}

void TestHostileValues::reducersAndStacking()
{
    const std::vector<double> allNan(100, kNaN);
    for (const char *calc : {"last", "lastNotNull", "first", "firstNotNull", "mean", "max", "min", "range", "delta", "diff"}) {
        QVERIFY2(std::isnan(reduceSeries(allNan, QLatin1String(calc))), calc);
        QVERIFY2(std::isnan(reduceSeries({}, QLatin1String(calc))), calc);
        const auto r = FieldDisplay::reduce(allNan, QLatin1String(calc));
        QVERIFY2(!r || std::isnan(*r), calc);
    }
    QCOMPARE(reduceSeries(allNan, QStringLiteral("sum")), 0.0); // as an empty sum
    const std::vector<double> infMiddle{1, 2, kInf, 3, kNaN, 4};
    QCOMPARE(reduceSeries(infMiddle, QStringLiteral("lastNotNull")), 4.0);
    QCOMPARE(reduceSeries(infMiddle, QStringLiteral("max")), kInf);
    QCOMPARE(reduceSeries(infMiddle, QStringLiteral("min")), 1.0);
    QCOMPARE(reduceSeries(std::vector<double>{1e308, 1e308}, QStringLiteral("max")), 1e308);
    // Sums overflow to infinity honestly, never to a wrapped or garbage number.
    const double sum = reduceSeries(std::vector<double>{1e308, 1e308}, QStringLiteral("sum"));
    QVERIFY(std::isinf(sum) && sum > 0);
    QCOMPARE(reduceSeries(std::vector<double>{kDenorm, kDenorm}, QStringLiteral("sum")), 2 * kDenorm);
    for (const char *calc : {"mean", "median", "stdDev", "variance", "logmin", "diffperc", "changeCount",
                             "distinctCount", "delta", "range"}) {
        const auto r = FieldDisplay::reduce(std::vector<double>{-1e308, 1e308, kInf, -kInf, kNaN, kDenorm}, QLatin1String(calc));
        Q_UNUSED(r); // any value (or none): only must not crash or hang
    }

    // Stacking hostile values: a NaN stays a gap and adds nothing; duplicate and
    // descending timestamps do not read out of bounds.
    const std::vector<double> t1{kT0, kT0 + 1000, kT0 + 2000, kT0 + 3000};
    const std::vector<double> v1{1, kNaN, kInf, 1e308};
    const std::vector<double> t2{kT0 + 3000, kT0 + 1000, kT0 + 1000, kT0};
    const std::vector<double> v2{-1e308, 2, 3, kNaN};
    const std::vector<double> tEmpty, vEmpty;
    std::vector<StackInput> in(3);
    in[0].timestampsMs = t1;
    in[0].values = v1;
    in[0].group = QStringLiteral("A");
    in[1].timestampsMs = t2;
    in[1].values = v2;
    in[1].group = QStringLiteral("A");
    in[2].timestampsMs = tEmpty;
    in[2].values = vEmpty;
    in[2].group = QStringLiteral("A");
    for (bool percent : {false, true}) {
        const std::vector<StackedSeries> out = stackSeries(in, percent);
        QCOMPARE(out.size(), std::size_t(3));
        QCOMPARE(out[0].upper.size(), v1.size());
        QCOMPARE(out[1].upper.size(), v2.size());
        QVERIFY(out[2].upper.empty());
        QVERIFY(std::isnan(out[0].upper[1]));
        if (percent)
            for (const StackedSeries &s : out)
                for (double u : s.upper)
                    QVERIFY2(std::isnan(u) || (u >= -100.0001 && u <= 100.0001) || std::isinf(u),
                             qPrintable(QString::number(u)));
    }
}

void TestHostileValues::fieldDisplayOfExtremes()
{
    Panel p = panelOfType(QStringLiteral("stat"));
    p.unit = QStringLiteral("bytes");
    const FieldDisplay::DisplayValue nan = FieldDisplay::display(kNaN, p);
    QVERIFY(nan.isNull);
    QCOMPARE(nan.toString(), QStringLiteral("No data"));
    QCOMPARE(FieldDisplay::display(kInf, p).toString(), QStringLiteral("+Inf"));
    QCOMPARE(FieldDisplay::display(-kInf, p).toString(), QStringLiteral("-Inf"));
    QVERIFY(readable(FieldDisplay::display(1e308, p).toString()));
    QVERIFY(readable(FieldDisplay::display(kDenorm, p).toString()));

    // A range from the data's extremes stays finite and ordered, and every value
    // lands on it between 0 and 1.
    for (const auto &[lo, hi] : std::vector<std::pair<double, double>>{
             {-1e308, 1e308}, {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max()},
             {kDenorm, kDenorm}, {1e308, 1e308}, {-kDenorm, kDenorm}}) {
        const FieldDisplay::Range r = FieldDisplay::range(p, lo, hi);
        QVERIFY2(std::isfinite(r.min) && std::isfinite(r.max) && r.min < r.max,
                 qPrintable(QStringLiteral("%1..%2 -> %3..%4").arg(lo).arg(hi).arg(r.min).arg(r.max)));
        FieldDisplay::DisplayOptions o;
        o.range = r;
        for (double v : {lo, hi, 0.0, kInf, -kInf, kNaN, 1e308, -1e308}) {
            const double pc = FieldDisplay::display(v, p, o).percent;
            QVERIFY2(pc >= 0 && pc <= 1, qPrintable(QStringLiteral("%1 on %2..%3 -> %4").arg(v).arg(r.min).arg(r.max).arg(pc)));
        }
    }
    // Thresholds and mappings at the extremes.
    p.thresholds = {{std::nullopt, QStringLiteral("green")}, {80.0, QStringLiteral("red")}, {kInf, QStringLiteral("blue")}};
    QCOMPARE(FieldDisplay::thresholdColor(1e308, p), QStringLiteral("red"));
    QCOMPARE(FieldDisplay::thresholdColor(kNaN, p), QStringLiteral("green"));
    p.thresholdsPercent = true;
    const FieldDisplay::Range wide{-1e308, 1e308};
    QVERIFY(!FieldDisplay::thresholdColor(1e308, p, wide).isEmpty());
    ValueMapping range;
    range.kind = ValueMapping::Kind::Range;
    range.from = -1e308;
    range.to = 1e308;
    range.text = QStringLiteral("huge");
    ValueMapping special;
    special.kind = ValueMapping::Kind::Special;
    special.special = QStringLiteral("nan");
    special.text = QStringLiteral("not a number");
    const QList<ValueMapping> mappings{special, range};
    QCOMPARE(FieldDisplay::applyMappings(mappings, 1e308)->text, QStringLiteral("huge"));
    QCOMPARE(FieldDisplay::applyMappings(mappings, kNaN)->text, QStringLiteral("not a number"));
    QVERIFY(!FieldDisplay::applyMappings(mappings, kInf));
    ValueMapping regex;
    regex.kind = ValueMapping::Kind::Regex;
    regex.pattern = QStringLiteral("(a+)+$"); // catastrophic in backtracking engines
    regex.text = QStringLiteral("matched");
    const QString evil = QString(30, QLatin1Char('a')) + QLatin1Char('!');
    QElapsedTimer timer;
    timer.start();
    const auto m = FieldDisplay::applyMappings({regex}, evil);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!m || m->text == QLatin1String("matched"));
}

void TestHostileValues::legendFormatAndTemplatingWithHostileText()
{
    const QString huge(10000, QLatin1Char('x'));
    Labels labels{{QStringLiteral("pod"), huge}, {QStringLiteral("__name__"), QStringLiteral("up")}};
    QCOMPARE(formatLegend(QStringLiteral("{{pod}}"), labels), huge);
    QVERIFY(seriesName(labels).contains(huge));
    // Unterminated and nested braces stay text; a missing label is empty.
    QCOMPARE(formatLegend(QStringLiteral("{{pod"), labels), QStringLiteral("{{pod"));
    QCOMPARE(formatLegend(QStringLiteral("a{{missing}}b"), labels), QStringLiteral("ab"));
    const QString manyBraces = QString(5000, QLatin1Char('{')) + QStringLiteral("pod") + QString(5000, QLatin1Char('}'));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!formatLegend(manyBraces, labels).isNull());
    QVERIFY(timer.elapsed() < 5000);

    // A variable whose value refers to itself, or to another that refers back, is
    // interpolated once, not forever.
    Variable self;
    self.name = QStringLiteral("a");
    self.type = QStringLiteral("custom");
    self.current = {QStringLiteral("$a$a")};
    self.currentText = self.current;
    Variable other;
    other.name = QStringLiteral("b");
    other.type = QStringLiteral("custom");
    other.current = {QStringLiteral("${a}") + huge};
    other.currentText = other.current;
    const QList<Variable> vars{self, other};
    Templating::MacroValues macros;
    macros.fromMs = qint64(kBefore1970Ms);
    macros.toMs = qint64(kFarFutureSeconds * 1000);
    macros.intervalSeconds = -15; // a negative step
    timer.restart();
    const QString out = Templating::interpolate(QStringLiteral("rate(x[$__interval]) $a $b ${a:regex} [[b]] $__range ${") +
                                                    QString(10000, QLatin1Char('$')),
                                                vars, macros);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(out.contains(QLatin1String("$a$a")));
    QVERIFY(out.size() < 200000);
    macros.intervalSeconds = kNaN;
    QVERIFY(!Templating::interpolate(QStringLiteral("$__interval $__rate_interval"), vars, macros).isEmpty());
    QVERIFY(Templating::referencedVariables(QString(10000, QLatin1Char('$'))).isEmpty());

    // Interval variables over a range that runs backwards or past 2262.
    Variable iv;
    iv.name = QStringLiteral("iv");
    iv.type = QStringLiteral("interval");
    iv.query = QStringLiteral("1m,10m");
    iv.autoInterval = true;
    iv.autoCount = 30;
    iv.autoMin = QStringLiteral("-10s");
    for (const auto &[from, to] : std::vector<std::pair<qint64, qint64>>{
             {qint64(kT0), qint64(kT0) - 3600000}, {qint64(kBefore1970Ms), qint64(kFarFutureSeconds * 1000)},
             {std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()}}) {
        const QString auto_ = Templating::autoInterval(iv, from, to);
        QVERIFY2(!auto_.isEmpty() && auto_.size() < 64, qPrintable(auto_));
    }
}

void TestHostileValues::prometheusDecoderHostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("seriesCount");
    const QByteArray hugeLabel(10000, 'x');
    QTest::newRow("special values") << QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"1\"},"
        "\"values\":[[1,\"NaN\"],[2,\"+Inf\"],[3,\"-Inf\"],[4,\"1e308\"],[5,\"-1e308\"],[6,\"4.9e-324\"],"
        "[7,\"1e309\"],[8,\"inf\"],[9,\"nan\"]]}]}}") << true << 1;
    QTest::newRow("timestamps before 1970 and past 2262") << QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
        "\"values\":[[-1000000000,\"1\"],[-0.5,\"2\"],[1e11,\"3\"],[1e15,\"4\"]]}]}}") << true << 1;
    QTest::newRow("empty result") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")
                                  << true << 0;
    QTest::newRow("duplicate series") << QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        "{\"metric\":{\"a\":\"1\"},\"value\":[1,\"1\"]},{\"metric\":{\"a\":\"1\"},\"value\":[1,\"2\"]}]}}") << true << 2;
    QTest::newRow("10,000-character label") << (QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"") + hugeLabel + "\":\"" +
        hugeLabel + "\"},\"value\":[1,\"1\"]}]}}") << true << 1;
    QTest::newRow("value not a number") << QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}")
                                        << false << 0;
    QTest::newRow("huge timestamp") << QByteArray(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1e400,\"1\"]}]}}")
                                    << false << 0;
    QTest::newRow("scalar NaN") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[-1e10,\"NaN\"]}}")
                                << true << 1;
    QTest::newRow("truncated") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{")
                               << false << 0;
    QTest::newRow("empty body") << QByteArray() << false << 0;
    QTest::newRow("NUL bytes") << QByteArray("{\"status\":\"succ\0ess\"}", 21) << false << 0;
}

void TestHostileValues::prometheusDecoderHostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(int, seriesCount);
    const QueryResult r = decodePrometheusResponse(body);
    QCOMPARE(r.ok(), ok);
    if (!ok) {
        QVERIFY(!r.error.isEmpty());
        return;
    }
    QCOMPARE(int(r.series.size()), seriesCount);
    for (const Series &s : r.series) {
        QCOMPARE(s.timestampsMs.size(), s.values.size());
        for (double t : s.timestampsMs)
            QVERIFY2(std::isfinite(t), "a timestamp must be a time");
    }
    if (QByteArray(QTest::currentDataTag()) == "special values") {
        const ValueColumn &v = r.series[0].values;
        QVERIFY(std::isnan(v[0]));
        QCOMPARE(v[1], kInf);
        QCOMPARE(v[2], -kInf);
        QCOMPARE(v[3], 1e308);
        QCOMPARE(v[4], -1e308);
        QCOMPARE(v[5], kDenorm);
        QCOMPARE(v[6], kInf); // out of range reads as infinity, as Go's ParseFloat does
    }
    if (QByteArray(QTest::currentDataTag()) == "timestamps before 1970 and past 2262") {
        QCOMPARE(r.series[0].timestampsMs[0], -1e12);
        QCOMPARE(r.series[0].timestampsMs[1], -500.0);
        QCOMPARE(r.series[0].timestampsMs[2], kFarFutureSeconds * 1000);
    }
}

void TestHostileValues::prometheusDecoderInvalidUtf8()
{
    // Label names and values with bytes that are not UTF-8: decoded (or refused)
    // without crashing, and never leaking raw bytes into a QString as Latin-1.
    const QByteArray body = QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                                       "{\"metric\":{\"job\":\"a\xff\xfe" "b\",\"k\xc3\":\"\xed\xa0\x80\",\"x\":\"\xf4\x90\x80\x80\"},"
                                       "\"value\":[1,\"1\"]}]}}");
    const QueryResult r = decodePrometheusResponse(body);
    if (!r.ok()) {
        QCOMPARE(r.errorType, QStringLiteral("decode"));
        return;
    }
    QCOMPARE(int(r.series.size()), 1);
    const Labels &l = r.series[0].labels;
    QVERIFY(!l.isEmpty());
    for (auto it = l.begin(); it != l.end(); ++it) {
        // Whatever the decoder made of the bytes, it is valid text.
        QVERIFY(!it.key().toUtf8().isEmpty() || it.key().isEmpty());
        QCOMPARE(QString::fromUtf8(it.value().toUtf8()), it.value());
    }
    const QString job = l.value(QStringLiteral("job"));
    QVERIFY2(job.startsWith(QLatin1Char('a')) && job.endsWith(QLatin1Char('b')), qPrintable(job));
    QVERIFY2(job.contains(QChar::ReplacementCharacter), qPrintable(job));
    QVERIFY(!seriesName(l).isEmpty());
}

void TestHostileValues::deeplyNestedJsonIsAnError_data()
{
    QTest::addColumn<QByteArray>("body");
    const int depth = 200000;
    QTest::newRow("arrays") << QByteArray(depth, '[');
    QTest::newRow("arrays closed") << QByteArray(depth, '[') + QByteArray(depth, ']');
    QByteArray objects;
    objects.reserve(depth * 6);
    for (int i = 0; i < depth; ++i)
        objects += "{\"a\":";
    QTest::newRow("objects") << objects;
    QByteArray inPanels("{\"panels\":");
    inPanels += QByteArray(depth, '[');
    QTest::newRow("under panels") << inPanels;
    QByteArray inData("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":");
    inData += QByteArray(depth, '[');
    QTest::newRow("under result") << inData;
}

void TestHostileValues::deeplyNestedJsonIsAnError()
{
    QFETCH(QByteArray, body);
    // Each parser refuses with an error: no stack overflow, no hang.
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorType, QStringLiteral("decode"));
    const DashboardLoader::Result d = DashboardLoader::parse(body, QStringLiteral("nested.json"));
    QVERIFY(!d.dashboard);
    QVERIFY(!d.error.isEmpty());
    QList<Alert> alerts;
    QList<Silence> silences;
    QList<AlertRule> rules;
    QString error;
    QVERIFY(!AlertDecoder::alertmanagerAlerts(body, &alerts, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AlertDecoder::alertmanagerGroups(body, &alerts, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AlertDecoder::silences(body, &silences, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AlertDecoder::prometheusAlerts(body, &alerts, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AlertDecoder::prometheusRules(body, &rules, &error));
    QVERIFY(!error.isEmpty());
}

// ---------------------------------------------------------------- views

void TestHostileValues::viewsPaintHostileData_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("dataset");
    const QStringList types{QStringLiteral("timeseries"), QStringLiteral("graph"), QStringLiteral("stat"),
                            QStringLiteral("gauge"), QStringLiteral("bargauge"), QStringLiteral("table"),
                            QStringLiteral("piechart"), QStringLiteral("heatmap")};
    const QStringList sets{QStringLiteral("empty"), QStringLiteral("all NaN"), QStringLiteral("Inf in the middle"),
                           QStringLiteral("+-1e308"), QStringLiteral("denormals"), QStringLiteral("before 1970"),
                           QStringLiteral("after 2262"), QStringLiteral("negative step"),
                           QStringLiteral("10,000-character names"), QStringLiteral("duplicate series"),
                           QStringLiteral("histogram of extremes"), QStringLiteral("2,000 series")};
    for (const QString &t : types)
        for (const QString &s : sets)
            QTest::newRow(qPrintable(t + QStringLiteral(": ") + s)) << t << s;
}

namespace {

PanelData hostileData(const QString &name)
{
    const QString huge(10000, QLatin1Char('W'));
    if (name == QLatin1String("empty"))
        return dataOver({});
    if (name == QLatin1String("all NaN"))
        return dataOver({makeSeries(QStringLiteral("a"), std::vector<double>(10, kNaN)),
                         makeSeries(QStringLiteral("b"), std::vector<double>(10, kNaN))});
    if (name == QLatin1String("Inf in the middle"))
        return dataOver({makeSeries(QStringLiteral("a"), {1, 2, kInf, 3, -kInf, kNaN, 4, 5, kInf, 6}),
                         makeSeries(QStringLiteral("b"), {kInf, kInf, kInf})});
    if (name == QLatin1String("+-1e308"))
        return dataOver({makeSeries(QStringLiteral("up"), {1e308, -1e308, 1e308, std::numeric_limits<double>::max()}),
                         makeSeries(QStringLiteral("down"), {-1e308, std::numeric_limits<double>::lowest()})});
    if (name == QLatin1String("denormals"))
        return dataOver({makeSeries(QStringLiteral("tiny"), {kDenorm, 2 * kDenorm, -kDenorm, 1e-310})});
    if (name == QLatin1String("before 1970"))
        return dataOver({makeSeries(QStringLiteral("old"), {1, 2, 3, 4}, kBefore1970Ms, 60000)}, kBefore1970Ms,
                        kBefore1970Ms + 4 * 60000, 60);
    if (name == QLatin1String("after 2262")) {
        const double start = kFarFutureSeconds * 1000;
        return dataOver({makeSeries(QStringLiteral("future"), {1, 2, 3, 4}, start, 60000)}, start, start + 4 * 60000, 60);
    }
    if (name == QLatin1String("negative step")) {
        // A range that runs backwards, a negative step and descending timestamps.
        return dataOver({makeSeries(QStringLiteral("back"), {5, 4, 3, 2, 1}, kT0, -15000)}, kT0, kT0 - 5 * 15000, -15);
    }
    if (name == QLatin1String("10,000-character names"))
        return dataOver({makeSeries(huge, {1, 2, 3}, kT0, 15000, {{huge, huge}, {QStringLiteral("le"), huge}}),
                         makeSeries(huge + QLatin1Char('2'), {3, 2, 1}, kT0, 15000, {{QStringLiteral("pod"), huge}})});
    if (name == QLatin1String("duplicate series")) {
        const Labels l{{QStringLiteral("pod"), QStringLiteral("a")}};
        return dataOver({makeSeries(QStringLiteral("a"), {1, 2, 3}, kT0, 15000, l),
                         makeSeries(QStringLiteral("a"), {1, 2, 3}, kT0, 15000, l),
                         makeSeries(QStringLiteral("a"), {3, 2, 1}, kT0, 15000, l)});
    }
    if (name == QLatin1String("histogram of extremes")) {
        auto le = [](const QString &bound, std::vector<double> v) {
            return makeSeries(bound, std::move(v), kT0, 15000, {{QStringLiteral("le"), bound}});
        };
        return dataOver({le(QStringLiteral("+Inf"), {1e308, kNaN, kInf}), le(QStringLiteral("1e308"), {1, kInf, 2}),
                         le(QStringLiteral("NaN"), {1, 1, 1}), le(QStringLiteral("-Inf"), {0, 0, 0}),
                         le(QStringLiteral("4.9e-324"), {kDenorm, 0, -1e308}), le(QStringLiteral("garbage"), {1, 2, 3})});
    }
    if (name == QLatin1String("2,000 series")) {
        std::vector<PanelSeries> many;
        for (int i = 0; i < 2000; ++i)
            many.push_back(makeSeries(QStringLiteral("s%1").arg(i), {double(i), double(i) + 1, kNaN}, kT0, 15000,
                                      {{QStringLiteral("i"), QString::number(i)}}));
        return dataOver(std::move(many));
    }
    qFatal("unknown dataset");
    return {};
}

} // namespace

void TestHostileValues::viewsPaintHostileData()
{
    QFETCH(QString, type);
    QFETCH(QString, dataset);
    const Panel p = panelOfType(type);
    std::unique_ptr<PanelWidget> w(createPanelWidget(p, nullptr));
    QVERIFY(w);
    w->resize(480, 320);
    const PanelData data = hostileData(dataset);
    QElapsedTimer timer;
    timer.start();
    w->setData(data);
    const QImage img = paint(*w);
    QVERIFY(!img.isNull());
    // Bounded work even for the largest set (the machine is shared: generous).
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
    // A pie or heatmap with nothing it can draw says "No data" (checked below).
    if (data.series.empty())
        QVERIFY(w->showsNoData());
    else if (!qobject_cast<PiePanel *>(w.get()) && !qobject_cast<HeatmapPanel *>(w.get()))
        QVERIFY(!w->showsNoData());
    QVERIFY(w->errorText().isEmpty());

    if (auto *chart = qobject_cast<ChartPanel *>(w.get())) {
        for (QAbstractAxis *a : chart->chart()->axes()) {
            if (auto *c = qobject_cast<QCategoryAxis *>(a)) {
                QVERIFY2(std::isfinite(c->min()) && std::isfinite(c->max()) && c->min() <= c->max(),
                         qPrintable(QStringLiteral("y axis %1..%2").arg(c->min()).arg(c->max())));
                for (const QString &label : c->categoriesLabels())
                    QVERIFY2(readable(label), qPrintable(label.left(80)));
            }
        }
        for (QAbstractSeries *s : chart->chart()->series())
            if (auto *l = qobject_cast<QXYSeries *>(s))
                for (const QPointF &pt : l->points())
                    QVERIFY2(std::isfinite(pt.x()) && std::isfinite(pt.y()), "non-finite point handed to Qt Charts");
        for (const ChartPanel::DrawnLine &l : chart->drawnLines())
            for (const QPointF &pt : l.points)
                QVERIFY2(std::isfinite(pt.x()) && std::isfinite(pt.y()), "non-finite point drawn");
        QVERIFY(chart->legend()->entryCount() <= int(data.series.size()));
        // The tooltip search over hostile data finds something or nothing, quietly.
        const QRectF area = chart->chart()->plotArea();
        for (double fx : {0.0, 0.25, 0.5, 0.99})
            chart->tooltipTextAt(QPointF(area.left() + area.width() * fx, area.center().y()));
    }
    auto checkCells = [&](const QList<ValueCell> &cells) {
        QCOMPARE(cells.size(), qsizetype(data.series.size()));
        for (const ValueCell &c : cells) {
            QVERIFY2(readable(c.text), qPrintable(c.text.left(80)));
            QVERIFY2(c.percent >= 0 && c.percent <= 1, qPrintable(QString::number(c.percent)));
        }
    };
    if (auto *stat = qobject_cast<StatPanel *>(w.get()))
        checkCells(stat->cells());
    if (auto *gauge = qobject_cast<GaugePanel *>(w.get())) {
        checkCells(gauge->gauges());
        QVERIFY(std::isfinite(gauge->range().min) && std::isfinite(gauge->range().max));
        QVERIFY(gauge->range().min < gauge->range().max);
    }
    if (auto *bar = qobject_cast<BarGaugePanel *>(w.get())) {
        checkCells(bar->bars());
        QVERIFY(std::isfinite(bar->range().min) && std::isfinite(bar->range().max));
        for (const QRectF &r : bar->barRects())
            QVERIFY(std::isfinite(r.width()) && std::isfinite(r.height()));
    }
    if (auto *table = qobject_cast<TablePanel *>(w.get())) {
        QAbstractItemModel *m = table->proxy();
        for (int r = 0; r < std::min(m->rowCount(), 50); ++r)
            for (int c = 0; c < m->columnCount(); ++c) {
                const QString text = m->index(r, c).data().toString();
                QVERIFY2(text.size() > 64 || text.isEmpty() || readable(text), qPrintable(text.left(80)));
            }
    }
    if (auto *pie = qobject_cast<PiePanel *>(w.get())) {
        QCOMPARE(pie->showsNoData(), pie->pieSeries()->slices().isEmpty());
        for (QPieSlice *s : pie->pieSeries()->slices()) {
            QVERIFY2(std::isfinite(s->value()) && s->value() >= 0, qPrintable(QString::number(s->value())));
            QVERIFY(std::isfinite(s->percentage()));
        }
    }
    if (auto *heat = qobject_cast<HeatmapPanel *>(w.get())) {
        const HeatmapGrid &g = heat->grid();
        // An infinite bucket value is an infinite count; never a negative one.
        QVERIFY(g.maxCount >= 0);
        for (double c : g.counts) {
            QVERIFY(std::isnan(c) || c >= 0);
            const QColor color = heat->colorFor(c);
            QVERIFY(color.isValid());
        }
        QVERIFY(g.lowerBounds.size() == g.upperBounds.size());
        for (int y = 0; y < w->height(); y += 20)
            for (int x = 0; x < w->width(); x += 20)
                heat->describeAt(QPoint(x, y));
    }
    // The same view survives being emptied afterwards.
    w->setData(PanelData());
    paint(*w);
    QVERIFY(w->showsNoData());
}

void TestHostileValues::statShowsNoDataAndInfinities()
{
    Panel p = panelOfType(QStringLiteral("stat"));
    p.unit = QStringLiteral("s");
    StatPanel stat(p);
    stat.resize(400, 200);
    stat.setData(hostileData(QStringLiteral("all NaN")));
    paint(stat);
    QCOMPARE(stat.cells().size(), 2);
    for (const ValueCell &c : stat.cells()) {
        QCOMPARE(c.text, QStringLiteral("No data"));
        QVERIFY(c.isNull);
    }
    // lastNotNull skips the NaN and the infinities are shown as such.
    stat.setData(hostileData(QStringLiteral("Inf in the middle")));
    QCOMPARE(stat.cells().at(0).text, formatValue(6, QStringLiteral("s")));
    QCOMPARE(stat.cells().at(1).text, QStringLiteral("+Inf"));
    p.reduceCalc = QStringLiteral("last");
    StatPanel last(p);
    last.resize(400, 200);
    PanelData nullLast = dataOver({makeSeries(QStringLiteral("a"), {1, 2, kNaN})});
    last.setData(nullLast);
    QCOMPARE(last.cells().at(0).text, QStringLiteral("No data"));
    paint(last);
    // Extremes in a readable form (Grafana's exponent notation), not a 300-digit number.
    stat.setData(hostileData(QStringLiteral("+-1e308")));
    const QString up = stat.cells().at(0).text;
    QVERIFY2(readable(up), qPrintable(up));
    QVERIFY2(up.contains(QLatin1String("e+")) || up.contains(QLatin1String("e3")), qPrintable(up));
    paint(stat);
}

void TestHostileValues::chartMillionSeriesStaysBounded()
{
    // A million series in one result (a runaway `by (request_id)`): the chart draws
    // a bounded number of them, in Grafana's legend order, and says so.
    const int total = 1'000'000;
    PanelData d = dataOver({});
    d.series.reserve(total);
    for (int i = 0; i < total; ++i) {
        PanelSeries s;
        s.name = QStringLiteral("r%1").arg(i);
        s.refId = QStringLiteral("A");
        s.timestampsMs = {kT0, kT0 + 15000};
        s.values = {double(i % 1000), double((i * 7) % 1000)};
        d.series.push_back(std::move(s));
    }
    Panel p = panelOfType(QStringLiteral("timeseries"));
    ChartPanel chart(p);
    chart.resize(800, 400);
    QElapsedTimer timer;
    timer.start();
    chart.setData(d);
    const qint64 setMs = timer.elapsed();
    const QImage img = paint(chart);
    const qint64 totalMs = timer.elapsed();
    QVERIFY(!img.isNull());
    QVERIFY2(totalMs < 60000, qPrintable(QStringLiteral("setData %1 ms, paint %2 ms").arg(setMs).arg(totalMs - setMs)));
    const int drawn = int(chart.chart()->series().size() + chart.drawnLines().size());
    QVERIFY2(drawn < 5000, qPrintable(QStringLiteral("%1 chart series").arg(drawn)));
    QVERIFY2(chart.legend()->entryCount() < 5000, qPrintable(QString::number(chart.legend()->entryCount())));
    QVERIFY(chart.legend()->entryCount() > 0);
    // The first series (the legend's default order) are the ones drawn.
    QCOMPARE(chart.legend()->shownNames().value(0), QStringLiteral("r0"));
    // The user is told.
    auto *note = chart.findChild<QLabel *>(QStringLiteral("seriesLimitNote"));
    QVERIFY(note);
    QVERIFY(note->isVisibleTo(&chart));
    QVERIFY2(note->text().contains(QLocale().toString(total)) || note->text().contains(QString::number(total)),
             qPrintable(note->text()));
    // Back to a few series: the note goes away.
    chart.setData(hostileData(QStringLiteral("duplicate series")));
    QVERIFY(!note->isVisibleTo(&chart));
    QCOMPARE(chart.legend()->entryCount(), 3);
}

void TestHostileValues::otherViewsManySeries()
{
    // The other views show every series (a table row, a tile, a bar each) but stay
    // bounded in time; the pie keeps its largest slices and one "Other".
    const int total = 100'000;
    PanelData d = dataOver({});
    d.series.reserve(total);
    for (int i = 0; i < total; ++i)
        d.series.push_back(makeSeries(QStringLiteral("r%1").arg(i), {double(i)}, kT0, 15000,
                                      {{QStringLiteral("id"), QString::number(i)}}));
    for (const char *type : {"table", "stat", "bargauge", "piechart", "heatmap", "gauge"}) {
        std::unique_ptr<PanelWidget> w(createPanelWidget(panelOfType(QLatin1String(type)), nullptr));
        w->resize(600, 400);
        QElapsedTimer timer;
        timer.start();
        w->setData(d);
        paint(*w);
        QVERIFY2(timer.elapsed() < 60000, qPrintable(QStringLiteral("%1: %2 ms").arg(QLatin1String(type)).arg(timer.elapsed())));
        if (auto *pie = qobject_cast<PiePanel *>(w.get())) {
            QCOMPARE(pie->pieSeries()->count(), 100);
            QCOMPARE(pie->sliceNames().value(0), QStringLiteral("r%1").arg(total - 1)); // the largest first
            QVERIFY(pie->sliceNames().last().contains(QString::number(total - 99)));
            double sum = 0;
            for (int i = 0; i < total; ++i)
                sum += i;
            QCOMPARE(pie->pieSeries()->sum(), sum); // nothing lost: the rest is "Other"
        }
        if (auto *table = qobject_cast<TablePanel *>(w.get()))
            QCOMPARE(table->proxy()->rowCount(), total);
    }
}

QTEST_MAIN(TestHostileValues)
#include "tst_hostilevalues.moc"
