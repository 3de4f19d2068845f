#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

/// Memory kept for speed while work goes on - buffers recycled from one decode or
/// paint to the next - is handed back once the application has been idle for a
/// while (kIdleMs without use), together with what the allocator keeps of freed
/// memory (malloc_trim). A dashboard left open all day then holds its data and what
/// it shows, not the high-water mark of its last refresh.
namespace IdleReclaim {

constexpr int kIdleMs = 1500;

/// Registers a function that frees a cache. Called on the application's thread; it
/// must be safe against users on other threads (the caches have their own locks).
void add(std::function<void()> release);

/// A cache was used: the idle countdown starts again. Any thread; cheap.
void touch();

/// Frees the caches and trims the heap now. The application's thread.
void reclaimNow();

/// How many times the caches were freed (tests).
int reclaimCount();

/// Sets the allocator up for a long-running console: the application calls it first
/// thing, before any thread starts (see the definition for what and why).
void configureAllocator();

/// Objects recycled from one use to the next on any thread - a decode's scratch, a
/// paint's point buffers - so that work writes into memory already touched: at most
/// `keep` are kept, and those go when the application is idle (see above).
template <typename T>
class RecyclePool
{
public:
    explicit RecyclePool(std::size_t keep) : m_keep(keep)
    {
        add([this] {
            std::vector<T> gone; // freed after the lock is let go
            std::lock_guard<std::mutex> lock(m_mutex);
            gone.swap(m_kept);
        });
    }
    RecyclePool(const RecyclePool &) = delete;
    RecyclePool &operator=(const RecyclePool &) = delete;

    /// A kept object, or a default-constructed one when none is kept.
    T take()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_kept.empty())
            return T();
        T t = std::move(m_kept.back());
        m_kept.pop_back();
        return t;
    }
    /// Keeps `t` for a later take() (dropped when `keep` are kept already); the idle
    /// countdown starts again.
    void give(T &&t)
    {
        touch();
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_kept.size() < m_keep)
            m_kept.push_back(std::move(t));
    }

private:
    std::mutex m_mutex;
    std::vector<T> m_kept;
    const std::size_t m_keep;
};

} // namespace IdleReclaim
