#pragma once

#include "alert.h"
#include "alertfilter.h"
#include "panelwidget.h"

#include <QDateTime>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

/// Grafana's alert list panel, fed with the alerts the console already has. Shows
/// what the panel's options select: `stateFilter` (firing, pending, noData, normal,
/// error; or the legacy array of alerting/pending/no_data/ok/execution_error),
/// `alertName` (substring), `alertInstanceLabelFilter` (Prometheus matchers),
/// `showInstances` (else one row per alert rule with its instance count),
/// `sortOrder` (1 name A-Z, 2 name Z-A, 3 importance, 4 oldest first, 5 newest
/// first) and `maxItems` (legacy `limit`). Each row: a state dot, the name, the
/// summary and since when, all plain text. A click emits alertActivated.
class AlertListPanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit AlertListPanel(const Panel &panel, QWidget *parent = nullptr);

    bool needsQueries() const override { return false; }
    void setAlerts(const QList<Alert> &alerts);
    /// The alerts shown, in row order (one per rule unless showInstances).
    const QList<Alert> &shownAlerts() const { return m_shown; }
    /// Instances behind each shown row (1 with showInstances).
    const QList<int> &instanceCounts() const { return m_counts; }
    QTreeWidget *view() const { return m_view; }
    /// The clock for "5m ago" (tests pin it).
    void setNow(const QDateTime &now) { m_now = now; }

signals:
    void alertActivated(const Alert &alert);

protected:
    void updateView() override {}
    bool dataIsEmpty() const override { return false; }

private:
    bool stateSelected(Alert::State state) const;
    void rebuild();
    void onItemActivated(QTreeWidgetItem *item);

    QTreeWidget *m_view;
    QLabel *m_empty;
    QList<Alert> m_alerts;
    QList<Alert> m_shown;
    QList<int> m_counts;
    QDateTime m_now;
    // From the panel's options.
    QStringList m_states; // Grafana's unified names; empty = all
    QString m_nameFilter;
    AlertFilter m_labelFilter;
    bool m_showInstances = false;
    int m_sortOrder = 1;
    int m_maxItems = 20;
};
