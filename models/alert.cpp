#include "alert.h"

#include <QUrlQuery>

namespace {
bool isHttpUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}
} // namespace

QString Alert::summary() const
{
    for (const char *key : {"summary", "message", "description", "alert"}) {
        const QString v = annotations.value(QLatin1String(key));
        if (!v.isEmpty())
            return v;
    }
    return {};
}

QString Alert::runbook() const
{
    for (const char *key : {"runbook_url", "runbook"}) {
        const QString v = annotations.value(QLatin1String(key)).trimmed();
        if (!v.isEmpty())
            return v;
    }
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
        if (isHttpUrl(it.value()))
            return it.value().trimmed();
    return {};
}

QString Alert::generatorExpression() const
{
    const QUrl url(generatorUrl);
    const QUrlQuery query(url);
    return query.queryItemValue(QStringLiteral("g0.expr"), QUrl::FullyDecoded);
}

QString Alert::identity() const
{
    if (!fingerprint.isEmpty())
        return fingerprint;
    return seriesName(labels);
}

QString Alert::stateName(State s)
{
    switch (s) {
    case State::Firing: return QStringLiteral("firing");
    case State::Pending: return QStringLiteral("pending");
    case State::Silenced: return QStringLiteral("silenced");
    case State::Inhibited: return QStringLiteral("inhibited");
    case State::Inactive: return QStringLiteral("inactive");
    }
    return {};
}

int severityRank(const QString &severity)
{
    const QString s = severity.toLower();
    if (s == QLatin1String("critical") || s == QLatin1String("page") || s == QLatin1String("error"))
        return 0;
    if (s == QLatin1String("warning") || s == QLatin1String("warn"))
        return 1;
    if (s == QLatin1String("info") || s == QLatin1String("none"))
        return 2;
    return 3;
}
