#include "targetsview.h"

#include "prometheusclient.h"
#include "targets.h"

#include <QBrush>
#include <QColor>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

/// Filters by state and text; colours the state and error columns.
class TargetsFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    int state = -1; // ScrapeTarget::Health as int, -1 = all
    QString text;

    void changed() { invalidateFilter(); }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole) {
            const auto health = ScrapeTarget::Health(QSortFilterProxyModel::data(index, TargetsModel::HealthRole).toInt());
            if (index.column() == TargetsModel::State) {
                switch (health) {
                case ScrapeTarget::Health::Up:
                    return QBrush(QColor(0x73, 0xbf, 0x69));
                case ScrapeTarget::Health::Down:
                    return QBrush(QColor(0xf2, 0x49, 0x5c));
                case ScrapeTarget::Health::Unknown:
                    return QBrush(QColor(0xa0, 0xa0, 0xa0));
                }
            }
            if (index.column() == TargetsModel::Error)
                return QBrush(QColor(0xf2, 0x49, 0x5c));
        }
        if (role == Qt::FontRole && index.column() == TargetsModel::State) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QAbstractItemModel *m = sourceModel();
        if (state >= 0 && m->index(row, 0, parent).data(TargetsModel::HealthRole).toInt() != state)
            return false;
        if (text.isEmpty())
            return true;
        for (int c : {TargetsModel::Pool, TargetsModel::Endpoint, TargetsModel::Labels, TargetsModel::Error})
            if (m->index(row, c, parent).data().toString().contains(text, Qt::CaseInsensitive))
                return true;
        return false;
    }
};

} // namespace

TargetsView::TargetsView(QWidget *parent)
    : QWidget(parent), m_model(new TargetsModel(this)), m_proxy(new TargetsFilter(this)), m_table(new QTableView(this)),
      m_state(new QComboBox(this)), m_search(new QLineEdit(this)), m_summary(new QLabel(this)),
      m_error(new QLabel(this)), m_timer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TargetsModel::SortRole);

    m_state->setObjectName(QStringLiteral("targetsState"));
    m_state->addItem(tr("All states"), -1);
    m_state->addItem(tr("Down"), int(ScrapeTarget::Health::Down));
    m_state->addItem(tr("Up"), int(ScrapeTarget::Health::Up));
    m_state->addItem(tr("Unknown"), int(ScrapeTarget::Health::Unknown));
    connect(m_state, &QComboBox::currentIndexChanged, this, [this] {
        auto *f = static_cast<TargetsFilter *>(m_proxy);
        f->state = m_state->currentData().toInt();
        f->changed();
    });
    m_search->setObjectName(QStringLiteral("targetsSearch"));
    m_search->setPlaceholderText(tr("Filter by pool, endpoint, label or error"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        auto *f = static_cast<TargetsFilter *>(m_proxy);
        f->text = t.trimmed();
        f->changed();
    });
    auto *reload = new QToolButton(this);
    reload->setText(tr("⟳"));
    reload->setToolTip(tr("Fetch the targets again"));
    connect(reload, &QToolButton::clicked, this, &TargetsView::refresh);

    m_summary->setObjectName(QStringLiteral("targetsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("targetsError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #f2495c;"));
    m_error->hide();

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TargetsModel::State, Qt::AscendingOrder); // down first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(TargetsModel::Pool, 130);
    m_table->setColumnWidth(TargetsModel::Endpoint, 250);
    m_table->setColumnWidth(TargetsModel::State, 80);
    m_table->setColumnWidth(TargetsModel::Labels, 220);
    m_table->setColumnWidth(TargetsModel::LastScrape, 90);
    m_table->setColumnWidth(TargetsModel::Duration, 110);

    auto *top = new QHBoxLayout;
    top->addWidget(m_state);
    top->addWidget(m_search, 1);
    top->addWidget(reload);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);

    m_timer->setInterval(30000);
    connect(m_timer, &QTimer::timeout, this, &TargetsView::refresh);
    m_summary->setText(tr("No Prometheus datasource"));
}

void TargetsView::setClient(PrometheusClient *client, const QString &name)
{
    if (m_query)
        m_query->deleteLater();
    m_query = nullptr;
    m_client = client;
    m_name = name;
    m_model->setTargets({});
    m_error->hide();
    refresh();
    if (m_timer->interval() > 0)
        m_timer->start();
}

void TargetsView::setIntervalMs(int ms)
{
    if (ms <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(ms);
}

void TargetsView::setStateFilter(const QString &state)
{
    const QString s = state.trimmed().toLower();
    int wanted = -1;
    if (s == QLatin1String("down"))
        wanted = int(ScrapeTarget::Health::Down);
    else if (s == QLatin1String("up"))
        wanted = int(ScrapeTarget::Health::Up);
    else if (s == QLatin1String("unknown"))
        wanted = int(ScrapeTarget::Health::Unknown);
    m_state->setCurrentIndex(m_state->findData(wanted));
}

QString TargetsView::stateFilter() const
{
    const int s = m_state->currentData().toInt();
    return s < 0 ? QStringLiteral("all") : ScrapeTarget::healthName(ScrapeTarget::Health(s));
}

int TargetsView::visibleRows() const
{
    return m_proxy->rowCount();
}

QString TargetsView::summaryText() const
{
    return m_summary->text();
}

QString TargetsView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void TargetsView::refresh()
{
    if (!m_client) {
        m_summary->setText(tr("No Prometheus datasource"));
        emit refreshed();
        return;
    }
    if (m_query)
        return; // the previous fetch is still on its way
    PrometheusListQuery *q = m_client->targets(this);
    m_query = q;
    connect(q, &PrometheusListQuery::targetsReady, this, [this](const QList<ScrapeTarget> &targets) {
        m_model->setTargets(targets);
        // A Prometheus that has just started lists its targets a moment later.
        if (targets.isEmpty() && m_timer->isActive())
            QTimer::singleShot(5000, this, &TargetsView::refresh);
        const QString where = m_name.isEmpty() ? QString() : tr(" on %1").arg(m_name);
        m_summary->setText(targetsSummary(targets) + where + tr(" (fetched %1)")
                                                                .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    });
    connect(q, &PrometheusListQuery::finished, this, [this, q](const QStringList &, const QString &error) {
        m_query = nullptr;
        q->deleteLater();
        if (error.isEmpty()) {
            m_error->hide();
        } else {
            // The last list stays; the reason is shown above it.
            m_error->setText(tr("Cannot read targets: %1").arg(error));
            m_error->show();
            if (m_model->rowCount() == 0)
                m_summary->setText(tr("Targets unknown"));
        }
        emit refreshed();
    });
}
