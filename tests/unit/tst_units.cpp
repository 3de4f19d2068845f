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
};

void TestUnits::formatValue_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");

    const QString s = QStringLiteral("s");
    const QString ms = QStringLiteral("ms");
    // Seconds scale down to ms/µs/ns and up to min/hour/day/week/year.
    QTest::newRow("s zero") << 0.0 << s << -1 << QStringLiteral("0 s");
    QTest::newRow("s 1.5") << 1.5 << s << -1 << QStringLiteral("1.5 s");
    QTest::newRow("s 12.34") << 12.34 << s << -1 << QStringLiteral("12.3 s");
    QTest::newRow("s 0.25 -> ms") << 0.25 << s << -1 << QStringLiteral("250 ms");
    QTest::newRow("s 0.0123 -> ms") << 0.0123 << s << -1 << QStringLiteral("12.3 ms");
    QTest::newRow("s 0.0005 -> µs") << 0.0005 << s << -1 << QStringLiteral("500 µs");
    QTest::newRow("s 2e-9 -> ns") << 2e-9 << s << -1 << QStringLiteral("2 ns");
    QTest::newRow("s 90 -> min") << 90.0 << s << -1 << QStringLiteral("1.5 min");
    QTest::newRow("s 7200 -> hour") << 7200.0 << s << -1 << QStringLiteral("2 hour");
    QTest::newRow("s 3 days") << 3 * 86400.0 << s << -1 << QStringLiteral("3 day");
    QTest::newRow("s 2 weeks") << 2 * 604800.0 << s << -1 << QStringLiteral("2 week");
    QTest::newRow("s 2 years") << 2 * 31536000.0 << s << -1 << QStringLiteral("2 year");
    QTest::newRow("s negative") << -0.25 << s << -1 << QStringLiteral("-250 ms");
    QTest::newRow("s explicit decimals") << 1.23456 << s << 1 << QStringLiteral("1.2 s");

    QTest::newRow("ms 250") << 250.0 << ms << -1 << QStringLiteral("250 ms");
    QTest::newRow("ms 1500 -> s") << 1500.0 << ms << -1 << QStringLiteral("1.5 s");
    QTest::newRow("ms 0.5 -> µs") << 0.5 << ms << -1 << QStringLiteral("500 µs");
    QTest::newRow("ms zero") << 0.0 << ms << -1 << QStringLiteral("0 s");
    QTest::newRow("ms 120000 -> min") << 120000.0 << ms << -1 << QStringLiteral("2 min");

    const QString pct = QStringLiteral("percent");
    QTest::newRow("percent 12.345") << 12.345 << pct << -1 << QStringLiteral("12.3%");
    QTest::newRow("percent 99.5") << 99.5 << pct << -1 << QStringLiteral("99.5%");
    QTest::newRow("percent 100") << 100.0 << pct << -1 << QStringLiteral("100%");
    QTest::newRow("percent 0.5") << 0.5 << pct << -1 << QStringLiteral("0.5%");
    QTest::newRow("percent zero") << 0.0 << pct << -1 << QStringLiteral("0%");
    QTest::newRow("percent negative") << -2.5 << pct << -1 << QStringLiteral("-2.5%");
    QTest::newRow("percent decimals 0") << 12.6 << pct << 0 << QStringLiteral("13%");

    const QString pu = QStringLiteral("percentunit");
    QTest::newRow("percentunit 0.5") << 0.5 << pu << -1 << QStringLiteral("50%");
    QTest::newRow("percentunit 0.123") << 0.123 << pu << -1 << QStringLiteral("12.3%");
    QTest::newRow("percentunit 1") << 1.0 << pu << -1 << QStringLiteral("100%");
    QTest::newRow("percentunit 0.001") << 0.001 << pu << -1 << QStringLiteral("0.1%");

    const QString rps = QStringLiteral("reqps");
    QTest::newRow("reqps 42") << 42.0 << rps << -1 << QStringLiteral("42 req/s");
    QTest::newRow("reqps 1500") << 1500.0 << rps << -1 << QStringLiteral("1.5 K req/s");
    QTest::newRow("reqps 500") << 500.0 << rps << -1 << QStringLiteral("500 req/s");

    const QString b = QStringLiteral("bytes");
    QTest::newRow("bytes 0") << 0.0 << b << -1 << QStringLiteral("0 B");
    QTest::newRow("bytes 512") << 512.0 << b << -1 << QStringLiteral("512 B");
    QTest::newRow("bytes 1023") << 1023.0 << b << -1 << QStringLiteral("1023 B");
    QTest::newRow("bytes 1024") << 1024.0 << b << -1 << QStringLiteral("1 KiB");
    QTest::newRow("bytes 1536") << 1536.0 << b << -1 << QStringLiteral("1.5 KiB");
    QTest::newRow("bytes 1.25 MiB") << 1.25 * 1024 * 1024 << b << -1 << QStringLiteral("1.25 MiB");
    QTest::newRow("bytes 1 GiB") << 1024.0 * 1024 * 1024 << b << -1 << QStringLiteral("1 GiB");
    QTest::newRow("bytes 3 TiB") << 3.0 * 1024 * 1024 * 1024 * 1024 << b << -1 << QStringLiteral("3 TiB");
    QTest::newRow("bytes 1000 not scaled") << 1000.0 << b << -1 << QStringLiteral("1000 B");
    QTest::newRow("bytes negative") << -1536.0 << b << -1 << QStringLiteral("-1.5 KiB");
    QTest::newRow("bytes beyond PiB stays PiB") << 2048.0 * 1024 * 1024 * 1024 * 1024 * 1024 << b << -1
                                                << QStringLiteral("2048 PiB");

    const QString db = QStringLiteral("decbytes");
    QTest::newRow("decbytes 999") << 999.0 << db << -1 << QStringLiteral("999 B");
    QTest::newRow("decbytes 1500") << 1500.0 << db << -1 << QStringLiteral("1.5 kB");
    QTest::newRow("decbytes 1536") << 1536.0 << db << -1 << QStringLiteral("1.54 kB");
    QTest::newRow("decbytes 1e9") << 1e9 << db << -1 << QStringLiteral("1 GB");
    QTest::newRow("decbytes 2.5e12") << 2.5e12 << db << -1 << QStringLiteral("2.5 TB");

    const QString sh = QStringLiteral("short");
    QTest::newRow("short 0") << 0.0 << sh << -1 << QStringLiteral("0");
    QTest::newRow("short 0.123") << 0.123 << sh << -1 << QStringLiteral("0.123");
    QTest::newRow("short 3.14159") << 3.14159 << sh << -1 << QStringLiteral("3.14");
    QTest::newRow("short 42.26") << 42.26 << sh << -1 << QStringLiteral("42.3");
    QTest::newRow("short 999") << 999.0 << sh << -1 << QStringLiteral("999");
    QTest::newRow("short 1500") << 1500.0 << sh << -1 << QStringLiteral("1.5 K");
    QTest::newRow("short 1e6") << 1e6 << sh << -1 << QStringLiteral("1 Mil");
    QTest::newRow("short 2.5e9") << 2.5e9 << sh << -1 << QStringLiteral("2.5 Bil");
    QTest::newRow("short 7e12") << 7e12 << sh << -1 << QStringLiteral("7 Tri");
    QTest::newRow("short 1e18") << 1e18 << sh << -1 << QStringLiteral("1000 Quadr");
    QTest::newRow("short negative") << -1500.0 << sh << -1 << QStringLiteral("-1.5 K");
    QTest::newRow("short tiny negative rounds to 0") << -0.0001 << sh << -1 << QStringLiteral("0");
    QTest::newRow("empty unit is short") << 1500.0 << QString() << -1 << QStringLiteral("1.5 K");
    QTest::newRow("short decimals 2") << 1.23456 << sh << 2 << QStringLiteral("1.23");
    QTest::newRow("short decimals 0") << 1234.5 << sh << 0 << QStringLiteral("1 K");

    const QString none = QStringLiteral("none");
    QTest::newRow("none 1234.5678") << 1234.5678 << none << -1 << QStringLiteral("1235");
    QTest::newRow("none 1500 not scaled") << 1500.0 << none << -1 << QStringLiteral("1500");
    QTest::newRow("none 3.14159") << 3.14159 << none << -1 << QStringLiteral("3.14");
    QTest::newRow("none 0.5") << 0.5 << none << -1 << QStringLiteral("0.5");
    QTest::newRow("none 0") << 0.0 << none << -1 << QStringLiteral("0");
    QTest::newRow("none negative") << -7.25 << none << -1 << QStringLiteral("-7.25");
    QTest::newRow("none decimals 3") << 1.23456 << none << 3 << QStringLiteral("1.235");

    // Unknown units keep the unit text as a suffix, like Grafana's custom units.
    QTest::newRow("custom suffix") << 1500.0 << QStringLiteral("rpm") << -1 << QStringLiteral("1.5 K rpm");
    QTest::newRow("custom suffix small") << 7.0 << QStringLiteral("widgets") << -1
                                         << QStringLiteral("7 widgets");
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
    for (const char *unit : {"", "short", "none", "s", "ms", "percent", "percentunit", "reqps",
                             "bytes", "decbytes", "rpm"}) {
        const QString u = QString::fromLatin1(unit);
        QCOMPARE(::formatValue(value, u), expected);
        QCOMPARE(::formatValue(value, u, 2), expected);
    }
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
