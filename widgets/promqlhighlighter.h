#pragma once

#include <QStringList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/// The PromQL vocabulary shared by the highlighter and the completer.
namespace Promql {
/// Every function in Prometheus's "Query functions" page (including the renamed
/// holt_winters and the experimental ones, since older and newer servers are both met).
const QStringList &functions();
/// Aggregation operators (sum, avg, topk, ...): called like functions, take by/without.
const QStringList &aggregations();
/// Modifiers and binary keywords: by, without, on, ignoring, group_left, group_right,
/// offset, bool, and, or, unless, atan2.
const QStringList &keywords();
/// Grafana's built-in variables ($__rate_interval, $__interval, ...).
const QStringList &grafanaVariables();
bool isFunction(const QString &word);
} // namespace Promql

/// Colours PromQL as Grafana's query editor does: functions and aggregations, keywords,
/// metric names, label names and matchers inside {…}, strings, numbers, durations
/// ([5m], 1h30m), comments and Grafana variables ($var, ${var}, [[var]]). Strings in
/// backticks and {…} may span lines (the block state carries them).
class PromqlHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    enum class Role {
        Function,
        Keyword,
        Metric,
        Label,
        Operator,
        String,
        Number,
        Duration,
        Comment,
        Variable
    };

    explicit PromqlHighlighter(QTextDocument *document);

    /// The format a role is drawn with (tests compare these with the block's layout).
    QTextCharFormat formatFor(Role role) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_formats[10];
};
