#pragma once

#include <QDateTime>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

/// A real Prometheus server (Debian's `prometheus`) for integration tests: history
/// backfilled by the demo's simulator through `promtool tsdb create-blocks-from
/// openmetrics`, listening on a free loopback port, stopped by pid when this object
/// dies - and killed by the kernel if the test process itself dies.
class PrometheusServer
{
public:
    PrometheusServer();
    ~PrometheusServer();

    /// Backfills `hours` of history ending now and starts the server; false with
    /// `error` set when any step fails.
    bool start(int hours, QString *error);
    void stop();

    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    /// The span the backfilled history covers.
    QDateTime historyStart() const { return m_start; }
    QDateTime historyEnd() const { return m_end; }

    static quint16 freePort();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QDateTime m_start;
    QDateTime m_end;
};
