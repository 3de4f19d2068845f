#pragma once

#include "column.h"

#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>

/// A series' values: doubles, or - where that loses nothing - 4-byte integers m
/// standing for m / 10^scale. Prometheus prints a sample as the shortest decimal that
/// reads back as its double, so gauges with a few decimals, integer counters and
/// their sums come as short decimals: those series keep half the memory. Reading
/// gives exactly the double the decoder read (an integer over a power of ten is
/// rounded once, as reading the decimal is; the decoder checks every value).
/// Copies share the samples; a write first turns the column into doubles.
class ValueColumn
{
public:
    /// The integer standing for NaN (Prometheus's "NaN": a gap in a series).
    static constexpr std::int32_t kNaNCode = std::numeric_limits<std::int32_t>::min();
    /// At most this many digits after the decimal point.
    static constexpr int kMaxScale = 9;

    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = double;
        using difference_type = std::ptrdiff_t;
        using pointer = const double *;
        using reference = double;

        const_iterator() = default;
        const_iterator(const ValueColumn *c, std::size_t i) : m_c(c), m_i(difference_type(i)) { }
        std::size_t index() const { return std::size_t(m_i); }
        double operator*() const { return (*m_c)[std::size_t(m_i)]; }
        double operator[](difference_type k) const { return (*m_c)[std::size_t(m_i + k)]; }
        const_iterator &operator++() { ++m_i; return *this; }
        const_iterator operator++(int) { const_iterator t = *this; ++m_i; return t; }
        const_iterator &operator--() { --m_i; return *this; }
        const_iterator operator--(int) { const_iterator t = *this; --m_i; return t; }
        const_iterator &operator+=(difference_type k) { m_i += k; return *this; }
        const_iterator &operator-=(difference_type k) { m_i -= k; return *this; }
        friend const_iterator operator+(const_iterator a, difference_type k) { return a += k; }
        friend const_iterator operator+(difference_type k, const_iterator a) { return a += k; }
        friend const_iterator operator-(const_iterator a, difference_type k) { return a -= k; }
        friend difference_type operator-(const_iterator a, const_iterator b) { return a.m_i - b.m_i; }
        friend bool operator==(const_iterator a, const_iterator b) { return a.m_i == b.m_i; }
        friend bool operator!=(const_iterator a, const_iterator b) { return a.m_i != b.m_i; }
        friend bool operator<(const_iterator a, const_iterator b) { return a.m_i < b.m_i; }
        friend bool operator>(const_iterator a, const_iterator b) { return a.m_i > b.m_i; }
        friend bool operator<=(const_iterator a, const_iterator b) { return a.m_i <= b.m_i; }
        friend bool operator>=(const_iterator a, const_iterator b) { return a.m_i >= b.m_i; }

