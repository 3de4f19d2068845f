#pragma once

#include "timerange.h"

#include <QDateTime>
#include <QList>

/// The time ranges a dashboard was shown over, for Back/Forward as in a browser:
/// push() every range the user moves to (picker, drag-zoom, pan, zoom out); back()
/// and forward() walk the list without adding to it. Pushing a range equal to the
/// current one does nothing, so a caller may push whatever it applies, including
/// the range back() just returned.
class RangeHistory
{
public:
    explicit RangeHistory(int capacity = 50);

    /// Makes `range` the current entry; forward entries are dropped.
    void push(const TimeRange &range);
    bool canGoBack() const { return m_index > 0; }
    bool canGoForward() const { return m_index >= 0 && m_index + 1 < m_entries.size(); }
    /// Steps back and returns the range to show (the current one when there is none).
    TimeRange back();
    /// Steps forward and returns the range to show (the current one when there is none).
    TimeRange forward();
    /// The range shown; a default TimeRange when nothing was pushed yet.
    TimeRange current() const;
    int size() const { return int(m_entries.size()); }
    void clear();

private:
    QList<TimeRange> m_entries;
    int m_index = -1;
    int m_capacity;
};

/// Grafana's zoom out (Ctrl+Z): the range twice as long around its centre, as
/// absolute times. A relative range ending at "now" ("now-6h".."now") stays live
/// and becomes "now-12h".."now"; an absolute range whose doubled end would pass
/// `now` ends at `now` instead (the future holds no data), keeping its doubled
/// length. An unresolvable range is returned unchanged.
TimeRange zoomOut(const TimeRange &range, const QDateTime &now = QDateTime::currentDateTimeUtc(),
                  double factor = 2.0);
