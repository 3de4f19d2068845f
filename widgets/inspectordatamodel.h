#pragma once

#include "dashboardqueries.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

/// A panel's data as the inspector's Data tab shows it (Grafana's "Series joined by
/// time"): a Time column and one column per series, a row per timestamp any series
/// has - or, for instant queries, one row per series with its labels, time and value.
/// Every cell is plain text; Qt::UserRole gives the number (double) behind a cell.
class InspectorDataModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { ValueRole = Qt::UserRole + 1 };
    enum class Layout { JoinedByTime, SeriesRows };

    explicit InspectorDataModel(QObject *parent = nullptr);

    /// `instant`: the panel's queries are instant ones (one row per series).
    void setPanelData(const PanelData &data, bool instant);
    /// Times as UTC instead of local time.
    void setUseUtc(bool utc);
    Layout layout() const { return m_layout; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString timeText(double ms) const;
    /// The value of series `s` at time `ms`, or NaN when it has none there.
    double valueAt(const PanelSeries &s, double ms) const;
    QVariant seriesRowData(int row, int column, int role) const;

    PanelData m_data;
    Layout m_layout = Layout::JoinedByTime;
    std::vector<double> m_times; // JoinedByTime: the union of timestamps, ascending
    QStringList m_labelNames;    // SeriesRows: label columns, __name__ first
    bool m_utc = false;
};
