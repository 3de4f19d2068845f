#pragma once

#include "column.h"
#include "dashboard.h"

#include <QString>

#include <optional>
#include <vector>

/// How Grafana turns one number of a field into what a single-value panel shows
/// (stat, singlestat, gauge, bar gauge): reducers, thresholds, value mappings, unit,
/// decimals and colour. Colours are Grafana colour strings ("green", "semi-dark-red",
/// "#EAB839", "rgba(…)"); widgets turn them into QColors with namedColor().
namespace FieldDisplay {

/// Grafana's reducer id for a calc name: legacy singlestat valueName ids (current,
/// avg, total) map to lastNotNull, mean and sum; unknown names to lastNotNull.
QString normalizeCalc(const QString &calc);

/// Reduces a series with a Grafana reducer: lastNotNull, last, firstNotNull, first,
/// mean, max, min, sum, count, range, delta (increases only, counter resets
/// counted), diff, diffperc, median, stdDev, variance, logmin, changeCount,
/// distinctCount. NaN stands for null: skipped by the "NotNull" and aggregating
/// reducers; "last"/"first" return nothing when that point is null. Nothing when
/// there is no value to reduce.
std::optional<double> reduce(DoubleSpan values, const QString &calc);

/// The scale a value is placed on (gauge arc, bar length, percentage thresholds).
struct Range
{
    double min = 0;
    double max = 100;
};

/// The panel's min/max; where unset the data's min/max when given, else 0..100
/// (0..1 for percentunit). A range of zero width is widened so that it has one.
Range range(const Panel &panel, std::optional<double> dataMin = std::nullopt,
            std::optional<double> dataMax = std::nullopt);

/// The colour of the highest threshold step whose value is <= `value` (the base
/// step, which has no value, otherwise). In percentage mode the step values are
/// percent of `r`. NaN (null) takes the base colour. Empty when there are no steps.
QString thresholdColor(double value, const Panel &panel, const Range &r);
QString thresholdColor(double value, const Panel &panel);

struct MappedValue
{
    /// Empty: the mapping keeps the formatted value and only sets the colour.
    QString text;
    QString color;
};

/// The first mapping (in panel order) that matches `value`: value mappings compare
/// the number (as Grafana writes it) with the mapping's value, ranges are
/// inclusive, specials match null/NaN. NaN stands for null.
std::optional<MappedValue> applyMappings(const QList<ValueMapping> &mappings, double value);
/// The same for text (a formatted value): value mappings compare the text, regex
/// mappings match the whole text (or /pattern/flags) and may rewrite it with $1,
/// specials "empty", "true" and "false" compare the text.
std::optional<MappedValue> applyMappings(const QList<ValueMapping> &mappings, const QString &text);

/// Grafana's classic palette colour for a series index ("#7EB26D", ...).
QString paletteColor(int index);

struct DisplayValue
{
    QString prefix;
    QString text;
    QString suffix;
    /// Grafana colour string; empty = the theme's text colour.
    QString color;
    double numeric = 0;
    /// The value was null (NaN) or there was none; `text` holds noValue then.
    bool isNull = false;
    /// Where the value sits on the range, 0..1 (clamped), for gauges and bars.
    double percent = 0;

    QString toString() const { return prefix + text + suffix; }
};

struct DisplayOptions
{
    /// Series index, for palette colours.
    int seriesIndex = 0;
    /// The range used for percentage thresholds and `percent` (see range()).
    std::optional<Range> range;
};

/// Everything a single-value panel draws for one reduced value: mapping text or the
/// unit-formatted number with decimals (an empty unit formats as "none", as in
/// Grafana's display processor), the legacy singlestat prefix/postfix (from
/// Panel::raw), and the colour: a mapping's colour, else by Panel::colorMode -
/// "thresholds" (also the default when steps exist; the continuous-* schemes use
/// the steps too), "fixed"/"shades" the fixed colour, palette modes the palette
/// colour of the series. NaN is null: the
/// panel's noValue (or "No data"), in the base threshold colour.
DisplayValue display(double value, const Panel &panel, const DisplayOptions &options = {});

/// Text shown for a null or missing value: the panel's noValue, else "No data".
QString noValueText(const Panel &panel);

} // namespace FieldDisplay
