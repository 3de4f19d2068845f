#include "inspectordatamodel.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <cmath>

InspectorDataModel::InspectorDataModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void InspectorDataModel::setPanelData(const PanelData &data, bool instant)
{
    beginResetModel();
    m_data = data;
    m_times.clear();
    m_labelNames.clear();
    // Instant queries bring one point per series; so may a range query over a short
    // range, which still reads best as a time column.
    m_layout = instant ? Layout::SeriesRows : Layout::JoinedByTime;
    if (m_layout == Layout::JoinedByTime) {
        for (const PanelSeries &s : m_data.series)
            m_times.insert(m_times.end(), s.timestampsMs.cbegin(), s.timestampsMs.cend());
        std::sort(m_times.begin(), m_times.end());
        m_times.erase(std::unique(m_times.begin(), m_times.end()), m_times.end());
    } else {
        QSet<QString> names;
        for (const PanelSeries &s : m_data.series)
            for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
                names.insert(it.key());
        const bool hasName = names.remove(QStringLiteral("__name__"));
        m_labelNames = QStringList(names.cbegin(), names.cend());
        m_labelNames.sort();
        if (hasName)
            m_labelNames.prepend(QStringLiteral("__name__"));
    }
    endResetModel();
}

void InspectorDataModel::setUseUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

int InspectorDataModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_layout == Layout::JoinedByTime ? int(m_times.size()) : int(m_data.series.size());
}

int InspectorDataModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    // SeriesRows: Series, labels..., Time, Value.
    return m_layout == Layout::JoinedByTime ? 1 + int(m_data.series.size())
                                            : 3 + int(m_labelNames.size());
}

QString InspectorDataModel::timeText(double ms) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(ms), m_utc ? Qt::UTC : Qt::LocalTime);
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           (m_utc ? QStringLiteral(" UTC") : QString());
}

double InspectorDataModel::valueAt(const PanelSeries &s, double ms) const
{
    const auto it = std::lower_bound(s.timestampsMs.cbegin(), s.timestampsMs.cend(), ms);
    if (it == s.timestampsMs.cend() || *it != ms)
        return std::nan("");
    return s.values[size_t(it - s.timestampsMs.cbegin())];
}

QVariant InspectorDataModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    if (role != Qt::DisplayRole && role != ValueRole && role != Qt::TextAlignmentRole)
        return {};
    if (m_layout == Layout::SeriesRows)
        return seriesRowData(index.row(), index.column(), role);
    const double t = m_times[size_t(index.row())];
    if (index.column() == 0) {
        if (role == ValueRole)
            return t;
        return role == Qt::DisplayRole ? QVariant(timeText(t)) : QVariant();
    }
    const double v = valueAt(m_data.series[size_t(index.column() - 1)], t);
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == ValueRole)
        return std::isnan(v) ? QVariant() : QVariant(v);
    return std::isnan(v) ? QString() : QString::number(v, 'g', 17);
}

QVariant InspectorDataModel::seriesRowData(int row, int column, int role) const
{
    const PanelSeries &s = m_data.series[size_t(row)];
    const int timeColumn = 1 + int(m_labelNames.size());
    const bool hasPoint = !s.values.empty();
    if (column == timeColumn || column == timeColumn + 1) {
        if (!hasPoint)
            return {};
        const double v = column == timeColumn ? s.timestampsMs.back() : s.values.back();
        if (role == ValueRole)
            return v;
        if (role == Qt::TextAlignmentRole)
            return column == timeColumn ? QVariant()
                                        : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
        return column == timeColumn ? timeText(v) : QString::number(v, 'g', 17);
    }
    if (role != Qt::DisplayRole)
        return {};
    if (column == 0)
        return s.name;
    return s.labels.value(m_labelNames.value(column - 1));
}

QVariant InspectorDataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (m_layout == Layout::JoinedByTime) {
        if (section == 0)
            return tr("Time");
        if (size_t(section - 1) < m_data.series.size()) {
            const PanelSeries &s = m_data.series[size_t(section - 1)];
            return s.name.isEmpty() ? tr("Series %1").arg(section) : s.name;
        }
        return {};
    }
    const int timeColumn = 1 + int(m_labelNames.size());
    if (section == 0)
        return tr("Series");
    if (section == timeColumn)
        return tr("Time");
    if (section == timeColumn + 1)
        return tr("Value");
    return m_labelNames.value(section - 1);
}
