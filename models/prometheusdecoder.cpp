#include "prometheusdecoder.h"

#include "idlereclaim.h"

#include <QCoreApplication>

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
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


// --- Fast path for the shape nearly every dashboard query returns: a success
// envelope with a matrix, `"values":[[1700000000,"0.5"],...]`, as Prometheus writes it.
// The simdjson on-demand API above is header-inlined, so with Debian's package and no
// -march it runs simdjson's scalar "fallback" kernel; a scanner made for this one shape
// is several times faster. It accepts only a strict subset of JSON on which it yields
// exactly what the general path yields (same label maps, bit-identical doubles), and
// gives up - the general path then decodes the body from the start - on anything
// else: other key orders or keys, escapes it does not handle, suspicious numbers,
// invalid UTF-8, truncation, errors of any kind.

struct Bail
{
};

[[noreturn]] void bail()
{
    throw Bail{};
}

// Exact powers of ten: every one up to 1e22 is a double without rounding.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr std::uint64_t kMaxExactMantissa = std::uint64_t(1) << 53;

inline bool isDigit(char c)
{
    return unsigned(c) - unsigned('0') < 10u;
}

constexpr std::uint64_t kPow10u[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// How many of the eight bytes in x (first byte lowest) are ASCII digits before the
// first one that is not. A borrow or carry only runs towards later bytes, so the
// first non-digit is found exactly whatever follows it.
inline int leadingDigits(std::uint64_t x)
{
    const std::uint64_t nonDigit =
            ((x + 0x4646464646464646ULL) | (x - 0x3030303030303030ULL) | x) & 0x8080808080808080ULL;
    return nonDigit ? __builtin_ctzll(nonDigit) >> 3 : 8;
}

// The value of eight digit bytes already reduced to 0..9, first byte most significant.
inline std::uint64_t eightDigitValue(std::uint64_t v)
{
    v = v * 10 + (v >> 8);
    return (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
            (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
}

// Reads a run of ASCII digits at p into w (w = w * 10^n + run), eight at a time;
// returns n. Beyond 19 digits in total w has wrapped: callers check the count.
inline int digitRun(const char *&p, const char *end, std::uint64_t &w)
{
    int n = 0;
    while (end - p >= 8) {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        if constexpr (Q_BYTE_ORDER == Q_BIG_ENDIAN)
            x = __builtin_bswap64(x);
        const int k = leadingDigits(x);
        if (k == 0)
            return n;
        // The k digits move to the top bytes; the zero bytes below are leading zeros.
        w = w * kPow10u[k] + eightDigitValue((x - 0x3030303030303030ULL) << (8 * (8 - k)));
        p += k;
        n += k;
        if (k < 8)
            return n;
    }
    for (; p < end && isDigit(*p); ++p, ++n)
        w = w * 10 + std::uint64_t(*p - '0');
    return n;
}

// w * 10^e for decimals whose mantissa and power of ten are both exact doubles (the
// Clinger fast path): one IEEE multiplication or division, hence correctly rounded,
// hence the same double std::from_chars and simdjson produce. False otherwise.
inline bool exactDecimal(std::uint64_t w, int e, bool negative, double &out)
{
    if (w > kMaxExactMantissa || e < -22 || e > 22)
        return false;
    double v = double(w);
    v = e < 0 ? v / kPow10[-e] : v * kPow10[e];
    out = negative ? -v : v;
    return true;
}

// `-?\d+(\.\d+)?([eE][+-]?\d+)?` filling [s, end) exactly, at most 19 significant
// digits; anything else is left to parseSampleValue.
bool fastSampleValue(const char *s, const char *end, double &out)
{
    const bool negative = s < end && *s == '-';
    if (negative)
        ++s;
    std::uint64_t w = 0;
    int significant = 0, e = 0;
    const char *digits = s;
    for (; s < end && isDigit(*s); ++s) {
        if (w != 0 || *s != '0') {
            if (++significant > 19)
                return false;
            w = w * 10 + std::uint64_t(*s - '0');
        }
    }
    if (s == digits)
        return false;
    if (s < end && *s == '.') {
        const char *frac = ++s;
        for (; s < end && isDigit(*s); ++s) {
            if (w != 0 || *s != '0') {
                if (++significant > 19)
                    return false;
                w = w * 10 + std::uint64_t(*s - '0');
            }
            --e;
        }
        if (s == frac)
            return false;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        ++s;
        const bool negExp = s < end && *s == '-';
        if (s < end && (*s == '-' || *s == '+'))
            ++s;
        const char *expDigits = s;
        int x = 0;
        for (; s < end && isDigit(*s); ++s) {
            if (s - expDigits >= 4)
                return false;
            x = x * 10 + (*s - '0');
        }
        if (s == expDigits)
            return false;
        e += negExp ? -x : x;
    }
    if (s != end)
        return false;
    if (w == 0) {
        out = negative ? -0.0 : 0.0;
        return true;
    }
    return exactDecimal(w, e, negative, out);
}

bool validUtf8(const unsigned char *s, const unsigned char *end)
{
    while (s < end) {
        const unsigned c = *s;
        if (c < 0x80) {
            ++s;
            continue;
        }
        int len = 0;
        unsigned cp = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - s < len)
            return false;
        for (int k = 1; k < len; ++k) {
            if ((s[k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[k] & 0x3fu);
        }
        // Overlong forms, UTF-16 surrogates and beyond U+10FFFF.
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        s += len;
    }
    return true;
}

// Where one series' samples sit in the decode scratch.
struct Place
{
    std::size_t valueOffset;
    std::size_t count;
    std::size_t timeOffset;
};

// The fast path's samples before they go into their final block, recycled (see
// scratchPool) so that decoding writes into memory already touched.
struct DecodeScratch
{
    std::vector<double> values;
    std::vector<double> times;
    std::vector<Place> places;
    std::vector<int> scales;

    // A very large answer does not keep its scratch. Smaller ones do: released after
    // every answer, the scratch grown again for the next one leaves the pool threads'
    // heaps fragmented (resident memory crept up over hundreds of refreshes).
    void release()
    {
        constexpr std::size_t kKeepBytes = 64u << 20;
        if (values.capacity() * sizeof(double) > kKeepBytes)
            std::vector<double>().swap(values);
        if (times.capacity() * sizeof(double) > kKeepBytes)
            std::vector<double>().swap(times);
    }
};

// The scratches of decodes under way and a couple kept for the next ones; the kept
// ones go when the application is idle.
IdleReclaim::RecyclePool<std::unique_ptr<DecodeScratch>> &scratchPool()
{
    static IdleReclaim::RecyclePool<std::unique_ptr<DecodeScratch>> pool(2);
    return pool;
}

// A scratch for one decode, back to the pool when the decode ends.
struct ScratchLease
{
    std::unique_ptr<DecodeScratch> scratch = [] {
        std::unique_ptr<DecodeScratch> s = scratchPool().take();
        return s ? std::move(s) : std::make_unique<DecodeScratch>();
    }();
    ScratchLease() = default;
    ScratchLease(const ScratchLease &) = delete;
    ScratchLease &operator=(const ScratchLease &) = delete;
    ~ScratchLease()
    {
        scratch->release();
        scratchPool().give(std::move(scratch));
    }
};

class MatrixScanner
{
public:
    MatrixScanner(const char *begin, const char *end) : m_p(begin), m_end(end) { }

    QueryResult scan()
    {
        QueryResult out;
        m_scratch.values.clear();
        m_scratch.times.clear();
        m_scratch.places.clear();
        expect('{');
        expectKey("status");
        expectWord("\"success\"");
        expect(',');
        expectKey("data");
        expect('{');
        expectKey("resultType");
        expectWord("\"matrix\"");
        out.resultType = QStringLiteral("matrix");
        expect(',');
        expectKey("result");
        expect('[');
        if (!accept(']')) {
            do {
                readSeries(out);
            } while (accept(','));
            expect(']');
        }
        expect('}');
        while (accept(',')) {
            // The only keys Prometheus writes after data on success.
            const std::string_view key = readKey();
            if (key != "warnings" && key != "infos")
                bail();
            expect('[');
            if (!accept(']')) {
                do {
                    out.warnings << readString();
                } while (accept(','));
                expect(']');
            }
        }
        expect('}');
        skipSpace();
        if (m_p != m_end)
            bail();
        placeColumns(out);
        return out;
    }

private:
    static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }

    bool accept(char c)
    {
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    void expect(char c)
    {
        if (!accept(c))
            bail();
    }

    void expectWord(std::string_view word)
    {
        skipSpace();
        if (std::size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            bail();
        m_p += word.size();
    }

    // A key without escapes (all the keys this scanner knows are plain).
    std::string_view readKey()
    {
        expect('"');
        const char *start = m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\' && (unsigned char)(*m_p) >= 0x20 &&
               (unsigned char)(*m_p) < 0x80)
            ++m_p;
        if (m_p == m_end || *m_p != '"')
            bail();
        const std::string_view key(start, std::size_t(m_p - start));
        ++m_p;
        expect(':');
        return key;
    }

    void expectKey(std::string_view key)
    {
        if (readKey() != key)
            bail();
    }

    // A JSON string as the general path's toQString(get_string()) returns it; only
    // the two-character escapes are handled here.
    QString readString()
    {
        expect('"');
        const char *start = m_p;
        bool ascii = true;
        while (m_p < m_end) {
            const unsigned char c = (unsigned char)(*m_p);
            if (c == '"' || c == '\\' || c < 0x20)
                break;
            ascii = ascii && c < 0x80;
            ++m_p;
        }
        if (m_p == m_end || (unsigned char)(*m_p) < 0x20)
            bail();
        if (*m_p == '"') {
            const char *stop = m_p++;
            if (!ascii && !validUtf8((const unsigned char *)start, (const unsigned char *)stop))
                bail();
            return QString::fromUtf8(start, qsizetype(stop - start));
        }
        m_buffer.assign(start, m_p);
        while (true) {
            if (m_p == m_end)
                bail();
            const unsigned char c = (unsigned char)(*m_p++);
            if (c == '"')
                break;
            if (c < 0x20)
                bail();
            if (c != '\\') {
                m_buffer.push_back(char(c));
                continue;
            }
            if (m_p == m_end)
                bail();
            switch (*m_p++) {
            case '"': m_buffer.push_back('"'); break;
            case '\\': m_buffer.push_back('\\'); break;
            case '/': m_buffer.push_back('/'); break;
            case 'b': m_buffer.push_back('\b'); break;
            case 'f': m_buffer.push_back('\f'); break;
            case 'n': m_buffer.push_back('\n'); break;
            case 'r': m_buffer.push_back('\r'); break;
            case 't': m_buffer.push_back('\t'); break;
            default: bail(); // \u escapes (surrogates and all) are the general path's
            }
        }
        const auto *b = reinterpret_cast<const unsigned char *>(m_buffer.data());
        if (!validUtf8(b, b + m_buffer.size()))
            bail();
        return QString::fromUtf8(m_buffer.data(), qsizetype(m_buffer.size()));
    }

    // A JSON number in plain notation, `-?(0|[1-9]\d*)(\.\d+)?`, as simdjson's
    // get_double() reads it.
    static double readTimestamp(const char *&p, const char *end)
    {
        const bool negative = p < end && *p == '-';
        if (negative)
            ++p;
        const char *digits = p;
        std::uint64_t w = 0;
        const int intDigits = digitRun(p, end, w);
        if (intDigits == 0 || (intDigits > 1 && *digits == '0'))
            bail();
        int fracDigits = 0;
        if (p < end && *p == '.') {
            ++p;
            fracDigits = digitRun(p, end, w);
            if (fracDigits == 0)
                bail();
        }
        // Up to 19 digits cannot overflow the mantissa. "-0" is left to the general
        // path, whatever simdjson makes of it.
        double v = 0;
        if (intDigits + fracDigits > 19 || (negative && w == 0) || !exactDecimal(w, -fracDigits, negative, v))
            bail();
        return v;
    }

    // A sample value string from just after its opening quote; p ends after the
    // closing quote. Plain decimals are read here; NaN, ±Inf, a leading '+',
    // exponents and long mantissas go to fastSampleValue and the general path's
    // parser (whose DecodeError is also a reason to give up).
    static double readSampleValue(const char *&p, const char *end)
    {
        const char *start = p;
        const bool negative = p < end && *p == '-';
        if (negative)
            ++p;
        std::uint64_t w = 0;
        const int intDigits = digitRun(p, end, w);
        int fracDigits = 0;
        if (intDigits > 0 && p < end && *p == '.') {
            ++p;
            fracDigits = digitRun(p, end, w);
        }
        double v = 0;
        if (intDigits > 0 && (fracDigits > 0 || p[-1] != '.') && p < end && *p == '"' &&
            intDigits + fracDigits <= 19) {
            if (w == 0) {
                ++p;
                return negative ? -0.0 : 0.0;
            }
            if (exactDecimal(w, -fracDigits, negative, v)) {
                ++p;
                return v;
            }
        }
        p = start;
        while (p < end && *p != '"' && *p != '\\')
            ++p;
        if (p == end || *p != '"')
            bail();
        const char *stop = p++;
        if (fastSampleValue(start, stop, v))
            return v;
        for (const char *c = start; c < stop; ++c)
            if ((unsigned char)(*c) < 0x20 || (unsigned char)(*c) >= 0x80)
                bail();
        return parseSampleValue(std::string_view(start, std::size_t(stop - start)));
    }

    void readSeries(QueryResult &out)
    {
        expect('{');
        expectKey("metric");
        Series s;
        expect('{');
        if (!accept('}')) {
            do {
                QString key = readString();
                expect(':');
                s.labels.insert(key, readString());
            } while (accept(','));
            expect('}');
        }
        expect(',');
        expectKey("values");
        expect('[');
        std::vector<double> &values = m_scratch.values;
        std::vector<double> &times = m_scratch.times;
        const std::size_t valueStart = values.size(), timeStart = times.size();
        if (!accept(']')) {
            // A local cursor: stores through m_p could alias the bytes read.
            const char *p = m_p;
            const char *const end = m_end;
            const auto want = [&p, end](char c) {
                if (p < end && *p == c) {
                    ++p;
                    return true;
                }
                while (p < end && isSpace(*p))
                    ++p;
                if (p < end && *p == c) {
                    ++p;
                    return true;
                }
                return false;
            };
            do {
                if (!want('['))
                    bail();
                while (p < end && isSpace(*p))
                    ++p;
                const double t = readTimestamp(p, end) * 1000.0;
                if (!want(',') || !want('"'))
                    bail();
                const double v = readSampleValue(p, end);
                if (!want(']'))
                    bail();
                times.push_back(t);
                values.push_back(v);
            } while (want(','));
            m_p = p;
            expect(']');
        }
        expect('}');
        // Series of a range query nearly always share their timestamps: keep one copy.
        const std::size_t count = values.size() - valueStart;
        Place place{valueStart, count, timeStart};
        if (m_lastTimes.count == count && count > 0 &&
            std::memcmp(times.data() + m_lastTimes.timeOffset, times.data() + timeStart,
                        count * sizeof(double)) == 0) {
            times.resize(timeStart);
            place.timeOffset = m_lastTimes.timeOffset;
        } else {
            m_lastTimes = place;
        }
        m_scratch.places.push_back(place);
        out.series.push_back(std::move(s));
    }

    // All the samples of the answer into one block (huge pages when it is large):
    // values series by series - as integers where that loses nothing
    // (ValueColumn), else as doubles - then the distinct timestamp columns.
    void placeColumns(QueryResult &out)
    {
        const std::vector<double> &values = m_scratch.values;
        const std::vector<double> &times = m_scratch.times;
        std::vector<int> &scales = m_scratch.scales;
        scales.resize(out.series.size());
        std::size_t valueSlots = 0; // doubles; a compact series takes half as many
        for (std::size_t i = 0; i < out.series.size(); ++i) {
            const Place &place = m_scratch.places[i];
            scales[i] = ValueColumn::compactScale(values.data() + place.valueOffset, place.count);
            valueSlots += scales[i] >= 0 ? (place.count + 1) / 2 : place.count;
        }
        ColumnBuffer buffer(valueSlots + times.size());
        if (!times.empty())
            std::memcpy(buffer.data() + valueSlots, times.data(), times.size() * sizeof(double));
        std::size_t slot = 0;
        for (std::size_t i = 0; i < out.series.size(); ++i) {
            const Place &place = m_scratch.places[i];
            const double *v = values.data() + place.valueOffset;
            if (scales[i] >= 0) {
                const std::size_t halves = (place.count + 1) / 2;
                auto *ints = reinterpret_cast<std::int32_t *>(buffer.data() + slot);
                ValueColumn::writeCompact(v, place.count, scales[i], ints);
                if (place.count % 2)
                    ints[place.count] = 0;
                out.series[i].values = ValueColumn::compact(buffer.slice(slot, halves), place.count, scales[i]);
                slot += halves;
            } else {
                if (place.count)
                    std::memcpy(buffer.data() + slot, v, place.count * sizeof(double));
                out.series[i].values = buffer.slice(slot, place.count);
                slot += place.count;
            }
            out.series[i].timestampsMs = buffer.slice(valueSlots + place.timeOffset, place.count);
        }
    }

    const char *m_p;
    const char *m_end;
    std::string m_buffer;
    Place m_lastTimes{0, 0, 0};
    ScratchLease m_lease;
    DecodeScratch &m_scratch = *m_lease.scratch;
};

std::optional<QueryResult> decodeRegularMatrix(const QByteArray &body)
{
    try {
        return MatrixScanner(body.constData(), body.constData() + body.size()).scan();
    } catch (const Bail &) {
    } catch (const DecodeError &) {
    }
    return std::nullopt;
}

QueryResult decodeGeneral(const QByteArray &body)
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
            } else if (key == "isPartial") {
                // VictoriaMetrics cluster: some storage nodes did not answer.
                bool partial = false;
                if (!field.value().get_bool().get(partial) && partial)
                    out.warnings << QCoreApplication::translate("PrometheusDecoder", "partial response: some storage nodes did not answer, "
                                                   "data may be missing (isPartial)");
            }
        }
        if (status == QLatin1String("error")) {
            if (out.error.isEmpty())
                out.error = QCoreApplication::translate("PrometheusDecoder", "Prometheus reported an error without a message");
            out.series.clear();
        } else if (status != QLatin1String("success")) {
            fail("response has no \"status\": is this a Prometheus API?");
        } else if (!sawData) {
            fail("response has no \"data\" object");
        }
    } catch (const DecodeError &e) {
        QueryResult bad;
        bad.errorType = QStringLiteral("decode");
        bad.error = QCoreApplication::translate("PrometheusDecoder", "invalid response from server: %1").arg(e.message);
        return bad;
    }
    return out;
}

} // namespace

QueryResult decodePrometheusResponse(const QByteArray &body)
{
    if (std::optional<QueryResult> fast = decodeRegularMatrix(body))
        return std::move(*fast);
    return decodeGeneral(body);
}
