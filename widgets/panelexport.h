#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

class PanelWidget;
class QMessageBox;
class QWidget;
struct Panel;
struct PanelData;
struct Variable;

/// What the first page of a PDF report states about the dashboard.
struct ReportInfo
{
    QString title;
    /// The absolute range the panels show (printed in local time and in UTC).
    QDateTime start;
    QDateTime end;
    /// How the user chose it ("Last 6 hours"); optional, printed after the range.
    QString rangeText;
    /// name = value, in dashboard order.
    QList<QPair<QString, QString>> variables;
    /// When the report was made; invalid = now.
    QDateTime generatedAt;

    /// The variables a report lists: every variable that is not hidden (hide 2), with
    /// its selected texts joined by ", " ("All" for the all option); ad hoc filters
    /// as "key op value" joined by " AND ".
    static QList<QPair<QString, QString>> variablesOf(const QList<Variable> &variables);
};

/// Sharing a panel or a dashboard as a file: PNG and SVG pictures of what the user
/// sees, the panel's data as CSV, the whole dashboard as PNG, and a PDF report.
///
/// Every export writes through QSaveFile: the file appears complete or not at all,
/// and a file already at `path` stays as it was when anything fails. On failure the
/// functions return false and set `error` to a sentence naming the file and the
/// system's reason ("Cannot write /x/a.png: No such file or directory").
namespace PanelExport {

/// The panel as it is on screen (QWidget::grab, so at the screen's device pixel
/// ratio: a 400x300 panel on a 2x screen gives an 800x600 image).
bool exportPng(PanelWidget *panel, const QString &path, QString *error = nullptr);

/// The panel drawn into an SVG (vector where the view draws vectors, as Qt Charts
/// does), of the panel's size in pixels, titled with the panel's title.
bool exportSvg(PanelWidget *panel, const QString &path, QString *error = nullptr);

/// The panel's data as an RFC 4180 table (CRLF line ends, UTF-8, no BOM): a "Time"
/// column (ISO 8601 UTC with milliseconds) over the sorted union of every series'
/// timestamps, then one column per series named by its display name (the panel's
/// displayName and overrides applied when `panel` is given, else the legend name).
/// Values use the shortest text that reads back to the same double; a series with
/// no point at a time, and NaN (Prometheus' null), leave the cell empty; infinities
/// are "Inf" and "-Inf". Text cells that a spreadsheet would run as a formula (they
/// start with = + - @, a tab or a carriage return) get a leading single quote;
/// numbers never do.
QByteArray toCsv(const PanelData &data, const Panel *panel = nullptr);
bool exportCsv(const PanelData &data, const QString &path, QString *error = nullptr,
               const Panel *panel = nullptr);

/// The whole dashboard: for a QScrollArea (DashboardView) its contents widget, all
/// of it and not only the part scrolled into view; for any other widget (the
/// headless DashboardCanvas) the widget itself.
bool exportDashboardPng(QWidget *dashboardView, const QString &path, QString *error = nullptr);

/// A PDF report on A4 landscape: page 1 with the title, the range (local time and
/// UTC), the variables and when it was generated; then the panels in the given order
/// (null entries skipped), each under its title, scaled to the page width but never
/// taller than half a page, as many to a page as fit; "Page n of m" in every footer.
/// Panels are drawn with QWidget::render into the PDF, so lines and text stay
/// vectors. `pageCount` receives the number of pages written.
bool exportPdfReport(const ReportInfo &info, const QList<PanelWidget *> &panels,
                     const QString &path, QString *error = nullptr, int *pageCount = nullptr);

/// The ids of `panels` in reading order, as the dashboard lays them out (top to
/// bottom by gridPos.y, then left to right), for the report's panel order.
QList<int> layoutOrder(const QList<Panel> &panels);

/// Tells the user an export failed: a window-modal warning box over `parent`, its
/// text plain (a path or a title in it is never read as markup). Returns the box,
/// which deletes itself when closed.
QMessageBox *showError(QWidget *parent, const QString &error);

/// A file name for a save dialog: `title` with characters that are unsafe in file
/// names (path separators, control characters, :*?"<>|) replaced by "_", trimmed
/// and shortened, plus `suffix` ("png"); "panel.<suffix>" when nothing is left.
QString suggestedFileName(const QString &title, const QString &suffix);

} // namespace PanelExport
