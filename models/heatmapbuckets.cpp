#include "heatmapbuckets.h"

#include <map>
#include <optional>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

const QString leLabel = QStringLiteral("le");
constexpr double missing = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

std::optional<double> parseLe(const QString &text)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("+Inf"), Qt::CaseInsensitive) == 0 || t.compare(QLatin1String("Inf"), Qt::CaseInsensitive) == 0)
        return inf;
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || std::isnan(v))
        return std::nullopt;
    return v;
}

std::vector<double> timeUnion(const std::vector<const PanelSeries *> &series)
{
    std::vector<double> times;
    for (const PanelSeries *s : series)
        times.insert(times.end(), s->timestampsMs.begin(), s->timestampsMs.end());
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

std::size_t columnOf(const std::vector<double> &times, double t)
{
    return std::size_t(std::lower_bound(times.begin(), times.end(), t) - times.begin());
}

void finish(HeatmapGrid &g)
{
    g.maxCount = 0;
    for (double c : g.counts)
        if (!std::isnan(c))
            g.maxCount = std::max(g.maxCount, c);
}

} // namespace

namespace HeatmapBuckets {

HeatmapGrid fromHistogram(const std::vector<PanelSeries> &series)
{
    HeatmapGrid g;
    // le value -> (label as written, series of that bucket)
    std::map<double, std::pair<QString, std::vector<const PanelSeries *>>> buckets;
    std::vector<const PanelSeries *> all;
    for (const PanelSeries &s : series) {
        const auto le = parseLe(s.labels.value(leLabel));
        if (!le)
            continue;
        auto &b = buckets[*le];
        if (b.first.isEmpty())
            b.first = s.labels.value(leLabel);
        b.second.push_back(&s);
        all.push_back(&s);
    }
    if (buckets.empty())
        return g;
    g.timestampsMs = timeUnion(all);
    const std::size_t nt = g.timestampsMs.size();

    // Cumulative counts per bucket and time, summing series with the same le.
    std::vector<std::vector<double>> cumulative;
    double lower = 0;
    for (const auto &[le, b] : buckets) {
        g.lowerBounds.push_back(std::min(lower, le));
        g.upperBounds.push_back(le);
        g.bucketLabels.append(b.first);
        lower = le;
        std::vector<double> row(nt, missing);
        for (const PanelSeries *s : b.second) {
            const std::size_t n = std::min(s->timestampsMs.size(), s->values.size());
            for (std::size_t i = 0; i < n; ++i) {
                const double v = s->values[i];
                if (std::isnan(v))
                    continue;
                double &cell = row[columnOf(g.timestampsMs, s->timestampsMs[i])];
                cell = std::isnan(cell) ? v : cell + v;
            }
        }
        cumulative.push_back(std::move(row));
    }
    // Buckets at or below zero (le="0", negative le) start at their own bound.
    if (!g.lowerBounds.empty() && g.upperBounds.front() <= 0)
        g.lowerBounds.front() = g.upperBounds.front();

    g.counts.assign(cumulative.size() * nt, missing);
    for (std::size_t t = 0; t < nt; ++t) {
        double below = 0; // the cumulative count of the highest bucket under this one
        for (std::size_t b = 0; b < cumulative.size(); ++b) {
            const double c = cumulative[b][t];
            if (std::isnan(c))
                continue;
            g.counts[b * nt + t] = std::max(0.0, c - below);
            below = std::max(below, c);
        }
    }
    finish(g);
    return g;
}

HeatmapGrid fromValues(const std::vector<PanelSeries> &series, int buckets)
{
    HeatmapGrid g;
    buckets = std::clamp(buckets, 1, 1000);
    double lo = inf;
    double hi = -inf;
    std::vector<const PanelSeries *> all;
    for (const PanelSeries &s : series) {
        all.push_back(&s);
        for (double v : s.values) {
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (!(lo <= hi))
        return g;
    if (hi == lo) {
        hi = lo + 1;
        buckets = 1;
    }
    g.timestampsMs = timeUnion(all);
    const std::size_t nt = g.timestampsMs.size();
    const double width = (hi - lo) / buckets;
    for (int b = 0; b < buckets; ++b) {
        g.lowerBounds.push_back(lo + b * width);
        g.upperBounds.push_back(b == buckets - 1 ? hi : lo + (b + 1) * width);
        g.bucketLabels.append(QString::number(g.upperBounds.back(), 'g', 6));
    }
    g.counts.assign(std::size_t(buckets) * nt, 0.0);
    for (const PanelSeries *s : all) {
        const std::size_t n = std::min(s->timestampsMs.size(), s->values.size());
        for (std::size_t i = 0; i < n; ++i) {
            const double v = s->values[i];
            if (!std::isfinite(v))
                continue;
            // Clamped in double: an infinite or zero width (values near +-1e308) gives
            // NaN or inf, which must not reach int.
            const double at = (v - lo) / width;
            const int b = at >= 0 ? int(std::min(at, double(buckets - 1))) : 0;
            g.counts[std::size_t(b) * nt + columnOf(g.timestampsMs, s->timestampsMs[i])] += 1;
        }
    }
    finish(g);
    return g;
}

HeatmapGrid build(const std::vector<PanelSeries> &series)
{
    const bool histogram = std::any_of(series.begin(), series.end(),
                                       [](const PanelSeries &s) { return s.labels.contains(leLabel); });
    return histogram ? fromHistogram(series) : fromValues(series);
}

} // namespace HeatmapBuckets
