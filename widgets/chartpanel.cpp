#include "chartpanel.h"

#include "axisticks.h"
#include "decimation.h"
#include "legendformat.h"
#include "legendtable.h"
#include "linelayer.h"
#include "palette.h"
#include "seriesstats.h"
#include "timeticks.h"
#include "units.h"

#include <QAreaSeries>
#include <QBoxLayout>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QTimer>

#include <algorithm>
#include <tuple>
#include <cmath>
#include <limits>
#include <type_traits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace {

// More series than anyone can tell apart (a runaway `by (request_id)`): only the
// first ones, in Grafana's default legend order (the data's), are drawn and listed,
// with a note saying so. Qt Charts would take minutes over a million.
constexpr size_t kMaxDrawnSeries = 500;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kExemplarPickPx = 7;
// Not one of the series palette's colours, so exemplars never pass for data.
const QColor kExemplarColor{0xff, 0x4f, 0xd8};

// A shorter horizontal drag is a click (data links, exemplars), as in Grafana.
constexpr double kDragThresholdPx = 5;

/// Exact for whole powers (log(1000)/log(10) is not 3); nothing at or below zero.
double logOf(double v, int base)
{
    if (!(v > 0))
        return kNaN;
    return base == 10  ? std::log10(v)
           : base == 2 ? std::log2(v)
                       : std::log(v) / std::log(double(base));
}

QColor colorFor(const SeriesStyle &style, int index)
{
    const QColor palette = seriesColor(index);
    return style.color.isEmpty() ? palette : namedColor(style.color, palette);
}

/// The y extent of one value axis, grown by everything drawn against it.
struct Extent
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool used = false;
    QString unit;
    int decimals = -1;
    std::optional<double> min;
    std::optional<double> max;
    void add(double v)
    {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
};

QCategoryAxis *newAxis()
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setGridLineColor(Theme::gridLine);
    axis->setLabelsColor(Theme::text);
    axis->setLinePenColor(Theme::gridLine);
    return axis;
}

/// Replaces an axis's labels and range. Axes live as long as the chart: a new axis per
/// data change costs Qt Charts a new set of grid, tick and label items, which paint
/// several times slower on their first frames than the ones it already has.
void setCategories(QCategoryAxis *axis, const std::vector<std::pair<QString, double>> &labels, double min,
                   double max, std::optional<double> startValue = std::nullopt)
{
    const QStringList old = axis->categoriesLabels();
    bool same = old.size() == qsizetype(labels.size()) && (!startValue || axis->startValue() == *startValue);
    for (qsizetype i = 0; same && i < old.size(); ++i)
        same = old[i] == labels[size_t(i)].first && axis->endValue(old[i]) == labels[size_t(i)].second;
    if (!same) {
        for (const QString &label : old)
            axis->remove(label);
        if (startValue)
            axis->setStartValue(*startValue);
        for (const auto &[label, value] : labels)
            axis->append(label, value);
    }
    axis->setRange(min, max);
}

void fillValueAxis(QCategoryAxis *axis, Extent e, int logBase, int tickTarget)
{
    // Qt Charts renders axis labels as HTML, and the unit (a "suffix:" unit from
    // the dashboard file) is part of every label: escaped, it shows as written.
    std::vector<std::pair<QString, double>> labels;
    const auto toAxis = [logBase](double v) {
        return logBase ? logOf(v, logBase) : v;
    };
    if (e.min && std::isfinite(toAxis(*e.min)))
        e.lo = toAxis(*e.min);
    if (e.max && std::isfinite(toAxis(*e.max)))
        e.hi = toAxis(*e.max);
    if (!std::isfinite(e.lo) || !std::isfinite(e.hi)) {
        e.lo = 0;
        e.hi = 1;
    }
    if (logBase) {
        // Plotted values are exponents: ticks at whole powers of the base, labelled
        // in the unit (QLogValueAxis only knows printf formats).
        const double first = std::floor(e.lo);
        double last = std::ceil(e.hi);
        if (last <= first)
            last = first + 1;
        const double stride = std::max(1.0, std::ceil((last - first) / std::max(tickTarget, 2)));
        for (double k = first; k <= last + 1e-9; k += stride)
            labels.emplace_back(formatValue(std::pow(double(logBase), k), e.unit, e.decimals).toHtmlEscaped(), k);
        setCategories(axis, labels, e.min ? e.lo : first, e.max ? e.hi : last);
        return;
    }
    if (!e.min && e.lo > 0 && e.lo < e.hi * 0.5)
        e.lo = 0; // anchor mostly-positive data at zero, as readers expect
    const std::vector<double> ticks = niceTicks(e.lo, e.hi, tickTarget);
    for (double t : ticks)
        labels.emplace_back(formatValue(t, e.unit, e.decimals).toHtmlEscaped(), t);
    setCategories(axis, labels, e.min ? *e.min : ticks.front(), e.max ? *e.max : ticks.back());
}

/// True when some step between consecutive times is wider than gapMs (a NaN time
/// makes no gap). The widest step is kept in four independent running maxima: the
/// loop then runs at the loads' pace, not one compare-and-branch chain's.
bool hasTimeGap(const double *t, size_t n, double gapMs)
{
    constexpr double kNone = -std::numeric_limits<double>::infinity();
    double w0 = kNone, w1 = kNone, w2 = kNone, w3 = kNone;
    size_t k = 1;
    for (; k + 4 <= n; k += 4) {
        const double d0 = t[k] - t[k - 1], d1 = t[k + 1] - t[k], d2 = t[k + 2] - t[k + 1],
                     d3 = t[k + 3] - t[k + 2];
        w0 = d0 > w0 ? d0 : w0;
        w1 = d1 > w1 ? d1 : w1;
        w2 = d2 > w2 ? d2 : w2;
        w3 = d3 > w3 ? d3 : w3;
    }
    for (; k < n; ++k) {
        const double d = t[k] - t[k - 1];
        w0 = d > w0 ? d : w0;
    }
    return std::max(std::max(w0, w1), std::max(w2, w3)) > gapMs;
}

// A compact ValueColumn's values (from some index on) read as doubles.
struct ScaledAt
{
    const std::int32_t *m;
    double divisor;
    double operator[](size_t k) const
    {
        return m[k] == ValueColumn::kNaNCode ? std::numeric_limits<double>::quiet_NaN()
                                             : double(m[k]) / divisor;
    }
};

