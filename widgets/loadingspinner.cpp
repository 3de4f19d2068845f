#include "loadingspinner.h"

#include <QPainter>
#include <QTimer>

namespace {
constexpr int kFrameMs = 40; // 25 frames a second: smooth enough, cheap on a shared machine
constexpr int kDegreesPerFrame = 18;
} // namespace

LoadingSpinner::LoadingSpinner(QWidget *parent) : QWidget(parent), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("panelSpinner"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_TranslucentBackground);
    setFixedSize(sizeHint());
    setToolTip(tr("Loading…"));
    setAccessibleName(tr("Loading"));
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + kDegreesPerFrame) % 360;
        update();
    });
    hide();
}

QSize LoadingSpinner::sizeHint() const
{
    return {16, 16};
}

void LoadingSpinner::setRunning(bool running)
{
    if (running == m_timer->isActive())
        return;
    if (running) {
        m_timer->start();
        show();
        raise();
    } else {
        m_timer->stop();
        hide();
    }
}

bool LoadingSpinner::isRunning() const
{
    return m_timer->isActive();
}

void LoadingSpinner::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(2, 2, -2, -2);
    QPen track(QColor(138, 184, 255, 60), 2);
    p.setPen(track);
    p.drawEllipse(r);
    QPen arc(QColor(138, 184, 255), 2, Qt::SolidLine, Qt::RoundCap);
    p.setPen(arc);
    // Qt angles are in 1/16 degree, counter-clockwise: turn clockwise.
    p.drawArc(r, -m_angle * 16, 100 * 16);
}
