#pragma once

#include "trace.h"

#include <QAbstractItemModel>
#include <QColor>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <vector>

/// The spans of one analysed trace as a tree (parent/children from analyseTrace()).
/// Built for 100,000 spans: an index's internalId is the span index, so index(),
/// parent() and rowCount() are O(1) lookups into tables made once per setTrace();
/// no per-span objects. The trace is held by value (its lists are implicitly
/// shared, so setTrace() copies no spans).
class TraceWaterfallModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Name, Timeline, ColumnCount };
    enum Role {
        SpanIndexRole = Qt::UserRole, // int, index into Trace::spans
        SpanIdRole,                   // QString
        ServiceRole,                  // QString
        OperationRole,                // QString
        ServiceColorRole,             // QColor, stable per service within the trace
        StartOffsetRole,              // qint64 µs since the trace's start
        DurationRole,                 // qint64 µs
        SelfTimeRole,                 // qint64 µs
        CriticalRole,                 // qint64 µs on the critical path (0 when off it)
        ErrorRole,                    // bool
        DepthRole,                    // int, 0 for roots
        FollowsFromRole,              // bool
        MatchRole,                    // bool, matches the filter text
    };

    explicit TraceWaterfallModel(QObject *parent = nullptr);

    /// Expects an analysed trace (Trace::analysed); an unanalysed one shows its
    /// spans as a flat list of roots.
    void setTrace(const Trace &trace);
    const Trace &trace() const { return m_trace; }

    QModelIndex indexForSpan(int spanIndex, int column = Name) const;
    int spanAt(const QModelIndex &index) const;

    /// Marks spans whose operation, service, span ID, tag key or tag value contains
    /// `text` (case-insensitive); empty text clears the marks.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    /// Matching span indices in display (depth-first) order.
    const QList<int> &matches() const { return m_matches; }
    bool isMatch(int spanIndex) const;

    /// The span's service colour (ServiceColors: by name, the same in every trace view).
    QColor serviceColor(int spanIndex) const;

    /// Parts of the span's own bar on the critical path, as µs offsets from the
    /// trace's start (the span minus its critical children, clipped to the span).
    QList<QPair<qint64, qint64>> criticalSegments(int spanIndex) const;

    int columnCount(const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    int childCount(int spanIndex) const;
    int childAt(int spanIndex, int row) const;
    bool spanMatches(const Span &span, const QString &needle) const;
    QString toolTip(int spanIndex) const;

    Trace m_trace;
    // The tree as shown, derived once from the trace's roots/children lists so that
    // index(), parent() and rowCount() always agree: a span listed twice or
    // unreachable (inconsistent links) is shown once, unreachable ones as roots.
    // Children are stored flat: those of span i are m_childList[m_childBegin[i] ..
    // m_childEnd[i]).
    std::vector<int> m_childBegin;
    std::vector<int> m_childEnd;
    std::vector<int> m_childList;
    std::vector<int> m_parentOf; // -1 for roots
    std::vector<int> m_rowOf;    // row under its parent (or among the roots)
    std::vector<int> m_order;    // spans in depth-first display order
    QList<int> m_roots;
    QList<QColor> m_processColor; // per process
    std::vector<bool> m_match;
    QList<int> m_matches;
    QString m_filterText;
};

/// Microseconds as a short readable duration: "850µs", "12.3ms", "1.25s", "2m 5s".
QString formatTraceDuration(qint64 us);
