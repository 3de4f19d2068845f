#include "jaegerdecoder.h"

#include <simdjson.h>

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace dom = simdjson::dom;

namespace {

// Where a failed read leaves the default value, which is what we want.
inline void ignoreError(simdjson::error_code) {}

// A Jaeger document is at most ~12 levels deep; OTLP array/kvlist attribute values
// can nest further, but nothing legitimate comes close to these limits.
constexpr size_t kMaxDocumentDepth = 128;
constexpr int kMaxValueDepth = 64;
// Interned strings are views into the parser's buffer: bounded so that a body of
// unique values does not build a second copy of itself in a hash table.
constexpr size_t kMaxInterned = 200000;
constexpr size_t kMaxInternedLength = 64;
constexpr int kMaxWarnings = 100;

struct DecodeError
{
    QString message;
};

[[noreturn]] void fail(const QString &message)
{
    throw DecodeError{message};
}

[[noreturn]] void fail(const char *message)
{
    throw DecodeError{QString::fromLatin1(message)};
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

bool isType(dom::element e, dom::element_type t)
{
    return e.type() == t;
}

std::string_view stringOf(dom::element e)
{
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS)
        return {};
    return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool parseInt64Text(std::string_view s, qint64 &out)
{
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
        return false;
    out = v;
    return true;
}

/// Integers as JSON numbers or (OTLP, big Jaeger int64) as strings.
bool toInt64(dom::element e, qint64 &out)
{
    switch (e.type()) {
    case dom::element_type::INT64: {
        int64_t v = 0;
        ignoreError(e.get_int64().get(v));
        out = v;
        return true;
    }
    case dom::element_type::UINT64: {
        uint64_t v = 0;
        ignoreError(e.get_uint64().get(v));
        if (v > uint64_t(std::numeric_limits<qint64>::max()))
            return false;
        out = qint64(v);
        return true;
    }
    case dom::element_type::DOUBLE: {
        double d = 0;
        ignoreError(e.get_double().get(d));
        if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
            return false;
        out = qint64(d);
        return true;
    }
    case dom::element_type::STRING:
        return parseInt64Text(stringOf(e), out);
    default:
        return false;
    }
}

qint64 int64Or(dom::element e, qint64 fallback)
{
    qint64 v = 0;
    return toInt64(e, v) ? v : fallback;
}

QString formatDouble(double d)
{
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Lower-case hex, left-padded to 16 (64-bit) or 32 (128-bit) digits.
QString normaliseHexId(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    if (s.empty())
        return QString();
    bool hex = s.size() <= 32;
    for (size_t i = 0; hex && i < s.size(); ++i)
        hex = isHexDigit(s[i]);
    if (!hex)
        return toQString(s).toLower();
    const size_t width = s.size() <= 16 ? 16 : 32;
    char buf[32];
    const size_t pad = width - s.size();
    std::fill(buf, buf + pad, '0');
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'F')
            c = char(c - 'A' + 'a');
        buf[pad + i] = c;
    }
    return QString::fromLatin1(buf, qsizetype(width));
}

/// The value of an ID of 1 to 16 hex digits (spaces and tabs around it allowed, as
/// normaliseHexId allows them); false for anything else.
bool hexId64(std::string_view s, quint64 &value)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    if (s.empty() || s.size() > 16)
        return false;
    quint64 v = 0;
    for (const char c : s) {
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = unsigned(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = unsigned(c - 'A' + 10);
        else
            return false;
        v = (v << 4) | digit;
    }
    value = v;
    return true;
}

/// normaliseHexId() of an ID hexId64() read: 16 lower-case hex digits.
QString hexId16(quint64 value)
{
    QString out(16, Qt::Uninitialized);
    char16_t *d = reinterpret_cast<char16_t *>(out.data());
    for (int i = 15; i >= 0; --i) {
        d[i] = char16_t("0123456789abcdef"[value & 0xf]);
        value >>= 4;
    }
    return out;
}

QString hexOfBytes(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

/// OTLP/JSON (the spec) sends IDs as base64 of the bytes; Jaeger's v3 API sends hex.
QString normaliseOtlpId(std::string_view s)
{
    bool allHex = !s.empty();
    for (char c : s)
        allHex = allHex && isHexDigit(c);
    // 8 and 16 bytes are 12 and 24 base64 characters; hex of them is 16 and 32.
    if (allHex && s.size() != 12 && s.size() != 24)
        return normaliseHexId(s);
    const QByteArray raw = QByteArray::fromRawData(s.data(), qsizetype(s.size()));
    const auto decoded = QByteArray::fromBase64Encoding(
            raw, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && (decoded.decoded.size() == 8 || decoded.decoded.size() == 16))
        return hexOfBytes(decoded.decoded);
    return normaliseHexId(s);
}

void appendJsonString(QByteArray &out, const QString &s);

/// Keeps start + duration and trace spans far from int64 overflow: no real trace
/// is 73,000 years long, hostile ones are not worth undefined behaviour.
void clampTimes(Span &s)
{
    constexpr qint64 limit = qint64(1) << 61;
    s.startUs = std::clamp<qint64>(s.startUs, -limit, limit);
    s.durationUs = std::clamp<qint64>(s.durationUs, 0, limit);
}

class Decoder
{
public:
    TraceDecodeResult decode(const QByteArray &body);

private:
    bool decodeDocument(dom::element root, TraceDecodeResult &out);
    void decodeEnvelope(dom::object obj, TraceDecodeResult &out);
    Trace decodeV1Trace(dom::object obj);
    Span decodeV1Span(dom::object obj, const std::unordered_map<std::string_view, int> &processIds,
                      Trace &trace);
    TraceProcess decodeV1Process(dom::object obj);
    void decodeV1Tags(dom::element e, TraceTags &tags);
    TraceKeyValue decodeV1Tag(dom::object obj);
    void decodeOtlp(dom::element resourceSpans, TraceDecodeResult &out);
    void decodeOtlpAttributes(dom::element e, TraceTags &tags);
    TraceKeyValue decodeAnyValue(const QString &key, dom::element value);
    void writeAnyValueJson(dom::element value, QByteArray &out, int depth);

    QString intern(std::string_view s)
    {
        if (s.size() > kMaxInternedLength)
            return toQString(s);
        auto it = m_strings.find(s);
        if (it != m_strings.end())
            return it->second;
        QString q = toQString(s);
        if (m_strings.size() < kMaxInterned)
            m_strings.emplace(s, q);
        return q;
    }
    QString internId(std::string_view s)
    {
        auto it = m_ids.find(s);
        if (it != m_ids.end())
            return it->second;
        QString q = normaliseHexId(s);
        if (m_ids.size() < 1024)
            m_ids.emplace(s, q);
        return q;
    }
    void warn(QStringList &list, const QString &w)
    {
        if (list.size() < kMaxWarnings)
            list << w;
    }

    dom::parser m_parser;
    std::unordered_map<std::string_view, QString> m_strings;
    std::unordered_map<std::string_view, QString> m_ids; // trace IDs repeat on every span
    QStringList m_docWarnings;
};

QString scalarText(dom::element v, TraceKeyValue::Type &type)
{
    switch (v.type()) {
    case dom::element_type::STRING:
        type = TraceKeyValue::Type::String;
        return toQString(stringOf(v));
    case dom::element_type::BOOL: {
        bool b = false;
        ignoreError(v.get_bool().get(b));
        type = TraceKeyValue::Type::Bool;
        return b ? QStringLiteral("true") : QStringLiteral("false");
    }
    case dom::element_type::INT64: {
        int64_t i = 0;
        ignoreError(v.get_int64().get(i));
        type = TraceKeyValue::Type::Int64;
        return QString::number(qint64(i));
    }
    case dom::element_type::UINT64: {
        uint64_t i = 0;
        ignoreError(v.get_uint64().get(i));
        type = TraceKeyValue::Type::Int64;
        return QString::number(quint64(i));
    }
    case dom::element_type::DOUBLE: {
        double d = 0;
        ignoreError(v.get_double().get(d));
        type = TraceKeyValue::Type::Float64;
        return formatDouble(d);
    }
    case dom::element_type::NULL_VALUE:
        type = TraceKeyValue::Type::String;
        return QString();
    default:
        // Objects and arrays in a v1 tag are not Jaeger's; keep them visible as text.
        type = TraceKeyValue::Type::String;
        return toQString(simdjson::minify(v));
    }
}

TraceKeyValue Decoder::decodeV1Tag(dom::object obj)
{
    TraceKeyValue kv;
    std::string_view typeName;
    dom::element value;
    bool hasValue = false;
    for (dom::key_value_pair field : obj) {
        if (field.key == "key")
            kv.key = intern(stringOf(field.value));
        else if (field.key == "type")
            typeName = stringOf(field.value);
        else if (field.key == "value") {
            value = field.value;
            hasValue = true;
        }
    }
    if (!hasValue)
        return kv;
    TraceKeyValue::Type inferred = TraceKeyValue::Type::String;
    if (isType(value, dom::element_type::STRING)) {
        const std::string_view s = stringOf(value);
        kv.value = intern(s);
    } else {
        kv.value = scalarText(value, inferred);
    }
    if (typeName.empty()) {
        kv.type = inferred;
    } else if (equalsIgnoreCase(typeName, "string")) {
        kv.type = TraceKeyValue::Type::String;
    } else if (equalsIgnoreCase(typeName, "bool")) {
        kv.type = TraceKeyValue::Type::Bool;
    } else if (equalsIgnoreCase(typeName, "int64")) {
        kv.type = TraceKeyValue::Type::Int64;
        // A float where an int64 belongs ("1e+06") shows as the integer it is.
        if (isType(value, dom::element_type::DOUBLE)) {
            double d = 0;
            ignoreError(value.get_double().get(d));
            if (std::isfinite(d) && std::abs(d) < 9.2e18 && d == std::floor(d))
                kv.value = QString::number(qint64(d));
        }
    } else if (equalsIgnoreCase(typeName, "float64")) {
        kv.type = TraceKeyValue::Type::Float64;
    } else if (equalsIgnoreCase(typeName, "binary")) {
        kv.type = TraceKeyValue::Type::Binary;
    } else {
        kv.type = inferred;
    }
    return kv;
}

void Decoder::decodeV1Tags(dom::element e, TraceTags &tags)
{
    if (isType(e, dom::element_type::NULL_VALUE))
        return;
    dom::array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS)
        fail("tags is not an array");
    tags.reserve(tags.size() + qsizetype(arr.size()));
    for (dom::element t : arr) {
        dom::object o;
        if (t.get_object().get(o) != simdjson::SUCCESS)
            fail("tag is not an object");
        tags.append(decodeV1Tag(o));
    }
}

TraceProcess Decoder::decodeV1Process(dom::object obj)
{
    TraceProcess p;
    for (dom::key_value_pair field : obj) {
        if (field.key == "serviceName")
            p.serviceName = intern(stringOf(field.value));
        else if (field.key == "tags")
            decodeV1Tags(field.value, p.tags);
    }
    return p;
}

Span Decoder::decodeV1Span(dom::object obj,
                           const std::unordered_map<std::string_view, int> &processIds,
                           Trace &trace)
{
    Span s;
    bool hasSpanId = false;
    std::string_view parentSpanId;
    for (dom::key_value_pair field : obj) {
        const std::string_view key = field.key;
        dom::element v = field.value;
        if (key == "spanID") {
            s.spanId = normaliseHexId(stringOf(v));
            hasSpanId = !s.spanId.isEmpty();
        } else if (key == "traceID") {
            s.traceId = internId(stringOf(v));
        } else if (key == "operationName") {
            s.operationName = intern(stringOf(v));
        } else if (key == "startTime") {
            s.startUs = int64Or(v, 0);
        } else if (key == "duration") {
            s.durationUs = int64Or(v, 0);
        } else if (key == "flags") {
            s.flags = int(int64Or(v, 0));
        } else if (key == "tags") {
            decodeV1Tags(v, s.tags);
        } else if (key == "processID") {
            const auto it = processIds.find(stringOf(v));
            if (it != processIds.end())
                s.processIndex = it->second;
        } else if (key == "process") {
            dom::object po;
            if (v.get_object().get(po) == simdjson::SUCCESS) {
                trace.processes.append(decodeV1Process(po));
                s.processIndex = int(trace.processes.size() - 1);
            }
        } else if (key == "parentSpanID") {
            parentSpanId = stringOf(v);
        } else if (key == "references") {
            if (isType(v, dom::element_type::NULL_VALUE))
                continue;
            dom::array refs;
            if (v.get_array().get(refs) != simdjson::SUCCESS)
                fail("references is not an array");
            for (dom::element r : refs) {
                dom::object ro;
                if (r.get_object().get(ro) != simdjson::SUCCESS)
                    fail("reference is not an object");
                TraceReference ref;
                for (dom::key_value_pair rf : ro) {
                    if (rf.key == "refType")
                        ref.type = equalsIgnoreCase(stringOf(rf.value), "FOLLOWS_FROM")
                                ? TraceReference::Type::FollowsFrom
                                : TraceReference::Type::ChildOf;
                    else if (rf.key == "traceID")
                        ref.traceId = internId(stringOf(rf.value));
                    else if (rf.key == "spanID")
                        ref.spanId = normaliseHexId(stringOf(rf.value));
                }
                if (!ref.spanId.isEmpty())
                    s.references.append(ref);
            }
        } else if (key == "logs") {
            if (isType(v, dom::element_type::NULL_VALUE))
                continue;
            dom::array logs;
            if (v.get_array().get(logs) != simdjson::SUCCESS)
                fail("logs is not an array");
            s.logs.reserve(qsizetype(logs.size()));
            for (dom::element l : logs) {
                dom::object lo;
                if (l.get_object().get(lo) != simdjson::SUCCESS)
                    fail("log is not an object");
                TraceLog log;
                for (dom::key_value_pair lf : lo) {
                    if (lf.key == "timestamp")
                        log.timestampUs = int64Or(lf.value, 0);
                    else if (lf.key == "fields")
                        decodeV1Tags(lf.value, log.fields);
                }
                s.logs.append(log);
            }
        } else if (key == "warnings") {
            dom::array ws;
            if (v.get_array().get(ws) == simdjson::SUCCESS)
                for (dom::element w : ws)
                    if (isType(w, dom::element_type::STRING))
                        s.warnings << toQString(stringOf(w));
        }
    }
    if (!hasSpanId)
        fail("span without spanID");
    if (s.references.isEmpty() && !parentSpanId.empty()) {
        const QString parent = normaliseHexId(parentSpanId);
        if (parent != QLatin1String("0000000000000000")) {
            TraceReference ref;
            ref.traceId = s.traceId;
            ref.spanId = parent;
            s.references.append(ref);
        }
    }
    if (s.durationUs < 0) {
        warn(trace.warnings,
             QStringLiteral("span %1 has a negative duration; shown as 0").arg(s.spanId));
        s.durationUs = 0;
    }
    clampTimes(s);
    return s;
}

Trace Decoder::decodeV1Trace(dom::object obj)
{
    Trace trace;
    dom::element spans, processes;
    bool hasSpans = false, hasProcesses = false;
    for (dom::key_value_pair field : obj) {
        if (field.key == "traceID") {
            trace.traceId = internId(stringOf(field.value));
        } else if (field.key == "spans") {
            spans = field.value;
            hasSpans = true;
        } else if (field.key == "processes") {
            processes = field.value;
            hasProcesses = true;
        } else if (field.key == "warnings") {
            dom::array ws;
            if (field.value.get_array().get(ws) == simdjson::SUCCESS)
                for (dom::element w : ws)
                    if (isType(w, dom::element_type::STRING))
                        trace.warnings << toQString(stringOf(w));
        }
    }
    std::unordered_map<std::string_view, int> processIds;
    if (hasProcesses && !isType(processes, dom::element_type::NULL_VALUE)) {
        dom::object po;
        if (processes.get_object().get(po) != simdjson::SUCCESS)
            fail("processes is not an object");
        for (dom::key_value_pair p : po) {
            dom::object one;
            if (p.value.get_object().get(one) != simdjson::SUCCESS)
                fail("process is not an object");
            processIds.emplace(p.key, int(trace.processes.size()));
            trace.processes.append(decodeV1Process(one));
        }
    }
    if (hasSpans && !isType(spans, dom::element_type::NULL_VALUE)) {
        dom::array arr;
        if (spans.get_array().get(arr) != simdjson::SUCCESS)
            fail("spans is not an array");
        trace.spans.reserve(qsizetype(arr.size()));
        for (dom::element e : arr) {
            dom::object so;
            if (e.get_object().get(so) != simdjson::SUCCESS)
                fail("span is not an object");
            trace.spans.append(decodeV1Span(so, processIds, trace));
        }
    }
    if (trace.traceId.isEmpty() && !trace.spans.isEmpty())
        trace.traceId = trace.spans.constFirst().traceId;
    for (Span &s : trace.spans)
        if (s.traceId.isEmpty())
            s.traceId = trace.traceId;
    return trace;
}

void Decoder::decodeEnvelope(dom::object obj, TraceDecodeResult &out)
{
    dom::element data;
    bool hasData = false;
    QStringList errors;
    for (dom::key_value_pair field : obj) {
        if (field.key == "data") {
            data = field.value;
            hasData = true;
        } else if (field.key == "total") {
            out.total = int(int64Or(field.value, 0));
        } else if (field.key == "limit") {
            out.limit = int(int64Or(field.value, 0));
        } else if (field.key == "offset") {
            out.offset = int(int64Or(field.value, 0));
        } else if (field.key == "errors") {
            dom::array arr;
            if (field.value.get_array().get(arr) != simdjson::SUCCESS)
                continue;
            for (dom::element e : arr) {
                dom::object eo;
                if (e.get_object().get(eo) != simdjson::SUCCESS)
                    continue;
                QString msg, traceId;
                qint64 code = 0;
                for (dom::key_value_pair ef : eo) {
                    if (ef.key == "msg")
                        msg = toQString(stringOf(ef.value));
                    else if (ef.key == "code")
                        code = int64Or(ef.value, 0);
                    else if (ef.key == "traceID")
                        traceId = normaliseHexId(stringOf(ef.value));
                }
                QString text = msg.isEmpty() ? QStringLiteral("error") : msg;
                if (code != 0)
                    text += QStringLiteral(" (code %1)").arg(code);
                if (!traceId.isEmpty())
                    text = QStringLiteral("trace %1: %2").arg(traceId, text);
                errors << text;
            }
        }
    }
    if (hasData && !isType(data, dom::element_type::NULL_VALUE)) {
        dom::array arr;
        dom::object single;
        if (data.get_array().get(arr) == simdjson::SUCCESS) {
            out.traces.reserve(out.traces.size() + qsizetype(arr.size()));
            for (dom::element e : arr) {
                dom::object to;
                if (e.get_object().get(to) != simdjson::SUCCESS)
                    fail("trace in data is not an object");
                out.traces.append(decodeV1Trace(to));
            }
        } else if (data.get_object().get(single) == simdjson::SUCCESS) {
            out.traces.append(decodeV1Trace(single));
        } else {
            fail("data is neither a list of traces nor a trace");
        }
    }
    // Jaeger returns partial results with per-trace errors; only a response with
    // nothing but errors is a failure.
    if (!errors.isEmpty()) {
        if (out.traces.isEmpty())
            out.error = errors.join(QStringLiteral("; "));
        else
            out.warnings << errors;
    }
}

TraceKeyValue Decoder::decodeAnyValue(const QString &key, dom::element value)
{
    TraceKeyValue kv;
    kv.key = key;
    dom::object vo;
    if (value.get_object().get(vo) != simdjson::SUCCESS) {
        kv.value = scalarText(value, kv.type);
        return kv;
    }
    for (dom::key_value_pair f : vo) {
        if (f.key == "stringValue") {
            kv.type = TraceKeyValue::Type::String;
            kv.value = isType(f.value, dom::element_type::STRING) ? intern(stringOf(f.value))
                                                                  : scalarText(f.value, kv.type);
            kv.type = TraceKeyValue::Type::String;
        } else if (f.key == "intValue") {
            qint64 i = 0;
            if (toInt64(f.value, i))
                kv.value = QString::number(i);
            else
                kv.value = scalarText(f.value, kv.type);
            kv.type = TraceKeyValue::Type::Int64;
        } else if (f.key == "doubleValue") {
            double d = 0;
            if (f.value.get_double().get(d) == simdjson::SUCCESS) {
                kv.value = formatDouble(d);
            } else if (isType(f.value, dom::element_type::STRING)) {
                // Proto-JSON writes NaN and infinities as strings.
                kv.value = toQString(stringOf(f.value));
            }
            kv.type = TraceKeyValue::Type::Float64;
        } else if (f.key == "boolValue") {
            bool b = false;
            if (f.value.get_bool().get(b) != simdjson::SUCCESS)
                b = stringOf(f.value) == "true";
            kv.value = b ? QStringLiteral("true") : QStringLiteral("false");
            kv.type = TraceKeyValue::Type::Bool;
        } else if (f.key == "bytesValue") {
            kv.value = toQString(stringOf(f.value));
            kv.type = TraceKeyValue::Type::Binary;
        } else if (f.key == "arrayValue" || f.key == "kvlistValue") {
            // Jaeger shows composite values as JSON text.
            QByteArray json;
            writeAnyValueJson(value, json, 0);
            kv.value = QString::fromUtf8(json);
            kv.type = TraceKeyValue::Type::String;
        }
    }
    return kv;
}

void appendJsonString(QByteArray &out, std::string_view s)
{
    out.append('"');
    for (char c : s) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out.append(buf);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

void appendJsonString(QByteArray &out, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    appendJsonString(out, std::string_view(utf8.constData(), size_t(utf8.size())));
}

/// An OTLP AnyValue as the plain JSON value it stands for. Depth-bounded recursion.
void Decoder::writeAnyValueJson(dom::element value, QByteArray &out, int depth)
{
    if (depth > kMaxValueDepth)
        fail("attribute value nested too deeply");
    dom::object vo;
    if (value.get_object().get(vo) != simdjson::SUCCESS) {
        out.append(simdjson::minify(value).c_str());
        return;
    }
    bool wrote = false;
    for (dom::key_value_pair f : vo) {
        if (f.key == "stringValue" || f.key == "bytesValue") {
            appendJsonString(out, stringOf(f.value));
        } else if (f.key == "intValue") {
            qint64 i = 0;
            if (toInt64(f.value, i))
                out.append(QByteArray::number(i));
            else
                appendJsonString(out, stringOf(f.value));
        } else if (f.key == "doubleValue") {
            double d = 0;
            if (f.value.get_double().get(d) == simdjson::SUCCESS && std::isfinite(d))
                out.append(formatDouble(d).toLatin1());
            else
                appendJsonString(out, formatDouble(d).toStdString());
        } else if (f.key == "boolValue") {
            bool b = false;
            ignoreError(f.value.get_bool().get(b));
            out.append(b ? "true" : "false");
        } else if (f.key == "arrayValue") {
            out.append('[');
            dom::object ao;
            dom::array values;
            if (f.value.get_object().get(ao) == simdjson::SUCCESS
                && ao["values"].get_array().get(values) == simdjson::SUCCESS) {
                bool first = true;
                for (dom::element item : values) {
                    if (!first)
                        out.append(',');
                    first = false;
                    writeAnyValueJson(item, out, depth + 1);
                }
            }
            out.append(']');
        } else if (f.key == "kvlistValue") {
            out.append('{');
            dom::object ko;
            dom::array values;
            if (f.value.get_object().get(ko) == simdjson::SUCCESS
                && ko["values"].get_array().get(values) == simdjson::SUCCESS) {
                bool first = true;
                for (dom::element item : values) {
                    dom::object io;
                    if (item.get_object().get(io) != simdjson::SUCCESS)
                        continue;
                    if (!first)
                        out.append(',');
                    first = false;
                    std::string_view k;
                    ignoreError(io["key"].get_string().get(k));
                    appendJsonString(out, k);
                    out.append(':');
                    dom::element iv;
                    if (io["value"].get(iv) == simdjson::SUCCESS)
                        writeAnyValueJson(iv, out, depth + 1);
                    else
                        out.append("null");
                }
            }
            out.append('}');
        } else {
            continue;
        }
        wrote = true;
        break;
    }
    if (!wrote)
        out.append("null");
}

void Decoder::decodeOtlpAttributes(dom::element e, TraceTags &tags)
{
    if (isType(e, dom::element_type::NULL_VALUE))
        return;
    dom::array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS)
        fail("attributes is not an array");
    tags.reserve(tags.size() + qsizetype(arr.size()));
    for (dom::element a : arr) {
        dom::object ao;
        if (a.get_object().get(ao) != simdjson::SUCCESS)
            fail("attribute is not an object");
        QString key;
        dom::element value;
        bool hasValue = false;
        for (dom::key_value_pair f : ao) {
            if (f.key == "key") {
                key = intern(stringOf(f.value));
            } else if (f.key == "value") {
                value = f.value;
                hasValue = true;
            }
        }
        if (hasValue) {
            tags.append(decodeAnyValue(key, value));
        } else {
            TraceKeyValue kv;
            kv.key = key;
            tags.append(kv);
        }
    }
}

QString spanKindName(dom::element kind)
{
    qint64 k = -1;
    if (!toInt64(kind, k)) {
        const std::string_view s = stringOf(kind);
        static const char *const names[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
                                            "SPAN_KIND_SERVER",      "SPAN_KIND_CLIENT",
                                            "SPAN_KIND_PRODUCER",    "SPAN_KIND_CONSUMER"};
        for (int i = 0; i < 6; ++i)
            if (equalsIgnoreCase(s, names[i]) || equalsIgnoreCase(s, names[i] + 10))
                k = i;
    }
    switch (k) {
    case 1:
        return QStringLiteral("internal");
    case 2:
        return QStringLiteral("server");
    case 3:
        return QStringLiteral("client");
    case 4:
        return QStringLiteral("producer");
    case 5:
        return QStringLiteral("consumer");
    default:
        return QString();
    }
}

int statusCode(dom::element code)
{
    qint64 c = 0;
    if (toInt64(code, c))
        return int(c);
    const std::string_view s = stringOf(code);
    if (equalsIgnoreCase(s, "STATUS_CODE_OK") || equalsIgnoreCase(s, "OK"))
        return 1;
    if (equalsIgnoreCase(s, "STATUS_CODE_ERROR") || equalsIgnoreCase(s, "ERROR"))
        return 2;
    return 0;
}

TraceKeyValue makeTag(const QString &key, const QString &value,
                      TraceKeyValue::Type type = TraceKeyValue::Type::String)
{
    TraceKeyValue kv;
    kv.key = key;
    kv.value = value;
    kv.type = type;
    return kv;
}

void Decoder::decodeOtlp(dom::element resourceSpans, TraceDecodeResult &out)
{
    if (isType(resourceSpans, dom::element_type::NULL_VALUE))
        return;
    dom::array rsArr;
    if (resourceSpans.get_array().get(rsArr) != simdjson::SUCCESS)
        fail("resourceSpans is not an array");
    QHash<QString, int> traceIndex;
    for (int i = 0; i < out.traces.size(); ++i)
        traceIndex.insert(out.traces.at(i).traceId, i);
    for (dom::element rs : rsArr) {
        dom::object rso;
        if (rs.get_object().get(rso) != simdjson::SUCCESS)
            fail("resourceSpans entry is not an object");
        TraceProcess process;
        dom::element scopeSpans;
        bool hasScopes = false;
        for (dom::key_value_pair f : rso) {
            if (f.key == "resource") {
                dom::object ro;
                dom::element attrs;
                if (f.value.get_object().get(ro) == simdjson::SUCCESS
                    && ro["attributes"].get(attrs) == simdjson::SUCCESS)
                    decodeOtlpAttributes(attrs, process.tags);
            } else if (f.key == "scopeSpans" || f.key == "instrumentationLibrarySpans") {
                scopeSpans = f.value;
                hasScopes = true;
            }
        }
        for (qsizetype i = 0; i < process.tags.size(); ++i) {
            if (process.tags.at(i).key == QLatin1String("service.name")) {
                process.serviceName = process.tags.at(i).value;
                process.tags.remove(i);
                break;
            }
        }
        if (process.serviceName.isEmpty())
            process.serviceName = QStringLiteral("unknown_service");
        if (!hasScopes || isType(scopeSpans, dom::element_type::NULL_VALUE))
            continue;
        dom::array scopes;
        if (scopeSpans.get_array().get(scopes) != simdjson::SUCCESS)
            fail("scopeSpans is not an array");
        QHash<int, int> processInTrace; // trace index -> process index for this resource
        for (dom::element sc : scopes) {
            dom::object sco;
            if (sc.get_object().get(sco) != simdjson::SUCCESS)
                fail("scopeSpans entry is not an object");
            QString scopeName, scopeVersion;
            dom::element spans;
            bool hasSpans = false;
            for (dom::key_value_pair f : sco) {
                if (f.key == "scope" || f.key == "instrumentationLibrary") {
                    dom::object so;
                    if (f.value.get_object().get(so) == simdjson::SUCCESS) {
                        std::string_view s;
                        if (so["name"].get_string().get(s) == simdjson::SUCCESS)
                            scopeName = intern(s);
                        if (so["version"].get_string().get(s) == simdjson::SUCCESS)
                            scopeVersion = intern(s);
                    }
                } else if (f.key == "spans") {
                    spans = f.value;
                    hasSpans = true;
                }
            }
            if (!hasSpans || isType(spans, dom::element_type::NULL_VALUE))
                continue;
            dom::array spanArr;
            if (spans.get_array().get(spanArr) != simdjson::SUCCESS)
                fail("spans is not an array");
            for (dom::element se : spanArr) {
                dom::object so;
                if (se.get_object().get(so) != simdjson::SUCCESS)
                    fail("span is not an object");
                Span s;
                qint64 startNs = 0, endNs = 0;
                std::string_view parentId;
                QString kind, statusMessage;
                int status = 0;
                for (dom::key_value_pair f : so) {
                    const std::string_view key = f.key;
                    if (key == "traceId") {
                        const std::string_view raw = stringOf(f.value);
                        auto it = m_ids.find(raw);
                        if (it != m_ids.end()) {
                            s.traceId = it->second;
                        } else {
                            s.traceId = normaliseOtlpId(raw);
                            if (m_ids.size() < 1024)
                                m_ids.emplace(raw, s.traceId);
                        }
                    } else if (key == "spanId") {
                        s.spanId = normaliseOtlpId(stringOf(f.value));
                    } else if (key == "parentSpanId") {
                        parentId = stringOf(f.value);
                    } else if (key == "name") {
                        s.operationName = intern(stringOf(f.value));
                    } else if (key == "kind") {
                        kind = spanKindName(f.value);
                    } else if (key == "startTimeUnixNano") {
                        startNs = int64Or(f.value, 0);
                    } else if (key == "endTimeUnixNano") {
                        endNs = int64Or(f.value, 0);
                    } else if (key == "flags") {
                        s.flags = int(int64Or(f.value, 0) & 0xff);
                    } else if (key == "attributes") {
                        decodeOtlpAttributes(f.value, s.tags);
                    } else if (key == "status") {
                        dom::object st;
                        if (f.value.get_object().get(st) == simdjson::SUCCESS) {
                            for (dom::key_value_pair sf : st) {
                                if (sf.key == "code")
                                    status = statusCode(sf.value);
                                else if (sf.key == "message")
                                    statusMessage = toQString(stringOf(sf.value));
                            }
                        }
                    } else if (key == "events") {
                        dom::array events;
                        if (f.value.get_array().get(events) != simdjson::SUCCESS)
                            continue;
                        for (dom::element ev : events) {
                            dom::object eo;
                            if (ev.get_object().get(eo) != simdjson::SUCCESS)
                                fail("event is not an object");
                            TraceLog log;
                            QString name;
                            for (dom::key_value_pair ef : eo) {
                                if (ef.key == "timeUnixNano")
                                    log.timestampUs = int64Or(ef.value, 0) / 1000;
                                else if (ef.key == "name")
                                    name = intern(stringOf(ef.value));
                                else if (ef.key == "attributes")
                                    decodeOtlpAttributes(ef.value, log.fields);
                            }
                            if (!name.isEmpty())
                                log.fields.prepend(makeTag(QStringLiteral("event"), name));
                            s.logs.append(log);
                        }
                    } else if (key == "links") {
                        dom::array links;
                        if (f.value.get_array().get(links) != simdjson::SUCCESS)
                            continue;
                        for (dom::element le : links) {
                            dom::object lo;
                            if (le.get_object().get(lo) != simdjson::SUCCESS)
                                fail("link is not an object");
                            TraceReference ref;
                            ref.type = TraceReference::Type::FollowsFrom;
                            std::string_view v;
                            if (lo["traceId"].get_string().get(v) == simdjson::SUCCESS)
                                ref.traceId = normaliseOtlpId(v);
                            if (lo["spanId"].get_string().get(v) == simdjson::SUCCESS)
                                ref.spanId = normaliseOtlpId(v);
                            if (!ref.spanId.isEmpty())
                                s.references.append(ref);
                        }
                    }
                }
                if (s.spanId.isEmpty())
                    fail("span without spanId");
                if (!parentId.empty()) {
                    TraceReference ref;
                    ref.traceId = s.traceId;
                    ref.spanId = normaliseOtlpId(parentId);
                    s.references.prepend(ref);
                }
                startNs = std::max<qint64>(startNs, 0);
                endNs = std::max<qint64>(endNs, 0);
                s.startUs = startNs / 1000;
                s.durationUs = endNs > startNs ? (endNs - startNs) / 1000 : 0;
                clampTimes(s);
                if (!scopeName.isEmpty())
                    s.tags.append(makeTag(QStringLiteral("otel.scope.name"), scopeName));
                if (!scopeVersion.isEmpty())
                    s.tags.append(makeTag(QStringLiteral("otel.scope.version"), scopeVersion));
                if (!kind.isEmpty())
                    s.tags.append(makeTag(QStringLiteral("span.kind"), kind));
                if (status == 1) {
                    s.tags.append(makeTag(QStringLiteral("otel.status_code"), QStringLiteral("OK")));
                } else if (status == 2) {
                    s.tags.append(
                            makeTag(QStringLiteral("otel.status_code"), QStringLiteral("ERROR")));
                    s.tags.append(makeTag(QStringLiteral("error"), QStringLiteral("true"),
                                          TraceKeyValue::Type::Bool));
                    if (!statusMessage.isEmpty())
                        s.tags.append(
                                makeTag(QStringLiteral("otel.status_description"), statusMessage));
                }

                auto ti = traceIndex.constFind(s.traceId);
                int t;
                if (ti == traceIndex.constEnd()) {
                    Trace trace;
                    trace.traceId = s.traceId;
                    out.traces.append(trace);
                    t = int(out.traces.size() - 1);
                    traceIndex.insert(s.traceId, t);
                } else {
                    t = ti.value();
                }
                Trace &trace = out.traces[t];
                auto pi = processInTrace.constFind(t);
                if (pi == processInTrace.constEnd()) {
                    trace.processes.append(process);
                    pi = processInTrace.insert(t, int(trace.processes.size() - 1));
                }
                s.processIndex = pi.value();
                trace.spans.append(s);
            }
        }
    }
}

/// Returns false when the document is not any shape of trace body we know.
bool Decoder::decodeDocument(dom::element root, TraceDecodeResult &out)
{
    dom::array arr;
    if (root.get_array().get(arr) == simdjson::SUCCESS) {
        out.traces.reserve(out.traces.size() + qsizetype(arr.size()));
        for (dom::element e : arr) {
            dom::object o;
            if (e.get_object().get(o) != simdjson::SUCCESS)
                fail("array entry is not a trace object");
            dom::element rs;
            if (o["resourceSpans"].get(rs) == simdjson::SUCCESS)
                decodeOtlp(rs, out);
            else
                out.traces.append(decodeV1Trace(o));
        }
        return true;
    }
    dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return false;
    dom::element v;
    if (obj["resourceSpans"].get(v) == simdjson::SUCCESS) {
        decodeOtlp(v, out);
        return true;
    }
    if (obj["result"].get(v) == simdjson::SUCCESS) {
        dom::object ro;
        dom::element rs;
        if (v.get_object().get(ro) == simdjson::SUCCESS
            && ro["resourceSpans"].get(rs) == simdjson::SUCCESS) {
            decodeOtlp(rs, out);
            return true;
        }
        return false;
    }
    if (obj["error"].get(v) == simdjson::SUCCESS) {
        dom::object eo;
        if (v.get_object().get(eo) == simdjson::SUCCESS) {
            std::string_view msg;
            ignoreError(eo["message"].get_string().get(msg));
            qint64 code = 0;
            dom::element c;
            if (eo["httpCode"].get(c) == simdjson::SUCCESS
                || eo["code"].get(c) == simdjson::SUCCESS)
                code = int64Or(c, 0);
            out.error = msg.empty() ? QStringLiteral("server error") : toQString(msg);
            if (code != 0)
                out.error += QStringLiteral(" (HTTP %1)").arg(code);
            return true;
        }
        if (isType(v, dom::element_type::STRING)) {
            out.error = toQString(stringOf(v));
            return true;
        }
    }
    if (obj["data"].get(v) == simdjson::SUCCESS || obj["errors"].get(v) == simdjson::SUCCESS) {
        decodeEnvelope(obj, out);
        return true;
    }
    if (obj["spans"].get(v) == simdjson::SUCCESS || obj["traceID"].get(v) == simdjson::SUCCESS) {
        out.traces.append(decodeV1Trace(obj));
        return true;
    }
    // grpc-gateway's plain status body: {"code": 5, "message": "trace not found"}.
    std::string_view msg;
    if (obj["message"].get_string().get(msg) == simdjson::SUCCESS) {
        out.error = toQString(msg);
        return true;
    }
    return false;
}

/// Spans of the same trace that arrive in several chunks (v3 streams, JSON Lines
/// exports) become one trace.
void mergeTraces(QList<Trace> &traces)
{
    QHash<QString, int> seen;
    QList<Trace> merged;
    merged.reserve(traces.size());
    for (Trace &t : traces) {
        auto it = seen.constFind(t.traceId);
        if (t.traceId.isEmpty() || it == seen.constEnd()) {
            if (!t.traceId.isEmpty())
                seen.insert(t.traceId, int(merged.size()));
            merged.append(std::move(t));
            continue;
        }
        Trace &into = merged[it.value()];
        const int offset = int(into.processes.size());
        into.processes.append(t.processes);
        into.spans.reserve(into.spans.size() + t.spans.size());
        for (Span &s : t.spans) {
            if (s.processIndex >= 0)
                s.processIndex += offset;
            into.spans.append(std::move(s));
        }
        into.warnings.append(t.warnings);
    }
    traces = std::move(merged);
}

QString parseErrorText(simdjson::error_code code)
{
    return QStringLiteral("not valid JSON (%1)").arg(QString::fromLatin1(simdjson::error_message(code)));
}

// ---- fast path: v1 Jaeger JSON on simdjson On-Demand ----
//
// The DOM parser builds a tape of the whole body before we read it; for a 40 MB trace
// that tape and its string copy cost more than the decode itself (page faults on
// fresh buffers). On-Demand walks the structural index once, straight into Span.
// This path takes only the shapes the Jaeger query API and UI files use (a v1
// envelope or one bare trace). Anything else - OTLP, JSON Lines, error envelopes,
// an unexpected type, escaped keys, duplicate keys it cannot order like the DOM path
// - makes it give up, and the DOM decoder above produces the result and the exact
// error message, so both paths always agree.

namespace od = simdjson::ondemand;

struct GiveUp
{
};

template <typename T, typename R>
T take(R &&result)
{
    T value{};
    if (std::forward<R>(result).get(value) != simdjson::SUCCESS)
        throw GiveUp{};
    return value;
}

od::json_type typeOf(od::value &v)
{
    return take<od::json_type>(v.type());
}

/// Keys are compared raw (unescaping would cost a copy per key); a key with an escape
/// might spell one we know, so the DOM path decides.
void requireUnescaped(const od::raw_json_string &key)
{
    for (const char *p = key.raw(); *p != '"'; ++p)
        if (*p == '\\')
            throw GiveUp{};
}

/// Reads a value we have no use for. On-Demand would skip it by counting brackets,
/// but the DOM path rejects a body with a bad literal, number or escape anywhere, and
/// both paths must accept the same bodies. On-Demand does not bound nesting (its
/// stage 1 counts no depth): deep values go to the DOM path, which refuses them past
/// kMaxDocumentDepth, instead of recursing here until the stack runs out.
void validate(od::value &v, int depth = 0)
{
    switch (typeOf(v)) {
    case od::json_type::object:
        if (depth >= kMaxValueDepth)
            throw GiveUp{};
        for (auto fr : take<od::object>(v.get_object())) {
            od::field f = take<od::field>(std::move(fr));
            validate(f.value(), depth + 1);
        }
        break;
    case od::json_type::array:
        if (depth >= kMaxValueDepth)
            throw GiveUp{};
        for (auto er : take<od::array>(v.get_array())) {
            od::value e = take<od::value>(std::move(er));
            validate(e, depth + 1);
        }
        break;
    case od::json_type::string:
        take<std::string_view>(v.get_string());
        break;
    case od::json_type::number:
        take<od::number>(v.get_number());
        break;
    case od::json_type::boolean:
        take<bool>(v.get_bool());
        break;
    case od::json_type::null:
        if (!take<bool>(v.is_null()))
            throw GiveUp{};
        break;
    }
}

void skipUnknown(const od::raw_json_string &key, od::value &v)
{
    requireUnescaped(key);
    validate(v);
}

/// A string value known to be one. Most strings in a trace have no escapes: they are
/// taken as a view of the body itself, which stays put for the whole decode (stage 1
/// has checked their UTF-8 and that they have no raw control characters, all that the
/// DOM path would check); the others are unescaped into the parser's string buffer,
/// which validates the escapes.
std::string_view takeString(od::value &v)
{
    const std::string_view token = v.raw_json_token(); // "..." and the spaces after it
    size_t end = token.size();
    while (end > 1 && token[end - 1] != '"')
        --end;
    if (end >= 2) {
        const std::string_view text = token.substr(1, end - 2);
        if (!std::memchr(text.data(), '\\', text.size())) {
            take<od::raw_json_string>(v.get_raw_json_string()); // moves past it
            return text;
        }
    }
    return take<std::string_view>(v.get_string());
}

std::string_view odStringOf(od::value &v)
{
    if (typeOf(v) != od::json_type::string) {
        validate(v);
        return {};
    }
    return takeString(v);
}

/// A scalar as the DOM would type it.
struct Scalar
{
    dom::element_type type = dom::element_type::NULL_VALUE;
    std::string_view text; // a string's text; a number's JSON text

