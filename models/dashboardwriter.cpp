#include "dashboardwriter.h"

#include "dashboardloader.h"

#include <algorithm>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace {

QJsonValue number(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

bool sameTargets(const QList<Target> &a, const QList<Target> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        const Target &x = a[i], &y = b[i];
        if (x.refId != y.refId || x.expr != y.expr || x.legendFormat != y.legendFormat || x.instant != y.instant
            || x.format != y.format || x.hide != y.hide || x.interval != y.interval)
            return false;
    }
    return true;
}

bool sameThresholds(const Panel &a, const Panel &b)
{
    if (a.thresholdsPercent != b.thresholdsPercent || a.thresholds.size() != b.thresholds.size())
        return false;
    for (int i = 0; i < a.thresholds.size(); ++i)
        if (a.thresholds[i].value != b.thresholds[i].value || a.thresholds[i].color != b.thresholds[i].color)
            return false;
    return true;
}

QJsonArray mergeTargets(const QJsonArray &raw, const QList<Target> &targets)
{
    QHash<QString, QJsonObject> byRef;
    QJsonArray others; // targets the console does not query (no expression): kept as they were
    for (const QJsonValue &v : raw) {
        const QJsonObject t = v.toObject();
        const bool hasExpr = !t.value(QLatin1String("expr")).toString().isEmpty()
                             || !t.value(QLatin1String("query")).toString().isEmpty();
        if (hasExpr)
            byRef.insert(t.value(QLatin1String("refId")).toString(), t);
        else
            others.append(v);
    }
    QJsonArray out;
    for (const Target &target : targets) {
        QJsonObject t = byRef.value(target.refId);
        t.remove(QLatin1String("query"));
        t.insert(QStringLiteral("refId"), target.refId);
        t.insert(QStringLiteral("expr"), target.expr);
        if (!target.legendFormat.isEmpty() || t.contains(QLatin1String("legendFormat")))
            t.insert(QStringLiteral("legendFormat"), target.legendFormat);
        if (target.instant || t.contains(QLatin1String("instant"))) {
            t.insert(QStringLiteral("instant"), target.instant);
            if (target.instant)
                t.insert(QStringLiteral("range"), false);
            else if (t.contains(QLatin1String("range")))
                t.insert(QStringLiteral("range"), true);
        }
        if (!target.format.isEmpty() || t.contains(QLatin1String("format")))
            t.insert(QStringLiteral("format"), target.format);
        if (!target.interval.isEmpty() || t.contains(QLatin1String("interval")))
            t.insert(QStringLiteral("interval"), target.interval);
        if (target.hide || t.contains(QLatin1String("hide")))
            t.insert(QStringLiteral("hide"), target.hide);
        out.append(t);
    }
    for (const QJsonValue &v : std::as_const(others))
        out.append(v);
    return out;
}

// Sets `key` inside the object at `path` of `o`, creating objects on the way.
void setPath(QJsonObject &o, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        o.insert(path.first(), value);
        return;
    }
    QJsonObject child = o.value(path.first()).toObject();
    setPath(child, path.mid(1), value);
    o.insert(path.first(), child);
}

