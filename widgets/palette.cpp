#include "palette.h"

#include <QApplication>
#include <QHash>
#include <QPalette>
#include <QStyleFactory>

QColor seriesColor(int index)
{
    static const QRgb colors[] = {0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42, 0x1f78c1,
                                  0xba43a9, 0x705da0, 0x508642, 0xcca300, 0x447ebc, 0xc15c17,
                                  0x890f02, 0x0a437c, 0x6d1f62, 0x584477, 0xb7dbab, 0xf4d598,
                                  0x70dbed, 0xf9ba8f, 0xf29191, 0x82b5d8, 0xe5a8e2, 0xaea2e0};
    constexpr int n = int(sizeof(colors) / sizeof(colors[0]));
    return QColor(colors[((index % n) + n) % n]);
}

QColor namedColor(const QString &name, const QColor &fallback)
{
    static const QHash<QString, QRgb> grafana = {
        {QStringLiteral("green"), 0x73bf69},      {QStringLiteral("dark-green"), 0x37872d},
        {QStringLiteral("semi-dark-green"), 0x56a64b}, {QStringLiteral("red"), 0xf2495c},
        {QStringLiteral("dark-red"), 0xc4162a},   {QStringLiteral("semi-dark-red"), 0xe02f44},
        {QStringLiteral("yellow"), 0xfade2a},     {QStringLiteral("dark-yellow"), 0xe0b400},
        {QStringLiteral("orange"), 0xff9830},     {QStringLiteral("dark-orange"), 0xfa6400},
        {QStringLiteral("blue"), 0x5794f2},       {QStringLiteral("dark-blue"), 0x1f60c4},
        {QStringLiteral("purple"), 0xb877d9},     {QStringLiteral("dark-purple"), 0x8f3bb8},
        {QStringLiteral("critical"), 0xf2495c},   {QStringLiteral("warning"), 0xff9830},
        {QStringLiteral("ok"), 0x73bf69}};
    const QString key = name.trimmed().toLower();
    if (grafana.contains(key))
        return QColor(grafana.value(key));
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