/// Calls fn(from, to, lo, hi) for each run of `v` drawn as one line, with the least
/// and greatest value in it (lo > hi when it holds no value, only NaN): "null" mode
/// (`split`) breaks at NaN and at missing steps, "connected" only at infinities
/// (which no axis can hold). One pass over the samples: blocks without a NaN, an
/// infinity or a gap - nearly all of them - are only compared, without branches.
/// `timeGaps` false: the caller knows no step between the times is wider than gapMs
/// (series share their times: checked once for all), and the times are not read.
template <typename Values, typename Fn>
void forEachSegment(const double *t, Values v, size_t n, bool split, double gapMs, Fn &&fn,
                    bool timeGaps = true)
{
    const bool splitTime = split && timeGaps;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr size_t kBlock = 16;
    size_t segStart = 0;
    double lo = kInf, hi = -kInf;
    size_t i = 0;
    while (i < n) {
        if (i > segStart && n - i >= kBlock) {
            // x - x is 0 for finite x only; a NaN time difference is no gap.
            int clean = 1;
            double blo = lo, bhi = hi;
            if (splitTime) {
                for (size_t k = i; k < i + kBlock; ++k) {
                    const double x = v[k];
                    const double d = t[k] - t[k - 1];
                    clean &= int(x - x == 0) & int(!(d > gapMs));
                    blo = x < blo ? x : blo;
                    bhi = x > bhi ? x : bhi;
                }
            } else {
#ifdef __SSE2__
                if constexpr (std::is_same_v<Values, const double *>) {
                    // Two lanes at a time; x - x is 0 for finite x only. minpd and maxpd
                    // keep their second operand when a lane is NaN (a block with one is
                    // not clean and is redone one sample at a time below).
                    const __m128d zero = _mm_setzero_pd();
                    __m128d lo2 = _mm_set1_pd(blo), hi2 = _mm_set1_pd(bhi), bad = zero;
                    for (size_t k = i; k < i + kBlock; k += 2) {
                        const __m128d x = _mm_loadu_pd(v + k);
                        bad = _mm_or_pd(bad, _mm_cmpneq_pd(_mm_sub_pd(x, x), zero));
                        lo2 = _mm_min_pd(x, lo2);
                        hi2 = _mm_max_pd(x, hi2);
                    }
                    clean = int(_mm_movemask_pd(bad) == 0);
                    blo = std::min(_mm_cvtsd_f64(lo2), _mm_cvtsd_f64(_mm_unpackhi_pd(lo2, lo2)));
                    bhi = std::max(_mm_cvtsd_f64(hi2), _mm_cvtsd_f64(_mm_unpackhi_pd(hi2, hi2)));
                } else
#endif
                for (size_t k = i; k < i + kBlock; ++k) {
                    const double x = v[k];
                    clean &= int(x - x == 0);
                    blo = x < blo ? x : blo;
                    bhi = x > bhi ? x : bhi;
                }
            }
            if (clean) {
                lo = blo;
                hi = bhi;
                i += kBlock;
                continue;
            }
        }
        // One sample at a time through the block that holds a break.
        const size_t stop = std::min(n, i + kBlock);
        for (; i < stop; ++i) {
            const double x = v[i];
            const bool finite = split ? std::isfinite(x) : !std::isinf(x);
            const bool gap = splitTime && i > segStart && t[i] - t[i - 1] > gapMs;
            if (!finite || gap) {
                fn(segStart, i, lo, hi);
                lo = kInf;
                hi = -kInf;
                segStart = finite ? i : i + 1;
            }
            if (finite && !std::isnan(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        }
    }
    fn(segStart, n, lo, hi);
}

} // namespace

ChartPanel::ChartPanel(const Panel &panel, QWidget *parent) : PanelWidget(panel, parent)
{
    setObjectName(QStringLiteral("chartpanel-%1").arg(panel.id));
    setMinimumSize(160, 100);

    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(Theme::panelBackground);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 2));
    // Our own legend: plain-text names, calcs, Grafana's click behaviour.
    m_chart->legend()->hide();
    m_chart->setAnimationOptions(QChart::NoAnimation);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);

    m_legend = new LegendTable(this);
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() * 0.85));
    m_legend->setFont(legendFont);
    m_legend->setOptions(panel.legend);
    connect(m_legend, &LegendTable::entryClicked, this, &ChartPanel::legendClicked);

    const bool right = panel.legend.placement == QLatin1String("right");
    m_layout = new QBoxLayout(right ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom, this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    m_layout->addWidget(m_view, 1);
    m_layout->addWidget(m_legend, 0);

    m_hover = new QLabel(this);
    m_hover->setObjectName(QStringLiteral("chartTooltip"));
    m_hover->setTextFormat(Qt::PlainText); // series names come from servers
    m_hover->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_hover->setStyleSheet(QStringLiteral(
        "QLabel { color: #ccccdc; background: rgba(34, 37, 43, 235); border: 1px solid #3d414a;"
        " border-radius: 2px; padding: 4px; }"));
    m_hover->hide();

    // Drawn over the series (whose z values are small), inside the plot area.
    m_crosshairLine = new QGraphicsLineItem(m_chart);
    QPen crosshairPen(Theme::crosshair);
    crosshairPen.setStyle(Qt::DashLine);
    crosshairPen.setWidthF(1);
    crosshairPen.setCosmetic(true);
    m_crosshairLine->setPen(crosshairPen);
    m_crosshairLine->setZValue(1000);
    m_crosshairLine->hide();
    m_band = new QGraphicsRectItem(m_chart);
    m_band->setPen(Qt::NoPen);
    m_band->setBrush(Theme::selectionBand);
    m_band->setZValue(999);
    m_band->hide();
    // The data's lines and fills: over the grid, under thresholds, bands and exemplars.
    m_lines = new LineLayer(m_chart);
    m_lines->setZValue(3.5);
    connect(m_chart, &QChart::plotAreaChanged, this, &ChartPanel::placeLines);
    connect(m_chart, &QChart::plotAreaChanged, this, &ChartPanel::placeCrosshair);

    m_rebuildTimer = new QTimer(this);
    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(60);
    connect(m_rebuildTimer, &QTimer::timeout, this, &ChartPanel::rebuild);
}

int ChartPanel::plotWidth() const
{
    int w = width() - kAxisAllowancePx;
    if (m_legend && !m_legend->isHidden() && panel().legend.placement == QLatin1String("right"))
        w -= m_legend->width();
    return std::max(50, w);
}

QWidget *ChartPanel::noDataHost()
{
    return m_view ? static_cast<QWidget *>(m_view) : this;
}

void ChartPanel::updateView()
{
    m_hover->hide();
    auto *note = m_view->findChild<QLabel *>(QStringLiteral("seriesLimitNote"), Qt::FindDirectChildrenOnly);
    const size_t total = data().series.size();
    if (total > kMaxDrawnSeries) {
        if (!note) {
            note = new QLabel(m_view);
            note->setObjectName(QStringLiteral("seriesLimitNote"));
            note->setTextFormat(Qt::PlainText);
            note->setStyleSheet(m_hover->styleSheet());
            note->move(8, 4);
        }
        note->setText(tr("Showing %1 of %2 series").arg(QLocale().toString(qulonglong(kMaxDrawnSeries)),
                                                        QLocale().toString(qulonglong(total))));
        note->adjustSize();
        note->show();
        note->raise();
    } else if (note) {
        note->hide();
    }
    updateLegend();
    placeLegend();
    rebuild();
}

qsizetype ChartPanel::plottedPointCount() const
{
    qsizetype n = qsizetype(m_lines->drawnPointCount());
    for (QAbstractSeries *s : m_chart->series()) {
        if (!s->property("dozorData").toBool())
            continue;
        if (auto *xy = qobject_cast<QXYSeries *>(s))
            n += xy->count();
        else if (auto *area = qobject_cast<QAreaSeries *>(s))
            n += area->upperSeries()->count() / 4; // four corners per bar
    }
    return n;
}

void ChartPanel::setAlertThresholds(const QList<RuleThreshold> &rules)
{
    auto same = [](const RuleThreshold &a, const RuleThreshold &b) {
        return a.alertName == b.alertName && a.value == b.value && a.op == b.op &&
               a.severity == b.severity;
    };
    if (rules.size() == m_alertRules.size() &&
        std::equal(rules.begin(), rules.end(), m_alertRules.begin(), same))
        return;
    m_alertRules = rules;
    if (hasData())
        rebuild();
}

void ChartPanel::setFiringRanges(const QList<QPair<double, double>> &ranges)
{
    if (ranges == m_firing)
        return;
    m_firing = ranges;
    if (hasData())
        rebuild();
}

