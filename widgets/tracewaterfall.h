#pragma once

#include "trace.h"

#include <QImage>
#include <QPair>
#include <QRect>
#include <QWidget>

#include <vector>

class QAction;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QTimer;
class QTreeView;
class TraceRuler;
class TraceWaterfallModel;

/// A trace as the Jaeger UI's waterfall, virtualised for 100,000 spans: a QTreeView
/// over a flat model of the shown rows (uniform row heights, no per-span widgets;
/// expanding and collapsing are row inserts and removes, see TraceWaterfallModel) whose
/// Timeline column a delegate paints as bars on a shared time scale - colour by
/// service, errors outlined in red, critical-path segments as a dark line, log
/// timestamps as ticks, the duration beside the bar. The tree's header is the time
/// ruler (ticks relative to the trace's start).
///
/// Zoom: Ctrl+wheel around the cursor, drag on the ruler to zoom into a range,
/// "Reset zoom"; Shift+wheel pans. Search (operation, service, span ID, tags) with
/// Enter/F3/Shift+F3 selects the next/previous match, expanding to it. Span text is
/// untrusted and always painted as plain text.
class TraceWaterfall final : public QWidget
{
    Q_OBJECT
public:
    explicit TraceWaterfall(QWidget *parent = nullptr);
    ~TraceWaterfall() override;

    /// Shows an analysed trace (see analyseTrace()), fully expanded, zoomed out.
    /// Cheap for large traces: the spans are implicitly shared, not copied.
    void setTrace(const Trace &trace);
    const Trace &trace() const;
    TraceWaterfallModel *model() const { return m_model; }

    /// The span shown selected (current), or -1.
    int selectedSpan() const;
    /// Expands the span's ancestors, selects it and scrolls to it.
    void selectSpan(int spanIndex);

    /// The time window shown, in µs from the trace's start.
    QPair<qint64, qint64> visibleRange() const { return {m_visibleStart, m_visibleEnd}; }
    /// Clamped to the trace (at least 1 µs wide).
    void setVisibleRange(qint64 startOffsetUs, qint64 endOffsetUs);
    void resetZoom();
    /// factor < 1 zooms in; the time at `aroundOffsetUs` stays where it is.
    void zoom(double factor, qint64 aroundOffsetUs);
    void pan(qint64 deltaUs);

    void expandAll();
    void collapseAll();
    /// Shows spans down to `depth` levels (1: the roots only).
    void collapseToDepth(int depth);
    /// Shows or hides the span's children, as its arrow, Left/Right or +/- do.
    /// Collapsing a span above the selected one selects it.
    void setSpanExpanded(int spanIndex, bool expanded);
    bool isSpanExpanded(int spanIndex) const;
    /// Where the expand arrow of a row at `depth` sits in its Name cell (the
    /// indentation is to its left).
    static QRect expandArrowRect(const QRect &nameCell, int depth);

    /// Search as typed in the search box: marks matches (model MatchRole).
    void setSearchText(const QString &text);
    void findNext();
    void findPrevious();
    /// Position of the selected match in model()->matches(), or -1.
    int currentMatch() const { return m_currentMatch; }
    /// "3 of 12", "No matches", or empty without search text.
    QString matchText() const;

    /// The whole widget at `size`, for reports and `dozor trace -o`.
    QImage renderToImage(const QSize &size);

    QTreeView *treeView() const { return m_tree; }
    QLineEdit *searchField() const { return m_search; }
    QAction *resetZoomAction() const { return m_resetZoom; }
    QAction *expandAllAction() const { return m_expandAll; }
    QAction *collapseAllAction() const { return m_collapseAll; }

    // ---- for the ruler and the delegate ----
    /// The timeline column's x range in the tree viewport's coordinates (bars are
    /// drawn inside, with a small margin) and the µs <-> x mapping on it.
    int timelineLeft() const;
    int timelineWidth() const;
    double xForOffset(qint64 offsetUs) const;
    qint64 offsetForX(double x) const;
    /// Ticks (µs offsets) for the visible window, about one per 90 px.
    std::vector<qint64> ticks() const;
    QString tickLabel(qint64 offsetUs) const;

signals:
    void spanSelected(int spanIndex);
    /// Enter or double-click on a span.
    void spanActivated(int spanIndex);
    void visibleRangeChanged(qint64 startOffsetUs, qint64 endOffsetUs);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showToDepth(int levels);
    bool handleTreeKey(QKeyEvent *event);
    void applySearch();
    void showMatch(int position);
    void updateMatchLabel();
    void rangeChanged();
    qint64 traceDuration() const;

    TraceWaterfallModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
    TraceRuler *m_ruler = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_matchLabel = nullptr;
    QTimer *m_searchTimer = nullptr;
    QAction *m_findNext = nullptr;
    QAction *m_findPrevious = nullptr;
    QAction *m_resetZoom = nullptr;
    QAction *m_expandAll = nullptr;
    QAction *m_collapseAll = nullptr;
    qint64 m_visibleStart = 0;
    qint64 m_visibleEnd = 1;
    int m_currentMatch = -1;
    bool m_nameWidthSetByUser = false;
    bool m_settingNameWidth = false;
};
