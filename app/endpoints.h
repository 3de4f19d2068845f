#pragma once

#include <QUrl>

class QCommandLineParser;

/// Where the console's datasources live: conventional local ports by default,
/// then QSettings, then the command line (which wins and is not saved).
struct Endpoints
{
    QUrl prometheus{QStringLiteral("http://localhost:9090")};
    QUrl alertmanager{QStringLiteral("http://localhost:9093")};
    QUrl jaeger{QStringLiteral("http://localhost:16686")};
    /// A folder of the user's own Markdown runbooks, searched before the bundled ones.
    QString runbookFolder;

    /// The user's folder (if any), then the bundled runbooks.
    QStringList runbookFolders() const;

    static Endpoints fromSettings();
    /// Applies --prometheus/--alertmanager/--jaeger; returns false with `error` set
    /// for a URL that is not http(s).
    bool applyCommandLine(const QCommandLineParser &parser, QString *error);
    void addOptions(QCommandLineParser &parser) const;
};
