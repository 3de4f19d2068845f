#include "linelayer.h"

#include "background.h"
#include "decimation.h"
#include "idlereclaim.h"

#include <QBackingStore>
#include <QCoreApplication>
#include <QPaintEngine>
#include <QPainter>
#include <QElapsedTimer>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace {

// A snapshot's point buffers are reused: a fresh megabyte for every paint costs its
// page faults (on this VM half of a heavy chart's repaint), a recycled one none.
// Snapshots end on the pool too. Two kept: enough for a paint's two buffers, more
// would hold memory for nothing when many charts are stroked at once; they go when
// the application is idle.
IdleReclaim::RecyclePool<std::vector<QPointF>> &pointBuffers()
{
    static IdleReclaim::RecyclePool<std::vector<QPointF>> buffers(2);
    return buffers;
}

void giveBack(std::vector<QPointF> &v)
{
    if (v.capacity() == 0)
        return;
    if (v.capacity() * sizeof(QPointF) > (8u << 20)) {
        IdleReclaim::touch(); // freed now: its pages are trimmed when idle
        return;
    }
    v.clear();
    pointBuffers().give(std::move(v));
}

// The UI thread's share of a heavy chart's paint (its snapshot) is a millisecond or
// two; one repaint of a window whose 24 charts all got new data would take them all
// in one go. Past this much snapshot work in one turn of the event loop, a chart
// asks again in the next turn (showing its previous lines meanwhile).
constexpr qint64 kSnapshotSliceNs = 6'000'000;
qint64 g_snapshotNs = 0;
bool g_sliceResetPosted = false;

} // namespace

LineLayer::LineLayer(QGraphicsItem *parent) : QGraphicsItem(parent)
{
    setFlag(ItemHasNoContents, false);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    // The layer keeps its own image of the plot (see paint), not QGraphicsItem's cache.
    setCacheMode(NoCache);
    m_self = std::make_shared<LineLayer *>(this);
}

LineLayer::~LineLayer()
{
    *m_self = nullptr; // answers from the pool still under way find nobody
}

void LineLayer::changed()
{
    ++m_generation;
    update();
}

void LineLayer::clear()
{
    m_lines.clear();
    m_owner.reset();
    changed();
}

void LineLayer::addLine(const Line &line)
{
    if (line.n > 0 && line.t && (line.v || line.vi))
        m_lines.push_back(line);
    changed();
}

void LineLayer::setMapping(const QRectF &plot, double x0, double x1, double left0, double left1,
                           double right0, double right1)
{
    Mapping &m = m_map;
    if (plot != m.plot)
        prepareGeometryChange();
    const bool same = plot == m.plot && x0 == m.x0 && x1 == m.x1 && left0 == m.l0 &&
                      left1 == m.l1 && right0 == m.r0 && right1 == m.r1;
    m.plot = plot;
    m.x0 = x0;
    m.x1 = x1;
    m.l0 = left0;
    m.l1 = left1;
    m.r0 = right0;
    m.r1 = right1;
    if (!same)
        changed();
}

int LineLayer::Mapping::columns() const
{
    return plot.width() >= 1 ? int(std::ceil(plot.width())) : std::max(1, columnsHint);
}

QRectF LineLayer::boundingRect() const
{
    return m_map.plot;
}

LineLayer::PixelMap LineLayer::Mapping::pixelMap(bool right) const
{
    const double y0 = right ? r0 : l0, y1 = right ? r1 : l1;
    PixelMap m;
    m.x0 = x0;
    m.kx = x1 > x0 ? 1.0 / (x1 - x0) : 0.0;
    m.y0 = y0;
    m.ky = y1 > y0 ? 1.0 / (y1 - y0) : 0.0;
    m.left = plot.left();
    m.bottom = plot.bottom();
    m.width = plot.width();
    m.height = plot.height();
    return m;
}

