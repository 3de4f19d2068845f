#include "palette.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QHash>
#include <QLegend>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

// WCAG relative luminance and contrast ratio.
double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

QColor seriesColor(int index)
{
    static const QRgb colors[] = {0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42, 0x1f78c1,
                                  0xba43a9, 0x705da0, 0x508642, 0xcca300, 0x447ebc, 0xc15c17,
                                  0x890f02, 0x0a437c, 0x6d1f62, 0x584477, 0xb7dbab, 0xf4d598,
                                  0x70dbed, 0xf9ba8f, 0xf29191, 0x82b5d8, 0xe5a8e2, 0xaea2e0};
    constexpr int n = int(sizeof(colors) / sizeof(colors[0]));
    const int i = ((index % n) + n) % n;
    if (Theme::effective() != Theme::Mode::Light)
        return QColor(colors[i]);
    // Yellow, cyan and the pastel second half vanish on white: the same hue, darker,
    // until a line of it reads as a graphical object does (WCAG 1.4.11, 3:1).
    static const std::array<QColor, n> light = [] {
        std::array<QColor, n> out;
        const QColor white = Theme::lightColors().panelBackground;
        for (int k = 0; k < n; ++k) {
            QColor c(colors[k]);
            for (int step = 0; step < 20 && contrast(c, white) < 3.0; ++step)
                c = c.darker(108);
            out[size_t(k)] = c;
        }
        return out;
    }();
    return light[size_t(i)];
}

namespace {

// "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", with percentages allowed for the channels.
QColor cssRgb(const QString &text)
{
    const qsizetype open = text.indexOf(QLatin1Char('('));
    if (open < 0 || !text.endsWith(QLatin1Char(')')))
        return {};
    const QStringList parts = text.mid(open + 1, text.size() - open - 2).split(QLatin1Char(','));
    if (parts.size() != 3 && parts.size() != 4)
        return {};
    int channels[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        QString p = parts.at(i).trimmed();
        const bool percent = p.endsWith(QLatin1Char('%'));
        if (percent)
            p.chop(1);
        bool ok = false;
        const double v = p.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return {};
        channels[i] = std::clamp(int(std::lround(percent ? v * 2.55 : v)), 0, 255);
    }
    double alpha = 1;
    if (parts.size() == 4) {
        QString a = parts.at(3).trimmed();
        const bool percent = a.endsWith(QLatin1Char('%'));
        if (percent)
            a.chop(1);
        bool ok = false;
        alpha = a.toDouble(&ok);
        if (!ok || !std::isfinite(alpha))
            return {};
        alpha = std::clamp(percent ? alpha / 100 : alpha, 0.0, 1.0);
    }
    QColor c(channels[0], channels[1], channels[2]);
    c.setAlphaF(float(alpha));
    return c;
}

} // namespace

