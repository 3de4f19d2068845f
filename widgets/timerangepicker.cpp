#include "timerangepicker.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace {
constexpr int kCustomRole = Qt::UserRole + 1;
}

TimeRangePicker::TimeRangePicker(QWidget *parent) : QWidget(parent), m_combo(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_combo);
    m_combo->setToolTip(tr("Time range"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const char *d : {"5m", "15m", "1h", "6h", "24h", "7d"}) {
        const TimeRange r{QStringLiteral("now-") + QLatin1String(d), QStringLiteral("now")};
        m_combo->addItem(r.displayText(), QStringList{r.from, r.to});
    }
    m_combo->addItem(tr("Custom range…"));
    m_combo->setItemData(m_combo->count() - 1, true, kCustomRole);
    connect(m_combo, &QComboBox::activated, this, &TimeRangePicker::onActivated);
    setRange(TimeRange{});
}

int TimeRangePicker::indexOf(const TimeRange &range) const
{
    for (int i = 0; i < m_combo->count(); ++i) {
        const QStringList v = m_combo->itemData(i).toStringList();
        if (v.size() == 2 && v[0] == range.from && v[1] == range.to)
            return i;
    }
    return -1;
}

void TimeRangePicker::setRange(const TimeRange &range)
{
    m_range = range;
    int i = indexOf(range);
    if (i < 0) {
        const int customIndex = m_combo->count() - 1;
        m_combo->insertItem(customIndex, range.displayText(), QStringList{range.from, range.to});
        i = customIndex;
    }
    m_combo->setCurrentIndex(i);
}

void TimeRangePicker::onActivated(int index)
{
    TimeRange r;
    if (m_combo->itemData(index, kCustomRole).toBool()) {
        r = m_range;
        if (!askCustomRange(this, &r)) {
            setRange(m_range);
            return;
        }
    } else {
        const QStringList v = m_combo->itemData(index).toStringList();
        if (v.size() != 2)
            return;
        r = TimeRange{v[0], v[1]};
    }
    setRange(r);
    emit rangeChanged(r);
}

bool askCustomRange(QWidget *parent, TimeRange *range)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Custom time range"));
    auto *form = new QFormLayout(&dialog);
    const QDateTime now = QDateTime::currentDateTime();
    const auto resolved = range->resolve(now);
    auto *from = new QDateTimeEdit(resolved ? resolved->start.toLocalTime() : now.addSecs(-3600), &dialog);
    auto *to = new QDateTimeEdit(resolved ? resolved->end.toLocalTime() : now, &dialog);
    for (QDateTimeEdit *e : {from, to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    form->addRow(QObject::tr("From"), from);
    form->addRow(QObject::tr("To"), to);
    auto *problem = new QLabel(&dialog);
    problem->setTextFormat(Qt::PlainText);
    problem->setStyleSheet(QStringLiteral("color: #f2495c"));
    form->addRow(problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (from->dateTime() >= to->dateTime()) {
            problem->setText(QObject::tr("The start must be before the end."));
            return;
        }
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *range = TimeRange::absolute(from->dateTime(), to->dateTime());
    return true;
}
