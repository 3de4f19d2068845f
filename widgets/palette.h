#pragma once

#include <QColor>
#include <QString>

#include <optional>

class QApplication;

/// Grafana's classic series colours, by series index. In the light theme the
/// palest ones are darkened until they stand out from a white panel (3:1).
QColor seriesColor(int index);

/// A Grafana colour string as a QColor: the classic named colours ("red",
/// "semi-dark-red", "super-light-blue", ...), "transparent", "text", #rgb, #rrggbb,
/// #rrggbbaa (CSS order), rgb()/rgba() and SVG names; `fallback` for anything else.
QColor namedColor(const QString &name, const QColor &fallback);

namespace Theme {
/// The application's look: follow the desktop, or one of Dozor's own palettes.
enum class Mode { System, Light, Dark };

/// The colours widgets draw with, per theme. Widgets read them through the
/// references below (Theme::text, ...), so whatever they create or paint after
/// applyTheme() uses the active theme.
struct Colors
{
    QColor panelBackground;
    QColor windowBackground;
    QColor text;
    QColor gridLine;
    QColor error;
    /// Secondary text: "No data", placeholders, dimmed legend entries.
    QColor mutedText;
    /// Row headers of the dashboard grid.
    QColor headerText;
    /// The dashed crosshair over charts (with its alpha).
    QColor crosshair;
    /// The selection band of drag-to-zoom (with its alpha).
    QColor selectionBand;
};

/// Grafana's dark and light themes.
Colors darkColors();
Colors lightColors();

namespace detail {
// The active theme. Mutated only by applyTheme(); read through the references below.
inline Colors active = darkColors();
} // namespace detail

inline const QColor &panelBackground = detail::active.panelBackground;
inline const QColor &windowBackground = detail::active.windowBackground;
inline const QColor &text = detail::active.text;
inline const QColor &gridLine = detail::active.gridLine;
inline const QColor &error = detail::active.error;
inline const QColor &mutedText = detail::active.mutedText;
inline const QColor &headerText = detail::active.headerText;
inline const QColor &crosshair = detail::active.crosshair;
inline const QColor &selectionBand = detail::active.selectionBand;

/// "system", "light", "dark" (the setting's and --theme's spelling).
QString name(Mode mode);
/// The mode a name stands for (case-insensitive); nothing for anything else.
std::optional<Mode> fromName(const QString &name);
/// QSettings key of the remembered choice.
inline constexpr char settingsKey[] = "ui/theme";
/// The remembered choice (System when none or unreadable).
Mode saved();
/// Remembers the choice for the next start.
void save(Mode mode);
/// Whether the desktop asks for a dark look: Qt's colour scheme (Qt 6.5+), then
/// GTK_THEME, KDE's kdeglobals, GNOME's color-scheme, then the platform palette
/// as the application started; dark when nothing says.
bool systemPrefersDark();
/// Light or Dark: what applyTheme() last applied (Dark before the first call).
Mode effective();
} // namespace Theme

/// Applies a theme to the whole application: the Fusion style, the palette, the
/// Theme colours, and the widgets and charts that already exist (their background,
/// text, axis and grid colours follow). Charts pick the new series colours on their
/// next rebuild (MainWindow::refresh()).
void applyTheme(QApplication &app, Theme::Mode mode);

/// The dark look operators know from Grafana, for the whole application.
void applyDarkTheme(QApplication &app);
