#pragma once

#include "trace.h"

#include <QAbstractTableModel>

/// Search results as a flat table, one row per trace. Sorting is the model's own
/// (stable, with the most recent trace first among equals) so the sort combo and
/// the header clicks order the rows the same way.
class TraceResultsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Start, Root, Duration, Spans, Errors, Services, ColumnCount };
    enum Role {
        TraceIdRole = Qt::UserRole + 1, // QString
        SortRole,                       // the raw value a column sorts by
        StartUsRole,                    // qint64, microseconds since the epoch
        DurationUsRole,                 // qint64
    };
    /// The orders the results' sort combo offers, in its order.
    enum Order { MostRecent, LongestFirst, ShortestFirst, MostSpans, MostErrors };

    explicit TraceResultsModel(QObject *parent = nullptr);

    void setResults(const QList<TraceSummary> &results);
    const QList<TraceSummary> &results() const { return m_rows; }
    const TraceSummary *summaryAt(int row) const;
    int rowOf(const QString &traceId) const;

    /// The column and direction an order sorts by.
    static Column orderColumn(Order order);
    static Qt::SortOrder orderDirection(Order order);
    /// "912 ms", "1.23 s", "850 µs".
    static QString formatDuration(qint64 us);

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void sortRows();
    QVariant sortValue(const TraceSummary &s, int column) const;

    QList<TraceSummary> m_rows;
    int m_sortColumn = Start;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};
