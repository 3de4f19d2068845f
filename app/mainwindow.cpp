#include "mainwindow.h"

#include "datasourcedialog.h"
#include "datasourceregistry.h"
#include "datasourcesettings.h"
#include "secretstore.h"
#include "healthview.h"
#include "targetsview.h"
#include "traceworkspace.h"

#include "alertclient.h"
#include "alertlist.h"
#include "alertoverlay.h"
#include "httpjob.h"
#include "linkopener.h"
#include "chartpanel.h"
#include "dashboardloader.h"
#include "dashboardpage.h"
#include "dashboardqueries.h"
#include "dashboardview.h"
#include "dashboardwriter.h"
#include "palette.h"
#include "panelexport.h"
#include "panelwidget.h"
#include "prometheusclient.h"
#include "plaintext.h"
#include "runbookviewer.h"
#include "sessionstore.h"
#include "shortcutsdialog.h"
#include "timerangepicker.h"
#include "variableresolver.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QDir>
#include <QGuiApplication>
#include <QFileInfo>
#include <QLabel>
#include <QFrame>
#include <QVBoxLayout>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace {
// Bump when the dock arrangement changes meaning; older saved layouts are then ignored.
constexpr int kLayoutVersion = 2;
constexpr int kMaxRecent = 10;

Endpoints withDatasources(Endpoints e)
{
    if (e.datasources.isEmpty())
        e.finish();
    return e;
}

QString layoutSettingsKey(const Dashboard &d)
{
    return QStringLiteral("layouts/") + QString::fromLatin1(d.layoutKey().toUtf8().toHex());
}

// Every console window of the process, oldest first (UI thread only).
QList<MainWindow *> s_windows;
} // namespace

MainWindow::MainWindow(const Endpoints &endpoints, QWidget *parent)
    : QMainWindow(parent),
      m_endpoints(withDatasources(endpoints)),
      m_nam(new QNetworkAccessManager(this)),
      m_registry(new DatasourceRegistry(m_nam, this)),
      m_prometheus(new PrometheusClient(m_nam, this)),
      m_page(new DashboardPage(m_prometheus, this)),
      m_refreshTimer(new QTimer(this)),
      m_statusLabel(new QLabel(this)),
      m_alertClient(new AlertClient(m_nam, this)),
      m_alertTimer(new QTimer(this)),
      m_alertCounts(new QLabel(this))
{
    s_windows.append(this);
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("Dozor"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks | QMainWindow::GroupedDragging);
    m_registry->setDatasources(m_endpoints.datasources);
    m_registry->setEnvironment(m_endpoints.environment);
    m_page->queries()->setClientResolver([this](const QString &ref) { return m_registry->prometheusFor(ref); });
    m_page->resolver()->setClientResolver([this](const QString &ref) { return m_registry->prometheusFor(ref); });
    connect(m_page->resolver(), &VariableResolver::variableNote, this, [this](const QString &name, const QString &note) {
        statusBar()->showMessage(tr("Variable $%1: %2").arg(name, note), 15000);
    });
    applyDefaultDatasources();

    buildMenus();
    buildToolbar();
    m_statusLabel->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusLabel, 1);
    m_alertCounts->setObjectName(QStringLiteral("alertCounts"));
    m_alertCounts->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_alertCounts);
    buildAlertDocks();
    buildTraceDocks();
    buildHealthDocks();
    applyDefaultDatasources();
    connect(m_registry, &DatasourceRegistry::changed, this, [this] {
        applyDefaultDatasources();
        refresh();
    });

    // A bar above the dashboard when a server is down or refuses the credentials.
    m_serverBanner = new QFrame(this);
    m_serverBanner->setObjectName(QStringLiteral("serverBanner"));
    m_serverBanner->setStyleSheet(QStringLiteral("#serverBanner { background: #4a1e22; border-bottom: 1px solid #f2495c; }"));
    m_serverBannerText = new QLabel(m_serverBanner);
    m_serverBannerText->setTextFormat(Qt::PlainText);
    m_serverBannerText->setWordWrap(true);
    m_serverBannerRetry = new QPushButton(tr("Retry now"), m_serverBanner);
    m_serverBannerRetry->setObjectName(QStringLiteral("serverBannerRetry"));
    connect(m_serverBannerRetry, &QPushButton::clicked, this, &MainWindow::refresh);
    m_serverBannerCredentials = new QPushButton(tr("Enter credentials…"), m_serverBanner);
    m_serverBannerCredentials->setObjectName(QStringLiteral("serverBannerCredentials"));
    connect(m_serverBannerCredentials, &QPushButton::clicked, this, &MainWindow::editDatasources);
    auto *bannerLayout = new QHBoxLayout(m_serverBanner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    bannerLayout->addWidget(m_serverBannerText, 1);
    bannerLayout->addWidget(m_serverBannerCredentials);
    bannerLayout->addWidget(m_serverBannerRetry);
    m_serverBanner->hide();
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_serverBanner);
    centralLayout->addWidget(m_page, 1);
    setCentralWidget(central);
    connect(m_page, &DashboardPage::panelFinished, this, &MainWindow::onPanelFinished);
    connect(m_page, &DashboardPage::statusChanged, this, &MainWindow::updateStatus);
    connect(m_page, &DashboardPage::panelsRebuilt, this, [this] {
        // Panels were re-created (or a row opened): docks of panels that are gone
        // close, and the alert overlays go onto the new charts.
        const auto ids = m_panelDocks.keys();
        for (int id : ids)
            if (!m_page->dashboard().panel(id))
                delete m_panelDocks.take(id);
        m_panelAlerts.clear();
        applyAlertRules(m_lastRules);
        m_panelsMenu->clear();
        for (const Panel &p : m_page->dashboard().panels) {
            QAction *a = m_panelsMenu->addAction(p.title.isEmpty() ? tr("Panel %1").arg(p.id) : p.title);
            connect(a, &QAction::triggered, this, [this, id = p.id] { m_page->view()->revealPanel(id); });
        }
    });
    connect(m_page, &DashboardPage::modifiedChanged, this, &MainWindow::updateWindowTitle);
    connect(m_page, &DashboardPage::popOutRequested, this, &MainWindow::popOutPanel);
    connect(m_page, &DashboardPage::zoomRequested, this, &MainWindow::applyRange);
    connect(m_page, &DashboardPage::viewRequested, this, [this](int id) {
        if (QDockWidget *dock = popOutPanel(id)) {
            dock->setFloating(true);
            dock->resize(width() * 4 / 5, height() * 4 / 5);
            dock->move(geometry().center() - dock->rect().center());
        }
    });
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refresh);
    setUpSession();

    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (!s.contains(QStringLiteral("window/geometry")))
        resize(1600, 1000);
    updateStatus();
}

MainWindow::~MainWindow()
{
    s_windows.removeAll(this);
    // Not finish(): a window destroyed without closing leaves its edits to recover.
    delete m_session;
    m_session = nullptr;
    // QWidget's destructor hides and deletes the docks after MainWindow's members are
    // gone; their signals must not reach this half-destroyed window.
    for (QDockWidget *dock : std::as_const(m_panelDocks))
        dock->disconnect(this);
    m_page->disconnect(this);
    delete m_page; // cancels requests while the network manager still lives
    m_page = nullptr;
    m_alertClient->disconnect();
    delete m_alertClient;
    m_alertClient = nullptr;
}

QString MainWindow::bundledDashboardPath()
{
    return QStringLiteral(":/dashboards/api-performance.json");
}

QList<MainWindow *> MainWindow::windows()
{
    return s_windows;
}

