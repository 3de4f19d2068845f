#pragma once

#include "dashboard.h"
#include "dashboardqueries.h"

#include <QAbstractTableModel>
#include <QVariant>

#include <vector>

/// One column of a table panel, after the panel's transformations and overrides.
struct PanelTableColumn
{
    /// The field name as Grafana names it: "Time", a label name, "Value",
    /// "Value #A" (several queries), or "Field"/"Last" for time series data.
    QString name;
    /// The header: displayName override, organize rename or legacy alias; else name.
    QString title;
    /// The query the column's values come from (value columns only).
    QString refId;
    QString unit;
    int decimals = -1;
    bool numeric = false;
    bool time = false;
    /// custom.width in pixels; 0 = automatic.
    int width = 0;
};

/// Prometheus data laid out as Grafana's table panel shows it.
///
/// Table format (a target with `format: table` or `instant`): one row per series
/// (per series and timestamp for range queries), columns Time, every label (the
/// union, sorted, `__name__` first) and Value - or "Value #A", "Value #B" when the
/// panel has several queries, with rows of different queries merged when their
/// label sets agree (one contains the other), as Grafana's merge does.
/// Otherwise: one row per series, columns Field (the legend name) and Last.
///
/// The panel's `organize` transformation (exclude, order, rename), field overrides
/// (byName, byRegexp, byType, byFrameRefID: unit, decimals, displayName,
/// custom.width, custom.hidden, custom.hideFrom.viz), value mappings and legacy
/// `styles[]` apply. Hidden columns are not in the model. Every cell is plain text.
class PanelTable final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        /// A double for numeric columns (missing cells: -infinity, so they sort
        /// together) and case-folded text otherwise: numbers sort as numbers.
        SortRole = Qt::UserRole + 1,
        /// The cell's value: double, QString, or invalid when missing.
        RawValueRole,
        /// The colour name of a matching value mapping ("red", "#ff0000"), or invalid.
        ColorRole,
    };

    explicit PanelTable(QObject *parent = nullptr);

    /// The panel whose options shape the table; rebuilds the rows if data is set.
    void setPanel(const Panel &panel);
    void setPanelData(const PanelData &data);

    const std::vector<PanelTableColumn> &columns() const { return m_columns; }
    /// The column whose name or title is `nameOrTitle`, or -1.
    int columnOf(const QString &nameOrTitle) const;
    /// Whether the panel's queries produce Grafana's table layout (see above).
    static bool usesTableFormat(const Panel &panel);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Built
    {
        std::vector<PanelTableColumn> columns;
        std::vector<std::vector<QVariant>> rows;
    };
    Built buildTable() const;
    Built buildSeriesRows() const;
    void applyFieldConfig(Built &built) const;
    QString displayText(const PanelTableColumn &column, const QVariant &value) const;
    QVariant mappingColor(const PanelTableColumn &column, const QVariant &value) const;

    Panel m_panel;
    PanelData m_data;
    std::vector<PanelTableColumn> m_columns;
    std::vector<std::vector<QVariant>> m_rows;
};