void LineLayer::Mapping::appendDecimated(const Line &l, std::vector<QPointF> &points) const
{
    // Columns on the device's pixel columns: a data column straddling two pixels
    // would merge the extremes of both.
    const double width = plot.width() >= 1 ? plot.width() : double(columns());
    const double left = plot.width() >= 1 ? plot.left() : 0.0;
    const double msPerPx = (x1 - x0) / width;
    const double firstPx = std::floor(left);
    const int cols = int(std::ceil(left + width) - firstPx);
    const double t0 = x0 + (firstPx - left) * msPerPx;
    if (l.vi)
        m4DecimateAppend(l.t, l.vi, l.divisor, l.n, t0, t0 + cols * msPerPx, std::max(1, cols), points);
    else
        m4DecimateAppend(l.t, l.v, l.n, t0, t0 + cols * msPerPx, std::max(1, cols), points);
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
    m_map.appendDecimated(l, points);
    if (lower && !points.empty())
        appendLower(l, points.data(), points.size(), *lower);
}

void LineLayer::appendLower(const Line &l, const QPointF *points, std::size_t n,
                            std::vector<QPointF> &lower)
{
    if (n == 0)
        return;
    if (l.lower) {
        // The base under each drawn point: the stack below it at that very time.
        for (std::size_t k = 0; k < n; ++k) {
            const QPointF &pt = points[k];
            const std::size_t i = std::size_t(std::lower_bound(l.t, l.t + l.n, pt.x()) - l.t);
            lower.emplace_back(pt.x(), i < l.n ? l.lower[i] : l.baseline);
        }
    } else {
        lower.emplace_back(points[0].x(), l.baseline);
        lower.emplace_back(points[n - 1].x(), l.baseline);
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

/// What a paint draws, owning its points: the decimated points of every line (data
/// coordinates), taken from the panel's arrays (on the pool when they have an owner);
/// mapped to pixels and stroked on any thread.
struct LineLayer::Snapshot
{
    struct Part
    {
        std::size_t begin = 0, end = 0;           // in points
        std::size_t lowerBegin = 0, lowerEnd = 0; // in lower (fills)
        PixelMap map{};
        QPen pen;
        QBrush brush;
    };
    Snapshot() : points(pointBuffers().take()), lower(pointBuffers().take()) {}
    Snapshot(Snapshot &&) = default;
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;
    ~Snapshot()
    {
        giveBack(points);
        giveBack(lower);
    }

    QRectF clip;
    int columns = 1;
    std::vector<QPointF> points, lower;
    std::vector<Part> fills, strokes;
};

LineLayer::Snapshot LineLayer::snapshot(const std::vector<Line> &lines, const Mapping &m)
{
    Snapshot s;
    s.clip = m.plot;
    s.columns = m.columns();
    // Room for what M4 can give (four points a pixel column, or every sample when
    // fewer): a growing buffer would keep up to twice that in the recycled buffers.
    {
        const double width = m.plot.width() >= 1 ? m.plot.width() : double(s.columns);
        const std::size_t perLine = 4 * std::size_t(std::ceil(width) + 1) + 4;
        std::size_t points = 0, lower = 0;
        for (const Line &l : lines) {
            const std::size_t n = std::min(l.n, perLine);
            points += (l.pen.style() == Qt::NoPen ? 0 : n) + (l.fill.style() == Qt::NoBrush ? 0 : n);
            lower += l.fill.style() == Qt::NoBrush ? 0 : n;
        }
        if (s.points.capacity() < points)
            s.points.reserve(points);
        if (lower && s.lower.capacity() < lower)
            s.lower.reserve(lower);
    }
    for (const Line &l : lines) {
        if (l.fill.style() == Qt::NoBrush)
            continue;
        Snapshot::Part f;
        f.begin = s.points.size();
        m.appendDecimated(l, s.points);
        f.end = s.points.size();
        if (f.end - f.begin < 2) {
            s.points.resize(f.begin);
            continue;
        }
        f.brush = l.fill;
        f.map = m.pixelMap(l.right);
        f.lowerBegin = s.lower.size();
        appendLower(l, s.points.data() + f.begin, f.end - f.begin, s.lower);
        f.lowerEnd = s.lower.size();
        s.fills.push_back(std::move(f));
    }
    for (const Line &l : lines) {
        if (l.pen.style() == Qt::NoPen)
            continue;
        // Straight into the snapshot's buffer (reserved above): no copy per line.
        Snapshot::Part st;
        st.begin = s.points.size();
        m.appendDecimated(l, s.points);
        st.end = s.points.size();
        if (st.end == st.begin)
            continue;
        st.pen = l.pen;
        st.map = m.pixelMap(l.right);
        s.strokes.push_back(std::move(st));
    }
    return s;
}

LineLayer::Snapshot LineLayer::snapshot() const
{
    return snapshot(m_lines, m_map);
}

void LineLayer::render(QPainter &painter, const Snapshot &s, bool antialiased)
{
    painter.save();
    painter.setClipRect(s.clip);
    // Fills first, under every line, without antialiasing: the line drawn over the
    // edge hides it, and an antialiased polygon of thousands of edges costs more
    // than all the lines.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    QPolygonF polygon;
    for (const Snapshot::Part &f : s.fills) {
        polygon.clear();
        polygon.reserve(qsizetype(f.end - f.begin + f.lowerEnd - f.lowerBegin));
        for (std::size_t i = f.begin; i < f.end; ++i)
            polygon << f.map(s.points[i]);
        for (std::size_t i = f.lowerEnd; i > f.lowerBegin; --i)
            polygon << f.map(s.lower[i - 1]);
        painter.setBrush(f.brush);
        painter.drawPolygon(polygon);
    }
    painter.setRenderHint(QPainter::Antialiasing, antialiased);
    painter.setBrush(Qt::NoBrush);
    std::vector<QLineF> segments;
    for (const Snapshot::Part &st : s.strokes) {
        painter.setPen(st.pen);
        const std::size_t count = st.end - st.begin;
        const QPointF *in = s.points.data() + st.begin;
        if (count <= std::size_t(s.columns)) {
            polygon.resize(qsizetype(count));
            QPointF *out = polygon.data();
            for (std::size_t i = 0; i < count; ++i)
                out[i] = st.map(in[i]);
            if (count == 1)
                painter.drawPoint(polygon.front());
            else
                painter.drawPolyline(polygon);
            continue;
        }
        // Denser than the pixels: every point on its column's centre, so the
        // antialiased min-max stroke of a column covers that column as the hundreds
        // of segments it stands for do (not half of two columns). Then the segments
        // between a column's points all lie on its stroke from the lowest to the
        // highest: that stroke and one connector from the last point of the column
        // before draw the same pixels, half as many times.
        segments.clear();
        segments.reserve(2 * std::size_t(s.columns) + 2);
        QPointF previous;
        for (std::size_t g = 0; g < count;) {
            QPointF p = st.map(in[g]);
            const double x = std::floor(p.x()) + 0.5;
            p.setX(x);
            double lo = p.y(), hi = lo;
            QPointF last = p;
            std::size_t e = g + 1;
            for (; e < count; ++e) {
                QPointF q = st.map(in[e]);
                if (std::floor(q.x()) + 0.5 != x)
                    break;
                q.setX(x);
                lo = std::min(lo, q.y());
                hi = std::max(hi, q.y());
                last = q;
            }
            if (g > 0)
                segments.emplace_back(previous, p);
            if (hi > lo)
                segments.emplace_back(x, lo, x, hi);
            previous = last;
            g = e;
        }
        painter.drawLines(segments.data(), int(segments.size()));
    }
    painter.restore();
}

QImage LineLayer::rendered(const Snapshot &s, const ImageKey &key, const QTransform &toImage,
                           bool antialiased)
{
    QImage image(key.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setTransform(toImage);
    render(p, s, antialiased);
    return image;
}

void LineLayer::deliver(const std::shared_ptr<LineLayer *> &self, const QImage &image,
                        const ImageKey &key)
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, image, key] {
            if (LineLayer *layer = *self)
                layer->imageReady(image, key);
        },
        Qt::QueuedConnection);
}

