#include "alert.h"

#include "runbooks.h"

#include <QUrl>

QString Alert::summary() const
{
    for (const char *key : {"summary", "message", "description", "alert"}) {
        const QString v = annotations.value(QLatin1String(key));
        if (!v.isEmpty())
            return v;
    }
    return {};
}

QString Alert::displayValue() const
{
    bool ok = false;
    const double v = value.trimmed().toDouble(&ok);
    return ok ? QString::number(v, 'g', 4) : value;
}

QString Alert::runbook() const
{
    for (const char *key : {"runbook_url", "runbook"}) {
        const QString v = annotations.value(QLatin1String(key)).trimmed();
        if (!v.isEmpty())
            return v;
    }
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
        if (isWebUrl(QUrl(it.value().trimmed(), QUrl::StrictMode)))
            return it.value().trimmed();
    return {};
}

QString Alert::generatorExpression() const
{
    // Prometheus encodes the expression with Go's url.QueryEscape, which writes a space
    // as '+' (and a '+' as %2B). QUrlQuery leaves '+' alone, so decode by hand.
    const QUrl url(generatorUrl);
    const QString query = url.query(QUrl::FullyEncoded);
    for (const QString &item : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        if (eq < 0 || item.left(eq) != QLatin1String("g0.expr"))
            continue;
        QByteArray value = item.mid(eq + 1).toUtf8();
        value.replace('+', ' ');
        return QUrl::fromPercentEncoding(value);
    }
    return {};
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
