#pragma once

#include "panelwidget.h"

class QLabel;

/// Stands in for a panel type Dozor does not draw, so that nothing in a dashboard
/// disappears silently: it names the type and the panel.
class PlaceholderPanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit PlaceholderPanel(const Panel &panel, QWidget *parent = nullptr);

    bool needsQueries() const override { return false; }
    QString message() const;

protected:
    void updateView() override {}
    bool dataIsEmpty() const override { return false; }

private:
    QLabel *m_label;
};