MainWindow *MainWindow::openNewWindow()
{
    auto *w = new MainWindow(m_endpoints);
    w->setAttribute(Qt::WA_DeleteOnClose);
    // Its own autosave file next to this window's (the first free slot at its start).
    w->m_session->setDirectory(m_session->directory());
    w->m_session->setInterval(m_session->interval());
    // Not exactly over this one; the user drags it to the other monitor.
    if (!isMaximized() && !isFullScreen()) {
        w->resize(size());
        w->move(pos() + QPoint(40, 40));
    }
    w->show();
    return w;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Dashboard…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString current = m_page->path();
        const QString dir = QFileInfo(current.startsWith(QLatin1Char(':')) ? QString() : current).absolutePath();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Grafana dashboard"), dir,
                                                          tr("Dashboards (*.json);;All files (*)"));
        if (!path.isEmpty())
            openDashboard(path);
    });
    QMenu *bundled = file->addMenu(tr("Open &Bundled Dashboard"));
    bundled->setObjectName(QStringLiteral("bundledMenu"));
    for (const QFileInfo &fi : QDir(QStringLiteral(":/dashboards")).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const auto loaded = DashboardLoader::loadFile(fi.filePath());
        QAction *a = bundled->addAction(loaded.dashboard ? loaded.dashboard->title : fi.fileName());
        connect(a, &QAction::triggered, this, [this, path = fi.filePath()] { openDashboard(path); });
    }
    // The dashboards of Grafana's dashboard providers (--provisioning), by folder.
    if (!m_endpoints.provisioning.providers.isEmpty()) {
        QMenu *provisioned = file->addMenu(tr("Open &Provisioned Dashboard"));
        provisioned->setObjectName(QStringLiteral("provisionedMenu"));
        QHash<QString, QMenu *> folders;
        for (const ProvisionedDashboard &d : m_endpoints.provisioning.dashboards()) {
            const QString folder = d.folder.isEmpty() ? tr("General") : d.folder;
            QMenu *&menu = folders[folder];
            if (!menu)
                menu = provisioned->addMenu(folder);
            QAction *a = menu->addAction(d.title);
            connect(a, &QAction::triggered, this, [this, path = d.path] { openDashboard(path); });
        }
        provisioned->setEnabled(!folders.isEmpty());
    }
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    updateRecentMenu();
    file->addSeparator();
    // Another dashboard on a second monitor: one process, one set of endpoints.
    QAction *newWindow = file->addAction(tr("New &Window"));
    newWindow->setObjectName(QStringLiteral("actionNewWindow"));
    newWindow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(newWindow, &QAction::triggered, this, [this] {
        MainWindow *w = openNewWindow();
        if (m_page->path().isEmpty() || !w->openDashboard(m_page->path()))
            w->openInitialDashboard();
    });
    QAction *openNew = file->addAction(tr("Open in New W&indow…"));
    openNew->setObjectName(QStringLiteral("actionOpenInNewWindow"));
    connect(openNew, &QAction::triggered, this, [this] {
        const QString current = m_page->path();
        const QString dir = QFileInfo(current.startsWith(QLatin1Char(':')) ? QString() : current).absolutePath();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Grafana dashboard in a new window"), dir,
                                                          tr("Dashboards (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        MainWindow *w = openNewWindow();
        if (!w->openDashboard(path))
            w->openInitialDashboard();
    });
    file->addSeparator();
    QAction *save = file->addAction(tr("&Save Dashboard"));
    save->setShortcut(QKeySequence::Save);
    save->setObjectName(QStringLiteral("actionSave"));
    connect(save, &QAction::triggered, this, [this] { saveDashboard(); });
    QAction *saveAs = file->addAction(tr("Save Dashboard &As…"));
    saveAs->setShortcut(QKeySequence::SaveAs);
    connect(saveAs, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save dashboard"), QString(),
                                                          tr("Dashboards (*.json)"));
        if (!path.isEmpty())
            saveDashboard(path);
    });
    file->addSeparator();
    QAction *exportPng = file->addAction(tr("Export Dashboard as &PNG…"));
    exportPng->setObjectName(QStringLiteral("actionExportPng"));
    connect(exportPng, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export dashboard as PNG"),
            PanelExport::suggestedFileName(m_page->dashboard().title, QStringLiteral("png")),
            tr("PNG images (*.png)"));
        if (path.isEmpty())
            return;
        QString error;
        if (PanelExport::exportDashboardPng(m_page->view(), path, &error))
            statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
        else
            PanelExport::showError(this, error);
    });
    QAction *exportPdf = file->addAction(tr("Export PDF &Report…"));
    exportPdf->setObjectName(QStringLiteral("actionExportPdf"));
    connect(exportPdf, &QAction::triggered, this, [this] {
        const Dashboard &d = m_page->dashboard();
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export PDF report"), PanelExport::suggestedFileName(d.title, QStringLiteral("pdf")),
            tr("PDF documents (*.pdf)"));
        if (path.isEmpty())
            return;
        ReportInfo info;
        info.title = d.title;
        info.rangeText = m_page->range().displayText();
        if (const auto r = m_page->range().resolve(QDateTime::currentDateTimeUtc())) {
            info.start = r->start;
            info.end = r->end;
        }
        info.variables = ReportInfo::variablesOf(m_page->resolver()->variables());
        // The panels the user sees (a collapsed row's are left out), in layout order.
        QList<PanelWidget *> panels;
        bool rangeFromData = false;
        for (const int id : PanelExport::layoutOrder(d.panels)) {
            PanelWidget *w = m_page->view()->isPanelVisible(id) ? m_page->panelWidget(id) : nullptr;
            if (!w)
                continue;
            // The range the shown data covers, rather than "now" re-resolved.
            if (!rangeFromData && w->hasData() && w->data().start.isValid()) {
                info.start = w->data().start;
                info.end = w->data().end;
                rangeFromData = true;
            }
            panels << w;
        }
        QString error;
        int pages = 0;
        if (PanelExport::exportPdfReport(info, panels, path, &error, &pages))
            statusBar()->showMessage(
                tr("Wrote %1 (%n page(s))", nullptr, pages).arg(QDir::toNativeSeparators(path)), 5000);
        else
            PanelExport::showError(this, error);
    });
    QAction *copyLink = file->addAction(tr("Copy &Link to Dashboard"));
    copyLink->setObjectName(QStringLiteral("actionCopyLink"));
    copyLink->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(copyLink, &QAction::triggered, this, [this] {
        const ShareLink link = shareLink();
        QGuiApplication::clipboard()->setText(link.toUrl());
        statusBar()->showMessage(tr("Link copied: %1   (or: %2)").arg(link.toUrl(), link.toCommandLine()), 10000);
    });
    QAction *addPanel = file->addAction(tr("&Add Panel…"));
    addPanel->setObjectName(QStringLiteral("actionAddPanel"));
    connect(addPanel, &QAction::triggered, this, [this] {
        Panel p;
        p.type = QStringLiteral("timeseries");
        p.title = tr("New panel");
        p.gridPos = GridPos{0, 0, 12, 8};
        Target t;
        t.refId = QStringLiteral("A");
        t.expr = QStringLiteral("up");
        p.targets << t;
        const int id = m_page->addPanel(p);
        m_page->view()->revealPanel(id);
        m_page->editPanel(id);
    });
    file->addSeparator();
    QAction *datasources = file->addAction(tr("&Datasources…"));
    datasources->setObjectName(QStringLiteral("actionDatasources"));
    connect(datasources, &QAction::triggered, this, &MainWindow::editDatasources);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    // Every window: each asks about its own unsaved changes, and Cancel stops there.
    connect(quit, &QAction::triggered, this, [] { QApplication::closeAllWindows(); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refreshAction = view->addAction(tr("&Refresh"));
    refreshAction->setShortcut(QKeySequence::Refresh);
    refreshAction->setObjectName(QStringLiteral("actionRefresh"));
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    addAction(refreshAction);
    QAction *reset = view->addAction(tr("Reset &Layout"));
    reset->setObjectName(QStringLiteral("actionResetLayout"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
    m_panelsMenu = view->addMenu(tr("&Panels"));
    QAction *findPanel = view->addAction(tr("&Find Panel…"));
    findPanel->setObjectName(QStringLiteral("actionFindPanel"));
    findPanel->setShortcut(QKeySequence::Find); // Ctrl+F, as Grafana's search
    connect(findPanel, &QAction::triggered, m_page, &DashboardPage::findPanel);
    view->addSeparator();
    // Grafana's graphTooltip: own / shared crosshair / shared crosshair and tooltip.
    QAction *shared = view->addAction(tr("Cycle Shared &Crosshair / Tooltip"));
    shared->setObjectName(QStringLiteral("cycleGraphTooltip"));
    shared->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)); // Ctrl+O is Open here
    connect(shared, &QAction::triggered, this, [this] {
        const int mode = m_page->cycleGraphTooltip();
        statusBar()->showMessage(mode == 0   ? tr("Panels: own crosshair and tooltip")
                                 : mode == 1 ? tr("Panels: shared crosshair")
                                             : tr("Panels: shared crosshair and tooltip"),
                                 3000);
    });
    QAction *utc = view->addAction(tr("Times in &UTC"));
    utc->setObjectName(QStringLiteral("useUtc"));
    utc->setCheckable(true);
    connect(utc, &QAction::toggled, m_page, &DashboardPage::setUseUtc);
    connect(m_page, &DashboardPage::useUtcChanged, utc, &QAction::setChecked);
    // Light, dark or the desktop's; remembered (ui/theme).
    QMenu *themeMenu = view->addMenu(tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("themeMenu"));
    auto *themes = new QActionGroup(themeMenu);
    const Theme::Mode current = Theme::saved();
    for (const Theme::Mode mode : {Theme::Mode::System, Theme::Mode::Light, Theme::Mode::Dark}) {
        QAction *a = themeMenu->addAction(mode == Theme::Mode::System  ? tr("&System")
                                          : mode == Theme::Mode::Light ? tr("&Light")
                                                                       : tr("&Dark"));
        a->setObjectName(QStringLiteral("theme-") + Theme::name(mode));
        a->setCheckable(true);
        a->setChecked(mode == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode] {
            applyTheme(*qApp, mode);
            Theme::save(mode);
            refresh(); // charts take the theme's series colours when they rebuild
        });
    }
    // The interface language (ui/language: empty = the system's); read at start-up.
    QMenu *languageMenu = view->addMenu(tr("&Language"));
    languageMenu->setObjectName(QStringLiteral("languageMenu"));
    auto *languages = new QActionGroup(languageMenu);
    const QString currentLanguage = QSettings().value(QStringLiteral("ui/language")).toString();
    // Each language is named in itself, so that anyone can find their own.
    const QList<QPair<QString, QString>> languageChoices = {
        {QString(), tr("As the &system")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ru"), QStringLiteral("Русский")}};
    for (const auto &[code, text] : languageChoices) {
        QAction *a = languageMenu->addAction(text);
        a->setObjectName(QStringLiteral("language-") + (code.isEmpty() ? QStringLiteral("system") : code));
        a->setCheckable(true);
        a->setChecked(code == currentLanguage);
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(QStringLiteral("ui/language"), code);
            statusBar()->showMessage(tr("The language changes when Dozor starts again"), 8000);
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_helpMenu = help;
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"));
    keys->setObjectName(QStringLiteral("actionShortcuts"));
    connect(keys, &QAction::triggered, this, [this] {
        // Menu and toolbar actions and the page's v / Esc are read from the window;
        // only what is not an action is listed here.
        const QList<ShortcutsDialog::Entry> extra = {
            {tr("Drag on a chart"), tr("Zoom into the selected time range")},
            {tr("Shift+drag on a chart"), tr("Pan the time range")},
            {tr("Right click on a panel"),
             tr("Panel menu: view, edit, inspect, copy PromQL, open in Prometheus, export")},
            {tr("Ctrl+Shift+K"), tr("Kiosk mode on/off (wall screens)")},
            {tr("Space, Left, Right (kiosk)"), tr("Pause the playlist, previous / next dashboard")},
        };
        auto *dialog = new ShortcutsDialog(this, extra, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    QAction *about = help->addAction(tr("&About Dozor"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox box(QMessageBox::Information, tr("About Dozor"),
                        tr("Dozor %1\nA native console for Prometheus, Alertmanager and Jaeger.\n\n"
                           "Prometheus: %2")
                            .arg(QCoreApplication::applicationVersion(),
                                 m_endpoints.prometheus.toString()),
                        QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    });
}

void MainWindow::buildToolbar()
{
    QToolBar *bar = addToolBar(tr("Dashboard"));
    bar->setObjectName(QStringLiteral("toolbar-dashboard"));
    bar->setMovable(false);
    m_picker = new TimeRangePicker(bar);
    bar->addWidget(m_picker);
    connect(m_picker, &TimeRangePicker::rangeChanged, this, &MainWindow::applyRange);
    // Back / forward through the ranges viewed (drag-zooms included), and zoom out.
    m_backAction = bar->addAction(tr("◀"));
    m_backAction->setObjectName(QStringLiteral("rangeBack"));
    m_backAction->setToolTip(tr("Previous time range (Alt+Left)"));
    m_backAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    connect(m_backAction, &QAction::triggered, this, [this] {
        if (m_rangeHistory.canGoBack())
            applyRange(m_rangeHistory.back());
    });
    m_forwardAction = bar->addAction(tr("▶"));
    m_forwardAction->setObjectName(QStringLiteral("rangeForward"));
    m_forwardAction->setToolTip(tr("Next time range (Alt+Right)"));
    m_forwardAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    connect(m_forwardAction, &QAction::triggered, this, [this] {
        if (m_rangeHistory.canGoForward())
            applyRange(m_rangeHistory.forward());
    });
    QAction *zoomOutAction = bar->addAction(tr("Zoom out"));
    zoomOutAction->setObjectName(QStringLiteral("rangeZoomOut"));
    zoomOutAction->setToolTip(tr("Twice the time range (Ctrl+Z); drag on a chart to zoom in, Shift+drag to pan"));
    zoomOutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    connect(zoomOutAction, &QAction::triggered, this, [this] { applyRange(zoomOut(m_range)); });
    updateHistoryActions();
    QAction *refreshAction = bar->addAction(tr("⟳ Refresh"));
    refreshAction->setToolTip(tr("Refresh all panels (F5)"));
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_autoRefresh = new QComboBox(bar);
    m_autoRefresh->setToolTip(tr("Auto-refresh"));
    m_autoRefresh->addItem(tr("Auto-refresh off"), QString());
    for (const char *i : {"5s", "10s", "30s", "1m", "5m"})
        m_autoRefresh->addItem(tr("Every %1").arg(QLatin1String(i)), QLatin1String(i));
    bar->addWidget(m_autoRefresh);
    // The dashboard's own links (Grafana's dashboard links), opened on click, http/https only.
    m_linksButton = new QToolButton(bar);
    m_linksButton->setObjectName(QStringLiteral("dashboardLinks"));
    m_linksButton->setText(tr("Links"));
    m_linksButton->setPopupMode(QToolButton::InstantPopup);
    m_linksButton->setMenu(new QMenu(m_linksButton));
    bar->addWidget(m_linksButton);
    // dev / staging / production: re-points the open dashboard's datasources.
    m_environmentBox = new QComboBox(bar);
    m_environmentBox->setObjectName(QStringLiteral("environmentSwitcher"));
    m_environmentBox->setToolTip(tr("Environment: the datasources dashboards use"));
    m_environmentAction = bar->addWidget(m_environmentBox);
    fillEnvironments();
    connect(m_environmentBox, &QComboBox::activated, this, [this](int i) {
        setEnvironment(m_environmentBox->itemData(i).toString());
    });
    connect(m_autoRefresh, &QComboBox::activated, this,
            [this](int i) { setAutoRefresh(m_autoRefresh->itemData(i).toString()); });
}

void MainWindow::setAutoRefresh(const QString &interval)
{
    const auto ms = parseDurationMs(interval);
    int index = m_autoRefresh->findData(interval);
    if (index < 0 && ms && *ms > 0) {
        m_autoRefresh->addItem(tr("Every %1").arg(interval), interval);
        index = m_autoRefresh->count() - 1;
    }
    m_autoRefresh->setCurrentIndex(ms && *ms > 0 ? index : 0);
    if (ms && *ms >= 1000) {
        m_refreshTimer->start(int(std::min<qint64>(*ms, 24LL * 3600 * 1000)));
    } else {
        m_refreshTimer->stop();
    }
}

void MainWindow::openInitialDashboard()
{
    if (restoreSession())
        return;
    QSettings s;
    const QString last = s.value(QStringLiteral("session/lastDashboard")).toString();
    if (!last.isEmpty() && (last.startsWith(QLatin1Char(':')) || QFileInfo::exists(last)) &&
        DashboardLoader::loadFile(last).dashboard) {
        openDashboard(last);
        return;
    }
    openDashboard(bundledDashboardPath());
}

bool MainWindow::openDashboard(const QString &path, const QStringList &variableOverrides)
{
    if (!m_sessionStarted && startSession(path))
        return true; // the previous run's unsaved edits of this file are back
    const auto loaded = DashboardLoader::loadFile(path);
    if (loaded.dashboard && m_page->isModified() && !m_discarding) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("The dashboard \"%1\" has unsaved changes. Save them before opening another?").arg(dashboard().title),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveDashboard()))
            return false;
    }
    return showDashboard(loaded, path, variableOverrides);
}

bool MainWindow::showDashboard(const DashboardLoader::Result &loaded, const QString &path,
                               const QStringList &variableOverrides)
{
    QString error = loaded.error;
    if (loaded.dashboard) {
        if (!dashboard().panels.isEmpty())
            saveLayout();
        clearDashboard();
    }
    if (!loaded.dashboard || !m_page->setDashboard(*loaded.dashboard, path, variableOverrides, &error)) {
        // Window-modal, not a nested event loop: refreshes and other panels go on.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot open dashboard"),
                                    error, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("openError"));
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    updateWindowTitle();
    updateDashboardLinks();
    m_panelAlerts.clear();
    applyAlertRules(m_alertList->snapshot().rules);
    const QByteArray state = QSettings().value(layoutSettingsKey(dashboard())).toByteArray();
    if (!state.isEmpty()) {
        restoreState(state, kLayoutVersion);
    } else {
        // The alert list gets a third of the height until the user arranges it
        // otherwise (once the window has its size).
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_alertDock}, {std::max(220, height() / 4)}, Qt::Vertical);
        });
    }

    m_range = m_page->range();
    m_picker->setRange(m_range);
    m_rangeHistory.clear();
    m_rangeHistory.push(m_range);
    updateHistoryActions();
    openTracePanels();
    setAutoRefresh(dashboard().refresh);
    rememberRecent(path);
    m_settingsWriter.setValue(QStringLiteral("session/lastDashboard"), path);
    // Query once the panels have their real sizes, so the step matches the pixels.
    QTimer::singleShot(0, this, &MainWindow::refresh);
    return true;
}

