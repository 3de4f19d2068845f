#pragma once

#include "jaegerclient.h"
#include "trace.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
#include <QDockWidget>
class QMainWindow;
class QMenu;
class QNetworkAccessManager;
class SpanDetail;
class TraceResults;
class TraceSearchForm;
class TraceSummaryView;
class TraceWaterfall;

/// The trace side of the console: the Jaeger client and four docks - Trace Search
/// (form, scatter plot and result list), Trace (the waterfall), Span (details) and
/// Trace Summary (where the time went). Docks stay hidden until first used, so a
/// metrics-only user never sees them. Keeps MainWindow free of trace logic.
class TraceWorkspace final : public QObject
{
    Q_OBJECT
public:
    TraceWorkspace(QMainWindow *window, QNetworkAccessManager *nam, const QUrl &jaeger);
    ~TraceWorkspace() override;

    /// The "Traces" menu (search, open by ID, open/save file, the docks).
    QMenu *menu() const { return m_menu; }

    /// Shows the search dock (fetching services the first time); with `prefill`,
    /// fills the form with it and, when `run`, searches right away.
    void showSearch(const TraceQuery *prefill = nullptr, bool run = false);
    /// Fetches a trace by ID and shows it (or says why not in the status bar).
    void openTrace(const QString &traceId);
    /// Reads a Jaeger JSON/JSONL or OTLP file off the UI thread and shows its first trace.
    void openTraceFile(const QString &path);
    /// Writes the trace on show as Jaeger JSON (atomically).
    bool saveTrace(const QString &path, QString *error) const;
    /// Shows an analysed trace in the waterfall, summary and span docks.
    void showTrace(const Trace &trace);

    bool hasTrace() const { return m_trace != nullptr; }
    const Trace *currentTrace() const { return m_trace.get(); }
    /// The status of the last request ("" while none; an error text after a failure).
    QString lastError() const { return m_lastError; }

    JaegerClient *client() const { return m_client; }
    TraceSearchForm *form() const { return m_form; }
    TraceResults *results() const { return m_results; }
    TraceWaterfall *waterfall() const { return m_waterfall; }
    SpanDetail *spanDetail() const { return m_span; }
    TraceSummaryView *summary() const { return m_summary; }
    QDockWidget *searchDock() const { return m_searchDock; }
    QDockWidget *traceDock() const { return m_traceDock; }
    QDockWidget *spanDock() const { return m_spanDock; }
    QDockWidget *summaryDock() const { return m_summaryDock; }

    /// Puts the four docks back in their default places (hidden ones stay hidden):
    /// the waterfall tabbed with `wide` and the span/summary docks with `side` when
    /// given (the alert and runbook docks), so a trace gets the window's full width.
    void resetLayout();
    void setCompanions(QDockWidget *wide, QDockWidget *side)
    {
        m_wide = wide;
        m_side = side;
    }

signals:
    /// For the status bar.
    void message(const QString &text);
    /// A trace is on show (after a fetch, a file or a click in the results).
    void traceShown(const QString &traceId);

private:
    void buildDocks();
    void buildMenu();
    void placeDocks();
    void fetchServices();
    void onServiceChosen(const QString &service);
    void search(const TraceQuery &query);
    void onSearchResult(const TraceDecodeResult &result);
    void onTraceActivated(const QString &traceId);
    void onSpanSelected(int spanIndex);
    void onOperationActivated(const QString &service, const QString &operation);
    void fail(const QString &text);
    void openTraceByIdDialog();
    void openTraceFileDialog();
    void saveTraceDialog();

    QMainWindow *m_window;
    JaegerClient *m_client;
    QMenu *m_menu = nullptr;
    QAction *m_saveAction = nullptr;
    TraceSearchForm *m_form = nullptr;
    TraceResults *m_results = nullptr;
    TraceWaterfall *m_waterfall = nullptr;
    SpanDetail *m_span = nullptr;
    TraceSummaryView *m_summary = nullptr;
    QDockWidget *m_searchDock = nullptr;
    QDockWidget *m_traceDock = nullptr;
    QDockWidget *m_spanDock = nullptr;
    QDockWidget *m_summaryDock = nullptr;
    QPointer<QDockWidget> m_wide;
    QPointer<QDockWidget> m_side;
    std::shared_ptr<const Trace> m_trace;
    /// The last search's traces, by ID: v1 search answers carry whole traces, so a
    /// click opens one without another request.
    QHash<QString, Trace> m_found;
    QPointer<JaegerRequest> m_searchRequest;
    QPointer<JaegerRequest> m_traceRequest;
    QPointer<JaegerRequest> m_listRequest;
    bool m_servicesFetched = false;
    bool m_placed = false;
    QString m_lastError;
};
