#pragma once

#include "column.h"
#include "dashboard.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

/// A Grafana reducer over a series' values: last, lastNotNull, first, firstNotNull,
/// mean, max, min, sum, count, range, delta, diff. NaN stands for null. Returns NaN
/// when the reducer has no defined result (empty series, all null, unknown id).
/// "count" counts every value (nulls too), as Grafana does; "delta" adds up the
/// increases only (a counter reset is not a negative delta).
double reduceSeries(DoubleSpan values, const QString &calc);

/// The column title Grafana gives a reducer ("Last *", "Mean", ...).
QString calcTitle(const QString &calc);

/// Whether a reducer's result is a count (shown without the series unit).
bool calcIsCount(const QString &calc);

/// One series to stack: its points (ascending timestamps) and its stack group
/// (series stack only with series of the same group; an empty group = not stacked).
struct StackInput
{
    DoubleSpan timestampsMs;
    DoubleSpan values;
    QString group;
};

/// Where a stacked series lies at each of its own timestamps: from `lower` to
/// `upper`. A null (NaN) value stays NaN in `upper` (a gap) and adds nothing to the
/// stack. Positive and negative values stack separately, as in Grafana.
struct StackedSeries
{
    std::vector<double> lower;
    std::vector<double> upper;
};

/// Stacks the inputs in order, aligning them on equal timestamps (a series with no
/// point at a time adds nothing there). `percent` first turns each value into its
/// share (0..100) of the sum of absolute values at that time in its group. Inputs
/// with an empty group come back unchanged (lower 0, upper = value).
std::vector<StackedSeries> stackSeries(const std::vector<StackInput> &inputs, bool percent);

/// How one series is drawn, after the panel defaults, aliasColors and the field
/// overrides that match it (Grafana's byName / byRegexp / byFrameRefID).
struct SeriesStyle
{
    QString displayName;
    QString color; // Grafana colour name or #rrggbb; empty = the palette's
    QString unit;
    int decimals = -1;
    QString axisPlacement = QStringLiteral("auto"); // auto, left, right, hidden
    bool hideLegend = false;
    bool hideTooltip = false;
    bool hideViz = false;
    QString drawStyle = QStringLiteral("line"); // line, bars, points
    bool showPoints = false;
    double lineWidth = 1;
    double fillOpacity = 0;
    QString stacking = QStringLiteral("none"); // none, normal, percent
    QString stackGroup = QStringLiteral("A");
    bool negateY = false;
    std::optional<double> min;
    std::optional<double> max;

    bool onRightAxis() const { return axisPlacement == QLatin1String("right"); }
};

/// Whether an override's matcher selects the series `name` (its display name before
/// overrides) of query `refId`. byRegexp accepts "re" and JavaScript's "/re/flags"
/// and matches anywhere in the name, as Grafana does.
bool overrideMatches(const FieldOverride &o, const QString &name, const QString &refId);

/// The style of series `name` (from query `refId`, with `labels`) in `panel`.
SeriesStyle resolveSeriesStyle(const Panel &panel, const QString &name, const QString &refId,
                               const QMap<QString, QString> &labels = {});
