#include "targets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

QString ScrapeTarget::healthName(Health h)
{
    switch (h) {
    case Health::Up:
        return QStringLiteral("up");
    case Health::Down:
        return QStringLiteral("down");
    case Health::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

namespace {

// RFC 3339 with up to nanoseconds, as Go writes it; Go's zero time means "never".
QDateTime parseGoTime(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d+))?(Z|[+-]\\d\\d:\\d\\d)$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch() || text.startsWith(QLatin1String("0001-")))
        return {};
    const QString ms = (m.captured(2) + QStringLiteral("000")).left(3);
    QDateTime t = QDateTime::fromString(m.captured(1) + QLatin1Char('.') + ms + m.captured(3), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

void sortTargetsDownFirst(QList<ScrapeTarget> &targets)
{
    std::stable_sort(targets.begin(), targets.end(), [](const ScrapeTarget &a, const ScrapeTarget &b) {
        if (a.health != b.health)
            return int(a.health) < int(b.health);
        if (a.scrapePool != b.scrapePool)
            return a.scrapePool < b.scrapePool;
        return a.scrapeUrl < b.scrapeUrl;
    });
}

QList<ScrapeTarget> decodePrometheusTargets(const QByteArray &body, QString *error)
{
    QList<ScrapeTarget> out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("invalid response from server: %1")
                     .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                       : QStringLiteral("not a JSON object"));
        return out;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("status")).toString() != QLatin1String("success")) {
        *error = root.value(QLatin1String("error")).toString();
        if (error->isEmpty())
            *error = QStringLiteral("Prometheus reported an error without a message");
        return out;
    }
    const QJsonValue active = root.value(QLatin1String("data")).toObject().value(QLatin1String("activeTargets"));
    if (!active.isArray()) {
        *error = QStringLiteral("invalid response from server: no list of active targets "
                                "(is this a Prometheus server? VictoriaMetrics single-node has no targets API)");
        return out;
    }
    const QJsonArray list = active.toArray();
    out.reserve(list.size());
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        ScrapeTarget t;
        t.scrapePool = o.value(QLatin1String("scrapePool")).toString();
        t.scrapeUrl = o.value(QLatin1String("scrapeUrl")).toString();
        const QJsonObject labels = o.value(QLatin1String("labels")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            t.labels.insert(it.key(), it.value().toString());
        if (t.scrapePool.isEmpty())
            t.scrapePool = t.labels.value(QStringLiteral("job"));
        const QString health = o.value(QLatin1String("health")).toString();
        t.health = health == QLatin1String("up")     ? ScrapeTarget::Health::Up
                   : health == QLatin1String("down") ? ScrapeTarget::Health::Down
                                                     : ScrapeTarget::Health::Unknown;
        t.lastError = o.value(QLatin1String("lastError")).toString();
        t.lastScrape = parseGoTime(o.value(QLatin1String("lastScrape")).toString());
        const double d = o.value(QLatin1String("lastScrapeDuration")).toDouble();
        t.lastScrapeDurationSeconds = std::isfinite(d) && d >= 0 ? d : 0;
        t.scrapeInterval = o.value(QLatin1String("scrapeInterval")).toString();
        t.scrapeTimeout = o.value(QLatin1String("scrapeTimeout")).toString();
        out.append(std::move(t));
    }
    sortTargetsDownFirst(out);
    return out;
}

QString targetsSummary(const QList<ScrapeTarget> &targets)
{
    int up = 0, down = 0, unknown = 0;
    for (const ScrapeTarget &t : targets) {
        if (t.health == ScrapeTarget::Health::Up)
            ++up;
        else if (t.health == ScrapeTarget::Health::Down)
            ++down;
        else
            ++unknown;
    }
    QStringList parts;
    if (down)
        parts << QStringLiteral("%1 down").arg(down);
    if (unknown)
        parts << QStringLiteral("%1 unknown").arg(unknown);
    parts << QStringLiteral("%1 up").arg(up);
    return QStringLiteral("%1 target%2: %3")
        .arg(targets.size())
        .arg(targets.size() == 1 ? QString() : QStringLiteral("s"))
        .arg(parts.join(QStringLiteral(", ")));
}

QString agoText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return QStringLiteral("never");
    const qint64 s = std::max<qint64>(0, when.secsTo(now));
    if (s < 120)
        return QStringLiteral("%1 s ago").arg(s);
    if (s < 7200)
        return QStringLiteral("%1 min ago").arg(s / 60);
    if (s < 2 * 86400)
        return QStringLiteral("%1 h ago").arg(s / 3600);
    return QStringLiteral("%1 d ago").arg(s / 86400);
}

TargetsModel::TargetsModel(QObject *parent) : QAbstractTableModel(parent) {}

void TargetsModel::setTargets(const QList<ScrapeTarget> &targets, const QDateTime &now)
{
    beginResetModel();
    m_targets = targets;
    sortTargetsDownFirst(m_targets);
    m_now = now;
    endResetModel();
}

int TargetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

int TargetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TargetsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_targets.size())
        return {};
    const ScrapeTarget &t = m_targets.at(index.row());
    if (role == HealthRole)
        return int(t.health);
    if (role == SortRole) {
        switch (index.column()) {
        case State:
            return int(t.health);
        case LastScrape:
            return t.lastScrape.isValid() ? t.lastScrape.toMSecsSinceEpoch() : qint64(0);
        case Duration:
            return t.lastScrapeDurationSeconds;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Pool:
            return t.scrapePool;
        case Endpoint:
            return t.scrapeUrl;
        case State:
            return ScrapeTarget::healthName(t.health).toUpper();
        case Labels: {
            QStringList parts;
            for (auto it = t.labels.begin(); it != t.labels.end(); ++it)
                parts << it.key() + QLatin1String("=\"") + it.value() + QLatin1Char('"');
            return parts.join(QStringLiteral(", "));
        }
        case LastScrape:
            if (role == Qt::ToolTipRole && t.lastScrape.isValid())
                return t.lastScrape.toLocalTime().toString(Qt::ISODateWithMs);
            return agoText(t.lastScrape, m_now);
        case Duration:
            return t.lastScrape.isValid() ? QStringLiteral("%1 ms").arg(t.lastScrapeDurationSeconds * 1000.0, 0, 'f', 1)
                                          : QString();
        case Error:
            return t.lastError;
        default:
            return {};
        }
    }
    return {};
}

QVariant TargetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pool:
        return tr("Scrape pool");
    case Endpoint:
        return tr("Endpoint");
    case State:
        return tr("State");
    case Labels:
        return tr("Labels");
    case LastScrape:
        return tr("Last scrape");
    case Duration:
        return tr("Scrape duration");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}