void ChartPanel::resizeEvent(QResizeEvent *event)
{
    PanelWidget::resizeEvent(event);
    placeLegend();
    if (hasData() && plotWidth() != m_builtWidth)
        m_rebuildTimer->start();
}

void ChartPanel::placeLegend()
{
    // The plot keeps at least two thirds of the panel, as in Grafana.
    if (panel().legend.placement == QLatin1String("right")) {
        m_legend->setMaximumHeight(QWIDGETSIZE_MAX);
        m_legend->setMaximumWidth(std::max(80, width() / 3));
    } else {
        m_legend->setMaximumWidth(QWIDGETSIZE_MAX);
        m_legend->setMaximumHeight(std::max(24, height() / 3));
    }
}

void ChartPanel::updateLegend()
{
    const Panel &p = panel();
    const PanelData &d = data();
    QList<LegendTable::Entry> entries;
    QList<int> hidden;
    QSet<QString> present;
    for (size_t i = 0; i < std::min(d.series.size(), kMaxDrawnSeries); ++i) {
        const PanelSeries &s = d.series[i];
        const SeriesStyle style = resolveSeriesStyle(p, s.name, s.refId, s.labels);
        present.insert(style.displayName);
        if (m_hidden.contains(style.displayName))
            hidden.append(int(i));
        if (style.hideLegend)
            continue;
        LegendTable::Entry e;
        e.series = int(i);
        e.name = style.displayName;
        e.color = colorFor(style, int(i));
        e.unit = style.unit;
        e.decimals = style.decimals;
        e.dimmed = m_hidden.contains(style.displayName);
        if (!p.legend.calcs.isEmpty())
            withDoubles(s.values, [&](DoubleSpan v) {
                for (const QString &calc : p.legend.calcs)
                    e.calcValues.push_back(reduceSeries(v, calc));
            });
        entries.append(e);
    }
    // Series that left the data are forgotten, so they do not stay hidden forever.
    m_hidden.intersect(present);
    m_legend->setEntries(entries);
}

void ChartPanel::legendClicked(int index, Qt::KeyboardModifiers modifiers)
{
    const PanelData &d = data();
    const size_t shown = std::min(d.series.size(), kMaxDrawnSeries);
    if (index < 0 || size_t(index) >= shown)
        return;
    QStringList names;
    for (size_t i = 0; i < shown; ++i)
        names << resolveSeriesStyle(panel(), d.series[i].name, d.series[i].refId, d.series[i].labels).displayName;
    const QString name = names[index];
    if (modifiers & (Qt::ControlModifier | Qt::MetaModifier)) {
        if (!m_hidden.remove(name))
            m_hidden.insert(name);
    } else {
        bool isolated = !m_hidden.contains(name);
        for (const QString &other : std::as_const(names))
            if (other != name && !m_hidden.contains(other))
                isolated = false;
        m_hidden.clear();
        if (!isolated)
            for (const QString &other : std::as_const(names))
                if (other != name)
                    m_hidden.insert(other);
    }
    QList<int> hidden;
    for (int i = 0; i < names.size(); ++i)
        if (m_hidden.contains(names[i]))
            hidden.append(i);
    m_legend->setDimmed(hidden);
    rebuild();
}

QList<ChartPanel::DrawnLine> ChartPanel::drawnLines() const
{
    QList<DrawnLine> out;
    std::vector<QPointF> points, lower;
    for (size_t k = 0; k < m_lines->lines().size(); ++k) {
        const LineLayer::Line &l = m_lines->lines()[k];
        DrawnLine d;
        d.series = l.series;
        d.name = l.series >= 0 && size_t(l.series) < m_shown.size() ? m_shown[size_t(l.series)].name : QString();
        d.pen = l.pen;
        d.fill = l.fill;
        d.right = l.right;
        m_lines->decimated(k, points, &lower);
        d.points = QList<QPointF>(points.begin(), points.end());
        d.lower = QList<QPointF>(lower.begin(), lower.end());
        out.append(d);
    }
    return out;
}

void ChartPanel::placeLines()
{
    if (!m_xAxis || !m_yAxis) {
        m_lines->setMapping(QRectF(), 0, 1, 0, 1, 0, 1);
        return;
    }
    const QCategoryAxis *right = m_rightAxis ? m_rightAxis : m_yAxis;
    m_lines->setMapping(m_chart->plotArea(), m_xAxis->min(), m_xAxis->max(), m_yAxis->min(),
                        m_yAxis->max(), right->min(), right->max());
}

