#include "commands.h"

#include "alertclient.h"
#include "alertfilter.h"
#include "alertmodel.h"
#include "chartpanel.h"
#include "dashboardcanvas.h"
#include "palette.h"
#include "panelrepeat.h"
#include "panelexport.h"
#include "panelwidget.h"
#include "variableresolver.h"
#include "dashboardcheck.h"
#include "dashboardloader.h"
#include "templating.h"
#include "dashboardqueries.h"
#include "datasourceregistry.h"
#include "prometheusclient.h"
#include "healthcheck.h"
#include "networkerror.h"
#include "targets.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPixmap>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

} // namespace

int runCheck(const QString &path, const QCommandLineParser &parser)
{
    const auto loaded = DashboardLoader::loadFile(path);
    if (!loaded.dashboard) {
        if (parser.isSet(QStringLiteral("json")))
            out() << QJsonDocument(QJsonObject{{QStringLiteral("error"), loaded.error}}).toJson(QJsonDocument::Compact)
                  << Qt::endl;
        err() << loaded.error << Qt::endl;
        return 1;
    }
    Dashboard d = *loaded.dashboard;
    QString varError;
    if (!Templating::applyOverrides(d.variables, parser.values(QStringLiteral("var")), &varError)) {
        err() << varError << Qt::endl;
        return 2;
    }
    const QJsonObject summary = DashboardCheck::summary(d);
    if (parser.isSet(QStringLiteral("json"))) {
        out() << QJsonDocument(summary).toJson(QJsonDocument::Indented);
        return summary.value(QLatin1String("errors")).toInt() > 0 ? 1 : 0;
    }
    out() << "dashboard: " << d.title << " (uid " << (d.uid.isEmpty() ? QStringLiteral("-") : d.uid)
          << ", schema " << d.schemaVersion << ", time " << d.timeFrom << " to " << d.timeTo
          << ", " << d.panels.size() << " panels, " << d.rows.size() << " rows, " << d.variables.size()
          << " variables)" << Qt::endl;
    for (const Variable &v : d.variables)
        out() << "variable $" << v.name << "\t" << v.type << "\t" << v.query << Qt::endl;
    for (const Panel &p : d.panels) {
        out() << "panel " << p.id << "\t" << p.type << "\t" << p.title;
        if (p.rowIndex >= 0)
            out() << "\t(row: " << p.row << ")";
        out() << Qt::endl;
        for (const Target &t : p.targets) {
            out() << "  " << (t.refId.isEmpty() ? QStringLiteral("-") : t.refId) << ": " << t.expr;
            if (!t.legendFormat.isEmpty())
                out() << "   legend: " << t.legendFormat;
            out() << Qt::endl;
        }
    }
    int errors = 0;
    for (const DashboardCheck::Problem &pr : DashboardCheck::problems(d)) {
        out() << pr.severity << ": " << (pr.panelId ? QStringLiteral("panel %1: ").arg(pr.panelId) : QString())
              << pr.message << Qt::endl;
        errors += pr.severity == QLatin1String("error");
    }
    return errors > 0 ? 1 : 0;
}

