#pragma once

#include "queryresult.h"

#include <QByteArray>

/// Decodes a Prometheus HTTP API response body (`/api/v1/query_range` or
/// `/api/v1/query`): matrix, vector, scalar and string results, the special values
/// "NaN", "+Inf" and "-Inf", `warnings`, and error envelopes with `errorType`.
/// Never throws; malformed input yields a result with `errorType` "decode".
/// Pure and thread-safe: meant to run on a worker thread.
QueryResult decodePrometheusResponse(const QByteArray &body);