    int64_t i = 0;
    uint64_t u = 0;
    double d = 0;
    bool b = false;
};

Scalar readScalar(od::value &v)
{
    Scalar s;
    switch (typeOf(v)) {
    case od::json_type::string:
        s.type = dom::element_type::STRING;
        s.text = takeString(v);
        break;
    case od::json_type::number: {
        s.text = v.raw_json_token();
        while (!s.text.empty() && (s.text.back() == ' ' || s.text.back() == '\t'
                                   || s.text.back() == '\n' || s.text.back() == '\r'))
            s.text.remove_suffix(1);
        od::number n = take<od::number>(v.get_number());
        switch (n.get_number_type()) {
        case od::number_type::signed_integer:
            s.type = dom::element_type::INT64;
            s.i = n.get_int64();
            break;
        case od::number_type::unsigned_integer:
            s.type = dom::element_type::UINT64;
            s.u = n.get_uint64();
            break;
        default:
            s.type = dom::element_type::DOUBLE;
            s.d = n.get_double();
            break;
        }
        break;
    }
    case od::json_type::boolean:
        s.type = dom::element_type::BOOL;
        s.b = take<bool>(v.get_bool());
        break;
    case od::json_type::null:
        if (!take<bool>(v.is_null()))
            throw GiveUp{};
        s.type = dom::element_type::NULL_VALUE;
        break;
    default:
        throw GiveUp{}; // objects and arrays: the DOM path prints them as JSON
    }
    return s;
}

/// toInt64() on a scalar.
bool scalarInt64(const Scalar &s, qint64 &out)
{
    switch (s.type) {
    case dom::element_type::INT64:
        out = s.i;
        return true;
    case dom::element_type::UINT64:
        if (s.u > uint64_t(std::numeric_limits<qint64>::max()))
            return false;
        out = qint64(s.u);
        return true;
    case dom::element_type::DOUBLE:
        if (!std::isfinite(s.d) || s.d >= 9.2e18 || s.d <= -9.2e18)
            return false;
        out = qint64(s.d);
        return true;
    case dom::element_type::STRING:
        return parseInt64Text(s.text, out);
    default:
        return false;
    }
}

qint64 odInt64Or(od::value &v, qint64 fallback)
{
    const od::json_type t = typeOf(v);
    if (t == od::json_type::object || t == od::json_type::array) {
        validate(v);
        return fallback;
    }
    qint64 out = 0;
    return scalarInt64(readScalar(v), out) ? out : fallback;
}

quint64 hashBytes(std::string_view s)
{
    quint64 h = 0xcbf29ce484222325ULL ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        quint64 w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < s.size(); ++i)
        h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
    h ^= h >> 32;
    return h * 0x9e3779b97f4a7c15ULL;
}