int runRender(const QString &path, const QCommandLineParser &parser, const Endpoints &endpoints)
{
    const auto loaded = DashboardLoader::loadFile(path);
    if (!loaded.dashboard) {
        err() << loaded.error << Qt::endl;
        return 2;
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        err() << "render: name the output with -o FILE.png or -o FILE.pdf" << Qt::endl;
        return 2;
    }
    Dashboard d = *loaded.dashboard;
    QString varError;
    QStringList pinned;
    if (!Templating::applyOverrides(d.variables, parser.values(QStringLiteral("var")), &varError, &pinned)) {
        err() << "render: " << varError << Qt::endl;
        return 2;
    }
    TimeRange range{d.timeFrom, d.timeTo};
    if (parser.isSet(QStringLiteral("from")))
        range.from = parser.value(QStringLiteral("from"));
    if (parser.isSet(QStringLiteral("to")))
        range.to = parser.value(QStringLiteral("to"));
    QString rangeError;
    if (!range.resolve(QDateTime::currentDateTimeUtc(), &rangeError)) {
        err() << "render: " << rangeError << Qt::endl;
        return 2;
    }
    bool widthOk = false;
    const int width = parser.value(QStringLiteral("width")).toInt(&widthOk);
    if (!widthOk || width < 200 || width > 10000) {
        err() << "render: --width must be between 200 and 10000 pixels" << Qt::endl;
        return 2;
    }

    // The same look as the window: tables, legends and text panels follow the palette.
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyDarkTheme(*app);
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    endpoints.configure(client);
    DatasourceRegistry registry(&nam);
    registry.setDatasources(endpoints.datasources);
    registry.setEnvironment(endpoints.environment);
    // Variables first (label_values and friends ask the server), then repeats.
    QStringList failures;
    {
        const auto resolved = range.resolve(QDateTime::currentDateTimeUtc());
        VariableResolver resolver(&client);
        resolver.setClientResolver([&registry](const QString &ref) { return registry.prometheusFor(ref); });
        resolver.setDatasourceNames(datasourceNamesByType(endpoints.datasources, endpoints.environment));
        resolver.setVariables(d.variables);
        resolver.setPinned(pinned);
        resolver.setTimeRange(resolved->start.toMSecsSinceEpoch(), resolved->end.toMSecsSinceEpoch());
        QEventLoop wait;
        QObject::connect(&resolver, &VariableResolver::resolved, &wait, &QEventLoop::quit);
        QObject::connect(&resolver, &VariableResolver::variableFailed, &wait,
                         [&](const QString &name, const QString &error) {
                             failures << QStringLiteral("variable $%1: %2").arg(name, error);
                         });
        QTimer::singleShot(client.timeoutMs() + 5000, &wait, &QEventLoop::quit);
        resolver.resolve();
        wait.exec();
        d.variables = resolver.variables();
        d.panels = PanelRepeat::expand(d.panels, d.variables);
    }
    DashboardQueries queries(&client);
    queries.setClientResolver([&registry](const QString &ref) { return registry.prometheusFor(ref); });
    queries.setDashboard(d);
    queries.setVariables(d.variables);

    DashboardCanvas canvas(d, width);
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    canvas.show();
    QCoreApplication::processEvents();

    QEventLoop loop;
    QObject::connect(&queries, &DashboardQueries::panelFinished, &canvas,
                     [&](int id, const PanelData &data) {
                         if (PanelWidget *p = canvas.panel(id))
                             p->setData(data);
                         if (!data.error.isEmpty()) {
                             const Panel *panel = d.panel(id);
                             failures << QStringLiteral("panel %1 (%2): %3")
                                             .arg(id)
                                             .arg(panel ? panel->title : QString(), data.error);
                         }
                     });
    QObject::connect(&queries, &DashboardQueries::inFlightChanged, &loop, [&](int n) {
        if (n == 0)
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        failures << QStringLiteral("gave up waiting after %1 s").arg(client.timeoutMs() / 1000 + 5);
        queries.cancelAll();
        loop.quit();
    });
    deadline.start(client.timeoutMs() + 5000);
    queries.refresh(canvas.plotWidths(), range);
    if (queries.inFlight() > 0)
        loop.exec();
    // Let the charts lay out their new series before grabbing.
    QCoreApplication::processEvents();

    if (output.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        // A report: a cover page (title, range, variables), then every panel in
        // layout order.
        ReportInfo info;
        info.title = d.title;
        info.rangeText = range.displayText();
        if (const auto r = range.resolve(QDateTime::currentDateTimeUtc())) {
            info.start = r->start;
            info.end = r->end;
        }
        info.variables = ReportInfo::variablesOf(d.variables);
        QList<PanelWidget *> panels;
        for (const int id : PanelExport::layoutOrder(d.panels)) {
            PanelWidget *p = canvas.panel(id);
            if (!p)
                continue;
            // The range the queries actually covered, when a panel has one.
            if (p->hasData() && p->data().start.isValid() && info.start == info.end) {
                info.start = p->data().start;
                info.end = p->data().end;
            }
            panels << p;
        }
        QString error;
        int pages = 0;
        if (!PanelExport::exportPdfReport(info, panels, output, &error, &pages)) {
            err() << "render: " << error << Qt::endl;
            return 2;
        }
        for (const QString &f : failures)
            err() << f << Qt::endl;
        out() << "wrote " << output << " (" << pages << " pages, " << panels.size() << " panels, "
              << range.displayText() << ")" << Qt::endl;
        return failures.isEmpty() ? 0 : 3;
    }

    QString error;
    if (!PanelExport::exportDashboardPng(&canvas, output, &error)) {
        err() << "render: " << error << Qt::endl;
        return 2;
    }
    const QSize size = canvas.size() * canvas.devicePixelRatio();
    for (const QString &f : failures)
        err() << f << Qt::endl;
    out() << "wrote " << output << " (" << size.width() << "x" << size.height() << ", "
          << d.panels.size() << " panels, " << range.displayText() << ")" << Qt::endl;
    return failures.isEmpty() ? 0 : 3;
}

