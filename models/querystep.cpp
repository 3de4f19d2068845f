#include "querystep.h"

#include <algorithm>
#include <cmath>

double roundInterval(double s)
{
    // Grafana's table: an interval below `below` seconds rounds to `nice`.
    struct Rule
    {
        double below;
        double nice;
    };
    static const Rule rules[] = {
        {0.015, 0.01}, {0.035, 0.02}, {0.075, 0.05}, {0.15, 0.1}, {0.35, 0.2}, {0.75, 0.5},
        {1.5, 1}, {3.5, 2}, {7.5, 5}, {12.5, 10}, {17.5, 15}, {25, 20}, {45, 30}, {90, 60},
        {210, 120}, {450, 300}, {750, 600}, {1050, 900}, {1500, 1200}, {2700, 1800},
        {5400, 3600}, {9000, 7200}, {16200, 10800}, {32400, 21600}, {86400, 43200},
        {604800, 86400}, {1814400, 604800}, {3628800, 2592000}};
    if (!(s > 0))
        return rules[0].nice;
    for (const Rule &r : rules)
        if (s < r.below)
            return r.nice;
    return 31536000; // 1y
}

double chooseStep(double rangeSeconds, int widthPx, double minStepSeconds)
{
    const int width = std::max(widthPx, 1);
    const double range = std::max(rangeSeconds, 0.001);
    double step = std::max(roundInterval(range / width), minStepSeconds);
    const double safe = std::ceil(range / kMaxPointsPerSeries);
    return std::max(step, safe);
}
