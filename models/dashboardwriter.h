#pragma once

#include "dashboard.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

/// Writes a Dashboard back to Grafana JSON. Saving starts from the file as it was
/// read (Dashboard::raw, Panel::raw) and changes only what the console edited, so
/// every field the console does not understand survives unchanged and the file
/// still opens in Grafana.
namespace DashboardWriter {

/// The dashboard object (unwrapped).
QJsonObject toJson(const Dashboard &dashboard);
/// The file's bytes: indented JSON, re-wrapped as {"dashboard": ...} when it was.
QByteArray serialize(const Dashboard &dashboard);
/// Writes atomically (QSaveFile): on any failure the old file stays as it was and
/// `error` says why.
bool save(const Dashboard &dashboard, const QString &path, QString *error);

} // namespace DashboardWriter
