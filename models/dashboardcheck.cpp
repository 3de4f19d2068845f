#include "dashboardcheck.h"

#include "templating.h"

#include <QJsonArray>
#include <QSet>

namespace DashboardCheck {

bool isSupportedType(const QString &type)
{
    static const QSet<QString> types{
        QStringLiteral("timeseries"), QStringLiteral("graph"),    QStringLiteral("stat"),
        QStringLiteral("singlestat"), QStringLiteral("gauge"),    QStringLiteral("bargauge"),
        QStringLiteral("table"),      QStringLiteral("table-old"), QStringLiteral("text"),
        QStringLiteral("piechart"),   QStringLiteral("heatmap"),  QStringLiteral("alertlist")};
    return types.contains(type);
}

QList<Problem> problems(const Dashboard &d)
{
    QList<Problem> out;
    QSet<QString> known;
    for (const Variable &v : d.variables)
        known.insert(v.name);
    for (const Panel &p : d.panels) {
        if (!isSupportedType(p.type))
            out.append({QStringLiteral("warning"), p.id,
                        QStringLiteral("panel type \"%1\" is shown as a placeholder").arg(p.type)});
        QStringList texts;
        for (const Target &t : p.targets)
            texts << t.expr << t.legendFormat;
        texts << p.title;
        QSet<QString> missing;
        for (const QString &text : std::as_const(texts))
            for (const QString &name : Templating::referencedVariables(text))
                if (!known.contains(name) && !name.startsWith(QLatin1String("__")))
                    missing.insert(name);
        for (const QString &name : std::as_const(missing))
            out.append({QStringLiteral("warning"), p.id,
                        QStringLiteral("uses $%1, which the dashboard does not define").arg(name)});
        if (!p.repeat.isEmpty() && !known.contains(p.repeat))
            out.append({QStringLiteral("warning"), p.id,
                        QStringLiteral("repeats by $%1, which the dashboard does not define").arg(p.repeat)});
    }
    return out;
}

QJsonObject summary(const Dashboard &d)
{
    QJsonObject root;
    root.insert(QStringLiteral("title"), d.title);
    root.insert(QStringLiteral("uid"), d.uid);
    root.insert(QStringLiteral("schemaVersion"), d.schemaVersion);
    root.insert(QStringLiteral("time"), QJsonObject{{QStringLiteral("from"), d.timeFrom}, {QStringLiteral("to"), d.timeTo}});
    root.insert(QStringLiteral("refresh"), d.refresh);
    root.insert(QStringLiteral("graphTooltip"), d.graphTooltip);

    QJsonArray rows;
    for (const Row &r : d.rows)
        rows.append(QJsonObject{{QStringLiteral("title"), r.title}, {QStringLiteral("collapsed"), r.collapsed},
                                {QStringLiteral("repeat"), r.repeat}});
    root.insert(QStringLiteral("rows"), rows);

    QJsonArray panels;
    for (const Panel &p : d.panels) {
        QJsonArray targets;
        for (const Target &t : p.targets) {
            QJsonObject to{{QStringLiteral("refId"), t.refId}, {QStringLiteral("expr"), t.expr}};
            if (!t.legendFormat.isEmpty())
                to.insert(QStringLiteral("legendFormat"), t.legendFormat);
            if (t.instant)
                to.insert(QStringLiteral("instant"), true);
            if (!t.format.isEmpty())
                to.insert(QStringLiteral("format"), t.format);
            if (t.hide)
                to.insert(QStringLiteral("hide"), true);
            targets.append(to);
        }
        QJsonObject po{{QStringLiteral("id"), p.id},
                       {QStringLiteral("type"), p.type},
                       {QStringLiteral("title"), p.title},
                       {QStringLiteral("row"), p.rowIndex >= 0 ? QJsonValue(p.row) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), p.gridPos.x},
                                                               {QStringLiteral("y"), p.gridPos.y},
                                                               {QStringLiteral("w"), p.gridPos.w},
                                                               {QStringLiteral("h"), p.gridPos.h}}},
                       {QStringLiteral("supported"), isSupportedType(p.type)},
                       {QStringLiteral("targets"), targets}};
        if (!p.datasource.isEmpty())
            po.insert(QStringLiteral("datasource"), p.datasource);
        if (!p.unit.isEmpty())
            po.insert(QStringLiteral("unit"), p.unit);
        if (!p.repeat.isEmpty())
            po.insert(QStringLiteral("repeat"), p.repeat);
        panels.append(po);
    }
    root.insert(QStringLiteral("panels"), panels);

    QJsonArray variables;
    for (const Variable &v : d.variables) {
        QJsonObject vo{{QStringLiteral("name"), v.name}, {QStringLiteral("type"), v.type}};
        if (!v.query.isEmpty())
            vo.insert(QStringLiteral("query"), v.query);
        if (v.multi)
            vo.insert(QStringLiteral("multi"), true);
        if (v.includeAll)
            vo.insert(QStringLiteral("includeAll"), true);
        vo.insert(QStringLiteral("current"), QJsonArray::fromStringList(v.current));
        variables.append(vo);
    }
    root.insert(QStringLiteral("variables"), variables);

    QJsonArray links;
    for (const Link &l : d.links)
        links.append(QJsonObject{{QStringLiteral("title"), l.title}, {QStringLiteral("url"), l.url},
                                 {QStringLiteral("type"), l.type}});
    for (const Panel &p : d.panels)
        for (const Link &l : p.links)
            links.append(QJsonObject{{QStringLiteral("title"), l.title}, {QStringLiteral("url"), l.url},
                                     {QStringLiteral("panel"), p.id}});
    root.insert(QStringLiteral("links"), links);

    QJsonArray problemList;
    int errors = 0;
    for (const Problem &pr : problems(d)) {
        QJsonObject o{{QStringLiteral("severity"), pr.severity}, {QStringLiteral("message"), pr.message}};
        if (pr.panelId)
            o.insert(QStringLiteral("panel"), pr.panelId);
        errors += pr.severity == QLatin1String("error");
        problemList.append(o);
    }
    root.insert(QStringLiteral("problems"), problemList);
    root.insert(QStringLiteral("errors"), errors);
    return root;
}

} // namespace DashboardCheck
