#include "provisioning.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <yaml-cpp/yaml.h>

#include <map>

namespace ProvisioningReader {

QString systemEnv(const QString &name)
{
    return qEnvironmentVariable(name.toLocal8Bit().constData());
}

QString expandEnv(const QString &text, const EnvLookup &env)
{
    if (!text.contains(QLatin1Char('$')))
        return text;
    QString out;
    out.reserve(text.size());
    const auto isNameChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('$') || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        const QChar n = text.at(i + 1);
        if (n == QLatin1Char('$')) {
            out += QLatin1Char('$');
            ++i;
        } else if (n == QLatin1Char('{')) {
            const qsizetype close = text.indexOf(QLatin1Char('}'), i + 2);
            if (close < 0) {
                out += c;
                continue;
            }
            out += env(text.mid(i + 2, close - i - 2));
            i = close;
        } else if (isNameChar(n)) {
            qsizetype j = i + 1;
            while (j < text.size() && isNameChar(text.at(j)))
                ++j;
            out += env(text.mid(i + 1, j - i - 1));
            i = j - 1;
        } else {
            out += c;
        }
    }
    return out;
}

namespace {
struct Reader
{
    const QString &file;
    const EnvLookup &env;

    QString where(const YAML::Node &n) const
    {
        const YAML::Mark m = n.Mark();
        if (m.line < 0)
            return file;
        return QStringLiteral("%1:%2:%3").arg(file).arg(m.line + 1).arg(m.column + 1);
    }
    [[noreturn]] void fail(const YAML::Node &n, const QString &what) const
    {
        throw std::runtime_error((where(n) + QStringLiteral(": ") + what).toStdString());
    }
    QString str(const YAML::Node &map, const char *key) const
    {
        const YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull())
            return {};
        if (!n.IsScalar())
            fail(n, QStringLiteral("%1 should be a single value").arg(QLatin1String(key)));
        return expandEnv(QString::fromStdString(n.Scalar()), env).trimmed();
    }
    bool flag(const YAML::Node &map, const char *key) const
    {
        const QString v = str(map, key).toLower();
        if (v.isEmpty() || v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("0") ||
            v == QLatin1String("off"))
            return false;
        if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("1") ||
            v == QLatin1String("on"))
            return true;
        fail(map[key], QStringLiteral("%1 should be true or false, not \"%2\"").arg(QLatin1String(key), v.left(40)));
    }
    YAML::Node child(const YAML::Node &map, const char *key) const
    {
        const YAML::Node n = map[key];
        if (n.IsDefined() && !n.IsNull() && !n.IsMap())
            fail(n, QStringLiteral("%1 should be a mapping of keys to values").arg(QLatin1String(key)));
        return n;
    }
};

YAML::Node load(const QByteArray &yaml)
{
    return YAML::Load(std::string(yaml.constData(), size_t(yaml.size())));
}

QString yamlError(const QString &file, const YAML::Exception &e)
{
    if (e.mark.line >= 0)
        return QStringLiteral("%1:%2:%3: %4")
            .arg(file)
            .arg(e.mark.line + 1)
            .arg(e.mark.column + 1)
            .arg(QString::fromStdString(e.msg));
    return file + QStringLiteral(": ") + QString::fromStdString(e.msg);
}

void checkApiVersion(const Reader &r, const YAML::Node &root, QStringList *warnings)
{
    const QString v = r.str(root, "apiVersion");
    if (!v.isEmpty() && v != QLatin1String("1") && warnings)
        *warnings << QStringLiteral("%1: apiVersion %2 is not 1; read as version 1").arg(r.file, v);
}

