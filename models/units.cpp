#include "units.h"

#include <QHash>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <charconv>
#include <cmath>

// The formatting rules follow Grafana's packages/grafana-data/src/valueFormats
// (toFixed, scaledUnits, SIPrefix, binaryPrefix, the time formatters), so that a
// dashboard reads the same here as in the browser.

namespace {

// JavaScript's Math.round: halves go towards +infinity.
double jsRound(double x)
{
    const double f = std::floor(x);
    return x - f >= 0.5 ? f + 1 : f;
}

// JavaScript's String(number): the shortest text that reads back as the same
// double, in exponent form below 1e-6 and from 1e21.
QString jsString(double v)
{
    if (v == 0)
        return QStringLiteral("0");
    char buf[400];
    const double a = std::fabs(v);
    if (a >= 1e21 || a < 1e-6) {
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
        QString s = QString::fromLatin1(buf, int(r.ptr - buf));
        // C++ writes at least two exponent digits ("1e+07"), JavaScript as few as needed.
        const qsizetype e = s.indexOf(QLatin1Char('e'));
        if (e >= 0 && e + 2 < s.size() && s.at(e + 2) == QLatin1Char('0') && e + 3 < s.size())
            s.remove(e + 2, 1);
        return s;
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return QString::fromLatin1(buf, int(r.ptr - buf));
}

// Grafana's getDecimalsForValue: about three significant digits.
int decimalsForValue(double value)
{
    const double a = std::fabs(value);
    if (a == 0 || !std::isfinite(a) || std::fmod(value, 1.0) == 0)
        return 0;
    const int log10 = int(std::floor(std::log(a) / M_LN10));
    int dec = -log10 + 1;
    const double magn = std::pow(10.0, -dec);
    if (a / magn > 2.25) // Grafana's "special case for 2.5": always true, as norm >= 10
        ++dec;
    return std::max(0, dec);
}

QString toFixed(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    decimals = decimals < 0 ? decimalsForValue(value) : std::min(decimals, 20);
    if (value == 0) {
        return decimals > 0 ? QStringLiteral("0.") + QString(decimals, QLatin1Char('0'))
                            : QStringLiteral("0");
    }
    const double factor = decimals ? std::pow(10.0, decimals) : 1.0;
    double rounded = jsRound(value * factor) / factor;
    if (!std::isfinite(rounded) || !std::isfinite(factor))
        rounded = value;
    QString formatted = jsString(rounded);
    if (formatted == QLatin1String("-0"))
        formatted = QStringLiteral("0");
    if (formatted.contains(QLatin1Char('e')))
        return formatted;
    const qsizetype dot = formatted.indexOf(QLatin1Char('.'));
    const int precision = dot < 0 ? 0 : int(formatted.size() - dot - 1);
    if (precision < decimals) {
        if (precision == 0)
            formatted += QLatin1Char('.');
        formatted += QString(decimals - precision, QLatin1Char('0'));
    }
    return formatted;
}

FormattedValue fixedUnit(double v, int decimals, const QString &unit, bool asPrefix = false)
{
    FormattedValue f;
    f.text = toFixed(v, decimals);
    if (unit.isEmpty())
        return f;
    if (asPrefix)
        f.prefix = unit;
    else
        f.suffix = QLatin1Char(' ') + unit;
    return f;
}

// Grafana's scaledUnits: the suffix index is floor(log_factor |v|) shifted by
// `offset` (the index of the unscaled suffix), clamped to the table.
FormattedValue scaledUnits(double v, int decimals, double factor, const QStringList &ext,
                           int offset = 0)
{
    FormattedValue f;
    const int last = int(ext.size()) - 1;
    if (v == 0) {
        f.text = toFixed(0, decimals);
        f.suffix = ext.value(std::clamp(offset, 0, last));
        return f;
    }
    const double lg = std::floor(std::log10(std::fabs(v)) / std::log10(factor));
    const int siIndex = int(std::clamp(lg, -1000.0, 1000.0));
    f.suffix = ext.at(std::clamp(offset + siIndex, 0, last));
    f.text = toFixed(v / std::pow(factor, std::clamp(siIndex, -offset, last - offset)), decimals);
    return f;
}

const QStringList &shortSuffixes()
{
    static const QStringList s = {QString(),
                                  QStringLiteral(" K"),
                                  QStringLiteral(" Mil"),
                                  QStringLiteral(" Bil"),
                                  QStringLiteral(" Tri"),
                                  QStringLiteral(" Quadr"),
                                  QStringLiteral(" Quint"),
                                  QStringLiteral(" Sext"),
                                  QStringLiteral(" Sept")};
    return s;
}

constexpr int siBase = 5; // index of "" in the SI prefix list

FormattedValue siPrefix(double v, int decimals, const QString &unit, int offset = 0)
{
    static const char16_t *const prefixes[] = {u"f", u"p", u"n", u"µ", u"m", u"",  u"k",
                                               u"M", u"G", u"T", u"P", u"E", u"Z", u"Y"};
    QStringList ext;
    ext.reserve(int(std::size(prefixes)));
    for (const char16_t *p : prefixes)
        ext << QLatin1Char(' ') + QString::fromUtf16(p) + unit;
    return scaledUnits(v, decimals, 1000, ext, siBase + offset);
}

FormattedValue binaryPrefix(double v, int decimals, const QString &unit, int offset = 0)
{
    static const char *const prefixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    QStringList ext;
    ext.reserve(int(std::size(prefixes)));
    for (const char *p : prefixes)
        ext << QLatin1Char(' ') + QLatin1String(p) + unit;
    return scaledUnits(v, decimals, 1024, ext, offset);
}

FormattedValue simpleCount(double v, int decimals, const QString &symbol)
{
    static const QStringList ext = {QString(), QStringLiteral("K"), QStringLiteral("M"),
                                    QStringLiteral("B"), QStringLiteral("T")};
    FormattedValue f = scaledUnits(v, decimals, 1000, ext);
    f.suffix += QLatin1Char(' ') + symbol;
    return f;
}

FormattedValue currency(double v, int decimals, const QString &symbol, bool asSuffix = false)
{
    static const QStringList ext = {QString(), QStringLiteral("K"), QStringLiteral("M"),
                                    QStringLiteral("B"), QStringLiteral("T")};
    const bool negative = v < 0;
    FormattedValue f = scaledUnits(std::fabs(v), decimals, 1000, ext);
    if (asSuffix)
        f.suffix += symbol;
    else
        f.prefix = symbol;
    if (negative)
        f.prefix = QLatin1Char('-') + f.prefix;
    return f;
}

struct Step
{
    double below; // the step applies while |v| < below
    double divisor;
    const char16_t *suffix;
};

// A value scaled by the first step whose bound it is under (the last step takes the rest).
FormattedValue stepped(double v, int decimals, std::initializer_list<Step> steps)
{
    const double a = std::fabs(v);
    const Step *chosen = steps.end() - 1;
    for (const Step &s : steps) {
        if (a < s.below) {
            chosen = &s;
            break;
        }
    }
    FormattedValue f;
    f.text = toFixed(v / chosen->divisor, decimals);
    f.suffix = QString::fromUtf16(chosen->suffix);
    return f;
}

constexpr double inf = HUGE_VAL;

FormattedValue seconds(double v, int decimals)
{
    if (v == 0)
        return {QString(), QStringLiteral("0"), QStringLiteral(" s")};
    return stepped(v, decimals,
                   {{1e-6, 1e-9, u" ns"},
                    {1e-3, 1e-6, u" µs"},
                    {1, 1e-3, u" ms"},
                    {60, 1, u" s"},
                    {3600, 60, u" min"},
                    {86400, 3600, u" hour"},
                    {604800, 86400, u" day"},
                    {31536000, 604800, u" week"},
                    {inf, 3.15569e7, u" year"}});
}

FormattedValue milliseconds(double v, int decimals)
{
    return stepped(v, decimals,
                   {{1000, 1, u" ms"},
                    {60000, 1000, u" s"},
                    {3600000, 60000, u" min"},
                    {86400000, 3600000, u" hour"},
                    {31536000000, 86400000, u" day"},
                    {inf, 31536000000, u" year"}});
}

FormattedValue microseconds(double v, int decimals)
{
    return stepped(v, decimals, {{1000, 1, u" µs"}, {1e6, 1000, u" ms"}, {inf, 1e6, u" s"}});
}

FormattedValue nanoseconds(double v, int decimals)
{
    return stepped(v, decimals,
                   {{1000, 1, u" ns"},
                    {1e6, 1000, u" µs"},
                    {1e9, 1e6, u" ms"},
                    {6e10, 1e9, u" s"},
                    {inf, 6e10, u" min"}});
}

FormattedValue minutes(double v, int decimals)
{
    // Grafana's week bound for minutes is 604800 (not 525948); kept to read the same.
    return stepped(v, decimals,
                   {{60, 1, u" min"},
                    {1440, 60, u" hour"},
                    {10080, 1440, u" day"},
                    {604800, 10080, u" week"},
                    {inf, 5.25948e5, u" year"}});
}

FormattedValue hours(double v, int decimals)
{
    return stepped(
        v, decimals,
        {{24, 1, u" hour"}, {168, 24, u" day"}, {8760, 168, u" week"}, {inf, 8760, u" year"}});
}

FormattedValue days(double v, int decimals)
{
    return stepped(v, decimals, {{7, 1, u" day"}, {365, 7, u" week"}, {inf, 365, u" year"}});
}

// Grafana's toDuration: the largest whole unit, then `decimals` more units.
QString duration(double value, int decimals, double unitSeconds, const char *unitName)
{
    if (value == 0)
        return QStringLiteral("0 ") + QLatin1String(unitName) + QLatin1Char('s');
    if (value < 0)
        return duration(-value, decimals, unitSeconds, unitName) + QStringLiteral(" ago");
    struct Unit
    {
        const char *name;
        double ms;
    };
    static const Unit units[] = {{"year", 31536000000.0}, {"month", 2592000000.0},
                                 {"week", 604800000.0},   {"day", 86400000.0},
                                 {"hour", 3600000.0},     {"minute", 60000.0},
                                 {"second", 1000.0},      {"millisecond", 1.0}};
    double ms = value * unitSeconds * 1000;
    if (!(ms < 1e20)) // past any calendar: years in exponent form
        return QString::number(value * unitSeconds / 31536000.0, 'g', 3) + QStringLiteral(" years");
    QStringList parts;
    int count = decimals < 0 ? 0 : decimals;
    bool started = false;
    for (const Unit &u : units) {
        if (count < 0)
            break;
        const double n = ms / u.ms;
        if (n >= 1 || started) {
            started = true;
            const double whole = std::floor(n);
            parts << jsString(whole) + QLatin1Char(' ') + QLatin1String(u.name) +
                         (whole != 1 ? QStringLiteral("s") : QString());
            ms = std::fmod(ms, u.ms);
            --count;
        }
    }
    if (parts.isEmpty()) // under a millisecond: Grafana writes nothing at all
        return QStringLiteral("0 milliseconds");
    return parts.join(QStringLiteral(", "));
}

QString twoDigits(double n)
{
    return QStringLiteral("%1").arg(qint64(n), 2, 10, QLatin1Char('0'));
}

QString hms(double s)
{
    if (s < 0)
        return hms(-s) + QStringLiteral(" ago");
    if (!(s < 1e15))
        return toFixed(s / 3600, -1) + QStringLiteral(" h");
    return twoDigits(std::floor(s / 3600)) + QLatin1Char(':') +
           twoDigits(std::floor(std::fmod(s, 3600) / 60)) + QLatin1Char(':') +
           twoDigits(std::floor(std::fmod(s, 60)));
}

QString dhms(double s)
{
    if (s < 0)
        return dhms(-s) + QStringLiteral(" ago");
    if (!(s < 1e15))
        return toFixed(s / 86400, -1) + QStringLiteral(" d");
    const double d = std::floor(s / 86400);
    const QString rest = hms(std::fmod(s, 86400));
    return d > 0 ? QString::number(qint64(d)) + QStringLiteral(" d ") + rest : rest;
}

// Grafana's toClock (ms in, "01h:59m:59s:999ms" out, fewer parts with decimals 0..2).
QString clock(double ms, int decimals)
{
    if (ms < 0)
        return QLatin1Char('-') + clock(-ms, decimals);
    if (!(ms < 1e15))
        return toFixed(ms / 3600000, -1) + QLatin1Char('h');
    const qint64 t = qint64(ms);
    const auto pad = [](qint64 n, int w) {
        return QStringLiteral("%1").arg(n, w, 10, QLatin1Char('0'));
    };
    const QString msPart = pad(t % 1000, 3) + QStringLiteral("ms");
    const QString sPart = pad(t / 1000 % 60, 2) + QLatin1Char('s');
    const QString mPart = pad(t / 60000 % 60, 2) + QLatin1Char('m');
    if (t < 1000)
        return msPart;
    if (t < 60000)
        return decimals == 0 ? sPart : sPart + QLatin1Char(':') + msPart;
    if (t < 3600000) {
        if (decimals == 0)
            return mPart;
        if (decimals == 1)
            return mPart + QLatin1Char(':') + sPart;
        return mPart + QLatin1Char(':') + sPart + QLatin1Char(':') + msPart;
    }
    const QString h = pad(t / 3600000, 2) + QLatin1Char('h');
    if (decimals == 0)
        return h;
    if (decimals == 1)
        return h + QLatin1Char(':') + mPart;
    if (decimals == 2)
        return h + QLatin1Char(':') + mPart + QLatin1Char(':') + sPart;
    return h + QLatin1Char(':') + mPart + QLatin1Char(':') + sPart + QLatin1Char(':') + msPart;
}

QLocale &numberLocale()
{
    static QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

QString localeNumber(double v, int decimals)
{
    // toLocaleString(undefined, {maximumFractionDigits}) in the interface's locale.
    const int max = decimals < 0 ? 3 : std::min(decimals, 20);
    if (std::fabs(v) >= 1e21) // 1e308 would be 300 digits: exponent form, as toFixed
        return jsString(v);
    QLocale locale = numberLocale();
    locale.setNumberOptions(QLocale::DefaultNumberOptions); // group digits even in "C"
    QString s = locale.toString(v, 'f', max);
    const QString point = locale.decimalPoint();
    if (s.contains(point)) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(point))
            s.chop(point.size());
    }
    return s == QLatin1String("-0") ? QStringLiteral("0") : s;
}

/// Writes the decimal point of the number locale into a number formatted with '.'.
QString localizedPoint(QString text)
{
    const QString point = numberLocale().decimalPoint();
    if (point == QLatin1String("."))
        return text;
    for (QChar c : std::as_const(text))
        if (!(c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('+') ||
              c == QLatin1Char('e')))
            return text; // not a plain number ("1 day, 2 hours", "NaN", "True")
    return text.replace(QLatin1Char('.'), point);
}

enum class Kind { Fixed, SI, Binary, Count, Currency, CurrencySuffix };

struct UnitDef
{
    Kind kind;
    const char16_t *symbol;
    int offset;
};

const QHash<QString, UnitDef> &unitTable()
{
    static const QHash<QString, UnitDef> table = [] {
        QHash<QString, UnitDef> t;
        const auto add = [&t](const char16_t *id, Kind k, const char16_t *symbol, int offset = 0) {
            t.insert(QString::fromUtf16(id), UnitDef{k, symbol, offset});
        };
        // Misc and fixed-suffix units (toFixedUnit).
        add(u"humidity", Kind::Fixed, u"%H");
        add(u"dB", Kind::Fixed, u"dB");
        add(u"pixel", Kind::Fixed, u"px");
        add(u"celsius", Kind::Fixed, u"°C");
        add(u"fahrenheit", Kind::Fixed, u"°F");
        add(u"farenheit", Kind::Fixed, u"°F");
        add(u"kelvin", Kind::Fixed, u"K");
        add(u"degree", Kind::Fixed, u"°");
        add(u"radian", Kind::Fixed, u"rad");
        add(u"ppm", Kind::Fixed, u"ppm");
        add(u"conppb", Kind::Fixed, u"ppb");
        add(u"rotrpm", Kind::Fixed, u"rpm");
        add(u"rotrads", Kind::Fixed, u"rad/s");
        add(u"rotdegs", Kind::Fixed, u"°/s");
        add(u"velocityms", Kind::Fixed, u"m/s");
        add(u"velocitykmh", Kind::Fixed, u"km/h");
        add(u"velocitymph", Kind::Fixed, u"mph");
        add(u"velocityknot", Kind::Fixed, u"kn");
        add(u"lengthft", Kind::Fixed, u"ft");
        add(u"lengthin", Kind::Fixed, u"in");
        add(u"lengthmi", Kind::Fixed, u"mi");
        add(u"masslb", Kind::Fixed, u"lb");
        add(u"masst", Kind::Fixed, u"t");
        add(u"Wm2", Kind::Fixed, u"W/m²");
        add(u"m3", Kind::Fixed, u"m³");
        add(u"gallons", Kind::Fixed, u"gal");
        add(u"pressurehpa", Kind::Fixed, u"hPa");
        add(u"pressurekpa", Kind::Fixed, u"kPa");
        add(u"lux", Kind::Fixed, u"lux");
        add(u"accG", Kind::Fixed, u"g");
        // Data (IEC and SI).
        add(u"bytes", Kind::Binary, u"B");
        add(u"bits", Kind::Binary, u"b");
        add(u"kbytes", Kind::Binary, u"B", 1);
        add(u"mbytes", Kind::Binary, u"B", 2);
        add(u"gbytes", Kind::Binary, u"B", 3);
        add(u"tbytes", Kind::Binary, u"B", 4);
        add(u"pbytes", Kind::Binary, u"B", 5);
        add(u"decbytes", Kind::SI, u"B");
        add(u"decbits", Kind::SI, u"b");
        add(u"deckbytes", Kind::SI, u"B", 1);
        add(u"decmbytes", Kind::SI, u"B", 2);
        add(u"decgbytes", Kind::SI, u"B", 3);
        add(u"dectbytes", Kind::SI, u"B", 4);
        add(u"decpbytes", Kind::SI, u"B", 5);
        // Data rates.
        add(u"pps", Kind::SI, u"p/s");
        add(u"binBps", Kind::Binary, u"B/s");
        add(u"Bps", Kind::SI, u"B/s");
        add(u"binbps", Kind::Binary, u"b/s");
        add(u"bps", Kind::SI, u"b/s");
        add(u"KiBs", Kind::Binary, u"B/s", 1);
        add(u"Kibits", Kind::Binary, u"b/s", 1);
        add(u"KBs", Kind::SI, u"B/s", 1);
        add(u"Kbits", Kind::SI, u"b/s", 1);
        add(u"MiBs", Kind::Binary, u"B/s", 2);
        add(u"Mibits", Kind::Binary, u"b/s", 2);
        add(u"MBs", Kind::SI, u"B/s", 2);
        add(u"Mbits", Kind::SI, u"b/s", 2);
        add(u"GiBs", Kind::Binary, u"B/s", 3);
        add(u"Gibits", Kind::Binary, u"b/s", 3);
        add(u"GBs", Kind::SI, u"B/s", 3);
        add(u"Gbits", Kind::SI, u"b/s", 3);
        add(u"TiBs", Kind::Binary, u"B/s", 4);
        add(u"Tibits", Kind::Binary, u"b/s", 4);
        add(u"TBs", Kind::SI, u"B/s", 4);
        add(u"Tbits", Kind::SI, u"b/s", 4);
        // SI units.
        add(u"hertz", Kind::SI, u"Hz");
        add(u"rothz", Kind::SI, u"Hz");
        add(u"watt", Kind::SI, u"W");
        add(u"kwatt", Kind::SI, u"W", 1);
        add(u"megwatt", Kind::SI, u"W", 2);
        add(u"mwatt", Kind::SI, u"W", -1);
        add(u"voltamp", Kind::SI, u"VA");
        add(u"watth", Kind::SI, u"Wh");
        add(u"kwatth", Kind::SI, u"Wh", 1);
        add(u"joule", Kind::SI, u"J");
        add(u"amp", Kind::SI, u"A");
        add(u"mamp", Kind::SI, u"A", -1);
        add(u"volt", Kind::SI, u"V");
        add(u"mvolt", Kind::SI, u"V", -1);
        add(u"dBm", Kind::SI, u"dBm");
        add(u"ohm", Kind::SI, u"Ω");
        add(u"kohm", Kind::SI, u"Ω", 1);
        add(u"Mohm", Kind::SI, u"Ω", 2);
        add(u"lengthm", Kind::SI, u"m");
        add(u"lengthmm", Kind::SI, u"m", -1);
        add(u"lengthkm", Kind::SI, u"m", 1);
        add(u"massg", Kind::SI, u"g");
        add(u"massmg", Kind::SI, u"g", -1);
        add(u"masskg", Kind::SI, u"g", 1);
        add(u"litre", Kind::SI, u"L");
        add(u"mlitre", Kind::SI, u"L", -1);
        add(u"pressurebar", Kind::SI, u"bar");
        add(u"pressurembar", Kind::SI, u"bar", -1);
        add(u"pressurepa", Kind::SI, u"Pa");
        add(u"flops", Kind::SI, u"FLOPS");
        add(u"Hs", Kind::SI, u"H/s");
        // Throughput.
        add(u"cps", Kind::Count, u"c/s");
        add(u"ops", Kind::Count, u"ops/s");
        add(u"reqps", Kind::Count, u"req/s");
        add(u"rps", Kind::Count, u"rd/s");
        add(u"wps", Kind::Count, u"wr/s");
        add(u"iops", Kind::Count, u"io/s");
        add(u"eps", Kind::Count, u"evt/s");
        add(u"mps", Kind::Count, u"msg/s");
        add(u"recps", Kind::Count, u"rec/s");
        add(u"rowsps", Kind::Count, u"rows/s");
        add(u"cpm", Kind::Count, u"c/m");
        add(u"opm", Kind::Count, u"ops/m");
        add(u"reqpm", Kind::Count, u"req/m");
        add(u"rpm", Kind::Count, u"rd/m");
        add(u"wpm", Kind::Count, u"wr/m");
        add(u"epm", Kind::Count, u"evts/m");
        add(u"mpm", Kind::Count, u"msgs/m");
        add(u"recpm", Kind::Count, u"rec/m");
        add(u"rowspm", Kind::Count, u"rows/m");
        // Currencies.
        add(u"currencyUSD", Kind::Currency, u"$");
        add(u"currencyGBP", Kind::Currency, u"£");
        add(u"currencyEUR", Kind::Currency, u"€");
        add(u"currencyJPY", Kind::Currency, u"¥");
        add(u"currencyRUB", Kind::Currency, u"₽");
        add(u"currencyUAH", Kind::Currency, u"₴");
        add(u"currencyBRL", Kind::Currency, u"R$");
        add(u"currencyCHF", Kind::Currency, u"CHF");
        add(u"currencyPLN", Kind::Currency, u"PLN");
        add(u"currencyINR", Kind::Currency, u"₹");
        add(u"currencyKRW", Kind::Currency, u"₩");
        add(u"currencyBTC", Kind::Currency, u"฿");
        add(u"currencyDKK", Kind::CurrencySuffix, u"kr");
        add(u"currencyNOK", Kind::CurrencySuffix, u"kr");
        add(u"currencySEK", Kind::CurrencySuffix, u"kr");
        add(u"currencyISK", Kind::CurrencySuffix, u"kr");
        return t;
    }();
    return table;
}

int siOffset(QChar c)
{
    static const QString prefixes = QStringLiteral("fpnµm kMGTPEZY");
    if (c == QChar(0x03bc)) // Greek mu, as some dashboards spell micro
        c = QChar(0x00b5);
    const qsizetype i = prefixes.indexOf(c);
    return i < 0 || c == QLatin1Char(' ') ? 0 : int(i) - siBase;
}

FormattedValue formatKnown(double v, const QString &unit, int decimals, bool &known)
{
    known = true;
    if (unit.isEmpty() || unit == QLatin1String("short"))
        return scaledUnits(v, decimals, 1000, shortSuffixes());
    if (unit == QLatin1String("none"))
        return fixedUnit(v, decimals, QString());
    if (unit == QLatin1String("percent"))
        return {QString(), toFixed(v, decimals), QStringLiteral("%")};
    if (unit == QLatin1String("percentunit"))
        return {QString(), toFixed(v * 100, decimals), QStringLiteral("%")};
    if (unit == QLatin1String("s"))
        return seconds(v, decimals);
    if (unit == QLatin1String("ms"))
        return milliseconds(v, decimals);
    if (unit == QStringLiteral("µs") || unit == QLatin1String("us"))
        return microseconds(v, decimals);
    if (unit == QLatin1String("ns"))
        return nanoseconds(v, decimals);
    if (unit == QLatin1String("m"))
        return minutes(v, decimals);
    if (unit == QLatin1String("h"))
        return hours(v, decimals);
    if (unit == QLatin1String("d"))
        return days(v, decimals);
    if (unit == QLatin1String("timeticks"))
        return seconds(v / 100, decimals);
    if (unit == QLatin1String("dtdurations"))
        return {QString(), duration(v, decimals, 1, "second"), QString()};
    if (unit == QLatin1String("dtdurationms"))
        return {QString(), duration(v, decimals, 0.001, "millisecond"), QString()};
    if (unit == QLatin1String("dthms"))
        return {QString(), hms(v), QString()};
    if (unit == QLatin1String("dtdhms"))
        return {QString(), dhms(v), QString()};
    if (unit == QLatin1String("clockms"))
        return {QString(), clock(v, decimals), QString()};
    if (unit == QLatin1String("clocks"))
        return {QString(), clock(v * 1000, decimals), QString()};
    if (unit == QLatin1String("locale"))
        return {QString(), localeNumber(v, decimals), QString()};
    const auto it = unitTable().constFind(unit);
    if (it != unitTable().constEnd()) {
        const QString symbol = QString::fromUtf16(it->symbol);
        switch (it->kind) {
        case Kind::Fixed:
            return fixedUnit(v, decimals, symbol);
        case Kind::SI:
            return siPrefix(v, decimals, symbol, it->offset);
        case Kind::Binary:
            return binaryPrefix(v, decimals, symbol, it->offset);
        case Kind::Count:
            return simpleCount(v, decimals, symbol);
        case Kind::Currency:
            return currency(v, decimals, symbol);
        case Kind::CurrencySuffix:
            return currency(v, decimals, symbol, true);
        }
    }
    const qsizetype colon = unit.indexOf(QLatin1Char(':'));
    if (colon > 0) {
        const QString key = unit.left(colon);
        const QString sub = unit.mid(colon + 1);
        if (key == QLatin1String("suffix"))
            return fixedUnit(v, decimals, sub);
        if (key == QLatin1String("prefix"))
            return fixedUnit(v, decimals, sub, true);
        if (key == QLatin1String("si") && !sub.isEmpty()) {
            const int offset = siOffset(sub.at(0));
            return siPrefix(v, decimals, offset == 0 ? sub : sub.mid(1), offset);
        }
        if (key == QLatin1String("count"))
            return simpleCount(v, decimals, sub);
        if (key == QLatin1String("currency"))
            return currency(v, decimals, sub);
        if (key == QLatin1String("bool")) {
            const qsizetype slash = sub.indexOf(QLatin1Char('/'));
            const QString t = slash >= 0 ? sub.left(slash) : sub;
            const QString f = slash >= 0 ? sub.mid(slash + 1) : QStringLiteral("-");
            return {QString(), v != 0 ? t : f, QString()};
        }
    }
    known = false;
    return {};
}

} // namespace

