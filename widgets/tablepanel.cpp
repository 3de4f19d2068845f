#include "tablepanel.h"

#include "palette.h"
#include "paneltable.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace {

/// Paints a value mapping's colour (ColorRole) as the text colour; the text itself
/// stays plain (QStyledItemDelegate never interprets markup).
class MappedColorDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString color = index.data(PanelTable::ColorRole).toString();
        if (!color.isEmpty()) {
            const QColor c = namedColor(color, option->palette.color(QPalette::Text));
            option->palette.setColor(QPalette::Text, c);
            option->palette.setColor(QPalette::HighlightedText, c);
        }
    }
};

} // namespace

TablePanel::TablePanel(const Panel &panel, QWidget *parent)
    : PanelWidget(panel, parent),
      m_model(new PanelTable(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this))
{
    m_model->setPanel(panel);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(PanelTable::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_view->setObjectName(QStringLiteral("tablePanelView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // file order until the user or sortBy picks
    m_view->setItemDelegate(new MappedColorDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->setFrameShape(QFrame::NoFrame);
    const bool showHeader = panel.options().value(QLatin1String("showHeader")).toBool(true);
    m_view->horizontalHeader()->setVisible(showHeader);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_view);
}

void TablePanel::updateView()
{
    m_model->setPanelData(data());
    const auto &columns = m_model->columns();
    for (int i = 0; i < int(columns.size()); ++i) {
        if (columns[std::size_t(i)].width > 0)
            m_view->setColumnWidth(i, columns[std::size_t(i)].width);
        else
            m_view->resizeColumnToContents(i);
    }
    if (!m_sortApplied)
        applyInitialSort();
}

void TablePanel::applyInitialSort()
{
    // options.sortBy: [{"displayName": "Value #A", "desc": true}]; Grafana applies
    // the first. Kept once found, so a click on a header is not undone by a refresh.
    const QJsonArray sortBy = panel().options().value(QLatin1String("sortBy")).toArray();
    if (sortBy.isEmpty()) {
        // Legacy table panels: "sort": {"col": 2, "desc": true}.
        const QJsonObject legacy = panel().raw.value(QLatin1String("sort")).toObject();
        const QJsonValue col = legacy.value(QLatin1String("col"));
        if (col.isDouble() && col.toInt() >= 0 && col.toInt() < m_model->columnCount()) {
            m_view->sortByColumn(col.toInt(), legacy.value(QLatin1String("desc")).toBool()
                                                  ? Qt::DescendingOrder : Qt::AscendingOrder);
            m_sortApplied = true;
        }
        return;
    }
    const QJsonObject first = sortBy.first().toObject();
    const int column = m_model->columnOf(first.value(QLatin1String("displayName")).toString());
    if (column < 0)
        return;
    m_view->sortByColumn(column, first.value(QLatin1String("desc")).toBool() ? Qt::DescendingOrder
                                                                             : Qt::AscendingOrder);
    m_sortApplied = true;
}

bool TablePanel::dataIsEmpty() const
{
    return m_model->rowCount() == 0;
}

QWidget *TablePanel::noDataHost()
{
    return m_view->viewport();
}
