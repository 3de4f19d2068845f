#include "traceresults.h"

#include "palette.h"
#include "plaintext.h"
#include "traceresultsmodel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QSplitter>
#include <QToolTip>
#include <QTreeView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace {

/// Marker diameter per band of span counts: a trace with many spans is easier to
/// spot, but not huge.
constexpr qreal kBandMarker[TraceResults::kSizeBands] = {8, 11, 14, 18};

int sizeBand(int spanCount)
{
    return spanCount < 5 ? 0 : spanCount < 20 ? 1 : spanCount < 100 ? 2 : 3;
}

QScatterSeries *makeSeries(const QString &name, const QColor &color, qreal size)
{
    auto *s = new QScatterSeries;
    s->setName(name);
    s->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    s->setMarkerSize(size);
    QColor fill = color;
    fill.setAlphaF(0.75);
    s->setColor(fill);
    s->setBorderColor(color.lighter(130));
    return s;
}

void styleAxis(QAbstractAxis *axis)
{
    axis->setGridLineColor(Theme::gridLine);
    axis->setLinePenColor(Theme::gridLine);
    axis->setLabelsColor(Theme::text);
    axis->setTitleBrush(Theme::text);
    QFont f = axis->labelsFont();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    axis->setLabelsFont(f);
    axis->setTitleFont(f);
}

/// Without a loaded translation "%n trace(s)" would read literally.
QString countText(int n)
{
    return n == 1 ? TraceResults::tr("1 trace") : TraceResults::tr("%1 traces").arg(n);
}

} // namespace

TraceResults::TraceResults(QWidget *parent) : QWidget(parent), m_model(new TraceResultsModel(this))
{
    setObjectName(QStringLiteral("traceResults"));

    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(Theme::panelBackground);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 2));
    m_chart->legend()->hide();

    for (int i = 0; i < 2 * kSizeBands; ++i) {
        const bool error = isErrorSeries(i);
        m_series << makeSeries(error ? tr("Traces with errors") : tr("Traces"),
                               error ? Theme::error : QColor(0x5794f2),
                               kBandMarker[i % kSizeBands]);
        m_ids << QStringList();
    }
    // Later series paint on top: big markers first, errors over the rest.
    for (int band = kSizeBands - 1; band >= 0; --band)
        m_chart->addSeries(m_series.at(band));
    for (int band = kSizeBands - 1; band >= 0; --band)
        m_chart->addSeries(m_series.at(kSizeBands + band));

    m_xAxis = new QDateTimeAxis;
    m_yAxis = new QValueAxis;
    styleAxis(m_xAxis);
    styleAxis(m_yAxis);
    m_yAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QScatterSeries *s : std::as_const(m_series)) {
        s->attachAxis(m_xAxis);
        s->attachAxis(m_yAxis);
    }

    m_chartView = new QChartView(m_chart, this);
    m_chartView->setObjectName(QStringLiteral("traceScatter"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(140);
    m_chartView->viewport()->installEventFilter(this);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("traceResultsStatus"));
    m_status->setTextFormat(Qt::PlainText); // server error messages
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_sort = new QComboBox(this);
    m_sort->setObjectName(QStringLiteral("traceResultsSort"));
    m_sort->addItem(tr("Most recent"), int(TraceResultsModel::MostRecent));
    m_sort->addItem(tr("Longest first"), int(TraceResultsModel::LongestFirst));
    m_sort->addItem(tr("Shortest first"), int(TraceResultsModel::ShortestFirst));
    m_sort->addItem(tr("Most spans"), int(TraceResultsModel::MostSpans));
    m_sort->addItem(tr("Most errors"), int(TraceResultsModel::MostErrors));

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("traceResultsList"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setSortIndicator(TraceResultsModel::Start, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(TraceResultsModel::Start, 170);
    m_view->setColumnWidth(TraceResultsModel::Root, 260);
    m_view->setColumnWidth(TraceResultsModel::Duration, 80);
    m_view->setColumnWidth(TraceResultsModel::Spans, 55);
    m_view->setColumnWidth(TraceResultsModel::Errors, 55);

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    auto *sortLabel = new QLabel(tr("Sort:"), this);
    top->addWidget(sortLabel);
    top->addWidget(m_sort);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chartView);
    split->addWidget(m_view);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    // The list's size hint would otherwise squeeze the plot to its minimum.
    split->setSizes({260, 340});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    for (QScatterSeries *series : std::as_const(m_series)) {
        connect(series, &QScatterSeries::clicked, this,
                [this, series](const QPointF &p) { onPointClicked(series, p); });
        connect(series, &QScatterSeries::hovered, this,
                [this, series](const QPointF &p, bool on) { onPointHovered(series, p, on); });
    }
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(TraceResultsModel::TraceIdRole).toString();
        if (!id.isEmpty())
            emit traceActivated(id);
    });
    connect(m_sort, &QComboBox::activated, this, &TraceResults::onSortChosen);
    connect(m_view->header(), &QHeaderView::sortIndicatorChanged, this,
            &TraceResults::onHeaderSorted);

    setStatus(tr("Choose a service and find traces."), false);
    rebuildChart();
}

