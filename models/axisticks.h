#pragma once

#include <vector>

/// Evenly spaced "nice" tick values (1, 2, 2.5 or 5 times a power of ten) covering
/// [min, max] with about `targetCount` ticks. The first tick is <= min and the
/// last >= max, so the ticks can serve as the axis range.
std::vector<double> niceTicks(double min, double max, int targetCount);
