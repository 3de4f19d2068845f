#pragma once

#include <QMap>
#include <QString>

using Labels = QMap<QString, QString>;

/// Applies a Grafana legendFormat: every "{{label}}" (spaces allowed inside the
/// braces) becomes that label's value, or nothing when the series lacks it. An empty
/// format names the series as Prometheus does: `name{a="1", b="2"}`, or `fallback`
/// (the query itself) for a series without labels.
QString formatLegend(const QString &format, const Labels &labels, const QString &fallback = {});

/// `name{a="1", b="2"}` in Prometheus's notation.
QString seriesName(const Labels &labels);
