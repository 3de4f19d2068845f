#include "statpanel.h"

#include "palette.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isSinglestat(const Panel &panel)
{
    return panel.type == QLatin1String("singlestat") ||
           panel.type == QLatin1String("grafana-singlestat-panel");
}

// Panel::displayName may carry Grafana's field templates.
QString cellTitle(const Panel &panel, const PanelSeries &series)
{
    const QString name = series.name.isEmpty() ? series.refId : series.name;
    if (panel.displayName.isEmpty())
        return name;
    static const QRegularExpression labelRef(
        QStringLiteral(R"(\$\{__field\.labels\.([A-Za-z0-9_]+)\})"));
    QString out = panel.displayName;
    out.replace(QLatin1String("${__series.name}"), name);
    out.replace(QLatin1String("${__field.name}"), name);
    out.replace(QLatin1String("${__field.displayName}"), name);
    QRegularExpressionMatch m = labelRef.match(out);
    while (m.hasMatch()) {
        const QString value = series.labels.value(m.captured(1));
        out.replace(m.capturedStart(), m.capturedLength(), value);
        m = labelRef.match(out, m.capturedStart() + value.size());
    }
    return out;
}

} // namespace

QList<ValueCell> reduceCells(const Panel &panel, const PanelData &data, ValueRangeMode mode,
                             FieldDisplay::Range *rangeOut)
{
    const QString calc = panel.reduceCalc;
    const bool nameCalc = calc == QLatin1String("name");
    std::vector<double> reduced;
    reduced.reserve(data.series.size());
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const PanelSeries &s : data.series) {
        const std::optional<double> v =
            nameCalc ? std::nullopt
                     : withDoubles(s.values, [&calc](DoubleSpan v) { return FieldDisplay::reduce(v, calc); });
        reduced.push_back(v && !std::isnan(*v) ? *v : kNaN);
        if (v && std::isfinite(*v)) {
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
        }
    }
    const std::optional<double> dataMin =
        std::isfinite(lo) ? std::optional<double>(lo) : std::nullopt;
    const std::optional<double> dataMax =
        std::isfinite(hi) ? std::optional<double>(hi) : std::nullopt;
    FieldDisplay::Range r;
    if (mode == ValueRangeMode::Data || panel.min || panel.max) {
        // A half-set range takes its other end from the data; min starts at zero at most.
        const std::optional<double> dmin = mode == ValueRangeMode::Gauge && dataMin
                                               ? std::optional<double>(std::min(0.0, *dataMin))
                                               : dataMin;
        r = FieldDisplay::range(panel, dmin, dataMax);
    } else {
        r = FieldDisplay::range(panel);
    }
    if (rangeOut)
        *rangeOut = r;

    QList<ValueCell> cells;
    cells.reserve(int(data.series.size()));
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        const PanelSeries &s = data.series[i];
        ValueCell c;
        c.title = cellTitle(panel, s);
        c.seriesIndex = int(i);
        FieldDisplay::DisplayOptions opts;
        opts.seriesIndex = int(i);
        opts.range = r;
        if (nameCalc) {
            // Legacy singlestat "Name": the series name is the value.
            const FieldDisplay::DisplayValue d = FieldDisplay::display(kNaN, panel, opts);
            c.text = c.title;
            c.colorName = d.color;
            c.isNull = false;
        } else {
            const FieldDisplay::DisplayValue d = FieldDisplay::display(reduced[i], panel, opts);
            c.text = d.toString();
            c.colorName = d.color;
            c.value = reduced[i];
            c.isNull = d.isNull;
            c.percent = d.percent;
        }
        c.color = namedColor(c.colorName, Theme::text);
        cells.append(c);
    }
    return cells;
}

QList<QRectF> tileRects(const QRectF &area, int count, double aspect, int columns, double gap)
{
    QList<QRectF> out;
    if (count <= 0 || area.width() <= 0 || area.height() <= 0)
        return out;
    int cols = columns;
    if (cols <= 0) {
        // The column count that makes the items largest at the preferred aspect.
        double best = -1;
        for (int c = 1; c <= count; ++c) {
            const int rows = (count + c - 1) / c;
            const double w = (area.width() - gap * (c - 1)) / c;
            const double h = (area.height() - gap * (rows - 1)) / rows;
            const double size = std::min(w, h * aspect);
            if (size > best + 0.5) {
                best = size;
                cols = c;
            }
        }
    }
    cols = std::clamp(cols, 1, count);
    const int rows = (count + cols - 1) / cols;
    const double w = std::max(1.0, (area.width() - gap * (cols - 1)) / cols);
    const double h = std::max(1.0, (area.height() - gap * (rows - 1)) / rows);
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        const int row = i / cols;
        const int col = i % cols;
        out.append(QRectF(area.left() + col * (w + gap), area.top() + row * (h + gap), w, h));
    }
    return out;
}

