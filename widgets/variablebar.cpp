#include "variablebar.h"

#include "flowlayout.h"
#include "plaintext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

namespace {

const QString kAll = QStringLiteral("$__all");

// The "All" option in the interface language; other options as the dashboard names them.
QString optionText(const VariableOption &o)
{
    return o.value == kAll ? QCoreApplication::translate("VariableBar", "All") : o.text;
}

QString selectionText(const Variable &v)
{
    if (v.current.contains(kAll))
        return QCoreApplication::translate("VariableBar", "All");
    QStringList texts;
    for (const QString &value : v.current) {
        QString text = value;
        for (const VariableOption &o : v.options)
            if (o.value == value)
                text = o.text;
        texts << text;
    }
    return texts.isEmpty() ? QStringLiteral("—") : texts.join(QStringLiteral(" + "));
}

} // namespace

QList<AdhocFilter> parseFilters(const QString &text)
{
    QList<AdhocFilter> out;
    static const QRegularExpression re(QStringLiteral(R"re(^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$)re"));
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto m = re.match(part);
        if (!m.hasMatch())
            continue;
        AdhocFilter f;
        f.key = m.captured(1);
        f.op = m.captured(2);
        f.value = m.captured(3);
        out << f;
    }
    return out;
}

QString formatFilters(const QList<AdhocFilter> &filters)
{
    QStringList parts;
    for (const AdhocFilter &f : filters)
        parts << f.key + f.op + f.value;
    return parts.join(QStringLiteral(", "));
}

VariableBar::VariableBar(QWidget *parent) : QWidget(parent), m_layout(new FlowLayout(this, 6))
{
    setObjectName(QStringLiteral("variableBar"));
    m_layout->setContentsMargins(8, 4, 8, 4);
}

void VariableBar::setVariables(const QList<Variable> &variables)
{
    QStringList shown;
    for (const Variable &v : variables)
        if (v.hide != 2 && v.type != QLatin1String("constant"))
            shown << v.name + QLatin1Char('\x1f') + v.type;
    QStringList had;
    for (const Variable &v : std::as_const(m_variables))
        if (v.hide != 2 && v.type != QLatin1String("constant"))
            had << v.name + QLatin1Char('\x1f') + v.type;
    m_variables = variables;
    if (shown != had) {
        for (QWidget *box : std::as_const(m_boxes))
            delete box;
        m_boxes.clear();
        m_editors.clear();
        for (const Variable &v : variables) {
            if (v.hide == 2 || v.type == QLatin1String("constant"))
                continue;
            auto *box = new QWidget(this);
            auto *hl = new QHBoxLayout(box);
            hl->setContentsMargins(0, 0, 0, 0);
            hl->setSpacing(0);
            if (v.hide != 1) {
                auto *label = new QLabel(box);
                label->setTextFormat(Qt::PlainText);
                label->setText(v.label.isEmpty() ? v.name : v.label);
                label->setToolTip(plainToolTip(v.description));
                label->setStyleSheet(QStringLiteral(
                    "QLabel { background: #22252b; color: #6e9fff; padding: 3px 8px; border: 1px solid #2c3035; }"));
                hl->addWidget(label);
            }
            QWidget *editor = makeEditor(v);
            hl->addWidget(editor);
            m_layout->addWidget(box);
            m_boxes.insert(v.name, box);
            m_editors.insert(v.name, editor);
        }
    }
    for (const Variable &v : variables)
        if (QWidget *e = m_editors.value(v.name))
            updateEditor(v, e);
    setVisible(!m_boxes.isEmpty());
}

