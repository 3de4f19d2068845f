#include "units.h"

#include <QTest>

#include <limits>

class TestUnits : public QObject
{
    Q_OBJECT

private slots:
    void formatValue_data();
    void formatValue();
    void specialValues_data();
    void specialValues();
    void formatDuration_data();
    void formatDuration();
};

void TestUnits::formatValue_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, double v, const QString &unit, int dec,
                        const QString &text) {
        QTest::newRow(name) << v << unit << dec << text;
    };
    const auto u = [](const char16_t *s) {
        return QString::fromUtf16(s);
    };

    // Grafana's own expectations (valueFormats.test.ts, displayProcessor.test.ts,
    // dateTimeFormatters.test.ts).
    row("grafana currencyUSD", 1532.82, u(u"currencyUSD"), 2, u(u"$1.53K"));
    row("grafana ms 0.0024", 0.0024, u(u"ms"), 4, u(u"0.0024 ms"));
    row("grafana ms 100", 100, u(u"ms"), 0, u(u"100 ms"));
    row("grafana ms 1250", 1250, u(u"ms"), 2, u(u"1.25 s"));
    row("grafana ms hours", 10000086.123, u(u"ms"), 1, u(u"2.8 hour"));
    row("grafana ms 1200 dec 0", 1200, u(u"ms"), 0, u(u"1 s"));
    row("grafana kbytes", 10000000, u(u"kbytes"), 3, u(u"9.537 GiB"));
    row("grafana deckbytes", 10000000, u(u"deckbytes"), 3, u(u"10.000 GB"));
    row("grafana megwatt", 1000, u(u"megwatt"), 3, u(u"1.000 GW"));
    row("grafana kohm", 1000, u(u"kohm"), 3, u(u"1.000 MΩ"));
    row("grafana Mohm", 1000, u(u"Mohm"), 3, u(u"1.000 GΩ"));
    row("grafana none 100", 100, u(u"none"), -1, u(u"100"));
    row("grafana none 100.4", 100.4, u(u"none"), -1, u(u"100"));
    row("grafana none 100.5 rounds up", 100.5, u(u"none"), -1, u(u"101"));
    row("grafana none 100 dec 1 pads", 100, u(u"none"), 1, u(u"100.0"));
    row("grafana none 100.37 dec 1", 100.37, u(u"none"), 1, u(u"100.4"));
    row("grafana none 100.63 dec 1", 100.63, u(u"none"), 1, u(u"100.6"));
    row("grafana none 100.4 dec 2", 100.4, u(u"none"), 2, u(u"100.40"));
    row("grafana short 1000", 1000, u(u"short"), -1, u(u"1 K"));
    row("grafana short 1200", 1200, u(u"short"), -1, u(u"1.20 K"));
    row("grafana short 1250", 1250, u(u"short"), -1, u(u"1.25 K"));
    row("grafana short 1e6", 1e6, u(u"short"), -1, u(u"1 Mil"));
    row("grafana bytes dec 2", 100030303, u(u"bytes"), 2, u(u"95.40 MiB"));
    row("grafana auto 0.0245", 0.0245, u(u"none"), -1, u(u"0.0245"));
    row("grafana dtdurationms 0", 0, u(u"dtdurationms"), 0, u(u"0 milliseconds"));
    row("grafana dtdurationms 1", 1, u(u"dtdurationms"), 0, u(u"1 millisecond"));
    row("grafana dtdurationms -1", -1, u(u"dtdurationms"), 0, u(u"1 millisecond ago"));
    row("grafana dtdurations 1", 1, u(u"dtdurations"), 0, u(u"1 second"));
    row("grafana dtdurationms no decimals", 38898367008, u(u"dtdurationms"), 0, u(u"1 year"));
    row("grafana dtdurationms 1 decimal", 38898367008, u(u"dtdurationms"), 1,
        u(u"1 year, 2 months"));
    row("grafana dtdurationms all parts", 38898367008, u(u"dtdurationms"), 20,
        u(u"1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds"));
    row("grafana dthms 1", 1, u(u"dthms"), -1, u(u"00:00:01"));
    row("grafana dthms -1", -1, u(u"dthms"), -1, u(u"00:00:01 ago"));
    row("grafana dtdhms 86399", 86399, u(u"dtdhms"), -1, u(u"23:59:59"));
    row("grafana dtdhms 86400", 86400, u(u"dtdhms"), -1, u(u"1 d 00:00:00"));
    row("grafana dtdhms 1179811", 1179811, u(u"dtdhms"), -1, u(u"13 d 15:43:31"));
    row("grafana clockms 999", 999, u(u"clockms"), 0, u(u"999ms"));
    row("grafana clockms 59999", 59999, u(u"clockms"), -1, u(u"59s:999ms"));
    row("grafana clockms 59999 dec 0", 59999, u(u"clockms"), 0, u(u"59s"));
    row("grafana clockms 3599999 dec 1", 3599999, u(u"clockms"), 1, u(u"59m:59s"));
    row("grafana clockms 7199999", 7199999, u(u"clockms"), -1, u(u"01h:59m:59s:999ms"));
    row("grafana clockms 89999999 dec 2", 89999999, u(u"clockms"), 2, u(u"24h:59m:59s"));

    // Auto decimals: about three significant digits, padded like Grafana's toFixed.
    row("short 0", 0, u(u"short"), -1, u(u"0"));
    row("short 0.123", 0.123, u(u"short"), -1, u(u"0.123"));
    row("short 3.14159", 3.14159, u(u"short"), -1, u(u"3.14"));
    row("short 42.26", 42.26, u(u"short"), -1, u(u"42.3"));
    row("short 999", 999, u(u"short"), -1, u(u"999"));
    row("short 1500", 1500, u(u"short"), -1, u(u"1.50 K"));
    row("short 2.5e9", 2.5e9, u(u"short"), -1, u(u"2.50 Bil"));
    row("short 7e12", 7e12, u(u"short"), -1, u(u"7 Tri"));
    row("short 1e18", 1e18, u(u"short"), -1, u(u"1 Quint"));
    row("short beyond Sept stays Sept", 5e30, u(u"short"), -1, u(u"5000000 Sept"));
    row("short negative", -1500, u(u"short"), -1, u(u"-1.50 K"));
    row("short small negative", -0.0001, u(u"short"), -1, u(u"-0.000100"));
    row("short decimals 2", 1.23456, u(u"short"), 2, u(u"1.23"));
    row("short decimals 0", 1234.5, u(u"short"), 0, u(u"1 K"));
    row("short decimals 0 rounds negative half up", -2.5, u(u"short"), 0, u(u"-2"));
    row("empty unit is short", 1500, QString(), -1, u(u"1.50 K"));
    row("short 1e308", 1e308, u(u"short"), -1, u(u"1e+284 Sept"));
    row("none 1234.5678", 1234.5678, u(u"none"), -1, u(u"1235"));
    row("none 1500 not scaled", 1500, u(u"none"), -1, u(u"1500"));
    row("none 0.5", 0.5, u(u"none"), -1, u(u"0.500"));
    row("none 0 with decimals", 0, u(u"none"), 2, u(u"0.00"));
    row("none tiny", 1.5e-9, u(u"none"), -1, u(u"1.5e-9"));
    row("none 1e308", 1e308, u(u"none"), -1, u(u"1e+308"));
    row("none -1e308", -1e308, u(u"none"), 2, u(u"-1e+308"));
    row("none decimals 3", 1.23456, u(u"none"), 3, u(u"1.235"));

    // Time.
    row("s zero", 0, u(u"s"), -1, u(u"0 s"));
    row("s 1.5", 1.5, u(u"s"), -1, u(u"1.50 s"));
    row("s 12.34", 12.34, u(u"s"), -1, u(u"12.3 s"));
    row("s 0.25 -> ms", 0.25, u(u"s"), -1, u(u"250 ms"));
    row("s 0.0123 -> ms", 0.0123, u(u"s"), -1, u(u"12.3 ms"));
    row("s 0.0005 -> µs", 0.0005, u(u"s"), -1, u(u"500 µs"));
    row("s 2e-9 -> ns", 2e-9, u(u"s"), -1, u(u"2 ns"));
    row("s 90 -> min", 90, u(u"s"), -1, u(u"1.50 min"));
    row("s 7200 -> hour", 7200, u(u"s"), -1, u(u"2 hour"));
    row("s 3 days", 3 * 86400.0, u(u"s"), -1, u(u"3 day"));
    row("s 2 weeks", 2 * 604800.0, u(u"s"), -1, u(u"2 week"));
    row("s year uses 365.24 days", 2 * 31556900.0, u(u"s"), -1, u(u"2 year"));
    row("s negative", -0.25, u(u"s"), -1, u(u"-250 ms"));
    row("s explicit decimals", 1.23456, u(u"s"), 1, u(u"1.2 s"));
    row("ms 250", 250, u(u"ms"), -1, u(u"250 ms"));
    row("ms 1500 -> s", 1500, u(u"ms"), -1, u(u"1.50 s"));
    row("ms 0.5 stays ms", 0.5, u(u"ms"), -1, u(u"0.500 ms"));
    row("ms zero", 0, u(u"ms"), -1, u(u"0 ms"));
    row("ms 120000 -> min", 120000, u(u"ms"), -1, u(u"2 min"));
    row("ms 3 days", 3 * 86400000.0, u(u"ms"), -1, u(u"3 day"));
    row("µs 250", 250, u(u"µs"), -1, u(u"250 µs"));
    row("µs 2500 -> ms", 2500, u(u"µs"), -1, u(u"2.50 ms"));
    row("µs 3e6 -> s", 3e6, u(u"µs"), -1, u(u"3 s"));
    row("ns 999", 999, u(u"ns"), -1, u(u"999 ns"));
    row("ns 1500 -> µs", 1500, u(u"ns"), -1, u(u"1.50 µs"));
    row("ns 2e9 -> s", 2e9, u(u"ns"), -1, u(u"2 s"));
    row("ns 1.2e11 -> min", 1.2e11, u(u"ns"), -1, u(u"2 min"));
    row("m 90 -> hour", 90, u(u"m"), -1, u(u"1.50 hour"));
    row("h 48 -> day", 48, u(u"h"), -1, u(u"2 day"));
    row("d 14 -> week", 14, u(u"d"), -1, u(u"2 week"));
    row("dtdurations 1 day 2 hours, auto", 93600, u(u"dtdurations"), -1, u(u"1 day"));
    row("dtdurations 1 day 2 hours", 93600, u(u"dtdurations"), 1, u(u"1 day, 2 hours"));
    row("dtdurations 0", 0, u(u"dtdurations"), -1, u(u"0 seconds"));
    row("dtdurations 3 minutes ago", -180, u(u"dtdurations"), -1, u(u"3 minutes ago"));
    row("dtdurations 1e308 does not hang", 1e308, u(u"dtdurations"), -1, u(u"3.17e+300 years"));
    row("dtdurationms 1500", 1500, u(u"dtdurationms"), 1, u(u"1 second, 500 milliseconds"));
    row("timeticks", 150, u(u"timeticks"), -1, u(u"1.50 s"));

    // Percent.
    row("percent 12.345", 12.345, u(u"percent"), -1, u(u"12.3%"));
    row("percent 99.5", 99.5, u(u"percent"), -1, u(u"99.5%"));
    row("percent 100", 100, u(u"percent"), -1, u(u"100%"));
    row("percent zero", 0, u(u"percent"), -1, u(u"0%"));
    row("percent negative", -2.5, u(u"percent"), -1, u(u"-2.50%"));
    row("percent decimals 0", 12.6, u(u"percent"), 0, u(u"13%"));
    row("percent decimals 1 pads", 50, u(u"percent"), 1, u(u"50.0%"));
    row("percentunit 0.5", 0.5, u(u"percentunit"), -1, u(u"50%"));
    row("percentunit 0.123", 0.123, u(u"percentunit"), -1, u(u"12.3%"));
    row("percentunit 1", 1, u(u"percentunit"), -1, u(u"100%"));

    // Data: IEC for bytes/bits, SI for decbytes/decbits and the SI rates.
    row("bytes 0", 0, u(u"bytes"), -1, u(u"0 B"));
    row("bytes 512", 512, u(u"bytes"), -1, u(u"512 B"));
    row("bytes 1000 not scaled", 1000, u(u"bytes"), -1, u(u"1000 B"));
    row("bytes 1024", 1024, u(u"bytes"), -1, u(u"1 KiB"));
    row("bytes 1536", 1536, u(u"bytes"), -1, u(u"1.50 KiB"));
    row("bytes 1.25 MiB", 1.25 * 1024 * 1024, u(u"bytes"), -1, u(u"1.25 MiB"));
    row("bytes 3 TiB", 3.0 * 1024 * 1024 * 1024 * 1024, u(u"bytes"), -1, u(u"3 TiB"));
    row("bytes 2 EiB", 2048.0 * 1024 * 1024 * 1024 * 1024 * 1024, u(u"bytes"), -1, u(u"2 EiB"));
    row("bytes negative", -1536, u(u"bytes"), -1, u(u"-1.50 KiB"));
    row("bytes fraction stays B", 0.5, u(u"bytes"), -1, u(u"0.500 B"));
    row("bits 2048", 2048, u(u"bits"), -1, u(u"2 Kib"));
    row("decbytes 999", 999, u(u"decbytes"), -1, u(u"999 B"));
    row("decbytes 1536", 1536, u(u"decbytes"), -1, u(u"1.54 kB"));
    row("decbytes 1e9", 1e9, u(u"decbytes"), -1, u(u"1 GB"));
    row("decbytes 0", 0, u(u"decbytes"), -1, u(u"0 B"));
    row("decbits 2.5e6", 2.5e6, u(u"decbits"), -1, u(u"2.50 Mb"));
    row("Bps 1500", 1500, u(u"Bps"), -1, u(u"1.50 kB/s"));
    row("binBps 2048", 2048, u(u"binBps"), -1, u(u"2 KiB/s"));
    row("bps 1e9", 1e9, u(u"bps"), -1, u(u"1 Gb/s"));
    row("binbps 1024", 1024, u(u"binbps"), -1, u(u"1 Kib/s"));
    row("pps 12000", 12000, u(u"pps"), -1, u(u"12 kp/s"));
    row("MBs offset", 1500, u(u"MBs"), -1, u(u"1.50 GB/s"));
    row("hertz 2.4e9", 2.4e9, u(u"hertz"), -1, u(u"2.40 GHz"));
    row("hertz 0.5 -> mHz", 0.5, u(u"hertz"), -1, u(u"500 mHz"));

    // Throughput: Grafana's simpleCountUnit glues the scale to the number.
    row("reqps 42", 42, u(u"reqps"), -1, u(u"42 req/s"));
    row("reqps 1500", 1500, u(u"reqps"), -1, u(u"1.50K req/s"));
    row("ops 2e6", 2e6, u(u"ops"), -1, u(u"2M ops/s"));
    row("rps", 5, u(u"rps"), -1, u(u"5 rd/s"));
    row("wps", 5, u(u"wps"), -1, u(u"5 wr/s"));
    row("iops 3500", 3500, u(u"iops"), -1, u(u"3.50K io/s"));
    row("rpm is reads per minute", 1500, u(u"rpm"), -1, u(u"1.50K rd/m"));

    // Fixed suffixes, currencies, custom units.
    row("celsius", 21.5, u(u"celsius"), -1, u(u"21.5 °C"));
    row("celsius negative", -4, u(u"celsius"), 1, u(u"-4.0 °C"));
    row("currencyEUR 12", 12, u(u"currencyEUR"), -1, u(u"€12"));
    row("currencyUSD negative", -2500, u(u"currencyUSD"), -1, u(u"-$2.50K"));
    row("currencySEK suffix", 2500, u(u"currencySEK"), -1, u(u"2.50Kkr"));
    row("suffix: not scaled", 1500, u(u"suffix: apples"), -1, u(u"1500  apples"));
    row("suffix:rpm", 7, u(u"suffix:rpm"), -1, u(u"7 rpm"));
    row("prefix:", 7, u(u"prefix:#"), -1, u(u"#7"));
    row("si:", 1500, u(u"si:mW"), -1, u(u"1.50 W"));
    row("count:", 1500, u(u"count:pkt"), -1, u(u"1.50K pkt"));
    row("bool", 1, u(u"bool"), -1, u(u"True"));
    row("bool_on_off 0", 0, u(u"bool_on_off"), -1, u(u"Off"));
    row("locale", 1234567.891, u(u"locale"), -1, u(u"1,234,567.891"));
    // Unknown ids keep their text as a suffix after a "short" number.
    row("unknown unit scaled", 1500, u(u"widgets"), -1, u(u"1.50 K widgets"));
    row("unknown unit small", 7, u(u"widgets"), -1, u(u"7 widgets"));
}

