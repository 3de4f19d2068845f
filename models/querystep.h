#pragma once

/// Grafana's rounding of a raw interval (seconds) to a "nice" one (1s, 2s, 5s, 10s,
/// 15s, 20s, 30s, 1m, ...).
double roundInterval(double seconds);

/// The query_range step Grafana picks for a panel: the range spread over the panel's
/// pixel width, rounded to a nice interval, at least `minStepSeconds`, and coarse
/// enough that no series gets more than 11,000 points (Prometheus's own limit).
double chooseStep(double rangeSeconds, int widthPx, double minStepSeconds = 15.0);

/// Prometheus refuses more than this many points per series.
constexpr double kMaxPointsPerSeries = 11000.0;
