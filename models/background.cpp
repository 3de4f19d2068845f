#include "background.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

void yieldToUiThread()
{
#ifdef Q_OS_LINUX
    // Nice is per thread on Linux: setpriority on the thread's id lowers this pool
    // thread only. Done once per thread; a failure leaves it as it was.
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
        const int current = ::getpriority(PRIO_PROCESS, tid);
        if (current < 10)
            ::setpriority(PRIO_PROCESS, tid, 10);
    }
#endif
}

void waitForWorkers();

QThreadPool &workerPool()
{
    static QThreadPool pool;
    static const bool registered = [] {
        // As Qt does for its global pool: the application object outlives the work
        // (answers are posted to it), so it waits for the work when it goes.
        if (QCoreApplication::instance())
            qAddPostRoutine(waitForWorkers);
        return true;
    }();
    Q_UNUSED(registered);
    return pool;
}

void waitForWorkers()
{
    workerPool().waitForDone();
}

/// Threads inherit their creator's priority: the global pool's threads - the raster
/// engine's helpers - are started here from the UI thread and never expire, so a
/// worker that paints (and so starts the global pool) cannot create them at nice 10.
void keepGlobalPoolAtUiPriority()
{
    static bool done = false;
    QCoreApplication *app = QCoreApplication::instance();
    if (done || !app || QThread::currentThread() != app->thread())
        return;
    done = true;
    QThreadPool *global = QThreadPool::globalInstance();
    global->setExpiryTimeout(-1);
    const int threads = global->maxThreadCount();
    QSemaphore started, go;
    for (int i = 0; i < threads; ++i)
        global->start([&started, &go] {
            started.release();
            go.acquire();
        });
    // Each task holds its thread until all have one: one thread per task.
    started.acquire(threads);
    go.release(threads);
    global->waitForDone(); // the semaphores live on this stack
}

} // namespace

void runInBackground(std::function<void()> work)
{
    keepGlobalPoolAtUiPriority();
    workerPool().start([work = std::move(work)] {
        yieldToUiThread();
        work();
    });
}