/// The distinct processIDs the spans of one trace name, numbered in order of first
/// appearance. Keys are copied: Jaeger writes the processes after the spans, and
/// resolving each span's processID then by its view into the body would miss the
/// cache once per span (the body is far larger than the cache).
class KeySlots
{
public:
    void clear()
    {
        m_keys.clear();
        m_table.assign(m_table.empty() ? 0 : 64, -1);
        m_last = -1;
    }
    int size() const { return int(m_keys.size()); }
    const std::string &key(int slot) const { return m_keys[size_t(slot)]; }

    int slotOf(std::string_view key)
    {
        if (m_last >= 0 && m_keys[size_t(m_last)] == key)
            return m_last;
        if (m_table.empty())
            m_table.assign(64, -1);
        const size_t mask = m_table.size() - 1;
        for (size_t i = size_t(hashBytes(key)) & mask;; i = (i + 1) & mask) {
            const int slot = m_table[i];
            if (slot < 0) {
                m_table[i] = int(m_keys.size());
                m_keys.emplace_back(key);
                if (m_keys.size() * 2 > m_table.size())
                    rehash();
                return m_last = int(m_keys.size()) - 1;
            }
            if (m_keys[size_t(slot)] == key)
                return m_last = slot;
        }
    }

private:
    void rehash()
    {
        m_table.assign(m_table.size() * 2, -1);
        const size_t mask = m_table.size() - 1;
        for (size_t k = 0; k < m_keys.size(); ++k) {
            size_t i = size_t(hashBytes(m_keys[k])) & mask;
            while (m_table[i] >= 0)
                i = (i + 1) & mask;
            m_table[i] = int(k);
        }
    }

