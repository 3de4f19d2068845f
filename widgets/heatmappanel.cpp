#include "heatmappanel.h"

#include "palette.h"
#include "plaintext.h"
#include "units.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace {

/// Dark-to-bright ramps (on a dark panel the hot cells are the bright ones).
QList<QColor> schemeStops(const QString &scheme)
{
    auto ramp = [](std::initializer_list<QRgb> rgbs) {
        QList<QColor> out;
        for (QRgb c : rgbs)
            out.append(QColor(c));
        return out;
    };
    if (scheme == QLatin1String("Spectral"))
        return ramp({0x5e4fa2, 0x3288bd, 0x66c2a5, 0xabdda4, 0xe6f598, 0xfee08b, 0xfdae61, 0xf46d43, 0xd53e4f, 0x9e0142});
    if (scheme == QLatin1String("Reds"))
        return ramp({0x3b0a0a, 0xa50f15, 0xef3b2c, 0xfc9272, 0xfee0d2});
    if (scheme == QLatin1String("Greens"))
        return ramp({0x0b2e13, 0x006d2c, 0x41ab5d, 0xa1d99b, 0xe5f5e0});
    if (scheme == QLatin1String("Blues"))
        return ramp({0x081d3b, 0x08519c, 0x4292c6, 0x9ecae1, 0xdeebf7});
    if (scheme == QLatin1String("Purples"))
        return ramp({0x2a0f45, 0x54278f, 0x807dba, 0xbcbddc, 0xefedf5});
    return ramp({0x3d1a05, 0xa63603, 0xf16913, 0xfdae6b, 0xfeedde}); // Oranges
}

QColor interpolate(const QList<QColor> &stops, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    const double pos = t * double(stops.size() - 1);
    const int i = std::min(int(pos), int(stops.size()) - 2);
    const double f = pos - i;
    const QColor &a = stops[i];
    const QColor &b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f),
                            float(a.greenF() + (b.greenF() - a.greenF()) * f),
                            float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

constexpr int axisGap = 4;

} // namespace

HeatmapPanel::HeatmapPanel(const Panel &panel, QWidget *parent) : PanelWidget(panel, parent)
{
    setMouseTracking(true);
    const QJsonObject color = panel.options().value(QLatin1String("color")).toObject();
    m_mode = color.value(QLatin1String("mode")).toString(QStringLiteral("scheme"));
    m_scheme = color.value(QLatin1String("scheme")).toString(QStringLiteral("Oranges"));
    m_fill = namedColor(color.value(QLatin1String("fill")).toString(QStringLiteral("dark-orange")), QColor(0xff7f00));
    m_exponential = color.value(QLatin1String("scale")).toString(QStringLiteral("exponential")) == QLatin1String("exponential");
    m_exponent = std::clamp(color.value(QLatin1String("exponent")).toDouble(0.5), 0.01, 10.0);
}

void HeatmapPanel::updateView()
{
    m_grid = HeatmapBuckets::build(data().series);
    update();
}

bool HeatmapPanel::dataIsEmpty() const
{
    return m_grid.isEmpty();
}

QColor HeatmapPanel::colorFor(double count) const
{
    double t = m_grid.maxCount > 0 ? count / m_grid.maxCount : 0;
    if (std::isnan(t)) // an infinite count over an infinite maximum
        t = 0;
    if (m_exponential)
        t = std::pow(std::clamp(t, 0.0, 1.0), m_exponent);
    if (m_mode == QLatin1String("opacity")) {
        QColor c = m_fill;
        c.setAlphaF(float(0.1 + 0.9 * t));
        return c;
    }
    return interpolate(schemeStops(m_scheme), t);
}

QString HeatmapPanel::bucketText(int bucket) const
{
    const double upper = m_grid.upperBounds[std::size_t(bucket)];
    if (std::isinf(upper))
        return QStringLiteral("+Inf");
    return formatValue(upper, panel().unit, panel().decimals);
}

QRect HeatmapPanel::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    int labelWidth = fm.horizontalAdvance(QStringLiteral("0"));
    for (int b = 0; b < m_grid.bucketCount(); ++b)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(bucketText(b)));
    const int left = std::min(labelWidth + 2 * axisGap, width() / 3);
    const int bottom = fm.height() + 2 * axisGap;
    return QRect(left, axisGap + fm.height() / 2, std::max(1, width() - left - axisGap),
                 std::max(1, height() - bottom - axisGap - fm.height() / 2));
}

