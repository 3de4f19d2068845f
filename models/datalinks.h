#pragma once

#include "queryresult.h"
#include "variables.h"

#include <QString>

#include <optional>

/// Grafana's data links: a link URL with placeholders for the data point the user
/// clicked - ${__field.labels.<name>}, ${__field.name}, ${__series.name},
/// ${__value.raw|numeric|text|time}, ${__url_time_range}, ${__from}, ${__to} - and
/// the dashboard's variables ($var, ${var}, ...).
namespace DataLinks {

struct Context
{
    Labels labels;
    QString seriesName;
    std::optional<double> value;
    QString valueText; // the value as the panel shows it (unit applied)
    double timeMs = 0;
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

QString interpolate(const QString &url, const Context &context, const QList<Variable> &variables);
/// True when `url` refers to a data point (so it belongs in the point's menu).
bool needsPoint(const QString &url);

} // namespace DataLinks
