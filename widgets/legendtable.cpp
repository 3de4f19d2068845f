#include "legendtable.h"
#include "palette.h"

#include "plaintext.h"
#include "seriesstats.h"
#include "units.h"

#include <QGuiApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace {

constexpr int kSeriesRole = Qt::UserRole;
constexpr int kValueRole = Qt::UserRole + 1;

/// Sorts by the raw value, not by the formatted text ("2 s" after "10 ms"); nulls
/// sort as the smallest.
class ValueItem final : public QTableWidgetItem
{
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem &other) const override
    {
        const double a = data(kValueRole).toDouble();
        const double b = other.data(kValueRole).toDouble();
        if (std::isnan(a) || std::isnan(b))
            return std::isnan(a) && !std::isnan(b);
        return a < b;
    }
};


} // namespace

/// The list legend: chips (a colour mark and the series name) laid out left to right,
/// wrapping, painted by this one widget. Names are drawn as the characters they are.
class LegendChips final : public QWidget
{
public:
    struct Chip
    {
        int series = -1;
        QString name;
        QColor color;
        bool dimmed = false;
        int width = 0; // unclipped: the mark's room and the name
        QRect rect;    // where it is drawn (cut to the line when wider)
    };
    static constexpr int kGap = 10;
    static constexpr int kMarkRoom = 18;

    explicit LegendChips(QWidget *parent) : QWidget(parent)
    {
        setObjectName(QStringLiteral("legendList"));
        setMouseTracking(true);
        QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        policy.setHeightForWidth(true);
        setSizePolicy(policy);
    }

    std::function<void(int series, Qt::KeyboardModifiers)> onClick;

    void setChips(std::vector<Chip> chips)
    {
        m_chips = std::move(chips);
        measure();
    }
    const std::vector<Chip> &chips() const { return m_chips; }
    void setDimmed(const QList<int> &hidden)
    {
        for (Chip &c : m_chips)
            c.dimmed = hidden.contains(c.series);
        update();
    }
    QRect markRect(const Chip &c) const
    {
        return {c.rect.x() + 2, c.rect.y() + c.rect.height() / 2 - 2, 12, 4};
    }
    int chipAt(const QPoint &pos) const
    {
        for (std::size_t i = 0; i < m_chips.size(); ++i)
            if (m_chips[i].rect.contains(pos))
                return int(i);
        return -1;
    }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(width, nullptr); }
    QSize sizeHint() const override { return minimumSizeHint(); }
    QSize minimumSizeHint() const override
    {
        int widest = 0;
        for (const Chip &c : m_chips)
            widest = std::max(widest, c.width);
        return {widest, m_chips.empty() ? 0 : lineHeight()};
    }

protected:
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::FontChange)
            measure();
        QWidget::changeEvent(event);
    }
    void resizeEvent(QResizeEvent *event) override
    {
        arrange(width(), &m_chips);
        QWidget::resizeEvent(event);
    }
    void paintEvent(QPaintEvent *event) override
    {
        QPainter p(this);
        const QFontMetrics fm = fontMetrics();
        for (const Chip &c : m_chips) {
            if (!c.rect.intersects(event->rect()))
                continue;
            p.fillRect(markRect(c), c.dimmed ? Theme::mutedText : c.color);
            p.setPen(c.dimmed ? Theme::mutedText : Theme::text);
            const QRect text = c.rect.adjusted(kMarkRoom, 0, 0, 0);
            p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                       fm.elidedText(c.name, Qt::ElideRight, text.width()));
        }
    }
    void mouseMoveEvent(QMouseEvent *event) override
    {
        if (chipAt(event->position().toPoint()) >= 0)
            setCursor(Qt::PointingHandCursor);
        else
            unsetCursor();
        QWidget::mouseMoveEvent(event);
    }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        const int i = chipAt(event->position().toPoint());
        if (event->button() == Qt::LeftButton && i >= 0 && onClick) {
            event->accept();
            onClick(m_chips[std::size_t(i)].series, event->modifiers());
            return; // the legend may have changed under us: nothing after this
        }
        QWidget::mouseReleaseEvent(event);
    }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            const auto *help = static_cast<QHelpEvent *>(event);
            const int i = chipAt(help->pos());
            if (i >= 0)
                QToolTip::showText(help->globalPos(), plainToolTip(m_chips[std::size_t(i)].name),
                                   this, m_chips[std::size_t(i)].rect);
            else
                QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }

