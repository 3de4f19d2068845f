#pragma once

#include "dashboard.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

/// Reads Grafana dashboard JSON (the format operators already have) into a
/// Dashboard. Accepts flat `panels[]` with `gridPos`, `row` panels (collapsed ones
/// holding `panels[]`), legacy `rows[]` with `span`/`height`, and files wrapped as
/// `{"dashboard": ...}`.
namespace DashboardLoader {

struct Result
{
    std::optional<Dashboard> dashboard;
    /// Names the problem, with file, line and column for JSON syntax errors.
    QString error;
};

Result parse(const QByteArray &json, const QString &fileName = {});
Result loadFile(const QString &path);
/// One panel object as the loader reads it (no grid placement or row).
Panel panelFromJson(const QJsonObject &panel);

} // namespace DashboardLoader
