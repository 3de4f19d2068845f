#pragma once

#include "alert.h"
#include "datalinks.h"
#include "jaegerclient.h"
#include "dashboard.h"
#include "dashboardqueries.h"
#include "timerange.h"

#include <QHash>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <deque>
#include <functional>
#include <memory>
#include <utility>

class ChartPanel;
class CompletionSource;
class CrosshairGroup;
class QMenu;
class QFileSystemWatcher;
class QFrame;
class DashboardQueries;
class DashboardView;
class PanelFinder;
class PanelInspector;
class PanelWidget;
class PrometheusClient;
class QShortcut;
struct PanelInspection;
class VariableBar;
class VariableResolver;
struct PanelData;

/// One open dashboard: the variable bar above the Grafana-style grid, the queries
/// of the visible panels (collapsed rows wait until expanded), variables resolved
/// from the server and interpolated into queries, repeated panels, and editing
/// (edit, add, duplicate, remove) with saving back to the file.
class DashboardPage final : public QWidget
{
    Q_OBJECT
public:
    DashboardPage(PrometheusClient *client, QWidget *parent = nullptr);
    ~DashboardPage() override;

    /// Shows `dashboard`, read from `path`; `overrides` are `--var name=value`
    /// assignments applied over the file's selections.
    bool setDashboard(const Dashboard &dashboard, const QString &path, const QStringList &overrides, QString *error);
    /// The dashboard with the user's edits (repeat copies and ad-hoc panels included).
    const Dashboard &dashboard() const { return m_dashboard; }
    QString path() const { return m_path; }
    bool isModified() const { return m_modified; }

    void setRange(const TimeRange &range);
    const TimeRange &range() const { return m_range; }
    /// Queries every visible panel.
    void refresh();
    void refreshPanel(int id);
    void cancelAll();

    PanelWidget *panelWidget(int id) const;
    /// Whether the panel queries (its widget says; one still to be made, its type).
    bool needsQueries(int id) const;
    DashboardView *view() const { return m_view; }
    VariableBar *variableBar() const { return m_bar; }
    VariableResolver *resolver() const { return m_resolver; }
    DashboardQueries *queries() const { return m_queries; }
    int queriesInFlight() const;
    int failedPanels() const;

    /// Adds a panel (an ad-hoc one is never saved); returns its id.
    int addPanel(Panel panel);
    void editPanel(int id);
    int duplicatePanel(int id);
    void removePanel(int id);
    /// Saves to the dashboard's file (or `path`); false with `error` when it fails,
    /// and the edits stay.
    bool save(const QString &path, QString *error);

    /// The dashboard as it would be saved (edited panels, repeats not expanded).
    Dashboard editedDashboard() const;
    /// Marks unsaved edits; emits edited() each time edits are made.
    void setModified(bool modified);

    /// SHA-256 (hex) of the file as it was loaded or last saved.
    QByteArray diskSha256() const { return m_diskHash; }
    /// The file this window's edits started from (a restored session's).
    void setDiskSha256(const QByteArray &hash) { m_diskHash = hash; }
    /// Someone else changed the file since it was loaded or saved here.
    bool isChangedOnDisk() const;

    struct NoticeButton
    {
        QString objectName;
        QString text;
        std::function<void()> action;
        bool isDefault;
    };
    /// A non-modal bar above the grid (one at a time; a new one replaces it). Each
    /// button runs its action and closes the bar.
    void showNotice(const QString &objectName, const QString &text, const QList<NoticeButton> &buttons);
    void hideNotice();
    /// The bar shown, or nullptr.
    QWidget *notice() const;

    /// The menu of data links shown for the last clicked data point (for tests).
    QMenu *lastLinkMenu() const;
    /// Alerts for alert list panels.
    void setAlerts(const QList<Alert> &alerts);

    /// Grafana's graphTooltip for this page's time-series panels: 0 = each on its
    /// own, 1 = shared crosshair, 2 = shared crosshair and tooltip. Starts as the
    /// dashboard file says; kept in dashboard() (and so saved with it).
    int graphTooltip() const;
    void setGraphTooltip(int mode);
    /// 0 -> 1 -> 2 -> 0, as Grafana's Ctrl+O; returns the new mode. No shortcut is
    /// bound here: Ctrl+O is File > Open in this window.
    int cycleGraphTooltip();
    CrosshairGroup *crosshairGroup() const { return m_crosshairs; }
    /// Times on the charts' axes and tooltips in UTC instead of local time. Starts
    /// from the dashboard's `timezone` ("utc" or not) at every setDashboard().
    void setUseUtc(bool utc);
    bool useUtc() const { return m_useUtc; }

