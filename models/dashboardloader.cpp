#include "dashboardloader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

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
    if (v.isDouble())
        return int(v.toDouble());
    if (v.isString()) {
        bool ok = false;
        const int i = v.toString().toInt(&ok);
        return ok ? i : fallback;
    }
    return fallback;
}

// Legacy heights are pixels ("250px" or 250); Grafana's grid row is 30 px plus an 8 px gap.
int heightUnits(const QJsonValue &v, int fallbackPx)
{
    QString s = v.isString() ? v.toString() : QString::number(intOf(v, fallbackPx));
    s.remove(QStringLiteral("px"));
    bool ok = false;
    int px = s.trimmed().toInt(&ok);
    if (!ok)
        px = fallbackPx;
    return std::max(1, int(std::ceil(px / 38.0)));
}

Panel readPanel(const QJsonObject &o, const QString &row)
{
    Panel p;
    p.id = intOf(o.value(QLatin1String("id")), 0);
    p.type = o.value(QLatin1String("type")).toString();
    p.title = o.value(QLatin1String("title")).toString();
    p.description = o.value(QLatin1String("description")).toString();
    p.row = row;
    const QJsonObject g = o.value(QLatin1String("gridPos")).toObject();
    p.gridPos.w = std::clamp(intOf(g.value(QLatin1String("w")), 12), 1, kGridColumns);
    // A panel stays inside the 24-column grid: one that would spill over moves left.
    p.gridPos.x = std::clamp(intOf(g.value(QLatin1String("x")), 0), 0, kGridColumns - p.gridPos.w);
    p.gridPos.y = std::max(0, intOf(g.value(QLatin1String("y")), 0));
    p.gridPos.h = std::clamp(intOf(g.value(QLatin1String("h")), 8), 1, 200);

    const QJsonObject defaults =
        o.value(QLatin1String("fieldConfig")).toObject().value(QLatin1String("defaults")).toObject();
    p.unit = defaults.value(QLatin1String("unit")).toString();
    p.min = optionalNumber(defaults.value(QLatin1String("min")));
    p.max = optionalNumber(defaults.value(QLatin1String("max")));
    p.decimals = intOf(defaults.value(QLatin1String("decimals")), -1);
    const QJsonArray steps =
        defaults.value(QLatin1String("thresholds")).toObject().value(QLatin1String("steps")).toArray();
    for (const QJsonValue &s : steps) {
        const QJsonObject so = s.toObject();
        p.thresholds.append(ThresholdStep{optionalNumber(so.value(QLatin1String("value"))),
                                          so.value(QLatin1String("color")).toString()});
    }
    const QString style = defaults.value(QLatin1String("custom"))
                              .toObject()
                              .value(QLatin1String("thresholdsStyle"))
                              .toObject()
                              .value(QLatin1String("mode"))
                              .toString();
    p.showThresholds = !style.isEmpty() && style != QLatin1String("off");

    // Legacy singlestat: the unit is the panel's top-level "format".
    if (p.unit.isEmpty() && p.type == QLatin1String("singlestat")
        && o.value(QLatin1String("format")).isString())
        p.unit = o.value(QLatin1String("format")).toString();
    // Legacy graph panels: unit and bounds on the left y axis, thresholds as a list.
    const QJsonArray yaxes = o.value(QLatin1String("yaxes")).toArray();
    if (!yaxes.isEmpty()) {
        const QJsonObject left = yaxes.first().toObject();
        if (p.unit.isEmpty())
            p.unit = left.value(QLatin1String("format")).toString();
        if (!p.min)
            p.min = optionalNumber(left.value(QLatin1String("min")));
        if (!p.max)
            p.max = optionalNumber(left.value(QLatin1String("max")));
    }
    const QJsonValue legacyThresholds = o.value(QLatin1String("thresholds"));
    if (legacyThresholds.isArray() && p.thresholds.isEmpty()) {
        for (const QJsonValue &t : legacyThresholds.toArray()) {
            const QJsonObject to = t.toObject();
            const auto v = optionalNumber(to.value(QLatin1String("value")));
            if (v) {
                p.thresholds.append(ThresholdStep{v, to.value(QLatin1String("colorMode")).toString()});
                p.showThresholds = true;
            }
        }
    }

    for (const QJsonValue &tv : o.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = tv.toObject();
        Target target;
        target.refId = t.value(QLatin1String("refId")).toString();
        target.expr = t.value(QLatin1String("expr")).toString();
        if (target.expr.isEmpty())
            target.expr = t.value(QLatin1String("query")).toString();
        target.legendFormat = t.value(QLatin1String("legendFormat")).toString();
        target.hide = t.value(QLatin1String("hide")).toBool(false);
        target.instant = t.value(QLatin1String("instant")).toBool(false);
        if (!target.expr.isEmpty())
            p.targets.append(target);
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
        return {std::nullopt, QStringLiteral("%1:%2: JSON syntax error: %3")
                                  .arg(name, lineAndColumn(json, offset), err.errorString())};
    }
    if (!doc.isObject())
        return {std::nullopt, QStringLiteral("%1: not a Grafana dashboard: the top level is not a JSON object").arg(name)};
    QJsonObject root = doc.object();
    if (root.value(QLatin1String("dashboard")).isObject())
        root = root.value(QLatin1String("dashboard")).toObject();
    if (!root.contains(QLatin1String("panels")) && !root.contains(QLatin1String("rows")))
        return {std::nullopt, QStringLiteral("%1: not a Grafana dashboard: it has neither \"panels\" nor \"rows\"").arg(name)};

    Dashboard d;
    d.uid = root.value(QLatin1String("uid")).toString();
    d.title = root.value(QLatin1String("title")).toString();
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

    if (root.value(QLatin1String("panels")).isArray()) {
        // Panels inside a collapsed row keep the y they had when the row was
        // collapsed, which can be stale. As Grafana does on expanding, re-base them
        // just under their row and push everything below down by their height.
        QList<QJsonObject> top;
        for (const QJsonValue &v : root.value(QLatin1String("panels")).toArray())
            top.append(v.toObject());
        const auto yOf = [](const QJsonObject &o) {
            return intOf(o.value(QLatin1String("gridPos")).toObject().value(QLatin1String("y")), 0);
        };
        const auto xOf = [](const QJsonObject &o) {
            return intOf(o.value(QLatin1String("gridPos")).toObject().value(QLatin1String("x")), 0);
        };
        std::stable_sort(top.begin(), top.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            return yOf(a) != yOf(b) ? yOf(a) < yOf(b) : xOf(a) < xOf(b);
        });
        QString row;
        int shift = 0;
        for (const QJsonObject &o : top) {
            if (o.value(QLatin1String("type")).toString() == QLatin1String("row")) {
                row = o.value(QLatin1String("title")).toString();
                const int rowY = std::max(0, yOf(o)) + shift;
                QList<Panel> nested;
                for (const QJsonValue &n : o.value(QLatin1String("panels")).toArray())
                    nested.append(readPanel(n.toObject(), row));
                if (nested.isEmpty())
                    continue;
                int minY = nested.first().gridPos.y;
                for (const Panel &p : nested)
                    minY = std::min(minY, p.gridPos.y);
                int bottom = rowY + 1;
                for (Panel &p : nested) {
                    p.gridPos.y = p.gridPos.y - minY + rowY + 1;
                    bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
                    d.panels.append(p);
                }
                shift += bottom - (rowY + 1);
                continue;
            }
            Panel p = readPanel(o, row);
            p.gridPos.y += shift;
            d.panels.append(p);
        }
    } else {
        // Legacy rows[]: panels flow left to right with span/12 of the width.
        int y = 0;
        for (const QJsonValue &rv : root.value(QLatin1String("rows")).toArray()) {
            const QJsonObject r = rv.toObject();
            const int h = heightUnits(r.value(QLatin1String("height")), 250);
            const QString rowTitle = r.value(QLatin1String("title")).toString();
            int x = 0;
            int rowHeight = h;
            for (const QJsonValue &pv : r.value(QLatin1String("panels")).toArray()) {
                const QJsonObject po = pv.toObject();
                Panel p = readPanel(po, rowTitle);
                const int w = std::clamp(int(std::lround(po.value(QLatin1String("span")).toDouble(12) * 2)), 1, kGridColumns);
                if (x + w > kGridColumns) {
                    x = 0;
                    y += rowHeight;
                }
                p.gridPos = GridPos{x, y, w, po.contains(QLatin1String("height")) ? heightUnits(po.value(QLatin1String("height")), 250) : h};
                rowHeight = std::max(rowHeight, p.gridPos.h);
                x += w;
                d.panels.append(p);
            }
            y += rowHeight;
        }
    }
    assignMissingIds(d.panels);
    std::stable_sort(d.panels.begin(), d.panels.end(), [](const Panel &a, const Panel &b) {
        return a.gridPos.y != b.gridPos.y ? a.gridPos.y < b.gridPos.y : a.gridPos.x < b.gridPos.x;
    });
    return {d, {}};
}

Result loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("%1: cannot open: %2").arg(path, f.errorString())};
    constexpr qint64 kMaxDashboardBytes = 64LL * 1024 * 1024;
    if (f.size() > kMaxDashboardBytes)
        return {std::nullopt, QStringLiteral("%1: file too large for a dashboard (%2 bytes)").arg(path).arg(f.size())};
    return parse(f.readAll(), path);
}

} // namespace DashboardLoader