void setNumberLocale(const QLocale &locale)
{
    numberLocale() = locale;
}

QString formatFixed(double value, int decimals)
{
    return localizedPoint(toFixed(value, decimals));
}

QString formatDuration(double seconds, int decimals)
{
    if (!std::isfinite(seconds))
        return toFixed(seconds, decimals);
    return duration(seconds, decimals, 1, "second");
}

namespace {

FormattedValue formatParts(double value, const QString &unit, int decimals)
{
    if (!std::isfinite(value))
        return {QString(), toFixed(value, decimals), QString()};
    bool known = false;
    FormattedValue f = formatKnown(value, unit, decimals, known);
    if (known)
        return f;
    if (unit == QLatin1String("bool"))
        return {QString(), value != 0 ? QStringLiteral("True") : QStringLiteral("False"),
                QString()};
    if (unit == QLatin1String("bool_yes_no"))
        return {QString(), value != 0 ? QStringLiteral("Yes") : QStringLiteral("No"), QString()};
    if (unit == QLatin1String("bool_on_off"))
        return {QString(), value != 0 ? QStringLiteral("On") : QStringLiteral("Off"), QString()};
    // Unknown ids: scaled like "short", with the id as the unit text.
    f = scaledUnits(value, decimals, 1000, shortSuffixes());
    f.suffix += QLatin1Char(' ') + unit;
    return f;
}

} // namespace

FormattedValue formatValueParts(double value, const QString &unit, int decimals)
{
    FormattedValue f = formatParts(value, unit, decimals);
    f.text = localizedPoint(f.text);
    return f;
}

QString formatValue(double value, const QString &unit, int decimals)
{
    return formatValueParts(value, unit, decimals).toString();
}
