// The trace waterfall: the span tree as a model (shape, search) that stays cheap at
// 100,000 spans, and the view an operator reads - bars where the time went, zoom
// and pan, search navigation, untrusted span text shown literally.
#include "jaegerdecoder.h"
#include "palette.h"
#include "servicecolors.h"
#include "trace.h"
#include "tracewaterfall.h"
#include "tracewaterfallmodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

namespace {

constexpr qint64 kBase = 1'770'000'000'000'000; // µs since the epoch

struct SpanSpec
{
    QString operation;
    int process = 0;
    qint64 start = 0; // µs from kBase
    qint64 duration = 0;
    int parent = -1;
    bool followsFrom = false;
    bool error = false;
    qint64 critical = 0;
    TraceTags tags;
    QList<qint64> logs; // µs from kBase
};

QString spanId(int i)
{
    return QStringLiteral("%1").arg(0xa0 + i, 16, 16, QLatin1Char('0'));
}

/// A trace with the analysed fields filled as analyseTrace() documents them, so the
/// view is tested against the contract rather than against the analysis code.
Trace makeTrace(const QStringList &services, const QList<SpanSpec> &specs)
{
    Trace t;
    t.traceId = QStringLiteral("4a1b2c3d4e5f60718293a4b5c6d7e8f9");
    for (const QString &s : services) {
        TraceProcess p;
        p.serviceName = s;
        t.processes.append(p);
    }
    for (int i = 0; i < specs.size(); ++i) {
        const SpanSpec &spec = specs.at(i);
        Span s;
        s.traceId = t.traceId;
        s.spanId = spanId(i);
        s.operationName = spec.operation;
        s.processIndex = spec.process;
        s.startUs = kBase + spec.start;
        s.durationUs = spec.duration;
        s.tags = spec.tags;
        for (qint64 l : spec.logs) {
            TraceLog log;
            log.timestampUs = kBase + l;
            s.logs.append(log);
        }
        s.parent = spec.parent;
        s.followsFrom = spec.followsFrom;
        s.error = spec.error;
        s.criticalUs = spec.critical;
        t.spans.append(s);
    }
    t.startUs = std::numeric_limits<qint64>::max();
    t.endUs = std::numeric_limits<qint64>::min();
    for (int i = 0; i < t.spans.size(); ++i) {
        Span &s = t.spans[i];
        t.startUs = std::min(t.startUs, s.startUs);
        t.endUs = std::max(t.endUs, s.startUs + s.durationUs);
        if (s.parent < 0)
            t.roots.append(i);
        else
            t.spans[s.parent].children.append(i);
        t.errorCount += s.error ? 1 : 0;
    }
    auto byStart = [&t](int a, int b) {
        return t.spans.at(a).startUs < t.spans.at(b).startUs;
    };
    for (Span &s : t.spans)
        std::stable_sort(s.children.begin(), s.children.end(), byStart);
    std::stable_sort(t.roots.begin(), t.roots.end(), byStart);
    for (int i = 0; i < t.spans.size(); ++i) {
        int d = 0;
        for (int p = t.spans.at(i).parent; p >= 0; p = t.spans.at(p).parent)
            ++d;
        t.spans[i].depth = d;
    }
    t.analysed = true;
    return t;
}

TraceKeyValue tag(const QString &key, const QString &value)
{
    TraceKeyValue kv;
    kv.key = key;
    kv.value = value;
    return kv;
}

enum SmallSpan { Root, MongoFind, RedisGet, MongoGetMore, KafkaPublish, Orphan, Markup };

/// api root with mongodb, redis and (FOLLOWS_FROM) kafka children; a span whose
/// parent is missing from the trace (a root); a span named with markup.
Trace smallTrace()
{
    const QStringList services{QStringLiteral("api"), QStringLiteral("mongodb"),
                               QStringLiteral("redis"), QStringLiteral("kafka")};
    QList<SpanSpec> specs(7);
    specs[Root] = {QStringLiteral("GET /users"), 0, 0, 1000, -1, false, false, 300, {}, {}};
    specs[MongoFind] = {QStringLiteral("mongo find"),
                        1,
                        100,
                        500,
                        Root,
                        false,
                        false,
                        500,
                        {tag(QStringLiteral("db.statement"), QStringLiteral("find users"))},
                        {}};
    specs[RedisGet] = {QStringLiteral("redis GET"),
                       2,
                       650,
                       100,
                       Root,
                       false,
                       true,
                       0,
                       {tag(QStringLiteral("cache.key"), QStringLiteral("user:42"))},
                       {700}};
    specs[MongoGetMore] = {
        QStringLiteral("mongo getMore"), 1, 200, 100, MongoFind, false, false, 0, {}, {}};
    specs[KafkaPublish] = {QStringLiteral("publish"), 3, 800, 150, Root, true, false, 0, {}, {}};
    specs[Orphan] = {QStringLiteral("orphan op"), 0, 300, 50, -1, false, false, 0, {}, {}};
    specs[Markup] = {QStringLiteral("<b>x</b>"), 0, 50, 20, Root, false, false, 0, {}, {}};
    return makeTrace(services, specs);
}

/// `count` spans, ten children per span (span i's parent is (i - 1) / 10).
Trace bigTrace(int count)
{
    Trace t;
    t.traceId = QStringLiteral("00000000000000000000000000000b16");
    for (int p = 0; p < 8; ++p) {
        TraceProcess proc;
        proc.serviceName = QStringLiteral("service-%1").arg(p);
        t.processes.append(proc);
    }
    t.spans.resize(count);
    for (int i = 0; i < count; ++i) {
        Span &s = t.spans[i];
        s.traceId = t.traceId;
        s.spanId = QStringLiteral("%1").arg(i + 1, 16, 16, QLatin1Char('0'));
        s.operationName = QStringLiteral("op-%1").arg(i % 50);
        s.processIndex = i % 8;
        s.startUs = kBase + i;
        s.durationUs = std::max(1, 200000 - i);
        s.tags.append(tag(QStringLiteral("seq"), QStringLiteral("n%1").arg(i)));
        s.parent = i == 0 ? -1 : (i - 1) / 10;
        if (s.parent >= 0) {
            t.spans[s.parent].children.append(i);
            s.depth = t.spans.at(s.parent).depth + 1;
        }
    }
    t.roots = {0};
    t.startUs = kBase;
    t.endUs = kBase + 200000;
    t.analysed = true;
    return t;
}

/// The spans of the model's rows, top to bottom.
QList<int> rowSpans(const TraceWaterfallModel &m)
{
    QList<int> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.data(m.index(r, 0), TraceWaterfallModel::SpanIndexRole).toInt());
    return out;
}

} // namespace

