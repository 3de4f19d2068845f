// ChartPanel: what the operator sees in one dock - lines decimated to the pixel
// width, gaps kept as gaps, unit-formatted Y labels, threshold lines, readable
// errors, "No data", and server text that never turns into markup.
#include "chartpanel.h"
#include "prometheusdecoder.h"
#include "linelayer.h"
#include "palette.h"
#include "legendtable.h"
#include "units.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QTextDocument>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QXYSeries>
#include <QScatterSeries>
#include <QScreen>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>

namespace {

Panel timeseriesPanel(const QString &unit = QStringLiteral("short"))
{
    Panel p;
    p.id = 7;
    p.type = QStringLiteral("timeseries");
    p.title = QStringLiteral("Latency");
    p.unit = unit;
    return p;
}

constexpr qint64 kStartMs = 1'700'000'000'000;

PanelSeries makeSeries(const QString &name, size_t n, double stepMs, double (*f)(size_t))
{
    PanelSeries s;
    s.name = name;
    s.timestampsMs.reserve(n);
    s.values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        s.timestampsMs.push_back(double(kStartMs) + double(i) * stepMs);
        s.values.push_back(f(i));
    }
    return s;
}

PanelData dataFor(std::vector<PanelSeries> series, double stepSeconds, qint64 rangeMs)
{
    PanelData d;
    d.start = QDateTime::fromMSecsSinceEpoch(kStartMs, Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(kStartMs + rangeMs, Qt::UTC);
    d.stepSeconds = stepSeconds;
    d.series = std::move(series);
    return d;
}

using Line = ChartPanel::DrawnLine;

/// The lines drawn (runs of series with a pen), as the line layer paints them.
QList<Line> dataLines(const ChartPanel &panel)
{
    QList<Line> out;
    for (const Line &l : panel.drawnLines())
        if (l.pen.style() != Qt::NoPen)
            out.append(l);
    return out;
}

/// The runs drawn with a fill under them.
QList<Line> fills(const ChartPanel &panel)
{
    QList<Line> out;
    for (const Line &l : panel.drawnLines())
        if (l.fill.style() != Qt::NoBrush)
            out.append(l);
    return out;
}

/// The invisible series every position on the left axis maps through.
QXYSeries *leftAnchor(QChart *chart)
{
    for (QAbstractSeries *s : chart->series())
        if (s->property("dozorAnchor").toBool())
            return qobject_cast<QXYSeries *>(s);
    return nullptr;
}

QStringList yLabels(QChart *chart)
{
    for (QAbstractAxis *a : chart->axes(Qt::Vertical))
        if (auto *c = qobject_cast<QCategoryAxis *>(a))
            return c->categoriesLabels();
    return {};
}

} // namespace

class TestChartPanel : public QObject
{
    Q_OBJECT
private slots:
    void decimatesToPixelWidthKeepingExtremes();
    void gapsSplitTheLineButListTheSeriesOnce();
    void legendShowsServerTextAsPlainText();
    void legendListMarksEachSeriesWithItsColour();
    void yAxisLabelsUseThePanelUnit();
    void thresholdsDrawDashedLines();
    void errorShowsOverPartialData();
    void emptyResultSaysNoData();
    void hostileValuesDoNotBreakTheChart();
    void alertThresholdAndFiringBands();
    void drawStylesMakeTheirSeries_data();
    void drawStylesMakeTheirSeries();
    void barsKeepOneBarPerPixelColumn();
    void stackingNormalSumsSeries();
    void percentStackingReachesHundred();
    void overridesByNameAndRegex();
    void aliasColorsPaintTheSeries();
    void legendTableShowsCalcsWithUnitsAndSorts();
    void legendClickIsolatesCtrlClickToggles();
    void nullPointModes_data();
    void nullPointModes();
    void longSeriesBreakAtNullsAndInfinities();
    void logAxisSkipsNonPositiveValues();
    void tooltipShowsNearestOrAllSeries();
    void hoverShowsPlainTextTooltip();
    void exemplarsDrawnWhereTheyHappened();
    void exemplarClickEmitsTraceId();
    void exemplarsSurviveRefreshUntilCleared();
    void exemplarTooltipIsPlainText();
    void axesFollowEachNewData();
    void heavyLinesOnScreenMatchTheDirectRender();
    void compactValuesDrawLikeDoubles();
};

void TestChartPanel::decimatesToPixelWidthKeepingExtremes()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(800, 300);
    const size_t n = 100000;
    // A flat line with one spike up and one down: decimation must keep both.
    auto f = [](size_t i) -> double {
        return i == 31337 ? 1000.0 : (i == 77777 ? -500.0 : 1.0);
    };
    panel.setData(dataFor({makeSeries(QStringLiteral("a"), n, 1000, f)}, 1, qint64(n) * 1000));

    const qsizetype plotted = panel.plottedPointCount();
    QVERIFY2(plotted > 0, "nothing plotted");
    QVERIFY2(plotted <= 4 * panel.plotWidth() + 4,
             qPrintable(QStringLiteral("%1 points for %2 px").arg(plotted).arg(panel.plotWidth())));
    double lo = 1e9, hi = -1e9;
    for (const Line &l : dataLines(panel))
        for (const QPointF &p : l.points) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    QCOMPARE(hi, 1000.0);
    QCOMPARE(lo, -500.0);
}

void TestChartPanel::gapsSplitTheLineButListTheSeriesOnce()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(600, 300);
    // 0..99 then missing 100..199 (a scrape outage), then 200..299; one NaN at 250.
    PanelSeries s;
    s.name = QStringLiteral("rust-api");
    for (int i = 0; i < 300; ++i) {
        if (i >= 100 && i < 200)
            continue;
        s.timestampsMs.push_back(double(kStartMs) + i * 15000.0);
        s.values.push_back(i == 250 ? std::numeric_limits<double>::quiet_NaN() : double(i % 7));
    }
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataFor({s}, 15, 300 * 15000));

    const QList<Line> lines = dataLines(panel);
    QCOMPARE(lines.size(), 3); // [0,100), [200,250), (250,300)
    for (const Line &l : lines) {
        for (const QPointF &p : l.points) {
            QVERIFY(std::isfinite(p.y()));
            const double idx = (p.x() - double(kStartMs)) / 15000.0;
            QVERIFY2(idx < 100 || idx >= 200, "a point was invented inside the gap");
        }
    }
    // One legend entry for the three segments.
    QCOMPARE(panel.legend()->shownNames(), QStringList{QStringLiteral("rust-api")});
}

void TestChartPanel::legendShowsServerTextAsPlainText()
{
    const QString hostile = QStringLiteral("<img src=x onerror=alert(1)><b>pod</b> & co");
    for (const QString &mode : {QStringLiteral("list"), QStringLiteral("table")}) {
        Panel p = timeseriesPanel();
        p.legend.displayMode = mode;
        ChartPanel panel(p);
        panel.resize(600, 300);
        panel.setData(dataFor({makeSeries(hostile, 10, 15000, [](size_t i) { return double(i); })},
                              15, 10 * 15000));
        const QList<Line> lines = dataLines(panel);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().name, hostile); // the series keeps its real name
        QCOMPARE(panel.legend()->shownNames(), QStringList{hostile});
        // No label in the legend takes the name as markup; the list paints it as the
        // characters it is, and its tooltip is escaped.
        for (QLabel *l : panel.legend()->findChildren<QLabel *>())
            QVERIFY(!l->text().contains(QLatin1String("pod")) || l->textFormat() == Qt::PlainText);
        QCOMPARE(panel.legend()->cellText(0, 0), hostile);
        if (mode == QLatin1String("list")) {
            const QString tip = panel.legend()->chipToolTip(0);
            QVERIFY(tip.contains(hostile.toHtmlEscaped()));
            QTextDocument doc;
            doc.setHtml(tip);
            QCOMPARE(doc.toPlainText(), hostile);
        }
        // The Qt Charts legend (rich text) is not used at all.
        QVERIFY(!panel.chart()->legend()->isVisible());
    }
}

