#include "seriesstats.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString expandDisplayName(const QString &tmpl, const QString &name,
                          const QMap<QString, QString> &labels)
{
    if (!tmpl.contains(QLatin1Char('$')))
        return tmpl;
    static const QRegularExpression var(QStringLiteral(
        R"(\$\{__(field\.labels\.([A-Za-z_][A-Za-z0-9_]*)|field\.name|series\.name|field\.displayName)\})"));
    QString out;
    qsizetype pos = 0;
    for (auto it = var.globalMatch(tmpl); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(tmpl).mid(pos, m.capturedStart() - pos);
        out += m.captured(2).isEmpty() ? name : labels.value(m.captured(2));
        pos = m.capturedEnd();
    }
    out += QStringView(tmpl).mid(pos);
    return out;
}

void applyProperty(SeriesStyle &s, const OverrideProperty &p, const QString &name,
                   const QMap<QString, QString> &labels)
{
    const QString &id = p.id;
    const QJsonValue &v = p.value;
    if (id == QLatin1String("color")) {
        if (v.isString()) {
            s.color = v.toString();
        } else if (v.isObject()) {
            const QJsonObject o = v.toObject();
            const QString fixed = o.value(QLatin1String("fixedColor")).toString();
            // Other modes (palette, thresholds) pick from the palette like no override.
            if (!fixed.isEmpty() &&
                o.value(QLatin1String("mode")).toString(QStringLiteral("fixed")) !=
                    QLatin1String("palette-classic"))
                s.color = fixed;
        }
    } else if (id == QLatin1String("unit")) {
        s.unit = v.toString();
    } else if (id == QLatin1String("decimals")) {
        s.decimals = v.isDouble() ? v.toInt() : -1;
    } else if (id == QLatin1String("displayName") || id == QLatin1String("displayNameFromDS")) {
        if (!v.toString().isEmpty())
            s.displayName = expandDisplayName(v.toString(), name, labels);
    } else if (id == QLatin1String("min")) {
        s.min = v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
    } else if (id == QLatin1String("max")) {
        s.max = v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
    } else if (id == QLatin1String("custom.axisPlacement")) {
        s.axisPlacement = v.toString(QStringLiteral("auto"));
    } else if (id == QLatin1String("custom.hideFrom")) {
        const QJsonObject o = v.toObject();
        s.hideLegend = o.value(QLatin1String("legend")).toBool();
        s.hideTooltip = o.value(QLatin1String("tooltip")).toBool();
        s.hideViz = o.value(QLatin1String("viz")).toBool();
    } else if (id == QLatin1String("custom.drawStyle")) {
        s.drawStyle = v.toString(s.drawStyle);
    } else if (id == QLatin1String("custom.showPoints")) {
        s.showPoints = v.isBool() ? v.toBool() : v.toString() == QLatin1String("always");
    } else if (id == QLatin1String("custom.fillOpacity")) {
        s.fillOpacity = std::clamp(v.toDouble(s.fillOpacity), 0.0, 100.0);
    } else if (id == QLatin1String("custom.lineWidth")) {
        s.lineWidth = std::clamp(v.toDouble(s.lineWidth), 0.0, 20.0);
    } else if (id == QLatin1String("custom.stacking")) {
        const QJsonObject o = v.toObject();
        s.stacking = o.value(QLatin1String("mode")).toString(QStringLiteral("none"));
        s.stackGroup = o.value(QLatin1String("group")).toString(QStringLiteral("A"));
    } else if (id == QLatin1String("custom.transform")) {
        s.negateY = v.toString() == QLatin1String("negative-Y");
    }
}

} // namespace

