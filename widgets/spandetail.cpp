#include "spandetail.h"

#include "linkopener.h"
#include "palette.h"
#include "plaintext.h"
#include "runbooks.h"
#include "servicecolors.h"
#include "traceresultsmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kMaxToolTip = 2000;

QString durationText(qint64 us)
{
    return TraceResultsModel::formatDuration(us);
}

QString absoluteTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

/// A cell of server text: plain text by construction (QStandardItem never renders
/// markup), read-only, with the full value as a plain tooltip when it is long.
QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(text, SpanDetail::CopyRole);
    if (text.size() > 40 || text.contains(QLatin1Char('\n')))
        item->setToolTip(plainToolTip(text.left(kMaxToolTip)));
    return item;
}

QStandardItem *valueItem(const QString &value, const QPalette &palette)
{
    QStandardItem *item = textItem(value);
    // Tolerant: real http.url tags carry unencoded characters; whitespace inside
    // means prose that merely starts with a URL.
    const QString trimmed = value.trimmed();
    const bool oneWord =
        std::none_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.isSpace(); });
    const QUrl url(trimmed, QUrl::TolerantMode);
    if (oneWord && isWebUrl(url)) {
        item->setData(url, SpanDetail::UrlRole);
        item->setForeground(palette.color(QPalette::Link));
        QFont f = item->font();
        f.setUnderline(true);
        item->setFont(f);
        item->setToolTip(
            plainToolTip(QObject::tr("Click to open in the browser:\n%1")
                             .arg(url.toString(QUrl::RemoveUserInfo).left(kMaxToolTip))));
    }
    return item;
}

void fillTags(QStandardItemModel *model, const TraceTags &tags, const QPalette &palette)
{
    for (const TraceKeyValue &kv : tags)
        model->appendRow({textItem(kv.key), valueItem(kv.value, palette)});
}

QString referenceType(TraceReference::Type type)
{
    return type == TraceReference::Type::FollowsFrom ? QStringLiteral("FOLLOWS_FROM")
                                                     : QStringLiteral("CHILD_OF");
}

} // namespace

SpanDetail::SpanDetail(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("spanDetail"));

    static const char *const fieldNames[FieldCount] = {
        QT_TR_NOOP("Operation"), QT_TR_NOOP("Service"),   QT_TR_NOOP("Start"),
        QT_TR_NOOP("Duration"),  QT_TR_NOOP("Self time"), QT_TR_NOOP("Critical path"),
        QT_TR_NOOP("Span ID"),   QT_TR_NOOP("Parent")};
    static const char *const objectNames[FieldCount] = {
        "spanOperation", "spanService",  "spanStart", "spanDuration",
        "spanSelfTime",  "spanCritical", "spanId",    "spanParent"};

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(2);
    for (int f = 0; f < FieldCount; ++f) {
        auto *value = new QLabel(this);
        value->setObjectName(QLatin1String(objectNames[f]));
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_fields[f] = value;
        form->addRow(tr(fieldNames[f]), value);
    }
    QFont big = m_fields[Operation]->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_fields[Operation]->setFont(big);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("spanDetailTabs"));
    static const char *const tabObjects[TabCount] = {"spanTags", "spanProcessTags", "spanLogs",
                                                     "spanReferences", "spanWarnings"};
    for (int t = 0; t < TabCount; ++t) {
        auto *model = new QStandardItemModel(this);
        auto *view = new QTreeView(m_tabs);
        view->setObjectName(QLatin1String(tabObjects[t]));
        view->setModel(model);
        view->setRootIsDecorated(t == LogsTab);
        view->setUniformRowHeights(true);
        view->setAlternatingRowColors(true);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setMouseTracking(true);
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        view->header()->setStretchLastSection(true);

        auto *copy = new QAction(tr("Copy value"), view);
        copy->setShortcut(QKeySequence::Copy);
        copy->setShortcutContext(Qt::WidgetShortcut);
        view->addAction(copy);
        connect(copy, &QAction::triggered, this, &SpanDetail::copyCurrentValue);
        connect(view, &QWidget::customContextMenuRequested, this,
                [this, view](const QPoint &pos) { showContextMenu(view, pos); });
        connect(view, &QAbstractItemView::clicked, this, &SpanDetail::onClicked);
        connect(view, &QAbstractItemView::entered, this, &SpanDetail::onEntered);

        m_models[t] = model;
        m_views[t] = view;
        m_copy[t] = copy;
        m_tabs->addTab(view, QString());
    }
    connect(m_views[ReferencesTab], &QAbstractItemView::doubleClicked, this,
            [this](const QModelIndex &index) {
                const QVariant target = index.siblingAtColumn(0).data(SpanIndexRole);
                if (target.isValid() && target.toInt() >= 0)
                    emit spanRequested(target.toInt());
            });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_tabs, 1);

    clear();
}