QFont fitFont(const QFont &base, const QString &text, const QSizeF &box, double maxPx)
{
    QFont f = base;
    double px = std::max(6.0, std::min(box.height() * 0.85, maxPx));
    f.setPixelSize(int(px));
    if (text.isEmpty())
        return f;
    const double w = QFontMetricsF(f).horizontalAdvance(text);
    if (w > box.width() && w > 0) {
        px = std::max(6.0, px * box.width() / w);
        f.setPixelSize(int(px));
    }
    return f;
}

void StatPanel::setMaxValuePixelSize(int px)
{
    px = std::max(px, 0);
    if (px == m_maxValuePx)
        return;
    m_maxValuePx = px;
    update();
}

QFont StatPanel::valueFont(const QString &text, const QSizeF &box, int index) const
{
    // 0: only the cell limits it.
    const double maxPx = m_maxValuePx > 0 ? double(m_maxValuePx) : 1e5;
    const QFont f = fitFont(font(), text, box, maxPx);
    if (index >= 0) {
        if (m_paintedValuePx.size() <= index)
            m_paintedValuePx.resize(index + 1);
        m_paintedValuePx[index] = f.pixelSize();
    }
    return f;
}

StatPanel::StatPanel(const Panel &panel, QWidget *parent) : PanelWidget(panel, parent)
{
    const QJsonObject o = panel.options();
    m_colorMode = o.value(QLatin1String("colorMode")).toString(QStringLiteral("value"));
    m_graphMode = o.value(QLatin1String("graphMode")).toString(QStringLiteral("area"));
    m_textMode = o.value(QLatin1String("textMode")).toString(QStringLiteral("auto"));
    m_orientation = o.value(QLatin1String("orientation")).toString(QStringLiteral("auto"));
    m_justify = o.value(QLatin1String("justifyMode")).toString(QStringLiteral("auto"));
    if (isSinglestat(panel)) {
        const QJsonObject &raw = panel.raw;
        if (raw.value(QLatin1String("colorBackground")).toBool())
            m_colorMode = QStringLiteral("background");
        else if (raw.value(QLatin1String("colorValue")).toBool())
            m_colorMode = QStringLiteral("value");
        else
            m_colorMode = QStringLiteral("none");
        m_graphMode =
            raw.value(QLatin1String("sparkline")).toObject().value(QLatin1String("show")).toBool()
                ? QStringLiteral("area")
                : QStringLiteral("none");
        m_textMode = QStringLiteral("value");
        m_justify = QStringLiteral("center");
    }
}

void StatPanel::updateView()
{
    m_cells = reduceCells(panel(), data(), ValueRangeMode::Data);
    m_sparkLines.clear();
    m_sparkAreas.clear();
    if (m_graphMode == QLatin1String("area")) {
        // Normalised once per data update, so that painting allocates nothing.
        constexpr std::size_t kMaxPoints = 512;
        for (const PanelSeries &s : data().series) {
            QPolygonF line;
            const std::size_t n = std::min(s.values.size(), s.timestampsMs.size());
            double t0 = data().queryStartMs, t1 = data().queryEndMs;
            if (!(t1 > t0) && n > 1) {
                t0 = s.timestampsMs.front();
                t1 = s.timestampsMs[n - 1];
            }
            double lo = std::numeric_limits<double>::infinity(), hi = -lo;
            for (std::size_t i = 0; i < n; ++i) {
                if (std::isfinite(s.values[i])) {
                    lo = std::min(lo, s.values[i]);
                    hi = std::max(hi, s.values[i]);
                }
            }
            if (n > 1 && std::isfinite(lo) && t1 > t0) {
                const double span = hi > lo ? hi - lo : 1.0;
                const std::size_t stride = std::max<std::size_t>(1, n / kMaxPoints);
                line.reserve(int(n / stride + 2));
                for (std::size_t i = 0; i < n; i += stride) {
                    // The bucket's extreme keeps spikes visible after thinning.
                    double v = kNaN;
                    for (std::size_t j = i; j < std::min(n, i + stride); ++j)
                        if (std::isfinite(s.values[j]) &&
                            (std::isnan(v) || std::fabs(s.values[j] - lo) > std::fabs(v - lo)))
                            v = s.values[j];
                    if (std::isnan(v))
                        continue;
                    const double x = std::clamp((s.timestampsMs[i] - t0) / (t1 - t0), 0.0, 1.0);
                    const double y = hi > lo ? (v - lo) / span : 0.5;
                    line.append(QPointF(x, y));
                }
            }
            QPolygonF area = line;
            if (!line.isEmpty()) {
                area.append(QPointF(line.last().x(), 0));
                area.append(QPointF(line.first().x(), 0));
            }
            m_sparkLines.append(line);
            m_sparkAreas.append(area);
        }
    }
    update();
}

QList<QRectF> StatPanel::cellRects() const
{
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    const int n = int(m_cells.size());
    if (m_orientation == QLatin1String("horizontal"))
        return tileRects(area, n, 1, 1); // stacked rows, name beside the value
    if (m_orientation == QLatin1String("vertical"))
        return tileRects(area, n, 1, n); // side by side, name above the value
    return tileRects(area, n, 2.0);
}

