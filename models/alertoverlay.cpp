#include "alertoverlay.h"

#include <cmath>

QString normalizedPromQL(const QString &expr)
{
    QString out;
    out.reserve(expr.size());
    QChar quote;
    for (const QChar c : expr) {
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`'))
            quote = c;
        if (!c.isSpace())
            out += c;
    }
    return out;
}

std::optional<RuleThreshold> ruleThreshold(const AlertRule &rule)
{
    const QString q = rule.query;
    int depth = 0;
    QChar quote;
    qsizetype opAt = -1;
    int opLen = 0;
    for (qsizetype i = 0; i < q.size(); ++i) {
        const QChar c = q[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            quote = c;
        } else if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
            ++depth;
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            --depth;
        } else if (depth == 0) {
            const QString two = q.mid(i, 2);
            if (two == QLatin1String(">=") || two == QLatin1String("<=") || two == QLatin1String("==")
                || two == QLatin1String("!=")) {
                opAt = i;
                opLen = 2;
                ++i;
            } else if (c == QLatin1Char('>') || c == QLatin1Char('<')) {
                opAt = i;
                opLen = 1;
            }
        }
    }
    if (opAt <= 0)
        return std::nullopt;
    QString rhs = q.mid(opAt + opLen).trimmed();
    if (rhs.startsWith(QLatin1String("bool ")))
        rhs = rhs.mid(5).trimmed();
    bool ok = false;
    const double value = rhs.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    RuleThreshold t;
    t.alertName = rule.name;
    t.severity = rule.labels.value(QStringLiteral("severity"));
    t.expression = q.left(opAt).trimmed();
    t.op = q.mid(opAt, opLen);
    t.value = value;
    return t;
}

QList<RuleThreshold> thresholdsForPanel(const QStringList &panelExpressions, const QList<AlertRule> &rules)
{
    QList<RuleThreshold> out;
    QStringList wanted;
    for (const QString &e : panelExpressions)
        wanted << normalizedPromQL(e);
    for (const AlertRule &r : rules) {
        if (r.type != QLatin1String("alerting"))
            continue;
        const auto t = ruleThreshold(r);
        if (t && wanted.contains(normalizedPromQL(t->expression)))
            out.append(*t);
    }
    return out;
}

QList<QPair<double, double>> presenceRanges(const Series &series, double stepMs)
{
    QList<QPair<double, double>> out;
    const size_t n = std::min(series.timestampsMs.size(), series.values.size());
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(series.values[i]))
            continue;
        const double t = series.timestampsMs[i];
        if (!out.isEmpty() && t - out.last().second <= stepMs * 1.5)
            out.last().second = t;
        else
            out.append({t, t});
    }
    return out;
}
