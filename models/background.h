#pragma once

#include <functional>

/// Runs `work` on the application's thread pool, on a thread that yields to the UI
/// thread: decoding a burst of answers must not take the cores the UI thread needs to
/// paint the first of them (on two cores, two decoders at the same priority as the
/// UI thread stretch a 1 ms paint to 50 ms of wall time). On Linux the pool's threads
/// run at nice 10; elsewhere this is QThreadPool::start.
void runInBackground(std::function<void()> work);
