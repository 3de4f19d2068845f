#include "prometheusclient.h"

#include "background.h"
#include "compression.h"
#include "httpjob.h"
#include "networkerror.h"
#include "prometheusdecoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <algorithm>
#include <memory>

namespace {

// QUrlQuery leaves '+' alone, which a form decoder reads as a space ("a + b" would
// reach Prometheus as "a   b"); percent-encode everything that is not unreserved.
QByteArray formEncode(std::initializer_list<std::pair<const char *, QString>> items)
{
    QByteArray out;
    for (const auto &[key, value] : items) {
        if (!out.isEmpty())
            out += '&';
        out += key;
        out += '=';
        out += QUrl::toPercentEncoding(value);
    }
    return out;
}

QString secondsString(const QDateTime &t)
{
    return QString::number(double(t.toMSecsSinceEpoch()) / 1000.0, 'f', 3);
}

} // namespace

PrometheusQuery::PrometheusQuery(HttpJob *job, const QUrl &url, QObject *parent)
    : QObject(parent), m_job(job), m_url(url)
{
    job->setParent(this);
    connect(job, &HttpJob::finished, this, &PrometheusQuery::onHttpFinished);
}

PrometheusQuery::~PrometheusQuery()
{
    abort();
}

void PrometheusQuery::abort()
{
    m_done = true;
    if (m_job)
        m_job->abort();
}

void PrometheusQuery::finishWith(QueryResult result)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(result);
}

void PrometheusQuery::onHttpFinished(const HttpResult &received)
{
    if (m_done)
        return;
    // Anything but an HTTP error carrying Prometheus's JSON envelope is final here -
    // and so are 401/403: what the user must do (credentials) matters more than the
    // proxy's or server's one-word body.
    HttpResult http = received;
    if (!http.ok() && !http.contentEncoding.isEmpty()) {
        // Error answers are small: read here (the 1 MiB cap keeps it so).
        const InflateResult plain = inflateBody(http.body, http.contentEncoding, 1 << 20);
        http.body = plain.body;
        http.contentEncoding.clear();
    }
    const bool auth = http.status == 401 || http.status == 403;
    if (!http.ok() && (auth || http.errorType != QLatin1String("http") || !http.body.trimmed().startsWith('{'))) {
        QueryResult r;
        r.errorType = http.errorType;
        r.error = http.error;
        finishWith(std::move(r));
        return;
    }
    const QByteArray body = http.body;
    const QByteArray encoding = http.contentEncoding;
    const qint64 maxBytes = m_maxBytes;
    const qint64 recordLimit = m_recordLimit;
    const int status = http.status;

    // Prometheus answers errors (400 bad_data, 422 execution, 503 timeout) with the same
    // JSON envelope as successes; the decoder takes its message from there. Decoding
    // runs on the thread pool; the result comes back as a queued call on the
    // application object (which outlives every query) and reaches this query only if
    // it still exists: a query deleted meanwhile never hears of it.
    QPointer<PrometheusQuery> self(this);
    const QString where = displayUrl(m_url);
    QObject *sink = QCoreApplication::instance();
    runInBackground([self, body, encoding, maxBytes, recordLimit, status, where, sink] {
        QueryResult r;
        const InflateResult plain = inflateBody(body, encoding, maxBytes);
        std::optional<QueryResult::Recorded> recorded;
        if (recordLimit > 0) {
            // What came, as far as the limit: the text, or the bytes when they
            // would not inflate.
            const QByteArray &text = plain.ok() ? plain.body : body;
            recorded.emplace();
            recorded->deflated = keptBody(text.size() > recordLimit ? text.left(recordLimit) : text);
            recorded->size = std::min<qint64>(text.size(), recordLimit);
            recorded->truncated = text.size() > recordLimit || (plain.ok() && plain.truncated);
        }
        if (!plain.ok()) {
            r.errorType = QStringLiteral("network");
            r.error = QStringLiteral("%1 from %2").arg(plain.error, where);
        } else if (plain.truncated) {
            r.errorType = QStringLiteral("too_large");
            r.error = QStringLiteral("response larger than %1 MiB refused: %2")
                          .arg(double(maxBytes) / (1024 * 1024), 0, 'g', 4)
                          .arg(where);
        } else {
            r = decodePrometheusResponse(plain.body);
        }
        if (!r.ok() && r.errorType == QLatin1String("decode") && status >= 400)
            r.error = QStringLiteral("HTTP %1 from %2").arg(status).arg(where);
        r.recorded = std::move(recorded);
        QMetaObject::invokeMethod(
            sink,
            [self, r = std::move(r)]() mutable {
                if (self)
                    self->finishWith(std::move(r));
            },
            Qt::QueuedConnection);
    });
}