const Dashboard &MainWindow::dashboard() const
{
    return m_page->dashboard();
}

PanelWidget *MainWindow::panelWidget(int id) const
{
    if (PanelWidget *w = m_page->panelWidget(id))
        return w;
    if (QDockWidget *dock = m_panelDocks.value(id))
        return qobject_cast<PanelWidget *>(dock->widget());
    return nullptr;
}

ChartPanel *MainWindow::panelView(int id) const
{
    return qobject_cast<ChartPanel *>(panelWidget(id));
}

QDockWidget *MainWindow::popOutPanel(int id)
{
    if (QDockWidget *dock = m_panelDocks.value(id)) {
        dock->show();
        dock->raise();
        return dock;
    }
    const Panel *p = dashboard().panel(id);
    PanelWidget *w = m_page->view()->detachPanel(id);
    if (!p || !w)
        return nullptr;
    auto *dock = new QDockWidget(p->title.isEmpty() ? tr("Panel %1").arg(id) : p->title, this);
    dock->setObjectName(QStringLiteral("panel-%1").arg(id));
    dock->setWidget(w);
    if (!p->description.isEmpty())
        dock->setToolTip(plainToolTip(p->description));
    m_panelDocks.insert(id, dock);
    // Closing the dock puts the panel back into the dashboard grid.
    connect(dock, &QObject::destroyed, this, [this, id] { m_panelDocks.remove(id); });
    connect(dock->toggleViewAction(), &QAction::toggled, this, [this, id](bool on) {
        if (!on)
            QTimer::singleShot(0, this, [this, id] { returnPanel(id); });
    });
    const QList<QDockWidget *> others = m_panelDocks.values();
    QDockWidget *first = nullptr;
    for (QDockWidget *o : others)
        if (o != dock && !o->isHidden())
            first = o;
    addDockWidget(Qt::RightDockWidgetArea, dock);
    if (first)
        tabifyDockWidget(first, dock);
    else
        resizeDocks({dock}, {std::max(480, width() / 3)}, Qt::Horizontal);
    dock->show();
    dock->raise();
    return dock;
}

