#pragma once

#include "legendformat.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <vector>

/// One series as Prometheus returned it, stored column-wise: timestamps in
/// milliseconds since the epoch and values, both as doubles (16 bytes a point).
struct Series
{
    Labels labels;
    std::vector<double> timestampsMs;
    std::vector<double> values;
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

    bool ok() const { return error.isEmpty(); }
};
Q_DECLARE_METATYPE(QueryResult)