void StatPanel::paintEvent(QPaintEvent *event)
{
    PanelWidget::paintEvent(event);
    m_paintedValuePx.clear();
    if (m_cells.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QList<QRectF> rects = cellRects();
    for (int i = 0; i < m_cells.size() && i < rects.size(); ++i)
        paintCell(p, m_cells.at(i), rects.at(i), i);
}

void StatPanel::paintCell(QPainter &p, const Cell &cell, const QRectF &rect, int index) const
{
    const bool background = m_colorMode.startsWith(QLatin1String("background"));
    const QColor accent = cell.colorName.isEmpty() ? QColor(0x73, 0xbf, 0x69) : cell.color;
    QColor textColor = m_colorMode == QLatin1String("value") ? accent : Theme::text;
    if (background) {
        if (m_colorMode == QLatin1String("background_solid")) {
            p.fillRect(rect, accent);
        } else {
            // Grafana's background mode: the colour, slightly lighter towards the top left.
            QLinearGradient g(rect.topLeft(), rect.bottomRight());
            g.setColorAt(0, accent.lighter(118));
            g.setColorAt(1, accent.darker(110));
            p.fillRect(rect, g);
        }
        textColor = accent.lightnessF() > 0.75 ? QColor(0x20, 0x22, 0x26) : QColor(Qt::white);
    }

    // Sparkline along the bottom of the cell.
    if (index < m_sparkLines.size() && m_sparkLines.at(index).size() > 1 && rect.height() > 40) {
        const QRectF spark(rect.left(), rect.top() + rect.height() * 0.55, rect.width(),
                           rect.height() * 0.45);
        p.save();
        p.setClipRect(rect);
        QTransform t;
        t.translate(spark.left(), spark.bottom());
        t.scale(spark.width(), -spark.height());
        p.setTransform(t, true);
        QColor fill = background ? QColor(255, 255, 255, 40) : accent;
        if (!background)
            fill.setAlphaF(0.18f);
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawPolygon(m_sparkAreas.at(index));
        QPen pen(background ? QColor(255, 255, 255, 150) : accent, 1.5);
        pen.setCosmetic(true);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(m_sparkLines.at(index));
        p.restore();
    }

    const int n = int(m_cells.size());
    QString mode = m_textMode;
    if (mode == QLatin1String("auto"))
        mode = n > 1 ? QStringLiteral("value_and_name") : QStringLiteral("value");
    if (mode == QLatin1String("none"))
        return;
    const bool showName = mode == QLatin1String("value_and_name") || mode == QLatin1String("name");
    const bool showValue = mode != QLatin1String("name");
    const QRectF inner = rect.adjusted(6, 4, -6, -4);
    const bool sparkShown =
        index < m_sparkLines.size() && m_sparkLines.at(index).size() > 1 && rect.height() > 40;
    const QRectF textArea =
        sparkShown ? QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.6) : inner;
    const bool center = m_justify == QLatin1String("center") || !showName || !showValue;
    // Wide cells put the name left of the value (Grafana's wide layout).
    const bool wide = showName && showValue && textArea.width() > textArea.height() * 3.5;

    p.setPen(textColor);
    if (showName && showValue && wide) {
        const QRectF nameBox(textArea.left(), textArea.top(), textArea.width() * 0.45,
                             textArea.height());
        const QRectF valueBox(textArea.left() + textArea.width() * 0.5, textArea.top(),
                              textArea.width() * 0.5, textArea.height());
        p.setPen(background ? textColor : Theme::text);
        p.setFont(fitFont(font(), cell.title, nameBox.size() * 0.9, 28));
        p.drawText(nameBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, cell.title);
        p.setPen(textColor);
        p.setFont(valueFont(cell.text, valueBox.size(), index));
        p.drawText(valueBox, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine, cell.text);
        return;
    }
    if (showName && showValue) {
        const QRectF nameBox(textArea.left(), textArea.top(), textArea.width(),
                             textArea.height() * 0.3);
        const QRectF valueBox(textArea.left(), nameBox.bottom(), textArea.width(),
                              textArea.height() * 0.7);
        p.setPen(background ? textColor : Theme::text);
        p.setFont(fitFont(font(), cell.title, nameBox.size(), 28));
        p.drawText(nameBox,
                   (center ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignVCenter |
                       Qt::TextSingleLine,
                   cell.title);
        p.setPen(textColor);
        p.setFont(valueFont(cell.text, valueBox.size(), index));
        p.drawText(valueBox,
                   (center ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignVCenter |
                       Qt::TextSingleLine,
                   cell.text);
        return;
    }
    const QString &text = showValue ? cell.text : cell.title;
    p.setFont(showValue ? valueFont(text, textArea.size(), index)
                        : fitFont(font(), text, textArea.size(), kDefaultMaxValuePixelSize));
    p.drawText(textArea, Qt::AlignCenter | Qt::TextSingleLine, text);
}