void MainWindow::returnPanel(int id)
{
    QDockWidget *dock = m_panelDocks.value(id);
    if (!dock || dock->isVisible())
        return;
    const Panel *p = dashboard().panel(id);
    auto *w = qobject_cast<PanelWidget *>(dock->widget());
    if (p && p->adHoc) {
        m_panelDocks.remove(id);
        dock->deleteLater();
        m_page->removePanel(id); // an ad-hoc query closes for good
        return;
    }
    if (w) {
        dock->setWidget(nullptr);
        m_page->view()->attachPanel(id, w);
    }
    m_panelDocks.remove(id);
    dock->deleteLater();
}

bool MainWindow::saveDashboard(const QString &path)
{
    QString target = path;
    if (target.isEmpty() && m_page->path().startsWith(QLatin1Char(':'))) {
        target = QFileDialog::getSaveFileName(this, tr("Save dashboard"),
                                              QFileInfo(m_page->path()).fileName(), tr("Dashboards (*.json)"));
        if (target.isEmpty())
            return false;
    }
    const bool sameFile = target.isEmpty() ||
                          QFileInfo(target).absoluteFilePath() == QFileInfo(m_page->path()).absoluteFilePath();
    if (sameFile && m_page->isChangedOnDisk() && !confirmOverwrite()) {
        statusBar()->showMessage(tr("Not saved: %1 changed on disk").arg(m_page->path()), 15000);
        return false;
    }
    QString error;
    if (!m_page->save(target, &error)) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot save dashboard"),
                                    error + tr("\n\nYour changes are still open here."), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("saveError"));
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        // The dialog may be dismissed at once; the reason stays in the status bar.
        statusBar()->showMessage(error, 60000);
        return false;
    }
    m_session->discard();
    m_page->hideNotice();
    rememberRecent(m_page->path());
    m_settingsWriter.setValue(QStringLiteral("session/lastDashboard"), m_page->path());
    statusBar()->showMessage(tr("Saved %1").arg(m_page->path()), 5000);
    return true;
}

void MainWindow::updateDashboardLinks()
{
    QMenu *menu = m_linksButton->menu();
    menu->clear();
    for (const Link &l : dashboard().links) {
        if (l.type != QLatin1String("link") || l.url.isEmpty())
            continue; // "dashboards" links point into a Grafana server's own search
        QAction *a = menu->addAction(l.title.isEmpty() ? l.url : l.title);
        a->setToolTip(l.url);
        connect(a, &QAction::triggered, this, [this, url = l.url] { LinkOpener::openWeb(QUrl(url), this); });
    }
    m_linksButton->setVisible(!menu->isEmpty());
}

void MainWindow::updateWindowTitle()
{
    setWindowTitle(QStringLiteral("%1%2 — Dozor").arg(m_page->isModified() ? QStringLiteral("● ") : QString(),
                                                       dashboard().title));
}

