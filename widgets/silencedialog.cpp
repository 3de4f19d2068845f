#include "silencedialog.h"

#include "alertclient.h"
#include "timerange.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
const QStringList kOps = {QStringLiteral("="), QStringLiteral("!="), QStringLiteral("=~"), QStringLiteral("!~")};
}

SilenceDialog::SilenceDialog(AlertClient *client, const Alert *alert, QWidget *parent)
    : QDialog(parent),
      m_client(client),
      m_matchers(new QTableWidget(0, 3, this)),
      m_duration(new QComboBox(this)),
      m_author(new QLineEdit(this)),
      m_comment(new QPlainTextEdit(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("silenceDialog"));
    setWindowTitle(alert ? tr("Silence %1").arg(alert->name()) : tr("New silence"));
    resize(560, 480);
    auto *layout = new QVBoxLayout(this);

    m_matchers->setObjectName(QStringLiteral("silenceMatchers"));
    m_matchers->setHorizontalHeaderLabels({tr("Label"), tr("Operator"), tr("Value")});
    m_matchers->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_matchers->verticalHeader()->hide();
    layout->addWidget(new QLabel(tr("Alerts matching all of these are silenced:"), this));
    layout->addWidget(m_matchers, 1);
    if (alert) {
        // As Alertmanager's UI does: every label of the alert, exactly.
        for (auto it = alert->labels.cbegin(); it != alert->labels.cend(); ++it)
            addMatcherRow(it.key(), QStringLiteral("="), it.value());
    } else {
        addMatcherRow(QStringLiteral("alertname"), QStringLiteral("="), QString());
    }
    auto *rowButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add matcher"), this);
    auto *remove = new QPushButton(tr("Remove matcher"), this);
    connect(add, &QPushButton::clicked, this, [this] { addMatcherRow({}, QStringLiteral("="), {}); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_matchers->currentRow() >= 0)
            m_matchers->removeRow(m_matchers->currentRow());
    });
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    layout->addLayout(rowButtons);

    auto *form = new QFormLayout;
    m_duration->setObjectName(QStringLiteral("silenceDuration"));
    for (const char *d : {"1h", "2h", "4h", "8h", "1d", "3d", "1w"})
        m_duration->addItem(QLatin1String(d), QLatin1String(d));
    m_duration->setEditable(true);
    m_duration->setToolTip(tr("A duration such as 30m, 2h or 1d"));
    form->addRow(tr("Duration"), m_duration);
    m_author->setObjectName(QStringLiteral("silenceAuthor"));
    QString author = QSettings().value(QStringLiteral("silences/author")).toString();
    for (const char *var : {"USER", "LOGNAME"})
        if (author.isEmpty())
            author = qEnvironmentVariable(var);
    m_author->setText(author);
    form->addRow(tr("Created by"), m_author);
    m_comment->setObjectName(QStringLiteral("silenceComment"));
    m_comment->setPlaceholderText(tr("Why is this silenced? (required)"));
    m_comment->setMaximumHeight(90);
    form->addRow(tr("Comment"), m_comment);
    layout->addLayout(form);

    m_error->setObjectName(QStringLiteral("silenceError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #ff7383; }"));
    m_error->hide();
    layout->addWidget(m_error);

    QPushButton *create = m_buttons->addButton(tr("Create silence"), QDialogButtonBox::AcceptRole);
    create->setObjectName(QStringLiteral("silenceCreate"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SilenceDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
}

void SilenceDialog::addMatcherRow(const QString &name, const QString &op, const QString &value)
{
    const int row = m_matchers->rowCount();
    m_matchers->insertRow(row);
    m_matchers->setItem(row, 0, new QTableWidgetItem(name));
    auto *ops = new QComboBox(m_matchers);
    ops->addItems(kOps);
    ops->setCurrentText(op);
    m_matchers->setCellWidget(row, 1, ops);
    m_matchers->setItem(row, 2, new QTableWidgetItem(value));
}

Silence SilenceDialog::silence() const
{
    Silence s;
    for (int row = 0; row < m_matchers->rowCount(); ++row) {
        SilenceMatcher m;
        m.name = m_matchers->item(row, 0) ? m_matchers->item(row, 0)->text().trimmed() : QString();
        m.value = m_matchers->item(row, 2) ? m_matchers->item(row, 2)->text() : QString();
        const QString op = qobject_cast<QComboBox *>(m_matchers->cellWidget(row, 1))->currentText();
        m.isRegex = op.endsWith(QLatin1Char('~'));
        m.isEqual = !op.startsWith(QLatin1Char('!'));
        if (!m.name.isEmpty())
            s.matchers.append(m);
    }
    s.startsAt = QDateTime::currentDateTimeUtc();
    const auto ms = parseDurationMs(m_duration->currentText());
    s.endsAt = ms && *ms > 0 ? s.startsAt.addMSecs(*ms) : s.startsAt;
    s.createdBy = m_author->text().trimmed();
    s.comment = m_comment->toPlainText().trimmed();
    return s;
}

QString SilenceDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SilenceDialog::submit()
{
    const Silence s = silence();
    QString problem;
    if (s.matchers.isEmpty())
        problem = tr("Add at least one matcher.");
    else if (s.endsAt <= s.startsAt)
        problem = tr("\"%1\" is not a duration (try 2h or 1d).").arg(m_duration->currentText());
    else if (s.createdBy.isEmpty())
        problem = tr("Say who creates the silence.");
    else if (s.comment.isEmpty())
        problem = tr("Write a comment: the next on-call reads it.");
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    QSettings().setValue(QStringLiteral("silences/author"), s.createdBy);
    m_buttons->setEnabled(false);
    m_error->hide();
    m_client->createSilence(s, this, [this](const QString &id, const QString &error) {
        m_buttons->setEnabled(true);
        if (!error.isEmpty()) {
            m_error->setText(tr("Alertmanager refused the silence: %1").arg(error));
            m_error->show();
            return;
        }
        emit created(id);
        accept();
    });
}
