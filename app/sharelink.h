#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/// A link that reopens a dashboard as someone saw it:
/// `dozor://open?dashboard=...&from=now-6h&to=now&var-env=prod&var-host=a&var-host=b&environment=staging`
/// (Grafana's own URL parameters: from, to, var-NAME repeated for several values).
/// The desktop file registers Dozor for the dozor: scheme, so a click on such a link
/// in a chat or a ticket opens it. A link only names things to open: a local dashboard
/// file, a bundled one (":/..."), or a provisioned dashboard's uid or title - never a
/// remote URL - and values for the time range and variables.
struct ShareLink
{
    QString dashboard;
    QString from;
    QString to;
    /// `name=value` or `name=a,b` (several values), as `--var` takes them.
    QStringList variables;
    QString environment;

    /// Reads a dozor:// link; nothing (with `error`) for another scheme or action, a
    /// link without a dashboard, or a dashboard that is a remote URL.
    static std::optional<ShareLink> parse(const QString &link, QString *error);
    QString toUrl() const;
    /// The equivalent command line (for people who prefer a terminal).
    QString toCommandLine() const;
};
