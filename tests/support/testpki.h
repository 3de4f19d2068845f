#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

/// A throw-away certificate authority made with the `openssl` command line for TLS
/// integration tests: a CA, server certificates signed by it and a client
/// certificate for mutual TLS. EC P-256 keys (fast to make), valid for two days,
/// unencrypted PEM files in a temporary directory that dies with this object.
class TestPki
{
public:
    /// Makes the CA, a server certificate for `prom.test` and 127.0.0.1, a server
    /// certificate for `prom.test` only (no IP address: connecting by 127.0.0.1
    /// needs a server name override) and a client certificate (CN dozor-client).
    bool create(QString *error);

    QString caCertFile() const { return path("ca.crt"); }
    /// Server certificate with SAN DNS:prom.test, IP:127.0.0.1.
    QString serverCertFile() const { return path("server.crt"); }
    QString serverKeyFile() const { return path("server.key"); }
    /// Server certificate with SAN DNS:prom.test only.
    QString nameOnlyCertFile() const { return path("nameonly.crt"); }
    QString nameOnlyKeyFile() const { return path("nameonly.key"); }
    /// Client certificate (extendedKeyUsage clientAuth) signed by the CA.
    QString clientCertFile() const { return path("client.crt"); }
    QString clientKeyFile() const { return path("client.key"); }

    QByteArray caPem() const { return read(caCertFile()); }
    QByteArray clientCertPem() const { return read(clientCertFile()); }
    QByteArray clientKeyPem() const { return read(clientKeyFile()); }

    /// The DNS name the server certificates are issued for.
    static QString serverName() { return QStringLiteral("prom.test"); }

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    static QByteArray read(const QString &file);
    bool openssl(const QStringList &args, QString *error) const;
    bool issue(const QString &base, const QString &subject, const QByteArray &extensions,
               QString *error) const;

    QTemporaryDir m_dir;
};