class TestTraceWaterfall : public QObject
{
    Q_OBJECT
private slots:
    void modelPassesTester();
    void treeShape_data();
    void treeShape();
    void inconsistentLinksShowEverySpanOnce();
    void expandCollapseRows();
    void bigTraceModel();
    void bigTraceView();
    void search_data();
    void search();
    void searchNavigationSelectsAndExpands();
    void keyboard();
    void arrowClickToggles();
    void barAtItsTime();
    void criticalAndErrorMarks();
    void zoomAndPan();
    void rulerDragZooms();
    void rulerLabels_data();
    void rulerLabels();
    void markupShowsLiterally();
    void durationText_data();
    void durationText();
    void realFixture_data();
    void realFixture();

private:
    static QColor pixel(const QImage &image, double x, int y)
    {
        return image.pixelColor(int(std::lround(x)), y);
    }
    /// x of `fraction` of the timeline column, and the viewport's image.
    static double columnX(const TraceWaterfall &w, double fraction)
    {
        const QHeaderView *h = w.treeView()->header();
        const int left = h->sectionViewportPosition(TraceWaterfallModel::Timeline);
        return left + fraction * h->sectionSize(TraceWaterfallModel::Timeline);
    }
};

void TestTraceWaterfall::modelPassesTester()
{
    TraceWaterfallModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTrace(smallTrace());
    m.setFilterText(QStringLiteral("mongo"));
    m.setFilterText(QStringLiteral("user:42"));
    m.setFilterText(QString());
    m.setExpanded(MongoFind, false);
    m.setExpanded(Root, false);
    m.setExpanded(Root, true);
    m.showToDepth(1);
    m.expandAncestors(MongoGetMore);
    m.setTrace(Trace());
    QCOMPARE(m.rowCount(), 0);
    m.setTrace(smallTrace());
    QCOMPARE(m.rowCount(), 7); // every span, expanded
    QCOMPARE(m.rootSpans().size(), 2);
}

void TestTraceWaterfall::treeShape_data()
{
    QTest::addColumn<int>("span");
    QTest::addColumn<int>("parent");
    QTest::addColumn<int>("row");
    QTest::addColumn<QList<int>>("children");
    QTest::newRow("root") << int(Root) << -1 << 0
                          << QList<int>{Markup, MongoFind, RedisGet, KafkaPublish};
    QTest::newRow("missing parent is a root, by start") << int(Orphan) << -1 << 1 << QList<int>{};
    QTest::newRow("child by start") << int(MongoFind) << int(Root) << 1 << QList<int>{MongoGetMore};
    QTest::newRow("grandchild") << int(MongoGetMore) << int(MongoFind) << 0 << QList<int>{};
    QTest::newRow("FOLLOWS_FROM child") << int(KafkaPublish) << int(Root) << 3 << QList<int>{};
}