int MainWindow::openQueryPanel(const QString &expr, const QString &title)
{
    // An ad-hoc panel: it joins the open dashboard's queries but is not saved with it.
    Panel p;
    p.id = 100000;
    for (const Panel &existing : dashboard().panels)
        p.id = std::max(p.id, existing.id + 1);
    p.type = QStringLiteral("timeseries");
    p.title = title;
    p.description = expr;
    p.adHoc = true;
    p.gridPos = GridPos{0, 0, 24, 8};
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = expr;
    // An alert's expression usually ends in a comparison (`x > 0.5`), which plots
    // only while it holds: plot `x`; the rule's threshold is drawn as its line.
    AlertRule asRule;
    asRule.query = expr;
    if (const auto threshold = ruleThreshold(asRule))
        t.expr = threshold->expression;
    p.targets.append(t);
    const int id = m_page->addPanel(p);
    popOutPanel(id);
    QTimer::singleShot(0, this, [this, id] { refreshPanel(id); });
    return id;
}

void MainWindow::buildTraceDocks()
{
    m_traces = new TraceWorkspace(this, m_nam, m_endpoints.jaeger);
    m_traces->setCompanions(m_alertDock, m_runbookDock);
    menuBar()->insertMenu(m_helpMenu->menuAction(), m_traces->menu());
    connect(m_traces, &TraceWorkspace::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 15000);
    });
    connect(m_page, &DashboardPage::traceRequested, m_traces, &TraceWorkspace::openTrace);
    connect(m_page, &DashboardPage::findTracesRequested, this, [this](const TraceQuery &query) {
        m_traces->showSearch(&query, !query.service.isEmpty());
    });
}

void MainWindow::openTracePanels()
{
    // Grafana's Jaeger queries: {queryType: "search", service, operation, tags,
    // minDuration, maxDuration, limit} or {query: "<trace id>"}.
    for (const Panel &p : dashboard().panels) {
        if (p.type != QLatin1String("traces"))
            continue;
        const QJsonArray targets = p.raw.value(QLatin1String("targets")).toArray();
        const QJsonObject t = targets.isEmpty() ? QJsonObject() : targets.first().toObject();
        const QString id = t.value(QLatin1String("query")).toString().trimmed();
        if (t.value(QLatin1String("queryType")).toString() != QLatin1String("search") && !id.isEmpty()) {
            m_traces->openTrace(id);
            continue;
        }
        TraceQuery q;
        q.service = t.value(QLatin1String("service")).toString();
        q.operation = t.value(QLatin1String("operation")).toString();
        q.tags = t.value(QLatin1String("tags")).toString();
        q.minDurationUs = parseGoDurationUs(t.value(QLatin1String("minDuration")).toString());
        q.maxDurationUs = parseGoDurationUs(t.value(QLatin1String("maxDuration")).toString());
        q.limit = std::clamp(t.value(QLatin1String("limit")).toInt(20), 1, 1500);
        if (const auto r = m_range.resolve(QDateTime::currentDateTimeUtc())) {
            q.start = r->start;
            q.end = r->end;
        }
        m_traces->showSearch(&q, !q.service.isEmpty());
    }
}

void MainWindow::buildAlertDocks()
{

    m_alertList = new AlertListWidget(m_alertClient, this);
    m_alertList->setRunbookLibrary(RunbookLibrary(m_endpoints.runbookFolders()));
    m_alertDock = new QDockWidget(tr("Alerts"), this);
    m_alertDock->setObjectName(QStringLiteral("alerts"));
    m_alertDock->setWidget(m_alertList);
    addDockWidget(Qt::BottomDockWidgetArea, m_alertDock);

    m_runbookViewer = new RunbookViewer(this);
    m_runbookViewer->setLibrary(RunbookLibrary(m_endpoints.runbookFolders()));
    m_runbookDock = new QDockWidget(tr("Runbook"), this);
    m_runbookDock->setObjectName(QStringLiteral("runbook"));
    m_runbookDock->setWidget(m_runbookViewer);
    addDockWidget(Qt::BottomDockWidgetArea, m_runbookDock);
    splitDockWidget(m_alertDock, m_runbookDock, Qt::Horizontal);
    resizeDocks({m_alertDock, m_runbookDock}, {3, 2}, Qt::Horizontal);
    connect(m_runbookViewer, &RunbookViewer::opened, this, [this](const QString &title) {
        m_runbookDock->setWindowTitle(tr("Runbook — %1").arg(title));
    });

    connect(m_alertList, &AlertListWidget::runbookRequested, this, &MainWindow::showRunbook);
    connect(m_alertList, &AlertListWidget::queryRequested, this, &MainWindow::openQueryPanel);
    connect(m_alertList, &AlertListWidget::countsChanged, this, &MainWindow::onAlertCounts);
    connect(m_alertList, &AlertListWidget::newlyFiring, this, &MainWindow::notifyFiring);
    connect(m_alertClient, &AlertClient::updated, this, [this](const AlertSnapshot &s) {
        // A source that failed keeps what was drawn; an answer replaces it.
        if (s.prometheusError.isEmpty())
            applyAlertRules(s.rules);
        m_page->setAlerts(s.alerts);
    });

    // One tray icon for the process: the first window's.
    if (QSystemTrayIcon::isSystemTrayAvailable() && s_windows.size() <= 1) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("Dozor"));
        m_tray->show();
    }
    // Alerts poll on their own clock: on-call needs them even with auto-refresh off.
    m_alertTimer->setInterval(30000);
    connect(m_alertTimer, &QTimer::timeout, m_alertClient, &AlertClient::refresh);
    m_alertTimer->start();
    QTimer::singleShot(0, m_alertClient, &AlertClient::refresh);
    m_alertCounts->setText(tr("alerts: loading…"));

    auto *alerts = new QMenu(tr("&Alerts"), this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), alerts);
    alerts->addAction(m_alertDock->toggleViewAction());
    alerts->addAction(m_runbookDock->toggleViewAction());
    QAction *refreshAlerts = alerts->addAction(tr("Refresh alerts"));
    connect(refreshAlerts, &QAction::triggered, m_alertClient, &AlertClient::refresh);
}

ShareLink MainWindow::shareLink() const
{
    ShareLink link;
    const QString path = m_page->path();
    link.dashboard = path.startsWith(QLatin1Char(':')) ? path : QFileInfo(path).absoluteFilePath();
    // A provisioned dashboard is named by its uid: the link works wherever the same
    // provisioning folder is used.
    for (const ProvisionedDashboard &p : m_endpoints.provisioning.dashboards())
        if (!p.uid.isEmpty() && QFileInfo(p.path).absoluteFilePath() == QFileInfo(path).absoluteFilePath())
            link.dashboard = p.uid;
    link.from = m_range.from;
    link.to = m_range.to;
    for (const Variable &v : m_page->resolver()->variables()) {
        if (v.type == QLatin1String("constant") || v.type == QLatin1String("adhoc") || v.current.isEmpty())
            continue;
        const bool all = v.current.contains(QStringLiteral("$__all"));
        link.variables << v.name + QLatin1Char('=') + (all ? QStringLiteral("All") : v.current.join(QLatin1Char(',')));
    }
    link.environment = m_registry->environment();
    return link;
}

void MainWindow::applyRange(const TimeRange &range)
{
    m_range = range;
    m_picker->setRange(range); // emits nothing
    m_page->setRange(range);
    m_rangeHistory.push(range); // ignored when it is the current entry (back / forward)
    updateHistoryActions();
    refresh();
}

void MainWindow::updateHistoryActions()
{
    if (!m_backAction)
        return;
    m_backAction->setEnabled(m_rangeHistory.canGoBack());
    m_forwardAction->setEnabled(m_rangeHistory.canGoForward());
}