void TestChartPanel::yAxisLabelsUseThePanelUnit()
{
    ChartPanel seconds(timeseriesPanel(QStringLiteral("s")));
    seconds.resize(600, 300);
    seconds.setData(dataFor({makeSeries(QStringLiteral("p95"), 20, 15000,
                                        [](size_t i) { return 0.05 + 0.02 * double(i); })},
                            15, 20 * 15000));
    const QStringList labels = yLabels(seconds.chart());
    QVERIFY2(labels.size() >= 2, qPrintable(labels.join(QLatin1Char('|'))));
    QVERIFY2(std::any_of(labels.begin(), labels.end(),
                         [](const QString &l) { return l.endsWith(QLatin1String(" ms")); }),
             qPrintable(labels.join(QLatin1Char('|'))));

    ChartPanel bytes(timeseriesPanel(QStringLiteral("bytes")));
    bytes.resize(600, 300);
    bytes.setData(dataFor({makeSeries(QStringLiteral("rss"), 20, 15000,
                                      [](size_t i) { return 1024.0 * 1024.0 * double(i); })},
                          15, 20 * 15000));
    const QStringList blabels = yLabels(bytes.chart());
    QVERIFY2(std::any_of(blabels.begin(), blabels.end(),
                         [](const QString &l) { return l.endsWith(QLatin1String(" MiB")); }),
             qPrintable(blabels.join(QLatin1Char('|'))));
}

void TestChartPanel::thresholdsDrawDashedLines()
{
    Panel p = timeseriesPanel(QStringLiteral("s"));
    p.showThresholds = true;
    ThresholdStep base;
    base.color = QStringLiteral("green");
    ThresholdStep sla;
    sla.value = 0.2;
    sla.color = QStringLiteral("red");
    p.thresholds = {base, sla};
    ChartPanel panel(p);
    panel.resize(600, 300);
    // Data well below the threshold: the axis must still reach the SLA line.
    panel.setData(
        dataFor({makeSeries(QStringLiteral("p95"), 20, 15000, [](size_t) { return 0.05; })}, 15,
                20 * 15000));
    QLineSeries *threshold = nullptr;
    for (QAbstractSeries *s : panel.chart()->series())
        if (auto *l = qobject_cast<QLineSeries *>(s); l && !l->property("dozorData").toBool())
            threshold = l;
    QVERIFY(threshold);
    QCOMPARE(threshold->pen().style(), Qt::DashLine);
    QCOMPARE(threshold->count(), 2);
    QCOMPARE(threshold->at(0).y(), 0.2);
    QCOMPARE(threshold->at(1).y(), 0.2);
    auto *yAxis = qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(yAxis);
    QVERIFY(yAxis->max() >= 0.2);
}

void TestChartPanel::errorShowsOverPartialData()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(600, 300);
    panel.setLoading(true);
    PanelData d = dataFor({makeSeries(QStringLiteral("ok"), 10, 15000, [](size_t) { return 1.0; })},
                          15, 10 * 15000);
    d.error = QStringLiteral("B: bad_data: 1:5: parse error: unexpected <op:*>");
    panel.setData(d);
    QCOMPARE(panel.errorText(), d.error);
    QCOMPARE(dataLines(panel).size(), 1); // what succeeded is still drawn
    QVERIFY(!panel.showsNoData());

    // The next good refresh clears the error.
    d.error.clear();
    panel.setData(d);
    QVERIFY(panel.errorText().isEmpty());
}

void TestChartPanel::emptyResultSaysNoData()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(600, 300);
    panel.setData(dataFor({}, 15, 3600 * 1000));
    QVERIFY(panel.showsNoData());
    QVERIFY(panel.errorText().isEmpty());
    QCOMPARE(panel.plottedPointCount(), 0);

    panel.setData(dataFor({makeSeries(QStringLiteral("x"), 5, 15000, [](size_t) { return 2.0; })},
                          15, 5 * 15000));
    QVERIFY(!panel.showsNoData());
}

void TestChartPanel::hostileValuesDoNotBreakTheChart()
{
    ChartPanel panel(timeseriesPanel(QStringLiteral("bytes")));
    panel.resize(600, 300);
    const double inf = std::numeric_limits<double>::infinity();
    const double vals[] = {1e308, -1e308, inf, -inf, std::nan(""), 0, 5e-324, 42};
    PanelSeries s;
    s.name = QString(10000, QLatin1Char('x'));
    for (int i = 0; i < 8; ++i) {
        s.timestampsMs.push_back(double(kStartMs) + i * 15000.0);
        s.values.push_back(vals[i]);
    }
    PanelSeries allNan =
        makeSeries(QStringLiteral("nan"), 5, 15000, [](size_t) { return std::nan(""); });
    panel.setData(dataFor({s, allNan}, 15, 8 * 15000));
    for (const Line &l : dataLines(panel))
        for (const QPointF &p : l.points)
            QVERIFY(std::isfinite(p.y()));
    QVERIFY(!yLabels(panel.chart()).isEmpty());
    auto *yAxis = qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(yAxis);
    QVERIFY(std::isfinite(yAxis->min()) && std::isfinite(yAxis->max()));
    QVERIFY(yAxis->min() <= -1e308 && yAxis->max() >= 1e308);
    QImage img(600, 300, QImage::Format_ARGB32);
    panel.render(&img); // painting must not crash or hang
}

void TestChartPanel::alertThresholdAndFiringBands()
{
    ChartPanel panel(timeseriesPanel(QStringLiteral("s")));
    panel.resize(600, 300);
    panel.setData(dataFor(
        {makeSeries(QStringLiteral("p95"), 40, 15000, [](size_t i) { return i < 20 ? 0.1 : 0.7; })},
        15, 40 * 15000));
    RuleThreshold rule;
    rule.alertName = QStringLiteral("ApiLatencyP95High");
    rule.severity = QStringLiteral("critical");
    rule.op = QStringLiteral(">");
    rule.value = 0.5;
    panel.setAlertThresholds({rule});
    panel.setFiringRanges({{double(kStartMs) + 25 * 15000.0, double(kStartMs) + 39 * 15000.0}});

    QLineSeries *threshold = nullptr;
    QAreaSeries *band = nullptr;
    for (QAbstractSeries *s : panel.chart()->series()) {
        if (s->property("dozorAlertThreshold").toBool())
            threshold = qobject_cast<QLineSeries *>(s);
        if (auto *a = qobject_cast<QAreaSeries *>(s))
            band = a;
    }
    QVERIFY(threshold);
    QCOMPARE(threshold->at(0).y(), 0.5);
    QVERIFY(threshold->name().contains(QLatin1String("ApiLatencyP95High")));
    QVERIFY(threshold->name().contains(QLatin1String("500 ms")));
    QVERIFY(band);
    // The band covers the firing range across the whole plot height.
    auto *yAxis = qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Vertical).value(0));
    QCOMPARE(band->upperSeries()->at(0).x(), double(kStartMs) + 25 * 15000.0);
    QCOMPARE(band->upperSeries()->at(1).x(), double(kStartMs) + 39 * 15000.0);
    QCOMPARE(band->upperSeries()->at(0).y(), yAxis->max());
    QCOMPARE(band->lowerSeries()->at(0).y(), yAxis->min());
    // Data lines are unaffected: the counts of plotted points only cover the data.
    QCOMPARE(panel.plottedPointCount(), qsizetype(40));

    panel.setAlertThresholds({});
    panel.setFiringRanges({});
    for (QAbstractSeries *s : panel.chart()->series()) {
        QVERIFY(!s->property("dozorAlertThreshold").toBool());
        QVERIFY(!qobject_cast<QAreaSeries *>(s));
    }
}

