#pragma once

#include "endpoints.h"

#include <QString>

class QCommandLineParser;

/// `dozor check DASHBOARD [--json] [--var name=value]`: lists panels, rows,
/// variables, queries and problems; exit 1 for a broken file or errors found.
int runCheck(const QString &path, const QCommandLineParser &parser);

/// `dozor render DASHBOARD -o out.png`: renders every panel with its data without a
/// display. Writes the image even when some panels fail (each shows its error) and
/// then exits 3; exits 2 when the dashboard itself cannot be read.
int runRender(const QString &path, const QCommandLineParser &parser, const Endpoints &endpoints);

/// `dozor alerts [--json] [--state firing] [--filter 'severity="critical"']`: prints
/// the active alerts (Alertmanager's view plus Prometheus's pending ones) with
/// severity, since, summary and runbook. Exit status: 2 when a critical alert fires,
/// else 1 when a server could not be read, else 0.
int runAlerts(const QCommandLineParser &parser, const Endpoints &endpoints);

/// `dozor targets [--json] [--state down]`: the default Prometheus's scrape targets
/// (pool, endpoint, health, last scrape, duration, last error), down first. Exit
/// status: 2 when any target is down, 1 when the server cannot be read, else 0.
int runTargets(const QCommandLineParser &parser, const Endpoints &endpoints);

/// `dozor health [--json] [--health name=URL ...]`: polls each health/readiness URL
/// once and prints its HTTP status and failing dependencies. Exit status: 2 when any
/// is unhealthy or unreachable, 1 when none is configured, else 0.
int runHealth(const QCommandLineParser &parser, const Endpoints &endpoints);