QColor namedColor(const QString &name, const QColor &fallback)
{
    // Grafana's classic named colours (five shades per hue) and its aliases.
    static const QHash<QString, QRgb> grafana = {{QStringLiteral("super-light-red"), 0xffa6b0},
                                                 {QStringLiteral("light-red"), 0xff7383},
                                                 {QStringLiteral("red"), 0xf2495c},
                                                 {QStringLiteral("semi-dark-red"), 0xe02f44},
                                                 {QStringLiteral("dark-red"), 0xc4162a},
                                                 {QStringLiteral("super-light-orange"), 0xffcb7d},
                                                 {QStringLiteral("light-orange"), 0xffb357},
                                                 {QStringLiteral("orange"), 0xff9830},
                                                 {QStringLiteral("semi-dark-orange"), 0xff780a},
                                                 {QStringLiteral("dark-orange"), 0xfa6400},
                                                 {QStringLiteral("super-light-yellow"), 0xfff899},
                                                 {QStringLiteral("light-yellow"), 0xffee52},
                                                 {QStringLiteral("yellow"), 0xfade2a},
                                                 {QStringLiteral("semi-dark-yellow"), 0xf2cc0c},
                                                 {QStringLiteral("dark-yellow"), 0xe0b400},
                                                 {QStringLiteral("super-light-green"), 0xc8f2c2},
                                                 {QStringLiteral("light-green"), 0x96d98d},
                                                 {QStringLiteral("green"), 0x73bf69},
                                                 {QStringLiteral("semi-dark-green"), 0x56a64b},
                                                 {QStringLiteral("dark-green"), 0x37872d},
                                                 {QStringLiteral("super-light-blue"), 0xc0d8ff},
                                                 {QStringLiteral("light-blue"), 0x8ab8ff},
                                                 {QStringLiteral("blue"), 0x5794f2},
                                                 {QStringLiteral("semi-dark-blue"), 0x3274d9},
                                                 {QStringLiteral("dark-blue"), 0x1f60c4},
                                                 {QStringLiteral("super-light-purple"), 0xdeb6f2},
                                                 {QStringLiteral("light-purple"), 0xca95e5},
                                                 {QStringLiteral("purple"), 0xb877d9},
                                                 {QStringLiteral("semi-dark-purple"), 0xa352cc},
                                                 {QStringLiteral("dark-purple"), 0x8f3bb8},
                                                 {QStringLiteral("critical"), 0xf2495c},
                                                 {QStringLiteral("warning"), 0xff9830},
                                                 {QStringLiteral("ok"), 0x73bf69}};
    const QString key = name.trimmed().toLower();
    if (key.isEmpty())
        return fallback;
    const auto it = grafana.constFind(key);
    if (it != grafana.constEnd())
        return QColor(*it);
    if (key == QLatin1String("transparent"))
        return QColor(0, 0, 0, 0);
    if (key == QLatin1String("text"))
        return Theme::text;
    if (key.startsWith(QLatin1String("rgb"))) {
        const QColor c = cssRgb(key);
        return c.isValid() ? c : fallback;
    }
    if (key.startsWith(QLatin1Char('#')) && (key.size() == 9 || key.size() == 5)) {
        // CSS writes the alpha last (#rrggbbaa, #rgba); Qt reads #aarrggbb.
        const QString hex = key.size() == 9
                                ? key.mid(1)
                                : QString(key.at(1)) + key.at(1) + key.at(2) + key.at(2) +
                                      key.at(3) + key.at(3) + key.at(4) + key.at(4);
        bool ok = false;
        const uint v = hex.toUInt(&ok, 16);
        return ok ? QColor::fromRgba((v >> 8) | ((v & 0xff) << 24)) : fallback;
    }
    const QColor c = QColor::fromString(key);
    return c.isValid() ? c : fallback;
}

