#pragma once

#include <QByteArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

/// A real VictoriaMetrics single-node server (Debian's `victoria-metrics`) on a free
/// loopback port with its storage in a temporary directory, stopped by pid when this
/// object dies (and killed by the kernel if the test process dies). It serves the
/// Prometheus query API at its root.
class VictoriaMetricsServer
{
public:
    VictoriaMetricsServer() = default;
    ~VictoriaMetricsServer();
    VictoriaMetricsServer(const VictoriaMetricsServer &) = delete;
    VictoriaMetricsServer &operator=(const VictoriaMetricsServer &) = delete;

    bool start(QString *error);
    void stop();
    /// Imports samples in the Prometheus text format with millisecond timestamps
    /// (`name{label="v"} value 1700000000000` a line) through
    /// /api/v1/import/prometheus, then flushes them so queries see them at once.
    bool importPrometheusText(const QByteArray &text, QString *error);

    QUrl url() const { return m_url; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
};
