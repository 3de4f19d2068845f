#include "templating.h"

#include "querystep.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace Templating {

namespace {

const QString kAllText = QStringLiteral("All");
const QString kAutoPrefix = QStringLiteral("$__auto_interval_");

QString jsonString(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

int jsonInt(const QJsonValue &v, int fallback)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        return std::isfinite(d) && std::abs(d) < 1e9 ? int(d) : fallback;
    }
    if (v.isBool())
        return v.toBool() ? 1 : 0;
    if (v.isString()) {
        bool ok = false;
        const int i = v.toString().toInt(&ok);
        return ok ? i : fallback;
    }
    return fallback;
}

bool jsonBool(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    if (v.isString())
        return v.toString() == QLatin1String("true");
    return false;
}

// A string or an array of strings (Grafana stores multi-value selections as arrays).
QStringList jsonStrings(const QJsonValue &v)
{
    QStringList out;
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            if (e.isString() || e.isDouble() || e.isBool())
                out << jsonString(e);
    } else if (v.isString() || v.isDouble() || v.isBool()) {
        out << jsonString(v);
    }
    return out;
}

bool isAll(const QStringList &current)
{
    return current.contains(kAllValue);
}

void ensureAllOption(Variable &v)
{
    const bool hasAll = !v.options.isEmpty() && v.options.first().value == kAllValue;
    if (v.includeAll && !hasAll) {
        VariableOption all;
        all.text = kAllText;
        all.value = kAllValue;
        v.options.prepend(all);
    } else if (!v.includeAll) {
        v.options.removeIf([](const VariableOption &o) { return o.value == kAllValue; });
    }
}

// Grafana's custom variable syntax: comma-separated, "\," for a literal comma and
// "text : value" (spaces around the colon) for a different text.
QList<VariableOption> customOptions(const QString &query)
{
    QList<VariableOption> out;
    static const QRegularExpression item(QStringLiteral("(?:\\\\,|[^,])+"));
    static const QRegularExpression pair(QStringLiteral("^\\s*(.+)\\s:\\s(.+)$"),
                                         QRegularExpression::DotMatchesEverythingOption);
    auto it = item.globalMatch(query);
    while (it.hasNext()) {
        QString text = it.next().captured(0);
        text.replace(QLatin1String("\\,"), QLatin1String(","));
        VariableOption o;
        const auto m = pair.match(text);
        if (m.hasMatch()) {
            o.text = m.captured(1).trimmed();
            o.value = m.captured(2).trimmed();
        } else {
            o.text = text.trimmed();
            o.value = o.text;
        }
        out << o;
    }
    return out;
}

