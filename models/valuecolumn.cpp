#include "valuecolumn.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr double kPow10[ValueColumn::kMaxScale + 1] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                                       1e5, 1e6, 1e7, 1e8, 1e9};
// Integers beyond this are not kept (kNaNCode is the one below -kLimit).
constexpr double kLimit = double(std::numeric_limits<std::int32_t>::max());

// y rounded to the nearest integer, ties to even (as std::nearbyint in the default
// rounding mode, which at the baseline x86-64 ISA is a library call per value) for
// |y| < 2^51; larger y come back as large, which the range checks reject.
inline double roundNearest(double y) noexcept
{
    constexpr double kMagic = 6755399441055744.0; // 1.5 * 2^52
    return (y + kMagic) - kMagic;
}

// Whether v is an integer at `scale` that reads back as exactly v.
inline bool fits(double v, int scale) noexcept
{
    const double m = roundNearest(v * kPow10[scale]);
    return std::fabs(m) <= kLimit && m / kPow10[scale] == v && (m != 0 || !std::signbit(v));
}

} // namespace

ValueColumn ValueColumn::compact(const Column &store, std::size_t count, int scale) noexcept
{
    ValueColumn c;
    c.m_store = store;
    c.m_ints = reinterpret_cast<const std::int32_t *>(store.data());
    c.m_divisor = kPow10[std::clamp(scale, 0, kMaxScale)];
    c.m_size = count;
    return c;
}

int ValueColumn::compactScale(const double *v, std::size_t n) noexcept
{
    int scale = 0;
    double largest = 0; // of the values so far, in magnitude
    for (std::size_t i = 0; i < n; ++i) {
        const double x = v[i];
        if (std::isnan(x))
            continue;
        // Stays at the scale found so far, almost always; a value with more digits
        // moves it up. The earlier values stay exact at the higher scale (ten times
        // the integer, over ten times the power: the same quotient) but must still
        // fit in 32 bits.
        if (!fits(x, scale)) {
            do {
                if (++scale > kMaxScale || !std::isfinite(x))
                    return -1;
            } while (!fits(x, scale));
            if (largest * kPow10[scale] > kLimit)
                return -1;
        }
        largest = std::max(largest, std::fabs(x));
    }
    return scale;
}

void ValueColumn::writeCompact(const double *v, std::size_t n, int scale, std::int32_t *out) noexcept
{
    const double p = kPow10[std::clamp(scale, 0, kMaxScale)];
    for (std::size_t i = 0; i < n; ++i)
        out[i] = std::isnan(v[i]) ? kNaNCode : std::int32_t(roundNearest(v[i] * p));
}

Column ValueColumn::toColumn() const
{
    if (!m_ints)
        return m_doubles;
    Column c;
    c.resize(m_size);
    double *d = c.mutableData();
    for (std::size_t i = 0; i < m_size; ++i)
        d[i] = decode(m_ints[i]);
    return c;
}

Column &ValueColumn::expand()
{
    if (m_ints) {
        m_doubles = toColumn();
        m_store = Column();
        m_ints = nullptr;
        m_divisor = 1;
    }
    return m_doubles;
}

void ValueColumn::clear() noexcept
{
    m_doubles.clear();
    m_store = Column();
    m_ints = nullptr;
    m_divisor = 1;
    m_size = 0;
}

bool ValueColumn::sharesWith(const ValueColumn &other) const noexcept
{
    if (m_size != other.m_size || isCompact() != other.isCompact())
        return false;
    return m_ints ? m_ints == other.m_ints : m_doubles.sharesWith(other.m_doubles);
}

bool operator==(const ValueColumn &a, const ValueColumn &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool operator==(const ValueColumn &a, const std::vector<double> &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool operator==(const ValueColumn &a, const Column &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}