namespace {

struct ListDecoded
{
    QStringList values;
    MetricMetadataMap metadata;
    QList<ExemplarSeries> exemplars;
    QList<ScrapeTarget> targets;
    QString error;
};

// Grafana's rendering of a series in variable options: name{a="b",c="d"}.
QString seriesText(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (it.key() == QLatin1String("__name__"))
            continue;
        parts << it.key() + QLatin1String("=\"") + it.value().toString() + QLatin1Char('"');
    }
    return labels.value(QLatin1String("__name__")).toString() + QLatin1Char('{')
           + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

ListDecoded decodeList(const QByteArray &body, int kind)
{
    using Kind = PrometheusListQuery::Kind;
    ListDecoded out;
    if (Kind(kind) == Kind::Exemplars) {
        out.exemplars = decodePrometheusExemplars(body, &out.error);
        return out;
    }
    if (Kind(kind) == Kind::Targets) {
        out.targets = decodePrometheusTargets(body, &out.error);
        for (const ScrapeTarget &t : std::as_const(out.targets))
            out.values << t.scrapeUrl;
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        out.error = QCoreApplication::translate("PrometheusClient", "invalid response from server: %1")
                        .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                          : QCoreApplication::translate("PrometheusClient", "not a JSON object"));
        return out;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("status")).toString() != QLatin1String("success")) {
        out.error = root.value(QLatin1String("error")).toString();
        if (out.error.isEmpty())
            out.error = QCoreApplication::translate("PrometheusClient", "Prometheus reported an error without a message");
        return out;
    }
    const QJsonValue data = root.value(QLatin1String("data"));
    if (Kind(kind) == Kind::Metadata) {
        if (!data.isObject()) {
            out.error = QCoreApplication::translate("PrometheusClient", "invalid response from server: data is not an object");
            return out;
        }
        const QJsonObject o = data.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonObject first = it.value().toArray().at(0).toObject();
            MetricMetadata m;
            m.type = first.value(QLatin1String("type")).toString();
            m.help = first.value(QLatin1String("help")).toString();
            m.unit = first.value(QLatin1String("unit")).toString();
            out.metadata.insert(it.key(), m);
            out.values << it.key();
        }
        return out;
    }
    if (!data.isArray()) {
        out.error = QCoreApplication::translate("PrometheusClient", "invalid response from server: data is not a list");
        return out;
    }
    const QJsonArray a = data.toArray();
    out.values.reserve(a.size());
    for (const QJsonValue &v : a) {
        if (Kind(kind) == Kind::Series) {
            if (v.isObject())
                out.values << seriesText(v.toObject());
        } else if (v.isString()) {
            out.values << v.toString();
        }
    }
    return out;
}

// `limit=N` appended to a form or query string (nothing for 0).
QByteArray withLimit(const QByteArray &query, int limit)
{
    if (limit <= 0)
        return query;
    return query + (query.isEmpty() ? "" : "&") + "limit=" + QByteArray::number(limit);
}

