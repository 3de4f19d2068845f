#include "compression.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

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

/// A gzip body inflated at once by libdeflate (two to three times zlib's pace) into
/// a buffer of the size its trailer states. Nothing when that size is past `limit`
/// (only the first `limit` bytes are wanted: zlib streams those) or when libdeflate
/// does not get exactly that size out of it (corrupt, cut short, several members, a
/// trailer that lies): zlib then inflates it and says what is wrong, as before.
std::optional<InflateResult> gunzipWhole(const QByteArray &data, qint64 limit)
{
    if (data.size() < 18) // a header and a trailer
        return std::nullopt;
    const auto *tail = reinterpret_cast<const unsigned char *>(data.constData() + data.size() - 4);
    const std::uint32_t size = std::uint32_t(tail[0]) | std::uint32_t(tail[1]) << 8 |
                               std::uint32_t(tail[2]) << 16 | std::uint32_t(tail[3]) << 24;
    if (qint64(size) > limit)
        return std::nullopt;
    struct Free
    {
        void operator()(libdeflate_decompressor *d) const { libdeflate_free_decompressor(d); }
    };
    const std::unique_ptr<libdeflate_decompressor, Free> d(libdeflate_alloc_decompressor());
    if (!d)
        return std::nullopt;
    InflateResult out;
    out.body.resize(qsizetype(size));
    std::size_t produced = 0;
    if (libdeflate_gzip_decompress(d.get(), data.constData(), std::size_t(data.size()), out.body.data(),
                                   size, &produced) != LIBDEFLATE_SUCCESS ||
        produced != size)
        return std::nullopt;
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
    if (e == "gzip" || e == "x-gzip") {
        if (std::optional<InflateResult> whole = gunzipWhole(data, limit))
            return std::move(*whole);
        return inflateWith(data, 16 + MAX_WBITS, limit);
    }
    if (e == "deflate") {
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw.
        InflateResult zlibWrapped = inflateWith(data, MAX_WBITS, limit);
        return zlibWrapped.ok() ? zlibWrapped : inflateWith(data, -MAX_WBITS, limit);
    }
    InflateResult out;
    out.error = QStringLiteral("unsupported Content-Encoding \"%1\"").arg(QString::fromLatin1(encoding));
    return out;
}

QByteArray keptBody(const QByteArray &plain)
{
    if (plain.isEmpty())
        return {};
    QByteArray kept = qCompress(plain, 1);
    kept.squeeze(); // qCompress leaves room for the worst case
    return kept;
}

QByteArray keptBodyText(const QByteArray &kept)
{
    return kept.isEmpty() ? QByteArray() : qUncompress(kept);
}
