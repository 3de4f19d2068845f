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

/// The spans of one analysed trace as the waterfall shows them: a flat list of the
/// visible rows, depth-first with children by start, over a tree held in flat
/// arrays (parent/children from analyseTrace()). Built for 100,000 spans: the view
/// gets one level of rows, so expanding or collapsing a span is one row insert or
/// remove of its visible descendants (a contiguous range of rows) instead of the
/// per-node bookkeeping of a tree view; an index's internalId is its span index.
/// Expansion state lives here: every span starts expanded. The trace is held by
/// value (its lists are implicitly shared, so setTrace() copies no spans).
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
        DepthRole,                    // int, 0 for roots (indentation of the row)
        FollowsFromRole,              // bool
        MatchRole,                    // bool, matches the filter text
        HasChildrenRole,              // bool, the span has child spans
        ExpandedRole,                 // bool, its children are shown
    };

    explicit TraceWaterfallModel(QObject *parent = nullptr);

    /// Expects an analysed trace (Trace::analysed); an unanalysed one shows its
    /// spans as a flat list of roots. Every span starts expanded.
    void setTrace(const Trace &trace);
    const Trace &trace() const { return m_trace; }

    /// The span's row, or an invalid index while one of its ancestors is collapsed.
    QModelIndex indexForSpan(int spanIndex, int column = Name) const;
    int spanAt(const QModelIndex &index) const;

    // ---- the tree as shown: a span listed twice or unreachable (inconsistent
    // links) is shown once, unreachable ones as roots ----
    /// Top-level spans, by start.
    const QList<int> &rootSpans() const { return m_roots; }
    /// The span's parent in the tree, or -1 for a root (and for an invalid index).
    int parentSpan(int spanIndex) const;
    /// The span's children, by start.
    QList<int> childSpans(int spanIndex) const;
    int childSpanCount(int spanIndex) const;
    /// 0 for roots.
    int depthOf(int spanIndex) const;

    // ---- expansion ----
    bool isExpanded(int spanIndex) const;
    /// Shows or hides the span's descendants (one row insert or remove). Returns
    /// false when nothing changed.
    bool setExpanded(int spanIndex, bool expanded);
    /// Expands every span above `spanIndex`, so that it has a row.
    void expandAncestors(int spanIndex);
    /// Spans down to `levels` levels get rows (1: the roots only, INT_MAX:
    /// everything). A persistent index of a span that loses its row moves to its
    /// nearest ancestor that keeps one.
    void showToDepth(int levels);
    /// Whether every span with children is expanded.
    bool allExpanded() const { return m_collapsedCount == 0; }

    /// Marks spans whose operation, service, span ID, tag key or tag value contains
    /// `text` (case-insensitive); empty text clears the marks.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    /// Matching span indices in display (depth-first) order, shown or not.
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
    bool validSpan(int spanIndex) const
    {
        return spanIndex >= 0 && spanIndex < int(m_parentOf.size());
    }
    int childAt(int spanIndex, int row) const;
    /// Appends the rows of the spans in m_order[from, to), skipping collapsed subtrees.
    void appendVisible(std::vector<int> &rows, int from, int to) const;
    /// Rebuilds the rows from the expansion flags as one layout change.
    void relayout();
    void renumberRows(size_t fromRow);
    bool spanMatches(const Span &span, const QString &needle) const;
    QString toolTip(int spanIndex) const;

    Trace m_trace;
    // Children are stored flat: those of span i are m_childList[m_childBegin[i] ..
    // m_childEnd[i]). m_order is the depth-first order of all spans; the subtree
    // of span i is m_order[m_orderPos[i] .. m_subtreeEnd[i]).
    std::vector<int> m_childBegin;
    std::vector<int> m_childEnd;
    std::vector<int> m_childList;
    std::vector<int> m_parentOf; // -1 for roots
    std::vector<int> m_depth;
    std::vector<int> m_order;
    std::vector<int> m_orderPos;
    std::vector<int> m_subtreeEnd;
    std::vector<char> m_expanded;
    int m_collapsedCount = 0; // spans with children that are collapsed
    std::vector<int> m_rows;  // the visible spans, one per row
    std::vector<int> m_rowOf; // span -> row, -1 when hidden
    QList<int> m_roots;
    QList<QColor> m_processColor; // per process
    std::vector<bool> m_match;
    QList<int> m_matches;
    QString m_filterText;
};

/// Microseconds as a short readable duration: "850µs", "12.3ms", "1.25s", "2m 5s".
QString formatTraceDuration(qint64 us);