void TestTraceWaterfall::treeShape()
{
    QFETCH(int, span);
    QFETCH(int, parent);
    QFETCH(int, row);
    QFETCH(QList<int>, children);
    TraceWaterfallModel m;
    m.setTrace(smallTrace());
    QCOMPARE(m.rootSpans(), (QList<int>{Root, Orphan}));
    // Fully expanded: one row per span, depth-first, children by start.
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, MongoGetMore, RedisGet,
                                      KafkaPublish, Orphan}));
    QCOMPARE(m.parentSpan(span), parent);
    const QList<int> siblings = parent < 0 ? m.rootSpans() : m.childSpans(parent);
    QCOMPARE(siblings.indexOf(span), row);
    QCOMPARE(m.childSpans(span), children);
    QCOMPARE(m.childSpanCount(span), children.size());
    const QModelIndex index = m.indexForSpan(span);
    QVERIFY(index.isValid());
    QVERIFY(!index.parent().isValid());
    QCOMPARE(m.spanAt(index), span);
    QCOMPARE(m.index(index.row(), 1).data(TraceWaterfallModel::SpanIndexRole).toInt(), span);
    QCOMPARE(index.data(TraceWaterfallModel::HasChildrenRole).toBool(), !children.isEmpty());
    QCOMPARE(index.data(TraceWaterfallModel::ExpandedRole).toBool(), !children.isEmpty());
    QCOMPARE(index.data(TraceWaterfallModel::DepthRole).toInt(), parent < 0       ? 0
                                                                 : parent == Root ? 1
                                                                                  : 2);
    QCOMPARE(index.data(TraceWaterfallModel::FollowsFromRole).toBool(), span == KafkaPublish);
    QCOMPARE(index.data(TraceWaterfallModel::StartOffsetRole).toLongLong(),
             smallTrace().spans.at(span).startUs - kBase);
}

void TestTraceWaterfall::inconsistentLinksShowEverySpanOnce()
{
    // A span listed under two parents and one listed nowhere: shown once each, the
    // unlisted one as a root, and the model stays consistent.
    Trace t = smallTrace();
    t.spans[RedisGet].children.append(MongoGetMore);
    t.spans[Root].children.removeAll(int(KafkaPublish));
    TraceWaterfallModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTrace(t);
    QCOMPARE(m.childSpans(RedisGet), QList<int>{});
    QCOMPARE(m.rootSpans(), (QList<int>{Root, Orphan, KafkaPublish}));
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, MongoGetMore, RedisGet, Orphan,
                                      KafkaPublish}));
    m.setExpanded(Root, false);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Orphan, KafkaPublish}));
}

void TestTraceWaterfall::expandCollapseRows()
{
    TraceWaterfallModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTrace(smallTrace());
    QVERIFY(m.allExpanded());
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);

    // Collapsing removes exactly the span's shown descendants, below it.
    QVERIFY(m.setExpanded(MongoFind, false));
    QVERIFY(!m.setExpanded(MongoFind, false));
    QVERIFY(!m.setExpanded(MongoGetMore, false)); // a leaf has nothing to collapse
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.last().at(1).toInt(), 3);
    QCOMPARE(removed.last().at(2).toInt(), 3);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, RedisGet, KafkaPublish, Orphan}));
    QVERIFY(!m.indexForSpan(MongoGetMore).isValid());
    QVERIFY(!m.isExpanded(MongoFind));
    QVERIFY(!m.allExpanded());

    // A collapsed span inside a collapsed one stays collapsed when its parent opens.
    QPersistentModelIndex redis(m.indexForSpan(RedisGet, 1));
    QVERIFY(m.setExpanded(Root, false));
    QCOMPARE(rowSpans(m), (QList<int>{Root, Orphan}));
    QVERIFY(!redis.isValid());
    QVERIFY(m.setExpanded(Root, true));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 1);
    QCOMPARE(inserted.last().at(2).toInt(), 4);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, RedisGet, KafkaPublish, Orphan}));
    QVERIFY(m.setExpanded(MongoFind, true));
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, MongoGetMore, RedisGet,
                                      KafkaPublish, Orphan}));

    // By depth; a persistent index of a span that loses its row moves to its ancestor.
    QPersistentModelIndex getMore(m.indexForSpan(MongoGetMore, 1));
    QPersistentModelIndex orphan(m.indexForSpan(Orphan));
    m.showToDepth(2);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, RedisGet, KafkaPublish, Orphan}));
    QCOMPARE(m.spanAt(getMore), int(MongoFind));
    QCOMPARE(getMore.column(), 1);
    QCOMPARE(m.spanAt(orphan), int(Orphan));
    QCOMPARE(orphan.row(), 5);
    m.showToDepth(1);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Orphan}));
    QCOMPARE(m.spanAt(getMore), int(Root));
    QCOMPARE(orphan.row(), 1);
    m.expandAncestors(MongoGetMore);
    QCOMPARE(rowSpans(m), (QList<int>{Root, Markup, MongoFind, MongoGetMore, RedisGet,
                                      KafkaPublish, Orphan}));
    m.showToDepth(std::numeric_limits<int>::max());
    QVERIFY(m.allExpanded());
    QCOMPARE(m.rowCount(), 7);

    // The search marks hidden spans too; they are listed among the matches.
    m.setExpanded(MongoFind, false);
    m.setFilterText(QStringLiteral("mongo"));
    QCOMPARE(m.matches(), (QList<int>{MongoFind, MongoGetMore}));
    QVERIFY(m.isMatch(MongoGetMore));
    m.setExpanded(MongoFind, true);
    QVERIFY(m.indexForSpan(MongoGetMore).data(TraceWaterfallModel::MatchRole).toBool());
}

