#include "timeticks.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <array>

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

enum class Unit { Fixed, Day, Month, Year };

struct Step
{
    Unit unit;
    qint64 count; // ms for Fixed, else days / months / years
    qint64 approxMs;
};

// Grafana's (uPlot's) increments: round numbers of each calendar unit.
constexpr std::array<Step, 32> kSteps{{
    {Unit::Fixed, 1, 1},
    {Unit::Fixed, 2, 2},
    {Unit::Fixed, 5, 5},
    {Unit::Fixed, 10, 10},
    {Unit::Fixed, 20, 20},
    {Unit::Fixed, 50, 50},
    {Unit::Fixed, 100, 100},
    {Unit::Fixed, 200, 200},
    {Unit::Fixed, 500, 500},
    {Unit::Fixed, kSecond, kSecond},
    {Unit::Fixed, 2 * kSecond, 2 * kSecond},
    {Unit::Fixed, 5 * kSecond, 5 * kSecond},
    {Unit::Fixed, 10 * kSecond, 10 * kSecond},
    {Unit::Fixed, 15 * kSecond, 15 * kSecond},
    {Unit::Fixed, 30 * kSecond, 30 * kSecond},
    {Unit::Fixed, kMinute, kMinute},
    {Unit::Fixed, 2 * kMinute, 2 * kMinute},
    {Unit::Fixed, 5 * kMinute, 5 * kMinute},
    {Unit::Fixed, 10 * kMinute, 10 * kMinute},
    {Unit::Fixed, 15 * kMinute, 15 * kMinute},
    {Unit::Fixed, 30 * kMinute, 30 * kMinute},
    {Unit::Fixed, kHour, kHour},
    {Unit::Fixed, 2 * kHour, 2 * kHour},
    {Unit::Fixed, 3 * kHour, 3 * kHour},
    {Unit::Fixed, 6 * kHour, 6 * kHour},
    {Unit::Fixed, 12 * kHour, 12 * kHour},
    {Unit::Day, 1, kDay},
    {Unit::Day, 2, 2 * kDay},
    {Unit::Day, 7, 7 * kDay},
    {Unit::Month, 1, 30 * kDay},
    {Unit::Month, 3, 91 * kDay},
    {Unit::Month, 6, 182 * kDay},
}};

QDateTime at(qint64 ms, bool utc)
{
    return utc ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime::fromMSecsSinceEpoch(ms);
}

qint64 offsetMs(qint64 ms, bool utc)
{
    return utc ? 0 : qint64(QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc()) * kSecond;
}

qint64 midnight(const QDate &date, bool utc)
{
    return QDateTime(date, QTime(0, 0), utc ? Qt::UTC : Qt::LocalTime).toMSecsSinceEpoch();
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, int targetCount, bool utc)
{
    std::vector<TimeTick> out;
    if (toMs <= fromMs)
        return out;
    const qint64 range = toMs - fromMs;
    const qint64 wanted = range / std::clamp(targetCount, 1, 50);
    Step step{Unit::Year, 1, 365 * kDay};
    for (const Step &s : kSteps) {
        if (s.approxMs >= wanted) {
            step = s;
            break;
        }
    }
    if (step.unit == Unit::Year) {
        // 1, 2, 5, 10, 20, 50, ... years.
        step.count = 0;
        for (qint64 mag = 1; step.count == 0 && mag <= 100000; mag *= 10)
            for (qint64 m : {1, 2, 5})
                if (step.count == 0 && m * mag * 365 * kDay >= wanted)
                    step.count = m * mag;
        if (step.count == 0)
            step.count = 1000000;
    }

    QString format;
    if (step.unit == Unit::Fixed) {
        format = step.count < kSecond   ? QStringLiteral("HH:mm:ss.zzz")
                 : step.count < kMinute ? QStringLiteral("HH:mm:ss")
                 : range > kDay + kHour ? QStringLiteral("MM/dd HH:mm")
                                        : QStringLiteral("HH:mm");
    } else if (step.unit == Unit::Day) {
        format = range > 365 * kDay ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("MM/dd");
    } else if (step.unit == Unit::Month) {
        format = QStringLiteral("yyyy-MM");
    } else {
        format = QStringLiteral("yyyy");
    }

    auto add = [&](qint64 t, const QString &label) {
        if (t < fromMs || t > toMs || (!out.empty() && t <= out.back().ms))
            return;
        out.push_back({t, label});
    };
    constexpr int kMaxTicks = 200; // bounds the loops whatever the inputs

    if (step.unit == Unit::Fixed) {
        // Round on the wall clock of the zone shown; each tick converts back through
        // the zone's offset at that time, so ticks stay on the hour across DST.
        const qint64 baseOffset = offsetMs(fromMs, utc);
        qint64 wall = floorDiv(fromMs + baseOffset, step.count) * step.count;
        for (int i = 0; i < kMaxTicks * 2 && int(out.size()) < kMaxTicks; ++i, wall += step.count) {
            qint64 t = wall - baseOffset;
            t = wall - offsetMs(t, utc);
            if (t > toMs)
                break;
            const QDateTime dt = at(t, utc);
            // A midnight among minute or hour ticks names the new day, as Grafana does.
            const bool dayStart = step.count >= kMinute && dt.time() == QTime(0, 0) &&
                                  format == QLatin1String("HH:mm");
            add(t, dt.toString(dayStart ? QStringLiteral("MM/dd") : format));
        }
        return out;
    }

    QDate date = at(fromMs, utc).date();
    if (step.unit == Unit::Day) {
        if (step.count == 7)
            date = date.addDays(1 - date.dayOfWeek()); // weeks start on Monday
        for (int i = 0; i < kMaxTicks * 2 && int(out.size()) < kMaxTicks;
             ++i, date = date.addDays(step.count)) {
            const qint64 t = midnight(date, utc);
            if (t > toMs)
                break;
            add(t, at(t, utc).toString(format));
        }
        return out;
    }
    if (step.unit == Unit::Month) {
        date = QDate(date.year(), date.month() - (date.month() - 1) % int(step.count), 1);
        for (int i = 0; i < kMaxTicks * 2 && int(out.size()) < kMaxTicks;
             ++i, date = date.addMonths(int(step.count))) {
            const qint64 t = midnight(date, utc);
            if (t > toMs)
                break;
            add(t, at(t, utc).toString(format));
        }
        return out;
    }
    const int years = int(std::min<qint64>(step.count, 100000));
    date = QDate(date.year() - ((date.year() % years) + years) % years, 1, 1);
    for (int i = 0; i < kMaxTicks * 2 && int(out.size()) < kMaxTicks && date.isValid();
         ++i, date = date.addYears(years)) {
        const qint64 t = midnight(date, utc);
        if (t > toMs)
            break;
        add(t, at(t, utc).toString(format));
    }
    return out;
}

QString formatTimestamp(qint64 ms, bool utc)
{
    const QString text = at(ms, utc).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return utc ? text + QStringLiteral(" UTC") : text;
}
