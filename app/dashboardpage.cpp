#include "dashboardpage.h"
#include "panelexport.h"

#include "alertlistpanel.h"
#include "chartpanel.h"
#include "crosshairgroup.h"
#include "datalinks.h"
#include "units.h"
#include "dashboardqueries.h"
#include "dashboardview.h"
#include "dashboardwriter.h"
#include "linkopener.h"
#include "paneleditor.h"
#include "httpjob.h"
#include "panelfactory.h"
#include "panelfinder.h"
#include "panelinspector.h"
#include "panelrepeat.h"
#include "panelwidget.h"
#include "prometheusclient.h"
#include "promqlcompleter.h"
#include "querystep.h"
#include "templating.h"
#include "variablebar.h"
#include "variableresolver.h"

#include <QApplication>
#include <QClipboard>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QFileSystemWatcher>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

// Variables as one displayable value each, for titles and text panels.
QList<Variable> forDisplay(QList<Variable> vars)
{
    for (Variable &v : vars) {
        QStringList texts;
        for (const QString &value : v.current) {
            if (value == Templating::kAllValue) {
                texts << QCoreApplication::translate("DashboardPage", "All");
                continue;
            }
            QString text = value;
            for (const VariableOption &o : v.options)
                if (o.value == value)
                    text = o.text;
            texts << text;
        }
        v.current = QStringList{texts.join(QStringLiteral(" + "))};
        v.multi = false;
        v.includeAll = false;
    }
    return vars;
}

// Empty when the file cannot be read.
QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (path.isEmpty() || path.startsWith(QLatin1Char(':')) || !f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

} // namespace

