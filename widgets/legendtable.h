#pragma once

#include "dashboard.h"

#include <QColor>
#include <QList>
#include <QWidget>

#include <vector>

class LegendChips;
class QLineEdit;
class QScrollArea;
class QTableWidget;

/// A time-series panel's legend as Grafana draws it: a wrapping list of colour
/// swatches and names, or a table with one column per legend calc (last, mean,
/// max, ...) formatted in each series' unit and sortable by clicking a header.
/// Names are plain text. Clicking an entry emits entryClicked with the keyboard
/// modifiers, so the panel can isolate (click) or toggle (Ctrl+click) the series.
/// With more entries than one can scan (over kFilterThreshold), a filter box above
/// the entries keeps those whose name contains its text, ignoring case.
class LegendTable final : public QWidget
{
    Q_OBJECT
public:
    struct Entry
    {
        /// The panel's index of the series; reported back by entryClicked.
        int series = -1;
        QString name;
        QColor color;
        QString unit;
        int decimals = -1;
        /// One value per calc (LegendOptions::calcs order); NaN shows as "-".
        std::vector<double> calcValues;
        /// Hidden from the plot by the user: drawn greyed out.
        bool dimmed = false;
    };

    /// The filter box shows when there are more entries than this.
    static constexpr int kFilterThreshold = 8;

    explicit LegendTable(QWidget *parent = nullptr);

    /// Display mode (list, table, hidden), calc columns and the initial sort.
    void setOptions(const LegendOptions &options);
    const LegendOptions &options() const { return m_options; }
    void setEntries(const QList<Entry> &entries);
    /// Greys out the entries whose series index is in `hidden`.
    void setDimmed(const QList<int> &hidden);

    int entryCount() const { return int(m_entries.size()); }
    /// Entry names in the order they are shown (after sorting, in table mode),
    /// without those the filter hides.
    QStringList shownNames() const;
    /// The filter box (objectName "legendFilter"); visible only with more than
    /// kFilterThreshold entries.
    QLineEdit *filterEdit() const { return m_filter; }
    void setFilterText(const QString &text);
    QString filterText() const;
    /// The text of a table cell as shown (row in display order; column 0 = name).
    QString cellText(int row, int column) const;
    /// Acts as a click on the entry shown at `row`, as if clicked with `modifiers`.
    void clickRow(int row, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    /// The table (made when the legend first shows as a table; nullptr before).
    QTableWidget *table() const { return m_table; }
    bool isTableMode() const { return m_options.displayMode == QLatin1String("table"); }
    /// List mode: the widget that paints the entries (objectName "legendList"), the
    /// rectangle of the entry shown at `row` in it and of its colour mark, and the
    /// tooltip it shows (empty rectangles and text for a row not shown).
    QWidget *listWidget() const;
    QRect chipRect(int row) const;
    QRect swatchRect(int row) const;
    QString chipToolTip(int row) const;

signals:
    void entryClicked(int series, Qt::KeyboardModifiers modifiers);

protected:
private:
    void ensureTable();
    void rebuildList();
    void rebuildTable();
    bool matchesFilter(const QString &name) const;
    void applyFilter();
    void updateFilterBox();
    int sortColumn() const;

    LegendOptions m_options;
    QList<Entry> m_entries;
    QList<int> m_hidden;
    QScrollArea *m_listArea = nullptr;
    // The list's entries are painted by one widget (a hundred series are a hundred
    // chips, not two hundred widgets with their palettes and layout items).
    LegendChips *m_chips = nullptr;
    QTableWidget *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
};
