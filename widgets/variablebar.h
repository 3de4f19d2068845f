#pragma once

#include "variables.h"

#include <QHash>
#include <QWidget>

class FlowLayout;

/// The bar of template variables above the dashboard, as in Grafana: a searchable
/// combo box per variable (a checkable, filterable list for multi-value ones, with
/// "All"), a text box for textbox variables, `key=value` filters for ad hoc ones.
/// Hidden variables (hide 2) and constants are not shown.
class VariableBar final : public QWidget
{
    Q_OBJECT
public:
    explicit VariableBar(QWidget *parent = nullptr);

    /// Shows these variables with their options and selections. Editors of
    /// variables that stay are updated in place (an open popup is not closed).
    void setVariables(const QList<Variable> &variables);
    /// Marks a variable that could not be resolved (tooltip and colour).
    void setVariableError(const QString &name, const QString &error);
    /// The editor of a variable (for tests): a QComboBox, QToolButton or QLineEdit.
    QWidget *editor(const QString &name) const { return m_editors.value(name); }

signals:
    /// The user selected `values` ({"$__all"} for All) of variable `name`.
    void selectionChanged(const QString &name, const QStringList &values);
    void filtersChanged(const QString &name, const QList<AdhocFilter> &filters);

private:
    QWidget *makeEditor(const Variable &v);
    void updateEditor(const Variable &v, QWidget *editor);

    FlowLayout *m_layout;
    QList<Variable> m_variables;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QWidget *> m_boxes; // label + editor per variable
};

/// "a=b, c!=d, e=~f.*" -> ad hoc filters; the inverse of formatFilters.
QList<AdhocFilter> parseFilters(const QString &text);
QString formatFilters(const QList<AdhocFilter> &filters);
