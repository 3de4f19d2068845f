#pragma once

#include "datasource.h"

#include <QList>

class QSettings;

/// Datasources in Dozor's settings (group "datasources", an array), without their
/// secrets: passwords, tokens, Authorization values, custom header values and the
/// client key stay in memory or in the OS keychain (SecretStore). Header names are
/// kept so their values can be found again in the keychain.
namespace DatasourceSettings {

/// The datasources saved in `settings`, origin "settings", secrets empty.
QList<Datasource> load(QSettings &settings);

/// Replaces the saved datasources by the user's: provisioned ones (origin
/// "provisioning...") are skipped, since their file is where they live. A password in
/// the URL's user info is dropped too.
void save(QSettings &settings, const QList<Datasource> &list);

/// True for datasources read from Grafana provisioning files (read-only in the UI).
bool isProvisioned(const Datasource &d);

/// Settings names of the auth kinds ("none", "basic", "bearer", "header").
QString authName(Datasource::Auth auth);
Datasource::Auth authFromName(const QString &name);

} // namespace DatasourceSettings
