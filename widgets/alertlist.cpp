#include "alertlist.h"

#include "flowlayout.h"
#include "linkopener.h"
#include "palette.h"
#include "plaintext.h"
#include "silencedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QColor severityColor(const QString &severity)
{
    switch (severityRank(severity)) {
    case 0: return QColor(0xf2, 0x49, 0x5c);
    case 1: return QColor(0xff, 0x98, 0x30);
    case 2: return QColor(0x5e, 0xa9, 0xff);
    default: return QColor(0xb0, 0xb0, 0xbc);
    }
}

QColor stateColor(Alert::State s)
{
    switch (s) {
    case Alert::State::Firing: return QColor(0xf2, 0x49, 0x5c);
    case Alert::State::Pending: return QColor(0xff, 0xb3, 0x57);
    case Alert::State::Silenced:
    case Alert::State::Inhibited: return QColor(0x8e, 0x8e, 0x9e);
    case Alert::State::Inactive: return QColor(0x73, 0xbf, 0x69);
    }
    return {};
}

/// Colours severity groups and states; text is drawn by the style as plain text.
class AlertDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const int kind = index.data(AlertModel::KindRole).toInt();
        if (kind == AlertModel::SeverityGroup) {
            option->font.setBold(true);
            if (index.column() == AlertModel::NameColumn)
                option->palette.setColor(QPalette::Text, severityColor(index.data(AlertModel::SeverityRole).toString()));
        } else if (kind == AlertModel::AlertItem && index.column() == AlertModel::StateColumn) {
            option->palette.setColor(QPalette::Text, stateColor(Alert::State(index.data(AlertModel::StateRole).toInt())));
            option->font.setBold(true);
        }
    }
};

QLabel *plainLabel(QWidget *parent, bool wrap = true)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(wrap);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QString matcherText(const SilenceMatcher &m)
{
    const QString op = m.isRegex ? (m.isEqual ? QStringLiteral("=~") : QStringLiteral("!~"))
                                 : (m.isEqual ? QStringLiteral("=") : QStringLiteral("!="));
    return m.name + op + QLatin1Char('"') + m.value + QLatin1Char('"');
}

} // namespace

