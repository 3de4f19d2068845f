#pragma once

#include "alert.h"
#include "alertfilter.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QMap>

#include <vector>

/// The alert list as a tree: severity (critical first), then the value of a label
/// the user picks (alertname by default; none for a flat list under each
/// severity), then the alerts, newest first. Only alerts passing the filter appear;
/// counts in group rows are of what is shown. Everything is plain text: the view
/// must not render any of it as markup.
class AlertModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, SinceColumn, SummaryColumn, ValueColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // 0 severity group, 1 label group, 2 alert
        SeverityRole,                // the severity label ("" for none)
        StateRole,                   // Alert::State as int (alerts only)
        IdentityRole,                // Alert::identity() (alerts only)
    };
    enum Kind { SeverityGroup = 0, LabelGroup = 1, AlertItem = 2 };

    explicit AlertModel(QObject *parent = nullptr);

    void setAlerts(const QList<Alert> &alerts);
    const QList<Alert> &alerts() const { return m_alerts; }
    void setFilter(const AlertFilter &filter);
    /// The label alerts are grouped by under their severity; empty for none.
    void setGroupBy(const QString &label);
    QString groupBy() const { return m_groupBy; }
    /// Absolute times in UTC instead of local time.
    void setUtc(bool utc);
    bool utc() const { return m_utc; }
    /// The clock for "5m ago" (tests pin it).
    void setNow(const QDateTime &now) { m_now = now; }

    const Alert *alertAt(const QModelIndex &index) const;
    QModelIndex indexOf(const QString &identity) const;
    int visibleAlertCount() const { return m_visible; }
    /// Firing (not silenced or inhibited) alerts per severity, over all alerts.
    QMap<QString, int> firingCounts() const;

    /// "3m 20s ago", "2h 5m ago", "4d 3h ago".
    static QString relativeTime(const QDateTime &since, const QDateTime &now);
    QString absoluteTime(const QDateTime &t) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        int parent = -1; // -1: top level
        int row = 0;
        Kind kind = SeverityGroup;
        QString key;
        QString severity;
        std::vector<int> children;
        int alert = -1;
        int firing = 0, pending = 0, muted = 0, total = 0;
    };
    void rebuild();
    const Node *nodeOf(const QModelIndex &index) const;

    QList<Alert> m_alerts;
    AlertFilter m_filter;
    QString m_groupBy = QStringLiteral("alertname");
    bool m_utc = false;
    QDateTime m_now;
    std::vector<Node> m_nodes;
    std::vector<int> m_top;
    int m_visible = 0;
};
