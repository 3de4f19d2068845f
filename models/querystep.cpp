#include "querystep.h"

#include <algorithm>
#include <cmath>

double roundInterval(double s)
{
    // Each nice interval wins up to the midpoint between it and the next one.
    static const double nice[] = {0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30,
                                  60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800,
                                  21600, 43200, 86400, 604800, 2592000, 31536000};
    constexpr int n = int(sizeof(nice) / sizeof(nice[0]));
    if (!(s > 0))
        return nice[0];
    for (int i = 0; i + 1 < n; ++i) {
        if (s <= (nice[i] + nice[i + 1]) / 2)
            return nice[i];
    }
    return nice[n - 1];
}

double chooseStep(double rangeSeconds, int widthPx, double minStepSeconds)
{
    const int width = std::max(widthPx, 1);
    const double range = std::max(rangeSeconds, 0.001);
    double step = std::max(roundInterval(range / width), minStepSeconds);
    const double safe = std::ceil(range / kMaxPointsPerSeries);
    return std::max(step, safe);
}
