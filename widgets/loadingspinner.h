#pragma once

#include <QWidget>

class QTimer;

/// A small rotating arc that says "this is loading" without covering anything (the
/// corner of a panel's header, as Grafana's panel spinner). It animates only while
/// running and is hidden otherwise: a stopped spinner costs no timer ticks.
class LoadingSpinner final : public QWidget
{
    Q_OBJECT
public:
    explicit LoadingSpinner(QWidget *parent = nullptr);

    /// Shows the spinner and starts turning it, or stops and hides it.
    void setRunning(bool running);
    bool isRunning() const;
    /// The arc's start angle in degrees (advances while running; for tests).
    int angle() const { return m_angle; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QTimer *m_timer;
    int m_angle = 0;
};
