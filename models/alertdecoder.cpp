#include "alertdecoder.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace {

// Thrown inside this file only; every public function catches it.
struct DecodeError
{
    QString message;
    bool fromServer = false; // the server's own words, passed on as they are
};

[[noreturn]] void fail(const QString &message)
{
    throw DecodeError{message, false};
}

[[noreturn]] void serverError(const QString &message)
{
    throw DecodeError{message, true};
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// `where` is empty at the top level, else "alert 3" or "alert 3: \"labels\"".
QString at(const QString &where, const QString &message)
{
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

QString field(const QString &where, QLatin1String key)
{
    return at(where, QLatin1Char('"') + key + QLatin1Char('"'));
}

QJsonDocument parseDocument(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        fail(QStringLiteral("empty response"));
    // A login page, a proxy's error page or the web UI instead of the API.
    if (trimmed.startsWith('<'))
        fail(QStringLiteral("got HTML or XML instead of JSON (a web page or a proxy's page?)"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError) {
        // The offset points just past the offending character (see DashboardLoader).
        int offset = err.offset;
        if (err.error != QJsonParseError::GarbageAtEnd && offset > 0 && offset < body.size())
            --offset;
        fail(QStringLiteral("not JSON: %1 at offset %2").arg(err.errorString()).arg(offset));
    }
    return doc;
}

QJsonValue rootValue(const QJsonDocument &doc)
{
    if (doc.isArray())
        return doc.array();
    if (doc.isObject())
        return doc.object();
    return {};
}

QJsonArray arrayOf(const QJsonValue &v, const QString &where)
{
    if (!v.isArray())
        fail(at(where, QStringLiteral("expected a JSON array, got %1").arg(typeName(v))));
    return v.toArray();
}

QJsonObject objectOf(const QJsonValue &v, const QString &where)
{
    if (!v.isObject())
        fail(at(where, QStringLiteral("expected a JSON object, got %1").arg(typeName(v))));
    return v.toObject();
}

// Go writes nil slices as null; treat a missing or null array as empty.
QJsonArray optionalArray(const QJsonObject &o, QLatin1String key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) // the path is spelled out only when it is needed
        arrayOf(v, field(where, key));
    return v.toArray();
}

QString optionalString(const QJsonObject &o, QLatin1String key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString())
        fail(at(field(where, key), QStringLiteral("expected a string, got %1").arg(typeName(v))));
    return v.toString();
}

bool optionalBool(const QJsonObject &o, QLatin1String key, bool fallback, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        fail(at(field(where, key),
                QStringLiteral("expected true or false, got %1").arg(typeName(v))));
    return v.toBool();
}

double optionalNumber(const QJsonObject &o, QLatin1String key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return 0;
    if (!v.isDouble())
        fail(at(field(where, key), QStringLiteral("expected a number, got %1").arg(typeName(v))));
    return v.toDouble();
}

// Label and annotation values are strings in both APIs (Go map[string]string). Anything
// else means the body is not what it claims to be, so it is rejected, not guessed at.
Labels stringMap(const QJsonObject &o, QLatin1String key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        objectOf(v, field(where, key));
    const QJsonObject map = v.toObject();
    Labels out;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.value().isString())
            fail(at(field(where, key), QStringLiteral("value of \"%1\": expected a string, got %2")
                                           .arg(it.key(), typeName(it.value()))));
        out.insert(it.key(), it.value().toString());
    }
    return out;
}

QStringList stringList(const QJsonObject &o, QLatin1String key, const QString &where)
{
    QStringList out;
    const QJsonArray arr = optionalArray(o, key, where);
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonValue v = arr.at(i);
        if (!v.isString())
            fail(at(field(where, key),
                    QStringLiteral("item %1: expected a string, got %2").arg(i).arg(typeName(v))));
        out << v.toString();
    }
    return out;
}

