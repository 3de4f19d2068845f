#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// One option of a variable (what the combo box lists).
struct VariableOption
{
    QString text;
    QString value;
};

/// An ad hoc filter (adhoc variables): added to every selector of every query.
struct AdhocFilter
{
    QString key;
    QString op = QStringLiteral("="); // =, !=, =~, !~
    QString value;
};

/// A dashboard template variable (templating.list[]), as Grafana defines it.
struct Variable
{
    QString name;
    /// query, custom, constant, interval, textbox, datasource, adhoc.
    QString type;
    QString label;
    QString description;
    int hide = 0; // 0 = shown, 1 = label hidden, 2 = variable hidden
    /// query: the definition (from "query" as a string or {query, refId});
    /// custom: "a,b,c" or "text : value, ..."; constant/textbox: the value;
    /// interval: "1m,10m,1h"; datasource: the plugin type ("prometheus").
    QString query;
    QString regex;
    QString datasource;
    int refresh = 1; // 0 never, 1 on load, 2 on time range change
    int sort = 0;    // Grafana's sort ids 0..8
    bool multi = false;
    bool includeAll = false;
    QString allValue; // custom value sent for All (e.g. ".*"); empty = every option
    /// The selected values; {"$__all"} when All is selected.
    QStringList current;
    QStringList currentText;
    QList<VariableOption> options;
    /// interval variables: an "auto" option computed from the range.
    bool autoInterval = false;
    int autoCount = 30;
    QString autoMin = QStringLiteral("10s");
    QList<AdhocFilter> filters;
    /// The variable's JSON as it came from the file.
    QJsonObject raw;
};