    std::vector<std::string> m_keys;
    std::vector<int> m_table; // -1: free; else an index into m_keys
    int m_last = -1;
};

/// Strings that repeat across spans (service and operation names, tag keys, most tag
/// values) become one shared QString. Open addressing over views into the body (or
/// the parser's string buffer): valid for one decode only, so clear() comes before
/// the next. It stops taking new strings at half load, so a body of unique values
/// costs one failed probe each, not a second copy of the body. The table holds 8-byte
/// slots (hash bits and an entry number) and the entries sit in insertion order, so
/// lookups of the common strings, which come first, stay in cache.
class Interner
{
public:
    /// Before a decode: room for a body of this size (the table is kept between
    /// decodes on a thread, and grows only).
    void prepare(size_t bodySize, size_t maxSlots)
    {
        size_t n = 256;
        while (n < bodySize / 128 && n < maxSlots)
            n <<= 1;
        if (n > m_table.size()) {
            clear();
            m_table.assign(n, 0);
            m_entries.reserve(n / 2);
        }
    }

    /// After a decode: forgets every string (the views would dangle).
    void clear()
    {
        if (m_entries.empty())
            return;
        m_entries.clear();
        std::fill(m_table.begin(), m_table.end(), 0);
    }

    QString get(std::string_view s)
    {
        return get(s, [s] { return toQString(s); });
    }

    /// The string `make()` returns for `s`, made once per distinct `s`: `make` must be
    /// a function of `s` alone.
    template <typename Make>
    QString get(std::string_view s, Make make)
    {
        if (s.size() > kMaxInternedLength || m_table.empty())
            return make();
        const quint64 h = hash(s);
        const quint64 tag = h & ~quint64(0xffffffff);
        const size_t mask = m_table.size() - 1;
        for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
            const quint64 slot = m_table[i];
            if (slot == 0) {
                QString q = make();
                if (m_entries.size() * 2 < m_table.size()) {
                    Entry &e = m_entries.emplace_back();
                    e.key = s;
                    if (!s.empty()) // an empty view may have no data pointer at all
                        std::memcpy(e.head, s.data(), std::min(s.size(), sizeof e.head));
                    e.value = q;
                    m_table[i] = tag | quint64(m_entries.size());
                }
                return q;
            }
            if ((slot & ~quint64(0xffffffff)) != tag)
                continue;
            const Entry &e = m_entries[size_t(slot & 0xffffffff) - 1];
            // The first bytes are kept in the entry: short strings are compared
            // without reading their first occurrence, far back in the body.
            if (e.key.size() == s.size()
                && (s.empty() || std::memcmp(e.head, s.data(), std::min(s.size(), sizeof e.head)) == 0)
                && (s.size() <= sizeof e.head
                    || std::memcmp(e.key.data() + sizeof e.head, s.data() + sizeof e.head,
                                   s.size() - sizeof e.head)
                            == 0))
                return e.value;
        }
    }

