#include "alertmodel.h"

#include <algorithm>

AlertModel::AlertModel(QObject *parent) : QAbstractItemModel(parent) {}

void AlertModel::setAlerts(const QList<Alert> &alerts)
{
    m_alerts = alerts;
    rebuild();
}

void AlertModel::setFilter(const AlertFilter &filter)
{
    m_filter = filter;
    rebuild();
}

void AlertModel::setGroupBy(const QString &label)
{
    m_groupBy = label;
    rebuild();
}

void AlertModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    // Only tooltips change; a reset is simplest and cheap at alert-list sizes.
    beginResetModel();
    endResetModel();
}

void AlertModel::rebuild()
{
    beginResetModel();
    m_nodes.clear();
    m_top.clear();
    m_visible = 0;

    std::vector<int> shown;
    for (int i = 0; i < m_alerts.size(); ++i)
        if (m_filter.error.isEmpty() ? m_filter.matches(m_alerts[i]) : true)
            shown.push_back(i);
    // Severity (critical first), group key, then newest first.
    std::stable_sort(shown.begin(), shown.end(), [&](int a, int b) {
        const Alert &x = m_alerts[a], &y = m_alerts[b];
        const int rx = severityRank(x.severity()), ry = severityRank(y.severity());
        if (rx != ry)
            return rx < ry;
        if (x.severity() != y.severity())
            return x.severity() < y.severity();
        if (!m_groupBy.isEmpty()) {
            const QString gx = x.labels.value(m_groupBy), gy = y.labels.value(m_groupBy);
            if (gx != gy)
                return gx < gy;
        }
        if (x.startsAt != y.startsAt)
            return x.startsAt > y.startsAt;
        return x.identity() < y.identity();
    });

    m_nodes.reserve(shown.size() * 3 + 8);
    int sevNode = -1, groupNode = -1;
    auto count = [&](int node, const Alert &a) {
        Node &n = m_nodes[size_t(node)];
        ++n.total;
        if (a.state == Alert::State::Firing)
            ++n.firing;
        else if (a.state == Alert::State::Pending)
            ++n.pending;
        else if (a.state == Alert::State::Silenced || a.state == Alert::State::Inhibited)
            ++n.muted;
    };
    for (int i : shown) {
        const Alert &a = m_alerts[i];
        if (sevNode < 0 || m_nodes[size_t(sevNode)].severity != a.severity()) {
            Node n;
            n.kind = SeverityGroup;
            n.severity = a.severity();
            n.key = a.severity().isEmpty() ? tr("no severity") : a.severity();
            n.row = int(m_top.size());
            m_nodes.push_back(n);
            sevNode = int(m_nodes.size() - 1);
            m_top.push_back(sevNode);
            groupNode = -1;
        }
        int parent = sevNode;
        if (!m_groupBy.isEmpty()) {
            const QString key = a.labels.value(m_groupBy);
            if (groupNode < 0 || m_nodes[size_t(groupNode)].key != key) {
                Node g;
                g.kind = LabelGroup;
                g.key = key;
                g.severity = a.severity();
                g.parent = sevNode;
                g.row = int(m_nodes[size_t(sevNode)].children.size());
                m_nodes.push_back(g);
                groupNode = int(m_nodes.size() - 1);
                m_nodes[size_t(sevNode)].children.push_back(groupNode);
            }
            parent = groupNode;
            count(groupNode, a);
        }
        count(sevNode, a);
        Node leaf;
        leaf.kind = AlertItem;
        leaf.alert = i;
        leaf.severity = a.severity();
        leaf.parent = parent;
        leaf.row = int(m_nodes[size_t(parent)].children.size());
        m_nodes.push_back(leaf);
        m_nodes[size_t(parent)].children.push_back(int(m_nodes.size() - 1));
        ++m_visible;
    }
    endResetModel();
}

const AlertModel::Node *AlertModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const auto id = size_t(index.internalId());
    return id < m_nodes.size() ? &m_nodes[id] : nullptr;
}

const Alert *AlertModel::alertAt(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && n->kind == AlertItem ? &m_alerts[n->alert] : nullptr;
}

QModelIndex AlertModel::indexOf(const QString &identity) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].kind == AlertItem && m_alerts[m_nodes[i].alert].identity() == identity)
            return createIndex(m_nodes[i].row, 0, quintptr(i));
    return {};
}

