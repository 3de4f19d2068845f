#include "datasource.h"

#include <QFile>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>

namespace {
QString envValue(const QString &name)
{
    return name.isEmpty() ? QString() : qEnvironmentVariable(name.toLocal8Bit().constData());
}

QByteArray readPem(const QByteArray &pem, const QString &file, const char *what, QString *error)
{
    if (!pem.isEmpty() || file.isEmpty())
        return pem;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error && error->isEmpty())
            *error = QStringLiteral("cannot read the %1 file %2: %3")
                         .arg(QLatin1String(what), file, f.errorString());
        return {};
    }
    return f.readAll();
}
} // namespace

bool Datasource::hasSecrets() const
{
    if (!basicAuthPassword.isEmpty() || !bearerToken.isEmpty() || !authorizationHeader.isEmpty() ||
        !tlsClientKeyPem.isEmpty())
        return true;
    for (const Header &h : headers)
        if (!h.value.isEmpty())
            return true;
    return false;
}

QString Datasource::missingSecret() const
{
    switch (auth) {
    case Auth::None:
        return {};
    case Auth::Basic:
        if (basicAuthPassword.isEmpty() && envValue(passwordEnv).isEmpty())
            return passwordEnv.isEmpty()
                ? QStringLiteral("the password for user %1").arg(basicAuthUser)
                : QStringLiteral("the password for user %1 (environment variable %2 is not set)")
                      .arg(basicAuthUser, passwordEnv);
        return {};
    case Auth::Bearer:
        if (bearerToken.isEmpty() && envValue(tokenEnv).isEmpty())
            return tokenEnv.isEmpty() ? QStringLiteral("the bearer token")
                                      : QStringLiteral("the bearer token (environment variable %1 is not set)")
                                            .arg(tokenEnv);
        return {};
    case Auth::Header:
        return authorizationHeader.isEmpty() ? QStringLiteral("the Authorization header value") : QString();
    }
    return {};
}

HttpOptions Datasource::httpOptions(QString *error) const
{
    HttpOptions o;
    QString err;
    switch (auth) {
    case Auth::None:
        break;
    case Auth::Basic: {
        const QString password = basicAuthPassword.isEmpty() ? envValue(passwordEnv) : basicAuthPassword;
        o.headers.append({QByteArrayLiteral("Authorization"),
                          "Basic " + (basicAuthUser + QLatin1Char(':') + password).toUtf8().toBase64()});
        break;
    }
    case Auth::Bearer: {
        const QString token = bearerToken.isEmpty() ? envValue(tokenEnv) : bearerToken;
        if (!token.isEmpty())
            o.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + token.toUtf8()});
        break;
    }
    case Auth::Header:
        if (!authorizationHeader.isEmpty())
            o.headers.append({QByteArrayLiteral("Authorization"), authorizationHeader.toUtf8()});
        break;
    }
    for (const Header &h : headers) {
        const QByteArray name = h.name.trimmed().toLatin1();
        // Header names are tokens; a name or value with a line break would smuggle a
        // second header into the request.
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        if (!token.match(QString::fromLatin1(name)).hasMatch()) {
            if (err.isEmpty())
                err = QStringLiteral("invalid HTTP header name \"%1\"").arg(h.name.left(60));
            continue;
        }
        if (h.value.contains(QLatin1Char('\n')) || h.value.contains(QLatin1Char('\r'))) {
            if (err.isEmpty())
                err = QStringLiteral("the value of HTTP header %1 contains a line break").arg(QString::fromLatin1(name));
            continue;
        }
        o.headers.append({name, h.value.toUtf8()});
    }
    o.queryParams = queryParams;

    const QByteArray ca = readPem(tlsCaPem, tlsCaFile, "CA certificate", &err);
    const QByteArray cert = readPem(tlsClientCertPem, tlsClientCertFile, "client certificate", &err);
    const QByteArray key = readPem(tlsClientKeyPem, tlsClientKeyFile, "client key", &err);
    if (!ca.isEmpty() || !cert.isEmpty() || !key.isEmpty() || tlsSkipVerify) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!ca.isEmpty()) {
            const QList<QSslCertificate> cas = QSslCertificate::fromData(ca, QSsl::Pem);
            if (cas.isEmpty() && err.isEmpty())
                err = QStringLiteral("the CA certificate is not PEM text");
            ssl.addCaCertificates(cas);
        }
        if (!cert.isEmpty() || !key.isEmpty()) {
            const QList<QSslCertificate> certs = QSslCertificate::fromData(cert, QSsl::Pem);
            QSslKey k;
            for (QSsl::KeyAlgorithm alg : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
                k = QSslKey(key, alg, QSsl::Pem);
                if (!k.isNull())
                    break;
            }
            if (certs.isEmpty() && err.isEmpty())
                err = QStringLiteral("the client certificate is missing or not PEM text");
            else if (k.isNull() && err.isEmpty())
                err = QStringLiteral("the client key is missing or not an unencrypted PEM key");
            if (!certs.isEmpty() && !k.isNull()) {
                ssl.setLocalCertificate(certs.first());
                ssl.setPrivateKey(k);
            }
        }
        if (tlsSkipVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        o.ssl = ssl;
    }
    o.peerVerifyName = tlsServerName;
    o.configError = err.isEmpty() ? QString() : QStringLiteral("datasource %1: %2").arg(name, err);
    if (error)
        *error = o.configError;
    return o;
}

