#pragma once

#include <QList>
#include <QString>

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
};

/// A threshold step: from `value` upwards the colour is `color`. The base step has
/// no value.
struct ThresholdStep
{
    std::optional<double> value;
    QString color;
};

struct Panel
{
    int id = 0;
    QString type;
    QString title;
    QString description;
    GridPos gridPos;
    QString unit;
    std::optional<double> min;
    std::optional<double> max;
    int decimals = -1;
    QList<Target> targets;
    QList<ThresholdStep> thresholds;
    /// Draw threshold steps as lines on the chart (Grafana's thresholdsStyle).
    bool showThresholds = false;
    /// The row panel this panel sits under, if any (its title).
    QString row;

    /// Panel types this build can draw; others get a placeholder naming the type.
    bool isTimeSeries() const
    {
        return type == QLatin1String("timeseries") || type == QLatin1String("graph");
    }
};

struct Dashboard
{
    QString uid;
    QString title;
    QString timeFrom = QStringLiteral("now-6h");
    QString timeTo = QStringLiteral("now");
    QString refresh; // "" = off, else a duration such as "30s"
    int schemaVersion = 0;
    QList<Panel> panels;

    const Panel *panel(int id) const;
    /// A key that stays the same for the same dashboard across sessions
    /// (uid, else title), used to store its dock layout.
    QString layoutKey() const;
};
