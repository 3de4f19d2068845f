#include "tracewaterfall.h"

#include "axisticks.h"
#include "palette.h"
#include "tracewaterfallmodel.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr int kBarMargin = 6; // px kept free at both ends of the timeline column

QColor gridColor(const QPalette &palette)
{
    QColor c = palette.color(QPalette::Text);
    c.setAlpha(28);
    return c;
}

/// Paints both columns: the name with a service swatch and an error mark, and the
/// span bar on the waterfall's time scale. Text goes through QPainter::drawText,
/// which never interprets markup.
class TraceBarDelegate final : public QStyledItemDelegate
{
public:
    TraceBarDelegate(TraceWaterfall *waterfall, TraceWaterfallModel *model)
        : QStyledItemDelegate(waterfall), m_waterfall(waterfall), m_model(model)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        Q_UNUSED(index)
        return {100, std::max(22, option.fontMetrics.height() + 8)};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.icon = QIcon();
        opt.features &= ~QStyleOptionViewItem::HasDecoration;
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        // Background, match highlight, selection and focus as the style draws them.
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const int span = m_model->spanAt(index);
        if (span < 0)
            return;
        painter->save();
        painter->setClipRect(option.rect);
        if (index.column() == TraceWaterfallModel::Name)
            paintName(painter, option, span);
        else
            paintBar(painter, option, span);
        painter->restore();
    }