private:
    static quint64 hash(std::string_view s) { return hashBytes(s); }

    struct Entry
    {
        std::string_view key;
        char head[16];
        QString value;
    };
    std::vector<quint64> m_table; // 0: free; else hash bits << 32 | entry number + 1
    std::vector<Entry> m_entries;
};

/// What the fast path keeps from one decode to the next on the same thread: the
/// On-Demand parser (its structural index and string buffer) and the padded copy of
/// the body. Fresh buffers of tens of megabytes cost a page fault per 4 KiB on every
/// decode - more than the parse itself; reused, their pages are already there.
/// Decodes run on QThreadPool threads, which end after 30 s idle and take their
/// buffers with them; buffers for bodies over kMaxRetainedBody are freed right away.
class FastBuffers
{
public:
    static constexpr size_t kMaxRetainedBody = size_t(128) << 20;

    FastBuffers() = default;
    FastBuffers(const FastBuffers &) = delete;
    FastBuffers &operator=(const FastBuffers &) = delete;
    ~FastBuffers() { std::free(m_data); }

    /// The body with the SIMDJSON_PADDING bytes On-Demand may read past its end:
    /// the body itself when its allocation has room for them, else a copy.
    simdjson::padded_string_view pad(std::string_view body, size_t roomAfter)
    {
        if (roomAfter >= simdjson::SIMDJSON_PADDING)
            return simdjson::padded_string_view(body.data(), body.size(),
                                                body.size() + simdjson::SIMDJSON_PADDING);
        const size_t needed = body.size() + simdjson::SIMDJSON_PADDING;
        if (m_capacity < needed) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
            // Some headroom so that a slightly larger body next time reuses the buffer.
            size_t bytes = needed + needed / 8;
#ifdef __linux__
            // A body of megabytes goes to transparent huge pages where the kernel
            // offers them: first touches of 4 KiB pages cost more than the copy.
            constexpr size_t kHuge = size_t(2) << 20;
            if (bytes >= 2 * kHuge) {
                bytes = (bytes + kHuge - 1) / kHuge * kHuge;
                if (void *p = std::aligned_alloc(kHuge, bytes)) {
                    madvise(p, bytes, MADV_HUGEPAGE);
                    m_data = static_cast<char *>(p);
                }
            }
#endif
            if (!m_data)
                m_data = static_cast<char *>(std::malloc(bytes));
            if (!m_data)
                throw std::bad_alloc();
            m_capacity = bytes;
        }
        std::memcpy(m_data, body.data(), body.size());
        std::memset(m_data + body.size(), 0, simdjson::SIMDJSON_PADDING);
        return simdjson::padded_string_view(m_data, body.size(), needed);
    }

    /// The parser, with room for `size` bytes; false when that cannot be allocated.
    bool prepareParser(size_t size)
    {
        if (m_parser.capacity() >= size && m_parser.max_depth() == kMaxDocumentDepth)
            return true;
        // Allocating replaces the buffers even for a smaller size; headroom as above.
        const size_t capacity = std::max<size_t>(size + size / 8, 4096);
        if (m_parser.allocate(std::min(capacity, m_parser.max_capacity()), kMaxDocumentDepth)
                    == simdjson::SUCCESS
            && m_parser.capacity() >= size)
            return true;
        m_parser = od::parser();
        return m_parser.allocate(size, kMaxDocumentDepth) == simdjson::SUCCESS;
    }
    od::parser &parser() { return m_parser; }

    /// After a decode: let go of buffers too large to keep around.
    void trim()
    {
        if (m_capacity > kMaxRetainedBody + simdjson::SIMDJSON_PADDING) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
        }
        if (m_parser.capacity() > kMaxRetainedBody)
            m_parser = od::parser();
    }

private:
    od::parser m_parser;
    char *m_data = nullptr;
    size_t m_capacity = 0;
};

/// Asks for transparent huge pages for a large untouched range (the span list of a
/// big trace): one fault per 2 MiB instead of one per 4 KiB.
void adviseHugePages(void *start, size_t bytes)
{
#ifdef __linux__
    constexpr quintptr kHuge = quintptr(2) << 20;
    const quintptr begin = (quintptr(start) + kHuge - 1) & ~(kHuge - 1);
    const quintptr end = (quintptr(start) + bytes) & ~(kHuge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), size_t(end - begin), MADV_HUGEPAGE);
#else
    Q_UNUSED(start);
    Q_UNUSED(bytes);
#endif
}

/// Tag lists that spans repeat, by their JSON text: a span whose "tags" array is
/// byte for byte one read before (span.kind=server, http.method=GET,
/// http.status_code=200, ...) gets that list without decoding its objects again.
/// Decoding is a function of the text alone (strings, numbers and types), so equal
/// text means an equal list; and the text was valid when it was first decoded. Only
/// lists found repeated by their decoded strings are entered, so spans with a unique
/// value (a URL, a statement) do not crowd out the common ones. Texts are copied:
/// compared where the cache is, not at their first place far back in the body.
class RawTagCache
{
public:
    static constexpr size_t kPrefix = 32; // bytes that pick the bucket
    static constexpr size_t kMaxText = 1024;

    void clear()
    {
        if (!m_used)
            return;
        for (Bucket &b : m_buckets)
            for (Entry &e : b.ways)
                e = Entry();
        m_used = false;
    }

    /// The list whose text starts at `at`, with `available` bytes readable from there.
    const TraceTags *find(const char *at, size_t available, size_t &textSize) const
    {
        if (!m_used || available < kPrefix)
            return nullptr;
        const Bucket &b = m_buckets[bucketOf(at)];
        for (const Entry &e : b.ways) {
            if (e.text.empty())
                break;
            if (e.text.size() <= available && std::memcmp(e.text.data(), at, e.text.size()) == 0) {
                textSize = e.text.size();
                return &e.tags;
            }
        }
        return nullptr;
    }

    void insert(std::string_view text, const TraceTags &tags)
    {
        if (text.size() < kPrefix || text.size() > kMaxText)
            return;
        Bucket &b = m_buckets[bucketOf(text.data())];
        // Most recent first; the least recent of a full bucket goes.
        for (size_t i = kWays - 1; i > 0; --i)
            b.ways[i] = std::move(b.ways[i - 1]);
        b.ways[0].text.assign(text.data(), text.size());
        b.ways[0].tags = tags;
        m_used = true;
    }

private:
    static constexpr size_t kWays = 4;
    static constexpr size_t kBuckets = 256;
    struct Entry
    {
        std::string text;
        TraceTags tags;
    };
    struct Bucket
    {
        Entry ways[kWays];
    };
    static size_t bucketOf(const char *at)
    {
        return size_t(hashBytes(std::string_view(at, kPrefix))) & (kBuckets - 1);
    }

    std::vector<Bucket> m_buckets = std::vector<Bucket>(kBuckets);
    bool m_used = false;
};

class FastV1Decoder
{
public:
    /// One per thread: its buffers and tables serve every decode on that thread.
    static FastV1Decoder &forThisThread()
    {
        static thread_local FastV1Decoder decoder;
        return decoder;
    }

    /// False when the body is not a shape this path takes; `out` is then untouched.
    /// `roomAfter`: readable bytes of the body's allocation past its end.
    bool decode(std::string_view body, size_t roomAfter, TraceDecodeResult &out);

private:
    void decodeTrace(od::object obj, Trace &trace);
    void beginTrace();
    /// False for a key that is not a trace's.
    bool traceField(const od::raw_json_string &key, od::value &v, Trace &trace);
    void finishTrace(Trace &trace);
    void decodeSpan(od::object obj, Span &s);
    void decodeProcess(od::object obj, TraceProcess &p);
    /// `repeated`, when given, is set when the list is one that an earlier span had.
    void decodeTags(od::value &v, TraceTags &tags, bool *repeated = nullptr);
    void decodeSpanTags(od::value &v, TraceTags &tags);
    void decodeTag(od::object obj, TraceKeyValue &kv);

    /// normaliseHexId(), quicker for the usual 64-bit span IDs.
    static QString spanIdText(std::string_view s)
    {
        quint64 id = 0;
        return hexId64(s, id) ? hexId16(id) : normaliseHexId(s);
    }

    QString internId(std::string_view s)
    {
        if (!m_lastIdRaw.empty() && s == m_lastIdRaw)
            return m_lastId;
        m_lastId = normaliseHexId(s);
        m_lastIdRaw = s;
        return m_lastId;
    }

    /// After a decode, whatever its outcome: nothing of the body or the result stays.
    void release();

    FastBuffers m_buffers;
    Interner m_strings;
    Interner m_numbers;
    static constexpr size_t kTagListSlots = 1024;
    struct TagListSlot
    {
        quint64 hash = 0;     // of `tags`
        TraceTags tags;
        quint64 seenHash = 0; // of the last list that missed
    };
    std::vector<TagListSlot> m_tagLists = std::vector<TagListSlot>(kTagListSlots);
    RawTagCache m_rawTags;
    od::document *m_doc = nullptr; // being read
    std::string_view m_lastIdRaw; // trace IDs repeat on every span
    QString m_lastId;
    std::vector<TraceKeyValue> m_tagScratch;
    std::vector<TraceReference> m_refScratch;
    std::vector<TraceLog> m_logScratch;
    // The spans' processIDs: while a trace is read, Span::processIndex holds the
    // slot of its processID here (-1 for none), resolved once the processes are read.
    KeySlots m_processSlots;
    QStringList m_spanWarnings;
    std::unordered_map<std::string_view, int> m_processIds;
    bool m_hasSpans = false;
    bool m_hasProcesses = false;
    const char *m_bodyEnd = nullptr; // of the padded body being read
    bool m_spanWithoutTraceId = false;
};

void FastV1Decoder::decodeTag(od::object obj, TraceKeyValue &kv)
{
    std::string_view typeName;
    Scalar value;
    bool hasValue = false;
    for (auto fr : obj) {
        od::field f = take<od::field>(std::move(fr));
        const od::raw_json_string key = f.key();
        if (key == "key") {
            kv.key = m_strings.get(odStringOf(f.value()));
        } else if (key == "type") {
            typeName = odStringOf(f.value());
        } else if (key == "value") {
            value = readScalar(f.value());
            hasValue = true;
        } else {
            skipUnknown(key, f.value());
        }
    }
    if (!hasValue)
        return;
    TraceKeyValue::Type inferred = TraceKeyValue::Type::String;
    switch (value.type) {
    case dom::element_type::STRING:
        kv.value = m_strings.get(value.text);
        break;
    case dom::element_type::BOOL:
        inferred = TraceKeyValue::Type::Bool;
        kv.value = value.b ? QStringLiteral("true") : QStringLiteral("false");
        break;
    // Numbers repeat too (status codes, sampler rates): one QString per JSON text.
    case dom::element_type::INT64:
        inferred = TraceKeyValue::Type::Int64;
        kv.value = m_numbers.get(value.text, [&value] { return QString::number(qint64(value.i)); });
        break;
    case dom::element_type::UINT64:
        inferred = TraceKeyValue::Type::Int64;
        kv.value = m_numbers.get(value.text, [&value] { return QString::number(quint64(value.u)); });
        break;
    case dom::element_type::DOUBLE:
        inferred = TraceKeyValue::Type::Float64;
        kv.value = m_numbers.get(value.text, [&value] { return formatDouble(value.d); });
        break;
    default:
        kv.value = QString();
        break;
    }
    if (typeName.empty()) {
        kv.type = inferred;
    } else if (equalsIgnoreCase(typeName, "string")) {
        kv.type = TraceKeyValue::Type::String;
    } else if (equalsIgnoreCase(typeName, "bool")) {
        kv.type = TraceKeyValue::Type::Bool;
    } else if (equalsIgnoreCase(typeName, "int64")) {
        kv.type = TraceKeyValue::Type::Int64;
        const double d = value.d;
        if (value.type == dom::element_type::DOUBLE && std::isfinite(d) && std::abs(d) < 9.2e18
            && d == std::floor(d))
            kv.value = QString::number(qint64(d));
    } else if (equalsIgnoreCase(typeName, "float64")) {
        kv.type = TraceKeyValue::Type::Float64;
    } else if (equalsIgnoreCase(typeName, "binary")) {
        kv.type = TraceKeyValue::Type::Binary;
    } else {
        kv.type = inferred;
    }
}

