#include "alertlistpanel.h"

#include "alertmodel.h"
#include "palette.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

/// Firing first, then pending, then the rest: what on-call looks at first.
int stateRank(Alert::State s)
{
    switch (s) {
    case Alert::State::Firing: return 0;
    case Alert::State::Pending: return 1;
    case Alert::State::Silenced: return 2;
    case Alert::State::Inhibited: return 3;
    case Alert::State::Inactive: return 4;
    }
    return 5;
}

QColor stateColor(Alert::State s)
{
    switch (s) {
    case Alert::State::Firing: return namedColor(QStringLiteral("red"), Qt::red);
    case Alert::State::Pending: return namedColor(QStringLiteral("orange"), QColor(0xff9830));
    case Alert::State::Inactive: return namedColor(QStringLiteral("green"), Qt::green);
    case Alert::State::Silenced:
    case Alert::State::Inhibited: return QColor(0x8e, 0x8e, 0x9e);
    }
    return Qt::gray;
}

QIcon dot(const QColor &color)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pm);
}

} // namespace

AlertListPanel::AlertListPanel(const Panel &panel, QWidget *parent)
    : PanelWidget(panel, parent), m_view(new QTreeWidget(this)), m_empty(new QLabel(this))
{
    const QJsonObject o = panel.options();
    const QJsonValue filter = o.contains(QLatin1String("stateFilter")) ? o.value(QLatin1String("stateFilter"))
                                                                        : panel.raw.value(QLatin1String("stateFilter"));
    if (filter.isObject()) {
        const QJsonObject f = filter.toObject();
        for (auto it = f.begin(); it != f.end(); ++it)
            if (it.value().toBool())
                m_states.append(it.key());
    } else {
        // Legacy alert list: ["alerting", "pending", "no_data", "ok", "execution_error"].
        for (const QJsonValue &v : filter.toArray()) {
            const QString s = v.toString();
            m_states.append(s == QLatin1String("alerting") ? QStringLiteral("firing")
                            : s == QLatin1String("ok")     ? QStringLiteral("normal")
                            : s == QLatin1String("no_data") ? QStringLiteral("noData")
                            : s == QLatin1String("execution_error") ? QStringLiteral("error")
                                                                     : s);
        }
    }
    m_nameFilter = o.value(QLatin1String("alertName")).toString().trimmed();
    m_labelFilter = AlertFilter::parse(o.value(QLatin1String("alertInstanceLabelFilter")).toString());
    m_showInstances = o.value(QLatin1String("showInstances")).toBool(false);
    const QJsonValue sort = o.contains(QLatin1String("sortOrder")) ? o.value(QLatin1String("sortOrder"))
                                                                    : panel.raw.value(QLatin1String("sortOrder"));
    m_sortOrder = sort.toInt(1);
    if (o.value(QLatin1String("maxItems")).isDouble())
        m_maxItems = o.value(QLatin1String("maxItems")).toInt();
    else if (panel.raw.value(QLatin1String("limit")).isDouble())
        m_maxItems = panel.raw.value(QLatin1String("limit")).toInt();
    m_maxItems = std::clamp(m_maxItems, 1, 10000);

    m_view->setObjectName(QStringLiteral("alertListPanelView"));
    m_view->setColumnCount(3);
    m_view->setHeaderLabels({tr("Alert"), tr("Summary"), tr("Since")});
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    connect(m_view, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { onItemActivated(item); });
    connect(m_view, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { onItemActivated(item); });

    m_empty->setObjectName(QStringLiteral("alertListPanelEmpty"));
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setText(tr("No alerts"));
    m_empty->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(Theme::mutedText.name()));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty);
    m_view->hide();
}

bool AlertListPanel::stateSelected(Alert::State state) const
{
    if (m_states.isEmpty())
        return true;
    switch (state) {
    // Silenced and inhibited alerts are still firing; Grafana lists them as such.
    case Alert::State::Firing:
    case Alert::State::Silenced:
    case Alert::State::Inhibited:
        return m_states.contains(QLatin1String("firing"));
    case Alert::State::Pending:
        return m_states.contains(QLatin1String("pending"));
    case Alert::State::Inactive:
        return m_states.contains(QLatin1String("normal")) || m_states.contains(QLatin1String("inactive"));
    }
    return false;
}

