#include "paneltable.h"

#include "units.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

const QString timeName = QStringLiteral("Time");

bool jsonTrue(const QJsonValue &v)
{
    // Grafana files carry "true" as a string as often as as a boolean.
    return v.toBool(false) || v.toString() == QLatin1String("true");
}

/// Grafana's "/regex/flags" or a bare pattern, as an unanchored expression.
QRegularExpression grafanaRegex(const QString &text)
{
    QString pattern = text;
    QRegularExpression::PatternOptions opts;
    if (pattern.startsWith(QLatin1Char('/'))) {
        const qsizetype end = pattern.lastIndexOf(QLatin1Char('/'));
        if (end > 0) {
            if (pattern.mid(end + 1).contains(QLatin1Char('i')))
                opts |= QRegularExpression::CaseInsensitiveOption;
            pattern = pattern.mid(1, end - 1);
        }
    }
    return QRegularExpression(pattern, opts);
}

QString labelKey(const Labels &labels)
{
    QString key;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        key += it.key();
        key += QChar(0x1f);
        key += it.value();
        key += QChar(0x1e);
    }
    return key;
}

/// True when one label set contains the other (so the rows describe the same thing).
bool consistent(const Labels &a, const Labels &b)
{
    const Labels &small = a.size() <= b.size() ? a : b;
    const Labels &large = a.size() <= b.size() ? b : a;
    for (auto it = small.cbegin(); it != small.cend(); ++it) {
        const auto found = large.constFind(it.key());
        if (found == large.cend() || found.value() != it.value())
            return false;
    }
    return true;
}

double lastValue(DoubleSpan values)
{
    for (auto it = values.rbegin(); it != values.rend(); ++it)
        if (!std::isnan(*it))
            return *it;
    return std::numeric_limits<double>::quiet_NaN();
}

QStringList visibleRefIds(const Panel &panel)
{
    QStringList refs;
    for (const Target &t : panel.targets)
        if (!t.hide && !refs.contains(t.refId))
            refs.append(t.refId);
    return refs;
}

} // namespace

PanelTable::PanelTable(QObject *parent) : QAbstractTableModel(parent) {}

bool PanelTable::usesTableFormat(const Panel &panel)
{
    for (const Target &t : panel.targets)
        if (!t.hide && (t.instant || t.format == QLatin1String("table")))
            return true;
    // Legacy table panels chose the layout with "transform".
    return panel.raw.value(QLatin1String("transform")).toString() == QLatin1String("table");
}

void PanelTable::setPanel(const Panel &panel)
{
    m_panel = panel;
    setPanelData(m_data);
}

void PanelTable::setPanelData(const PanelData &data)
{
    m_data = data;
    Built built = usesTableFormat(m_panel) ? buildTable() : buildSeriesRows();
    applyFieldConfig(built);
    beginResetModel();
    m_columns = std::move(built.columns);
    m_rows = std::move(built.rows);
    endResetModel();
}