void SpanDetail::setSpan(const Trace &trace, int spanIndex)
{
    setSpan(std::make_shared<const Trace>(trace), spanIndex);
}

void SpanDetail::setSpan(std::shared_ptr<const Trace> trace, int spanIndex)
{
    m_trace = std::move(trace);
    m_spanIndex = m_trace && spanIndex >= 0 && spanIndex < m_trace->spans.size() ? spanIndex : -1;
    if (m_spanIndex < 0)
        m_trace.reset();
    build();
}

void SpanDetail::clear()
{
    m_trace.reset();
    m_spanIndex = -1;
    build();
}

QString SpanDetail::fieldText(Field field) const
{
    return m_fields[field]->text();
}

QString SpanDetail::timeText(qint64 us) const
{
    const qint64 offset = us - (m_trace ? m_trace->startUs : 0);
    return tr("+%1  (%2)").arg(durationText(offset), absoluteTime(us));
}

void SpanDetail::build()
{
    for (QStandardItemModel *m : m_models)
        m->clear();
    m_models[TagsTab]->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_models[ProcessTab]->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_models[LogsTab]->setHorizontalHeaderLabels({tr("Time / field"), tr("Value")});
    m_models[ReferencesTab]->setHorizontalHeaderLabels(
        {tr("Type"), tr("Trace ID"), tr("Span ID"), tr("Span")});
    m_models[WarningsTab]->setHorizontalHeaderLabels({tr("Of"), tr("Warning")});

    QPalette fieldPalette = palette();
    m_fields[Service]->setPalette(fieldPalette);

    if (!m_trace) {
        for (QLabel *l : m_fields)
            l->clear();
        m_fields[Operation]->setText(tr("No span selected"));
    } else {
        const Trace &trace = *m_trace;
        const Span &span = trace.spans.at(m_spanIndex);
        const QString service = trace.serviceOf(span);
        const QPalette &pal = palette();

        m_fields[Operation]->setText(span.operationName);
        m_fields[Service]->setText(service);
        fieldPalette.setColor(QPalette::WindowText, ServiceColors::forService(service));
        m_fields[Service]->setPalette(fieldPalette);
        m_fields[Start]->setText(timeText(span.startUs));
        const qint64 total = trace.durationUs();
        m_fields[Duration]->setText(
            total > 0
                ? tr("%1  (%2% of the trace)")
                      .arg(durationText(span.durationUs))
                      .arg(QString::number(100.0 * double(span.durationUs) / double(total), 'f', 1))
                : durationText(span.durationUs));
        m_fields[SelfTime]->setText(durationText(span.selfUs));
        m_fields[CriticalPath]->setText(span.criticalUs > 0 ? durationText(span.criticalUs)
                                                            : tr("not on the critical path"));
        m_fields[SpanId]->setText(span.spanId);
        if (span.parent >= 0 && span.parent < trace.spans.size()) {
            const Span &p = trace.spans.at(span.parent);
            m_fields[Parent]->setText(
                tr("%1: %2  (%3)%4")
                    .arg(trace.serviceOf(p), p.operationName, p.spanId,
                         span.followsFrom ? tr(", follows from") : QString()));
        } else {
            m_fields[Parent]->setText(tr("none (a root span)"));
        }

        fillTags(m_models[TagsTab], span.tags, pal);
        if (span.processIndex >= 0 && span.processIndex < trace.processes.size())
            fillTags(m_models[ProcessTab], trace.processes.at(span.processIndex).tags, pal);

        for (const TraceLog &log : span.logs) {
            QStandardItem *when =
                textItem(durationText(log.timestampUs - trace.startUs).prepend(QLatin1Char('+')));
            QStringList all;
            for (const TraceKeyValue &kv : log.fields) {
                when->appendRow({textItem(kv.key), valueItem(kv.value, pal)});
                all << kv.key + QLatin1Char('=') + kv.value;
            }
            QStandardItem *abs = textItem(absoluteTime(log.timestampUs));
            // Copying a log copies its fields, the part worth pasting.
            when->setData(all.join(QLatin1Char(' ')), CopyRole);
            abs->setData(all.join(QLatin1Char(' ')), CopyRole);
            m_models[LogsTab]->appendRow({when, abs});
        }
        m_views[LogsTab]->expandAll();

        for (const TraceReference &ref : span.references) {
            int target = -1;
            if (ref.traceId.isEmpty() || ref.traceId == trace.traceId) {
                for (int i = 0; i < trace.spans.size(); ++i) {
                    if (trace.spans.at(i).spanId == ref.spanId) {
                        target = i;
                        break;
                    }
                }
            }
            QStandardItem *type = textItem(referenceType(ref.type));
            type->setData(target, SpanIndexRole);
            QStandardItem *what;
            if (target >= 0) {
                const Span &t = trace.spans.at(target);
                what = textItem(QStringLiteral("%1: %2").arg(trace.serviceOf(t), t.operationName));
                what->setToolTip(tr("Double-click to show this span"));
            } else {
                what = textItem(tr("missing"));
                what->setForeground(Theme::error);
                what->setToolTip(ref.traceId.isEmpty() || ref.traceId == trace.traceId
                                     ? tr("No span with this ID is in the trace")
                                     : tr("The span is in another trace"));
            }
            m_models[ReferencesTab]->appendRow(
                {type, textItem(ref.traceId), textItem(ref.spanId), what});
        }

        for (const QString &w : span.warnings)
            m_models[WarningsTab]->appendRow({textItem(tr("span")), textItem(w)});
        for (const QString &w : trace.warnings)
            m_models[WarningsTab]->appendRow({textItem(tr("trace")), textItem(w)});
    }

    static const char *const tabTitles[TabCount] = {QT_TR_NOOP("Tags"), QT_TR_NOOP("Process"),
                                                    QT_TR_NOOP("Logs"), QT_TR_NOOP("References"),
                                                    QT_TR_NOOP("Warnings")};
    for (int t = 0; t < TabCount; ++t) {
        const int n = m_models[t]->rowCount();
        m_tabs->setTabText(t, n ? QStringLiteral("%1 (%2)").arg(tr(tabTitles[t])).arg(n)
                                : tr(tabTitles[t]));
        // IDs must show whole; a long key may not push the values out of sight.
        const int last = m_models[t]->columnCount() - 1;
        for (int c = 0; c < last; ++c) {
            m_views[t]->resizeColumnToContents(c);
            m_views[t]->setColumnWidth(c, qBound(80, m_views[t]->columnWidth(c) + 12, 300));
        }
    }
    m_tabs->tabBar()->setTabTextColor(WarningsTab, m_models[WarningsTab]->rowCount()
                                                       ? Theme::error
                                                       : palette().color(QPalette::WindowText));
}

