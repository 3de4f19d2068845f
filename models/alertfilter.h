#pragma once

#include "alert.h"

#include <QRegularExpression>

/// One Prometheus-style label matcher: name="v", name!="v", name=~"re", name!~"re".
struct LabelMatcher
{
    enum class Op { Equal, NotEqual, Regex, NotRegex };
    QString name;
    Op op = Op::Equal;
    QString value;
    QRegularExpression regex; // anchored, for Regex and NotRegex

    bool matches(const Labels &labels) const;
};

/// What the user typed in the alert list's filter box: label matchers
/// (`severity="critical", team=~"db.*"`, with or without braces) and free words,
/// all of which must match (case-insensitively, in names, labels and annotations).
struct AlertFilter
{
    QList<LabelMatcher> matchers;
    QStringList words;
    QString error; // non-empty when the text could not be parsed

    static AlertFilter parse(const QString &text);
    bool isEmpty() const { return matchers.isEmpty() && words.isEmpty(); }
    bool matches(const Alert &alert) const;
};
