#include "timerange.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <limits>

namespace {

qint64 unitMs(QChar unit, bool millis)
{
    if (millis)
        return 1;
    switch (unit.unicode()) {
    case 's': return 1000;
    case 'm': return 60 * 1000;
    case 'h': return 3600 * 1000;
    case 'd': return 24LL * 3600 * 1000;
    case 'w': return 7LL * 24 * 3600 * 1000;
    case 'y': return 365LL * 24 * 3600 * 1000;
    default: return 0;
    }
}

QDateTime roundTo(const QDateTime &t, QChar unit, bool up)
{
    QDateTime r = t;
    const QDate d = t.date();
    switch (unit.unicode()) {
    case 's': r = QDateTime(d, QTime(t.time().hour(), t.time().minute(), t.time().second()), t.timeSpec()); break;
    case 'm': r = QDateTime(d, QTime(t.time().hour(), t.time().minute()), t.timeSpec()); break;
    case 'h': r = QDateTime(d, QTime(t.time().hour(), 0), t.timeSpec()); break;
    case 'd': r = QDateTime(d, QTime(0, 0), t.timeSpec()); break;
    case 'w': r = QDateTime(d.addDays(1 - d.dayOfWeek()), QTime(0, 0), t.timeSpec()); break;
    case 'M': r = QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), t.timeSpec()); break;
    case 'y': r = QDateTime(QDate(d.year(), 1, 1), QTime(0, 0), t.timeSpec()); break;
    default: return t;
    }
    if (!up)
        return r;
    switch (unit.unicode()) {
    case 's': return r.addSecs(1).addMSecs(-1);
    case 'm': return r.addSecs(60).addMSecs(-1);
    case 'h': return r.addSecs(3600).addMSecs(-1);
    case 'd': return r.addDays(1).addMSecs(-1);
    case 'w': return r.addDays(7).addMSecs(-1);
    case 'M': return r.addMonths(1).addMSecs(-1);
    case 'y': return r.addYears(1).addMSecs(-1);
    default: return r;
    }
}

} // namespace

std::optional<qint64> parseDurationMs(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)(ms|[smhdwy])"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const auto m = part.match(t, pos, QRegularExpression::NormalMatch,
                                      QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return std::nullopt;
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        const QString unit = m.captured(2);
        if (!ok || n > 1000000000LL)
            return std::nullopt;
        qint64 sum = 0;
        if (qMulOverflow(n, unitMs(unit.at(0), unit == QLatin1String("ms")), &sum)
            || qAddOverflow(total, sum, &total))
            return std::nullopt; // beyond ±292 million years
        pos = m.capturedEnd(0);
    }
    return total;
}

QString formatDurationMs(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    static const struct { qint64 ms; const char *suffix; } units[] = {
        {7LL * 24 * 3600 * 1000, "w"}, {24LL * 3600 * 1000, "d"}, {3600 * 1000, "h"},
        {60 * 1000, "m"}, {1000, "s"}, {1, "ms"}};
    QString out;
    for (const auto &u : units) {
        if (ms >= u.ms) {
            out += QString::number(ms / u.ms) + QLatin1String(u.suffix);
            ms %= u.ms;
        }
    }
    return out;
}