QPoint HeatmapPanel::cellAt(const QPoint &pos) const
{
    if (m_grid.isEmpty())
        return {-1, -1};
    const QRect r = plotRect();
    if (!r.contains(pos))
        return {-1, -1};
    const int column = std::clamp(int(double(pos.x() - r.left()) * m_grid.timeCount() / r.width()), 0, m_grid.timeCount() - 1);
    const int fromBottom = std::clamp(int(double(r.bottom() - pos.y()) * m_grid.bucketCount() / r.height()), 0,
                                      m_grid.bucketCount() - 1);
    return {fromBottom, column};
}

QString HeatmapPanel::describeAt(const QPoint &pos) const
{
    const QPoint cell = cellAt(pos);
    if (cell.x() < 0)
        return {};
    const int b = cell.x();
    const int c = cell.y();
    const QString time = QDateTime::fromMSecsSinceEpoch(qint64(m_grid.timestampsMs[std::size_t(c)]))
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const double lower = m_grid.lowerBounds[std::size_t(b)];
    const QString bucket = (b == 0 && lower == m_grid.upperBounds[0] ? QStringLiteral("≤ ")
                                                                       : formatValue(lower, panel().unit, panel().decimals)
                                                                             + QStringLiteral(" – "))
                           + bucketText(b);
    const double count = m_grid.count(b, c);
    const QString countText = std::isnan(count) ? tr("no sample") : QString::number(count, 'g', 6);
    return tr("%1\nBucket: %2\nCount: %3").arg(time, bucket, countText);
}

void HeatmapPanel::paintEvent(QPaintEvent *event)
{
    PanelWidget::paintEvent(event);
    if (m_grid.isEmpty())
        return;
    QPainter p(this);
    const QRect r = plotRect();
    const int nt = m_grid.timeCount();
    const int nb = m_grid.bucketCount();
    const double cw = double(r.width()) / nt;
    const double ch = double(r.height()) / nb;
    const bool gap = cw >= 4 && ch >= 4;
    for (int b = 0; b < nb; ++b) {
        for (int c = 0; c < nt; ++c) {
            const double count = m_grid.count(b, c);
            if (std::isnan(count) || count <= 0)
                continue;
            const QRectF cell(r.left() + c * cw, r.bottom() + 1 - (b + 1) * ch, cw, ch);
            p.fillRect(gap ? cell.adjusted(0, 0, -1, -1) : cell, colorFor(count));
        }
    }

    p.setPen(Theme::text);
    const QFontMetrics fm = fontMetrics();
    // Y: bucket upper bounds at the top edge of their row, thinned to fit.
    const int every = std::max(1, int(std::ceil(double(fm.height()) / std::max(1.0, ch))));
    for (int b = 0; b < nb; b += every) {
        const int y = int(r.bottom() + 1 - (b + 1) * ch + ch / 2);
        p.drawText(QRect(0, y - fm.height() / 2, r.left() - axisGap, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, bucketText(b));
    }
    // X: times, about one label per 110 px.
    const double span = m_grid.timestampsMs.back() - m_grid.timestampsMs.front();
    const QString format = span > 86400000.0 ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm");
    const int labels = std::max(1, r.width() / 110);
    const int step = std::max(1, nt / labels);
    for (int c = 0; c < nt; c += step) {
        const int x = int(r.left() + (c + 0.5) * cw);
        const QString text = QDateTime::fromMSecsSinceEpoch(qint64(m_grid.timestampsMs[std::size_t(c)])).toString(format);
        const int w = fm.horizontalAdvance(text);
        if (x - w / 2 < r.left() - axisGap || x + w / 2 > width())
            continue;
        p.drawText(QRect(x - w / 2, r.bottom() + axisGap, w, fm.height()), Qt::AlignCenter, text);
    }
}

void HeatmapPanel::mouseMoveEvent(QMouseEvent *event)
{
    const QString text = describeAt(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), plainToolTip(text), this);
    PanelWidget::mouseMoveEvent(event);
}

void HeatmapPanel::leaveEvent(QEvent *event)
{
    QToolTip::hideText();
    PanelWidget::leaveEvent(event);
}
