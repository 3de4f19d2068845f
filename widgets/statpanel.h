#pragma once

#include "fielddisplay.h"
#include "panelwidget.h"

#include <QColor>
#include <QList>
#include <QPolygonF>
#include <QRectF>

/// One reduced series as the single-value panels (stat, singlestat, gauge, bar
/// gauge) show it.
struct ValueCell
{
    QString title;
    /// The whole value text: prefix + number + suffix (or the mapping's text).
    QString text;
    /// Grafana colour string ("green", "#EAB839", ...); empty = theme text colour.
    QString colorName;
    QColor color;
    double value = 0;
    bool isNull = true;
    /// Position on the panel's range, 0..1.
    double percent = 0;
    int seriesIndex = 0;
};

/// How the single-value panels find the range values are placed on.
enum class ValueRangeMode {
    /// Percentage thresholds use the panel's min/max, else the data's (stat).
    Data,
    /// The panel's min/max, else 0..100 (0..1 for percentunit); a missing end of a
    /// half-set range comes from the data (gauge, bar gauge).
    Gauge,
};

/// Reduces every series of `data` with the panel's reducer and formats it (unit,
/// decimals, mappings, thresholds, colour mode). The calc "name" shows the series
/// name as the value (legacy singlestat).
QList<ValueCell> reduceCells(const Panel &panel, const PanelData &data, ValueRangeMode mode,
                             FieldDisplay::Range *rangeOut = nullptr);

/// Lays `count` items out in a grid over `area` (columns chosen so the items come
/// out as large as possible for `aspect` = preferred width / height); `columns` > 0
/// forces the number of columns.
QList<QRectF> tileRects(const QRectF &area, int count, double aspect, int columns = 0,
                        double gap = 4);

/// The largest font (from `base`) at which `text` fits in `box`, at most `maxPx`.
QFont fitFont(const QFont &base, const QString &text, const QSizeF &box, double maxPx = 400);

/// Grafana's "stat" panel, and the legacy "singlestat": one big value per series
/// (reduced by Panel::reduceCalc), tiled over the panel per options.orientation,
/// with options.textMode (auto, value, value_and_name, name, none), options.colorMode
/// (value, background, background_solid, none), options.graphMode (area: a
/// sparkline of the series; none) and options.justifyMode (auto, center). For
/// singlestat, colorValue / colorBackground / sparkline.show / prefix / postfix come
/// from Panel::raw. The text scales with the panel; all text is drawn as plain text.
class StatPanel : public PanelWidget
{
    Q_OBJECT
public:
    using Cell = ValueCell;

    explicit StatPanel(const Panel &panel, QWidget *parent = nullptr);

    /// What the panel shows, one cell per series, in series order.
    QList<Cell> cells() const { return m_cells; }
    /// The effective modes after defaults and legacy singlestat options.
    QString colorMode() const { return m_colorMode; }
    QString graphMode() const { return m_graphMode; }
    QString textMode() const { return m_textMode; }
    /// Where each cell is drawn (widget coordinates), for tests.
    QList<QRectF> cellRects() const;
    /// The largest value text, in pixels: 200 by default, so that one stat does not
    /// outshout a workstation's dashboard; 0 = as large as the cell allows (a wall
    /// screen in kiosk mode). Names keep their own smaller cap.
    void setMaxValuePixelSize(int px);
    int maxValuePixelSize() const { return m_maxValuePx; }
    static constexpr int kDefaultMaxValuePixelSize = 200;
    /// The pixel size of each cell's value text when last painted, for tests.
    QList<int> paintedValuePixelSizes() const { return m_paintedValuePx; }

protected:
    void updateView() override;
    void paintEvent(QPaintEvent *event) override;

private:
    void paintCell(QPainter &p, const Cell &cell, const QRectF &rect, int index) const;
    /// The value's font for `box`, remembered for paintedValuePixelSizes().
    QFont valueFont(const QString &text, const QSizeF &box, int index) const;

    QString m_colorMode;
    QString m_graphMode;
    QString m_textMode;
    QString m_orientation;
    QString m_justify;
    QList<Cell> m_cells;
    int m_maxValuePx = kDefaultMaxValuePixelSize;
    mutable QList<int> m_paintedValuePx;
    /// Sparklines normalised to the unit square (y up), line and closed area.
    QList<QPolygonF> m_sparkLines;
    QList<QPolygonF> m_sparkAreas;
};
