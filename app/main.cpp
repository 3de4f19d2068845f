#include "idlereclaim.h"
#include "commands.h"
#include "tracecommands.h"
#include "endpoints.h"
#include "mainwindow.h"
#include "traceworkspace.h"
#include "palette.h"
#include "wallscreen.h"
#include "sharelink.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>
#include <QUrl>
#include <optional>

#include <cstring>
#include <memory>

namespace {

const char *subcommandOf(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (argv[i][0] == '-') {
            // Skip the value of options that take one.
            for (const char *opt : {"--prometheus", "--alertmanager", "--jaeger", "-o", "--output",
                                    "--from", "--to", "--width", "-platform", "--runbooks", "--state",
                                    "--filter", "--var", "--service", "--operation", "--tags",
                                    "--min-duration", "--max-duration", "--lookback", "--limit", "--file",
                                    "--provisioning", "--environment", "--health",
                                    "--playlist", "--interval", "--theme", "--lang"})
                if (std::strcmp(argv[i], opt) == 0)
                    ++i;
            continue;
        }
        for (const char *cmd : {"render", "check", "alerts", "traces", "trace", "targets", "health"})
            if (std::strcmp(argv[i], cmd) == 0)
                return cmd;
        return nullptr;
    }
    return nullptr;
}

} // namespace