void MainWindow::buildHealthDocks()
{
    // Smoke tests after a deploy: every target up, every /health 200.
    m_targetsView = new TargetsView(this);
    m_targetsDock = new QDockWidget(tr("Targets"), this);
    m_targetsDock->setObjectName(QStringLiteral("targets"));
    m_targetsDock->setWidget(m_targetsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_targetsDock);
    tabifyDockWidget(m_alertDock, m_targetsDock);

    m_healthChecker = new HealthChecker(m_nam, this);
    m_healthChecker->setEndpoints(m_endpoints.healthChecks);
    m_healthView = new HealthView(m_healthChecker, this);
    m_healthDock = new QDockWidget(tr("Service health"), this);
    m_healthDock->setObjectName(QStringLiteral("health"));
    m_healthDock->setWidget(m_healthView);
    addDockWidget(Qt::BottomDockWidgetArea, m_healthDock);
    tabifyDockWidget(m_targetsDock, m_healthDock);
    m_alertDock->raise();
    connect(m_healthView, &HealthView::endpointsEdited, this, [](const QList<HealthEndpoint> &list) {
        Endpoints::saveHealthChecks(list);
    });
    m_healthChecker->setIntervalMs(15000);
    QTimer::singleShot(0, m_healthChecker, &HealthChecker::checkNow);

    auto *services = new QMenu(tr("&Services"), this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), services);
    services->addAction(m_targetsDock->toggleViewAction());
    services->addAction(m_healthDock->toggleViewAction());
    QAction *check = services->addAction(tr("Check targets and health now"));
    connect(check, &QAction::triggered, this, [this] {
        m_targetsView->refresh();
        m_healthChecker->checkNow();
    });
}

void MainWindow::showRunbook(const QString &path)
{
    if (m_runbookViewer->openFile(path)) {
        m_runbookDock->show();
        m_runbookDock->raise();
    }
}

int MainWindow::queriesInFlight() const
{
    return m_page ? m_page->queriesInFlight() : 0;
}

QString MainWindow::alertCountsText() const
{
    return m_alertCounts->text();
}

void MainWindow::onAlertCounts(const QMap<QString, int> &firing)
{
    int critical = 0, warning = 0, info = 0, other = 0;
    for (auto it = firing.cbegin(); it != firing.cend(); ++it) {
        switch (severityRank(it.key())) {
        case 0: critical += it.value(); break;
        case 1: warning += it.value(); break;
        case 2: info += it.value(); break;
        default: other += it.value(); break;
        }
    }
    QString text = tr("firing: %1 critical · %2 warning · %3 info").arg(critical).arg(warning).arg(info);
    if (other)
        text += tr(" · %1 other").arg(other);
    const QStringList errors = m_alertList->snapshot().errors();
    if (!errors.isEmpty())
        text += tr(" · ⚠ %1").arg(errors.first().left(120));
    m_alertCounts->setText(text);
    m_alertCounts->setToolTip(plainToolTip(errors.join(QLatin1Char('\n'))));
    m_alertCounts->setStyleSheet(critical ? QStringLiteral("QLabel { color: #ffffff; background: #c4162a; padding: 1px 6px; }")
                                 : warning ? QStringLiteral("QLabel { color: #1a1a1a; background: #ff9830; padding: 1px 6px; }")
                                           : QStringLiteral("QLabel { color: #73bf69; padding: 1px 6px; }"));
}

void MainWindow::applyAlertRules(const QList<AlertRule> &rules)
{
    m_lastRules = rules;
    bool anyAlerting = false;
    for (const AlertRule &r : rules)
        anyAlerting = anyAlerting || r.type == QLatin1String("alerting");
    // The charts made so far: those still to be made get theirs when the last is
    // made (panelsRebuilt runs this again).
    QHash<int, ChartPanel *> charts;
    for (const Panel &p : dashboard().panels) {
        PanelWidget *w = m_page->view()->builtPanelWidget(p.id);
        if (QDockWidget *dock = m_panelDocks.value(p.id); !w && dock)
            w = qobject_cast<PanelWidget *>(dock->widget());
        if (auto *c = qobject_cast<ChartPanel *>(w))
            charts.insert(p.id, c);
    }
    for (auto it = charts.cbegin(); it != charts.cend(); ++it) {
        const Panel *p = dashboard().panel(it.key());
        if (!p)
            continue;
        QStringList exprs;
        for (const Target &t : p->targets) {
            exprs << t.expr;
            // Prometheus returns rule queries in its own formatting (`sum by (le) (x)`
            // for `sum(x) by (le)`); compare with the panel's query formatted the same way.
            if (m_formatted.contains(t.expr))
                exprs << m_formatted.value(t.expr);
            else if (anyAlerting && !m_formatPending.contains(t.expr))
                requestFormat(t.expr);
        }
        const QList<RuleThreshold> matched = thresholdsForPanel(exprs, rules);
        QStringList names;
        for (const RuleThreshold &r : matched)
            if (!names.contains(r.alertName))
                names << r.alertName;
        it.value()->setAlertThresholds(matched);
        const bool changed = m_panelAlerts.value(it.key()) != names;
        m_panelAlerts.insert(it.key(), names);
        if (names.isEmpty())
            it.value()->setFiringRanges({});
        else if (changed && it.value()->hasData())
            refreshPanel(it.key()); // its firing ranges come with the next data
    }
}

void MainWindow::requestFormat(const QString &expr)
{
    m_formatPending.insert(expr);
    QUrl url = m_prometheus->apiUrl(QStringLiteral("/api/v1/format_query"));
    url.setQuery(QStringLiteral("query=") + QString::fromLatin1(QUrl::toPercentEncoding(expr)), QUrl::StrictMode);
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Get, url, {}, 10000, this);
    connect(job, &HttpJob::finished, this, [this, job, expr](const HttpResult &r) {
        job->deleteLater();
        m_formatPending.remove(expr);
        // Servers without format_query (older Prometheus, other engines) compare as written.
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        const QString formatted = r.ok() ? o.value(QLatin1String("data")).toString() : QString();
        m_formatted.insert(expr, formatted.isEmpty() ? expr : formatted);
        if (m_formatPending.isEmpty())
            applyAlertRules(m_lastRules);
    });
}

void MainWindow::queryFiringRanges(int panelId, const PanelData &data)
{
    const QStringList names = m_panelAlerts.value(panelId);
    delete m_firingQueries.take(panelId); // cancels an older one still running
    if (names.isEmpty() || data.queryEndMs <= data.queryStartMs)
        return;
    QStringList quoted;
    for (const QString &n : names)
        quoted << QRegularExpression::escape(n);
    // ALERTS is Prometheus's own series of pending and firing alerts.
    const QString expr = QStringLiteral("max(ALERTS{alertstate=\"firing\",alertname=~\"%1\"})")
                             .arg(quoted.join(QLatin1Char('|')).replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                                      .replace(QLatin1Char('"'), QStringLiteral("\\\"")));
    auto *owner = new QObject(this);
    m_firingQueries.insert(panelId, owner);
    const double stepMs = std::max(data.stepSeconds, 1.0) * 1000.0;
    PrometheusQuery *q = m_prometheus->queryRange(expr, QDateTime::fromMSecsSinceEpoch(data.queryStartMs, Qt::UTC),
                                                  QDateTime::fromMSecsSinceEpoch(data.queryEndMs, Qt::UTC),
                                                  data.stepSeconds, owner);
    connect(q, &PrometheusQuery::finished, this, [this, panelId, owner, stepMs](const QueryResult &r) {
        if (m_firingQueries.value(panelId) == owner) {
            m_firingQueries.remove(panelId);
            owner->deleteLater();
        }
        ChartPanel *panel = panelView(panelId);
        if (!panel || !r.ok())
            return; // the bands are extra: a failure here leaves the chart as it is
        QList<QPair<double, double>> ranges;
        for (const Series &s : r.series)
            ranges += presenceRanges(s, stepMs);
        panel->setFiringRanges(ranges);
    });
}

void MainWindow::notifyFiring(const QList<Alert> &alerts)
{
    // Once per alert: a critical alert that flaps does not notify again.
    QStringList lines;
    for (const Alert &a : alerts) {
        if (severityRank(a.severity()) != 0 || m_notified.contains(a.identity()))
            continue;
        m_notified.insert(a.identity());
        lines << a.name() + QStringLiteral(": ") + a.summary().simplified().left(200);
    }
    if (lines.isEmpty())
        return;
    const QString title = tr("%n critical alert(s) firing", nullptr, int(lines.size()));
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, lines.join(QLatin1Char('\n')), QSystemTrayIcon::Critical, 15000);
    statusBar()->showMessage(title + QStringLiteral(": ") + lines.join(QStringLiteral("; ")), 60000);
}