QByteArray listQuery(const QStringList &matches, const QDateTime &start, const QDateTime &end)
{
    QByteArray q;
    auto add = [&q](const char *key, const QString &value) {
        if (!q.isEmpty())
            q += '&';
        q += QUrl::toPercentEncoding(QLatin1String(key));
        q += '=';
        q += QUrl::toPercentEncoding(value);
    };
    for (const QString &m : matches)
        if (!m.trimmed().isEmpty())
            add("match[]", m);
    // Always bounded: without start and end, Prometheus, Thanos and Mimir look through
    // every block they have. Callers without a range of their own get the last 6 hours
    // (Grafana's default dashboard range).
    const QDateTime to = end.isValid() ? end : QDateTime::currentDateTimeUtc();
    const QDateTime from = start.isValid() ? start : to.addSecs(-6 * 3600);
    add("start", secondsString(from));
    add("end", secondsString(to));
    return q;
}

} // namespace

PrometheusListQuery::PrometheusListQuery(HttpJob *job, const QUrl &url, Kind kind, QObject *parent)
    : QObject(parent), m_job(job), m_url(url), m_kind(kind)
{
    job->setParent(this);
    connect(job, &HttpJob::finished, this, &PrometheusListQuery::onHttpFinished);
}

PrometheusListQuery::~PrometheusListQuery()
{
    abort();
}

void PrometheusListQuery::abort()
{
    m_done = true;
    if (m_job)
        m_job->abort();
}

void PrometheusListQuery::finishWith(const QStringList &values, const MetricMetadataMap &metadata,
                                     const QString &error, const QList<ExemplarSeries> &exemplars,
                                     const QList<ScrapeTarget> &targets)
{
    if (m_done)
        return;
    m_done = true;
    m_truncated = error.isEmpty() && m_limit > 0 && values.size() >= m_limit;
    QPointer<PrometheusListQuery> self(this);
    if (m_kind == Kind::Metadata && error.isEmpty())
        emit metadataReady(metadata);
    if (self && m_kind == Kind::Exemplars && error.isEmpty())
        emit exemplarsReady(exemplars);
    if (self && m_kind == Kind::Targets && error.isEmpty())
        emit targetsReady(targets);
    if (self)
        emit finished(values, error);
}

void PrometheusListQuery::onHttpFinished(const HttpResult &http)
{
    if (m_done)
        return;
    if (!http.ok() && (http.status == 401 || http.status == 403 || http.errorType != QLatin1String("http") ||
                       !http.body.trimmed().startsWith('{'))) {
        finishWith({}, {}, http.error);
        return;
    }
    // Label values can run to megabytes: decode on the pool, return through a queued
    // call that reaches this query only if it still exists (as PrometheusQuery does).
    QPointer<PrometheusListQuery> self(this);
    const QByteArray body = http.body;
    const int status = http.status;
    const QString where = displayUrl(m_url);
    const int kind = int(m_kind);
    QObject *sink = QCoreApplication::instance();
    runInBackground([self, body, status, where, kind, sink] {
        ListDecoded d = decodeList(body, kind);
        if (d.error.startsWith(QLatin1String("invalid response")) && status >= 400)
            d.error = QStringLiteral("HTTP %1 from %2").arg(status).arg(where);
        QMetaObject::invokeMethod(
            sink,
            [self, d = std::move(d)]() {
                if (self)
                    self->finishWith(d.values, d.metadata, d.error, d.exemplars, d.targets);
            },
            Qt::QueuedConnection);
    });
}

