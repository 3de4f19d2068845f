#include "tracesummaryview.h"

#include "palette.h"
#include "servicecolors.h"
#include "traceresultsmodel.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

/// Per-service share of the self time: a name, a bar on a full-width track (100%
/// of the trace's duration) and the numbers. Painted text is plain by nature.
class ServiceShareBars final : public QWidget
{
    Q_DECLARE_TR_FUNCTIONS(ServiceShareBars)

public:
    explicit ServiceShareBars(QWidget *parent) : QWidget(parent)
    {
        setObjectName(QStringLiteral("traceServiceBars"));
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }

    void setEntries(const QList<TraceBreakdown::Entry> &entries)
    {
        m_entries = entries;
        updateGeometry();
        update();
    }

    int rowHeight() const { return fontMetrics().height() + 8; }
    QSize sizeHint() const override
    {
        return {320, std::max(1, int(m_entries.size())) * rowHeight() + 4};
    }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QFontMetrics fm = fontMetrics();
        const int h = rowHeight();
        const int nameWidth = std::min(width() / 3, 180);
        const int numbersWidth = fm.horizontalAdvance(QStringLiteral("100.0%  999.9 ms  ")) + 8;
        const int barLeft = nameWidth + 8;
        const int barWidth = std::max(20, width() - barLeft - numbersWidth);
        if (m_entries.isEmpty()) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No spans"));
            return;
        }
        for (int i = 0; i < m_entries.size(); ++i) {
            const TraceBreakdown::Entry &e = m_entries.at(i);
            const int y = i * h + 2;
            const QColor color = ServiceColors::forService(e.service);
            p.fillRect(QRect(0, y + (h - 10) / 2, 10, 10), color);
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QRect(16, y, nameWidth - 16, h), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(e.service, Qt::ElideRight, nameWidth - 16));
            const QRect track(barLeft, y + 4, barWidth, h - 8);
            p.fillRect(track, Theme::gridLine);
            const double share = std::clamp(e.fraction, 0.0, 1.0);
            p.fillRect(QRect(track.left(), track.top(),
                             std::max(1, int(share * track.width() + 0.5)), track.height()),
                       color);
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QRect(track.right() + 8, y, numbersWidth, h),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       QStringLiteral("%1%  %2").arg(QString::number(e.fraction * 100, 'f', 1),
                                                     TraceResultsModel::formatDuration(e.selfUs)));
        }
    }

private:
    QList<TraceBreakdown::Entry> m_entries;
};

TraceSummaryView::TraceSummaryView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("traceSummary"));

    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("traceHeadline"));
    m_headline->setTextFormat(Qt::PlainText); // service and operation names come from spans
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setBold(true);
    m_headline->setFont(big);

    m_subline = new QLabel(this);
    m_subline->setObjectName(QStringLiteral("traceSubline"));
    m_subline->setTextFormat(Qt::PlainText);
    m_subline->setWordWrap(true);

    m_bars = new ServiceShareBars(this);

    m_top = new QStandardItemModel(this);
    m_top->setSortRole(SortRole);
    m_topView = new QTreeView(this);
    m_topView->setObjectName(QStringLiteral("traceTopSpans"));
    m_topView->setModel(m_top);
    m_topView->setRootIsDecorated(false);
    m_topView->setUniformRowHeights(true);
    m_topView->setAlternatingRowColors(true);
    m_topView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topView->setSortingEnabled(true);
    m_topView->setToolTip(tr("Click an operation to show its spans"));

    auto *servicesTitle = new QLabel(tr("Self time by service"), this);
    auto *topTitle = new QLabel(tr("Top operations by self time"), this);
    for (QLabel *l : {servicesTitle, topTitle}) {
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_subline);
    layout->addSpacing(6);
    layout->addWidget(servicesTitle);
    layout->addWidget(m_bars);
    layout->addSpacing(6);
    layout->addWidget(topTitle);
    layout->addWidget(m_topView, 1);

    connect(m_topView, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        const QModelIndex first = index.siblingAtColumn(0);
        emit operationActivated(first.data(ServiceRole).toString(),
                                first.data(OperationRole).toString());
    });

    clear();
}

QWidget *TraceSummaryView::serviceBars() const
{
    return m_bars;
}

QString TraceSummaryView::headline() const
{
    return m_headline->text();
}

void TraceSummaryView::setTrace(const Trace &trace)
{
    if (trace.analysed) {
        display(breakdownTrace(trace), trace.durationUs());
        return;
    }
    Trace copy = trace;
    analyseTrace(copy);
    display(breakdownTrace(copy), copy.durationUs());
}

void TraceSummaryView::setTrace(std::shared_ptr<const Trace> trace)
{
    if (trace)
        setTrace(*trace);
    else
        clear();
}

void TraceSummaryView::clear()
{
    display(TraceBreakdown(), 0);
}

void TraceSummaryView::display(const TraceBreakdown &breakdown, qint64 traceDurationUs)
{
    m_breakdown = breakdown;
    m_headline->setText(breakdown.headline.isEmpty() ? tr("No trace") : breakdown.headline);
    m_subline->setText(traceDurationUs > 0
                           ? tr("Trace duration %1. The headline counts time on the critical "
                                "path; the bars and the table count self time (a span's time "
                                "outside its children).")
                                 .arg(TraceResultsModel::formatDuration(traceDurationUs))
                           : QString());
    m_bars->setEntries(breakdown.services);

    m_top->clear();
    m_top->setHorizontalHeaderLabels({tr("Service"), tr("Operation"), tr("Self time"),
                                      tr("% of trace"), tr("Critical path"), tr("Count")});
    for (const TraceBreakdown::Entry &e : breakdown.topOperations) {
        auto *service = new QStandardItem(e.service);
        service->setData(e.service, ServiceRole);
        service->setData(e.operation, OperationRole);
        service->setData(e.service, SortRole);
        QPixmap swatch(10, 10);
        swatch.fill(ServiceColors::forService(e.service));
        service->setIcon(swatch);
        auto *operation = new QStandardItem(e.operation);
        operation->setData(e.operation, SortRole);
        auto *self = new QStandardItem(TraceResultsModel::formatDuration(e.selfUs));
        self->setData(e.selfUs, SortRole);
        auto *percent =
            new QStandardItem(QString::number(e.fraction * 100, 'f', 1) + QLatin1Char('%'));
        percent->setData(e.fraction, SortRole);
        auto *critical = new QStandardItem(
            e.criticalUs > 0 ? TraceResultsModel::formatDuration(e.criticalUs) : QString());
        critical->setData(e.criticalUs, SortRole);
        auto *count = new QStandardItem(QString::number(e.spanCount));
        count->setData(e.spanCount, SortRole);
        for (QStandardItem *item : {self, percent, critical, count})
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_top->appendRow({service, operation, self, percent, critical, count});
    }
    m_topView->header()->setSortIndicator(SelfTimeColumn, Qt::DescendingOrder);
    m_topView->resizeColumnToContents(ServiceColumn);
    m_topView->resizeColumnToContents(OperationColumn);
    m_topView->setColumnWidth(OperationColumn,
                              std::min(m_topView->columnWidth(OperationColumn), 320));
}
