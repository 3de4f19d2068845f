#include "spandetail.h"
#include "traceresults.h"
#include "traceresultsmodel.h"
#include "tracesearchform.h"
#include "tracesummaryview.h"
#include "urlcatcher.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

class TestTraceWidgets : public QObject
{
    Q_OBJECT
private slots:
    void resultsModelTester();
    void sortOrders_data();
    void sortOrders();
    void headerClickUpdatesSortCombo();
    void statusLine();
    void rowActivationEmitsTraceId();
    void scatterPointClick();
    void scatterSeparatesErrors();

    void formRejectsBadInput_data();
    void formRejectsBadInput();
    void formEmitsExactQuery();
    void formCustomWindow();
    void setQueryRoundTrip_data();
    void setQueryRoundTrip();
    void serviceChoiceAndOperations();

    void spanDetailPlainTextAndLinks();
    void spanDetailReferencesLogsWarnings();
    void spanDetailCopyValue();

    void summaryHeadlineAndTopOperations();
};

namespace {

const qint64 kBase = 1'700'000'000'000'000; // µs since the epoch

TraceSummary summary(const QString &id, qint64 startOffsetS, qint64 durationUs, int spans,
                     int errors)
{
    TraceSummary s;
    s.traceId = id;
    s.startUs = kBase + startOffsetS * 1'000'000;
    s.durationUs = durationUs;
    s.spanCount = spans;
    s.errorCount = errors;
    s.rootService = QStringLiteral("rust-api");
    s.rootOperation = QStringLiteral("POST /sessions/{id}/answers");
    s.services = {{QStringLiteral("rust-api"), 1}, {QStringLiteral("mongodb"), spans - 1}};
    return s;
}

/// Five traces whose orders differ in every sort.
QList<TraceSummary> fiveTraces()
{
    return {
        summary(QStringLiteral("a"), 10, 120'000, 3, 0),
        summary(QStringLiteral("b"), 50, 900'000, 12, 1),
        summary(QStringLiteral("c"), 30, 45'000, 40, 0),
        summary(QStringLiteral("d"), 20, 2'500'000, 7, 4),
        summary(QStringLiteral("e"), 40, 300'000, 1, 2),
    };
}

QStringList ids(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

QStringList idsInOrder(const QAbstractItemModel *m)
{
    QStringList ids;
    for (int r = 0; r < m->rowCount(); ++r)
        ids << m->index(r, 0).data(TraceResultsModel::TraceIdRole).toString();
    return ids;
}

Span makeSpan(const QString &id, const QString &op, int process, qint64 startMs, qint64 durMs)
{
    Span s;
    s.traceId = QStringLiteral("00000000000000000000000000abcdef");
    s.spanId = id;
    s.operationName = op;
    s.processIndex = process;
    s.startUs = kBase + startMs * 1000;
    s.durationUs = durMs * 1000;
    return s;
}

TraceProcess process(const QString &service)
{
    TraceProcess p;
    p.serviceName = service;
    return p;
}

TraceKeyValue tag(const QString &key, const QString &value)
{
    TraceKeyValue kv;
    kv.key = key;
    kv.value = value;
    return kv;
}

/// rust-api POST /answers 0..912 ms; mongodb "find sessions" 100..811.36 ms under
/// it (78% of the trace); redis GET 850..860 ms. Analysed fields filled by hand
/// so the span detail does not depend on the analysis.
Trace handMadeTrace()
{
    Trace t;
    t.traceId = QStringLiteral("00000000000000000000000000abcdef");
    t.processes = {process(QStringLiteral("rust-api")), process(QStringLiteral("mongodb")),
                   process(QStringLiteral("redis"))};
    t.processes[0].tags = {tag(QStringLiteral("hostname"), QStringLiteral("api-7"))};
    Span root =
        makeSpan(QStringLiteral("0000000000000001"), QStringLiteral("POST /answers"), 0, 0, 912);
    Span mongo =
        makeSpan(QStringLiteral("0000000000000002"), QStringLiteral("find sessions"), 1, 100, 0);
    mongo.durationUs = 711'360;
    Span redis = makeSpan(QStringLiteral("0000000000000003"), QStringLiteral("GET"), 2, 850, 10);
    TraceReference parentRef;
    parentRef.traceId = t.traceId;
    parentRef.spanId = root.spanId;
    mongo.references = {parentRef};
    redis.references = {parentRef};
    t.spans = {root, mongo, redis};
    return t;
}

Trace handAnalysed()
{
    Trace t = handMadeTrace();
    t.spans[0].children = {1, 2};
    t.spans[1].parent = 0;
    t.spans[2].parent = 0;
    t.spans[1].depth = t.spans[2].depth = 1;
    t.spans[0].selfUs = 912'000 - 711'360 - 10'000;
    t.spans[1].selfUs = 711'360;
    t.spans[2].selfUs = 10'000;
    t.spans[0].criticalUs = t.spans[0].selfUs;
    t.spans[1].criticalUs = 711'360;
    t.spans[2].criticalUs = 10'000;
    t.roots = {0};
    t.startUs = kBase;
    t.endUs = kBase + 912'000;
    t.analysed = true;
    return t;
}

} // namespace

void TestTraceWidgets::resultsModelTester()
{
    TraceResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResults(fiveTraces());
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(TraceResultsModel::ColumnCount));
    model.sort(TraceResultsModel::Duration, Qt::AscendingOrder);
    model.sort(TraceResultsModel::Root, Qt::DescendingOrder);
    model.setResults({});
    QCOMPARE(model.rowCount(), 0);
    model.setResults(fiveTraces().mid(0, 2));
    QCOMPARE(model.rowCount(), 2);

    // What a row shows.
    model.setResults({summary(QStringLiteral("x"), 0, 912'000, 5, 2)});
    QCOMPARE(model.index(0, TraceResultsModel::Root).data().toString(),
             QStringLiteral("rust-api: POST /sessions/{id}/answers"));
    QCOMPARE(model.index(0, TraceResultsModel::Duration).data().toString(),
             QStringLiteral("912 ms"));
    QCOMPARE(model.index(0, TraceResultsModel::Spans).data().toInt(), 5);
    QCOMPARE(model.index(0, TraceResultsModel::Errors).data().toInt(), 2);
    QCOMPARE(model.index(0, TraceResultsModel::Services).data().toString(),
             QStringLiteral("rust-api (1), mongodb (4)"));
}

void TestTraceWidgets::sortOrders_data()
{
    QTest::addColumn<int>("order");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("most recent") << int(TraceResultsModel::MostRecent) << ids("b e c d a");
    QTest::newRow("longest first") << int(TraceResultsModel::LongestFirst) << ids("d b e a c");
    QTest::newRow("shortest first") << int(TraceResultsModel::ShortestFirst) << ids("c a e b d");
    QTest::newRow("most spans") << int(TraceResultsModel::MostSpans) << ids("c b d a e");
    // Ties (a and c have no errors) put the more recent first.
    QTest::newRow("most errors") << int(TraceResultsModel::MostErrors) << ids("d e b c a");
}

void TestTraceWidgets::sortOrders()
{
    QFETCH(int, order);
    QFETCH(QStringList, expected);
    TraceResults results;
    results.setResults(fiveTraces());
    // Through the widget's sort combo, as the user picks it.
    const int comboIndex = results.sortCombo()->findData(order);
    QVERIFY(comboIndex >= 0);
    results.sortCombo()->setCurrentIndex(comboIndex);
    emit results.sortCombo()->activated(comboIndex);
    QCOMPARE(idsInOrder(results.model()), expected);
    QCOMPARE(results.view()->header()->sortIndicatorSection(),
             int(TraceResultsModel::orderColumn(TraceResultsModel::Order(order))));
    // New results keep the chosen order.
    QList<TraceSummary> reversed = fiveTraces();
    std::reverse(reversed.begin(), reversed.end());
    results.setResults(reversed);
    QCOMPARE(idsInOrder(results.model()), expected);
}

void TestTraceWidgets::headerClickUpdatesSortCombo()
{
    TraceResults results;
    results.resize(900, 600);
    results.show();
    QVERIFY(QTest::qWaitForWindowExposed(&results));
    results.setResults(fiveTraces());
    QHeaderView *header = results.view()->header();
    const int x = header->sectionViewportPosition(TraceResultsModel::Spans) + 5;
    // First click on a new column sorts it ascending (Qt's default), the second descending.
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(idsInOrder(results.model()), ids("e a d b c"));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(idsInOrder(results.model()), ids("c b d a e"));
    QCOMPARE(results.sortCombo()->currentText(), QStringLiteral("Most spans"));
}

void TestTraceWidgets::statusLine()
{
    TraceResults results;
    results.setLoading(true);
    QCOMPARE(results.statusText(), QStringLiteral("Searching…"));
    QList<TraceSummary> twenty;
    for (int i = 0; i < 20; ++i)
        twenty << summary(QString::number(i), i, 1000 * (i + 1), 2, 0);
    results.setResults(twenty);
    QCOMPARE(results.statusText(), QStringLiteral("20 traces"));
    results.setError(QStringLiteral("<b>parameter 'service' is required</b>"));
    QCOMPARE(results.statusText(), QStringLiteral("<b>parameter 'service' is required</b>"));
    QCOMPARE(results.findChild<QLabel *>(QStringLiteral("traceResultsStatus"))->textFormat(),
             Qt::PlainText);
    QCOMPARE(results.model()->rowCount(), 0);
    results.setResults({});
    QCOMPARE(results.statusText(), QStringLiteral("No traces found"));
}

void TestTraceWidgets::rowActivationEmitsTraceId()
{
    TraceResults results;
    results.resize(900, 600);
    results.show();
    QVERIFY(QTest::qWaitForWindowExposed(&results));
    results.setResults(fiveTraces());
    QSignalSpy spy(&results, &TraceResults::traceActivated);
    const QModelIndex row = results.model()->index(results.model()->rowOf(QStringLiteral("c")), 1);
    results.view()->setCurrentIndex(row);
    results.view()->setFocus();
    QTest::keyClick(results.view(), Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("c"));
}

void TestTraceWidgets::scatterPointClick()
{
    TraceResults results;
    results.resize(900, 700);
    results.show();
    QVERIFY(QTest::qWaitForWindowExposed(&results));
    results.setResults(fiveTraces());
    QTest::qWait(50); // the chart lays out its items on posted events
    QVERIFY(results.chartView()->height() >= 200);
    QSignalSpy spy(&results, &TraceResults::traceActivated);

    const auto [series, index] = results.pointOf(QStringLiteral("c"));
    QVERIFY(series);
    const QPointF point = series->at(index);
    QCOMPARE(point.y(), 45'000 / results.durationScale());
    const QPointF inChart = results.chart()->mapToPosition(point, series);
    const QPoint inView = results.chartView()->mapFromScene(results.chart()->mapToScene(inChart));
    QTest::mouseClick(results.chartView()->viewport(), Qt::LeftButton, {}, inView);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("c"));
    // The list follows the click.
    QCOMPARE(results.view()->currentIndex().data(TraceResultsModel::TraceIdRole).toString(),
             QStringLiteral("c"));

    // A press outside the plot must not crash (Qt Charts 6.4) nor open anything.
    QTest::mouseClick(results.chartView()->viewport(), Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(spy.count(), 1);
}

void TestTraceWidgets::scatterSeparatesErrors()
{
    TraceResults results;
    results.setResults(fiveTraces());
    // a and c have no errors; b, d and e have.
    for (const char *id : {"a", "c"}) {
        const int i = int(results.series().indexOf(results.pointOf(QLatin1String(id)).first));
        QVERIFY(i >= 0);
        QVERIFY(!TraceResults::isErrorSeries(i));
    }
    for (const char *id : {"b", "d", "e"}) {
        const auto [series, index] = results.pointOf(QLatin1String(id));
        const int i = int(results.series().indexOf(series));
        QVERIFY(i >= 0);
        QVERIFY(TraceResults::isErrorSeries(i));
        QCOMPARE(series->color().red(), 0xf2);
    }
    // The longest (2.5 s) sets the unit: milliseconds.
    QCOMPARE(results.durationScale(), 1000.0);
    QCOMPARE(results.pointOf(QStringLiteral("d"))
                 .first->at(results.pointOf(QStringLiteral("d")).second)
                 .y(),
             2500.0);
    // More spans, bigger marker: c has 40, a has 3.
    QVERIFY(results.pointOf(QStringLiteral("c")).first->markerSize() >
            results.pointOf(QStringLiteral("a")).first->markerSize());
    QVERIFY(results.pointOf(QStringLiteral("zzz")).first == nullptr);
}

void TestTraceWidgets::formRejectsBadInput_data()
{
    QTest::addColumn<QString>("tags");
    QTest::addColumn<QString>("minDuration");
    QTest::addColumn<QString>("maxDuration");
    QTest::addColumn<QString>("errorLabel");

    QTest::newRow("not a duration") << QString() << QStringLiteral("5 parsecs") << QString()
                                    << QStringLiteral("traceDurationError");
    QTest::newRow("unit missing") << QString() << QString() << QStringLiteral("500")
                                  << QStringLiteral("traceDurationError");
    QTest::newRow("negative") << QString() << QStringLiteral("-1s") << QString()
                              << QStringLiteral("traceDurationError");
    QTest::newRow("min above max") << QString() << QStringLiteral("2s") << QStringLiteral("500ms")
                                   << QStringLiteral("traceDurationError");
    QTest::newRow("unbalanced quote") << QStringLiteral("db.statement=\"find") << QString()
                                      << QString() << QStringLiteral("traceTagsError");
}

void TestTraceWidgets::formRejectsBadInput()
{
    QFETCH(QString, tags);
    QFETCH(QString, minDuration);
    QFETCH(QString, maxDuration);
    QFETCH(QString, errorLabel);

    TraceSearchForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    form.setServices({QStringLiteral("rust-api")});
    form.serviceCombo()->setCurrentIndex(0);
    QSignalSpy spy(&form, &TraceSearchForm::searchRequested);
    form.tagsEdit()->setText(tags);
    form.minDurationEdit()->setText(minDuration);
    form.maxDurationEdit()->setText(maxDuration);

    auto *label = form.findChild<QLabel *>(errorLabel);
    QVERIFY(label);
    // Shown as the user types, before any search.
    QVERIFY(label->isVisible());
    QVERIFY(!label->text().isEmpty());
    QCOMPARE(label->textFormat(), Qt::PlainText);

    QTest::mouseClick(form.findButton(), Qt::LeftButton);
    QTest::keyClick(form.minDurationEdit(), Qt::Key_Return);
    QCOMPARE(spy.count(), 0);
    QVERIFY(!form.isValid());

    // Fixing the field clears the error and lets the search go.
    form.tagsEdit()->setText(QStringLiteral("error=true"));
    form.minDurationEdit()->clear();
    form.maxDurationEdit()->clear();
    QVERIFY(!label->isVisible());
    QTest::mouseClick(form.findButton(), Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
}

void TestTraceWidgets::formEmitsExactQuery()
{
    TraceSearchForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    QSignalSpy chosen(&form, &TraceSearchForm::serviceChosen);
    QSignalSpy spy(&form, &TraceSearchForm::searchRequested);

    // Without a service there is nothing to search (Jaeger requires one).
    QTest::keyClick(form.tagsEdit(), Qt::Key_Return);
    QCOMPARE(spy.count(), 0);
    QVERIFY(form.findChild<QLabel *>(QStringLiteral("traceServiceError"))->isVisible());

    form.setServices(
        {QStringLiteral("mongodb"), QStringLiteral("redis"), QStringLiteral("rust-api")});
    form.serviceCombo()->setCurrentIndex(2);
    emit form.serviceCombo()->textActivated(QStringLiteral("rust-api"));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("rust-api"));
    JaegerOperation get, post;
    get.name = QStringLiteral("GET /health");
    post.name = QStringLiteral("POST /sessions/{id}/answers");
    post.spanKind = QStringLiteral("server");
    form.setOperations({get, post});
    QCOMPARE(form.operationCombo()->itemText(0), QStringLiteral("all"));
    form.operationCombo()->setCurrentIndex(form.operationCombo()->findText(post.name));
    form.tagsEdit()->setText(QStringLiteral("error=true http.status_code=500"));
    form.lookbackCombo()->setCurrentIndex(TraceSearchForm::Last6Hours);
    form.minDurationEdit()->setText(QStringLiteral("500ms"));
    form.maxDurationEdit()->setText(QStringLiteral("1.2s"));
    form.limitSpin()->setValue(150);

    const QDateTime before = QDateTime::currentDateTime();
    // Enter in any field searches.
    QTest::keyClick(form.maxDurationEdit(), Qt::Key_Return);
    const QDateTime after = QDateTime::currentDateTime();
    QCOMPARE(spy.count(), 1);
    const auto q = spy.at(0).at(0).value<TraceQuery>();
    QCOMPARE(q.service, QStringLiteral("rust-api"));
    QCOMPARE(q.operation, QStringLiteral("POST /sessions/{id}/answers"));
    QCOMPARE(q.tags, QStringLiteral("error=true http.status_code=500"));
    QCOMPARE(q.minDurationUs, 500'000);
    QCOMPARE(q.maxDurationUs, 1'200'000);
    QCOMPARE(q.limit, 150);
    QVERIFY(q.end >= before && q.end <= after);
    QCOMPARE(q.start.msecsTo(q.end), 6LL * 3600 * 1000);

    // "all" means no operation, and empty durations no bounds.
    form.operationCombo()->setCurrentIndex(0);
    form.minDurationEdit()->clear();
    form.maxDurationEdit()->clear();
    const QDateTime now = QDateTime::currentDateTime();
    const TraceQuery all = form.queryAt(now);
    QVERIFY(all.operation.isEmpty());
    QCOMPARE(all.minDurationUs, -1);
    QCOMPARE(all.maxDurationUs, -1);
    QCOMPARE(all.end, now);
}

void TestTraceWidgets::formCustomWindow()
{
    TraceSearchForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    QVERIFY(!form.customStartEdit()->isVisible());
    form.lookbackCombo()->setCurrentIndex(TraceSearchForm::Custom);
    QVERIFY(form.customStartEdit()->isVisible());
    form.setServices({QStringLiteral("rust-api")});
    form.serviceCombo()->setCurrentIndex(0);
    const QDateTime start(QDate(2024, 3, 1), QTime(10, 0, 0));
    const QDateTime end(QDate(2024, 3, 1), QTime(12, 30, 0));
    form.customStartEdit()->setDateTime(end);
    form.customEndEdit()->setDateTime(start);
    QSignalSpy spy(&form, &TraceSearchForm::searchRequested);
    QVERIFY(!form.submit()); // start after end
    QVERIFY(form.findChild<QLabel *>(QStringLiteral("traceWindowError"))->isVisible());
    form.customStartEdit()->setDateTime(start);
    form.customEndEdit()->setDateTime(end);
    QVERIFY(form.submit());
    const auto q = spy.at(0).at(0).value<TraceQuery>();
    QCOMPARE(q.start, start);
    QCOMPARE(q.end, end);
}

void TestTraceWidgets::setQueryRoundTrip_data()
{
    QTest::addColumn<bool>("relative");
    QTest::addColumn<qint64>("lengthS");
    QTest::addColumn<int>("lookback");
    QTest::newRow("last 15 minutes") << true << qint64(900) << int(TraceSearchForm::Last15Minutes);
    QTest::newRow("last 2 days") << true << qint64(2 * 86400) << int(TraceSearchForm::Last2Days);
    QTest::newRow("chart range") << false << qint64(1234) << int(TraceSearchForm::Custom);
    QTest::newRow("recent odd length") << true << qint64(1234) << int(TraceSearchForm::Custom);
}

void TestTraceWidgets::setQueryRoundTrip()
{
    QFETCH(bool, relative);
    QFETCH(qint64, lengthS);
    QFETCH(int, lookback);

    TraceQuery in;
    in.service = QStringLiteral("checkout"); // not listed by the server (yet)
    in.operation = QStringLiteral("POST /pay");
    in.tags = QStringLiteral("customer=\"ACME corp\" error=true");
    in.minDurationUs = 1'500'000;
    in.maxDurationUs = 90'000'000;
    in.limit = 1500;
    // Whole seconds: the date-time edits show seconds.
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch());
    in.end = relative ? now : QDateTime(QDate(2024, 3, 1), QTime(10, 0, 0));
    in.start = in.end.addSecs(-lengthS);

    TraceSearchForm form;
    form.setServices({QStringLiteral("rust-api")});
    QSignalSpy chosen(&form, &TraceSearchForm::serviceChosen);
    form.setQuery(in);
    QCOMPARE(chosen.count(), 1); // so the owner loads checkout's operations
    QCOMPARE(form.lookbackCombo()->currentIndex(), lookback);

    const TraceQuery out = form.queryAt(in.end);
    QCOMPARE(out.service, in.service);
    QCOMPARE(out.operation, in.operation);
    QCOMPARE(out.tags, in.tags);
    QCOMPARE(out.minDurationUs, in.minDurationUs);
    QCOMPARE(out.maxDurationUs, in.maxDurationUs);
    QCOMPARE(out.limit, in.limit);
    QCOMPARE(out.start, in.start);
    QCOMPARE(out.end, in.end);
    QVERIFY(form.isValid());

    // Operations arriving afterwards keep the operation asked for.
    JaegerOperation other;
    other.name = QStringLiteral("GET /cart");
    form.setOperations({other});
    QCOMPARE(form.queryAt(in.end).operation, in.operation);
}

void TestTraceWidgets::serviceChoiceAndOperations()
{
    TraceSearchForm form;
    QSignalSpy chosen(&form, &TraceSearchForm::serviceChosen);
    form.setServices({QStringLiteral("mongodb"), QStringLiteral("rust-api")});
    QCOMPARE(chosen.count(), 0);
    form.serviceCombo()->setCurrentIndex(1);
    emit form.serviceCombo()->textActivated(QStringLiteral("rust-api"));
    QCOMPARE(chosen.count(), 1);
    // The same service again asks for nothing.
    emit form.serviceCombo()->textActivated(QStringLiteral("rust-api"));
    QCOMPARE(chosen.count(), 1);

    // Duplicates per span kind collapse; "all" stays first.
    JaegerOperation a, b, c;
    a.name = QStringLiteral("find");
    a.spanKind = QStringLiteral("client");
    b.name = QStringLiteral("find");
    b.spanKind = QStringLiteral("server");
    c.name = QStringLiteral("aggregate");
    form.setOperations({a, b, c});
    QCOMPARE(form.operationCombo()->count(), 3);
    QCOMPARE(form.operationCombo()->itemText(0), QStringLiteral("all"));
    form.operationCombo()->setCurrentIndex(1);
    const QString picked = form.query().operation;
    QVERIFY(!picked.isEmpty());

    // A refreshed service list keeps the chosen service.
    form.setServices({QStringLiteral("redis"), QStringLiteral("rust-api")});
    QCOMPARE(form.query().service, QStringLiteral("rust-api"));
    QCOMPARE(form.query().operation, picked);

    // Choosing another service drops the previous service's operation.
    form.serviceCombo()->setCurrentIndex(0);
    emit form.serviceCombo()->textActivated(QStringLiteral("redis"));
    QCOMPARE(chosen.count(), 2);
    QVERIFY(form.query().operation.isEmpty());
}

void TestTraceWidgets::spanDetailPlainTextAndLinks()
{
    Trace t = handAnalysed();
    t.spans[1].operationName = QStringLiteral("<b>find</b> sessions");
    t.spans[1].tags = {tag(QStringLiteral("<img src=x>"), QStringLiteral("<img src=x>")),
                       tag(QStringLiteral("http.url"),
                           QStringLiteral("https://api.example.com/sessions/42?x=<script>")),
                       tag(QStringLiteral("evil"), QStringLiteral("javascript:alert(1)")),
                       tag(QStringLiteral("file"), QStringLiteral("file:///etc/passwd")),
                       tag(QStringLiteral("note"), QStringLiteral("https://a.example see logs"))};

    SpanDetail detail;
    detail.resize(700, 600);
    detail.show();
    QVERIFY(QTest::qWaitForWindowExposed(&detail));
    detail.setSpan(std::make_shared<const Trace>(t), 1);

    QCOMPARE(detail.fieldText(SpanDetail::Operation), QStringLiteral("<b>find</b> sessions"));
    for (int f = 0; f < SpanDetail::FieldCount; ++f)
        QCOMPARE(detail.fieldLabel(SpanDetail::Field(f))->textFormat(), Qt::PlainText);
    QCOMPARE(detail.fieldText(SpanDetail::Service), QStringLiteral("mongodb"));
    QCOMPARE(detail.fieldText(SpanDetail::SpanId), QStringLiteral("0000000000000002"));
    QVERIFY2(detail.fieldText(SpanDetail::Start).startsWith(QStringLiteral("+100 ms")),
             qPrintable(detail.fieldText(SpanDetail::Start)));
    QVERIFY(detail.fieldText(SpanDetail::Duration).startsWith(QStringLiteral("711 ms")));
    QVERIFY(detail.fieldText(SpanDetail::Duration).contains(QStringLiteral("78.0%")));
    QCOMPARE(detail.fieldText(SpanDetail::SelfTime), QStringLiteral("711 ms"));
    QVERIFY(detail.fieldText(SpanDetail::Parent).contains(QStringLiteral("POST /answers")));

    QStandardItemModel *tags = detail.model(SpanDetail::TagsTab);
    QCOMPARE(tags->rowCount(), 5);
    QCOMPARE(tags->item(0, 0)->text(), QStringLiteral("<img src=x>"));
    QCOMPARE(tags->item(0, 1)->text(), QStringLiteral("<img src=x>"));
    QVERIFY(!tags->item(0, 1)->data(SpanDetail::UrlRole).isValid());
    QVERIFY(!tags->item(2, 1)->data(SpanDetail::UrlRole).isValid()); // javascript:
    QVERIFY(!tags->item(3, 1)->data(SpanDetail::UrlRole).isValid()); // file:
    QVERIFY(!tags->item(4, 1)->data(SpanDetail::UrlRole).isValid()); // prose
    QVERIFY(tags->item(1, 1)->font().underline());
    QCOMPARE(tags->item(1, 1)->data(SpanDetail::UrlRole).toUrl().host(),
             QStringLiteral("api.example.com"));
    QCOMPARE(detail.tabs()->tabText(SpanDetail::TagsTab), QStringLiteral("Tags (5)"));

    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "handle");
    QDesktopServices::setUrlHandler(QStringLiteral("javascript"), &catcher, "handle");
    const auto unset = qScopeGuard([] {
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("javascript"));
    });
    QTreeView *view = detail.view(SpanDetail::TagsTab);
    // Plain cells open nothing; the link opens on its click.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(tags->index(2, 1)).center());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(tags->index(0, 1)).center());
    QVERIFY(catcher.urls.isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(tags->index(1, 1)).center());
    QCOMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.at(0).host(), QStringLiteral("api.example.com"));

    QCOMPARE(detail.model(SpanDetail::ProcessTab)->rowCount(), 0);
    detail.setSpan(t, 0);
    QCOMPARE(detail.model(SpanDetail::ProcessTab)->item(0, 1)->text(), QStringLiteral("api-7"));
    QCOMPARE(detail.fieldText(SpanDetail::Parent), QStringLiteral("none (a root span)"));
}

void TestTraceWidgets::spanDetailReferencesLogsWarnings()
{
    Trace t = handAnalysed();
    TraceReference missing;
    missing.type = TraceReference::Type::FollowsFrom;
    missing.traceId = t.traceId;
    missing.spanId = QStringLiteral("00000000000000ff");
    t.spans[2].references.append(missing);
    TraceLog log;
    log.timestampUs = kBase + 855'000;
    log.fields = {tag(QStringLiteral("event"), QStringLiteral("cache miss")),
                  tag(QStringLiteral("key"), QStringLiteral("session:42"))};
    t.spans[2].logs = {log};
    t.spans[2].warnings = {QStringLiteral("clock skew adjustment disabled")};
    t.warnings = {QStringLiteral("span 00000000000000ff is missing")};

    SpanDetail detail;
    QSignalSpy requested(&detail, &SpanDetail::spanRequested);
    detail.setSpan(t, 2);

    QStandardItemModel *refs = detail.model(SpanDetail::ReferencesTab);
    QCOMPARE(refs->rowCount(), 2);
    QCOMPARE(refs->item(0, 0)->text(), QStringLiteral("CHILD_OF"));
    QCOMPARE(refs->item(0, 3)->text(), QStringLiteral("rust-api: POST /answers"));
    QCOMPARE(refs->item(1, 0)->text(), QStringLiteral("FOLLOWS_FROM"));
    QCOMPARE(refs->item(1, 2)->text(), QStringLiteral("00000000000000ff"));
    QCOMPARE(refs->item(1, 3)->text(), QStringLiteral("missing"));
    emit detail.view(SpanDetail::ReferencesTab)->doubleClicked(refs->index(0, 1));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toInt(), 0);
    emit detail.view(SpanDetail::ReferencesTab)->doubleClicked(refs->index(1, 1));
    QCOMPARE(requested.count(), 1);

    QStandardItemModel *logs = detail.model(SpanDetail::LogsTab);
    QCOMPARE(logs->rowCount(), 1);
    QCOMPARE(logs->item(0, 0)->text(), QStringLiteral("+855 ms"));
    QCOMPARE(logs->item(0, 1)->text(), QDateTime::fromMSecsSinceEpoch(log.timestampUs / 1000)
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    QCOMPARE(logs->item(0, 0)->rowCount(), 2);
    QCOMPARE(logs->item(0, 0)->child(0, 1)->text(), QStringLiteral("cache miss"));

    QStandardItemModel *warnings = detail.model(SpanDetail::WarningsTab);
    QCOMPARE(warnings->rowCount(), 2);
    QCOMPARE(warnings->item(0, 0)->text(), QStringLiteral("span"));
    QCOMPARE(warnings->item(1, 0)->text(), QStringLiteral("trace"));
    QCOMPARE(warnings->item(1, 1)->text(), QStringLiteral("span 00000000000000ff is missing"));

    // Off the critical path, says so; clear() empties everything.
    t.spans[2].criticalUs = 0;
    detail.setSpan(t, 2);
    QCOMPARE(detail.fieldText(SpanDetail::CriticalPath),
             QStringLiteral("not on the critical path"));
    detail.clear();
    QCOMPARE(detail.model(SpanDetail::TagsTab)->rowCount(), 0);
    QCOMPARE(detail.fieldText(SpanDetail::Operation), QStringLiteral("No span selected"));
    detail.setSpan(t, 99); // out of range: nothing, no crash
    QCOMPARE(detail.spanIndex(), -1);
}

void TestTraceWidgets::spanDetailCopyValue()
{
    Trace t = handAnalysed();
    t.spans[1].tags = {
        tag(QStringLiteral("db.statement"), QStringLiteral("db.sessions.find({\"_id\": 42})"))};
    SpanDetail detail;
    detail.resize(600, 500);
    detail.show();
    QVERIFY(QTest::qWaitForWindowActive(&detail));
    detail.setSpan(t, 1);
    QTreeView *view = detail.view(SpanDetail::TagsTab);
    view->setFocus();
    view->setCurrentIndex(detail.model(SpanDetail::TagsTab)->index(0, 0));
    QGuiApplication::clipboard()->clear();
    QTest::keySequence(view, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("db.sessions.find({\"_id\": 42})"));
}

void TestTraceWidgets::summaryHeadlineAndTopOperations()
{
    Trace t = handMadeTrace(); // not analysed: the view analyses a copy
    TraceSummaryView view;
    view.resize(600, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setTrace(t);

    // mongodb's find holds 711.36 of 912 ms.
    const QString headline = view.headline();
    QVERIFY2(headline.startsWith(QStringLiteral("78% of 912 ms")), qPrintable(headline));
    QVERIFY2(headline.contains(QStringLiteral("mongodb")) &&
                 headline.contains(QStringLiteral("find sessions")),
             qPrintable(headline));
    QCOMPARE(view.headlineLabel()->textFormat(), Qt::PlainText);

    QStandardItemModel *top = view.topModel();
    QCOMPARE(top->rowCount(), 3);
    QCOMPARE(top->item(0, TraceSummaryView::ServiceColumn)->text(), QStringLiteral("mongodb"));
    QCOMPARE(top->item(0, TraceSummaryView::OperationColumn)->text(),
             QStringLiteral("find sessions"));
    QCOMPARE(top->item(0, TraceSummaryView::SelfTimeColumn)->text(), QStringLiteral("711 ms"));
    QCOMPARE(top->item(0, TraceSummaryView::PercentColumn)->text(), QStringLiteral("78.0%"));
    QCOMPARE(top->item(0, TraceSummaryView::CriticalColumn)->text(), QStringLiteral("711 ms"));
    QCOMPARE(top->item(0, TraceSummaryView::CountColumn)->text(), QStringLiteral("1"));
    QCOMPARE(top->item(1, TraceSummaryView::ServiceColumn)->text(), QStringLiteral("rust-api"));
    QCOMPARE(top->item(1, TraceSummaryView::SelfTimeColumn)->text(), QStringLiteral("191 ms"));
    QCOMPARE(view.breakdown().services.size(), 3);
    QCOMPARE(view.breakdown().services.at(0).service, QStringLiteral("mongodb"));

    QSignalSpy spy(&view, &TraceSummaryView::operationActivated);
    QTreeView *tv = view.topView();
    QTest::mouseClick(tv->viewport(), Qt::LeftButton, {},
                      tv->visualRect(top->index(2, TraceSummaryView::OperationColumn)).center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("redis"));
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("GET"));

    view.clear();
    QCOMPARE(view.topModel()->rowCount(), 0);
}

QTEST_MAIN(TestTraceWidgets)
#include "tst_tracewidgets.moc"
