#pragma once

#include "dashboard.h"

#include <QHash>
#include <QScrollArea>

#include <functional>

class PanelWidget;
class QLabel;
class QTimer;
class QToolButton;
class QVBoxLayout;

/// The dashboard as Grafana lays it out: a scrollable 24-column grid, panels placed
/// by gridPos, rows as collapsible sections. Panel widgets of a collapsed row are
/// created only when the row is first expanded, so a collapsed row costs nothing and
/// is never queried (Grafana's lazy loading). The panels' frames are laid out at
/// once; their widgets are made a few per turn of the event loop (a large dashboard
/// does not freeze the window while its charts are made), or at once when asked for.
class DashboardView final : public QScrollArea
{
    Q_OBJECT
public:
    using PanelFactory = std::function<PanelWidget *(const ::Panel &, QWidget *)>;

    explicit DashboardView(QWidget *parent = nullptr);
    ~DashboardView() override;

    void setDashboard(const Dashboard &dashboard, const PanelFactory &factory);
    void clear();

    /// The panel's widget (made now if it is still waiting for its turn), or nullptr
    /// while its row has never been expanded.
    PanelWidget *panelWidget(int id) const;
    /// The panel's widget if it has been made (never makes it).
    PanelWidget *builtPanelWidget(int id) const;
    /// True while some panels' widgets are still to be made.
    bool isBuilding() const { return !m_pendingIds.isEmpty(); }
    /// Panels whose row is expanded, with their plot widths (for widgets still to
    /// be made, the width they will have: expectedPlotWidth).
    QHash<int, int> visiblePlotWidths() const;
    bool isPanelVisible(int id) const;

    int rowCount() const { return int(m_sections.size()) - 1; }
    bool isRowCollapsed(int rowIndex) const;
    void setRowCollapsed(int rowIndex, bool collapsed);

    /// Moves a panel's widget out (to a dock); its place shows a note until it is
    /// given back with attachPanel.
    PanelWidget *detachPanel(int id);
    void attachPanel(int id, PanelWidget *widget);
    /// Scrolls so that the panel is visible (expanding its row).
    void revealPanel(int id);

signals:
    /// A row was expanded or collapsed by the user; expanded rows need queries.
    void rowToggled(int rowIndex, bool collapsed);
    /// The user asked for a panel's menu (the ⋮ button or a right click).
    void panelMenuRequested(int id, const QPoint &globalPos);
    /// The last waiting panel widget was made.
    void panelsBuilt();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Frame
    {
        QWidget *frame = nullptr;
        QLabel *title = nullptr;
        QWidget *body = nullptr;
        PanelWidget *widget = nullptr;
        QLabel *detachedNote = nullptr;
        int section = 0;
        bool pending = false; // the widget is still to be made
    };
    struct Section
    {
        QToolButton *header = nullptr; // nullptr for the panels above every row
        QWidget *grid = nullptr;
        QList<int> panelIds;
        bool collapsed = false;
        bool built = false;
        int minY = 0;
    };
    void buildSection(int index);
    void buildPanel(int id);
    void buildSome();
    void layoutSection(int index);
    void layoutAll();
    void updateHeader(int index);
    Frame makeFrame(const ::Panel &panel, QWidget *parent);

    QWidget *m_content = nullptr;
    QVBoxLayout *m_layout = nullptr;
    Dashboard m_dashboard;
    PanelFactory m_factory;
    QList<Section> m_sections; // [0] = panels outside rows, then one per row
    QHash<int, Frame> m_frames;
    QList<int> m_pendingIds; // in layout order
    QTimer *m_buildTimer = nullptr;
    bool m_reserveScrollBar = false;
};
