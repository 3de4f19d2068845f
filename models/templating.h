#pragma once

#include "variables.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Grafana template variables: parsing `templating.list`, interpolating `$var`,
/// `${var:format}` and `[[var]]` with Grafana's Prometheus rules, the built-in
/// macros, variable queries (`label_values(...)` and friends), regex extraction,
/// sorting, ad hoc filters and command-line overrides. Pure functions, no I/O.
namespace Templating {

/// The value Grafana stores for "All".
inline const QString kAllValue = QStringLiteral("$__all");

/// What the built-in macros expand to for one query.
struct MacroValues
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    /// The query step ($__interval); 0 = not known (the macros stay as written).
    double intervalSeconds = 0;
    double scrapeIntervalSeconds = 15;
};

/// The variables of a dashboard's `templating.list`. Entries of the wrong shape are
/// skipped or read with defaults, never fatal. Options are precomputed for custom,
/// constant, interval, textbox and datasource variables; query variables keep the
/// options saved in the file (the resolver replaces them). Where includeAll is on,
/// options[0] is {"All", "$__all"}, as in Grafana.
QList<Variable> parseVariables(const QJsonArray &templatingList);

/// Recomputes the options of a variable that needs no server (custom, constant,
/// interval, textbox, datasource) and validates its selection. An interval
/// variable's auto option has the value "$__auto_interval_<name>", which
/// interpolate() turns into the interval for the range.
void computeLocalOptions(Variable &v);

/// `text` with every known variable and macro replaced. Without a format, values
/// are formatted as Grafana's Prometheus datasource does (a single value as is with
/// backslashes and single quotes escaped; several values or All as `(a|b)` with each
/// value regex-escaped; All with an allValue as that value). Unknown variables stay
/// as written.
/// `defaultFormat` replaces the Prometheus rules where no format is written (Grafana
/// interpolates a variable's regex with "regex").
QString interpolate(const QString &text, const QList<Variable> &vars, const MacroValues &macros,
                    const QString &defaultFormat = {});

/// Grafana's prometheusRegularEscape / prometheusSpecialRegexEscape (classic).
QString prometheusRegularEscape(const QString &value);
QString prometheusSpecialRegexEscape(const QString &value);

/// "15s", "1m", "2h", "1d", "250ms": Grafana's rendering of $__interval (truncating).
QString formatInterval(double seconds);
/// "1m0s", "1m15s", "2h0m0s": Go's time.Duration text, which Grafana uses for
/// $__rate_interval.
QString goDuration(double seconds);
/// "30s", "5m", "1h30m", "500ms" to seconds; -1 if not a duration.
double parseDuration(const QString &text);

/// The interval an interval variable's "auto" option stands for: range / autoCount,
/// rounded as Grafana does, at least autoMin.
QString autoInterval(const Variable &v, qint64 fromMs, qint64 toMs);

/// Names of the variables `text` refers to, in order of first appearance, without
/// duplicates and without built-ins (names starting with "__").
QStringList referencedVariables(const QString &text);

/// Indices of `vars` in an order where every variable comes after the variables its
/// query, regex or allValue refer to. Cycles are broken in file order.
QList<int> resolutionOrder(const QList<Variable> &vars);

/// Names of the variables that depend, directly or through others, on `name`.
QStringList dependents(const QList<Variable> &vars, const QString &name);

/// A Prometheus variable query, as Grafana's metricFindQuery reads it.
struct VariableQuery
{
    enum class Kind { LabelValues, LabelNames, Metrics, QueryResult, Series };
    Kind kind = Kind::Series;
    QString label;    // LabelValues
    QString match;    // LabelValues, LabelNames: the selector (may be empty)
    QString argument; // Metrics: the regex; QueryResult, Series: the expression
};
VariableQuery parseVariableQuery(const QString &query);

/// What a query produced, turned into options: the variable's regex applied
/// (`/pattern/flags`, or an anchored pattern; a capture group or named groups
/// `text`/`value` select the option), duplicates removed, sorted by `sort`.
/// `regex` must already be interpolated. Returns false with `error` on a bad regex.
bool applyRegexAndSort(const QStringList &values, const QString &regex, int sort,
                       QList<VariableOption> *options, QString *error);
void sortOptions(QList<VariableOption> &options, int sort);

/// Keeps the selection of `v` when its options still offer it (multi: those still
/// offered), otherwise selects the first option (All when the selection was All and
/// includeAll is on). Adds the All option when includeAll. Returns true if the
/// selection changed.
bool validateSelection(Variable &v);

/// `expr` with every ad hoc filter added to every vector or matrix selector.
QString applyAdhocFilters(const QString &expr, const QList<AdhocFilter> &filters);

/// Applies `--var name=value` assignments. `name=a,b` selects several values of a
/// multi variable (`\,` for a literal comma); repeating a multi variable adds values;
/// "All" or "$__all" selects All where includeAll is on; "auto" the auto interval. A
/// value may be an option's value or its text. Unknown names or malformed
/// assignments fail with `error` and change nothing. `assigned` receives the names.
bool applyOverrides(QList<Variable> &vars, const QStringList &assignments, QString *error,
                    QStringList *assigned = nullptr);

} // namespace Templating