// RFC 3339 as Go writes it: up to nine fractional digits with trailing zeros dropped
// (RFC3339Nano), "Z" or "+hh:mm". Qt's ISODateWithMs wants exactly milliseconds, so the
// fraction is cut (not rounded: rounding 59.9996 would carry into the next minute) or
// padded to three digits.
QDateTime parseRfc3339(const QString &s)
{
    constexpr qsizetype kHead = 19; // 2026-03-11T12:48:38
    if (s.size() < kHead + 1)
        return {};
    QString head = s.left(kHead);
    if (head.at(10) == QLatin1Char('t') || head.at(10) == QLatin1Char(' '))
        head[10] = QLatin1Char('T');
    qsizetype i = kHead;
    QString fraction;
    if (s.at(i) == QLatin1Char('.')) {
        const qsizetype start = ++i;
        while (i < s.size() && s.at(i).isDigit() && s.at(i).unicode() < 128)
            ++i;
        if (i == start)
            return {};
        fraction = s.mid(start, std::min<qsizetype>(3, i - start));
    }
    while (fraction.size() < 3)
        fraction += QLatin1Char('0');
    QString zone = s.mid(i);
    if (zone == QLatin1String("z"))
        zone = QStringLiteral("Z");
    const bool offset = zone.size() == 6 &&
                        (zone.at(0) == QLatin1Char('+') || zone.at(0) == QLatin1Char('-')) &&
                        zone.at(3) == QLatin1Char(':');
    if (zone != QLatin1String("Z") && !offset)
        return {};
    const QDateTime dt =
        QDateTime::fromString(head + QLatin1Char('.') + fraction + zone, Qt::ISODateWithMs);
    return dt.isValid() ? dt.toUTC() : QDateTime();
}

QDateTime optionalTime(const QJsonObject &o, QLatin1String key, const QString &where)
{
    const QString text = optionalString(o, key, where);
    if (text.isEmpty())
        return {};
    const QDateTime dt = parseRfc3339(text);
    if (!dt.isValid()) {
        // The value is untrusted and may be huge; quote only its start.
        const QString shown = text.size() > 40 ? text.left(40) + QStringLiteral("...") : text;
        fail(at(field(where, key), QStringLiteral("not an RFC 3339 time: \"%1\"").arg(shown)));
    }
    return dt;
}

QString itemName(const char *noun, qsizetype index)
{
    return QStringLiteral("%1 %2").arg(QLatin1String(noun)).arg(index);
}

// Alertmanager's "status": active, suppressed (by silences, inhibitions or mute time
// intervals) or unprocessed (just received, not yet through the pipeline).
Alert::State alertmanagerState(const QString &state, const Alert &a)
{
    if (state == QLatin1String("suppressed")) {
        if (!a.silencedBy.isEmpty())
            return Alert::State::Silenced;
        if (!a.inhibitedBy.isEmpty())
            return Alert::State::Inhibited;
        // Muted by a time interval (status.mutedBy): deliberately quiet, like a
        // recurring silence.
        return Alert::State::Silenced;
    }
    // "active", "unprocessed" and anything newer: an alert nobody has quieted is shown
    // as firing rather than hidden.
    return Alert::State::Firing;
}

Alert readAlertmanagerAlert(const QJsonValue &value, const QString &where)
{
    const QJsonObject o = objectOf(value, where);
    Alert a;
    a.source = QStringLiteral("alertmanager");
    a.fingerprint = optionalString(o, QLatin1String("fingerprint"), where);
    a.labels = stringMap(o, QLatin1String("labels"), where);
    a.annotations = stringMap(o, QLatin1String("annotations"), where);
    a.startsAt = optionalTime(o, QLatin1String("startsAt"), where);
    a.endsAt = optionalTime(o, QLatin1String("endsAt"), where);
    a.generatorUrl = optionalString(o, QLatin1String("generatorURL"), where);
    const QJsonArray receivers = optionalArray(o, QLatin1String("receivers"), where);
    for (qsizetype i = 0; i < receivers.size(); ++i) {
        const QString here = at(field(where, QLatin1String("receivers")), itemName("item", i));
        const QString name =
            optionalString(objectOf(receivers.at(i), here), QLatin1String("name"), here);
        if (!name.isEmpty() && !a.receivers.contains(name))
            a.receivers << name;
    }
    QString state;
    const QJsonValue statusValue = o.value(QLatin1String("status"));
    if (!statusValue.isUndefined() && !statusValue.isNull()) {
        const QString here = field(where, QLatin1String("status"));
        const QJsonObject status = objectOf(statusValue, here);
        state = optionalString(status, QLatin1String("state"), here);
        a.silencedBy = stringList(status, QLatin1String("silencedBy"), here);
        a.inhibitedBy = stringList(status, QLatin1String("inhibitedBy"), here);
    }
    a.state = alertmanagerState(state, a);
    return a;
}