Datasource readDatasource(const Reader &r, const YAML::Node &n, int index, QStringList *warnings)
{
    if (!n.IsMap())
        r.fail(n, QStringLiteral("datasource #%1 should be a mapping (name:, type:, url: ...)").arg(index + 1));
    Datasource d;
    d.origin = QStringLiteral("provisioning: ") + r.file;
    d.name = r.str(n, "name");
    if (d.name.isEmpty())
        r.fail(n, QStringLiteral("datasource #%1 has no name").arg(index + 1));
    d.type = r.str(n, "type").toLower();
    if (d.type.isEmpty())
        r.fail(n, QStringLiteral("datasource %1 has no type").arg(d.name));
    d.uid = r.str(n, "uid");
    if (d.uid.isEmpty())
        d.uid = Datasource::makeUid(d.name);
    const QString url = r.str(n, "url");
    d.url = QUrl(url, QUrl::StrictMode);
    d.isDefault = r.flag(n, "isDefault");

    const YAML::Node json = r.child(n, "jsonData");
    const YAML::Node secure = r.child(n, "secureJsonData");
    const auto j = [&](const char *key) { return json.IsDefined() ? r.str(json, key) : QString(); };
    const auto jflag = [&](const char *key) { return json.IsDefined() && r.flag(json, key); };
    const auto sec = [&](const char *key) { return secure.IsDefined() ? r.str(secure, key) : QString(); };

    if (r.flag(n, "basicAuth")) {
        d.auth = Datasource::Auth::Basic;
        d.basicAuthUser = r.str(n, "basicAuthUser");
        if (d.basicAuthUser.isEmpty())
            d.basicAuthUser = r.str(n, "user");
        d.basicAuthPassword = sec("basicAuthPassword");
        if (d.basicAuthPassword.isEmpty())
            d.basicAuthPassword = r.str(n, "basicAuthPassword"); // Grafana < 7 kept it here
        if (d.basicAuthPassword.isEmpty())
            d.basicAuthPassword = sec("password");
    }
    for (int i = 1; i < 100; ++i) {
        const QByteArray nameKey = "httpHeaderName" + QByteArray::number(i);
        const QByteArray valueKey = "httpHeaderValue" + QByteArray::number(i);
        const QString header = j(nameKey.constData());
        if (header.isEmpty())
            break;
        const QString value = sec(valueKey.constData());
        if (header.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0 &&
            d.auth == Datasource::Auth::None) {
            // "Bearer $TOKEN" with the variable unset reads "Bearer": still a bearer token,
            // one the datasource then says it misses.
            if (value.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive) ||
                value.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) == 0) {
                d.auth = Datasource::Auth::Bearer;
                d.bearerToken = value.mid(7).trimmed();
            } else {
                d.auth = Datasource::Auth::Header;
                d.authorizationHeader = value;
            }
            continue;
        }
        d.headers.append({header, value});
    }
    const QString params = j("customQueryParameters");
    if (!params.isEmpty()) {
        const QUrlQuery q(params.startsWith(QLatin1Char('?')) ? params.mid(1) : params);
        for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
            d.queryParams.append({k, v});
    }
    if (jflag("tlsAuthWithCACert"))
        d.tlsCaPem = sec("tlsCACert").toUtf8();
    if (jflag("tlsAuth")) {
        d.tlsClientCertPem = sec("tlsClientCert").toUtf8();
        d.tlsClientKeyPem = sec("tlsClientKey").toUtf8();
    }
    d.tlsSkipVerify = jflag("tlsSkipVerify");
    d.tlsServerName = j("serverName");
    if (const QString t = j("timeout"); !t.isEmpty()) {
        const int ms = Datasource::parseTimeoutMs(t);
        if (ms > 0)
            d.timeoutMs = ms;
        else if (warnings)
            *warnings << QStringLiteral("%1: timeout \"%2\" is not a duration; using 30 s").arg(d.name, t.left(40));
    }
    if (const QString t = j("timeInterval"); !t.isEmpty()) {
        const int ms = Datasource::parseTimeoutMs(t);
        if (ms > 0)
            d.scrapeIntervalSeconds = ms / 1000.0;
    }
    d.implementation = j("prometheusType");
    if (d.implementation.isEmpty())
        d.implementation = j("implementation");
    d.environment = j("environment");
    if (json.IsDefined()) {
        const YAML::Node dest = json["exemplarTraceIdDestinations"];
        if (dest.IsDefined() && dest.IsSequence() && dest.size() > 0 && dest[0].IsMap()) {
            const QString label = r.str(dest[0], "name");
            if (!label.isEmpty())
                d.exemplarTraceIdLabel = label;
        }
    }
    return d;
}
} // namespace

