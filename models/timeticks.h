#pragma once

#include <QString>

#include <vector>

/// One label of a time axis: where it sits (ms since the epoch) and what it reads.
struct TimeTick
{
    qint64 ms = 0;
    QString label;
};

/// Ticks for a time axis over [fromMs, toMs], about `targetCount` of them, as
/// Grafana places them: on round wall-clock times of the shown time zone (every
/// 15 s, 5 min, 3 h, midnight, the 1st of a month, ...), labelled for the step:
/// "HH:mm:ss" below a minute, "HH:mm" below a day (a midnight tick reads the date,
/// "MM/dd"; ranges over a day read "MM/dd HH:mm"), "MM/dd" for days, "yyyy-MM" for
/// months, "yyyy" for years. `utc` shows UTC, else the local time zone.
std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, int targetCount, bool utc);

/// A point in time as tooltips show it, "yyyy-MM-dd HH:mm:ss", in UTC (with a
/// " UTC" suffix) or local time.
QString formatTimestamp(qint64 ms, bool utc);
