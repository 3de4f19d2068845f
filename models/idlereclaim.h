#pragma once

#include <functional>

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

} // namespace IdleReclaim