void SpanDetail::onClicked(const QModelIndex &index)
{
    const QUrl url = index.data(UrlRole).toUrl();
    if (url.isValid())
        LinkOpener::openWeb(url, this);
}

void SpanDetail::onEntered(const QModelIndex &index)
{
    auto *view = qobject_cast<QTreeView *>(m_tabs->currentWidget());
    if (!view)
        return;
    if (index.data(UrlRole).toUrl().isValid())
        view->viewport()->setCursor(Qt::PointingHandCursor);
    else
        view->viewport()->unsetCursor();
}

bool SpanDetail::copyCurrentValue()
{
    auto *view = qobject_cast<QTreeView *>(m_tabs->currentWidget());
    if (!view)
        return false;
    const QModelIndex current = view->currentIndex();
    if (!current.isValid())
        return false;
    // The value column; the first column for a log's time row (its fields then).
    QModelIndex value = current.siblingAtColumn(view->model()->columnCount(current.parent()) - 1);
    if (view == m_views[ReferencesTab])
        value = current.siblingAtColumn(2); // the span ID is what one pastes elsewhere
    const QString text = value.data(CopyRole).toString();
    QGuiApplication::clipboard()->setText(text);
    return true;
}

void SpanDetail::showContextMenu(QTreeView *view, const QPoint &pos)
{
    const QModelIndex index = view->indexAt(pos);
    if (!index.isValid())
        return;
    view->setCurrentIndex(index);
    QMenu menu(this);
    const int t = m_tabs->indexOf(view);
    menu.addAction(m_copy[t]);
    const QUrl url = index.data(UrlRole).toUrl();
    if (url.isValid()) {
        menu.addAction(tr("Open link"), this, [this, url] { LinkOpener::openWeb(url, this); });
    }
    menu.exec(view->viewport()->mapToGlobal(pos));
}
