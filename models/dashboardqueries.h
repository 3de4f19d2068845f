#pragma once

#include "dashboard.h"
#include "exemplars.h"
#include "queryresult.h"
#include "timerange.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>

struct HttpResult;
#include <vector>

class PrometheusClient;
class PrometheusListQuery;
class PrometheusQuery;

/// A series ready to plot: its legend name and its points.
struct PanelSeries
{
    QString name;
    QString refId;
    Labels labels;
    Column timestampsMs; // shared with the decoded answer (no copy)
    ValueColumn values;  // likewise
};

/// What one refresh of one panel produced.
struct PanelData
{
    QDateTime start;
    QDateTime end;
    double stepSeconds = 0;
    /// The start and end actually sent (the range aligned to the step).
    qint64 queryStartMs = 0;
    qint64 queryEndMs = 0;
    std::vector<PanelSeries> series;
    QStringList warnings;
    /// Non-empty when at least one query failed; `series` holds what did succeed.
    QString error;
};

/// Which server a target's queries go to, as a datasource resolver decides it.
struct QueryClientChoice
{
    PrometheusClient *client = nullptr; // null: the target fails with `error`
    QString datasourceName;
    /// Shown on the panel with the server's warnings: a fallback taken ("datasource
    /// x is not configured; using y"), TLS verification switched off.
    QStringList warnings;
    QString error;
    /// The datasource's scrape interval for $__rate_interval; 0 = the dashboard's.
    double scrapeSeconds = 0;
};

/// One query of a panel's last run as it went over the wire, for the panel inspector.
struct PanelQueryRecord
{
    QString refId;
    /// The expression as sent (variables, macros and ad hoc filters applied).
    QString expr;
    QString datasourceName;
    /// The request as a GET URL (the query is POSTed as a form with these
    /// parameters); never with user info. Empty when no server was chosen.
    QUrl url;
    bool instant = false;
    double stepSeconds = 0;
    /// The HTTP status of the answer; 0 while running or without one (refused, timeout).
    int httpStatus = 0;
    /// Empty on success.
    QString error;
    /// The body as the server sent it (inflated): at most kMaxRecordedResponseBytes
    /// per panel (over all its queries); `responseTruncated` when more came. Kept
    /// deflated (a dashboard's records would otherwise hold megabytes of JSON text
    /// nobody looks at): response() inflates it, meant for the inspector's worker.
    QByteArray response() const;
    void setResponse(const QByteArray &plain);
    qint64 responseSize = 0;
    bool responseTruncated = false;
    QByteArray deflatedResponse;
    bool finished = false;
};

/// The last run of one panel's queries (see DashboardQueries::lastRun).
struct PanelRunRecord
{
    QDateTime startedAt;
    /// Wall time until the last query answered; -1 while running.
    qint64 durationMs = -1;
    qint64 startMs = 0;
    qint64 endMs = 0;
    double stepSeconds = 0;
    std::vector<PanelQueryRecord> queries;
};

/// Plans and runs the queries of a dashboard's panels (all panels concurrently).
/// A newer refresh of a panel cancels the older one, so a stale reply is never
/// delivered after a newer one. Shared by the window and the headless renderer.
class DashboardQueries final : public QObject
{
    Q_OBJECT
public:
    explicit DashboardQueries(PrometheusClient *client, QObject *parent = nullptr);
    ~DashboardQueries() override;

    void setDashboard(const Dashboard &dashboard);
    /// The variables queries are interpolated with (their current values), and the
    /// scrape interval $__rate_interval assumes.
    void setVariables(const QList<Variable> &variables) { m_variables = variables; }
    const QList<Variable> &variables() const { return m_variables; }
    void setScrapeInterval(double seconds) { m_scrapeSeconds = seconds; }
    /// Chooses the server of each target from its datasource reference (the target's,
    /// else the panel's, variables interpolated; empty = the default). Without a
    /// resolver every query goes to the client given to the constructor.
    using ClientResolver = std::function<QueryClientChoice(const QString &ref)>;
    void setClientResolver(ClientResolver resolver) { m_resolver = std::move(resolver); }
    /// The resolved choice for one target of a panel.
    QueryClientChoice clientFor(const Panel &panel, const Target &target) const;
    /// A target's expression as it is sent: variables and macros interpolated and ad
    /// hoc filters applied, for a panel over [start, end] with `stepSeconds`.
    QString interpolatedExpr(const Panel &panel, const Target &target, qint64 startMs, qint64 endMs,
                             double stepSeconds) const;
    /// The panel's variables: the dashboard's, with a repeated panel's own value.
    QList<Variable> variablesFor(const Panel &panel) const;
    /// Adds a panel (an ad-hoc query) without disturbing queries in flight.
    void addPanel(const Panel &panel) { m_dashboard.panels.append(panel); }
    const Dashboard &dashboard() const { return m_dashboard; }

