#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

/// Parses a duration as Prometheus and Grafana write it ("15s", "5m", "1h30m", "7d",
/// "1w", "1y", "250ms"); returns milliseconds, or nothing for anything else.
std::optional<qint64> parseDurationMs(const QString &text);

/// Formats milliseconds as the shortest Prometheus duration ("1h30m", "15s").
QString formatDurationMs(qint64 ms);

/// Resolves a Grafana time expression against `now`: "now", "now-6h", "now-1d/d"
/// (rounded to the start of the unit, or to its end when `roundUp`), epoch
/// milliseconds, or an ISO 8601 date-time.
std::optional<QDateTime> parseTimeExpression(const QString &expr, const QDateTime &now,
                                             bool roundUp = false);

/// A dashboard time range as the user picked it: either relative ("now-6h" .. "now")
/// or absolute. Relative ranges move with the clock on every refresh.
struct TimeRange
{
    QString from = QStringLiteral("now-6h");
    QString to = QStringLiteral("now");

    struct Resolved
    {
        QDateTime start;
        QDateTime end;
    };
    /// Resolves both ends; returns nothing (and sets `error`) when an end does not
    /// parse or the range is empty.
    std::optional<Resolved> resolve(const QDateTime &now, QString *error = nullptr) const;

    /// "Last 6 hours" for the common relative ranges, else "from to to".
    QString displayText() const;

    static TimeRange lastDuration(qint64 ms);
    static TimeRange absolute(const QDateTime &start, const QDateTime &end);

    bool operator==(const TimeRange &o) const { return from == o.from && to == o.to; }
};