QWidget *VariableBar::makeEditor(const Variable &v)
{
    const QString name = v.name;
    if (v.type == QLatin1String("textbox")) {
        auto *edit = new QLineEdit(this);
        edit->setMinimumWidth(140);
        connect(edit, &QLineEdit::editingFinished, this, [this, name, edit] {
            emit selectionChanged(name, {edit->text()});
        });
        return edit;
    }
    if (v.type == QLatin1String("adhoc")) {
        auto *edit = new QLineEdit(this);
        edit->setMinimumWidth(220);
        edit->setPlaceholderText(tr("filters, e.g. job=\"api\", instance!=\"x\""));
        connect(edit, &QLineEdit::editingFinished, this, [this, name, edit] {
            emit filtersChanged(name, parseFilters(edit->text()));
        });
        return edit;
    }
    if (v.multi) {
        // A button showing the selection; its popup lists the options with check
        // boxes and a filter field on top.
        auto *button = new QToolButton(this);
        button->setPopupMode(QToolButton::InstantPopup);
        button->setMinimumWidth(120);
        auto *menu = new QMenu(button);
        auto *panel = new QWidget(menu);
        auto *vl = new QVBoxLayout(panel);
        vl->setContentsMargins(4, 4, 4, 4);
        auto *filter = new QLineEdit(panel);
        filter->setObjectName(QStringLiteral("filter"));
        filter->setPlaceholderText(tr("Search"));
        filter->setClearButtonEnabled(true);
        auto *list = new QListWidget(panel);
        list->setObjectName(QStringLiteral("options"));
        list->setMinimumSize(260, 240);
        vl->addWidget(filter);
        vl->addWidget(list);
        auto *action = new QWidgetAction(menu);
        action->setDefaultWidget(panel);
        menu->addAction(action);
        button->setMenu(menu);
        connect(filter, &QLineEdit::textChanged, list, [list](const QString &text) {
            for (int i = 0; i < list->count(); ++i)
                list->item(i)->setHidden(!list->item(i)->text().contains(text, Qt::CaseInsensitive));
        });
        connect(menu, &QMenu::aboutToShow, filter, [filter] { filter->clear(); filter->setFocus(); });
        connect(list, &QListWidget::itemChanged, this, [this, name, list](QListWidgetItem *changed) {
            if (list->signalsBlocked())
                return;
            QStringList values;
            const bool allChecked = changed->data(Qt::UserRole).toString() == kAll && changed->checkState() == Qt::Checked;
            list->blockSignals(true);
            for (int i = 0; i < list->count(); ++i) {
                QListWidgetItem *item = list->item(i);
                const QString value = item->data(Qt::UserRole).toString();
                // All and individual values exclude each other, as in Grafana.
                if (allChecked && item != changed)
                    item->setCheckState(Qt::Unchecked);
                else if (!allChecked && value == kAll && changed != item)
                    item->setCheckState(Qt::Unchecked);
                if (item->checkState() == Qt::Checked)
                    values << value;
            }
            list->blockSignals(false);
            if (values.isEmpty() && list->count() > 0)
                values << list->item(0)->data(Qt::UserRole).toString();
            emit selectionChanged(name, values);
        });
        return button;
    }
    auto *combo = new QComboBox(this);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setMinimumContentsLength(12);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    combo->completer()->setFilterMode(Qt::MatchContains);
    combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    connect(combo, &QComboBox::activated, this, [this, name, combo](int index) {
        emit selectionChanged(name, {combo->itemData(index).toString()});
    });
    return combo;
}

void VariableBar::updateEditor(const Variable &v, QWidget *editor)
{
    if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        if (edit->hasFocus())
            return;
        edit->setText(v.type == QLatin1String("adhoc") ? formatFilters(v.filters) : v.current.value(0));
        return;
    }
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const QSignalBlocker block(combo);
        combo->clear();
        for (const VariableOption &o : v.options)
            combo->addItem(optionText(o), o.value);
        const int index = combo->findData(v.current.value(0));
        if (index >= 0)
            combo->setCurrentIndex(index);
        else
            combo->setEditText(v.current.value(0));
        return;
    }
    if (auto *button = qobject_cast<QToolButton *>(editor)) {
        button->setText(selectionText(v).left(60));
        button->setToolTip(plainToolTip(selectionText(v)));
        auto *list = button->menu()->findChild<QListWidget *>(QStringLiteral("options"));
        if (!list)
            return;
        const QSignalBlocker block(list);
        list->clear();
        for (const VariableOption &o : v.options) {
            auto *item = new QListWidgetItem(optionText(o), list);
            item->setData(Qt::UserRole, o.value);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(v.current.contains(o.value) ? Qt::Checked : Qt::Unchecked);
        }
    }
}

void VariableBar::setVariableError(const QString &name, const QString &error)
{
    if (QWidget *e = m_editors.value(name)) {
        e->setToolTip(plainToolTip(error));
        e->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("border: 1px solid #f2495c;"));
    }
}
