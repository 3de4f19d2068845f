#pragma once

#include "variables.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// Position on Grafana's 24-column grid; one unit of height is 30 px plus an 8 px gap.
struct GridPos
{
    int x = 0;
    int y = 0;
    int w = 12;
    int h = 8;
};

struct Target
{
    QString refId;
    QString expr;
    QString legendFormat;
    bool hide = false;
    bool instant = false;
    /// "time_series" (default), "table" or "heatmap".
    QString format;
    /// Lower bound for the step ("30s", "$__interval" ...); empty = none.
    QString interval;
    int intervalFactor = 1;
    /// The target's own datasource reference (uid, name or ${DS_X}); empty = the panel's.
    QString datasource;
};

/// A threshold step: from `value` upwards the colour is `color`. The base step has
/// no value.
struct ThresholdStep
{
    std::optional<double> value;
    QString color;
};

/// Grafana value mapping (fieldConfig.defaults.mappings), flattened.
struct ValueMapping
{
    enum class Kind { Value, Range, Regex, Special };
    Kind kind = Kind::Value;
    QString value;                 // Kind::Value: the raw value as text
    std::optional<double> from;    // Kind::Range
    std::optional<double> to;      // Kind::Range
    QString pattern;               // Kind::Regex
    QString special;               // Kind::Special: null, nan, null+nan, true, false, empty
    QString text;                  // display text (may be empty: keep the value)
    QString color;                 // optional colour
};

/// One property of a field override: Grafana's id (unit, color, min, max, decimals,
/// displayName, custom.axisPlacement, custom.hideFrom, custom.drawStyle,
/// custom.fillOpacity, custom.stacking, custom.transform, ...) and its JSON value.
/// Legacy graph seriesOverrides are converted into the same ids.
struct OverrideProperty
{
    QString id;
    QJsonValue value;
};

/// fieldConfig.overrides[] (and converted legacy seriesOverrides[]).
struct FieldOverride
{
    /// byName, byRegexp, byFrameRefID, byType, ... (Grafana's matcher id).
    QString matcher;
    QString option; // the name, regex or refId it matches
    QList<OverrideProperty> properties;
};

/// Grafana's legend options (options.legend, or the legacy graph "legend" object).
struct LegendOptions
{
    QString displayMode = QStringLiteral("list"); // list, table, hidden
    QString placement = QStringLiteral("bottom"); // bottom, right
    QStringList calcs;                           // last, lastNotNull, mean, max, min, ...
    QString sortBy;                               // a calc name or "Name"; empty = none
    bool sortDesc = false;
};

/// How a time-series panel draws (timeseries fieldConfig.defaults.custom, or the
/// legacy graph's lines/bars/points/fill/stack/nullPointMode).
struct GraphStyle
{
    QString drawStyle = QStringLiteral("line"); // line, bars, points
    bool showPoints = false;
    double lineWidth = 1;
    double fillOpacity = 0;                     // 0..100
    QString stacking = QStringLiteral("none");  // none, normal, percent
    /// "null" (gaps), "connected" or "null as zero" (Grafana's nullPointMode).
    QString nullPointMode = QStringLiteral("null");
    int logBase = 0;                           // 0 = linear, 2 or 10
    /// Right axis (legacy yaxes[1] or overrides with axisPlacement right).
    QString rightUnit;
    std::optional<double> rightMin;
    std::optional<double> rightMax;
};

/// A panel link or a data link: `url` may hold ${__field.labels.x}, ${__value.raw},
/// ${__url_time_range}, $var.
struct Link
{
    QString title;
    QString url;
    bool targetBlank = false;
    /// Dashboard links only: "link" or "dashboards" (by tags).
    QString type = QStringLiteral("link");
    QStringList tags;
};