namespace {

template <typename T> QList<T *> seriesOf(QChart *chart, const char *property = nullptr)
{
    QList<T *> out;
    for (QAbstractSeries *s : chart->series())
        if (auto *t = qobject_cast<T *>(s); t && (!property || s->property(property).toBool()))
            out.append(t);
    return out;
}

std::optional<Line> lineNamed(const ChartPanel &panel, const QString &name)
{
    for (const Line &l : dataLines(panel))
        if (l.name == name)
            return l;
    return std::nullopt;
}

PanelSeries constant(const QString &name, double value, size_t n = 20)
{
    PanelSeries s;
    s.name = name;
    s.refId = QStringLiteral("A");
    for (size_t i = 0; i < n; ++i) {
        s.timestampsMs.push_back(double(kStartMs) + double(i) * 15000.0);
        s.values.push_back(value);
    }
    return s;
}

PanelData constants(std::vector<PanelSeries> series)
{
    return dataFor(std::move(series), 15, 20 * 15000);
}

OverrideProperty prop(const QString &id, const QJsonValue &value)
{
    OverrideProperty p;
    p.id = id;
    p.value = value;
    return p;
}

FieldOverride override(const QString &matcher, const QString &option, QList<OverrideProperty> props)
{
    FieldOverride o;
    o.matcher = matcher;
    o.option = option;
    o.properties = std::move(props);
    return o;
}

QCategoryAxis *axisAt(QChart *chart, Qt::Alignment side)
{
    for (QAbstractAxis *a : chart->axes(Qt::Vertical))
        if (a->alignment() == side)
            return qobject_cast<QCategoryAxis *>(a);
    return nullptr;
}

} // namespace

void TestChartPanel::drawStylesMakeTheirSeries_data()
{
    QTest::addColumn<QString>("drawStyle");
    QTest::addColumn<bool>("showPoints");
    QTest::addColumn<double>("fillOpacity");
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("scatters");
    QTest::addColumn<int>("areas");

    QTest::newRow("lines") << "line" << false << 0.0 << 1 << 0 << 0;
    QTest::newRow("lines and points") << "line" << true << 0.0 << 1 << 1 << 0;
    QTest::newRow("points") << "points" << false << 0.0 << 0 << 1 << 0;
    QTest::newRow("filled line") << "line" << false << 50.0 << 1 << 0 << 0; // the fill is the layer's, not a QAreaSeries
    QTest::newRow("bars") << "bars" << false << 0.0 << 0 << 0 << 1;
}

void TestChartPanel::drawStylesMakeTheirSeries()
{
    QFETCH(QString, drawStyle);
    QFETCH(bool, showPoints);
    QFETCH(double, fillOpacity);
    QFETCH(int, lines);
    QFETCH(int, scatters);
    QFETCH(int, areas);

    Panel p = timeseriesPanel();
    p.graph.drawStyle = drawStyle;
    p.graph.showPoints = showPoints;
    p.graph.fillOpacity = fillOpacity;
    p.graph.lineWidth = 3;
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.setData(dataFor(
        {makeSeries(QStringLiteral("a"), 10, 15000, [](size_t i) { return 1.0 + double(i); })}, 15,
        10 * 15000));
    QCOMPARE(int(dataLines(panel).size()), lines);
    QCOMPARE(int(fills(panel).size()), fillOpacity > 0 ? 1 : 0);
    QCOMPARE(int(seriesOf<QScatterSeries>(panel.chart()).size()), scatters);
    QCOMPARE(int(seriesOf<QAreaSeries>(panel.chart()).size()), areas);
    QCOMPARE(panel.plottedPointCount(), qsizetype(10)); // each sample once, whatever the style

    if (lines)
        QVERIFY(dataLines(panel).first().pen.widthF() >
                3.0 - 1e-9);
    if (fillOpacity > 0) {
        const Line fill = fills(panel).value(0);
        QVERIFY(std::abs(fill.fill.color().alphaF() - 0.5f) < 0.01f);
        QCOMPARE(fill.points.size(), 10);
        QCOMPARE(fill.lower.at(0).y(), 0.0); // filled down to zero
    }
    if (drawStyle == QLatin1String("bars")) {
        QAreaSeries *bars = seriesOf<QAreaSeries>(panel.chart(), "dozorData").value(0);
        QVERIFY(bars);
        // Rectangles: each bar rises from 0 to its value and back, narrower than a step.
        const QList<QPointF> up = bars->upperSeries()->points();
        QCOMPARE(up.size(), 40);
        QCOMPARE(up[0].y(), 0.0);
        QCOMPARE(up[1].y(), 1.0);
        QCOMPARE(up[2].y(), 1.0);
        QCOMPARE(up[3].y(), 0.0);
        QVERIFY(up[2].x() - up[1].x() < 15000.0);
        QVERIFY(up[2].x() - up[1].x() > 5000.0);
        QCOMPARE((up[1].x() + up[2].x()) / 2, double(kStartMs)); // centred on the sample
    }
}

void TestChartPanel::barsKeepOneBarPerPixelColumn()
{
    Panel p = timeseriesPanel();
    p.graph.drawStyle = QStringLiteral("bars");
    ChartPanel panel(p);
    panel.resize(600, 300);
    const size_t n = 20000;
    panel.setData(dataFor({makeSeries(QStringLiteral("a"), n, 1000,
                                      [](size_t i) { return i == 12345 ? 99.0 : 1.0; })},
                          1, qint64(n) * 1000));
    QVERIFY2(panel.plottedPointCount() <= panel.plotWidth() + 2,
             qPrintable(QString::number(panel.plottedPointCount())));
    QAreaSeries *bars = seriesOf<QAreaSeries>(panel.chart(), "dozorData").value(0);
    QVERIFY(bars);
    double top = 0;
    for (const QPointF &pt : bars->upperSeries()->points())
        top = std::max(top, pt.y());
    QCOMPARE(top, 99.0); // the tallest bar of its column survives
}

void TestChartPanel::stackingNormalSumsSeries()
{
    Panel p = timeseriesPanel();
    p.graph.stacking = QStringLiteral("normal");
    p.graph.fillOpacity = 20;
    p.legend.displayMode = QStringLiteral("table");
    p.legend.calcs = {QStringLiteral("last")};
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.setData(constants({constant(QStringLiteral("a"), 1), constant(QStringLiteral("b"), 2),
                             constant(QStringLiteral("c"), 4)}));
    QCOMPARE(lineNamed(panel, QStringLiteral("a"))->points.at(0).y(), 1.0);
    QCOMPARE(lineNamed(panel, QStringLiteral("b"))->points.at(0).y(), 3.0);
    QCOMPARE(lineNamed(panel, QStringLiteral("c"))->points.at(5).y(), 7.0);
    // The fill of c lies between the stack below it and its top.
    int stackedFills = 0;
    for (const Line &f : fills(panel))
        if (f.name == QLatin1String("c")) {
            QCOMPARE(f.lower.at(0).y(), 3.0);
            ++stackedFills;
        }
    QCOMPARE(stackedFills, 1);
    // The legend still reports each series' own value.
    QCOMPARE(panel.legend()->cellText(1, 1), QStringLiteral("2"));
    QVERIFY(axisAt(panel.chart(), Qt::AlignLeft)->max() >= 7.0);

    // Hiding the middle series restacks the rest.
    panel.legendClicked(1, Qt::ControlModifier);
    QCOMPARE(lineNamed(panel, QStringLiteral("c"))->points.at(0).y(), 5.0);
    QVERIFY(!lineNamed(panel, QStringLiteral("b")));
}

