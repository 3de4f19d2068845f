#include "dashboardqueries.h"

#include "exemplars.h"
#include "legendformat.h"
#include "prometheusclient.h"
#include "querystep.h"
#include "templating.h"

#include <algorithm>
#include <cmath>

DashboardQueries::DashboardQueries(PrometheusClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
}

DashboardQueries::~DashboardQueries()
{
    const auto ids = m_pending.keys() + m_exemplarPending.keys();
    for (int id : ids)
        cancelPanel(id);
}

void DashboardQueries::setDashboard(const Dashboard &dashboard)
{
    cancelAll();
    m_dashboard = dashboard;
}

void DashboardQueries::cancelAll()
{
    const auto ids = m_pending.keys() + m_exemplarPending.keys();
    for (int id : ids)
        cancelPanel(id);
    emit inFlightChanged(0);
}

void DashboardQueries::cancelPanel(int panelId)
{
    if (auto ex = m_exemplarPending.find(panelId); ex != m_exemplarPending.end()) {
        const std::vector<PrometheusListQuery *> queries = std::move(ex->queries);
        m_exemplarPending.erase(ex);
        for (PrometheusListQuery *q : queries)
            delete q;
    }
    auto it = m_pending.find(panelId);
    if (it == m_pending.end())
        return;
    const std::vector<PrometheusQuery *> queries = std::move(it->queries);
    m_pending.erase(it);
    for (PrometheusQuery *q : queries)
        delete q;
}

bool DashboardQueries::refresh(const QHash<int, int> &panelWidths, const TimeRange &range,
                               const QDateTime &now)
{
    QString error;
    const auto resolved = range.resolve(now, &error);
    for (auto it = panelWidths.cbegin(); it != panelWidths.cend(); ++it) {
        const Panel *panel = m_dashboard.panel(it.key());
        if (!panel || panel->targets.isEmpty())
            continue;
        if (!resolved) {
            PanelData failed;
            failed.error = error;
            emit panelFinished(panel->id, failed);
            continue;
        }
        startPanel(*panel, it.value(), *resolved);
    }
    emit inFlightChanged(inFlight());
    return resolved.has_value();
}

QList<Variable> DashboardQueries::variablesFor(const Panel &panel) const
{
    QList<Variable> vars = m_variables;
    if (!panel.repeat.isEmpty() && !panel.repeatValue.isNull()) {
        for (Variable &v : vars) {
            if (v.name == panel.repeat) {
                v.current = QStringList{panel.repeatValue};
                v.multi = false;
                v.includeAll = false;
            }
        }
    }
    return vars;
}

QueryClientChoice DashboardQueries::clientFor(const Panel &panel, const Target &target) const
{
    if (!m_resolver) {
        QueryClientChoice c;
        c.client = m_client;
        return c;
    }
    // A target's own reference wins; "-- Mixed --" on the panel means "each target
    // says", and a target that says nothing gets the default.
    QString ref = target.datasource;
    if (ref.isEmpty() || ref.startsWith(QLatin1String("-- ")))
        ref = panel.datasource;
    if (ref.contains(QLatin1Char('$'))) {
        Templating::MacroValues none;
        ref = Templating::interpolate(ref, variablesFor(panel), none);
    }
    return m_resolver(ref);
}

QString DashboardQueries::interpolatedExpr(const Panel &panel, const Target &target, qint64 startMs,
                                           qint64 endMs, double stepSeconds) const
{
    const QList<Variable> vars = variablesFor(panel);
    Templating::MacroValues macros;
    macros.fromMs = startMs;
    macros.toMs = endMs;
    macros.intervalSeconds = stepSeconds;
    const double dsScrape = m_resolver ? clientFor(panel, target).scrapeSeconds : 0;
    macros.scrapeIntervalSeconds = dsScrape > 0 ? dsScrape : m_scrapeSeconds;
    QString expr = Templating::interpolate(target.expr, vars, macros);
    QList<AdhocFilter> filters;
    for (const Variable &v : vars)
        if (v.type == QLatin1String("adhoc"))
            filters << v.filters;
    if (!filters.isEmpty())
        expr = Templating::applyAdhocFilters(expr, filters);
    return expr;
}