struct Panel
{
    int id = 0;
    QString type;
    QString title;
    QString description;
    GridPos gridPos;
    /// fieldConfig.defaults (or the legacy singlestat/graph equivalents).
    QString unit;
    std::optional<double> min;
    std::optional<double> max;
    int decimals = -1;
    QList<ThresholdStep> thresholds;
    /// thresholds.mode "percentage": step values are percent of min..max.
    bool thresholdsPercent = false;
    /// Draw threshold steps as lines on the chart (Grafana's thresholdsStyle).
    bool showThresholds = false;
    QList<ValueMapping> mappings;
    QString noValue;
    /// fieldConfig.defaults.color.mode: "thresholds", "palette-classic", "fixed", ...
    QString colorMode;
    QString fixedColor;
    /// fieldConfig.defaults.displayName (may hold ${__field.labels.x}).
    QString displayName;
    QList<FieldOverride> overrides;
    /// Legacy graph aliasColors: series name -> colour.
    QList<QPair<QString, QString>> aliasColors;
    LegendOptions legend;
    QString tooltipMode = QStringLiteral("single"); // single, multi, none
    GraphStyle graph;
    /// Stat/singlestat/gauge/bargauge reducer, Grafana ids: lastNotNull, last, mean,
    /// max, min, sum, count, first, firstNotNull, range, delta, diff.
    QString reduceCalc = QStringLiteral("lastNotNull");
    QList<Link> links;
    /// Panel-level datasource reference (uid, name, ${DS_X}, "-- Mixed --"); empty = default.
    QString datasource;
    /// Panel minimum interval ("interval") and maxDataPoints, if set.
    QString minInterval;
    int maxDataPoints = 0;
    QList<Target> targets;
    /// Repeat by a variable: the variable name, "h" or "v", and the most per row.
    QString repeat;
    QString repeatDirection = QStringLiteral("h");
    int maxPerRow = 0;
    /// Set on panels made by repeating another: the source panel's id and the value.
    int repeatOf = 0;
    QString repeatValue;
    /// An ad-hoc panel (an alert's query opened as a chart): shown, never saved.
    bool adHoc = false;

    /// The row panel this panel sits under, if any (its title), and its index in
    /// Dashboard::rows (-1 when above every row).
    QString row;
    int rowIndex = -1;

    /// The panel's JSON as it came from the file: type-specific options are read
    /// from here (options.*), and saving starts from it so that nothing the console
    /// does not understand is lost.
    QJsonObject raw;
    /// Position of the panel in the file's panel walk (see DashboardWriter); -1 for
    /// panels that were not in the file.
    int sourceIndex = -1;

    /// The panel's "options" object (type-specific: reduceOptions, colorMode, ...).
    QJsonObject options() const { return raw.value(QLatin1String("options")).toObject(); }

    bool isTimeSeries() const
    {
        return type == QLatin1String("timeseries") || type == QLatin1String("graph");
    }
};

/// A row: a collapsible group of the panels below it (`row` panels, or legacy rows[]).
struct Row
{
    QString title;
    bool collapsed = false;
    /// Grid y of the row header.
    int y = 0;
    QString repeat;
    QJsonObject raw;
    int sourceIndex = -1;
};

struct Dashboard
{
    QString uid;
    QString title;
    QString timeFrom = QStringLiteral("now-6h");
    QString timeTo = QStringLiteral("now");
    QString refresh; // "" = off, else a duration such as "30s"
    int schemaVersion = 0;
    /// 0 = none, 1 = shared crosshair, 2 = shared crosshair and tooltip.
    int graphTooltip = 0;
    QList<Panel> panels;
    QList<Row> rows;
    QList<Variable> variables;
    QList<Link> links;
    /// The whole file as read (unwrapped from {"dashboard": ...}); see DashboardWriter.
    QJsonObject raw;
    /// The file was wrapped as {"dashboard": {...}, ...}.
    bool wrapped = false;
    QJsonObject wrapper;

    const Panel *panel(int id) const;
    Panel *panel(int id);
    /// A key that stays the same for the same dashboard across sessions
    /// (uid, else title), used to store its dock layout.
    QString layoutKey() const;
};