DashboardPage::DashboardPage(PrometheusClient *client, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_queries(new DashboardQueries(client, this)),
      m_resolver(new VariableResolver(client, this)),
      m_bar(new VariableBar(this)),
      m_view(new DashboardView(this)),
      m_completion(std::make_unique<PrometheusCompletionSource>(client)),
      m_watcher(new QFileSystemWatcher(this)),
      m_crosshairs(new CrosshairGroup(this)),
      m_viewKey(new QShortcut(QKeySequence(Qt::Key_V), this)),
      m_exitViewKey(new QShortcut(QKeySequence(Qt::Key_Escape), this))
{
    // Grafana's `v` over a panel and Esc out of the panel view. Enabled only while
    // they have a panel to act on, so that the keys reach other widgets otherwise.
    m_viewKey->setObjectName(QStringLiteral("viewPanelKey"));
    m_exitViewKey->setObjectName(QStringLiteral("exitPanelViewKey"));
    m_viewKey->setWhatsThis(tr("View the panel under the mouse alone (again: back to the dashboard)"));
    m_exitViewKey->setWhatsThis(tr("Back from a panel view to the dashboard"));
    m_viewKey->setContext(Qt::WindowShortcut);
    m_exitViewKey->setContext(Qt::WindowShortcut);
    connect(m_viewKey, &QShortcut::activated, this, [this] {
        const int id = panelForViewKey();
        if (id != 0 && id == m_viewed)
            exitPanelView();
        else if (id != 0)
            viewPanel(id);
    });
    connect(m_exitViewKey, &QShortcut::activated, this, &DashboardPage::exitPanelView);
    m_focusConnection = connect(qApp, &QApplication::focusChanged, this, [this] { updateViewShortcuts(); });
    updateViewShortcuts();

    connect(m_crosshairs, &CrosshairGroup::modeChanged, this, [this](int mode) {
        m_dashboard.graphTooltip = mode;
        emit graphTooltipChanged(mode);
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DashboardPage::onFileChanged);
    setObjectName(QStringLiteral("dashboardPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_view, 1);
    m_bar->hide();

    connect(m_queries, &DashboardQueries::panelLoading, this, [this](int id) {
        // A widget still to be made shows its spinner when it is made.
        if (PanelWidget *w = m_view->builtPanelWidget(id))
            w->setLoading(true);
    });
    // Answers are handed to their panels one per turn of the event loop: when many
    // arrive together (a refresh of a large dashboard), input and painting get their
    // turn between panels instead of waiting for all of them.
    m_applyTimer = new QTimer(this);
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(0);
    connect(m_applyTimer, &QTimer::timeout, this, &DashboardPage::applyNextResult);
    connect(m_queries, &DashboardQueries::panelFinished, this, [this](int id, const PanelData &data) {
        auto it = std::find_if(m_pendingResults.begin(), m_pendingResults.end(),
                               [id](const auto &pending) { return pending.first == id; });
        if (it != m_pendingResults.end())
            it->second = data; // a newer answer replaces one not shown yet
        else
            m_pendingResults.emplace_back(id, data);
        m_applyTimer->start();
    });
    connect(m_queries, &DashboardQueries::inFlightChanged, this, &DashboardPage::statusChanged);
    connect(m_queries, &DashboardQueries::exemplarsReady, this,
            [this](int id, const QList<ExemplarSeries> &exemplars) {
                if (auto *chart = qobject_cast<ChartPanel *>(panelWidget(id)))
                    chart->setExemplars(exemplars);
            });
    connect(m_view, &DashboardView::rowToggled, this, [this](int row, bool collapsed) {
        if (collapsed)
            return;
        // Grafana's lazy loading: a row's panels query when it is first opened.
        QHash<int, int> widths;
        const QHash<int, int> visible = m_view->visiblePlotWidths();
        for (auto it = visible.cbegin(); it != visible.cend(); ++it) {
            const Panel *p = m_dashboard.panel(it.key());
            if (p && p->rowIndex == row && needsQueries(it.key()))
                widths.insert(it.key(), it.value());
        }
        m_queries->refresh(widths, m_range);
        emit panelsRebuilt();
    });
    connect(m_view, &DashboardView::panelMenuRequested, this, &DashboardPage::showPanelMenu);
    // Widgets made a few per turn: once the last is there, whoever set up the panels
    // (alert overlays, a wall's stat sizes) sees all of them.
    connect(m_view, &DashboardView::panelsBuilt, this, &DashboardPage::panelsRebuilt);
    connect(m_resolver, &VariableResolver::resolved, this, &DashboardPage::onVariablesResolved);
    connect(m_resolver, &VariableResolver::variableChanged, this, [this] { m_variablesChanged = true; });
    connect(m_resolver, &VariableResolver::variableFailed, this, [this](const QString &name, const QString &error) {
        m_bar->setVariableError(name, error);
    });
    connect(m_bar, &VariableBar::selectionChanged, this, [this](const QString &name, const QStringList &values) {
        m_bar->setVariableError(name, {});
        m_resolver->setCurrent(name, values);
    });
    connect(m_bar, &VariableBar::filtersChanged, this, [this](const QString &name, const QList<AdhocFilter> &filters) {
        QList<Variable> vars = m_resolver->variables();
        for (Variable &v : vars)
            if (v.name == name)
                v.filters = filters;
        m_resolver->setVariables(vars);
        m_queries->setVariables(vars);
        refresh();
    });
}

DashboardPage::~DashboardPage()
{
    // Deleting the children moves the focus: nothing may reach this page by then.
    disconnect(m_focusConnection);
    m_queries->disconnect(this);
    m_resolver->disconnect(this);
}

bool DashboardPage::setDashboard(const Dashboard &dashboard, const QString &path, const QStringList &overrides,
                                 QString *error)
{
    QList<Variable> vars = dashboard.variables;
    QStringList assigned;
    if (!Templating::applyOverrides(vars, overrides, error, &assigned))
        return false;
    m_queries->cancelAll();
    m_pendingResults.clear(); // answers for the dashboard being replaced
    exitPanelView();
    m_dashboard = dashboard;
    m_dashboard.variables = vars;
    m_panels = dashboard.panels;
    m_path = path;
    m_range = TimeRange{dashboard.timeFrom, dashboard.timeTo};
    m_crosshairs->setMode(dashboard.graphTooltip);
    setUseUtc(dashboard.raw.value(QLatin1String("timezone")).toString().compare(QLatin1String("utc"), Qt::CaseInsensitive)
              == 0);
    setModified(false);
    m_resolver->setVariables(vars);
    m_resolver->setPinned(assigned);
    if (const auto r = m_range.resolve(QDateTime::currentDateTimeUtc()))
        m_resolver->setTimeRange(r->start.toMSecsSinceEpoch(), r->end.toMSecsSinceEpoch());
    m_queries->setVariables(vars);
    m_bar->setVariables(vars);
    rebuild();
    m_refreshPending = true;
    m_variablesChanged = false;
    hideNotice();
    m_diskHash = fileSha256(path);
    m_notifiedHash.clear();
    watchFile();
    m_resolver->resolve();
    return true;
}

void DashboardPage::applyNextResult()
{
    if (m_pendingResults.empty())
        return;
    auto [id, data] = std::move(m_pendingResults.front());
    m_pendingResults.pop_front();
    if (!m_pendingResults.empty())
        m_applyTimer->start();
    PanelWidget *w = panelWidget(id);
    if (w)
        w->setData(std::move(data)); // the panel keeps the only copy
    if (PanelInspector *inspector = m_inspectors.value(id))
        inspector->setInspection(inspectionFor(id));
    emit panelFinished(id, w ? w->data() : data);
    emit statusChanged();
}

void DashboardPage::rebuild()
{
    const QList<Variable> &vars = m_resolver->variables();
    const QList<Variable> display = forDisplay(vars);
    m_dashboard.variables = vars;
    m_dashboard.panels = PanelRepeat::expand(m_panels, vars);
    for (Panel &p : m_dashboard.panels) {
        QList<Variable> own = display;
        if (!p.repeat.isEmpty() && !p.repeatValue.isNull())
            for (Variable &v : own)
                if (v.name == p.repeat)
                    v.current = QStringList{p.repeatValue};
        const Templating::MacroValues none;
        p.title = Templating::interpolate(p.title, own, none);
        if (p.type == QLatin1String("text")) {
            QJsonObject options = p.raw.value(QLatin1String("options")).toObject();
            if (options.value(QLatin1String("content")).isString()) {
                options.insert(QStringLiteral("content"),
                               Templating::interpolate(options.value(QLatin1String("content")).toString(), own, none));
                p.raw.insert(QStringLiteral("options"), options);
            }
        }
    }
    m_queries->setDashboard(m_dashboard);
    m_queries->setVariables(vars);
    m_crosshairs->clear();
    // The viewed panel's widget goes back into the grid before the grid is rebuilt,
    // and the new one is viewed again if the panel is still there.
    const int viewed = m_viewed;
    exitPanelView();
    m_hovered = 0;
    m_view->setDashboard(m_dashboard, [this](const Panel &p, QWidget *parent) {
        PanelWidget *w = createPanelWidget(p, parent);
        w->installEventFilter(this); // hover, for `v`
        if (m_queries->isRunning(p.id))
            w->setLoading(true);
        if (auto *alerts = qobject_cast<AlertListPanel *>(w))
            alerts->setAlerts(m_alerts);
        if (auto *chart = qobject_cast<ChartPanel *>(w)) {
            connect(chart, &ChartPanel::pointClicked, this,
                    [this, chart](int series, double timeMs, double value, const QPoint &pos) {
                        showPointLinks(chart, series, timeMs, value, pos);
                    });
            connect(chart, &ChartPanel::exemplarClicked, this, &DashboardPage::traceRequested);
            connect(chart, &ChartPanel::rangeSelected, this, [this](qint64 fromMs, qint64 toMs) {
                emit zoomRequested(TimeRange::absolute(QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC),
                                                       QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC)));
            });
            chart->setUseUtc(m_useUtc);
            m_crosshairs->addPanel(chart);
        }
        emit panelCreated(w);
        return w;
    });
    if (viewed && m_dashboard.panel(viewed))
        viewPanel(viewed);
    updateViewShortcuts();
    emit panelsRebuilt();
}

void DashboardPage::onVariablesResolved()
{
    const QList<Variable> &vars = m_resolver->variables();
    m_bar->setVariables(vars);
    m_queries->setVariables(vars);
    // Repeats and titles follow the selection: rebuild only when they change.
    QStringList signature;
    for (const Panel &p : PanelRepeat::expand(m_panels, vars))
        signature << QString::number(p.id) + QLatin1Char(':') + p.repeatValue;
    QStringList old;
    for (const Panel &p : std::as_const(m_dashboard.panels))
        old << QString::number(p.id) + QLatin1Char(':') + p.repeatValue;
    bool titlesUse = false;
    for (const Panel &p : std::as_const(m_panels))
        titlesUse = titlesUse || !Templating::referencedVariables(p.title).isEmpty()
                    || (p.type == QLatin1String("text"));
    const bool rebuilt = signature != old || (titlesUse && m_variablesChanged);
    if (rebuilt)
        rebuild();
    // Panels query again only when something they use changed (or a refresh waited).
    if (m_refreshPending || m_variablesChanged || rebuilt) {
        m_refreshPending = false;
        m_variablesChanged = false;
        refresh();
    }
}

void DashboardPage::setRange(const TimeRange &range)
{
    m_range = range;
    if (const auto r = m_range.resolve(QDateTime::currentDateTimeUtc()))
        m_resolver->refreshForTimeRange(r->start.toMSecsSinceEpoch(), r->end.toMSecsSinceEpoch());
}

void DashboardPage::refresh()
{
    if (m_resolver->isBusy()) {
        m_refreshPending = true; // queries wait for the variables they use
        return;
    }
    QHash<int, int> widths;
    const QHash<int, int> visible = m_view->visiblePlotWidths();
    for (auto it = visible.cbegin(); it != visible.cend(); ++it)
        if (needsQueries(it.key()))
            widths.insert(it.key(), it.value());
    m_queries->refresh(widths, m_range);
    emit statusChanged();
}

void DashboardPage::refreshPanel(int id)
{
    if (PanelWidget *w = panelWidget(id); w && w->needsQueries())
        m_queries->refresh({{id, w->plotWidth()}}, m_range);
}

void DashboardPage::cancelAll()
{
    m_queries->cancelAll();
}

PanelWidget *DashboardPage::panelWidget(int id) const
{
    return m_view->panelWidget(id);
}

bool DashboardPage::needsQueries(int id) const
{
    if (const PanelWidget *w = m_view->builtPanelWidget(id))
        return w->needsQueries();
    const Panel *p = m_dashboard.panel(id);
    return p && panelNeedsQueries(*p);
}

int DashboardPage::queriesInFlight() const
{
    // Variables still resolving hold the panel queries back: count them as in flight.
    // Answers waiting for their turn to be shown count as still loading.
    return m_queries->inFlight() + int(m_pendingResults.size()) + (m_resolver->isBusy() ? 1 : 0);
}

int DashboardPage::failedPanels() const
{
    int n = 0;
    for (const Panel &p : m_dashboard.panels)
        if (PanelWidget *w = m_view->builtPanelWidget(p.id); w && !w->errorText().isEmpty())
            ++n;
    return n;
}

void DashboardPage::setModified(bool modified)
{
    if (modified)
        emit edited();
    if (m_modified == modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

int DashboardPage::addPanel(Panel panel)
{
    int next = 1;
    for (const Panel &p : std::as_const(m_panels))
        next = std::max(next, p.id + 1);
    for (const Panel &p : std::as_const(m_dashboard.panels))
        next = std::max(next, p.id + 1);
    if (panel.id <= 0 || std::any_of(m_panels.cbegin(), m_panels.cend(), [&](const Panel &p) { return p.id == panel.id; }))
        panel.id = next;
    panel.sourceIndex = -1;
    panel.repeatOf = 0;
    if (!panel.adHoc) {
        // New panels go under everything else, full width unless given a size.
        int bottom = 0;
        for (const Panel &p : std::as_const(m_dashboard.panels))
            if (p.rowIndex == panel.rowIndex)
                bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
        panel.gridPos.y = bottom;
        setModified(true);
    }
    m_panels.append(panel);
    rebuild();
    refresh();
    return panel.id;
}

void DashboardPage::editPanel(int id)
{
    const Panel *shown = m_dashboard.panel(id);
    if (!shown)
        return;
    const int baseId = shown->repeatOf ? shown->repeatOf : id;
    const auto it = std::find_if(m_panels.cbegin(), m_panels.cend(), [&](const Panel &p) { return p.id == baseId; });
    if (it == m_panels.cend())
        return;
    auto *editor = new PanelEditor(*it, m_completion.get(), this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor, baseId] {
        for (Panel &p : m_panels)
            if (p.id == baseId)
                p = editor->panel();
        setModified(true);
        rebuild();
        refresh();
    });
    editor->open();
}

int DashboardPage::duplicatePanel(int id)
{
    const Panel *shown = m_dashboard.panel(id);
    if (!shown)
        return 0;
    const int baseId = shown->repeatOf ? shown->repeatOf : id;
    for (const Panel &p : std::as_const(m_panels)) {
        if (p.id != baseId)
            continue;
        Panel copy = p;
        copy.id = 0;
        return addPanel(copy);
    }
    return 0;
}

void DashboardPage::removePanel(int id)
{
    const Panel *shown = m_dashboard.panel(id);
    const int baseId = shown && shown->repeatOf ? shown->repeatOf : id;
    const auto before = m_panels.size();
    m_panels.erase(std::remove_if(m_panels.begin(), m_panels.end(), [&](const Panel &p) { return p.id == baseId; }),
                   m_panels.end());
    if (m_panels.size() == before)
        return;
    if (!shown || !shown->adHoc)
        setModified(true);
    rebuild();
    refresh();
}

Dashboard DashboardPage::editedDashboard() const
{
    Dashboard d = m_dashboard;
    d.panels = m_panels;
    return d;
}

bool DashboardPage::save(const QString &path, QString *error)
{
    const Dashboard d = editedDashboard();
    const QString target = path.isEmpty() ? m_path : path;
    if (target.startsWith(QLatin1Char(':'))) {
        if (error)
            *error = tr("The bundled dashboard is read-only: save it under a new name.");
        return false;
    }
    if (!DashboardWriter::save(d, target, error))
        return false;
    m_path = target;
    m_diskHash = fileSha256(target);
    m_notifiedHash.clear();
    watchFile();
    setModified(false);
    return true;
}

void DashboardPage::watchFile()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    m_watchRetries = 0;
    if (!m_path.isEmpty() && !m_path.startsWith(QLatin1Char(':')) && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
}

void DashboardPage::onFileChanged()
{
    if (m_path.isEmpty() || m_path.startsWith(QLatin1Char(':')))
        return;
    // Editors (and our own QSaveFile) replace the file by renaming a new one over it:
    // the watch ends with the old file, so the path is watched again once it exists.
    if (!m_watcher->files().contains(m_path)) {
        if (QFileInfo::exists(m_path)) {
            m_watcher->addPath(m_path);
            m_watchRetries = 0;
        } else if (m_watchRetries++ < 50) {
            QTimer::singleShot(100, this, &DashboardPage::onFileChanged);
            return;
        }
    }
    if (!isChangedOnDisk())
        return; // our own save, or a touch that left the content as it was
    const QByteArray now = fileSha256(m_path);
    if (now == m_notifiedHash)
        return;
    m_notifiedHash = now;
    emit changedOnDisk();
}

bool DashboardPage::isChangedOnDisk() const
{
    if (m_diskHash.isEmpty())
        return false;
    const QByteArray now = fileSha256(m_path);
    return !now.isEmpty() && now != m_diskHash;
}

void DashboardPage::showNotice(const QString &objectName, const QString &text, const QList<NoticeButton> &buttons)
{
    hideNotice();
    auto *bar = new QFrame(this);
    bar->setObjectName(objectName);
    bar->setStyleSheet(QStringLiteral("QFrame { background: #4a3b10; } QLabel { color: #ffffff; }"));
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(8, 4, 8, 4);
    auto *label = new QLabel(text, bar);
    label->setObjectName(QStringLiteral("noticeText"));
    label->setTextFormat(Qt::PlainText); // file names come from the user's disk
    label->setWordWrap(true);
    row->addWidget(label, 1);
    for (const NoticeButton &b : buttons) {
        auto *button = new QPushButton(b.text, bar);
        button->setObjectName(b.objectName);
        button->setDefault(b.isDefault);
        row->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, bar, action = b.action] {
            if (m_notice == bar)
                hideNotice();
            if (action)
                action();
        });
    }
    static_cast<QVBoxLayout *>(layout())->insertWidget(0, bar);
    m_notice = bar;
}

void DashboardPage::hideNotice()
{
    if (!m_notice)
        return;
    m_notice->hide();
    m_notice->deleteLater();
    m_notice = nullptr;
}

QWidget *DashboardPage::notice() const
{
    return m_notice.data();
}

void DashboardPage::setAlerts(const QList<Alert> &alerts)
{
    m_alerts = alerts;
    for (const Panel &p : std::as_const(m_dashboard.panels)) // widgets made later get them then
        if (auto *w = qobject_cast<AlertListPanel *>(m_view->builtPanelWidget(p.id)))
            w->setAlerts(alerts);
}

int DashboardPage::graphTooltip() const
{
    return m_crosshairs->mode();
}

void DashboardPage::setGraphTooltip(int mode)
{
    m_crosshairs->setMode(mode);
}

int DashboardPage::cycleGraphTooltip()
{
    return m_crosshairs->cycleMode();
}

void DashboardPage::setUseUtc(bool utc)
{
    if (utc == m_useUtc)
        return;
    m_useUtc = utc;
    for (ChartPanel *chart : m_crosshairs->panels())
        chart->setUseUtc(utc);
    emit useUtcChanged(utc);
}

QMenu *DashboardPage::lastLinkMenu() const
{
    return m_lastLinkMenu.data();
}

DataLinks::Context DashboardPage::linkContext() const
{
    DataLinks::Context c;
    if (const auto r = m_range.resolve(QDateTime::currentDateTimeUtc())) {
        c.fromMs = r->start.toMSecsSinceEpoch();
        c.toMs = r->end.toMSecsSinceEpoch();
    }
    return c;
}

void DashboardPage::showPointLinks(ChartPanel *chart, int series, double timeMs, double value, const QPoint &pos)
{
    const PanelData &data = chart->data();
    if (series < 0 || size_t(series) >= data.series.size())
        return;
    const PanelSeries &s = data.series[size_t(series)];
    DataLinks::Context c = linkContext();
    c.labels = s.labels;
    c.seriesName = s.name;
    c.value = value;
    c.valueText = formatValue(value, chart->panel().unit, chart->panel().decimals);
    c.timeMs = timeMs;
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("dataLinks"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addSection(s.name.left(80));
    for (const Link &l : chart->panel().links) {
        const QString url = DataLinks::interpolate(l.url, c, m_resolver->variables());
        QAction *a = menu->addAction(l.title.isEmpty() ? url.left(80) : DataLinks::interpolate(l.title, c, m_resolver->variables()));
        a->setToolTip(url);
        a->setData(url);
        connect(a, &QAction::triggered, this, [this, url] { LinkOpener::openWeb(QUrl(url), this); });
    }
    // Traces around the point, at least as slow as the point when it is a latency.
    const QString unit = chart->panel().unit;
    const double perSecond = unit == QLatin1String("s") ? 1e6
            : unit == QLatin1String("ms")              ? 1e3
            : unit == QLatin1String("µs")              ? 1
            : unit == QLatin1String("ns")              ? 1e-3
                                                       : 0;
    const qint64 minUs = perSecond > 0 && std::isfinite(value) && value > 0 ? qint64(value * perSecond) : -1;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(timeMs), Qt::UTC);
    const TraceQuery query = traceQueryFor(chart->panel(), s.labels, at.addSecs(-150), at.addSecs(150), minUs);
    menu->addSeparator();
    QAction *find = menu->addAction(minUs > 0 ? tr("Find traces here (≥ %1)").arg(c.valueText)
                                              : tr("Find traces around this time"));
    find->setObjectName(QStringLiteral("findTracesHere"));
    connect(find, &QAction::triggered, this, [this, query] { emit findTracesRequested(query); });
    m_lastLinkMenu = menu;
    menu->popup(pos);
}

TraceQuery DashboardPage::traceQueryFor(const Panel &panel, const Labels &labels, const QDateTime &start,
                                        const QDateTime &end, qint64 minDurationUs) const
{
    TraceQuery q;
    q.start = start;
    q.end = end;
    q.minDurationUs = minDurationUs;
    // Services are named by these labels in Prometheus conventions and in the demo.
    static const char *const keys[] = {"service", "service_name", "job"};
    for (const char *key : keys) {
        const QString v = labels.value(QLatin1String(key));
        if (!v.isEmpty()) {
            q.service = v;
            return q;
        }
    }
    static const QRegularExpression matcher(
            QStringLiteral("\\b(?:service|service_name|job)\\s*=\\s*\"([A-Za-z0-9_.:-]+)\""));
    for (const Target &t : panel.targets) {
        const auto m = matcher.match(Templating::interpolate(t.expr, m_resolver->variables(), {}));
        if (m.hasMatch()) {
            q.service = m.captured(1);
            break;
        }
    }
    return q;
}

void DashboardPage::showPanelMenu(int id, const QPoint &pos)
{
    const Panel *p = m_dashboard.panel(id);
    if (!p)
        return;
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("panelMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *view = menu->addAction(m_viewed == id ? tr("Back to dashboard") : tr("View"), this, [this, id] {
        if (m_viewed == id)
            exitPanelView();
        else
            viewPanel(id);
    });
    view->setObjectName(QStringLiteral("viewPanel"));
    view->setShortcut(m_viewed == id ? QKeySequence(Qt::Key_Escape) : QKeySequence(Qt::Key_V)); // shown, bound above
    menu->addAction(tr("Edit…"), this, [this, id] { editPanel(id); });
    menu->addAction(tr("Duplicate"), this, [this, id] { duplicatePanel(id); });
    menu->addAction(tr("Show in its own dock"), this, [this, id] {
        if (m_viewed == id)
            exitPanelView(); // the widget goes back to the grid, from where the dock takes it
        emit popOutRequested(id);
    });
    menu->addAction(tr("Refresh"), this, [this, id] { refreshPanel(id); });
    QAction *inspect = menu->addAction(tr("Inspect"), this, [this, id] { inspectPanel(id); });
    inspect->setObjectName(QStringLiteral("inspectPanel"));
    if (!p->targets.isEmpty()) {
        QAction *copy = menu->addAction(tr("Copy PromQL"), this, [this, id] { copyPromql(id); });
        copy->setObjectName(QStringLiteral("copyPromql"));
        QAction *open = menu->addAction(tr("Open in Prometheus"), this, [this, id] { openInPrometheus(id); });
        open->setObjectName(QStringLiteral("openInPrometheus"));
        const QUrl graph = prometheusGraphUrl(id);
        open->setEnabled(graph.isValid());
        open->setToolTip(graph.toString());
        menu->setToolTipsVisible(true);
    }
    if (const auto r = m_range.resolve(QDateTime::currentDateTimeUtc()); r && !p->targets.isEmpty()) {
        const TraceQuery query = traceQueryFor(*p, {}, r->start, r->end, -1);
        QAction *find = menu->addAction(tr("Find traces for this time range"));
        find->setObjectName(QStringLiteral("findTracesForRange"));
        connect(find, &QAction::triggered, this, [this, query] { emit findTracesRequested(query); });
    }
    if (!p->links.isEmpty()) {
        QMenu *links = menu->addMenu(tr("Links"));
        for (const Link &l : p->links) {
            if (DataLinks::needsPoint(l.url))
                continue; // a data link: offered when a data point is clicked
            const QString url = DataLinks::interpolate(l.url, linkContext(), m_resolver->variables());
            QAction *a = links->addAction(l.title.isEmpty() ? url : l.title);
            a->setToolTip(url);
            connect(a, &QAction::triggered, this, [this, url] { LinkOpener::openWeb(QUrl(url), this); });
        }
    }
    if (PanelWidget *w = panelWidget(id)) {
        QMenu *exportMenu = menu->addMenu(tr("Export"));
        exportMenu->setObjectName(QStringLiteral("panelExport"));
        // Looked up again when chosen: the panel may have been rebuilt meanwhile.
        const auto exportAs = [this, id](const QString &suffix, const QString &filter) {
            PanelWidget *w = panelWidget(id);
            const Panel *p = m_dashboard.panel(id);
            if (!w || !p)
                return;
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Export panel"), PanelExport::suggestedFileName(p->title, suffix), filter);
            if (path.isEmpty())
                return;
            QString error;
            bool ok = false;
            if (suffix == QLatin1String("png"))
                ok = PanelExport::exportPng(w, path, &error);
            else if (suffix == QLatin1String("svg"))
                ok = PanelExport::exportSvg(w, path, &error);
            else
                ok = PanelExport::exportCsv(w->data(), path, &error, p);
            if (!ok)
                PanelExport::showError(this, error);
        };
        QAction *png = exportMenu->addAction(tr("PNG image…"), this, [exportAs] {
            exportAs(QStringLiteral("png"), tr("PNG images (*.png)"));
        });
        png->setObjectName(QStringLiteral("exportPng"));
        QAction *svg = exportMenu->addAction(tr("SVG image…"), this, [exportAs] {
            exportAs(QStringLiteral("svg"), tr("SVG images (*.svg)"));
        });
        svg->setObjectName(QStringLiteral("exportSvg"));
        QAction *csv = exportMenu->addAction(tr("CSV data…"), this, [exportAs] {
            exportAs(QStringLiteral("csv"), tr("CSV files (*.csv)"));
        });
        csv->setObjectName(QStringLiteral("exportCsv"));
        csv->setEnabled(w->hasData() && !w->data().series.empty());
    }
    menu->addSeparator();
    menu->addAction(tr("Remove"), this, [this, id] { removePanel(id); });
    menu->popup(pos);
}