std::optional<QDateTime> parseTimeExpression(const QString &expr, const QDateTime &now,
                                             bool roundUp)
{
    const QString e = expr.trimmed();
    if (e.isEmpty())
        return std::nullopt;
    if (e.startsWith(QLatin1String("now"))) {
        static const QRegularExpression rel(
            QStringLiteral("^now(?:([+-])(\\d+)(ms|[smhdwMy]))?(?:/([smhdwMy]))?$"));
        const auto m = rel.match(e);
        if (!m.hasMatch())
            return std::nullopt;
        QDateTime t = now;
        if (m.capturedLength(1) > 0) {
            bool ok = false;
            const qint64 n = m.captured(2).toLongLong(&ok);
            if (!ok || n > 100000000LL)
                return std::nullopt;
            const qint64 sign = m.captured(1) == QLatin1String("-") ? -1 : 1;
            const QString unit = m.captured(3);
            if (unit == QLatin1String("M"))
                t = t.addMonths(int(sign * n));
            else if (unit == QLatin1String("y"))
                t = t.addYears(int(sign * n));
            else
                t = t.addMSecs(sign * n * unitMs(unit.at(0), unit == QLatin1String("ms")));
        }
        if (m.capturedLength(4) > 0)
            t = roundTo(t, m.captured(4).at(0), roundUp);
        return t;
    }
    bool ok = false;
    const qint64 epochMs = e.toLongLong(&ok);
    if (ok)
        return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    QDateTime iso = QDateTime::fromString(e, Qt::ISODateWithMs);
    if (!iso.isValid())
        iso = QDateTime::fromString(e, Qt::ISODate);
    if (iso.isValid())
        return iso;
    return std::nullopt;
}

std::optional<TimeRange::Resolved> TimeRange::resolve(const QDateTime &now, QString *error) const
{
    const auto s = parseTimeExpression(from, now, false);
    const auto e = parseTimeExpression(to, now, true);
    auto fail = [error](const QString &msg) -> std::optional<Resolved> {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    if (!s)
        return fail(QStringLiteral("invalid start of time range: \"%1\"").arg(from));
    if (!e)
        return fail(QStringLiteral("invalid end of time range: \"%1\"").arg(to));
    if (*s >= *e)
        return fail(QStringLiteral("time range is empty: %1 is not before %2").arg(from, to));
    return Resolved{*s, *e};
}

QString TimeRange::displayText() const
{
    if (to == QLatin1String("now") && from.startsWith(QLatin1String("now-"))) {
        // Named in the unit the dashboard wrote, as Grafana does: now-7d is
        // "Last 7 days", now-90m "Last 90 minutes".
        static const QRegularExpression single(QStringLiteral("^(\\d+)([smhdwy])$"));
        const auto m = single.match(from.mid(4));
        if (m.hasMatch()) {
            const qint64 k = m.captured(1).toLongLong();
            // Both English forms are source texts, so the untranslated (headless) text
            // is right; a catalogue gives each its language's plural forms.
            static const struct { char unit; const char *one; const char *many; } names[] = {
                {'s', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n second"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n seconds")},
                {'m', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n minute"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n minutes")},
                {'h', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n hour"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n hours")},
                {'d', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n day"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n days")},
                {'w', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n week"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n weeks")},
                {'y', QT_TRANSLATE_N_NOOP("TimeRange", "Last %n year"),
                 QT_TRANSLATE_N_NOOP("TimeRange", "Last %n years")}};
            for (const auto &n : names)
                if (m.captured(2) == QLatin1Char(n.unit) && k <= std::numeric_limits<int>::max())
                    return QCoreApplication::translate("TimeRange", k == 1 ? n.one : n.many,
                                                       nullptr, int(k));
        }
    }
    const QDateTime now = QDateTime::currentDateTime();
    const auto s = parseTimeExpression(from, now);
    const auto e = parseTimeExpression(to, now, true);
    const auto show = [](const QString &raw, const std::optional<QDateTime> &t) {
        if (raw.startsWith(QLatin1String("now")) || !t)
            return raw;
        return t->toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    return QCoreApplication::translate("TimeRange", "%1 to %2").arg(show(from, s), show(to, e));
}

TimeRange TimeRange::lastDuration(qint64 ms)
{
    return TimeRange{QStringLiteral("now-") + formatDurationMs(ms), QStringLiteral("now")};
}

TimeRange TimeRange::absolute(const QDateTime &start, const QDateTime &end)
{
    return TimeRange{QString::number(start.toMSecsSinceEpoch()),
                     QString::number(end.toMSecsSinceEpoch())};
}
