#include "dashboardqueries.h"

#include "compression.h"

#include "exemplars.h"
#include "httpjob.h"
#include "legendformat.h"
#include "prometheusclient.h"
#include "querystep.h"
#include "templating.h"

#include <algorithm>
#include <cmath>

namespace {

QString secondsText(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

// The POSTed form as a GET URL a user can paste: same endpoint and parameters, every
// value percent-encoded (a '+' left alone would reach the server as a space).
QUrl requestUrl(QUrl url, const QString &expr, bool instant, qint64 startMs, qint64 endMs, qint64 timeMs,
                double step)
{
    url.setUserInfo(QString());
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    const auto add = [&query](const char *key, const QString &value) {
        if (!query.isEmpty())
            query += '&';
        query += key;
        query += '=';
        query += QUrl::toPercentEncoding(value);
    };
    add("query", expr);
    if (instant) {
        add("time", secondsText(timeMs));
    } else {
        add("start", secondsText(startMs));
        add("end", secondsText(endMs));
        add("step", QString::number(step, 'g', 12));
    }
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

} // namespace

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
    for (auto it = m_runs.begin(); it != m_runs.end();)
        it = m_dashboard.panel(it.key()) ? std::next(it) : m_runs.erase(it);
}

const PanelRunRecord *DashboardQueries::lastRun(int panelId) const
{
    const auto it = m_runs.constFind(panelId);
    return it == m_runs.cend() ? nullptr : &it->record;
}

void DashboardQueries::recordResponse(int panelId, quint64 serial, std::size_t index, const HttpResult &http)
{
    auto it = m_runs.find(panelId);
    if (it == m_runs.end() || it->serial != serial || index >= it->record.queries.size())
        return;
    PanelQueryRecord &r = it->record.queries[index];
    r.httpStatus = http.status;
    // A successful answer's body comes with its decode, kept on the pool
    // (keepRecorded); error answers (small, and some never reach the pool) here.
    if (http.ok())
        return;
    it->recordedBytes -= r.responseSize;
    const qint64 room = std::max<qint64>(0, kMaxRecordedResponseBytes - it->recordedBytes);
    // Compressed bodies are inflated only as far as the record keeps them.
    const InflateResult plain = inflateBody(http.body, http.contentEncoding, room);
    r.setResponse(plain.ok() ? plain.body : http.body.left(room));
    r.responseTruncated = plain.ok() ? plain.truncated : http.body.size() > room;
    it->recordedBytes += r.responseSize;
}

void DashboardQueries::keepRecorded(RunState &run, PanelQueryRecord &r, const QueryResult::Recorded &recorded)
{
    run.recordedBytes -= r.responseSize;
    const qint64 room = std::max<qint64>(0, kMaxRecordedResponseBytes - run.recordedBytes);
    if (recorded.size <= room) {
        r.deflatedResponse = recorded.deflated;
        r.responseSize = recorded.size;
        r.responseTruncated = recorded.truncated;
    } else {
        // The panel's other queries took part of the room first (rare: several
        // large answers): cut to what is left.
        r.setResponse(keptBodyText(recorded.deflated).left(room));
        r.responseTruncated = true;
    }
    run.recordedBytes += r.responseSize;
}

QByteArray PanelQueryRecord::response() const
{
    return keptBodyText(deflatedResponse);
}

void PanelQueryRecord::setResponse(const QByteArray &plain)
{
    responseSize = plain.size();
    deflatedResponse = keptBody(plain);
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

    RunState &run = m_runs[panel.id];
    run = RunState{};
    run.serial = ++m_runSerial;
    run.timer.start();
    run.record.startedAt = QDateTime::currentDateTimeUtc();
    run.record.startMs = startMs;
    run.record.endMs = endMs;
    run.record.stepSeconds = step;
    const quint64 serial = run.serial;

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
        PanelQueryRecord record;
        record.refId = target.refId;
        record.datasourceName = choice.datasourceName;
        record.instant = target.instant;
        record.stepSeconds = targetStep;
        if (!choice.client) {
            pending.errorRefs << target.refId;
            pending.errors << choice.error;
            record.expr = interpolatedExpr(panel, target, startMs, endMs, targetStep);
            record.error = choice.error;
            record.finished = true;
            m_runs[id].record.queries.push_back(std::move(record));
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
        record.expr = expr;
        record.url = requestUrl(q->url(), expr, target.instant, startMs, endMs, range.end.toMSecsSinceEpoch(),
                                targetStep);
        const std::size_t recordIndex = m_runs[id].record.queries.size();
        m_runs[id].record.queries.push_back(std::move(record));
        // The answer as received, for the inspector: made with the decode on the pool
        // (setRecordLimit, kept in the finished handler below). The query's transport
        // job, its child, reports the HTTP status - and an error answer's body - first.
        q->setRecordLimit(kMaxRecordedResponseBytes);
        if (auto *job = q->findChild<HttpJob *>()) {
            connect(job, &HttpJob::finished, this, [this, id, serial, recordIndex](const HttpResult &http) {
                recordResponse(id, serial, recordIndex, http);
            });
        }
        connect(q, &PrometheusQuery::finished, this,
                [this, id, slot, q, target, legend, expr, serial, recordIndex](const QueryResult &r) {
                    if (auto run = m_runs.find(id); run != m_runs.end() && run->serial == serial) {
                        PanelQueryRecord &rec = run->record.queries[recordIndex];
                        if (r.recorded)
                            keepRecorded(*run, rec, *r.recorded);
                        rec.error = r.error;
                        rec.finished = true;
                        const bool all = std::all_of(run->record.queries.cbegin(), run->record.queries.cend(),
                                                     [](const PanelQueryRecord &x) { return x.finished; });
                        if (all)
                            run->record.durationMs = run->timer.elapsed();
                    }
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
        m_runs[id].record.durationMs = m_runs[id].timer.elapsed();
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
