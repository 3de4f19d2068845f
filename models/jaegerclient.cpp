#include "jaegerclient.h"

#include "background.h"
#include "httpjob.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <algorithm>
#include <utility>

// ---------------------------------------------------------------- logfmt tags

namespace {

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r');
}

// Reads a quoted string starting at text[i] == '"'; i ends after the closing quote.
bool readQuoted(const QString &text, qsizetype &i, QString *out)
{
    ++i;
    while (i < text.size()) {
        const QChar c = text.at(i++);
        if (c == QLatin1Char('"'))
            return true;
        if (c == QLatin1Char('\\') && i < text.size()) {
            const QChar e = text.at(i++);
            if (e == QLatin1Char('n'))
                *out += QLatin1Char('\n');
            else if (e == QLatin1Char('t'))
                *out += QLatin1Char('\t');
            else if (e == QLatin1Char('r'))
                *out += QLatin1Char('\r');
            else if (e == QLatin1Char('"') || e == QLatin1Char('\\'))
                *out += e;
            else
                *out += QLatin1Char('\\') + QString(e);
            continue;
        }
        *out += c;
    }
    return false;
}

// A bare token runs to whitespace (and, for a key, to '='); a quote inside one is
// a typo more often than data, and would silently change what is searched.
bool readBare(const QString &text, qsizetype &i, bool stopAtEquals, QString *out)
{
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (isSpace(c) || (stopAtEquals && c == QLatin1Char('=')))
            break;
        if (c == QLatin1Char('"'))
            return false;
        *out += c;
        ++i;
    }
    return true;
}

} // namespace

QList<QPair<QString, QString>> parseLogfmtTags(const QString &text, QString *error)
{
    QList<QPair<QString, QString>> pairs;
    auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return QList<QPair<QString, QString>>();
    };
    if (error)
        error->clear();
    qsizetype i = 0;
    while (true) {
        while (i < text.size() && isSpace(text.at(i)))
            ++i;
        if (i >= text.size())
            break;
        const qsizetype keyAt = i;
        QString key;
        if (text.at(i) == QLatin1Char('"')) {
            if (!readQuoted(text, i, &key))
                return failed(
                    QStringLiteral("unbalanced quotes in tags at character %1").arg(keyAt + 1));
        } else if (!readBare(text, i, true, &key)) {
            return failed(QStringLiteral("unbalanced quotes in tags at character %1").arg(i + 1));
        }
        if (key.isEmpty())
            return failed(QStringLiteral("tag without a name at character %1").arg(keyAt + 1));
        // A bare key is a flag, as in the Jaeger UI: `error` searches error=true.
        QString value = QStringLiteral("true");
        if (i < text.size() && text.at(i) == QLatin1Char('=')) {
            ++i;
            value.clear();
            const qsizetype valueAt = i;
            if (i < text.size() && text.at(i) == QLatin1Char('"')) {
                if (!readQuoted(text, i, &value))
                    return failed(QStringLiteral("unbalanced quotes in tags at character %1")
                                      .arg(valueAt + 1));
            } else if (!readBare(text, i, false, &value)) {
                return failed(
                    QStringLiteral("unbalanced quotes in tags at character %1").arg(i + 1));
            }
        }
        if (i < text.size() && !isSpace(text.at(i)))
            return failed(QStringLiteral("expected a space after tag \"%1\" at character %2")
                              .arg(key)
                              .arg(i + 1));
        pairs.append({key, value});
    }
    return pairs;
}

// ---------------------------------------------------------------- URLs

