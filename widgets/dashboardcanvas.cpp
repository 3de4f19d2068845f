#include "dashboardcanvas.h"

#include "panelfactory.h"
#include "panelwidget.h"
#include "palette.h"

#include <QLabel>

#include <algorithm>

namespace {
constexpr int kRowPx = 30;
constexpr int kGapPx = 8;
constexpr int kHeaderPx = 44;
} // namespace

DashboardCanvas::DashboardCanvas(const Dashboard &dashboard, int width, QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Theme::windowBackground);
    pal.setColor(QPalette::WindowText, Theme::text);
    setPalette(pal);

    auto *title = new QLabel(this);
    title->setTextFormat(Qt::PlainText);
    title->setText(dashboard.title);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.4);
    tf.setBold(true);
    title->setFont(tf);
    title->setGeometry(kGapPx, 6, width - 2 * kGapPx, kHeaderPx - 10);

    int bottom = kHeaderPx;
    for (const Panel &p : dashboard.panels) {
        const QRect r = panelRect(p.gridPos, width);
        const int x = r.x(), y = r.y(), w = r.width(), h = r.height();
        auto *frame = new QWidget(this);
        frame->setAutoFillBackground(true);
        QPalette fp = frame->palette();
        fp.setColor(QPalette::Window, Theme::panelBackground);
        frame->setPalette(fp);
        frame->setGeometry(x, y, w, h);
        auto *caption = new QLabel(frame);
        caption->setTextFormat(Qt::PlainText);
        caption->setText(p.title);
        caption->setGeometry(8, 2, w - 16, 22);
        PanelWidget *chart = createPanelWidget(p, frame);
        chart->setGeometry(0, 24, w, h - 24);
        m_panels.insert(p.id, chart);
        bottom = std::max(bottom, y + h + kGapPx);
    }
    resize(width, bottom);
}

QRect DashboardCanvas::panelRect(const GridPos &pos, int width)
{
    const double colPx = double(width - kGapPx) / 24.0;
    const int x = int(pos.x * colPx) + kGapPx;
    const int y = kHeaderPx + pos.y * (kRowPx + kGapPx);
    const int w = int((pos.x + pos.w) * colPx) - x;
    const int h = pos.h * (kRowPx + kGapPx) - kGapPx;
    return QRect(x, y, w, h);
}

QHash<int, int> DashboardCanvas::plotWidths() const
{
    QHash<int, int> widths;
    for (auto it = m_panels.cbegin(); it != m_panels.cend(); ++it)
        if (it.value()->needsQueries())
            widths.insert(it.key(), it.value()->plotWidth());
    return widths;
}