void DashboardQueries::startPanel(const Panel &panel, int width,
                                  const TimeRange::Resolved &range)
{
    cancelPanel(panel.id);
    const double rangeSeconds = range.start.msecsTo(range.end) / 1000.0;
    // A minimum interval (the panel's, or a target's) raises the step, as in Grafana.
    double minStep = m_scrapeSeconds > 0 ? m_scrapeSeconds : 15.0;
    Templating::MacroValues plain;
    plain.fromMs = range.start.toMSecsSinceEpoch();
    plain.toMs = range.end.toMSecsSinceEpoch();
    plain.intervalSeconds = minStep;
    plain.scrapeIntervalSeconds = m_scrapeSeconds;
    const QList<Variable> vars = variablesFor(panel);
    if (!panel.minInterval.isEmpty()) {
        const double s = Templating::parseDuration(
            Templating::interpolate(panel.minInterval, vars, plain).remove(QLatin1Char('>')));
        if (s > 0)
            minStep = s;
    }
    const int points = panel.maxDataPoints > 0 ? std::min(width, panel.maxDataPoints) : width;
    const double step = chooseStep(rangeSeconds, points, minStep);
    // Align to the step as Grafana does, so that successive refreshes hit the same
    // evaluation timestamps and charts do not shimmer.
    const qint64 stepMs = qint64(std::llround(step * 1000));
    const qint64 startMs = range.start.toMSecsSinceEpoch() / stepMs * stepMs;
    const qint64 endMs = range.end.toMSecsSinceEpoch() / stepMs * stepMs;

    Pending pending;
    pending.data.start = range.start;
    pending.data.end = range.end;
    pending.data.stepSeconds = step;
    pending.data.queryStartMs = startMs;
    pending.data.queryEndMs = endMs;
    const int id = panel.id;
    int targetIndex = -1;
    for (const Target &target : panel.targets) {
        ++targetIndex;
        if (target.hide)
            continue;
        double targetStep = step;
        if (!target.interval.isEmpty()) {
            const double s = Templating::parseDuration(
                Templating::interpolate(target.interval, vars, plain).remove(QLatin1Char('>')));
            if (s > step)
                targetStep = s;
        }
        targetStep *= std::max(1, target.intervalFactor);
        const QueryClientChoice choice = clientFor(panel, target);
        for (const QString &w : choice.warnings)
            if (!pending.data.warnings.contains(w))
                pending.data.warnings << w;
        if (!choice.client) {
            pending.errorRefs << target.refId;
            pending.errors << choice.error;
            continue;
        }
        PrometheusClient *client = choice.client;
        const QString expr = interpolatedExpr(panel, target, startMs, endMs, targetStep);
        const QString legend = Templating::interpolate(target.legendFormat, vars, plain);
        PrometheusQuery *q = target.instant
            ? client->queryInstant(expr, QDateTime::fromMSecsSinceEpoch(range.end.toMSecsSinceEpoch(), Qt::UTC), this)
            : client->queryRange(expr, QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC),
                                   QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC), targetStep, this);
        const std::size_t slot = pending.queries.size();
        connect(q, &PrometheusQuery::finished, this,
                [this, id, slot, q, target, legend, expr](const QueryResult &r) {
                    onQueryFinished(id, slot, q, target, legend, expr, r);
                });
        pending.queries.push_back(q);
        const bool exemplars = !target.instant && targetWantsExemplars(panel, targetIndex);
        pending.exemplarExprs.push_back(exemplars ? expr : QString());
        pending.exemplarClients.push_back(client);
        pending.wantsExemplars = pending.wantsExemplars || exemplars;
    }
    pending.remaining = int(pending.queries.size());
    pending.perTarget.resize(pending.queries.size());
    if (pending.remaining == 0) {
        if (!pending.errors.isEmpty()) {
            PanelData failed = std::move(pending.data);
            failed.error = pending.errors.join(QLatin1Char('\n'));
            emit panelFinished(id, failed);
        }
        return;
    }
    m_pending.insert(id, std::move(pending));
    emit panelLoading(id);
}