void MainWindow::clearDashboard()
{
    m_page->cancelAll();
    for (QDockWidget *dock : std::as_const(m_panelDocks)) {
        dock->disconnect(this);
        removeDockWidget(dock);
        dock->deleteLater();
    }
    m_panelDocks.clear();
    qDeleteAll(m_firingQueries);
    m_firingQueries.clear();
    m_panelsMenu->clear();
    m_failedPanels = 0;
}

void MainWindow::resetLayout()
{
    const auto ids = m_panelDocks.keys();
    for (int id : ids)
        if (QDockWidget *dock = m_panelDocks.value(id)) {
            dock->hide();
            returnPanel(id);
        }
    removeDockWidget(m_alertDock);
    removeDockWidget(m_runbookDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_alertDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_runbookDock);
    splitDockWidget(m_alertDock, m_runbookDock, Qt::Horizontal);
    for (QDockWidget *dock : {m_targetsDock, m_healthDock}) {
        removeDockWidget(dock);
        addDockWidget(Qt::BottomDockWidgetArea, dock);
        tabifyDockWidget(m_alertDock, dock);
        dock->show();
    }
    m_alertDock->show();
    m_runbookDock->show();
    m_alertDock->raise();
    resizeDocks({m_alertDock}, {std::max(220, height() / 4)}, Qt::Vertical);
    m_traces->resetLayout();
    QSettings().remove(layoutSettingsKey(dashboard()));
    QTimer::singleShot(0, this, &MainWindow::refresh);
}

void MainWindow::saveLayout()
{
    if (dashboard().panels.isEmpty())
        return;
    QSettings().setValue(layoutSettingsKey(dashboard()), saveState(kLayoutVersion));
}

void MainWindow::refresh()
{
    m_page->refresh();
    m_alertClient->refresh();
    m_lastRefresh = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    updateStatus();
}

void MainWindow::refreshPanel(int id)
{
    m_page->refreshPanel(id);
}

void MainWindow::onPanelFinished(int id, const PanelData &data)
{
    queryFiringRanges(id, data);
    m_failedPanels = m_page->failedPanels();
    updateStatus();
    updateServerBanner();
}

void MainWindow::updateServerBanner()
{
    // Server trouble, not a bad query: the banner names the first such error and how
    // many panels it stops; a panel with another error keeps it to itself.
    // In English and in the interface language (the messages of networkerror.cpp and
    // httpjob.cpp begin with these words in both).
    const QStringList unreachable = {QStringLiteral("connection refused"), QStringLiteral("host not found"),
                                     QStringLiteral("timed out"),          QStringLiteral("timeout"),
                                     QStringLiteral("TLS handshake failed"),
                                     QStringLiteral("server closed the connection"),
                                     QCoreApplication::translate("NetworkError", "connection refused"),
                                     QCoreApplication::translate("NetworkError", "host not found"),
                                     QCoreApplication::translate("NetworkError", "timed out"),
                                     QCoreApplication::translate("NetworkError", "TLS handshake failed"),
                                     QCoreApplication::translate("NetworkError", "server closed the connection")};
    QString first;
    bool auth = false;
    int affected = 0;
    for (const Panel &p : m_page->dashboard().panels) {
        const PanelWidget *w = m_page->view()->builtPanelWidget(p.id);
        const QString error = w ? w->errorText() : QString();
        if (error.isEmpty())
            continue;
        const bool isAuth = error.contains(QLatin1String("HTTP 401")) || error.contains(QLatin1String("HTTP 403"));
        const bool isDown = std::any_of(unreachable.cbegin(), unreachable.cend(), [&error](const QString &k) {
            return error.contains(k, Qt::CaseInsensitive);
        });
        if (!isAuth && !isDown)
            continue;
        ++affected;
        if (first.isEmpty() || (isAuth && !auth)) {
            first = error.section(QLatin1Char('\n'), 0, 0);
            auth = isAuth;
        }
    }
    if (affected == 0) {
        m_serverBanner->hide();
        return;
    }
    const QString panels = affected == 1 ? tr("1 panel") : tr("%1 panels").arg(affected);
    m_serverBannerText->setText(auth ? tr("Credentials refused (%1): %2").arg(panels, first)
                                     : tr("Server unreachable (%1): %2. Dozor tries again on every refresh.")
                                           .arg(panels, first));
    m_serverBannerCredentials->setVisible(auth);
    m_serverBanner->show();
}