void ChartPanel::rebuild()
{
    m_lines->clear();
    m_lines->setColumnsHint(plotWidth());
    // Every series goes but the anchors; they and the axes stay (see setCategories).
    for (QAbstractSeries *series : m_chart->series()) {
        if (series == m_leftAnchor || series == m_rightAnchor)
            continue;
        m_chart->removeSeries(series);
        delete series;
    }
    // Invisible anchors: the tooltip maps positions through them, whatever is drawn.
    const auto addAnchor = [this](QCategoryAxis *axis) {
        auto *anchor = new QLineSeries;
        anchor->setProperty("dozorAnchor", true);
        m_chart->addSeries(anchor);
        anchor->attachAxis(m_xAxis);
        anchor->attachAxis(axis);
        return anchor;
    };
    if (!m_xAxis) {
        m_xAxis = newAxis();
        m_chart->addAxis(m_xAxis, Qt::AlignBottom);
        m_yAxis = newAxis();
        m_chart->addAxis(m_yAxis, Qt::AlignLeft);
        m_leftAnchor = addAnchor(m_yAxis);
    }
    m_exemplarMarkers = nullptr;
    m_placedExemplars.clear();

    const Panel &p = panel();
    const PanelData &d = data();
    const GraphStyle &g = p.graph;
    const int columns = plotWidth();
    m_builtWidth = columns;
    const double t0 = double(d.start.toMSecsSinceEpoch());
    const double t1 = double(d.end.toMSecsSinceEpoch());
    const double stepMs = std::max(d.stepSeconds, 1.0) * 1000.0;
    const double gapMs = stepMs * 2.5;
    // (times, count, has a gap): series sharing their times are checked once.
    std::vector<std::tuple<const double *, size_t, bool>> timeGapsKnown;
    m_logBase = g.logBase == 2 || g.logBase == 10 ? g.logBase : 0;
    const bool nullAsZero = g.nullPointMode == QLatin1String("null as zero");
    const bool splitAtNull = g.nullPointMode != QLatin1String("connected") && !nullAsZero;

    QCategoryAxis *xAxis = m_xAxis;
    fillTimeAxis(xAxis, t0, t1);

    // Firing ranges of the panel's alerts, shaded under the data; their heights are
    // set once the y axis is known.
    std::vector<QAreaSeries *> bands;
    for (const auto &[from, to] : std::as_const(m_firing)) {
        const double a = std::max(from, t0), b = std::min(std::max(to, from + stepMs), t1);
        if (b <= a)
            continue;
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        upper->append(a, 0);
        upper->append(b, 0);
        lower->append(a, 0);
        lower->append(b, 0);
        auto *band = new QAreaSeries(upper, lower);
        upper->setParent(band);
        lower->setParent(band);
        band->setName(tr("firing"));
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(242, 73, 92, 45));
        m_chart->addSeries(band);
        bands.push_back(band);
    }

    // --- What each series plots: styles, then null handling, negative-Y,
    // stacking and log, copying the data only when one of them changes it.
    const size_t count = std::min(d.series.size(), kMaxDrawnSeries);
    std::vector<SeriesStyle> styles(count);
    std::vector<char> visible(count, 0);
    std::vector<DoubleSpan> tp(count), vp(count);
    std::vector<const ValueColumn *> compactV(count, nullptr); // drawn from their integers
    std::vector<std::vector<double>> ownT(count), ownV(count), lower(count);
    m_shown.assign(count, Shown());
    // The columns are shared, not copied: the arrays keep them alive for the layer.
    auto arrays = std::make_shared<LineArrays>();
    arrays->series = d.series;
    arrays->derived.reserve(3 * count);
    for (size_t i = 0; i < count; ++i) {
        const PanelSeries &s = d.series[i];
        SeriesStyle &st = styles[i];
        st = resolveSeriesStyle(p, s.name, s.refId, s.labels);
        visible[i] = !st.hideViz && !m_hidden.contains(st.displayName);
        Shown &sh = m_shown[i];
        sh.name = st.displayName;
        sh.unit = st.unit;
        sh.decimals = st.decimals;
        sh.tooltip = visible[i] && !st.hideTooltip;
        sh.right = st.onRightAxis();
        tp[i] = s.timestampsMs;
        // Compact values (ValueColumn) reach the layer as they are; where a transform
        // or a Qt Charts series needs doubles, they are copied.
        if (!s.values.isCompact()) {
            vp[i] = DoubleSpan(s.values.doubleData(), s.values.size());
        } else if (!nullAsZero && !st.negateY && !m_logBase &&
                   s.timestampsMs.size() == s.values.size() &&
                   !(visible[i] && (st.stacking == QLatin1String("normal") ||
                                    st.stacking == QLatin1String("percent"))) &&
                   st.drawStyle != QLatin1String("bars") && st.drawStyle != QLatin1String("points") &&
                   !st.showPoints) {
            compactV[i] = &s.values;
        } else {
            ownV[i] = s.values.toVector();
            vp[i] = ownV[i];
        }
        const size_t n = std::min(s.timestampsMs.size(), s.values.size());
        if (nullAsZero) {
            // Missing steps are nulls too (Grafana fills them in): zero across them.
            ownT[i].reserve(n);
            ownV[i].reserve(n);
            for (size_t k = 0; k < n; ++k) {
                const double t = s.timestampsMs[k];
                if (k > 0 && t - s.timestampsMs[k - 1] > gapMs) {
                    ownT[i].push_back(s.timestampsMs[k - 1] + stepMs);
                    ownV[i].push_back(0);
                    ownT[i].push_back(t - stepMs);
                    ownV[i].push_back(0);
                }
                ownT[i].push_back(t);
                ownV[i].push_back(std::isnan(s.values[k]) ? 0.0 : s.values[k]);
            }
            tp[i] = ownT[i];
            vp[i] = ownV[i];
        } else if (s.timestampsMs.size() != s.values.size()) {
            ownT[i].assign(s.timestampsMs.begin(), s.timestampsMs.begin() + qsizetype(n));
            ownV[i].assign(s.values.begin(), s.values.begin() + qsizetype(n));
            tp[i] = ownT[i];
            vp[i] = ownV[i];
        }
        if (st.negateY) {
            if (vp[i].data() != ownV[i].data())
                ownV[i].assign(vp[i].begin(), vp[i].end());
            for (double &v : ownV[i])
                v = -v;
            vp[i] = ownV[i];
        }
    }
    for (const char *mode : {"normal", "percent"}) {
        std::vector<StackInput> inputs(count);
        bool any = false;
        for (size_t i = 0; i < count; ++i) {
            inputs[i].timestampsMs = tp[i];
            inputs[i].values = vp[i];
            if (visible[i] && styles[i].stacking == QLatin1String(mode)) {
                inputs[i].group =
                    styles[i].stackGroup.isEmpty() ? QStringLiteral("A") : styles[i].stackGroup;
                any = true;
            }
        }
        if (!any)
            continue;
        std::vector<StackedSeries> stacked = stackSeries(inputs, qstrcmp(mode, "percent") == 0);
        for (size_t i = 0; i < count; ++i) {
            if (inputs[i].group.isEmpty())
                continue;
            ownV[i] = std::move(stacked[i].upper);
            vp[i] = ownV[i];
            lower[i] = std::move(stacked[i].lower);
            if (qstrcmp(mode, "percent") == 0)
                m_shown[i].unit = styles[i].unit = QStringLiteral("percent");
        }
    }
    double baseline = 0;
    if (m_logBase) {
        double floorExp = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < count; ++i) {
            if (!visible[i])
                continue;
            if (vp[i].data() != ownV[i].data())
                ownV[i].assign(vp[i].begin(), vp[i].end());
            for (double &v : ownV[i]) {
                v = logOf(v, m_logBase);
                if (std::isfinite(v))
                    floorExp = std::min(floorExp, v);
            }
            vp[i] = ownV[i];
        }
        baseline = std::isfinite(floorExp) ? std::floor(floorExp) : 0;
        for (size_t i = 0; i < count; ++i)
            for (double &v : lower[i])
                v = v > 0 ? logOf(v, m_logBase) : baseline;
    }

    // --- Draw.
    Extent left, right;
    left.unit = p.unit;
    left.decimals = p.decimals;
    left.min = p.min;
    left.max = p.max;
    right.unit = g.rightUnit.isEmpty() ? p.unit : g.rightUnit;
    right.min = g.rightMin;
    right.max = g.rightMax;
    bool leftUnitSet = false, rightUnitSet = false, allHiddenAxis = true;
    std::vector<std::pair<QAbstractSeries *, bool>> drawn; // series, on the right axis
    std::vector<QPointF> points;
    // Points are handed over only once the axes are attached: Qt Charts recomputes a
    // line's geometry (and strokes its hover shape) on every axis attached, and that
    // costs as much as drawing it.
    std::vector<std::pair<QXYSeries *, QList<QPointF>>> pendingPoints;

    for (size_t i = 0; i < count; ++i) {
        if (!visible[i])
            continue;
        const SeriesStyle &st = styles[i];
        const bool onRight = st.onRightAxis();
        Extent &ext = onRight ? right : left;
        bool &unitSet = onRight ? rightUnitSet : leftUnitSet;
        if (!unitSet) {
            // The first series on an axis names its unit (and its min/max overrides).
            ext.unit = st.unit;
            ext.decimals = st.decimals;
            if (st.min)
                ext.min = st.min;
            if (st.max)
                ext.max = st.max;
            unitSet = true;
        }
        ext.used = true;
        allHiddenAxis = allHiddenAxis && st.axisPlacement == QLatin1String("hidden");

        const QColor color = colorFor(st, int(i));
        const DoubleSpan T = tp[i];
        const DoubleSpan V = vp[i];
        const std::vector<double> &L = lower[i];
        const size_t n = T.size();
        const bool stacked = !L.empty();
        const bool bars = st.drawStyle == QLatin1String("bars");
        const bool pointsOnly = st.drawStyle == QLatin1String("points");
        QColor fill = color;
        fill.setAlphaF(float(std::clamp(st.fillOpacity, 0.0, 100.0) / 100.0));

        if (bars) {
            // One polygon per series: each bar is a rectangle from its base to its
            // value; between bars upper and lower edges coincide (nothing filled).
            // More bars than pixel columns: each column keeps its tallest bar.
            const double lo = t0 - stepMs, hi = t1 + stepMs;
            std::vector<size_t> picks;
            const size_t from = size_t(std::lower_bound(T.begin(), T.end(), lo) - T.begin());
            const size_t to = size_t(std::upper_bound(T.begin(), T.end(), hi) - T.begin());
            for (size_t k = from; k < to; ++k)
                if (std::isfinite(V[k]))
                    picks.push_back(k);
            double width = stepMs;
            if (picks.size() > size_t(columns)) {
                const double colW = (t1 - t0) / columns;
                std::vector<size_t> best;
                long lastCol = std::numeric_limits<long>::min();
                for (size_t k : picks) {
                    const long col = long(std::floor((T[k] - t0) / colW));
                    const double h = std::abs(V[k] - (stacked ? L[k] : baseline));
                    if (col != lastCol) {
                        best.push_back(k);
                        lastCol = col;
                    } else if (h >
                               std::abs(V[best.back()] - (stacked ? L[best.back()] : baseline))) {
                        best.back() = k;
                    }
                }
                picks = std::move(best);
                width = colW;
            } else {
                for (size_t j = 1; j < picks.size(); ++j)
                    if (T[picks[j]] - T[picks[j - 1]] > 0)
                        width = std::min(width, T[picks[j]] - T[picks[j - 1]]);
            }
            const double half = width * 0.4;
            QList<QPointF> up, down;
            up.reserve(qsizetype(picks.size()) * 4);
            down.reserve(qsizetype(picks.size()) * 4);
            for (size_t k : picks) {
                const double base = stacked ? L[k] : baseline;
                const double xl = T[k] - half, xr = T[k] + half;
                up << QPointF(xl, base) << QPointF(xl, V[k]) << QPointF(xr, V[k])
                   << QPointF(xr, base);
                down << QPointF(xl, base) << QPointF(xl, base) << QPointF(xr, base)
                     << QPointF(xr, base);
                ext.add(base);
                ext.add(V[k]);
            }
            auto *upper = new QLineSeries;
            auto *lowerLine = new QLineSeries;
            upper->replace(up);
            lowerLine->replace(down);
            auto *area = new QAreaSeries(upper, lowerLine);
            upper->setParent(area);
            lowerLine->setParent(area);
            area->setProperty("dozorData", true);
            area->setName(st.displayName);
            QColor barFill = color;
            // Bars without a fill opacity would be invisible outlines; Grafana's
            // legacy bars are solid.
            barFill.setAlphaF(st.fillOpacity > 0 ? float(st.fillOpacity / 100.0) : 0.8f);
            area->setBrush(barFill);
            QPen pen(color);
            pen.setWidthF(std::max(0.5, st.lineWidth));
            area->setPen(pen);
            m_chart->addSeries(area);
            drawn.emplace_back(area, onRight);
            continue;
        }

        bool drewAny = false;
        QPen linePen(color);
        // Grafana's default width (1) is a one-pixel cosmetic pen: the raster
        // engine's fast antialiased path, some fifty times quicker than a stroked
        // 1.25 px line over thousands of points. Wider lines are stroked.
        if (st.lineWidth <= 1) {
            linePen.setWidthF(1);
            linePen.setCosmetic(true);
        } else {
            linePen.setWidthF(st.lineWidth * 1.25);
        }
        if (st.lineWidth <= 0 || pointsOnly)
            linePen = Qt::NoPen;
        const bool filled = st.fillOpacity > 0 && !pointsOnly;
        // Only the runs in view (with the sample either side of it) reach the layer:
        // the rest would be decimated away on every paint.
        const size_t viewFrom = [&] {
            const size_t k = size_t(std::lower_bound(T.begin(), T.end(), t0) - T.begin());
            return k > 0 ? k - 1 : 0;
        }();
        const size_t viewTo = [&] {
            const size_t k = size_t(std::upper_bound(T.begin(), T.end(), t1) - T.begin());
            return std::max(viewFrom, k < n ? k + 1 : n);
        }();
        // Series of one answer share their times: whether they have a gap is asked once.
        bool timeGaps = true;
        if (splitAtNull) {
            const auto known = std::find_if(timeGapsKnown.begin(), timeGapsKnown.end(), [&](const auto &k) {
                return std::get<0>(k) == T.data() + viewFrom && std::get<1>(k) == viewTo - viewFrom;
            });
            if (known != timeGapsKnown.end()) {
                timeGaps = std::get<2>(*known);
            } else {
                timeGaps = hasTimeGap(T.data() + viewFrom, viewTo - viewFrom, gapMs);
                timeGapsKnown.emplace_back(T.data() + viewFrom, viewTo - viewFrom, timeGaps);
            }
        }
        const ValueColumn *compact = compactV[i];
        const auto onSegment = [&](size_t from, size_t to, double lo, double hi) {
            const size_t a = from + viewFrom, b = to + viewFrom;
            // The extent of what the layer will draw: the samples in view and the
            // nearest one on each side (m4Decimate's points), without decimating.
            if (b <= a || !(lo <= hi))
                return;
            ext.add(lo);
            ext.add(hi);
            drewAny = true;
            // Lines and fills are painted from the arrays by the layer, decimated to
            // the plot's width on each paint; only their extent is needed here.
            LineLayer::Line line;
            line.t = T.data() + a;
            if (compact) {
                line.vi = compact->compactData() + a;
                line.divisor = compact->divisor();
            } else {
                line.v = V.data() + a;
            }
            line.n = b - a;
            line.lower = stacked ? L.data() + a : nullptr;
            line.baseline = baseline;
            line.pen = linePen;
            line.fill = filled ? QBrush(fill) : QBrush(Qt::NoBrush);
            line.right = onRight;
            line.series = int(i);
            if (filled) {
                if (stacked)
                    for (size_t k = a; k < b; ++k)
                        ext.add(L[k]);
                else
                    ext.add(baseline);
            }
            if (line.pen.style() != Qt::NoPen || filled)
                m_lines->addLine(line);
            if (pointsOnly || st.showPoints) {
                auto *dots = new QScatterSeries;
                dots->setProperty(pointsOnly ? "dozorData" : "dozorPoints", true);
                dots->setName(st.displayName);
                dots->setMarkerShape(QScatterSeries::MarkerShapeCircle);
                dots->setMarkerSize(std::max(4.0, st.lineWidth * 2 + 3));
                dots->setColor(color);
                dots->setBorderColor(color);
                m4Decimate(T.data() + a, V.data() + a, b - a, t0, t1, columns, points);
                pendingPoints.emplace_back(dots, QList<QPointF>(points.begin(), points.end()));
                m_chart->addSeries(dots);
                drawn.emplace_back(dots, onRight);
            }
        };
        if (compact)
            forEachSegment(T.data() + viewFrom,
                           ScaledAt{compact->compactData() + viewFrom, compact->divisor()},
                           viewTo - viewFrom, splitAtNull, gapMs, onSegment, timeGaps);
        else
            forEachSegment(T.data() + viewFrom, V.data() + viewFrom, viewTo - viewFrom, splitAtNull,
                           gapMs, onSegment, timeGaps);
        if (!drewAny) {
            // Nothing plottable: an empty series still carries the name.
            auto *empty = new QLineSeries;
            empty->setName(st.displayName);
            empty->setColor(color);
            m_chart->addSeries(empty);
            drawn.emplace_back(empty, onRight);
        }
        // What was plotted stays for the layer's paints and the tooltip's
        // nearest-point search; moved, so the layer's pointers stay valid.
        const auto keep = [&arrays](std::vector<double> &v) {
            arrays->derived.push_back(std::move(v));
            return DoubleSpan(arrays->derived.back());
        };
        if (vp[i].data() == ownV[i].data())
            m_shown[i].plotted = keep(ownV[i]);
        if (tp[i].data() == ownT[i].data())
            m_shown[i].plottedT = keep(ownT[i]);
        if (stacked)
            keep(lower[i]);
    }
    m_lineArrays = arrays;
    m_lines->setOwner(arrays);

    // Exemplars on the left axis; the axis grows to hold them, since the slow outlier
    // is the one the operator is after.
    m_exemplarUnit = left.unit;
    m_exemplarDecimals = left.decimals;
    for (int si = 0; si < m_exemplars.size(); ++si) {
        const QList<Exemplar> &list = m_exemplars[si].exemplars;
        for (int ei = 0; ei < list.size(); ++ei) {
            const Exemplar &e = list[ei];
            const double t = double(e.timestampMs);
            const double y = m_logBase ? logOf(e.value, m_logBase) : e.value;
            if (t < t0 || t > t1 || !std::isfinite(y))
                continue;
            m_placedExemplars.push_back({si, ei, QPointF(t, y)});
            // A little headroom: a marker on the axis's end would be cut in half.
            left.add(m_logBase ? y + 0.05 : y * 1.05);
        }
    }

    std::vector<double> thresholdValues;
    if (p.showThresholds)
        for (const ThresholdStep &step : p.thresholds)
            if (step.value && std::isfinite(*step.value))
                thresholdValues.push_back(*step.value);
    for (const RuleThreshold &r : std::as_const(m_alertRules))
        thresholdValues.push_back(r.value);
    const auto toAxis = [this](double v) {
        return m_logBase ? logOf(v, m_logBase) : v;
    };
    for (double v : thresholdValues)
        left.add(toAxis(v));

    const int tickTarget = std::clamp((m_view->height() - 40) / 40, 2, 8);
    QCategoryAxis *yAxis = m_yAxis;
    fillValueAxis(yAxis, left, m_logBase, tickTarget);
    yAxis->setLabelsVisible(!(allHiddenAxis && left.used && !right.used));
    if (right.used && !m_rightAxis) {
        m_rightAxis = newAxis();
        m_rightAxis->setGridLineVisible(false);
        m_chart->addAxis(m_rightAxis, Qt::AlignRight);
        m_rightAnchor = addAnchor(m_rightAxis);
    } else if (!right.used && m_rightAxis) {
        m_chart->removeSeries(m_rightAnchor);
        delete m_rightAnchor;
        m_rightAnchor = nullptr;
        m_chart->removeAxis(m_rightAxis);
        delete m_rightAxis;
        m_rightAxis = nullptr;
    }
    if (m_rightAxis)
        fillValueAxis(m_rightAxis, right, m_logBase, tickTarget);
    QCategoryAxis *rightAxis = m_rightAxis;

    for (const auto &[series, onRight] : drawn) {
        series->attachAxis(xAxis);
        series->attachAxis(onRight && rightAxis ? rightAxis : yAxis);
    }
    for (auto &[series, list] : pendingPoints)
        series->replace(list);
    for (const ThresholdStep &step : p.thresholds) {
        if (!p.showThresholds || !step.value || !std::isfinite(toAxis(*step.value)))
            continue;
        auto *line = new QLineSeries;
        QPen pen(namedColor(step.color, Theme::error));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.2);
        line->setPen(pen);
        line->append(t0, toAxis(*step.value));
        line->append(t1, toAxis(*step.value));
        line->setName(tr("threshold %1").arg(formatValue(*step.value, p.unit)));
        m_chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    for (const RuleThreshold &r : std::as_const(m_alertRules)) {
        if (!std::isfinite(toAxis(r.value)))
            continue;
        auto *line = new QLineSeries;
        line->setProperty("dozorAlertThreshold", true);
        const int rank = severityRank(r.severity);
        QPen pen(rank == 0   ? QColor(0xf2, 0x49, 0x5c)
                 : rank == 1 ? QColor(0xff, 0x98, 0x30)
                             : QColor(0x5e, 0xa9, 0xff));
        pen.setStyle(Qt::DashDotLine);
        pen.setWidthF(1.6);
        line->setPen(pen);
        line->append(t0, toAxis(r.value));
        line->append(t1, toAxis(r.value));
        line->setName(tr("alert %1 %2 %3").arg(r.alertName, r.op, formatValue(r.value, p.unit)));
        m_chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    if (!m_placedExemplars.empty()) {
        m_exemplarMarkers = new QScatterSeries;
        m_exemplarMarkers->setProperty("dozorExemplars", true);
        m_exemplarMarkers->setName(tr("exemplars"));
        m_exemplarMarkers->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
        m_exemplarMarkers->setMarkerSize(10);
        m_exemplarMarkers->setColor(kExemplarColor);
        m_exemplarMarkers->setBorderColor(Theme::panelBackground);
        QList<QPointF> at;
        at.reserve(qsizetype(m_placedExemplars.size()));
        for (const PlacedExemplar &pe : m_placedExemplars)
            at << pe.at;
        m_exemplarMarkers->replace(at);
        m_chart->addSeries(m_exemplarMarkers);
        m_exemplarMarkers->attachAxis(xAxis);
        m_exemplarMarkers->attachAxis(yAxis);
    }
    for (QAreaSeries *band : bands) {
        const double top = yAxis->max(), bottom = yAxis->min();
        QLineSeries *upper = band->upperSeries();
        QLineSeries *low = band->lowerSeries();
        upper->replace(0, upper->at(0).x(), top);
        upper->replace(1, upper->at(1).x(), top);
        low->replace(0, low->at(0).x(), bottom);
        low->replace(1, low->at(1).x(), bottom);
        band->attachAxis(xAxis);
        band->attachAxis(yAxis);
    }
    placeLines();
    placeCrosshair();
}