double reduceSeries(DoubleSpan values, const QString &calc)
{
    if (values.empty())
        return calc == QLatin1String("sum") || calc == QLatin1String("count") ? 0.0 : kNaN;
    if (calc == QLatin1String("last"))
        return values.back();
    if (calc == QLatin1String("first"))
        return values.front();
    double first = kNaN, last = kNaN, sum = 0, mn = kNaN, mx = kNaN, delta = 0;
    qsizetype count = 0;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        if (count == 0) {
            first = mn = mx = v;
        } else {
            mn = std::min(mn, v);
            mx = std::max(mx, v);
            // Counter semantics: a drop is a reset, after which the counter counted v.
            delta += v >= last ? v - last : v;
        }
        last = v;
        sum += v;
        ++count;
    }
    if (calc == QLatin1String("lastNotNull"))
        return last;
    if (calc == QLatin1String("firstNotNull"))
        return first;
    if (calc == QLatin1String("min"))
        return mn;
    if (calc == QLatin1String("max"))
        return mx;
    if (calc == QLatin1String("sum"))
        return sum;
    if (calc == QLatin1String("count"))
        return double(count);
    if (calc == QLatin1String("mean") || calc == QLatin1String("avg"))
        return count ? sum / double(count) : kNaN;
    if (calc == QLatin1String("range"))
        return mx - mn;
    if (calc == QLatin1String("delta"))
        return count ? delta : kNaN;
    if (calc == QLatin1String("diff"))
        return last - first;
    return kNaN;
}

QString calcTitle(const QString &calc)
{
    static const QHash<QString, const char *> titles = {
        {QStringLiteral("last"), QT_TRANSLATE_NOOP("SeriesStats", "Last")},
        {QStringLiteral("lastNotNull"), QT_TRANSLATE_NOOP("SeriesStats", "Last *")},
        {QStringLiteral("first"), QT_TRANSLATE_NOOP("SeriesStats", "First")},
        {QStringLiteral("firstNotNull"), QT_TRANSLATE_NOOP("SeriesStats", "First *")},
        {QStringLiteral("mean"), QT_TRANSLATE_NOOP("SeriesStats", "Mean")},
        {QStringLiteral("avg"), QT_TRANSLATE_NOOP("SeriesStats", "Mean")},
        {QStringLiteral("max"), QT_TRANSLATE_NOOP("SeriesStats", "Max")},
        {QStringLiteral("min"), QT_TRANSLATE_NOOP("SeriesStats", "Min")},
        {QStringLiteral("sum"), QT_TRANSLATE_NOOP("SeriesStats", "Total")},
        {QStringLiteral("count"), QT_TRANSLATE_NOOP("SeriesStats", "Count")},
        {QStringLiteral("range"), QT_TRANSLATE_NOOP("SeriesStats", "Range")},
        {QStringLiteral("delta"), QT_TRANSLATE_NOOP("SeriesStats", "Delta")},
        {QStringLiteral("diff"), QT_TRANSLATE_NOOP("SeriesStats", "Difference")},
    };
    const char *t = titles.value(calc);
    return t ? QCoreApplication::translate("SeriesStats", t) : calc;
}

bool calcIsCount(const QString &calc)
{
    return calc == QLatin1String("count");
}

