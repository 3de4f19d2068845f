#include "jaegerdecoder.h"
#include "trace.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <limits>

class TestTraceAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void sequentialChildren();
    void overlappingChildren();
    void followsFromChildOutlivesParent();
    void clockSkew();
    void selfReferenceAndCycle();
    void missingParentBecomesRoot();
    void duplicateIdsFirstWins();
    void errorsCounted();
    void deepChain();
    void wideTrace();
    void headline();
    void realFixture();
    void fixturesInvariants_data();
    void fixturesInvariants();
    void analyseTwiceIsStable();
};

namespace {

/// Builds traces by hand: times in microseconds from 0.
struct Builder
{
    Trace trace;

    Builder()
    {
        trace.traceId = QStringLiteral("00000000000000000000000000000001");
    }
    int process(const QString &service)
    {
        for (int i = 0; i < trace.processes.size(); ++i)
            if (trace.processes[i].serviceName == service)
                return i;
        TraceProcess p;
        p.serviceName = service;
        trace.processes.append(p);
        return int(trace.processes.size() - 1);
    }
    int span(const QString &id, qint64 start, qint64 duration, const QString &parent = QString(),
             TraceReference::Type type = TraceReference::Type::ChildOf,
             const QString &service = QStringLiteral("svc"), const QString &op = QString())
    {
        Span s;
        s.traceId = trace.traceId;
        s.spanId = id;
        s.operationName = op.isEmpty() ? id : op;
        s.startUs = start;
        s.durationUs = duration;
        s.processIndex = process(service);
        if (!parent.isEmpty()) {
            TraceReference ref;
            ref.type = type;
            ref.traceId = trace.traceId;
            ref.spanId = parent;
            s.references.append(ref);
        }
        trace.spans.append(s);
        return int(trace.spans.size() - 1);
    }
    const Span &operator[](int i) const { return trace.spans[i]; }
};

qint64 criticalSum(const Trace &t)
{
    qint64 sum = 0;
    for (const Span &s : t.spans)
        sum += s.criticalUs;
    return sum;
}

bool anyWarningContains(const Trace &t, const QString &text)
{
    for (const QString &w : t.warnings)
        if (w.contains(text))
            return true;
    return false;
}

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(DOZOR_TEST_DATA "/jaeger/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

} // namespace

void TestTraceAnalysis::sequentialChildren()
{
    Builder b;
    const int root = b.span(QStringLiteral("1"), 0, 100);
    const int a = b.span(QStringLiteral("2"), 10, 30, QStringLiteral("1"));
    const int c = b.span(QStringLiteral("3"), 40, 50, QStringLiteral("1")); // starts where a ends
    analyseTrace(b.trace);
    QVERIFY(b.trace.analysed);
    QCOMPARE(b.trace.roots, QList<int>{root});
    QCOMPARE(b[root].children, (QList<int>{a, c}));
    QCOMPARE(b[a].parent, root);
    QCOMPARE(b[a].depth, 1);
    QCOMPARE(b[root].selfUs, 20);
    QCOMPARE(b[a].selfUs, 30);
    // Back-to-back calls are both on the critical path; the gaps are the root's own.
    QCOMPARE(b[c].criticalUs, 50);
    QCOMPARE(b[a].criticalUs, 30);
    QCOMPARE(b[root].criticalUs, 20);
    QCOMPARE(b.trace.durationUs(), 100);
}

void TestTraceAnalysis::overlappingChildren()
{
    Builder b;
    const int root = b.span(QStringLiteral("1"), 0, 100);
    const int a = b.span(QStringLiteral("2"), 10, 50, QStringLiteral("1"));  // 10..60
    const int c = b.span(QStringLiteral("3"), 20, 60, QStringLiteral("1"));  // 20..80
    const int d = b.span(QStringLiteral("4"), 30, 20, QStringLiteral("3"));  // 30..50 under c
    analyseTrace(b.trace);
    QCOMPARE(b[root].selfUs, 30); // 100 minus the union 10..80
    QCOMPARE(b[a].selfUs, 50);
    QCOMPARE(b[c].selfUs, 40);
    QCOMPARE(b[d].depth, 2);
    // c ends last; a ends after c starts, so it never holds the path.
    QCOMPARE(b[a].criticalUs, 0);
    QCOMPARE(b[root].criticalUs, 40); // 80..100 and 0..20
    QCOMPARE(b[c].criticalUs, 40);    // 50..80 and 20..30
    QCOMPARE(b[d].criticalUs, 20);
    QCOMPARE(criticalSum(b.trace), 100);
}

void TestTraceAnalysis::followsFromChildOutlivesParent()
{
    Builder b;
    const int root = b.span(QStringLiteral("1"), 0, 100);
    const int sync = b.span(QStringLiteral("2"), 10, 20, QStringLiteral("1"));
    const int async = b.span(QStringLiteral("3"), 50, 250, QStringLiteral("1"),
                             TraceReference::Type::FollowsFrom);
    const int inner = b.span(QStringLiteral("4"), 60, 10, QStringLiteral("3"));
    analyseTrace(b.trace);
    QCOMPARE(b[async].parent, root);
    QVERIFY(b[async].followsFrom);
    QVERIFY(!b[sync].followsFrom);
    QCOMPARE(b[inner].depth, 2);
    QCOMPARE(b.trace.durationUs(), 300); // measured as is
    // Like the Jaeger UI: FOLLOWS_FROM subtrees do not hold the parent up.
    QCOMPARE(b[async].criticalUs, 0);
    QCOMPARE(b[inner].criticalUs, 0);
    QCOMPARE(b[sync].criticalUs, 20);
    QCOMPARE(b[root].criticalUs, 80);
    // Self time clips every child to the parent: 100 - (10..30) - (50..100).
    QCOMPARE(b[root].selfUs, 30);
    QCOMPARE(b[async].selfUs, 240);
}

void TestTraceAnalysis::clockSkew()
{
    Builder b;
    const int root = b.span(QStringLiteral("1"), 100, 100);                   // 100..200
    const int early = b.span(QStringLiteral("2"), 50, 100, QStringLiteral("1")); // 50..150
    const int late = b.span(QStringLiteral("3"), 180, 80, QStringLiteral("1"));  // 180..260
    const int outside = b.span(QStringLiteral("4"), 300, 50, QStringLiteral("1"));
    analyseTrace(b.trace);
    QCOMPARE(b.trace.roots, QList<int>{root});
    QCOMPARE(b[root].children, (QList<int>{early, late, outside})); // by start, as measured
    QCOMPARE(b.trace.startUs, 50);
    QCOMPARE(b.trace.endUs, 350);
    QCOMPARE(b[root].selfUs, 30); // minus 100..150 and 180..200
    QCOMPARE(b[late].criticalUs, 20);  // clipped to 180..200
    QCOMPARE(b[early].criticalUs, 50); // clipped to 100..150
    QCOMPARE(b[root].criticalUs, 30);
    QCOMPARE(b[outside].criticalUs, 0); // entirely after its parent: off the path
    QCOMPARE(criticalSum(b.trace), 100);
}

void TestTraceAnalysis::selfReferenceAndCycle()
{
    Builder b;
    const int self = b.span(QStringLiteral("1"), 0, 10, QStringLiteral("1"));
    const int a = b.span(QStringLiteral("a"), 100, 50, QStringLiteral("b"));
    const int c = b.span(QStringLiteral("b"), 110, 20, QStringLiteral("a"));
    analyseTrace(b.trace);
    QCOMPARE(b[self].parent, -1);
    QVERIFY(anyWarningContains(b.trace, QStringLiteral("references itself")));
    // The cycle is cut above the span that started first.
    QCOMPARE(b[a].parent, -1);
    QCOMPARE(b[c].parent, a);
    QCOMPARE(b[c].depth, 1);
    QVERIFY(anyWarningContains(b.trace, QStringLiteral("cycle")));
    QCOMPARE(b.trace.roots, (QList<int>{self, a}));
    // The root that ends last anchors the critical path.
    QCOMPARE(b[a].criticalUs, 30);
    QCOMPARE(b[c].criticalUs, 20);
    QCOMPARE(b[self].criticalUs, 0);
}

void TestTraceAnalysis::missingParentBecomesRoot()
{
    Builder b;
    const int root = b.span(QStringLiteral("1"), 0, 100);
    const int orphan = b.span(QStringLiteral("2"), 10, 20, QStringLiteral("dead"));
    // CHILD_OF a missing span, FOLLOWS_FROM a present one: the usable one wins.
    const int second = b.span(QStringLiteral("3"), 40, 10, QStringLiteral("gone"));
    TraceReference ff;
    ff.type = TraceReference::Type::FollowsFrom;
    ff.traceId = b.trace.traceId;
    ff.spanId = QStringLiteral("1");
    b.trace.spans[second].references.append(ff);
    analyseTrace(b.trace);
    QCOMPARE(b[orphan].parent, -1);
    QCOMPARE(b.trace.roots, (QList<int>{root, orphan}));
    QVERIFY(anyWarningContains(b.trace, QStringLiteral("missing span dead")));
    QCOMPARE(b[second].parent, root);
    QVERIFY(b[second].followsFrom);
    const TraceSummary summary = summarizeTrace(b.trace);
    QCOMPARE(summary.rootOperation, QStringLiteral("1"));
}

void TestTraceAnalysis::duplicateIdsFirstWins()
{
    Builder b;
    const int first = b.span(QStringLiteral("2"), 0, 100);
    const int dup = b.span(QStringLiteral("2"), 5, 10);
    const int child = b.span(QStringLiteral("3"), 20, 10, QStringLiteral("2"));
    analyseTrace(b.trace);
    QCOMPARE(b[child].parent, first);
    QCOMPARE(b[dup].parent, -1);
    QVERIFY(anyWarningContains(b.trace, QStringLiteral("used by 2 spans")));
}

void TestTraceAnalysis::errorsCounted()
{
    Builder b;
    b.span(QStringLiteral("1"), 0, 100);
    const int e1 = b.span(QStringLiteral("2"), 0, 10, QStringLiteral("1"));
    const int e2 = b.span(QStringLiteral("3"), 0, 10, QStringLiteral("1"));
    const int ok = b.span(QStringLiteral("4"), 0, 10, QStringLiteral("1"));
    TraceKeyValue err;
    err.key = QStringLiteral("error");
    err.value = QStringLiteral("true");
    err.type = TraceKeyValue::Type::Bool;
    b.trace.spans[e1].tags.append(err);
    TraceKeyValue status;
    status.key = QStringLiteral("http.status_code");
    status.value = QStringLiteral("503");
    status.type = TraceKeyValue::Type::Int64;
    b.trace.spans[e2].tags.append(status);
    status.value = QStringLiteral("404");
    b.trace.spans[ok].tags.append(status);
    analyseTrace(b.trace);
    QVERIFY(b[e1].error);
    QVERIFY(b[e2].error);
    QVERIFY(!b[ok].error);
    QCOMPARE(b.trace.errorCount, 2);
    QCOMPARE(summarizeTrace(b.trace).errorCount, 2);
}

void TestTraceAnalysis::deepChain()
{
    // Each span nests inside its parent: 1 µs on each side of its child.
    const int n = 100000;
    Builder b;
    b.trace.spans.reserve(n);
    for (int i = 0; i < n; ++i)
        b.span(QString::number(i + 1, 16), i, 2 * qint64(n - i),
               i ? QString::number(i, 16) : QString());
    analyseTrace(b.trace);
    QCOMPARE(b.trace.roots, QList<int>{0});
    QCOMPARE(b[n - 1].depth, n - 1);
    QCOMPARE(b[n - 1].parent, n - 2);
    QCOMPARE(b[0].selfUs, 2);
    QCOMPARE(b[n / 2].selfUs, 2);
    QCOMPARE(b[n - 1].selfUs, 2);
    QCOMPARE(b[0].criticalUs, 2);
    QCOMPARE(b[n / 2].criticalUs, 2);
    QCOMPARE(criticalSum(b.trace), 2 * qint64(n));
    const TraceBreakdown bd = breakdownTrace(b.trace);
    QCOMPARE(bd.topOperations.size(), 10);
    QCOMPARE(bd.services.size(), 1);
    QCOMPARE(bd.services[0].spanCount, n);
}

void TestTraceAnalysis::wideTrace()
{
    const int n = 100000;
    Builder b;
    b.trace.spans.reserve(n);
    b.span(QStringLiteral("root"), 0, qint64(n) * 10);
    // Children listed latest first: analysis orders them by start.
    for (int i = n - 1; i >= 1; --i)
        b.span(QString::number(i, 16), qint64(i) * 10, 10, QStringLiteral("root"));
    analyseTrace(b.trace);
    const Span &root = b[0];
    QCOMPARE(root.children.size(), n - 1);
    QCOMPARE(b[root.children.first()].startUs, 10);
    QCOMPARE(b[root.children.last()].startUs, qint64(n - 1) * 10);
    QCOMPARE(root.selfUs, 10); // 0..10 only
    QCOMPARE(root.criticalUs, 10);
    QCOMPARE(b[1].criticalUs, 10);
    QCOMPARE(criticalSum(b.trace), qint64(n) * 10);
    QCOMPARE(summarizeTrace(b.trace).spanCount, n);
}

void TestTraceAnalysis::headline()
{
    Builder b;
    b.span(QStringLiteral("1"), 0, 912000, QString(), TraceReference::Type::ChildOf,
           QStringLiteral("rust-api"), QStringLiteral("POST /sessions"));
    b.span(QStringLiteral("2"), 100000, 711360, QStringLiteral("1"),
           TraceReference::Type::ChildOf, QStringLiteral("mongodb"),
           QStringLiteral("find sessions"));
    b.span(QStringLiteral("3"), 820000, 50000, QStringLiteral("1"),
           TraceReference::Type::ChildOf, QStringLiteral("redis"), QStringLiteral("GET"));
    analyseTrace(b.trace);
    const TraceBreakdown bd = breakdownTrace(b.trace);
    QCOMPARE(bd.headline, QStringLiteral("78% of 912 ms in mongodb find sessions"));
    QCOMPARE(bd.topOperations.size(), 3);
    QCOMPARE(bd.topOperations[0].selfUs, 711360);
    QCOMPARE(bd.topOperations[1].service, QStringLiteral("rust-api"));
    QCOMPARE(bd.topOperations[1].selfUs, 912000 - 711360 - 50000);
    QCOMPARE(bd.services[2].service, QStringLiteral("redis"));
    QVERIFY(qAbs(bd.services[2].fraction - 50000.0 / 912000.0) < 1e-9);
    QCOMPARE(breakdownTrace(b.trace, 1).topOperations.size(), 1);
    QVERIFY(breakdownTrace(Trace()).headline.isEmpty());

    // Two parallel calls: self time summed over them exceeds the trace, the critical
    // path does not - the headline names the one that held the request up.
    Builder p;
    p.span(QStringLiteral("1"), 0, 1000000, QString(), TraceReference::Type::ChildOf,
           QStringLiteral("rust-api"), QStringLiteral("GET /x"));
    for (const char *id : {"2", "3"})
        p.span(QLatin1String(id), 50000, id[0] == '2' ? 900000 : 850000, QStringLiteral("1"),
               TraceReference::Type::ChildOf, QStringLiteral("mongodb"), QLatin1String(id[0] == '2' ? "find" : "count"));
    analyseTrace(p.trace);
    QCOMPARE(breakdownTrace(p.trace).headline, QStringLiteral("90% of 1 s in mongodb find"));

    const TraceSummary s = summarizeTrace(b.trace);
    QCOMPARE(s.rootService, QStringLiteral("rust-api"));
    QCOMPARE(s.rootOperation, QStringLiteral("POST /sessions"));
    QCOMPARE(s.durationUs, 912000);
    QCOMPARE(s.services.size(), 3);
    QCOMPARE(s.services[1], qMakePair(QStringLiteral("mongodb"), 1));
}

void TestTraceAnalysis::realFixture()
{
    // say-hello calls formatString (which calls format) then printHello (which calls
    // publish), one after the other: every span's own time is on the critical path.
    TraceDecodeResult r =
            decodeJaegerTraces(fixture(QStringLiteral("v1_get_trace_response_3_services_logs.json")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    Trace &t = r.traces.first();
    analyseTrace(t);
    QCOMPARE(t.roots.size(), 1);
    const Span &root = t.spans[t.roots.first()];
    QCOMPARE(root.operationName, QStringLiteral("say-hello"));
    QCOMPARE(root.selfUs, 516362 - 283459 - 218667);
    const qint64 expectedSelf[] = {283459 - 2111, 14236, 218667 - 2232, 2111, 2232};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(t.spans[i].selfUs, expectedSelf[i]);
        QCOMPARE(t.spans[i].criticalUs, expectedSelf[i]);
    }
    QCOMPARE(t.spans[3].depth, 2);
    const TraceBreakdown bd = breakdownTrace(t);
    QCOMPARE(bd.headline, QStringLiteral("54% of 516 ms in hello-world formatString"));
    const TraceSummary s = summarizeTrace(t);
    QCOMPARE(s.rootService, QStringLiteral("hello-world"));
    QCOMPARE(s.services.first(), qMakePair(QStringLiteral("hello-world"), 3));
}

void TestTraceAnalysis::fixturesInvariants_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rootOperation");
    QTest::newRow("petclinic") << QStringLiteral("v1_trace_petclinic_17_spans_db.json")
                               << QStringLiteral("GET /api/customer/owners");
    QTest::newRow("synthetic") << QStringLiteral("v1_trace_synthetic_57_spans_10_services.json")
                               << QStringLiteral("POST /api/graphql");
    QTest::newRow("typed tags") << QStringLiteral("v1_trace_typed_tags_follows_from_logs.json")
                                << QStringLiteral("test-general-conversion");
    QTest::newRow("v3") << QStringLiteral("v3_get_trace_response.json") << QStringLiteral("foobar");
}

void TestTraceAnalysis::fixturesInvariants()
{
    QFETCH(QString, file);
    QFETCH(QString, rootOperation);
    TraceDecodeResult r = decodeJaegerTraces(fixture(file));
    QVERIFY2(r.ok(), qPrintable(r.error));
    Trace &t = r.traces.first();
    analyseTrace(t);
    const TraceSummary s = summarizeTrace(t);
    QCOMPARE(s.rootOperation, rootOperation);
    QCOMPARE(s.spanCount, int(t.spans.size()));
    int counted = 0;
    for (const auto &svc : s.services)
        counted += svc.second;
    QCOMPARE(counted, s.spanCount);
    // The critical path tiles the interval of the root that ends last.
    qint64 rootDuration = 0;
    qint64 rootEnd = std::numeric_limits<qint64>::min();
    for (int r : t.roots) {
        const qint64 end = t.spans[r].startUs + t.spans[r].durationUs;
        if (end > rootEnd) {
            rootEnd = end;
            rootDuration = t.spans[r].durationUs;
        }
    }
    QCOMPARE(criticalSum(t), rootDuration);
    for (const Span &sp : t.spans) {
        QVERIFY(sp.selfUs >= 0 && sp.selfUs <= sp.durationUs);
        QVERIFY(sp.criticalUs >= 0 && sp.criticalUs <= sp.durationUs);
        for (int c : sp.children)
            QCOMPARE(t.spans[c].depth, sp.depth + 1);
    }
    const TraceBreakdown bd = breakdownTrace(t);
    static const QRegularExpression shape(
            QStringLiteral("^\\d+% of [\\d.]+ (\u00b5s|ms|s) in .+$"));
    QVERIFY2(shape.match(bd.headline).hasMatch(), qPrintable(bd.headline));
    for (int i = 1; i < bd.topOperations.size(); ++i)
        QVERIFY(bd.topOperations[i - 1].selfUs >= bd.topOperations[i].selfUs);
}

void TestTraceAnalysis::analyseTwiceIsStable()
{
    TraceDecodeResult r =
            decodeJaegerTraces(fixture(QStringLiteral("v1_trace_typed_tags_follows_from_logs.json")));
    Trace &t = r.traces.first();
    analyseTrace(t);
    const QStringList warnings = t.warnings;
    QVERIFY(anyWarningContains(t, QStringLiteral("used by 2 spans")));
    QCOMPARE(t.spans[3].parent, 0); // CHILD_OF the first span with ID 2; other trace ignored
    const QList<int> roots = t.roots;
    analyseTrace(t);
    QCOMPARE(t.warnings, warnings);
    QCOMPARE(t.roots, roots);
}

QTEST_GUILESS_MAIN(TestTraceAnalysis)
#include "tst_traceanalysis.moc"
