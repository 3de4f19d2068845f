#include "exemplars.h"

#include "dashboard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace {

QMap<QString, QString> labelsOf(const QJsonValue &v)
{
    QMap<QString, QString> out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.value().isString())
            out.insert(it.key(), it.value().toString());
    return out;
}

// Prometheus sends sample values as strings ("6", "NaN", "+Inf") and timestamps as
// numbers; accept either form for both, as other implementations of the API differ.
bool numberOf(const QJsonValue &v, double *out)
{
    if (v.isDouble()) {
        *out = v.toDouble();
        return true;
    }
    if (!v.isString())
        return false;
    const QString s = v.toString().trimmed();
    if (s == QLatin1String("+Inf") || s == QLatin1String("Inf")) {
        *out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == QLatin1String("-Inf")) {
        *out = -std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == QLatin1String("NaN")) {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    bool ok = false;
    *out = s.toDouble(&ok);
    return ok;
}

} // namespace

QList<ExemplarSeries> decodePrometheusExemplars(const QByteArray &body, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QList<ExemplarSeries>();
    };
    if (error)
        error->clear();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return fail(QStringLiteral("invalid response from server: %1")
                        .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                          : QStringLiteral("not a JSON object")));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("status")).toString() != QLatin1String("success")) {
        const QString message = root.value(QLatin1String("error")).toString();
        return fail(message.isEmpty() ? QStringLiteral("Prometheus reported an error without a message") : message);
    }
    const QJsonValue data = root.value(QLatin1String("data"));
    // An empty result may come as [] or, from some proxies, as null.
    if (data.isNull() || data.isUndefined())
        return {};
    if (!data.isArray())
        return fail(QStringLiteral("invalid response from server: data is not a list"));

    QList<ExemplarSeries> out;
    for (const QJsonValue &sv : data.toArray()) {
        if (!sv.isObject())
            continue;
        const QJsonObject so = sv.toObject();
        ExemplarSeries series;
        series.seriesLabels = labelsOf(so.value(QLatin1String("seriesLabels")));
        for (const QJsonValue &ev : so.value(QLatin1String("exemplars")).toArray()) {
            const QJsonObject eo = ev.toObject();
            double value = 0, seconds = 0;
            if (!numberOf(eo.value(QLatin1String("value")), &value)
                || !numberOf(eo.value(QLatin1String("timestamp")), &seconds) || !std::isfinite(seconds)
                || std::abs(seconds) > 1e11)
                continue;
            Exemplar e;
            e.labels = labelsOf(eo.value(QLatin1String("labels")));
            e.value = value;
            e.timestampMs = qint64(std::llround(seconds * 1000.0));
            series.exemplars.append(e);
        }
        if (!series.exemplars.isEmpty())
            out.append(series);
    }
    return out;
}

QString exemplarTraceId(const Exemplar &exemplar, const QStringList &labelNames)
{
    for (const QString &name : labelNames) {
        const QString id = exemplar.labels.value(name).trimmed();
        if (!id.isEmpty())
            return id;
    }
    return {};
}

bool targetWantsExemplars(const Panel &panel, int targetIndex)
{
    if (targetIndex < 0 || targetIndex >= panel.targets.size())
        return false;
    const Target &target = panel.targets.at(targetIndex);
    for (const QJsonValue &v : panel.raw.value(QLatin1String("targets")).toArray()) {
        const QJsonObject t = v.toObject();
        const QString refId = t.value(QLatin1String("refId")).toString();
        QString expr = t.value(QLatin1String("expr")).toString();
        if (expr.isEmpty())
            expr = t.value(QLatin1String("query")).toString();
        const bool same = refId.isEmpty() ? expr == target.expr : refId == target.refId;
        if (same)
            return t.value(QLatin1String("exemplar")).toBool(false);
    }
    return false;
}
