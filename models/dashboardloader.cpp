#include "dashboardloader.h"

#include "templating.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr int kGridColumns = 24;

std::optional<double> optionalNumber(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

int intOf(const QJsonValue &v, int fallback)
{
    if (v.isDouble()) {
        // Clamped first: a number past int's range (1e93 in a hostile file) has no
        // int to convert to.
        const double d = v.toDouble();
        if (!std::isfinite(d))
            return fallback;
        return int(std::clamp(d, double(std::numeric_limits<int>::min()), double(std::numeric_limits<int>::max())));
    }
    if (v.isString()) {
        bool ok = false;
        const int i = v.toString().toInt(&ok);
        return ok ? i : fallback;
    }
    return fallback;
}

constexpr double kDefaultPanelSpan = 4;  // Grafana's DEFAULT_PANEL_SPAN
constexpr int kDefaultRowHeightPx = 250; // DEFAULT_ROW_HEIGHT
constexpr int kMinPanelHeightPx = 90;    // MIN_PANEL_HEIGHT: three 30 px cells

// Legacy heights are pixels ("250px" or 250); Grafana's grid row is 30 px plus an 8 px gap.
int gridHeight(const QJsonValue &v)
{
    QString s = v.isString() ? v.toString() : QString::number(intOf(v, kDefaultRowHeightPx));
    s.remove(QStringLiteral("px"));
    bool ok = false;
    int px = s.trimmed().toInt(&ok);
    if (!ok)
        px = kDefaultRowHeightPx;
    px = std::clamp(px, kMinPanelHeightPx, 100000);
    return int(std::ceil(px / 38.0));
}

// Grafana's RowArea (schema-16 migration): the fill height of each of the 24
// columns within one legacy row; a panel goes to the free columns at the right end,
// else the row wraps.
struct RowArea
{
    RowArea(int h, int y) : height(h), yPos(y) { area.fill(0, kGridColumns); }
    QList<int> area;
    int height;
    int yPos;

    void add(const GridPos &g)
    {
        for (int i = g.x; i < g.x + g.w && i < kGridColumns; ++i)
            area[i] = std::max(area[i], g.y + g.h - yPos);
    }
    std::optional<QPair<int, int>> tryPlace(int width) const
    {
        int start = -1, end = -1;
        for (int i = kGridColumns - 1; i >= 0; --i) {
            if (height - area[i] <= 0)
                break;
            if (end < 0)
                end = i;
            else if (i < kGridColumns - 1 && area[i] <= area[i + 1])
                start = i;
            else
                break;
        }
        if (start >= 0 && end >= 0 && end - start >= width - 1)
            return QPair<int, int>{start, *std::max_element(area.begin() + start, area.end())};
        return std::nullopt;
    }
    /// x and y (relative to yPos) for a panel `width` columns wide.
    QPair<int, int> place(int width)
    {
        if (auto p = tryPlace(width))
            return *p;
        yPos += height;
        area.fill(0, kGridColumns);
        if (auto p = tryPlace(width))
            return *p;
        return {0, 0};
    }
};

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// A datasource reference as Grafana writes it: a name or "${DS_X}" string, an
/// object {type, uid} or {uid}, or null (the default datasource).
QString datasourceRef(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        const QString uid = str(o, "uid");
        return uid.isEmpty() ? str(o, "type") : uid;
    }
    return {};
}

// Grafana's legacy valueName / reducer names to reducer ids.
QString reducerId(const QString &name)
{
    if (name == QLatin1String("current"))
        return QStringLiteral("lastNotNull");
    if (name == QLatin1String("avg"))
        return QStringLiteral("mean");
    if (name == QLatin1String("total"))
        return QStringLiteral("sum");
    return name.isEmpty() ? QStringLiteral("lastNotNull") : name;
}

