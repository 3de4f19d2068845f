#include "timerange.h"

#include <QTest>

#include <optional>

namespace {

constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kDay = 24 * kHour;

// A fixed "now" (a Friday afternoon, UTC) so relative expressions are reproducible.
QDateTime fixedNow()
{
    return QDateTime(QDate(2024, 3, 15), QTime(13, 45, 30, 123), Qt::UTC);
}

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

class TestTimeRange : public QObject
{
    Q_OBJECT

private slots:
    void parseDuration_data();
    void parseDuration();
    void parseDurationInvalid_data();
    void parseDurationInvalid();
    void parseDurationHugeDoesNotWrap();
    void formatDuration_data();
    void formatDuration();
    void formatParseRoundTrip_data();
    void formatParseRoundTrip();
    void parseTimeExpression_data();
    void parseTimeExpression();
    void parseTimeExpressionInvalid_data();
    void parseTimeExpressionInvalid();
    void parseTimeExpressionKeepsTimeSpec();
    void resolve_data();
    void resolve();
    void resolveErrors_data();
    void resolveErrors();
    void resolveWithoutErrorPointer();
    void displayTextRelative_data();
    void displayTextRelative();
    void displayTextAbsolute();
    void lastDuration();
    void absoluteRoundTrip();
};

void TestTimeRange::parseDuration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");

    QTest::newRow("15s") << QStringLiteral("15s") << 15 * kSec;
    QTest::newRow("5m") << QStringLiteral("5m") << 5 * kMin;
    QTest::newRow("1h") << QStringLiteral("1h") << kHour;
    QTest::newRow("1h30m") << QStringLiteral("1h30m") << kHour + 30 * kMin;
    QTest::newRow("7d") << QStringLiteral("7d") << 7 * kDay;
    QTest::newRow("1w") << QStringLiteral("1w") << 7 * kDay;
    QTest::newRow("1y") << QStringLiteral("1y") << 365 * kDay;
    QTest::newRow("250ms") << QStringLiteral("250ms") << qint64(250);
    QTest::newRow("1m500ms") << QStringLiteral("1m500ms") << kMin + 500;
    QTest::newRow("1d2h3m4s5ms") << QStringLiteral("1d2h3m4s5ms")
                                 << kDay + 2 * kHour + 3 * kMin + 4 * kSec + 5;
    QTest::newRow("0s") << QStringLiteral("0s") << qint64(0);
    QTest::newRow("surrounding spaces") << QStringLiteral("  5m ") << 5 * kMin;
    QTest::newRow("90m not normalised") << QStringLiteral("90m") << 90 * kMin;
}

void TestTimeRange::parseDuration()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const std::optional<qint64> parsed = parseDurationMs(text);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, ms);
}

void TestTimeRange::parseDurationInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("   ");
    QTest::newRow("abc") << QStringLiteral("abc");
    QTest::newRow("unknown unit") << QStringLiteral("5x");
    QTest::newRow("negative") << QStringLiteral("-5m");
    QTest::newRow("no unit") << QStringLiteral("5");
    QTest::newRow("unit only") << QStringLiteral("m");
    QTest::newRow("fraction") << QStringLiteral("1.5h");
    QTest::newRow("inner space") << QStringLiteral("5 m");
    QTest::newRow("trailing junk") << QStringLiteral("5mx");
    QTest::newRow("double unit") << QStringLiteral("5mm");
    QTest::newRow("months are not durations") << QStringLiteral("1M");
    QTest::newRow("too large") << QStringLiteral("1000000001s");
}

void TestTimeRange::parseDurationInvalid()
{
    QFETCH(QString, text);
    const std::optional<qint64> parsed = parseDurationMs(text);
    QVERIFY2(!parsed.has_value(), qPrintable(QString::number(parsed.value_or(0))));
}

void TestTimeRange::parseDurationHugeDoesNotWrap()
{
    // Each part is capped at 10^9 units, but 10^9 years is ~3.2e19 ms, more than
    // qint64 holds: the result must be rejected (or saturate), never wrap negative.
    const std::optional<qint64> parsed = parseDurationMs(QStringLiteral("1000000000y"));
    QVERIFY(!parsed.has_value() || *parsed > 0);
}

