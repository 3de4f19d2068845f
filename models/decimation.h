#pragma once

#include <QPointF>

#include <cstddef>
#include <cstdint>
#include <vector>

/// Reduces a line to at most four points per pixel column - the first, minimum,
/// maximum and last of each column (M4, Jugel et al., VLDB 2014) - which draws the
/// same pixels as the full line. `t` must be ascending; x values map onto `columns`
/// columns spanning [t0, t1]. Points outside that span are dropped except the
/// nearest one on each side, so the line still enters and leaves the plot. NaN
/// values are skipped (gaps are handled by the caller).
void m4Decimate(const double *t, const double *v, std::size_t n, double t0, double t1,
                int columns, std::vector<QPointF> &out);
/// The same over a compact ValueColumn's integers (each m / divisor; kNaNCode a NaN).
void m4Decimate(const double *t, const std::int32_t *m, double divisor, std::size_t n, double t0,
                double t1, int columns, std::vector<QPointF> &out);
/// The same, appending to `out` instead of replacing it (many lines into one buffer).
void m4DecimateAppend(const double *t, const double *v, std::size_t n, double t0, double t1,
                      int columns, std::vector<QPointF> &out);
void m4DecimateAppend(const double *t, const std::int32_t *m, double divisor, std::size_t n,
                      double t0, double t1, int columns, std::vector<QPointF> &out);