private:
    QColor textColor(const QStyleOptionViewItem &option) const
    {
        const bool selected = option.state & QStyle::State_Selected;
        return option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    }

    void paintName(QPainter *painter, const QStyleOptionViewItem &option, int spanIndex) const
    {
        const Trace &trace = m_model->trace();
        const Span &span = trace.spans.at(spanIndex);
        QRect r = option.rect.adjusted(2, 0, -4, 0);
        // Indentation and the expand arrow, as the tree's branch column would draw them.
        const QRect arrow = TraceWaterfall::expandArrowRect(option.rect, m_model->depthOf(spanIndex));
        if (m_model->childSpanCount(spanIndex) > 0) {
            const QPointF c = QRectF(arrow).center();
            const double h = std::min(arrow.width(), arrow.height()) * 0.3;
            QPolygonF triangle;
            if (m_model->isExpanded(spanIndex))
                triangle << QPointF(c.x() - h, c.y() - h / 2) << QPointF(c.x() + h, c.y() - h / 2)
                         << QPointF(c.x(), c.y() + h / 2 + 1);
            else
                triangle << QPointF(c.x() - h / 2, c.y() - h) << QPointF(c.x() - h / 2, c.y() + h)
                         << QPointF(c.x() + h / 2 + 1, c.y());
            painter->setRenderHint(QPainter::Antialiasing, true);
            painter->setPen(Qt::NoPen);
            painter->setBrush(textColor(option));
            painter->drawPolygon(triangle);
            painter->setRenderHint(QPainter::Antialiasing, false);
        }
        r.setLeft(arrow.right() + 1);
        // Service swatch: the same colour as the bar, so rows and bars pair up.
        painter->fillRect(QRect(r.left(), r.top() + 3, 4, r.height() - 6),
                          m_model->serviceColor(spanIndex));
        r.setLeft(r.left() + 9);
        if (span.error) {
            const int d = std::min(r.height() - 8, 14);
            const QRect mark(r.left(), r.center().y() - d / 2, d, d);
            painter->setRenderHint(QPainter::Antialiasing, true);
            painter->setPen(Qt::NoPen);
            painter->setBrush(Theme::error);
            painter->drawEllipse(mark);
            painter->setPen(Qt::white);
            QFont f = option.font;
            f.setBold(true);
            f.setPixelSize(std::max(8, d - 3));
            painter->setFont(f);
            painter->drawText(mark, Qt::AlignCenter, QStringLiteral("!"));
            painter->setRenderHint(QPainter::Antialiasing, false);
            r.setLeft(mark.right() + 5);
        }
        const QColor text = textColor(option);
        QFont bold = option.font;
        bold.setBold(true);
        const QString service = trace.serviceOf(span);
        const QFontMetrics boldMetrics(bold);
        const QString serviceText =
            boldMetrics.elidedText(service, Qt::ElideRight, std::max(0, r.width() / 2));
        painter->setFont(bold);
        painter->setPen(text);
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, serviceText);
        r.setLeft(r.left() + boldMetrics.horizontalAdvance(serviceText) + 6);
        QColor operationColor = text;
        if (!(option.state & QStyle::State_Selected))
            operationColor.setAlpha(200);
        painter->setFont(option.font);
        painter->setPen(operationColor);
        const QString operation =
            option.fontMetrics.elidedText(span.operationName, Qt::ElideRight, r.width());
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, operation);
    }

    void paintBar(QPainter *painter, const QStyleOptionViewItem &option, int spanIndex) const
    {
        const Trace &trace = m_model->trace();
        const Span &span = trace.spans.at(spanIndex);
        const QRect cell = option.rect;

        painter->setPen(gridColor(option.palette));
        for (qint64 t : m_waterfall->ticks()) {
            const int x = int(std::lround(m_waterfall->xForOffset(t)));
            painter->drawLine(x, cell.top(), x, cell.bottom());
        }

        const qint64 start = span.startUs - trace.startUs;
        const qint64 end = start + span.durationUs;
        const auto [visibleStart, visibleEnd] = m_waterfall->visibleRange();
        const int barHeight = std::max(6, cell.height() * 9 / 20);
        const int barTop = cell.top() + (cell.height() - barHeight) / 2;
        const double x1f = m_waterfall->xForOffset(start);
        const double x2f = m_waterfall->xForOffset(end);
        const int x1 = int(std::floor(x1f));
        // A zero-length span still gets a visible sliver.
        const int x2 = std::max(x1 + 2, int(std::ceil(x2f)));
        const QColor color = m_model->serviceColor(spanIndex);
        const bool visible = end >= visibleStart && start <= visibleEnd;
        if (visible) {
            const QRect bar(x1, barTop, x2 - x1, barHeight);
            painter->fillRect(bar, color);
            for (const auto &[a, b] : m_model->criticalSegments(spanIndex)) {
                const int ca = int(std::floor(m_waterfall->xForOffset(a)));
                const int cb = std::max(ca + 1, int(std::ceil(m_waterfall->xForOffset(b))));
                const int h = std::max(2, barHeight / 3);
                painter->fillRect(QRect(ca, barTop + (barHeight - h) / 2, cb - ca, h),
                                  color.darker(260));
            }
            // Log ticks stand out past the bar in the text colour: visible on any
            // bar colour and on both palettes.
            const QColor tick = textColor(option);
            for (const TraceLog &log : span.logs) {
                const int lx =
                    int(std::lround(m_waterfall->xForOffset(log.timestampUs - trace.startUs)));
                painter->fillRect(QRect(lx, barTop - 3, 1, barHeight + 6), tick);
            }
            if (span.error) {
                painter->setPen(QPen(Theme::error, 2));
                painter->setBrush(Qt::NoBrush);
                painter->drawRect(bar.adjusted(1, 1, -1, -1));
            }
        }

        // Duration beside the bar: right of it when it fits, else left of it, else
        // inside its right end in a colour that contrasts with the bar.
        const QString label = formatTraceDuration(span.durationUs);
        const int w = option.fontMetrics.horizontalAdvance(label);
        const int right = cell.right() - 2;
        int tx;
        QColor pen = textColor(option);
        if (x2 + 4 + w <= right) {
            tx = std::max(cell.left() + 2, x2 + 4);
        } else if (x1 - 4 - w >= cell.left() + 2) {
            tx = x1 - 4 - w;
        } else {
            tx = std::min(right, x2) - w - 3;
            pen = qGray(color.rgb()) > 140 ? QColor(0x11, 0x12, 0x17) : QColor(Qt::white);
            const QRect back(tx - 3, barTop, w + 6, barHeight);
            painter->fillRect(back, color);
        }
        painter->setFont(option.font);
        painter->setPen(pen);
        painter->drawText(QRect(tx, cell.top(), w + 1, cell.height()),
                          Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, label);
    }

    TraceWaterfall *m_waterfall;
    TraceWaterfallModel *m_model;
};

} // namespace

/// The tree's header, whose Timeline section is the time ruler: tick labels relative
/// to the trace's start, and a drag selects a range to zoom into.
class TraceRuler final : public QHeaderView
{
public:
    explicit TraceRuler(TraceWaterfall *waterfall)
        : QHeaderView(Qt::Horizontal, waterfall), m_waterfall(waterfall)
    {
        setSectionsClickable(false);
        setSectionsMovable(false);
        setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        setMouseTracking(true);
    }

