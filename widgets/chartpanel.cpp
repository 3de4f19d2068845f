#include "chartpanel.h"

#include "axisticks.h"
#include "decimation.h"
#include "palette.h"
#include "plaintext.h"
#include "units.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kAxisAllowancePx = 90; // y-axis labels and margins beside the plot

QString timeFormatFor(qint64 rangeMs)
{
    if (rangeMs <= 3LL * 60 * 1000)
        return QStringLiteral("HH:mm:ss");
    if (rangeMs <= 26LL * 3600 * 1000)
        return QStringLiteral("HH:mm");
    if (rangeMs <= 8LL * 24 * 3600 * 1000)
        return QStringLiteral("MM/dd HH:mm");
    return QStringLiteral("yyyy-MM-dd");
}

} // namespace

ChartPanel::ChartPanel(const Panel &panel, QWidget *parent) : QWidget(parent), m_panel(panel)
{
    setObjectName(QStringLiteral("chartpanel-%1").arg(panel.id));
    setMinimumSize(160, 100);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Theme::panelBackground);
    setPalette(pal);

    if (!panel.isTimeSeries()) {
        m_placeholder = new QLabel(this);
        m_placeholder->setTextFormat(Qt::PlainText);
        m_placeholder->setAlignment(Qt::AlignCenter);
        m_placeholder->setWordWrap(true);
        m_placeholder->setText(tr("Panel type \"%1\" is not supported yet\n(panel %2: %3)")
                                   .arg(panel.type, QString::number(panel.id), panel.title));
        layout->addWidget(m_placeholder);
        return;
    }

    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(Theme::panelBackground);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setLabelColor(Theme::text);
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() * 0.85));
    m_chart->legend()->setFont(legendFont);
    m_chart->legend()->setShowToolTips(true);
    m_chart->setAnimationOptions(QChart::NoAnimation);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_view);

    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setStyleSheet(QStringLiteral("QLabel { color: #8ab8ff; background: transparent; }"));
    m_status->hide();

    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setAlignment(Qt::AlignCenter);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral(
        "QLabel { color: #ffd0d6; background: rgba(120, 20, 35, 220); border: 1px solid #f2495c;"
        " border-radius: 3px; padding: 6px; }"));
    m_error->hide();

    m_noData = new QLabel(tr("No data"), m_view);
    m_noData->setTextFormat(Qt::PlainText);
    m_noData->setAlignment(Qt::AlignCenter);
    m_noData->setStyleSheet(QStringLiteral("QLabel { color: #8e8e9e; background: transparent; font-size: 14pt; }"));
    m_noData->hide();

    m_rebuildTimer = new QTimer(this);
    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(60);
    connect(m_rebuildTimer, &QTimer::timeout, this, &ChartPanel::rebuild);
}

int ChartPanel::plotWidth() const
{
    return std::max(50, width() - kAxisAllowancePx);
}

void ChartPanel::setLoading(bool loading)
{
    if (!m_status)
        return;
    m_status->setText(tr("Loading…"));
    m_status->adjustSize();
    m_status->setVisible(loading);
    layoutOverlays();
}

QString ChartPanel::errorText() const
{
    return m_error && !m_error->isHidden() ? m_error->text() : QString();
}

void ChartPanel::setData(const PanelData &data)
{
    if (!m_chart)
        return;
    m_data = data;
    m_hasData = true;
    setLoading(false);
    m_error->setText(data.error);
    m_error->setVisible(!data.error.isEmpty());
    m_noData->setVisible(data.error.isEmpty() && data.series.empty());
    setToolTip(plainToolTip(data.warnings.join(QLatin1Char('\n')))); // server text: escaped
    rebuild();
    layoutOverlays();
}

bool ChartPanel::showsNoData() const
{
    return m_noData && !m_noData->isHidden();
}

qsizetype ChartPanel::plottedPointCount() const
{
    qsizetype n = 0;
    if (!m_chart)
        return 0;
    for (QAbstractSeries *s : m_chart->series())
        if (auto *line = qobject_cast<QLineSeries *>(s); line && line->property("dozorData").toBool())
            n += line->count();
    return n;
}

