#include "dashboardview.h"

#include "palette.h"
#include "panelfactory.h"
#include "panelwidget.h"
#include "plaintext.h"

#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int kRowPx = 30;
constexpr int kGapPx = 8;
constexpr int kTitlePx = 24;
// Panel widgets made per turn of the event loop: as many as fit in this time.
constexpr qint64 kBuildSliceNs = 4'000'000;

/// A panel's frame: forwards right clicks as a menu request.
class PanelFrame final : public QWidget
{
public:
    PanelFrame(std::function<void(const QPoint &)> onMenu, QWidget *parent)
        : QWidget(parent), m_onMenu(std::move(onMenu))
    {
    }

protected:
    void contextMenuEvent(QContextMenuEvent *event) override { m_onMenu(event->globalPos()); }

private:
    std::function<void(const QPoint &)> m_onMenu;
};
} // namespace

DashboardView::DashboardView(QWidget *parent) : QScrollArea(parent)
{
    setObjectName(QStringLiteral("dashboardView"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    m_content->setAutoFillBackground(true);
    QPalette pal = m_content->palette();
    pal.setColor(QPalette::Window, Theme::windowBackground);
    pal.setColor(QPalette::WindowText, Theme::text);
    m_content->setPalette(pal);
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(0, 0, 0, kGapPx);
    m_layout->setSpacing(0);
    m_layout->addStretch(1);
    setWidget(m_content);
    m_buildTimer = new QTimer(this);
    m_buildTimer->setSingleShot(true);
    m_buildTimer->setInterval(0);
    connect(m_buildTimer, &QTimer::timeout, this, &DashboardView::buildSome);
}

DashboardView::~DashboardView() = default;

void DashboardView::clear()
{
    for (Section &s : m_sections) {
        delete s.header;
        delete s.grid;
    }
    m_sections.clear();
    m_frames.clear();
    m_pendingIds.clear();
    m_buildTimer->stop();
}

void DashboardView::setDashboard(const Dashboard &dashboard, const PanelFactory &factory)
{
    clear();
    m_dashboard = dashboard;
    m_factory = factory;
    m_sections.resize(dashboard.rows.size() + 1);
    for (const ::Panel &p : dashboard.panels) {
        const int section = p.rowIndex >= 0 && p.rowIndex < dashboard.rows.size() ? p.rowIndex + 1 : 0;
        m_sections[section].panelIds.append(p.id);
    }
    for (int i = 0; i < m_sections.size(); ++i) {
        Section &s = m_sections[i];
        const int insertAt = m_layout->count() - 1; // before the stretch
        if (i > 0) {
            const Row &row = dashboard.rows[i - 1];
            s.collapsed = row.collapsed;
            s.header = new QToolButton(m_content);
            s.header->setObjectName(QStringLiteral("row-%1").arg(i - 1));
            s.header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            s.header->setAutoRaise(true);
            s.header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
            s.header->setStyleSheet(QStringLiteral(
                "QToolButton { color: %1; font-weight: bold; text-align: left; padding: 4px 6px;"
                " border: none; border-bottom: 1px solid %2; }"
                "QToolButton:hover { background: %2; }")
                                        .arg(Theme::headerText.name(), Theme::gridLine.name()));
            connect(s.header, &QToolButton::clicked, this, [this, i] {
                setRowCollapsed(i - 1, !m_sections[i].collapsed);
                emit rowToggled(i - 1, m_sections[i].collapsed);
            });
            m_layout->insertWidget(insertAt, s.header);
        }
        s.grid = new QWidget(m_content);
        m_layout->insertWidget(i > 0 ? insertAt + 1 : insertAt, s.grid);
        int minY = INT_MAX;
        for (int id : std::as_const(s.panelIds))
            minY = std::min(minY, m_dashboard.panel(id)->gridPos.y);
        s.minY = s.panelIds.isEmpty() ? 0 : minY;
        if (!s.collapsed)
            buildSection(i);
        s.grid->setVisible(!s.collapsed);
        updateHeader(i);
    }
    layoutAll();
}

DashboardView::Frame DashboardView::makeFrame(const ::Panel &panel, QWidget *parent)
{
    Frame f;
    const int id = panel.id;
    auto *frame = new PanelFrame([this, id](const QPoint &pos) { emit panelMenuRequested(id, pos); }, parent);
    frame->setObjectName(QStringLiteral("panelframe-%1").arg(id));
    frame->setAutoFillBackground(true);
    QPalette fp = frame->palette();
    fp.setColor(QPalette::Window, Theme::panelBackground);
    fp.setColor(QPalette::WindowText, Theme::text);
    frame->setPalette(fp);
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *header = new QWidget(frame);
    header->setFixedHeight(kTitlePx);
    auto *hl = new QHBoxLayout(header);
    hl->setContentsMargins(8, 0, 2, 0);
    f.title = new QLabel(header);
    f.title->setObjectName(QStringLiteral("panelTitle"));
    f.title->setTextFormat(Qt::PlainText);
    f.title->setText(panel.title);
    f.title->setToolTip(plainToolTip(panel.description));
    QFont tf = f.title->font();
    tf.setBold(true);
    f.title->setFont(tf);
    hl->addWidget(f.title, 1);
    auto *menu = new QToolButton(header);
    menu->setObjectName(QStringLiteral("panelMenu"));
    menu->setText(QStringLiteral("⋮"));
    menu->setAutoRaise(true);
    menu->setToolTip(tr("Panel menu"));
    connect(menu, &QToolButton::clicked, this, [this, id, menu] {
        emit panelMenuRequested(id, menu->mapToGlobal(QPoint(0, menu->height())));
    });
    hl->addWidget(menu);
    layout->addWidget(header);
    f.body = new QWidget(frame);
    auto *bl = new QVBoxLayout(f.body);
    bl->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(f.body, 1);
    f.frame = frame;
    return f;
}

void DashboardView::buildSection(int index)
{
    Section &s = m_sections[index];
    if (s.built)
        return;
    s.built = true;
    for (int id : std::as_const(s.panelIds)) {
        const ::Panel *p = m_dashboard.panel(id);
        Frame f = makeFrame(*p, s.grid);
        f.section = index;
        f.pending = true;
        f.frame->show();
        m_frames.insert(id, f);
        m_pendingIds.append(id);
    }
    if (!m_pendingIds.isEmpty())
        m_buildTimer->start();
}

void DashboardView::buildPanel(int id)
{
    auto it = m_frames.find(id);
    if (it == m_frames.end() || !it->pending)
        return;
    it->pending = false;
    m_pendingIds.removeOne(id);
    PanelWidget *w = m_factory(*m_dashboard.panel(id), it->body);
    it = m_frames.find(id); // the factory may have asked for other panels
    it->widget = w;
    it->body->layout()->addWidget(w);
    w->show();
}

void DashboardView::buildSome()
{
    QElapsedTimer slice;
    slice.start();
    while (!m_pendingIds.isEmpty() && slice.nsecsElapsed() < kBuildSliceNs)
        buildPanel(m_pendingIds.first());
    if (!m_pendingIds.isEmpty())
        m_buildTimer->start();
    else
        emit panelsBuilt();
}

void DashboardView::updateHeader(int index)
{
    Section &s = m_sections[index];
    if (!s.header)
        return;
    const Row &row = m_dashboard.rows[index - 1];
    const QString title = row.title.isEmpty() ? tr("Row %1").arg(index) : row.title;
    s.header->setArrowType(s.collapsed ? Qt::RightArrow : Qt::DownArrow);
    s.header->setText(s.collapsed ? tr("%1   (%n panel(s))", nullptr, int(s.panelIds.size())).arg(title) : title);
}

bool DashboardView::isRowCollapsed(int rowIndex) const
{
    return rowIndex >= 0 && rowIndex + 1 < m_sections.size() && m_sections[rowIndex + 1].collapsed;
}

void DashboardView::setRowCollapsed(int rowIndex, bool collapsed)
{
    const int index = rowIndex + 1;
    if (rowIndex < 0 || index >= m_sections.size())
        return;
    Section &s = m_sections[index];
    s.collapsed = collapsed;
    if (!collapsed)
        buildSection(index);
    s.grid->setVisible(!collapsed);
    updateHeader(index);
    layoutSection(index);
}

void DashboardView::layoutAll()
{
    for (int i = 0; i < m_sections.size(); ++i)
        layoutSection(i);
    // Taller than the window and the scroll bar not there yet: it comes with the next
    // layout and takes its width from the panels. Laid out for it now, so that the
    // panels (and the queries planned for their widths) get their final width at once.
    int contentHeight = kGapPx;
    for (const Section &s : std::as_const(m_sections)) {
        if (s.header)
            contentHeight += s.header->sizeHint().height();
        if (s.grid && !s.collapsed)
            contentHeight += s.grid->maximumHeight(); // fixed by layoutSection
    }
    if (!m_reserveScrollBar && !verticalScrollBar()->isVisibleTo(this) && contentHeight > viewport()->height()) {
        m_reserveScrollBar = true;
        for (int i = 0; i < m_sections.size(); ++i)
            layoutSection(i);
    }
}

void DashboardView::layoutSection(int index)
{
    Section &s = m_sections[index];
    if (!s.grid)
        return;
    const int scrollBar = m_reserveScrollBar && !verticalScrollBar()->isVisibleTo(this)
                              ? style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, verticalScrollBar())
                              : 0;
    const int width = std::max(200, viewport()->width() - scrollBar);
    const double colPx = double(width - kGapPx) / 24.0;
    int bottom = 0;
    for (int id : std::as_const(s.panelIds)) {
        const GridPos &g = m_dashboard.panel(id)->gridPos;
        const int y = (g.y - s.minY) * (kRowPx + kGapPx) + kGapPx;
        const int h = g.h * (kRowPx + kGapPx) - kGapPx;
        bottom = std::max(bottom, y + h);
        auto it = m_frames.find(id);
        if (it == m_frames.end())
            continue;
        const int x = int(g.x * colPx) + kGapPx;
        const int w = int((g.x + g.w) * colPx) - x;
        it->frame->setGeometry(x, y, w, h);
    }
    s.grid->setFixedHeight(s.panelIds.isEmpty() ? 0 : bottom);
}

void DashboardView::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    m_reserveScrollBar = false;
    layoutAll();
}

