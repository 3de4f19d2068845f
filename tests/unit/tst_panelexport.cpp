// Sharing a panel or a dashboard: what the user gets in the file is what they saw
// (PNG at the screen's pixel density, SVG, the whole scrolled dashboard, a PDF report
// with every panel), the CSV reads back to exactly the data, formulas in server text
// never run in a spreadsheet, and a failed export never leaves a damaged file behind.
#include "chartpanel.h"
#include "dashboardcanvas.h"
#include "dashboardview.h"
#include "palette.h"
#include "panelexport.h"
#include "panelfactory.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <sys/resource.h>

#include <cmath>
#include <csignal>
#include <limits>
#include <map>

class TestPanelExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void pngIsThePanelAtDevicePixelRatio();
    void svgIsAValidDocumentOfThePanel();
    void csvReadsBackToTheData();
    void csvNeutralisesFormulasInTextOnly();
    void csvUsesThePanelsDisplayNames();
    void dashboardPngHasTheWholeScrolledContents();
    void pdfReportHasCoverPageAndEveryPanel();
    void headlessCanvasExportsAsRenderDoes();
    void missingDirectoryFailsWithReadableError_data();
    void missingDirectoryFailsWithReadableError();
    void failedWriteKeepsTheOldFile_data();
    void failedWriteKeepsTheOldFile();
    void suggestedFileNamesAreSafe();
    void reportOrderFollowsTheLayout();
    void errorsShowAsPlainText();

private:
    bool runExport(const QString &format, const QString &path, QString *error);
    QTemporaryDir m_dir;
    std::unique_ptr<ChartPanel> m_panel; // for the failure cases
};

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

Panel chartPanelDef(const QString &title, int id = 1)
{
    Panel p;
    p.id = id;
    p.type = QStringLiteral("timeseries");
    p.title = title;
    p.gridPos = GridPos{0, (id - 1) * 9, 24, 9};
    return p;
}

/// Two series on different timestamps: "GET /api" every 15 s with a NaN and a
/// missing stretch, "POST /api" every 15 s shifted by 7.5 s, with values that need
/// all 17 digits to read back.
PanelData twoSeries(int points = 40)
{
    PanelData d;
    d.start = QDateTime::fromMSecsSinceEpoch(kStartMs, Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(kStartMs + points * 15000, Qt::UTC);
    d.stepSeconds = 15;
    PanelSeries a;
    a.name = QStringLiteral("GET /api");
    a.labels = {{QStringLiteral("method"), QStringLiteral("GET")}};
    PanelSeries b;
    b.name = QStringLiteral("POST /api");
    b.labels = {{QStringLiteral("method"), QStringLiteral("POST")}};
    for (int i = 0; i < points; ++i) {
        if (i < 10 || i >= 15) { // a scrape outage in GET
            a.timestampsMs.push_back(double(kStartMs) + i * 15000.0);
            a.values.push_back(i == 20 ? kNaN : 100 + 50 * std::sin(i / 4.0) + 0.1 + 0.2);
        }
        b.timestampsMs.push_back(double(kStartMs) + i * 15000.0 + 7500.0);
        b.values.push_back(i % 5 == 0 ? -3.0 - i : 1.0 / 3.0 * i + 1e-300);
    }
    d.series = {a, b};
    return d;
}

/// RFC 4180: fields separated by commas, lines by CRLF, quoted fields with "" for ".
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

bool hasColourNear(const QImage &image, const QColor &colour, const QRect &area = {})
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    const QRect r = area.isNull() ? img.rect() : area.intersected(img.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor c = QColor::fromRgb(img.pixel(x, y));
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                    std::abs(c.blue() - colour.blue()) <
                30)
                return true;
        }
    return false;
}