void TestTimeRange::formatDuration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("negative") << qint64(-5000) << QStringLiteral("0s");
    QTest::newRow("250ms") << qint64(250) << QStringLiteral("250ms");
    QTest::newRow("15s") << 15 * kSec << QStringLiteral("15s");
    QTest::newRow("1s500ms") << qint64(1500) << QStringLiteral("1s500ms");
    QTest::newRow("5m") << 5 * kMin << QStringLiteral("5m");
    QTest::newRow("1h30m") << kHour + 30 * kMin << QStringLiteral("1h30m");
    QTest::newRow("6h") << 6 * kHour << QStringLiteral("6h");
    QTest::newRow("24h is 1d") << 24 * kHour << QStringLiteral("1d");
    QTest::newRow("7d is 1w") << 7 * kDay << QStringLiteral("1w");
    QTest::newRow("8d") << 8 * kDay << QStringLiteral("1w1d");
    QTest::newRow("every unit") << 7 * kDay + kDay + kHour + kMin + kSec + 1
                                << QStringLiteral("1w1d1h1m1s1ms");
}

void TestTimeRange::formatDuration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDurationMs(ms), text);
}

void TestTimeRange::formatParseRoundTrip_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::newRow("1ms") << qint64(1);
    QTest::newRow("999ms") << qint64(999);
    QTest::newRow("61s") << 61 * kSec;
    QTest::newRow("90m") << 90 * kMin;
    QTest::newRow("13d") << 13 * kDay;
    QTest::newRow("odd") << qint64(123456789012);
}

void TestTimeRange::formatParseRoundTrip()
{
    QFETCH(qint64, ms);
    const std::optional<qint64> back = parseDurationMs(formatDurationMs(ms));
    QVERIFY(back.has_value());
    QCOMPARE(*back, ms);
}