void ChartPanel::fillTimeAxis(QCategoryAxis *axis, double t0, double t1) const
{
    // Labels on round times of the zone shown (QDateTimeAxis divides the range
    // evenly and knows only local time).
    std::vector<std::pair<QString, double>> labels;
    if (!(std::isfinite(t0) && std::isfinite(t1) && t1 > t0)) {
        setCategories(axis, labels, 0, 1);
        return;
    }
    const int target = std::clamp(m_view->width() / 110 + 1, 2, 12);
    QSet<QString> used;
    for (const TimeTick &tick : timeTicks(qint64(std::ceil(t0)), qint64(std::floor(t1)), target, m_utc)) {
        if (tick.label.isEmpty())
            continue;
        // Category labels are keys: a repeated wall-clock time (the hour a DST change
        // repeats) gets an invisible difference.
        QString label = tick.label;
        while (used.contains(label))
            label += QChar(char16_t(0x200B));
        used.insert(label);
        labels.emplace_back(label, double(tick.ms));
    }
    setCategories(axis, labels, t0, t1, t0 - 1);
}

std::vector<ChartPanel::Hit> ChartPanel::hitsAt(const QPointF &chartPos) const
{
    if (!m_leftAnchor || !hasData() || !m_chart->plotArea().contains(chartPos))
        return {};
    const double time = m_chart->mapToValue(chartPos, m_leftAnchor).x();
    return hitsAtTime(time, &chartPos);
}

