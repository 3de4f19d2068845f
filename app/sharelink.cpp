#include "sharelink.h"

#include <QMap>
#include <QUrl>
#include <QUrlQuery>

namespace {

// A shell word that survives copy and paste into bash.
QString shellQuote(const QString &s)
{
    static const QString safe = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+");
    bool plain = !s.isEmpty();
    for (const QChar c : s)
        plain = plain && safe.contains(c);
    if (plain)
        return s;
    QString out = s;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

std::optional<ShareLink> ShareLink::parse(const QString &link, QString *error)
{
    const QUrl url(link, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("dozor")) {
        *error = QStringLiteral("not a dozor:// link");
        return std::nullopt;
    }
    // dozor://open?... (host "open") or dozor:open?...
    const QString action = url.host().isEmpty() ? url.path() : url.host();
    if (action != QLatin1String("open")) {
        *error = QStringLiteral("unknown dozor:// action \"%1\" (only open)").arg(action);
        return std::nullopt;
    }
    ShareLink l;
    QMap<QString, QStringList> vars; // keeps the names in order
    QStringList order;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("dashboard"))
            l.dashboard = value;
        else if (key == QLatin1String("from"))
            l.from = value;
        else if (key == QLatin1String("to"))
            l.to = value;
        else if (key == QLatin1String("environment"))
            l.environment = value;
        else if (key.startsWith(QLatin1String("var-")) && key.size() > 4) {
            const QString name = key.mid(4);
            if (!vars.contains(name))
                order << name;
            vars[name] << value;
        }
    }
    if (l.dashboard.isEmpty()) {
        *error = QStringLiteral("the link names no dashboard");
        return std::nullopt;
    }
    const QUrl target(l.dashboard);
    if (!target.scheme().isEmpty() && target.scheme().size() > 1 && target.scheme() != QLatin1String("file")) {
        // A link never makes Dozor fetch a dashboard from a server.
        *error = QStringLiteral("a link may name a local or provisioned dashboard only, not %1").arg(target.scheme());
        return std::nullopt;
    }
    if (target.scheme() == QLatin1String("file"))
        l.dashboard = target.toLocalFile();
    for (const QString &name : std::as_const(order))
        l.variables << name + QLatin1Char('=') + vars.value(name).join(QLatin1Char(','));
    return l;
}

QString ShareLink::toUrl() const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("dashboard"), dashboard);
    if (!from.isEmpty())
        q.addQueryItem(QStringLiteral("from"), from);
    if (!to.isEmpty())
        q.addQueryItem(QStringLiteral("to"), to);
    for (const QString &v : variables) {
        const qsizetype eq = v.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        for (const QString &value : v.mid(eq + 1).split(QLatin1Char(',')))
            q.addQueryItem(QStringLiteral("var-") + v.left(eq), value);
    }
    if (!environment.isEmpty())
        q.addQueryItem(QStringLiteral("environment"), environment);
    QUrl url;
    url.setScheme(QStringLiteral("dozor"));
    url.setHost(QStringLiteral("open"));
    // Encode everything that could end a query item ('&', '=', '+', '#').
    QString encoded;
    for (const auto &[key, value] : q.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += QLatin1Char('&');
        encoded += QString::fromLatin1(QUrl::toPercentEncoding(key)) + QLatin1Char('=') +
                   QString::fromLatin1(QUrl::toPercentEncoding(value, "/:,"));
    }
    url.setQuery(encoded, QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

QString ShareLink::toCommandLine() const
{
    QStringList parts{QStringLiteral("dozor"), shellQuote(dashboard)};
    if (!from.isEmpty())
        parts << QStringLiteral("--from") << shellQuote(from);
    if (!to.isEmpty())
        parts << QStringLiteral("--to") << shellQuote(to);
    for (const QString &v : variables)
        parts << QStringLiteral("--var") << shellQuote(v);
    if (!environment.isEmpty())
        parts << QStringLiteral("--environment") << shellQuote(environment);
    return parts.join(QLatin1Char(' '));
}