void TestChartPanel::percentStackingReachesHundred()
{
    Panel p = timeseriesPanel(QStringLiteral("reqps"));
    p.graph.stacking = QStringLiteral("percent");
    ChartPanel panel(p);
    panel.resize(600, 300);
    PanelSeries varying =
        makeSeries(QStringLiteral("b"), 20, 15000, [](size_t i) { return double(i + 1); });
    panel.setData(constants({constant(QStringLiteral("a"), 3), varying}));
    std::optional<Line> top = lineNamed(panel, QStringLiteral("b"));
    QVERIFY(top);
    for (const QPointF &pt : top->points)
        QCOMPARE(pt.y(), 100.0);
    QCOMPARE(lineNamed(panel, QStringLiteral("a"))->points.at(0).y(), 75.0); // 3 of 3+1
    const QStringList labels = axisAt(panel.chart(), Qt::AlignLeft)->categoriesLabels();
    QVERIFY2(labels.contains(QStringLiteral("100%")), qPrintable(labels.join(QLatin1Char('|'))));
}

void TestChartPanel::overridesByNameAndRegex()
{
    Panel p = timeseriesPanel(QStringLiteral("s"));
    p.graph.rightUnit = QStringLiteral("reqps");
    const QJsonObject purple{{QStringLiteral("mode"), QStringLiteral("fixed")},
                             {QStringLiteral("fixedColor"), QStringLiteral("#8f3bb8")}};
    const QJsonObject hideViz{{QStringLiteral("viz"), true},
                              {QStringLiteral("legend"), false},
                              {QStringLiteral("tooltip"), false}};
    const QJsonObject hideLegend{{QStringLiteral("legend"), true}};
    p.overrides = {
        override(QStringLiteral("byName"), QStringLiteral("p95"),
                 {prop(QStringLiteral("color"), purple)}),
        override(QStringLiteral("byRegexp"), QStringLiteral("/^req.*/"),
                 {prop(QStringLiteral("custom.axisPlacement"), QStringLiteral("right")),
                  prop(QStringLiteral("max"), 1000)}),
        override(QStringLiteral("byName"), QStringLiteral("hidden"),
                 {prop(QStringLiteral("custom.hideFrom"), hideViz)}),
        override(QStringLiteral("byRegexp"), QStringLiteral("noise"),
                 {prop(QStringLiteral("custom.hideFrom"), hideLegend)}),
        override(QStringLiteral("byFrameRefID"), QStringLiteral("B"),
                 {prop(QStringLiteral("custom.lineWidth"), 5)}),
    };
    ChartPanel panel(p);
    panel.resize(700, 300);
    PanelSeries wide = constant(QStringLiteral("wide"), 0.1);
    wide.refId = QStringLiteral("B");
    panel.setData(
        constants({constant(QStringLiteral("p95"), 0.2), constant(QStringLiteral("req rate"), 120),
                   constant(QStringLiteral("hidden"), 0.3),
                   constant(QStringLiteral("background noise"), 0.1), wide}));

    QCOMPARE(lineNamed(panel, QStringLiteral("p95"))->pen.color(),
             QColor(QStringLiteral("#8f3bb8")));
    QVERIFY(!lineNamed(panel, QStringLiteral("hidden")));
    QVERIFY(lineNamed(panel, QStringLiteral("wide"))->pen.widthF() > 5.0 - 1e-9);

    std::optional<Line> rate = lineNamed(panel, QStringLiteral("req rate"));
    QVERIFY(rate);
    QCategoryAxis *right = axisAt(panel.chart(), Qt::AlignRight);
    QVERIFY(right);
    QVERIFY(rate->right);
    QVERIFY(!lineNamed(panel, QStringLiteral("p95"))->right);
    QCOMPARE(right->max(), 1000.0);
    const QStringList rlabels = right->categoriesLabels();
    QVERIFY2(std::any_of(rlabels.begin(), rlabels.end(),
                         [](const QString &l) { return l.endsWith(QLatin1String("req/s")); }),
             qPrintable(rlabels.join(QLatin1Char('|'))));
    const QStringList llabels = axisAt(panel.chart(), Qt::AlignLeft)->categoriesLabels();
    QVERIFY2(std::any_of(llabels.begin(), llabels.end(),
                         [](const QString &l) { return l.endsWith(QLatin1String(" ms")); }),
             qPrintable(llabels.join(QLatin1Char('|'))));

    const QStringList names = panel.legend()->shownNames();
    QVERIFY(names.contains(QStringLiteral("hidden"))); // hidden from the plot only
    QVERIFY(!names.contains(QStringLiteral("background noise")));
}

void TestChartPanel::aliasColorsPaintTheSeries()
{
    Panel p = timeseriesPanel();
    p.aliasColors = {{QStringLiteral("errors"), QStringLiteral("#ff0000")},
                     {QStringLiteral("ok"), QStringLiteral("green")}};
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.setData(
        constants({constant(QStringLiteral("ok"), 1), constant(QStringLiteral("errors"), 2),
                   constant(QStringLiteral("other"), 3)}));
    QCOMPARE(lineNamed(panel, QStringLiteral("errors"))->pen.color(), QColor(0xff, 0, 0));
    QCOMPARE(lineNamed(panel, QStringLiteral("ok"))->pen.color(),
             QColor(0x73, 0xbf, 0x69));
    QVERIFY(lineNamed(panel, QStringLiteral("other"))->pen.color() != QColor(0xff, 0, 0));
}

void TestChartPanel::legendTableShowsCalcsWithUnitsAndSorts()
{
    Panel p = timeseriesPanel(QStringLiteral("s"));
    p.legend.displayMode = QStringLiteral("table");
    p.legend.placement = QStringLiteral("right");
    p.legend.calcs = {QStringLiteral("mean"), QStringLiteral("max"), QStringLiteral("count")};
    p.legend.sortBy = QStringLiteral("Max");
    p.legend.sortDesc = true;
    ChartPanel panel(p);
    panel.resize(800, 300);
    PanelSeries slow =
        makeSeries(QStringLiteral("slow"), 4, 15000, [](size_t i) { return i == 3 ? 2.0 : 1.0; });
    PanelSeries fast =
        makeSeries(QStringLiteral("fast"), 4, 15000, [](size_t i) { return 0.01 * double(i + 1); });
    PanelSeries gappy = makeSeries(QStringLiteral("gappy"), 4, 15000,
                                   [](size_t i) { return i % 2 ? std::nan("") : 0.5; });
    panel.setData(dataFor({fast, slow, gappy}, 15, 4 * 15000));

    LegendTable *legend = panel.legend();
    QVERIFY(legend->isTableMode());
    // Sorted by Max, descending, as the panel asked.
    QCOMPARE(legend->shownNames(), (QStringList{QStringLiteral("slow"), QStringLiteral("gappy"),
                                                QStringLiteral("fast")}));
    QCOMPARE(legend->cellText(0, 1), QStringLiteral("1.25 s"));
    QCOMPARE(legend->cellText(0, 2), QStringLiteral("2 s"));
    QCOMPARE(legend->cellText(2, 2), QStringLiteral("40 ms"));
    QCOMPARE(legend->cellText(1, 3), QStringLiteral("2")); // counts have no unit, nulls not counted
    QCOMPARE(legend->table()->horizontalHeaderItem(1)->text(), QStringLiteral("Mean"));

    // Clicking a header sorts by that column (values, not their text).
    legend->table()->sortByColumn(1, Qt::AscendingOrder);
    QCOMPARE(legend->shownNames(), (QStringList{QStringLiteral("fast"), QStringLiteral("gappy"),
                                                QStringLiteral("slow")}));
    legend->table()->sortByColumn(0, Qt::DescendingOrder);
    QCOMPARE(legend->shownNames(), (QStringList{QStringLiteral("slow"), QStringLiteral("gappy"),
                                                QStringLiteral("fast")}));

    // A refresh keeps the user's sort.
    panel.setData(dataFor({fast, slow, gappy}, 15, 4 * 15000));
    QCOMPARE(legend->shownNames().first(), QStringLiteral("slow"));

    // Right placement: the legend sits beside the plot and the plot width shrinks.
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(legend->geometry().left() >= panel.chart()->plotArea().right());
    QVERIFY(panel.plotWidth() < 800 - 90);
}

