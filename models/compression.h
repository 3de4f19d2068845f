#pragma once

#include <QByteArray>
#include <QString>

/// What inflateBody made of a compressed HTTP body.
struct InflateResult
{
    QByteArray body;
    bool truncated = false; // stopped at the limit; `body` holds its first `limit` bytes
    QString error;          // corrupt data or an encoding not asked for; empty on success
    bool ok() const { return error.isEmpty(); }
};

/// Decodes a body sent with `Content-Encoding: encoding` - gzip, deflate (zlib or raw),
/// or none (empty/identity: returned as it is) - keeping at most `limit` bytes. Meant
/// for worker threads: Qt would inflate on the thread that owns the reply (the UI's).
InflateResult inflateBody(const QByteArray &data, const QByteArray &encoding, qint64 limit);

/// Text kept for later reading (the panel inspector's recorded answers): deflated at
/// zlib's fastest level, which still shrinks a query_range answer about tenfold at a
/// few hundred MB/s, without the slack qCompress leaves. keptBodyText gives it back.
QByteArray keptBody(const QByteArray &plain);
QByteArray keptBodyText(const QByteArray &kept);