/// The panel's JSON: its original object with only the fields the console edited
/// replaced (compared with what loading the original gives).
QJsonObject panelJson(const Panel &p, bool isNew, bool legacyLayout)
{
    const QJsonObject &raw = p.raw;
    const Panel before = DashboardLoader::panelFromJson(raw);
    QJsonObject o = raw;
    if (isNew || p.id != before.id)
        o.insert(QStringLiteral("id"), p.id);
    if (p.type != before.type)
        o.insert(QStringLiteral("type"), p.type);
    if (p.title != before.title)
        o.insert(QStringLiteral("title"), p.title);
    if (p.description != before.description)
        o.insert(QStringLiteral("description"), p.description);
    if (isNew) {
        if (legacyLayout) {
            o.insert(QStringLiteral("span"), std::max(1, p.gridPos.w / 2));
        } else {
            o.insert(QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), p.gridPos.x},
                                                            {QStringLiteral("y"), p.gridPos.y},
                                                            {QStringLiteral("w"), p.gridPos.w},
                                                            {QStringLiteral("h"), p.gridPos.h}});
        }
    }
    if (!sameTargets(p.targets, before.targets))
        o.insert(QStringLiteral("targets"), mergeTargets(raw.value(QLatin1String("targets")).toArray(), p.targets));

    // Units and bounds go back where the file keeps them.
    const bool legacyGraph = raw.value(QLatin1String("yaxes")).isArray() && p.type == QLatin1String("graph");
    const bool legacyStat = raw.value(QLatin1String("format")).isString()
                            && !raw.value(QLatin1String("fieldConfig")).toObject().value(QLatin1String("defaults")).toObject().contains(QLatin1String("unit"));
    const QStringList defaults{QStringLiteral("fieldConfig"), QStringLiteral("defaults")};
    if (p.unit != before.unit) {
        if (legacyGraph) {
            QJsonArray yaxes = o.value(QLatin1String("yaxes")).toArray();
            QJsonObject left = yaxes.isEmpty() ? QJsonObject() : yaxes.first().toObject();
            left.insert(QStringLiteral("format"), p.unit);
            if (yaxes.isEmpty())
                yaxes.append(left);
            else
                yaxes.replace(0, left);
            o.insert(QStringLiteral("yaxes"), yaxes);
        } else if (legacyStat) {
            o.insert(QStringLiteral("format"), p.unit);
        } else {
            setPath(o, defaults + QStringList{QStringLiteral("unit")}, p.unit);
        }
    }
    const auto writeBound = [&](const char *key, const std::optional<double> &now, const std::optional<double> &was) {
        if (now == was)
            return;
        if (legacyGraph) {
            QJsonArray yaxes = o.value(QLatin1String("yaxes")).toArray();
            QJsonObject left = yaxes.isEmpty() ? QJsonObject() : yaxes.first().toObject();
            left.insert(QLatin1String(key), now ? QJsonValue(QString::number(*now)) : QJsonValue(QJsonValue::Null));
            if (yaxes.isEmpty())
                yaxes.append(left);
            else
                yaxes.replace(0, left);
            o.insert(QStringLiteral("yaxes"), yaxes);
            return;
        }
        QJsonObject fc = o.value(QLatin1String("fieldConfig")).toObject();
        QJsonObject d = fc.value(QLatin1String("defaults")).toObject();
        if (now)
            d.insert(QLatin1String(key), *now);
        else
            d.remove(QLatin1String(key));
        fc.insert(QStringLiteral("defaults"), d);
        o.insert(QStringLiteral("fieldConfig"), fc);
    };
    writeBound("min", p.min, before.min);
    writeBound("max", p.max, before.max);
    if (p.decimals != before.decimals) {
        QJsonObject fc = o.value(QLatin1String("fieldConfig")).toObject();
        QJsonObject d = fc.value(QLatin1String("defaults")).toObject();
        if (p.decimals >= 0)
            d.insert(QStringLiteral("decimals"), p.decimals);
        else
            d.remove(QStringLiteral("decimals"));
        fc.insert(QStringLiteral("defaults"), d);
        o.insert(QStringLiteral("fieldConfig"), fc);
    }
    if (!sameThresholds(p, before)) {
        QJsonArray steps;
        for (const ThresholdStep &s : p.thresholds)
            steps.append(QJsonObject{{QStringLiteral("color"), s.color}, {QStringLiteral("value"), number(s.value)}});
        setPath(o, defaults + QStringList{QStringLiteral("thresholds")},
                QJsonObject{{QStringLiteral("mode"), p.thresholdsPercent ? QStringLiteral("percentage") : QStringLiteral("absolute")},
                            {QStringLiteral("steps"), steps}});
    }
    return o;
}

} // namespace