private:
    int lineHeight() const { return fontMetrics().height() + 2; }
    void measure()
    {
        const QFontMetrics fm = fontMetrics();
        for (Chip &c : m_chips)
            c.width = kMarkRoom + fm.horizontalAdvance(c.name) + 2;
        arrange(width(), &m_chips);
        updateGeometry();
        update();
    }
    /// Places the chips in lines `width` wide (into `out` when given); the height.
    int arrange(int width, std::vector<Chip> *out) const
    {
        const int h = lineHeight();
        int x = 0, y = 0;
        bool lineUsed = false;
        for (std::size_t i = 0; i < m_chips.size(); ++i) {
            const int w = m_chips[i].width;
            if (x + w > width && lineUsed) {
                x = 0;
                y += h + kGap;
                lineUsed = false;
            }
            if (out) // a chip wider than the line is cut to the line
                (*out)[i].rect = QRect(x, y, std::min(w, std::max(1, width)), h);
            x += w + kGap;
            lineUsed = true;
        }
        return m_chips.empty() ? 0 : y + h;
    }

    std::vector<Chip> m_chips;
};

LegendTable::LegendTable(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("legend"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 2);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("legendFilter"));
    m_filter->setPlaceholderText(tr("Filter series"));
    m_filter->setClearButtonEnabled(true);
    m_filter->hide();
    layout->addWidget(m_filter);

    m_listArea = new QScrollArea(this);
    m_listArea->setFrameShape(QFrame::NoFrame);
    m_listArea->setWidgetResizable(true);
    m_listArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_chips = new LegendChips(m_listArea);
    m_chips->onClick = [this](int series, Qt::KeyboardModifiers modifiers) {
        emit entryClicked(series, modifiers);
    };
    m_listArea->setWidget(m_chips);
    layout->addWidget(m_listArea);

    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        if (isTableMode())
            applyFilter();
        else
            rebuildList();
    });

    setOptions(LegendOptions{});
}