namespace Theme {

Colors darkColors()
{
    Colors c;
    c.panelBackground = QColor(0x18, 0x1b, 0x1f);
    c.windowBackground = QColor(0x11, 0x12, 0x17);
    c.text = QColor(0xcc, 0xcc, 0xdc);
    c.gridLine = QColor(0x2c, 0x30, 0x35);
    c.error = QColor(0xf2, 0x49, 0x5c);
    c.mutedText = QColor(0x8e, 0x8e, 0x9e);
    c.headerText = QColor(0xd8, 0xd9, 0xda);
    c.crosshair = QColor(0xcc, 0xcc, 0xdc, 150);
    c.selectionBand = QColor(0x5e, 0xa9, 0xff, 60);
    return c;
}

Colors lightColors()
{
    // Grafana's light theme: white panels on a pale grey canvas, near-black text.
    Colors c;
    c.panelBackground = QColor(0xff, 0xff, 0xff);
    c.windowBackground = QColor(0xf4, 0xf5, 0xf5);
    c.text = QColor(0x24, 0x29, 0x2e);
    c.gridLine = QColor(0xdc, 0xdd, 0xe0);
    c.error = QColor(0xd1, 0x0e, 0x5c); // 5:1 on white, where the dark theme's red is 3.4:1
    c.mutedText = QColor(0x6a, 0x6e, 0x75);
    c.headerText = QColor(0x24, 0x29, 0x2e);
    c.crosshair = QColor(0x24, 0x29, 0x2e, 140);
    c.selectionBand = QColor(0x38, 0x71, 0xdc, 50);
    return c;
}

namespace {

Mode s_effective = Mode::Dark;
// The application palette before Dozor first replaced it: the platform theme's.
std::optional<QPalette> s_platformPalette;

std::optional<bool> darkFromLightness(const QColor &window)
{
    if (!window.isValid())
        return std::nullopt;
    return window.lightnessF() < 0.5;
}

// What the platform palette says, when a platform theme supplied one (Qt's own
// fallback palette, #efefef, says nothing about the desktop).
std::optional<bool> darkFromPlatformPalette()
{
    if (!s_platformPalette)
        return std::nullopt;
    const QColor window = s_platformPalette->color(QPalette::Window);
    if (window == QColor(0xef, 0xef, 0xef))
        return std::nullopt;
    return darkFromLightness(window);
}

std::optional<bool> darkFromGtkTheme()
{
    // GTK_THEME=Adwaita:dark, or a theme named like Adwaita-dark.
    const QString theme = qEnvironmentVariable("GTK_THEME").trimmed();
    if (theme.isEmpty())
        return std::nullopt;
    return theme.contains(QLatin1String("dark"), Qt::CaseInsensitive);
}

bool desktopIs(const char *name)
{
    return qEnvironmentVariable("XDG_CURRENT_DESKTOP").contains(QLatin1String(name), Qt::CaseInsensitive);
}

std::optional<bool> darkFromKde()
{
    if (!desktopIs("KDE"))
        return std::nullopt;
    const QString path = QStandardPaths::locate(QStandardPaths::GenericConfigLocation, QStringLiteral("kdeglobals"));
    if (path.isEmpty())
        return std::nullopt;
    // BackgroundNormal=r,g,b (QSettings reads the commas as a list).
    const QStringList rgb =
        QSettings(path, QSettings::IniFormat).value(QStringLiteral("Colors:Window/BackgroundNormal")).toStringList();
    if (rgb.size() < 3)
        return std::nullopt;
    return darkFromLightness(QColor(rgb.at(0).toInt(), rgb.at(1).toInt(), rgb.at(2).toInt()));
}

std::optional<bool> darkFromGnome()
{
    if (!desktopIs("GNOME") || QStandardPaths::findExecutable(QStringLiteral("gsettings")).isEmpty())
        return std::nullopt;
    // A local command answering from dconf, once at start-up; bounded in case the
    // session bus hangs.
    QProcess gsettings;
    gsettings.start(QStringLiteral("gsettings"),
                    {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"), QStringLiteral("color-scheme")});
    if (!gsettings.waitForFinished(1000) || gsettings.exitCode() != 0) {
        gsettings.kill();
        gsettings.waitForFinished(100);
        return std::nullopt;
    }
    const QByteArray scheme = gsettings.readAllStandardOutput().trimmed();
    if (scheme.contains("prefer-dark"))
        return true;
    if (scheme.contains("prefer-light") || scheme.contains("default"))
        return false;
    return std::nullopt;
}

// Old -> new for every colour of the two themes that differs.
QHash<QRgb, QColor> colourMap(const Colors &from, const Colors &to)
{
    QHash<QRgb, QColor> map;
    const auto add = [&map](const QColor &a, const QColor &b) {
        if (a != b)
            map.insert(a.rgba(), b);
    };
    add(from.panelBackground, to.panelBackground);
    add(from.windowBackground, to.windowBackground);
    add(from.text, to.text);
    add(from.gridLine, to.gridLine);
    add(from.error, to.error);
    add(from.mutedText, to.mutedText);
    add(from.headerText, to.headerText);
    add(from.crosshair, to.crosshair);
    add(from.selectionBand, to.selectionBand);
    return map;
}

// Widgets that set Theme colours on their own palette (panels, the dashboard canvas)
// and charts that were given them (backgrounds, axes, legends) get the new theme's.
void retint(const QHash<QRgb, QColor> &map)
{
    if (map.isEmpty())
        return;
    const auto swap = [&map](const QColor &c) { return map.value(c.rgba(), c); };
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *w : widgets) {
        if (w->testAttribute(Qt::WA_SetPalette)) {
            QPalette p = w->palette();
            bool changed = false;
            for (int g = 0; g < int(QPalette::NColorGroups); ++g) {
                for (int r = 0; r < int(QPalette::NColorRoles); ++r) {
                    const auto group = QPalette::ColorGroup(g);
                    const auto role = QPalette::ColorRole(r);
                    const QColor c = p.color(group, role);
                    if (map.contains(c.rgba())) {
                        p.setColor(group, role, swap(c));
                        changed = true;
                    }
                }
            }
            if (changed)
                w->setPalette(p);
        }
        auto *view = qobject_cast<QChartView *>(w);
        if (!view || !view->chart())
            continue;
        QChart *chart = view->chart();
        chart->setBackgroundBrush(swap(chart->backgroundBrush().color()));
        if (chart->legend())
            chart->legend()->setLabelColor(swap(chart->legend()->labelColor()));
        const QList<QAbstractAxis *> axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsColor(swap(axis->labelsColor()));
            axis->setGridLineColor(swap(axis->gridLineColor()));
            axis->setMinorGridLineColor(swap(axis->minorGridLineColor()));
            axis->setLinePenColor(swap(axis->linePenColor()));
            QBrush title = axis->titleBrush();
            title.setColor(swap(title.color()));
            axis->setTitleBrush(title);
        }
    }
    for (QWidget *w : widgets)
        w->update();
}

QPalette paletteOf(const Colors &c, bool dark)
{
    QPalette p;
    const QColor raised = dark ? QColor(0x22, 0x25, 0x2b) : QColor(0xf0, 0xf1, 0xf3);
    const QColor disabled = dark ? QColor(0x6e, 0x6e, 0x7e) : QColor(0xa0, 0xa3, 0xa8);
    p.setColor(QPalette::Window, c.windowBackground);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.panelBackground);
    p.setColor(QPalette::AlternateBase, dark ? raised : QColor(0xf7, 0xf8, 0xf9));
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, raised);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::BrightText, dark ? QColor(0xff, 0xff, 0xff) : QColor(0xd1, 0x0e, 0x5c));
    p.setColor(QPalette::ToolTipBase, dark ? raised : QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::ToolTipText, c.text);
    p.setColor(QPalette::Highlight, dark ? QColor(0x3d, 0x71, 0xd9) : QColor(0x38, 0x71, 0xdc));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, dark ? QColor(0x6e, 0x9f, 0xff) : QColor(0x1f, 0x62, 0xe0));
    p.setColor(QPalette::LinkVisited, dark ? QColor(0xb8, 0x77, 0xd9) : QColor(0x8f, 0x3b, 0xb8));
    p.setColor(QPalette::PlaceholderText, c.mutedText);
    if (!dark) {
        // Fusion draws frames and shadows from these; its defaults suit a grey window.
        p.setColor(QPalette::Light, QColor(0xff, 0xff, 0xff));
        p.setColor(QPalette::Midlight, QColor(0xe6, 0xe7, 0xea));
        p.setColor(QPalette::Mid, QColor(0xc4, 0xc7, 0xcc));
        p.setColor(QPalette::Dark, QColor(0x9a, 0x9d, 0xa3));
        p.setColor(QPalette::Shadow, QColor(0x6a, 0x6e, 0x75));
    }
    for (const auto role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

QString name(Mode mode)
{
    switch (mode) {
    case Mode::Light: return QStringLiteral("light");
    case Mode::Dark: return QStringLiteral("dark");
    case Mode::System: break;
    }
    return QStringLiteral("system");
}

std::optional<Mode> fromName(const QString &text)
{
    for (const Mode m : {Mode::System, Mode::Light, Mode::Dark})
        if (text.trimmed().compare(name(m), Qt::CaseInsensitive) == 0)
            return m;
    return std::nullopt;
}

Mode saved()
{
    return fromName(QSettings().value(QLatin1String(settingsKey)).toString()).value_or(Mode::System);
}

void save(Mode mode)
{
    QSettings().setValue(QLatin1String(settingsKey), name(mode));
}

bool systemPrefersDark()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    switch (QGuiApplication::styleHints()->colorScheme()) {
    case Qt::ColorScheme::Dark: return true;
    case Qt::ColorScheme::Light: return false;
    default: break;
    }
#endif
    if (!s_platformPalette && qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        s_platformPalette = QGuiApplication::palette();
    for (const auto source : {darkFromPlatformPalette, darkFromGtkTheme, darkFromKde, darkFromGnome})
        if (const std::optional<bool> dark = source())
            return *dark;
    return true; // a monitoring console's home: Grafana's default look
}

Mode effective()
{
    return s_effective;
}

} // namespace Theme

void applyTheme(QApplication &app, Theme::Mode mode)
{
    using namespace Theme;
    if (!s_platformPalette)
        s_platformPalette = QGuiApplication::palette();
    const bool dark = mode == Mode::Dark || (mode == Mode::System && systemPrefersDark());
    const Colors next = dark ? darkColors() : lightColors();
    const QHash<QRgb, QColor> map = colourMap(detail::active, next);
    detail::active = next;
    s_effective = dark ? Mode::Dark : Mode::Light;
    if (!app.style() || app.style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(paletteOf(next, dark));
    retint(map);
}

void applyDarkTheme(QApplication &app)
{
    applyTheme(app, Theme::Mode::Dark);
}
