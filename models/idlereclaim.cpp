#include "idlereclaim.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <malloc.h>
#include <mutex>
#include <vector>

namespace IdleReclaim {
namespace {

struct State
{
    std::mutex mutex;
    std::vector<std::function<void()>> releases;
    QElapsedTimer clock;
    std::atomic<qint64> lastUseMs{0};
    std::atomic<bool> armed{false};
    std::atomic<int> count{0};
    State() { clock.start(); }
};

State &state()
{
    static State s;
    return s;
}

void arm(int ms);

void expire()
{
    State &s = state();
    const qint64 idle = s.clock.elapsed() - s.lastUseMs.load(std::memory_order_relaxed);
    if (idle < kIdleMs) {
        arm(int(kIdleMs - idle));
        return;
    }
    s.armed.store(false);
    reclaimNow();
}

// On the application's thread.
void arm(int ms)
{
    QTimer::singleShot(ms, QCoreApplication::instance(), &expire);
}

} // namespace

void add(std::function<void()> release)
{
    State &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.releases.push_back(std::move(release));
}

void touch()
{
    State &s = state();
    s.lastUseMs.store(s.clock.elapsed(), std::memory_order_relaxed);
    if (s.armed.load(std::memory_order_relaxed) || s.armed.exchange(true))
        return;
    QCoreApplication *app = QCoreApplication::instance();
    if (!app) {
        s.armed.store(false);
        return;
    }
    if (QThread::currentThread() == app->thread())
        arm(kIdleMs);
    else
        QMetaObject::invokeMethod(app, [] { arm(kIdleMs); }, Qt::QueuedConnection);
}

void reclaimNow()
{
    State &s = state();
    std::vector<std::function<void()>> releases;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        releases = s.releases;
    }
    for (const auto &release : releases)
        release();
    malloc_trim(0);
    s.count.fetch_add(1);
}

int reclaimCount()
{
    return state().count.load();
}

void configureAllocator()
{
    // One heap for all threads. glibc gives threads that meet in malloc heaps of their
    // own (up to eight per core), and what the pool threads free while decoding stays
    // in theirs, in pieces no trim returns; with one heap it is reused by the next
    // allocation of any thread. Measured by bench_dashboard on 2 cores: about 2 bytes
    // per stored point less once idle, refreshes as fast.
    mallopt(M_ARENA_MAX, 1);
}
} // namespace IdleReclaim
