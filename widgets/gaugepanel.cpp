#include "gaugepanel.h"

#include "palette.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {

// The arc opens at the bottom: it starts at 210° and sweeps 240° clockwise.
constexpr double kStartDeg = 210;
constexpr double kSweepDeg = 240;

} // namespace

GaugePanel::GaugePanel(const Panel &panel, QWidget *parent) : PanelWidget(panel, parent)
{
    const QJsonObject o = panel.options();
    m_markers = o.value(QLatin1String("showThresholdMarkers")).toBool(true);
    m_orientation = o.value(QLatin1String("orientation")).toString(QStringLiteral("auto"));
    if (panel.type == QLatin1String("singlestat")) {
        // A legacy singlestat with gauge.show draws as a gauge; its options live there.
        const QJsonObject gauge = panel.raw.value(QLatin1String("gauge")).toObject();
        m_markers = gauge.value(QLatin1String("thresholdMarkers")).toBool(true);
    }
}

void GaugePanel::updateView()
{
    m_cells = reduceCells(panel(), data(), ValueRangeMode::Gauge, &m_range);
    update();
}

QList<QRectF> GaugePanel::gaugeRects() const
{
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    const int n = int(m_cells.size());
    bool sideBySide = area.width() >= area.height();
    if (m_orientation == QLatin1String("horizontal"))
        sideBySide = false;
    else if (m_orientation == QLatin1String("vertical"))
        sideBySide = true;
    if (n > 3 && m_orientation == QLatin1String("auto"))
        return tileRects(area, n, 1.0);
    return tileRects(area, n, 1.0, sideBySide ? n : 1);
}

void GaugePanel::paintEvent(QPaintEvent *event)
{
    PanelWidget::paintEvent(event);
    if (m_cells.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QList<QRectF> rects = gaugeRects();
    for (int i = 0; i < m_cells.size() && i < rects.size(); ++i)
        paintGauge(p, m_cells.at(i), rects.at(i));
}

void GaugePanel::paintGauge(QPainter &p, const Cell &cell, const QRectF &rect) const
{
    QRectF area = rect;
    if (m_cells.size() > 1) {
        const QRectF titleBox(rect.left(), rect.top(), rect.width(),
                              std::clamp(rect.height() * 0.14, 10.0, 24.0));
        p.setPen(Theme::text);
        p.setFont(fitFont(font(), cell.title, titleBox.size(), 16));
        p.drawText(titleBox, Qt::AlignCenter | Qt::TextSingleLine, cell.title);
        area.setTop(titleBox.bottom() + 2);
    }
    // The arc's bounding box is a square; an arc that opens by 120° needs less height.
    const double side = std::min(area.width(), area.height() * 1.15);
    if (side < 20)
        return;
    const double radius = side / 2 * 0.92;
    const QPointF c(area.center().x(), area.top() + area.height() / 2 + radius * 0.12);
    const double thickness = radius * (m_markers ? 0.18 : 0.22);
    const double markerWidth = m_markers ? std::max(2.0, radius * 0.06) : 0;
    const double arcRadius =
        radius - markerWidth - (m_markers ? markerWidth * 0.8 : 0) - thickness / 2;
    const QRectF arcBox(c.x() - arcRadius, c.y() - arcRadius, 2 * arcRadius, 2 * arcRadius);
    const auto angle16 = [](double deg) {
        return int(std::lround(deg * 16));
    };

    // Unfilled track, then the value.
    QPen pen(QColor(255, 255, 255, 22), thickness, Qt::SolidLine, Qt::FlatCap);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawArc(arcBox, angle16(kStartDeg), angle16(-kSweepDeg));
    if (!cell.isNull && cell.percent > 0) {
        pen.setColor(cell.colorName.isEmpty() ? QColor(0x73, 0xbf, 0x69) : cell.color);
        p.setPen(pen);
        p.drawArc(arcBox, angle16(kStartDeg), angle16(-kSweepDeg * cell.percent));
    }

    if (m_markers && !panel().thresholds.isEmpty()) {
        // Each threshold band on a thin outer ring, from its step to the next.
        const double r = radius - markerWidth / 2;
        const QRectF box(c.x() - r, c.y() - r, 2 * r, 2 * r);
        QPen band(Qt::white, markerWidth, Qt::SolidLine, Qt::FlatCap);
        const QList<ThresholdStep> &steps = panel().thresholds;
        const double span = m_range.max - m_range.min;
        const auto toFraction = [&](double v) {
            const double value = panel().thresholdsPercent ? m_range.min + v / 100 * span : v;
            return std::clamp((value - m_range.min) / span, 0.0, 1.0);
        };
        for (int i = 0; i < steps.size(); ++i) {
            const double from = steps.at(i).value ? toFraction(*steps.at(i).value) : 0.0;
            double to = 1.0;
            for (int j = i + 1; j < steps.size(); ++j) {
                if (steps.at(j).value) {
                    to = toFraction(*steps.at(j).value);
                    break;
                }
            }
            if (to <= from)
                continue;
            band.setColor(namedColor(steps.at(i).color, Theme::text));
            p.setPen(band);
            p.drawArc(box, angle16(kStartDeg - kSweepDeg * from),
                      angle16(-kSweepDeg * (to - from)));
        }
    }

    // The value in the middle of the arc.
    const double inner = arcRadius - thickness / 2;
    const QRectF textBox(c.x() - inner * 0.8, c.y() - inner * 0.45, inner * 1.6, inner * 0.8);
    p.setPen(cell.colorName.isEmpty() ? Theme::text : cell.color);
    p.setFont(fitFont(font(), cell.text, textBox.size(), 200));
    p.drawText(textBox, Qt::AlignCenter | Qt::TextSingleLine, cell.text);
}