std::vector<ChartPanel::Hit> ChartPanel::hitsAtTime(double time, const QPointF *chartPos) const
{
    if (!m_leftAnchor || !hasData())
        return {};
    const PanelData &d = data();
    // Without a mouse position (a shared tooltip), a series answers only where it
    // has a sample near the time, not from across a gap.
    const double maxGapMs = std::max(d.stepSeconds, 1.0) * 1000.0 * 1.5;
    std::vector<Hit> hits;
    for (size_t i = 0; i < m_shown.size() && i < d.series.size(); ++i) {
        const Shown &sh = m_shown[i];
        if (!sh.tooltip)
            continue;
        const PanelSeries &s = d.series[i];
        const size_t n = std::min(s.timestampsMs.size(), s.values.size());
        if (n == 0)
            continue;
        const auto begin = s.timestampsMs.begin();
        size_t k = size_t(std::lower_bound(begin, begin + qsizetype(n), time) - begin);
        if (k == n || (k > 0 && time - s.timestampsMs[k - 1] < s.timestampsMs[k] - time))
            k = k == 0 ? 0 : k - 1;
        const double t = s.timestampsMs[k];
        if (!chartPos && std::abs(t - time) > maxGapMs)
            continue;
        double value = s.values[k];
        if (std::isnan(value)) {
            if (panel().graph.nullPointMode != QLatin1String("null as zero"))
                continue;
            value = 0;
        }
        double plotted = value;
        if (!sh.plotted.empty()) {
            const DoubleSpan pt = sh.plottedT.empty() ? DoubleSpan(s.timestampsMs) : DoubleSpan(sh.plottedT);
            const size_t j = size_t(std::lower_bound(pt.begin(), pt.end(), t) - pt.begin());
            plotted = j < sh.plotted.size() ? sh.plotted[j] : kNaN;
        } else if (m_logBase) {
            plotted = logOf(value, m_logBase);
        }
        QXYSeries *anchor = sh.right && m_rightAnchor ? m_rightAnchor : m_leftAnchor;
        double distance = std::numeric_limits<double>::infinity();
        if (chartPos && std::isfinite(plotted)) {
            const QPointF at = m_chart->mapToPosition(QPointF(t, plotted), anchor);
            distance = std::hypot(at.x() - chartPos->x(), at.y() - chartPos->y());
        }
        hits.push_back({sh.name, value, distance, t, formatValue(value, sh.unit, sh.decimals), int(i)});
    }
    return hits;
}

