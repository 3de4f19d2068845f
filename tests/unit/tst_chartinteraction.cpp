// Reading charts (issue #7): what an operator does with the mouse on a time-series
// panel - drag to zoom into a spike, Shift+drag to pan, a crosshair and tooltip
// shared by every panel of the dashboard (Grafana's graphTooltip), Back/Forward and
// zoom out over the ranges visited, time labels on round times in local time or UTC,
// and a filter over a long legend.
#include "chartpanel.h"
#include "crosshairgroup.h"
#include "dashboardpage.h"
#include "dashboardview.h"
#include "legendtable.h"
#include "prometheusclient.h"
#include "rangehistory.h"
#include "timeticks.h"
#include "units.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

class TestChartInteraction : public QObject
{
    Q_OBJECT
private slots:
    void rangeHistoryWalksBackAndForward();
    void rangeHistoryIgnoresRepeatsAndForgetsForwardOnPush();
    void zoomOutDoublesAroundTheCentre_data();
    void zoomOutDoublesAroundTheCentre();
    void timeTicksSitOnRoundTimes_data();
    void timeTicksSitOnRoundTimes();
    void utcToggleRelabelsAxisAndTooltip();

    void dragSelectsTimeRange();
    void dragRightToLeftSelectsTheSameRange();
    void shortDragStaysAClick();
    void shiftDragPansByTheDraggedTime();

    void hoverSharesCrosshairWithOtherPanels();
    void defaultModeSharesNothing();
    void sharedTooltipListsValuesSortedWithUnits();
    void sharedTooltipIsEmptyOutsideTheData();

    void pageFollowsDashboardGraphTooltipAndCycles();
    void pageSharesCrosshairAndRequestsZoom();

    void legendFilterHidesNonMatchingRows();
    void legendFilterOnlyForLongLegends();
};

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC
constexpr qint64 kRangeMs = 3'600'000;
constexpr double kStepMs = 60'000;

PanelSeries series(const QString &name, double value)
{
    PanelSeries s;
    s.name = name;
    for (qint64 t = kStartMs; t <= kStartMs + kRangeMs; t += qint64(kStepMs)) {
        s.timestampsMs.push_back(double(t));
        s.values.push_back(value);
    }
    return s;
}