void LegendTable::ensureTable()
{
    if (m_table)
        return;
    // Made when first needed: most legends are lists, and a table view costs more
    // to make than the rest of a chart panel.
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setShowGrid(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSortIndicatorClearable(true);
    static_cast<QVBoxLayout *>(layout())->addWidget(m_table);
    connect(m_table, &QTableWidget::cellClicked, this,
            [this](int row, int) { clickRow(row, QGuiApplication::keyboardModifiers()); });
    // Sorting moves rows: the hidden ones are chosen again afterwards.
    connect(m_table->model(), &QAbstractItemModel::layoutChanged, this, &LegendTable::applyFilter);
}

int LegendTable::sortColumn() const
{
    const QString key = m_options.sortBy.trimmed();
    if (key.isEmpty())
        return -1;
    if (key.compare(QLatin1String("Name"), Qt::CaseInsensitive) == 0)
        return 0;
    // Grafana stores the column title ("Max", "Last *"); legacy graphs the calc id
    // ("current", "avg").
    for (int i = 0; i < m_options.calcs.size(); ++i) {
        const QString &c = m_options.calcs[i];
        if (c.compare(key, Qt::CaseInsensitive) == 0 ||
            calcTitle(c).compare(key, Qt::CaseInsensitive) == 0 ||
            (key == QLatin1String("current") && c.startsWith(QLatin1String("last"))) ||
            (key == QLatin1String("avg") && c == QLatin1String("mean")) ||
            (key == QLatin1String("total") && c == QLatin1String("sum")))
            return i + 1;
    }
    return -1;
}

void LegendTable::setOptions(const LegendOptions &options)
{
    m_options = options;
    const bool table = isTableMode();
    m_listArea->setVisible(!table);
    if (m_table)
        m_table->setVisible(table);
    setVisible(options.displayMode != QLatin1String("hidden") && !m_entries.isEmpty());
    updateFilterBox();
    if (!table) {
        rebuildList();
        return;
    }
    ensureTable();
    m_table->setVisible(true);
    m_table->setSortingEnabled(false);
    QStringList headers{tr("Name")};
    for (const QString &c : options.calcs)
        headers << calcTitle(c);
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int i = 1; i < headers.size(); ++i)
        m_table->horizontalHeader()->setSectionResizeMode(i, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSortIndicator(
        sortColumn(), options.sortDesc ? Qt::DescendingOrder : Qt::AscendingOrder);
    rebuildTable();
}

void LegendTable::setEntries(const QList<Entry> &entries)
{
    // A list shows names and colours only: a refresh that keeps them (the usual case)
    // keeps its chips as they are.
    const auto sameChips = [&] {
        if (isTableMode() || entries.size() != m_entries.size() || m_chips->chips().empty())
            return false;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const Entry &a = entries[i], &b = m_entries[i];
            if (a.series != b.series || a.name != b.name || a.color != b.color || a.dimmed != b.dimmed)
                return false;
        }
        return true;
    }();
    m_entries = entries;
    if (sameChips)
        return;
    setVisible(m_options.displayMode != QLatin1String("hidden") && !m_entries.isEmpty());
    updateFilterBox();
    if (isTableMode())
        rebuildTable();
    else
        rebuildList();
}

void LegendTable::setDimmed(const QList<int> &hidden)
{
    m_hidden = hidden;
    for (Entry &e : m_entries)
        e.dimmed = hidden.contains(e.series);
    if (isTableMode() && m_table) {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            QTableWidgetItem *name = m_table->item(r, 0);
            if (!name)
                continue;
            const int series = name->data(kSeriesRole).toInt();
            const bool dimmed = hidden.contains(series);
            const QColor fg = dimmed ? Theme::mutedText : Theme::text;
            for (const Entry &e : std::as_const(m_entries))
                if (e.series == series)
                    name->setData(Qt::DecorationRole, dimmed ? Theme::mutedText : e.color);
            for (int c = 0; c < m_table->columnCount(); ++c)
                if (QTableWidgetItem *it = m_table->item(r, c))
                    it->setForeground(fg);
        }
        return;
    }
    m_chips->setDimmed(hidden);
}

void LegendTable::rebuildList()
{
    std::vector<LegendChips::Chip> chips;
    chips.reserve(std::size_t(m_entries.size()));
    for (const Entry &e : std::as_const(m_entries)) {
        if (!matchesFilter(e.name))
            continue; // not laid out at all: a hidden chip would still take a gap
        LegendChips::Chip c;
        c.series = e.series;
        c.name = e.name;
        c.color = e.color;
        c.dimmed = e.dimmed;
        chips.push_back(std::move(c));
    }
    m_chips->setChips(std::move(chips));
}

