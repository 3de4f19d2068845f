#include "rangehistory.h"

#include <algorithm>
#include <cmath>

namespace {

/// "now-<n><unit>" in the largest unit that divides `ms` exactly: parseTimeExpression
/// reads a single unit only ("now-1h30m" would not parse; "now-90m" does).
QString lastExpression(qint64 ms)
{
    static const struct
    {
        qint64 ms;
        const char *suffix;
    } units[] = {
        {24LL * 3600 * 1000, "d"}, {3600 * 1000, "h"}, {60 * 1000, "m"}, {1000, "s"}, {1, "ms"}};
    for (const auto &u : units)
        if (ms % u.ms == 0)
            return QStringLiteral("now-%1%2").arg(ms / u.ms).arg(QLatin1String(u.suffix));
    return QStringLiteral("now-%1ms").arg(ms);
}

} // namespace

RangeHistory::RangeHistory(int capacity) : m_capacity(std::max(2, capacity))
{
}

void RangeHistory::push(const TimeRange &range)
{
    if (m_index >= 0 && m_entries[m_index] == range)
        return;
    m_entries.resize(m_index + 1);
    m_entries.append(range);
    if (m_entries.size() > m_capacity)
        m_entries.remove(0, m_entries.size() - m_capacity);
    m_index = int(m_entries.size()) - 1;
}

TimeRange RangeHistory::back()
{
    if (canGoBack())
        --m_index;
    return current();
}

TimeRange RangeHistory::forward()
{
    if (canGoForward())
        ++m_index;
    return current();
}

TimeRange RangeHistory::current() const
{
    return m_index >= 0 ? m_entries[m_index] : TimeRange{};
}

void RangeHistory::clear()
{
    m_entries.clear();
    m_index = -1;
}

TimeRange zoomOut(const TimeRange &range, const QDateTime &now, double factor)
{
    const auto r = range.resolve(now);
    if (!r || !(factor > 0) || !std::isfinite(factor))
        return range;
    const qint64 start = r->start.toMSecsSinceEpoch();
    const qint64 end = r->end.toMSecsSinceEpoch();
    const qint64 span = end - start;
    const auto grown = qint64(std::llround(double(span) * factor));
    if (range.to.trimmed() == QLatin1String("now") &&
        range.from.trimmed().startsWith(QLatin1String("now-")) &&
        !range.from.contains(QLatin1Char('/')))
        return TimeRange{lastExpression(std::max<qint64>(grown, 1000)), QStringLiteral("now")};
    const qint64 centre = start + span / 2;
    qint64 from = centre - grown / 2;
    qint64 to = from + grown;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    if (to > nowMs && end <= nowMs) {
        to = nowMs;
        from = to - grown;
    }
    return TimeRange::absolute(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC),
                               QDateTime::fromMSecsSinceEpoch(to, Qt::UTC));
}
