#pragma once

#include <QColor>
#include <QString>

/// One colour per service name, the same in every trace view (search results,
/// waterfall, span detail, summary), so an operator learns "mongodb is orange"
/// once. The colour depends on the name only - not on the order services appear
/// in a trace - which keeps it stable between traces and between runs.
/// Red is left out: in the trace views red means an error.
namespace ServiceColors {

inline QColor byIndex(int index)
{
    // Bright enough for the dark theme, far enough from Theme::error.
    // Twenty hue/lightness families, as far apart as twenty can be; neighbours in
    // the list differ most, since nearby names often hash close.
    static const QRgb palette[] = {
        0x5794f2, 0xff9830, 0x73bf69, 0xb877d9, 0xfade2a, 0x37c6c6, 0xd683ce,
        0xc0d84a, 0x8ab8ff, 0xd9a066, 0x2fb5a0, 0xa1a1ff, 0x96d98d, 0xb58b4c,
        0x64c8e8, 0xba43a9, 0xffb38a, 0x9a9a3c, 0x7f9cb5, 0xc8f2c2,
    };
    constexpr int count = int(sizeof(palette) / sizeof(palette[0]));
    const int i = ((index % count) + count) % count;
    return QColor::fromRgb(palette[i]);
}

/// FNV-1a over the UTF-16 code units: qHash is seeded per process, this is not.
inline quint32 nameHash(const QString &name)
{
    quint32 h = 2166136261u;
    for (const QChar c : name) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

inline QColor forService(const QString &service)
{
    if (service.isEmpty())
        return QColor(0x8e, 0x8e, 0x9e);
    return byIndex(int(nameHash(service) & 0x7fffffffu));
}

} // namespace ServiceColors
