#pragma once

#include "alert.h"
#include "queryresult.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

/// An alerting rule of the form `<expression> <op> <number>`, as a panel can draw it.
struct RuleThreshold
{
    QString alertName;
    QString severity;
    QString expression; // the left-hand side
    QString op;         // >, >=, <, <=, ==, !=
    double value = 0;
};

/// Splits a rule's query at its top-level comparison with a plain number
/// (`rate(x[5m]) > 0.5`); nothing for other shapes (`a > b`, `absent(x)`).
std::optional<RuleThreshold> ruleThreshold(const AlertRule &rule);

/// PromQL compared without whitespace (what a panel and a rule share when one was
/// copied from the other).
QString normalizedPromQL(const QString &expr);

/// The rules whose left-hand side is one of the panel's expressions.
QList<RuleThreshold> thresholdsForPanel(const QStringList &panelExpressions, const QList<AlertRule> &rules);

/// Time ranges [start, end] in ms where a series has samples, merging samples no
/// more than 1.5 steps apart (ALERTS{alertstate="firing"} over a panel's range).
QList<QPair<double, double>> presenceRanges(const Series &series, double stepMs);
