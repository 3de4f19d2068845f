#include "commands.h"
#include "endpoints.h"
#include "mainwindow.h"
#include "palette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

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
                                    "--filter", "--var"})
                if (std::strcmp(argv[i], opt) == 0)
                    ++i;
            continue;
        }
        for (const char *cmd : {"render", "check", "alerts"})
            if (std::strcmp(argv[i], cmd) == 0)
                return cmd;
        return nullptr;
    }
    return nullptr;
}

} // namespace

int main(int argc, char **argv)
{
    const char *sub = subcommandOf(argc, argv);
    const bool headless = sub != nullptr;
    // Headless subcommands must work without a display (cron, CI, ssh).
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    bool textOnly = sub && (std::strcmp(sub, "check") == 0 || std::strcmp(sub, "alerts") == 0);
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
        "  dozor [DASHBOARD.json]                 open the console\n"
        "  dozor check DASHBOARD.json [--json]    list panels, variables and queries; fail on a broken file\n"
        "  dozor render DASHBOARD.json -o out.png [--from now-6h] [--to now] [--width 1600]\n"
        "                                         render the dashboard with data, no display needed\n"
        "  dozor alerts [--json] [--state firing] [--filter 'severity=\"critical\"']\n"
        "                                         print active alerts; exit 2 if a critical one\n"
        "                                         fires, 1 if a server cannot be read, else 0"));
    parser.addHelpOption();
    parser.addVersionOption();
    endpoints.addOptions(parser);
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("render: image file to write."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("render: start of the range [dashboard's]."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("render: end of the range [dashboard's]."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("width"), QStringLiteral("render: image width in pixels."),
                      QStringLiteral("px"), QStringLiteral("1600")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("alerts, check: print JSON.")});
    parser.addOption({QStringLiteral("var"),
                      QStringLiteral("Set a dashboard variable (repeatable): name=value, name=a,b for several, "
                                     "name=All."),
                      QStringLiteral("name=value")});
    parser.addOption({QStringLiteral("state"),
                      QStringLiteral("alerts: only firing, pending, silenced or inhibited alerts."),
                      QStringLiteral("state")});
    parser.addOption({QStringLiteral("filter"),
                      QStringLiteral("alerts: matchers and words, e.g. 'severity=\"critical\"'."),
                      QStringLiteral("matchers")});
    parser.addPositionalArgument(QStringLiteral("command-or-dashboard"),
                                 QStringLiteral("render, check, alerts, or a dashboard file to open."));
    parser.process(*app);

    QString error;
    if (!endpoints.applyCommandLine(parser, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    QStringList args = parser.positionalArguments();
    if (sub && std::strcmp(sub, "alerts") == 0)
        return runAlerts(parser, endpoints);
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

    applyDarkTheme(*static_cast<QApplication *>(app.get()));
    MainWindow window(endpoints);
    window.show();
    if (!args.isEmpty()) {
        if (!window.openDashboard(args.first(), parser.values(QStringLiteral("var"))))
            window.openInitialDashboard();
    } else {
        window.openInitialDashboard();
    }
    return app->exec();
}
