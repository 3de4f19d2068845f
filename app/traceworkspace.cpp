#include "traceworkspace.h"

#include "background.h"
#include "spandetail.h"
#include "traceresults.h"
#include "traceresultsmodel.h"
#include "tracesearchform.h"
#include "tracesummaryview.h"
#include "tracewaterfall.h"

#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

/// Reads and decodes a trace file on the thread pool; `done` runs on `context`'s
/// thread unless `context` is gone by then.
void decodeFileAsync(const QString &path, QObject *context, std::function<void(TraceDecodeResult)> done)
{
    QPointer<QObject> guard(context);
    runInBackground([path, guard, done = std::move(done)] {
        TraceDecodeResult result;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = QCoreApplication::translate("TraceWorkspace", "cannot read %1: %2").arg(path, file.errorString());
        } else {
            result = decodeJaegerTraces(file.readAll());
            for (Trace &t : result.traces)
                analyseTrace(t);
        }
        QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, done, result = std::move(result)] {
            if (guard)
                done(result);
        }, Qt::QueuedConnection);
    });
}

QDockWidget *makeDock(QMainWindow *window, const QString &title, const QString &name, QWidget *content)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->hide();
    return dock;
}

} // namespace

TraceWorkspace::TraceWorkspace(QMainWindow *window, QNetworkAccessManager *nam, const QUrl &jaeger)
    : QObject(window)
    , m_window(window)
    , m_client(new JaegerClient(nam, this))
{
    m_client->setBaseUrl(jaeger);
    buildDocks();
    buildMenu();
}

TraceWorkspace::~TraceWorkspace() = default;

void TraceWorkspace::buildDocks()
{
    auto *searchPage = new QWidget;
    auto *searchLayout = new QVBoxLayout(searchPage);
    searchLayout->setContentsMargins(4, 4, 4, 4);
    m_form = new TraceSearchForm;
    m_results = new TraceResults;
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_form);
    split->addWidget(m_results);
    split->setStretchFactor(1, 1);
    searchLayout->addWidget(split);
    m_searchDock = makeDock(m_window, tr("Trace Search"), QStringLiteral("traceSearch"), searchPage);

    m_waterfall = new TraceWaterfall;
    m_traceDock = makeDock(m_window, tr("Trace"), QStringLiteral("traceWaterfall"), m_waterfall);
    m_span = new SpanDetail;
    m_spanDock = makeDock(m_window, tr("Span"), QStringLiteral("spanDetail"), m_span);
    m_summary = new TraceSummaryView;
    m_summaryDock = makeDock(m_window, tr("Trace Summary"), QStringLiteral("traceSummary"), m_summary);

    connect(m_form, &TraceSearchForm::serviceChosen, this, &TraceWorkspace::onServiceChosen);
    connect(m_form, &TraceSearchForm::searchRequested, this, &TraceWorkspace::search);
    connect(m_results, &TraceResults::traceActivated, this, &TraceWorkspace::onTraceActivated);
    connect(m_waterfall, &TraceWaterfall::spanSelected, this, &TraceWorkspace::onSpanSelected);
    connect(m_span, &SpanDetail::spanRequested, m_waterfall, &TraceWaterfall::selectSpan);
    connect(m_summary, &TraceSummaryView::operationActivated, this, &TraceWorkspace::onOperationActivated);
    connect(m_searchDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_servicesFetched)
            fetchServices();
    });
}

void TraceWorkspace::buildMenu()
{
    m_menu = new QMenu(tr("&Traces"), m_window);
    QAction *search = m_menu->addAction(tr("&Search Traces…"));
    search->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(search, &QAction::triggered, this, [this] { showSearch(); });
    QAction *byId = m_menu->addAction(tr("Open Trace by &ID…"));
    byId->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(byId, &QAction::triggered, this, &TraceWorkspace::openTraceByIdDialog);
    QAction *file = m_menu->addAction(tr("Open Trace &File…"));
    connect(file, &QAction::triggered, this, &TraceWorkspace::openTraceFileDialog);
    m_saveAction = m_menu->addAction(tr("Save Trace &As…"));
    m_saveAction->setEnabled(false);
    connect(m_saveAction, &QAction::triggered, this, &TraceWorkspace::saveTraceDialog);
    m_menu->addSeparator();
    for (QDockWidget *dock : {m_searchDock, m_traceDock, m_spanDock, m_summaryDock})
        m_menu->addAction(dock->toggleViewAction());
    // The window's own actions, so the shortcuts work wherever the focus is.
    m_window->addAction(search);
    m_window->addAction(byId);
}

void TraceWorkspace::placeDocks()
{
    if (m_placed)
        return;
    m_placed = true;
    // Restored layouts already know where the docks go.
    if (m_window->dockWidgetArea(m_searchDock) != Qt::NoDockWidgetArea)
        return;
    resetLayout();
}