    QSize sizeHint() const override
    {
        QSize s = QHeaderView::sizeHint();
        s.setHeight(std::max(s.height(), fontMetrics().height() + 14));
        return s;
    }

    bool dragging() const { return m_dragging; }

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override
    {
        if (logicalIndex != TraceWaterfallModel::Timeline) {
            QHeaderView::paintSection(painter, rect, logicalIndex);
            return;
        }
        QStyleOptionHeader opt;
        initStyleOption(&opt);
        opt.rect = rect;
        opt.section = logicalIndex;
        opt.position = QStyleOptionHeader::End;
        opt.text.clear();
        style()->drawControl(QStyle::CE_Header, &opt, painter, this);

        painter->save();
        painter->setClipRect(rect);
        QColor text = palette().color(QPalette::WindowText);
        QColor tickColor = text;
        tickColor.setAlpha(120);
        const int baseline = rect.bottom() - 1;
        for (qint64 t : m_waterfall->ticks()) {
            const int x = int(std::lround(m_waterfall->xForOffset(t)));
            painter->setPen(tickColor);
            painter->drawLine(x, baseline - 5, x, baseline);
            painter->setPen(text);
            const QString label = m_waterfall->tickLabel(t);
            const int w = fontMetrics().horizontalAdvance(label);
            // Labels sit right of their tick; the last one moves left to stay inside.
            int lx = x + 3;
            if (lx + w > rect.right() - 2)
                lx = x - 3 - w;
            painter->drawText(QRect(lx, rect.top(), w + 1, rect.height() - 4),
                              Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, label);
        }
        if (m_dragging && m_dragFrom != m_dragTo) {
            QColor sel = palette().color(QPalette::Highlight);
            sel.setAlpha(90);
            const int a = std::min(m_dragFrom, m_dragTo);
            const int b = std::max(m_dragFrom, m_dragTo);
            painter->fillRect(QRect(a, rect.top(), b - a, rect.height()), sel);
        }
        painter->restore();
    }

    void mousePressEvent(QMouseEvent *event) override
    {
        const int x = event->position().toPoint().x();
        const int left = sectionViewportPosition(TraceWaterfallModel::Timeline);
        const int grip = style()->pixelMetric(QStyle::PM_HeaderGripMargin, nullptr, this) + 2;
        if (event->button() == Qt::LeftButton && x > left + grip) {
            m_dragging = true;
            m_dragFrom = m_dragTo = x;
            viewport()->update();
            return;
        }
        QHeaderView::mousePressEvent(event);
    }

    void mouseMoveEvent(QMouseEvent *event) override
    {
        if (m_dragging) {
            m_dragTo = event->position().toPoint().x();
            viewport()->update();
            return;
        }
        QHeaderView::mouseMoveEvent(event);
    }

    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (!m_dragging) {
            QHeaderView::mouseReleaseEvent(event);
            return;
        }
        m_dragging = false;
        m_dragTo = event->position().toPoint().x();
        viewport()->update();
        // A click (or a few pixels of jitter) is not a range.
        if (std::abs(m_dragTo - m_dragFrom) >= 3) {
            const qint64 a = m_waterfall->offsetForX(std::min(m_dragFrom, m_dragTo));
            const qint64 b = m_waterfall->offsetForX(std::max(m_dragFrom, m_dragTo));
            m_waterfall->setVisibleRange(a, b);
        }
    }

    void wheelEvent(QWheelEvent *event) override
    {
        // The ruler zooms without a modifier: there is nothing to scroll here.
        const int delta =
            event->angleDelta().y() ? event->angleDelta().y() : event->angleDelta().x();
        if (delta == 0)
            return;
        m_waterfall->zoom(std::pow(0.8, delta / 120.0),
                          m_waterfall->offsetForX(event->position().x()));
        event->accept();
    }

private:
    TraceWaterfall *m_waterfall;
    bool m_dragging = false;
    int m_dragFrom = 0;
    int m_dragTo = 0;
};