AlertListWidget::AlertListWidget(AlertClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new AlertModel(this))
{
    setObjectName(QStringLiteral("alertList"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("alertFilter"));
    m_filter->setPlaceholderText(tr("Filter: words or matchers, e.g. severity=\"critical\" redis"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &AlertListWidget::setFilterText);
    bar->addWidget(m_filter, 1);
    bar->addWidget(new QLabel(tr("Group by"), this));
    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("alertGroupBy"));
    m_groupBy->setEditable(true);
    m_groupBy->setToolTip(tr("A label to group alerts by under their severity (empty: none)"));
    for (const char *l : {"alertname", "service", "instance", "job", "team", ""})
        m_groupBy->addItem(QLatin1String(l));
    connect(m_groupBy, &QComboBox::currentTextChanged, this, &AlertListWidget::setGroupBy);
    bar->addWidget(m_groupBy);
    m_utc = new QCheckBox(tr("UTC"), this);
    m_utc->setObjectName(QStringLiteral("alertUtc"));
    connect(m_utc, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setUtc(on);
        showDetails();
    });
    bar->addWidget(m_utc);
    layout->addLayout(bar);

    m_status = plainLabel(this);
    m_status->setObjectName(QStringLiteral("alertStatus"));
    layout->addWidget(m_status);

    m_tabs = new QTabWidget(this);
    layout->addWidget(m_tabs, 1);

    // Alerts: the tree and the selected alert's details.
    auto *split = new QSplitter(Qt::Horizontal, m_tabs);
    m_tree = new QTreeView(split);
    m_tree->setObjectName(QStringLiteral("alertTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new AlertDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(AlertModel::SummaryColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(AlertModel::NameColumn, 250);
    m_tree->setColumnWidth(AlertModel::StateColumn, 80);
    m_tree->setColumnWidth(AlertModel::SinceColumn, 100);
    m_tree->setColumnWidth(AlertModel::ValueColumn, 80);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_tree->expandAll(); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &AlertListWidget::showDetails);
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (m_model->alertAt(index))
            openRunbook();
    });

    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    m_details = new QWidget(scroll);
    m_details->setObjectName(QStringLiteral("alertDetails"));
    auto *d = new QVBoxLayout(m_details);
    m_detailTitle = plainLabel(m_details);
    QFont big = m_detailTitle->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_detailTitle->setFont(big);
    m_detailState = plainLabel(m_details);
    m_detailSummary = plainLabel(m_details);
    m_detailSummary->setObjectName(QStringLiteral("alertSummary"));
    m_detailDescription = plainLabel(m_details);
    m_detailDescription->setObjectName(QStringLiteral("alertDescription"));
    m_chips = new QWidget(m_details);
    m_chipLayout = new FlowLayout(m_chips, 4);
    m_detailAnnotations = plainLabel(m_details);
    m_detailAnnotations->setObjectName(QStringLiteral("alertAnnotations"));
    m_runbookText = plainLabel(m_details);
    m_runbookText->setObjectName(QStringLiteral("alertRunbook"));
    auto *buttons = new QHBoxLayout;
    m_openRunbook = new QPushButton(tr("Open runbook"), m_details);
    m_openRunbook->setObjectName(QStringLiteral("openRunbook"));
    m_openQuery = new QPushButton(tr("Open query"), m_details);
    m_openQuery->setObjectName(QStringLiteral("openQuery"));
    m_openQuery->setToolTip(tr("Plot the alert's expression as a panel in Dozor"));
    m_silence = new QPushButton(tr("Silence…"), m_details);
    m_silence->setObjectName(QStringLiteral("silenceAlert"));
    connect(m_openRunbook, &QPushButton::clicked, this, &AlertListWidget::openRunbook);
    connect(m_openQuery, &QPushButton::clicked, this, &AlertListWidget::openQuery);
    connect(m_silence, &QPushButton::clicked, this, &AlertListWidget::silenceSelected);
    buttons->addWidget(m_openRunbook);
    buttons->addWidget(m_openQuery);
    buttons->addWidget(m_silence);
    buttons->addStretch();
    d->addWidget(m_detailTitle);
    d->addLayout(buttons); // first, so they stay in view whatever the text below
    d->addWidget(m_runbookText);
    d->addWidget(m_detailState);
    d->addWidget(m_chips);
    d->addWidget(m_detailSummary);
    d->addWidget(m_detailDescription);
    d->addWidget(m_detailAnnotations);
    d->addStretch();
    scroll->setWidget(m_details);
    split->addWidget(m_tree);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({700, 450});
    m_tabs->addTab(split, tr("Alerts"));

    // Silences.
    auto *silencePage = new QWidget(m_tabs);
    auto *sl = new QVBoxLayout(silencePage);
    m_silences = new QTreeWidget(silencePage);
    m_silences->setObjectName(QStringLiteral("silenceList"));
    m_silences->setRootIsDecorated(false);
    m_silences->setHeaderLabels({tr("State"), tr("Matchers"), tr("Ends"), tr("Created by"), tr("Comment"), tr("ID")});
    m_silences->setColumnWidth(1, 380);
    sl->addWidget(m_silences, 1);
    auto *sb = new QHBoxLayout;
    auto *create = new QPushButton(tr("New silence…"), silencePage);
    connect(create, &QPushButton::clicked, this, [this] {
        auto *dialog = new SilenceDialog(m_client, nullptr, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SilenceDialog::created, m_client, &AlertClient::refresh);
        dialog->open();
    });
    m_expire = new QPushButton(tr("Expire silence"), silencePage);
    m_expire->setObjectName(QStringLiteral("expireSilence"));
    connect(m_expire, &QPushButton::clicked, this, &AlertListWidget::expireSelectedSilence);
    sb->addWidget(create);
    sb->addWidget(m_expire);
    sb->addStretch();
    sl->addLayout(sb);
    m_tabs->addTab(silencePage, tr("Silences"));

    connect(m_client, &AlertClient::updated, this, &AlertListWidget::onSnapshot);
    showDetails();
    setStatus(tr("Alerts not loaded yet"), false);
}

void AlertListWidget::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #ffd0d6; background: #5a1822; padding: 3px; }")
                                  : QStringLiteral("QLabel { color: #a0a0b0; }"));
}

QString AlertListWidget::statusText() const
{
    return m_status->text();
}

