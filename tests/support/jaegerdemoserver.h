#pragma once

#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

/// The demo's stand-in for a Jaeger query service (scripts/jaeger_api.py) for tests: started
/// on a free loopback port, ready once /api/services (v1) or /api/v3/services answers, stopped
/// by pid when this object dies - and killed by the kernel if the test process itself dies.
/// Its traces are a pure function of the seed and the time (see the script's docstring).
class JaegerDemoServer
{
public:
    enum class Api { V1, V3, Both };

    explicit JaegerDemoServer(Api api = Api::Both, int seed = 7);
    ~JaegerDemoServer();
    JaegerDemoServer(const JaegerDemoServer &) = delete;
    JaegerDemoServer &operator=(const JaegerDemoServer &) = delete;

    /// False with `error` set when python3 is missing or the server does not answer
    /// within 30 s.
    bool start(QString *error);
    void stop();

    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }

private:
    Api m_api;
    int m_seed;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
};