// An object where a list belongs may be the server explaining itself: the removed v1 API
// answers {"status":"deprecated","error":"..."} (HTTP 410), a Prometheus-style envelope
// {"status":"error","error":"..."}, and go-swagger's validation {"code":601,"message":"..."}.
void failOnErrorObject(const QJsonValue &root)
{
    if (!root.isObject())
        return;
    const QJsonObject o = root.toObject();
    const QString error = o.value(QLatin1String("error")).toString();
    if (!error.isEmpty())
        serverError(error);
    if (o.value(QLatin1String("status")).toString() == QLatin1String("error"))
        serverError(QStringLiteral("the server reported an error without a message"));
    const QString message = o.value(QLatin1String("message")).toString();
    if (o.value(QLatin1String("code")).isDouble() && !message.isEmpty())
        serverError(message);
}

// Prometheus's envelope: {"status":"success","data":...} or
// {"status":"error","errorType":"bad_data","error":"..."}.
QJsonObject prometheusData(const QJsonValue &root)
{
    const QJsonObject o = objectOf(root, QString());
    const QString status = o.value(QLatin1String("status")).toString();
    if (status == QLatin1String("error")) {
        const QString type = o.value(QLatin1String("errorType")).toString();
        QString error = o.value(QLatin1String("error")).toString();
        if (error.isEmpty())
            error = QStringLiteral("Prometheus reported an error without a message");
        serverError(type.isEmpty() ? error : type + QStringLiteral(": ") + error);
    }
    if (status != QLatin1String("success"))
        fail(QStringLiteral("no \"status\": \"success\": is this a Prometheus API response?"));
    return objectOf(o.value(QLatin1String("data")), QStringLiteral("\"data\""));
}

Alert::State prometheusState(const QString &state)
{
    if (state == QLatin1String("pending"))
        return Alert::State::Pending;
    if (state == QLatin1String("inactive"))
        return Alert::State::Inactive;
    return Alert::State::Firing;
}

Alert readPrometheusAlert(const QJsonValue &value, const QString &where)
{
    const QJsonObject o = objectOf(value, where);
    Alert a;
    a.source = QStringLiteral("prometheus");
    a.labels = stringMap(o, QLatin1String("labels"), where);
    a.annotations = stringMap(o, QLatin1String("annotations"), where);
    a.state = prometheusState(optionalString(o, QLatin1String("state"), where));
    a.startsAt = optionalTime(o, QLatin1String("activeAt"), where);
    // A string since 2019 (prometheus/prometheus#5303, so that NaN and ±Inf survive);
    // a number before.
    const QJsonValue v = o.value(QLatin1String("value"));
    if (v.isDouble())
        a.value = QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    else
        a.value = optionalString(o, QLatin1String("value"), where);
    return a;
}

// Runs `decode` and turns a DecodeError into false plus a message.
template <typename Out, typename Fn>
bool run(const char *context, QList<Out> *out, QString *error, Fn decode)
{
    try {
        QList<Out> result = decode();
        if (out)
            *out = std::move(result);
        if (error)
            error->clear();
        return true;
    } catch (const DecodeError &e) {
        // Nothing half-decoded or left over from an earlier call looks like this body's result.
        if (out)
            out->clear();
        if (error)
            *error = e.fromServer ? e.message
                                  : QLatin1String(context) + QStringLiteral(": ") + e.message;
    }
    return false;
}

} // namespace