// ---- Panel tools: inspect, PromQL, Prometheus, view, find ------------------------

namespace {

// A Prometheus UI duration ("1h30m", "2d", "15m"): what its range box accepts.
QString promDuration(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 1);
    static const std::pair<qint64, char> units[] = {{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    QString out;
    for (const auto &[size, unit] : units) {
        if (seconds >= size) {
            out += QString::number(seconds / size) + QLatin1Char(unit);
            seconds %= size;
        }
    }
    return out;
}

// The panel object with `id` in a dashboard's JSON (rows' nested panels and the old
// rows[].panels layout included), or an empty object.
QJsonObject findPanelJson(const QJsonObject &root, int id)
{
    const auto search = [id](const QJsonArray &panels, const auto &self) -> QJsonObject {
        for (const QJsonValue &v : panels) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("id")).toInt(-1) == id && o.value(QLatin1String("type")) != QLatin1String("row"))
                return o;
            if (o.contains(QLatin1String("panels"))) {
                const QJsonObject nested = self(o.value(QLatin1String("panels")).toArray(), self);
                if (!nested.isEmpty())
                    return nested;
            }
        }
        return {};
    };
    QJsonObject found = search(root.value(QLatin1String("panels")).toArray(), search);
    if (found.isEmpty())
        found = search(root.value(QLatin1String("rows")).toArray(), search);
    return found;
}

} // namespace