PanelTable::Built PanelTable::buildTable() const
{
    Built b;
    QStringList refs = visibleRefIds(m_panel);
    for (const PanelSeries &s : m_data.series)
        if (!refs.contains(s.refId))
            refs.append(s.refId);
    int usedRefs = 0;
    for (const QString &r : refs) {
        const bool used = std::any_of(m_data.series.begin(), m_data.series.end(),
                                      [&](const PanelSeries &s) { return s.refId == r; });
        usedRefs += used ? 1 : 0;
    }
    const bool several = std::max<qsizetype>(visibleRefIds(m_panel).size(), usedRefs) > 1;

    bool instant = true;
    QStringList labelNames;
    for (const PanelSeries &s : m_data.series) {
        instant = instant && s.timestampsMs.size() <= 1;
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            if (!labelNames.contains(it.key()))
                labelNames.append(it.key());
    }
    std::sort(labelNames.begin(), labelNames.end(), [](const QString &a, const QString &c) {
        const bool an = a == QLatin1String("__name__");
        const bool cn = c == QLatin1String("__name__");
        if (an != cn)
            return an;
        return a < c;
    });

    PanelTableColumn time;
    time.name = timeName;
    time.numeric = true;
    time.time = true;
    b.columns.push_back(time);
    for (const QString &l : labelNames) {
        PanelTableColumn c;
        c.name = l;
        b.columns.push_back(c);
    }
    const int firstValue = int(b.columns.size());
    QHash<QString, int> valueColumn;
    for (const QString &r : refs) {
        const bool used = std::any_of(m_data.series.begin(), m_data.series.end(),
                                      [&](const PanelSeries &s) { return s.refId == r; });
        if (!used && !visibleRefIds(m_panel).contains(r))
            continue;
        PanelTableColumn c;
        c.name = several ? QStringLiteral("Value #%1").arg(r) : QStringLiteral("Value");
        c.refId = r;
        c.numeric = true;
        valueColumn.insert(r, int(b.columns.size()));
        b.columns.push_back(c);
    }
    if (int(b.columns.size()) == firstValue) { // no targets and no data: still a Value column
        PanelTableColumn c;
        c.name = QStringLiteral("Value");
        c.numeric = true;
        b.columns.push_back(c);
    }

    struct RowInfo
    {
        Labels labels;
        double time = std::numeric_limits<double>::quiet_NaN();
        QSet<QString> refs;
    };
    std::vector<RowInfo> info;
    QHash<QString, std::size_t> exact;
    const std::size_t width = b.columns.size();
    auto place = [&](const PanelSeries &s, double t, double v) {
        const QString key = labelKey(s.labels) + (instant ? QString() : QString::number(t, 'f', 0));
        std::size_t row = info.size();
        const auto found = exact.constFind(key);
        if (found != exact.cend() && !info[found.value()].refs.contains(s.refId)) {
            row = found.value();
        } else if (instant && info.size() < 2000) {
            // Merge rows of different queries whose label sets agree, as Grafana's
            // merge does: `count by (job, instance, version)` beside
            // `max by (job, instance)` gives one row per instance.
            for (std::size_t i = 0; i < info.size(); ++i) {
                if (!info[i].refs.contains(s.refId) && consistent(info[i].labels, s.labels)) {
                    row = i;
                    break;
                }
            }
        }
        if (row == info.size()) {
            info.push_back({});
            b.rows.emplace_back(width);
            exact.insert(key, row);
        }
        RowInfo &ri = info[row];
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            ri.labels.insert(it.key(), it.value());
        ri.refs.insert(s.refId);
        if (std::isnan(ri.time) || t > ri.time)
            ri.time = t;
        std::vector<QVariant> &cells = b.rows[row];
        cells[0] = std::isnan(ri.time) ? QVariant() : QVariant(ri.time);
        for (int c = 1; c < firstValue; ++c) {
            const auto l = ri.labels.constFind(b.columns[std::size_t(c)].name);
            if (l != ri.labels.cend())
                cells[std::size_t(c)] = l.value();
        }
        const int vc = valueColumn.value(s.refId, -1);
        if (vc >= 0 && !std::isnan(v))
            cells[std::size_t(vc)] = v;
    };
    for (const PanelSeries &s : m_data.series) {
        const std::size_t n = std::min(s.timestampsMs.size(), s.values.size());
        if (instant) {
            if (n == 1)
                place(s, s.timestampsMs[0], s.values[0]);
            continue;
        }
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isnan(s.values[i]))
                place(s, s.timestampsMs[i], s.values[i]);
    }
    return b;
}

PanelTable::Built PanelTable::buildSeriesRows() const
{
    Built b;
    PanelTableColumn field;
    field.name = QStringLiteral("Field");
    PanelTableColumn last;
    last.name = QStringLiteral("Last");
    last.numeric = true;
    b.columns = {field, last};
    for (const PanelSeries &s : m_data.series) {
        const double v = withDoubles(s.values, [](DoubleSpan d) { return lastValue(d); });
        b.rows.push_back({QVariant(s.name), std::isnan(v) ? QVariant() : QVariant(v)});
    }
    return b;
}

