#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QRegularExpression>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QString actionText(const QAction *a)
{
    QString text = a->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.replace(QStringLiteral("&&"), QStringLiteral("&"));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    if (text.isEmpty())
        text = a->toolTip();
    return text;
}

} // namespace

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(const QWidget *window)
{
    QList<Entry> out;
    QStringList seen;
    const auto add = [&](const QKeySequence &key, const QString &what) {
        const QString keys = key.toString(QKeySequence::NativeText);
        if (keys.isEmpty() || what.isEmpty() || seen.contains(keys))
            return;
        seen << keys;
        out.append({keys, what});
    };
    for (const QAction *a : window->findChildren<QAction *>())
        for (const QKeySequence &key : a->shortcuts())
            add(key, actionText(a));
    for (const QShortcut *s : window->findChildren<QShortcut *>())
        add(s->key(), s->whatsThis());
    return out;
}

ShortcutsDialog::ShortcutsDialog(QWidget *window, const QList<Entry> &extra, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    resize(520, 560);
    QList<Entry> entries = collect(window);
    entries << extra;
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Does")});
    m_table->setRowCount(int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        // QTableWidgetItem text is plain text: action names may carry file titles.
        m_table->setItem(i, 0, new QTableWidgetItem(entries[i].keys));
        m_table->setItem(i, 1, new QTableWidgetItem(entries[i].action));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnToContents(0);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
}