TraceWaterfall::TraceWaterfall(QWidget *parent) : QWidget(parent)
{
    m_model = new TraceWaterfallModel(this);

    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("traceToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize(QSize(16, 16));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("traceSearch"));
    m_search->setPlaceholderText(tr("Find in trace (operation, service, tag, span ID)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(
        m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) + 40);
    m_search->setMaximumWidth(420);
    bar->addWidget(m_search);

    m_findPrevious = new QAction(tr("Previous"), this);
    m_findPrevious->setObjectName(QStringLiteral("traceFindPrevious"));
    m_findPrevious->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3));
    m_findPrevious->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_findPrevious->setToolTip(tr("Previous match (Shift+F3)"));
    m_findNext = new QAction(tr("Next"), this);
    m_findNext->setObjectName(QStringLiteral("traceFindNext"));
    m_findNext->setShortcut(QKeySequence(Qt::Key_F3));
    m_findNext->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_findNext->setToolTip(tr("Next match (Enter, F3)"));
    bar->addAction(m_findPrevious);
    bar->addAction(m_findNext);
    addAction(m_findPrevious);
    addAction(m_findNext);

    m_matchLabel = new QLabel(this);
    m_matchLabel->setObjectName(QStringLiteral("traceMatchLabel"));
    m_matchLabel->setTextFormat(Qt::PlainText);
    m_matchLabel->setMinimumWidth(
        m_matchLabel->fontMetrics().horizontalAdvance(QStringLiteral("00000 of 00000")));
    bar->addWidget(m_matchLabel);
    bar->addSeparator();

    m_expandAll = new QAction(tr("Expand all"), this);
    m_expandAll->setObjectName(QStringLiteral("traceExpandAll"));
    m_collapseAll = new QAction(tr("Collapse all"), this);
    m_collapseAll->setObjectName(QStringLiteral("traceCollapseAll"));
    bar->addAction(m_expandAll);
    bar->addAction(m_collapseAll);
    auto *depthMenu = new QMenu(this);
    for (int depth = 1; depth <= 5; ++depth) {
        QAction *a = depthMenu->addAction(tr("Depth %1").arg(depth));
        connect(a, &QAction::triggered, this, [this, depth] { collapseToDepth(depth); });
    }
    auto *depthButton = new QToolButton(this);
    depthButton->setObjectName(QStringLiteral("traceCollapseToDepth"));
    depthButton->setText(tr("Collapse to depth"));
    depthButton->setMenu(depthMenu);
    depthButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(depthButton);
    bar->addSeparator();

    m_resetZoom = new QAction(tr("Reset zoom"), this);
    m_resetZoom->setObjectName(QStringLiteral("traceResetZoom"));
    m_resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoom->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_resetZoom->setToolTip(
        tr("Show the whole trace (Ctrl+0). Zoom: Ctrl+wheel or drag on the ruler; "
           "Shift+wheel pans."));
    bar->addAction(m_resetZoom);
    addAction(m_resetZoom);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("traceTree"));
    m_ruler = new TraceRuler(this);
    m_ruler->setObjectName(QStringLiteral("traceRuler"));
    m_tree->setHeader(m_ruler);
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new TraceBarDelegate(this, m_model));
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The model is flat (one row per shown span, see TraceWaterfallModel): the
    // delegate indents and draws the expand arrows; this widget expands.
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setIndentation(0);
    m_tree->setExpandsOnDoubleClick(false);
    m_ruler->setStretchLastSection(true);
    m_ruler->setSectionResizeMode(TraceWaterfallModel::Name, QHeaderView::Interactive);
    m_ruler->resizeSection(TraceWaterfallModel::Name, 300);
    m_tree->viewport()->installEventFilter(this);
    m_tree->installEventFilter(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addWidget(m_tree, 1);

    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_searchTimer, &QTimer::timeout, this, &TraceWaterfall::applySearch);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer->start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &TraceWaterfall::findNext);
    connect(m_findNext, &QAction::triggered, this, &TraceWaterfall::findNext);
    connect(m_findPrevious, &QAction::triggered, this, &TraceWaterfall::findPrevious);
    connect(m_expandAll, &QAction::triggered, this, &TraceWaterfall::expandAll);
    connect(m_collapseAll, &QAction::triggered, this, &TraceWaterfall::collapseAll);
    connect(m_resetZoom, &QAction::triggered, this, &TraceWaterfall::resetZoom);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const int span = m_model->spanAt(current);
                if (span >= 0)
                    emit spanSelected(span);
            });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const int span = m_model->spanAt(index);
        if (span >= 0)
            emit spanActivated(span);
    });
    connect(m_ruler, &QHeaderView::sectionResized, this, [this](int logical) {
        if (logical == TraceWaterfallModel::Name && !m_settingNameWidth)
            m_nameWidthSetByUser = true;
        // The time scale follows the timeline column's width.
        m_tree->viewport()->update();
        m_ruler->viewport()->update();
    });
    updateMatchLabel();
}