int main(int argc, char **argv)
{
    IdleReclaim::configureAllocator();
    const char *sub = subcommandOf(argc, argv);
    const bool headless = sub != nullptr;
    // Headless subcommands must work without a display (cron, CI, ssh).
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    bool wantsImage = false;
    for (int i = 1; i < argc; ++i)
        wantsImage = wantsImage || std::strcmp(argv[i], "-o") == 0 || std::strcmp(argv[i], "--output") == 0;
    bool textOnly = sub && (std::strcmp(sub, "check") == 0 || std::strcmp(sub, "alerts") == 0 ||
                            std::strcmp(sub, "targets") == 0 || std::strcmp(sub, "health") == 0 ||
                            std::strcmp(sub, "traces") == 0 || (std::strcmp(sub, "trace") == 0 && !wantsImage));
    for (int i = 1; i < argc; ++i)
        for (const char *opt : {"-h", "--help", "-v", "--version", "--help-all"})
            textOnly = textOnly || std::strcmp(argv[i], opt) == 0;
    std::unique_ptr<QCoreApplication> app;
    if (textOnly)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Dozor"));
    QCoreApplication::setApplicationName(QStringLiteral("dozor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DOZOR_VERSION));

    Endpoints endpoints = Endpoints::fromSettings();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Dozor: a native monitoring console for Prometheus, Alertmanager and Jaeger.\n\n"
        "  dozor [DASHBOARD.json ...]             open the console (each further dashboard in a window\n"
        "                                         of its own; File > New Window opens more)\n"
        "  dozor --kiosk --playlist a.json,b.json --interval 60s\n"
        "                                         a wall screen rotating dashboards\n"
        "  dozor 'dozor://open?dashboard=...&from=now-1h&to=now&var-x=a'\n"
        "                                         open a shared link (File > Copy Link makes one)\n"
        "  dozor --provisioning DIR [DASHBOARD]   use a Grafana provisioning folder's datasources and\n"
        "                                         dashboards (DASHBOARD may be a provisioned uid or title;\n"
        "                                         works with every command)\n"
        "  dozor check DASHBOARD.json [--json]    list panels, variables and queries; fail on a broken file\n"
        "  dozor render DASHBOARD.json -o out.png|report.pdf [--from now-6h] [--to now] [--width 1600]\n"
        "                                         render the dashboard with data, no display needed\n"
        "  dozor alerts [--json] [--state firing] [--filter 'severity=\"critical\"']\n"
        "                                         print active alerts; exit 2 if a critical one\n"
        "                                         fires, 1 if a server cannot be read, else 0\n"
        "  dozor targets [--json] [--state down]  Prometheus scrape targets with health, down first;\n"
        "                                         exit 2 if any target is down, 1 if unreadable\n"
        "  dozor health --health name=URL [...] [--json]\n"
        "                                         poll /health and /ready URLs once; exit 2 if any\n"
        "                                         is unhealthy or unreachable\n"
        "  dozor traces --service rust-api [--operation OP] [--tags 'error=true'] [--min-duration 500ms]\n"
        "               [--max-duration 2s] [--lookback 1h] [--limit 20] [--json]\n"
        "                                         list matching traces from Jaeger, longest first\n"
        "  dozor trace TRACE_ID [--json] [-o waterfall.png]\n"
        "  dozor trace --file trace.json [...]    critical path and top spans by self time, or the\n"
        "                                         waterfall as an image (a file needs no server)"));
    parser.addHelpOption();
    parser.addVersionOption();
    endpoints.addOptions(parser);
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("render: image (.png) or report (.pdf) to write; trace: image file to write."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("render and the window: start of the range [dashboard's]."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("render and the window: end of the range [dashboard's]."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("width"), QStringLiteral("render: image width in pixels."),
                      QStringLiteral("px"), QStringLiteral("1600")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("alerts, check, traces, trace, targets, health: print JSON.")});
    parser.addOption({QStringLiteral("var"),
                      QStringLiteral("Set a dashboard variable (repeatable): name=value, name=a,b for several, "
                                     "name=All."),
                      QStringLiteral("name=value")});
    parser.addOption({QStringLiteral("state"),
                      QStringLiteral("alerts: only firing, pending, silenced or inhibited alerts; "
                                     "targets: only up, down or unknown targets."),
                      QStringLiteral("state")});
    parser.addOption({QStringLiteral("filter"),
                      QStringLiteral("alerts: matchers and words, e.g. 'severity=\"critical\"'."),
                      QStringLiteral("matchers")});
    parser.addOption({QStringLiteral("service"), QStringLiteral("traces: the service to search."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("operation"), QStringLiteral("traces: only this operation."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("tags"), QStringLiteral("traces: span tags to match, logfmt: 'error=true k=v'."),
                      QStringLiteral("tags")});
    parser.addOption({QStringLiteral("min-duration"), QStringLiteral("traces: shortest trace, e.g. 500ms."),
                      QStringLiteral("duration")});
    parser.addOption({QStringLiteral("max-duration"), QStringLiteral("traces: longest trace, e.g. 2s."),
                      QStringLiteral("duration")});
    parser.addOption({QStringLiteral("lookback"), QStringLiteral("traces: how far back to search."),
                      QStringLiteral("duration"), QStringLiteral("1h")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("traces: at most this many traces (1-1500)."),
                      QStringLiteral("n"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("file"),
                      QStringLiteral("trace: read a Jaeger JSON/JSONL or OTLP file instead of the server; "
                                     "the window: open it in the trace view."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("kiosk"),
                      QStringLiteral("Wall screen: full screen without menus, toolbars or status bar "
                                     "(Ctrl+Shift+K leaves).")});
    parser.addOption({QStringLiteral("playlist"), QStringLiteral("Rotate these dashboards (comma-separated files)."),
                      QStringLiteral("a.json,b.json")});
    parser.addOption({QStringLiteral("interval"), QStringLiteral("How long each playlist dashboard shows, e.g. 60s."),
                      QStringLiteral("duration"), QStringLiteral("60s")});
    parser.addOption({QStringLiteral("theme"),
                      QStringLiteral("system, light or dark [the one chosen in View > Theme]."),
                      QStringLiteral("theme")});
    parser.addOption({QStringLiteral("lang"),
                      QStringLiteral("The window's language: ru or en [the one chosen in View > Language, "
                                     "else the system's]. Subcommands always print English."),
                      QStringLiteral("language")});
    parser.addPositionalArgument(QStringLiteral("command-or-dashboard"),
                                 QStringLiteral("render, check, alerts, traces, trace, targets, health, or dashboard files to open "
                                                "(one window each)."));
    parser.process(*app);

    QString error;
    if (!endpoints.applyCommandLine(parser, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    QStringList args = parser.positionalArguments();
    // A dozor:// link (from the desktop's URL handler) or a file:// URL.
    QStringList linkVars;
    std::optional<ShareLink> link;
    if (!sub && !args.isEmpty() && args.first().startsWith(QLatin1String("dozor:"), Qt::CaseInsensitive)) {
        QString why;
        link = ShareLink::parse(args.first(), &why);
        if (!link) {
            QTextStream(stderr) << "dozor: " << why << Qt::endl;
            return 2;
        }
        args[0] = link->dashboard;
        linkVars = link->variables;
        if (!link->environment.isEmpty()) {
            if (!datasourceEnvironments(endpoints.datasources).contains(link->environment)) {
                QTextStream(stderr) << "dozor: the link's environment \"" << link->environment
                                    << "\" is not configured here; using the default datasources" << Qt::endl;
            } else {
                endpoints.environment = link->environment;
            }
        }
    } else if (!sub && !args.isEmpty() && args.first().startsWith(QLatin1String("file:"))) {
        args[0] = QUrl(args.first()).toLocalFile();
    }
    if (const QString why = endpoints.loadSecrets(); !why.isEmpty())
        endpoints.notices << QStringLiteral("credentials: ") + why;
    for (const QString &notice : std::as_const(endpoints.notices))
        QTextStream(stderr) << "dozor: " << notice << Qt::endl;
    // A dashboard named by uid or title among the provisioned ones (--provisioning).
    const bool takesDashboard = !sub || std::strcmp(sub, "render") == 0 || std::strcmp(sub, "check") == 0;
    for (qsizetype i = sub ? 1 : 0; takesDashboard && i < args.size() && !endpoints.provisioning.providers.isEmpty(); ++i) {
        if (QFileInfo::exists(args[i]))
            continue;
        if (const auto found = endpoints.provisioning.findDashboard(args[i]))
            args[i] = found->path;
    }
    if (sub && std::strcmp(sub, "alerts") == 0)
        return runAlerts(parser, endpoints);
    if (sub && std::strcmp(sub, "targets") == 0)
        return runTargets(parser, endpoints);
    if (sub && std::strcmp(sub, "health") == 0)
        return runHealth(parser, endpoints);
    if (sub && std::strcmp(sub, "traces") == 0)
        return runTraces(parser, endpoints);
    if (sub && std::strcmp(sub, "trace") == 0) {
        if (args.size() > 2) {
            QTextStream(stderr) << "usage: dozor trace TRACE_ID | --file trace.json (see dozor --help)" << Qt::endl;
            return 2;
        }
        return runTrace(args.value(1), parser, endpoints);
    }
    if (sub) {
        args.removeFirst();
        if (args.size() != 1) {
            QTextStream(stderr) << "usage: dozor " << sub << " DASHBOARD.json (see dozor --help)" << Qt::endl;
            return 2;
        }
        if (std::strcmp(sub, "check") == 0)
            return runCheck(args.first(), parser);
        return runRender(args.first(), parser, endpoints);
    }

    // The window speaks the user's language; the subcommands above print English for scripts.
    const QString language = parser.value(QStringLiteral("lang")).trimmed().toLower();
    if (!language.isEmpty() && language != QLatin1String("ru") && language != QLatin1String("en")) {
        QTextStream(stderr) << "dozor: --lang must be ru or en" << Qt::endl;
        return 2;
    }
    if (!installTranslations(language))
        QTextStream(stderr) << "dozor: the " << chooseUiLanguage(language) << " translation is missing; using English"
                            << Qt::endl;

    Theme::Mode theme = Theme::saved();
    if (parser.isSet(QStringLiteral("theme"))) {
        const auto chosen = Theme::fromName(parser.value(QStringLiteral("theme")));
        if (!chosen) {
            QTextStream(stderr) << "dozor: --theme must be system, light or dark" << Qt::endl;
            return 2;
        }
        theme = *chosen; // this run only; View > Theme remembers a choice
    }
    const auto interval = WallScreen::parseInterval(parser.value(QStringLiteral("interval")));
    if (!interval) {
        QTextStream(stderr) << "dozor: --interval must be a duration such as 60s or 2m" << Qt::endl;
        return 2;
    }
    const QStringList playlist =
        WallScreen::splitPlaylist(parser.values(QStringLiteral("playlist")).join(QLatin1Char(',')));
    applyTheme(*static_cast<QApplication *>(app.get()), theme);
    MainWindow window(endpoints);
    window.show();
    // `dozor a.json b.json`: each further dashboard in a window of its own.
    QList<MainWindow *> windows{&window};
    if (!playlist.isEmpty()) {
        // The playlist opens its own first dashboard.
    } else if (!args.isEmpty()) {
        if (!window.openDashboard(args.first(), linkVars + parser.values(QStringLiteral("var"))))
            window.openInitialDashboard();
        for (qsizetype i = 1; i < args.size(); ++i) {
            QString path = args.at(i);
            if (path.startsWith(QLatin1String("dozor:"), Qt::CaseInsensitive)) {
                QTextStream(stderr) << "dozor: only the first argument can be a dozor: link; " << path
                                    << " was not opened" << Qt::endl;
                continue;
            }
            if (path.startsWith(QLatin1String("file:")))
                path = QUrl(path).toLocalFile();
            MainWindow *extra = window.openNewWindow();
            if (!extra->openDashboard(path, parser.values(QStringLiteral("var"))))
                extra->openInitialDashboard();
            windows << extra;
        }
    } else {
        window.openInitialDashboard();
    }
    // --from / --to (or a link's range) over the dashboard's own, in every window
    // the command line opened.
    for (MainWindow *w : std::as_const(windows)) {
        TimeRange range = w->timeRange();
        if (w == &window && link && !link->from.isEmpty())
            range.from = link->from;
        if (w == &window && link && !link->to.isEmpty())
            range.to = link->to;
        if (parser.isSet(QStringLiteral("from")))
            range.from = parser.value(QStringLiteral("from"));
        if (parser.isSet(QStringLiteral("to")))
            range.to = parser.value(QStringLiteral("to"));
        if (!(range == w->timeRange())) {
            QString why;
            if (range.resolve(QDateTime::currentDateTimeUtc(), &why))
                w->setTimeRange(range);
            else
                QTextStream(stderr) << "dozor: time range not used: " << why << Qt::endl;
        }
    }
    if (parser.isSet(QStringLiteral("file")))
        window.traces()->openTraceFile(parser.value(QStringLiteral("file")));
    if (parser.isSet(QStringLiteral("kiosk")) || !playlist.isEmpty()) {
        auto *wall = new WallScreen(&window); // owned by the window
        wall->setKiosk(parser.isSet(QStringLiteral("kiosk")));
        if (!playlist.isEmpty()) {
            wall->setPlaylist(playlist, *interval);
            wall->start();
        }
    }
    return app->exec();
}