int distinctColours(const QImage &image)
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            seen.insert(img.pixel(x, y));
    return int(seen.size());
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The PDF's Flate-compressed streams, inflated (page contents, fonts, ...).
QList<QByteArray> pdfStreams(const QByteArray &pdf)
{
    QList<QByteArray> out;
    static const QRegularExpression start(QStringLiteral("stream\\r?\\n"));
    const QString text = QString::fromLatin1(pdf);
    for (auto it = start.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (m.capturedStart() > 3 && text.mid(m.capturedStart() - 3, 3) == QLatin1String("end"))
            continue;
        const qsizetype end = pdf.indexOf("endstream", m.capturedEnd());
        if (end < 0)
            break;
        // qUncompress wants the size up front; it is only a first guess.
        QByteArray framed("\x00\x10\x00\x00", 4);
        framed += pdf.mid(m.capturedEnd(), end - m.capturedEnd());
        const QByteArray inflated = qUncompress(framed);
        if (!inflated.isEmpty())
            out << inflated;
    }
    return out;
}

/// A chart panel with data, laid out and painted as on screen.
std::unique_ptr<ChartPanel> shownChart(const QString &title, int id = 1)
{
    auto panel = std::make_unique<ChartPanel>(chartPanelDef(title, id));
    panel->resize(480, 260);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel.get()))
        return nullptr;
    panel->setData(twoSeries());
    QTest::qWait(100); // the rebuild timer after the resize
    return panel;
}

} // namespace

void TestPanelExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestPanelExport::pngIsThePanelAtDevicePixelRatio()
{
    auto panel = shownChart(QStringLiteral("Latency"));
    QVERIFY(panel);
    // main() asks for a 2x screen, so device pixels differ from widget pixels.
    QCOMPARE(panel->devicePixelRatio(), 2.0);
    const QString path = m_dir.filePath(QStringLiteral("panel.png"));
    QString error;
    QVERIFY2(PanelExport::exportPng(panel.get(), path, &error), qPrintable(error));

    const QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), panel->size() * 2);
    QVERIFY2(distinctColours(image) > 20, "the image is (nearly) blank");
    // Both series' lines are in the picture, in their palette colours.
    QVERIFY(hasColourNear(image, seriesColor(0)));
    QVERIFY(hasColourNear(image, seriesColor(1)));
}

void TestPanelExport::svgIsAValidDocumentOfThePanel()
{
    const QString title = QStringLiteral("p95 <latency> & \"errors\"");
    auto panel = shownChart(title);
    QVERIFY(panel);
    // Series names come from servers: markup in them stays text in the SVG.
    const QString hostile = QStringLiteral("POST <b>&amp;\"x\"</b>");
    PanelData data = twoSeries();
    data.series[1].name = hostile;
    panel->setData(data);
    QTest::qWait(50);
    const QString path = m_dir.filePath(QStringLiteral("panel.svg"));
    QString error;
    QVERIFY2(PanelExport::exportSvg(panel.get(), path, &error), qPrintable(error));

    // Well-formed XML (the hostile title is escaped), sized as the panel, titled.
    QXmlStreamReader xml(readAll(path));
    QString svgWidth, svgHeight, viewBox, docTitle;
    QStringList texts;
    bool inTitle = false, inText = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("svg")) {
                svgWidth = xml.attributes().value(QStringLiteral("width")).toString();
                svgHeight = xml.attributes().value(QStringLiteral("height")).toString();
                viewBox = xml.attributes().value(QStringLiteral("viewBox")).toString();
            }
            inTitle = xml.name() == QLatin1String("title");
            inText = xml.name() == QLatin1String("text");
        } else if (xml.isCharacters()) {
            if (inTitle)
                docTitle += xml.text();
            if (inText)
                texts << xml.text().toString();
        } else if (xml.isEndElement()) {
            inTitle = inText = false;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(docTitle, title);
    QCOMPARE(viewBox, QStringLiteral("0 0 480 260"));
    QVERIFY(svgWidth.endsWith(QLatin1String("mm")) && svgHeight.endsWith(QLatin1String("mm")));
    const double dpi = panel->logicalDpiX();
    QVERIFY(std::abs(svgWidth.chopped(2).toDouble() / 25.4 * dpi - 480) < 1);
    QVERIFY(std::abs(svgHeight.chopped(2).toDouble() / 25.4 * dpi - 260) < 1);
    // The legend is there as text, not only as pixels.
    QVERIFY2(texts.contains(QStringLiteral("GET /api")), qPrintable(texts.join(u'|')));
    QVERIFY2(texts.contains(hostile), qPrintable(texts.join(u'|')));

    // And it draws: rendered back, the series lines are in it.
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QImage back(480, 260, QImage::Format_RGB32);
    back.fill(Qt::white);
    QPainter p(&back);
    renderer.render(&p);
    p.end();
    QVERIFY(distinctColours(back) > 20);
    QVERIFY(hasColourNear(back, seriesColor(0)));
    QVERIFY(hasColourNear(back, seriesColor(1)));
}