namespace DashboardWriter {

QJsonObject toJson(const Dashboard &d)
{
    QJsonObject root = d.raw;
    // The console can change it (View > Cycle Shared Crosshair / Tooltip).
    // Written only when it differs from what the file says (old files have `true`).
    const QJsonValue fileMode = root.value(QLatin1String("graphTooltip"));
    int fromFile = fileMode.isBool()     ? (fileMode.toBool() ? 1 : 0)
                   : fileMode.isString() ? fileMode.toString().toInt()
                                         : fileMode.toInt(0);
    if (fileMode.isUndefined() && root.value(QLatin1String("sharedCrosshair")).toBool(false))
        fromFile = 1;
    fromFile = std::clamp(fromFile, 0, 2);
    if (d.graphTooltip != fromFile)
        root.insert(QStringLiteral("graphTooltip"), d.graphTooltip);
    QHash<int, const Panel *> bySource;
    QList<const Panel *> added;
    for (const Panel &p : d.panels) {
        if (p.repeatOf != 0 || p.adHoc)
            continue; // made by repeating another panel: not part of the file
        if (p.sourceIndex >= 0)
            bySource.insert(p.sourceIndex, &p);
        else
            added.append(&p);
    }
    const bool legacy = root.value(QLatin1String("panels")).toArray().isEmpty()
                        && !root.value(QLatin1String("rows")).toArray().isEmpty();
    int source = 0; // the walk DashboardLoader::parse numbers panels in
    const auto mergeList = [&](const QJsonArray &list) {
        QJsonArray out;
        for (const QJsonValue &v : list) {
            const int index = source++;
            if (const Panel *p = bySource.value(index))
                out.append(panelJson(*p, false, legacy));
            // else: the user removed it
        }
        return out;
    };
    const auto addedTo = [&](int rowIndex) {
        QJsonArray out;
        for (const Panel *p : std::as_const(added))
            if (p->rowIndex == rowIndex)
                out.append(panelJson(*p, true, legacy));
        return out;
    };

    if (!legacy) {
        QJsonArray top;
        int rowIndex = -1;
        // Rows are numbered in gridPos order by the loader; the file may list them
        // in another order, so match by source index.
        QHash<int, int> rowBySource;
        for (int i = 0; i < d.rows.size(); ++i)
            rowBySource.insert(d.rows[i].sourceIndex, i);
        for (const QJsonValue &v : root.value(QLatin1String("panels")).toArray()) {
            QJsonObject o = v.toObject();
            const int index = source;
            if (o.value(QLatin1String("type")).toString() == QLatin1String("row")) {
                ++source;
                rowIndex = rowBySource.value(index, -1);
                if (o.contains(QLatin1String("panels"))) {
                    QJsonArray nested = mergeList(o.value(QLatin1String("panels")).toArray());
                    if (rowIndex >= 0 && d.rows[rowIndex].collapsed)
                        for (const QJsonValue &n : addedTo(rowIndex))
                            nested.append(n);
                    o.insert(QStringLiteral("panels"), nested);
                }
                top.append(o);
                continue;
            }
            const QJsonArray one = mergeList(QJsonArray{o});
            if (!one.isEmpty())
                top.append(one.first());
        }
        for (const Panel *p : std::as_const(added))
            if (p->rowIndex < 0 || p->rowIndex >= d.rows.size() || !d.rows[p->rowIndex].collapsed)
                top.append(panelJson(*p, true, false));
        root.insert(QStringLiteral("panels"), top);
    } else {
        QJsonArray rows = root.value(QLatin1String("rows")).toArray();
        QHash<int, int> rowBySource;
        for (int i = 0; i < d.rows.size(); ++i)
            rowBySource.insert(d.rows[i].sourceIndex, i);
        for (int r = 0; r < rows.size(); ++r) {
            QJsonObject row = rows[r].toObject();
            const int rowIndex = rowBySource.value(source++, -1);
            QJsonArray panels = mergeList(row.value(QLatin1String("panels")).toArray());
            if (rowIndex >= 0)
                for (const QJsonValue &n : addedTo(rowIndex))
                    panels.append(n);
            row.insert(QStringLiteral("panels"), panels);
            rows.replace(r, row);
        }
        // New panels outside any row go to the last row.
        if (!rows.isEmpty()) {
            QJsonObject last = rows.last().toObject();
            QJsonArray panels = last.value(QLatin1String("panels")).toArray();
            for (const Panel *p : std::as_const(added))
                if (p->rowIndex < 0 || p->rowIndex >= d.rows.size())
                    panels.append(panelJson(*p, true, true));
            last.insert(QStringLiteral("panels"), panels);
            rows.replace(rows.size() - 1, last);
        }
        root.insert(QStringLiteral("rows"), rows);
    }
    return root;
}

QByteArray serialize(const Dashboard &d)
{
    QJsonObject root = toJson(d);
    if (d.wrapped) {
        QJsonObject wrapper = d.wrapper;
        wrapper.insert(QStringLiteral("dashboard"), root);
        root = wrapper;
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool save(const Dashboard &d, const QString &path, QString *error)
{
    QSaveFile file(path);
    // Unbuffered: Qt 6.4's buffered QSaveFile commits a file cut short when the disk
    // fills up during the final flush (commit() returns true); written directly,
    // every short write is seen below.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = serialize(d);
    // A full disk first accepts part of the bytes without an error; writing the rest
    // is what returns the system's reason (ENOSPC, EFBIG) instead of "Unknown error".
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 n = file.write(bytes.constData() + written, bytes.size() - written);
        if (n <= 0)
            break;
        written += n;
    }
    if (written != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2 (the file on disk is unchanged)").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

} // namespace DashboardWriter