void TraceResults::setResults(const QList<TraceSummary> &results)
{
    m_loading = false;
    m_error.clear();
    m_model->setResults(results);
    rebuildChart();
    if (results.isEmpty())
        setStatus(tr("No traces found"), false);
    else
        setStatus(countText(int(results.size())), false);
}

void TraceResults::setError(const QString &error)
{
    m_loading = false;
    m_error = error;
    m_model->setResults({});
    rebuildChart();
    setStatus(error, true);
}

void TraceResults::setLoading(bool loading)
{
    m_loading = loading;
    if (loading) {
        setStatus(tr("Searching…"), false);
    } else if (!m_error.isEmpty()) {
        setStatus(m_error, true);
    } else {
        const int n = m_model->rowCount();
        setStatus(n ? countText(n) : tr("No traces found"), false);
    }
}

QString TraceResults::statusText() const
{
    return m_status->text();
}

void TraceResults::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, error ? Theme::error : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
}

void TraceResults::rebuildChart()
{
    const QList<TraceSummary> &rows = m_model->results();
    qint64 maxDuration = 0;
    qint64 minStart = std::numeric_limits<qint64>::max();
    qint64 maxStart = std::numeric_limits<qint64>::min();
    for (const TraceSummary &s : rows) {
        maxDuration = std::max(maxDuration, s.durationUs);
        minStart = std::min(minStart, s.startUs);
        maxStart = std::max(maxStart, s.startUs);
    }

    // One unit for the whole axis, picked from the longest trace.
    QString unit;
    if (maxDuration >= 10'000'000) {
        m_durationScale = 1e6;
        unit = tr("s");
    } else if (maxDuration >= 10'000) {
        m_durationScale = 1e3;
        unit = tr("ms");
    } else {
        m_durationScale = 1;
        unit = tr("µs");
    }
    m_yAxis->setTitleText(tr("Duration (%1)").arg(unit));

    QList<QList<QPointF>> points(m_series.size());
    for (QStringList &ids : m_ids)
        ids.clear();
    for (const TraceSummary &s : rows) {
        const int i = (s.errorCount > 0 ? kSizeBands : 0) + sizeBand(s.spanCount);
        points[i] << QPointF(double(s.startUs / 1000), double(s.durationUs) / m_durationScale);
        m_ids[i] << s.traceId;
    }
    for (int i = 0; i < m_series.size(); ++i)
        m_series.at(i)->replace(points.at(i));

    if (rows.isEmpty()) {
        const QDateTime now = QDateTime::currentDateTime();
        m_xAxis->setRange(now.addSecs(-3600), now);
        m_xAxis->setFormat(QStringLiteral("HH:mm"));
        m_yAxis->setRange(0, 1);
        return;
    }
    qint64 spanMs = (maxStart - minStart) / 1000;
    // Pad so the first and last points are not cut in half by the plot's edge.
    const qint64 padMs = std::max<qint64>(spanMs / 20, 30'000);
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(minStart / 1000 - padMs);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(maxStart / 1000 + padMs);
    m_xAxis->setRange(from, to);
    spanMs += 2 * padMs;
    m_xAxis->setFormat(spanMs > 2LL * 86'400'000 ? QStringLiteral("MM-dd HH:mm")
                       : spanMs > 600'000        ? QStringLiteral("HH:mm")
                                                 : QStringLiteral("HH:mm:ss"));
    m_xAxis->setTickCount(5);
    const double top = double(maxDuration) / m_durationScale;
    m_yAxis->setRange(0, top > 0 ? top * 1.1 : 1);
    m_yAxis->applyNiceNumbers();
}

QString TraceResults::traceIdAt(QScatterSeries *series, const QPointF &point) const
{
    const int which = m_series.indexOf(series);
    if (which < 0)
        return {};
    const QStringList &ids = m_ids.at(which);
    const QList<QPointF> points = series->points();
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    // Axis units differ wildly (ms since epoch vs. duration): compare relatively.
    const double xRange = std::max(1.0, m_xAxis->max().toMSecsSinceEpoch() -
                                            double(m_xAxis->min().toMSecsSinceEpoch()));
    const double yRange = std::max(1e-9, m_yAxis->max() - m_yAxis->min());
    for (int i = 0; i < points.size() && i < ids.size(); ++i) {
        const double dx = (points.at(i).x() - point.x()) / xRange;
        const double dy = (points.at(i).y() - point.y()) / yRange;
        const double d = dx * dx + dy * dy;
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best >= 0 ? ids.at(best) : QString();
}

QPair<QScatterSeries *, int> TraceResults::pointOf(const QString &traceId) const
{
    for (int i = 0; i < m_ids.size(); ++i) {
        const int at = int(m_ids.at(i).indexOf(traceId));
        if (at >= 0)
            return {m_series.at(i), at};
    }
    return {nullptr, -1};
}

void TraceResults::onPointClicked(QScatterSeries *series, const QPointF &point)
{
    const QString id = traceIdAt(series, point);
    if (id.isEmpty())
        return;
    const int row = m_model->rowOf(id);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row, TraceResultsModel::Start));
    emit traceActivated(id);
}

