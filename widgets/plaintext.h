#pragma once

#include <QString>

/// Qt renders a tooltip that looks like markup as rich text. Text from files and
/// servers goes through this, so it always shows as the characters it is.
inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}