QList<VariableOption> intervalOptions(const Variable &v)
{
    QList<VariableOption> out;
    if (v.autoInterval) {
        VariableOption o;
        o.text = QStringLiteral("auto");
        o.value = kAutoPrefix + v.name;
        out << o;
    }
    static const QRegularExpression item(QStringLiteral("([\"'])(.*?)\\1|\\w+"));
    auto it = item.globalMatch(v.query);
    while (it.hasNext()) {
        QString text = it.next().captured(0);
        text.remove(QLatin1Char('"')).remove(QLatin1Char('\''));
        VariableOption o;
        o.text = text.trimmed();
        o.value = o.text;
        out << o;
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------- parsing

void computeLocalOptions(Variable &v)
{
    const QString &t = v.type;
    if (t == QLatin1String("custom")) {
        v.options = customOptions(v.query);
    } else if (t == QLatin1String("interval")) {
        v.options = intervalOptions(v);
    } else if (t == QLatin1String("constant")) {
        VariableOption o;
        o.text = v.query.trimmed();
        o.value = o.text;
        v.options = {o};
        v.current = {o.value};
        v.currentText = {o.text};
    } else if (t == QLatin1String("textbox")) {
        if (v.current.isEmpty())
            v.current = {v.query};
        VariableOption o;
        o.text = v.current.value(0);
        o.value = o.text;
        v.options = {o};
        v.currentText = {o.text};
        return;
    } else if (t == QLatin1String("datasource")) {
        // What the file selected; VariableResolver offers the configured datasources.
        VariableOption o;
        o.value =
            v.current.isEmpty() || isAll(v.current) ? QStringLiteral("default") : v.current.first();
        o.text = v.currentText.isEmpty() ? o.value : v.currentText.first();
        v.options = {o};
    } else {
        return;
    }
    validateSelection(v);
}

QList<Variable> parseVariables(const QJsonArray &templatingList)
{
    QList<Variable> out;
    for (const QJsonValue &entry : templatingList) {
        if (!entry.isObject())
            continue;
        const QJsonObject o = entry.toObject();
        Variable v;
        v.raw = o;
        v.name = o.value(QLatin1String("name")).toString();
        if (v.name.isEmpty())
            continue;
        v.type = jsonString(o.value(QLatin1String("type")));
        if (v.type.isEmpty())
            v.type = QStringLiteral("query");
        v.label = jsonString(o.value(QLatin1String("label")));
        v.description = jsonString(o.value(QLatin1String("description")));
        v.hide = jsonInt(o.value(QLatin1String("hide")), 0);

        const QJsonValue query = o.value(QLatin1String("query"));
        if (query.isObject())
            v.query = jsonString(query.toObject().value(QLatin1String("query")));
        else
            v.query = jsonString(query);
        if (v.query.isEmpty())
            v.query = jsonString(o.value(QLatin1String("definition")));

        v.regex = jsonString(o.value(QLatin1String("regex")));
        const QJsonValue ds = o.value(QLatin1String("datasource"));
        if (ds.isObject()) {
            const QJsonObject d = ds.toObject();
            v.datasource = jsonString(d.value(QLatin1String("uid")));
            if (v.datasource.isEmpty())
                v.datasource = jsonString(d.value(QLatin1String("type")));
        } else {
            v.datasource = jsonString(ds);
        }
        v.refresh = jsonInt(o.value(QLatin1String("refresh")), 1);
        v.sort = jsonInt(o.value(QLatin1String("sort")), 0);
        v.multi = jsonBool(o.value(QLatin1String("multi")));
        v.includeAll = jsonBool(o.value(QLatin1String("includeAll")));
        v.allValue = jsonString(o.value(QLatin1String("allValue")));

        const QJsonObject current = o.value(QLatin1String("current")).toObject();
        v.current = jsonStrings(current.value(QLatin1String("value")));
        v.currentText = jsonStrings(current.value(QLatin1String("text")));
        if (isAll(v.current)) {
            v.current = {kAllValue};
            v.currentText = {kAllText};
        }
        if (v.currentText.size() != v.current.size())
            v.currentText = v.current;

        for (const QJsonValue &opt : o.value(QLatin1String("options")).toArray()) {
            const QJsonObject oo = opt.toObject();
            VariableOption vo;
            vo.value = jsonString(oo.value(QLatin1String("value")));
            vo.text = jsonString(oo.value(QLatin1String("text")));
            if (vo.value.isEmpty() && vo.text.isEmpty())
                continue;
            if (vo.text.isEmpty())
                vo.text = vo.value;
            v.options << vo;
        }

        v.autoInterval = jsonBool(o.value(QLatin1String("auto")));
        v.autoCount = jsonInt(o.value(QLatin1String("auto_count")), 30);
        if (v.autoCount <= 0)
            v.autoCount = 30;
        const QString autoMin = jsonString(o.value(QLatin1String("auto_min")));
        if (parseDuration(autoMin) > 0)
            v.autoMin = autoMin;

        for (const QJsonValue &f : o.value(QLatin1String("filters")).toArray()) {
            const QJsonObject fo = f.toObject();
            AdhocFilter filter;
            filter.key = jsonString(fo.value(QLatin1String("key")));
            const QString op = jsonString(fo.value(QLatin1String("operator")));
            if (op == QLatin1String("=") || op == QLatin1String("!=") ||
                op == QLatin1String("=~") || op == QLatin1String("!~"))
                filter.op = op;
            filter.value = jsonString(fo.value(QLatin1String("value")));
            if (!filter.key.isEmpty())
                v.filters << filter;
        }

        if (v.type == QLatin1String("query"))
            ensureAllOption(v);
        else
            computeLocalOptions(v);
        out << v;
    }
    return out;
}

// ---------------------------------------------------------------- durations

namespace {
/// Seconds that convert to qint64 milliseconds without overflow (NaN as 0).
double boundedSeconds(double seconds)
{
    return std::isnan(seconds) ? 0.0 : std::clamp(seconds, -9e12, 9e12);
}
} // namespace

QString formatInterval(double seconds)
{
    const qint64 ms = qint64(std::floor(boundedSeconds(seconds) * 1000.0 + 1e-6));
    constexpr qint64 second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour,
                     year = 365 * day;
    if (ms >= year)
        return QString::number(ms / year) + QLatin1Char('y');
    if (ms >= day)
        return QString::number(ms / day) + QLatin1Char('d');
    if (ms >= hour)
        return QString::number(ms / hour) + QLatin1Char('h');
    if (ms >= minute)
        return QString::number(ms / minute) + QLatin1Char('m');
    if (ms >= second)
        return QString::number(ms / second) + QLatin1Char('s');
    if (ms >= 1)
        return QString::number(ms) + QLatin1String("ms");
    return QStringLiteral("1ms");
}

QString goDuration(double seconds)
{
    const qint64 ms = qint64(std::llround(boundedSeconds(seconds) * 1000.0));
    if (ms == 0)
        return QStringLiteral("0s");
    if (ms < 1000)
        return QString::number(ms) + QLatin1String("ms");
    const qint64 h = ms / 3600000;
    const qint64 m = (ms / 60000) % 60;
    const qint64 sMs = ms % 60000;
    QString s = QString::number(sMs / 1000);
    if (sMs % 1000) {
        QString frac = QStringLiteral("%1").arg(sMs % 1000, 3, 10, QLatin1Char('0'));
        while (frac.endsWith(QLatin1Char('0')))
            frac.chop(1);
        s += QLatin1Char('.') + frac;
    }
    QString out;
    if (h > 0)
        out += QString::number(h) + QLatin1Char('h');
    if (h > 0 || m > 0)
        out += QString::number(m) + QLatin1Char('m');
    return out + s + QLatin1Char('s');
}

double parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|y|w|d|h|m|s)"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return -1;
    double total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const auto m = part.match(t, pos, QRegularExpression::NormalMatch,
                                  QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return -1;
        const double n = m.captured(1).toDouble();
        const QString u = m.captured(2);
        double factor = 1;
        if (u == QLatin1String("ms"))
            factor = 0.001;
        else if (u == QLatin1String("m"))
            factor = 60;
        else if (u == QLatin1String("h"))
            factor = 3600;
        else if (u == QLatin1String("d"))
            factor = 86400;
        else if (u == QLatin1String("w"))
            factor = 604800;
        else if (u == QLatin1String("y"))
            factor = 31536000;
        total += n * factor;
        pos = m.capturedEnd();
    }
    return std::isfinite(total) ? total : -1; // "999…9h" overflows: not a duration
}

