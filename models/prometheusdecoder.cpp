#include "prometheusdecoder.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <cstdlib>

namespace od = simdjson::ondemand;

namespace {

struct DecodeError
{
    QString message;
};

[[noreturn]] void fail(const char *what)
{
    throw DecodeError{QString::fromLatin1(what)};
}

template <typename T>
T check(simdjson::simdjson_result<T> &&r, const char *what)
{
    T value;
    if (std::move(r).get(value) != simdjson::SUCCESS)
        fail(what);
    return value;
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Prometheus writes sample values as strings so that NaN and infinities survive JSON.
double parseSampleValue(std::string_view s)
{
    if (s == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (s == "+Inf" || s == "Inf")
        return std::numeric_limits<double>::infinity();
    if (s == "-Inf")
        return -std::numeric_limits<double>::infinity();
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range && ptr == s.data() + s.size()) {
        // Overflow is ±Inf, underflow (1e-400) is ±0: strtod tells them apart.
        const std::string copy(s);
        return std::strtod(copy.c_str(), nullptr);
    }
    if (ec != std::errc() || ptr != s.data() + s.size())
        fail("sample value is not a number");
    return v;
}

// A sample is [<unix seconds as number>, "<value>"].
void readSample(od::value sample, double &tsMs, double &value)
{
    od::array pair = check(sample.get_array(), "sample is not an array");
    auto it = pair.begin();
    if (it == pair.end())
        fail("empty sample");
    tsMs = check((*it).get_double(), "sample timestamp is not a number") * 1000.0;
    ++it;
    if (it == pair.end())
        fail("sample without value");
    value = parseSampleValue(check((*it).get_string(), "sample value is not a string"));
}

Labels readLabels(od::object obj)
{
    Labels labels;
    for (auto field : obj) {
        std::string_view key = check(field.unescaped_key(), "bad label name");
        std::string_view val = check(field.value().get_string(), "label value is not a string");
        labels.insert(toQString(key), toQString(val));
    }
    return labels;
}

void readSeriesObject(od::object obj, QueryResult &out)
{
    Series s;
    for (auto field : obj) {
        std::string_view key = check(field.unescaped_key(), "bad key");
        if (key == "metric") {
            s.labels = readLabels(check(field.value().get_object(), "metric is not an object"));
        } else if (key == "values") {
            od::array values = check(field.value().get_array(), "values is not an array");
            for (auto sample : values) {
                double t = 0, v = 0;
                readSample(check(std::move(sample), "bad sample"), t, v);
                s.timestampsMs.push_back(t);
                s.values.push_back(v);
            }
        } else if (key == "value") {
            double t = 0, v = 0;
            readSample(check(field.value(), "bad value"), t, v);
            s.timestampsMs.push_back(t);
            s.values.push_back(v);
        }
        // "histogram"/"histograms" (native histograms) are not plotted yet.
    }
    out.series.push_back(std::move(s));
}

void readData(od::object data, QueryResult &out)
{
    std::optional<std::string> pendingPairValue;
    for (auto field : data) {
        std::string_view key = check(field.unescaped_key(), "bad key");
        if (key == "resultType") {
            out.resultType = toQString(check(field.value().get_string(), "resultType is not a string"));
        } else if (key == "result") {
            od::value result = check(field.value(), "bad result");
            od::json_type type = check(result.type(), "bad result");
            if (type != od::json_type::array)
                fail("result is not an array");
            od::array arr = check(result.get_array(), "bad result");
            // A scalar or string result is a single [ts, "v"] pair, a vector or matrix
            // an array of objects; tell them apart by the first element.
            bool pairMode = false;
            bool havePairValue = false;
            std::string pairValue;
            Series pair;
            int index = 0;
            for (auto element : arr) {
                od::value el = check(std::move(element), "bad result element");
                od::json_type t = check(el.type(), "bad result element");
                if (t == od::json_type::object) {
                    readSeriesObject(check(el.get_object(), "bad series"), out);
                } else if (index == 0 && t == od::json_type::number) {
                    pairMode = true;
                    pair.timestampsMs.push_back(check(el.get_double(), "bad timestamp") * 1000.0);
                } else if (index == 1 && pairMode && t == od::json_type::string) {
                    // Kept raw: resultType may come after result, and a "string"
                    // result's value is text, not a number.
                    pairValue = std::string(check(el.get_string(), "bad value"));
                    havePairValue = true;
                } else {
                    fail("unexpected element in result");
                }
                ++index;
            }
            if (pairMode) {
                if (!havePairValue)
                    fail("scalar result without value");
                out.series.push_back(std::move(pair));
                pendingPairValue = std::move(pairValue);
            }
        }
    }
    if (pendingPairValue) {
        Series &pair = out.series.back();
        if (out.resultType == QLatin1String("string")) {
            pair.values.push_back(std::numeric_limits<double>::quiet_NaN());
            pair.labels.insert(QStringLiteral("__value__"), toQString(*pendingPairValue));
        } else {
            pair.values.push_back(parseSampleValue(*pendingPairValue));
        }
    }
}

} // namespace

QueryResult decodePrometheusResponse(const QByteArray &body)
{
    QueryResult out;
    try {
        simdjson::padded_string padded(body.constData(), size_t(body.size()));
        od::parser parser;
        od::document doc;
        if (parser.iterate(padded).get(doc) != simdjson::SUCCESS)
            fail("not JSON");
        od::object root = check(doc.get_object(), "response is not a JSON object");
        QString status;
        bool sawData = false;
        for (auto field : root) {
            std::string_view key = check(field.unescaped_key(), "bad key");
            if (key == "status") {
                status = toQString(check(field.value().get_string(), "status is not a string"));
            } else if (key == "data") {
                od::value v = check(field.value(), "bad data");
                if (check(v.type(), "bad data") == od::json_type::object) {
                    readData(check(v.get_object(), "bad data"), out);
                    sawData = true;
                }
            } else if (key == "errorType") {
                out.errorType = toQString(check(field.value().get_string(), "errorType is not a string"));
            } else if (key == "error") {
                out.error = toQString(check(field.value().get_string(), "error is not a string"));
            } else if (key == "warnings" || key == "infos") {
                od::array arr = check(field.value().get_array(), "warnings is not an array");
                for (auto w : arr)
                    out.warnings << toQString(check(w.get_string(), "warning is not a string"));
            }
        }
        if (status == QLatin1String("error")) {
            if (out.error.isEmpty())
                out.error = QStringLiteral("Prometheus reported an error without a message");
            out.series.clear();
        } else if (status != QLatin1String("success")) {
            fail("response has no \"status\": is this a Prometheus API?");
        } else if (!sawData) {
            fail("response has no \"data\" object");
        }
    } catch (const DecodeError &e) {
        QueryResult bad;
        bad.errorType = QStringLiteral("decode");
        bad.error = QStringLiteral("invalid response from server: %1").arg(e.message);
        return bad;
    }
    return out;
}
