#include "decimation.h"

#include <algorithm>
#include <cmath>

void m4Decimate(const double *t, const double *v, std::size_t n, double t0, double t1,
                int columns, std::vector<QPointF> &out)
{
    out.clear();
    if (n == 0 || columns <= 0 || !(t1 > t0))
        return;
    const std::size_t begin = std::size_t(std::lower_bound(t, t + n, t0) - t);
    const std::size_t end = std::size_t(std::upper_bound(t, t + n, t1) - t);
    const std::size_t from = begin > 0 ? begin - 1 : 0;
    const std::size_t to = end < n ? end + 1 : n;
    if (to - from <= std::size_t(columns) * 4) {
        for (std::size_t i = from; i < to; ++i)
            if (!std::isnan(v[i]))
                out.emplace_back(t[i], v[i]);
        return;
    }
    out.reserve(std::size_t(columns) * 4 + 2);
    const double scale = columns / (t1 - t0);
    // A sample exactly at t1 belongs to the last column, not to one past it.
    // Clamped in double before the conversion: NaN or infinite times (hostile data, an
    // infinite range) must not reach long.
    const auto columnOf = [&](double x) {
        const double c = (x - t0) * scale;
        return c >= 0 ? long(std::min(c, double(columns - 1))) : 0L;
    };
    std::size_t i = from;
    if (from < begin) {
        if (!std::isnan(v[from]))
            out.emplace_back(t[from], v[from]);
        i = begin;
    }
    while (i < end) {
        const long col = columnOf(t[i]);
        std::size_t first = n, last = n, mn = n, mx = n;
        for (; i < end && columnOf(t[i]) == col; ++i) {
            if (std::isnan(v[i]))
                continue;
            if (first == n)
                first = mn = mx = i;
            last = i;
            if (v[i] < v[mn])
                mn = i;
            if (v[i] > v[mx])
                mx = i;
        }
        if (first == n)
            continue;
        // Emit in time order so the polyline visits the extremes as the data did.
        std::size_t idx[4] = {first, mn, mx, last};
        std::sort(idx, idx + 4);
        std::size_t prev = n;
        for (std::size_t k : idx) {
            if (k != prev)
                out.emplace_back(t[k], v[k]);
            prev = k;
        }
    }
    if (end < n && !std::isnan(v[end]))
        out.emplace_back(t[end], v[end]);
}