void readMappings(const QJsonArray &list, QList<ValueMapping> &out)
{
    for (const QJsonValue &mv : list) {
        const QJsonObject m = mv.toObject();
        const QJsonValue type = m.value(QLatin1String("type"));
        if (type.isString()) {
            // Grafana 8+: {type, options}
            const QString t = type.toString();
            const QJsonObject opts = m.value(QLatin1String("options")).toObject();
            if (t == QLatin1String("value")) {
                for (auto it = opts.constBegin(); it != opts.constEnd(); ++it) {
                    const QJsonObject r = it.value().toObject();
                    ValueMapping vm;
                    vm.kind = ValueMapping::Kind::Value;
                    vm.value = it.key();
                    vm.text = str(r, "text");
                    vm.color = str(r, "color");
                    out.append(vm);
                }
                continue;
            }
            const QJsonObject r = opts.value(QLatin1String("result")).toObject();
            ValueMapping vm;
            vm.text = str(r, "text");
            vm.color = str(r, "color");
            if (t == QLatin1String("range")) {
                vm.kind = ValueMapping::Kind::Range;
                vm.from = optionalNumber(opts.value(QLatin1String("from")));
                vm.to = optionalNumber(opts.value(QLatin1String("to")));
            } else if (t == QLatin1String("regex")) {
                vm.kind = ValueMapping::Kind::Regex;
                vm.pattern = str(opts, "pattern");
            } else if (t == QLatin1String("special")) {
                vm.kind = ValueMapping::Kind::Special;
                vm.special = str(opts, "match");
            } else {
                continue;
            }
            out.append(vm);
        } else {
            // Grafana 7: {id, type: 1 (value) | 2 (range), value, from, to, text}
            ValueMapping vm;
            vm.text = str(m, "text");
            if (intOf(type, 1) == 2) {
                vm.kind = ValueMapping::Kind::Range;
                vm.from = optionalNumber(m.value(QLatin1String("from")));
                vm.to = optionalNumber(m.value(QLatin1String("to")));
            } else {
                vm.kind = ValueMapping::Kind::Value;
                const QJsonValue v = m.value(QLatin1String("value"));
                vm.value = v.isDouble() ? QString::number(v.toDouble()) : v.toString();
                if (vm.value == QLatin1String("null")) {
                    vm.kind = ValueMapping::Kind::Special;
                    vm.special = QStringLiteral("null");
                }
            }
            out.append(vm);
        }
    }
}

Link readLink(const QJsonObject &l)
{
    Link link;
    link.title = str(l, "title");
    link.url = str(l, "url");
    link.targetBlank = l.value(QLatin1String("targetBlank")).toBool(false);
    if (l.value(QLatin1String("type")).isString())
        link.type = str(l, "type");
    for (const QJsonValue &t : l.value(QLatin1String("tags")).toArray())
        link.tags << t.toString();
    return link;
}

QJsonObject fixedColor(const QString &color)
{
    return QJsonObject{{QStringLiteral("mode"), QStringLiteral("fixed")}, {QStringLiteral("fixedColor"), color}};
}

// Legacy graph seriesOverrides[] become field overrides with Grafana's property ids.
FieldOverride convertSeriesOverride(const QJsonObject &so)
{
    FieldOverride fo;
    const QString alias = str(so, "alias");
    if (alias.size() > 1 && alias.startsWith(QLatin1Char('/')) && alias.endsWith(QLatin1Char('/'))) {
        fo.matcher = QStringLiteral("byRegexp");
        fo.option = alias.mid(1, alias.size() - 2);
    } else {
        fo.matcher = QStringLiteral("byName");
        fo.option = alias;
    }
    auto add = [&fo](const QString &id, const QJsonValue &v) { fo.properties.append(OverrideProperty{id, v}); };
    if (so.value(QLatin1String("color")).isString())
        add(QStringLiteral("color"), fixedColor(str(so, "color")));
    if (so.contains(QLatin1String("yaxis")))
        add(QStringLiteral("custom.axisPlacement"),
            intOf(so.value(QLatin1String("yaxis")), 1) == 2 ? QStringLiteral("right") : QStringLiteral("left"));
    if (so.value(QLatin1String("bars")).toBool(false))
        add(QStringLiteral("custom.drawStyle"), QStringLiteral("bars"));
    else if (so.value(QLatin1String("points")).toBool(false) && !so.value(QLatin1String("lines")).toBool(true))
        add(QStringLiteral("custom.drawStyle"), QStringLiteral("points"));
    else if (so.value(QLatin1String("lines")).toBool(false))
        add(QStringLiteral("custom.drawStyle"), QStringLiteral("line"));
    if (so.contains(QLatin1String("fill")))
        add(QStringLiteral("custom.fillOpacity"), intOf(so.value(QLatin1String("fill")), 0) * 10);
    if (so.contains(QLatin1String("linewidth")))
        add(QStringLiteral("custom.lineWidth"), intOf(so.value(QLatin1String("linewidth")), 1));
    if (so.value(QLatin1String("stack")).isBool() && !so.value(QLatin1String("stack")).toBool())
        add(QStringLiteral("custom.stacking"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("none")}});
    if (str(so, "transform") == QLatin1String("negative-Y"))
        add(QStringLiteral("custom.transform"), QStringLiteral("negative-Y"));
    const bool noLegend = so.value(QLatin1String("legend")).isBool() && !so.value(QLatin1String("legend")).toBool();
    const bool hidden = so.value(QLatin1String("hiddenSeries")).toBool(false);
    if (noLegend || hidden)
        add(QStringLiteral("custom.hideFrom"),
            QJsonObject{{QStringLiteral("legend"), noLegend}, {QStringLiteral("tooltip"), false}, {QStringLiteral("viz"), hidden}});
    return fo;
}