void FastV1Decoder::decodeTags(od::value &v, TraceTags &tags, bool *repeated)
{
    const od::json_type t = typeOf(v);
    if (t == od::json_type::null) {
        if (!take<bool>(v.is_null()))
            throw GiveUp{};
        return;
    }
    if (t != od::json_type::array)
        throw GiveUp{};
    // Collected first, so that the list is allocated once at its final size.
    const size_t base = m_tagScratch.size();
    for (auto er : take<od::array>(v.get_array())) {
        od::value e = take<od::value>(std::move(er));
        if (typeOf(e) != od::json_type::object)
            throw GiveUp{};
        m_tagScratch.emplace_back();
        decodeTag(take<od::object>(e.get_object()), m_tagScratch.back());
    }
    const size_t n = m_tagScratch.size() - base;
    if (n == 0)
        return;
    if (tags.isEmpty() && base == 0) {
        // Many spans carry the very same tags (span.kind=server, http.method=GET,
        // http.status_code=200): they share one list, as their strings are shared.
        // Strings are compared by identity, which for strings alive here means equal
        // text; a list with a string of its own (a URL, a statement) just misses.
        quint64 h = n;
        for (size_t i = 0; i < n; ++i) {
            const TraceKeyValue &kv = m_tagScratch[i];
            h = (h ^ quintptr(kv.key.constData())) * 0x9e3779b97f4a7c15ULL;
            h = (h ^ quintptr(kv.value.constData()) ^ (quint64(kv.value.size()) << 40)
                 ^ (quint64(kv.key.size()) << 20) ^ quint64(kv.type))
                    * 0x9e3779b97f4a7c15ULL;
        }
        h ^= h >> 31;
        TagListSlot &slot = m_tagLists[size_t(h) & (kTagListSlots - 1)];
        if (slot.hash == h && size_t(slot.tags.size()) == n
            && std::equal(slot.tags.cbegin(), slot.tags.cend(), m_tagScratch.cbegin(),
                          [](const TraceKeyValue &a, const TraceKeyValue &b) {
                              return a.type == b.type && a.key.size() == b.key.size()
                                      && a.key.constData() == b.key.constData()
                                      && a.value.size() == b.value.size()
                                      && a.value.constData() == b.value.constData();
                          })) {
            tags = slot.tags;
            m_tagScratch.clear();
            if (repeated)
                *repeated = true;
            return;
        }
        tags.reserve(qsizetype(n));
        for (size_t i = 0; i < n; ++i)
            tags.append(std::move(m_tagScratch[i]));
        m_tagScratch.clear();
        // A list is kept once it comes a second time: keeping every list would hold
        // (and, replacing it, release: a cache miss) each span's own list with a URL.
        if (slot.seenHash == h) {
            slot.hash = h;
            slot.tags = tags;
        } else {
            slot.seenHash = h;
        }
        return;
    }
    tags.reserve(tags.size() + qsizetype(n));
    for (size_t i = base; i < m_tagScratch.size(); ++i)
        tags.append(std::move(m_tagScratch[i]));
    m_tagScratch.resize(base);
}

void FastV1Decoder::decodeSpanTags(od::value &v, TraceTags &tags)
{
    if (!tags.isEmpty() || !m_doc || typeOf(v) != od::json_type::array) {
        decodeTags(v, tags);
        return;
    }
    const char *start = v.raw_json_token().data();
    const size_t available = start < m_bodyEnd ? size_t(m_bodyEnd - start) : 0;
    size_t textSize = 0;
    if (const TraceTags *known = m_rawTags.find(start, available, textSize)) {
        // Skipped, not read: the same bytes were read before.
        od::array array = take<od::array>(v.get_array());
        const std::string_view skipped = take<std::string_view>(array.raw_json());
        if (skipped.data() != start || skipped.size() != textSize)
            throw GiveUp{}; // cannot happen; the DOM path would still be right
        tags = *known;
        return;
    }
    bool repeated = false;
    decodeTags(v, tags, &repeated);
    if (!repeated)
        return;
    // The array's text runs to the next token (a comma or the closing brace).
    const char *end = nullptr;
    if (m_doc->current_location().get(end) != simdjson::SUCCESS || end <= start
        || (*end != ',' && *end != '}'))
        return;
    std::string_view text(start, size_t(end - start));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n'
                             || text.back() == '\r'))
        text.remove_suffix(1);
    if (text.empty() || text.back() != ']')
        return;
    m_rawTags.insert(std::string_view(start, size_t(end - start)), tags);
}

void FastV1Decoder::decodeProcess(od::object obj, TraceProcess &p)
{
    for (auto fr : obj) {
        od::field f = take<od::field>(std::move(fr));
        const od::raw_json_string key = f.key();
        if (key == "serviceName")
            p.serviceName = m_strings.get(odStringOf(f.value()));
        else if (key == "tags")
            decodeTags(f.value(), p.tags);
        else
            skipUnknown(key, f.value());
    }
}

void FastV1Decoder::decodeSpan(od::object obj, Span &s)
{
    bool hasSpanId = false, hasProcessId = false;
    std::string_view parentSpanId;
    for (auto fr : obj) {
        od::field f = take<od::field>(std::move(fr));
        const od::raw_json_string key = f.key();
        od::value &v = f.value();
        if (key == "spanID") {
            s.spanId = spanIdText(odStringOf(v));
            hasSpanId = !s.spanId.isEmpty();
        } else if (key == "traceID") {
            s.traceId = internId(odStringOf(v));
        } else if (key == "operationName") {
            s.operationName = m_strings.get(odStringOf(v));
        } else if (key == "startTime") {
            s.startUs = odInt64Or(v, 0);
        } else if (key == "duration") {
            s.durationUs = odInt64Or(v, 0);
        } else if (key == "flags") {
            s.flags = int(odInt64Or(v, 0));
        } else if (key == "tags") {
            decodeSpanTags(v, s.tags);
        } else if (key == "processID") {
            if (hasProcessId)
                throw GiveUp{};
            hasProcessId = true;
            s.processIndex = m_processSlots.slotOf(odStringOf(v));
        } else if (key == "parentSpanID") {
            parentSpanId = odStringOf(v);
        } else if (key == "references") {
            const od::json_type t = typeOf(v);
            if (t == od::json_type::null) {
                if (!take<bool>(v.is_null()))
                    throw GiveUp{};
                continue;
            }
            if (t != od::json_type::array)
                throw GiveUp{};
            for (auto rr : take<od::array>(v.get_array())) {
                od::value r = take<od::value>(std::move(rr));
                if (typeOf(r) != od::json_type::object)
                    throw GiveUp{};
                TraceReference ref;
                for (auto rfr : take<od::object>(r.get_object())) {
                    od::field rf = take<od::field>(std::move(rfr));
                    const od::raw_json_string rk = rf.key();
                    if (rk == "refType")
                        ref.type = equalsIgnoreCase(odStringOf(rf.value()), "FOLLOWS_FROM")
                                ? TraceReference::Type::FollowsFrom
                                : TraceReference::Type::ChildOf;
                    else if (rk == "traceID")
                        ref.traceId = internId(odStringOf(rf.value()));
                    else if (rk == "spanID")
                        ref.spanId = spanIdText(odStringOf(rf.value()));
                    else
                        skipUnknown(rk, rf.value());
                }
                if (!ref.spanId.isEmpty())
                    m_refScratch.push_back(std::move(ref));
            }
            // Allocated once at its final size (most spans have one reference).
            if (!m_refScratch.empty()) {
                s.references.reserve(s.references.size() + qsizetype(m_refScratch.size()));
                for (TraceReference &ref : m_refScratch)
                    s.references.append(std::move(ref));
                m_refScratch.clear();
            }
        } else if (key == "logs") {
            const od::json_type t = typeOf(v);
            if (t == od::json_type::null) {
                if (!take<bool>(v.is_null()))
                    throw GiveUp{};
                continue;
            }
            if (t != od::json_type::array)
                throw GiveUp{};
            for (auto lr : take<od::array>(v.get_array())) {
                od::value l = take<od::value>(std::move(lr));
                if (typeOf(l) != od::json_type::object)
                    throw GiveUp{};
                TraceLog log;
                for (auto lfr : take<od::object>(l.get_object())) {
                    od::field lf = take<od::field>(std::move(lfr));
                    const od::raw_json_string lk = lf.key();
                    if (lk == "timestamp")
                        log.timestampUs = odInt64Or(lf.value(), 0);
                    else if (lk == "fields")
                        decodeTags(lf.value(), log.fields);
                    else
                        skipUnknown(lk, lf.value());
                }
                m_logScratch.push_back(std::move(log));
            }
            if (!m_logScratch.empty()) {
                s.logs.reserve(s.logs.size() + qsizetype(m_logScratch.size()));
                for (TraceLog &log : m_logScratch)
                    s.logs.append(std::move(log));
                m_logScratch.clear();
            }
        } else if (key == "warnings") {
            if (typeOf(v) != od::json_type::array) {
                validate(v);
                continue;
            }
            for (auto wr : take<od::array>(v.get_array())) {
                od::value w = take<od::value>(std::move(wr));
                if (typeOf(w) == od::json_type::string)
                    s.warnings << toQString(take<std::string_view>(w.get_string()));
                else
                    validate(w);
            }
        } else {
            // "process" (a span's own process) would be ordered differently from the
            // DOM path, which appends it after the trace's processes.
            if (key == "process")
                throw GiveUp{};
            skipUnknown(key, v);
        }
    }
    if (!hasSpanId)
        throw GiveUp{}; // the DOM path words the error
    if (s.traceId.isEmpty())
        m_spanWithoutTraceId = true;
    if (s.references.isEmpty() && !parentSpanId.empty()) {
        const QString parent = normaliseHexId(parentSpanId);
        if (parent != QLatin1String("0000000000000000")) {
            TraceReference ref;
            ref.traceId = s.traceId;
            ref.spanId = parent;
            s.references.append(ref);
        }
    }
    if (s.durationUs < 0) {
        if (m_spanWarnings.size() < kMaxWarnings)
            m_spanWarnings << QStringLiteral("span %1 has a negative duration; shown as 0").arg(s.spanId);
        s.durationUs = 0;
    }
    clampTimes(s);
}

void FastV1Decoder::release()
{
    m_strings.clear();
    m_numbers.clear();
    for (TagListSlot &slot : m_tagLists)
        slot = TagListSlot();
    m_rawTags.clear();
    m_doc = nullptr;
    m_tagScratch.clear();
    m_refScratch.clear();
    m_logScratch.clear();
    m_lastIdRaw = {};
    m_lastId = QString();
    beginTrace();
    m_buffers.trim();
}

void FastV1Decoder::beginTrace()
{
    m_hasSpans = m_hasProcesses = false;
    m_spanWithoutTraceId = false;
    m_processSlots.clear();
    m_spanWarnings.clear();
    m_processIds.clear();
}

