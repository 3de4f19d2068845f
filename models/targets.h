#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

/// One active scrape target as Prometheus's /api/v1/targets lists it.
struct ScrapeTarget
{
    enum class Health { Down, Unknown, Up }; // in the order they are listed
    QString scrapePool;
    QString scrapeUrl;
    QMap<QString, QString> labels; // after relabelling: job, instance, ...
    Health health = Health::Unknown;
    QString lastError;
    QDateTime lastScrape;          // invalid when never scraped
    double lastScrapeDurationSeconds = 0;
    QString scrapeInterval;
    QString scrapeTimeout;

    static QString healthName(Health h);
};
Q_DECLARE_METATYPE(ScrapeTarget)
Q_DECLARE_METATYPE(QList<ScrapeTarget>)

/// Decodes an /api/v1/targets answer: the active targets (dropped ones are not
/// read), down ones first, then by scrape pool and URL. On a body that is not the
/// API's answer returns nothing and sets `error`.
QList<ScrapeTarget> decodePrometheusTargets(const QByteArray &body, QString *error);

/// Orders targets for operators: down first, then unknown, then up; by scrape pool
/// and URL within each.
void sortTargetsDownFirst(QList<ScrapeTarget> &targets);

/// Counts by health, e.g. "12 targets: 1 down, 11 up".
QString targetsSummary(const QList<ScrapeTarget> &targets);

/// "3 s ago", "2 min ago", "never" - for the last scrape.
QString agoText(const QDateTime &when, const QDateTime &now);

/// The targets of one Prometheus as a table: scrape pool, endpoint, state, labels,
/// last scrape, scrape duration, last error. Text from the server is returned as
/// it is (views show it as plain text). A state filter hides the other rows.
class TargetsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Pool, Endpoint, State, Labels, LastScrape, Duration, Error, ColumnCount };
    /// Qt::UserRole on any column: the row's ScrapeTarget::Health as int.
    static constexpr int HealthRole = Qt::UserRole;
    /// Qt::UserRole + 1: a sort key (down first; the time for last scrape).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit TargetsModel(QObject *parent = nullptr);

    /// Replaces the targets (sorted down first). `now` is for "ago" texts.
    void setTargets(const QList<ScrapeTarget> &targets, const QDateTime &now = QDateTime::currentDateTimeUtc());
    const QList<ScrapeTarget> &targets() const { return m_targets; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ScrapeTarget> m_targets;
    QDateTime m_now;
};
