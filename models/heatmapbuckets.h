#pragma once

#include "dashboardqueries.h"

#include <QStringList>

#include <vector>

/// A heatmap: time columns by value buckets, a count per cell.
struct HeatmapGrid
{
    /// Column times (ascending, milliseconds).
    std::vector<double> timestampsMs;
    /// Bucket bounds, ascending; the last upper bound may be +infinity.
    std::vector<double> lowerBounds;
    std::vector<double> upperBounds;
    /// Per bucket, as written in the data ("0.25", "+Inf"), or a formatted range.
    QStringList bucketLabels;
    /// Row-major by bucket: counts[bucket * timeCount() + column]; NaN = no sample.
    std::vector<double> counts;
    double maxCount = 0;

    int bucketCount() const { return int(upperBounds.size()); }
    int timeCount() const { return int(timestampsMs.size()); }
    double count(int bucket, int column) const
    {
        return counts[std::size_t(bucket) * timestampsMs.size() + std::size_t(column)];
    }
    bool isEmpty() const { return upperBounds.empty() || timestampsMs.empty(); }
};

/// Turns panel series into a heatmap grid, as Grafana's heatmap does with
/// Prometheus data.
namespace HeatmapBuckets {

/// Prometheus histogram buckets (series with an `le` label, cumulative): buckets
/// sorted by `le` (+Inf last; series with the same `le` summed), then per time the
/// count of bucket i is cumulative[i] - cumulative[i-1], clamped at 0 (buckets
/// scraped or rated a moment apart can cross). Values are otherwise taken as they
/// are (counters or rates): no difference is taken over time.
HeatmapGrid fromHistogram(const std::vector<PanelSeries> &series);

/// Plain series: per time, how many series fall in each of `buckets` equal value
/// ranges between the smallest and largest value.
HeatmapGrid fromValues(const std::vector<PanelSeries> &series, int buckets = 10);

/// fromHistogram when any series has an `le` label, else fromValues.
HeatmapGrid build(const std::vector<PanelSeries> &series);

} // namespace HeatmapBuckets