QByteArray DashboardPage::panelJsonFor(int id) const
{
    const Panel *p = m_dashboard.panel(id);
    if (!p)
        return {};
    const int baseId = p->repeatOf ? p->repeatOf : id;
    QJsonObject json = findPanelJson(DashboardWriter::toJson(editedDashboard()), baseId);
    if (json.isEmpty())
        json = p->raw; // an ad-hoc panel: never part of the file
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

PanelInspection DashboardPage::inspectionFor(int id) const
{
    PanelInspection in;
    if (const Panel *p = m_dashboard.panel(id))
        in.panel = *p;
    if (PanelWidget *w = panelWidget(id)) {
        in.data = w->data();
        in.hasData = w->hasData();
    }
    if (const PanelRunRecord *run = m_queries->lastRun(id))
        in.run = *run;
    in.panelJson = panelJsonFor(id);
    in.useUtc = m_useUtc;
    return in;
}

PanelInspector *DashboardPage::inspectPanel(int id)
{
    if (!m_dashboard.panel(id))
        return nullptr;
    PanelInspector *inspector = m_inspectors.value(id);
    if (!inspector) {
        inspector = new PanelInspector(this);
        inspector->setAttribute(Qt::WA_DeleteOnClose);
        connect(inspector, &PanelInspector::refreshRequested, this, [this, id] { refreshPanel(id); });
        m_inspectors.insert(id, inspector);
    }
    inspector->setInspection(inspectionFor(id));
    inspector->show();
    inspector->raise();
    inspector->activateWindow();
    return inspector;
}

QStringList DashboardPage::promqlFor(int id) const
{
    const Panel *p = m_dashboard.panel(id);
    if (!p)
        return {};
    QStringList out;
    if (const PanelRunRecord *run = m_queries->lastRun(id)) {
        for (const PanelQueryRecord &q : run->queries)
            out << q.expr;
        return out;
    }
    // Not queried yet (a collapsed row): as the current range would send them.
    const auto r = m_range.resolve(QDateTime::currentDateTimeUtc());
    const qint64 startMs = r ? r->start.toMSecsSinceEpoch() : 0;
    const qint64 endMs = r ? r->end.toMSecsSinceEpoch() : 0;
    PanelWidget *w = panelWidget(id);
    const double step = chooseStep((endMs - startMs) / 1000.0, w ? w->plotWidth() : 1000);
    for (const Target &t : p->targets)
        if (!t.hide)
            out << m_queries->interpolatedExpr(*p, t, startMs, endMs, step);
    return out;
}

void DashboardPage::copyPromql(int id)
{
    const QStringList exprs = promqlFor(id);
    if (!exprs.isEmpty())
        QGuiApplication::clipboard()->setText(exprs.join(QLatin1Char('\n')));
}

QUrl DashboardPage::prometheusGraphUrl(int id) const
{
    const Panel *p = m_dashboard.panel(id);
    if (!p)
        return {};
    const QStringList exprs = promqlFor(id);
    // The datasource of each shown target, in the same order as the expressions.
    QList<const Target *> shown;
    for (const Target &t : p->targets)
        if (!t.hide)
            shown << &t;
    if (exprs.isEmpty() || shown.size() != exprs.size())
        return {};
    const PrometheusClient *client = m_queries->clientFor(*p, *shown.first()).client;
    if (!client || !client->baseUrl().isValid() || client->baseUrl().isEmpty())
        return {};
    QUrl url = joinUrl(client->baseUrl(), QStringLiteral("/graph"));
    url.setUserInfo(QString());
    url.setFragment(QString());
    const auto r = m_range.resolve(QDateTime::currentDateTimeUtc());
    const qint64 rangeSeconds = r ? r->start.secsTo(r->end) : 3600;
    const bool endsNow = m_range.to.trimmed() == QLatin1String("now");
    QByteArray query;
    const auto add = [&query](const QString &key, const QString &value) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    };
    int n = 0;
    for (int i = 0; i < exprs.size(); ++i) {
        if (m_queries->clientFor(*p, *shown[i]).client != client)
            continue; // another datasource: its own Prometheus
        const QString g = QStringLiteral("g%1.").arg(n++);
        add(g + QLatin1String("expr"), exprs[i]);
        add(g + QLatin1String("tab"), QStringLiteral("0"));
        add(g + QLatin1String("range_input"), promDuration(rangeSeconds));
        if (r && !endsNow)
            add(g + QLatin1String("end_input"), r->end.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

bool DashboardPage::openInPrometheus(int id)
{
    const QUrl url = prometheusGraphUrl(id);
    if (!url.isValid() || url.isEmpty())
        return false;
    return LinkOpener::openWeb(url, this);
}

void DashboardPage::viewPanel(int id)
{
    if (id == m_viewed || !m_dashboard.panel(id))
        return;
    exitPanelView();
    m_view->revealPanel(id); // builds a collapsed row's panels
    PanelWidget *w = m_view->detachPanel(id);
    if (!w) {
        emit viewRequested(id); // shown in its own dock: the window raises it
        return;
    }
    const Panel *p = m_dashboard.panel(id);
    auto *box = new QFrame(this);
    box->setObjectName(QStringLiteral("panelView"));
    box->setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 4, 8, 8);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(p->title.isEmpty() ? tr("Panel %1").arg(id) : p->title, box);
    title->setObjectName(QStringLiteral("panelViewTitle"));
    title->setTextFormat(Qt::PlainText);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *back = new QPushButton(tr("Back to dashboard (Esc)"), box);
    back->setObjectName(QStringLiteral("exitPanelView"));
    connect(back, &QPushButton::clicked, this, &DashboardPage::exitPanelView);
    header->addWidget(title, 1);
    header->addWidget(back);
    layout->addLayout(header);
    w->setParent(box);
    layout->addWidget(w, 1);
    w->show();
    static_cast<QVBoxLayout *>(this->layout())->addWidget(box, 1);
    box->show();
    m_view->hide();
    m_viewBox = box;
    m_viewed = id;
    updateViewShortcuts();
    emit panelViewChanged(id);
    // Wider now: worth more points (a panel that has no data yet is being queried).
    if (w->hasData())
        QTimer::singleShot(0, this, [this, id] {
            if (m_viewed == id)
                refreshPanel(id);
        });
}

void DashboardPage::exitPanelView()
{
    if (!m_viewed)
        return;
    const int id = m_viewed;
    m_viewed = 0;
    if (PanelWidget *w = m_view->panelWidget(id); w && m_viewBox && w->parentWidget() == m_viewBox)
        m_view->attachPanel(id, w);
    delete m_viewBox;
    m_view->show();
    m_view->revealPanel(id);
    updateViewShortcuts();
    emit panelViewChanged(0);
}

int DashboardPage::panelForViewKey() const
{
    if (m_viewed)
        return m_viewed;
    if (m_hovered && panelWidget(m_hovered))
        return m_hovered;
    for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget()) {
        if (auto *panel = qobject_cast<PanelWidget *>(w))
            return panelWidget(panel->panel().id) == panel ? panel->panel().id : 0;
        if (w == this)
            break;
    }
    return 0;
}

void DashboardPage::updateViewShortcuts()
{
    m_viewKey->setEnabled(panelForViewKey() != 0);
    m_exitViewKey->setEnabled(m_viewed != 0);
}

bool DashboardPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Enter || event->type() == QEvent::Leave) {
        if (auto *w = qobject_cast<PanelWidget *>(watched)) {
            const int id = w->panel().id;
            if (event->type() == QEvent::Enter)
                m_hovered = id;
            else if (m_hovered == id)
                m_hovered = 0;
            updateViewShortcuts();
        }
    }
    return QWidget::eventFilter(watched, event);
}

PanelFinder *DashboardPage::findPanel()
{
    auto *finder = new PanelFinder(this);
    QList<PanelFinder::Entry> entries;
    for (const Panel &p : std::as_const(m_dashboard.panels))
        entries.append({p.id, p.title, p.row});
    finder->setPanels(entries);
    connect(finder, &PanelFinder::panelChosen, this, [this](int id) {
        if (m_viewed && m_viewed != id)
            exitPanelView();
        if (m_viewed != id)
            m_view->revealPanel(id);
        if (PanelWidget *w = panelWidget(id))
            w->setFocus(Qt::OtherFocusReason);
        emit panelRevealed(id);
    });
    const QPoint topCentre = mapToGlobal(QPoint(std::max(0, (width() - finder->width()) / 2), 32));
    finder->move(topCentre);
    finder->show();
    finder->searchField()->setFocus(Qt::PopupFocusReason);
    return finder;
}