void PanelTable::applyFieldConfig(Built &b) const
{
    for (PanelTableColumn &c : b.columns) {
        c.title = c.name;
        if (c.numeric && !c.time) {
            c.unit = m_panel.unit;
            c.decimals = m_panel.decimals;
        }
    }
    std::vector<bool> hidden(b.columns.size(), false);

    // The "organize" transformation: exclude, rename, order (the real mixins use it
    // to turn "Value #A" into "Pods" and drop the Time column).
    std::vector<int> order(b.columns.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const QJsonArray transformations = m_panel.raw.value(QLatin1String("transformations")).toArray();
    for (const QJsonValue &tv : transformations) {
        const QJsonObject t = tv.toObject();
        if (t.value(QLatin1String("id")).toString() != QLatin1String("organize")
            || t.value(QLatin1String("disabled")).toBool())
            continue;
        const QJsonObject o = t.value(QLatin1String("options")).toObject();
        const QJsonObject exclude = o.value(QLatin1String("excludeByName")).toObject();
        const QJsonObject rename = o.value(QLatin1String("renameByName")).toObject();
        const QJsonObject index = o.value(QLatin1String("indexByName")).toObject();
        for (std::size_t i = 0; i < b.columns.size(); ++i) {
            const QString &name = b.columns[i].name;
            if (jsonTrue(exclude.value(name)))
                hidden[i] = true;
            const QString renamed = rename.value(name).toString();
            if (!renamed.isEmpty())
                b.columns[i].title = renamed;
        }
        if (!index.isEmpty()) {
            auto pos = [&](int i) {
                const QJsonValue v = index.value(b.columns[std::size_t(i)].name);
                return v.isDouble() ? v.toInt() : std::numeric_limits<int>::max();
            };
            std::stable_sort(order.begin(), order.end(), [&](int a, int c) { return pos(a) < pos(c); });
        }
    }

    // Legacy table panels: the first style whose pattern matches a column decides it.
    const QJsonArray styles = m_panel.raw.value(QLatin1String("styles")).toArray();
    for (std::size_t i = 0; i < b.columns.size() && !styles.isEmpty(); ++i) {
        PanelTableColumn &c = b.columns[i];
        for (const QJsonValue &sv : styles) {
            const QJsonObject st = sv.toObject();
            const QString pattern = st.value(QLatin1String("pattern")).toString();
            QRegularExpressionMatch m;
            bool match = false;
            if (pattern.startsWith(QLatin1Char('/'))) {
                m = grafanaRegex(pattern).match(c.name);
                match = m.hasMatch();
            } else {
                match = pattern == c.name;
            }
            if (!match)
                continue;
            const QString type = st.value(QLatin1String("type")).toString();
            if (type == QLatin1String("hidden"))
                hidden[i] = true;
            QString alias = st.value(QLatin1String("alias")).toString();
            if (!alias.isEmpty()) {
                if (m.hasMatch())
                    for (int g = m.lastCapturedIndex(); g >= 1; --g)
                        alias.replace(QStringLiteral("$%1").arg(g), m.captured(g));
                c.title = alias;
            }
            if (type == QLatin1String("number") && !c.time) {
                c.numeric = true;
                const QString unit = st.value(QLatin1String("unit")).toString();
                if (!unit.isEmpty())
                    c.unit = unit;
                if (st.value(QLatin1String("decimals")).isDouble())
                    c.decimals = st.value(QLatin1String("decimals")).toInt();
            }
            break;
        }
    }

    // Field overrides, in file order (a later one wins, as in Grafana).
    for (const FieldOverride &o : m_panel.overrides) {
        QRegularExpression re;
        if (o.matcher == QLatin1String("byRegexp"))
            re = grafanaRegex(o.option);
        for (std::size_t i = 0; i < b.columns.size(); ++i) {
            PanelTableColumn &c = b.columns[i];
            bool match = false;
            if (o.matcher == QLatin1String("byName"))
                match = o.option == c.name || o.option == c.title;
            else if (o.matcher == QLatin1String("byRegexp"))
                match = re.isValid() && (re.match(c.title).hasMatch() || re.match(c.name).hasMatch());
            else if (o.matcher == QLatin1String("byType"))
                match = o.option == (c.time ? QLatin1String("time") : c.numeric ? QLatin1String("number")
                                                                                 : QLatin1String("string"));
            else if (o.matcher == QLatin1String("byFrameRefID"))
                match = !c.refId.isEmpty() && o.option == c.refId;
            if (!match)
                continue;
            for (const OverrideProperty &p : o.properties) {
                if (p.id == QLatin1String("unit")) {
                    c.unit = p.value.toString();
                } else if (p.id == QLatin1String("decimals")) {
                    c.decimals = p.value.isDouble() ? p.value.toInt() : -1;
                } else if (p.id == QLatin1String("displayName")) {
                    if (!p.value.toString().isEmpty())
                        c.title = p.value.toString();
                } else if (p.id == QLatin1String("custom.width")) {
                    c.width = p.value.isDouble() ? std::clamp(p.value.toInt(), 0, 4000) : 0;
                } else if (p.id == QLatin1String("custom.hidden")) {
                    hidden[i] = jsonTrue(p.value);
                } else if (p.id == QLatin1String("custom.hideFrom")) {
                    hidden[i] = jsonTrue(p.value.toObject().value(QLatin1String("viz")));
                }
            }
        }
    }

    Built out;
    std::vector<int> kept;
    for (int i : order)
        if (!hidden[std::size_t(i)])
            kept.push_back(i);
    for (int i : kept)
        out.columns.push_back(b.columns[std::size_t(i)]);
    out.rows.reserve(b.rows.size());
    for (const std::vector<QVariant> &row : b.rows) {
        std::vector<QVariant> cells;
        cells.reserve(kept.size());
        for (int i : kept)
            cells.push_back(row[std::size_t(i)]);
        out.rows.push_back(std::move(cells));
    }
    b = std::move(out);
}

int PanelTable::columnOf(const QString &nameOrTitle) const
{
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].title == nameOrTitle)
            return int(i);
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == nameOrTitle)
            return int(i);
    return -1;
}

