#include "axisticks.h"

#include <algorithm>
#include <cmath>

std::vector<double> niceTicks(double min, double max, int targetCount)
{
    if (!std::isfinite(min) || !std::isfinite(max))
        return {0.0, 1.0};
    if (min > max)
        std::swap(min, max);
    if (max - min < 1e-300) {
        const double pad = min == 0 ? 1.0 : std::fabs(min) * 0.1;
        min -= pad;
        max += pad;
    }
    targetCount = std::clamp(targetCount, 2, 50);
    const double raw = (max - min) / targetCount;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag * 10;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= m * mag) {
            step = m * mag;
            break;
        }
    }
    const double first = std::floor(min / step) * step;
    const double last = std::ceil(max / step) * step;
    std::vector<double> ticks;
    const int count = int(std::llround((last - first) / step));
    ticks.reserve(size_t(count) + 1);
    for (int i = 0; i <= count && i <= 1000; ++i) {
        double v = first + i * step;
        if (std::fabs(v) < step * 1e-9)
            v = 0;
        ticks.push_back(v);
    }
    return ticks;
}
