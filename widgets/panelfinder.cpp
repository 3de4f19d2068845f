#include "panelfinder.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

PanelFinder::PanelFinder(QWidget *parent)
    : QFrame(parent, Qt::Popup), m_search(new QLineEdit(this)), m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("panelFinder"));
    setAttribute(Qt::WA_DeleteOnClose);
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_search->setObjectName(QStringLiteral("panelFinderSearch"));
    m_search->setPlaceholderText(tr("Search panels by title"));
    m_search->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("panelFinderList"));
    m_list->setUniformItemSizes(true);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    resize(420, 320);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &PanelFinder::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, &PanelFinder::choose);
    connect(m_list, &QListWidget::itemActivated, this, &PanelFinder::choose);
    setFocusProxy(m_search);
}

void PanelFinder::setPanels(const QList<Entry> &panels)
{
    m_panels = panels;
    applyFilter();
}

QList<int> PanelFinder::shownIds() const
{
    QList<int> ids;
    for (int i = 0; i < m_list->count(); ++i)
        ids << m_list->item(i)->data(Qt::UserRole).toInt();
    return ids;
}

void PanelFinder::applyFilter()
{
    const QStringList words = m_search->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_list->clear();
    for (const Entry &e : std::as_const(m_panels)) {
        const QString title = e.title.isEmpty() ? tr("Panel %1").arg(e.id) : e.title;
        const bool match = std::all_of(words.cbegin(), words.cend(), [&title](const QString &w) {
            return title.contains(w, Qt::CaseInsensitive);
        });
        if (!match)
            continue;
        // QListWidgetItem text is never interpreted as markup.
        auto *item = new QListWidgetItem(
            e.row.isEmpty() ? title : tr("%1   (%2)").arg(title, e.row), m_list);
        item->setData(Qt::UserRole, e.id);
        item->setToolTip(QString()); // no rich-text tooltips from file titles
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

void PanelFinder::choose()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const int id = item->data(Qt::UserRole).toInt();
    close();
    emit panelChosen(id);
}

bool PanelFinder::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const int row = m_list->currentRow();
        if (key->key() == Qt::Key_Down && row + 1 < m_list->count()) {
            m_list->setCurrentRow(row + 1);
            return true;
        }
        if (key->key() == Qt::Key_Up && row > 0) {
            m_list->setCurrentRow(row - 1);
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}
