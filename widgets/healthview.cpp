#include "healthview.h"

#include "networkerror.h"

#include <QAction>
#include <QBrush>
#include <QColor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

enum Column { Name, Http, Status, Latency, Checked, Url, ColumnCount };

const QColor kGood(0x73, 0xbf, 0x69);
const QColor kBad(0xf2, 0x49, 0x5c);
const QColor kMuted(0xa0, 0xa0, 0xa0);

} // namespace

HealthView::HealthView(HealthChecker *checker, QWidget *parent)
    : QWidget(parent), m_checker(checker), m_tree(new QTreeWidget(this)), m_input(new QLineEdit(this)),
      m_summary(new QLabel(this)), m_message(new QLabel(this))
{
    m_tree->setObjectName(QStringLiteral("healthTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Service / dependency"), tr("HTTP"), tr("Status"), tr("Latency"), tr("Checked"),
                             tr("URL")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(Name, 200);
    m_tree->setColumnWidth(Http, 60);
    m_tree->setColumnWidth(Status, 300);
    m_tree->setColumnWidth(Latency, 70);
    m_tree->setColumnWidth(Checked, 80);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QTreeWidgetItem *item = m_tree->itemAt(pos);
        while (item && item->parent())
            item = item->parent();
        if (!item)
            return;
        const int index = m_tree->indexOfTopLevelItem(item);
        QMenu menu(this);
        menu.addAction(tr("Check now"), m_checker, &HealthChecker::checkNow);
        menu.addAction(tr("Remove"), this, [this, index] { removeEndpoint(index); });
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
    });

    m_input->setObjectName(QStringLiteral("healthUrl"));
    m_input->setPlaceholderText(tr("Add: name=http://host:port/health"));
    auto *add = new QPushButton(tr("Add"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        if (addEndpoint(m_input->text()))
            m_input->clear();
    });
    connect(m_input, &QLineEdit::returnPressed, add, &QPushButton::click);
    auto *check = new QToolButton(this);
    check->setText(tr("⟳"));
    check->setToolTip(tr("Check every service now"));
    connect(check, &QToolButton::clicked, this, [this] {
        if (m_checker)
            m_checker->checkNow();
    });
    m_summary->setObjectName(QStringLiteral("healthSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setStyleSheet(QStringLiteral("color: #f2495c;"));
    m_message->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_input, 1);
    top->addWidget(add);
    top->addWidget(check);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    if (m_checker) {
        connect(m_checker, &HealthChecker::updated, this, [this](int index, const HealthStatus &status) {
            if (QTreeWidgetItem *item = m_tree->topLevelItem(index))
                fill(item, status);
            updateSummary();
        });
    }
    rebuild();
}

QString HealthView::summaryText() const
{
    return m_summary->text();
}

bool HealthView::addEndpoint(const QString &text)
{
    QString error;
    const HealthEndpoint e = HealthEndpoint::parse(text, &error);
    if (!error.isEmpty() || !m_checker) {
        m_message->setText(error.isEmpty() ? tr("no health checker") : error);
        m_message->show();
        return false;
    }
    m_message->hide();
    QList<HealthEndpoint> list = m_checker->endpoints();
    if (!list.contains(e))
        list.append(e);
    m_checker->setEndpoints(list);
    rebuild();
    emit endpointsEdited(list);
    m_checker->checkNow();
    return true;
}

void HealthView::removeEndpoint(int index)
{
    if (!m_checker || index < 0 || index >= m_checker->endpoints().size())
        return;
    QList<HealthEndpoint> list = m_checker->endpoints();
    list.removeAt(index);
    m_checker->setEndpoints(list);
    rebuild();
    emit endpointsEdited(list);
    m_checker->checkNow();
}

void HealthView::rebuild()
{
    m_tree->clear();
    if (!m_checker)
        return;
    const QList<HealthStatus> &statuses = m_checker->statuses();
    for (const HealthStatus &s : statuses) {
        auto *item = new QTreeWidgetItem(m_tree);
        fill(item, s);
    }
    updateSummary();
}

void HealthView::fill(QTreeWidgetItem *item, const HealthStatus &s)
{
    // Everything from the service is set as item text: plain text, never markup.
    item->setText(Name, s.endpoint.displayName());
    item->setText(Url, displayUrl(s.endpoint.url));
    item->setText(Http, s.httpStatus > 0 ? QString::number(s.httpStatus) : QString());
    QString status;
    switch (s.overall) {
    case HealthStatus::Overall::Unknown:
        status = tr("checking…");
        break;
    case HealthStatus::Overall::Unreachable:
        status = s.error;
        break;
    default:
        status = s.status.isEmpty() ? HealthStatus::overallName(s.overall) : s.status;
        if (s.overall == HealthStatus::Overall::Unhealthy && !s.failingText().isEmpty())
            status += QStringLiteral(" (") + s.failingText() + QLatin1Char(')');
    }
    item->setText(Status, status);
    item->setToolTip(Status, status);
    item->setText(Latency, s.latencyMs >= 0 ? tr("%1 ms").arg(s.latencyMs) : QString());
    item->setText(Checked, s.checkedAt.isValid() ? s.checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))
                                                 : QString());
    const QColor colour = s.overall == HealthStatus::Overall::Healthy ? kGood
                          : s.overall == HealthStatus::Overall::Unknown ? kMuted
                                                                         : kBad;
    for (int c : {Name, Http, Status})
        item->setForeground(c, QBrush(colour));
    QFont bold = item->font(Name);
    bold.setBold(true);
    item->setFont(Name, bold);
    item->setData(Name, Qt::UserRole, int(s.overall));

    qDeleteAll(item->takeChildren());
    for (const HealthDependency &d : s.dependencies) {
        auto *child = new QTreeWidgetItem(item);
        child->setText(Name, d.name);
        child->setText(Status, d.value);
        child->setToolTip(Status, d.value);
        if (d.state != HealthDependency::State::Info) {
            const QColor c = d.state == HealthDependency::State::Ok ? kGood : kBad;
            child->setForeground(Name, QBrush(c));
            child->setForeground(Status, QBrush(c));
        }
        child->setData(Name, Qt::UserRole, int(d.state));
    }
    // Failing services open up to show which dependency fails.
    item->setExpanded(s.overall != HealthStatus::Overall::Healthy && !s.dependencies.isEmpty());
}

void HealthView::updateSummary()
{
    if (!m_checker || m_checker->endpoints().isEmpty()) {
        m_summary->setText(tr("No health URLs: add one above, or start with --health name=URL"));
        return;
    }
    int healthy = 0, bad = 0, unknown = 0;
    for (const HealthStatus &s : m_checker->statuses()) {
        if (s.overall == HealthStatus::Overall::Healthy)
            ++healthy;
        else if (s.overall == HealthStatus::Overall::Unknown)
            ++unknown;
        else
            ++bad;
    }
    QStringList parts;
    if (bad)
        parts << tr("%1 failing").arg(bad);
    if (unknown)
        parts << tr("%1 checking").arg(unknown);
    parts << tr("%1 healthy").arg(healthy);
    const qsizetype n = m_checker->endpoints().size();
    m_summary->setText((n == 1 ? tr("1 endpoint: ") : tr("%n endpoints: ", nullptr, int(n))) + parts.join(QStringLiteral(", ")));
}
