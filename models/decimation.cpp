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
        // The column's samples end where columnOf (monotonic in t) first differs:
        // found by galloping then bisecting, a few evaluations instead of one per sample.
        std::size_t lo = i, step = 1;
        while (lo + step < end && columnOf(t[lo + step]) == col) {
            lo += step;
            step *= 2;
        }
        std::size_t hi = std::min(lo + step, end); // columnOf(t[hi]) != col, or hi == end
        while (hi - lo > 1) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (columnOf(t[mid]) == col)
                lo = mid;
            else
                hi = mid;
        }
        const std::size_t stop = hi;
        std::size_t first = i;
        while (first < stop && std::isnan(v[first]))
            ++first;
        i = stop;
        if (first == stop)
            continue;
        std::size_t last = stop - 1;
        while (std::isnan(v[last]))
            --last;
        // NaN compares false, so it is never taken as an extreme; ties keep the first.
        std::size_t mn = first, mx = first;
        double mnv = v[first], mxv = v[first];
        for (std::size_t k = first + 1; k <= last; ++k) {
            const double x = v[k];
            if (x < mnv) {
                mnv = x;
                mn = k;
            }
            if (x > mxv) {
                mxv = x;
                mx = k;
            }
        }
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