QMap<QString, int> AlertModel::firingCounts() const
{
    QMap<QString, int> out;
    for (const Alert &a : m_alerts)
        if (a.state == Alert::State::Firing)
            ++out[a.severity()];
    return out;
}

QModelIndex AlertModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (size_t(row) >= m_top.size())
            return {};
        return createIndex(row, column, quintptr(m_top[size_t(row)]));
    }
    const Node *p = nodeOf(parent);
    if (!p || parent.column() != 0 || size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, quintptr(p->children[size_t(row)]));
}

QModelIndex AlertModel::parent(const QModelIndex &child) const
{
    const Node *n = nodeOf(child);
    if (!n || n->parent < 0)
        return {};
    const Node &p = m_nodes[size_t(n->parent)];
    return createIndex(p.row, 0, quintptr(n->parent));
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    const Node *n = nodeOf(parent);
    return n ? int(n->children.size()) : 0;
}

int AlertModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString AlertModel::relativeTime(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid())
        return {};
    qint64 s = since.secsTo(now.isValid() ? now : QDateTime::currentDateTimeUtc());
    if (s < 0)
        return tr("in the future");
    if (s < 60)
        return tr("%1s ago").arg(s);
    const qint64 m = s / 60;
    if (m < 60)
        return tr("%1m %2s ago").arg(m).arg(s % 60);
    const qint64 h = m / 60;
    if (h < 24)
        return tr("%1h %2m ago").arg(h).arg(m % 60);
    return tr("%1d %2h ago").arg(h / 24).arg(h % 24);
}

QString AlertModel::absoluteTime(const QDateTime &t) const
{
    if (!t.isValid())
        return {};
    return m_utc ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                 : t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return {};
    switch (role) {
    case KindRole: return int(n->kind);
    case SeverityRole: return n->severity;
    default: break;
    }
    if (n->kind != AlertItem) {
        if (role == Qt::DisplayRole) {
            if (index.column() == NameColumn) {
                const QString key = n->kind == LabelGroup && n->key.isEmpty()
                                        ? tr("(no %1)").arg(m_groupBy)
                                        : n->key;
                return QStringLiteral("%1 (%2)").arg(key).arg(n->total);
            }
            if (index.column() == StateColumn) {
                QStringList parts;
                if (n->firing)
                    parts << tr("%1 firing").arg(n->firing);
                if (n->pending)
                    parts << tr("%1 pending").arg(n->pending);
                if (n->muted)
                    parts << tr("%1 muted").arg(n->muted);
                return parts.join(QStringLiteral(", "));
            }
        }
        return {};
    }
    const Alert &a = m_alerts[n->alert];
    if (role == StateRole)
        return int(a.state);
    if (role == IdentityRole)
        return a.identity();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: {
            // The alert name plus the labels that tell instances apart.
            QStringList extra;
            for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it) {
                if (it.key() == QLatin1String("alertname") || it.key() == QLatin1String("severity")
                    || it.key() == m_groupBy)
                    continue;
                extra << it.key() + QLatin1Char('=') + it.value();
                if (extra.size() == 3)
                    break;
            }
            const QString labels = extra.join(QStringLiteral(", "));
            if (m_groupBy == QLatin1String("alertname")) // the group row already names it
                return labels.isEmpty() ? a.name() : labels;
            return labels.isEmpty() ? a.name() : a.name() + QStringLiteral(" · ") + labels;
        }
        case StateColumn: return Alert::stateName(a.state);
        case SinceColumn: return relativeTime(a.startsAt, m_now);
        case SummaryColumn: return a.summary().simplified().left(300);
        case ValueColumn: return a.displayValue();
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == SinceColumn)
            return absoluteTime(a.startsAt);
        // Qt renders tooltips that look like markup as rich text: escape, so
        // annotation text always shows as the characters it is.
        if (index.column() == SummaryColumn)
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
                .arg(a.summary().left(2000).toHtmlEscaped());
        return {};
    }
    return {};
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Alert");
    case StateColumn: return tr("State");
    case SinceColumn: return tr("Active since");
    case SummaryColumn: return tr("Summary");
    case ValueColumn: return tr("Value");
    default: return {};
    }
}