void LineLayer::imageReady(const QImage &image, const ImageKey &key)
{
    if (m_pending && m_pendingKey == key)
        m_pending = false;
    if (key.generation != m_generation)
        return; // the lines changed meanwhile: the next paint asks again
    m_image = image;
    m_imageKey = key;
    update();
}

void LineLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *widget)
{
    if (m_map.plot.isEmpty() || m_lines.empty()) {
        m_shownGeneration = m_generation;
        return;
    }
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    const QTransform device = painter->deviceTransform();
    // grab(), render() and printing draw straight onto their device, at once; only
    // a paint into the window's backing store uses the image (and the pool).
    QBackingStore *store = widget ? widget->window()->backingStore() : nullptr;
    const bool onScreen = store && painter->paintEngine() &&
                          painter->paintEngine()->paintDevice() == store->paintDevice();
    if (!onScreen || device.type() > QTransform::TxScale) {
        render(*painter, snapshot(), antialiased);
        m_shownGeneration = m_generation;
        return;
    }
    // On screen: an image of the plot at device pixels, reused while the lines,
    // the size and the sub-pixel position stay (scrolling moves it whole).
    const QRect target = device.mapRect(m_map.plot).toAlignedRect();
    if (target.isEmpty())
        return;
    ImageKey key;
    key.generation = m_generation;
    key.size = target.size();
    key.fx = device.dx() - std::floor(device.dx());
    key.fy = device.dy() - std::floor(device.dy());
    key.sx = device.m11();
    key.sy = device.m22();
    key.antialiased = antialiased;
    // The image is drawn 1:1 onto device pixels: the world transform set to undo the
    // rest of the device mapping (window, redirection of a child widget or of
    // render()/grab(), high-DPI scale).
    const QTransform beyondWorld = painter->worldTransform().inverted() * device;
    const auto blit = [&] {
        painter->save();
        painter->setWorldTransform(beyondWorld.inverted());
        painter->drawImage(target.topLeft(), m_image);
        painter->restore();
    };
    if (m_imageKey == key && !m_image.isNull()) {
        blit();
        m_shownGeneration = m_generation;
        return;
    }
    const QTransform toImage = device * QTransform::fromTranslate(-target.x(), -target.y());
    std::size_t samples = 0;
    for (const Line &l : m_lines)
        samples += l.n;
    if (samples <= kBackgroundSamples) {
        QImage image(target.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter p(&image);
            p.setTransform(toImage);
            render(p, snapshot(), antialiased);
        }
        m_image = image;
        m_imageKey = key;
        blit();
        m_shownGeneration = m_generation;
        return;
    }
    const bool asked = m_pending && m_pendingKey == key; // an image for this key is coming
    if (!asked && m_owner) {
        // The arrays are shared-owned: decimated on the pool as well, the UI thread
        // copies only the lines' descriptions.
        m_pending = true;
        m_pendingKey = key;
        std::shared_ptr<LineLayer *> self = m_self;
        runInBackground([lines = m_lines, map = m_map, owner = m_owner, toImage, key, antialiased,
                         self] {
            const Snapshot snap = snapshot(lines, map);
            deliver(self, rendered(snap, key, toImage, antialiased), key);
        });
    } else if (!asked && g_snapshotNs >= kSnapshotSliceNs) {
        std::shared_ptr<LineLayer *> self = m_self;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self] {
                if (LineLayer *layer = *self)
                    layer->update();
            },
            Qt::QueuedConnection);
    } else if (!asked) {
        m_pending = true;
        m_pendingKey = key;
        QElapsedTimer spent;
        spent.start();
        auto snap = std::make_shared<const Snapshot>(snapshot());
        g_snapshotNs += spent.nsecsElapsed();
        if (!g_sliceResetPosted) {
            g_sliceResetPosted = true;
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [] {
                    g_snapshotNs = 0;
                    g_sliceResetPosted = false;
                },
                Qt::QueuedConnection);
        }
        std::shared_ptr<LineLayer *> self = m_self;
        runInBackground([snap, toImage, key, antialiased, self] {
            deliver(self, rendered(*snap, key, toImage, antialiased), key);
        });
    }
    // Until then, the previous lines where they fit (a data change at the same size).
    if (!m_image.isNull() && m_imageKey.size == key.size)
        blit();
}