void DashboardQueries::onQueryFinished(int panelId, std::size_t slot, PrometheusQuery *query,
                                       const Target &target, const QString &legendFormat,
                                       const QString &expr, const QueryResult &result)
{
    auto it = m_pending.find(panelId);
    if (it == m_pending.end())
        return;
    Pending &p = *it;
    if (!result.ok()) {
        p.errorRefs << target.refId;
        p.errors << result.error;
        p.exemplarExprs[slot].clear();
    } else {
        p.data.warnings << result.warnings;
        for (const Series &s : result.series) {
            PanelSeries ps;
            ps.name = formatLegend(legendFormat, s.labels, expr);
            ps.refId = target.refId;
            ps.labels = s.labels;
            ps.timestampsMs = s.timestampsMs;
            ps.values = s.values;
            p.perTarget[slot].push_back(std::move(ps));
        }
    }
    // Out of the list first: cancelPanel must not delete it again once it is gone.
    p.queries[slot] = nullptr;
    query->deleteLater();
    if (--p.remaining > 0)
        return;
    PanelData data = std::move(p.data);
    for (auto &seriesOfTarget : p.perTarget)
        for (PanelSeries &ps : seriesOfTarget)
            data.series.push_back(std::move(ps));
    // One message when every query failed alike (a server that is down); otherwise say
    // which query failed how.
    QStringList distinct = p.errors;
    distinct.removeDuplicates();
    if (distinct.size() == 1) {
        data.error = distinct.first();
    } else {
        for (int i = 0; i < p.errors.size(); ++i)
            data.error += (i ? QStringLiteral("\n") : QString()) + p.errorRefs[i] + QLatin1String(": ") + p.errors[i];
    }
    const std::vector<QString> exemplarExprs = std::move(p.exemplarExprs);
    const std::vector<PrometheusClient *> exemplarClients = std::move(p.exemplarClients);
    const bool wantsExemplars = p.wantsExemplars;
    m_pending.erase(it);
    // Started before panelFinished, so that a refresh from a handler cancels them.
    startExemplars(panelId, exemplarExprs, exemplarClients, data.start, data.end);
    const bool exemplarsComing = m_exemplarPending.contains(panelId);
    emit inFlightChanged(inFlight());
    emit panelFinished(panelId, data);
    // Every query that wanted exemplars failed: none to show, and stale ones must go.
    if (wantsExemplars && !exemplarsComing)
        emit exemplarsReady(panelId, {});
}

void DashboardQueries::startExemplars(int panelId, const std::vector<QString> &exprs,
                                      const std::vector<PrometheusClient *> &clients,
                                      const QDateTime &start, const QDateTime &end)
{
    ExemplarPending pending;
    QStringList seen;
    for (std::size_t i = 0; i < exprs.size(); ++i) {
        const QString &expr = exprs[i];
        if (expr.isEmpty() || seen.contains(expr))
            continue;
        seen << expr;
        PrometheusClient *client = i < clients.size() && clients[i] ? clients[i] : m_client;
        PrometheusListQuery *q = client->queryExemplars(expr, start, end, this);
        connect(q, &PrometheusListQuery::exemplarsReady, this,
                [this, panelId](const QList<ExemplarSeries> &exemplars) {
                    auto it = m_exemplarPending.find(panelId);
                    if (it == m_exemplarPending.end())
                        return;
                    // Targets over the same series (p50 and p95 of one histogram)
                    // bring the same exemplars: keep each series once.
                    for (const ExemplarSeries &s : exemplars) {
                        const bool known = std::any_of(it->exemplars.cbegin(), it->exemplars.cend(),
                                                       [&s](const ExemplarSeries &k) {
                                                           return k.seriesLabels == s.seriesLabels;
                                                       });
                        if (!known)
                            it->exemplars.append(s);
                    }
                });
        // Errors (404 from an older server, no exemplar storage) only mean no points.
        connect(q, &PrometheusListQuery::finished, this,
                [this, panelId, q](const QStringList &, const QString &) { onExemplarsFinished(panelId, q); });
        pending.queries.push_back(q);
    }
    pending.remaining = int(pending.queries.size());
    if (pending.remaining > 0)
        m_exemplarPending.insert(panelId, std::move(pending));
}

void DashboardQueries::onExemplarsFinished(int panelId, PrometheusListQuery *query)
{
    auto it = m_exemplarPending.find(panelId);
    if (it == m_exemplarPending.end())
        return;
    std::replace(it->queries.begin(), it->queries.end(), query, static_cast<PrometheusListQuery *>(nullptr));
    query->deleteLater();
    if (--it->remaining > 0)
        return;
    const QList<ExemplarSeries> exemplars = std::move(it->exemplars);
    m_exemplarPending.erase(it);
    emit exemplarsReady(panelId, exemplars);
}