void TestChartPanel::legendClickIsolatesCtrlClickToggles()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(QStringLiteral("a"), 1), constant(QStringLiteral("b"), 2),
                             constant(QStringLiteral("c"), 3)}));
    auto shown = [&] {
        QStringList out;
        for (const Line &l : dataLines(panel))
            out << l.name;
        return out;
    };
    QCOMPARE(shown(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));

    // A real click on the legend entry "b" isolates it.
    LegendTable *legend = panel.legend();
    QCOMPARE(legend->cellText(1, 0), QStringLiteral("b"));
    QVERIFY(legend->listWidget()->isVisible());
    QVERIFY(legend->listWidget()->rect().contains(legend->chipRect(1)));
    QTest::mouseClick(legend->listWidget(), Qt::LeftButton, {}, legend->chipRect(1).center());
    QCOMPARE(shown(), QStringList{QStringLiteral("b")});
    QCOMPARE(panel.hiddenSeries().size(), 2);

    // Clicking the isolated series again shows everything.
    panel.legendClicked(1, Qt::NoModifier);
    QCOMPARE(shown().size(), 3);

    // Ctrl+click toggles one series, twice restores it.
    panel.legendClicked(0, Qt::ControlModifier);
    QCOMPARE(shown(), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    panel.legendClicked(2, Qt::ControlModifier);
    QCOMPARE(shown(), QStringList{QStringLiteral("b")});
    panel.legendClicked(0, Qt::ControlModifier);
    QCOMPARE(shown(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // The choice survives a refresh of the same series.
    panel.setData(constants({constant(QStringLiteral("a"), 1), constant(QStringLiteral("b"), 2),
                             constant(QStringLiteral("c"), 3)}));
    QCOMPARE(shown(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void TestChartPanel::nullPointModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("segments");
    QTest::addColumn<bool>("zeroAtNull");

    QTest::newRow("null: gap") << "null" << 2 << false;
    QTest::newRow("connected") << "connected" << 1 << false;
    QTest::newRow("null as zero") << "null as zero" << 1 << true;
}

void TestChartPanel::nullPointModes()
{
    QFETCH(QString, mode);
    QFETCH(int, segments);
    QFETCH(bool, zeroAtNull);

    Panel p = timeseriesPanel();
    p.graph.nullPointMode = mode;
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.setData(dataFor({makeSeries(QStringLiteral("s"), 20, 15000,
                                      [](size_t i) { return i == 10 ? std::nan("") : 5.0; })},
                          15, 20 * 15000));
    const QList<Line> lines = dataLines(panel);
    QCOMPARE(int(lines.size()), segments);
    const double nullTime = double(kStartMs) + 10 * 15000.0;
    bool hasZero = false, hasNullTime = false;
    for (const Line &l : lines)
        for (const QPointF &pt : l.points) {
            QVERIFY(std::isfinite(pt.y()));
            hasNullTime = hasNullTime || pt.x() == nullTime;
            hasZero = hasZero || (pt.x() == nullTime && pt.y() == 0.0);
        }
    QCOMPARE(hasZero, zeroAtNull);
    QCOMPARE(hasNullTime, zeroAtNull); // connected joins its neighbours, invents nothing
}

// Long runs are scanned sixteen samples at a time (vectorised): a NaN or an infinity
// inside such a block still breaks the line, and only the numbers set the axis.
void TestChartPanel::longSeriesBreakAtNullsAndInfinities()
{
    for (const auto &[mode, expected] : {std::pair{QStringLiteral("null"), 3}, std::pair{QStringLiteral("connected"), 2}}) {
        Panel p = timeseriesPanel();
        p.graph.nullPointMode = mode;
        ChartPanel panel(p);
        panel.resize(800, 300);
        panel.setData(dataFor({makeSeries(QStringLiteral("s"), 200, 15000,
                                          [](size_t i) {
                                              return i == 100   ? std::nan("")
                                                     : i == 150 ? std::numeric_limits<double>::infinity()
                                                     : i == 37  ? 900.0
                                                                : 5.0 + double(i % 7);
                                          })},
                              15, 200 * 15000));
        const QList<Line> lines = dataLines(panel);
        QCOMPARE(int(lines.size()), expected);
        qsizetype points = 0;
        double highest = 0;
        for (const Line &l : lines)
            for (const QPointF &pt : l.points) {
                QVERIFY(std::isfinite(pt.y()));
                highest = std::max(highest, pt.y());
                ++points;
            }
        QCOMPARE(points, qsizetype(198)); // every number, neither the NaN nor the infinity
        QCOMPARE(highest, 900.0);
        QCategoryAxis *axis = axisAt(panel.chart(), Qt::AlignLeft);
        QVERIFY(axis);
        QVERIFY2(axis->max() >= 900 && axis->max() < 2000, qPrintable(QString::number(axis->max())));
    }
}

void TestChartPanel::logAxisSkipsNonPositiveValues()
{
    Panel p = timeseriesPanel();
    p.graph.logBase = 10;
    ChartPanel panel(p);
    panel.resize(600, 400);
    const double vals[] = {1, 10, 100, 1000, 0, -5, 10000};
    PanelSeries s = makeSeries(QStringLiteral("s"), 7, 15000, [](size_t) { return 0.0; });
    for (size_t i = 0; i < 7; ++i)
        s.values.set(i, vals[i]);
    panel.setData(dataFor({s}, 15, 7 * 15000));
    std::vector<double> ys;
    for (const Line &l : dataLines(panel))
        for (const QPointF &pt : l.points)
            ys.push_back(pt.y());
    // Plotted as decades, one axis step per power of ten; 0 and -5 are not drawable.
    QCOMPARE(ys, (std::vector<double>{0, 1, 2, 3, 4}));
    QCOMPARE(dataLines(panel).size(), 2);
    const QStringList labels = axisAt(panel.chart(), Qt::AlignLeft)->categoriesLabels();
    QVERIFY2(labels.contains(QStringLiteral("1")) && labels.contains(QStringLiteral("100")),
             qPrintable(labels.join(QLatin1Char('|'))));
    QVERIFY2(labels.contains(formatValue(10000, QStringLiteral("short"))),
             qPrintable(labels.join(QLatin1Char('|'))));
}

void TestChartPanel::tooltipShowsNearestOrAllSeries()
{
    const QString hostile = QStringLiteral("<b>x</b> & y");
    for (const QString &mode :
         {QStringLiteral("single"), QStringLiteral("multi"), QStringLiteral("none")}) {
        Panel p = timeseriesPanel(QStringLiteral("s"));
        p.tooltipMode = mode;
        ChartPanel panel(p);
        panel.resize(600, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setData(constants({constant(QStringLiteral("low"), 0.1), constant(hostile, 0.5),
                                 constant(QStringLiteral("high"), 0.9)}));
        QVERIFY(lineNamed(panel, QStringLiteral("low")));
        const QPointF nearLow = panel.chart()->mapToPosition(
            QPointF(double(kStartMs) + 5 * 15000.0, 0.12), leftAnchor(panel.chart()));
        const QString text = panel.tooltipTextAt(nearLow);
        if (mode == QLatin1String("none")) {
            QVERIFY(text.isEmpty());
            continue;
        }
        QStringList lines = text.split(QLatin1Char('\n'));
        QCOMPARE(lines.first(), QDateTime::fromMSecsSinceEpoch(kStartMs + 5 * 15000)
                                    .toLocalTime()
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        lines.removeFirst();
        if (mode == QLatin1String("single")) {
            QCOMPARE(lines, QStringList{QStringLiteral("low: 100 ms")});
        } else {
            QCOMPARE(lines, (QStringList{QStringLiteral("high: 900 ms"),
                                         hostile + QStringLiteral(": 500 ms"),
                                         QStringLiteral("low: 100 ms")}));
        }
    }
}

void TestChartPanel::hoverShowsPlainTextTooltip()
{
    const QString hostile = QStringLiteral("<img src=x onerror=alert(1)>");
    Panel p = timeseriesPanel();
    p.tooltipMode = QStringLiteral("multi");
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(hostile, 3)}));
    auto *view = panel.findChild<QChartView *>();
    QVERIFY(view);
    QVERIFY(lineNamed(panel, hostile));
    const QPointF at = panel.chart()->mapToPosition(QPointF(double(kStartMs) + 8 * 15000.0, 3),
                                                    leftAnchor(panel.chart()));
    const QPoint viewportPos = view->mapFromScene(panel.chart()->mapToScene(at));
    QMouseEvent move(QEvent::MouseMove, QPointF(viewportPos),
                     view->viewport()->mapToGlobal(QPointF(viewportPos)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &move);
    auto *tip = panel.findChild<QLabel *>(QStringLiteral("chartTooltip"));
    QVERIFY(tip);
    QVERIFY(tip->isVisible());
    QCOMPARE(tip->textFormat(), Qt::PlainText);
    QVERIFY2(tip->text().endsWith(hostile + QStringLiteral(": 3")), qPrintable(tip->text()));

    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(view->viewport(), &leave);
    QVERIFY(!tip->isVisible());
}

void TestChartPanel::legendListMarksEachSeriesWithItsColour()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(800, 300);
    panel.show();
    panel.setData(dataFor({makeSeries(QStringLiteral("first"), 60, 60000, [](size_t) { return 1.0; }),
                           makeSeries(QStringLiteral("second"), 60, 60000, [](size_t) { return 2.0; })},
                          60, 3600000));
    QCoreApplication::processEvents();
    // Each list entry carries a visible mark in its series' colour (Grafana's classic palette).
    LegendTable *legend = panel.legend();
    QCOMPARE(legend->shownNames(), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    const QImage image = legend->listWidget()->grab().toImage();
    for (int index = 0; index < 2; ++index) {
        const QRect mark = legend->swatchRect(index);
        QVERIFY(mark.width() > 0 && mark.height() > 0);
        QVERIFY(legend->chipRect(index).contains(mark));
        QCOMPARE(image.pixelColor(mark.center()), seriesColor(index));
    }
    // The entries do not overlap, and the names are drawn beside their marks.
    QVERIFY(!legend->chipRect(0).intersects(legend->chipRect(1)));
    int textPixels = 0;
    const QRect name = legend->chipRect(1).adjusted(legend->swatchRect(1).right() + 2 - legend->chipRect(1).left(), 0, 0, 0);
    const QColor background = image.pixelColor(name.topLeft());
    for (int y = name.top(); y <= name.bottom(); ++y)
        for (int x = name.left(); x <= name.right(); ++x)
            textPixels += image.pixelColor(x, y) != background ? 1 : 0;
    QVERIFY2(textPixels > 10, "the series name is drawn");

    // Dimmed (hidden by the user): the mark greys out.
    legend->setDimmed({0});
    const QImage dimmed = legend->listWidget()->grab().toImage();
    QVERIFY(dimmed.pixelColor(legend->swatchRect(0).center()) != seriesColor(0));
    QCOMPARE(dimmed.pixelColor(legend->swatchRect(1).center()), seriesColor(1));
}

namespace {

Exemplar exemplarAt(qint64 timeMs, double value, const QString &traceId)
{
    Exemplar e;
    e.timestampMs = timeMs;
    e.value = value;
    if (!traceId.isEmpty())
        e.labels.insert(QStringLiteral("trace_id"), traceId);
    return e;
}

QList<ExemplarSeries> exemplarSeries(QList<Exemplar> exemplars)
{
    ExemplarSeries s;
    s.seriesLabels.insert(QStringLiteral("service"), QStringLiteral("rust-api"));
    s.exemplars = std::move(exemplars);
    return {s};
}

QScatterSeries *exemplarMarkers(QChart *chart)
{
    for (QAbstractSeries *s : chart->series())
        if (s->property("dozorExemplars").toBool())
            return qobject_cast<QScatterSeries *>(s);
    return nullptr;
}

/// Where a value sits in the panel's own coordinates (for grab() and mouse events).
QPoint panelPos(ChartPanel &panel, const QPointF &value, QPoint *viewportPos = nullptr)
{
    auto *view = panel.findChild<QChartView *>();
    QLineSeries *anchor = nullptr;
    for (QAbstractSeries *s : panel.chart()->series())
        if (s->property("dozorAnchor").toBool())
            anchor = qobject_cast<QLineSeries *>(s);
    const QPointF chartPos = panel.chart()->mapToPosition(value, anchor);
    const QPoint vp = view->mapFromScene(panel.chart()->mapToScene(chartPos));
    if (viewportPos)
        *viewportPos = vp;
    return view->viewport()->mapTo(&panel, vp);
}

void clickAt(ChartPanel &panel, const QPoint &viewportPos)
{
    auto *view = panel.findChild<QChartView *>();
    QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::NoModifier, viewportPos);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::NoModifier, viewportPos);
}

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) < 24 && std::abs(a.green() - b.green()) < 24 &&
           std::abs(a.blue() - b.blue()) < 24;
}

} // namespace