int PanelTable::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PanelTable::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

namespace {

const ValueMapping *findMapping(const QList<ValueMapping> &mappings, const QVariant &value)
{
    const bool missing = !value.isValid();
    const bool isNumber = value.typeId() == QMetaType::Double;
    const double number = isNumber ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
    const QString text = isNumber ? QString::number(number, 'g', 15) : value.toString();
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value:
            if (!missing && (m.value == text || (isNumber && !m.value.isEmpty() && m.value.toDouble() == number)))
                return &m;
            break;
        case ValueMapping::Kind::Range:
            if (isNumber && !std::isnan(number) && (!m.from || number >= *m.from) && (!m.to || number <= *m.to))
                return &m;
            break;
        case ValueMapping::Kind::Regex:
            if (!missing && !m.pattern.isEmpty() && grafanaRegex(m.pattern).match(text).hasMatch())
                return &m;
            break;
        case ValueMapping::Kind::Special:
            if ((missing && m.special.startsWith(QLatin1String("null")))
                || (isNumber && std::isnan(number) && m.special.contains(QLatin1String("nan")))
                || (!missing && !isNumber && text.isEmpty() && m.special == QLatin1String("empty")))
                return &m;
            break;
        }
    }
    return nullptr;
}

} // namespace

QString PanelTable::displayText(const PanelTableColumn &column, const QVariant &value) const
{
    if (!column.time) {
        if (const ValueMapping *m = findMapping(m_panel.mappings, value); m && !m->text.isEmpty())
            return m->text;
    }
    if (!value.isValid())
        return {};
    if (column.time)
        return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble())).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (value.typeId() != QMetaType::Double)
        return value.toString();
    const double v = value.toDouble();
    if (column.unit == QLatin1String("string"))
        return QString::number(v, 'g', 15);
    return formatValue(v, column.unit, column.decimals);
}

QVariant PanelTable::mappingColor(const PanelTableColumn &column, const QVariant &value) const
{
    if (column.time)
        return {};
    const ValueMapping *m = findMapping(m_panel.mappings, value);
    return m && !m->color.isEmpty() ? QVariant(m->color) : QVariant();
}

QVariant PanelTable::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PanelTableColumn &column = m_columns[std::size_t(index.column())];
    const QVariant &value = m_rows[std::size_t(index.row())][std::size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(column, value);
    case Qt::TextAlignmentRole:
        return column.numeric ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case SortRole:
        if (value.typeId() == QMetaType::Double)
            return value.toDouble();
        if (column.numeric)
            return -std::numeric_limits<double>::infinity();
        return value.toString().toCaseFolded();
    case RawValueRole:
        return value;
    case ColorRole:
        return mappingColor(column, value);
    default:
        return {};
    }
}

QVariant PanelTable::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(m_columns.size()))
        return QAbstractTableModel::headerData(section, orientation, role);
    const PanelTableColumn &c = m_columns[std::size_t(section)];
    if (role == Qt::DisplayRole)
        return c.title;
    if (role == Qt::TextAlignmentRole)
        return c.numeric ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == RawValueRole)
        return c.name;
    return {};
}
