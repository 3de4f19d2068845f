#pragma once

#include "column.h"
#include "valuecolumn.h"
#include "legendformat.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

/// One series as Prometheus returned it, stored column-wise: timestamps in
/// milliseconds since the epoch (doubles) and values (doubles, or integers where
/// that loses nothing: ValueColumn). The decoder puts an answer's columns into one
/// block and series with the same timestamps share one timestamp column, so a
/// matrix costs 4 to 8 bytes a point.
struct Series
{
    Labels labels;
    Column timestampsMs;
    ValueColumn values;
};

/// The start of an answer's body as received (inflated), kept for the panel inspector
/// when the query was asked to (PrometheusQuery::setRecordLimit): made on the pool with
/// the decode, deflated (keptBody / keptBodyText in compression.h).
struct RecordedBody
{
    QByteArray deflated;
    qint64 size = 0;        // bytes of text it stands for
    bool truncated = false; // more came
};

/// A decoded Prometheus API response (success or error envelope, or a transport
/// error filled in by the client).
struct QueryResult
{
    QString resultType; // matrix, vector, scalar, string
    std::vector<Series> series;
    QStringList warnings;
    QString errorType;  // Prometheus's errorType, or "network", "http", "decode"
    QString error;      // a message fit to show the user; empty on success

    /// The start of the body as received, for the panel inspector (RecordedBody).
    using Recorded = RecordedBody;
    std::optional<Recorded> recorded;

    bool ok() const { return error.isEmpty(); }
};
Q_DECLARE_METATYPE(QueryResult)
