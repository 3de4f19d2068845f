#pragma once

#include "dashboard.h"
#include "endpoints.h"
#include "rangehistory.h"
#include "settingswriter.h"
#include "sharelink.h"
#include "timerange.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include "alert.h"
#include <QMainWindow>

#include <functional>
#include <optional>

class AlertClient;
class HealthChecker;
class HealthView;
class TargetsView;
class DatasourceRegistry;
class SecretStore;
class AlertListWidget;
class ChartPanel;
class RunbookViewer;
class QSystemTrayIcon;
struct Alert;
class DashboardPage;
class SessionStore;
struct SessionState;
namespace DashboardLoader {
struct Result;
}
class PanelWidget;
class PrometheusClient;
class QComboBox;
class QFrame;
class QPushButton;
class QDockWidget;
class QLabel;
class QMenu;
class QNetworkAccessManager;
class QTimer;
class QToolButton;
class TimeRangePicker;
class TraceWorkspace;
struct PanelData;
struct AlertRule;

/// The console window: one dock per dashboard panel, a toolbar with the time
/// range, refresh and auto-refresh, and a status bar with queries in flight.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const Endpoints &endpoints, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a dashboard file (or ":/..." resource). On failure shows the error
    /// and keeps the current dashboard.
    bool openDashboard(const QString &path, const QStringList &variableOverrides = {});
    /// The last dashboard of the previous session, else the bundled one.
    void openInitialDashboard();

    static QString bundledDashboardPath();

    /// Opens another console window in this process (File > New Window) with this
    /// window's endpoints and session folder and no dashboard yet; it has its own
    /// dashboard, time range, variables, docks and autosave, and deletes itself when
    /// closed. The application quits when its last window closes.
    MainWindow *openNewWindow();
    /// The console windows of this process, oldest first.
    static QList<MainWindow *> windows();

    void refresh();
    /// Shows another time range (as the picker would) and refreshes.
    void setTimeRange(const TimeRange &range) { applyRange(range); }
    const TimeRange &timeRange() const { return m_range; }
    /// A dozor:// link that reopens this dashboard with its time range, variables and
    /// environment (File > Copy Link).
    ShareLink shareLink() const;
    /// Re-points the dashboard, alerts and traces to an environment's datasources
    /// ("" = all); remembered for the next start.
    void setEnvironment(const QString &environment);
    QString environment() const;
    DatasourceRegistry *datasources() const { return m_registry; }
    /// The time-series view of a panel (nullptr for other types or rows never opened).
    ChartPanel *panelView(int id) const;
    PanelWidget *panelWidget(int id) const;
    /// The dock a panel was moved into ("Show in its own dock"), or nullptr.
    QDockWidget *panelDock(int id) const { return m_panelDocks.value(id); }
    const Dashboard &dashboard() const;
    DashboardPage *page() const { return m_page; }
    /// Moves a panel into its own dock (and back when the dock is closed).
    QDockWidget *popOutPanel(int id);
    /// Saves the dashboard to its file (asks for a name for bundled ones). When the
    /// file changed on disk since it was loaded, asks before overwriting it.
    bool saveDashboard(const QString &path = {});

    /// Starts autosaving this window's unsaved edits and, when the previous run ended
    /// unexpectedly with unsaved edits, opens them again (marked modified, with a bar
    /// offering to discard them). True when edits were restored. The first window of a
    /// run also opens, each in a new window, the other windows' edits that run left.
    bool restoreSession();
    SessionStore *sessionStore() const { return m_session; }
    /// Replaces the "Overwrite / Cancel" dialog shown before saving over a file that
    /// changed on disk (tests answer without a modal dialog). True overwrites.
    void setOverwriteQuestion(std::function<bool(const QString &path)> ask) { m_askOverwrite = std::move(ask); }
    /// Opens the dashboard's file again, dropping unsaved edits.
    bool reloadFromDisk();

    AlertListWidget *alertList() const { return m_alertList; }
    RunbookViewer *runbookViewer() const { return m_runbookViewer; }
    AlertClient *alertClient() const { return m_alertClient; }
    /// The Targets dock (the default Prometheus's /api/v1/targets).
    TargetsView *targetsView() const { return m_targetsView; }
    /// The Service health dock and the checker polling its URLs.
    HealthView *healthView() const { return m_healthView; }
    HealthChecker *healthChecker() const { return m_healthChecker; }
    /// The trace docks (search, waterfall, span, summary) and the Jaeger client.
    TraceWorkspace *traces() const { return m_traces; }
    /// Opens a PromQL expression as an extra panel of the current dashboard.
    int openQueryPanel(const QString &expr, const QString &title);
    /// Shows a runbook file in the runbook dock.
    void showRunbook(const QString &path);
    QString alertCountsText() const;
    /// The bar above the dashboard naming an unreachable server or refused credentials.
    QFrame *serverBanner() const { return m_serverBanner; }
    /// Panel queries still running.
    int queriesInFlight() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildToolbar();
    void clearDashboard();
    void resetLayout();
    void saveLayout();
    void rememberRecent(const QString &path);
    void updateRecentMenu();
    void updateRecentMenu(const QStringList &recent);
    void setAutoRefresh(const QString &interval);
    void onPanelFinished(int id, const PanelData &data);
    void updateStatus();
    /// Shows or hides the bar above the dashboard that says a server is unreachable or
    /// refuses the credentials (with Retry / Enter credentials…).
    void updateServerBanner();
    void refreshPanel(int id);
    /// Points the default clients (metrics, alerts, traces) at the default datasources
    /// of the current environment.
    void applyDefaultDatasources();
    void fillEnvironments();
    void editDatasources();
    void returnPanel(int id);
    void updateWindowTitle();
    void updateDashboardLinks();
    void buildAlertDocks();
    void buildTraceDocks();
    void buildHealthDocks();
    /// Applies a time range from the picker, a drag-zoom, zoom out or the history.
    void applyRange(const TimeRange &range);
    void updateHistoryActions();
    /// Grafana `traces` panels open as the trace search (or the trace they name).
    void openTracePanels();
    void onAlertCounts(const QMap<QString, int> &firing);
    void notifyFiring(const QList<Alert> &alerts);
    void applyAlertRules(const QList<AlertRule> &rules);
    void requestFormat(const QString &expr);
    void queryFiringRanges(int panelId, const PanelData &data);
    bool showDashboard(const DashboardLoader::Result &loaded, const QString &path, const QStringList &overrides);
    // Session and file-safety hooks (the logic lives in SessionStore and DashboardPage).
    void setUpSession();
    bool startSession(const QString &opening);
    bool applyRecovered(const SessionState &state);
    std::optional<SessionState> sessionState() const;
    void onChangedOnDisk();
    bool confirmOverwrite();

    Endpoints m_endpoints;
    QNetworkAccessManager *m_nam;
    DatasourceRegistry *m_registry;
    SecretStore *m_secrets = nullptr;
    PrometheusClient *m_prometheus;
    DashboardPage *m_page;
    TimeRangePicker *m_picker = nullptr;
    QComboBox *m_autoRefresh = nullptr;
    QComboBox *m_environmentBox = nullptr;
    QAction *m_environmentAction = nullptr;
    QTimer *m_refreshTimer;
    QLabel *m_statusLabel;
    QFrame *m_serverBanner = nullptr;
    QLabel *m_serverBannerText = nullptr;
    QPushButton *m_serverBannerRetry = nullptr;
    QPushButton *m_serverBannerCredentials = nullptr;
    AlertClient *m_alertClient;
    QTimer *m_alertTimer;
    QLabel *m_alertCounts;
    AlertListWidget *m_alertList = nullptr;
    RunbookViewer *m_runbookViewer = nullptr;
    QDockWidget *m_alertDock = nullptr;
    QDockWidget *m_runbookDock = nullptr;
    TargetsView *m_targetsView = nullptr;
    QDockWidget *m_targetsDock = nullptr;
    HealthChecker *m_healthChecker = nullptr;
    HealthView *m_healthView = nullptr;
    QDockWidget *m_healthDock = nullptr;
    TraceWorkspace *m_traces = nullptr;
    QMenu *m_helpMenu = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QSet<QString> m_notified;
    QHash<int, QStringList> m_panelAlerts; // panel id -> alert names drawn on it
    QHash<int, QObject *> m_firingQueries;  // panel id -> owner of its ALERTS queries
    // Panel expressions as the server formats them (rules come back formatted).
    QHash<QString, QString> m_formatted;
    QSet<QString> m_formatPending;
    QList<AlertRule> m_lastRules;
    QMenu *m_recentMenu = nullptr;
    // Recent files and the last dashboard, written as a dashboard opens: off the UI thread.
    SettingsWriter m_settingsWriter;
    QMenu *m_panelsMenu = nullptr;
    QToolButton *m_linksButton = nullptr;

    TimeRange m_range;
    RangeHistory m_rangeHistory;
    QAction *m_backAction = nullptr;
    QAction *m_forwardAction = nullptr;
    QHash<int, QDockWidget *> m_panelDocks;
    QString m_lastRefresh;
    int m_failedPanels = 0;
    SessionStore *m_session = nullptr;
    bool m_sessionStarted = false;
    bool m_discarding = false; // reloading on purpose: no "save first?" question
    std::function<bool(const QString &)> m_askOverwrite;
};