void LegendTable::rebuildTable()
{
    QHeaderView *header = m_table->horizontalHeader();
    const int section = header->sortIndicatorSection();
    const Qt::SortOrder order = header->sortIndicatorOrder();
    m_table->setSortingEnabled(false);
    m_table->clearContents();
    m_table->setRowCount(int(m_entries.size()));
    for (int r = 0; r < m_entries.size(); ++r) {
        const Entry &e = m_entries[r];
        const QColor fg = e.dimmed ? Theme::mutedText : Theme::text;
        auto *name = new QTableWidgetItem(e.name);
        name->setData(kSeriesRole, e.series);
        name->setData(Qt::DecorationRole, e.dimmed ? Theme::mutedText : e.color);
        name->setForeground(fg);
        name->setToolTip(plainToolTip(e.name));
        m_table->setItem(r, 0, name);
        for (int c = 0; c < m_options.calcs.size(); ++c) {
            const double v = c < int(e.calcValues.size()) ? e.calcValues[size_t(c)] : std::nan("");
            const QString &calc = m_options.calcs[c];
            QString text;
            if (std::isnan(v))
                text = QStringLiteral("-");
            else if (calcIsCount(calc))
                text = QString::number(v, 'f', 0);
            else
                text = formatValue(v, e.unit, e.decimals);
            auto *item = new ValueItem(text);
            item->setData(kValueRole, v);
            item->setData(kSeriesRole, e.series);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setForeground(fg);
            m_table->setItem(r, c + 1, item);
        }
    }
    header->setSortIndicator(section, order);
    m_table->setSortingEnabled(true);
    applyFilter();
}

bool LegendTable::matchesFilter(const QString &name) const
{
    const QString text = m_filter->isHidden() ? QString() : m_filter->text().trimmed();
    return text.isEmpty() || name.contains(text, Qt::CaseInsensitive);
}

void LegendTable::applyFilter()
{
    if (!m_table)
        return;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem *it = m_table->item(r, 0);
        m_table->setRowHidden(r, it && !matchesFilter(it->text()));
    }
}

void LegendTable::updateFilterBox()
{
    const bool show = m_options.displayMode != QLatin1String("hidden") && m_entries.size() > kFilterThreshold;
    if (!show && !m_filter->text().isEmpty()) {
        // Fewer series now: nothing may stay filtered out without the box to say so.
        const QSignalBlocker block(m_filter);
        m_filter->clear();
    }
    m_filter->setVisible(show);
}

void LegendTable::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

QString LegendTable::filterText() const
{
    return m_filter->text();
}

QStringList LegendTable::shownNames() const
{
    QStringList out;
    if (isTableMode()) {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (const QTableWidgetItem *it = m_table->item(r, 0); it && !m_table->isRowHidden(r))
                out << it->text();
    } else {
        for (const LegendChips::Chip &c : m_chips->chips())
            out << c.name;
    }
    return out;
}

QString LegendTable::cellText(int row, int column) const
{
    if (!isTableMode()) {
        const auto &chips = m_chips->chips();
        return column == 0 && row >= 0 && std::size_t(row) < chips.size() ? chips[std::size_t(row)].name
                                                                         : QString();
    }
    const QTableWidgetItem *it = m_table->item(row, column);
    return it ? it->text() : QString();
}

void LegendTable::clickRow(int row, Qt::KeyboardModifiers modifiers)
{
    int series = -1;
    if (isTableMode()) {
        if (const QTableWidgetItem *it = m_table->item(row, 0))
            series = it->data(kSeriesRole).toInt();
    } else if (row >= 0 && std::size_t(row) < m_chips->chips().size()) {
        series = m_chips->chips()[std::size_t(row)].series;
    }
    if (series >= 0)
        emit entryClicked(series, modifiers);
}

QWidget *LegendTable::listWidget() const
{
    return m_chips;
}

QRect LegendTable::chipRect(int row) const
{
    const auto &chips = m_chips->chips();
    return row >= 0 && std::size_t(row) < chips.size() ? chips[std::size_t(row)].rect : QRect();
}

QRect LegendTable::swatchRect(int row) const
{
    const auto &chips = m_chips->chips();
    return row >= 0 && std::size_t(row) < chips.size() ? m_chips->markRect(chips[std::size_t(row)])
                                                       : QRect();
}

QString LegendTable::chipToolTip(int row) const
{
    const auto &chips = m_chips->chips();
    return row >= 0 && std::size_t(row) < chips.size() ? plainToolTip(chips[std::size_t(row)].name)
                                                       : QString();
}
