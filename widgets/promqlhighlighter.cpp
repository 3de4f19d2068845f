#include "promqlhighlighter.h"
#include "palette.h"

#include <QColor>
#include <QSet>

namespace Promql {

const QStringList &functions()
{
    static const QStringList list = {QStringLiteral("abs"),
                                     QStringLiteral("absent"),
                                     QStringLiteral("absent_over_time"),
                                     QStringLiteral("acos"),
                                     QStringLiteral("acosh"),
                                     QStringLiteral("asin"),
                                     QStringLiteral("asinh"),
                                     QStringLiteral("atan"),
                                     QStringLiteral("atanh"),
                                     QStringLiteral("avg_over_time"),
                                     QStringLiteral("ceil"),
                                     QStringLiteral("changes"),
                                     QStringLiteral("clamp"),
                                     QStringLiteral("clamp_max"),
                                     QStringLiteral("clamp_min"),
                                     QStringLiteral("cos"),
                                     QStringLiteral("cosh"),
                                     QStringLiteral("count_over_time"),
                                     QStringLiteral("day_of_month"),
                                     QStringLiteral("day_of_week"),
                                     QStringLiteral("day_of_year"),
                                     QStringLiteral("days_in_month"),
                                     QStringLiteral("deg"),
                                     QStringLiteral("delta"),
                                     QStringLiteral("deriv"),
                                     QStringLiteral("double_exponential_smoothing"),
                                     QStringLiteral("exp"),
                                     QStringLiteral("floor"),
                                     QStringLiteral("histogram_avg"),
                                     QStringLiteral("histogram_count"),
                                     QStringLiteral("histogram_fraction"),
                                     QStringLiteral("histogram_quantile"),
                                     QStringLiteral("histogram_stddev"),
                                     QStringLiteral("histogram_stdvar"),
                                     QStringLiteral("histogram_sum"),
                                     QStringLiteral("holt_winters"),
                                     QStringLiteral("hour"),
                                     QStringLiteral("idelta"),
                                     QStringLiteral("increase"),
                                     QStringLiteral("info"),
                                     QStringLiteral("irate"),
                                     QStringLiteral("label_join"),
                                     QStringLiteral("label_replace"),
                                     QStringLiteral("last_over_time"),
                                     QStringLiteral("ln"),
                                     QStringLiteral("log10"),
                                     QStringLiteral("log2"),
                                     QStringLiteral("mad_over_time"),
                                     QStringLiteral("max_over_time"),
                                     QStringLiteral("min_over_time"),
                                     QStringLiteral("minute"),
                                     QStringLiteral("month"),
                                     QStringLiteral("pi"),
                                     QStringLiteral("predict_linear"),
                                     QStringLiteral("present_over_time"),
                                     QStringLiteral("quantile_over_time"),
                                     QStringLiteral("rad"),
                                     QStringLiteral("rate"),
                                     QStringLiteral("resets"),
                                     QStringLiteral("round"),
                                     QStringLiteral("scalar"),
                                     QStringLiteral("sgn"),
                                     QStringLiteral("sin"),
                                     QStringLiteral("sinh"),
                                     QStringLiteral("sort"),
                                     QStringLiteral("sort_by_label"),
                                     QStringLiteral("sort_by_label_desc"),
                                     QStringLiteral("sort_desc"),
                                     QStringLiteral("sqrt"),
                                     QStringLiteral("stddev_over_time"),
                                     QStringLiteral("stdvar_over_time"),
                                     QStringLiteral("sum_over_time"),
                                     QStringLiteral("tan"),
                                     QStringLiteral("tanh"),
                                     QStringLiteral("time"),
                                     QStringLiteral("timestamp"),
                                     QStringLiteral("vector"),
                                     QStringLiteral("year")};
    return list;
}

const QStringList &aggregations()
{
    static const QStringList list = {
        QStringLiteral("sum"),     QStringLiteral("min"),        QStringLiteral("max"),
        QStringLiteral("avg"),     QStringLiteral("group"),      QStringLiteral("stddev"),
        QStringLiteral("stdvar"),  QStringLiteral("count"),      QStringLiteral("count_values"),
        QStringLiteral("bottomk"), QStringLiteral("topk"),       QStringLiteral("quantile"),
        QStringLiteral("limitk"),  QStringLiteral("limit_ratio")};
    return list;
}

const QStringList &keywords()
{
    static const QStringList list = {
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right"),
        QStringLiteral("offset"),   QStringLiteral("bool"),       QStringLiteral("and"),
        QStringLiteral("or"),       QStringLiteral("unless"),     QStringLiteral("atan2")};
    return list;
}

const QStringList &grafanaVariables()
{
    static const QStringList list = {
        QStringLiteral("$__rate_interval"), QStringLiteral("$__interval"),
        QStringLiteral("$__interval_ms"),   QStringLiteral("$__range"),
        QStringLiteral("$__range_s"),       QStringLiteral("$__range_ms")};
    return list;
}

bool isFunction(const QString &word)
{
    static const QSet<QString> set = [] {
        QSet<QString> s(functions().cbegin(), functions().cend());
        for (const QString &a : aggregations())
            s.insert(a);
        return s;
    }();
    // Aggregations are case-insensitive in PromQL (SUM by (job) ...), functions are not.
    return set.contains(word) || aggregations().contains(word.toLower());
}

} // namespace Promql