namespace {

// One line of server text for a terminal: control characters never reach it.
QString terminalText(QString s)
{
    for (QChar &c : s)
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    return s.simplified();
}

QJsonObject labelsJson(const Labels &labels)
{
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

} // namespace

int runAlerts(const QCommandLineParser &parser, const Endpoints &endpoints)
{
    const AlertFilter filter = AlertFilter::parse(parser.value(QStringLiteral("filter")));
    if (!filter.error.isEmpty()) {
        err() << "--filter: " << filter.error << Qt::endl;
        return 1;
    }
    const QString state = parser.value(QStringLiteral("state")).trimmed().toLower();
    static const QStringList states = {QStringLiteral("firing"), QStringLiteral("pending"),
                                       QStringLiteral("silenced"), QStringLiteral("inhibited")};
    if (!state.isEmpty() && !states.contains(state)) {
        err() << "--state: one of " << states.join(QStringLiteral(", ")) << Qt::endl;
        return 1;
    }

    QNetworkAccessManager nam;
    AlertClient client(&nam);
    endpoints.configure(client);
    client.setTimeoutMs(15000);
    AlertSnapshot snapshot;
    QEventLoop loop;
    QObject::connect(&client, &AlertClient::updated, &loop, [&](const AlertSnapshot &s) {
        snapshot = s;
        loop.quit();
    });
    QTimer::singleShot(0, &client, &AlertClient::refresh);
    loop.exec();

    QList<Alert> shown;
    for (const Alert &a : std::as_const(snapshot.alerts))
        if ((state.isEmpty() || Alert::stateName(a.state) == state) && filter.matches(a))
            shown.append(a);
    std::stable_sort(shown.begin(), shown.end(), [](const Alert &a, const Alert &b) {
        const int ra = severityRank(a.severity()), rb = severityRank(b.severity());
        return ra != rb ? ra < rb : a.startsAt < b.startsAt;
    });

    bool critical = false;
    for (const Alert &a : std::as_const(shown))
        critical = critical || (a.state == Alert::State::Firing && severityRank(a.severity()) == 0);

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const Alert &a : std::as_const(shown)) {
            QJsonObject o;
            o.insert(QStringLiteral("alertname"), a.name());
            o.insert(QStringLiteral("severity"), a.severity());
            o.insert(QStringLiteral("state"), Alert::stateName(a.state));
            o.insert(QStringLiteral("startsAt"), a.startsAt.toUTC().toString(Qt::ISODateWithMs));
            o.insert(QStringLiteral("summary"), a.summary());
            o.insert(QStringLiteral("runbook"), a.runbook());
            o.insert(QStringLiteral("value"), a.value);
            o.insert(QStringLiteral("source"), a.source);
            o.insert(QStringLiteral("labels"), labelsJson(a.labels));
            o.insert(QStringLiteral("annotations"), labelsJson(a.annotations));
            arr.append(o);
        }
        QJsonObject root;
        root.insert(QStringLiteral("alerts"), arr);
        QJsonArray errors;
        for (const QString &e : snapshot.errors())
            errors.append(e);
        root.insert(QStringLiteral("errors"), errors);
        out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        out().flush();
    } else {
        const bool noSource = (!snapshot.alertmanagerConfigured || !snapshot.alertmanagerError.isEmpty())
                              && (!snapshot.prometheusConfigured || !snapshot.prometheusError.isEmpty());
        if (shown.isEmpty() && noSource)
            out() << "alerts unknown: no alert source answered" << Qt::endl;
        else if (shown.isEmpty())
            out() << "no active alerts" << (filter.isEmpty() && state.isEmpty() ? "" : " matching") << Qt::endl;
        const QDateTime now = snapshot.fetchedAt;
        for (const Alert &a : std::as_const(shown)) {
            // One line per alert; control characters from servers never reach the terminal.
            const auto clean = terminalText;
            out() << (a.severity().isEmpty() ? QStringLiteral("-") : clean(a.severity())).leftJustified(9) << ' '
                  << Alert::stateName(a.state).leftJustified(9) << ' '
                  << AlertModel::relativeTime(a.startsAt, now).leftJustified(12) << ' '
                  << clean(a.name()) << "  " << clean(a.summary()).left(160);
            if (!a.runbook().isEmpty())
                out() << "  runbook: " << clean(a.runbook());
            out() << Qt::endl;
        }
    }
    for (const QString &e : snapshot.errors())
        err() << "error: " << e << Qt::endl;
    if (critical)
        return 2;
    return snapshot.errors().isEmpty() ? 0 : 1;
}