namespace AlertDecoder {

bool alertmanagerAlerts(const QByteArray &body, QList<Alert> *out, QString *error)
{
    return run<Alert>("Alertmanager alerts", out, error, [&] {
        const QJsonValue root = rootValue(parseDocument(body));
        failOnErrorObject(root);
        const QJsonArray arr = arrayOf(root, QString());
        QList<Alert> alerts;
        alerts.reserve(arr.size());
        for (qsizetype i = 0; i < arr.size(); ++i)
            alerts << readAlertmanagerAlert(arr.at(i), itemName("alert", i));
        return alerts;
    });
}

bool alertmanagerGroups(const QByteArray &body, QList<Alert> *out, QString *error)
{
    return run<Alert>("Alertmanager alert groups", out, error, [&] {
        const QJsonValue root = rootValue(parseDocument(body));
        failOnErrorObject(root);
        const QJsonArray groups = arrayOf(root, QString());
        QList<Alert> alerts;
        QHash<QString, qsizetype> byIdentity;
        for (qsizetype g = 0; g < groups.size(); ++g) {
            const QString where = itemName("group", g);
            const QJsonObject group = objectOf(groups.at(g), where);
            stringMap(group, QLatin1String("labels"), where); // shape check only
            QString receiver;
            const QJsonValue r = group.value(QLatin1String("receiver"));
            if (!r.isUndefined() && !r.isNull()) {
                const QString here = field(where, QLatin1String("receiver"));
                receiver = optionalString(objectOf(r, here), QLatin1String("name"), here);
            }
            const QJsonArray arr = optionalArray(group, QLatin1String("alerts"), where);
            for (qsizetype i = 0; i < arr.size(); ++i) {
                Alert a = readAlertmanagerAlert(arr.at(i), at(where, itemName("alert", i)));
                if (!receiver.isEmpty() && !a.receivers.contains(receiver))
                    a.receivers << receiver;
                // One alert routed to several receivers is listed in each group.
                const QString id = a.identity();
                const auto seen = byIdentity.constFind(id);
                if (seen == byIdentity.constEnd()) {
                    byIdentity.insert(id, alerts.size());
                    alerts << std::move(a);
                } else {
                    QStringList &merged = alerts[*seen].receivers;
                    for (const QString &name : std::as_const(a.receivers))
                        if (!merged.contains(name))
                            merged << name;
                }
            }
        }
        return alerts;
    });
}

bool silences(const QByteArray &body, QList<Silence> *out, QString *error)
{
    return run<Silence>("Alertmanager silences", out, error, [&] {
        const QJsonValue root = rootValue(parseDocument(body));
        failOnErrorObject(root);
        const QJsonArray arr = arrayOf(root, QString());
        QList<Silence> result;
        result.reserve(arr.size());
        for (qsizetype i = 0; i < arr.size(); ++i) {
            const QString where = itemName("silence", i);
            const QJsonObject o = objectOf(arr.at(i), where);
            Silence s;
            s.id = optionalString(o, QLatin1String("id"), where);
            s.createdBy = optionalString(o, QLatin1String("createdBy"), where);
            s.comment = optionalString(o, QLatin1String("comment"), where);
            s.startsAt = optionalTime(o, QLatin1String("startsAt"), where);
            s.endsAt = optionalTime(o, QLatin1String("endsAt"), where);
            const QJsonValue status = o.value(QLatin1String("status"));
            if (!status.isUndefined() && !status.isNull()) {
                const QString here = field(where, QLatin1String("status"));
                s.state = optionalString(objectOf(status, here), QLatin1String("state"), here);
            }
            const QJsonArray matchers = optionalArray(o, QLatin1String("matchers"), where);
            for (qsizetype m = 0; m < matchers.size(); ++m) {
                const QString here = at(where, itemName("matcher", m));
                const QJsonObject mo = objectOf(matchers.at(m), here);
                SilenceMatcher matcher;
                matcher.name = optionalString(mo, QLatin1String("name"), here);
                matcher.value = optionalString(mo, QLatin1String("value"), here);
                matcher.isRegex = optionalBool(mo, QLatin1String("isRegex"), false, here);
                // Alertmanager before 0.22 has no isEqual: all its matchers are "=".
                matcher.isEqual = optionalBool(mo, QLatin1String("isEqual"), true, here);
                s.matchers << matcher;
            }
            result << s;
        }
        return result;
    });
}

bool prometheusAlerts(const QByteArray &body, QList<Alert> *out, QString *error)
{
    return run<Alert>("Prometheus alerts", out, error, [&] {
        const QJsonValue root = rootValue(parseDocument(body));
        const QJsonObject data = prometheusData(root);
        const QJsonArray arr =
            optionalArray(data, QLatin1String("alerts"), QStringLiteral("\"data\""));
        QList<Alert> alerts;
        alerts.reserve(arr.size());
        for (qsizetype i = 0; i < arr.size(); ++i)
            alerts << readPrometheusAlert(arr.at(i), itemName("alert", i));
        return alerts;
    });
}

bool prometheusRules(const QByteArray &body, QList<AlertRule> *out, QString *error)
{
    return run<AlertRule>("Prometheus rules", out, error, [&] {
        const QJsonValue root = rootValue(parseDocument(body));
        const QJsonObject data = prometheusData(root);
        const QJsonArray groups =
            optionalArray(data, QLatin1String("groups"), QStringLiteral("\"data\""));
        QList<AlertRule> rules;
        for (qsizetype g = 0; g < groups.size(); ++g) {
            const QString where = itemName("group", g);
            const QJsonObject group = objectOf(groups.at(g), where);
            const QString groupName = optionalString(group, QLatin1String("name"), where);
            const QJsonArray arr = optionalArray(group, QLatin1String("rules"), where);
            for (qsizetype i = 0; i < arr.size(); ++i) {
                const QString here = at(where, itemName("rule", i));
                const QJsonObject o = objectOf(arr.at(i), here);
                AlertRule rule;
                rule.group = groupName;
                rule.type = optionalString(o, QLatin1String("type"), here);
                rule.name = optionalString(o, QLatin1String("name"), here);
                rule.query = optionalString(o, QLatin1String("query"), here);
                rule.durationSeconds = optionalNumber(o, QLatin1String("duration"), here);
                rule.labels = stringMap(o, QLatin1String("labels"), here);
                rule.annotations = stringMap(o, QLatin1String("annotations"), here);
                rule.state = optionalString(o, QLatin1String("state"), here);
                rule.health = optionalString(o, QLatin1String("health"), here);
                rule.lastError = optionalString(o, QLatin1String("lastError"), here);
                // The rule's own alerts[] are not kept: /api/v1/alerts lists them.
                rules << rule;
            }
        }
        return rules;
    });
}

QByteArray silenceToJson(const Silence &silence)
{
    QJsonObject o;
    if (!silence.id.isEmpty())
        o.insert(QLatin1String("id"), silence.id);
    QJsonArray matchers;
    for (const SilenceMatcher &m : silence.matchers) {
        matchers.append(QJsonObject{
            {QLatin1String("name"), m.name},
            {QLatin1String("value"), m.value},
            {QLatin1String("isRegex"), m.isRegex},
            {QLatin1String("isEqual"), m.isEqual},
        });
    }
    o.insert(QLatin1String("matchers"), matchers);
    // An invalid time is left out, so that Alertmanager names the missing field instead
    // of failing to parse an empty string.
    if (silence.startsAt.isValid())
        o.insert(QLatin1String("startsAt"), silence.startsAt.toUTC().toString(Qt::ISODateWithMs));
    if (silence.endsAt.isValid())
        o.insert(QLatin1String("endsAt"), silence.endsAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("createdBy"), silence.createdBy);
    o.insert(QLatin1String("comment"), silence.comment);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace AlertDecoder