void TestTimeRange::parseTimeExpression_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<bool>("roundUp");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime now = fixedNow();
    QTest::newRow("now") << QStringLiteral("now") << false << now;
    QTest::newRow("now roundUp has no effect") << QStringLiteral("now") << true << now;
    QTest::newRow("now-6h") << QStringLiteral("now-6h") << false << now.addMSecs(-6 * kHour);
    QTest::newRow("now-15m") << QStringLiteral("now-15m") << false << now.addMSecs(-15 * kMin);
    QTest::newRow("now-7d") << QStringLiteral("now-7d") << false << utc(2024, 3, 8, 13, 45, 30, 123);
    QTest::newRow("now-1w") << QStringLiteral("now-1w") << false << utc(2024, 3, 8, 13, 45, 30, 123);
    QTest::newRow("now-250ms") << QStringLiteral("now-250ms") << false << utc(2024, 3, 15, 13, 45, 29, 873);
    QTest::newRow("now+1h") << QStringLiteral("now+1h") << false << utc(2024, 3, 15, 14, 45, 30, 123);
    QTest::newRow("now-1M calendar month") << QStringLiteral("now-1M") << false
                                           << utc(2024, 2, 15, 13, 45, 30, 123);
    QTest::newRow("now-1y calendar year") << QStringLiteral("now-1y") << false
                                          << utc(2023, 3, 15, 13, 45, 30, 123);
    QTest::newRow("spaces trimmed") << QStringLiteral("  now-6h ") << false << now.addMSecs(-6 * kHour);

    QTest::newRow("now-1d/d start") << QStringLiteral("now-1d/d") << false << utc(2024, 3, 14);
    QTest::newRow("now-1d/d end") << QStringLiteral("now-1d/d") << true
                                  << utc(2024, 3, 14, 23, 59, 59, 999);
    QTest::newRow("now/d start") << QStringLiteral("now/d") << false << utc(2024, 3, 15);
    QTest::newRow("now/d end of day") << QStringLiteral("now/d") << true
                                      << utc(2024, 3, 15, 23, 59, 59, 999);
    QTest::newRow("now/h") << QStringLiteral("now/h") << false << utc(2024, 3, 15, 13);
    QTest::newRow("now/h end") << QStringLiteral("now/h") << true << utc(2024, 3, 15, 13, 59, 59, 999);
    QTest::newRow("now/m") << QStringLiteral("now/m") << false << utc(2024, 3, 15, 13, 45);
    QTest::newRow("now/s") << QStringLiteral("now/s") << false << utc(2024, 3, 15, 13, 45, 30);
    // 2024-03-15 is a Friday; weeks start on Monday (ISO).
    QTest::newRow("now/w start monday") << QStringLiteral("now/w") << false << utc(2024, 3, 11);
    QTest::newRow("now/w end sunday") << QStringLiteral("now/w") << true
                                      << utc(2024, 3, 17, 23, 59, 59, 999);
    QTest::newRow("now/M") << QStringLiteral("now/M") << false << utc(2024, 3, 1);
    QTest::newRow("now/M end") << QStringLiteral("now/M") << true << utc(2024, 3, 31, 23, 59, 59, 999);
    QTest::newRow("now-1M/M end (leap February)") << QStringLiteral("now-1M/M") << true
                                                  << utc(2024, 2, 29, 23, 59, 59, 999);
    QTest::newRow("now/y") << QStringLiteral("now/y") << false << utc(2024, 1, 1);
    QTest::newRow("now-1y/y end") << QStringLiteral("now-1y/y") << true
                                  << utc(2023, 12, 31, 23, 59, 59, 999);

    QTest::newRow("epoch ms") << QStringLiteral("1700000000000") << false
                              << QDateTime::fromMSecsSinceEpoch(1700000000000LL, Qt::UTC);
    QTest::newRow("epoch ms zero") << QStringLiteral("0") << false
                                   << QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    QTest::newRow("ISO 8601 Z") << QStringLiteral("2024-03-01T10:20:30Z") << false
                                << utc(2024, 3, 1, 10, 20, 30);
    QTest::newRow("ISO 8601 with ms") << QStringLiteral("2024-03-01T10:20:30.250Z") << false
                                      << utc(2024, 3, 1, 10, 20, 30, 250);
    QTest::newRow("ISO 8601 offset") << QStringLiteral("2024-03-01T12:20:30+02:00") << false
                                     << utc(2024, 3, 1, 10, 20, 30);
}