void TestChartPanel::exemplarsDrawnWhereTheyHappened()
{
    ChartPanel panel(timeseriesPanel(QStringLiteral("s")));
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(QStringLiteral("p95"), 0.2)}));
    const qsizetype dataPoints = panel.plottedPointCount();
    const qint64 at = kStartMs + 6 * 15000;
    // A slow outlier well above the line, and one outside the range (not drawn).
    panel.setExemplars(exemplarSeries({exemplarAt(at, 2.0, QStringLiteral("slow")),
                                       exemplarAt(kStartMs + 3600 * 1000, 1.0, QStringLiteral("later"))}));
    QScatterSeries *markers = exemplarMarkers(panel.chart());
    QVERIFY(markers);
    QCOMPARE(markers->count(), 1);
    QCOMPARE(markers->at(0), QPointF(double(at), 2.0));
    // Not data: the point count, the legend and the series colours leave them out.
    QCOMPARE(panel.plottedPointCount(), dataPoints);
    for (const QString &name : panel.legend()->shownNames())
        QVERIFY2(!name.contains(QLatin1String("exemplar"), Qt::CaseInsensitive), qPrintable(name));
    for (int i = 0; i < 24; ++i)
        QVERIFY(!near(markers->color(), seriesColor(i)));
    // The y axis grew to hold the outlier.
    QVERIFY(axisAt(panel.chart(), Qt::AlignLeft)->max() >= 2.0);

    const QPoint pos = panelPos(panel, QPointF(double(at), 2.0));
    const QImage image = panel.grab().toImage();
    QVERIFY2(near(image.pixelColor(pos), markers->color()),
             qPrintable(image.pixelColor(pos).name() + QStringLiteral(" at %1,%2").arg(pos.x()).arg(pos.y())));
    // Away from it (same time, on the line's height) no marker colour.
    const QPoint below = panelPos(panel, QPointF(double(at), 1.0));
    QVERIFY(!near(image.pixelColor(below), markers->color()));
}