PanelWidget *DashboardView::panelWidget(int id) const
{
    const auto it = m_frames.constFind(id);
    if (it == m_frames.cend())
        return nullptr;
    // Asked for before its turn: made now (the build timer still says when all are).
    if (it->pending)
        const_cast<DashboardView *>(this)->buildPanel(id);
    return m_frames.value(id).widget;
}

PanelWidget *DashboardView::builtPanelWidget(int id) const
{
    return m_frames.value(id).widget;
}

bool DashboardView::isPanelVisible(int id) const
{
    const auto it = m_frames.constFind(id);
    if (it == m_frames.cend() || (!it->widget && !it->pending))
        return false;
    if (it->detachedNote)
        return true; // shown in its dock
    return !m_sections[it->section].collapsed;
}

QHash<int, int> DashboardView::visiblePlotWidths() const
{
    QHash<int, int> out;
    for (auto it = m_frames.cbegin(); it != m_frames.cend(); ++it)
        if (isPanelVisible(it.key()))
            out.insert(it.key(), it->widget ? it->widget->plotWidth()
                                            : expectedPlotWidth(*m_dashboard.panel(it.key()), it->frame->width()));
    return out;
}

PanelWidget *DashboardView::detachPanel(int id)
{
    buildPanel(id);
    auto it = m_frames.find(id);
    if (it == m_frames.end() || !it->widget || it->detachedNote)
        return nullptr;
    PanelWidget *w = it->widget;
    it->body->layout()->removeWidget(w);
    w->setParent(nullptr);
    it->detachedNote = new QLabel(tr("Shown in its own window"), it->body);
    it->detachedNote->setAlignment(Qt::AlignCenter);
    it->body->layout()->addWidget(it->detachedNote);
    return w;
}

void DashboardView::attachPanel(int id, PanelWidget *widget)
{
    auto it = m_frames.find(id);
    if (it == m_frames.end() || !widget)
        return;
    delete it->detachedNote;
    it->detachedNote = nullptr;
    widget->setParent(it->body);
    it->body->layout()->addWidget(widget);
    it->widget = widget;
    widget->show();
}

void DashboardView::revealPanel(int id)
{
    const ::Panel *p = m_dashboard.panel(id);
    if (!p)
        return;
    if (p->rowIndex >= 0 && isRowCollapsed(p->rowIndex)) {
        setRowCollapsed(p->rowIndex, false);
        emit rowToggled(p->rowIndex, false);
    }
    if (const auto it = m_frames.constFind(id); it != m_frames.cend())
        ensureWidgetVisible(it->frame);
}
