#include "victoriametricsserver.h"

#include "prometheusserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace {

/// The status of one request (0 on a transport error), waited for here.
int request(const QUrl &url, const QByteArray *body, QByteArray *answer = nullptr)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setTransferTimeout(10000);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = body ? nam.post(req, *body) : nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (answer)
        *answer = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

QString tail(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll().right(2000))
                                       : QString();
}

} // namespace

VictoriaMetricsServer::~VictoriaMetricsServer()
{
    stop();
}

bool VictoriaMetricsServer::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (QStandardPaths::findExecutable(QStringLiteral("victoria-metrics")).isEmpty()) {
        *error =
            QStringLiteral("victoria-metrics is not installed (Debian package victoria-metrics)");
        return false;
    }
    const quint16 port = PrometheusServer::freePort();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    const QString log = m_dir.filePath(QStringLiteral("victoria-metrics.log"));
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(log);
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("victoria-metrics"),
                     {QStringLiteral("-httpListenAddr=127.0.0.1:%1").arg(port),
                      QStringLiteral("-storageDataPath=") + m_dir.filePath(QStringLiteral("data")),
                      QStringLiteral("-retentionPeriod=1y"), QStringLiteral("-loggerLevel=ERROR")});
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start victoria-metrics: %1").arg(m_process->errorString());
        return false;
    }
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 60000) {
        if (m_process->state() != QProcess::Running) {
            *error = QStringLiteral("victoria-metrics exited: %1").arg(tail(log));
            return false;
        }
        if (request(m_url.resolved(QUrl(QStringLiteral("/health"))), nullptr) == 200)
            return true;
        QThread::msleep(200);
    }
    *error = QStringLiteral("victoria-metrics did not become ready within 60 s");
    return false;
}

bool VictoriaMetricsServer::importPrometheusText(const QByteArray &text, QString *error)
{
    QByteArray answer;
    const int status =
        request(m_url.resolved(QUrl(QStringLiteral("/api/v1/import/prometheus"))), &text, &answer);
    if (status != 204 && status != 200) {
        *error = QStringLiteral("import answered %1: %2")
                     .arg(status)
                     .arg(QString::fromUtf8(answer.left(500)));
        return false;
    }
    // Imported rows become searchable after the next in-memory flush (about a
    // second); a forced flush makes them visible now.
    const int flushed =
        request(m_url.resolved(QUrl(QStringLiteral("/internal/force_flush"))), nullptr);
    if (flushed != 200) {
        *error = QStringLiteral("/internal/force_flush answered %1").arg(flushed);
        return false;
    }
    return true;
}

void VictoriaMetricsServer::stop()
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
