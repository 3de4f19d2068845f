#pragma once

#include "dashboard.h"
#include "dashboardqueries.h"

#include <QDialog>

#include <optional>

class InspectorDataModel;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

/// Everything the inspector shows about one panel, gathered by the dashboard page.
struct PanelInspection
{
    Panel panel;
    PanelData data;
    bool hasData = false;
    /// What the last refresh sent and received; empty before the first.
    std::optional<PanelRunRecord> run;
    /// The panel's JSON as it would be saved (indented).
    QByteArray panelJson;
    bool useUtc = false;
};

/// Grafana's panel inspector, non-modal: "Query" (each target's expression as sent,
/// datasource, step, range, request URL, duration and status of the last run),
/// "Data" (the series as a table) and "JSON" (the raw responses, pretty-printed, and
/// the panel's JSON). Everything from the server or the file is shown as plain text;
/// large responses are formatted off the UI thread and shown truncated with a note.
class PanelInspector final : public QDialog
{
    Q_OBJECT
public:
    explicit PanelInspector(QWidget *parent = nullptr);

    /// Shows `inspection` (again after each refresh of the panel); keeps the tab and
    /// the JSON choice the user made.
    void setInspection(const PanelInspection &inspection);
    const PanelInspection &inspection() const { return m_inspection; }

    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *queryText() const { return m_query; }
    QTableView *dataView() const { return m_table; }
    InspectorDataModel *dataModel() const { return m_model; }
    /// "Response A", "Response B", ..., "Panel JSON".
    QComboBox *jsonChoice() const { return m_jsonChoice; }
    QPlainTextEdit *jsonText() const { return m_json; }
    /// True while a large response is being formatted.
    bool isFormatting() const { return m_formatSerial != m_shownSerial; }

    /// Text beyond this many characters is cut, with a note, in the JSON tab.
    static constexpr int kMaxShownChars = 1'000'000;

signals:
    /// The user asked to run the panel's queries again.
    void refreshRequested();

private:
    void updateQueryTab();
    void showJson(int choice);

    PanelInspection m_inspection;
    QTabWidget *m_tabs;
    QLabel *m_summary;
    QPlainTextEdit *m_query;
    QTableView *m_table;
    InspectorDataModel *m_model;
    QLabel *m_dataNote;
    QComboBox *m_jsonChoice;
    QPlainTextEdit *m_json;
    quint64 m_formatSerial = 0;
    quint64 m_shownSerial = 0;
};