void TestTraceWaterfall::bigTraceModel()
{
    const int n = 100000;
    TraceWaterfallModel m;
    m.setTrace(bigTrace(n));
    QCOMPARE(m.rootSpans(), QList<int>{0});
    QCOMPARE(m.rowCount(), n);
    for (int span : {1, 10, 11, 9999, 12345, 50000, n - 1}) {
        const int parent = (span - 1) / 10;
        QCOMPARE(m.parentSpan(span), parent);
        QCOMPARE(m.childSpans(parent).indexOf(span), (span - 1) % 10);
        const QModelIndex index = m.indexForSpan(span);
        QCOMPARE(m.index(index.row(), 0), index);
        const int expectedChildren = std::clamp(n - (10 * span + 1), 0, 10);
        QCOMPARE(m.childSpanCount(span), expectedChildren);
        QCOMPARE(m.isExpanded(span), expectedChildren > 0);
    }
    // Collapsing the root's first child hides its whole subtree, and back.
    int subtree = 0;
    for (int s = 1; s < n; ++s) {
        int a = s;
        while (a > 1)
            a = (a - 1) / 10;
        subtree += a == 1 ? 1 : 0;
    }
    m.setExpanded(1, false);
    QCOMPARE(m.rowCount(), n - (subtree - 1));
    QCOMPARE(m.spanAt(m.index(2, 0)), 2);
    m.setExpanded(1, true);
    QCOMPARE(m.rowCount(), n);
    QCOMPARE(m.spanAt(m.index(2, 0)), 11);
    m.setFilterText(QStringLiteral("N77777"));
    QCOMPARE(m.matches(), QList<int>{77777});
    m.setFilterText(QStringLiteral("op-49"));
    QCOMPARE(m.matches().size(), n / 50);
}

void TestTraceWaterfall::bigTraceView()
{
    const int n = 100000;
    TraceWaterfall w;
    w.resize(1000, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(bigTrace(n));
    w.expandAll();
    const QImage image = w.renderToImage(QSize(1000, 600));
    QVERIFY(!image.isNull());
    // The root's bar spans the whole timeline.
    const QRect rootRect =
        w.treeView()->visualRect(w.model()->indexForSpan(0, TraceWaterfallModel::Timeline));
    QVERIFY(rootRect.isValid());
    const QImage viewport = w.treeView()->viewport()->grab().toImage();
    QCOMPARE(pixel(viewport, columnX(w, 0.5), rootRect.center().y()), w.model()->serviceColor(0));

    // Search reaches a span deep in the tree: expanded to and selected.
    w.collapseAll();
    QCOMPARE(w.model()->rowCount(), 1);
    w.setSearchText(QStringLiteral("n77777"));
    w.findNext();
    QCOMPARE(w.selectedSpan(), 77777);
    QVERIFY(w.isSpanExpanded(w.model()->parentSpan(77777)));
    QVERIFY(w.treeView()->visualRect(w.model()->indexForSpan(77777)).isValid());
    // Collapsing an ancestor of the selected span selects the ancestor.
    QSignalSpy selected(&w, &TraceWaterfall::spanSelected);
    w.setSpanExpanded(7, false);
    QCOMPARE(w.selectedSpan(), 7);
    QCOMPARE(selected.last().at(0).toInt(), 7);
    w.collapseAll();
    QCOMPARE(w.selectedSpan(), 0);
    QCOMPARE(selected.last().at(0).toInt(), 0);
}

void TestTraceWaterfall::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("tag value") << QStringLiteral("user:42") << QList<int>{RedisGet};
    QTest::newRow("tag key") << QStringLiteral("DB.STATEMENT") << QList<int>{MongoFind};
    QTest::newRow("operation, case-insensitive, display order")
        << QStringLiteral("MONGO") << QList<int>{MongoFind, MongoGetMore};
    QTest::newRow("service") << QStringLiteral("kafka") << QList<int>{KafkaPublish};
    QTest::newRow("span id") << spanId(Orphan) << QList<int>{Orphan};
    QTest::newRow("markup as text") << QStringLiteral("<b>") << QList<int>{Markup};
    QTest::newRow("nothing") << QStringLiteral("postgres") << QList<int>{};
    QTest::newRow("empty clears") << QString() << QList<int>{};
}

void TestTraceWaterfall::search()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, expected);
    TraceWaterfallModel m;
    m.setTrace(smallTrace());
    m.setFilterText(QStringLiteral("api")); // something to clear first
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.setFilterText(text);
    QCOMPARE(m.matches(), expected);
    QVERIFY(changed.count() > 0);
    for (int s = 0; s < m.trace().spans.size(); ++s)
        QCOMPARE(m.indexForSpan(s).data(TraceWaterfallModel::MatchRole).toBool(),
                 expected.contains(s));
}

