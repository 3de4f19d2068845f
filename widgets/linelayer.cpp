#include "linelayer.h"

#include "decimation.h"

#include <QPainter>
#include <QPixmapCache>

#include <algorithm>
#include <cmath>

LineLayer::LineLayer(QGraphicsItem *parent) : QGraphicsItem(parent)
{
    setFlag(ItemHasNoContents, false);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    // Painted once per data or geometry change into a pixmap the size of the plot;
    // the many repaints between (crosshair, tooltip, a spinner over the panel) copy it.
    setCacheMode(DeviceCoordinateCache);
    // Those pixmaps live in QPixmapCache, 10 MB by default: two dozen plots on a 4K
    // screen are more, and each evicted one is decimated and stroked again on every
    // repaint of the window (four or five per refresh). Room for a few screens of plots.
    constexpr int kCacheKb = 128 * 1024;
    if (QPixmapCache::cacheLimit() < kCacheKb)
        QPixmapCache::setCacheLimit(kCacheKb);
}

void LineLayer::clear()
{
    m_lines.clear();
    update();
}

void LineLayer::addLine(const Line &line)
{
    if (line.n > 0 && line.t && line.v)
        m_lines.push_back(line);
    update();
}

void LineLayer::setMapping(const QRectF &plot, double x0, double x1, double left0, double left1,
                           double right0, double right1)
{
    if (plot != m_plot)
        prepareGeometryChange();
    m_plot = plot;
    m_x0 = x0;
    m_x1 = x1;
    m_l0 = left0;
    m_l1 = left1;
    m_r0 = right0;
    m_r1 = right1;
    update();
}

int LineLayer::columns() const
{
    return m_plot.width() >= 1 ? int(std::ceil(m_plot.width())) : std::max(1, m_columnsHint);
}

QRectF LineLayer::boundingRect() const
{
    return m_plot;
}

QPointF LineLayer::toPixel(const QPointF &p, bool right) const
{
    const double y0 = right ? m_r0 : m_l0, y1 = right ? m_r1 : m_l1;
    const double fx = m_x1 > m_x0 ? (p.x() - m_x0) / (m_x1 - m_x0) : 0;
    const double fy = y1 > y0 ? (p.y() - y0) / (y1 - y0) : 0;
    // Far-off values (a spike a million times the axis) are clamped well outside the
    // plot: the line leaves it at the right angle and the rasteriser never sees huge
    // coordinates.
    const double x = m_plot.left() + std::clamp(fx, -4.0, 5.0) * m_plot.width();
    const double y = m_plot.bottom() - std::clamp(fy, -4.0, 5.0) * m_plot.height();
    return {x, y};
}

void LineLayer::decimated(std::size_t k, std::vector<QPointF> &points,
                          std::vector<QPointF> *lower) const
{
    points.clear();
    if (lower)
        lower->clear();
    if (k >= m_lines.size())
        return;
    const Line &l = m_lines[k];
    // Columns on the device's pixel columns: a data column straddling two pixels
    // would merge the extremes of both.
    const double width = m_plot.width() >= 1 ? m_plot.width() : double(columns());
    const double left = m_plot.width() >= 1 ? m_plot.left() : 0.0;
    const double msPerPx = (m_x1 - m_x0) / width;
    const double firstPx = std::floor(left);
    const int cols = int(std::ceil(left + width) - firstPx);
    const double t0 = m_x0 + (firstPx - left) * msPerPx;
    m4Decimate(l.t, l.v, l.n, t0, t0 + cols * msPerPx, std::max(1, cols), points);
    if (!lower || points.empty())
        return;
    if (l.lower) {
        // The base under each drawn point: the stack below it at that very time.
        for (const QPointF &pt : points) {
            const std::size_t i = std::size_t(std::lower_bound(l.t, l.t + l.n, pt.x()) - l.t);
            lower->emplace_back(pt.x(), i < l.n ? l.lower[i] : l.baseline);
        }
    } else {
        lower->emplace_back(points.front().x(), l.baseline);
        lower->emplace_back(points.back().x(), l.baseline);
    }
}

std::size_t LineLayer::drawnPointCount() const
{
    std::size_t n = 0;
    std::vector<QPointF> points;
    for (std::size_t k = 0; k < m_lines.size(); ++k) {
        if (m_lines[k].pen.style() == Qt::NoPen)
            continue;
        decimated(k, points);
        n += points.size();
    }
    return n;
}

void LineLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_plot.isEmpty() || m_lines.empty())
        return;
    painter->save();
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setClipRect(m_plot);
    // Fills first, under every line, without antialiasing: the line drawn over the
    // edge hides it, and an antialiased polygon of thousands of edges costs more
    // than all the lines.
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (std::size_t k = 0; k < m_lines.size(); ++k) {
        const Line &l = m_lines[k];
        if (l.fill.style() == Qt::NoBrush)
            continue;
        decimated(k, m_points, &m_lower);
        if (m_points.size() < 2)
            continue;
        m_polygon.clear();
        m_polygon.reserve(qsizetype(m_points.size() + m_lower.size()));
        for (const QPointF &p : m_points)
            m_polygon << toPixel(p, l.right);
        for (auto it = m_lower.rbegin(); it != m_lower.rend(); ++it)
            m_polygon << toPixel(*it, l.right);
        painter->setPen(Qt::NoPen);
        painter->setBrush(l.fill);
        painter->drawPolygon(m_polygon);
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
    painter->setBrush(Qt::NoBrush);
    for (std::size_t k = 0; k < m_lines.size(); ++k) {
        const Line &l = m_lines[k];
        if (l.pen.style() == Qt::NoPen)
            continue;
        decimated(k, m_points);
        if (m_points.empty())
            continue;
        m_polygon.resize(qsizetype(m_points.size()));
        for (std::size_t i = 0; i < m_points.size(); ++i)
            m_polygon[qsizetype(i)] = toPixel(m_points[i], l.right);
        painter->setPen(l.pen);
        if (m_points.size() > std::size_t(columns())) {
            // Denser than the pixels: every point on its column's centre, so the
            // antialiased min-max stroke of a column covers that column as the
            // hundreds of segments it stands for do (not half of two columns).
            for (QPointF &p : m_polygon)
                p.setX(std::floor(p.x()) + 0.5);
            // Then the segments between a column's points all lie on its stroke from
            // the lowest to the highest: that stroke and one connector from the last
            // point of the column before draw the same pixels, half as many times.
            m_segments.clear();
            const qsizetype size = m_polygon.size();
            for (qsizetype g = 0; g < size;) {
                const double x = m_polygon[g].x();
                double lo = m_polygon[g].y(), hi = lo;
                qsizetype e = g + 1;
                for (; e < size && m_polygon[e].x() == x; ++e) {
                    lo = std::min(lo, m_polygon[e].y());
                    hi = std::max(hi, m_polygon[e].y());
                }
                if (g > 0)
                    m_segments.emplace_back(m_polygon[g - 1], m_polygon[g]);
                if (hi > lo)
                    m_segments.emplace_back(x, lo, x, hi);
                g = e;
            }
            painter->drawLines(m_segments.data(), int(m_segments.size()));
            continue;
        }
        if (m_polygon.size() == 1)
            painter->drawPoint(m_polygon.front());
        else
            painter->drawPolyline(m_polygon);
    }
    painter->restore();
}
