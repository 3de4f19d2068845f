#pragma once

#include "alert.h"

#include <QByteArray>

/// Decoders for the alerting APIs. Each returns false and sets `error` for a body
/// that is not the expected shape; none throws. Pure, for worker threads.
namespace AlertDecoder {

/// Alertmanager /api/v2/alerts: a JSON array of alerts.
bool alertmanagerAlerts(const QByteArray &body, QList<Alert> *out, QString *error);
/// Alertmanager /api/v2/alerts/groups: groups holding alerts (flattened, deduplicated).
bool alertmanagerGroups(const QByteArray &body, QList<Alert> *out, QString *error);
/// Alertmanager /api/v2/silences.
bool silences(const QByteArray &body, QList<Silence> *out, QString *error);
/// Prometheus /api/v1/alerts (pending and firing alerts of the rules it evaluates).
bool prometheusAlerts(const QByteArray &body, QList<Alert> *out, QString *error);
/// Prometheus /api/v1/rules (alerting and recording rules by group).
bool prometheusRules(const QByteArray &body, QList<AlertRule> *out, QString *error);

/// The JSON body Alertmanager expects for POST /api/v2/silences.
QByteArray silenceToJson(const Silence &silence);

} // namespace AlertDecoder
