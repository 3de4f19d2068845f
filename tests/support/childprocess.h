#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
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

/// Runs `program` to its end (at most 60 s, then killed) with XDG_CONFIG_HOME set to
/// `configHome` (the user's settings stay out of the test); `out` gets stdout then
/// stderr. Returns the exit code, -1 for a crash or a timeout.
inline int runToEnd(const QString &program, const QStringList &args, const QString &configHome, QByteArray *out)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        return -1;
    }
    *out = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}
