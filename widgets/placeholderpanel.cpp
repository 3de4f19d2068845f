#include "placeholderpanel.h"
#include "palette.h"

#include <QLabel>
#include <QVBoxLayout>

PlaceholderPanel::PlaceholderPanel(const Panel &panel, QWidget *parent)
    : PanelWidget(panel, parent), m_label(new QLabel(this))
{
    m_label->setObjectName(QStringLiteral("placeholderMessage"));
    m_label->setTextFormat(Qt::PlainText); // type and title come from the file
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(Theme::mutedText.name()));
    const QString type = panel.type.isEmpty() ? tr("(none)") : panel.type.left(100);
    const QString title = panel.title.isEmpty() ? tr("untitled") : panel.title.left(200);
    m_label->setText(tr("Panel type \"%1\" is not supported (panel %2: %3)").arg(type).arg(panel.id).arg(title));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
}

QString PlaceholderPanel::message() const
{
    return m_label->text();
}