QString autoInterval(const Variable &v, qint64 fromMs, qint64 toMs)
{
    const double range = (double(toMs) - double(fromMs)) / 1000.0; // no overflow at the extremes
    double interval = roundInterval(range / std::max(v.autoCount, 1));
    const double min = parseDuration(v.autoMin);
    if (min > interval)
        interval = min;
    return formatInterval(interval);
}

// ---------------------------------------------------------------- escaping

QString prometheusRegularEscape(const QString &value)
{
    QString out = value;
    out.replace(QLatin1String("\\"), QLatin1String("\\\\"));
    out.replace(QLatin1String("'"), QLatin1String("\\\\'"));
    return out;
}

QString prometheusSpecialRegexEscape(const QString &value)
{
    // Doubled backslashes: the regex goes inside a PromQL double-quoted string.
    static const QString meta = QStringLiteral("$^*{}[]+?.()|");
    QString out;
    out.reserve(value.size() * 2);
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\\\\\");
        else if (meta.contains(c))
            out += QLatin1String("\\\\") + c;
        else
            out += c;
    }
    return out;
}

namespace {

QString jsRegexEscape(const QString &value)
{
    static const QString meta = QStringLiteral("\\^$*+?.()|[]{}/");
    QString out;
    for (const QChar c : value) {
        if (meta.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

// encodeURIComponent plus !'()*: everything but unreserved characters.
QString percentEncodeStrict(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// Grafana's toUrlParams (AngularJS-style: @ : $ , stay, a space becomes '+').
QString urlParamEncode(const QString &value)
{
    QString s = QString::fromLatin1(QUrl::toPercentEncoding(value, "@:$,"));
    s.replace(QLatin1String("%20"), QLatin1String("+"));
    return s;
}

QString quoteEach(const QStringList &values, QChar quote)
{
    QStringList out;
    for (QString v : values) {
        v.replace(quote, QString(QLatin1Char('\\')) + quote);
        out << quote + v + quote;
    }
    return out.join(QLatin1Char(','));
}

QString jsonValue(const QStringList &values, bool isArray)
{
    if (!isArray)
        return QString::fromUtf8(QJsonDocument(QJsonArray{values.value(0)})
                                     .toJson(QJsonDocument::Compact)
                                     .mid(1)
                                     .chopped(1));
    QJsonArray a;
    for (const QString &v : values)
        a.append(v);
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

struct Value
{
    QStringList values;
    bool isArray = false;
};

// Several values as one regex alternative "(a|b)", each escaped; one value alone.
QString alternation(const QStringList &values, QString (*escape)(const QString &))
{
    QStringList esc;
    for (const QString &v : values)
        esc << escape(v);
    if (esc.size() == 1)
        return esc.first();
    return QLatin1Char('(') + esc.join(QLatin1Char('|')) + QLatin1Char(')');
}

QString formatValue(const Value &val, const QString &format, const Variable *var,
                    const QString &text)
{
    const QStringList &vs = val.values;
    const QString single = vs.value(0);
    if (format.isEmpty()) {
        if (var && !var->multi && !var->includeAll) {
            QStringList esc;
            for (const QString &v : vs)
                esc << prometheusRegularEscape(v);
            return esc.join(QLatin1Char(','));
        }
        return val.isArray ? alternation(vs, prometheusSpecialRegexEscape) : prometheusSpecialRegexEscape(single);
    }
    if (format == QLatin1String("regex"))
        return val.isArray ? alternation(vs, jsRegexEscape) : jsRegexEscape(single);
    if (format == QLatin1String("pipe"))
        return vs.join(QLatin1Char('|'));
    if (format == QLatin1String("csv") || format == QLatin1String("raw"))
        return vs.join(QLatin1Char(','));
    if (format == QLatin1String("json"))
        return jsonValue(vs, val.isArray);
    if (format == QLatin1String("singlequote"))
        return quoteEach(vs, QLatin1Char('\''));
    if (format == QLatin1String("doublequote"))
        return quoteEach(vs, QLatin1Char('"'));
    if (format == QLatin1String("sqlstring")) {
        QStringList out;
        for (QString v : vs)
            out << QLatin1Char('\'') + v.replace(QLatin1String("'"), QLatin1String("''")) +
                       QLatin1Char('\'');
        return out.join(QLatin1Char(','));
    }
    if (format == QLatin1String("percentencode")) {
        if (val.isArray)
            return percentEncodeStrict(QLatin1Char('{') + vs.join(QLatin1Char(',')) +
                                       QLatin1Char('}'));
        return percentEncodeStrict(single);
    }
    if (format == QLatin1String("text"))
        return text;
    // glob, and Grafana's fallback for an unknown format.
    if (val.isArray && vs.size() > 1)
        return QLatin1Char('{') + vs.join(QLatin1Char(',')) + QLatin1Char('}');
    return vs.join(QLatin1Char(','));
}

const Variable *findVariable(const QList<Variable> &vars, const QString &name)
{
    for (const Variable &v : vars)
        if (v.name == name)
            return &v;
    return nullptr;
}

QStringList allValues(const Variable &v)
{
    QStringList out;
    for (const VariableOption &o : v.options)
        if (o.value != kAllValue)
            out << o.value;
    return out;
}

QString selectionText(const Variable &v)
{
    if (isAll(v.current))
        return kAllText;
    return (v.currentText.isEmpty() ? v.current : v.currentText).join(QLatin1String(" + "));
}

QString interpolateDepth(const QString &text, const QList<Variable> &vars,
                         const MacroValues &macros, const QString &defaultFormat, int depth);

// A built-in macro's text, or a null string when `name` is not one (or not known).
QString macroValue(const QString &name, const QString &format, const QList<Variable> &vars,
                   const MacroValues &m)
{
    const double rangeMs = double(m.toMs - m.fromMs);
    const bool haveRange = m.toMs > m.fromMs;
    const bool haveInterval = m.intervalSeconds > 0;
    if (name == QLatin1String("__from") || name == QLatin1String("__to")) {
        if (!haveRange)
            return {};
        const qint64 ms = name == QLatin1String("__from") ? m.fromMs : m.toMs;
        if (format == QLatin1String("date:seconds"))
            return QString::number(ms / 1000);
        if (format == QLatin1String("date") || format == QLatin1String("date:iso"))
            return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        return QString::number(ms);
    }
    if (name == QLatin1String("__range_ms"))
        return haveRange ? QString::number(qint64(rangeMs)) : QString();
    if (name == QLatin1String("__range_s"))
        return haveRange ? QString::number(std::llround(rangeMs / 1000.0)) : QString();
    if (name == QLatin1String("__range"))
        return haveRange ? QString::number(std::llround(rangeMs / 1000.0)) + QLatin1Char('s')
                         : QString();
    if (name == QLatin1String("__interval"))
        return haveInterval ? formatInterval(m.intervalSeconds) : QString();
    if (name == QLatin1String("__interval_ms"))
        return haveInterval ? QString::number(qint64(std::floor(m.intervalSeconds * 1000.0 + 1e-6)))
                            : QString();
    if (name == QLatin1String("__rate_interval") || name == QLatin1String("__rate_interval_ms")) {
        if (!haveInterval)
            return {};
        const double scrape = m.scrapeIntervalSeconds > 0 ? m.scrapeIntervalSeconds : 15.0;
        const double rate = std::max(m.intervalSeconds + scrape, 4 * scrape);
        return name == QLatin1String("__rate_interval")
                   ? goDuration(rate)
                   : QString::number(std::llround(rate * 1000));
    }
    if (name.startsWith(QLatin1String("__auto_interval"))) {
        if (!haveRange)
            return {};
        const QString varName = name.mid(16); // after "__auto_interval_"
        for (const Variable &v : vars) {
            if (v.type != QLatin1String("interval") || !v.autoInterval)
                continue;
            // The bare $__auto_interval (legacy) means the first auto interval variable.
            if (name.size() == 15 || v.name == varName)
                return autoInterval(v, m.fromMs, m.toMs);
        }
    }
    return {};
}

QString variableValue(const Variable &v, const QString &format, const QList<Variable> &vars,
                      const MacroValues &macros, int depth)
{
    Value val;
    val.isArray = v.multi || v.current.size() > 1;
    val.values = v.current;
    if (isAll(v.current)) {
        if (!v.allValue.isEmpty() && format != QLatin1String("text") &&
            format != QLatin1String("percentencode"))
            return depth < 4 ? interpolateDepth(v.allValue, vars, macros, QStringLiteral("glob"),
                                                depth + 1)
                             : v.allValue;
        val.values = v.allValue.isEmpty() ? allValues(v) : QStringList{v.allValue};
        val.isArray = v.allValue.isEmpty();
    } else if (v.type == QLatin1String("interval") && v.current.size() == 1 &&
               v.current.first().startsWith(kAutoPrefix) && macros.toMs > macros.fromMs) {
        val.values = {autoInterval(v, macros.fromMs, macros.toMs)};
    }
    if (format == QLatin1String("queryparam")) {
        const QStringList values = isAll(v.current) ? QStringList{kAllText} : v.current;
        QStringList parts;
        const QString key = urlParamEncode(QStringLiteral("var-") + v.name);
        for (const QString &value : values)
            parts << key + QLatin1Char('=') + urlParamEncode(value);
        return parts.join(QLatin1Char('&'));
    }
    return formatValue(val, format, &v, selectionText(v));
}

const QRegularExpression &variablePattern()
{
    // Grafana's variableRegex: $name, [[name]], [[name:format]], ${name},
    // ${name.fieldPath}, ${name:format}.
    static const QRegularExpression re(
        QStringLiteral("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^\\}]+))?(?"
                       "::([^\\}]+))?\\}"));
    return re;
}

QString interpolateDepth(const QString &text, const QList<Variable> &vars,
                         const MacroValues &macros, const QString &defaultFormat, int depth)
{
    if (!text.contains(QLatin1Char('$')) && !text.contains(QLatin1String("[[")))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.hasCaptured(1)   ? m.captured(1)
                             : m.hasCaptured(2) ? m.captured(2)
                                                : m.captured(4);
        QString format = m.hasCaptured(3) ? m.captured(3) : m.captured(6);
        if (format.isEmpty())
            format = defaultFormat;
        QString replacement;
        if (const Variable *v = findVariable(vars, name)) {
            replacement = variableValue(*v, format, vars, macros, depth);
        } else if (name.startsWith(QLatin1String("__"))) {
            replacement = macroValue(name, format, vars, macros);
            if (replacement.isNull())
                continue;
        } else {
            continue;
        }
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += replacement;
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

QString interpolate(const QString &text, const QList<Variable> &vars, const MacroValues &macros,
                    const QString &defaultFormat)
{
    return interpolateDepth(text, vars, macros, defaultFormat, 0);
}

// ---------------------------------------------------------------- dependencies

QStringList referencedVariables(const QString &text)
{
    QStringList out;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.hasCaptured(1)   ? m.captured(1)
                             : m.hasCaptured(2) ? m.captured(2)
                                                : m.captured(4);
        if (!name.startsWith(QLatin1String("__")) && !out.contains(name))
            out << name;
    }
    return out;
}

namespace {

QSet<int> directDependencies(const QList<Variable> &vars, int i)
{
    const Variable &v = vars.at(i);
    QSet<int> deps;
    QStringList names = referencedVariables(v.query) + referencedVariables(v.regex) +
                        referencedVariables(v.allValue) + referencedVariables(v.datasource);
    for (const QString &n : std::as_const(names)) {
        for (int j = 0; j < vars.size(); ++j)
            if (j != i && vars.at(j).name == n)
                deps.insert(j);
    }
    return deps;
}

} // namespace

QList<int> resolutionOrder(const QList<Variable> &vars)
{
    QList<QSet<int>> deps;
    for (int i = 0; i < vars.size(); ++i)
        deps << directDependencies(vars, i);
    QList<int> order;
    QList<bool> done(vars.size(), false);
    while (order.size() < vars.size()) {
        int pick = -1;
        for (int i = 0; i < vars.size() && pick < 0; ++i) {
            if (done[i])
                continue;
            bool ready = true;
            for (int d : std::as_const(deps[i]))
                ready = ready && done[d];
            if (ready)
                pick = i;
        }
        if (pick < 0) // a cycle: take the first waiting variable in file order
            for (int i = 0; i < vars.size() && pick < 0; ++i)
                if (!done[i])
                    pick = i;
        done[pick] = true;
        order << pick;
    }
    return order;
}

QStringList dependents(const QList<Variable> &vars, const QString &name)
{
    QList<QSet<int>> deps;
    for (int i = 0; i < vars.size(); ++i)
        deps << directDependencies(vars, i);
    QSet<QString> found;
    QStringList queue{name};
    while (!queue.isEmpty()) {
        const QString n = queue.takeFirst();
        for (int i = 0; i < vars.size(); ++i) {
            const QString &candidate = vars.at(i).name;
            if (found.contains(candidate) || candidate == name)
                continue;
            for (int d : std::as_const(deps[i])) {
                if (vars.at(d).name == n) {
                    found.insert(candidate);
                    queue << candidate;
                    break;
                }
            }
        }
    }
    QStringList out;
    for (const Variable &v : vars)
        if (found.contains(v.name))
            out << v.name;
    return out;
}

// ---------------------------------------------------------------- variable queries

VariableQuery parseVariableQuery(const QString &query)
{
    const auto opts = QRegularExpression::DotMatchesEverythingOption;
    static const QRegularExpression labelNames(
        QStringLiteral("^label_names\\((?:(.+)\\s?)?\\)\\s*$"), opts);
    static const QRegularExpression labelValues(
        QStringLiteral("^label_values\\((?:(.+),\\s*)?([a-zA-Z_$][a-zA-Z0-9_]*)\\)\\s*$"), opts);
    static const QRegularExpression metrics(QStringLiteral("^metrics\\((.+)\\)\\s*$"), opts);
    static const QRegularExpression queryResult(QStringLiteral("^query_result\\((.+)\\)\\s*$"),
                                                opts);
    const QString q = query.trimmed();
    VariableQuery out;
    if (const auto m = labelNames.match(q); m.hasMatch()) {
        out.kind = VariableQuery::Kind::LabelNames;
        out.match = m.captured(1).trimmed();
    } else if (const auto m = labelValues.match(q); m.hasMatch()) {
        out.kind = VariableQuery::Kind::LabelValues;
        out.match = m.captured(1).trimmed();
        out.label = m.captured(2);
    } else if (const auto m = metrics.match(q); m.hasMatch()) {
        out.kind = VariableQuery::Kind::Metrics;
        out.argument = m.captured(1).trimmed();
    } else if (const auto m = queryResult.match(q); m.hasMatch()) {
        out.kind = VariableQuery::Kind::QueryResult;
        out.argument = m.captured(1).trimmed();
    } else {
        // Grafana sends anything else to /api/v1/series and lists name{labels}.
        out.kind = VariableQuery::Kind::Series;
        out.argument = q;
    }
    return out;
}

namespace {

bool toRegex(const QString &text, QRegularExpression *re, bool *global, QString *error)
{
    *global = false;
    QString pattern = text;
    QRegularExpression::PatternOptions opts = QRegularExpression::NoPatternOption;
    if (!text.startsWith(QLatin1Char('/'))) {
        pattern = QStringLiteral("^(?:") + text + QStringLiteral(")$");
    } else {
        const qsizetype end = text.lastIndexOf(QLatin1Char('/'));
        const QString flags = text.mid(end + 1);
        static const QRegularExpression validFlags(QStringLiteral("^[gimsuy]*$"));
        if (end <= 0 || !validFlags.match(flags).hasMatch()) {
            *error = QStringLiteral("'%1' is not a valid regular expression").arg(text);
            return false;
        }
        pattern = text.mid(1, end - 1);
        *global = flags.contains(QLatin1Char('g'));
        if (flags.contains(QLatin1Char('i')))
            opts |= QRegularExpression::CaseInsensitiveOption;
        if (flags.contains(QLatin1Char('m')))
            opts |= QRegularExpression::MultilineOption;
        if (flags.contains(QLatin1Char('s')))
            opts |= QRegularExpression::DotMatchesEverythingOption;
    }
    *re = QRegularExpression(pattern, opts);
    if (!re->isValid()) {
        *error = QStringLiteral("invalid regular expression %1: %2").arg(text, re->errorString());
        return false;
    }
    return true;
}

int firstNumber(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("(\\d+)"));
    const auto m = digits.match(text);
    if (!m.hasMatch())
        return -1;
    bool ok = false;
    const int n = m.captured(1).left(9).toInt(&ok);
    return ok ? n : -1;
}

// Case-insensitive, digit runs compared as numbers ("node2" < "node10").
int naturalCompare(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ie = i, je = j;
            while (ie < a.size() && a[ie].isDigit())
                ++ie;
            while (je < b.size() && b[je].isDigit())
                ++je;
            QStringView na = QStringView(a).mid(i, ie - i), nb = QStringView(b).mid(j, je - j);
            while (na.size() > 1 && na.front() == QLatin1Char('0'))
                na = na.mid(1);
            while (nb.size() > 1 && nb.front() == QLatin1Char('0'))
                nb = nb.mid(1);
            if (na.size() != nb.size())
                return na.size() < nb.size() ? -1 : 1;
            if (const int c = na.compare(nb); c != 0)
                return c;
            i = ie;
            j = je;
            continue;
        }
        const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    return (a.size() - i) < (b.size() - j) ? -1 : (a.size() - i) > (b.size() - j) ? 1 : 0;
}

} // namespace

void sortOptions(QList<VariableOption> &options, int sort)
{
    if (sort <= 0 || sort > 8)
        return;
    const int type = (sort + 1) / 2;
    const bool reverse = sort % 2 == 0;
    auto byText = [](const VariableOption &a, const VariableOption &b) {
        return a.text < b.text;
    };
    auto byNumber = [](const VariableOption &a, const VariableOption &b) {
        return firstNumber(a.text) < firstNumber(b.text);
    };
    auto byLower = [](const VariableOption &a, const VariableOption &b) {
        return a.text.toLower() < b.text.toLower();
    };
    auto natural = [](const VariableOption &a, const VariableOption &b) {
        return naturalCompare(a.text, b.text) < 0;
    };
    if (type == 1)
        std::stable_sort(options.begin(), options.end(), byText);
    else if (type == 2)
        std::stable_sort(options.begin(), options.end(), byNumber);
    else if (type == 3)
        std::stable_sort(options.begin(), options.end(), byLower);
    else
        std::stable_sort(options.begin(), options.end(), natural);
    if (reverse)
        std::reverse(options.begin(), options.end());
}

bool applyRegexAndSort(const QStringList &values, const QString &regex, int sort,
                       QList<VariableOption> *options, QString *error)
{
    options->clear();
    QRegularExpression re;
    bool global = false;
    const bool useRegex = !regex.isEmpty();
    if (useRegex && !toRegex(regex, &re, &global, error))
        return false;
    const bool hasText = useRegex && re.namedCaptureGroups().contains(QLatin1String("text"));
    const bool hasValue = useRegex && re.namedCaptureGroups().contains(QLatin1String("value"));
    QSet<QString> seen;
    auto add = [&](const QString &text, const QString &value) {
        if (seen.contains(value))
            return;
        seen.insert(value);
        VariableOption o;
        o.text = text;
        o.value = value;
        options->append(o);
    };
    for (const QString &item : values) {
        if (!useRegex) {
            add(item, item);
            continue;
        }
        QList<QRegularExpressionMatch> matches;
        if (global) {
            auto it = re.globalMatch(item);
            while (it.hasNext())
                matches << it.next();
        } else if (const auto m = re.match(item); m.hasMatch()) {
            matches << m;
        }
        if (matches.isEmpty())
            continue;
        QString valueGroup, textGroup;
        for (const auto &m : std::as_const(matches)) {
            if (hasValue && valueGroup.isEmpty())
                valueGroup = m.captured(QStringLiteral("value"));
            if (hasText && textGroup.isEmpty())
                textGroup = m.captured(QStringLiteral("text"));
        }
        if (!valueGroup.isEmpty() || !textGroup.isEmpty()) {
            const QString value = valueGroup.isEmpty() ? textGroup : valueGroup;
            add(textGroup.isEmpty() ? valueGroup : textGroup, value);
            continue;
        }
        const bool groups = re.captureCount() > 0;
        if (groups && matches.size() > 1) {
            for (const auto &m : std::as_const(matches))
                add(m.captured(1), m.captured(1));
        } else if (groups) {
            add(matches.first().captured(1), matches.first().captured(1));
        } else {
            add(item, item);
        }
    }
    sortOptions(*options, sort);
    return true;
}

bool validateSelection(Variable &v)
{
    ensureAllOption(v);
    const QStringList before = v.current;
    auto textOf = [&v](const QString &value) {
        for (const VariableOption &o : std::as_const(v.options))
            if (o.value == value)
                return o.text;
        return value;
    };
    auto offered = [&v](const QString &value) {
        for (const VariableOption &o : std::as_const(v.options))
            if (o.value == value)
                return true;
        return false;
    };
    if (isAll(v.current) && v.includeAll) {
        v.current = {kAllValue};
    } else {
        QStringList keep;
        for (const QString &c : std::as_const(v.current)) {
            if (offered(c)) {
                keep << c;
            } else {
                // Grafana matches a saved selection by text too.
                for (const VariableOption &o : std::as_const(v.options))
                    if (o.text == c && o.value != kAllValue) {
                        keep << o.value;
                        break;
                    }
            }
            if (!v.multi && !keep.isEmpty())
                break;
        }
        keep.removeDuplicates();
        if (keep.isEmpty() && !v.options.isEmpty())
            keep = {v.options.first().value};
        v.current = keep;
    }
    v.currentText.clear();
    for (const QString &c : std::as_const(v.current))
        v.currentText << textOf(c);
    return v.current != before;
}

// ---------------------------------------------------------------- ad hoc filters

namespace {

QString escapePromString(const QString &value)
{
    QString out;
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('"'))
            out += QLatin1String("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

bool isIdentStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_') ||
           c == QLatin1Char(':');
}

bool isIdentChar(QChar c)
{
    return isIdentStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// From `i` (an opening quote) to just past the closing quote.
qsizetype skipString(const QString &s, qsizetype i)
{
    const QChar q = s[i];
    ++i;
    while (i < s.size() && s[i] != q) {
        if (s[i] == QLatin1Char('\\') && q != QLatin1Char('`'))
            ++i;
        ++i;
    }
    return std::min(i + 1, s.size());
}

qsizetype skipSpace(const QString &s, qsizetype i)
{
    while (i < s.size()) {
        if (s[i].isSpace()) {
            ++i;
        } else if (s[i] == QLatin1Char('#')) {
            while (i < s.size() && s[i] != QLatin1Char('\n'))
                ++i;
        } else {
            break;
        }
    }
    return i;
}

// From `i` (an opening bracket) to just past its partner, skipping strings.
qsizetype skipGroup(const QString &s, qsizetype i, QChar open, QChar close)
{
    int depth = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            i = skipString(s, i);
            continue;
        }
        if (c == open)
            ++depth;
        else if (c == close && --depth == 0)
            return i + 1;
        ++i;
    }
    return i;
}

// True when the word at `i` is "by" or "without" (an aggregation's grouping follows).
bool startsGrouping(const QString &s, qsizetype i)
{
    qsizetype e = i;
    while (e < s.size() && isIdentChar(s[e]))
        ++e;
    const QString w = s.mid(i, e - i).toLower();
    return w == QLatin1String("by") || w == QLatin1String("without");
}

} // namespace

QString applyAdhocFilters(const QString &expr, const QList<AdhocFilter> &filters)
{
    QStringList matchers;
    for (const AdhocFilter &f : filters) {
        if (f.key.isEmpty())
            continue;
        const QString m =
            f.key + f.op + QLatin1Char('"') + escapePromString(f.value) + QLatin1Char('"');
        if (!matchers.contains(m))
            matchers << m;
    }
    if (matchers.isEmpty())
        return expr;

    static const QSet<QString> keywords = {
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right"),
        QStringLiteral("offset"),   QStringLiteral("bool"),       QStringLiteral("and"),
        QStringLiteral("or"),       QStringLiteral("unless"),     QStringLiteral("atan2"),
        QStringLiteral("inf"),      QStringLiteral("nan")};
    static const QSet<QString> labelListKeywords = {
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right")};

    // Inside a selector's braces: the filters not already written there.
    auto inject = [&matchers](QStringView body) {
        QStringList add;
        QString compact = body.toString();
        compact.remove(QLatin1Char(' '));
        for (const QString &m : matchers)
            if (!compact.contains(QString(m).remove(QLatin1Char(' '))))
                add << m;
        if (add.isEmpty())
            return body.toString();
        QString trimmed = body.toString();
        while (!trimmed.isEmpty() && trimmed.back().isSpace())
            trimmed.chop(1);
        QString out = trimmed;
        if (!trimmed.trimmed().isEmpty() && !trimmed.endsWith(QLatin1Char(',')))
            out += QLatin1Char(',');
        return out + add.join(QLatin1Char(','));
    };

    const QString &s = expr;
    QString out;
    out.reserve(s.size() + 64);
    qsizetype i = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            const qsizetype e = skipString(s, i);
            out += QStringView(s).mid(i, e - i);
            i = e;
        } else if (c == QLatin1Char('#')) {
            const qsizetype e = skipSpace(s, i);
            out += QStringView(s).mid(i, e - i);
            i = e;
        } else if (c == QLatin1Char('[')) {
            // A range, subquery resolution or [[var]]: durations, no selectors.
            const qsizetype e = skipGroup(s, i, QLatin1Char('['), QLatin1Char(']'));
            out += QStringView(s).mid(i, e - i);
            i = e;
        } else if (c == QLatin1Char('{')) {
            const qsizetype e = skipGroup(s, i, QLatin1Char('{'), QLatin1Char('}'));
            const bool closed = e <= s.size() && s[e - 1] == QLatin1Char('}');
            out += QLatin1Char('{');
            out += inject(QStringView(s).mid(i + 1, e - i - (closed ? 2 : 1)));
            if (closed)
                out += QLatin1Char('}');
            i = e;
        } else if (c == QLatin1Char('$')) {
            // An uninterpolated $var or ${var}: opaque.
            qsizetype e = i + 1;
            if (e < s.size() && s[e] == QLatin1Char('{'))
                e = skipGroup(s, e, QLatin1Char('{'), QLatin1Char('}'));
            else
                while (e < s.size() && isIdentChar(s[e]))
                    ++e;
            out += QStringView(s).mid(i, e - i);
            i = e;
        } else if (c.isDigit() ||
                   (c == QLatin1Char('.') && i + 1 < s.size() && s[i + 1].isDigit())) {
            qsizetype e = i;
            while (e < s.size() && (isIdentChar(s[e]) || s[e] == QLatin1Char('.')))
                ++e;
            out += QStringView(s).mid(i, e - i);
            i = e;
        } else if (isIdentStart(c)) {
            qsizetype e = i;
            while (e < s.size() && isIdentChar(s[e]))
                ++e;
            const QString word = s.mid(i, e - i);
            out += word;
            const qsizetype next = skipSpace(s, e);
            const QChar n = next < s.size() ? s[next] : QChar();
            const QString lower = word.toLower();
            if (labelListKeywords.contains(lower)) {
                if (n == QLatin1Char('(')) {
                    const qsizetype g = skipGroup(s, next, QLatin1Char('('), QLatin1Char(')'));
                    out += QStringView(s).mid(e, g - e);
                    e = g;
                }
            } else if (keywords.contains(lower) || n == QLatin1Char('(') ||
                       startsGrouping(s, next)) {
                // An operator keyword, a function, or an aggregation (also "sum by (x) (...)").
            } else if (n == QLatin1Char('{')) {
                // The selector's braces come next and are handled above.
            } else {
                out += QLatin1Char('{') + matchers.join(QLatin1Char(',')) + QLatin1Char('}');
            }
            i = e;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

// ---------------------------------------------------------------- overrides

namespace {

QStringList splitValues(const QString &value)
{
    QStringList out;
    QString cur;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == QLatin1Char('\\') && i + 1 < value.size() &&
            value[i + 1] == QLatin1Char(',')) {
            cur += QLatin1Char(',');
            ++i;
        } else if (value[i] == QLatin1Char(',')) {
            out << cur;
            cur.clear();
        } else {
            cur += value[i];
        }
    }
    out << cur;
    return out;
}

} // namespace

bool applyOverrides(QList<Variable> &vars, const QStringList &assignments, QString *error,
                    QStringList *assigned)
{
    QList<Variable> result = vars;
    QSet<QString> touched;
    QStringList names;
    for (const QString &a : assignments) {
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const QString name = eq < 0 ? QString() : a.left(eq).trimmed();
        if (name.isEmpty()) {
            if (error)
                *error = QStringLiteral("--var expects name=value, got \"%1\"").arg(a);
            return false;
        }
        const QString value = a.mid(eq + 1);
        Variable *v = nullptr;
        for (Variable &candidate : result)
            if (candidate.name == name)
                v = &candidate;
        if (!v) {
            QStringList known;
            for (const Variable &k : std::as_const(result))
                known << k.name;
            if (error)
                *error =
                    QStringLiteral("--var %1: the dashboard has no variable \"%1\" (it has: %2)")
                        .arg(name, known.isEmpty() ? QStringLiteral("none")
                                                   : known.join(QLatin1String(", ")));
            return false;
        }
        if (v->type == QLatin1String("adhoc")) {
            if (error)
                *error =
                    QStringLiteral("--var %1: ad hoc filters cannot be set this way").arg(name);
            return false;
        }
        QStringList values = v->multi ? splitValues(value) : QStringList{value};
        if (v->includeAll && (value == kAllText || value == kAllValue))
            values = {kAllValue};
        QStringList texts;
        for (QString &val : values) {
            QString text = val;
            if (v->type == QLatin1String("interval") && v->autoInterval &&
                val == QLatin1String("auto"))
                val = kAutoPrefix + v->name;
            for (const VariableOption &o : std::as_const(v->options)) {
                if (o.value == val) {
                    text = o.text;
                    break;
                }
                if (o.text == val) {
                    val = o.value;
                    text = o.text;
                    break;
                }
            }
            texts << text;
        }
        if (v->multi && touched.contains(name) && !isAll(values) && !isAll(v->current)) {
            for (qsizetype k = 0; k < values.size(); ++k) {
                if (!v->current.contains(values[k])) {
                    v->current << values[k];
                    v->currentText << texts[k];
                }
            }
        } else {
            v->current = values;
            v->currentText = texts;
        }
        if (v->type == QLatin1String("textbox") || v->type == QLatin1String("constant")) {
            v->query = value;
            computeLocalOptions(*v);
        }
        touched.insert(name);
        if (!names.contains(name))
            names << name;
    }
    vars = result;
    if (assigned)
        *assigned = names;
    return true;
}

} // namespace Templating
