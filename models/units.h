#pragma once

#include <QString>

/// Formats a value with a Grafana unit id (fieldConfig.defaults.unit): short, none,
/// s, ms, percent, percentunit, reqps, bytes, decbytes. Unknown units format as
/// "short" followed by the unit text, as Grafana does for custom suffixes.
/// `decimals` < 0 picks a precision from the magnitude.
QString formatValue(double value, const QString &unit, int decimals = -1);
