#include "decimation.h"

#include "valuecolumn.h"

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace {

/// The first index of the least and of the greatest value in v[first..last] (v[first]
/// is a number; NaN is never an extreme; ties keep the first). The values are
/// compared two at a time first, then the two are looked up.
void extremes(const double *v, std::size_t first, std::size_t last, std::size_t &mn,
              std::size_t &mx)
{
    double mnv = v[first], mxv = v[first];
    std::size_t k = first + 1;
#ifdef __SSE2__
    if (last - first >= 8) {
        // minpd/maxpd keep the second operand when a lane is NaN: the running extreme.
        __m128d lo0 = _mm_set1_pd(mnv), lo1 = lo0, hi0 = lo0, hi1 = lo0;
        for (; k + 4 <= last + 1; k += 4) {
            const __m128d a = _mm_loadu_pd(v + k), b = _mm_loadu_pd(v + k + 2);
            lo0 = _mm_min_pd(a, lo0);
            lo1 = _mm_min_pd(b, lo1);
            hi0 = _mm_max_pd(a, hi0);
            hi1 = _mm_max_pd(b, hi1);
        }
        double l[4], h[4];
        _mm_storeu_pd(l, lo0);
        _mm_storeu_pd(l + 2, lo1);
        _mm_storeu_pd(h, hi0);
        _mm_storeu_pd(h + 2, hi1);
        for (int j = 0; j < 4; ++j) {
            mnv = std::min(mnv, l[j]);
            mxv = std::max(mxv, h[j]);
        }
    }
#endif
    for (; k <= last; ++k) {
        const double x = v[k];
        mnv = x < mnv ? x : mnv;
        mxv = x > mxv ? x : mxv;
    }
    bool needMin = true, needMax = true;
    for (k = first; k <= last && (needMin || needMax); ++k) {
        if (needMin && v[k] == mnv) {
            mn = k;
            needMin = false;
        }
        if (needMax && v[k] == mxv) {
            mx = k;
            needMax = false;
        }
    }
}

struct DoubleValues
{
    const double *v;
    bool nan(std::size_t k) const { return std::isnan(v[k]); }
    double at(std::size_t k) const { return v[k]; }
    void extremes(std::size_t first, std::size_t last, std::size_t &mn, std::size_t &mx) const
    {
        ::extremes(v, first, last, mn, mx);
    }
};

// A compact ValueColumn's integers: compared as integers, divided only when drawn.
struct ScaledValues
{
    const std::int32_t *m;
    double divisor;
    bool nan(std::size_t k) const { return m[k] == ValueColumn::kNaNCode; }
    double at(std::size_t k) const
    {
        return m[k] == ValueColumn::kNaNCode ? std::numeric_limits<double>::quiet_NaN()
                                             : double(m[k]) / divisor;
    }
    void extremes(std::size_t first, std::size_t last, std::size_t &mn, std::size_t &mx) const
    {
        std::int32_t lo = m[first], hi = lo;
        mn = mx = first;
        for (std::size_t k = first + 1; k <= last; ++k) {
            const std::int32_t x = m[k];
            if (x == ValueColumn::kNaNCode)
                continue;
            if (x < lo) {
                lo = x;
                mn = k;
            }
            if (x > hi) {
                hi = x;
                mx = k;
            }
        }
    }
};

template <typename Values>
void decimate(const double *t, const Values &V, std::size_t n, double t0, double t1, int columns,
              std::vector<QPointF> &out)
{
    if (n == 0 || columns <= 0 || !(t1 > t0))
        return;
    const std::size_t begin = std::size_t(std::lower_bound(t, t + n, t0) - t);
    const std::size_t end = std::size_t(std::upper_bound(t, t + n, t1) - t);
    const std::size_t from = begin > 0 ? begin - 1 : 0;
    const std::size_t to = end < n ? end + 1 : n;
    if (to - from <= std::size_t(columns) * 4) {
        for (std::size_t i = from; i < to; ++i)
            if (!V.nan(i))
                out.emplace_back(t[i], V.at(i));
        return;
    }
    // Appending: a caller gathering many lines in one buffer reserves for all of them;
    // otherwise grown geometrically, never to the exact size per line.
    const std::size_t need = out.size() + std::size_t(columns) * 4 + 2;
    if (out.capacity() < need)
        out.reserve(std::max(need, 2 * out.capacity()));
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
        if (!V.nan(from))
            out.emplace_back(t[from], V.at(from));
        i = begin;
    }
    // One column's samples [from, stop): its first, least, greatest and last number,
    // in time order so the polyline visits the extremes as the data did.
    const auto emitColumn = [&](std::size_t start, std::size_t stop) {
        std::size_t first = start;
        while (first < stop && V.nan(first))
            ++first;
        if (first == stop)
            return;
        std::size_t last = stop - 1;
        while (V.nan(last))
            --last;
        // The times of the extremes are needed after the scan of the values: their
        // cache lines are fetched meanwhile (else a miss or two per column waits).
        for (std::size_t k = first; k <= last; k += 8)
            __builtin_prefetch(t + k);
        std::size_t mn = first, mx = first;
        V.extremes(first, last, mn, mx);
        std::size_t idx[4] = {first, mn, mx, last};
        std::sort(idx, idx + 4);
        std::size_t prev = n;
        for (std::size_t k : idx) {
            if (k != prev)
                out.emplace_back(t[k], V.at(k));
            prev = k;
        }
    };
    // Samples per millisecond over the range, to guess where a column ends.
    const double perMs = end - begin > 1 && t[end - 1] > t[begin]
                             ? double(end - 1 - begin) / (t[end - 1] - t[begin])
                             : 0.0;
    while (i < end) {
        const long col = columnOf(t[i]);
        // The column's samples end where columnOf (monotonic in t) first differs. On
        // a regular step the guess from the sample rate is it (two evaluations);
        // otherwise galloping then bisecting, a few instead of one per sample.
        if (perMs > 0) {
            const double left = (t0 + (col + 1) / scale - t[i]) * perMs;
            if (left >= 0) { // false for NaN too
                const std::size_t guess =
                    i + std::max<std::size_t>(1, std::size_t(std::min(std::ceil(left), double(end - i))));
                if (columnOf(t[guess - 1]) == col &&
                    (guess == end || columnOf(t[guess]) != col)) {
                    emitColumn(i, guess);
                    i = guess;
                    continue;
                }
            }
        }
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
        emitColumn(i, hi);
        i = hi;
    }
    if (end < n && !V.nan(end))
        out.emplace_back(t[end], V.at(end));
}

} // namespace

void m4Decimate(const double *t, const double *v, std::size_t n, double t0, double t1,
                int columns, std::vector<QPointF> &out)
{
    out.clear();
    m4DecimateAppend(t, v, n, t0, t1, columns, out);
}

void m4Decimate(const double *t, const std::int32_t *m, double divisor, std::size_t n, double t0,
                double t1, int columns, std::vector<QPointF> &out)
{
    out.clear();
    m4DecimateAppend(t, m, divisor, n, t0, t1, columns, out);
}

void m4DecimateAppend(const double *t, const double *v, std::size_t n, double t0, double t1,
                      int columns, std::vector<QPointF> &out)
{
    decimate(t, DoubleValues{v}, n, t0, t1, columns, out);
}

void m4DecimateAppend(const double *t, const std::int32_t *m, double divisor, std::size_t n,
                      double t0, double t1, int columns, std::vector<QPointF> &out)
{
    decimate(t, ScaledValues{m, divisor}, n, t0, t1, columns, out);
}