bool FastV1Decoder::traceField(const od::raw_json_string &key, od::value &v, Trace &trace)
{
    if (key == "traceID") {
        trace.traceId = internId(odStringOf(v));
    } else if (key == "spans") {
        if (m_hasSpans)
            throw GiveUp{};
        m_hasSpans = true;
        const od::json_type t = typeOf(v);
        if (t == od::json_type::null) {
            if (!take<bool>(v.is_null()))
                throw GiveUp{};
            return true;
        }
        if (t != od::json_type::array)
            throw GiveUp{};
        // Growing the list span by span would move every span once or twice and touch
        // twice the memory; counting first would walk the structural index of the
        // whole list once more. So the list is sized once from the first spans: their
        // bytes per span, over what is left of the body (a little over, as the
        // processes and any later traces follow; growth covers an underestimate).
        constexpr int kSampleSpans = 256;
        const qsizetype first = trace.spans.size();
        const char *sampleStart = nullptr;
        for (auto er : take<od::array>(v.get_array())) {
            od::value e = take<od::value>(std::move(er));
            if (typeOf(e) != od::json_type::object)
                throw GiveUp{};
            const qsizetype read = trace.spans.size() - first;
            if (read == 0) {
                sampleStart = e.raw_json_token().data();
            } else if (read == kSampleSpans) {
                const char *here = e.raw_json_token().data();
                const size_t perSpan = std::max<size_t>(size_t(here - sampleStart) / kSampleSpans, 1);
                const size_t left = here < m_bodyEnd ? size_t(m_bodyEnd - here) : 0;
                // Real spans take hundreds of bytes; tiny ones (a hostile body) must
                // not make a huge reservation: past this bound the list grows.
                const size_t more = std::min(left / perSpan + left / perSpan / 8 + 16, left / 64 + 16);
                trace.spans.reserve(trace.spans.size() + qsizetype(std::min<size_t>(more, 1 << 24)));
                adviseHugePages(trace.spans.data() + trace.spans.size(),
                                size_t(trace.spans.capacity() - trace.spans.size()) * sizeof(Span));
            }
            decodeSpan(take<od::object>(e.get_object()), trace.spans.emplaceBack());
        }
    } else if (key == "processes") {
        if (m_hasProcesses)
            throw GiveUp{};
        m_hasProcesses = true;
        const od::json_type t = typeOf(v);
        if (t == od::json_type::null) {
            if (!take<bool>(v.is_null()))
                throw GiveUp{};
            return true;
        }
        if (t != od::json_type::object)
            throw GiveUp{};
        for (auto pr : take<od::object>(v.get_object())) {
            od::field p = take<od::field>(std::move(pr));
            requireUnescaped(p.key()); // escaped process keys: DOM path
            const std::string_view pkey(p.key().raw(),
                                        size_t(std::strchr(p.key().raw(), '"') - p.key().raw()));
            if (typeOf(p.value()) != od::json_type::object)
                throw GiveUp{};
            m_processIds.emplace(pkey, int(trace.processes.size()));
            decodeProcess(take<od::object>(p.value().get_object()), trace.processes.emplaceBack());
        }
    } else if (key == "warnings") {
        if (typeOf(v) != od::json_type::array) {
            validate(v);
            return true;
        }
        for (auto wr : take<od::array>(v.get_array())) {
            od::value w = take<od::value>(std::move(wr));
            if (typeOf(w) == od::json_type::string)
                trace.warnings << toQString(take<std::string_view>(w.get_string()));
            else
                validate(w);
        }
    } else {
        return false;
    }
    return true;
}

void FastV1Decoder::finishTrace(Trace &trace)
{
    // The DOM path reads processes before spans; Jaeger writes them after.
    std::vector<int> processOfSlot(size_t(m_processSlots.size()), -1);
    for (int slot = 0; slot < m_processSlots.size(); ++slot) {
        const auto it = m_processIds.find(m_processSlots.key(slot));
        if (it != m_processIds.end())
            processOfSlot[size_t(slot)] = it->second;
    }
    for (const QString &w : std::as_const(m_spanWarnings))
        if (trace.warnings.size() < kMaxWarnings)
            trace.warnings << w;
    if (trace.traceId.isEmpty() && !trace.spans.isEmpty())
        trace.traceId = trace.spans.constFirst().traceId;
    // The span list was sized from what was left of the body: several traces in one
    // body leave the first ones with room for the spans of the others.
    if (trace.spans.capacity() > trace.spans.size() + trace.spans.size() / 4 + 256)
        trace.spans.squeeze();
    // One pass over the spans; their traceId (another cache line of each span) only
    // when one of them had none.
    if (m_spanWithoutTraceId) {
        for (Span &s : trace.spans) {
            if (s.processIndex >= 0)
                s.processIndex = processOfSlot[size_t(s.processIndex)];
            if (s.traceId.isEmpty())
                s.traceId = trace.traceId;
        }
    } else if (m_processSlots.size() > 0) {
        for (Span &s : trace.spans)
            if (s.processIndex >= 0)
                s.processIndex = processOfSlot[size_t(s.processIndex)];
    }
}

void FastV1Decoder::decodeTrace(od::object obj, Trace &trace)
{
    beginTrace();
    for (auto fr : obj) {
        od::field f = take<od::field>(std::move(fr));
        if (!traceField(f.key(), f.value(), trace))
            skipUnknown(f.key(), f.value());
    }
    finishTrace(trace);
}

bool FastV1Decoder::decode(std::string_view body, size_t roomAfter, TraceDecodeResult &result)
{
    struct Release
    {
        FastV1Decoder &decoder;
        ~Release() { decoder.release(); }
    } release{*this};
    m_strings.prepare(body.size(), size_t(1) << 15);
    m_numbers.prepare(0, 0);
    FastBuffers &buffers = m_buffers;
    const simdjson::padded_string_view padded = buffers.pad(body, roomAfter);
    m_bodyEnd = padded.data() + padded.size();
    if (!buffers.prepareParser(body.size()))
        return false;
    TraceDecodeResult out;
    try {
        od::document doc = take<od::document>(buffers.parser().iterate(padded));
        m_doc = &doc;
        if (take<od::json_type>(doc.type()) != od::json_type::object)
            return false;
        enum class Shape { Unknown, Envelope, Trace } shape = Shape::Unknown;
        Trace bare;
        bool hasData = false, hasErrors = false, hasSpansOrId = false;
        beginTrace();
        for (auto fr : take<od::object>(doc.get_object())) {
            od::field f = take<od::field>(std::move(fr));
            const od::raw_json_string key = f.key();
            od::value &v = f.value();
            const bool envelopeKey = key == "data" || key == "total" || key == "limit"
                    || key == "offset" || key == "errors";
            const bool traceKey = key == "traceID" || key == "spans" || key == "processes"
                    || key == "warnings";
            if (key == "resourceSpans" || key == "result" || key == "error" || key == "message")
                return false;
            if (envelopeKey) {
                if (shape == Shape::Trace)
                    return false;
                shape = Shape::Envelope;
            } else if (traceKey) {
                if (shape == Shape::Envelope)
                    return false;
                shape = Shape::Trace;
            }
            if (key == "data") {
                if (hasData)
                    return false;
                hasData = true;
                const od::json_type t = typeOf(v);
                if (t == od::json_type::array) {
                    for (auto er : take<od::array>(v.get_array())) {
                        od::value e = take<od::value>(std::move(er));
                        if (typeOf(e) != od::json_type::object)
                            return false;
                        decodeTrace(take<od::object>(e.get_object()), out.traces.emplaceBack());
                    }
                } else if (t == od::json_type::object) {
                    decodeTrace(take<od::object>(v.get_object()), out.traces.emplaceBack());
                } else if (t == od::json_type::null) {
                    if (!take<bool>(v.is_null()))
                        return false;
                } else {
                    return false;
                }
            } else if (key == "total") {
                out.total = int(odInt64Or(v, 0));
            } else if (key == "limit") {
                out.limit = int(odInt64Or(v, 0));
            } else if (key == "offset") {
                out.offset = int(odInt64Or(v, 0));
            } else if (key == "errors") {
                // Error lists carry messages the DOM path words; none is the usual case.
                hasErrors = true;
                const od::json_type t = typeOf(v);
                if (t == od::json_type::array) {
                    if (take<size_t>(v.count_elements()) != 0)
                        return false;
                } else if (t == od::json_type::null) {
                    if (!take<bool>(v.is_null()))
                        return false;
                } else {
                    return false;
                }
            } else if (traceKey) {
                hasSpansOrId = hasSpansOrId || key == "spans" || key == "traceID";
                traceField(key, v, bare);
            } else {
                skipUnknown(key, v);
            }
        }
        // The DOM path's test for each shape.
        if ((shape == Shape::Envelope && !hasData && !hasErrors)
            || (shape == Shape::Trace && !hasSpansOrId) || shape == Shape::Unknown)
            return false;
        // Trailing content (JSON Lines, garbage): the DOM path sorts it out.
        const char *trailing = nullptr;
        if (doc.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS)
            return false;
        if (shape == Shape::Trace) {
            finishTrace(bare);
            out.traces.append(std::move(bare));
        }
    } catch (const GiveUp &) {
        return false;
    }
    result = std::move(out);
    return true;
}

TraceDecodeResult Decoder::decode(const QByteArray &input)
{
    TraceDecodeResult out;
    std::string_view body(input.constData(), size_t(input.size()));
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF")
        body.remove_prefix(3);
    try {
        if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
            fail("empty body");
        // QByteArray's allocation (a network reply's, readAll()'s) often has the
        // padding On-Demand needs after the data, which saves copying the body.
        // (capacity() is 0 for fromRawData(), whose bytes past the end are not ours.)
        const size_t roomAfter = size_t(std::max<qsizetype>(0, input.capacity() - input.size()));
        if (FastV1Decoder::forThisThread().decode(body, roomAfter, out))
            return out;
        if (m_parser.allocate(std::max<size_t>(body.size(), 64), kMaxDocumentDepth)
            != simdjson::SUCCESS)
            fail("body too large");
        dom::element root;
        const auto error = m_parser.parse(body.data(), body.size()).get(root);
        if (error == simdjson::SUCCESS) {
            if (!decodeDocument(root, out))
                fail("not a Jaeger trace response or trace file");
        } else {
            // JSON Lines: one document per line.
            size_t pos = 0;
            int documents = 0;
            while (pos < body.size()) {
                size_t end = body.find('\n', pos);
                if (end == std::string_view::npos)
                    end = body.size();
                const std::string_view line = body.substr(pos, end - pos);
                pos = end + 1;
                if (line.find_first_not_of(" \t\r") == std::string_view::npos)
                    continue;
                m_strings.clear();
                m_ids.clear();
                dom::element lineRoot;
                const auto lineError = m_parser.parse(line.data(), line.size()).get(lineRoot);
                if (lineError != simdjson::SUCCESS)
                    fail(documents == 0 ? parseErrorText(error)
                                        : QStringLiteral("line %1 of JSON Lines: %2")
                                                  .arg(documents + 1)
                                                  .arg(parseErrorText(lineError)));
                ++documents;
                if (!decodeDocument(lineRoot, out))
                    fail(QStringLiteral("line %1 is not a Jaeger trace document").arg(documents));
                if (!out.error.isEmpty())
                    break;
            }
            if (documents < 2 && out.error.isEmpty())
                fail(parseErrorText(error));
            mergeTraces(out.traces);
        }
        if (!out.error.isEmpty())
            out.traces.clear();
    } catch (const DecodeError &e) {
        TraceDecodeResult bad;
        bad.error = QStringLiteral("invalid trace data: %1").arg(e.message);
        return bad;
    } catch (const std::exception &e) {
        TraceDecodeResult bad;
        bad.error = QStringLiteral("invalid trace data: %1").arg(QString::fromLatin1(e.what()));
        return bad;
    }
    return out;
}

// ---- encoding ----

void appendTags(QByteArray &out, const TraceTags &tags)
{
    out.append('[');
    bool first = true;
    for (const TraceKeyValue &kv : tags) {
        if (!first)
            out.append(',');
        first = false;
        out.append("{\"key\":");
        appendJsonString(out, kv.key);
        out.append(",\"type\":");
        switch (kv.type) {
        case TraceKeyValue::Type::String:
            out.append("\"string\",\"value\":");
            appendJsonString(out, kv.value);
            break;
        case TraceKeyValue::Type::Bool:
            out.append("\"bool\",\"value\":");
            if (kv.value == QLatin1String("true") || kv.value == QLatin1String("false"))
                out.append(kv.value.toLatin1());
            else
                appendJsonString(out, kv.value);
            break;
        case TraceKeyValue::Type::Int64: {
            out.append("\"int64\",\"value\":");
            bool ok = false;
            const qint64 i = kv.value.toLongLong(&ok);
            // Beyond 2^53 JavaScript loses digits: Jaeger sends those as strings.
            if (ok && i <= (qint64(1) << 53) && i >= -(qint64(1) << 53))
                out.append(QByteArray::number(i));
            else
                appendJsonString(out, kv.value);
            break;
        }
        case TraceKeyValue::Type::Float64: {
            out.append("\"float64\",\"value\":");
            bool ok = false;
            const double d = kv.value.toDouble(&ok);
            if (ok && std::isfinite(d))
                out.append(kv.value.toLatin1());
            else
                appendJsonString(out, kv.value);
            break;
        }
        case TraceKeyValue::Type::Binary:
            out.append("\"binary\",\"value\":");
            appendJsonString(out, kv.value);
            break;
        }
        out.append('}');
    }
    out.append(']');
}