void TraceResults::onPointHovered(QScatterSeries *series, const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const TraceSummary *s = m_model->summaryAt(m_model->rowOf(traceIdAt(series, point)));
    if (!s)
        return;
    QString text =
        tr("%1: %2\n%3, %4 spans")
            .arg(s->rootService, s->rootOperation, TraceResultsModel::formatDuration(s->durationUs))
            .arg(s->spanCount);
    if (s->errorCount > 0)
        text += tr(", %1 errors").arg(s->errorCount);
    text += QLatin1Char('\n') + QDateTime::fromMSecsSinceEpoch(s->startUs / 1000)
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    text += QLatin1Char('\n') + s->traceId;
    QToolTip::showText(QCursor::pos(), plainToolTip(text), m_chartView);
}

void TraceResults::onSortChosen(int index)
{
    const auto order = TraceResultsModel::Order(m_sort->itemData(index).toInt());
    m_view->sortByColumn(TraceResultsModel::orderColumn(order),
                         TraceResultsModel::orderDirection(order));
}

void TraceResults::onHeaderSorted(int column, Qt::SortOrder order)
{
    // Keep the combo truthful when the user sorts by a header instead.
    for (int i = 0; i < m_sort->count(); ++i) {
        const auto o = TraceResultsModel::Order(m_sort->itemData(i).toInt());
        if (TraceResultsModel::orderColumn(o) == column &&
            TraceResultsModel::orderDirection(o) == order) {
            const QSignalBlocker block(m_sort);
            m_sort->setCurrentIndex(i);
            return;
        }
    }
}

bool TraceResults::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_chartView->viewport() &&
        (event->type() == QEvent::MouseButtonPress ||
         event->type() == QEvent::MouseButtonDblClick) &&
        !m_chartView->itemAt(static_cast<QMouseEvent *>(event)->position().toPoint())) {
        // Qt Charts 6.4 dereferences the item under the mouse without checking it:
        // a press where the chart does not cover the view would crash.
        return true;
    }
    return QWidget::eventFilter(watched, event);
}
