#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

struct Panel;

/// One exemplar Prometheus stored with a sample: its labels (a trace id, usually),
/// the observed value and when it was observed.
struct Exemplar
{
    QMap<QString, QString> labels;
    double value = 0;
    qint64 timestampMs = 0;
};

/// The exemplars of one series, as /api/v1/query_exemplars groups them.
struct ExemplarSeries
{
    QMap<QString, QString> seriesLabels;
    QList<Exemplar> exemplars;
};

/// Decodes a /api/v1/query_exemplars response body. On an error envelope or a body
/// that is not the expected JSON, returns nothing and sets `*error` to a message fit
/// to show (Prometheus's own message, or one starting "invalid response from server").
/// Exemplars with an unreadable value or timestamp are skipped, not fatal.
/// Pure and thread-safe: meant to run on a worker thread.
QList<ExemplarSeries> decodePrometheusExemplars(const QByteArray &body, QString *error = nullptr);

/// The trace id an exemplar carries: the value of the first of `labelNames` it has
/// (the name differs between instrumentation libraries), or empty.
QString exemplarTraceId(const Exemplar &exemplar,
                        const QStringList &labelNames = {QStringLiteral("trace_id"),
                                                         QStringLiteral("traceID"),
                                                         QStringLiteral("traceId")});

/// Whether the Grafana target `targetIndex` of `panel.targets` asks for exemplars
/// (`"exemplar": true` in the panel's JSON). Targets are matched to the JSON by refId
/// (or by expression when the file gave none), since the loader drops targets
/// without an expression and so indices can differ.
bool targetWantsExemplars(const Panel &panel, int targetIndex);

Q_DECLARE_METATYPE(ExemplarSeries)
Q_DECLARE_METATYPE(QList<ExemplarSeries>)