    /// Grafana's panel inspector for a panel (non-modal; one per panel, raised when
    /// open), kept up to date as the panel refreshes. nullptr for an unknown panel.
    PanelInspector *inspectPanel(int id);
    /// The panel's expressions as sent to the server (variables and macros
    /// interpolated): the last run's, else as the current range would send them.
    /// One per query that is not hidden, in the panel's order.
    QStringList promqlFor(int id) const;
    /// Puts promqlFor(id) on the clipboard, one expression per line.
    void copyPromql(int id);
    /// Prometheus's own graph page for the panel's queries (those that go to the
    /// first query's datasource): <base>/graph?g0.expr=..&g0.range_input=..&g0.tab=0,
    /// with g0.end_input when the range does not end now. Never with user info.
    /// Invalid when the panel has no queries or no datasource URL.
    QUrl prometheusGraphUrl(int id) const;
    /// Opens prometheusGraphUrl() in the browser (http and https only).
    bool openInPrometheus(int id);

    /// Grafana's panel view: the panel alone over the whole page, until Esc, `v` or
    /// exitPanelView(). `v` over a panel (hovered, else focused) views it. A panel
    /// shown in its own dock is raised there instead (viewRequested).
    void viewPanel(int id);
    void exitPanelView();
    /// The panel viewed alone, or 0.
    int viewedPanel() const { return m_viewed; }
    /// The panel under the mouse, or 0.
    int hoveredPanel() const { return m_hovered; }
    /// What `v` acts on now: the viewed panel, else the hovered one, else the one
    /// holding the keyboard focus (0: none, and `v` is left to other widgets).
    int panelForViewKey() const;

    /// The panel search popup (the window binds Ctrl+F): filter by title, Enter
    /// reveals the panel (expanding its row, leaving a panel view).
    PanelFinder *findPanel();

signals:
    void panelFinished(int id, const PanelData &data);
    void statusChanged();
    /// Panels were (re)created: alert overlays must be applied again.
    /// A panel's widget was made (a few per turn after a rebuild, see DashboardView).
    void panelCreated(PanelWidget *widget);
    void panelsRebuilt();
    void modifiedChanged(bool modified);
    /// A panel was edited, added, duplicated or removed.
    void edited();
    /// The file changed on disk under a different content than this window knows.
    void changedOnDisk();
    /// The user asked to show a panel in its own dock.
    void popOutRequested(int id);
    /// The user asked to view a panel alone.
    void viewRequested(int id);
    /// An exemplar with a trace id was clicked on a chart.
    void traceRequested(const QString &traceId);
    /// "Find traces" from a panel or a data point: the search, prefilled.
    void findTracesRequested(const TraceQuery &query);
    /// A drag on a chart selected a range (zoom in) or a Shift+drag moved it (pan):
    /// the absolute range to show. The page does not apply it itself: the window
    /// sets it (picker, history) and refreshes.
    void zoomRequested(const TimeRange &range);
    void graphTooltipChanged(int mode);
    void useUtcChanged(bool utc);
    /// A panel is viewed alone (id), or the page is back to the grid (0).
    void panelViewChanged(int id);
    /// The panel search revealed a panel.
    void panelRevealed(int id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Hands the oldest waiting answer to its panel (one per event-loop turn).
    void applyNextResult();
    void rebuild();
    void onVariablesResolved();
    DataLinks::Context linkContext() const;
    void showPointLinks(ChartPanel *chart, int series, double timeMs, double value, const QPoint &pos);
    void showPanelMenu(int id, const QPoint &pos);
    /// A trace search for a panel's queries over [start, end]: the service from the
    /// series' or the queries' labels, at least `minDurationUs` (-1: any).
    TraceQuery traceQueryFor(const Panel &panel, const Labels &labels, const QDateTime &start,
                             const QDateTime &end, qint64 minDurationUs) const;
    void watchFile();
    void onFileChanged();
    PanelInspection inspectionFor(int id) const;
    QByteArray panelJsonFor(int id) const;
    void updateViewShortcuts();

    PrometheusClient *m_client;
    DashboardQueries *m_queries;
    QTimer *m_applyTimer = nullptr;
    std::deque<std::pair<int, PanelData>> m_pendingResults;
    VariableResolver *m_resolver;
    VariableBar *m_bar;
    DashboardView *m_view;
    std::unique_ptr<CompletionSource> m_completion;
    Dashboard m_dashboard;   // as shown: repeats expanded
    QList<Panel> m_panels;   // as edited: repeats not expanded
    QString m_path;
    TimeRange m_range;
    QList<Alert> m_alerts;
    bool m_modified = false;
    QPointer<QMenu> m_lastLinkMenu;
    bool m_refreshPending = false;
    bool m_variablesChanged = false;
    QFileSystemWatcher *m_watcher;
    QByteArray m_diskHash;
    QByteArray m_notifiedHash; // the disk content the user was last told about
    int m_watchRetries = 0;
    QPointer<QFrame> m_notice;
    CrosshairGroup *m_crosshairs;
    bool m_useUtc = false;
    QHash<int, QPointer<PanelInspector>> m_inspectors;
    int m_viewed = 0;
    int m_hovered = 0;
    QPointer<QFrame> m_viewBox;
    QShortcut *m_viewKey;
    QShortcut *m_exitViewKey;
    QMetaObject::Connection m_focusConnection;
};
