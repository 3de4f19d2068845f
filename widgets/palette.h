#pragma once

#include <QColor>
#include <QString>

class QApplication;

/// Grafana's classic series colours, by series index.
QColor seriesColor(int index);

/// A Grafana colour string as a QColor: the classic named colours ("red",
/// "semi-dark-red", "super-light-blue", ...), "transparent", "text", #rgb, #rrggbb,
/// #rrggbbaa (CSS order), rgb()/rgba() and SVG names; `fallback` for anything else.
QColor namedColor(const QString &name, const QColor &fallback);

/// The dark look operators know from Grafana, for the whole application.
void applyDarkTheme(QApplication &app);

namespace Theme {
inline const QColor panelBackground{0x18, 0x1b, 0x1f};
inline const QColor windowBackground{0x11, 0x12, 0x17};
inline const QColor text{0xcc, 0xcc, 0xdc};
inline const QColor gridLine{0x2c, 0x30, 0x35};
inline const QColor error{0xf2, 0x49, 0x5c};
} // namespace Theme
