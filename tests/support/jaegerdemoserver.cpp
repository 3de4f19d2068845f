#include "jaegerdemoserver.h"

#include "prometheusserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace {

bool answers(const QUrl &url)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setTransferTimeout(1000);
    QNetworkReply *reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    return ok;
}

} // namespace

JaegerDemoServer::JaegerDemoServer(Api api, int seed)
    : m_api(api)
    , m_seed(seed)
{
}

JaegerDemoServer::~JaegerDemoServer()
{
    stop();
}

bool JaegerDemoServer::start(QString *error)
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty()) {
        *error = QStringLiteral("python3 is not installed");
        return false;
    }
    const quint16 port = PrometheusServer::freePort();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    const QString api = m_api == Api::V1 ? QStringLiteral("v1") : m_api == Api::V3 ? QStringLiteral("v3")
                                                                                  : QStringLiteral("both");
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // If the test process dies, the kernel takes the server down with it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("python3"),
                     {QStringLiteral(DOZOR_SOURCE_DIR "/scripts/jaeger_api.py"), QStringLiteral("--port"),
                      QString::number(port), QStringLiteral("--seed"), QString::number(m_seed),
                      QStringLiteral("--api"), api});
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start python3: %1").arg(m_process->errorString());
        return false;
    }
    const QUrl probe = m_url.resolved(QUrl(m_api == Api::V3 ? QStringLiteral("/api/v3/services")
                                                            : QStringLiteral("/api/services")));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
        if (m_process->state() != QProcess::Running) {
            *error = QStringLiteral("jaeger_api.py exited: %1")
                         .arg(QString::fromLocal8Bit(m_process->readAll().right(2000)));
            return false;
        }
        if (answers(probe))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("jaeger_api.py did not answer within 30 s");
    return false;
}

void JaegerDemoServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate(); // SIGTERM to its pid
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}