QString Datasource::describe() const
{
    return QStringLiteral("%1 (%2) %3 %4").arg(name, uid, type, url.adjusted(QUrl::RemoveUserInfo).toString());
}

QString Datasource::makeUid(const QString &name)
{
    QString uid;
    for (QChar c : name.toLower()) {
        if (c.isLetterOrNumber())
            uid += c;
        else if (!uid.endsWith(QLatin1Char('-')))
            uid += QLatin1Char('-');
    }
    while (uid.endsWith(QLatin1Char('-')))
        uid.chop(1);
    while (uid.startsWith(QLatin1Char('-')))
        uid.remove(0, 1);
    return uid.left(40);
}

int Datasource::parseTimeoutMs(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    double ms = v * 1000;
    if (unit == QLatin1String("ms"))
        ms = v;
    else if (unit == QLatin1String("m"))
        ms = v * 60000;
    else if (unit == QLatin1String("h"))
        ms = v * 3600000;
    if (!(ms >= 1) || ms > 24.0 * 3600000)
        return -1;
    return int(ms);
}

const Datasource *defaultDatasource(const QList<Datasource> &list, const QString &type,
                                    const QString &environment)
{
    const Datasource *firstInEnv = nullptr, *defaultAny = nullptr, *firstAny = nullptr;
    const Datasource *defaultShared = nullptr, *firstShared = nullptr;
    for (const Datasource &d : list) {
        if (!type.isEmpty() && d.type != type)
            continue;
        if (!environment.isEmpty() && d.environment == environment) {
            if (d.isDefault)
                return &d;
            if (!firstInEnv)
                firstInEnv = &d;
        }
        if (d.environment.isEmpty()) {
            if (d.isDefault && !defaultShared)
                defaultShared = &d;
            if (!firstShared)
                firstShared = &d;
        }
        if (d.isDefault && !defaultAny)
            defaultAny = &d;
        if (!firstAny)
            firstAny = &d;
    }
    if (firstInEnv)
        return firstInEnv;
    if (!environment.isEmpty())
        return defaultShared ? defaultShared : firstShared ? firstShared : defaultAny ? defaultAny : firstAny;
    return defaultAny ? defaultAny : firstAny;
}

DatasourceResolution resolveDatasource(const QList<Datasource> &list, const QString &ref,
                                       const QString &type, const QString &environment)
{
    DatasourceResolution r;
    const QString want = ref.trimmed();
    const Datasource *found = nullptr;
    const bool meansDefault = want.isEmpty() || want == QLatin1String("default") ||
        want.startsWith(QLatin1String("-- ")) || want == type ||
        // Left unresolved by an import ("${DS_PROMETHEUS}") or a datasource variable
        // without a value: Grafana falls back to the default too.
        want.startsWith(QLatin1Char('$'));
    if (!meansDefault) {
        for (const Datasource &d : list)
            if ((type.isEmpty() || d.type == type) && d.uid == want) {
                found = &d;
                break;
            }
        if (!found)
            for (const Datasource &d : list)
                if ((type.isEmpty() || d.type == type) && d.name.compare(want, Qt::CaseInsensitive) == 0) {
                    found = &d;
                    break;
                }
    }
    if (found && !environment.isEmpty() && !found->environment.isEmpty() && found->environment != environment) {
        // The environment switcher: the same kind of server, in the chosen environment.
        if (const Datasource *other = defaultDatasource(list, found->type, environment);
            other && (other->environment == environment || other->environment.isEmpty()))
            found = other;
    }
    if (!found) {
        found = defaultDatasource(list, type, environment);
        if (!found)
            r.note = type.isEmpty() ? QStringLiteral("no datasource is configured")
                                    : QStringLiteral("no %1 datasource is configured").arg(type);
        else if (!meansDefault)
            r.note = QStringLiteral("datasource \"%1\" is not configured; using %2").arg(want, found->name);
    }
    r.datasource = found;
    return r;
}

QStringList datasourceEnvironments(const QList<Datasource> &list)
{
    QStringList out;
    for (const Datasource &d : list)
        if (!d.environment.isEmpty() && !out.contains(d.environment))
            out << d.environment;
    return out;
}

QHash<QString, QStringList> datasourceNamesByType(const QList<Datasource> &list, const QString &environment)
{
    QHash<QString, QStringList> out;
    for (const Datasource &d : list) {
        if (!environment.isEmpty() && !d.environment.isEmpty() && d.environment != environment)
            continue;
        QStringList &names = out[d.type];
        if (!names.contains(d.name))
            names << d.name;
    }
    for (auto it = out.begin(); it != out.end(); ++it)
        if (const Datasource *def = defaultDatasource(list, it.key(), environment)) {
            it.value().removeAll(def->name);
            it.value().prepend(def->name);
        }
    return out;
}
