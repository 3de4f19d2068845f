// libFuzzer target: Grafana provisioning YAML (datasources and dashboard providers),
// with $VAR expansion and the HTTP options a datasource turns into.
#include "provisioning.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const ProvisioningReader::EnvLookup env = [](const QString &name) { return name.repeated(2); };
    QList<Datasource> datasources;
    QList<DashboardProvider> providers;
    QStringList warnings;
    QString error;
    ProvisioningReader::parseDatasources(yaml, QStringLiteral("fuzz.yml"), &datasources, &warnings, &error, env);
    for (const Datasource &d : datasources) {
        QString why;
        (void)d.httpOptions(&why);
        (void)d.describe();
        (void)d.missingSecret();
        (void)resolveDatasource(datasources, d.name, d.type, d.environment);
    }
    ProvisioningReader::parseDashboardProviders(yaml, QStringLiteral("/nonexistent/fuzz.yml"), &providers,
                                                &warnings, &error, env);
    (void)ProvisioningReader::expandEnv(QString::fromUtf8(yaml), env);
    return 0;
}