void TestUnits::formatValue()
{
    QFETCH(double, value);
    QFETCH(QString, unit);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    QCOMPARE(::formatValue(value, unit, decimals), expected);
}

void TestUnits::specialValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("NaN");
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QStringLiteral("+Inf");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-Inf");
}

void TestUnits::specialValues()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    // Special values read the same whatever the unit; no suffix is glued to them.
    for (const char16_t *unit :
         {u"",       u"short",    u"none",    u"s",           u"ms",
          u"µs",     u"ns",       u"percent", u"percentunit", u"reqps",
          u"bytes",  u"decbytes", u"bps",     u"dtdurations", u"dtdurationms",
          u"dthms",  u"dtdhms",   u"clockms", u"currencyUSD", u"suffix:x",
          u"locale", u"bool",     u"rpm",     u"widgets"}) {
        const QString u = QString::fromUtf16(unit);
        QCOMPARE(::formatValue(value, u), expected);
        QCOMPARE(::formatValue(value, u, 2), expected);
    }
}

void TestUnits::formatDuration_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1 day") << 86400.0 << -1 << QStringLiteral("1 day");
    QTest::newRow("1 day, 2 hours") << 93600.0 << 1 << QStringLiteral("1 day, 2 hours");
    QTest::newRow("2 hours, 0 minutes, 5 seconds")
        << 7205.0 << 2 << QStringLiteral("2 hours, 0 minutes, 5 seconds");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << -1 << QStringLiteral("NaN");
}

void TestUnits::formatDuration()
{
    QFETCH(double, seconds);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    QCOMPARE(::formatDuration(seconds, decimals), expected);
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