void MainWindow::editDatasources()
{
    auto *dialog = new DatasourceDialog(m_nam, m_registry->datasources(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_secrets)
        m_secrets = new SecretStore(this);
    if (m_secrets->noBackend())
        dialog->setKeychainNote(SecretStore::noKeychainMessage());
    connect(dialog, &DatasourceDialog::saved, this, [this, dialog](const QList<Datasource> &list) {
        // Settings get everything but provisioned and command-line servers; secrets go
        // to the keychain, never to the settings file.
        QList<Datasource> toSave;
        for (const Datasource &d : list)
            if (d.origin != QLatin1String("command line"))
                toSave << d;
        QSettings settings;
        DatasourceSettings::save(settings, toSave);
        for (const Datasource &d : std::as_const(toSave))
            if (!DatasourceSettings::isProvisioned(d))
                m_secrets->store(d, dialog->droppedHeaders(d.uid), this, [this](const QString &error) {
                    if (!error.isEmpty())
                        statusBar()->showMessage(tr("Credentials: %1").arg(error), 15000);
                });
        for (const Datasource &d : dialog->removedDatasources())
            m_secrets->remove(d, this);
        m_endpoints.datasources = list;
        m_registry->setDatasources(list); // -> changed: clients re-pointed, panels refreshed
        fillEnvironments();
    });
    dialog->show();
}

void MainWindow::fillEnvironments()
{
    const QStringList envs = m_registry->environments();
    m_environmentBox->clear();
    m_environmentBox->addItem(tr("All environments"), QString());
    for (const QString &e : envs)
        m_environmentBox->addItem(tr("Environment: %1").arg(e), e);
    m_environmentBox->setCurrentIndex(std::max(0, m_environmentBox->findData(m_registry->environment())));
    m_environmentAction->setVisible(!envs.isEmpty());
}

void MainWindow::setEnvironment(const QString &environment)
{
    if (!environment.isEmpty() && !m_registry->environments().contains(environment))
        return;
    m_endpoints.environment = environment;
    QSettings().setValue(QStringLiteral("datasources/environment"), environment);
    m_environmentBox->setCurrentIndex(std::max(0, m_environmentBox->findData(environment)));
    m_registry->setEnvironment(environment); // -> changed -> applyDefaultDatasources, refresh
}

QString MainWindow::environment() const
{
    return m_registry->environment();
}

void MainWindow::applyDefaultDatasources()
{
    const QList<Datasource> &list = m_registry->datasources();
    const QString env = m_registry->environment();
    if (const Datasource *d = defaultDatasource(list, QStringLiteral("prometheus"), env))
        DatasourceRegistry::configure(m_prometheus, *d);
    if (m_alertClient)
        DatasourceRegistry::configure(m_alertClient, defaultDatasource(list, QStringLiteral("alertmanager"), env),
                                      defaultDatasource(list, QStringLiteral("prometheus"), env));
    if (m_traces)
        if (const Datasource *d = defaultDatasource(list, QStringLiteral("jaeger"), env))
            DatasourceRegistry::configure(m_traces->client(), *d);
    m_page->resolver()->setDatasourceNames(datasourceNamesByType(list, env));
    if (m_targetsView) {
        const Datasource *d = defaultDatasource(list, QStringLiteral("prometheus"), env);
        m_targetsView->setClient(m_prometheus, d ? d->name : QString());
    }
    if (m_statusLabel)
        updateStatus();
}

void MainWindow::updateStatus()
{
    QStringList parts;
    if (!m_registry->environment().isEmpty())
        parts << tr("Environment %1").arg(m_registry->environment());
    const Datasource *metrics = defaultDatasource(m_registry->datasources(), QStringLiteral("prometheus"),
                                                  m_registry->environment());
    parts << tr("%1 %2").arg(metrics ? metrics->name : tr("Prometheus"),
                             m_prometheus->baseUrl().toString(QUrl::RemoveUserInfo));
    const int n = m_page ? m_page->queriesInFlight() : 0;
    parts << (n > 0 ? tr("%n panel(s) loading", nullptr, n) : tr("idle"));
    if (!m_lastRefresh.isEmpty())
        parts << tr("last refresh %1").arg(m_lastRefresh);
    if (m_failedPanels > 0)
        parts << tr("%n panel(s) with errors", nullptr, m_failedPanels);
    m_statusLabel->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::rememberRecent(const QString &path)
{
    const QString stored = path.startsWith(QLatin1Char(':')) ? path : QFileInfo(path).absoluteFilePath();
    const auto added = [stored](QStringList recent) {
        recent.removeAll(stored);
        recent.prepend(stored);
        while (recent.size() > kMaxRecent)
            recent.removeLast();
        return recent;
    };
    updateRecentMenu(added(QSettings().value(QStringLiteral("recentFiles")).toStringList()));
    // Added to the stored list on the writer's thread, in turn with the writes before
    // it (other windows add to the list too).
    m_settingsWriter.update([added](QSettings &s) {
        s.setValue(QStringLiteral("recentFiles"), added(s.value(QStringLiteral("recentFiles")).toStringList()));
    });
}

void MainWindow::updateRecentMenu()
{
    updateRecentMenu(QSettings().value(QStringLiteral("recentFiles")).toStringList());
}

void MainWindow::updateRecentMenu(const QStringList &recent)
{
    m_recentMenu->clear();
    for (const QString &path : recent) {
        QAction *a = m_recentMenu->addAction(path);
        connect(a, &QAction::triggered, this, [this, path] { openDashboard(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_page->isModified()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"), tr("Save the changes to \"%1\" before closing?").arg(dashboard().title),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveDashboard())) {
            event->ignore();
            return;
        }
    }
    saveLayout();
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_session->finish();
    QMainWindow::closeEvent(event);
}

void MainWindow::setUpSession()
{
    m_session = new SessionStore(this);
    // Each window autosaves into its own slot: the first free one when it starts.
    m_session->setSlot(SessionStore::kAnySlot);
    m_session->setProvider([this] { return sessionState(); });
    connect(m_page, &DashboardPage::edited, m_session, &SessionStore::scheduleWrite);
    connect(m_page, &DashboardPage::changedOnDisk, this, &MainWindow::onChangedOnDisk);
    connect(m_session, &SessionStore::writeFailed, this,
            [this](const QString &error) { statusBar()->showMessage(error, 60000); });
}

bool MainWindow::restoreSession()
{
    return !m_sessionStarted && startSession({});
}

bool MainWindow::startSession(const QString &opening)
{
    m_sessionStarted = true;
    QString warning;
    const std::optional<SessionState> previous = m_session->begin(&warning);
    if (!warning.isEmpty())
        statusBar()->showMessage(warning, 60000);
    // The first window of this run brings back, each in its own window, the other
    // windows' unsaved edits that a run which ended unexpectedly left.
    if (m_session->isActive() && SessionStore::activeCount(m_session->directory()) == 1) {
        const QList<int> others = SessionStore::leftBehind(m_session->directory());
        for (const int slot : others) {
            MainWindow *w = openNewWindow();
            w->m_session->setSlot(slot);
            if (!w->restoreSession())
                w->openInitialDashboard();
        }
    }
    if (!previous)
        return false;
    auto canonical = [](const QString &p) {
        return p.startsWith(QLatin1Char(':')) ? p : QFileInfo(p).absoluteFilePath();
    };
    if (opening.isEmpty() || canonical(opening) == canonical(previous->dashboardPath))
        return applyRecovered(*previous);
    // Another file was asked for: the old edits must not be overwritten by this run's.
    const QString kept = m_session->keepAside();
    statusBar()->showMessage(tr("Unsaved changes to %1 from a session that ended unexpectedly are kept in %2")
                                 .arg(previous->dashboardPath, kept),
                             60000);
    return false;
}

bool MainWindow::applyRecovered(const SessionState &state)
{
    DashboardLoader::Result loaded = DashboardLoader::parse(state.dashboardJson, state.dashboardPath);
    if (!loaded.dashboard) {
        const QString kept = m_session->keepAside();
        statusBar()->showMessage(tr("The unsaved changes of the last session cannot be opened (%1); they are kept in %2")
                                     .arg(loaded.error, kept),
                                 60000);
        return false;
    }
    Dashboard &d = *loaded.dashboard;
    if (!state.timeFrom.isEmpty() && !state.timeTo.isEmpty()) {
        d.timeFrom = state.timeFrom;
        d.timeTo = state.timeTo;
    }
    for (Variable &v : d.variables)
        if (state.variables.contains(v.name))
            v.current = state.variables.value(v.name);
    if (!showDashboard(loaded, state.dashboardPath, {})) {
        m_session->keepAside();
        return false;
    }
    if (!state.diskSha256.isEmpty())
        m_page->setDiskSha256(state.diskSha256);
    m_page->setModified(true);
    if (!state.windowGeometry.isEmpty())
        restoreGeometry(state.windowGeometry);
    if (!state.windowState.isEmpty())
        restoreState(state.windowState, kLayoutVersion);
    const QDateTime when = state.savedAt.isValid() ? state.savedAt.toLocalTime() : QDateTime::currentDateTime();
    QString text = tr("Restored unsaved changes from a session that ended unexpectedly at %1")
                       .arg(when.toString(QStringLiteral("HH:mm")));
    if (m_page->isChangedOnDisk())
        text += tr(" (%1 has changed on disk since: saving will ask before overwriting it)")
                    .arg(QFileInfo(state.dashboardPath).fileName());
    m_page->showNotice(QStringLiteral("restoredBar"), text,
                       {{QStringLiteral("discardRestored"), tr("Discard"), [this] { reloadFromDisk(); }, false},
                        {QStringLiteral("keepRestored"), tr("Keep"), {}, true}});
    statusBar()->showMessage(text, 60000);
    return true;
}

std::optional<SessionState> MainWindow::sessionState() const
{
    if (!m_page || !m_page->isModified() || m_page->path().isEmpty())
        return std::nullopt;
    SessionState s;
    s.dashboardPath = m_page->path();
    s.dashboardJson = DashboardWriter::serialize(m_page->editedDashboard());
    s.diskSha256 = m_page->diskSha256();
    s.timeFrom = m_range.from;
    s.timeTo = m_range.to;
    for (const Variable &v : m_page->resolver()->variables())
        s.variables.insert(v.name, v.current);
    s.windowState = saveState(kLayoutVersion);
    s.windowGeometry = saveGeometry();
    s.savedAt = QDateTime::currentDateTime();
    return s;
}

bool MainWindow::reloadFromDisk()
{
    m_discarding = true;
    const bool ok = openDashboard(m_page->path());
    m_discarding = false;
    if (ok)
        m_session->discard();
    return ok;
}

void MainWindow::onChangedOnDisk()
{
    const QString file = QFileInfo(m_page->path()).fileName();
    const bool mine = m_page->isModified();
    const QString text = mine ? tr("%1 changed on disk. Reload it (your unsaved changes here are dropped), or keep "
                                   "yours (saving asks before overwriting the file).")
                                    .arg(file)
                              : tr("%1 changed on disk. Reload it?").arg(file);
    m_page->showNotice(QStringLiteral("diskChangedBar"), text,
                       {{QStringLiteral("reloadFromDisk"), tr("Reload"), [this] { reloadFromDisk(); }, !mine},
                        {QStringLiteral("keepMine"), tr("Keep mine"), {}, mine}});
}

bool MainWindow::confirmOverwrite()
{
    const QString path = m_page->path();
    if (m_askOverwrite)
        return m_askOverwrite(path);
    QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                    tr("%1 was changed on disk since Dozor opened it. Overwrite it with your version?").arg(path),
                    QMessageBox::NoButton, this);
    box.setTextFormat(Qt::PlainText);
    QPushButton *overwrite = box.addButton(tr("Overwrite"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == overwrite;
}
