#include "background.h"

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

} // namespace

void runInBackground(std::function<void()> work)
{
    QThreadPool::globalInstance()->start([work = std::move(work)] {
        yieldToUiThread();
        work();
    });
}
