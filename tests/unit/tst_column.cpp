// Sample columns (models/column): series share blocks, and writing to one copy never
// changes another (copy on write); the decoder puts an answer into one block and
// lets series with the same timestamps share one timestamp column.
#include "column.h"
#include "valuecolumn.h"
#include "idlereclaim.h"
#include "prometheusdecoder.h"

#include <QTest>

#include <QElapsedTimer>
#include <QThread>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <thread>

class TestColumn : public QObject
{
    Q_OBJECT

private slots:
    void copiesShareUntilOneIsWritten();
    void slicesOfOneBufferStayIndependent();
    void growsAndErasesLikeAVector();
    void largeBuffersAreMappedAndFreed();
    void sharedAcrossThreads();
    void decoderSharesEqualTimestamps();
    void decodedColumnsOutliveTheBody();
    void recycledBuffersGoWhenIdle();
    void shortDecimalsAreKeptCompactAndExact();
};

void TestColumn::copiesShareUntilOneIsWritten()
{
    Column a{1, 2, 3};
    Column b = a;
    QVERIFY(b.sharesWith(a));
    QCOMPARE(b.blockId(), a.blockId());
    b.set(1, 20);
    QVERIFY(!b.sharesWith(a));
    QCOMPARE(a, (std::vector<double>{1, 2, 3}));
    QCOMPARE(b, (std::vector<double>{1, 20, 3}));
    Column c = a;
    c.push_back(4);
    QCOMPARE(a.size(), std::size_t(3));
    QCOMPARE(c, (std::vector<double>{1, 2, 3, 4}));
    // The only holder writes in place.
    const void *before = c.blockId();
    c.set(0, 10);
    QCOMPARE(c.blockId(), before);
    QCOMPARE(c.front(), 10.0);
}

void TestColumn::slicesOfOneBufferStayIndependent()
{
    Column first, second;
    {
        ColumnBuffer buffer(6);
        for (int i = 0; i < 6; ++i)
            buffer.data()[i] = i;
        first = buffer.slice(0, 3);
        second = buffer.slice(3, 3);
    }
    QCOMPARE(first.blockId(), second.blockId());
    QCOMPARE(first, (std::vector<double>{0, 1, 2}));
    QCOMPARE(second, (std::vector<double>{3, 4, 5}));
    // Growing the first slice must not write over the second's samples.
    first.push_back(99);
    QCOMPARE(first, (std::vector<double>{0, 1, 2, 99}));
    QCOMPARE(second, (std::vector<double>{3, 4, 5}));
    // Once it is the block's only user, the second writes in place.
    const void *block = second.blockId();
    second.set(0, 30);
    QCOMPARE(second.blockId(), block);
    QCOMPARE(second, (std::vector<double>{30, 4, 5}));
}

void TestColumn::growsAndErasesLikeAVector()
{
    Column c;
    QVERIFY(c.empty());
    for (int i = 0; i < 1000; ++i)
        c.push_back(i);
    QCOMPARE(c.size(), std::size_t(1000));
    QCOMPARE(c.back(), 999.0);
    c.erase(c.begin() + 10, c.begin() + 990);
    QCOMPARE(c.size(), std::size_t(20));
    QCOMPARE(c[9], 9.0);
    QCOMPARE(c[10], 990.0);
    c.resize(22, std::nan(""));
    QVERIFY(std::isnan(c[21]));
    c.assign(std::size_t(3), 7.0);
    QCOMPARE(c, (std::vector<double>{7, 7, 7}));
    const std::vector<double> v{1.5, 2.5};
    c = v;
    QCOMPARE(c, v);
    c.clear();
    QVERIFY(c.empty());
    QCOMPARE(c.blockId(), nullptr);
}