void AlertListPanel::setAlerts(const QList<Alert> &alerts)
{
    m_alerts = alerts;
    rebuild();
}

void AlertListPanel::rebuild()
{
    QList<Alert> selected;
    for (const Alert &a : m_alerts) {
        if (!stateSelected(a.state))
            continue;
        if (!m_nameFilter.isEmpty() && !a.name().contains(m_nameFilter, Qt::CaseInsensitive))
            continue;
        if (!m_labelFilter.isEmpty() && !m_labelFilter.matches(a))
            continue;
        selected.append(a);
    }

    auto moreImportant = [](const Alert &a, const Alert &b) {
        if (stateRank(a.state) != stateRank(b.state))
            return stateRank(a.state) < stateRank(b.state);
        return severityRank(a.severity()) < severityRank(b.severity());
    };

    m_shown.clear();
    m_counts.clear();
    if (m_showInstances) {
        m_shown = selected;
        m_counts = QList<int>(selected.size(), 1);
    } else {
        // One row per rule: its most important instance, since its earliest start.
        QHash<QString, qsizetype> rowOf;
        for (const Alert &a : std::as_const(selected)) {
            const auto found = rowOf.constFind(a.name());
            if (found == rowOf.cend()) {
                rowOf.insert(a.name(), m_shown.size());
                m_shown.append(a);
                m_counts.append(1);
                continue;
            }
            Alert &rep = m_shown[found.value()];
            ++m_counts[found.value()];
            const QDateTime earliest = rep.startsAt.isValid() && (!a.startsAt.isValid() || rep.startsAt <= a.startsAt)
                                           ? rep.startsAt : a.startsAt;
            if (moreImportant(a, rep))
                rep = a;
            rep.startsAt = earliest;
        }
    }

    QList<qsizetype> order(m_shown.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = i;
    auto byName = [this](qsizetype a, qsizetype b) {
        return m_shown[a].name().compare(m_shown[b].name(), Qt::CaseInsensitive) < 0;
    };
    switch (m_sortOrder) {
    case 2:
        std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return byName(b, a); });
        break;
    case 3:
        std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            if (moreImportant(m_shown[a], m_shown[b]) != moreImportant(m_shown[b], m_shown[a]))
                return moreImportant(m_shown[a], m_shown[b]);
            return byName(a, b);
        });
        break;
    case 4:
    case 5: {
        const bool newestFirst = m_sortOrder == 5;
        std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            const qint64 ta = m_shown[a].startsAt.toMSecsSinceEpoch();
            const qint64 tb = m_shown[b].startsAt.toMSecsSinceEpoch();
            return newestFirst ? ta > tb : ta < tb;
        });
        break;
    }
    default:
        std::stable_sort(order.begin(), order.end(), byName);
        break;
    }
    QList<Alert> sorted;
    QList<int> counts;
    for (qsizetype i : std::as_const(order)) {
        if (sorted.size() >= m_maxItems)
            break;
        sorted.append(m_shown[i]);
        counts.append(m_counts[i]);
    }
    m_shown = sorted;
    m_counts = counts;

    m_view->clear();
    QList<QTreeWidgetItem *> items;
    for (qsizetype i = 0; i < m_shown.size(); ++i) {
        const Alert &a = m_shown[i];
        auto *item = new QTreeWidgetItem;
        const QString name = a.name().isEmpty() ? tr("(unnamed alert)") : a.name();
        item->setText(0, m_counts[i] > 1 ? tr("%1 (%2 instances)").arg(name).arg(m_counts[i]) : name);
        item->setIcon(0, dot(stateColor(a.state)));
        item->setText(1, a.summary().simplified().left(300));
        item->setText(2, AlertModel::relativeTime(a.startsAt, m_now));
        item->setData(0, Qt::UserRole, int(i));
        items.append(item);
    }
    m_view->addTopLevelItems(items);
    m_view->resizeColumnToContents(0);
    m_view->resizeColumnToContents(2);
    m_view->setVisible(!m_shown.isEmpty());
    m_empty->setVisible(m_shown.isEmpty());
}

void AlertListPanel::onItemActivated(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const int i = item->data(0, Qt::UserRole).toInt();
    if (i >= 0 && i < m_shown.size())
        emit alertActivated(m_shown[i]);
}