int runTargets(const QCommandLineParser &parser, const Endpoints &endpoints)
{
    const QString state = parser.value(QStringLiteral("state")).trimmed().toLower();
    static const QStringList states = {QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("unknown")};
    if (!state.isEmpty() && !states.contains(state)) {
        err() << "--state: for targets one of " << states.join(QStringLiteral(", ")) << Qt::endl;
        return 1;
    }
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    endpoints.configure(client);
    client.setTimeoutMs(std::min(client.timeoutMs(), 15000));
    QList<ScrapeTarget> targets;
    QString error;
    QEventLoop loop;
    PrometheusListQuery *q = client.targets();
    QObject::connect(q, &PrometheusListQuery::targetsReady, &loop,
                     [&targets](const QList<ScrapeTarget> &t) { targets = t; });
    QObject::connect(q, &PrometheusListQuery::finished, &loop, [&](const QStringList &, const QString &e) {
        error = e;
        loop.quit();
    });
    loop.exec();

    const bool anyDown = std::any_of(targets.cbegin(), targets.cend(), [](const ScrapeTarget &t) {
        return t.health == ScrapeTarget::Health::Down;
    });
    QList<ScrapeTarget> shown;
    for (const ScrapeTarget &t : std::as_const(targets))
        if (state.isEmpty() || ScrapeTarget::healthName(t.health) == state)
            shown.append(t);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const ScrapeTarget &t : std::as_const(shown)) {
            QJsonObject o;
            o.insert(QStringLiteral("scrapePool"), t.scrapePool);
            o.insert(QStringLiteral("scrapeUrl"), t.scrapeUrl);
            o.insert(QStringLiteral("health"), ScrapeTarget::healthName(t.health));
            o.insert(QStringLiteral("labels"), labelsJson(t.labels));
            o.insert(QStringLiteral("lastScrape"),
                     t.lastScrape.isValid() ? QJsonValue(t.lastScrape.toString(Qt::ISODateWithMs)) : QJsonValue());
            o.insert(QStringLiteral("lastScrapeDurationSeconds"), t.lastScrapeDurationSeconds);
            o.insert(QStringLiteral("lastError"), t.lastError);
            arr.append(o);
        }
        QJsonObject root;
        root.insert(QStringLiteral("prometheus"), displayUrl(client.baseUrl()));
        root.insert(QStringLiteral("targets"), arr);
        root.insert(QStringLiteral("summary"), error.isEmpty() ? targetsSummary(targets) : QString());
        root.insert(QStringLiteral("error"), error);
        out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        out().flush();
    } else if (error.isEmpty()) {
        out() << targetsSummary(targets) << " (" << displayUrl(client.baseUrl()) << ")" << Qt::endl;
        for (const ScrapeTarget &t : std::as_const(shown)) {
            out() << ScrapeTarget::healthName(t.health).toUpper().leftJustified(8) << ' '
                  << terminalText(t.scrapePool).leftJustified(16) << ' ' << terminalText(t.scrapeUrl).leftJustified(40)
                  << ' ' << agoText(t.lastScrape, now).leftJustified(10) << ' '
                  << QStringLiteral("%1 ms").arg(t.lastScrapeDurationSeconds * 1000, 0, 'f', 1).leftJustified(10);
            if (!t.lastError.isEmpty())
                out() << "  error: " << terminalText(t.lastError).left(200);
            out() << Qt::endl;
        }
    }
    if (!error.isEmpty()) {
        err() << "error: cannot read targets: " << error << Qt::endl;
        return 1;
    }
    return anyDown ? 2 : 0;
}