void appendStringList(QByteArray &out, const QStringList &list)
{
    if (list.isEmpty()) {
        out.append("null");
        return;
    }
    out.append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out.append(',');
        appendJsonString(out, list.at(i));
    }
    out.append(']');
}

QByteArray processKey(int index)
{
    return "p" + QByteArray::number(index + 1);
}

} // namespace

TraceDecodeResult decodeJaegerTraces(const QByteArray &body)
{
    Decoder decoder;
    return decoder.decode(body);
}

QByteArray encodeJaegerTrace(const Trace &trace)
{
    QByteArray out;
    out.reserve(256 + trace.spans.size() * 400);
    out.append("{\"data\":[{\"traceID\":");
    appendJsonString(out, trace.traceId);
    out.append(",\"spans\":[");
    for (qsizetype i = 0; i < trace.spans.size(); ++i) {
        const Span &s = trace.spans.at(i);
        if (i)
            out.append(',');
        out.append("{\"traceID\":");
        appendJsonString(out, s.traceId);
        out.append(",\"spanID\":");
        appendJsonString(out, s.spanId);
        out.append(",\"flags\":");
        out.append(QByteArray::number(s.flags));
        out.append(",\"operationName\":");
        appendJsonString(out, s.operationName);
        out.append(",\"references\":[");
        for (qsizetype r = 0; r < s.references.size(); ++r) {
            const TraceReference &ref = s.references.at(r);
            if (r)
                out.append(',');
            out.append(ref.type == TraceReference::Type::FollowsFrom
                               ? "{\"refType\":\"FOLLOWS_FROM\",\"traceID\":"
                               : "{\"refType\":\"CHILD_OF\",\"traceID\":");
            appendJsonString(out, ref.traceId);
            out.append(",\"spanID\":");
            appendJsonString(out, ref.spanId);
            out.append('}');
        }
        out.append("],\"startTime\":");
        out.append(QByteArray::number(s.startUs));
        out.append(",\"duration\":");
        out.append(QByteArray::number(s.durationUs));
        out.append(",\"tags\":");
        appendTags(out, s.tags);
        out.append(",\"logs\":[");
        for (qsizetype l = 0; l < s.logs.size(); ++l) {
            if (l)
                out.append(',');
            out.append("{\"timestamp\":");
            out.append(QByteArray::number(s.logs.at(l).timestampUs));
            out.append(",\"fields\":");
            appendTags(out, s.logs.at(l).fields);
            out.append('}');
        }
        out.append("],");
        // A span without a known process has no processID: the decoder reads that
        // back as "unknown" rather than inventing a service.
        if (s.processIndex >= 0 && s.processIndex < trace.processes.size()) {
            out.append("\"processID\":\"");
            out.append(processKey(s.processIndex));
            out.append("\",");
        }
        out.append("\"warnings\":");
        appendStringList(out, s.warnings);
        out.append('}');
    }
    out.append("],\"processes\":{");
    for (qsizetype p = 0; p < trace.processes.size(); ++p) {
        if (p)
            out.append(',');
        out.append('"');
        out.append(processKey(int(p)));
        out.append("\":{\"serviceName\":");
        appendJsonString(out, trace.processes.at(p).serviceName);
        out.append(",\"tags\":");
        appendTags(out, trace.processes.at(p).tags);
        out.append('}');
    }
    out.append("},\"warnings\":");
    appendStringList(out, trace.warnings);
    out.append("}],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
    return out;
}

// ---- services, operations, dependencies ----

namespace {

/// Parses a small list body; returns the `data` (v1) or `altKey` (v3) value, or the
/// root when it is an array. Fills `error` from either error envelope.
bool listPayload(dom::parser &parser, const QByteArray &body, const char *altKey,
                 dom::element &payload, QString &error)
{
    dom::element root;
    if (body.trimmed().isEmpty()) {
        error = QStringLiteral("empty body");
        return false;
    }
    ignoreError(parser.allocate(std::max<qsizetype>(body.size(), 64), kMaxDocumentDepth));
    const auto code = parser.parse(body.constData(), size_t(body.size())).get(root);
    if (code != simdjson::SUCCESS) {
        error = QStringLiteral("invalid response: %1").arg(parseErrorText(code));
        return false;
    }
    if (isType(root, dom::element_type::ARRAY)) {
        payload = root;
        return true;
    }
    dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
        error = QStringLiteral("invalid response: not a JSON object");
        return false;
    }
    dom::element v;
    if (obj["errors"].get(v) == simdjson::SUCCESS) {
        dom::array errs;
        QStringList msgs;
        if (v.get_array().get(errs) == simdjson::SUCCESS)
            for (dom::element e : errs) {
                std::string_view msg;
                dom::object eo;
                if (e.get_object().get(eo) == simdjson::SUCCESS
                    && eo["msg"].get_string().get(msg) == simdjson::SUCCESS)
                    msgs << toQString(msg);
            }
        if (!msgs.isEmpty()) {
            error = msgs.join(QStringLiteral("; "));
            return false;
        }
    }
    if (obj["error"].get(v) == simdjson::SUCCESS && !isType(v, dom::element_type::NULL_VALUE)) {
        std::string_view msg;
        dom::object eo;
        if (v.get_object().get(eo) == simdjson::SUCCESS)
            ignoreError(eo["message"].get_string().get(msg));
        else
            msg = stringOf(v);
        error = msg.empty() ? QStringLiteral("server error") : toQString(msg);
        return false;
    }
    if (obj["data"].get(payload) == simdjson::SUCCESS
        || obj[altKey].get(payload) == simdjson::SUCCESS)
        return true;
    error = QStringLiteral("invalid response: no \"data\" or \"%1\"").arg(QLatin1String(altKey));
    return false;
}

} // namespace

JaegerListResult decodeJaegerServices(const QByteArray &body)
{
    JaegerListResult out;
    dom::parser parser;
    dom::element payload;
    if (!listPayload(parser, body, "services", payload, out.error))
        return out;
    if (isType(payload, dom::element_type::NULL_VALUE))
        return out;
    dom::array arr;
    if (payload.get_array().get(arr) != simdjson::SUCCESS) {
        out.error = QStringLiteral("invalid response: services is not a list");
        return out;
    }
    for (dom::element e : arr)
        if (isType(e, dom::element_type::STRING))
            out.services << toQString(stringOf(e));
    out.services.sort();
    out.services.removeDuplicates();
    return out;
}

JaegerListResult decodeJaegerOperations(const QByteArray &body)
{
    JaegerListResult out;
    dom::parser parser;
    dom::element payload;
    if (!listPayload(parser, body, "operations", payload, out.error))
        return out;
    if (isType(payload, dom::element_type::NULL_VALUE))
        return out;
    dom::array arr;
    if (payload.get_array().get(arr) != simdjson::SUCCESS) {
        out.error = QStringLiteral("invalid response: operations is not a list");
        return out;
    }
    for (dom::element e : arr) {
        JaegerOperation op;
        dom::object o;
        if (isType(e, dom::element_type::STRING)) {
            op.name = toQString(stringOf(e));
        } else if (e.get_object().get(o) == simdjson::SUCCESS) {
            std::string_view s;
            if (o["name"].get_string().get(s) == simdjson::SUCCESS)
                op.name = toQString(s);
            if (o["spanKind"].get_string().get(s) == simdjson::SUCCESS)
                op.spanKind = toQString(s);
        } else {
            continue;
        }
        out.operations.append(op);
    }
    std::sort(out.operations.begin(), out.operations.end(),
              [](const JaegerOperation &a, const JaegerOperation &b) {
                  return a.name != b.name ? a.name < b.name : a.spanKind < b.spanKind;
              });
    out.operations.erase(std::unique(out.operations.begin(), out.operations.end(),
                                     [](const JaegerOperation &a, const JaegerOperation &b) {
                                         return a.name == b.name && a.spanKind == b.spanKind;
                                     }),
                         out.operations.end());
    return out;
}

DependencyResult decodeJaegerDependencies(const QByteArray &body)
{
    DependencyResult out;
    dom::parser parser;
    dom::element payload;
    if (!listPayload(parser, body, "dependencies", payload, out.error))
        return out;
    if (isType(payload, dom::element_type::NULL_VALUE))
        return out;
    dom::array arr;
    if (payload.get_array().get(arr) != simdjson::SUCCESS) {
        out.error = QStringLiteral("invalid response: dependencies is not a list");
        return out;
    }
    out.links.reserve(qsizetype(arr.size()));
    for (dom::element e : arr) {
        dom::object o;
        if (e.get_object().get(o) != simdjson::SUCCESS) {
            out.error = QStringLiteral("invalid response: dependency is not an object");
            out.links.clear();
            return out;
        }
        DependencyLink link;
        for (dom::key_value_pair f : o) {
            if (f.key == "parent")
                link.parent = toQString(stringOf(f.value));
            else if (f.key == "child")
                link.child = toQString(stringOf(f.value));
            else if (f.key == "callCount")
                link.callCount = int64Or(f.value, 0);
        }
        out.links.append(link);
    }
    return out;
}

// ---- Go durations ----

qint64 parseGoDurationUs(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return -1;
    qsizetype i = 0;
    if (text.at(0) == QLatin1Char('+')) {
        ++i;
    } else if (text.at(0) == QLatin1Char('-')) {
        return -1;
    }
    if (text.mid(i) == QLatin1String("0"))
        return 0;
    // Nanoseconds in 128-bit-free arithmetic: each term is checked against overflow.
    const qint64 maxNs = std::numeric_limits<qint64>::max();
    qint64 totalNs = 0;
    bool any = false;
    while (i < text.size()) {
        qint64 whole = 0;
        bool digits = false;
        while (i < text.size() && text.at(i).isDigit() && text.at(i).unicode() < 128) {
            const int d = text.at(i).unicode() - '0';
            if (whole > (maxNs - d) / 10)
                return -1;
            whole = whole * 10 + d;
            digits = true;
            ++i;
        }
        qint64 frac = 0, fracScale = 1;
        if (i < text.size() && text.at(i) == QLatin1Char('.')) {
            ++i;
            while (i < text.size() && text.at(i).isDigit() && text.at(i).unicode() < 128) {
                if (fracScale < 1000000000000000000LL / 10) {
                    frac = frac * 10 + (text.at(i).unicode() - '0');
                    fracScale *= 10;
                }
                digits = true;
                ++i;
            }
        }
        if (!digits)
            return -1;
        const qsizetype unitStart = i;
        while (i < text.size() && !text.at(i).isDigit() && text.at(i) != QLatin1Char('.'))
            ++i;
        const QString unit = text.mid(unitStart, i - unitStart);
        qint64 unitNs = 0;
        if (unit == QLatin1String("ns"))
            unitNs = 1;
        else if (unit == QLatin1String("us") || unit == QStringLiteral("\u00b5s")
                 || unit == QStringLiteral("\u03bcs"))
            unitNs = 1000;
        else if (unit == QLatin1String("ms"))
            unitNs = 1000000;
        else if (unit == QLatin1String("s"))
            unitNs = 1000000000;
        else if (unit == QLatin1String("m"))
            unitNs = 60LL * 1000000000;
        else if (unit == QLatin1String("h"))
            unitNs = 3600LL * 1000000000;
        else
            return -1;
        if (whole > maxNs / unitNs)
            return -1;
        qint64 term = whole * unitNs;
        term += qint64(double(frac) * double(unitNs) / double(fracScale) + 0.5);
        if (term < 0 || totalNs > maxNs - term)
            return -1;
        totalNs += term;
        any = true;
    }
    if (!any)
        return -1;
    return totalNs / 1000;
}

QString formatGoDuration(qint64 us)
{
    if (us < 0)
        return QString();
    if (us == 0)
        return QStringLiteral("0s");
    auto trimmed = [](qint64 value, qint64 scale, const char *unit) {
        QString s = QString::number(value / scale);
        qint64 rest = value % scale;
        if (rest != 0) {
            QString frac = QString::number(rest).rightJustified(
                    QString::number(scale).size() - 1, QLatin1Char('0'));
            while (frac.endsWith(QLatin1Char('0')))
                frac.chop(1);
            s += QLatin1Char('.') + frac;
        }
        return s + QLatin1String(unit);
    };
    if (us < 1000)
        return QString::number(us) + QLatin1String("us");
    if (us < 1000000)
        return trimmed(us, 1000, "ms");
    return trimmed(us, 1000000, "s");
}