std::optional<ChartPanel::PointHit> ChartPanel::pointAt(const QPointF &chartPos) const
{
    const std::vector<Hit> hits = hitsAt(chartPos);
    if (hits.empty())
        return std::nullopt;
    const auto nearest = std::min_element(hits.begin(), hits.end(),
                                          [](const Hit &a, const Hit &b) { return a.distance < b.distance; });
    return PointHit{nearest->series, nearest->time, nearest->value};
}

void ChartPanel::setExemplars(const QList<ExemplarSeries> &exemplars)
{
    if (exemplars.isEmpty() && m_exemplars.isEmpty())
        return;
    m_exemplars = exemplars;
    m_hover->hide();
    if (hasData())
        rebuild();
}

std::optional<ChartPanel::ExemplarHit> ChartPanel::exemplarAt(const QPointF &chartPos) const
{
    if (!m_leftAnchor || m_placedExemplars.empty() || !m_chart->plotArea().adjusted(-kExemplarPickPx, -kExemplarPickPx,
                                                                                 kExemplarPickPx, kExemplarPickPx)
                                                             .contains(chartPos))
        return std::nullopt;
    const PlacedExemplar *best = nullptr;
    double bestDistance = kExemplarPickPx;
    for (const PlacedExemplar &pe : m_placedExemplars) {
        const QPointF at = m_chart->mapToPosition(pe.at, m_leftAnchor);
        const double distance = std::hypot(at.x() - chartPos.x(), at.y() - chartPos.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = &pe;
        }
    }
    if (!best)
        return std::nullopt;
    ExemplarHit hit;
    hit.exemplar = m_exemplars[best->series].exemplars[best->index];
    hit.seriesLabels = m_exemplars[best->series].seriesLabels;
    hit.traceId = exemplarTraceId(hit.exemplar, m_traceIdLabels);
    return hit;
}

QString ChartPanel::exemplarTooltip(const ExemplarHit &hit) const
{
    QStringList lines;
    const QDateTime when = m_utc ? QDateTime::fromMSecsSinceEpoch(hit.exemplar.timestampMs, Qt::UTC)
                                 : QDateTime::fromMSecsSinceEpoch(hit.exemplar.timestampMs);
    lines << tr("Exemplar")
          << when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + (m_utc ? QStringLiteral(" UTC") : QString());
    if (!hit.traceId.isEmpty())
        lines << tr("Trace ID: %1").arg(hit.traceId);
    lines << tr("Value: %1").arg(formatValue(hit.exemplar.value, m_exemplarUnit, m_exemplarDecimals));
    for (auto it = hit.exemplar.labels.cbegin(); it != hit.exemplar.labels.cend(); ++it)
        if (it.value() != hit.traceId || !m_traceIdLabels.contains(it.key()))
            lines << QStringLiteral("%1: %2").arg(it.key(), it.value());
    if (!hit.seriesLabels.isEmpty())
        lines << seriesName(hit.seriesLabels);
    if (!hit.traceId.isEmpty())
        lines << tr("Click to open the trace");
    return lines.join(QLatin1Char('\n'));
}

QString ChartPanel::tooltipTextAt(const QPointF &chartPos) const
{
    // Exemplars answer whatever the tooltip mode: they are how a trace is reached.
    if (const auto hit = exemplarAt(chartPos))
        return exemplarTooltip(*hit);
    const QString mode = panel().tooltipMode;
    if (mode == QLatin1String("none"))
        return {};
    std::vector<Hit> hits = hitsAt(chartPos);
    if (hits.empty())
        return {};
    if (mode == QLatin1String("multi")) {
        std::stable_sort(hits.begin(), hits.end(),
                         [](const Hit &a, const Hit &b) { return a.value > b.value; });
    } else {
        const auto nearest =
            std::min_element(hits.begin(), hits.end(),
                             [](const Hit &a, const Hit &b) { return a.distance < b.distance; });
        hits = {*nearest};
    }
    QStringList lines;
    lines << formatTimestamp(qint64(hits.front().time), m_utc);
    for (const Hit &h : hits)
        lines << QStringLiteral("%1: %2").arg(h.name, h.text);
    return lines.join(QLatin1Char('\n'));
}

QString ChartPanel::tooltipTextAtTime(double timeMs) const
{
    if (panel().tooltipMode == QLatin1String("none") || !hasData() || !std::isfinite(timeMs))
        return {};
    const PanelData &d = data();
    if (timeMs < double(d.start.toMSecsSinceEpoch()) || timeMs > double(d.end.toMSecsSinceEpoch()))
        return {};
    std::vector<Hit> hits = hitsAtTime(timeMs, nullptr);
    if (hits.empty())
        return {};
    std::stable_sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) { return a.value > b.value; });
    const auto nearest = std::min_element(hits.begin(), hits.end(), [timeMs](const Hit &a, const Hit &b) {
        return std::abs(a.time - timeMs) < std::abs(b.time - timeMs);
    });
    QStringList lines;
    lines << formatTimestamp(qint64(nearest->time), m_utc);
    for (const Hit &h : hits)
        lines << QStringLiteral("%1: %2").arg(h.name, h.text);
    return lines.join(QLatin1Char('\n'));
}

void ChartPanel::setUseUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    m_hover->hide();
    if (hasData())
        rebuild();
}

std::optional<double> ChartPanel::timeAt(const QPointF &chartPos) const
{
    if (!m_leftAnchor || !hasData())
        return std::nullopt;
    return m_chart->mapToValue(chartPos, m_leftAnchor).x();
}

