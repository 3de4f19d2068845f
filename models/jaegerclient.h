#pragma once

#include "httpjob.h"
#include "jaegerdecoder.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class HttpJob;
class QNetworkAccessManager;
struct HttpResult;

/// What the trace search form asks for (the Jaeger UI's search panel).
struct TraceQuery
{
    QString service;
    QString operation;          // empty: all operations
    QString tags;               // logfmt: `error=true http.status_code=500 "k"="v w"`
    QDateTime start;            // lookback window
    QDateTime end;
    qint64 minDurationUs = -1;  // -1: no bound
    qint64 maxDurationUs = -1;
    int limit = 20;             // 1..1500
};

/// logfmt tags (`a=b c="d e"`) into key/value pairs; `error` set for unbalanced quotes.
QList<QPair<QString, QString>> parseLogfmtTags(const QString &text, QString *error = nullptr);

/// One request in flight. Emits exactly one of its signals once - unless aborted or
/// deleted first. Bodies are decoded on the thread pool.
class JaegerRequest final : public QObject
{
    Q_OBJECT
public:
    ~JaegerRequest() override;
    void abort();

signals:
    /// findTraces() and trace(): decoded traces (analysed on the worker thread).
    void tracesReady(const TraceDecodeResult &result);
    /// services() and operations().
    void listReady(const JaegerListResult &result);
    void dependenciesReady(const DependencyResult &result);

private:
    friend class JaegerClient;
    friend class JaegerProbe;
    enum class Kind { Traces, Services, Operations, Dependencies };
    struct Outcome;
    JaegerRequest(Kind kind, QObject *parent);
    /// Sends the request in the given API version (a JaegerClient::ApiVersion).
    void send(int version);
    void onHttpFinished(const HttpResult &http);
    void fail(const QString &error);
    void finish(const Outcome &outcome);

    Kind m_kind;
    QPointer<HttpJob> m_job;
    bool m_done = false;
    QPointer<QNetworkAccessManager> m_nam;
    std::function<QUrl(int)> m_urlFor; // API version -> URL, fixed when the request is made
    QUrl m_url;
    int m_version = 0;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = 0;
    HttpOptions m_options;
    QString m_traceId; // trace(): names the trace in "not found"
    bool m_search = false; // findTraces(): v3 answers a search without hits with 404
    friend struct JaegerRequestAccess;
};

/// Talks to the Jaeger query service: API v3 (`/api/v3/...`, OTLP-JSON) when the
/// server has it, else v1 (`/api/...`, the Jaeger UI's internal API). The version
/// is probed once per server (base URL) and remembered for the process. A service
/// object: results and errors arrive through JaegerRequest signals.
class JaegerClient final : public QObject
{
    Q_OBJECT
public:
    enum class ApiVersion { Unknown, V1, V3 };

    explicit JaegerClient(QNetworkAccessManager *nam, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxResponseBytes(qint64 bytes) { m_maxBytes = bytes; }
    /// Authentication, headers, parameters and TLS.
    void setHttpOptions(const HttpOptions &options) { m_options = options; }
    /// Forces an API version (tests, or a server known to lack v3); Unknown = probe
    /// (again: the version remembered for the base URL is forgotten).
    void setApiVersion(ApiVersion version);
    ApiVersion apiVersion() const;

    JaegerRequest *services(QObject *owner = nullptr);
    /// Operations of a service; `spanKind` ("server", "client"...) filters when set.
    JaegerRequest *operations(const QString &service, const QString &spanKind = {},
                              QObject *owner = nullptr);
    JaegerRequest *findTraces(const TraceQuery &query, QObject *owner = nullptr);
    /// One trace by ID (hex, any length up to 32 digits).
    JaegerRequest *trace(const QString &traceId, QObject *owner = nullptr);
    /// v1 `/api/dependencies?endTs=&lookback=` (ms); v3 has no equivalent.
    JaegerRequest *dependencies(const QDateTime &end, qint64 lookbackMs, QObject *owner = nullptr);

    /// The URLs a request would use, for tests and "copy as URL".
    QUrl findTracesUrl(const TraceQuery &query, ApiVersion version) const;

private:
    JaegerRequest *start(JaegerRequest::Kind kind, std::function<QUrl(ApiVersion)> urlFor,
                         bool needsVersion, QObject *owner);

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    int m_timeoutMs = 30000;
    qint64 m_maxBytes = 256LL * 1024 * 1024;
    HttpOptions m_options;
    ApiVersion m_forced = ApiVersion::Unknown;
};