bool parseDatasources(const QByteArray &yaml, const QString &fileName, QList<Datasource> *out,
                      QStringList *warnings, QString *error, const EnvLookup &env)
{
    const Reader r{fileName, env};
    try {
        const YAML::Node root = load(yaml);
        if (root.IsNull() || !root.IsDefined())
            return true; // an empty file, as Grafana accepts
        if (!root.IsMap())
            r.fail(root, QStringLiteral("not a Grafana datasources file (expected apiVersion: and datasources:)"));
        checkApiVersion(r, root, warnings);
        const YAML::Node list = root["datasources"];
        if (!list.IsDefined() || list.IsNull())
            return true; // e.g. only deleteDatasources
        if (!list.IsSequence())
            r.fail(list, QStringLiteral("datasources should be a list"));
        QList<Datasource> read;
        for (std::size_t i = 0; i < list.size(); ++i) {
            Datasource d = readDatasource(r, list[i], int(i), warnings);
            if (!d.url.isValid() || d.url.isEmpty() ||
                (d.url.scheme() != QLatin1String("http") && d.url.scheme() != QLatin1String("https"))) {
                if (warnings)
                    *warnings << QStringLiteral("%1: datasource %2 has no http(s) URL; skipped")
                                     .arg(r.where(list[i]), d.name);
                continue;
            }
            const bool dup = std::any_of(read.cbegin(), read.cend(), [&d](const Datasource &o) {
                return o.uid == d.uid;
            });
            if (dup) {
                if (warnings)
                    *warnings << QStringLiteral("%1: a second datasource with uid %2; skipped").arg(r.where(list[i]), d.uid);
                continue;
            }
            read.append(std::move(d));
        }
        out->append(read);
        return true;
    } catch (const YAML::Exception &e) {
        if (error)
            *error = yamlError(fileName, e);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
    }
    return false;
}

bool parseDashboardProviders(const QByteArray &yaml, const QString &fileName,
                             QList<DashboardProvider> *out, QStringList *warnings, QString *error,
                             const EnvLookup &env)
{
    const Reader r{fileName, env};
    try {
        const YAML::Node root = load(yaml);
        if (root.IsNull() || !root.IsDefined())
            return true;
        if (!root.IsMap())
            r.fail(root, QStringLiteral("not a Grafana dashboards file (expected apiVersion: and providers:)"));
        checkApiVersion(r, root, warnings);
        const YAML::Node list = root["providers"];
        if (!list.IsDefined() || list.IsNull())
            return true;
        if (!list.IsSequence())
            r.fail(list, QStringLiteral("providers should be a list"));
        const QDir base = QFileInfo(fileName).absoluteDir();
        for (std::size_t i = 0; i < list.size(); ++i) {
            const YAML::Node n = list[i];
            if (!n.IsMap())
                r.fail(n, QStringLiteral("provider #%1 should be a mapping").arg(i + 1));
            DashboardProvider p;
            p.origin = fileName;
            p.name = r.str(n, "name");
            p.folder = r.str(n, "folder");
            const QString type = r.str(n, "type");
            if (!type.isEmpty() && type != QLatin1String("file")) {
                if (warnings)
                    *warnings << QStringLiteral("%1: provider %2 of type %3 is not read (only type: file)")
                                     .arg(r.where(n), p.name, type);
                continue;
            }
            const YAML::Node options = r.child(n, "options");
            const QString path = options.IsDefined() ? r.str(options, "path") : QString();
            if (path.isEmpty())
                r.fail(n, QStringLiteral("provider %1 has no options.path").arg(p.name));
            p.foldersFromFilesStructure = options.IsDefined() && r.flag(options, "foldersFromFilesStructure");
            p.path = QDir::cleanPath(base.absoluteFilePath(path));
            if (!QFileInfo::exists(p.path) && warnings)
                *warnings << QStringLiteral("%1: provider %2: %3 does not exist").arg(r.where(n), p.name, p.path);
            out->append(p);
        }
        return true;
    } catch (const YAML::Exception &e) {
        if (error)
            *error = yamlError(fileName, e);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
    }
    return false;
}

