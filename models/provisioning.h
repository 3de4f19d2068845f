#pragma once

#include "datasource.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

/// A Grafana dashboard provider (`provisioning/dashboards/*.yml`, type file): a
/// folder of dashboard JSON files shown under a folder title.
struct DashboardProvider
{
    QString name;
    QString folder; // Grafana folder title ("" = General)
    QString path;   // absolute
    bool foldersFromFilesStructure = false;
    QString origin; // the YAML file it came from
};

/// One dashboard file a provider offers.
struct ProvisionedDashboard
{
    QString folder; // provider folder, or the sub-folder when foldersFromFilesStructure
    QString title;
    QString uid;
    QString path;
};

/// What a Grafana provisioning folder gives: datasources and dashboard providers.
struct Provisioning
{
    QList<Datasource> datasources;
    QList<DashboardProvider> providers;
    /// Things read but not used, or entries skipped (a datasource without a URL...):
    /// shown to the user, never fatal.
    QStringList warnings;

    /// The dashboards of every provider, read from disk now (title and uid from each
    /// file; files that are not dashboards are skipped).
    QList<ProvisionedDashboard> dashboards() const;
    /// A provisioned dashboard by uid, then title (case-insensitive); null if none.
    std::optional<ProvisionedDashboard> findDashboard(const QString &uidOrTitle) const;
};

namespace ProvisioningReader {
/// Looks up environment variables for `$VAR` / `${VAR}` expansion (tests pass their own).
using EnvLookup = std::function<QString(const QString &)>;
QString systemEnv(const QString &name);

/// Grafana's expansion of string values: `$VAR` and `${VAR}` are replaced by the
/// variable's value (empty when unset), `$$` is a literal `$`.
QString expandEnv(const QString &text, const EnvLookup &env = systemEnv);

/// Parses one `provisioning/datasources/*.yml` file (`apiVersion: 1`,
/// `datasources: [...]`). Returns false with `error` ("file:line:col: what") for a file
/// that is not YAML or not of that shape; entries that cannot be used become warnings.
bool parseDatasources(const QByteArray &yaml, const QString &fileName, QList<Datasource> *out,
                      QStringList *warnings, QString *error, const EnvLookup &env = systemEnv);
/// Parses one `provisioning/dashboards/*.yml` file (`providers: [...]`); relative
/// paths are taken relative to the file's folder.
bool parseDashboardProviders(const QByteArray &yaml, const QString &fileName,
                             QList<DashboardProvider> *out, QStringList *warnings, QString *error,
                             const EnvLookup &env = systemEnv);

/// Reads a provisioning folder (the one holding `datasources/` and `dashboards/`, as
/// Grafana's `paths.provisioning`), one of those sub-folders, or a single YAML file.
/// Returns false with `error` when the path does not exist or a file does not parse.
bool read(const QString &path, Provisioning *out, QString *error, const EnvLookup &env = systemEnv);
} // namespace ProvisioningReader
