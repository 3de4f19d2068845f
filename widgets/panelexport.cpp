#include "panelexport.h"

#include "dashboardqueries.h"
#include "panelwidget.h"
#include "seriesstats.h"
#include "templating.h"
#include "variables.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFontMetricsF>
#include <QImage>
#include <QImageWriter>
#include <QLocale>
#include <QMessageBox>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPicture>
#include <QPixmap>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

namespace {


void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

QString cannotWrite(const QString &path, const QString &reason)
{
    return QCoreApplication::translate("PanelExport", "Cannot write %1: %2").arg(QDir::toNativeSeparators(path), reason);
}

/// Writes `path` through QSaveFile: `produce` makes the whole content in memory
/// (returning false with a reason to give up), which is then written and checked
/// byte for byte, so that a short write (disk full, file size limit) is an error
/// even where an encoder would not notice it. The file is replaced only when
/// everything, the final flush and rename included, succeeded.
bool writeAtomically(const QString &path, QString *error,
                     const std::function<bool(QIODevice &out, QString *reason)> &produce)
{
    if (path.isEmpty()) {
        setError(error, QCoreApplication::translate("PanelExport", "No file name given"));
        return false;
    }
    QSaveFile file(path);
    // Opened first, so that a wrong folder fails before any drawing.
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, cannotWrite(path, file.errorString()));
        return false;
    }
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QString reason;
        if (!produce(buffer, &reason)) {
            file.cancelWriting();
            setError(error, cannotWrite(path, reason));
            return false;
        }
    }
    const auto failed = [&] {
        const QString reason = file.errorString();
        file.cancelWriting();
        setError(error, cannotWrite(path, reason));
        return false;
    };
    if (file.write(bytes) != bytes.size())
        return failed();
    // Flush the buffered tail here: its failure must not end in a committed file.
    if (!file.flush())
        return failed();
    if (!file.commit()) {
        setError(error, cannotWrite(path, file.errorString()));
        return false;
    }
    return true;
}

bool writeImage(const QImage &image, const QString &path, QString *error)
{
    return writeAtomically(path, error, [&image](QIODevice &out, QString *reason) {
        QImageWriter writer(&out, "png");
        if (!writer.write(image)) {
            *reason = writer.errorString();
            return false;
        }
        return true;
    });
}

bool isFormulaStart(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar c = text.front();
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

/// A CSV field per RFC 4180; `text` marks cells that are text (not numbers or
/// times), which are neutralised against spreadsheet formula injection.
QString csvField(QString value, bool text)
{
    if (text && isFormulaStart(value))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n') ||
        value.contains(u'\r')) {
        value.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        value = u'"' + value + u'"';
    }
    return value;
}

QString csvNumber(double v)
{
    if (std::isnan(v))
        return {};
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString panelTitle(const PanelWidget *panel, int index)
{
    const QString t = panel->panel().title.trimmed();
    return t.isEmpty() ? QCoreApplication::translate("PanelExport", "Panel %1").arg(index + 1) : t;
}

QString localAndUtc(const QDateTime &t)
{
    const QDateTime local = t.toLocalTime();
    return QStringLiteral("%1 %2").arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                       local.timeZoneAbbreviation());
}

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

QList<QPair<QString, QString>> ReportInfo::variablesOf(const QList<Variable> &variables)
{
    QList<QPair<QString, QString>> out;
    for (const Variable &v : variables) {
        if (v.hide == 2)
            continue;
        QStringList values;
        if (v.type == QLatin1String("adhoc")) {
            for (const AdhocFilter &f : v.filters)
                values << QStringLiteral("%1 %2 %3").arg(f.key, f.op, f.value);
            out.append({v.name, values.join(QStringLiteral(" AND "))});
            continue;
        }
        values = v.currentText.isEmpty() ? v.current : v.currentText;
        for (QString &value : values)
            if (value == Templating::kAllValue)
                value = QCoreApplication::translate("PanelExport", "All");
        out.append({v.name, values.join(QStringLiteral(", "))});
    }
    return out;
}

