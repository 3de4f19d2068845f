#include "palette.h"

#include <QApplication>
#include <QHash>
#include <QPalette>
#include <QStyleFactory>

#include <algorithm>
#include <cmath>

QColor seriesColor(int index)
{
    static const QRgb colors[] = {0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42, 0x1f78c1,
                                  0xba43a9, 0x705da0, 0x508642, 0xcca300, 0x447ebc, 0xc15c17,
                                  0x890f02, 0x0a437c, 0x6d1f62, 0x584477, 0xb7dbab, 0xf4d598,
                                  0x70dbed, 0xf9ba8f, 0xf29191, 0x82b5d8, 0xe5a8e2, 0xaea2e0};
    constexpr int n = int(sizeof(colors) / sizeof(colors[0]));
    return QColor(colors[((index % n) + n) % n]);
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

void applyDarkTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    p.setColor(QPalette::Window, Theme::windowBackground);
    p.setColor(QPalette::WindowText, Theme::text);
    p.setColor(QPalette::Base, Theme::panelBackground);
    p.setColor(QPalette::AlternateBase, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::Text, Theme::text);
    p.setColor(QPalette::Button, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ButtonText, Theme::text);
    p.setColor(QPalette::ToolTipBase, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ToolTipText, Theme::text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x71, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0x9f, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x8e, 0x8e, 0x9e));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x6e, 0x7e));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x6e, 0x7e));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x6e, 0x7e));
    app.setPalette(p);
}