void TestTraceWaterfall::searchNavigationSelectsAndExpands()
{
    TraceWaterfall w;
    w.resize(900, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.setTrace(smallTrace());
    w.collapseAll();
    QSignalSpy selected(&w, &TraceWaterfall::spanSelected);
    auto *label = w.findChild<QLabel *>(QStringLiteral("traceMatchLabel"));
    QVERIFY(label);

    w.searchField()->setFocus();
    QTest::keyClicks(w.searchField(), QStringLiteral("mongo"));
    QTest::keyClick(w.searchField(), Qt::Key_Return);
    QCOMPARE(w.selectedSpan(), int(MongoFind));
    QCOMPARE(label->text(), QStringLiteral("1 of 2"));
    QCOMPARE(selected.last().at(0).toInt(), int(MongoFind));

    QTest::keyClick(w.searchField(), Qt::Key_F3);
    QCOMPARE(w.selectedSpan(), int(MongoGetMore));
    QCOMPARE(label->text(), QStringLiteral("2 of 2"));
    // Its parent was collapsed; the match is now visible.
    QVERIFY(w.isSpanExpanded(MongoFind));
    QTest::keyClick(w.searchField(), Qt::Key_F3);
    QCOMPARE(w.selectedSpan(), int(MongoFind));
    QTest::keyClick(w.searchField(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(w.selectedSpan(), int(MongoGetMore));

    w.searchField()->clear();
    QTest::keyClicks(w.searchField(), QStringLiteral("user:42"));
    QTest::keyClick(w.searchField(), Qt::Key_Return);
    QCOMPARE(w.selectedSpan(), int(RedisGet));
    QCOMPARE(label->text(), QStringLiteral("1 of 1"));

    w.setSearchText(QStringLiteral("nothing like it"));
    QCOMPARE(label->text(), QStringLiteral("No matches"));
    w.findNext();
    QCOMPARE(w.selectedSpan(), int(RedisGet));
}

void TestTraceWaterfall::keyboard()
{
    TraceWaterfall w;
    w.resize(900, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.setTrace(smallTrace());
    QSignalSpy activated(&w, &TraceWaterfall::spanActivated);
    QTreeView *tree = w.treeView();
    tree->setFocus();
    w.selectSpan(Root);
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(w.selectedSpan(), int(Markup));
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(w.selectedSpan(), int(MongoFind));
    QTest::keyClick(tree, Qt::Key_Left);
    QVERIFY(!w.isSpanExpanded(MongoFind));
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(w.selectedSpan(), int(RedisGet)); // the collapsed child is skipped
    QTest::keyClick(tree, Qt::Key_Up);
    QTest::keyClick(tree, Qt::Key_Right);
    QVERIFY(w.isSpanExpanded(MongoFind));
    QTest::keyClick(tree, Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.last().at(0).toInt(), int(MongoFind));
    // Right on an expanded span steps to its first child, Left on a leaf to its parent.
    QTest::keyClick(tree, Qt::Key_Right);
    QCOMPARE(w.selectedSpan(), int(MongoGetMore));
    QTest::keyClick(tree, Qt::Key_Left);
    QCOMPARE(w.selectedSpan(), int(MongoFind));
    QTest::keyClick(tree, Qt::Key_Minus);
    QVERIFY(!w.isSpanExpanded(MongoFind));
    QTest::keyClick(tree, Qt::Key_Plus);
    QVERIFY(w.isSpanExpanded(MongoFind));
    QTest::keyClick(tree, Qt::Key_End);
    QCOMPARE(w.selectedSpan(), int(Orphan));

    w.collapseAll();
    QVERIFY(!w.isSpanExpanded(Root));
    QCOMPARE(w.model()->rowCount(), 2);
    w.expandAllAction()->trigger();
    QVERIFY(w.isSpanExpanded(MongoFind));
    QCOMPARE(w.model()->rowCount(), 7);
    w.collapseToDepth(2);
    QVERIFY(w.isSpanExpanded(Root));
    QVERIFY(!w.isSpanExpanded(MongoFind));
    QVERIFY(w.model()->indexForSpan(MongoFind).isValid());
    QVERIFY(!w.model()->indexForSpan(MongoGetMore).isValid());
}

void TestTraceWaterfall::arrowClickToggles()
{
    TraceWaterfall w;
    w.resize(900, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(smallTrace());
    QTreeView *tree = w.treeView();
    const auto arrowOf = [&](int span) {
        return TraceWaterfall::expandArrowRect(tree->visualRect(w.model()->indexForSpan(span)),
                                               w.model()->depthOf(span))
                .center();
    };
    // The arrow is drawn where the click toggles: text-coloured ink inside it.
    const QImage image = tree->viewport()->grab().toImage();
    const QColor text = tree->palette().color(QPalette::Text);
    int ink = 0;
    const QRect arrow = TraceWaterfall::expandArrowRect(
            tree->visualRect(w.model()->indexForSpan(MongoFind)), w.model()->depthOf(MongoFind));
    for (int y = arrow.top(); y <= arrow.bottom(); ++y)
        for (int x = arrow.left(); x <= arrow.right(); ++x)
            ink += image.pixelColor(x, y) == text ? 1 : 0;
    QVERIFY(ink > 3);
    // Deeper rows are indented.
    QVERIFY(arrowOf(MongoGetMore).x() > arrowOf(MongoFind).x());
    QVERIFY(arrowOf(MongoFind).x() > arrowOf(Root).x());

    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, arrowOf(MongoFind));
    QVERIFY(!w.isSpanExpanded(MongoFind));
    QVERIFY(!w.model()->indexForSpan(MongoGetMore).isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, arrowOf(MongoFind));
    QVERIFY(w.isSpanExpanded(MongoFind));
    // A click elsewhere on the row selects it and toggles nothing.
    const QPoint text_ = tree->visualRect(w.model()->indexForSpan(MongoFind)).center();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, text_);
    QCOMPARE(w.selectedSpan(), int(MongoFind));
    QVERIFY(w.isSpanExpanded(MongoFind));
}

void TestTraceWaterfall::barAtItsTime()
{
    TraceWaterfall w;
    w.resize(1000, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(smallTrace());
    QCOMPARE(w.visibleRange(), (QPair<qint64, qint64>(0, 1000)));
    const QModelIndex cell = w.model()->indexForSpan(KafkaPublish, TraceWaterfallModel::Timeline);
    const QColor kafka = cell.data(TraceWaterfallModel::ServiceColorRole).value<QColor>();
    QCOMPARE(kafka, ServiceColors::forService(QStringLiteral("kafka")));
    const QRect rect = w.treeView()->visualRect(cell);
    const QImage image = w.treeView()->viewport()->grab().toImage();
    const int y = rect.center().y();
    // 800..950 µs of 1000: the bar covers 0.8..0.95 of the column, nothing before it.
    QCOMPARE(pixel(image, columnX(w, 0.82), y), kafka);
    QCOMPARE(pixel(image, columnX(w, 0.875), y), kafka);
    QCOMPARE(pixel(image, columnX(w, 0.93), y), kafka);
    QVERIFY(pixel(image, columnX(w, 0.5), y) != kafka);
    QVERIFY(pixel(image, columnX(w, 0.77), y) != kafka);
    // A sibling's bar is elsewhere: the mongodb span 100..600.
    const QRect mongo = w.treeView()->visualRect(w.model()->indexForSpan(MongoFind, 1));
    const QColor mongoColor = w.model()->serviceColor(MongoFind);
    QCOMPARE(pixel(image, columnX(w, 0.12), mongo.top() + mongo.height() / 2 - 4), mongoColor);
    QVERIFY(pixel(image, columnX(w, 0.875), mongo.top() + mongo.height() / 2 - 4) != mongoColor);
}

void TestTraceWaterfall::criticalAndErrorMarks()
{
    TraceWaterfall w;
    w.resize(1000, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(smallTrace());
    const QImage image = w.treeView()->viewport()->grab().toImage();

    // Critical: the middle of the mongodb bar is darker than its edge.
    const QRect mongo = w.treeView()->visualRect(w.model()->indexForSpan(MongoFind, 1));
    const QColor edge = pixel(image, columnX(w, 0.3), mongo.center().y() - 4);
    const QColor middle = pixel(image, columnX(w, 0.3), mongo.center().y());
    QCOMPARE(edge, w.model()->serviceColor(MongoFind));
    QVERIFY2(middle.lightness() < edge.lightness() - 30, qPrintable(middle.name()));
    // Not on the critical path: the kafka bar is one colour.
    const QRect kafka = w.treeView()->visualRect(w.model()->indexForSpan(KafkaPublish, 1));
    QCOMPARE(pixel(image, columnX(w, 0.875), kafka.center().y()),
             w.model()->serviceColor(KafkaPublish));

    // Errors are red in the name column; other rows have no red.
    auto redPixels = [&image](const QRect &r) {
        int count = 0;
        for (int y = r.top(); y <= r.bottom(); ++y)
            for (int x = r.left(); x <= r.right(); ++x)
                count += image.pixelColor(x, y) == Theme::error ? 1 : 0;
        return count;
    };
    QVERIFY(redPixels(w.treeView()->visualRect(w.model()->indexForSpan(RedisGet, 0))) > 10);
    QCOMPARE(redPixels(w.treeView()->visualRect(w.model()->indexForSpan(KafkaPublish, 0))), 0);
    // ... and outline the bar.
    const QRect redis = w.treeView()->visualRect(w.model()->indexForSpan(RedisGet, 1));
    int redInBar = 0;
    for (int x = int(columnX(w, 0.65)); x <= int(columnX(w, 0.75)); ++x)
        for (int y = redis.top(); y <= redis.bottom(); ++y)
            redInBar += image.pixelColor(x, y) == Theme::error ? 1 : 0;
    QVERIFY(redInBar > 20);
}

void TestTraceWaterfall::zoomAndPan()
{
    TraceWaterfall w;
    w.resize(1000, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(smallTrace());
    QSignalSpy rangeSpy(&w, &TraceWaterfall::visibleRangeChanged);
    w.setVisibleRange(750, 1000);
    QCOMPARE(w.visibleRange(), (QPair<qint64, qint64>(750, 1000)));
    QCOMPARE(rangeSpy.count(), 1);

    // 800..950 of 750..1000: now 0.2..0.8 of the column.
    const QRect rect = w.treeView()->visualRect(w.model()->indexForSpan(KafkaPublish, 1));
    const QColor kafka = w.model()->serviceColor(KafkaPublish);
    QImage image = w.treeView()->viewport()->grab().toImage();
    QCOMPARE(pixel(image, columnX(w, 0.25), rect.center().y()), kafka);
    QCOMPARE(pixel(image, columnX(w, 0.75), rect.center().y()), kafka);
    QVERIFY(pixel(image, columnX(w, 0.15), rect.center().y()) != kafka);

    // Ctrl+wheel zooms in around the cursor: the time under it stays put.
    const QPointF at(columnX(w, 0.25), rect.center().y());
    const qint64 before = w.offsetForX(at.x());
    QWheelEvent zoomIn(at, w.treeView()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                       Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w.treeView()->viewport(), &zoomIn);
    const auto [zs, ze] = w.visibleRange();
    QVERIFY2(ze - zs < 250, qPrintable(QStringLiteral("%1..%2").arg(zs).arg(ze)));
    QVERIFY(std::abs(w.offsetForX(at.x()) - before) <= 1);

    // Shift+wheel pans by a tenth of the window, keeping its width.
    QWheelEvent panRight(at, w.treeView()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                         Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w.treeView()->viewport(), &panRight);
    const auto [ps, pe] = w.visibleRange();
    QCOMPARE(pe - ps, ze - zs);
    QVERIFY(ps > zs);

    // Clamped to the trace.
    w.setVisibleRange(-100, 50);
    QCOMPARE(w.visibleRange(), (QPair<qint64, qint64>(0, 150)));
    w.pan(5000);
    QCOMPARE(w.visibleRange(), (QPair<qint64, qint64>(850, 1000)));

    w.resetZoomAction()->trigger();
    QCOMPARE(w.visibleRange(), (QPair<qint64, qint64>(0, 1000)));
    image = w.treeView()->viewport()->grab().toImage();
    QCOMPARE(pixel(image, columnX(w, 0.875), rect.center().y()), kafka);
    QVERIFY(pixel(image, columnX(w, 0.25), rect.center().y()) != kafka);
}

void TestTraceWaterfall::rulerDragZooms()
{
    TraceWaterfall w;
    w.resize(1000, 400);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(smallTrace());
    auto *ruler = w.findChild<QHeaderView *>(QStringLiteral("traceRuler"));
    QVERIFY(ruler);
    QCOMPARE(w.treeView()->header(), ruler);
    const int y = ruler->height() / 2;
    const QPoint from(int(w.xForOffset(200)), y);
    const QPoint to(int(w.xForOffset(400)), y);
    QTest::mousePress(ruler->viewport(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(to), ruler->viewport()->mapToGlobal(QPointF(to)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(ruler->viewport(), &move);
    QTest::mouseRelease(ruler->viewport(), Qt::LeftButton, {}, to);
    const auto [s, e] = w.visibleRange();
    QVERIFY2(std::abs(s - 200) <= 3 && std::abs(e - 400) <= 3,
             qPrintable(QStringLiteral("%1..%2").arg(s).arg(e)));
}

void TestTraceWaterfall::rulerLabels_data()
{
    QTest::addColumn<qint64>("duration");
    QTest::addColumn<QString>("unit");
    QTest::newRow("µs") << qint64(800) << QStringLiteral("µs");
    QTest::newRow("ms") << qint64(45'000) << QStringLiteral("ms");
    QTest::newRow("s") << qint64(44'000'000) << QStringLiteral("s");
}

void TestTraceWaterfall::rulerLabels()
{
    QFETCH(qint64, duration);
    QFETCH(QString, unit);
    const QList<SpanSpec> specs{
        {QStringLiteral("op"), 0, 0, duration, -1, false, false, 0, {}, {}}};
    TraceWaterfall w;
    w.resize(1000, 300);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(makeTrace({QStringLiteral("svc")}, specs));
    const std::vector<qint64> ticks = w.ticks();
    QVERIFY(ticks.size() >= 4);
    QCOMPARE(ticks.front(), 0);
    QStringList labels;
    for (qint64 t : ticks)
        labels << w.tickLabel(t);
    QCOMPARE(labels.first(), QStringLiteral("0") + unit);
    for (const QString &l : labels)
        QVERIFY2(l.endsWith(unit) && !l.at(l.size() - unit.size() - 1).isLetter(), qPrintable(l));
    QCOMPARE(labels.removeDuplicates(), 0);
}

void TestTraceWaterfall::markupShowsLiterally()
{
    const QList<SpanSpec> specs{
        {QStringLiteral("<b>x</b>"), 0, 0, 100, -1, false, false, 0, {}, {}},
        {QStringLiteral("x"), 0, 10, 100, -1, false, false, 0, {}, {}}};
    TraceWaterfall w;
    w.resize(1000, 300);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(makeTrace({QStringLiteral("svc")}, specs));
    const QModelIndex markup = w.model()->indexForSpan(0);
    QCOMPARE(markup.data().toString(), QStringLiteral("svc <b>x</b>"));
    QVERIFY(
        markup.data(Qt::ToolTipRole).toString().contains(QLatin1String("&lt;b&gt;x&lt;/b&gt;")));

    // Rich text would draw a bold "x"; plain text draws all eight characters.
    const QImage image = w.treeView()->viewport()->grab().toImage();
    auto inkRight = [&image](const QRect &r) {
        const QColor background = image.pixelColor(r.right() - 1, r.center().y());
        int right = r.left();
        for (int y = r.top() + 2; y < r.bottom() - 2; ++y)
            for (int x = r.left() + 12; x < r.right() - 2; ++x)
                if (image.pixelColor(x, y) != background)
                    right = std::max(right, x);
        return right;
    };
    const int markupRight = inkRight(w.treeView()->visualRect(markup));
    const int plainRight = inkRight(w.treeView()->visualRect(w.model()->indexForSpan(1)));
    const int tags = w.fontMetrics().horizontalAdvance(QStringLiteral("<b></b>"));
    QVERIFY2(markupRight - plainRight > tags * 3 / 4,
             qPrintable(QStringLiteral("%1 vs %2").arg(markupRight).arg(plainRight)));
}

void TestTraceWaterfall::durationText_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0µs");
    QTest::newRow("µs") << qint64(850) << QStringLiteral("850µs");
    QTest::newRow("ms") << qint64(1500) << QStringLiteral("1.5ms");
    QTest::newRow("ms 3 digits") << qint64(12345) << QStringLiteral("12.3ms");
    QTest::newRow("ms whole") << qint64(912000) << QStringLiteral("912ms");
    QTest::newRow("s") << qint64(1000000) << QStringLiteral("1s");
    QTest::newRow("s decimals") << qint64(1250000) << QStringLiteral("1.25s");
    QTest::newRow("minutes") << qint64(125000000) << QStringLiteral("2m 5s");
}

void TestTraceWaterfall::durationText()
{
    QFETCH(qint64, us);
    QFETCH(QString, text);
    QCOMPARE(formatTraceDuration(us), text);
}

void TestTraceWaterfall::realFixture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("dark");
    QTest::newRow("57 spans, dark")
        << QStringLiteral("v1_trace_synthetic_57_spans_10_services.json") << true;
    QTest::newRow("57 spans, light")
        << QStringLiteral("v1_trace_synthetic_57_spans_10_services.json") << false;
    QTest::newRow("petclinic, dark")
        << QStringLiteral("v1_trace_petclinic_17_spans_db.json") << true;
    QTest::newRow("logs, dark") << QStringLiteral("v1_get_trace_response_3_services_logs.json")
                                << true;
}

void TestTraceWaterfall::realFixture()
{
    QFETCH(QString, file);
    QFETCH(bool, dark);
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/jaeger/") + file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    TraceDecodeResult decoded = decodeJaegerTraces(f.readAll());
    QVERIFY2(decoded.ok(), qPrintable(decoded.error));
    QVERIFY(!decoded.traces.isEmpty());
    Trace trace = decoded.traces.first();
    analyseTrace(trace);

    const QPalette saved = QApplication::palette();
    if (dark)
        applyDarkTheme(*qApp); // the app's look: Fusion and the dark palette
    TraceWaterfall w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setTrace(trace);
    w.selectSpan(trace.roots.value(0));
    const QImage image =
        w.renderToImage(QSize(1400, 80 + 24 * int(std::min<qsizetype>(trace.spans.size(), 40))));
    QApplication::setPalette(saved);
    QVERIFY(!image.isNull());
    // For looking at: DOZOR_WATERFALL_PNG=/tmp/waterfall writes one PNG per row.
    const QByteArray out = qgetenv("DOZOR_WATERFALL_PNG");
    if (!out.isEmpty()) {
        QString tagName = QString::fromLatin1(QTest::currentDataTag());
        tagName.replace(QLatin1Char(' '), QLatin1Char('_')).remove(QLatin1Char(','));
        const QString path = QStringLiteral("%1-%2.png").arg(QString::fromLocal8Bit(out), tagName);
        QVERIFY(image.save(path));
        qInfo("wrote %s", qPrintable(path));
    }

    // Every span is a row once expanded, and each visible row's bar is at its start.
    const QImage viewport = w.treeView()->viewport()->grab().toImage();
    int checked = 0;
    for (int s = 0; s < trace.spans.size(); ++s) {
        const QRect r = w.treeView()->visualRect(w.model()->indexForSpan(s, 1));
        QVERIFY(r.isValid());
        const Span &span = trace.spans.at(s);
        const double x1 = w.xForOffset(span.startUs - trace.startUs);
        const double x2 = w.xForOffset(span.startUs + span.durationUs - trace.startUs);
        if (r.bottom() >= viewport.height() || span.error || x2 - x1 < 8 || s == w.selectedSpan())
            continue;
        // Somewhere inside the bar away from log ticks, above the critical-path line
        // (which runs through the bar's middle).
        for (double x = x1 + 3; x < x2 - 3; x += 1) {
            const bool nearLog =
                std::any_of(span.logs.begin(), span.logs.end(), [&](const TraceLog &l) {
                    return std::abs(w.xForOffset(l.timestampUs - trace.startUs) - x) < 3;
                });
            if (nearLog)
                continue;
            QCOMPARE(pixel(viewport, x, r.center().y() - 3), w.model()->serviceColor(s));
            ++checked;
            break;
        }
    }
    QVERIFY(checked > 0);
}

QTEST_MAIN(TestTraceWaterfall)
#include "tst_tracewaterfall.moc"
