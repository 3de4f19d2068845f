#pragma once

#include "timerange.h"

#include <QWidget>

class QComboBox;

/// The toolbar's time range control: common relative ranges (5m .. 7d), the
/// dashboard's own range, and "Custom range…" for absolute start and end.
class TimeRangePicker final : public QWidget
{
    Q_OBJECT
public:
    explicit TimeRangePicker(QWidget *parent = nullptr);

    TimeRange range() const { return m_range; }
    /// Selects `range` (adding it to the list if it is not a preset); no signal.
    void setRange(const TimeRange &range);

signals:
    void rangeChanged(const TimeRange &range);

private:
    void onActivated(int index);
    int indexOf(const TimeRange &range) const;

    QComboBox *m_combo;
    TimeRange m_range;
};

/// Asks for an absolute range; returns false when the user cancels.
bool askCustomRange(QWidget *parent, TimeRange *range);