void TestChartPanel::exemplarClickEmitsTraceId()
{
    ChartPanel panel(timeseriesPanel(QStringLiteral("s")));
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(QStringLiteral("p95"), 0.2)}));
    const qint64 withId = kStartMs + 6 * 15000, withoutId = kStartMs + 12 * 15000;
    panel.setExemplars(exemplarSeries({exemplarAt(withId, 0.8, QStringLiteral("4bf92f3577b34da6")),
                                       exemplarAt(withoutId, 0.8, QString())}));
    QSignalSpy exemplar(&panel, &ChartPanel::exemplarClicked);
    QSignalSpy point(&panel, &ChartPanel::pointClicked);
    QPoint vp;
    panelPos(panel, QPointF(double(withId), 0.8), &vp);
    clickAt(panel, vp + QPoint(2, -1)); // a little off centre still hits
    QCOMPARE(exemplar.size(), 1);
    QCOMPARE(exemplar.first().at(0).toString(), QStringLiteral("4bf92f3577b34da6"));
    QCOMPARE(point.size(), 0);

    // No trace id: nothing to open, the click is an ordinary one.
    panelPos(panel, QPointF(double(withoutId), 0.8), &vp);
    clickAt(panel, vp);
    QCOMPARE(exemplar.size(), 1);
    QCOMPARE(point.size(), 1);

    // The configured label name is the one looked for.
    panel.setTraceIdLabels({QStringLiteral("traceID")});
    panelPos(panel, QPointF(double(withId), 0.8), &vp);
    clickAt(panel, vp);
    QCOMPARE(exemplar.size(), 1);
}

void TestChartPanel::exemplarsSurviveRefreshUntilCleared()
{
    ChartPanel panel(timeseriesPanel(QStringLiteral("s")));
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(QStringLiteral("p95"), 0.2)}));
    const qint64 at = kStartMs + 6 * 15000;
    panel.setExemplars(exemplarSeries({exemplarAt(at, 0.5, QStringLiteral("abc"))}));
    QVERIFY(exemplarMarkers(panel.chart()));

    // A data refresh rebuilds every series: the exemplars come back with it.
    panel.setData(constants({constant(QStringLiteral("p95"), 0.3)}));
    QScatterSeries *markers = exemplarMarkers(panel.chart());
    QVERIFY(markers);
    QCOMPARE(markers->count(), 1);
    QCOMPARE(markers->at(0), QPointF(double(at), 0.5));
    QVERIFY(panel.exemplarAt(panel.chart()->mapToPosition(QPointF(double(at), 0.5), markers)));

    // And a resize (re-decimation) too.
    panel.resize(800, 320);
    QTRY_VERIFY(exemplarMarkers(panel.chart()) && exemplarMarkers(panel.chart())->count() == 1);

    panel.setExemplars({});
    QVERIFY(!exemplarMarkers(panel.chart()));
    QVERIFY(panel.exemplars().isEmpty());
    panel.setData(constants({constant(QStringLiteral("p95"), 0.3)}));
    QVERIFY(!exemplarMarkers(panel.chart()));
}

void TestChartPanel::exemplarTooltipIsPlainText()
{
    const QString hostile = QStringLiteral("<img src=x onerror=alert(1)>");
    Panel p = timeseriesPanel(QStringLiteral("s"));
    p.tooltipMode = QStringLiteral("none"); // exemplars still answer
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(constants({constant(QStringLiteral("p95"), 0.2)}));
    const qint64 at = kStartMs + 6 * 15000;
    Exemplar e = exemplarAt(at, 0.5, QStringLiteral("<b>trace</b>"));
    e.labels.insert(QStringLiteral("route"), hostile);
    panel.setExemplars(exemplarSeries({e}));
    QPoint vp;
    panelPos(panel, QPointF(double(at), 0.5), &vp);
    auto *view = panel.findChild<QChartView *>();
    QMouseEvent move(QEvent::MouseMove, QPointF(vp), view->viewport()->mapToGlobal(QPointF(vp)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &move);
    auto *tip = panel.findChild<QLabel *>(QStringLiteral("chartTooltip"));
    QVERIFY(tip);
    QVERIFY(tip->isVisible());
    QCOMPARE(tip->textFormat(), Qt::PlainText);
    const QStringList lines = tip->text().split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("Trace ID: <b>trace</b>")), qPrintable(tip->text()));
    QVERIFY2(lines.contains(QStringLiteral("Value: 500 ms")), qPrintable(tip->text())); // the panel's unit
    QVERIFY2(lines.contains(QStringLiteral("route: ") + hostile), qPrintable(tip->text()));
    QVERIFY2(lines.contains(QStringLiteral("{service=\"rust-api\"}")), qPrintable(tip->text()));

    // Away from the marker, with tooltips off, nothing shows.
    panelPos(panel, QPointF(double(at + 60000), 0.2), &vp);
    QMouseEvent away(QEvent::MouseMove, QPointF(vp), view->viewport()->mapToGlobal(QPointF(vp)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &away);
    QVERIFY(!tip->isVisible());
}

// The panel keeps its axes between answers and rewrites them: every new answer's
// range, extent and unit show, nothing of the one before, and the right axis comes
// and goes with the series on it.
void TestChartPanel::axesFollowEachNewData()
{
    Panel p = timeseriesPanel(QStringLiteral("s"));
    p.overrides = {override(QStringLiteral("byName"), QStringLiteral("rate"),
                            {prop(QStringLiteral("custom.axisPlacement"), QStringLiteral("right")),
                             prop(QStringLiteral("unit"), QStringLiteral("reqps"))})};
    ChartPanel panel(p);
    panel.resize(700, 300);
    panel.show();
    const auto xAxis = [&panel] {
        return qobject_cast<QCategoryAxis *>(panel.chart()->axes(Qt::Horizontal).value(0));
    };
    const auto joined = [](const QStringList &l) { return l.join(QLatin1Char('|')); };

    // Three hours of small latencies, then one day of large ones.
    panel.setData(dataFor({makeSeries(QStringLiteral("p95"), 120, 90000, [](size_t i) { return 0.01 + 0.0001 * double(i); })},
                          90, 3 * 3600 * 1000));
    QVERIFY(xAxis());
    QCOMPARE(xAxis()->min(), double(kStartMs));
    QCOMPARE(xAxis()->max(), double(kStartMs + 3 * 3600 * 1000));
    const QStringList hoursLabels = xAxis()->categoriesLabels();
    const QStringList smallY = axisAt(panel.chart(), Qt::AlignLeft)->categoriesLabels();
    QVERIFY2(std::any_of(smallY.begin(), smallY.end(), [](const QString &l) { return l.endsWith(QLatin1String(" ms")); }),
             qPrintable(joined(smallY)));
    QVERIFY(!axisAt(panel.chart(), Qt::AlignRight));

    panel.setData(dataFor({makeSeries(QStringLiteral("p95"), 96, 900000, [](size_t i) { return 20.0 + double(i); }),
                           makeSeries(QStringLiteral("rate"), 96, 900000, [](size_t i) { return 500.0 + double(i); })},
                          900, 24 * 3600 * 1000));
    QCOMPARE(xAxis()->max(), double(kStartMs + 24 * 3600 * 1000));
    const QStringList dayLabels = xAxis()->categoriesLabels();
    QVERIFY(dayLabels != hoursLabels);
    for (const QString &label : dayLabels) {
        const double at = xAxis()->endValue(label);
        QVERIFY2(at >= double(kStartMs) && at <= double(kStartMs + 24 * 3600 * 1000), qPrintable(label));
    }
    QCategoryAxis *left = axisAt(panel.chart(), Qt::AlignLeft);
    const QStringList largeY = left->categoriesLabels();
    QVERIFY2(!largeY.isEmpty() && largeY != smallY, qPrintable(joined(largeY)));
    QVERIFY2(std::none_of(largeY.begin(), largeY.end(), [](const QString &l) { return l.endsWith(QLatin1String(" ms")); }),
             qPrintable(joined(largeY)));
    QVERIFY(left->max() >= 20.0 + 95);
    QCategoryAxis *right = axisAt(panel.chart(), Qt::AlignRight);
    QVERIFY(right);
    QVERIFY(right->max() >= 500.0 + 95);
    const QStringList rightLabels = right->categoriesLabels();
    QVERIFY2(std::all_of(rightLabels.begin(), rightLabels.end(), [](const QString &l) { return l.endsWith(QLatin1String("req/s")); }),
             qPrintable(joined(rightLabels)));
    // Tooltips map through the axes in use: the right series answers at its value.
    QVERIFY(lineNamed(panel, QStringLiteral("rate"))->right);

    // The rate series gone: so is the right axis; the left one shrinks back.
    panel.setData(dataFor({makeSeries(QStringLiteral("p95"), 120, 90000, [](size_t i) { return 0.01 + 0.0001 * double(i); })},
                          90, 3 * 3600 * 1000));
    QVERIFY(!axisAt(panel.chart(), Qt::AlignRight));
    QCOMPARE(axisAt(panel.chart(), Qt::AlignLeft)->categoriesLabels(), smallY);
    QCOMPARE(xAxis()->categoriesLabels(), hoursLabels);
    QCOMPARE(panel.chart()->axes().size(), 2);
}