void TestPanelExport::csvReadsBackToTheData()
{
    const PanelData data = twoSeries();
    const QString path = m_dir.filePath(QStringLiteral("data.csv"));
    QString error;
    QVERIFY2(PanelExport::exportCsv(data, path, &error), qPrintable(error));
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.endsWith("\r\n"));
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QStringList> rows = parseCsv(bytes);
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows.first(), (QStringList{QStringLiteral("Time"), QStringLiteral("GET /api"),
                                        QStringLiteral("POST /api")}));

    // Expected: the union of both series' times, sorted, each with the values there.
    std::map<qint64, std::map<int, double>> expected;
    for (int s = 0; s < 2; ++s)
        for (size_t k = 0; k < data.series[s].timestampsMs.size(); ++k)
            expected[qint64(data.series[s].timestampsMs[k])][s] = data.series[s].values[k];
    QCOMPARE(rows.size() - 1, qsizetype(expected.size()));

    int row = 1, gaps = 0, negatives = 0;
    for (const auto &[t, values] : expected) {
        const QStringList &cells = rows[row++];
        QCOMPARE(cells.size(), 3);
        const QDateTime time = QDateTime::fromString(cells[0], Qt::ISODateWithMs);
        QVERIFY2(time.isValid() && cells[0].endsWith(u'Z'), qPrintable(cells[0]));
        QCOMPARE(time.toMSecsSinceEpoch(), t);
        QVERIFY(cells[0].contains(u'.')); // milliseconds are written
        for (int s = 0; s < 2; ++s) {
            const QString &cell = cells[s + 1];
            const auto it = values.find(s);
            if (it == values.end() || std::isnan(it->second)) {
                QVERIFY2(cell.isEmpty(), qPrintable(cell));
                ++gaps;
                continue;
            }
            bool ok = false;
            const double v = cell.toDouble(&ok);
            QVERIFY2(ok, qPrintable(cell));
            QVERIFY2(v == it->second,
                     qPrintable(QStringLiteral("%1 != %2").arg(cell).arg(it->second, 0, 'g', 17)));
            if (it->second < 0) {
                QVERIFY2(!cell.startsWith(u'\''), "a number was treated as a formula");
                ++negatives;
            }
        }
    }
    // Gaps: GET's outage and NaN and GET at POST's times, POST at GET's times.
    QVERIFY(gaps > 40);
    QVERIFY(negatives > 0);
}

void TestPanelExport::csvNeutralisesFormulasInTextOnly()
{
    PanelData d;
    const QStringList names{QStringLiteral("=cmd|' /C calc'!A0"),
                            QStringLiteral("+1+1"),
                            QStringLiteral("-2+3"),
                            QStringLiteral("@SUM(A1:A9)"),
                            QStringLiteral("pod \"a\", zone b"),
                            QStringLiteral("rust-api")};
    for (const QString &n : names) {
        PanelSeries s;
        s.name = n;
        s.timestampsMs = {double(kStartMs)};
        s.values = {-1.5};
        d.series.push_back(s);
    }
    const QList<QStringList> rows = parseCsv(PanelExport::toCsv(d));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0],
             (QStringList{QStringLiteral("Time"), QStringLiteral("'=cmd|' /C calc'!A0"),
                          QStringLiteral("'+1+1"), QStringLiteral("'-2+3"),
                          QStringLiteral("'@SUM(A1:A9)"), QStringLiteral("pod \"a\", zone b"),
                          QStringLiteral("rust-api")}));
    for (int i = 1; i < rows[1].size(); ++i)
        QCOMPARE(rows[1][i], QStringLiteral("-1.5")); // numbers stay numbers
    // The comma-and-quote name is one quoted field in the file.
    QVERIFY(PanelExport::toCsv(d).contains("\"pod \"\"a\"\", zone b\""));
}

