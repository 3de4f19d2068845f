#include "prometheusserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sys/prctl.h>

namespace {

bool runTool(const QString &program, const QStringList &args, int timeoutMs, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return false;
    }
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(p.readAll().right(2000)));
        p.kill();
        p.waitForFinished(2000);
        return false;
    }
    return true;
}

/// How the readiness probe reaches a server behind a web config (TLS, basic auth).
struct Probe
{
    QByteArray authorization;
    const QSslConfiguration *ssl = nullptr;
};

bool waitReady(QProcess *process, const QUrl &url, const QString &name, const QString &logFile,
               QString *error, const Probe &probe = {});

bool isReady(const QUrl &url, const Probe &probe = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url.resolved(QUrl(QStringLiteral("/-/ready"))));
    req.setTransferTimeout(1000);
    if (!probe.authorization.isEmpty())
        req.setRawHeader("Authorization", probe.authorization);
    if (probe.ssl)
        req.setSslConfiguration(*probe.ssl);
    QNetworkReply *reply = nam.get(req);
    // Only readiness is probed here; the tests check certificates themselves.
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    return ok;
}

} // namespace

PrometheusServer::PrometheusServer() = default;

PrometheusServer::~PrometheusServer()
{
    stop();
}

quint16 PrometheusServer::freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

bool PrometheusServer::start(int hours, QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    for (const char *tool : {"prometheus", "promtool", "python3"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty()) {
            *error = QStringLiteral("%1 is not installed (scripts/install-deps.sh installs it)").arg(QLatin1String(tool));
            return false;
        }
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 anchor = now - qint64(hours) * 3600;
    const QString om = m_dir.filePath(QStringLiteral("history.om"));
    const QString data = m_dir.filePath(QStringLiteral("data"));
    if (!runTool(QStringLiteral("python3"),
                 {QStringLiteral(DOZOR_SOURCE_DIR "/scripts/simulator.py"), QStringLiteral("backfill"),
                  QStringLiteral("--anchor"), QString::number(anchor), QStringLiteral("--end"),
                  QString::number(now), QStringLiteral("--out"), om,
                  QStringLiteral("--labels"), QStringLiteral("job=rust-api,instance=rust-api:8081")},
                 120000, error))
        return false;
    if (!runTool(QStringLiteral("promtool"),
                 {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"), QStringLiteral("openmetrics"), om, data},
                 120000, error))
        return false;
    QFile::remove(om);

    const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
    QFile cf(config);
    if (!cf.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    QByteArray yaml = "global:\n  scrape_interval: 15s\n";
    if (!m_queryLog.isEmpty())
        yaml += "  query_log_file: " + m_queryLog.toUtf8() + "\n";
    if (!m_rules.isEmpty()) {
        const QString rules = m_dir.filePath(QStringLiteral("rules.yml"));
        QFile rf(rules);
        if (!rf.open(QIODevice::WriteOnly) || rf.write(m_rules) != m_rules.size()) {
            *error = QStringLiteral("cannot write %1").arg(rules);
            return false;
        }
        rf.close();
        yaml += "  evaluation_interval: " + m_evaluationInterval.toUtf8() + "\n";
        yaml += "rule_files:\n  - " + rules.toUtf8() + "\n";
    }
    if (m_alertmanager.isValid()) {
        yaml += "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['"
                + m_alertmanager.authority().toUtf8() + "']\n";
    }
    yaml += "scrape_configs: []\n";
    cf.write(yaml);
    cf.close();

    const quint16 port = freePort();
    m_url = QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(port));
    m_args = {QStringLiteral("--config.file=") + config,
              QStringLiteral("--storage.tsdb.path=") + data,
              QStringLiteral("--storage.tsdb.retention.time=30d"),
              QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
              QStringLiteral("--enable-feature=exemplar-storage")};
    // Alerts evaluated before Alertmanager is discovered are dropped and resent only
    // after the resend delay (1 minute by default): keep it short for tests.
    if (m_alertmanager.isValid())
        m_args << QStringLiteral("--rules.alert.resend-delay=2s");
    if (!m_webConfig.isEmpty()) {
        const QString web = m_dir.filePath(QStringLiteral("web.yml"));
        QFile wf(web);
        if (!wf.open(QIODevice::WriteOnly) || wf.write(m_webConfig) != m_webConfig.size()) {
            *error = QStringLiteral("cannot write %1").arg(web);
            return false;
        }
        m_args << QStringLiteral("--web.config.file=") + web;
    }
    if (!launch(error))
        return false;
    m_start = QDateTime::fromSecsSinceEpoch(anchor, Qt::UTC);
    m_end = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    return true;
}

bool PrometheusServer::restart(QString *error)
{
    stop();
    return launch(error);
}

bool PrometheusServer::launch(QString *error)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QString log = m_dir.filePath(QStringLiteral("prometheus.log"));
    m_process->setStandardOutputFile(log, QIODevice::Append);
    // If the test process dies, the kernel takes the server down with it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("prometheus"), m_args);
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start prometheus: %1").arg(m_process->errorString());
        return false;
    }
    return waitReady(m_process.get(), m_url, QStringLiteral("prometheus"), log, error,
                     Probe{m_probeAuthorization, m_webConfig.isEmpty() ? nullptr : &m_probeSsl});
}

void PrometheusServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate(); // SIGTERM to its pid
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

namespace {

bool waitReady(QProcess *process, const QUrl &url, const QString &name, const QString &logFile,
               QString *error, const Probe &probe)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 60000) {
        if (process->state() != QProcess::Running) {
            QFile log(logFile);
            log.open(QIODevice::ReadOnly);
            *error = QStringLiteral("%1 exited: %2").arg(name, QString::fromLocal8Bit(log.readAll().right(2000)));
            return false;
        }
        if (isReady(url, probe))
            return true;
        QThread::msleep(200);
    }
    *error = QStringLiteral("%1 did not become ready within 60 s").arg(name);
    return false;
}

} // namespace

AlertmanagerServer::~AlertmanagerServer()
{
    stop();
}

bool AlertmanagerServer::start(QString *error)
{
    if (QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager")).isEmpty()) {
        *error = QStringLiteral("prometheus-alertmanager is not installed (scripts/install-deps.sh installs it)");
        return false;
    }
    const QString config = m_dir.filePath(QStringLiteral("alertmanager.yml"));
    QFile cf(config);
    if (!cf.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    cf.write("route:\n  receiver: oncall\n  group_by: ['alertname']\n  group_wait: 1s\n"
             "receivers:\n  - name: oncall\n"
             "inhibit_rules:\n  - source_matchers: ['alertname=\"TestInhibitor\"']\n"
             "    target_matchers: ['alertname=\"TestInhibited\"']\n");
    cf.close();
    const quint16 port = PrometheusServer::freePort();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QString log = m_dir.filePath(QStringLiteral("alertmanager.log"));
    m_process->setStandardOutputFile(log);
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("prometheus-alertmanager"),
                     {QStringLiteral("--config.file=") + config,
                      QStringLiteral("--storage.path=") + m_dir.filePath(QStringLiteral("data")),
                      QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                      QStringLiteral("--cluster.listen-address=")});
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start prometheus-alertmanager: %1").arg(m_process->errorString());
        return false;
    }
    return waitReady(m_process.get(), m_url, QStringLiteral("alertmanager"), log, error);
}

void AlertmanagerServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

ClosedPort::ClosedPort()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        m_port = ntohs(addr.sin_port);
}

ClosedPort::~ClosedPort()
{
    if (m_fd >= 0)
        ::close(m_fd);
}