namespace {

enum State { InBraces = 1, InBacktick = 2, InLabelList = 4 };

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char(':');
}

bool isIdentChar(QChar c)
{
    return isIdentStart(c) || c.isDigit();
}

bool isVarChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

/// Length of a Grafana variable starting at `i` ($name, ${name...}, [[name]]), or 0.
int variableLength(const QString &text, int i)
{
    const int n = int(text.size());
    if (text.at(i) == QLatin1Char('$')) {
        if (i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
            const int end = int(text.indexOf(QLatin1Char('}'), i + 2));
            return end > i + 2 ? end + 1 - i : 0;
        }
        int j = i + 1;
        while (j < n && isVarChar(text.at(j)))
            ++j;
        return j > i + 1 ? j - i : 0;
    }
    if (text.mid(i, 2) == QLatin1String("[[")) {
        int j = i + 2;
        while (j < n && (isVarChar(text.at(j)) || text.at(j) == QLatin1Char(':')))
            ++j;
        return j > i + 2 && text.mid(j, 2) == QLatin1String("]]") ? j + 2 - i : 0;
    }
    return 0;
}

/// Length of a duration (5m, 1h30m, 100ms) starting at `i`, or 0.
int durationLength(const QString &text, int i)
{
    const int n = int(text.size());
    int j = i;
    int parts = 0;
    while (j < n && text.at(j).isDigit()) {
        int k = j;
        while (k < n && text.at(k).isDigit())
            ++k;
        if (text.mid(k, 2) == QLatin1String("ms"))
            k += 2;
        else if (k < n && QStringLiteral("smhdwy").contains(text.at(k)))
            ++k;
        else
            return 0;
        ++parts;
        j = k;
    }
    if (parts == 0 || (j < n && isIdentChar(text.at(j))))
        return 0;
    return j - i;
}

int numberLength(const QString &text, int i)
{
    const int n = int(text.size());
    int j = i;
    if (text.mid(i, 2).toLower() == QLatin1String("0x")) {
        j += 2;
        while (j < n &&
               (text.at(j).isDigit() || QStringLiteral("abcdefABCDEF").contains(text.at(j))))
            ++j;
        return j - i;
    }
    while (j < n && (text.at(j).isDigit() || text.at(j) == QLatin1Char('.')))
        ++j;
    if (j < n && (text.at(j) == QLatin1Char('e') || text.at(j) == QLatin1Char('E'))) {
        int k = j + 1;
        if (k < n && (text.at(k) == QLatin1Char('+') || text.at(k) == QLatin1Char('-')))
            ++k;
        if (k < n && text.at(k).isDigit()) {
            while (k < n && text.at(k).isDigit())
                ++k;
            j = k;
        }
    }
    return qMax(1, j - i);
}

QChar nextNonSpace(const QString &text, int from)
{
    for (int j = from; j < text.size(); ++j)
        if (!text.at(j).isSpace())
            return text.at(j);
    return {};
}

} // namespace

PromqlHighlighter::PromqlHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    // Colours readable on the dark theme and close to Grafana's Monaco PromQL theme.
    auto make = [this](Role role, QColor color, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(color);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        m_formats[int(role)] = f;
    };
    make(Role::Function, QColor(0x6e, 0x9f, 0xff), true);
    make(Role::Keyword, QColor(0xc5, 0x86, 0xc0), true);
    const bool light = Theme::effective() == Theme::Mode::Light;
    make(Role::Metric, light ? QColor(0x24, 0x29, 0x2e) : QColor(0xd8, 0xd9, 0xda));
    make(Role::Label, light ? QColor(0x04, 0x51, 0xa5) : QColor(0x9c, 0xdc, 0xfe));
    make(Role::Operator, light ? QColor(0x24, 0x29, 0x2e) : QColor(0xd4, 0xd4, 0xd4));
    make(Role::String, QColor(0x73, 0xbf, 0x69));
    make(Role::Number, QColor(0xb5, 0xce, 0xa8));
    make(Role::Duration, QColor(0x4e, 0xc9, 0xb0));
    make(Role::Comment, QColor(0x8e, 0x8e, 0x9e), false, true);
    make(Role::Variable, QColor(0xff, 0x98, 0x30), true);
}

