// Query answers are asked for gzip and inflated on the worker that decodes them
// (models/compression): every encoding a server may answer with, the size cap, and
// broken bodies that must give an error, never a crash or a silently short body.
#include "compression.h"

#include <QTest>

#include <zlib.h>

namespace {

/// `windowBits` as zlib's deflateInit2 takes it: 16+15 gzip, 15 zlib, -15 raw.
QByteArray compress(const QByteArray &plain, int windowBits)
{
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&zs, uLong(plain.size()))), '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData()));
    zs.avail_in = uInt(plain.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : QByteArray();
}

QByteArray sampleJson(int series)
{
    QByteArray json = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    for (int s = 0; s < series; ++s) {
        json += (s ? "," : "") + QByteArray(R"({"metric":{"instance":"host-)") + QByteArray::number(s) +
                R"("},"values":[)";
        for (int i = 0; i < 500; ++i)
            json += (i ? "," : "") + QByteArray("[") + QByteArray::number(1700000000 + i * 15) + ",\"" +
                    QByteArray::number(0.001 * (i * 7 % 1000) + s, 'g', 17) + "\"]";
        json += "]}";
    }
    return json + "]}}";
}

} // namespace

class TestCompression : public QObject
{
    Q_OBJECT

private slots:
    void encodings_data();
    void encodings();
    void limitTruncates();
    void brokenBodiesAreErrors();
    void gzipTrailerIsCheckedNotTrusted();
};

void TestCompression::encodings_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<int>("windowBits"); // 0: sent as it is
    QTest::newRow("gzip") << QByteArray("gzip") << 16 + MAX_WBITS;
    QTest::newRow("GZIP, spaces") << QByteArray(" GZIP ") << 16 + MAX_WBITS;
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << 16 + MAX_WBITS;
    QTest::newRow("deflate (zlib)") << QByteArray("deflate") << MAX_WBITS;
    QTest::newRow("deflate (raw)") << QByteArray("deflate") << -MAX_WBITS;
    QTest::newRow("identity") << QByteArray("identity") << 0;
    QTest::newRow("none") << QByteArray() << 0;
}

void TestCompression::encodings()
{
    QFETCH(QByteArray, encoding);
    QFETCH(int, windowBits);
    const QByteArray plain = sampleJson(40); // ~0.8 MB: several rounds of buffer growth
    const QByteArray sent = windowBits ? compress(plain, windowBits) : plain;
    QVERIFY(!sent.isEmpty());
    if (windowBits)
        QVERIFY(sent.size() < plain.size() / 3);
    const InflateResult r = inflateBody(sent, encoding, 256LL * 1024 * 1024);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(!r.truncated);
    QCOMPARE(r.body.size(), plain.size());
    QVERIFY(r.body == plain);
}

void TestCompression::limitTruncates()
{
    const QByteArray plain = sampleJson(20);
    const QByteArray gz = compress(plain, 16 + MAX_WBITS);
    // A body that inflates past the cap (a "zip bomb" included) stops there.
    const InflateResult cut = inflateBody(gz, "gzip", 1000);
    QVERIFY(cut.ok());
    QVERIFY(cut.truncated);
    QCOMPARE(cut.body, plain.left(1000));
    const QByteArray zeros(64 * 1024 * 1024, '\0');
    const InflateResult bomb = inflateBody(compress(zeros, 16 + MAX_WBITS), "gzip", 1024 * 1024);
    QVERIFY(bomb.truncated);
    QCOMPARE(bomb.body.size(), 1024 * 1024);
    // Uncompressed bodies obey the same cap.
    const InflateResult raw = inflateBody(plain, {}, 10);
    QVERIFY(raw.truncated);
    QCOMPARE(raw.body, plain.left(10));
}

void TestCompression::brokenBodiesAreErrors()
{
    const QByteArray gz = compress(sampleJson(5), 16 + MAX_WBITS);
    const InflateResult shortBody = inflateBody(gz.left(gz.size() / 2), "gzip", 1 << 30);
    QVERIFY(!shortBody.ok());
    QVERIFY(shortBody.body.isEmpty());
    QByteArray corrupt = gz;
    for (qsizetype i = 20; i < corrupt.size() - 20; i += 7)
        corrupt[i] = char(corrupt[i] ^ 0x5a);
    QVERIFY(!inflateBody(corrupt, "gzip", 1 << 30).ok());
    QVERIFY(!inflateBody("not compressed at all", "gzip", 1 << 30).ok());
    QVERIFY(!inflateBody({}, "gzip", 1 << 30).ok());
    const InflateResult brotli = inflateBody(gz, "br", 1 << 30);
    QVERIFY(!brotli.ok());
    QVERIFY(brotli.error.contains(QLatin1String("br")));
}

// A gzip body is inflated whole into a buffer of the size its trailer states: a
// trailer that lies is an error (never a short or padded body), and a second member
// after the first is ignored as zlib's streaming inflate ignores it.
void TestCompression::gzipTrailerIsCheckedNotTrusted()
{
    const QByteArray plain = sampleJson(10);
    const QByteArray gz = compress(plain, 16 + MAX_WBITS);
    for (const int delta : {-1, 1, 4096}) {
        QByteArray lying = gz;
        const quint32 size = quint32(plain.size() + delta);
        for (int b = 0; b < 4; ++b)
            lying[lying.size() - 4 + b] = char((size >> (8 * b)) & 0xff);
        const InflateResult r = inflateBody(lying, "gzip", 1 << 30);
        QVERIFY2(!r.ok(), qPrintable(QString::number(delta)));
        QVERIFY(r.body.isEmpty());
    }
    const QByteArray other = sampleJson(3);
    const InflateResult two = inflateBody(gz + compress(other, 16 + MAX_WBITS), "gzip", 1 << 30);
    QVERIFY2(two.ok(), qPrintable(two.error));
    QVERIFY(two.body == plain);
    const InflateResult same = inflateBody(gz + gz, "gzip", 1 << 30);
    QVERIFY(same.ok());
    QVERIFY(same.body == plain);
}

QTEST_GUILESS_MAIN(TestCompression)
#include "tst_compression.moc"
