#pragma once

#include <functional>

/// Runs `work` on Dozor's own worker pool, on a thread that yields to the UI thread.
///
/// Not on QThreadPool::globalInstance(): Qt's raster engine splits the UI thread's
/// larger fills into pieces on that pool and waits for them, so a decode queued there
/// would hold up every paint of the window behind it (UI-thread stalls of 100 ms and
/// more while a dashboard loads, with the UI thread itself idle). The worker pool's
/// threads run at nice 10 on Linux, so decoding a burst of answers leaves the cores
/// to the UI thread and to the global pool's threads, which stay at the UI thread's
/// priority (the first call from the UI thread starts them there and keeps them).
void runInBackground(std::function<void()> work);