void TraceWorkspace::resetLayout()
{
    const bool shown[] = {m_searchDock->isVisible(), m_traceDock->isVisible(), m_spanDock->isVisible(),
                          m_summaryDock->isVisible()};
    m_window->addDockWidget(Qt::LeftDockWidgetArea, m_searchDock);
    const bool companions = m_wide && m_side && m_window->dockWidgetArea(m_wide) == Qt::BottomDockWidgetArea
            && m_window->dockWidgetArea(m_side) == Qt::BottomDockWidgetArea;
    if (companions) {
        m_window->addDockWidget(Qt::BottomDockWidgetArea, m_traceDock);
        m_window->addDockWidget(Qt::BottomDockWidgetArea, m_spanDock);
        m_window->addDockWidget(Qt::BottomDockWidgetArea, m_summaryDock);
        m_window->tabifyDockWidget(m_wide, m_traceDock);
        m_window->tabifyDockWidget(m_side, m_spanDock);
        m_window->tabifyDockWidget(m_spanDock, m_summaryDock);
    } else {
        m_window->addDockWidget(Qt::BottomDockWidgetArea, m_traceDock);
        m_window->splitDockWidget(m_traceDock, m_spanDock, Qt::Horizontal);
        m_window->tabifyDockWidget(m_spanDock, m_summaryDock);
        m_window->resizeDocks({m_traceDock, m_spanDock}, {3, 2}, Qt::Horizontal);
    }
    m_window->resizeDocks({m_searchDock}, {std::max(360, m_window->width() / 4)}, Qt::Horizontal);
    m_window->resizeDocks({m_traceDock}, {std::max(320, m_window->height() * 2 / 5)}, Qt::Vertical);
    m_searchDock->setVisible(shown[0]);
    m_traceDock->setVisible(shown[1]);
    m_spanDock->setVisible(shown[2]);
    m_summaryDock->setVisible(shown[3]);
    m_placed = true;
}

void TraceWorkspace::showSearch(const TraceQuery *prefill, bool run)
{
    placeDocks();
    m_searchDock->show();
    m_searchDock->raise();
    if (!m_servicesFetched)
        fetchServices();
    if (prefill) {
        m_form->setQuery(*prefill);
        if (!prefill->service.isEmpty())
            onServiceChosen(prefill->service);
        if (run)
            m_form->submit();
    }
}

void TraceWorkspace::fetchServices()
{
    m_servicesFetched = true;
    JaegerRequest *request = m_client->services(this);
    connect(request, &JaegerRequest::listReady, this, [this, request](const JaegerListResult &r) {
        request->deleteLater();
        if (!r.ok()) {
            m_servicesFetched = false; // try again next time the dock opens
            fail(tr("Jaeger services: %1").arg(r.error));
            m_results->setError(tr("Jaeger (%1): %2").arg(m_client->baseUrl().toDisplayString(), r.error));
            return;
        }
        const QString keep = m_form->query().service;
        m_form->setServices(r.services);
        if (!keep.isEmpty())
            onServiceChosen(keep);
    });
}

void TraceWorkspace::onServiceChosen(const QString &service)
{
    if (m_listRequest)
        m_listRequest->deleteLater();
    if (service.isEmpty()) {
        m_form->setOperations({});
        return;
    }
    JaegerRequest *request = m_client->operations(service, {}, this);
    m_listRequest = request;
    connect(request, &JaegerRequest::listReady, this, [this, request](const JaegerListResult &r) {
        request->deleteLater();
        if (r.ok())
            m_form->setOperations(r.operations);
        else
            fail(tr("Jaeger operations: %1").arg(r.error));
    });
}

void TraceWorkspace::search(const TraceQuery &query)
{
    placeDocks();
    m_searchDock->show();
    if (m_searchRequest)
        m_searchRequest->deleteLater(); // a newer search replaces the older one
    m_results->setLoading(true);
    JaegerRequest *request = m_client->findTraces(query, this);
    m_searchRequest = request;
    connect(request, &JaegerRequest::tracesReady, this, [this, request](const TraceDecodeResult &r) {
        request->deleteLater();
        onSearchResult(r);
    });
}

void TraceWorkspace::onSearchResult(const TraceDecodeResult &result)
{
    m_results->setLoading(false);
    if (!result.ok()) {
        m_results->setError(tr("Jaeger (%1): %2").arg(m_client->baseUrl().toDisplayString(), result.error));
        fail(tr("Trace search failed: %1").arg(result.error));
        return;
    }
    m_found.clear();
    QList<TraceSummary> summaries;
    summaries.reserve(result.traces.size());
    for (const Trace &t : result.traces) {
        summaries.append(summarizeTrace(t));
        m_found.insert(t.traceId, t);
    }
    m_results->setResults(summaries);
    m_lastError.clear();
    emit message(tr("%n trace(s) found", nullptr, int(summaries.size())));
}