// GCC 12 at -O2 reports a false -Wfree-nonheap-object on the vectors freed at the
// end of this function (GCC bug 105705 family); the code frees only what it allocated.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#endif
std::vector<StackedSeries> stackSeries(const std::vector<StackInput> &inputs, bool percent)
{
    std::vector<StackedSeries> out(inputs.size());
    // Groups in first-appearance order; each stacks on its own timeline.
    QStringList groups;
    for (const StackInput &in : inputs)
        if (!in.group.isEmpty() && !groups.contains(in.group))
            groups.append(in.group);

    for (size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].group.isEmpty())
            continue;
        const DoubleSpan v = inputs[i].values;
        out[i].lower.assign(v.size(), 0.0);
        out[i].upper.assign(v.begin(), v.end());
    }

    for (const QString &group : std::as_const(groups)) {
        std::vector<size_t> members;
        std::vector<double> times;
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i].group != group)
                continue;
            members.push_back(i);
            const DoubleSpan t = inputs[i].timestampsMs;
            times.insert(times.end(), t.begin(), t.end());
        }
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());

        // Each member's points as indices into the shared timeline (both ascending).
        std::vector<std::vector<size_t>> slotOf(members.size());
        for (size_t m = 0; m < members.size(); ++m) {
            const StackInput &in = inputs[members[m]];
            const size_t n = std::min(in.timestampsMs.size(), in.values.size());
            slotOf[m].resize(n);
            size_t k = 0;
            for (size_t j = 0; j < n; ++j) {
                while (k < times.size() && times[k] < in.timestampsMs[j])
                    ++k;
                slotOf[m][j] = k;
            }
        }

        std::vector<double> total;
        if (percent) {
            total.assign(times.size(), 0.0);
            for (size_t m = 0; m < members.size(); ++m) {
                const DoubleSpan v = inputs[members[m]].values;
                for (size_t j = 0; j < slotOf[m].size(); ++j)
                    if (std::isfinite(v[j]))
                        total[slotOf[m][j]] += std::abs(v[j]);
            }
        }

        std::vector<double> pos(times.size(), 0.0), neg(times.size(), 0.0);
        for (size_t m = 0; m < members.size(); ++m) {
            const DoubleSpan v = inputs[members[m]].values;
            StackedSeries &s = out[members[m]];
            const size_t n = slotOf[m].size();
            s.lower.resize(n);
            s.upper.resize(n);
            for (size_t j = 0; j < n; ++j) {
                const size_t k = slotOf[m][j];
                double x = v[j];
                if (percent && std::isfinite(x))
                    x = total[k] > 0 ? x / total[k] * 100.0 : 0.0;
                double &acc = x < 0 ? neg[k] : pos[k];
                s.lower[j] = acc;
                if (std::isfinite(x)) {
                    acc += x;
                    s.upper[j] = acc;
                } else {
                    s.upper[j] = kNaN;
                }
            }
        }
    }
    return out;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool overrideMatches(const FieldOverride &o, const QString &name, const QString &refId)
{
    if (o.matcher == QLatin1String("byName"))
        return o.option == name;
    if (o.matcher == QLatin1String("byFrameRefID"))
        return !refId.isEmpty() && o.option == refId;
    if (o.matcher == QLatin1String("byRegexp")) {
        QString pattern = o.option;
        QRegularExpression::PatternOptions opts;
        const qsizetype close = pattern.lastIndexOf(QLatin1Char('/'));
        if (pattern.startsWith(QLatin1Char('/')) && close > 0) {
            if (pattern.mid(close + 1).contains(QLatin1Char('i')))
                opts |= QRegularExpression::CaseInsensitiveOption;
            pattern = pattern.mid(1, close - 1);
        }
        const QRegularExpression re(pattern, opts);
        return re.isValid() && re.match(name).hasMatch();
    }
    return false;
}

SeriesStyle resolveSeriesStyle(const Panel &panel, const QString &name, const QString &refId,
                               const QMap<QString, QString> &labels)
{
    SeriesStyle s;
    s.displayName =
        panel.displayName.isEmpty() ? name : expandDisplayName(panel.displayName, name, labels);
    if (s.displayName.isEmpty())
        s.displayName = name;
    s.unit = panel.unit;
    s.decimals = panel.decimals;
    const GraphStyle &g = panel.graph;
    s.drawStyle = g.drawStyle;
    s.showPoints = g.showPoints;
    s.lineWidth = g.lineWidth;
    s.fillOpacity = g.fillOpacity;
    s.stacking = g.stacking;
    if (panel.colorMode == QLatin1String("fixed") && !panel.fixedColor.isEmpty())
        s.color = panel.fixedColor;
    for (const auto &[alias, color] : panel.aliasColors)
        if (alias == name || alias == s.displayName)
            s.color = color;
    for (const FieldOverride &o : panel.overrides)
        if (overrideMatches(o, name, refId) ||
            (s.displayName != name && overrideMatches(o, s.displayName, refId)))
            for (const OverrideProperty &p : o.properties)
                applyProperty(s, p, name, labels);
    if (s.onRightAxis() && s.unit == panel.unit && !g.rightUnit.isEmpty())
        s.unit = g.rightUnit;
    return s;
}
