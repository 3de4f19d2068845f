// Sample columns (models/column): series share blocks, and writing to one copy never
// changes another (copy on write); the decoder puts an answer into one block and
// lets series with the same timestamps share one timestamp column.
#include "column.h"
#include "prometheusdecoder.h"

#include <QTest>

#include <cmath>
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
    Column values;
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

QTEST_GUILESS_MAIN(TestColumn)
#include "tst_column.moc"