void readFieldDefaults(const QJsonObject &defaults, Panel &p)
{
    p.unit = str(defaults, "unit");
    p.min = optionalNumber(defaults.value(QLatin1String("min")));
    p.max = optionalNumber(defaults.value(QLatin1String("max")));
    p.decimals = intOf(defaults.value(QLatin1String("decimals")), -1);
    const QJsonObject thresholds = defaults.value(QLatin1String("thresholds")).toObject();
    p.thresholdsPercent = str(thresholds, "mode") == QLatin1String("percentage");
    for (const QJsonValue &s : thresholds.value(QLatin1String("steps")).toArray()) {
        const QJsonObject so = s.toObject();
        p.thresholds.append(ThresholdStep{optionalNumber(so.value(QLatin1String("value"))), str(so, "color")});
    }
    readMappings(defaults.value(QLatin1String("mappings")).toArray(), p.mappings);
    p.noValue = str(defaults, "noValue");
    const QJsonObject color = defaults.value(QLatin1String("color")).toObject();
    p.colorMode = str(color, "mode");
    p.fixedColor = str(color, "fixedColor");
    p.displayName = str(defaults, "displayName");
    for (const QJsonValue &l : defaults.value(QLatin1String("links")).toArray())
        p.links.append(readLink(l.toObject()));

    const QJsonObject custom = defaults.value(QLatin1String("custom")).toObject();
    const QString style = custom.value(QLatin1String("thresholdsStyle")).toObject().value(QLatin1String("mode")).toString();
    p.showThresholds = !style.isEmpty() && style != QLatin1String("off");
    if (custom.value(QLatin1String("drawStyle")).isString())
        p.graph.drawStyle = str(custom, "drawStyle");
    p.graph.showPoints = str(custom, "showPoints") == QLatin1String("always");
    if (custom.value(QLatin1String("lineWidth")).isDouble())
        p.graph.lineWidth = custom.value(QLatin1String("lineWidth")).toDouble();
    if (custom.value(QLatin1String("fillOpacity")).isDouble())
        p.graph.fillOpacity = std::clamp(custom.value(QLatin1String("fillOpacity")).toDouble(), 0.0, 100.0);
    const QString stacking = custom.value(QLatin1String("stacking")).toObject().value(QLatin1String("mode")).toString();
    if (!stacking.isEmpty())
        p.graph.stacking = stacking;
    if (custom.value(QLatin1String("spanNulls")).toBool(false))
        p.graph.nullPointMode = QStringLiteral("connected");
    const QJsonObject scale = custom.value(QLatin1String("scaleDistribution")).toObject();
    if (str(scale, "type") == QLatin1String("log"))
        p.graph.logBase = intOf(scale.value(QLatin1String("log")), 2);
}

void readOverrides(const QJsonArray &list, Panel &p)
{
    for (const QJsonValue &ov : list) {
        const QJsonObject o = ov.toObject();
        const QJsonObject matcher = o.value(QLatin1String("matcher")).toObject();
        FieldOverride fo;
        fo.matcher = str(matcher, "id");
        const QJsonValue opt = matcher.value(QLatin1String("options"));
        fo.option = opt.isString() ? opt.toString() : QString();
        for (const QJsonValue &pv : o.value(QLatin1String("properties")).toArray()) {
            const QJsonObject po = pv.toObject();
            fo.properties.append(OverrideProperty{str(po, "id"), po.value(QLatin1String("value"))});
        }
        p.overrides.append(fo);
    }
}