namespace PanelExport {

bool exportPng(PanelWidget *panel, const QString &path, QString *error)
{
    if (!panel) {
        setError(error, QCoreApplication::translate("PanelExport", "No panel to export"));
        return false;
    }
    const QImage image = panel->grab().toImage();
    if (image.isNull()) {
        setError(error, QCoreApplication::translate("PanelExport", "The panel has no size to draw (is it hidden?)"));
        return false;
    }
    return writeImage(image, path, error);
}

bool exportSvg(PanelWidget *panel, const QString &path, QString *error)
{
    if (!panel) {
        setError(error, QCoreApplication::translate("PanelExport", "No panel to export"));
        return false;
    }
    if (panel->size().isEmpty()) {
        setError(error, QCoreApplication::translate("PanelExport", "The panel has no size to draw (is it hidden?)"));
        return false;
    }
    return writeAtomically(path, error, [panel](QIODevice &out, QString *reason) {
        QSvgGenerator svg;
        svg.setOutputDevice(&out);
        svg.setSize(panel->size());
        svg.setViewBox(QRect(QPoint(), panel->size()));
        // QSvgGenerator writes title and description as they are: escape them, the
        // title comes from a dashboard file.
        svg.setTitle(panel->panel().title.toHtmlEscaped());
        svg.setDescription(QCoreApplication::translate("PanelExport", "Exported from Dozor").toHtmlEscaped());
        // Fonts keep the size they have on screen.
        svg.setResolution(panel->logicalDpiY());
        QPainter painter;
        if (!painter.begin(&svg)) {
            *reason = QCoreApplication::translate("PanelExport", "cannot start drawing");
            return false;
        }
        panel->render(&painter, QPoint(), QRegion(),
                      QWidget::DrawWindowBackground | QWidget::DrawChildren);
        return painter.end();
    });
}

QByteArray toCsv(const PanelData &data, const Panel *panel)
{
    const std::size_t n = data.series.size();
    // Each series' points sorted by time (stable: of equal times the last wins), and
    // the union of their times.
    std::vector<std::vector<std::pair<double, double>>> points(n);
    std::vector<double> times;
    for (std::size_t i = 0; i < n; ++i) {
        const PanelSeries &s = data.series[i];
        const std::size_t count = std::min(s.timestampsMs.size(), s.values.size());
        points[i].reserve(count);
        for (std::size_t k = 0; k < count; ++k) {
            if (!std::isfinite(s.timestampsMs[k]))
                continue;
            const double t = std::round(s.timestampsMs[k]);
            points[i].emplace_back(t, s.values[k]);
            times.push_back(t);
        }
        std::stable_sort(points[i].begin(), points[i].end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());

    const QString eol = QStringLiteral("\r\n");
    QString out;
    out += QStringLiteral("Time");
    for (std::size_t i = 0; i < n; ++i) {
        const PanelSeries &s = data.series[i];
        QString name =
            panel ? resolveSeriesStyle(*panel, s.name, s.refId, s.labels).displayName : s.name;
        if (name.isEmpty())
            name = QCoreApplication::translate("PanelExport", "Series %1").arg(i + 1);
        out += u',' + csvField(name, true);
    }
    out += eol;

    std::vector<std::size_t> next(n, 0);
    for (const double t : times) {
        out += QDateTime::fromMSecsSinceEpoch(qint64(t), Qt::UTC).toString(Qt::ISODateWithMs);
        for (std::size_t i = 0; i < n; ++i) {
            out += u',';
            const auto &p = points[i];
            std::size_t &k = next[i];
            bool found = false;
            double value = 0;
            while (k < p.size() && p[k].first <= t) {
                if (p[k].first == t) {
                    found = true;
                    value = p[k].second;
                }
                ++k;
            }
            if (found)
                out += csvNumber(value);
        }
        out += eol;
    }
    return out.toUtf8();
}

bool exportCsv(const PanelData &data, const QString &path, QString *error, const Panel *panel)
{
    const QByteArray bytes = toCsv(data, panel);
    return writeAtomically(path, error, [&bytes](QIODevice &out, QString *) {
        out.write(bytes);
        return true;
    });
}

bool exportDashboardPng(QWidget *dashboardView, const QString &path, QString *error)
{
    if (!dashboardView) {
        setError(error, QCoreApplication::translate("PanelExport", "No dashboard to export"));
        return false;
    }
    QWidget *target = dashboardView;
    if (auto *area = qobject_cast<QScrollArea *>(dashboardView); area && area->widget())
        target = area->widget();
    // The contents are laid out to their full height even where they are scrolled
    // out of view; grab() paints all of it.
    const QImage image = target->grab().toImage();
    if (image.isNull()) {
        setError(error,
                 QCoreApplication::translate("PanelExport", "The dashboard has no size to draw, or is too large for one image (%1x%2)")
                     .arg(target->width())
                     .arg(target->height()));
        return false;
    }
    return writeImage(image, path, error);
}

bool exportPdfReport(const ReportInfo &info, const QList<PanelWidget *> &panels,
                     const QString &path, QString *error, int *pageCount)
{
    if (pageCount)
        *pageCount = 0;
    QList<PanelWidget *> shown;
    for (PanelWidget *p : panels)
        if (p)
            shown.append(p);
    // Widgets lay their text out for the screen's DPI; drawing them into a PDF of the
    // same resolution keeps text and geometry in proportion (fonts are resolved
    // against the painter's device).
    int dpi = shown.isEmpty() ? 96 : shown.front()->logicalDpiY();
    dpi = std::clamp(dpi, 72, 300);
    int pages = 0;

    const bool ok = writeAtomically(path, error, [&](QIODevice &out, QString *reason) {
        QPdfWriter writer(&out);
        writer.setResolution(dpi);
        writer.setTitle(info.title);
        writer.setCreator(QStringLiteral("Dozor"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        QPainter painter;
        if (!painter.begin(&writer)) {
            *reason = QCoreApplication::translate("PanelExport", "cannot start the PDF");
            return false;
        }
        const QRectF page(0, 0, writer.width(), writer.height());

        QFont base = painter.font();
        base.setPointSizeF(10);
        QFont small = base;
        small.setPointSizeF(8);
        QFont heading = base;
        heading.setPointSizeF(22);
        heading.setBold(true);
        QFont caption = base;
        caption.setPointSizeF(11);
        caption.setBold(true);

        const qreal footerH = QFontMetricsF(small, &writer).height() * 2;
        const QRectF content(page.left(), page.top(), page.width(), page.height() - footerH);
        const qreal captionH = QFontMetricsF(caption, &writer).height() * 1.4;
        const qreal gap = QFontMetricsF(base, &writer).height();

        // Plan the panel pages first, so every footer can say "of m".
        struct Placed
        {
            PanelWidget *panel;
            int index;
            int page;
            QRectF box; // where the panel itself goes (its caption above it)
        };
        std::vector<Placed> placed;
        int lastPage = 1;
        qreal y = content.height(); // forces a new page for the first panel
        for (int i = 0; i < shown.size(); ++i) {
            PanelWidget *p = shown[i];
            const QSizeF size = p->size().isEmpty() ? QSizeF(4, 1) : QSizeF(p->size());
            const qreal maxH = content.height() / 2 - captionH - gap;
            const qreal scale = std::min(content.width() / size.width(), maxH / size.height());
            const QSizeF drawn = size * scale;
            const qreal blockH = captionH + drawn.height();
            if (y > 0 && y + blockH > content.height()) {
                ++lastPage;
                y = 0;
            }
            const qreal x = content.left() + (content.width() - drawn.width()) / 2;
            placed.push_back(
                {p, i, lastPage, QRectF(QPointF(x, content.top() + y + captionH), drawn)});
            y += blockH + gap;
        }
        pages = lastPage;

        const auto footer = [&](int number) {
            painter.setFont(small);
            painter.setPen(Qt::darkGray);
            const QRectF area(page.left(), page.bottom() - footerH, page.width(), footerH);
            painter.drawLine(area.topLeft(), area.topRight());
            const QString left = QFontMetricsF(small, &writer)
                                     .elidedText(info.title, Qt::ElideRight, area.width() * 0.7);
            painter.drawText(area, Qt::AlignLeft | Qt::AlignBottom, left);
            painter.drawText(area, Qt::AlignRight | Qt::AlignBottom,
                             QCoreApplication::translate("PanelExport", "Page %1 of %2").arg(number).arg(pages));
        };

        // Page 1: what the report shows.
        painter.setPen(Qt::black);
        qreal cy = content.top();
        const auto line = [&](const QFont &font, const QString &text, qreal after = 0) {
            painter.setFont(font);
            const QRectF r = painter.boundingRect(
                QRectF(content.left(), cy, content.width(), content.bottom() - cy),
                Qt::TextWordWrap, text);
            painter.drawText(QRectF(content.left(), cy, content.width(), r.height()),
                             Qt::TextWordWrap, text);
            cy += r.height() + after;
        };
        line(heading, info.title.isEmpty() ? QCoreApplication::translate("PanelExport", "Dashboard") : info.title, gap);
        QString range =
            QCoreApplication::translate("PanelExport", "Time range: %1 to %2").arg(localAndUtc(info.start), localAndUtc(info.end));
        if (!info.rangeText.isEmpty())
            range += QStringLiteral(" (%1)").arg(info.rangeText);
        line(base, range);
        line(base, QCoreApplication::translate("PanelExport", "In UTC: %1 to %2").arg(utcText(info.start), utcText(info.end)), gap);
        const QDateTime generated =
            info.generatedAt.isValid() ? info.generatedAt : QDateTime::currentDateTime();
        line(base, QCoreApplication::translate("PanelExport", "Generated: %1 (%2)").arg(localAndUtc(generated), utcText(generated)), gap);
        line(base, QCoreApplication::translate("PanelExport", "Panels: %1").arg(shown.size()), gap);
        if (!info.variables.isEmpty()) {
            line(caption, QCoreApplication::translate("PanelExport", "Variables"));
            QFontMetricsF fm(base, &writer);
            painter.setFont(base);
            for (int i = 0; i < info.variables.size(); ++i) {
                if (cy + 2 * fm.height() > content.bottom() && i + 1 < info.variables.size()) {
                    painter.drawText(QPointF(content.left(), cy + fm.ascent()),
                                     QCoreApplication::translate("PanelExport", "… and %1 more").arg(info.variables.size() - i));
                    break;
                }
                const QString text = QStringLiteral("%1 = %2").arg(info.variables[i].first,
                                                                   info.variables[i].second);
                painter.drawText(QPointF(content.left(), cy + fm.ascent()),
                                 fm.elidedText(text, Qt::ElideRight, content.width()));
                cy += fm.height();
            }
        }
        footer(1);

        // The panels.
        int current = 1;
        for (const Placed &pl : placed) {
            while (current < pl.page) {
                if (!writer.newPage()) {
                    *reason = QCoreApplication::translate("PanelExport", "cannot add a page");
                    return false;
                }
                ++current;
                footer(current);
            }
            painter.setPen(Qt::black);
            painter.setFont(caption);
            const QRectF cap(content.left(), pl.box.top() - captionH, content.width(), captionH);
            painter.drawText(
                cap, Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(caption, &writer)
                    .elidedText(panelTitle(pl.panel, pl.index), Qt::ElideRight, cap.width()));
            if (pl.panel->size().isEmpty()) {
                painter.setFont(base);
                painter.drawText(pl.box, Qt::AlignLeft | Qt::AlignTop,
                                 QCoreApplication::translate("PanelExport", "(not drawn: the panel has no size)"));
                continue;
            }
            // QWidget::render straight into a scaled painter clips child widgets
            // wrongly (axes and legends go missing); recorded unscaled into a
            // QPicture and replayed scaled, the drawing stays whole and vector.
            QPicture picture;
            {
                QPainter recorder(&picture);
                pl.panel->render(&recorder, QPoint(), QRegion(),
                                 QWidget::DrawWindowBackground | QWidget::DrawChildren);
            }
            const qreal scale = pl.box.width() / pl.panel->width();
            painter.save();
            painter.translate(pl.box.topLeft());
            painter.scale(scale, scale);
            painter.setClipRect(QRect(QPoint(), pl.panel->size()));
            painter.drawPicture(0, 0, picture);
            painter.restore();
        }
        if (!painter.end()) {
            *reason = QCoreApplication::translate("PanelExport", "cannot finish the PDF");
            return false;
        }
        return true;
    });
    if (ok && pageCount)
        *pageCount = pages;
    return ok;
}

QList<int> layoutOrder(const QList<Panel> &panels)
{
    QList<Panel> sorted = panels;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Panel &a, const Panel &b) {
        return std::pair(a.gridPos.y, a.gridPos.x) < std::pair(b.gridPos.y, b.gridPos.x);
    });
    QList<int> ids;
    for (const Panel &p : sorted)
        ids << p.id;
    return ids;
}

QMessageBox *showError(QWidget *parent, const QString &error)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, QCoreApplication::translate("PanelExport", "Export failed"), error, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("exportError"));
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}

QString suggestedFileName(const QString &title, const QString &suffix)
{
    static const QRegularExpression unsafe(QStringLiteral("[\\x00-\\x1f\\x7f/\\\\:*?\"<>|]"));
    QString name = title;
    name.replace(unsafe, QStringLiteral("_"));
    name = name.simplified();
    while (name.startsWith(u'.') || name.startsWith(u'-'))
        name.remove(0, 1);
    name = name.left(100).trimmed();
    if (name.isEmpty())
        name = QStringLiteral("panel");
    return name + u'.' + suffix;
}

} // namespace PanelExport