    private:
        const ValueColumn *m_c = nullptr;
        difference_type m_i = 0;
    };
    using value_type = double;
    using size_type = std::size_t;
    using iterator = const_iterator;

    ValueColumn() noexcept = default;
    ValueColumn(const Column &doubles) noexcept : m_doubles(doubles), m_size(doubles.size()) { } // NOLINT
    ValueColumn(Column &&doubles) noexcept : m_size(doubles.size()) { m_doubles = std::move(doubles); } // NOLINT
    ValueColumn(std::initializer_list<double> values) : ValueColumn(Column(values)) { }
    ValueColumn(const std::vector<double> &values) : ValueColumn(Column(values)) { } // NOLINT
    template <typename It>
    ValueColumn(It first, It last) : ValueColumn(Column(first, last))
    {
    }
    ValueColumn(const ValueColumn &other) noexcept = default;
    ValueColumn &operator=(const ValueColumn &other) noexcept = default;
    /// A moved-from column is empty (its integers went with the block).
    ValueColumn(ValueColumn &&other) noexcept
        : m_doubles(std::move(other.m_doubles)), m_store(std::move(other.m_store)), m_ints(other.m_ints),
          m_divisor(other.m_divisor), m_size(other.m_size)
    {
        other.m_ints = nullptr;
        other.m_divisor = 1;
        other.m_size = 0;
    }
    ValueColumn &operator=(ValueColumn &&other) noexcept
    {
        if (this != &other) {
            m_doubles = std::move(other.m_doubles);
            m_store = std::move(other.m_store);
            m_ints = std::exchange(other.m_ints, nullptr);
            m_divisor = std::exchange(other.m_divisor, 1.0);
            m_size = std::exchange(other.m_size, 0);
        }
        return *this;
    }
    ValueColumn &operator=(std::initializer_list<double> values) { return *this = ValueColumn(values); }

    /// `count` integers at the start of `store` (which holds them two to a double),
    /// standing for m / 10^scale each.
    static ValueColumn compact(const Column &store, std::size_t count, int scale) noexcept;
    /// The scale (0..kMaxScale) at which every value of v[0, n) is such an integer,
    /// or -1 when some value is not (too many digits, too large, infinite, -0).
    static int compactScale(const double *v, std::size_t n) noexcept;
    /// Writes v[0, n) as integers at `scale` (one compactScale accepted).
    static void writeCompact(const double *v, std::size_t n, int scale, std::int32_t *out) noexcept;

    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    bool isCompact() const noexcept { return m_ints != nullptr; }
    double operator[](std::size_t i) const noexcept
    {
        return m_ints ? decode(m_ints[i]) : m_doubles.data()[i];
    }
    double front() const noexcept { return (*this)[0]; }
    double back() const noexcept { return (*this)[m_size - 1]; }
    const_iterator begin() const noexcept { return const_iterator(this, 0); }
    const_iterator end() const noexcept { return const_iterator(this, m_size); }
    const_iterator cbegin() const noexcept { return begin(); }
    const_iterator cend() const noexcept { return end(); }

    /// The doubles when not compact; null when compact.
    const double *doubleData() const noexcept { return m_ints ? nullptr : m_doubles.data(); }
    /// The integers when compact; null otherwise. Each stands for decode(m).
    const std::int32_t *compactData() const noexcept { return m_ints; }
    double divisor() const noexcept { return m_divisor; }
    double decode(std::int32_t m) const noexcept
    {
        return m == kNaNCode ? std::numeric_limits<double>::quiet_NaN() : double(m) / m_divisor;
    }

    /// The values as doubles: the same samples when not compact, else a copy.
    Column toColumn() const;
    std::vector<double> toVector() const { return std::vector<double>(begin(), end()); }

    // Writing makes the column doubles first (then as Column's).
    void push_back(double v) { expand().push_back(v); ++m_size; }
    void reserve(std::size_t n) { expand().reserve(n); }
    void resize(std::size_t n, double fill = 0.0) { expand().resize(n, fill); m_size = n; }
    void clear() noexcept;
    void set(std::size_t i, double v) { expand().set(i, v); }
    void assign(std::size_t n, double v) { *this = ValueColumn(std::vector<double>(n, v)); }
    void erase(const_iterator first, const_iterator last)
    {
        Column &d = expand();
        d.erase(d.data() + first.index(), d.data() + last.index());
        m_size = d.size();
    }
    double *mutableData() { return expand().mutableData(); }
    void shrink_to_fit() { if (!m_ints) m_doubles.shrink_to_fit(); }

    bool sharesWith(const ValueColumn &other) const noexcept;
    const void *blockId() const noexcept { return m_ints ? m_store.blockId() : m_doubles.blockId(); }
    std::size_t blockBytes() const noexcept { return m_ints ? m_store.blockBytes() : m_doubles.blockBytes(); }
    /// The bytes these values take (4 or 8 a value).
    std::size_t bytes() const noexcept { return m_size * (m_ints ? 4 : 8); }

private:
    Column &expand();

    Column m_doubles;
    Column m_store; // compact: the block holding m_ints
    const std::int32_t *m_ints = nullptr;
    double m_divisor = 1;
    std::size_t m_size = 0;
};

bool operator==(const ValueColumn &a, const ValueColumn &b);
bool operator==(const ValueColumn &a, const std::vector<double> &b);
bool operator==(const ValueColumn &a, const Column &b);
inline bool operator!=(const ValueColumn &a, const ValueColumn &b)
{
    return !(a == b);
}

/// Calls fn with the values as a DoubleSpan: the samples themselves, or a
/// temporary copy when they are compact (for reductions off the drawing path).
template <typename Fn>
decltype(auto) withDoubles(const ValueColumn &c, Fn &&fn)
{
    if (const double *d = c.doubleData())
        return fn(DoubleSpan(d, c.size()));
    const std::vector<double> v = c.toVector();
    return fn(DoubleSpan(v));
}