// The legacy graph panel (Grafana < 7.4): lines/bars/points, fill, stack,
// yaxes, legend, tooltip, seriesOverrides, aliasColors.
void readLegacyGraph(const QJsonObject &o, Panel &p)
{
    const bool bars = o.value(QLatin1String("bars")).toBool(false);
    const bool lines = o.value(QLatin1String("lines")).toBool(true);
    const bool points = o.value(QLatin1String("points")).toBool(false);
    if (bars)
        p.graph.drawStyle = QStringLiteral("bars");
    else if (!lines && points)
        p.graph.drawStyle = QStringLiteral("points");
    p.graph.showPoints = points && lines && !bars;
    if (o.contains(QLatin1String("fill")))
        p.graph.fillOpacity = std::clamp(intOf(o.value(QLatin1String("fill")), 1), 0, 10) * 10.0;
    if (o.contains(QLatin1String("linewidth")))
        p.graph.lineWidth = intOf(o.value(QLatin1String("linewidth")), 1);
    if (o.value(QLatin1String("stack")).toBool(false))
        p.graph.stacking = o.value(QLatin1String("percentage")).toBool(false) ? QStringLiteral("percent")
                                                                               : QStringLiteral("normal");
    if (o.value(QLatin1String("nullPointMode")).isString())
        p.graph.nullPointMode = str(o, "nullPointMode");

    const QJsonArray yaxes = o.value(QLatin1String("yaxes")).toArray();
    if (!yaxes.isEmpty()) {
        const QJsonObject left = yaxes.first().toObject();
        if (p.unit.isEmpty())
            p.unit = str(left, "format");
        if (!p.min)
            p.min = optionalNumber(left.value(QLatin1String("min")));
        if (!p.max)
            p.max = optionalNumber(left.value(QLatin1String("max")));
        const int logBase = intOf(left.value(QLatin1String("logBase")), 1);
        if (logBase > 1)
            p.graph.logBase = logBase;
        if (yaxes.size() > 1) {
            const QJsonObject right = yaxes.at(1).toObject();
            p.graph.rightUnit = str(right, "format");
            p.graph.rightMin = optionalNumber(right.value(QLatin1String("min")));
            p.graph.rightMax = optionalNumber(right.value(QLatin1String("max")));
        }
    }
    const QJsonObject legend = o.value(QLatin1String("legend")).toObject();
    if (!legend.isEmpty()) {
        if (legend.value(QLatin1String("show")).isBool() && !legend.value(QLatin1String("show")).toBool())
            p.legend.displayMode = QStringLiteral("hidden");
        else if (legend.value(QLatin1String("alignAsTable")).toBool(false))
            p.legend.displayMode = QStringLiteral("table");
        if (legend.value(QLatin1String("rightSide")).toBool(false))
            p.legend.placement = QStringLiteral("right");
        static const char *const calcs[][2] = {{"min", "min"}, {"max", "max"}, {"avg", "mean"},
                                               {"current", "lastNotNull"}, {"total", "sum"}};
        for (const auto &c : calcs)
            if (legend.value(QLatin1String(c[0])).toBool(false))
                p.legend.calcs << QLatin1String(c[1]);
        if (legend.value(QLatin1String("sort")).isString()) {
            p.legend.sortBy = reducerId(str(legend, "sort"));
            p.legend.sortDesc = legend.value(QLatin1String("sortDesc")).toBool(false);
        }
    }
    const QJsonObject tooltip = o.value(QLatin1String("tooltip")).toObject();
    if (tooltip.value(QLatin1String("shared")).isBool())
        p.tooltipMode = tooltip.value(QLatin1String("shared")).toBool() ? QStringLiteral("multi") : QStringLiteral("single");
    for (const QJsonValue &so : o.value(QLatin1String("seriesOverrides")).toArray())
        p.overrides.append(convertSeriesOverride(so.toObject()));
    const QJsonObject alias = o.value(QLatin1String("aliasColors")).toObject();
    for (auto it = alias.constBegin(); it != alias.constEnd(); ++it)
        if (it.value().isString())
            p.aliasColors.append({it.key(), it.value().toString()});
}

