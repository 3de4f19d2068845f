#include "column.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

struct ColumnBlock
{
    std::atomic<std::size_t> ref;
    std::size_t capacity;    // doubles after the header
    std::size_t mappedBytes; // 0: from malloc; else the length to munmap
    std::size_t reserved;    // keeps the samples 16-byte aligned

    double *samples() noexcept { return reinterpret_cast<double *>(this + 1); }
};
static_assert(sizeof(ColumnBlock) % alignof(double) == 0);

namespace {

constexpr std::size_t kMapThreshold = 256 * 1024;
constexpr std::size_t kHugePage = 2 * 1024 * 1024;
constexpr std::size_t kPage = 4096;

std::size_t roundUp(std::size_t n, std::size_t to)
{
    return (n + to - 1) / to * to;
}

// A mapping of at least `bytes`, 2 MB aligned (and asking for huge pages) when it
// is that large; null when the system refuses.
void *mapBlock(std::size_t bytes, std::size_t &mapped)
{
    if (bytes >= kHugePage) {
        mapped = roundUp(bytes, kHugePage);
        const std::size_t span = mapped + kHugePage;
        void *p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return nullptr;
        const auto base = reinterpret_cast<std::uintptr_t>(p);
        const std::uintptr_t aligned = roundUp(base, kHugePage);
        if (aligned > base)
            munmap(p, aligned - base);
        const std::uintptr_t tail = aligned + mapped;
        if (base + span > tail)
            munmap(reinterpret_cast<void *>(tail), base + span - tail);
#ifdef MADV_HUGEPAGE
        madvise(reinterpret_cast<void *>(aligned), mapped, MADV_HUGEPAGE);
#endif
        return reinterpret_cast<void *>(aligned);
    }
    mapped = roundUp(bytes, kPage);
    void *p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
}

ColumnBlock *allocateBlock(std::size_t capacity)
{
    const std::size_t bytes = sizeof(ColumnBlock) + capacity * sizeof(double);
    if (capacity > (std::size_t(-1) - sizeof(ColumnBlock)) / sizeof(double))
        throw std::bad_alloc();
    void *p = nullptr;
    std::size_t mapped = 0;
    if (bytes >= kMapThreshold)
        p = mapBlock(bytes, mapped);
    if (!p) {
        mapped = 0;
        p = std::malloc(bytes);
        if (!p)
            throw std::bad_alloc();
    }
    auto *block = static_cast<ColumnBlock *>(p);
    block->ref.store(1, std::memory_order_relaxed);
    // A mapping's slack is capacity too.
    block->capacity = mapped ? (mapped - sizeof(ColumnBlock)) / sizeof(double) : capacity;
    block->mappedBytes = mapped;
    block->reserved = 0;
    return block;
}

void retain(ColumnBlock *block) noexcept
{
    if (block)
        block->ref.fetch_add(1, std::memory_order_relaxed);
}

void release(ColumnBlock *block) noexcept
{
    if (!block || block->ref.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    if (block->mappedBytes)
        munmap(block, block->mappedBytes);
    else
        std::free(block);
}

} // namespace

Column::Column(ColumnBlock *block, double *data, std::size_t size) noexcept
    : m_block(block), m_data(data), m_size(size)
{
}

Column::Column(std::initializer_list<double> values)
{
    reserve(values.size());
    std::copy(values.begin(), values.end(), m_data);
    m_size = values.size();
}

Column::Column(const std::vector<double> &values)
{
    if (values.empty())
        return;
    reserve(values.size());
    std::memcpy(m_data, values.data(), values.size() * sizeof(double));
    m_size = values.size();
}

Column::Column(const Column &other) noexcept : m_block(other.m_block), m_data(other.m_data), m_size(other.m_size)
{
    retain(m_block);
}

Column::Column(Column &&other) noexcept : m_block(other.m_block), m_data(other.m_data), m_size(other.m_size)
{
    other.m_block = nullptr;
    other.m_data = nullptr;
    other.m_size = 0;
}

Column &Column::operator=(const Column &other) noexcept
{
    if (this != &other) {
        retain(other.m_block);
        release(m_block);
        m_block = other.m_block;
        m_data = other.m_data;
        m_size = other.m_size;
    }
    return *this;
}

Column &Column::operator=(Column &&other) noexcept
{
    if (this != &other) {
        release(m_block);
        m_block = other.m_block;
        m_data = other.m_data;
        m_size = other.m_size;
        other.m_block = nullptr;
        other.m_data = nullptr;
        other.m_size = 0;
    }
    return *this;
}

Column &Column::operator=(std::initializer_list<double> values)
{
    *this = Column(values);
    return *this;
}

Column::~Column()
{
    release(m_block);
}

bool Column::writable(std::size_t needed) const noexcept
{
    return m_block && m_block->ref.load(std::memory_order_acquire) == 1 &&
           std::size_t(m_block->samples() + m_block->capacity - m_data) >= needed;
}

void Column::reallocate(std::size_t capacity)
{
    ColumnBlock *block = allocateBlock(std::max(capacity, m_size));
    if (m_size)
        std::memcpy(block->samples(), m_data, m_size * sizeof(double));
    release(m_block);
    m_block = block;
    m_data = block->samples();
}

void Column::push_back(double v)
{
    if (!writable(m_size + 1))
        reallocate(std::max<std::size_t>(8, m_size + m_size / 2 + 1));
    m_data[m_size++] = v;
}

void Column::reserve(std::size_t n)
{
    if (n > m_size && !writable(n))
        reallocate(n);
}

void Column::resize(std::size_t n, double fill)
{
    if (n > m_size) {
        reserve(n);
        std::fill(m_data + m_size, m_data + n, fill);
    }
    m_size = n;
    if (n == 0)
        clear();
}

void Column::clear() noexcept
{
    release(m_block);
    m_block = nullptr;
    m_data = nullptr;
    m_size = 0;
}

double *Column::mutableData()
{
    if (m_size && !writable(m_size))
        reallocate(m_size);
    return m_data;
}

void Column::set(std::size_t i, double v)
{
    mutableData()[i] = v;
}

void Column::erase(const double *first, const double *last)
{
    const std::size_t from = std::size_t(first - m_data), to = std::size_t(last - m_data);
    if (from >= to)
        return;
    double *d = mutableData();
    std::memmove(d + from, d + to, (m_size - to) * sizeof(double));
    m_size -= to - from;
}

void Column::shrink_to_fit()
{
    if (m_block && m_block->ref.load(std::memory_order_acquire) == 1 &&
        (m_block->capacity - m_size) * sizeof(double) > kPage) {
        if (m_size)
            reallocate(m_size);
        else
            clear();
    }
}

std::size_t Column::blockBytes() const noexcept
{
    if (!m_block)
        return 0;
    return m_block->mappedBytes ? m_block->mappedBytes : sizeof(ColumnBlock) + m_block->capacity * sizeof(double);
}

bool operator==(const Column &a, const Column &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool operator==(const Column &a, const std::vector<double> &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

ColumnBuffer::ColumnBuffer(std::size_t size) : m_size(size)
{
    if (size) {
        m_block = allocateBlock(size);
        m_data = m_block->samples();
    }
}

ColumnBuffer::~ColumnBuffer()
{
    release(m_block);
}

Column ColumnBuffer::slice(std::size_t offset, std::size_t count) const noexcept
{
    if (!count)
        return Column();
    retain(m_block);
    return Column(m_block, m_data + offset, count);
}
