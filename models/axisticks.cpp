#include "axisticks.h"

#include <algorithm>
#include <cmath>
#include <limits>

std::vector<double> niceTicks(double min, double max, int targetCount)
{
    if (!std::isfinite(min) || !std::isfinite(max))
        return {0.0, 1.0};
    if (min > max)
        std::swap(min, max);
    if (max - min < 1e-300) {
        // Denormal data would give a zero step (10^-324 underflows): pad to a
        // range whose step is a normal number.
        const double pad = min == 0 ? 1.0 : std::max(std::fabs(min) * 0.1, 1e-290);
        min -= pad;
        max += pad;
    }
    targetCount = std::clamp(targetCount, 2, 50);
    // Divided before subtracting: max - min overflows for ranges such as ±1e308.
    const double raw = max / targetCount - min / targetCount;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag * 10;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= m * mag) {
            step = m * mag;
            break;
        }
    }
    // Tick k is k * step. The quotients carry rounding error (0.3 / 0.1 is
    // 2.9999999999999996), so ends within that error of a tick snap to it rather
    // than adding an empty step.
    auto tolerance = [](double q) { return std::max(1e-9, std::fabs(q) * 1e-15); };
    const double qMin = min / step;
    const double qMax = max / step;
    const double kFirst = std::floor(qMin + tolerance(qMin));
    const double kLast = std::ceil(qMax - tolerance(qMax));
    if (!std::isfinite(kLast - kFirst))
        return {min, max}; // no finite step fits; never hand a NaN to the count below
    const int count = int(std::clamp(kLast - kFirst, 1.0, 1000.0));
    std::vector<double> ticks;
    ticks.reserve(size_t(count) + 1);
    for (int i = 0; i <= count; ++i) {
        const double k = kFirst + i;
        double v = k * step;
        if (k == 0)
            v = 0;
        else if (i == 0 && v > min)
            v = min; // within rounding of the data's minimum
        else if (i == count && v < max)
            v = max;
        if (std::isfinite(v)) // the last rounded tick can exceed DBL_MAX
            ticks.push_back(v);
    }
    return ticks;
}
