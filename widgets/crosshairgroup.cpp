#include "crosshairgroup.h"

#include "chartpanel.h"

#include <algorithm>

CrosshairGroup::CrosshairGroup(QObject *parent) : QObject(parent)
{
}

void CrosshairGroup::setMode(int mode)
{
    mode = std::clamp(mode, int(Default), int(SharedTooltip));
    if (mode == m_mode)
        return;
    m_mode = mode;
    clearShared();
    emit modeChanged(mode);
}

int CrosshairGroup::cycleMode()
{
    setMode((m_mode + 1) % 3);
    return m_mode;
}

void CrosshairGroup::addPanel(ChartPanel *panel)
{
    if (!panel || panels().contains(panel))
        return;
    m_panels.append(panel);
    connect(panel, &ChartPanel::hoverTimeChanged, this,
            [this, panel](double timeMs) { onHover(panel, timeMs); });
    connect(panel, &ChartPanel::hoverLeft, this, [this, panel] { onLeave(panel); });
    // By QObject identity: a panel being destroyed is no ChartPanel any more (a
    // QPointer<ChartPanel> would downcast it).
    connect(panel, &QObject::destroyed, this, [this](QObject *gone) {
        m_panels.removeIf([gone](const QPointer<QObject> &p) { return p.isNull() || p.data() == gone; });
    });
}

void CrosshairGroup::removePanel(ChartPanel *panel)
{
    if (!panel)
        return;
    disconnect(panel, nullptr, this, nullptr);
    panel->clearSharedCrosshair();
    QObject *object = panel;
    m_panels.removeIf([object](const QPointer<QObject> &p) { return p.isNull() || p.data() == object; });
}

void CrosshairGroup::clear()
{
    for (ChartPanel *p : panels())
        removePanel(p);
    m_panels.clear();
}

QList<ChartPanel *> CrosshairGroup::panels() const
{
    QList<ChartPanel *> out;
    for (const QPointer<QObject> &p : m_panels)
        if (p)
            out.append(static_cast<ChartPanel *>(p.data()));
    return out;
}

void CrosshairGroup::onHover(ChartPanel *source, double timeMs)
{
    if (m_mode == Default)
        return;
    for (ChartPanel *p : panels())
        if (p != source && p->isVisible())
            p->showSharedCrosshair(timeMs, m_mode == SharedTooltip);
}

void CrosshairGroup::onLeave(ChartPanel *source)
{
    for (ChartPanel *p : panels())
        if (p != source)
            p->clearSharedCrosshair();
}

void CrosshairGroup::clearShared()
{
    for (ChartPanel *p : panels())
        p->clearSharedCrosshair();
}
