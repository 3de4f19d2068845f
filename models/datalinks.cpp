#include "datalinks.h"

#include "templating.h"

#include <QRegularExpression>
#include <QUrl>

namespace DataLinks {

bool needsPoint(const QString &url)
{
    return url.contains(QLatin1String("${__field.")) || url.contains(QLatin1String("${__value."))
           || url.contains(QLatin1String("${__series."));
}

QString interpolate(const QString &url, const Context &c, const QList<Variable> &variables)
{
    // ${__name} or ${__name:format}; the value is URL-encoded with :percentencode.
    static const QRegularExpression re(QStringLiteral(R"re(\$\{(__(?:field|series|value|url_time_range|from|to)[A-Za-z0-9_.]*)(?::([a-z]+))?\})re"));
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(url);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.captured(1);
        const QString format = m.captured(2);
        std::optional<QString> value;
        if (name.startsWith(QLatin1String("__field.labels."))) {
            const QString label = name.mid(15);
            if (c.labels.contains(label))
                value = c.labels.value(label);
        } else if (name == QLatin1String("__field.name") || name == QLatin1String("__series.name")
                   || name == QLatin1String("__field.displayName")) {
            value = c.seriesName;
        } else if (name == QLatin1String("__value.raw") || name == QLatin1String("__value.numeric")) {
            if (c.value)
                value = QString::number(*c.value, 'g', 17);
        } else if (name == QLatin1String("__value.text")) {
            value = c.valueText;
        } else if (name == QLatin1String("__value.time")) {
            value = QString::number(qint64(c.timeMs));
        } else if (name == QLatin1String("__url_time_range")) {
            value = QStringLiteral("from=%1&to=%2").arg(c.fromMs).arg(c.toMs);
        } else if (name == QLatin1String("__from")) {
            value = QString::number(c.fromMs);
        } else if (name == QLatin1String("__to")) {
            value = QString::number(c.toMs);
        }
        out += url.mid(last, m.capturedStart() - last);
        if (value) {
            out += format == QLatin1String("percentencode") ? QString::fromLatin1(QUrl::toPercentEncoding(*value))
                                                             : *value;
        } else {
            out += m.captured(0); // unknown: left as written, as Grafana does
        }
        last = m.capturedEnd();
    }
    out += url.mid(last);
    Templating::MacroValues macros;
    macros.fromMs = c.fromMs;
    macros.toMs = c.toMs;
    // Variables in a URL are written as text, not as PromQL regexes.
    QList<Variable> plain = variables;
    for (Variable &v : plain) {
        if (v.current.contains(Templating::kAllValue)) {
            QStringList all;
            for (const VariableOption &o : std::as_const(v.options))
                if (o.value != Templating::kAllValue)
                    all << o.value;
            v.current = all;
        }
        v.current = QStringList{v.current.join(QLatin1Char(','))};
        v.multi = false;
        v.includeAll = false;
    }
    return Templating::interpolate(out, plain, macros);
}

} // namespace DataLinks
