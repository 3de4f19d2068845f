#include "legendtable.h"
#include "palette.h"

#include "flowlayout.h"
#include "plaintext.h"
#include "seriesstats.h"
#include "units.h"

#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

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
    m_listHost = new QWidget(m_listArea);
    m_flow = new FlowLayout(m_listHost, 10);
    m_flow->setContentsMargins(0, 0, 0, 0);
    m_listArea->setWidget(m_listHost);
    layout->addWidget(m_listArea);

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
    layout->addWidget(m_table);
    connect(m_table, &QTableWidget::cellClicked, this,
            [this](int row, int) { clickRow(row, QGuiApplication::keyboardModifiers()); });
    // Sorting moves rows: the hidden ones are chosen again afterwards.
    connect(m_table->model(), &QAbstractItemModel::layoutChanged, this, &LegendTable::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        if (isTableMode())
            applyFilter();
        else
            rebuildList();
    });

    setOptions(LegendOptions{});
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
    m_table->setVisible(table);
    setVisible(options.displayMode != QLatin1String("hidden") && !m_entries.isEmpty());
    updateFilterBox();

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
    if (table)
        rebuildTable();
    else
        rebuildList();
}

void LegendTable::setEntries(const QList<Entry> &entries)
{
    // A list shows names and colours only: a refresh that keeps them (the usual case)
    // keeps its chips instead of making a hundred new widgets per panel.
    const auto sameChips = [&] {
        if (isTableMode() || entries.size() != m_entries.size() || m_items.isEmpty())
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
    if (isTableMode()) {
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
    // Restyled in place: this runs from a click on one of these labels, which must
    // outlive its own event.
    for (QLabel *item : std::as_const(m_items))
        styleItem(item, hidden.contains(item->property("series").toInt()));
}

void LegendTable::styleItem(QLabel *item, bool dimmed) const
{
    const Entry *entry = nullptr;
    const int series = item->property("series").toInt();
    for (const Entry &e : m_entries)
        if (e.series == series)
            entry = &e;
    const QColor swatch = dimmed || !entry ? Theme::mutedText : entry->color;
    // A style sheet border on a QLabel is not drawn by every style: the colour mark
    // is a child widget filled with the series colour.
    if (auto *mark = item->findChild<QWidget *>(QStringLiteral("swatch"))) {
        QPalette pal = mark->palette();
        pal.setColor(QPalette::Window, swatch);
        mark->setPalette(pal);
    }
    QPalette pal = item->palette();
    pal.setColor(QPalette::WindowText, dimmed ? Theme::mutedText : Theme::text);
    item->setPalette(pal);
}

void LegendTable::rebuildList()
{
    while (QLayoutItem *old = m_flow->takeAt(0)) {
        if (QWidget *w = old->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete old;
    }
    m_items.clear();
    for (const Entry &e : std::as_const(m_entries)) {
        if (!matchesFilter(e.name))
            continue; // not laid out at all: a hidden chip would still take a gap
        auto *item = new QLabel(m_listHost);
        item->setTextFormat(Qt::PlainText);
        item->setText(e.name);
        item->setToolTip(plainToolTip(e.name));
        item->setProperty("series", e.series);
        item->setCursor(Qt::PointingHandCursor);
        item->setContentsMargins(18, 0, 0, 0);
        auto *mark = new QWidget(item);
        mark->setObjectName(QStringLiteral("swatch"));
        mark->setAutoFillBackground(true);
        mark->setGeometry(2, item->sizeHint().height() / 2 - 2, 12, 4);
        styleItem(item, e.dimmed);
        item->installEventFilter(this);
        m_flow->addWidget(item);
        item->show();
        m_items.append(item);
    }
    m_listHost->updateGeometry();
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
        for (const QLabel *l : m_items)
            out << l->text();
    }
    return out;
}

QString LegendTable::cellText(int row, int column) const
{
    if (!isTableMode())
        return column == 0 && row >= 0 && row < m_items.size() ? m_items[row]->text() : QString();
    const QTableWidgetItem *it = m_table->item(row, column);
    return it ? it->text() : QString();
}

void LegendTable::clickRow(int row, Qt::KeyboardModifiers modifiers)
{
    int series = -1;
    if (isTableMode()) {
        if (const QTableWidgetItem *it = m_table->item(row, 0))
            series = it->data(kSeriesRole).toInt();
    } else if (row >= 0 && row < m_items.size()) {
        series = m_items[row]->property("series").toInt();
    }
    if (series >= 0)
        emit entryClicked(series, modifiers);
}

bool LegendTable::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        auto *label = qobject_cast<QLabel *>(watched);
        const auto *me = static_cast<QMouseEvent *>(event);
        if (label && me->button() == Qt::LeftButton && m_items.contains(label)) {
            emit entryClicked(label->property("series").toInt(), me->modifiers());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