PanelData dataWith(std::vector<PanelSeries> list)
{
    PanelData d;
    d.start = QDateTime::fromMSecsSinceEpoch(kStartMs, Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(kStartMs + kRangeMs, Qt::UTC);
    d.stepSeconds = kStepMs / 1000;
    d.series = std::move(list);
    return d;
}

Panel chartPanel(int id, const QString &unit = QStringLiteral("s"))
{
    Panel p;
    p.id = id;
    p.type = QStringLiteral("timeseries");
    p.title = QStringLiteral("Latency %1").arg(id);
    p.unit = unit;
    p.gridPos = GridPos{(id - 1) * 12 % 24, 0, 12, 8};
    return p;
}

QWidget *viewport(ChartPanel &panel)
{
    return panel.findChild<QChartView *>()->viewport();
}

/// Viewport pixel of a chart position (plot-area fractions, 0..1).
QPoint viewportAt(ChartPanel &panel, double fx, double fy = 0.5)
{
    const QRectF plot = panel.chart()->plotArea();
    const QPointF chartPos(plot.left() + plot.width() * fx, plot.top() + plot.height() * fy);
    return panel.findChild<QChartView *>()->mapFromScene(panel.chart()->mapToScene(chartPos));
}

/// The time a viewport pixel stands for, from the plot area's geometry alone.
double timeAtViewport(ChartPanel &panel, const QPoint &vp)
{
    auto *view = panel.findChild<QChartView *>();
    const QPointF chartPos = panel.chart()->mapFromScene(view->mapToScene(vp));
    const QRectF plot = panel.chart()->plotArea();
    return double(kStartMs) + (chartPos.x() - plot.left()) / plot.width() * double(kRangeMs);
}

double pixelTime(ChartPanel &panel)
{
    return double(kRangeMs) / panel.chart()->plotArea().width();
}

void hover(ChartPanel &panel, const QPoint &vp)
{
    QWidget *v = viewport(panel);
    QMouseEvent move(QEvent::MouseMove, QPointF(vp), v->mapToGlobal(QPointF(vp)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(v, &move);
}

void leave(ChartPanel &panel)
{
    QEvent e(QEvent::Leave);
    QCoreApplication::sendEvent(viewport(panel), &e);
}

QCategoryAxis *timeAxis(ChartPanel &panel)
{
    const QList<QAbstractAxis *> axes = panel.chart()->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QCategoryAxis *>(axes.first());
}

/// Two charts side by side in one window, as on a dashboard.
struct TwoCharts
{
    QWidget window;
    ChartPanel *a;
    ChartPanel *b;
    CrosshairGroup group;

    TwoCharts()
    {
        auto *row = new QHBoxLayout(&window);
        a = new ChartPanel(chartPanel(1), &window);
        b = new ChartPanel(chartPanel(2), &window);
        row->addWidget(a);
        row->addWidget(b);
        window.resize(1200, 360);
        a->setData(dataWith({series(QStringLiteral("api"), 0.2)}));
        b->setData(
            dataWith({series(QStringLiteral("fast"), 0.005), series(QStringLiteral("slow"), 1.5),
                      series(QStringLiteral("middle"), 0.25)}));
        group.addPanel(a);
        group.addPanel(b);
    }
};

} // namespace

void TestChartInteraction::rangeHistoryWalksBackAndForward()
{
    RangeHistory h;
    QVERIFY(!h.canGoBack());
    QVERIFY(!h.canGoForward());
    const TimeRange r6h = TimeRange::lastDuration(6 * 3600 * 1000);
    const TimeRange zoom{QStringLiteral("1700000000000"), QStringLiteral("1700000600000")};
    const TimeRange zoom2{QStringLiteral("1700000100000"), QStringLiteral("1700000200000")};
    h.push(r6h);
    h.push(zoom);
    h.push(zoom2);
    QCOMPARE(h.size(), 3);
    QVERIFY(h.canGoBack());
    QVERIFY(!h.canGoForward());
    QCOMPARE(h.back(), zoom);
    QCOMPARE(h.back(), r6h);
    QVERIFY(!h.canGoBack());
    QCOMPARE(h.back(), r6h); // nothing further back: stays
    QVERIFY(h.canGoForward());
    QCOMPARE(h.forward(), zoom);
    QCOMPARE(h.forward(), zoom2);
    QVERIFY(!h.canGoForward());
    QCOMPARE(h.current(), zoom2);
}

void TestChartInteraction::rangeHistoryIgnoresRepeatsAndForgetsForwardOnPush()
{
    RangeHistory h(3);
    const TimeRange a = TimeRange::lastDuration(3600 * 1000);
    const TimeRange b{QStringLiteral("1"), QStringLiteral("2")};
    const TimeRange c{QStringLiteral("3"), QStringLiteral("4")};
    const TimeRange d{QStringLiteral("5"), QStringLiteral("6")};
    h.push(a);
    h.push(a);
    QCOMPARE(h.size(), 1);
    h.push(b);
    h.push(c);
    // The window applies what back() returns and pushes it again: no new entry.
    const TimeRange shown = h.back();
    h.push(shown);
    QCOMPARE(h.size(), 3);
    QVERIFY(h.canGoForward());
    // A new range after going back drops the forward entries, as a browser does.
    h.push(d);
    QVERIFY(!h.canGoForward());
    QCOMPARE(h.back(), b);
    QCOMPARE(h.back(), a);
    // Capacity 3: the oldest goes.
    h.forward();
    h.forward();
    h.push(c);
    QCOMPARE(h.size(), 3);
    QCOMPARE(h.back(), d);
    QCOMPARE(h.back(), b);
    QVERIFY(!h.canGoBack());
}

void TestChartInteraction::zoomOutDoublesAroundTheCentre_data()
{
    QTest::addColumn<TimeRange>("range");
    QTest::addColumn<TimeRange>("expected");
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(kStartMs + 10 * kRangeMs, Qt::UTC);
    const auto abs = [](qint64 a, qint64 b) {
        return TimeRange{QString::number(a), QString::number(b)};
    };
    QTest::newRow("last 6h stays live")
        << TimeRange{QStringLiteral("now-6h"), QStringLiteral("now")}
        << TimeRange{QStringLiteral("now-12h"), QStringLiteral("now")};
    QTest::newRow("last 45m: one unit")
        << TimeRange{QStringLiteral("now-45m"), QStringLiteral("now")}
        << TimeRange{QStringLiteral("now-90m"), QStringLiteral("now")};
    QTest::newRow("absolute hour")
        << abs(kStartMs, kStartMs + kRangeMs)
        << abs(kStartMs - kRangeMs / 2, kStartMs + kRangeMs + kRangeMs / 2);
    QTest::newRow("absolute up to now ends at now")
        << abs(now.toMSecsSinceEpoch() - kRangeMs, now.toMSecsSinceEpoch())
        << abs(now.toMSecsSinceEpoch() - 2 * kRangeMs, now.toMSecsSinceEpoch());
    QTest::newRow("unresolvable unchanged")
        << TimeRange{QStringLiteral("yesterday"), QStringLiteral("now")}
        << TimeRange{QStringLiteral("yesterday"), QStringLiteral("now")};
}

void TestChartInteraction::zoomOutDoublesAroundTheCentre()
{
    QFETCH(TimeRange, range);
    QFETCH(TimeRange, expected);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(kStartMs + 10 * kRangeMs, Qt::UTC);
    const TimeRange out = zoomOut(range, now);
    QCOMPARE(out.from, expected.from);
    QCOMPARE(out.to, expected.to);
    QVERIFY(out == range || out.resolve(now)); // whatever comes out is a range the picker can show
}

void TestChartInteraction::timeTicksSitOnRoundTimes_data()
{
    QTest::addColumn<qint64>("rangeMs");
    QTest::addColumn<qint64>("stepMs"); // 0: calendar step (days, months)
    QTest::addColumn<QString>("pattern");
    QTest::newRow("30 seconds") << qint64(30'000) << qint64(5'000)
                                << QStringLiteral("^\\d\\d:\\d\\d:\\d\\d$");
    QTest::newRow("5 minutes") << qint64(300'000) << qint64(60'000)
                               << QStringLiteral("^(\\d\\d:\\d\\d|\\d\\d/\\d\\d)$");
    QTest::newRow("6 hours") << qint64(6 * 3'600'000) << qint64(3'600'000)
                             << QStringLiteral("^(\\d\\d:\\d\\d|\\d\\d/\\d\\d)$");
    QTest::newRow("3 days") << qint64(3 * 86'400'000) << qint64(12 * 3'600'000)
                            << QStringLiteral("^\\d\\d/\\d\\d \\d\\d:\\d\\d$");
    QTest::newRow("30 days") << qint64(30LL * 86'400'000) << qint64(0)
                             << QStringLiteral("^\\d\\d/\\d\\d$");
    QTest::newRow("2 years") << qint64(730LL * 86'400'000) << qint64(0)
                             << QStringLiteral("^\\d{4}-\\d\\d$");
}

void TestChartInteraction::timeTicksSitOnRoundTimes()
{
    QFETCH(qint64, rangeMs);
    QFETCH(qint64, stepMs);
    QFETCH(QString, pattern);
    const QRegularExpression re(pattern);
    for (const bool utc : {true, false}) {
        const std::vector<TimeTick> ticks =
            timeTicks(kStartMs + 1234, kStartMs + 1234 + rangeMs, 7, utc);
        QVERIFY2(ticks.size() >= 3 && ticks.size() <= 14,
                 qPrintable(QString::number(ticks.size())));
        for (size_t i = 0; i < ticks.size(); ++i) {
            const TimeTick &t = ticks[i];
            QVERIFY(t.ms >= kStartMs + 1234 && t.ms <= kStartMs + 1234 + rangeMs);
            QVERIFY2(re.match(t.label).hasMatch(), qPrintable(t.label));
            const QDateTime at = utc ? QDateTime::fromMSecsSinceEpoch(t.ms, Qt::UTC)
                                     : QDateTime::fromMSecsSinceEpoch(t.ms);
            // On the wall clock of the zone shown: whole steps since midnight there.
            const qint64 sinceMidnight = qint64(at.time().msecsSinceStartOfDay());
            if (stepMs > 0)
                QCOMPARE(sinceMidnight % stepMs, qint64(0));
            else
                QCOMPARE(sinceMidnight, qint64(0));
            if (i > 0 && stepMs > 0)
                QCOMPARE(t.ms - ticks[i - 1].ms, stepMs);
        }
    }
}

void TestChartInteraction::utcToggleRelabelsAxisAndTooltip()
{
    Panel p = chartPanel(1);
    p.tooltipMode = QStringLiteral("multi");
    ChartPanel panel(p);
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QCoreApplication::processEvents();

    const auto labelsFor = [&](bool utc) {
        panel.setUseUtc(utc);
        QCategoryAxis *axis = timeAxis(panel);
        QStringList out;
        if (!axis)
            return out;
        for (const QString &label : axis->categoriesLabels()) {
            const double at = axis->endValue(label);
            const QDateTime t = utc ? QDateTime::fromMSecsSinceEpoch(qint64(at), Qt::UTC)
                                    : QDateTime::fromMSecsSinceEpoch(qint64(at));
            // Every label reads the time it sits at, in the zone chosen.
            if (label != t.toString(QStringLiteral("HH:mm")) &&
                label != t.toString(QStringLiteral("MM/dd")))
                return QStringList{QStringLiteral("wrong: ") + label};
            out << label;
        }
        return out;
    };
    const QStringList local = labelsFor(false);
    const QStringList utc = labelsFor(true);
    QVERIFY2(local.size() >= 3 && !local.first().startsWith(QLatin1String("wrong")),
             qPrintable(local.join(u',')));
    QVERIFY2(utc.size() >= 3 && !utc.first().startsWith(QLatin1String("wrong")),
             qPrintable(utc.join(u',')));
    const int offset = QDateTime::fromMSecsSinceEpoch(kStartMs).offsetFromUtc();
    if (offset != 0)
        QVERIFY(local != utc); // ctest runs this in Asia/Kolkata (+05:30)
    QVERIFY(panel.useUtc());

    const QString tip = panel.tooltipTextAtTime(double(kStartMs + 30 * 60'000));
    QVERIFY2(tip.startsWith(QStringLiteral("2023-11-14 22:43:20 UTC\n")), qPrintable(tip));
    panel.setUseUtc(false);
    QVERIFY2(panel.tooltipTextAtTime(double(kStartMs + 30 * 60'000))
                 .startsWith(QDateTime::fromMSecsSinceEpoch(kStartMs + 30 * 60'000)
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss\n"))),
             qPrintable(panel.tooltipTextAtTime(double(kStartMs + 30 * 60'000))));
}

void TestChartInteraction::dragSelectsTimeRange()
{
    ChartPanel panel(chartPanel(1));
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QCoreApplication::processEvents();
    QSignalSpy ranges(&panel, &ChartPanel::rangeSelected);
    QSignalSpy clicks(&panel, &ChartPanel::pointClicked);

    const QPoint from = viewportAt(panel, 0.25);
    const QPoint to = viewportAt(panel, 0.6);
    QTest::mousePress(viewport(panel), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(viewport(panel), (from + to) / 2);
    QTest::mouseMove(viewport(panel), to);
    // While dragging, a band covers the selection over the plot's height.
    const QRectF band = panel.selectionBand();
    QVERIFY(!band.isEmpty());
    QCOMPARE(band.height(), panel.chart()->plotArea().height());
    QVERIFY(std::abs(band.width() - (to.x() - from.x())) <= 1.0);
    QTest::mouseRelease(viewport(panel), Qt::LeftButton, Qt::NoModifier, to);

    QCOMPARE(ranges.count(), 1);
    QCOMPARE(clicks.count(), 0); // a drag is not a click on a data point
    QVERIFY(panel.selectionBand().isEmpty());
    const qint64 gotFrom = ranges.first().at(0).toLongLong();
    const qint64 gotTo = ranges.first().at(1).toLongLong();
    const double tolerance = pixelTime(panel);
    QVERIFY2(
        std::abs(double(gotFrom) - timeAtViewport(panel, from)) <= tolerance,
        qPrintable(
            QStringLiteral("%1 vs %2").arg(gotFrom).arg(timeAtViewport(panel, from), 0, 'f', 0)));
    QVERIFY2(std::abs(double(gotTo) - timeAtViewport(panel, to)) <= tolerance,
             qPrintable(
                 QStringLiteral("%1 vs %2").arg(gotTo).arg(timeAtViewport(panel, to), 0, 'f', 0)));
    // About a third of the hour, as dragged.
    QVERIFY(std::abs(double(gotTo - gotFrom) - 0.35 * kRangeMs) <= 2 * tolerance);
}

void TestChartInteraction::dragRightToLeftSelectsTheSameRange()
{
    ChartPanel panel(chartPanel(1));
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QCoreApplication::processEvents();
    QSignalSpy ranges(&panel, &ChartPanel::rangeSelected);
    const QPoint right = viewportAt(panel, 0.8);
    const QPoint left = viewportAt(panel, 0.1);
    // Past the plot's left edge: the selection stops at the start of the data.
    const QPoint outside(viewportAt(panel, 0).x() - 30, left.y());
    QTest::mousePress(viewport(panel), Qt::LeftButton, Qt::NoModifier, right);
    QTest::mouseMove(viewport(panel), left);
    QTest::mouseMove(viewport(panel), outside);
    QTest::mouseRelease(viewport(panel), Qt::LeftButton, Qt::NoModifier, outside);
    QCOMPARE(ranges.count(), 1);
    const double tolerance = pixelTime(panel);
    QVERIFY(std::abs(double(ranges.first().at(0).toLongLong()) - double(kStartMs)) <= tolerance);
    QVERIFY(std::abs(double(ranges.first().at(1).toLongLong()) - timeAtViewport(panel, right)) <=
            tolerance);
}

void TestChartInteraction::shortDragStaysAClick()
{
    ChartPanel panel(chartPanel(1));
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QCoreApplication::processEvents();
    QSignalSpy ranges(&panel, &ChartPanel::rangeSelected);
    QSignalSpy clicks(&panel, &ChartPanel::pointClicked);
    const QPoint from = viewportAt(panel, 0.5);
    const QPoint to = from + QPoint(3, 0);
    QTest::mousePress(viewport(panel), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(viewport(panel), to);
    QVERIFY(panel.selectionBand().isEmpty());
    QTest::mouseRelease(viewport(panel), Qt::LeftButton, Qt::NoModifier, to);
    QCOMPARE(ranges.count(), 0);
    QCOMPARE(clicks.count(), 1); // data links still open on a slightly shaky click
    QCOMPARE(clicks.first().at(0).toInt(), 0);
}

void TestChartInteraction::shiftDragPansByTheDraggedTime()
{
    ChartPanel panel(chartPanel(1));
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QCoreApplication::processEvents();
    QSignalSpy ranges(&panel, &ChartPanel::rangeSelected);
    QSignalSpy clicks(&panel, &ChartPanel::pointClicked);
    const QPoint from = viewportAt(panel, 0.3);
    const QPoint to = viewportAt(panel, 0.55);
    QTest::mousePress(viewport(panel), Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(viewport(panel), to);
    QTest::mouseRelease(viewport(panel), Qt::LeftButton, Qt::ShiftModifier, to);
    QCOMPARE(ranges.count(), 1);
    QCOMPARE(clicks.count(), 0);
    const double dragged = timeAtViewport(panel, to) - timeAtViewport(panel, from);
    QVERIFY(dragged > 0.2 * kRangeMs);
    const double tolerance = pixelTime(panel);
    // Dragging the plot to the right brings earlier times into view; the length stays.
    const qint64 gotFrom = ranges.first().at(0).toLongLong();
    const qint64 gotTo = ranges.first().at(1).toLongLong();
    QVERIFY2(std::abs(double(gotFrom) - (double(kStartMs) - dragged)) <= tolerance,
             qPrintable(QString::number(double(gotFrom) - (double(kStartMs) - dragged))));
    QCOMPARE(gotTo - gotFrom, kRangeMs);

    // And to the left, later times.
    ranges.clear();
    QTest::mousePress(viewport(panel), Qt::LeftButton, Qt::ShiftModifier, to);
    QTest::mouseMove(viewport(panel), from);
    QTest::mouseRelease(viewport(panel), Qt::LeftButton, Qt::ShiftModifier, from);
    QCOMPARE(ranges.count(), 1);
    QVERIFY(std::abs(double(ranges.first().at(0).toLongLong()) - (double(kStartMs) + dragged)) <=
            tolerance);
}

void TestChartInteraction::hoverSharesCrosshairWithOtherPanels()
{
    TwoCharts charts;
    charts.group.setMode(CrosshairGroup::SharedCrosshair);
    charts.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts.window));
    QCoreApplication::processEvents();
    QVERIFY(!charts.b->crosshairTime());

    const QPoint at = viewportAt(*charts.a, 0.4);
    hover(*charts.a, at);
    const auto ta = charts.a->crosshairTime();
    const auto tb = charts.b->crosshairTime();
    QVERIFY(ta);
    QVERIFY(tb);
    QCOMPARE(*tb, *ta);
    QVERIFY(std::abs(*ta - timeAtViewport(*charts.a, at)) <= pixelTime(*charts.a));
    // Mode 1 shares the line only: B shows no tooltip.
    QVERIFY(!charts.b->findChild<QLabel *>(QStringLiteral("chartTooltip"))->isVisible());

    // The line is drawn on B where that time is on B's own axis.
    const QList<QGraphicsItem *> items = charts.b->chart()->childItems();
    bool drawn = false;
    for (QGraphicsItem *item : items) {
        if (auto *line = dynamic_cast<QGraphicsLineItem *>(item); line && line->isVisible()) {
            const QRectF plot = charts.b->chart()->plotArea();
            const double expectedX =
                plot.left() + (*ta - double(kStartMs)) / double(kRangeMs) * plot.width();
            drawn = std::abs(line->line().x1() - expectedX) <= 1.0 &&
                    line->line().x1() == line->line().x2();
        }
    }
    QVERIFY(drawn);

    // Moving on: B follows; leaving A: B's line goes.
    hover(*charts.a, viewportAt(*charts.a, 0.7));
    QVERIFY(*charts.b->crosshairTime() > *ta);
    leave(*charts.a);
    QVERIFY(!charts.a->crosshairTime());
    QVERIFY(!charts.b->crosshairTime());

    // And the other way round.
    hover(*charts.b, viewportAt(*charts.b, 0.2));
    QVERIFY(charts.a->crosshairTime());
    QCOMPARE(*charts.a->crosshairTime(), *charts.b->crosshairTime());
}

void TestChartInteraction::defaultModeSharesNothing()
{
    TwoCharts charts;
    QCOMPARE(charts.group.mode(), int(CrosshairGroup::Default));
    charts.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts.window));
    QCoreApplication::processEvents();
    hover(*charts.a, viewportAt(*charts.a, 0.4));
    QVERIFY(charts.a->crosshairTime()); // the hovered panel draws its own line
    QVERIFY(!charts.b->crosshairTime());
    QVERIFY(!charts.b->findChild<QLabel *>(QStringLiteral("chartTooltip"))->isVisible());

    // Switching to 0 while shared clears what the others drew.
    charts.group.setMode(CrosshairGroup::SharedTooltip);
    hover(*charts.a, viewportAt(*charts.a, 0.5));
    QVERIFY(charts.b->crosshairTime());
    charts.group.setMode(CrosshairGroup::Default);
    QVERIFY(!charts.b->crosshairTime());
    QVERIFY(!charts.b->findChild<QLabel *>(QStringLiteral("chartTooltip"))->isVisible());

    // cycleMode: 0 -> 1 -> 2 -> 0.
    QSignalSpy modes(&charts.group, &CrosshairGroup::modeChanged);
    QCOMPARE(charts.group.cycleMode(), 1);
    QCOMPARE(charts.group.cycleMode(), 2);
    QCOMPARE(charts.group.cycleMode(), 0);
    QCOMPARE(modes.count(), 3);
}

void TestChartInteraction::sharedTooltipListsValuesSortedWithUnits()
{
    TwoCharts charts;
    charts.group.setMode(CrosshairGroup::SharedTooltip);
    charts.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts.window));
    QCoreApplication::processEvents();
    hover(*charts.a, viewportAt(*charts.a, 0.5));
    auto *tip = charts.b->findChild<QLabel *>(QStringLiteral("chartTooltip"));
    QVERIFY(tip->isVisible());
    QCOMPARE(tip->textFormat(), Qt::PlainText);
    const QStringList lines = tip->text().split(u'\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"))
                 .match(lines[0])
                 .hasMatch(),
             qPrintable(lines[0]));
    // Largest first, each in the panel's unit (seconds, shown as Grafana formats them).
    QCOMPARE(lines[1], QStringLiteral("slow: ") + formatValue(1.5, QStringLiteral("s")));
    QCOMPARE(lines[2], QStringLiteral("middle: ") + formatValue(0.25, QStringLiteral("s")));
    QCOMPARE(lines[3], QStringLiteral("fast: ") + formatValue(0.005, QStringLiteral("s")));
    QCOMPARE(lines[3], QStringLiteral("fast: 5 ms"));
    QCOMPARE(tip->text(), charts.b->tooltipTextAtTime(*charts.b->crosshairTime()));
    // A itself keeps its own tooltip under the mouse.
    QVERIFY(charts.a->findChild<QLabel *>(QStringLiteral("chartTooltip"))
                ->text()
                .contains(QLatin1String("api: ")));
    leave(*charts.a);
    QVERIFY(!tip->isVisible());
}

void TestChartInteraction::sharedTooltipIsEmptyOutsideTheData()
{
    Panel p = chartPanel(1);
    ChartPanel panel(p);
    panel.resize(600, 300);
    panel.show();
    panel.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QVERIFY(!panel.tooltipTextAtTime(double(kStartMs + 10 * 60'000)).isEmpty());
    QVERIFY(panel.tooltipTextAtTime(double(kStartMs - 10 * 60'000)).isEmpty());
    QVERIFY(panel.tooltipTextAtTime(double(kStartMs + kRangeMs + 60'000)).isEmpty());
    // A series with a gap says nothing there rather than a value from across it.
    PanelSeries gappy = series(QStringLiteral("gappy"), 3);
    PanelSeries other = series(QStringLiteral("other"), 1);
    gappy.timestampsMs.erase(gappy.timestampsMs.begin() + 20, gappy.timestampsMs.begin() + 40);
    gappy.values.erase(gappy.values.begin() + 20, gappy.values.begin() + 40);
    panel.setData(dataWith({gappy, other}));
    const QString inGap = panel.tooltipTextAtTime(double(kStartMs + 30 * 60'000));
    QVERIFY2(!inGap.contains(QLatin1String("gappy")) && inGap.contains(QLatin1String("other")),
             qPrintable(inGap));
    p.tooltipMode = QStringLiteral("none");
    ChartPanel silent(p);
    silent.resize(600, 300);
    silent.show();
    silent.setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    QVERIFY(silent.tooltipTextAtTime(double(kStartMs + 10 * 60'000)).isEmpty());
}

namespace {

Dashboard twoChartDashboard(int graphTooltip)
{
    Dashboard d;
    d.title = QStringLiteral("Reading charts");
    d.graphTooltip = graphTooltip;
    // No targets: nothing is queried, the test hands the panels their data.
    d.panels = {chartPanel(1), chartPanel(2)};
    return d;
}

} // namespace

void TestChartInteraction::pageFollowsDashboardGraphTooltipAndCycles()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    DashboardPage page(&client);
    QString error;
    QVERIFY2(page.setDashboard(twoChartDashboard(2), QString(), {}, &error), qPrintable(error));
    QCOMPARE(page.graphTooltip(), 2);
    // Charts join the group as their widgets are made (a few per turn of the loop).
    QTRY_VERIFY(!page.view()->isBuilding());
    QCOMPARE(page.crosshairGroup()->panels().size(), 2);

    QSignalSpy changed(&page, &DashboardPage::graphTooltipChanged);
    QCOMPARE(page.cycleGraphTooltip(), 0);
    QCOMPARE(page.cycleGraphTooltip(), 1);
    QCOMPARE(page.cycleGraphTooltip(), 2);
    QCOMPARE(page.cycleGraphTooltip(), 0);
    QCOMPARE(changed.count(), 4);
    QCOMPARE(changed.last().at(0).toInt(), 0);
    // Kept with the dashboard (so that saving keeps it).
    QCOMPARE(page.dashboard().graphTooltip, 0);
    QCOMPARE(page.editedDashboard().graphTooltip, 0);

    // A new dashboard brings its own setting; a dashboard in UTC shows UTC.
    Dashboard utc = twoChartDashboard(1);
    utc.raw.insert(QStringLiteral("timezone"), QStringLiteral("utc"));
    QVERIFY(page.setDashboard(utc, QString(), {}, &error));
    QCOMPARE(page.graphTooltip(), 1);
    QTRY_VERIFY(!page.view()->isBuilding());
    QCOMPARE(page.crosshairGroup()->panels().size(), 2);
    QVERIFY(page.useUtc());
    for (ChartPanel *c : page.crosshairGroup()->panels())
        QVERIFY(c->useUtc());
    page.setUseUtc(false);
    for (ChartPanel *c : page.crosshairGroup()->panels())
        QVERIFY(!c->useUtc());
}

void TestChartInteraction::pageSharesCrosshairAndRequestsZoom()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    DashboardPage page(&client);
    QString error;
    QVERIFY(page.setDashboard(twoChartDashboard(1), QString(), {}, &error));
    page.resize(1400, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *a = qobject_cast<ChartPanel *>(page.panelWidget(1));
    auto *b = qobject_cast<ChartPanel *>(page.panelWidget(2));
    QVERIFY(a && b);
    a->setData(dataWith({series(QStringLiteral("api"), 0.2)}));
    b->setData(dataWith({series(QStringLiteral("db"), 0.1)}));
    QCoreApplication::processEvents();

    hover(*a, viewportAt(*a, 0.5));
    QVERIFY(b->crosshairTime());
    QCOMPARE(*b->crosshairTime(), *a->crosshairTime());
    leave(*a);

    page.setGraphTooltip(0);
    hover(*a, viewportAt(*a, 0.5));
    QVERIFY(!b->crosshairTime());
    leave(*a);

    QSignalSpy zoom(&page, &DashboardPage::zoomRequested);
    const QPoint from = viewportAt(*b, 0.2);
    const QPoint to = viewportAt(*b, 0.4);
    QTest::mousePress(viewport(*b), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(viewport(*b), to);
    QTest::mouseRelease(viewport(*b), Qt::LeftButton, Qt::NoModifier, to);
    QCOMPARE(zoom.count(), 1);
    const auto range = zoom.first().at(0).value<TimeRange>();
    const auto resolved = range.resolve(QDateTime::currentDateTimeUtc());
    QVERIFY(resolved);
    // Absolute, so Back returns to exactly this view later.
    QVERIFY(!range.from.startsWith(QLatin1String("now")));
    QVERIFY(std::abs(double(resolved->start.toMSecsSinceEpoch()) - timeAtViewport(*b, from)) <=
            pixelTime(*b));
    QVERIFY(std::abs(double(resolved->end.toMSecsSinceEpoch()) - timeAtViewport(*b, to)) <=
            pixelTime(*b));
}

namespace {

QList<LegendTable::Entry> entries(const QStringList &names)
{
    QList<LegendTable::Entry> out;
    for (int i = 0; i < names.size(); ++i) {
        LegendTable::Entry e;
        e.series = i;
        e.name = names[i];
        e.color = Qt::green;
        e.unit = QStringLiteral("ms");
        e.calcValues = {double(i * 10)};
        out.append(e);
    }
    return out;
}

const QStringList kRoutes{
    QStringLiteral("GET /api/sessions"),   QStringLiteral("POST /api/sessions/{id}/answers"),
    QStringLiteral("GET /health"),         QStringLiteral("GET /metrics"),
    QStringLiteral("PUT /api/users/{id}"), QStringLiteral("DELETE /api/users/{id}"),
    QStringLiteral("GET /api/questions"),  QStringLiteral("GET /static/app.js"),
    QStringLiteral("POST /login"),         QStringLiteral("GET /API/legacy"),
};

} // namespace

void TestChartInteraction::legendFilterHidesNonMatchingRows()
{
    for (const char *mode : {"table", "list"}) {
        LegendTable legend;
        LegendOptions o;
        o.displayMode = QLatin1String(mode);
        o.calcs = {QStringLiteral("max")};
        legend.setOptions(o);
        legend.setEntries(entries(kRoutes));
        legend.resize(500, 400);
        legend.show();
        QVERIFY(QTest::qWaitForWindowExposed(&legend));
        auto *filter = legend.findChild<QLineEdit *>(QStringLiteral("legendFilter"));
        QVERIFY(filter);
        QVERIFY(filter->isVisible());
        QCOMPARE(legend.shownNames().size(), kRoutes.size());

        // Typed by the user: a substring, any case.
        QTest::keyClicks(filter, QStringLiteral("api/"));
        const QStringList matching{kRoutes[0], kRoutes[1], kRoutes[4],
                                   kRoutes[5], kRoutes[6], kRoutes[9]};
        QStringList shown = legend.shownNames();
        std::sort(shown.begin(), shown.end());
        QStringList expected = matching;
        std::sort(expected.begin(), expected.end());
        QCOMPARE(shown, expected);
        if (legend.isTableMode()) {
            int hidden = 0;
            for (int r = 0; r < legend.table()->rowCount(); ++r) {
                const bool match = matching.contains(legend.table()->item(r, 0)->text());
                QCOMPARE(legend.table()->isRowHidden(r), !match);
                hidden += legend.table()->isRowHidden(r) ? 1 : 0;
            }
            QCOMPARE(hidden, 4);
            // Sorting by a value column keeps the same rows hidden.
            legend.table()->horizontalHeader()->setSortIndicator(1, Qt::DescendingOrder);
            QCOMPARE(legend.shownNames().first(), kRoutes[9]);
            for (int r = 0; r < legend.table()->rowCount(); ++r)
                QCOMPARE(legend.table()->isRowHidden(r),
                         !matching.contains(legend.table()->item(r, 0)->text()));
            // A click on a shown row still names its own series.
            QSignalSpy clicked(&legend, &LegendTable::entryClicked);
            int firstShown = 0;
            while (legend.table()->isRowHidden(firstShown))
                ++firstShown;
            legend.clickRow(firstShown);
            QCOMPARE(clicked.first().at(0).toInt(), 9);
        } else {
            // Only the matching entries are laid out (no gaps where the others were).
            for (int row = 0; row < int(matching.size()); ++row) {
                QVERIFY(matching.contains(legend.cellText(row, 0)));
                QVERIFY(legend.chipRect(row).isValid());
                if (row > 0)
                    QVERIFY(!legend.chipRect(row).intersects(legend.chipRect(row - 1)));
            }
            QVERIFY(!legend.chipRect(int(matching.size())).isValid());
            // A click on a shown entry names its own series.
            QSignalSpy clicked(&legend, &LegendTable::entryClicked);
            QTest::mouseClick(legend.listWidget(), Qt::LeftButton, {}, legend.chipRect(1).center());
            QCOMPARE(clicked.size(), 1);
            QCOMPARE(clicked.first().at(0).toInt(), int(kRoutes.indexOf(legend.cellText(1, 0))));
        }
        // New data keeps the filter.
        legend.setEntries(entries(kRoutes));
        QCOMPARE(legend.shownNames().size(), matching.size());
        filter->clear();
        QCOMPARE(legend.shownNames().size(), kRoutes.size());
    }
}

void TestChartInteraction::legendFilterOnlyForLongLegends()
{
    LegendTable legend;
    LegendOptions o;
    o.displayMode = QStringLiteral("table");
    legend.setOptions(o);
    legend.setEntries(entries(kRoutes.mid(0, LegendTable::kFilterThreshold)));
    legend.resize(500, 300);
    legend.show();
    QVERIFY(QTest::qWaitForWindowExposed(&legend));
    auto *filter = legend.findChild<QLineEdit *>(QStringLiteral("legendFilter"));
    QVERIFY(filter);
    QVERIFY(!filter->isVisible());
    legend.setEntries(entries(kRoutes));
    QVERIFY(filter->isVisible());
    legend.setFilterText(QStringLiteral("health"));
    QCOMPARE(legend.shownNames(), QStringList{kRoutes[2]});
    // Back to a few series: the box goes, and nothing stays filtered out unseen.
    legend.setEntries(entries(kRoutes.mid(0, 3)));
    QVERIFY(!filter->isVisible());
    QCOMPARE(legend.shownNames().size(), 3);
}

QTEST_MAIN(TestChartInteraction)
#include "tst_chartinteraction.moc"