TraceWaterfall::~TraceWaterfall()
{
    // QWidget's destructor deletes the tree and ruler after this object is no longer a
    // TraceWaterfall; their signals and events must not reach it then.
    m_tree->viewport()->removeEventFilter(this);
    m_tree->removeEventFilter(this);
    m_tree->disconnect(this);
    m_ruler->disconnect(this);
    if (m_tree->selectionModel())
        m_tree->selectionModel()->disconnect(this);
}

void TraceWaterfall::setTrace(const Trace &trace)
{
    m_currentMatch = -1;
    m_model->setTrace(trace);
    m_visibleStart = 0;
    m_visibleEnd = traceDuration();
    expandAll();
    updateMatchLabel();
    rangeChanged();
}

const Trace &TraceWaterfall::trace() const
{
    return m_model->trace();
}

qint64 TraceWaterfall::traceDuration() const
{
    return std::max<qint64>(1, m_model->trace().durationUs());
}

int TraceWaterfall::selectedSpan() const
{
    return m_model->spanAt(m_tree->currentIndex());
}

void TraceWaterfall::selectSpan(int spanIndex)
{
    if (spanIndex < 0 || spanIndex >= m_model->trace().spans.size())
        return;
    m_model->expandAncestors(spanIndex);
    const QModelIndex index = m_model->indexForSpan(spanIndex);
    if (!index.isValid())
        return;
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_tree->scrollTo(index);
}

void TraceWaterfall::setVisibleRange(qint64 startOffsetUs, qint64 endOffsetUs)
{
    const qint64 total = traceDuration();
    qint64 a = std::min(startOffsetUs, endOffsetUs);
    qint64 b = std::max(startOffsetUs, endOffsetUs);
    if (b - a < 1)
        b = a + 1;
    // Keep the width when the window runs off either end, so panning stops at the
    // edge instead of squeezing the window.
    const qint64 width = std::min(b - a, total);
    a = std::clamp<qint64>(a, 0, total - width);
    b = a + width;
    if (a == m_visibleStart && b == m_visibleEnd)
        return;
    m_visibleStart = a;
    m_visibleEnd = b;
    rangeChanged();
}

void TraceWaterfall::resetZoom()
{
    setVisibleRange(0, traceDuration());
}

void TraceWaterfall::zoom(double factor, qint64 aroundOffsetUs)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    const double width = double(m_visibleEnd - m_visibleStart);
    const double newWidth = std::clamp(width * factor, 1.0, double(traceDuration()));
    const double anchor =
        std::clamp(double(aroundOffsetUs), double(m_visibleStart), double(m_visibleEnd));
    const double fraction = width > 0 ? (anchor - double(m_visibleStart)) / width : 0.5;
    const qint64 start = qint64(std::llround(anchor - fraction * newWidth));
    setVisibleRange(start, start + qint64(std::llround(newWidth)));
}

void TraceWaterfall::pan(qint64 deltaUs)
{
    setVisibleRange(m_visibleStart + deltaUs, m_visibleEnd + deltaUs);
}

void TraceWaterfall::rangeChanged()
{
    m_tree->viewport()->update();
    m_ruler->viewport()->update();
    emit visibleRangeChanged(m_visibleStart, m_visibleEnd);
}

void TraceWaterfall::expandAll()
{
    if (!m_model->allExpanded())
        showToDepth(std::numeric_limits<int>::max());
}

void TraceWaterfall::collapseAll()
{
    showToDepth(1);
}

void TraceWaterfall::collapseToDepth(int depth)
{
    showToDepth(std::max(1, depth));
}

void TraceWaterfall::showToDepth(int levels)
{
    const int before = selectedSpan();
    m_model->showToDepth(levels);
    // A selected span that lost its row hands the selection to its shown ancestor.
    const int after = selectedSpan();
    if (after != before && after >= 0)
        emit spanSelected(after);
}

bool TraceWaterfall::isSpanExpanded(int spanIndex) const
{
    return m_model->isExpanded(spanIndex);
}