void TraceWorkspace::onTraceActivated(const QString &traceId)
{
    const auto it = m_found.constFind(traceId);
    if (it != m_found.cend())
        showTrace(*it);
    else
        openTrace(traceId);
}

void TraceWorkspace::openTrace(const QString &traceId)
{
    const QString id = traceId.trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{1,32}$"));
    if (!hex.match(id).hasMatch()) {
        fail(tr("Not a trace ID: %1").arg(traceId.left(80)));
        return;
    }
    if (m_traceRequest)
        m_traceRequest->deleteLater();
    emit message(tr("Fetching trace %1…").arg(id));
    JaegerRequest *request = m_client->trace(id, this);
    m_traceRequest = request;
    connect(request, &JaegerRequest::tracesReady, this, [this, request, id](const TraceDecodeResult &r) {
        request->deleteLater();
        if (!r.ok() || r.traces.isEmpty()) {
            fail(tr("Trace %1: %2").arg(id, r.ok() ? tr("not found") : r.error));
            return;
        }
        showTrace(r.traces.first());
    });
}

void TraceWorkspace::openTraceFile(const QString &path)
{
    emit message(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    decodeFileAsync(path, this, [this, path](const TraceDecodeResult &r) {
        if (!r.ok() || r.traces.isEmpty()) {
            fail(tr("%1: %2").arg(QFileInfo(path).fileName(), r.ok() ? tr("no trace in the file") : r.error));
            return;
        }
        showTrace(r.traces.first());
        if (r.traces.size() > 1)
            emit message(tr("%1 holds %2 traces; showing the first").arg(QFileInfo(path).fileName()).arg(r.traces.size()));
    });
}

void TraceWorkspace::showTrace(const Trace &trace)
{
    Trace analysed = trace;
    if (!analysed.analysed)
        analyseTrace(analysed);
    m_trace = std::make_shared<const Trace>(std::move(analysed));
    placeDocks();
    m_waterfall->setTrace(*m_trace);
    m_summary->setTrace(m_trace);
    m_span->clear();
    const TraceSummary s = summarizeTrace(*m_trace);
    m_traceDock->setWindowTitle(tr("Trace — %1: %2 (%3, %n span(s))", nullptr, s.spanCount)
                                        .arg(s.rootService, s.rootOperation, TraceResultsModel::formatDuration(s.durationUs)));
    for (QDockWidget *dock : {m_traceDock, m_spanDock, m_summaryDock})
        dock->show();
    m_summaryDock->raise();
    m_traceDock->raise();
    m_saveAction->setEnabled(true);
    m_lastError.clear();
    emit message(tr("Trace %1: %2").arg(s.traceId, breakdownTrace(*m_trace).headline));
    emit traceShown(s.traceId);
}

void TraceWorkspace::onSpanSelected(int spanIndex)
{
    if (!m_trace || spanIndex < 0)
        return;
    m_span->setSpan(m_trace, spanIndex);
    m_spanDock->show();
    m_spanDock->raise();
}

void TraceWorkspace::onOperationActivated(const QString &service, const QString &operation)
{
    if (!m_trace)
        return;
    // The span of that operation with the most self time: where the operator looks first.
    int best = -1;
    for (int i = 0; i < m_trace->spans.size(); ++i) {
        const Span &s = m_trace->spans.at(i);
        if (s.operationName == operation && m_trace->serviceOf(s) == service
            && (best < 0 || s.selfUs > m_trace->spans.at(best).selfUs))
            best = i;
    }
    if (best >= 0)
        m_waterfall->selectSpan(best);
}

bool TraceWorkspace::saveTrace(const QString &path, QString *error) const
{
    if (!m_trace) {
        *error = tr("No trace is open.");
        return false;
    }
    QSaveFile file(path);
    const QByteArray bytes = encodeJaegerTrace(*m_trace);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void TraceWorkspace::fail(const QString &text)
{
    m_lastError = text;
    emit message(text);
}

void TraceWorkspace::openTraceByIdDialog()
{
    bool ok = false;
    const QString id = QInputDialog::getText(m_window, tr("Open Trace"), tr("Trace ID:"), QLineEdit::Normal, {}, &ok);
    if (ok && !id.trimmed().isEmpty())
        openTrace(id);
}

void TraceWorkspace::openTraceFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Trace File"), {},
                                                      tr("Jaeger or OTLP traces (*.json *.jsonl);;All files (*)"));
    if (!path.isEmpty())
        openTraceFile(path);
}

void TraceWorkspace::saveTraceDialog()
{
    if (!m_trace)
        return;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Trace"),
                                                      QStringLiteral("trace-%1.json").arg(m_trace->traceId),
                                                      tr("Jaeger JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTrace(path, &error))
        QMessageBox::warning(m_window, tr("Save Trace"), tr("Could not save %1: %2").arg(path, error));
    else
        emit message(tr("Saved %1").arg(path));
}