// A chart with more samples than LineLayer::kBackgroundSamples strokes its lines on
// the worker pool when painted on screen: the window shows them once they are ready,
// the same pixels as a direct render (grab), and a panel deleted while its lines are
// being stroked is simply gone.
void TestChartPanel::heavyLinesOnScreenMatchTheDirectRender()
{
    const auto heavy = [](double sign) {
        std::vector<PanelSeries> series;
        for (int k = 0; k < 5; ++k) {
            PanelSeries s = makeSeries(QStringLiteral("s%1").arg(k), 10000, 1000, [](size_t i) {
                return std::sin(double(i) / 700.0) * 40 + double(i % 97);
            });
            for (size_t i = 0; i < s.values.size(); ++i)
                s.values.set(i, sign * (s.values[i] + k * 30));
            series.push_back(std::move(s));
        }
        return dataFor(std::move(series), 1, 10000 * 1000);
    };
    ChartPanel panel(timeseriesPanel());
    panel.resize(900, 360);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto onScreen = [&panel] {
        return panel.screen()->grabWindow(panel.winId()).toImage().convertToFormat(QImage::Format_RGB32);
    };
    // Antialiased edges stroked onto a transparent image and then blended differ from
    // those stroked onto the background by a rounding step: only a visible
    // difference counts.
    const auto differing = [](const QImage &a, const QImage &b) {
        if (a.size() != b.size())
            return 1.0;
        qint64 n = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
                n += std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                               std::abs(qBlue(p) - qBlue(q))}) > 16;
            }
        return double(n) / double(a.width() * a.height());
    };
    for (const double sign : {1.0, -1.0}) {
        panel.setData(heavy(sign));
        QVERIFY(panel.lineLayer()->lines().size() >= 5);
        QTRY_VERIFY(panel.lineLayer()->isCurrent());
        QTest::qWait(50); // the window flushed the last paint
        const QImage shown = onScreen();
        const QImage direct = panel.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const double share = differing(shown, direct);
        QVERIFY2(share < 0.001, qPrintable(QStringLiteral("%1% of pixels differ").arg(share * 100)));
        // And the lines are there: many pixels of the first series' colour family.
        int coloured = 0;
        for (int y = 0; y < shown.height(); ++y)
            for (int x = 0; x < shown.width(); ++x)
                coloured += QColor(shown.pixel(x, y)).hsvSaturation() > 80;
        QVERIFY2(coloured > 2000, qPrintable(QString::number(coloured)));
    }

    // New data while the pool still decimates the previous lines: their arrays (the
    // old data's columns, gone from the panel) stay alive for it - the sanitizer build
    // checks those reads - and the window ends on the new lines.
    panel.setData(heavy(1));
    panel.repaint(); // the pool takes the lines
    QVERIFY(!panel.lineLayer()->isCurrent());
    panel.setData(heavy(-1));
    panel.repaint();
    QTRY_VERIFY(panel.lineLayer()->isCurrent());
    QTest::qWait(50);
    {
        const QImage shown = onScreen();
        const double share =
            differing(shown, panel.grab().toImage().convertToFormat(QImage::Format_RGB32));
        QVERIFY2(share < 0.001, qPrintable(QStringLiteral("%1% of pixels differ").arg(share * 100)));
    }

    auto *doomed = new ChartPanel(timeseriesPanel());
    doomed->resize(900, 360);
    doomed->show();
    QVERIFY(QTest::qWaitForWindowExposed(doomed));
    doomed->setData(heavy(1));
    doomed->repaint(); // starts the stroking on the pool
    QVERIFY(!doomed->lineLayer()->isCurrent());
    delete doomed;
    QTest::qWait(300); // its image arrives for nobody
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"

void TestChartPanel::compactValuesDrawLikeDoubles()
{
    // Series as Prometheus sends gauges: two decimals, with a gap. The decoder keeps
    // them as 4-byte integers; drawn, they must look and read exactly as doubles do.
    constexpr int kSeries = 3, kPoints = 20000;
    QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    quint64 state = 42;
    for (int s = 0; s < kSeries; ++s) {
        body += s ? "," : "";
        body += R"({"metric":{"s":")" + QByteArray::number(s) + R"("},"values":[)";
        double level = 100.0 * (s + 1);
        for (int k = 0; k < kPoints; ++k) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            level += double(int(state >> 33) % 201 - 100) / 100.0;
            body += (k ? "," : "") + QByteArray("[") +
                    QByteArray::number(double(kStartMs) / 1000 + k * 15, 'f', 0) + ",\"" +
                    (k >= 5000 && k < 5100 ? QByteArray("NaN") : QByteArray::number(level, 'f', 2)) +
                    "\"]";
        }
        body += "]}";
    }
    body += "]}}";
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    std::vector<PanelSeries> compact, doubles;
    for (const Series &s : r.series) {
        QVERIFY(s.values.isCompact());
        PanelSeries ps;
        ps.name = s.labels.value(QStringLiteral("s"));
        ps.labels = s.labels;
        ps.timestampsMs = s.timestampsMs;
        ps.values = s.values;
        compact.push_back(ps);
        ps.values = ValueColumn(s.values.toVector());
        QVERIFY(!ps.values.isCompact());
        doubles.push_back(ps);
    }
    const qint64 rangeMs = qint64(kPoints) * 15000;
    Panel panel = timeseriesPanel();
    panel.decimals = 2; // the tooltip shows the values to the cent
    ChartPanel a(panel), b(panel);
    for (ChartPanel *p : {&a, &b})
        p->resize(900, 300);
    a.setData(dataFor(compact, 15, rangeMs));
    b.setData(dataFor(doubles, 15, rangeMs));
    const QList<Line> la = dataLines(a), lb = dataLines(b);
    QCOMPARE(la.size(), 2 * kSeries); // the gap splits each series
    QCOMPARE(la.size(), lb.size());
    for (int i = 0; i < la.size(); ++i)
        QCOMPARE(la[i].points, lb[i].points);
    QCOMPARE(yLabels(a.chart()), yLabels(b.chart()));
    const double at = double(kStartMs) + 1234 * 15000.0;
    QCOMPARE(a.tooltipTextAtTime(at), b.tooltipTextAtTime(at));
    QVERIFY2(a.tooltipTextAtTime(at).contains(QLatin1Char('.')), qPrintable(a.tooltipTextAtTime(at)));
    const QImage ia = a.grab().toImage(), ib = b.grab().toImage();
    QCOMPARE(ia, ib);
}
