#pragma once

#include "exemplars.h"
#include "httpjob.h"
#include "queryresult.h"
#include "targets.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

class HttpJob;
class QNetworkAccessManager;
struct HttpResult;

/// One request in flight. Emits `finished` exactly once - unless aborted or
/// deleted first, which cancels the request and drops any late result. The
/// transport (timeout, size cap, transport errors) is an HttpJob's; this adds the
/// Prometheus decoding, off the calling thread.
class PrometheusQuery final : public QObject
{
    Q_OBJECT
public:
    ~PrometheusQuery() override;
    void abort();
    QUrl url() const { return m_url; }
    /// Also keep the first `bytes` of the body (inflated) in the result's `recorded`,
    /// made on the pool with the decode; 0 (the default): none.
    void setRecordLimit(qint64 bytes) { m_recordLimit = bytes; }

signals:
    void finished(const QueryResult &result);

private:
    friend class PrometheusClient;
    PrometheusQuery(HttpJob *job, const QUrl &url, QObject *parent);
    void onHttpFinished(const HttpResult &received);
    void finishWith(QueryResult result);

    QPointer<HttpJob> m_job;
    QUrl m_url;
    qint64 m_maxBytes = 0; // the client's cap, for the body once inflated
    qint64 m_recordLimit = 0;
    bool m_done = false;
};

/// One metric's entry in /api/v1/metadata.
struct MetricMetadata
{
    QString type; // counter, gauge, histogram, summary, unknown, ...
    QString help;
    QString unit;
};
using MetricMetadataMap = QHash<QString, MetricMetadata>;

/// One request to Prometheus's metadata API (label names, label values, series,
/// metric metadata) in flight. Emits `finished` exactly once - unless aborted or
/// deleted first. Transport, timeout and size cap as PrometheusQuery; the body is
/// decoded on the thread pool.
class PrometheusListQuery final : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Strings, Series, Metadata, Exemplars, Targets };
    ~PrometheusListQuery() override;
    void abort();
    QUrl url() const { return m_url; }
    /// The answer had as many entries as the `limit` sent: there may be more.
    bool truncated() const { return m_truncated; }

signals:
    /// Label names or values as Prometheus lists them; series as Grafana shows them
    /// (`name{label="value",...}`). `error` is empty on success.
    void finished(const QStringList &values, const QString &error);
    /// Only for PrometheusClient::metadata(); `finished` follows with the metric names.
    void metadataReady(const MetricMetadataMap &metadata);
    /// Only for PrometheusClient::queryExemplars(), on success; `finished` follows
    /// (with no values).
    void exemplarsReady(const QList<ExemplarSeries> &exemplars);
    /// Only for PrometheusClient::targets(), on success; `finished` follows (with the
    /// scrape URLs).
    void targetsReady(const QList<ScrapeTarget> &targets);

private:
    friend class PrometheusClient;
    PrometheusListQuery(HttpJob *job, const QUrl &url, Kind kind, QObject *parent);
    void onHttpFinished(const HttpResult &http);
    void finishWith(const QStringList &values, const MetricMetadataMap &metadata, const QString &error,
                    const QList<ExemplarSeries> &exemplars = {}, const QList<ScrapeTarget> &targets = {});

    QPointer<HttpJob> m_job;
    QUrl m_url;
    Kind m_kind;
    int m_limit = 0;
    bool m_truncated = false;
    bool m_done = false;
};

/// Talks to a Prometheus-compatible HTTP API. A service object: it never shows
/// dialogs; results and errors arrive as QueryResult through PrometheusQuery.
/// Responses are decoded on the thread pool, never on the caller's thread.
class PrometheusClient final : public QObject
{
    Q_OBJECT
public:
    explicit PrometheusClient(QNetworkAccessManager *nam, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }
    /// Authentication, custom headers and query parameters, TLS settings.
    void setHttpOptions(const HttpOptions &options) { m_options = options; }
    const HttpOptions &httpOptions() const { return m_options; }
    /// Responses larger than this are refused while downloading (default 256 MiB).
    void setMaxResponseBytes(qint64 bytes) { m_maxBytes = bytes; }
    qint64 maxResponseBytes() const { return m_maxBytes; }
    static constexpr qint64 kDefaultMaxResponseBytes = 256LL * 1024 * 1024;
    /// Sent as `limit` with every query (Prometheus 3 and compatible engines stop at
    /// that many series and say so in a warning; older ones ignore it). 0 = none.
    void setSeriesLimit(int limit) { m_seriesLimit = limit; }
    int seriesLimit() const { return m_seriesLimit; }
    static constexpr int kDefaultSeriesLimit = 1000;
    /// Sent as `limit` with label, label value and series lookups; an answer that long
    /// is marked truncated(). 0 = none.
    void setListLimit(int limit) { m_listLimit = limit; }
    int listLimit() const { return m_listLimit; }
    static constexpr int kDefaultListLimit = 10000;

    /// POSTs /api/v1/query_range (form-encoded). The returned query is a child of
    /// `owner` (or of the client); delete or abort it to cancel.
    PrometheusQuery *queryRange(const QString &expr, const QDateTime &start,
                                const QDateTime &end, double stepSeconds,
                                QObject *owner = nullptr);
    /// POSTs /api/v1/query for an instant value.
    PrometheusQuery *queryInstant(const QString &expr, const QDateTime &time,
                                  QObject *owner = nullptr);

    /// GETs /api/v1/labels: label names, optionally of the series matching `matches`
    /// within [start, end] (an invalid end is now, an invalid start
    /// 6 hours before the end: the server is never asked for all of its history).
    PrometheusListQuery *labelNames(const QStringList &matches = {}, const QDateTime &start = {},
                                    const QDateTime &end = {}, QObject *owner = nullptr);
    /// GETs /api/v1/label/<label>/values (metric names for "__name__").
    PrometheusListQuery *labelValues(const QString &label, const QStringList &matches = {},
                                     const QDateTime &start = {}, const QDateTime &end = {},
                                     QObject *owner = nullptr);
    /// GETs /api/v1/series; each series comes back as `name{label="value",...}`.
    PrometheusListQuery *series(const QStringList &matches, const QDateTime &start = {},
                                const QDateTime &end = {}, QObject *owner = nullptr);
    /// GETs /api/v1/metadata (of one metric, or of all when `metric` is empty):
    /// `metadataReady` carries metric -> type/help/unit.
    PrometheusListQuery *metadata(const QString &metric = {}, QObject *owner = nullptr);
    /// GETs /api/v1/query_exemplars: the exemplars of the series `expr` selects within
    /// [start, end], through `exemplarsReady`. A server without exemplar storage
    /// answers an empty list; one older than 2.26 answers 404 (an error).
    PrometheusListQuery *queryExemplars(const QString &expr, const QDateTime &start,
                                        const QDateTime &end, QObject *owner = nullptr);

    /// GETs /api/v1/targets?state=active: the scrape targets with their health,
    /// through `targetsReady` (down first).
    PrometheusListQuery *targets(QObject *owner = nullptr);

    /// The URL of an API path under the base URL (keeps a path prefix such as
    /// "/prometheus").
    QUrl apiUrl(const QString &path) const;

private:
    PrometheusQuery *post(const QString &path, const QByteArray &form, QObject *owner);
    PrometheusListQuery *getList(const QString &path, const QByteArray &query,
                                 PrometheusListQuery::Kind kind, QObject *owner);

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = kDefaultMaxResponseBytes;
    HttpOptions m_options;
    int m_seriesLimit = kDefaultSeriesLimit;
    int m_listLimit = kDefaultListLimit;
};