QTextCharFormat PromqlHighlighter::formatFor(Role role) const
{
    return m_formats[int(role)];
}

void PromqlHighlighter::highlightBlock(const QString &text)
{
    const int state = qMax(0, previousBlockState());
    bool inBraces = state & InBraces;
    bool inBacktick = state & InBacktick;
    bool inLabelList = state & InLabelList;
    bool labelListNext = false; // after by/without/on/...: the next '(' opens label names
    const int n = int(text.size());
    auto mark = [this](int start, int length, Role role) {
        setFormat(start, length, m_formats[int(role)]);
    };
    // Grafana interpolates variables inside strings too (job=~"$job").
    auto markString = [&](int start, int end) {
        mark(start, end - start, Role::String);
        for (int k = start; k < end; ++k) {
            const int len = variableLength(text, k);
            if (len > 0 && k + len <= end) {
                mark(k, len, Role::Variable);
                k += len - 1;
            }
        }
    };

    int i = 0;
    if (inBacktick) {
        const int end = int(text.indexOf(QLatin1Char('`')));
        if (end < 0) {
            markString(0, n);
            setCurrentBlockState(state);
            return;
        }
        markString(0, end + 1);
        inBacktick = false;
        i = end + 1;
    }
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('#')) {
            mark(i, n - i, Role::Comment);
            break;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            int j = i + 1;
            while (j < n && text.at(j) != c)
                j += text.at(j) == QLatin1Char('\\') ? 2 : 1;
            const int end = qMin(j + 1, n);
            markString(i, end);
            i = end;
            continue;
        }
        if (c == QLatin1Char('`')) {
            const int end = int(text.indexOf(QLatin1Char('`'), i + 1));
            if (end < 0) {
                markString(i, n);
                inBacktick = true;
                break;
            }
            markString(i, end + 1);
            i = end + 1;
            continue;
        }
        if (c == QLatin1Char('$') || c == QLatin1Char('[')) {
            const int len = variableLength(text, i);
            if (len > 0) {
                mark(i, len, Role::Variable);
                i += len;
                continue;
            }
        }
        if (c == QLatin1Char('{') || c == QLatin1Char('}')) {
            inBraces = c == QLatin1Char('{');
            ++i;
            continue;
        }
        if (c == QLatin1Char('(')) {
            inLabelList = labelListNext;
            labelListNext = false;
            ++i;
            continue;
        }
        if (c == QLatin1Char(')')) {
            inLabelList = false;
            ++i;
            continue;
        }
        if (c == QLatin1Char('@')) {
            mark(i, 1, Role::Keyword);
            ++i;
            continue;
        }
        if (inBraces && (c == QLatin1Char('=') || c == QLatin1Char('!') || c == QLatin1Char('~'))) {
            int j = i;
            while (j < n && QStringLiteral("=!~").contains(text.at(j)))
                ++j;
            mark(i, j - i, Role::Operator);
            i = j;
            continue;
        }
        if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && text.at(i + 1).isDigit())) {
            int len = durationLength(text, i);
            const Role role = len > 0 ? Role::Duration : Role::Number;
            if (len == 0)
                len = numberLength(text, i);
            mark(i, len, role);
            i += len;
            continue;
        }
        if (isIdentStart(c)) {
            int j = i + 1;
            while (j < n && isIdentChar(text.at(j)))
                ++j;
            const QString word = text.mid(i, j - i);
            const QString lower = word.toLower();
            const QChar next = nextNonSpace(text, j);
            Role role = Role::Metric;
            if (inBraces || inLabelList) {
                role = Role::Label;
            } else if (Promql::keywords().contains(lower)) {
                role = Role::Keyword;
                labelListNext =
                    lower == QLatin1String("by") || lower == QLatin1String("without") ||
                    lower == QLatin1String("on") || lower == QLatin1String("ignoring") ||
                    lower == QLatin1String("group_left") || lower == QLatin1String("group_right");
            } else if (lower == QLatin1String("inf") || lower == QLatin1String("nan")) {
                role = Role::Number;
            } else if (Promql::isFunction(word) && next != QLatin1Char('{') &&
                       next != QLatin1Char('[')) {
                role = Role::Function;
            }
            mark(i, j - i, role);
            i = j;
            continue;
        }
        ++i;
    }
    setCurrentBlockState((inBraces ? InBraces : 0) | (inBacktick ? InBacktick : 0) |
                         (inLabelList ? InLabelList : 0));
}