std::optional<double> ChartPanel::crosshairTime() const
{
    if (!m_crosshairLine->isVisible())
        return std::nullopt;
    return m_localCrosshair ? m_localCrosshair : m_sharedCrosshair;
}

void ChartPanel::placeCrosshair()
{
    const std::optional<double> t = m_localCrosshair ? m_localCrosshair : m_sharedCrosshair;
    if (!t || !m_leftAnchor || !hasData()) {
        m_crosshairLine->hide();
        return;
    }
    const QRectF plot = m_chart->plotArea();
    const double x = m_chart->mapToPosition(QPointF(*t, 0), m_leftAnchor).x();
    if (!std::isfinite(x) || x < plot.left() - 0.5 || x > plot.right() + 0.5) {
        m_crosshairLine->hide();
        return;
    }
    m_crosshairLine->setLine(x, plot.top(), x, plot.bottom());
    m_crosshairLine->show();
}

void ChartPanel::showSharedCrosshair(double timeMs, bool withTooltip)
{
    m_sharedCrosshair = timeMs;
    m_sharedTooltip = withTooltip;
    placeCrosshair();
    if (m_localCrosshair)
        return; // the mouse is here: this panel's own tooltip stays
    const QString text = withTooltip && m_crosshairLine->isVisible() ? tooltipTextAtTime(timeMs) : QString();
    if (text.isEmpty()) {
        m_hover->hide();
        return;
    }
    const QPointF top(m_crosshairLine->line().x1(), m_chart->plotArea().top() + 4);
    showHoverAt(m_view->mapFromScene(m_chart->mapToScene(top)), text);
}

void ChartPanel::clearSharedCrosshair()
{
    if (!m_sharedCrosshair && !m_sharedTooltip)
        return;
    m_sharedCrosshair.reset();
    m_sharedTooltip = false;
    placeCrosshair();
    if (!m_localCrosshair)
        m_hover->hide();
}

QRectF ChartPanel::selectionBand() const
{
    return m_band->isVisible() ? m_band->rect() : QRectF();
}

void ChartPanel::showHoverAt(const QPoint &viewportPos, const QString &text)
{
    if (text.isEmpty()) {
        m_hover->hide();
        return;
    }
    m_hover->setText(text);
    m_hover->adjustSize();
    const QPoint at = m_view->viewport()->mapTo(this, viewportPos);
    int x = at.x() + 14;
    if (x + m_hover->width() > width())
        x = at.x() - 14 - m_hover->width();
    const int y = std::clamp(at.y() + 14, 0, std::max(0, height() - m_hover->height()));
    m_hover->move(std::max(0, x), y);
    m_hover->show();
    m_hover->raise();
}

bool ChartPanel::handleDrag(QMouseEvent *event)
{
    const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(event->position().toPoint()));
    const QRectF plot = m_chart->plotArea();
    switch (event->type()) {
    case QEvent::MouseButtonPress:
        endDrag();
        if (event->button() == Qt::LeftButton && m_leftAnchor && hasData() && plot.contains(chartPos)) {
            m_drag = Drag::Pending;
            // Shift is read when the drag starts: what the press meant stays.
            m_dragPan = event->modifiers().testFlag(Qt::ShiftModifier);
            m_dragStart = m_dragNow = chartPos;
        }
        return false;
    case QEvent::MouseMove: {
        if (m_drag == Drag::None)
            return false;
        if (!(event->buttons() & Qt::LeftButton)) {
            endDrag(); // the release went elsewhere
            return false;
        }
        m_dragNow = chartPos;
        if (m_drag == Drag::Pending) {
            if (std::abs(chartPos.x() - m_dragStart.x()) < kDragThresholdPx)
                return false;
            m_drag = m_dragPan ? Drag::Pan : Drag::Zoom;
            if (m_dragPan)
                m_view->viewport()->setCursor(Qt::ClosedHandCursor);
        }
        const double a = std::clamp(m_dragStart.x(), plot.left(), plot.right());
        const double b = std::clamp(chartPos.x(), plot.left(), plot.right());
        m_band->setRect(QRectF(QPointF(std::min(a, b), plot.top()), QPointF(std::max(a, b), plot.bottom())));
        m_band->show();
        return true;
    }
    case QEvent::MouseButtonRelease: {
        if (m_drag == Drag::None || event->button() != Qt::LeftButton)
            return false;
        const Drag was = m_drag;
        const QPointF start = m_dragStart;
        endDrag();
        if (was == Drag::Pending)
            return false; // a click
        if (was == Drag::Zoom) {
            const double a = std::clamp(start.x(), plot.left(), plot.right());
            const double b = std::clamp(chartPos.x(), plot.left(), plot.right());
            const auto from = timeAt(QPointF(std::min(a, b), plot.center().y()));
            const auto to = timeAt(QPointF(std::max(a, b), plot.center().y()));
            if (from && to && *to - *from >= 1)
                emit rangeSelected(qint64(std::llround(*from)), qint64(std::llround(*to)));
            return true;
        }
        const auto t0 = timeAt(start);
        const auto t1 = timeAt(chartPos);
        if (t0 && t1) {
            const double dragged = *t1 - *t0;
            const double from = double(data().start.toMSecsSinceEpoch()) - dragged;
            const double to = double(data().end.toMSecsSinceEpoch()) - dragged;
            emit rangeSelected(qint64(std::llround(from)), qint64(std::llround(to)));
        }
        return true;
    }
    default:
        return false;
    }
}

void ChartPanel::endDrag()
{
    if (m_drag == Drag::Pan || m_drag == Drag::Zoom)
        m_view->viewport()->unsetCursor();
    m_drag = Drag::None;
    m_band->hide();
}

bool ChartPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return PanelWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseMove: {
        auto *me = static_cast<QMouseEvent *>(event);
        const QPoint pos = me->position().toPoint();
        const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(pos));
        if (m_leftAnchor && hasData() && m_chart->plotArea().contains(chartPos)) {
            m_localCrosshair = timeAt(chartPos);
            placeCrosshair();
            emit hoverTimeChanged(*m_localCrosshair);
        } else if (m_localCrosshair) {
            m_localCrosshair.reset();
            placeCrosshair();
            emit hoverLeft();
        }
        if (handleDrag(me)) {
            m_hover->hide();
            return true;
        }
        showHoverAt(pos, tooltipTextAt(chartPos));
        break;
    }
    case QEvent::Leave:
        m_hover->hide();
        if (m_localCrosshair) {
            m_localCrosshair.reset();
            placeCrosshair();
            emit hoverLeft();
        }
        break;
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick: {
        auto *me = static_cast<QMouseEvent *>(event);
        // Qt Charts 6.4 dereferences the item under the mouse without checking it:
        // a press where the chart does not (yet) cover the view would crash.
        if (!m_view->itemAt(me->position().toPoint()))
            return true;
        if (event->type() == QEvent::MouseButtonPress)
            handleDrag(me);
        break;
    }
    case QEvent::MouseButtonRelease: {
        auto *me = static_cast<QMouseEvent *>(event);
        if (handleDrag(me))
            return true;
        if (me->button() == Qt::LeftButton) {
            const QPoint pos = me->position().toPoint();
            const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(pos));
            if (const auto ex = exemplarAt(chartPos); ex && !ex->traceId.isEmpty())
                emit exemplarClicked(ex->traceId);
            else if (const auto hit = pointAt(chartPos))
                emit pointClicked(hit->series, hit->timeMs, hit->value, m_view->viewport()->mapToGlobal(pos));
        }
        break;
    }
    default:
        break;
    }
    return PanelWidget::eventFilter(watched, event);
}
