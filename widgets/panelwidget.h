#pragma once

#include "dashboard.h"
#include "dashboardqueries.h"

#include <QWidget>

class LoadingSpinner;
class QLabel;

/// Base of every dashboard panel view (time series, stat, gauge, table, text, ...):
/// holds the panel definition and its last data, and draws the chrome every panel
/// shares - a small spinner in the top right corner while loading, a readable error box and "No data" (or the panel's
/// noValue) - over whatever the subclass paints. Subclasses implement updateView().
class PanelWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PanelWidget(const Panel &panel, QWidget *parent = nullptr);

    const Panel &panel() const { return m_panel; }
    /// Width in pixels the query planner should spread the range over.
    virtual int plotWidth() const;
    /// False for panels that show no query data (text, alert list, placeholders).
    virtual bool needsQueries() const { return !m_panel.targets.isEmpty(); }

    /// Runs the corner spinner while queries are in flight (setData() stops it).
    void setLoading(bool loading);
    bool isLoading() const { return m_loading; }
    LoadingSpinner *spinner() const { return m_spinner; }
    /// New data for the panel (errors included); calls updateView(). Moved in where
    /// the caller is done with it: a panel's data can be tens of megabytes.
    void setData(const PanelData &data) { setData(PanelData(data)); }
    void setData(PanelData &&data);
    const PanelData &data() const { return m_data; }
    bool hasData() const { return m_hasData; }
    /// The error shown on the panel, or empty.
    QString errorText() const;
    /// The warnings badge's full text (server warnings and infos, partial answers,
    /// datasource notes), empty when it is hidden.
    QString warningText() const;
    /// True while the last data had neither series nor error ("No data" shows).
    bool showsNoData() const;

protected:
    /// Redraw from data(); called after every setData().
    virtual void updateView() = 0;
    /// Whether the data counts as empty (default: no series). "No data" shows then.
    virtual bool dataIsEmpty() const;
    /// The widget the "No data" text centres on (default: this).
    virtual QWidget *noDataHost() { return this; }
    void resizeEvent(QResizeEvent *event) override;
    void layoutOverlays();

private:
    Panel m_panel;
    PanelData m_data;
    bool m_hasData = false;
    bool m_loading = false;
    LoadingSpinner *m_spinner = nullptr;
    // Made when first shown: most panels never show an error or a warning, and a
    // styled label per panel made up front is a good part of opening a dashboard.
    QLabel *errorLabel();
    QLabel *warningLabel();
    QLabel *noDataLabel();
    QLabel *m_error = nullptr;
    QLabel *m_noData = nullptr;
    QLabel *m_warning = nullptr;
};
