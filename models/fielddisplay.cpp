#include "fielddisplay.h"

#include "units.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace FieldDisplay {

namespace {

bool isNull(double v)
{
    return std::isnan(v);
}

// Reads a mapping's value text as a number ("80", "1e3", " 5 "), like parseFloat.
std::optional<double> number(const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

// A JavaScript regex literal "/pattern/flags" or a plain pattern that must match
// the whole text (Grafana's stringToJsRegex anchors plain patterns).
QRegularExpression jsRegex(const QString &pattern)
{
    if (pattern.startsWith(QLatin1Char('/'))) {
        const qsizetype end = pattern.lastIndexOf(QLatin1Char('/'));
        if (end > 0) {
            QRegularExpression::PatternOptions opts;
            const QString flags = pattern.mid(end + 1);
            if (flags.contains(QLatin1Char('i')))
                opts |= QRegularExpression::CaseInsensitiveOption;
            if (flags.contains(QLatin1Char('m')))
                opts |= QRegularExpression::MultilineOption;
            if (flags.contains(QLatin1Char('s')))
                opts |= QRegularExpression::DotMatchesEverythingOption;
            return QRegularExpression(pattern.mid(1, end - 1), opts);
        }
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

// JavaScript's replacement text uses $1..$9 and $&; Qt's uses \1..\9 and \0.
QString qtReplacement(const QString &js)
{
    QString out;
    out.reserve(js.size());
    for (qsizetype i = 0; i < js.size(); ++i) {
        const QChar c = js.at(i);
        if (c == QLatin1Char('$') && i + 1 < js.size()) {
            const QChar n = js.at(i + 1);
            if (n.isDigit()) {
                out += QLatin1Char('\\');
                out += n;
                ++i;
                continue;
            }
            if (n == QLatin1Char('&')) {
                out += QStringLiteral("\\0");
                ++i;
                continue;
            }
            if (n == QLatin1Char('$')) {
                out += QLatin1Char('$');
                ++i;
                continue;
            }
        }
        if (c == QLatin1Char('\\'))
            out += QLatin1Char('\\'); // a literal backslash stays literal
        out += c;
    }
    return out;
}

MappedValue result(const ValueMapping &m)
{
    MappedValue r;
    r.text = m.text;
    r.color = m.color;
    return r;
}

// How Grafana writes a number as a map key (String(value)): integers without ".0".
QString keyText(double v)
{
    if (std::fabs(v) < 1e15 && v == std::floor(v))
        return QString::number(qint64(v));
    return QString::number(v, 'g', 17);
}

} // namespace

QString normalizeCalc(const QString &calc)
{
    static const QHash<QString, QString> legacy = {
        {QStringLiteral("current"), QStringLiteral("lastNotNull")},
        {QStringLiteral("avg"), QStringLiteral("mean")},
        {QStringLiteral("total"), QStringLiteral("sum")},
        {QStringLiteral("diffperc"), QStringLiteral("diffperc")},
    };
    static const QStringList known = {
        QStringLiteral("lastNotNull"),  QStringLiteral("last"),   QStringLiteral("firstNotNull"),
        QStringLiteral("first"),        QStringLiteral("mean"),   QStringLiteral("max"),
        QStringLiteral("min"),          QStringLiteral("sum"),    QStringLiteral("count"),
        QStringLiteral("range"),        QStringLiteral("delta"),  QStringLiteral("diff"),
        QStringLiteral("diffperc"),     QStringLiteral("median"), QStringLiteral("stdDev"),
        QStringLiteral("variance"),     QStringLiteral("logmin"), QStringLiteral("changeCount"),
        QStringLiteral("distinctCount")};
    const auto it = legacy.constFind(calc);
    if (it != legacy.constEnd())
        return *it;
    return known.contains(calc) ? calc : QStringLiteral("lastNotNull");
}

std::optional<double> reduce(DoubleSpan values, const QString &calcName)
{
    const QString calc = normalizeCalc(calcName);
    if (values.empty())
        return std::nullopt;
    if (calc == QLatin1String("last"))
        return isNull(values.back()) ? std::nullopt : std::optional<double>(values.back());
    if (calc == QLatin1String("first"))
        return isNull(values.front()) ? std::nullopt : std::optional<double>(values.front());
    if (calc == QLatin1String("count"))
        return double(values.size());

    // One pass over the non-null values for everything else.
    std::size_t n = 0;
    double first = 0, last = 0, sum = 0, lo = std::numeric_limits<double>::infinity();
    double hi = -lo, logmin = lo, delta = 0, changes = 0;
    for (double v : values) {
        if (isNull(v))
            continue;
        if (n == 0) {
            first = v;
        } else {
            if (v >= last)
                delta += v - last;
            else
                delta += v; // a counter reset: it counted up from zero again
            if (v != last)
                ++changes;
        }
        last = v;
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (v > 0)
            logmin = std::min(logmin, v);
        ++n;
    }
    if (calc == QLatin1String("changeCount"))
        return changes;
    if (n == 0)
        return std::nullopt;
    if (calc == QLatin1String("lastNotNull"))
        return last;
    if (calc == QLatin1String("firstNotNull"))
        return first;
    if (calc == QLatin1String("mean"))
        return sum / double(n);
    if (calc == QLatin1String("max"))
        return hi;
    if (calc == QLatin1String("min"))
        return lo;
    if (calc == QLatin1String("sum"))
        return sum;
    if (calc == QLatin1String("range"))
        return hi - lo;
    if (calc == QLatin1String("delta"))
        return delta;
    if (calc == QLatin1String("diff"))
        return last - first;
    if (calc == QLatin1String("diffperc"))
        return first == 0 ? std::nullopt : std::optional<double>((last - first) / first);
    if (calc == QLatin1String("logmin"))
        return std::isfinite(logmin) ? std::optional<double>(logmin) : std::nullopt;

    std::vector<double> sorted;
    sorted.reserve(n);
    for (double v : values)
        if (!isNull(v))
            sorted.push_back(v);
    if (calc == QLatin1String("median")) {
        std::sort(sorted.begin(), sorted.end());
        const std::size_t mid = n / 2;
        return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
    if (calc == QLatin1String("distinctCount")) {
        std::sort(sorted.begin(), sorted.end());
        return double(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
    }
    if (calc == QLatin1String("variance") || calc == QLatin1String("stdDev")) {
        const double mean = sum / double(n);
        double sq = 0;
        for (double v : sorted)
            sq += (v - mean) * (v - mean);
        const double variance = sq / double(n);
        return calc == QLatin1String("variance") ? variance : std::sqrt(variance);
    }
    return last;
}

Range range(const Panel &panel, std::optional<double> dataMin, std::optional<double> dataMax)
{
    const bool unit01 = panel.unit == QLatin1String("percentunit");
    Range r;
    r.min = panel.min ? *panel.min : dataMin && std::isfinite(*dataMin) ? *dataMin : 0.0;
    r.max = panel.max                            ? *panel.max
            : dataMax && std::isfinite(*dataMax) ? *dataMax
            : unit01                             ? 1.0
                                                 : 100.0;
    if (!std::isfinite(r.min))
        r.min = 0;
    if (!std::isfinite(r.max))
        r.max = r.min + 100;
    if (r.max <= r.min) {
        // One value (or a min above the max): put it in the middle of a range that has width.
        const double pad = r.min == 0 ? 1 : std::fabs(r.min);
        if (!panel.min)
            r.min -= pad;
        else
            r.max = r.min + pad;
    }
    return r;
}

QString thresholdColor(double value, const Panel &panel, const Range &r)
{
    const QList<ThresholdStep> &steps = panel.thresholds;
    if (steps.isEmpty())
        return {};
    QString color = steps.first().color;
    if (isNull(value))
        return color;
    double v = value;
    if (panel.thresholdsPercent)
        v = (value - r.min) / (r.max - r.min) * 100.0;
    // Steps are sorted ascending in the file; the last one not above the value wins.
    for (const ThresholdStep &s : steps) {
        if (!s.value) {
            continue;
        }
        if (v >= *s.value)
            color = s.color;
        else
            break;
    }
    return color;
}

QString thresholdColor(double value, const Panel &panel)
{
    return thresholdColor(value, panel, range(panel));
}

std::optional<MappedValue> applyMappings(const QList<ValueMapping> &mappings, double value)
{
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value: {
            if (isNull(value))
                break;
            const std::optional<double> mv = number(m.value);
            if ((mv && *mv == value) || m.value.trimmed() == keyText(value))
                return result(m);
            break;
        }
        case ValueMapping::Kind::Range:
            if (isNull(value) || (!m.from && !m.to))
                break;
            if ((!m.from || value >= *m.from) && (!m.to || value <= *m.to))
                return result(m);
            break;
        case ValueMapping::Kind::Special:
            if (isNull(value) &&
                (m.special == QLatin1String("null") || m.special == QLatin1String("nan") ||
                 m.special == QLatin1String("null+nan")))
                return result(m);
            break;
        case ValueMapping::Kind::Regex:
            if (!isNull(value) && !m.pattern.isEmpty()) {
                const QRegularExpression re = jsRegex(m.pattern);
                const QString text = keyText(value);
                if (re.isValid() && re.match(text).hasMatch()) {
                    MappedValue r = result(m);
                    if (!r.text.isEmpty())
                        r.text = QString(text).replace(re, qtReplacement(m.text));
                    return r;
                }
            }
            break;
        }
    }
    return std::nullopt;
}

std::optional<MappedValue> applyMappings(const QList<ValueMapping> &mappings, const QString &text)
{
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value:
            if (m.value == text)
                return result(m);
            break;
        case ValueMapping::Kind::Range:
            break; // ranges compare numbers, see the numeric overload
        case ValueMapping::Kind::Special:
            if ((m.special == QLatin1String("empty") && text.isEmpty()) ||
                (m.special == QLatin1String("true") && text == QLatin1String("true")) ||
                (m.special == QLatin1String("false") && text == QLatin1String("false")))
                return result(m);
            break;
        case ValueMapping::Kind::Regex: {
            if (m.pattern.isEmpty())
                break;
            const QRegularExpression re = jsRegex(m.pattern);
            if (re.isValid() && re.match(text).hasMatch()) {
                MappedValue r = result(m);
                if (!r.text.isEmpty())
                    r.text = QString(text).replace(re, qtReplacement(m.text));
                return r;
            }
            break;
        }
        }
    }
    return std::nullopt;
}

QString paletteColor(int index)
{
    static const char *const colors[] = {
        "#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
        "#508642", "#CCA300", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477",
        "#B7DBAB", "#F4D598", "#70DBED", "#F9BA8F", "#F29191", "#82B5D8", "#E5A8E2", "#AEA2E0"};
    constexpr int n = int(sizeof(colors) / sizeof(colors[0]));
    return QString::fromLatin1(colors[((index % n) + n) % n]);
}

QString noValueText(const Panel &panel)
{
    return panel.noValue.isEmpty() ? QStringLiteral("No data") : panel.noValue;
}

DisplayValue display(double value, const Panel &panel, const DisplayOptions &options)
{
    DisplayValue d;
    d.numeric = value;
    const Range r = options.range ? *options.range : range(panel);
    std::optional<MappedValue> mapped = applyMappings(panel.mappings, value);

    if (isNull(value)) {
        d.isNull = true;
        d.text = mapped && !mapped->text.isEmpty() ? mapped->text : noValueText(panel);
    } else if (mapped && !mapped->text.isEmpty()) {
        d.text = mapped->text;
    } else {
        // Grafana's display processor formats an unset unit as "none" (no scaling).
        const QString unit = panel.unit.isEmpty() ? QStringLiteral("none") : panel.unit;
        const FormattedValue f = formatValueParts(value, unit, panel.decimals);
        d.prefix = f.prefix;
        d.text = f.text;
        d.suffix = f.suffix;
        if (!mapped) {
            // Mappings may also match the formatted text ("1.50 K" -> "busy").
            mapped = applyMappings(panel.mappings, f.toString());
            if (mapped && !mapped->text.isEmpty()) {
                d.prefix.clear();
                d.suffix.clear();
                d.text = mapped->text;
            }
        }
        if (std::isfinite(value)) {
            // Halved first: value - min overflows for ranges such as +-1e308.
            const double pc = (value / 2 - r.min / 2) / (r.max / 2 - r.min / 2);
            d.percent = std::isnan(pc) ? 0.0 : std::clamp(pc, 0.0, 1.0);
        } else {
            d.percent = value > 0 ? 1.0 : 0.0;
        }
    }

    if (panel.type == QLatin1String("singlestat") ||
        panel.type == QLatin1String("grafana-singlestat-panel")) {
        // Legacy singlestat text around the value (plain text, never markup).
        const QString prefix = panel.raw.value(QLatin1String("prefix")).toString();
        const QString postfix = panel.raw.value(QLatin1String("postfix")).toString();
        if (!d.isNull) {
            d.prefix = prefix + d.prefix;
            d.suffix += postfix;
        }
    }

    if (mapped && !mapped->color.isEmpty()) {
        d.color = mapped->color;
        return d;
    }
    const QString mode = panel.colorMode;
    if (mode == QLatin1String("fixed") || mode == QLatin1String("shades")) {
        d.color = panel.fixedColor;
    } else if (mode.isEmpty() || mode == QLatin1String("thresholds") ||
               mode.startsWith(QLatin1String("continuous"))) {
        d.color = thresholdColor(value, panel, r);
        if (d.color.isEmpty() && !mode.isEmpty() && !mode.startsWith(QLatin1String("continuous")))
            d.color = QStringLiteral("green"); // Grafana's default base step
    } else {
        d.color = paletteColor(options.seriesIndex);
    }
    return d;
}

} // namespace FieldDisplay