PrometheusClient::PrometheusClient(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_nam(nam), m_baseUrl(QStringLiteral("http://localhost:9090"))
{
}

void PrometheusClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

QUrl PrometheusClient::apiUrl(const QString &path) const
{
    return joinUrl(m_baseUrl, path);
}

PrometheusQuery *PrometheusClient::queryRange(const QString &expr, const QDateTime &start,
                                              const QDateTime &end, double stepSeconds,
                                              QObject *owner)
{
    const QByteArray form = formEncode({{"query", expr},
                                        {"start", secondsString(start)},
                                        {"end", secondsString(end)},
                                        {"step", QString::number(stepSeconds, 'g', 12)}});
    return post(QStringLiteral("/api/v1/query_range"), withLimit(form, m_seriesLimit), owner);
}

PrometheusQuery *PrometheusClient::queryInstant(const QString &expr, const QDateTime &time,
                                                QObject *owner)
{
    const QByteArray form = formEncode({{"query", expr}, {"time", secondsString(time)}});
    return post(QStringLiteral("/api/v1/query"), withLimit(form, m_seriesLimit), owner);
}

PrometheusQuery *PrometheusClient::post(const QString &path, const QByteArray &form,
                                        QObject *owner)
{
    const QUrl url = apiUrl(path);
    HttpOptions options = m_options;
    options.compressedBody = true; // inflated with the decode, on the pool
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::PostForm, url, form, m_timeoutMs, nullptr, m_maxBytes,
                                  options);
    auto *query = new PrometheusQuery(job, url, owner ? owner : this);
    query->m_maxBytes = m_maxBytes;
    return query;
}

PrometheusListQuery *PrometheusClient::labelNames(const QStringList &matches, const QDateTime &start,
                                                  const QDateTime &end, QObject *owner)
{
    return getList(QStringLiteral("/api/v1/labels"), listQuery(matches, start, end),
                   PrometheusListQuery::Kind::Strings, owner);
}

PrometheusListQuery *PrometheusClient::labelValues(const QString &label, const QStringList &matches,
                                                   const QDateTime &start, const QDateTime &end,
                                                   QObject *owner)
{
    const QString path = QStringLiteral("/api/v1/label/%1/values")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(label)));
    return getList(path, listQuery(matches, start, end), PrometheusListQuery::Kind::Strings, owner);
}

PrometheusListQuery *PrometheusClient::series(const QStringList &matches, const QDateTime &start,
                                              const QDateTime &end, QObject *owner)
{
    return getList(QStringLiteral("/api/v1/series"), listQuery(matches, start, end),
                   PrometheusListQuery::Kind::Series, owner);
}

PrometheusListQuery *PrometheusClient::metadata(const QString &metric, QObject *owner)
{
    QByteArray q;
    if (!metric.isEmpty())
        q = "metric=" + QUrl::toPercentEncoding(metric);
    return getList(QStringLiteral("/api/v1/metadata"), q, PrometheusListQuery::Kind::Metadata, owner);
}

PrometheusListQuery *PrometheusClient::queryExemplars(const QString &expr, const QDateTime &start,
                                                      const QDateTime &end, QObject *owner)
{
    QByteArray q = "query=" + QUrl::toPercentEncoding(expr);
    q += "&start=" + QUrl::toPercentEncoding(secondsString(start));
    q += "&end=" + QUrl::toPercentEncoding(secondsString(end));
    return getList(QStringLiteral("/api/v1/query_exemplars"), q, PrometheusListQuery::Kind::Exemplars, owner);
}

PrometheusListQuery *PrometheusClient::targets(QObject *owner)
{
    return getList(QStringLiteral("/api/v1/targets"), QByteArrayLiteral("state=active"),
                   PrometheusListQuery::Kind::Targets, owner);
}

PrometheusListQuery *PrometheusClient::getList(const QString &path, const QByteArray &query,
                                               PrometheusListQuery::Kind kind, QObject *owner)
{
    const bool limited = kind == PrometheusListQuery::Kind::Strings || kind == PrometheusListQuery::Kind::Series;
    const QByteArray q = limited ? withLimit(query, m_listLimit) : query;
    QUrl url = apiUrl(path);
    if (!q.isEmpty())
        url.setQuery(QString::fromLatin1(q), QUrl::StrictMode);
    HttpJob *job = HttpJob::start(m_nam, HttpJob::Method::Get, url, {}, m_timeoutMs, nullptr, m_maxBytes, m_options);
    auto *list = new PrometheusListQuery(job, url, kind, owner ? owner : this);
    list->m_limit = limited ? m_listLimit : 0;
    return list;
}