void TraceWaterfall::setSpanExpanded(int spanIndex, bool expanded)
{
    if (!expanded && m_model->isExpanded(spanIndex) && m_model->indexForSpan(spanIndex).isValid()) {
        // Collapsing around the selected span selects the collapsed one.
        int s = selectedSpan();
        while (s >= 0 && s != spanIndex)
            s = m_model->parentSpan(s);
        if (s == spanIndex && selectedSpan() != spanIndex)
            m_tree->selectionModel()->setCurrentIndex(m_model->indexForSpan(spanIndex),
                                                      QItemSelectionModel::ClearAndSelect
                                                              | QItemSelectionModel::Rows);
    }
    m_model->setExpanded(spanIndex, expanded);
}

QRect TraceWaterfall::expandArrowRect(const QRect &nameCell, int depth)
{
    constexpr int kIndent = 14;
    // Deep chains (thousands of levels) keep some of the name column for the text.
    const int maxIndent = std::max(0, nameCell.width() - 120);
    const int indent = int(std::min<qint64>(qint64(depth) * kIndent, maxIndent));
    return QRect(nameCell.left() + 2 + indent, nameCell.top(), kIndent, nameCell.height());
}

bool TraceWaterfall::handleTreeKey(QKeyEvent *event)
{
    const int span = selectedSpan();
    if (span < 0 || (event->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier)
        return false;
    const bool hasChildren = m_model->childSpanCount(span) > 0;
    switch (event->key()) {
    case Qt::Key_Right:
        // As a tree view does: expand, or step to the first child when expanded.
        if (hasChildren && !m_model->isExpanded(span))
            setSpanExpanded(span, true);
        else if (hasChildren)
            selectSpan(m_model->childSpans(span).constFirst());
        return true;
    case Qt::Key_Left:
        // Collapse, or step to the parent when collapsed (or a leaf).
        if (m_model->isExpanded(span))
            setSpanExpanded(span, false);
        else if (m_model->parentSpan(span) >= 0)
            selectSpan(m_model->parentSpan(span));
        return true;
    case Qt::Key_Plus:
        setSpanExpanded(span, true);
        return true;
    case Qt::Key_Minus:
        setSpanExpanded(span, false);
        return true;
    default:
        return false;
    }
}

int TraceWaterfall::timelineLeft() const
{
    return m_ruler->sectionViewportPosition(TraceWaterfallModel::Timeline) + kBarMargin;
}

int TraceWaterfall::timelineWidth() const
{
    return std::max(1, m_ruler->sectionSize(TraceWaterfallModel::Timeline) - 2 * kBarMargin);
}

double TraceWaterfall::xForOffset(qint64 offsetUs) const
{
    const double span = double(std::max<qint64>(1, m_visibleEnd - m_visibleStart));
    return timelineLeft() + double(offsetUs - m_visibleStart) / span * timelineWidth();
}

qint64 TraceWaterfall::offsetForX(double x) const
{
    const double span = double(std::max<qint64>(1, m_visibleEnd - m_visibleStart));
    return m_visibleStart + qint64(std::llround((x - timelineLeft()) / timelineWidth() * span));
}

std::vector<qint64> TraceWaterfall::ticks() const
{
    const int count = std::clamp(timelineWidth() / 90, 2, 20);
    std::vector<qint64> out;
    for (double t : niceTicks(double(m_visibleStart), double(m_visibleEnd), count)) {
        const qint64 v = qint64(std::llround(t));
        if (v >= m_visibleStart && v <= m_visibleEnd)
            out.push_back(v);
    }
    return out;
}

QString TraceWaterfall::tickLabel(qint64 offsetUs) const
{
    // The unit and decimals follow the tick step, so neighbouring labels differ
    // in their last digit rather than showing rounding noise.
    const std::vector<qint64> t = ticks();
    const double step = t.size() >= 2 ? double(t[1] - t[0])
                                      : double(std::max<qint64>(1, m_visibleEnd - m_visibleStart));
    double divisor = 1;
    QString unit = QStringLiteral("µs");
    if (step >= 1e6 || (m_visibleEnd >= 1e6 && step >= 1e5)) {
        divisor = 1e6;
        unit = QStringLiteral("s");
    } else if (step >= 1e3 || (m_visibleEnd >= 1e3 && step >= 1e2)) {
        divisor = 1e3;
        unit = QStringLiteral("ms");
    }
    const double scaledStep = step / divisor;
    // A zero or denormal step (one-tick ruler, 0 µs trace) must not reach int as inf.
    const int decimals = !(scaledStep > 1e-6) || scaledStep >= 1
            ? (scaledStep >= 1 ? 0 : 6)
            : std::min(6, int(std::ceil(-std::log10(scaledStep) - 1e-9)));
    return QString::number(double(offsetUs) / divisor, 'f', decimals) + unit;
}

void TraceWaterfall::setSearchText(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    applySearch();
}

void TraceWaterfall::applySearch()
{
    m_searchTimer->stop();
    if (m_model->filterText() == m_search->text().trimmed())
        return;
    m_model->setFilterText(m_search->text());
    m_currentMatch = -1;
    updateMatchLabel();
}

void TraceWaterfall::findNext()
{
    applySearch();
    const QList<int> &matches = m_model->matches();
    if (matches.isEmpty())
        return;
    showMatch(m_currentMatch < 0 ? 0 : (m_currentMatch + 1) % int(matches.size()));
}

void TraceWaterfall::findPrevious()
{
    applySearch();
    const QList<int> &matches = m_model->matches();
    if (matches.isEmpty())
        return;
    const int n = int(matches.size());
    showMatch(m_currentMatch < 0 ? n - 1 : (m_currentMatch - 1 + n) % n);
}

void TraceWaterfall::showMatch(int position)
{
    m_currentMatch = position;
    selectSpan(m_model->matches().at(position));
    updateMatchLabel();
}

QString TraceWaterfall::matchText() const
{
    if (m_model->filterText().isEmpty())
        return {};
    const int n = int(m_model->matches().size());
    if (n == 0)
        return tr("No matches");
    if (m_currentMatch < 0)
        return n == 1 ? tr("1 match") : tr("%1 matches").arg(n);
    return tr("%1 of %2").arg(m_currentMatch + 1).arg(n);
}

void TraceWaterfall::updateMatchLabel()
{
    m_matchLabel->setText(matchText());
    const bool any = !m_model->matches().isEmpty();
    m_findNext->setEnabled(any);
    m_findPrevious->setEnabled(any);
}

QImage TraceWaterfall::renderToImage(const QSize &size)
{
    resize(size);
    if (QLayout *l = layout())
        l->activate();
    // The view lays its items out lazily (on the next event loop pass); do it now so
    // a widget that was never shown renders its rows.
    m_tree->doItemsLayout();
    return grab().toImage();
}

void TraceWaterfall::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_nameWidthSetByUser) {
        m_settingNameWidth = true;
        m_ruler->resizeSection(TraceWaterfallModel::Name, std::clamp(width() * 35 / 100, 160, 520));
        m_settingNameWidth = false;
    }
}