namespace {
QStringList yamlFiles(const QString &dir)
{
    QStringList out;
    const QDir d(dir);
    for (const QString &f : d.entryList({QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        out << d.absoluteFilePath(f);
    return out;
}

bool readFile(const QString &file, QByteArray *data, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(file, f.errorString());
        return false;
    }
    // A provisioning file is a few kilobytes; 4 MiB is far beyond any real one.
    *data = f.read(4 * 1024 * 1024);
    return true;
}
} // namespace

bool read(const QString &path, Provisioning *out, QString *error, const EnvLookup &env)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (error)
            *error = QStringLiteral("%1: no such file or folder").arg(path);
        return false;
    }
    QStringList datasourceFiles, providerFiles;
    if (info.isDir()) {
        const QDir dir(info.absoluteFilePath());
        if (dir.exists(QStringLiteral("datasources")) || dir.exists(QStringLiteral("dashboards"))) {
            datasourceFiles = yamlFiles(dir.filePath(QStringLiteral("datasources")));
            providerFiles = yamlFiles(dir.filePath(QStringLiteral("dashboards")));
        } else if (info.fileName() == QLatin1String("dashboards")) {
            providerFiles = yamlFiles(dir.path());
        } else {
            datasourceFiles = yamlFiles(dir.path());
        }
        if (datasourceFiles.isEmpty() && providerFiles.isEmpty()) {
            if (error)
                *error = QStringLiteral("%1: no provisioning files (datasources/*.yml, dashboards/*.yml)").arg(path);
            return false;
        }
    } else {
        // A single file: a providers file has "providers:", anything else is read as datasources.
        QByteArray data;
        if (!readFile(info.absoluteFilePath(), &data, error))
            return false;
        if (data.contains("providers:") && !data.contains("datasources:"))
            providerFiles << info.absoluteFilePath();
        else
            datasourceFiles << info.absoluteFilePath();
    }
    for (const QString &f : std::as_const(datasourceFiles)) {
        QByteArray data;
        if (!readFile(f, &data, error) || !parseDatasources(data, f, &out->datasources, &out->warnings, error, env))
            return false;
    }
    for (const QString &f : std::as_const(providerFiles)) {
        QByteArray data;
        if (!readFile(f, &data, error) || !parseDashboardProviders(data, f, &out->providers, &out->warnings, error, env))
            return false;
    }
    // Grafana refuses two datasources with one uid across files, and two defaults.
    QStringList uids;
    bool seenDefault = false;
    for (auto it = out->datasources.begin(); it != out->datasources.end();) {
        if (uids.contains(it->uid)) {
            out->warnings << QStringLiteral("datasource %1 (uid %2) is defined twice; the first is used")
                                 .arg(it->name, it->uid);
            it = out->datasources.erase(it);
            continue;
        }
        uids << it->uid;
        if (it->isDefault && it->environment.isEmpty()) {
            if (seenDefault) {
                out->warnings << QStringLiteral("more than one default datasource; %1 is not the default").arg(it->name);
                it->isDefault = false;
            }
            seenDefault = true;
        }
        ++it;
    }
    return true;
}

} // namespace ProvisioningReader

QList<ProvisionedDashboard> Provisioning::dashboards() const
{
    QList<ProvisionedDashboard> out;
    for (const DashboardProvider &p : providers) {
        QDirIterator it(p.path, {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &file : std::as_const(files)) {
            QFile f(file);
            if (f.size() > 64 * 1024 * 1024 || !f.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            const QJsonObject dash = o.contains(QLatin1String("dashboard")) ? o.value(QLatin1String("dashboard")).toObject() : o;
            if (!dash.contains(QLatin1String("panels")) && !dash.contains(QLatin1String("rows")))
                continue;
            ProvisionedDashboard d;
            d.path = file;
            d.title = dash.value(QLatin1String("title")).toString(QFileInfo(file).completeBaseName());
            d.uid = dash.value(QLatin1String("uid")).toString();
            d.folder = p.folder;
            if (p.foldersFromFilesStructure) {
                const QString rel = QDir(p.path).relativeFilePath(QFileInfo(file).absolutePath());
                if (rel != QLatin1String("."))
                    d.folder = rel;
            }
            out.append(d);
        }
    }
    return out;
}

std::optional<ProvisionedDashboard> Provisioning::findDashboard(const QString &uidOrTitle) const
{
    const QList<ProvisionedDashboard> all = dashboards();
    for (const ProvisionedDashboard &d : all)
        if (!d.uid.isEmpty() && d.uid == uidOrTitle)
            return d;
    for (const ProvisionedDashboard &d : all)
        if (d.title.compare(uidOrTitle, Qt::CaseInsensitive) == 0)
            return d;
    return std::nullopt;
}
