// ChartPanel: what the operator sees in one dock - lines decimated to the pixel
// width, gaps kept as gaps, unit-formatted Y labels, threshold lines, readable
// errors, "No data", and server text that never turns into markup.
#include "chartpanel.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QtTest>

#include <cmath>
#include <limits>

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

QList<QLineSeries *> dataLines(QChart *chart)
{
    QList<QLineSeries *> out;
    for (QAbstractSeries *s : chart->series())
        if (auto *l = qobject_cast<QLineSeries *>(s); l && l->property("dozorData").toBool())
            out.append(l);
    return out;
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
    void yAxisLabelsUseThePanelUnit();
    void thresholdsDrawDashedLines();
    void errorShowsOverPartialData();
    void emptyResultSaysNoData();
    void unsupportedTypeNamesTypeAndPanel();
    void hostileValuesDoNotBreakTheChart();
    void alertThresholdAndFiringBands();
};

void TestChartPanel::decimatesToPixelWidthKeepingExtremes()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(800, 300);
    const size_t n = 100000;
    // A flat line with one spike up and one down: decimation must keep both.
    auto f = [](size_t i) -> double { return i == 31337 ? 1000.0 : (i == 77777 ? -500.0 : 1.0); };
    panel.setData(dataFor({makeSeries(QStringLiteral("a"), n, 1000, f)}, 1, qint64(n) * 1000));

    const qsizetype plotted = panel.plottedPointCount();
    QVERIFY2(plotted > 0, "nothing plotted");
    QVERIFY2(plotted <= 4 * panel.plotWidth() + 4,
             qPrintable(QStringLiteral("%1 points for %2 px").arg(plotted).arg(panel.plotWidth())));
    double lo = 1e9, hi = -1e9;
    for (QLineSeries *l : dataLines(panel.chart()))
        for (const QPointF &p : l->points()) {
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

    const QList<QLineSeries *> lines = dataLines(panel.chart());
    QCOMPARE(lines.size(), 3); // [0,100), [200,250), (250,300)
    for (QLineSeries *l : lines) {
        for (const QPointF &p : l->points()) {
            QVERIFY(std::isfinite(p.y()));
            const double idx = (p.x() - double(kStartMs)) / 15000.0;
            QVERIFY2(idx < 100 || idx >= 200, "a point was invented inside the gap");
        }
    }
    // One legend entry for the three segments (markers settle after the layout pass).
    auto visibleMarkers = [&] {
        int n = 0;
        for (QLegendMarker *m : panel.chart()->legend()->markers())
            n += m->isVisible() && m->label() == QLatin1String("rust-api");
        return n;
    };
    QTRY_COMPARE(visibleMarkers(), 1);
}

void TestChartPanel::legendShowsServerTextAsPlainText()
{
    ChartPanel panel(timeseriesPanel());
    panel.resize(600, 300);
    const QString hostile = QStringLiteral("<img src=x onerror=alert(1)><b>pod</b> & co");
    panel.setData(dataFor({makeSeries(hostile, 10, 15000, [](size_t i) { return double(i); })},
                          15, 10 * 15000));
    const QList<QLineSeries *> lines = dataLines(panel.chart());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first()->name(), hostile); // the series keeps its real name
    const QString label = panel.chart()->legend()->markers(lines.first()).value(0)->label();
    // Qt Charts renders legend labels as rich text: the label must be escaped so
    // the rendered text equals the raw name and no tag is interpreted.
    QVERIFY(!label.contains(QLatin1Char('<')));
    QTextDocument doc;
    doc.setHtml(label);
    QCOMPARE(doc.toPlainText(), hostile);
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
    panel.setData(dataFor({makeSeries(QStringLiteral("p95"), 20, 15000,
                                      [](size_t) { return 0.05; })},
                          15, 20 * 15000));
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
    QCOMPARE(dataLines(panel.chart()).size(), 1); // what succeeded is still drawn
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

void TestChartPanel::unsupportedTypeNamesTypeAndPanel()
{
    Panel p = timeseriesPanel();
    p.type = QStringLiteral("flamegraph");
    p.title = QStringLiteral("<b>CPU</b>");
    ChartPanel panel(p);
    QVERIFY(!panel.chart());
    panel.setData(dataFor({}, 15, 1000)); // must be harmless
    const QList<QLabel *> labels = panel.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
        return l->textFormat() == Qt::PlainText && l->text().contains(QLatin1String("flamegraph"))
               && l->text().contains(QLatin1String("<b>CPU</b>"));
    }));
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
    PanelSeries allNan = makeSeries(QStringLiteral("nan"), 5, 15000,
                                    [](size_t) { return std::nan(""); });
    panel.setData(dataFor({s, allNan}, 15, 8 * 15000));
    for (QLineSeries *l : dataLines(panel.chart()))
        for (const QPointF &p : l->points())
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
    panel.setData(dataFor({makeSeries(QStringLiteral("p95"), 40, 15000, [](size_t i) { return i < 20 ? 0.1 : 0.7; })},
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

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