bool TraceWaterfall::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tree && event->type() == QEvent::KeyPress
        && handleTreeKey(static_cast<QKeyEvent *>(event)))
        return true;
    if (watched == m_tree->viewport()
        && (event->type() == QEvent::MouseButtonPress
            || event->type() == QEvent::MouseButtonDblClick)) {
        // A click on a row's arrow toggles it (and only selects nothing else).
        auto *mouse = static_cast<QMouseEvent *>(event);
        const QPoint pos = mouse->position().toPoint();
        const QModelIndex index = m_tree->indexAt(pos);
        const int span = m_model->spanAt(index);
        if (mouse->button() == Qt::LeftButton && span >= 0
            && index.column() == TraceWaterfallModel::Name
            && m_model->childSpanCount(span) > 0
            && expandArrowRect(m_tree->visualRect(index), m_model->depthOf(span)).contains(pos)) {
            setSpanExpanded(span, !m_model->isExpanded(span));
            return true;
        }
    }
    if (watched == m_tree->viewport() && event->type() == QEvent::Wheel) {
        auto *wheel = static_cast<QWheelEvent *>(event);
        const int delta =
            wheel->angleDelta().y() ? wheel->angleDelta().y() : wheel->angleDelta().x();
        if (wheel->modifiers() & Qt::ControlModifier) {
            if (delta != 0) {
                const double x = wheel->position().x();
                // Over the name column there is no time under the cursor: keep the centre.
                const qint64 around =
                    x >= timelineLeft() ? offsetForX(x) : (m_visibleStart + m_visibleEnd) / 2;
                zoom(std::pow(0.8, delta / 120.0), around);
            }
            return true;
        }
        if (wheel->modifiers() & Qt::ShiftModifier) {
            const qint64 width = m_visibleEnd - m_visibleStart;
            pan(-qint64(std::llround(double(width) * 0.1 * delta / 120.0)));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