void AlertListWidget::setFilterText(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // re-enters through textChanged
    const AlertFilter f = AlertFilter::parse(text);
    const QString selected = selectedAlert() ? selectedAlert()->identity() : QString();
    m_model->setFilter(f);
    m_filter->setStyleSheet(f.error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #f2495c; }"));
    m_filter->setToolTip(plainToolTip(f.error));
    if (!selected.isEmpty())
        selectAlert(selected);
    showDetails();
}

void AlertListWidget::setGroupBy(const QString &label)
{
    if (m_groupBy->currentText() != label)
        m_groupBy->setCurrentText(label);
    const QString selected = selectedAlert() ? selectedAlert()->identity() : QString();
    m_model->setGroupBy(label.trimmed());
    if (!selected.isEmpty())
        selectAlert(selected);
}

bool AlertListWidget::selectAlert(const QString &identity)
{
    const QModelIndex index = m_model->indexOf(identity);
    if (!index.isValid())
        return false;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    return true;
}

const Alert *AlertListWidget::selectedAlert() const
{
    return m_model->alertAt(m_tree->currentIndex().siblingAtColumn(0));
}

void AlertListWidget::onSnapshot(const AlertSnapshot &snapshot)
{
    const QString selected = selectedAlert() ? selectedAlert()->identity() : QString();
    m_snapshot = snapshot;
    m_model->setNow(snapshot.fetchedAt);
    m_model->setAlerts(snapshot.alerts);
    if (!selected.isEmpty())
        selectAlert(selected);
    updateSilences();

    QList<Alert> fresh;
    QSet<QString> firing;
    for (const Alert &a : snapshot.alerts) {
        if (a.state != Alert::State::Firing)
            continue;
        firing.insert(a.identity());
        if (!m_firstSnapshot && !m_firingSeen.contains(a.identity()))
            fresh.append(a);
    }
    // A source that failed says nothing about what stopped firing: keep what was seen.
    if (snapshot.errors().isEmpty())
        m_firingSeen = firing;
    else
        m_firingSeen.unite(firing);
    if (m_firstSnapshot) {
        // Alerts already firing at start are not "new": notify only for later ones.
        m_firstSnapshot = false;
        fresh.clear();
    }
    if (!fresh.isEmpty())
        emit newlyFiring(fresh);
    emit countsChanged(m_model->firingCounts());

    const QStringList errors = snapshot.errors();
    const QString when = snapshot.fetchedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    if (!errors.isEmpty()) {
        setStatus(errors.join(QLatin1Char('\n')) + tr("\n(updated %1; showing what did answer)").arg(when), true);
    } else {
        const auto active = std::count_if(snapshot.silences.begin(), snapshot.silences.end(),
                                          [](const Silence &s) { return s.state == QLatin1String("active"); });
        QString text = tr("%n alert(s), %1 shown · %2 active silence(s) · updated %3", nullptr,
                          int(snapshot.alerts.size()))
                           .arg(m_model->visibleAlertCount())
                           .arg(active)
                           .arg(when);
        if (!snapshot.alertmanagerVersion.isEmpty())
            text += tr(" · Alertmanager %1").arg(snapshot.alertmanagerVersion);
        if (!snapshot.alertmanagerCluster.isEmpty() && snapshot.alertmanagerCluster != QLatin1String("ready")
            && snapshot.alertmanagerCluster != QLatin1String("disabled"))
            text += tr(" (cluster %1)").arg(snapshot.alertmanagerCluster);
        setStatus(text, false);
    }
    showDetails();
}

void AlertListWidget::showDetails()
{
    const Alert *a = selectedAlert();
    m_chipLayout->clear();
    m_openRunbook->setEnabled(a && !a->runbook().isEmpty());
    m_openQuery->setEnabled(a && !a->generatorExpression().isEmpty());
    m_silence->setEnabled(a && m_client->alertmanagerUrl().isValid());
    if (!a) {
        m_detailTitle->setText(m_model->visibleAlertCount() ? tr("Select an alert") : tr("No alerts"));
        for (QLabel *l : {m_detailState, m_detailSummary, m_detailDescription, m_detailAnnotations, m_runbookText})
            l->clear();
        return;
    }
    m_detailTitle->setText(a->name());
    QString state = Alert::stateName(a->state);
    if (!a->silencedBy.isEmpty())
        state += tr(" by %1").arg(a->silencedBy.join(QStringLiteral(", ")));
    if (!a->inhibitedBy.isEmpty())
        state += tr(" by %1").arg(a->inhibitedBy.join(QStringLiteral(", ")));
    QString line = tr("%1 · active since %2 (%3)")
                       .arg(state, m_model->absoluteTime(a->startsAt),
                            AlertModel::relativeTime(a->startsAt, m_snapshot.fetchedAt));
    if (!a->value.isEmpty())
        line += tr(" · value %1").arg(a->displayValue());
    if (!a->receivers.isEmpty())
        line += tr(" · receivers %1").arg(a->receivers.join(QStringLiteral(", ")));
    m_detailState->setText(line);
    m_detailState->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(stateColor(a->state).name()));
    for (auto it = a->labels.cbegin(); it != a->labels.cend(); ++it) {
        QLabel *chip = plainLabel(m_chips, false);
        chip->setText(it.key() + QLatin1Char('=') + it.value().left(200));
        chip->setToolTip(plainToolTip(it.key() + QLatin1Char('=') + it.value()));
        const bool sev = it.key() == QLatin1String("severity");
        chip->setStyleSheet(QStringLiteral("QLabel { background: %1; color: #e8e8f0; border-radius: 8px; padding: 2px 8px; }")
                                .arg(sev ? severityColor(it.value()).darker(160).name() : QStringLiteral("#2c3040")));
        m_chipLayout->addWidget(chip);
    }
    m_detailSummary->setText(a->annotations.value(QStringLiteral("summary")).left(5000));
    m_detailDescription->setText(a->annotations.value(QStringLiteral("description")).left(20000));
    QStringList other;
    for (auto it = a->annotations.cbegin(); it != a->annotations.cend(); ++it)
        if (it.key() != QLatin1String("summary") && it.key() != QLatin1String("description"))
            other << it.key() + QStringLiteral(": ") + it.value().left(2000);
    m_detailAnnotations->setText(other.join(QLatin1Char('\n')));
    const QString runbook = a->runbook();
    m_runbookText->setText(runbook.isEmpty() ? tr("No runbook link") : tr("Runbook: %1").arg(runbook.left(500)));
}