void TestColumn::largeBuffersAreMappedAndFreed()
{
    // 4 MB: mapped on its own (huge pages asked for); every sample readable and
    // writable, and the slack past the end is usable capacity.
    const std::size_t n = 512 * 1024;
    Column c;
    {
        ColumnBuffer buffer(n);
        for (std::size_t i = 0; i < n; ++i)
            buffer.data()[i] = double(i);
        c = buffer.slice(0, n);
    }
    QVERIFY(c.blockBytes() >= n * sizeof(double));
    QCOMPARE(c.blockBytes() % 4096, std::size_t(0));
    double sum = 0;
    for (double x : c)
        sum += x;
    QCOMPARE(sum, double(n) * double(n - 1) / 2);
    c.push_back(-1);
    QCOMPARE(c.back(), -1.0);
    c.clear(); // unmapped: under ASan a use after this would be caught
}

void TestColumn::sharedAcrossThreads()
{
    // Copies made and dropped on several threads: the count stays right (the block
    // is freed exactly once - ASan and the final read check it).
    Column source;
    for (int i = 0; i < 100; ++i)
        source.push_back(i);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&source] {
            for (int k = 0; k < 20000; ++k) {
                Column copy = source;
                if (copy.size() != 100)
                    std::abort();
            }
        });
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(source[99], 99.0);
}

void TestColumn::decoderSharesEqualTimestamps()
{
    const QByteArray body =
            R"({"status":"success","data":{"resultType":"matrix","result":[)"
            R"({"metric":{"i":"a"},"values":[[1700000000,"1"],[1700000015,"2"]]},)"
            R"({"metric":{"i":"b"},"values":[[1700000000,"3"],[1700000015,"4"]]},)"
            R"({"metric":{"i":"c"},"values":[[1700000015,"5"]]},)"
            R"({"metric":{"i":"d"},"values":[[1700000015,"6"]]}]}})";
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), std::size_t(4));
    QVERIFY(r.series[1].timestampsMs.sharesWith(r.series[0].timestampsMs));
    QVERIFY(!r.series[2].timestampsMs.sharesWith(r.series[0].timestampsMs));
    QVERIFY(r.series[3].timestampsMs.sharesWith(r.series[2].timestampsMs));
    QCOMPARE(r.series[0].values, (std::vector<double>{1, 2}));
    QCOMPARE(r.series[1].values, (std::vector<double>{3, 4}));
    QCOMPARE(r.series[2].timestampsMs, (std::vector<double>{1700000015000.0}));
    QCOMPARE(r.series[3].values, (std::vector<double>{6}));
    // One block for the whole answer.
    for (const Series &s : r.series) {
        QCOMPARE(s.values.blockId(), r.series[0].values.blockId());
        QCOMPARE(s.timestampsMs.blockId(), r.series[0].values.blockId());
    }
    // Changing one series' timestamps leaves its neighbour's alone.
    Series copy = r.series[1];
    copy.timestampsMs.set(0, 0);
    QCOMPARE(r.series[0].timestampsMs[0], 1700000000000.0);
    QCOMPARE(r.series[1].timestampsMs[0], 1700000000000.0);
}

void TestColumn::decodedColumnsOutliveTheBody()
{
    ValueColumn values;
    {
        QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[)"
                          R"({"metric":{},"values":[[1,"0.5"],[2,"0.25"]]}]}})";
        QueryResult r = decodePrometheusResponse(body);
        values = r.series.at(0).values;
        body.fill('x');
    }
    // A second decode on this thread reuses its scratch: the first answer's columns
    // must not change.
    decodePrometheusResponse(R"({"status":"success","data":{"resultType":"matrix","result":[)"
                             R"({"metric":{},"values":[[1,"7"],[2,"8"]]}]}})");
    QCOMPARE(values, (std::vector<double>{0.5, 0.25}));
}