void TestTimeRange::parseTimeExpression()
{
    QFETCH(QString, expr);
    QFETCH(bool, roundUp);
    QFETCH(QDateTime, expected);
    const std::optional<QDateTime> t = ::parseTimeExpression(expr, fixedNow(), roundUp);
    QVERIFY(t.has_value());
    QVERIFY(t->isValid());
    // Compare instants: the offset form keeps its own offset.
    QCOMPARE(t->toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
}

void TestTimeRange::parseTimeExpressionInvalid_data()
{
    QTest::addColumn<QString>("expr");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("  ");
    QTest::newRow("garbage") << QStringLiteral("yesterday");
    QTest::newRow("now-") << QStringLiteral("now-");
    QTest::newRow("now-6") << QStringLiteral("now-6");
    QTest::newRow("now-6x") << QStringLiteral("now-6x");
    QTest::newRow("now-h") << QStringLiteral("now-h");
    QTest::newRow("now*6h") << QStringLiteral("now*6h");
    QTest::newRow("bad rounding unit") << QStringLiteral("now/x");
    QTest::newRow("nowish") << QStringLiteral("nowish");
    QTest::newRow("two offsets") << QStringLiteral("now-1h-1h");
    QTest::newRow("bad date") << QStringLiteral("2024-13-45T99:00:00Z");
    QTest::newRow("float epoch") << QStringLiteral("1700000000.5");
}

void TestTimeRange::parseTimeExpressionInvalid()
{
    QFETCH(QString, expr);
    const std::optional<QDateTime> t = ::parseTimeExpression(expr, fixedNow());
    QVERIFY2(!t.has_value(), qPrintable(t ? t->toString(Qt::ISODateWithMs) : QString()));
}

void TestTimeRange::parseTimeExpressionKeepsTimeSpec()
{
    // Rounding to a day happens in the time zone of `now`, so a local "now" rounds to
    // local midnight.
    const QDateTime localNow(QDate(2024, 6, 10), QTime(15, 30), Qt::LocalTime);
    const auto t = ::parseTimeExpression(QStringLiteral("now/d"), localNow);
    QVERIFY(t.has_value());
    QCOMPARE(t->timeSpec(), Qt::LocalTime);
    QCOMPARE(t->date(), QDate(2024, 6, 10));
    QCOMPARE(t->time(), QTime(0, 0));
}

void TestTimeRange::resolve_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QDateTime>("start");
    QTest::addColumn<QDateTime>("end");

    const QDateTime now = fixedNow();
    QTest::newRow("last 6h") << QStringLiteral("now-6h") << QStringLiteral("now")
                             << now.addMSecs(-6 * kHour) << now;
    QTest::newRow("last 15m") << QStringLiteral("now-15m") << QStringLiteral("now")
                              << now.addMSecs(-15 * kMin) << now;
    QTest::newRow("yesterday") << QStringLiteral("now-1d/d") << QStringLiteral("now-1d/d")
                               << utc(2024, 3, 14) << utc(2024, 3, 14, 23, 59, 59, 999);
    QTest::newRow("today so far") << QStringLiteral("now/d") << QStringLiteral("now")
                                  << utc(2024, 3, 15) << now;
    QTest::newRow("today whole") << QStringLiteral("now/d") << QStringLiteral("now/d")
                                 << utc(2024, 3, 15) << utc(2024, 3, 15, 23, 59, 59, 999);
    QTest::newRow("absolute") << QStringLiteral("1700000000000") << QStringLiteral("1700003600000")
                              << QDateTime::fromMSecsSinceEpoch(1700000000000LL, Qt::UTC)
                              << QDateTime::fromMSecsSinceEpoch(1700003600000LL, Qt::UTC);
    QTest::newRow("iso") << QStringLiteral("2024-03-01T00:00:00Z") << QStringLiteral("2024-03-02T00:00:00Z")
                         << utc(2024, 3, 1) << utc(2024, 3, 2);
}

void TestTimeRange::resolve()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QDateTime, start);
    QFETCH(QDateTime, end);

    const TimeRange range{from, to};
    QString error = QStringLiteral("untouched");
    const auto r = range.resolve(fixedNow(), &error);
    QVERIFY2(r.has_value(), qPrintable(error));
    QCOMPARE(error, QStringLiteral("untouched")); // success leaves the error alone
    QVERIFY(r->start < r->end);
    QCOMPARE(r->start.toMSecsSinceEpoch(), start.toMSecsSinceEpoch());
    QCOMPARE(r->end.toMSecsSinceEpoch(), end.toMSecsSinceEpoch());
}

void TestTimeRange::resolveErrors_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("garbage start") << QStringLiteral("garbage") << QStringLiteral("now")
                                   << QStringLiteral("invalid start of time range: \"garbage\"");
    QTest::newRow("garbage end") << QStringLiteral("now-6h") << QStringLiteral("later")
                                 << QStringLiteral("invalid end of time range: \"later\"");
    QTest::newRow("both garbage reports start") << QStringLiteral("x") << QStringLiteral("y")
                                                << QStringLiteral("invalid start");
    QTest::newRow("empty now..now") << QStringLiteral("now") << QStringLiteral("now")
                                    << QStringLiteral("time range is empty");
    QTest::newRow("reversed") << QStringLiteral("now") << QStringLiteral("now-1h")
                              << QStringLiteral("time range is empty: now is not before now-1h");
    QTest::newRow("reversed absolute") << QStringLiteral("1700003600000")
                                       << QStringLiteral("1700000000000")
                                       << QStringLiteral("time range is empty");
}

