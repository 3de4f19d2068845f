#include "piepanel.h"

#include "fielddisplay.h"
#include "palette.h"
#include "units.h"

#include <QChart>
#include <QChartView>
#include <QJsonArray>
#include <QLegend>
#include <QLegendMarker>
#include <QPieSeries>
#include <QPieSlice>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

PiePanel::PiePanel(const Panel &panel, QWidget *parent)
    : PanelWidget(panel, parent), m_chart(new QChart), m_series(new QPieSeries(this))
{
    m_chart->setBackgroundVisible(false);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->addSeries(m_series);
    m_series->setPieSize(0.85);
    if (isDonut())
        m_series->setHoleSize(0.45);

    QLegend *legend = m_chart->legend();
    legend->setLabelColor(Theme::text);
    const QJsonObject legendOptions = panel.options().value(QLatin1String("legend")).toObject();
    const bool hidden = legendOptions.value(QLatin1String("displayMode")).toString() == QLatin1String("hidden")
                        || legendOptions.value(QLatin1String("showLegend")) == QJsonValue(false);
    legend->setVisible(!hidden);
    legend->setAlignment(legendOptions.value(QLatin1String("placement")).toString() == QLatin1String("bottom")
                             ? Qt::AlignBottom : Qt::AlignRight);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setStyleSheet(QStringLiteral("background: transparent"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

bool PiePanel::isDonut() const
{
    return panel().options().value(QLatin1String("pieType")).toString() == QLatin1String("donut");
}

QColor PiePanel::colorFor(const QString &name, int index) const
{
    QColor color = seriesColor(index);
    for (const auto &[alias, c] : panel().aliasColors)
        if (alias == name)
            color = namedColor(c, color);
    for (const FieldOverride &o : panel().overrides) {
        if (o.matcher != QLatin1String("byName") || o.option != name)
            continue;
        for (const OverrideProperty &p : o.properties)
            if (p.id == QLatin1String("color"))
                color = namedColor(p.value.toObject().value(QLatin1String("fixedColor")).toString(), color);
    }
    return color;
}

void PiePanel::updateView()
{
    m_series->clear();
    m_names.clear();
    const QJsonArray legendValues =
        panel().options().value(QLatin1String("legend")).toObject().value(QLatin1String("values")).toArray();
    const bool showValue = legendValues.contains(QStringLiteral("value"));
    const bool showPercent = legendValues.contains(QStringLiteral("percent"));

    struct Slice
    {
        QString name;
        double value;
        int index;
    };
    std::vector<Slice> slices;
    double total = 0;
    int index = 0;
    for (const PanelSeries &s : data().series) {
        const std::optional<double> v = withDoubles(s.values, [this](DoubleSpan v) { return FieldDisplay::reduce(v, panel().reduceCalc); });
        // A pie has no room for missing or negative parts.
        if (v && std::isfinite(*v) && *v >= 0) {
            slices.push_back({s.name, *v, index});
            total += *v;
        }
        ++index;
    }
    // Thousands of slices are unreadable, and Qt Charts' legend layout is quadratic
    // in them (a 200,000-series result hung): the largest, then one "Other" slice.
    constexpr std::size_t kMaxSlices = 100;
    if (slices.size() > kMaxSlices) {
        std::stable_sort(slices.begin(), slices.end(),
                         [](const Slice &a, const Slice &b) { return a.value > b.value; });
        double rest = 0;
        for (std::size_t i = kMaxSlices - 1; i < slices.size(); ++i)
            rest += slices[i].value;
        const QString other = tr("Other (%1 series)").arg(slices.size() - (kMaxSlices - 1));
        slices.resize(kMaxSlices - 1);
        slices.push_back({other, rest, int(kMaxSlices - 1)});
    }
    // Appended at once: one at a time, Qt Charts rebuilds every legend marker on
    // each append (minutes for a few thousand series).
    QList<QPieSlice *> pieSlices;
    pieSlices.reserve(qsizetype(slices.size()));
    for (const Slice &s : slices) {
        QString label = s.name;
        if (showValue)
            label += QStringLiteral(": ") + formatValue(s.value, panel().unit, panel().decimals);
        if (showPercent && total > 0) {
            const double pct = 100.0 * s.value / total;
            label += QStringLiteral(" (%1%)").arg(QString::number(pct, 'f', pct >= 10 || pct == 0 ? 0 : 1));
        }
        // Qt Charts renders slice and legend labels as HTML; names come from servers.
        auto *slice = new QPieSlice(label.toHtmlEscaped(), s.value);
        const QColor c = colorFor(s.name, s.index);
        slice->setColor(c);
        slice->setBorderColor(Theme::panelBackground);
        pieSlices.append(slice);
        m_names.append(s.name);
    }
    m_series->append(pieSlices);
}

bool PiePanel::dataIsEmpty() const
{
    if (m_series->count() == 0)
        return true;
    return m_series->sum() <= 0;
}
