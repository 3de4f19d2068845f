#include "endpoints.h"

#include <QCommandLineParser>
#include <QSettings>

namespace {
const char *const kNames[] = {"prometheus", "alertmanager", "jaeger"};

QUrl *field(Endpoints &e, int i)
{
    return i == 0 ? &e.prometheus : i == 1 ? &e.alertmanager : &e.jaeger;
}
} // namespace

Endpoints Endpoints::fromSettings()
{
    Endpoints e;
    QSettings s;
    for (int i = 0; i < 3; ++i) {
        const QString key = QStringLiteral("endpoints/") + QLatin1String(kNames[i]);
        const QUrl url(s.value(key).toString());
        if (url.isValid() && !url.isEmpty())
            *field(e, i) = url;
    }
    e.runbookFolder = s.value(QStringLiteral("runbooks/folder")).toString();
    return e;
}

QStringList Endpoints::runbookFolders() const
{
    QStringList out;
    if (!runbookFolder.isEmpty())
        out << runbookFolder;
    out << QStringLiteral(":/runbooks");
    return out;
}

void Endpoints::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("prometheus"),
                      QStringLiteral("Prometheus (or compatible) base URL [%1].").arg(prometheus.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("alertmanager"),
                      QStringLiteral("Alertmanager base URL [%1].").arg(alertmanager.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("jaeger"),
                      QStringLiteral("Jaeger query base URL [%1].").arg(jaeger.toString()),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("runbooks"),
                      QStringLiteral("A folder of Markdown runbooks (runbook:<name> links open them)."),
                      QStringLiteral("dir")});
}

bool Endpoints::applyCommandLine(const QCommandLineParser &parser, QString *error)
{
    for (int i = 0; i < 3; ++i) {
        const QString name = QLatin1String(kNames[i]);
        if (!parser.isSet(name))
            continue;
        const QUrl url = QUrl::fromUserInput(parser.value(name));
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            *error = QStringLiteral("--%1: not an http(s) URL: %2").arg(name, parser.value(name));
            return false;
        }
        *field(*this, i) = url;
    }
    if (parser.isSet(QStringLiteral("runbooks")))
        runbookFolder = parser.value(QStringLiteral("runbooks"));
    return true;
}