// Legacy singlestat (Grafana < 7): format, decimals, thresholds "80,90" with three
// colours, valueName, valueMaps/rangeMaps, nullText.
void readSinglestat(const QJsonObject &o, Panel &p)
{
    if (p.unit.isEmpty() && o.value(QLatin1String("format")).isString())
        p.unit = str(o, "format");
    if (p.decimals < 0)
        p.decimals = intOf(o.value(QLatin1String("decimals")), -1);
    if (o.value(QLatin1String("valueName")).isString())
        p.reduceCalc = reducerId(str(o, "valueName"));
    const QJsonArray colors = o.value(QLatin1String("colors")).toArray();
    const QString thresholds = o.value(QLatin1String("thresholds")).isString() ? str(o, "thresholds") : QString();
    if (p.thresholds.isEmpty() && !thresholds.trimmed().isEmpty()) {
        const QStringList parts = thresholds.split(QLatin1Char(','), Qt::SkipEmptyParts);
        p.thresholds.append(ThresholdStep{std::nullopt, colors.isEmpty() ? QStringLiteral("green") : colors.at(0).toString()});
        for (int i = 0; i < parts.size(); ++i) {
            bool ok = false;
            const double v = parts.at(i).trimmed().toDouble(&ok);
            if (ok)
                p.thresholds.append(ThresholdStep{v, colors.size() > i + 1 ? colors.at(i + 1).toString() : QStringLiteral("red")});
        }
        p.colorMode = QStringLiteral("thresholds");
    }
    const QJsonObject gauge = o.value(QLatin1String("gauge")).toObject();
    if (!p.min)
        p.min = optionalNumber(gauge.value(QLatin1String("minValue")));
    if (!p.max)
        p.max = optionalNumber(gauge.value(QLatin1String("maxValue")));
    if (p.mappings.isEmpty()) {
        QJsonArray legacy = o.value(QLatin1String("valueMaps")).toArray();
        for (const QJsonValue &r : o.value(QLatin1String("rangeMaps")).toArray()) {
            QJsonObject ro = r.toObject();
            ro.insert(QStringLiteral("type"), 2);
            legacy.append(ro);
        }
        readMappings(legacy, p.mappings);
    }
    if (p.noValue.isEmpty() && o.value(QLatin1String("nullText")).isString())
        p.noValue = str(o, "nullText");
}

Panel readPanel(const QJsonObject &o, const QString &row)
{
    Panel p;
    p.raw = o;
    p.id = intOf(o.value(QLatin1String("id")), 0);
    p.type = str(o, "type");
    p.title = str(o, "title");
    p.description = str(o, "description");
    p.row = row;
    p.datasource = datasourceRef(o.value(QLatin1String("datasource")));
    const QJsonObject g = o.value(QLatin1String("gridPos")).toObject();
    p.gridPos.w = std::clamp(intOf(g.value(QLatin1String("w")), 12), 1, kGridColumns);
    // A panel stays inside the 24-column grid: one that would spill over moves left.
    p.gridPos.x = std::clamp(intOf(g.value(QLatin1String("x")), 0), 0, kGridColumns - p.gridPos.w);
    p.gridPos.y = std::max(0, intOf(g.value(QLatin1String("y")), 0));
    p.gridPos.h = std::clamp(intOf(g.value(QLatin1String("h")), 8), 1, 200);

    const QJsonObject fieldConfig = o.value(QLatin1String("fieldConfig")).toObject();
    readFieldDefaults(fieldConfig.value(QLatin1String("defaults")).toObject(), p);
    readOverrides(fieldConfig.value(QLatin1String("overrides")).toArray(), p);

    const QJsonObject options = o.value(QLatin1String("options")).toObject();
    const QJsonObject legend = options.value(QLatin1String("legend")).toObject();
    if (!legend.isEmpty()) {
        if (legend.value(QLatin1String("showLegend")).isBool() && !legend.value(QLatin1String("showLegend")).toBool())
            p.legend.displayMode = QStringLiteral("hidden");
        else if (legend.value(QLatin1String("displayMode")).isString())
            p.legend.displayMode = str(legend, "displayMode");
        if (legend.value(QLatin1String("placement")).isString())
            p.legend.placement = str(legend, "placement");
        for (const QJsonValue &c : legend.value(QLatin1String("calcs")).toArray())
            p.legend.calcs << reducerId(c.toString());
        p.legend.sortBy = str(legend, "sortBy");
        p.legend.sortDesc = legend.value(QLatin1String("sortDesc")).toBool(false);
    }
    const QJsonObject tooltip = options.value(QLatin1String("tooltip")).toObject();
    if (tooltip.value(QLatin1String("mode")).isString())
        p.tooltipMode = str(tooltip, "mode");
    const QJsonArray calcs = options.value(QLatin1String("reduceOptions")).toObject().value(QLatin1String("calcs")).toArray();
    if (!calcs.isEmpty())
        p.reduceCalc = reducerId(calcs.first().toString());

    if (p.type == QLatin1String("singlestat") || p.type == QLatin1String("grafana-singlestat-panel"))
        readSinglestat(o, p);
    if (p.type == QLatin1String("graph"))
        readLegacyGraph(o, p);
    const QJsonValue legacyThresholds = o.value(QLatin1String("thresholds"));
    if (legacyThresholds.isArray() && p.thresholds.isEmpty()) {
        // Graph thresholds: [{value, colorMode, op, fill, line}]
        for (const QJsonValue &t : legacyThresholds.toArray()) {
            const QJsonObject to = t.toObject();
            const auto v = optionalNumber(to.value(QLatin1String("value")));
            if (v) {
                p.thresholds.append(ThresholdStep{v, str(to, "colorMode")});
                p.showThresholds = true;
            }
        }
    }
    if (p.decimals < 0 && o.value(QLatin1String("decimals")).isDouble())
        p.decimals = intOf(o.value(QLatin1String("decimals")), -1);
    for (const QJsonValue &l : o.value(QLatin1String("links")).toArray())
        p.links.append(readLink(l.toObject()));
    p.minInterval = o.value(QLatin1String("interval")).isString() ? str(o, "interval") : QString();
    p.maxDataPoints = intOf(o.value(QLatin1String("maxDataPoints")), 0);
    p.repeat = str(o, "repeat");
    if (o.value(QLatin1String("repeatDirection")).isString())
        p.repeatDirection = str(o, "repeatDirection");
    p.maxPerRow = intOf(o.value(QLatin1String("maxPerRow")), 0);

    for (const QJsonValue &tv : o.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = tv.toObject();
        Target target;
        target.refId = str(t, "refId");
        target.expr = str(t, "expr");
        if (target.expr.isEmpty())
            target.expr = str(t, "query");
        target.legendFormat = str(t, "legendFormat");
        target.hide = t.value(QLatin1String("hide")).toBool(false);
        target.instant = t.value(QLatin1String("instant")).toBool(false)
                         && !t.value(QLatin1String("range")).toBool(false);
        target.format = str(t, "format");
        target.interval = str(t, "interval");
        target.intervalFactor = std::max(1, intOf(t.value(QLatin1String("intervalFactor")), 1));
        target.datasource = datasourceRef(t.value(QLatin1String("datasource")));
        if (!target.expr.isEmpty())
            p.targets.append(target);
    }
    // Targets without a refId are named A, B, ... as Grafana does, skipping names
    // already taken, so each query's series stay apart.
    QSet<QString> taken;
    for (const Target &t : p.targets)
        taken.insert(t.refId);
    int next = 0;
    for (Target &t : p.targets) {
        while (t.refId.isEmpty()) {
            QString name;
            for (int n = next++; ; n = n / 26 - 1) {
                name.prepend(QChar(u'A' + n % 26));
                if (n < 26)
                    break;
            }
            if (!taken.contains(name)) {
                t.refId = name;
                taken.insert(name);
            }
        }
    }
    return p;
}

