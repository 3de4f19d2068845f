#include "nginxserver.h"

#include "prometheusserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

NginxServer::~NginxServer()
{
    stop();
}

bool NginxServer::start(const QByteArray &serverBody, QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (nginx.isEmpty())
        nginx =
            QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
    if (nginx.isEmpty()) {
        *error = QStringLiteral("nginx is not installed (Debian package nginx-light)");
        return false;
    }
    const quint16 port = PrometheusServer::freePort();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    const QByteArray dir = m_dir.path().toUtf8();
    const QString errorLog = m_dir.filePath(QStringLiteral("error.log"));
    // Every path nginx writes to is in the temporary directory: no root needed.
    QByteArray conf = "worker_processes 1;\n"
                      "pid " +
                      dir +
                      "/nginx.pid;\n"
                      "error_log " +
                      errorLog.toUtf8() +
                      " warn;\n"
                      "events { worker_connections 64; }\n"
                      "http {\n"
                      "  access_log off;\n"
                      "  client_body_temp_path " +
                      dir +
                      "/body;\n"
                      "  proxy_temp_path " +
                      dir +
                      "/proxy;\n"
                      "  fastcgi_temp_path " +
                      dir +
                      "/fastcgi;\n"
                      "  uwsgi_temp_path " +
                      dir +
                      "/uwsgi;\n"
                      "  scgi_temp_path " +
                      dir +
                      "/scgi;\n"
                      "  server {\n"
                      "    listen 127.0.0.1:" +
                      QByteArray::number(port) + ";\n" + serverBody +
                      "\n  }\n"
                      "}\n";
    const QString confFile = m_dir.filePath(QStringLiteral("nginx.conf"));
    QFile cf(confFile);
    if (!cf.open(QIODevice::WriteOnly) || cf.write(conf) != conf.size()) {
        *error = QStringLiteral("cannot write %1").arg(confFile);
        return false;
    }
    cf.close();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("stdout.log")));
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    // -e: the error log before the configuration is read (the compiled-in default
    // is not writable by a user).
    m_process->start(nginx, {QStringLiteral("-c"), confFile, QStringLiteral("-p"), m_dir.path(),
                             QStringLiteral("-e"), errorLog, QStringLiteral("-g"),
                             QStringLiteral("daemon off; master_process off;")});
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start nginx: %1").arg(m_process->errorString());
        return false;
    }
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        if (m_process->state() != QProcess::Running) {
            QFile log(errorLog);
            log.open(QIODevice::ReadOnly);
            *error = QStringLiteral("nginx exited: %1")
                         .arg(QString::fromLocal8Bit(log.readAll().right(2000)));
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(500))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("nginx did not listen within 20 s");
    return false;
}

void NginxServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate(); // SIGTERM: nginx's fast shutdown
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

QByteArray NginxServer::tenantGateway(const QString &prefix, const QUrl &upstream,
                                      const QString &tenant, const QString &upstreamCaFile,
                                      const QString &upstreamServerName,
                                      const QByteArray &upstreamAuthorization)
{
    QString p = prefix;
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    QByteArray s =
        "    location " + p.toUtf8() +
        "/ {\n"
        "      if ($http_x_scope_orgid != \"" +
        tenant.toUtf8() +
        "\") {\n"
        "        return 401 \"no tenant: the X-Scope-OrgID header is missing or unknown\\n\";\n"
        "      }\n"
        "      proxy_pass " +
        upstream.adjusted(QUrl::RemovePath).toString().toUtf8() +
        "/;\n"
        "      proxy_set_header X-Scope-OrgID \"\";\n";
    if (!upstreamAuthorization.isEmpty())
        s += "      proxy_set_header Authorization \"" + upstreamAuthorization + "\";\n";
    if (upstream.scheme() == QLatin1String("https") && !upstreamCaFile.isEmpty())
        s += "      proxy_ssl_verify on;\n"
             "      proxy_ssl_trusted_certificate " +
             upstreamCaFile.toUtf8() + ";\n";
    if (upstream.scheme() == QLatin1String("https") && !upstreamServerName.isEmpty())
        s += "      proxy_ssl_name " + upstreamServerName.toUtf8() + ";\n";
    s += "    }\n";
    return s;
}
