#include "legendformat.h"

#include <QRegularExpression>

QString seriesName(const Labels &labels)
{
    QString out = labels.value(QStringLiteral("__name__"));
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (it.key() == QLatin1String("__name__"))
            continue;
        QString v = it.value();
        v.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
        parts << it.key() + QLatin1String("=\"") + v + QLatin1Char('"');
    }
    if (!parts.isEmpty())
        out += QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
    return out;
}

QString formatLegend(const QString &format, const Labels &labels, const QString &fallback)
{
    if (format.trimmed().isEmpty() || format == QLatin1String("__auto")) {
        const QString name = seriesName(labels);
        return name.isEmpty() ? fallback : name;
    }
    static const QRegularExpression token(QStringLiteral("\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}"));
    QString out;
    qsizetype last = 0;
    auto it = token.globalMatch(format);
    while (it.hasNext()) {
        const auto m = it.next();
        out += format.mid(last, m.capturedStart(0) - last);
        out += labels.value(m.captured(1));
        last = m.capturedEnd(0);
    }
    out += format.mid(last);
    return out;
}