void TestPanelExport::csvUsesThePanelsDisplayNames()
{
    Panel p = chartPanelDef(QStringLiteral("Requests"));
    p.displayName = QStringLiteral("${__field.labels.method} requests");
    const QList<QStringList> rows = parseCsv(PanelExport::toCsv(twoSeries(), &p));
    QCOMPARE(rows.first(), (QStringList{QStringLiteral("Time"), QStringLiteral("GET requests"),
                                        QStringLiteral("POST requests")}));
}

void TestPanelExport::dashboardPngHasTheWholeScrolledContents()
{
    Dashboard d;
    d.title = QStringLiteral("API Performance");
    for (int id = 1; id <= 4; ++id)
        d.panels << chartPanelDef(QStringLiteral("Panel %1").arg(id), id);
    DashboardView view;
    view.resize(700, 300);
    view.setDashboard(d,
                      [](const Panel &p, QWidget *parent) { return createPanelWidget(p, parent); });
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Only the last panel (far below the fold) has data: its lines must be in the image.
    view.panelWidget(4)->setData(twoSeries());
    QTest::qWait(100);
    QVERIFY(view.verticalScrollBar()->maximum() > 0);
    QWidget *content = view.widget();
    QVERIFY(content->height() > 3 * view.viewport()->height());

    const QString path = m_dir.filePath(QStringLiteral("dashboard.png"));
    QString error;
    QVERIFY2(PanelExport::exportDashboardPng(&view, path, &error), qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.size(), content->size() * 2);
    const QRect last = view.panelWidget(4)->geometry();
    const QRect lastInContent(view.panelWidget(4)->mapTo(content, QPoint()), last.size());
    QVERIFY(lastInContent.top() > view.viewport()->height()); // out of view
    const QRect area(lastInContent.topLeft() * 2, lastInContent.size() * 2);
    QVERIFY(hasColourNear(image, seriesColor(0), area));
    QVERIFY(hasColourNear(image, seriesColor(1), area));
    // Nothing outside that panel has data.
    QVERIFY(!hasColourNear(image, seriesColor(1), QRect(0, 0, image.width(), area.top())));
}