namespace {

using ApiVersion = JaegerClient::ApiVersion;

// QUrlQuery leaves '+' alone, which Go's query parser reads as a space; encode every
// value fully.
class QueryBuilder
{
public:
    void add(const char *key, const QString &value)
    {
        if (!m_query.isEmpty())
            m_query += '&';
        m_query += QUrl::toPercentEncoding(QLatin1String(key));
        m_query += '=';
        m_query += QUrl::toPercentEncoding(value);
    }
    QByteArray query() const { return m_query; }

private:
    QByteArray m_query;
};

QString tagsJson(const QString &logfmt)
{
    const auto pairs = parseLogfmtTags(logfmt);
    if (pairs.isEmpty())
        return {};
    QJsonObject o;
    for (const auto &[key, value] : pairs)
        o.insert(key, value);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Go's time.RFC3339Nano: fraction without trailing zeros, UTC as "Z".
QString rfc3339Nano(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    QString s = utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    const int ms = utc.time().msec();
    if (ms > 0) {
        QString frac = QStringLiteral("%1").arg(ms, 3, 10, QLatin1Char('0'));
        while (frac.endsWith(QLatin1Char('0')))
            frac.chop(1);
        s += QLatin1Char('.') + frac;
    }
    return s + QLatin1Char('Z');
}

QString versionKey(const QUrl &base)
{
    // "http://jaeger:16686" and "http://jaeger:16686/" are one server.
    QString key =
        base.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment).toString(QUrl::FullyEncoded);
    while (key.endsWith(QLatin1Char('/')))
        key.chop(1);
    return key;
}

// Remembered per server for the process (UI thread only, like every client).
QHash<QString, ApiVersion> &knownVersions()
{
    static QHash<QString, ApiVersion> versions;
    return versions;
}

bool isHexId(const QString &id)
{
    if (id.isEmpty() || id.size() > 32)
        return false;
    for (const QChar c : id) {
        const bool hex = (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                         (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
                         (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
        if (!hex)
            return false;
    }
    return true;
}

bool looksLikeJson(const QByteArray &body)
{
    const QByteArray t = body.trimmed();
    return t.startsWith('{') || t.startsWith('[');
}

// `path` arrives percent-encoded (service names, IDs) and is set as is; the base
// URL's own path ("/jaeger") is kept in front.
QUrl apiUrl(const QUrl &base, const QString &path, const QByteArray &query = {})
{
    QUrl u = base;
    QString prefix = u.path(QUrl::FullyEncoded);
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    u.setPath(prefix + path, QUrl::TolerantMode);
    u.setFragment(QString());
    if (!query.isEmpty())
        u.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    else
        u.setQuery(QString());
    return u;
}

QUrl searchUrl(const QUrl &base, const TraceQuery &query, ApiVersion version)
{
    // Both APIs want a window; the search form always sets one, a script may not.
    const QDateTime end = query.end.isValid() ? query.end : QDateTime::currentDateTimeUtc();
    const QDateTime start = query.start.isValid() ? query.start : end.addSecs(-3600);
    const int limit = std::clamp(query.limit, 1, 1500);
    const QString tags = tagsJson(query.tags);
    QueryBuilder q;
    if (version == ApiVersion::V3) {
        q.add("query.service_name", query.service);
        if (!query.operation.isEmpty())
            q.add("query.operation_name", query.operation);
        if (!tags.isEmpty())
            q.add("query.attributes", tags);
        q.add("query.start_time_min", rfc3339Nano(start));
        q.add("query.start_time_max", rfc3339Nano(end));
        if (query.minDurationUs >= 0)
            q.add("query.duration_min", formatGoDuration(query.minDurationUs));
        if (query.maxDurationUs >= 0)
            q.add("query.duration_max", formatGoDuration(query.maxDurationUs));
        q.add("query.num_traces", QString::number(limit));
        return apiUrl(base, QStringLiteral("/api/v3/traces"), q.query());
    }
    q.add("service", query.service);
    if (!query.operation.isEmpty())
        q.add("operation", query.operation);
    if (!tags.isEmpty())
        q.add("tags", tags);
    if (query.minDurationUs >= 0)
        q.add("minDuration", formatGoDuration(query.minDurationUs));
    if (query.maxDurationUs >= 0)
        q.add("maxDuration", formatGoDuration(query.maxDurationUs));
    q.add("start", QString::number(start.toMSecsSinceEpoch() * 1000));
    q.add("end", QString::number(end.toMSecsSinceEpoch() * 1000));
    q.add("limit", QString::number(limit));
    q.add("lookback", QStringLiteral("custom"));
    return apiUrl(base, QStringLiteral("/api/traces"), q.query());
}

} // namespace

// ---------------------------------------------------------------- version probe

/// One GET /api/v3/services per server, shared by the requests that arrive while it
/// runs. A child of the network manager, so it cannot outlive the replies it needs.
class JaegerProbe final : public QObject
{
public:
    static QHash<QString, JaegerProbe *> &running()
    {
        static QHash<QString, JaegerProbe *> probes;
        return probes;
    }

    JaegerProbe(const QString &key, QNetworkAccessManager *nam, const QUrl &base, int timeoutMs,
                qint64 maxBytes, const HttpOptions &options)
        : QObject(nam), m_key(key)
    {
        running().insert(m_key, this);
        HttpJob *job = HttpJob::start(nam, HttpJob::Method::Get,
                                      joinUrl(base, QStringLiteral("/api/v3/services")), {},
                                      timeoutMs, this, maxBytes, options);
        connect(job, &HttpJob::finished, this, &JaegerProbe::onFinished);
    }

    ~JaegerProbe() override
    {
        forget();
        if (!m_decided)
            notify(ApiVersion::Unknown, QStringLiteral("request cancelled"));
    }

    void addWaiter(JaegerRequest *request) { m_waiters.append(request); }

private:
    void forget()
    {
        if (running().value(m_key) == this)
            running().remove(m_key);
    }

    void onFinished(const HttpResult &http)
    {
        // No answer at all (down, silent, oversized): say so now rather than try v1
        // against the same dead server, and probe again next time.
        if (!http.ok() && http.errorType != QLatin1String("http")) {
            decide(ApiVersion::Unknown, false, http.error);
            return;
        }
        if (!http.ok()) {
            // 404/405: no v3 here. Anything else (500, 401 from a proxy) may pass:
            // use v1 this once and ask again next time.
            const bool sure = http.status == 404 || http.status == 405;
            decide(ApiVersion::V1, sure, {});
            return;
        }
        // The body is parsed on the pool like every other; the answer comes back
        // through the application object and reaches this probe only if it lives.
        QPointer<JaegerProbe> self(this);
        const QByteArray body = http.body;
        QObject *sink = QCoreApplication::instance();
        runInBackground([self, body, sink] {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            const bool v3 =
                doc.isObject() && doc.object().value(QLatin1String("services")).isArray();
            QMetaObject::invokeMethod(
                sink,
                [self, v3] {
                    if (self)
                        self->decide(v3 ? ApiVersion::V3 : ApiVersion::V1, true, {});
                },
                Qt::QueuedConnection);
        });
    }

    void decide(ApiVersion version, bool remember, const QString &error)
    {
        m_decided = true;
        forget();
        if (remember && version != ApiVersion::Unknown)
            knownVersions().insert(m_key, version);
        notify(version, error);
        deleteLater();
    }

    void notify(ApiVersion version, const QString &error)
    {
        const QList<QPointer<JaegerRequest>> waiters = std::exchange(m_waiters, {});
        for (const QPointer<JaegerRequest> &r : waiters) {
            if (!r || r->m_done)
                continue;
            if (!error.isEmpty())
                r->fail(error);
            else
                r->send(int(version));
        }
    }

    QString m_key;
    QList<QPointer<JaegerRequest>> m_waiters;
    bool m_decided = false;
};

// ---------------------------------------------------------------- request

/// Lets helpers outside the classes finish a request (the header names it a friend).
struct JaegerRequestAccess
{
    static void fail(JaegerRequest *r, const QString &error) { r->fail(error); }
};

struct JaegerRequest::Outcome
{
    TraceDecodeResult traces;
    JaegerListResult list;
    DependencyResult dependencies;
};

JaegerRequest::JaegerRequest(Kind kind, QObject *parent) : QObject(parent), m_kind(kind)
{
}

JaegerRequest::~JaegerRequest()
{
    abort();
}

void JaegerRequest::abort()
{
    m_done = true;
    if (m_job)
        m_job->abort();
}

void JaegerRequest::send(int version)
{
    if (m_done)
        return;
    if (!m_nam) {
        fail(QStringLiteral("request cancelled"));
        return;
    }
    m_version = version;
    m_url = m_urlFor(version);
    HttpJob *job =
        HttpJob::start(m_nam, HttpJob::Method::Get, m_url, {}, m_timeoutMs, this, m_maxBytes, m_options);
    m_job = job;
    connect(job, &HttpJob::finished, this, &JaegerRequest::onHttpFinished);
}

void JaegerRequest::fail(const QString &error)
{
    Outcome o;
    o.traces.error = error;
    o.list.error = error;
    o.dependencies.error = error;
    finish(o);
}

void JaegerRequest::finish(const Outcome &outcome)
{
    if (m_done)
        return;
    m_done = true;
    switch (m_kind) {
    case Kind::Traces:
        emit tracesReady(outcome.traces);
        break;
    case Kind::Services:
    case Kind::Operations:
        emit listReady(outcome.list);
        break;
    case Kind::Dependencies:
        emit dependenciesReady(outcome.dependencies);
        break;
    }
}

void JaegerRequest::onHttpFinished(const HttpResult &http)
{
    if (m_done)
        return;
    if (!http.ok() && http.errorType != QLatin1String("http")) {
        fail(http.error);
        return;
    }
    if (http.status == 404 && !m_traceId.isEmpty()) {
        fail(QStringLiteral("trace %1 not found").arg(m_traceId));
        return;
    }
    // v3 reports "No traces found" as a 404 with its error JSON: an empty result.
    if (http.status == 404 && m_search && m_version == int(ApiVersion::V3) &&
        looksLikeJson(http.body)) {
        finish(Outcome());
        return;
    }
    // An error page (HTML, text) says nothing the status does not.
    if (!http.ok() && !looksLikeJson(http.body)) {
        fail(http.error);
        return;
    }

    // Decoding (and analysing traces, which can hold 100,000 spans) runs on the
    // pool; the result returns as a queued call on the application object (which
    // outlives every request) and reaches this request only if it still exists.
    QPointer<JaegerRequest> self(this);
    const QByteArray body = http.body;
    const int status = http.status;
    const QString httpError = http.error;
    const Kind kind = m_kind;
    QObject *sink = QCoreApplication::instance();
    runInBackground([self, body, status, httpError, kind, sink] {
        Outcome o;
        QString error;
        switch (kind) {
        case Kind::Traces:
            o.traces = decodeJaegerTraces(body);
            if (o.traces.ok())
                for (Trace &t : o.traces.traces)
                    analyseTrace(t);
            error = o.traces.error;
            break;
        case Kind::Services:
            o.list = decodeJaegerServices(body);
            error = o.list.error;
            break;
        case Kind::Operations:
            o.list = decodeJaegerOperations(body);
            error = o.list.error;
            break;
        case Kind::Dependencies:
            o.dependencies = decodeJaegerDependencies(body);
            error = o.dependencies.error;
            break;
        }
        if (status >= 400) {
            // Keep the server's own message (v1 `errors`, v3 `error`); a decoder's
            // complaint about the shape of an error body is less useful than the status.
            const QJsonObject root = QJsonDocument::fromJson(body).object();
            const bool envelope = root.value(QLatin1String("errors")).isArray() ||
                                  root.value(QLatin1String("error")).isObject() ||
                                  root.value(QLatin1String("error")).isString();
            if (error.isEmpty() || !envelope)
                error = httpError;
            o = Outcome();
            o.traces.error = error;
            o.list.error = error;
            o.dependencies.error = error;
        }
        QMetaObject::invokeMethod(
            sink,
            [self, o = std::move(o)] {
                if (self)
                    self->finish(o);
            },
            Qt::QueuedConnection);
    });
}

// ---------------------------------------------------------------- client

JaegerClient::JaegerClient(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam), m_baseUrl(QStringLiteral("http://localhost:16686"))
{
}

void JaegerClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void JaegerClient::setApiVersion(ApiVersion version)
{
    m_forced = version;
    if (version == ApiVersion::Unknown)
        knownVersions().remove(versionKey(m_baseUrl));
}

JaegerClient::ApiVersion JaegerClient::apiVersion() const
{
    if (m_forced != ApiVersion::Unknown)
        return m_forced;
    return knownVersions().value(versionKey(m_baseUrl), ApiVersion::Unknown);
}

QUrl JaegerClient::findTracesUrl(const TraceQuery &query, ApiVersion version) const
{
    return searchUrl(m_baseUrl, query, version);
}

// `urlFor` captures values, never the client: a request may outlive its client,
// and the version (hence the URL) may be known only after the probe.
JaegerRequest *JaegerClient::start(JaegerRequest::Kind kind, std::function<QUrl(ApiVersion)> urlFor,
                                   bool needsVersion, QObject *owner)
{
    auto *r = new JaegerRequest(kind, owner ? owner : this);
    r->m_nam = m_nam;
    r->m_timeoutMs = m_timeoutMs;
    r->m_maxBytes = m_maxBytes;
    r->m_options = m_options;
    r->m_urlFor = [urlFor = std::move(urlFor)](int v) {
        return urlFor(ApiVersion(v));
    };
    const ApiVersion known = needsVersion ? apiVersion() : ApiVersion::V1;
    if (known != ApiVersion::Unknown) {
        r->send(int(known));
        return r;
    }
    const QString key = versionKey(m_baseUrl);
    JaegerProbe *probe = JaegerProbe::running().value(key);
    if (!probe)
        probe = new JaegerProbe(key, m_nam, m_baseUrl, m_timeoutMs, m_maxBytes, m_options);
    probe->addWaiter(r);
    return r;
}

JaegerRequest *JaegerClient::services(QObject *owner)
{
    const QUrl base = m_baseUrl;
    return start(
        JaegerRequest::Kind::Services,
        [base](ApiVersion v) {
            return apiUrl(base, v == ApiVersion::V3 ? QStringLiteral("/api/v3/services")
                                                    : QStringLiteral("/api/services"));
        },
        true, owner);
}

JaegerRequest *JaegerClient::operations(const QString &service, const QString &spanKind,
                                        QObject *owner)
{
    const QUrl base = m_baseUrl;
    return start(
        JaegerRequest::Kind::Operations,
        [base, service, spanKind](ApiVersion v) {
            QueryBuilder q;
            if (v == ApiVersion::V3) {
                q.add("service", service);
                if (!spanKind.isEmpty())
                    q.add("span_kind", spanKind);
                return apiUrl(base, QStringLiteral("/api/v3/operations"), q.query());
            }
            if (spanKind.isEmpty())
                return apiUrl(base,
                              QStringLiteral("/api/services/%1/operations")
                                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(service))));
            q.add("service", service);
            q.add("spanKind", spanKind);
            return apiUrl(base, QStringLiteral("/api/operations"), q.query());
        },
        true, owner);
}

namespace {

// Refused before anything is sent; reported like any other failure, once the
// caller has had the chance to connect.
void failLater(JaegerRequest *r, const QString &message)
{
    QMetaObject::invokeMethod(
        r, [r, message] { JaegerRequestAccess::fail(r, message); }, Qt::QueuedConnection);
}

} // namespace

JaegerRequest *JaegerClient::findTraces(const TraceQuery &query, QObject *owner)
{
    QString tagError;
    parseLogfmtTags(query.tags, &tagError);
    if (!tagError.isEmpty()) {
        // Searching without the tags would answer a different question.
        auto *r = new JaegerRequest(JaegerRequest::Kind::Traces, owner ? owner : this);
        failLater(r, tagError);
        return r;
    }
    const QUrl base = m_baseUrl;
    JaegerRequest *r = start(
        JaegerRequest::Kind::Traces,
        [base, query](ApiVersion v) { return searchUrl(base, query, v); }, true, owner);
    r->m_search = true;
    return r;
}

JaegerRequest *JaegerClient::trace(const QString &traceId, QObject *owner)
{
    const QString id = traceId.trimmed().toLower();
    if (!isHexId(id)) {
        // Never let it reach a URL path.
        auto *r = new JaegerRequest(JaegerRequest::Kind::Traces, owner ? owner : this);
        failLater(r, QStringLiteral("invalid trace ID \"%1\": expected up to 32 hex digits")
                         .arg(traceId.left(64)));
        return r;
    }
    const QUrl base = m_baseUrl;
    JaegerRequest *r = start(
        JaegerRequest::Kind::Traces,
        [base, id](ApiVersion v) {
            return apiUrl(base, (v == ApiVersion::V3 ? QStringLiteral("/api/v3/traces/")
                                                     : QStringLiteral("/api/traces/")) +
                                    id);
        },
        true, owner);
    r->m_traceId = id;
    return r;
}

JaegerRequest *JaegerClient::dependencies(const QDateTime &end, qint64 lookbackMs, QObject *owner)
{
    // Only v1 has dependencies, and Jaeger v2 still serves them: no probe needed.
    const QUrl base = m_baseUrl;
    const QDateTime endTs = end.isValid() ? end : QDateTime::currentDateTimeUtc();
    return start(
        JaegerRequest::Kind::Dependencies,
        [base, endTs, lookbackMs](ApiVersion) {
            QueryBuilder q;
            q.add("endTs", QString::number(endTs.toMSecsSinceEpoch()));
            q.add("lookback", QString::number(std::max<qint64>(lookbackMs, 1)));
            return apiUrl(base, QStringLiteral("/api/dependencies"), q.query());
        },
        false, owner);
}