void TestTimeRange::resolveErrors()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, errorPart);

    QString error;
    const auto r = TimeRange{from, to}.resolve(fixedNow(), &error);
    QVERIFY(!r.has_value());
    QVERIFY2(error.contains(errorPart), qPrintable(error));
}

void TestTimeRange::resolveWithoutErrorPointer()
{
    QVERIFY(!TimeRange({QStringLiteral("bad"), QStringLiteral("now")}).resolve(fixedNow()).has_value());
    QVERIFY(TimeRange().resolve(fixedNow()).has_value()); // the default is now-6h..now
}

void TestTimeRange::displayTextRelative_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("text");

    QTest::newRow("6h") << QStringLiteral("now-6h") << QStringLiteral("Last 6 hours");
    QTest::newRow("15m") << QStringLiteral("now-15m") << QStringLiteral("Last 15 minutes");
    QTest::newRow("7d") << QStringLiteral("now-7d") << QStringLiteral("Last 7 days");
    QTest::newRow("2d") << QStringLiteral("now-2d") << QStringLiteral("Last 2 days");
    QTest::newRow("30d") << QStringLiteral("now-30d") << QStringLiteral("Last 30 days");
    QTest::newRow("30s") << QStringLiteral("now-30s") << QStringLiteral("Last 30 seconds");
    QTest::newRow("90m") << QStringLiteral("now-90m") << QStringLiteral("Last 90 minutes");
    QTest::newRow("2w") << QStringLiteral("now-2w") << QStringLiteral("Last 2 weeks");
}

void TestTimeRange::displayTextRelative()
{
    QFETCH(QString, from);
    QFETCH(QString, text);
    QCOMPARE((TimeRange{from, QStringLiteral("now")}.displayText()), text);
}

void TestTimeRange::displayTextAbsolute()
{
    // Relative ends that are not "last N" keep their expressions.
    QCOMPARE((TimeRange{QStringLiteral("now-6h"), QStringLiteral("now-1h")}.displayText()),
             QStringLiteral("now-6h to now-1h"));
    QCOMPARE((TimeRange{QStringLiteral("now-1d/d"), QStringLiteral("now-1d/d")}.displayText()),
             QStringLiteral("now-1d/d to now-1d/d"));

    // Absolute ends are shown in local time.
    const QDateTime start = utc(2024, 3, 1, 10, 0, 0);
    const QDateTime end = utc(2024, 3, 1, 16, 30, 0);
    const QString fmt = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    QCOMPARE(TimeRange::absolute(start, end).displayText(),
             start.toLocalTime().toString(fmt) + QStringLiteral(" to ") + end.toLocalTime().toString(fmt));

    // Unparseable text is shown as written rather than dropped.
    QCOMPARE((TimeRange{QStringLiteral("junk"), QStringLiteral("now")}.displayText()),
             QStringLiteral("junk to now"));
}

void TestTimeRange::lastDuration()
{
    const TimeRange r = TimeRange::lastDuration(6 * kHour);
    QCOMPARE(r.from, QStringLiteral("now-6h"));
    QCOMPARE(r.to, QStringLiteral("now"));
    QCOMPARE(r, (TimeRange{QStringLiteral("now-6h"), QStringLiteral("now")}));
    QCOMPARE(TimeRange::lastDuration(90 * kMin).from, QStringLiteral("now-1h30m"));
    QCOMPARE(r.displayText(), QStringLiteral("Last 6 hours"));
}

void TestTimeRange::absoluteRoundTrip()
{
    const QDateTime start = utc(2024, 3, 1, 10, 0, 0, 5);
    const QDateTime end = utc(2024, 3, 1, 11, 0, 0);
    const TimeRange r = TimeRange::absolute(start, end);
    QCOMPARE(r.from, QString::number(start.toMSecsSinceEpoch()));
    const auto resolved = r.resolve(fixedNow());
    QVERIFY(resolved.has_value());
    QCOMPARE(resolved->start, start);
    QCOMPARE(resolved->end, end);
}

QTEST_GUILESS_MAIN(TestTimeRange)
#include "tst_timerange.moc"