void TestPanelExport::pdfReportHasCoverPageAndEveryPanel()
{
    std::vector<std::unique_ptr<ChartPanel>> charts;
    QList<PanelWidget *> panels;
    for (int i = 1; i <= 3; ++i) {
        charts.push_back(shownChart(QStringLiteral("Panel %1").arg(i), i));
        QVERIFY(charts.back());
        panels << charts.back().get();
    }
    ReportInfo info;
    info.title = QStringLiteral("API Performance");
    info.start = QDateTime::fromMSecsSinceEpoch(kStartMs, Qt::UTC);
    info.end = info.start.addSecs(600);
    info.rangeText = QStringLiteral("Last 10 minutes");
    Variable job;
    job.name = QStringLiteral("job");
    job.current = {QStringLiteral("rust-api")};
    Variable all;
    all.name = QStringLiteral("instance");
    all.current = {QStringLiteral("$__all")};
    Variable hidden;
    hidden.name = QStringLiteral("secretish");
    hidden.hide = 2;
    info.variables = ReportInfo::variablesOf({job, all, hidden});
    QCOMPARE(info.variables,
             (QList<QPair<QString, QString>>{{QStringLiteral("job"), QStringLiteral("rust-api")},
                                             {QStringLiteral("instance"), QStringLiteral("All")}}));

    const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
    QString error;
    int pages = 0;
    QVERIFY2(PanelExport::exportPdfReport(info, panels, path, &error, &pages), qPrintable(error));
    const QByteArray pdf = readAll(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    // Page objects (not the /Pages tree) in the file are the pages reported.
    static const QRegularExpression pageObject(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int count = 0;
    for (auto it = pageObject.globalMatch(QString::fromLatin1(pdf)); it.hasNext(); it.next())
        ++count;
    QCOMPARE(count, pages);
    // The cover page, then two panels to a page (none is taller than half a page).
    QCOMPARE(pages, 3);
    // The panels' text is in the PDF as text (vector, searchable): each panel has at
    // least its axis labels (3 + 3) and legend names (2), each page a footer.
    int textRuns = 0;
    for (const QByteArray &stream : pdfStreams(pdf))
        if (stream.contains(" Tf"))
            textRuns += int(stream.count("BT\n"));
    QVERIFY2(textRuns >= 3 * 8 + 2 * pages, qPrintable(QString::number(textRuns)));

    // Fewer panels, fewer pages; no panels: the cover page alone.
    QVERIFY(PanelExport::exportPdfReport(
        info, panels.mid(0, 2), m_dir.filePath(QStringLiteral("report2.pdf")), &error, &pages));
    QCOMPARE(pages, 2);
    QVERIFY(PanelExport::exportPdfReport(info, {}, m_dir.filePath(QStringLiteral("report0.pdf")),
                                         &error, &pages));
    QCOMPARE(pages, 1);
}

void TestPanelExport::headlessCanvasExportsAsRenderDoes()
{
    // What `dozor render` has: a DashboardCanvas never shown on a screen.
    Dashboard d;
    d.title = QStringLiteral("Business");
    for (int id = 1; id <= 5; ++id) {
        Panel p = chartPanelDef(QStringLiteral("Panel %1").arg(id), id);
        p.gridPos = GridPos{(id % 2) * 12, (id - 1) / 2 * 8, 12, 8};
        d.panels << p;
    }
    DashboardCanvas canvas(d, 1200);
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    canvas.show();
    QCoreApplication::processEvents();
    for (PanelWidget *p : canvas.panels())
        p->setData(twoSeries());
    QCoreApplication::processEvents();

    QString error;
    const QString png = m_dir.filePath(QStringLiteral("canvas.png"));
    QVERIFY2(PanelExport::exportDashboardPng(&canvas, png, &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.size(), canvas.size() * canvas.devicePixelRatio());
    QVERIFY(hasColourNear(image, seriesColor(1)));

    QList<PanelWidget *> panels;
    for (const int id : PanelExport::layoutOrder(d.panels))
        panels << canvas.panel(id);
    QCOMPARE(panels.size(), 5);
    ReportInfo info;
    info.title = d.title;
    info.start = panels.first()->data().start;
    info.end = panels.first()->data().end;
    int pages = 0;
    QVERIFY2(PanelExport::exportPdfReport(
                 info, panels, m_dir.filePath(QStringLiteral("canvas.pdf")), &error, &pages),
             qPrintable(error));
    // The cover page, then two panels to a page.
    QCOMPARE(pages, 4);
}

bool TestPanelExport::runExport(const QString &format, const QString &path, QString *error)
{
    if (!m_panel)
        m_panel = shownChart(QStringLiteral("Latency"));
    ChartPanel *panel = m_panel.get();
    if (format == QLatin1String("png"))
        return PanelExport::exportPng(panel, path, error);
    if (format == QLatin1String("svg"))
        return PanelExport::exportSvg(panel, path, error);
    if (format == QLatin1String("csv"))
        return PanelExport::exportCsv(twoSeries(), path, error);
    if (format == QLatin1String("dashboard"))
        return PanelExport::exportDashboardPng(panel, path, error);
    ReportInfo info;
    info.title = QStringLiteral("Report");
    info.start = QDateTime::currentDateTimeUtc().addSecs(-3600);
    info.end = QDateTime::currentDateTimeUtc();
    return PanelExport::exportPdfReport(info, {panel}, path, error);
}

void TestPanelExport::missingDirectoryFailsWithReadableError_data()
{
    QTest::addColumn<QString>("format");
    for (const char *f : {"png", "svg", "csv", "dashboard", "pdf"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestPanelExport::missingDirectoryFailsWithReadableError()
{
    QFETCH(QString, format);
    const QString path = m_dir.filePath(QStringLiteral("no/such/dir/out.") + format);
    QString error;
    QVERIFY(!runExport(format, path, &error));
    QVERIFY(!QFile::exists(path));
    // The file named and the system's reason given.
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("No such file or directory"), Qt::CaseInsensitive),
             qPrintable(error));
}

void TestPanelExport::failedWriteKeepsTheOldFile_data()
{
    missingDirectoryFailsWithReadableError_data();
}

void TestPanelExport::failedWriteKeepsTheOldFile()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.") + format);
    const QByteArray old = "the export from yesterday\n";
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(old);
    }
    runExport(format, dir.filePath(QStringLiteral("warmup")), nullptr); // builds the panel first

    // A disk that fills up mid-write: files of this process may not grow past 1 KiB
    // (works as root too, unlike a read-only directory). Every export here is larger.
    rlimit saved{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 1024;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
    QString error;
    const bool ok = runExport(format, path, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY(!ok);
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QCOMPARE(readAll(path), old);
    // No temporary file left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2); // out.*, warmup
    // With room again, the export replaces the file.
    QVERIFY2(runExport(format, path, &error), qPrintable(error));
    QVERIFY(readAll(path).size() > 1024);
}

void TestPanelExport::suggestedFileNamesAreSafe()
{

    QCOMPARE(PanelExport::suggestedFileName(QStringLiteral("p95 latency"), QStringLiteral("png")),
             QStringLiteral("p95 latency.png"));
    QCOMPARE(
        PanelExport::suggestedFileName(QStringLiteral("../../etc/passwd"), QStringLiteral("csv")),
        QStringLiteral("_.._etc_passwd.csv"));
    QCOMPARE(PanelExport::suggestedFileName(QStringLiteral("a:b*c?\"d\"<e>|f\\g\nh"),
                                            QStringLiteral("svg")),
             QStringLiteral("a_b_c__d__e__f_g_h.svg"));
    QCOMPARE(PanelExport::suggestedFileName(QString(), QStringLiteral("pdf")),
             QStringLiteral("panel.pdf"));
    QCOMPARE(PanelExport::suggestedFileName(QStringLiteral("..."), QStringLiteral("pdf")),
             QStringLiteral("panel.pdf"));
}

void TestPanelExport::reportOrderFollowsTheLayout()
{
    // id -> (x, y): two rows of two, listed out of order, and one panel below.
    const QList<std::tuple<int, int, int>> layout{
        {1, 12, 8}, {2, 0, 8}, {3, 0, 0}, {4, 12, 0}, {5, 0, 20}};
    QList<Panel> panels;
    for (const auto &[id, x, y] : layout) {
        Panel p = chartPanelDef(QString(), id);
        p.gridPos.x = x;
        p.gridPos.y = y;
        panels << p;
    }
    QCOMPARE(PanelExport::layoutOrder(panels), (QList<int>{3, 4, 2, 1, 5}));
}

void TestPanelExport::errorsShowAsPlainText()
{
    QWidget window;
    window.show();
    const QString error = QStringLiteral("Cannot write /tmp/<b>x</b>.png: No space left on device");
    QPointer<QMessageBox> box = PanelExport::showError(&window, error);
    QVERIFY(box);
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QCOMPARE(box->text(), error);
    QVERIFY(box->isVisible());
    box->close();
    QTRY_VERIFY(box.isNull()); // deletes itself
}

int main(int argc, char **argv)
{
    // A 2x screen, so that "at device pixel ratio" is tested and not assumed.
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    TestPanelExport test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_panelexport.moc"
