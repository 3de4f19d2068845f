#include "compression.h"

#include <zlib.h>

#include <algorithm>

namespace {

InflateResult inflateWith(const QByteArray &data, int windowBits, qint64 limit)
{
    InflateResult out;
    z_stream zs{};
    if (inflateInit2(&zs, windowBits) != Z_OK) {
        out.error = QStringLiteral("cannot start decompression");
        return out;
    }
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = uInt(data.size());
    // Compressed JSON is typically a tenth of the text: start there, grow by doubling.
    qint64 capacity = std::min<qint64>(limit, std::max<qint64>(qint64(data.size()) * 8, 64 * 1024));
    out.body.resize(qsizetype(capacity));
    qint64 produced = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (produced == capacity) {
            if (capacity >= limit) {
                out.truncated = true;
                break;
            }
            capacity = std::min<qint64>(limit, capacity * 2);
            out.body.resize(qsizetype(capacity));
        }
        zs.next_out = reinterpret_cast<Bytef *>(out.body.data() + produced);
        const qint64 room = std::min<qint64>(capacity - produced, 1 << 30);
        zs.avail_out = uInt(room);
        rc = inflate(&zs, Z_NO_FLUSH);
        produced += room - qint64(zs.avail_out);
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            out.error = QStringLiteral("compressed body cut short");
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            out.error = QStringLiteral("corrupt compressed body (%1)").arg(QString::fromLatin1(zs.msg ? zs.msg : "zlib"));
            break;
        }
    }
    inflateEnd(&zs);
    out.body.resize(qsizetype(produced));
    if (!out.error.isEmpty())
        out.body.clear();
    return out;
}

} // namespace

InflateResult inflateBody(const QByteArray &data, const QByteArray &encoding, qint64 limit)
{
    const QByteArray e = encoding.trimmed().toLower();
    limit = std::max<qint64>(limit, 0);
    if (e.isEmpty() || e == "identity") {
        InflateResult out;
        out.truncated = data.size() > limit;
        out.body = out.truncated ? data.left(qsizetype(limit)) : data;
        return out;
    }
    if (e == "gzip" || e == "x-gzip")
        return inflateWith(data, 16 + MAX_WBITS, limit);
    if (e == "deflate") {
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw.
        InflateResult zlibWrapped = inflateWith(data, MAX_WBITS, limit);
        return zlibWrapped.ok() ? zlibWrapped : inflateWith(data, -MAX_WBITS, limit);
    }
    InflateResult out;
    out.error = QStringLiteral("unsupported Content-Encoding \"%1\"").arg(QString::fromLatin1(encoding));
    return out;
}
