#pragma once

#include "panelwidget.h"

class PanelTable;
class QSortFilterProxyModel;
class QTableView;

/// Grafana's table panel: PanelTable behind a sorting proxy in a QTableView.
/// Columns sort by clicking their header (numbers as numbers); the panel's
/// `options.sortBy` gives the initial order. Cells are plain text.
class TablePanel final : public PanelWidget
{
    Q_OBJECT
public:
    explicit TablePanel(const Panel &panel, QWidget *parent = nullptr);

    PanelTable *tableModel() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

protected:
    void updateView() override;
    bool dataIsEmpty() const override;
    QWidget *noDataHost() override;

private:
    void applyInitialSort();

    PanelTable *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    bool m_sortApplied = false;
};
