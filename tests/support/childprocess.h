#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

#include <csignal>
#include <sys/prctl.h>

/// A child process for one test (a simulator, a server started by hand), its output
/// in `logFile`, killed by pid when this dies - and by the kernel if the test process
/// dies first.
struct ChildProcess
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    ChildProcess(const QString &program, const QStringList &args, const QString &logFile)
    {
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->setStandardOutputFile(logFile);
        process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process->start(program, args);
    }
    ~ChildProcess()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;
};
