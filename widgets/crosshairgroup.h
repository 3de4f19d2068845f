#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class ChartPanel;

/// The time-series panels of one dashboard that share the mouse's time, as
/// Grafana's dashboard `graphTooltip` setting does: 0 = each panel on its own,
/// 1 = hovering one panel draws a crosshair at that time on all the others,
/// 2 = the others also show their tooltip for that time.
class CrosshairGroup final : public QObject
{
    Q_OBJECT
public:
    enum Mode { Default = 0, SharedCrosshair = 1, SharedTooltip = 2 };

    explicit CrosshairGroup(QObject *parent = nullptr);

    /// Clamped to 0..2; leaving a mode clears what the others drew.
    void setMode(int mode);
    int mode() const { return m_mode; }
    /// 0 -> 1 -> 2 -> 0 (Grafana's Ctrl+O); returns the new mode.
    int cycleMode();

    /// A panel joins the group; it leaves by itself when it is destroyed.
    void addPanel(ChartPanel *panel);
    void removePanel(ChartPanel *panel);
    /// Every panel leaves (the dashboard's panels are being recreated).
    void clear();
    QList<ChartPanel *> panels() const;

signals:
    void modeChanged(int mode);

private:
    void onHover(ChartPanel *source, double timeMs);
    void onLeave(ChartPanel *source);
    void clearShared();

    // QObject, not ChartPanel: removing a panel while it is destroyed must not downcast it.
    QList<QPointer<QObject>> m_panels;
    int m_mode = Default;
};
