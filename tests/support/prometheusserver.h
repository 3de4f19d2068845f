#pragma once

#include <QDateTime>
#include <QProcess>
#include <QSslConfiguration>
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

    /// A rule file to load (YAML text), evaluated every `evaluationInterval`.
    void setRules(const QByteArray &yaml, const QString &evaluationInterval = QStringLiteral("1s"))
    {
        m_rules = yaml;
        m_evaluationInterval = evaluationInterval;
    }
    /// Where firing alerts are sent.
    void setAlertmanager(const QUrl &url) { m_alertmanager = url; }
    /// Makes Prometheus log every query it runs (one JSON object a line, with
    /// params.query as received) to this file: `global.query_log_file`.
    void setQueryLogFile(const QString &path) { m_queryLog = path; }
    /// Serves through `--web.config.file` with this YAML (tls_server_config,
    /// basic_auth_users, ...); with `tls` the URL is https. The readiness probe sends
    /// `probeAuthorization` as its Authorization header and uses `probeSsl` (a client
    /// certificate when the server requires one); it accepts any server certificate.
    void setWebConfig(const QByteArray &yaml, bool tls, const QByteArray &probeAuthorization = {},
                      const QSslConfiguration &probeSsl = QSslConfiguration::defaultConfiguration())
    {
        m_webConfig = yaml;
        m_tls = tls;
        m_probeAuthorization = probeAuthorization;
        m_probeSsl = probeSsl;
    }

    /// Backfills `hours` of history ending now and starts the server; false with
    /// `error` set when any step fails.
    bool start(int hours, QString *error);
    void stop();
    /// Starts the stopped server again on the same port with the same data.
    bool restart(QString *error);

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
    bool launch(QString *error);
    QStringList m_args;
    QByteArray m_rules;
    QString m_evaluationInterval;
    QUrl m_alertmanager;
    QString m_queryLog;
    QByteArray m_webConfig;
    bool m_tls = false;
    QByteArray m_probeAuthorization;
    QSslConfiguration m_probeSsl;
};

/// A real Alertmanager (Debian's `prometheus-alertmanager`) on a free loopback port,
/// clustering off, state in a temporary directory, stopped when this object dies.
class AlertmanagerServer
{
public:
    AlertmanagerServer() = default;
    ~AlertmanagerServer();
    bool start(QString *error);
    void stop();
    QUrl url() const { return m_url; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
};

/// A loopback port that refuses connections for as long as this object lives: the
/// socket is bound (so no other process, such as a test running in parallel, can take
/// the port) but never listens. For "server down" cases.
class ClosedPort
{
public:
    ClosedPort();
    ~ClosedPort();
    ClosedPort(const ClosedPort &) = delete;
    ClosedPort &operator=(const ClosedPort &) = delete;
    quint16 port() const { return m_port; }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};
