#include "bargaugepanel.h"

#include "palette.h"

#include <QLinearGradient>
#include <QPainter>

#include <algorithm>
#include <cmath>

BarGaugePanel::BarGaugePanel(const Panel &panel, QWidget *parent) : PanelWidget(panel, parent)
{
    const QJsonObject o = panel.options();
    m_orientation = o.value(QLatin1String("orientation")).toString(QStringLiteral("auto"));
    m_displayMode = o.value(QLatin1String("displayMode")).toString(QStringLiteral("gradient"));
    m_showUnfilled = o.value(QLatin1String("showUnfilled")).toBool(true);
}

void BarGaugePanel::updateView()
{
    m_cells = reduceCells(panel(), data(), ValueRangeMode::Gauge, &m_range);
    update();
}

QString BarGaugePanel::effectiveOrientation() const
{
    if (m_orientation == QLatin1String("horizontal") || m_orientation == QLatin1String("vertical"))
        return m_orientation;
    return width() > height() ? QStringLiteral("vertical") : QStringLiteral("horizontal");
}

QList<BarGaugePanel::Layout> BarGaugePanel::layout() const
{
    QList<Layout> out;
    const QRectF area = QRectF(rect()).adjusted(6, 6, -6, -6);
    const int n = int(m_cells.size());
    const bool horizontal = effectiveOrientation() == QLatin1String("horizontal");
    const QList<QRectF> places = tileRects(area, n, 1.0, horizontal ? 1 : n, horizontal ? 6 : 8);
    out.reserve(n);
    for (const QRectF &s : places) {
        Layout l;
        if (horizontal) {
            const double valueWidth = std::clamp(s.width() * 0.22, 40.0, 160.0);
            QRectF rest = s;
            if (s.height() >= 34) {
                // Name above the bar.
                const double nameHeight = std::min(18.0, s.height() * 0.4);
                l.name = QRectF(s.left(), s.top(), s.width(), nameHeight);
                rest.setTop(s.top() + nameHeight + 2);
            } else {
                // Too low for two lines: the name sits left of the bar.
                l.name = QRectF(s.left(), s.top(), s.width() * 0.25, s.height());
                rest.setLeft(l.name.right() + 4);
            }
            l.value = QRectF(rest.right() - valueWidth, rest.top(), valueWidth, rest.height());
            l.bar = QRectF(rest.left(), rest.top(), std::max(1.0, rest.width() - valueWidth - 6),
                           rest.height());
        } else {
            const double band = std::clamp(s.height() * 0.14, 12.0, 30.0);
            l.value = QRectF(s.left(), s.top(), s.width(), band);
            l.name = QRectF(s.left(), s.bottom() - band, s.width(), band);
            l.bar = QRectF(s.left(), l.value.bottom() + 2, s.width(),
                           std::max(1.0, s.height() - 2 * band - 4));
        }
        out.append(l);
    }
    return out;
}

QList<QRectF> BarGaugePanel::barRects() const
{
    QList<QRectF> out;
    for (const Layout &l : layout())
        out.append(l.bar);
    return out;
}

void BarGaugePanel::paintEvent(QPaintEvent *event)
{
    PanelWidget::paintEvent(event);
    if (m_cells.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QList<Layout> l = layout();
    const bool horizontal = effectiveOrientation() == QLatin1String("horizontal");
    for (int i = 0; i < m_cells.size() && i < l.size(); ++i)
        paintBar(p, m_cells.at(i), l.at(i), horizontal);
}

void BarGaugePanel::paintBar(QPainter &p, const Cell &cell, const Layout &l, bool horizontal) const
{
    const QColor color = cell.colorName.isEmpty() ? QColor(0x73, 0xbf, 0x69) : cell.color;
    const QRectF bar = l.bar;
    const double fraction = cell.isNull ? 0.0 : std::clamp(cell.percent, 0.0, 1.0);
    const QColor unfilled(255, 255, 255, 20);
    const auto part = [&](double from, double to) {
        // The stretch [from, to] of the bar (0 = the min end).
        return horizontal ? QRectF(bar.left() + bar.width() * from, bar.top(),
                                   bar.width() * (to - from), bar.height())
                          : QRectF(bar.left(), bar.bottom() - bar.height() * to, bar.width(),
                                   bar.height() * (to - from));
    };
    const double span = m_range.max - m_range.min;

    if (m_displayMode == QLatin1String("lcd")) {
        const double length = horizontal ? bar.width() : bar.height();
        const int count = std::max(1, int(length / 14));
        const double gap = std::min(3.0, length / count * 0.2);
        for (int k = 0; k < count; ++k) {
            const double from = double(k) / count;
            const double to = double(k + 1) / count;
            const double mid = m_range.min + (from + to) / 2 * span;
            QColor c = namedColor(FieldDisplay::thresholdColor(mid, panel(), m_range), color);
            const bool lit = (from + to) / 2 <= fraction;
            if (!lit) {
                if (!m_showUnfilled)
                    continue;
                c.setAlphaF(0.15f);
            }
            QRectF r = part(from, to);
            r = horizontal ? r.adjusted(0, 0, -gap, 0) : r.adjusted(0, gap, 0, 0);
            p.fillRect(r, c);
        }
    } else {
        if (m_showUnfilled)
            p.fillRect(part(fraction, 1.0), unfilled);
        if (fraction > 0) {
            const QRectF filled = part(0, fraction);
            if (m_displayMode == QLatin1String("gradient") && !panel().thresholds.isEmpty()) {
                QLinearGradient g = horizontal ? QLinearGradient(bar.left(), 0, bar.right(), 0)
                                               : QLinearGradient(0, bar.bottom(), 0, bar.top());
                const QList<ThresholdStep> &steps = panel().thresholds;
                for (const ThresholdStep &s : steps) {
                    double at = 0;
                    if (s.value) {
                        const double v = panel().thresholdsPercent
                                             ? m_range.min + *s.value / 100 * span
                                             : *s.value;
                        at = std::clamp((v - m_range.min) / span, 0.0, 1.0);
                    }
                    g.setColorAt(at, namedColor(s.color, color));
                }
                p.fillRect(filled, g);
            } else {
                QColor fill = color;
                if (m_displayMode == QLatin1String("basic"))
                    fill.setAlphaF(0.85f);
                p.fillRect(filled, fill);
            }
        }
    }

    p.setPen(Theme::text);
    p.setFont(fitFont(font(), cell.title, l.name.size(), 16));
    p.drawText(l.name,
               (horizontal ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::AlignVCenter |
                   Qt::TextSingleLine,
               cell.title);
    p.setPen(color);
    p.setFont(fitFont(font(), cell.text, l.value.size(), 40));
    p.drawText(l.value,
               (horizontal ? Qt::AlignRight : Qt::AlignHCenter) | Qt::AlignVCenter |
                   Qt::TextSingleLine,
               cell.text);
}