    /// Queries the given panels (id -> plot width in pixels) over `range` resolved
    /// against `now`. Panels without queries are skipped. Returns false (and emits
    /// panelFailed for each) when the range does not resolve.
    bool refresh(const QHash<int, int> &panelWidths, const TimeRange &range,
                 const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// Cancels everything in flight.
    void cancelAll();
    int inFlight() const { return int(m_pending.size()); }
    /// True while the panel's queries are running.
    bool isRunning(int panelId) const { return m_pending.contains(panelId); }
    /// What the last refresh of a panel sent and received (nullptr before the first):
    /// kept after it finished, replaced by the next refresh of that panel.
    const PanelRunRecord *lastRun(int panelId) const;
    /// Per panel: enough for the answers of ordinary panels; a dashboard of large
    /// panels keeps the first 256 KB of each (24 panels: 6 MB, not 48).
    static constexpr qint64 kMaxRecordedResponseBytes = 256LL * 1024;

signals:
    void panelLoading(int panelId);
    void panelFinished(int panelId, const PanelData &data);
    void inFlightChanged(int count);
    /// After panelFinished, for a panel whose targets ask for exemplars (Grafana's
    /// `"exemplar": true`): the exemplars of those targets' expressions over the
    /// panel's range. Emitted once per refresh of such a panel, with an empty list
    /// when there are none or the server cannot say (no exemplar storage, too old):
    /// a failed exemplar query never marks the panel as failed.
    void exemplarsReady(int panelId, const QList<ExemplarSeries> &exemplars);

private:
    struct Pending
    {
        PanelData data;
        std::vector<PrometheusQuery *> queries;
        // Series per target, so the legend follows the panel's target order whatever
        // order the replies arrive in.
        std::vector<std::vector<PanelSeries>> perTarget;
        int remaining = 0;
        QStringList errorRefs;
        QStringList errors;
        // Per query: the expression to fetch exemplars for, empty when not wanted
        // (or when the query itself failed).
        std::vector<QString> exemplarExprs;
        std::vector<PrometheusClient *> exemplarClients; // the server of each query
        bool wantsExemplars = false;
    };
    struct ExemplarPending
    {
        std::vector<PrometheusListQuery *> queries;
        int remaining = 0;
        QList<ExemplarSeries> exemplars;
    };
    void startExemplars(int panelId, const std::vector<QString> &exprs,
                        const std::vector<PrometheusClient *> &clients, const QDateTime &start,
                        const QDateTime &end);
    void onExemplarsFinished(int panelId, PrometheusListQuery *query);
    void startPanel(const Panel &panel, int width, const TimeRange::Resolved &range);
    void onQueryFinished(int panelId, std::size_t slot, PrometheusQuery *query,
                         const Target &target, const QString &legendFormat, const QString &expr,
                         const QueryResult &result);
    void cancelPanel(int panelId);

    PrometheusClient *m_client;
    ClientResolver m_resolver;
    Dashboard m_dashboard;
    QList<Variable> m_variables;
    double m_scrapeSeconds = 15;
    QHash<int, Pending> m_pending;
    QHash<int, ExemplarPending> m_exemplarPending;
    struct RunState
    {
        PanelRunRecord record;
        QElapsedTimer timer;
        quint64 serial = 0;
        qint64 recordedBytes = 0;
    };
    void recordResponse(int panelId, quint64 serial, std::size_t index, const HttpResult &http);
    void keepRecorded(RunState &run, PanelQueryRecord &r, const QueryResult::Recorded &recorded);
    QHash<int, RunState> m_runs;
    quint64 m_runSerial = 0;
};