QString lineAndColumn(const QByteArray &json, int offset)
{
    offset = std::clamp(offset, 0, int(json.size()));
    int line = 1, col = 1;
    for (int i = 0; i < offset; ++i) {
        if (json.at(i) == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(col);
}

// Grafana's grid never shows panels on top of each other: a panel that collides with
// one placed before it (in y, x order) moves down below it, as react-grid-layout
// does. Legacy rows with panels taller than their row need this.
void resolveOverlaps(QList<Panel> &panels)
{
    std::stable_sort(panels.begin(), panels.end(), [](const Panel &a, const Panel &b) {
        return a.gridPos.y != b.gridPos.y ? a.gridPos.y < b.gridPos.y : a.gridPos.x < b.gridPos.x;
    });
    const auto collide = [](const GridPos &a, const GridPos &b) {
        return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    };
    for (int i = 0; i < panels.size(); ++i) {
        bool moved = true;
        while (moved) {
            moved = false;
            for (int j = 0; j < i; ++j) {
                if (collide(panels[i].gridPos, panels[j].gridPos)) {
                    panels[i].gridPos.y = panels[j].gridPos.y + panels[j].gridPos.h;
                    moved = true;
                }
            }
        }
    }
}

void assignMissingIds(QList<Panel> &panels)
{
    int next = 1;
    for (const Panel &p : panels)
        next = std::max(next, p.id + 1);
    QList<int> seen;
    for (Panel &p : panels) {
        if (p.id <= 0 || seen.contains(p.id))
            p.id = next++;
        seen.append(p.id);
    }
}

} // namespace

namespace DashboardLoader {

Result parse(const QByteArray &json, const QString &fileName)
{
    const QString name = fileName.isEmpty() ? QStringLiteral("<dashboard>") : fileName;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) {
        // QJsonParseError's offset points just past the offending character, except
        // for garbage after the document and for the end of the input; editors and
        // Python's json module name the character itself.
        int offset = err.offset;
        if (err.error != QJsonParseError::GarbageAtEnd && offset > 0 && offset < json.size())
            --offset;
        return {std::nullopt, QCoreApplication::translate("DashboardLoader", "%1:%2: JSON syntax error: %3")
                                  .arg(name, lineAndColumn(json, offset), err.errorString())};
    }
    if (!doc.isObject())
        return {std::nullopt, QCoreApplication::translate("DashboardLoader", "%1: not a Grafana dashboard: the top level is not a JSON object").arg(name)};
    QJsonObject root = doc.object();
    QJsonObject wrapper;
    if (root.value(QLatin1String("dashboard")).isObject()) {
        wrapper = root;
        root = root.value(QLatin1String("dashboard")).toObject();
    }
    if (!root.contains(QLatin1String("panels")) && !root.contains(QLatin1String("rows")))
        return {std::nullopt, QCoreApplication::translate("DashboardLoader", "%1: not a Grafana dashboard: it has neither \"panels\" nor \"rows\"").arg(name)};

    Dashboard d;
    d.raw = root;
    d.wrapped = !wrapper.isEmpty();
    d.wrapper = wrapper;
    d.uid = str(root, "uid");
    d.title = str(root, "title");
    if (d.title.isEmpty())
        d.title = QFileInfo(name).completeBaseName();
    d.schemaVersion = intOf(root.value(QLatin1String("schemaVersion")), 0);
    const QJsonObject time = root.value(QLatin1String("time")).toObject();
    if (time.value(QLatin1String("from")).isString())
        d.timeFrom = time.value(QLatin1String("from")).toString();
    if (time.value(QLatin1String("to")).isString())
        d.timeTo = time.value(QLatin1String("to")).toString();
    const QJsonValue refresh = root.value(QLatin1String("refresh"));
    d.refresh = refresh.isString() ? refresh.toString() : QString();
    if (root.contains(QLatin1String("graphTooltip")))
        d.graphTooltip = std::clamp(intOf(root.value(QLatin1String("graphTooltip")), 0), 0, 2);
    else if (root.value(QLatin1String("sharedCrosshair")).toBool(false))
        d.graphTooltip = 1;
    for (const QJsonValue &l : root.value(QLatin1String("links")).toArray())
        d.links.append(readLink(l.toObject()));
    d.variables = Templating::parseVariables(
        root.value(QLatin1String("templating")).toObject().value(QLatin1String("list")).toArray());

    // Decide the layout by the fields present, not by schemaVersion: some files
    // claim an old schema but carry gridPos panels, or the reverse.
    const QJsonArray flat = root.value(QLatin1String("panels")).toArray();
    const QJsonArray legacyRows = root.value(QLatin1String("rows")).toArray();
    const bool useFlat = !flat.isEmpty() || legacyRows.isEmpty();
    int source = 0; // the panel walk order DashboardWriter repeats when saving

    if (useFlat) {
        struct Item
        {
            QJsonObject o;
            int source;
            QList<QPair<QJsonObject, int>> nested;
        };
        QList<Item> top;
        for (const QJsonValue &v : flat) {
            Item item{v.toObject(), source++, {}};
            if (str(item.o, "type") == QLatin1String("row"))
                for (const QJsonValue &n : item.o.value(QLatin1String("panels")).toArray())
                    item.nested.append({n.toObject(), source++});
            top.append(item);
        }
        // Panels inside a collapsed row keep the y they had when the row was
        // collapsed, which can be stale. As Grafana does on expanding, re-base them
        // just under their row and push everything below down by their height.
        const auto yOf = [](const QJsonObject &o) {
            return intOf(o.value(QLatin1String("gridPos")).toObject().value(QLatin1String("y")), 0);
        };
        const auto xOf = [](const QJsonObject &o) {
            return intOf(o.value(QLatin1String("gridPos")).toObject().value(QLatin1String("x")), 0);
        };
        std::stable_sort(top.begin(), top.end(), [&](const Item &a, const Item &b) {
            return yOf(a.o) != yOf(b.o) ? yOf(a.o) < yOf(b.o) : xOf(a.o) < xOf(b.o);
        });
        QString rowTitle;
        int rowIndex = -1;
        int shift = 0;
        for (const Item &item : top) {
            const QJsonObject &o = item.o;
            if (str(o, "type") == QLatin1String("row")) {
                Row row;
                row.title = str(o, "title");
                row.collapsed = o.value(QLatin1String("collapsed")).toBool(false);
                row.repeat = str(o, "repeat");
                row.raw = o;
                row.sourceIndex = item.source;
                row.y = std::max(0, yOf(o)) + shift;
                d.rows.append(row);
                rowTitle = row.title;
                rowIndex = int(d.rows.size()) - 1;
                QList<Panel> nested;
                for (const auto &n : item.nested) {
                    Panel p = readPanel(n.first, rowTitle);
                    p.sourceIndex = n.second;
                    p.rowIndex = rowIndex;
                    nested.append(p);
                }
                if (nested.isEmpty())
                    continue;
                int minY = nested.first().gridPos.y;
                for (const Panel &p : nested)
                    minY = std::min(minY, p.gridPos.y);
                int bottom = row.y + 1;
                for (Panel &p : nested) {
                    p.gridPos.y = p.gridPos.y - minY + row.y + 1;
                    bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
                    d.panels.append(p);
                }
                shift += bottom - (row.y + 1);
                continue;
            }
            Panel p = readPanel(o, rowTitle);
            p.sourceIndex = item.source;
            p.rowIndex = rowIndex;
            p.gridPos.y += shift;
            d.panels.append(p);
        }
    } else {
        // Legacy rows[] converted as Grafana's schema-16 migration does: a row header
        // only when some row is collapsible or titled, panels packed left to right
        // into the row's free columns (w = span x 2), heights from pixels at 30 px
        // cells with 8 px gaps.
        bool showRows = false;
        for (const QJsonValue &rv : legacyRows) {
            const QJsonObject r = rv.toObject();
            showRows = showRows || r.value(QLatin1String("collapse")).toBool(false)
                       || r.value(QLatin1String("showTitle")).toBool(false) || !str(r, "repeat").isEmpty();
        }
        int yPos = 0;
        for (const QJsonValue &rv : legacyRows) {
            const QJsonObject r = rv.toObject();
            const int rowSource = source++;
            if (intOf(r.value(QLatin1String("repeatIteration")), 0) != 0) { // a copy made by a repeat
                source += int(r.value(QLatin1String("panels")).toArray().size());
                continue;
            }
            const int rowHeight = gridHeight(r.value(QLatin1String("height")));
            const QString rowTitle = str(r, "title");
            int rowIndex = -1;
            if (showRows) {
                Row row;
                row.title = str(r, "title");
                row.collapsed = r.value(QLatin1String("collapse")).toBool(false);
                row.repeat = str(r, "repeat");
                row.raw = r;
                row.sourceIndex = rowSource;
                row.y = yPos;
                d.rows.append(row);
                rowIndex = int(d.rows.size()) - 1;
                ++yPos;
            }
            RowArea area(rowHeight, yPos);
            int rowBottom = 0;
            for (const QJsonValue &pv : r.value(QLatin1String("panels")).toArray()) {
                const QJsonObject po = pv.toObject();
                Panel p = readPanel(po, rowTitle);
                p.sourceIndex = source++;
                p.rowIndex = rowIndex;
                double span = po.value(QLatin1String("span")).toDouble(0);
                if (!(span > 0))
                    span = kDefaultPanelSpan; // Grafana: panel.span || DEFAULT_PANEL_SPAN
                const int w = std::clamp(int(std::floor(std::clamp(span, 1.0, 12.0))) * 2, 1, kGridColumns);
                const int h = po.contains(QLatin1String("height")) ? gridHeight(po.value(QLatin1String("height"))) : rowHeight;
                const auto place = area.place(w);
                yPos = area.yPos;
                p.gridPos = GridPos{place.first, yPos + place.second, w, h};
                area.add(p.gridPos);
                rowBottom = std::max(rowBottom, p.gridPos.y + p.gridPos.h);
                d.panels.append(p);
            }
            // A panel taller than its row would overlap the next one; Grafana's grid
            // then pushes the next row down, so start it below the tallest panel.
            yPos = std::max(yPos + area.height, rowBottom);
        }
        resolveOverlaps(d.panels);
    }
    assignMissingIds(d.panels);
    std::stable_sort(d.panels.begin(), d.panels.end(), [](const Panel &a, const Panel &b) {
        return a.gridPos.y != b.gridPos.y ? a.gridPos.y < b.gridPos.y : a.gridPos.x < b.gridPos.x;
    });
    return {d, {}};
}

Panel panelFromJson(const QJsonObject &panel)
{
    return readPanel(panel, {});
}

Result loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {std::nullopt, QCoreApplication::translate("DashboardLoader", "%1: cannot open: %2").arg(path, f.errorString())};
    constexpr qint64 kMaxDashboardBytes = 64LL * 1024 * 1024;
    if (f.size() > kMaxDashboardBytes)
        return {std::nullopt, QCoreApplication::translate("DashboardLoader", "%1: file too large for a dashboard (%2 bytes)").arg(path).arg(f.size())};
    return parse(f.readAll(), path);
}

} // namespace DashboardLoader
