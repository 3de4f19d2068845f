#pragma once

#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <vector>

/// The storage under one or more Columns: a reference-counted block of doubles.
/// Blocks of 256 KB and more are mapped on their own (their pages go back to the
/// system when the last column lets go, whatever else the heap holds), and blocks of
/// 2 MB and more ask for transparent huge pages: a decoded answer of several MB then
/// lands on a handful of pages instead of thousands of 4 KB first-touch faults.
struct ColumnBlock;

/// A run of doubles (a series' timestamps or values) in a shared block. Copying a
/// Column shares the block; writing through push_back(), set() or the like first
/// makes the column the block's only user (copy on write). Reading is const only,
/// so reading never copies. Several columns may be slices of one block: a decoder
/// puts all the series of an answer into one allocation, and series with the same
/// timestamps share one timestamp column.
class Column
{
public:
    using value_type = double;
    using size_type = std::size_t;
    using const_iterator = const double *;
    using iterator = const double *;
    using const_reverse_iterator = std::reverse_iterator<const double *>;

    Column() noexcept = default;
    Column(std::initializer_list<double> values);
    Column(const std::vector<double> &values); // NOLINT: implicit, a copy
    template <typename It>
    Column(It first, It last)
    {
        reserve(std::size_t(std::distance(first, last)));
        for (; first != last; ++first)
            push_back(double(*first));
    }
    Column(const Column &other) noexcept;
    Column(Column &&other) noexcept;
    Column &operator=(const Column &other) noexcept;
    Column &operator=(Column &&other) noexcept;
    Column &operator=(std::initializer_list<double> values);
    ~Column();

    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    const double *data() const noexcept { return m_data; }
    double operator[](std::size_t i) const noexcept { return m_data[i]; }
    double front() const noexcept { return m_data[0]; }
    double back() const noexcept { return m_data[m_size - 1]; }
    const double *begin() const noexcept { return m_data; }
    const double *end() const noexcept { return m_data + m_size; }
    const double *cbegin() const noexcept { return m_data; }
    const double *cend() const noexcept { return m_data + m_size; }
    const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }
    std::vector<double> toVector() const { return std::vector<double>(begin(), end()); }

    void push_back(double v);
    void reserve(std::size_t n);
    void resize(std::size_t n, double fill = 0.0);
    void clear() noexcept;
    void set(std::size_t i, double v);
    /// Writable samples (the column becomes their only user first).
    double *mutableData();
    template <typename It>
    void assign(It first, It last)
    {
        *this = Column(first, last);
    }
    void assign(std::size_t n, double v)
    {
        clear();
        resize(n, v);
    }
    void erase(const double *first, const double *last);
    /// Frees capacity beyond size() (a copy when the block is shared or larger).
    void shrink_to_fit();

    /// True when both columns are slices of the same samples (no comparison).
    bool sharesWith(const Column &other) const noexcept
    {
        return m_data == other.m_data && m_size == other.m_size;
    }
    /// The block this column keeps alive and its size (for memory accounting:
    /// several columns may name the same block).
    const void *blockId() const noexcept { return m_block; }
    std::size_t blockBytes() const noexcept;

private:
    friend class ColumnBuffer;
    Column(ColumnBlock *block, double *data, std::size_t size) noexcept;
    bool writable(std::size_t needed) const noexcept;
    void reallocate(std::size_t capacity);

    ColumnBlock *m_block = nullptr;
    double *m_data = nullptr;
    std::size_t m_size = 0;
};

bool operator==(const Column &a, const Column &b);
bool operator==(const Column &a, const std::vector<double> &b);
inline bool operator!=(const Column &a, const Column &b)
{
    return !(a == b);
}

/// One allocation to be cut into columns: a decoder fills it and hands out slices.
class ColumnBuffer
{
public:
    explicit ColumnBuffer(std::size_t size);
    ColumnBuffer(const ColumnBuffer &) = delete;
    ColumnBuffer &operator=(const ColumnBuffer &) = delete;
    ~ColumnBuffer();

    double *data() noexcept { return m_data; }
    std::size_t size() const noexcept { return m_size; }
    /// Samples [offset, offset + count) as a column sharing this buffer's block.
    Column slice(std::size_t offset, std::size_t count) const noexcept;

private:
    ColumnBlock *m_block = nullptr;
    double *m_data = nullptr;
    std::size_t m_size = 0;
};

/// A read-only view of samples: what functions over a series take, so that a Column
/// and a std::vector<double> of derived values both fit.
class DoubleSpan
{
public:
    DoubleSpan() noexcept = default;
    DoubleSpan(const double *data, std::size_t size) noexcept : m_data(data), m_size(size) { }
    DoubleSpan(const std::vector<double> &v) noexcept : m_data(v.data()), m_size(v.size()) { } // NOLINT
    DoubleSpan(const Column &c) noexcept : m_data(c.data()), m_size(c.size()) { } // NOLINT

    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    const double *data() const noexcept { return m_data; }
    double operator[](std::size_t i) const noexcept { return m_data[i]; }
    double front() const noexcept { return m_data[0]; }
    double back() const noexcept { return m_data[m_size - 1]; }
    const double *begin() const noexcept { return m_data; }
    const double *end() const noexcept { return m_data + m_size; }
    const double *cbegin() const noexcept { return m_data; }
    const double *cend() const noexcept { return m_data + m_size; }
    std::reverse_iterator<const double *> rbegin() const noexcept { return std::reverse_iterator<const double *>(end()); }
    std::reverse_iterator<const double *> rend() const noexcept { return std::reverse_iterator<const double *>(begin()); }

private:
    const double *m_data = nullptr;
    std::size_t m_size = 0;
};
