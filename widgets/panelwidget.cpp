#include "panelwidget.h"

#include "loadingspinner.h"
#include "palette.h"
#include "plaintext.h"

#include <QLabel>

#include <algorithm>

PanelWidget::PanelWidget(const Panel &panel, QWidget *parent) : QWidget(parent), m_panel(panel)
{
    setMinimumSize(120, 60);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Theme::panelBackground);
    pal.setColor(QPalette::WindowText, Theme::text);
    setPalette(pal);

    m_spinner = new LoadingSpinner(this);

}

QLabel *PanelWidget::errorLabel()
{
    if (!m_error) {
        m_error = new QLabel(this);
        m_error->setObjectName(QStringLiteral("panelError"));
        m_error->setTextFormat(Qt::PlainText);
        m_error->setWordWrap(true);
        m_error->setAlignment(Qt::AlignCenter);
        m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_error->setStyleSheet(QStringLiteral(
            "QLabel { color: #ffd0d6; background: rgba(120, 20, 35, 220); border: 1px solid #f2495c;"
            " border-radius: 3px; padding: 6px; }"));
        m_error->hide();
    }
    return m_error;
}

QLabel *PanelWidget::warningLabel()
{
    // Warnings are not errors: the data is shown, with a badge that says what is
    // doubtful about it (Thanos partial answers, Prometheus warnings, TLS unverified).
    if (!m_warning) {
        m_warning = new QLabel(this);
        m_warning->setObjectName(QStringLiteral("panelWarning"));
        m_warning->setTextFormat(Qt::PlainText);
        m_warning->setStyleSheet(QStringLiteral(
            "QLabel { color: #1f1f20; background: rgba(250, 222, 42, 230); border-radius: 3px; padding: 1px 5px; }"));
        m_warning->hide();
    }
    return m_warning;
}

QLabel *PanelWidget::noDataLabel()
{
    if (!m_noData) {
        m_noData = new QLabel(this);
        m_noData->setObjectName(QStringLiteral("panelNoData"));
        m_noData->setTextFormat(Qt::PlainText);
        m_noData->setAlignment(Qt::AlignCenter);
        m_noData->setText(m_panel.noValue.isEmpty() ? tr("No data") : m_panel.noValue);
        m_noData->setStyleSheet(QStringLiteral("QLabel { color: %1; background: transparent; font-size: 14pt; }")
                                    .arg(Theme::mutedText.name()));
        m_noData->hide();
    }
    return m_noData;
}

int PanelWidget::plotWidth() const
{
    return std::max(50, width());
}

void PanelWidget::setLoading(bool loading)
{
    m_loading = loading;
    m_spinner->setRunning(loading);
    layoutOverlays();
}

void PanelWidget::setData(PanelData &&moved)
{
    m_data = std::move(moved);
    const PanelData &data = m_data;
    m_hasData = true;
    m_loading = false;
    m_spinner->setRunning(false);
    if (!data.error.isEmpty() || m_error) {
        errorLabel()->setText(data.error);
        m_error->setVisible(!data.error.isEmpty());
    }
    setToolTip(plainToolTip(data.warnings.join(QLatin1Char('\n')))); // server text: escaped
    if (!data.warnings.isEmpty() || m_warning) {
        warningLabel()->setToolTip(toolTip());
        m_warning->setProperty("fullText", data.warnings.join(QLatin1Char('\n')));
        m_warning->setVisible(!data.warnings.isEmpty());
    }
    updateView();
    const bool noData = data.error.isEmpty() && dataIsEmpty();
    if (noData || m_noData)
        noDataLabel()->setVisible(noData);
    layoutOverlays();
}

QString PanelWidget::warningText() const
{
    return !m_warning || m_warning->isHidden() ? QString() : m_warning->property("fullText").toString();
}

QString PanelWidget::errorText() const
{
    return !m_error || m_error->isHidden() ? QString() : m_error->text();
}

bool PanelWidget::showsNoData() const
{
    return m_noData && !m_noData->isHidden();
}

bool PanelWidget::dataIsEmpty() const
{
    return m_data.series.empty();
}

void PanelWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutOverlays();
}

void PanelWidget::layoutOverlays()
{
    m_spinner->move(width() - m_spinner->width() - 6, 4);
    m_spinner->raise();
    QWidget *host = noDataHost();
    const QRect area = host == this ? rect() : QRect(host->mapTo(this, QPoint(0, 0)), host->size());
    if (m_noData) {
        m_noData->setGeometry(area);
        m_noData->raise();
    }
    if (m_warning && !m_warning->isHidden()) {
        const QStringList warnings = m_data.warnings;
        const QString more = warnings.size() > 1 ? tr(" (+%1 more)").arg(warnings.size() - 1) : QString();
        const int room = std::max(40, width() - 16 - m_warning->fontMetrics().horizontalAdvance(more) - 24);
        const QString first = warnings.value(0).section(QLatin1Char('\n'), 0, 0);
        m_warning->setText(QStringLiteral("⚠ ") + m_warning->fontMetrics().elidedText(first, Qt::ElideRight, room) + more);
        m_warning->adjustSize();
        m_warning->move(8, height() - m_warning->height() - 6);
        m_warning->raise();
    }
    if (m_error && !m_error->isHidden()) {
        const int w = std::min(width() - 24, 520);
        m_error->setFixedWidth(std::max(w, 80));
        m_error->adjustSize();
        m_error->move((width() - m_error->width()) / 2, (height() - m_error->height()) / 2);
        m_error->raise();
    }
}