void ChartPanel::setAlertThresholds(const QList<RuleThreshold> &rules)
{
    if (!m_chart)
        return;
    auto same = [](const RuleThreshold &a, const RuleThreshold &b) {
        return a.alertName == b.alertName && a.value == b.value && a.op == b.op && a.severity == b.severity;
    };
    if (rules.size() == m_alertRules.size()
        && std::equal(rules.begin(), rules.end(), m_alertRules.begin(), same))
        return;
    m_alertRules = rules;
    if (m_hasData)
        rebuild();
}

void ChartPanel::setFiringRanges(const QList<QPair<double, double>> &ranges)
{
    if (!m_chart || ranges == m_firing)
        return;
    m_firing = ranges;
    if (m_hasData)
        rebuild();
}

void ChartPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutOverlays();
    if (m_hasData && m_rebuildTimer && plotWidth() != m_builtWidth)
        m_rebuildTimer->start();
}

void ChartPanel::layoutOverlays()
{
    if (m_status) {
        m_status->adjustSize();
        m_status->move(width() - m_status->width() - 8, 4);
        m_status->raise();
    }
    if (m_noData)
        m_noData->setGeometry(0, 0, width(), height() - 30);
    if (m_error && !m_error->isHidden()) {
        const int w = std::min(width() - 24, 520);
        m_error->setFixedWidth(std::max(w, 80));
        m_error->adjustSize();
        m_error->move((width() - m_error->width()) / 2, (height() - m_error->height()) / 2);
        m_error->raise();
    }
}

