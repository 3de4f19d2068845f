#pragma once

#include "alertclient.h"
#include "alertmodel.h"
#include "runbooks.h"

#include <QWidget>

class FlowLayout;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTreeView;
class QTreeWidget;

/// The alert list dock's content: alerts grouped by severity and a label, a filter
/// (words and matchers), the selected alert's details with its runbook and query,
/// and the Alertmanager silences. Every text from a server shows as plain text.
class AlertListWidget final : public QWidget
{
    Q_OBJECT
public:
    AlertListWidget(AlertClient *client, QWidget *parent = nullptr);

    AlertModel *model() const { return m_model; }
    QTreeView *view() const { return m_tree; }
    void setRunbookLibrary(const RunbookLibrary &library) { m_library = library; }

    void setFilterText(const QString &text);
    void setGroupBy(const QString &label);
    /// Selects an alert by identity (true when it is shown).
    bool selectAlert(const QString &identity);
    const Alert *selectedAlert() const;

    /// The snapshot last shown (alerts, silences, rules, errors).
    const AlertSnapshot &snapshot() const { return m_snapshot; }
    QString statusText() const;

    /// The selected alert's runbook, as the "Open runbook" button does.
    void openRunbook();
    /// The selected alert's expression, as the "Open query" button does.
    void openQuery();
    /// Opens the silence dialog for the selected alert (or an empty one).
    void silenceSelected();
    /// Expires the silence selected in the Silences tab.
    void expireSelectedSilence();

signals:
    /// A runbook in a runbook folder should be shown (inside Dozor).
    void runbookRequested(const QString &path);
    /// An alert's PromQL expression should open as a panel inside Dozor.
    void queryRequested(const QString &expr, const QString &title);
    /// Firing counts per severity changed (for the status bar).
    void countsChanged(const QMap<QString, int> &firing);
    /// Alerts that are firing now and were not in the previous snapshot.
    void newlyFiring(const QList<Alert> &alerts);

private:
    void onSnapshot(const AlertSnapshot &snapshot);
    void showDetails();
    void updateSilences();
    void setStatus(const QString &text, bool error);

    AlertClient *m_client;
    AlertModel *m_model;
    RunbookLibrary m_library;
    AlertSnapshot m_snapshot;
    QSet<QString> m_firingSeen;
    bool m_firstSnapshot = true;

    QLineEdit *m_filter;
    QComboBox *m_groupBy;
    QCheckBox *m_utc;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    QWidget *m_details;
    QLabel *m_detailTitle;
    QLabel *m_detailState;
    QLabel *m_detailSummary;
    QLabel *m_detailDescription;
    QLabel *m_detailAnnotations;
    QWidget *m_chips;
    FlowLayout *m_chipLayout;
    QLabel *m_runbookText;
    QPushButton *m_openRunbook;
    QPushButton *m_openQuery;
    QPushButton *m_silence;
    QTreeWidget *m_silences;
    QPushButton *m_expire;
};
