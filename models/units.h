#pragma once

#include <QLocale>
#include <QString>

/// A formatted value in Grafana's three parts: the stat panel draws the suffix (and
/// prefix) smaller than the number.
struct FormattedValue
{
    QString prefix;
    QString text;
    QString suffix;

    QString toString() const { return prefix + text + suffix; }
};

/// Formats a value with a Grafana unit id (fieldConfig.defaults.unit) as Grafana's
/// valueFormats do: short, none, percent, percentunit, bytes/bits (IEC), decbytes/
/// decbits (SI), data rates (Bps, binBps, bps, binbps, pps, KBs, MiBs, ...), time
/// (ns, µs, ms, s, m, h, d, dtdurations, dtdurationms, dthms, dtdhms, clockms,
/// clocks, timeticks), throughput (ops, reqps, rps, wps, iops, cps, rpm, ...),
/// SI units (hertz, watt, volt, amp, ...), fixed-suffix units (celsius, dB, ...),
/// currencies, locale, and the "suffix:", "prefix:", "si:", "count:", "currency:"
/// and "bool:" forms. An empty unit formats as "short"; an unknown unit formats as
/// "short" followed by the unit text.
/// `decimals` < 0 picks a precision from the magnitude the way Grafana does (about
/// three significant digits: 1.50, 12.3, 123), a fixed `decimals` pads with zeros.
/// NaN and infinities read "NaN", "+Inf" and "-Inf" whatever the unit.
FormattedValue formatValueParts(double value, const QString &unit, int decimals = -1);
/// The locale values are written in: its decimal point in every number, and its
/// digit grouping in the "locale" unit. English (1,234.5) until the application sets
/// the interface's locale (a Russian interface: 1 234,5 and 0,800 s).
void setNumberLocale(const QLocale &locale);
QString formatValue(double value, const QString &unit, int decimals = -1);

/// Grafana's toFixed: `decimals` < 0 picks them from the magnitude.
QString formatFixed(double value, int decimals = -1);

/// A duration in seconds as Grafana's "dtdurations" unit writes it: "1 day",
/// "1 day, 2 hours" (decimals = 1: one more part after the first), "3 minutes ago"
/// for negative values.
QString formatDuration(double seconds, int decimals = -1);