void ChartPanel::rebuild()
{
    if (!m_chart)
        return;
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }

    const int columns = plotWidth();
    m_builtWidth = columns;
    const double t0 = double(m_data.start.toMSecsSinceEpoch());
    const double t1 = double(m_data.end.toMSecsSinceEpoch());
    const double gapMs = std::max(m_data.stepSeconds, 1.0) * 1000.0 * 2.5;

    auto *xAxis = new QDateTimeAxis;
    xAxis->setRange(m_data.start.toLocalTime(), m_data.end.toLocalTime());
    xAxis->setFormat(timeFormatFor(qint64(t1 - t0)));
    xAxis->setTickCount(std::clamp(width() / 110 + 1, 2, 12));
    xAxis->setGridLineColor(Theme::gridLine);
    xAxis->setLabelsColor(Theme::text);
    xAxis->setLinePenColor(Theme::gridLine);
    m_chart->addAxis(xAxis, Qt::AlignBottom);

    // Firing ranges of the panel's alerts, shaded under the data; their heights are
    // set once the y axis is known.
    std::vector<QAreaSeries *> bands;
    for (const auto &[from, to] : std::as_const(m_firing)) {
        const double a = std::max(from, t0), b = std::min(std::max(to, from + gapMs / 2.5), t1);
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
        if (QLegendMarker *marker = m_chart->legend()->markers(band).value(0))
            marker->setVisible(false);
        bands.push_back(band);
    }

    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    std::vector<QLineSeries *> lines;
    std::vector<QPointF> points;
    int colorIndex = 0;
    for (const PanelSeries &s : m_data.series) {
        const QColor color = seriesColor(colorIndex++);
        const size_t n = std::min(s.timestampsMs.size(), s.values.size());
        // Split into segments at gaps (missing steps or non-finite values), like
        // Grafana's disconnected lines; only the first segment gets a legend entry.
        size_t segStart = 0;
        bool first = true;
        auto flush = [&](size_t from, size_t to) {
            if (to <= from)
                return;
            m4Decimate(s.timestampsMs.data() + from, s.values.data() + from, to - from, t0, t1,
                       columns, points);
            if (points.empty())
                return;
            auto *line = new QLineSeries;
            line->setProperty("dozorData", true);
            line->setName(s.name);
            QPen pen(color);
            pen.setWidthF(1.5);
            line->setPen(pen);
            line->replace(QList<QPointF>(points.begin(), points.end()));
            for (const QPointF &p : points) {
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
            m_chart->addSeries(line);
            if (QLegendMarker *marker = m_chart->legend()->markers(line).value(0)) {
                // Qt Charts renders legend labels as HTML; label values come from
                // servers and must stay plain text.
                marker->setLabel(s.name.toHtmlEscaped());
                marker->setVisible(first);
            }
            first = false;
            lines.push_back(line);
        };
        for (size_t i = 0; i < n; ++i) {
            const bool finite = std::isfinite(s.values[i]);
            const bool gap = i > segStart && s.timestampsMs[i] - s.timestampsMs[i - 1] > gapMs;
            if (!finite || gap) {
                flush(segStart, i);
                segStart = finite ? i : i + 1;
            }
        }
        flush(segStart, n);
        if (first) {
            // No plottable point: still list the series so the user sees it exists.
            auto *empty = new QLineSeries;
            empty->setName(s.name);
            empty->setColor(color);
            m_chart->addSeries(empty);
            if (QLegendMarker *marker = m_chart->legend()->markers(empty).value(0))
                marker->setLabel(s.name.toHtmlEscaped());
            lines.push_back(empty);
        }
    }

    std::vector<double> thresholdValues;
    if (m_panel.showThresholds) {
        for (const ThresholdStep &step : m_panel.thresholds)
            if (step.value && std::isfinite(*step.value))
                thresholdValues.push_back(*step.value);
    }
    for (const RuleThreshold &r : std::as_const(m_alertRules))
        thresholdValues.push_back(r.value);
    for (double v : thresholdValues) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (lo > 0 && lo < hi * 0.5)
        lo = 0; // anchor mostly-positive data at zero, as readers expect
    if (m_panel.min)
        lo = *m_panel.min;
    if (m_panel.max)
        hi = *m_panel.max;
    const std::vector<double> ticks = niceTicks(lo, hi, std::clamp((height() - 40) / 40, 2, 8));

    auto *yAxis = new QCategoryAxis;
    yAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    yAxis->setRange(m_panel.min ? *m_panel.min : ticks.front(),
                    m_panel.max ? *m_panel.max : ticks.back());
    for (double t : ticks)
        yAxis->append(formatValue(t, m_panel.unit, m_panel.decimals), t);
    yAxis->setGridLineColor(Theme::gridLine);
    yAxis->setLabelsColor(Theme::text);
    yAxis->setLinePenColor(Theme::gridLine);
    m_chart->addAxis(yAxis, Qt::AlignLeft);

    for (QLineSeries *line : lines) {
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    for (const ThresholdStep &step : m_panel.thresholds) {
        if (!m_panel.showThresholds || !step.value || !std::isfinite(*step.value))
            continue;
        auto *line = new QLineSeries;
        QPen pen(namedColor(step.color, Theme::error));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.2);
        line->setPen(pen);
        line->append(t0, *step.value);
        line->append(t1, *step.value);
        line->setName(tr("threshold %1").arg(formatValue(*step.value, m_panel.unit)));
        m_chart->addSeries(line);
        m_chart->legend()->markers(line).value(0)->setVisible(false);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    for (const RuleThreshold &r : std::as_const(m_alertRules)) {
        auto *line = new QLineSeries;
        line->setProperty("dozorAlertThreshold", true);
        const int rank = severityRank(r.severity);
        QPen pen(rank == 0 ? QColor(0xf2, 0x49, 0x5c) : rank == 1 ? QColor(0xff, 0x98, 0x30) : QColor(0x5e, 0xa9, 0xff));
        pen.setStyle(Qt::DashDotLine);
        pen.setWidthF(1.6);
        line->setPen(pen);
        line->append(t0, r.value);
        line->append(t1, r.value);
        line->setName(tr("alert %1 %2 %3").arg(r.alertName, r.op, formatValue(r.value, m_panel.unit)));
        m_chart->addSeries(line);
        m_chart->legend()->markers(line).value(0)->setVisible(false);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    for (QAreaSeries *band : bands) {
        const double top = yAxis->max(), bottom = yAxis->min();
        QLineSeries *upper = band->upperSeries();
        QLineSeries *lower = band->lowerSeries();
        upper->replace(0, upper->at(0).x(), top);
        upper->replace(1, upper->at(1).x(), top);
        lower->replace(0, lower->at(0).x(), bottom);
        lower->replace(1, lower->at(1).x(), bottom);
        band->attachAxis(xAxis);
        band->attachAxis(yAxis);
    }
    m_chart->legend()->setVisible(!m_data.series.empty() && m_data.series.size() <= 30);
}