int runHealth(const QCommandLineParser &parser, const Endpoints &endpoints)
{
    if (endpoints.healthChecks.isEmpty()) {
        err() << "no health URLs: give them with --health name=http://host:port/health (repeatable)" << Qt::endl;
        return 1;
    }
    QNetworkAccessManager nam;
    HealthChecker checker(&nam);
    checker.setEndpoints(endpoints.healthChecks);
    checker.setIntervalMs(0);
    QEventLoop loop;
    QObject::connect(&checker, &HealthChecker::roundFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(0, &checker, &HealthChecker::checkNow);
    loop.exec();

    bool anyBad = false;
    QJsonArray arr;
    for (const HealthStatus &s : checker.statuses()) {
        anyBad = anyBad || s.overall != HealthStatus::Overall::Healthy;
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonObject o;
            o.insert(QStringLiteral("name"), s.endpoint.displayName());
            o.insert(QStringLiteral("url"), displayUrl(s.endpoint.url));
            o.insert(QStringLiteral("health"), HealthStatus::overallName(s.overall));
            o.insert(QStringLiteral("httpStatus"), s.httpStatus);
            o.insert(QStringLiteral("status"), s.status);
            o.insert(QStringLiteral("latencyMs"), s.latencyMs);
            o.insert(QStringLiteral("error"), s.error);
            QJsonObject deps;
            for (const HealthDependency &d : s.dependencies)
                deps.insert(d.name, d.value);
            o.insert(QStringLiteral("dependencies"), deps);
            arr.append(o);
            continue;
        }
        out() << HealthStatus::overallName(s.overall).toUpper().leftJustified(12) << ' '
              << (s.httpStatus > 0 ? QString::number(s.httpStatus) : QStringLiteral("-")).leftJustified(4) << ' '
              << terminalText(s.endpoint.displayName()).leftJustified(24) << ' '
              << QStringLiteral("%1 ms").arg(s.latencyMs).leftJustified(8) << ' ' << displayUrl(s.endpoint.url);
        if (!s.error.isEmpty())
            out() << "  error: " << terminalText(s.error);
        else if (!s.failingText().isEmpty())
            out() << "  failing: " << terminalText(s.failingText()).left(200);
        out() << Qt::endl;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject root;
        root.insert(QStringLiteral("checks"), arr);
        out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        out().flush();
    }
    return anyBad ? 2 : 0;
}
