#include "dashboardqueries.h"

#include "legendformat.h"
#include "prometheusclient.h"
#include "querystep.h"

#include <cmath>

DashboardQueries::DashboardQueries(PrometheusClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
}

DashboardQueries::~DashboardQueries()
{
    const auto ids = m_pending.keys();
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
    const auto ids = m_pending.keys();
    for (int id : ids)
        cancelPanel(id);
    emit inFlightChanged(0);
}

void DashboardQueries::cancelPanel(int panelId)
{
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

void DashboardQueries::startPanel(const Panel &panel, int width,
                                  const TimeRange::Resolved &range)
{
    cancelPanel(panel.id);
    const double rangeSeconds = range.start.msecsTo(range.end) / 1000.0;
    const double step = chooseStep(rangeSeconds, width);
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
    for (const Target &target : panel.targets) {
        if (target.hide)
            continue;
        PrometheusQuery *q = m_client->queryRange(
            target.expr, QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC),
            QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC), step, this);
        const std::size_t slot = pending.queries.size();
        connect(q, &PrometheusQuery::finished, this,
                [this, id, slot, q, target](const QueryResult &r) {
                    onQueryFinished(id, slot, q, target, r);
                });
        pending.queries.push_back(q);
    }
    pending.remaining = int(pending.queries.size());
    pending.perTarget.resize(pending.queries.size());
    if (pending.remaining == 0)
        return;
    m_pending.insert(id, std::move(pending));
    emit panelLoading(id);
}

void DashboardQueries::onQueryFinished(int panelId, std::size_t slot, PrometheusQuery *query,
                                       const Target &target, const QueryResult &result)
{
    auto it = m_pending.find(panelId);
    if (it == m_pending.end())
        return;
    Pending &p = *it;
    if (!result.ok()) {
        p.errorRefs << target.refId;
        p.errors << result.error;
    } else {
        p.data.warnings << result.warnings;
        for (const Series &s : result.series) {
            PanelSeries ps;
            ps.name = formatLegend(target.legendFormat, s.labels, target.expr);
            ps.refId = target.refId;
            ps.labels = s.labels;
            ps.timestampsMs = s.timestampsMs;
            ps.values = s.values;
            p.perTarget[slot].push_back(std::move(ps));
        }
    }
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
    m_pending.erase(it);
    emit inFlightChanged(inFlight());
    emit panelFinished(panelId, data);
}