void AlertListWidget::openRunbook()
{
    const Alert *a = selectedAlert();
    if (!a)
        return;
    const LinkTarget t = m_library.resolve(a->runbook());
    switch (t.kind) {
    case LinkTarget::Kind::Runbook:
        emit runbookRequested(t.path);
        break;
    case LinkTarget::Kind::Web:
        LinkOpener::openWeb(t.url, this);
        break;
    case LinkTarget::Kind::Refused:
        LinkOpener::refuse(t.reason, this);
        break;
    }
}

void AlertListWidget::openQuery()
{
    const Alert *a = selectedAlert();
    if (!a || a->generatorExpression().isEmpty())
        return;
    emit queryRequested(a->generatorExpression(), a->name());
}

void AlertListWidget::silenceSelected()
{
    auto *dialog = new SilenceDialog(m_client, selectedAlert(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SilenceDialog::created, m_client, &AlertClient::refresh);
    dialog->open();
}

void AlertListWidget::updateSilences()
{
    const QString current = m_silences->currentItem() ? m_silences->currentItem()->text(5) : QString();
    m_silences->clear();
    QList<Silence> sorted = m_snapshot.silences;
    // Active first, then pending, then expired; latest end first within each.
    auto rank = [](const QString &state) {
        return state == QLatin1String("active") ? 0 : state == QLatin1String("pending") ? 1 : 2;
    };
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Silence &a, const Silence &b) {
        if (rank(a.state) != rank(b.state))
            return rank(a.state) < rank(b.state);
        return a.endsAt > b.endsAt;
    });
    for (const Silence &s : sorted) {
        QStringList matchers;
        for (const SilenceMatcher &m : s.matchers)
            matchers << matcherText(m);
        auto *item = new QTreeWidgetItem(m_silences, {s.state, matchers.join(QStringLiteral(", ")),
                                                      m_model->absoluteTime(s.endsAt), s.createdBy,
                                                      s.comment.simplified().left(300), s.id});
        if (s.id == current)
            m_silences->setCurrentItem(item);
    }
    m_tabs->setTabText(1, tr("Silences (%1)").arg(std::count_if(sorted.begin(), sorted.end(), [](const Silence &s) {
                                                      return s.state == QLatin1String("active");
                                                  })));
}

void AlertListWidget::expireSelectedSilence()
{
    QTreeWidgetItem *item = m_silences->currentItem();
    if (!item || item->text(0) == QLatin1String("expired"))
        return;
    const QString id = item->text(5);
    m_expire->setEnabled(false);
    m_client->expireSilence(id, this, [this](const QString &error) {
        m_expire->setEnabled(true);
        if (!error.isEmpty()) {
            setStatus(tr("Could not expire the silence: %1").arg(error), true);
            return;
        }
        m_client->refresh();
    });
}
