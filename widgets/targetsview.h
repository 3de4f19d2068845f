#pragma once

#include <QPointer>
#include <QWidget>

class PrometheusClient;
class PrometheusListQuery;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class TargetsModel;

/// The "Targets" dock: what Prometheus scrapes (/api/v1/targets) - scrape pool,
/// endpoint, health, labels, last scrape, duration and last error; down targets
/// first; a state filter (all / down / up / unknown) and a text filter. Polls on an
/// interval; a failed fetch is shown above the table and the last list stays.
class TargetsView final : public QWidget
{
    Q_OBJECT
public:
    explicit TargetsView(QWidget *parent = nullptr);

    /// The Prometheus whose targets are shown (the window's default datasource);
    /// `name` is shown in the header. Refreshes at once.
    void setClient(PrometheusClient *client, const QString &name = {});
    /// Polling interval (default 30 s; 0 = only on refresh()).
    void setIntervalMs(int ms);
    /// "all", "down", "up" or "unknown".
    void setStateFilter(const QString &state);
    QString stateFilter() const;

    TargetsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// The rows shown (after the filters).
    int visibleRows() const;
    QString summaryText() const;
    QString errorText() const;

public slots:
    void refresh();

signals:
    /// A fetch finished (successfully or not).
    void refreshed();

private:
    QPointer<PrometheusClient> m_client;
    QPointer<PrometheusListQuery> m_query;
    QString m_name;
    TargetsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_state;
    QLineEdit *m_search;
    QLabel *m_summary;
    QLabel *m_error;
    QTimer *m_timer;
};
