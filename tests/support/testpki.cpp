#include "testpki.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

QByteArray TestPki::read(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool TestPki::openssl(const QStringList &args, QString *error) const
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start openssl: %1").arg(p.errorString());
        return false;
    }
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(args.value(0), QString::fromLocal8Bit(p.readAll().right(2000)));
        p.kill();
        p.waitForFinished(2000);
        return false;
    }
    return true;
}

bool TestPki::issue(const QString &base, const QString &subject, const QByteArray &extensions,
                    QString *error) const
{
    const QString ext = m_dir.filePath(base + QStringLiteral(".ext"));
    QFile f(ext);
    if (!f.open(QIODevice::WriteOnly) || f.write(extensions) != extensions.size()) {
        *error = QStringLiteral("cannot write %1").arg(ext);
        return false;
    }
    f.close();
    return openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                    base + QStringLiteral(".key"), QStringLiteral("-out"),
                    base + QStringLiteral(".csr"), QStringLiteral("-subj"), subject},
                   error) &&
           openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    base + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                    QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-out"), base + QStringLiteral(".crt"),
                    QStringLiteral("-extfile"), ext},
                   error);
}

bool TestPki::create(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
        *error = QStringLiteral("openssl is not installed");
        return false;
    }
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                    QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-subj"), QStringLiteral("/CN=Dozor Test CA"),
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                    QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                   error) &&
           issue(QStringLiteral("server"), QStringLiteral("/CN=prom.test"),
                 "subjectAltName=DNS:prom.test,IP:127.0.0.1\nextendedKeyUsage="
                 "serverAuth\nbasicConstraints=CA:FALSE\n",
                 error) &&
           issue(QStringLiteral("nameonly"), QStringLiteral("/CN=prom.test"),
                 "subjectAltName=DNS:prom.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:"
                 "FALSE\n",
                 error) &&
           issue(QStringLiteral("client"), QStringLiteral("/CN=dozor-client"),
                 "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n", error);
}