void TestColumn::recycledBuffersGoWhenIdle()
{
    // Registered for the rest of the process: nothing on this test's stack.
    static std::atomic<int> released{0};
    static std::atomic<bool> onAppThread{true};
    IdleReclaim::add([] {
        onAppThread = onAppThread && QThread::currentThread() == qApp->thread();
        ++released;
    });
    const int before = IdleReclaim::reclaimCount();
    // Work keeps using the caches (a decode on another thread among it): nothing goes.
    QElapsedTimer busy;
    busy.start();
    while (busy.elapsed() < 2 * IdleReclaim::kIdleMs) {
        std::thread([] {
            decodePrometheusResponse(R"({"status":"success","data":{"resultType":"matrix","result":[)"
                                     R"({"metric":{},"values":[[1,"7"],[2,"8"]]}]}})");
        }).join();
        QTest::qWait(IdleReclaim::kIdleMs / 5);
    }
    QCOMPARE(released.load(), 0);
    QCOMPARE(IdleReclaim::reclaimCount(), before);
    // Idle: the caches are freed once, on the application's thread.
    QTRY_COMPARE_WITH_TIMEOUT(released.load(), 1, 4 * IdleReclaim::kIdleMs);
    QVERIFY(onAppThread.load());
    QTest::qWait(2 * IdleReclaim::kIdleMs);
    QCOMPARE(released.load(), 1);
    QCOMPARE(IdleReclaim::reclaimCount(), before + 1);
}

void TestColumn::shortDecimalsAreKeptCompactAndExact()
{
    // Each series' values as Prometheus prints them; whether they fit in 4 bytes.
    const std::vector<std::pair<std::vector<const char *>, bool>> cases = {
        {{"12.5", "-3.25", "0", "NaN", "25000.37", "1e-3"}, true},       // gauges with decimals
        {{"1", "2", "2147483647", "-2147483647"}, true},                  // integers at the edge
        {{"0.000000001", "2.147483647"}, true},                            // nine decimals
        {{"0.0033333333333333335", "1"}, false},                           // a rate(): full precision
        {{"2147483648", "1"}, false},                                      // beyond 32 bits
        {{"1", "+Inf"}, false},
        {{"-0", "1"}, false},                                              // the sign of zero kept
        {{"0.0000000001", "1"}, false},                                    // ten decimals
        {{"300000000", "0.5"}, false},          // 3e9 at one decimal: beyond 32 bits
        {{"0.5", "300000000"}, false},
        {{"200000000", "0.5"}, true},           // 2e9 at one decimal: fits
    };
    QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    for (std::size_t c = 0; c < cases.size(); ++c) {
        body += c ? "," : "";
        body += R"({"metric":{"c":")" + QByteArray::number(qulonglong(c)) + R"("},"values":[)";
        for (std::size_t k = 0; k < cases[c].first.size(); ++k)
            body += (k ? "," : "") + QByteArray("[") + QByteArray::number(qulonglong(k + 1)) + ",\"" +
                    cases[c].first[k] + "\"]";
        body += "]}";
    }
    body += "]}}";
    const QueryResult r = decodePrometheusResponse(body);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.series.size(), cases.size());
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const ValueColumn &v = r.series[c].values;
        QVERIFY2(v.isCompact() == cases[c].second, cases[c].first[0]);
        QCOMPARE(v.bytes(), v.size() * (cases[c].second ? 4 : 8));
        QCOMPARE(v.size(), cases[c].first.size());
        for (std::size_t k = 0; k < v.size(); ++k) {
            const double want = std::strtod(cases[c].first[k], nullptr);
            const double got = v[k];
            QVERIFY2(std::isnan(want) ? std::isnan(got)
                                      : got == want && std::signbit(got) == std::signbit(want),
                     qPrintable(QStringLiteral("%1: %2 read back as %3")
                                    .arg(c)
                                    .arg(QLatin1String(cases[c].first[k]))
                                    .arg(got, 0, 'g', 17)));
        }
    }
    // A compact column written to becomes doubles, its copies stay as they were.
    ValueColumn copy = r.series[0].values;
    copy.set(0, 0.1);
    QVERIFY(!copy.isCompact());
    QCOMPARE(copy[0], 0.1);
    QCOMPARE(copy[1], -3.25);
    QVERIFY(r.series[0].values.isCompact());
    QCOMPARE(r.series[0].values[0], 12.5);
    // Moved, the integers go along; the column moved from is empty.
    ValueColumn from = r.series[1].values;
    const ValueColumn to = std::move(from);
    QVERIFY(to.isCompact());
    QCOMPARE(to[2], 2147483647.0);
    QVERIFY(from.empty() && !from.isCompact()); // NOLINT(bugprone-use-after-move)
}

QTEST_GUILESS_MAIN(TestColumn)
#include "tst_column.moc"
