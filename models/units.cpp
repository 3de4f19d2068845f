#include "units.h"

#include <cmath>

namespace {

QString fixed(double v, int decimals)
{
    if (decimals < 0) {
        const double a = std::fabs(v);
        decimals = a == 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    }
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    if (s == QLatin1String("-0"))
        s = QStringLiteral("0");
    return s;
}

// Scales by `factor` through `suffixes` (the first is the unscaled one).
QString scaled(double v, double factor, std::initializer_list<const char *> suffixes,
               int decimals, const char *sep = " ")
{
    double a = std::fabs(v);
    const char *suffix = *suffixes.begin();
    for (const char *s : suffixes) {
        suffix = s;
        if (a < factor || s == *(suffixes.end() - 1))
            break;
        a /= factor;
        v /= factor;
    }
    const QString num = fixed(v, decimals);
    if (*suffix == '\0')
        return num;
    return num + QLatin1String(sep) + QLatin1String(suffix);
}

QString shortValue(double v, int decimals)
{
    return scaled(v, 1000, {"", "K", "Mil", "Bil", "Tri", "Quadr"}, decimals, " ");
}

QString seconds(double v, int decimals)
{
    const double a = std::fabs(v);
    if (a == 0)
        return QStringLiteral("0 s");
    if (a < 1e-6)
        return fixed(v * 1e9, decimals) + QStringLiteral(" ns");
    if (a < 1e-3)
        return fixed(v * 1e6, decimals) + QStringLiteral(" µs");
    if (a < 1)
        return fixed(v * 1e3, decimals) + QStringLiteral(" ms");
    if (a < 60)
        return fixed(v, decimals) + QStringLiteral(" s");
    if (a < 3600)
        return fixed(v / 60, decimals) + QStringLiteral(" min");
    if (a < 86400)
        return fixed(v / 3600, decimals) + QStringLiteral(" hour");
    if (a < 604800)
        return fixed(v / 86400, decimals) + QStringLiteral(" day");
    if (a < 31536000)
        return fixed(v / 604800, decimals) + QStringLiteral(" week");
    return fixed(v / 31536000, decimals) + QStringLiteral(" year");
}

} // namespace

QString formatValue(double value, const QString &unit, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (unit.isEmpty() || unit == QLatin1String("short"))
        return shortValue(value, decimals);
    if (unit == QLatin1String("none"))
        return fixed(value, decimals);
    if (unit == QLatin1String("s"))
        return seconds(value, decimals);
    if (unit == QLatin1String("ms"))
        return seconds(value / 1000.0, decimals);
    if (unit == QLatin1String("percent"))
        return fixed(value, decimals) + QStringLiteral("%");
    if (unit == QLatin1String("percentunit"))
        return fixed(value * 100.0, decimals) + QStringLiteral("%");
    if (unit == QLatin1String("reqps"))
        return shortValue(value, decimals) + QStringLiteral(" req/s");
    if (unit == QLatin1String("bytes"))
        return scaled(value, 1024, {"B", "KiB", "MiB", "GiB", "TiB", "PiB"}, decimals);
    if (unit == QLatin1String("decbytes"))
        return scaled(value, 1000, {"B", "kB", "MB", "GB", "TB", "PB"}, decimals);
    return shortValue(value, decimals) + QLatin1Char(' ') + unit;
}
