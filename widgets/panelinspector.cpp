#include "panelinspector.h"

#include "background.h"
#include "inspectordatamodel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QString durationText(double seconds)
{
    if (seconds <= 0)
        return QStringLiteral("-");
    if (seconds < 1)
        return QCoreApplication::translate("PanelInspector", "%1 ms").arg(seconds * 1000, 0, 'g', 4);
    return QCoreApplication::translate("PanelInspector", "%1 s").arg(seconds, 0, 'g', 6);
}

QString timeText(qint64 ms, bool utc)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, utc ? Qt::UTC : Qt::LocalTime);
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           (utc ? QStringLiteral(" UTC") : QString());
}

QString statusText(const PanelQueryRecord &q)
{
    if (!q.finished)
        return QCoreApplication::translate("PanelInspector", "running");
    QString http = q.httpStatus > 0 ? QStringLiteral("HTTP %1").arg(q.httpStatus) : QString();
    if (q.error.isEmpty())
        return http.isEmpty() ? QStringLiteral("OK") : http + QStringLiteral(", OK");
    return (http.isEmpty() ? QString() : http + QStringLiteral(", ")) + q.error;
}

struct Formatted
{
    QString text;
    QString note;
};

// Runs on the thread pool: a 2 MB body takes long enough to parse and indent that
// the UI thread must not do it.
Formatted formatBody(const QByteArray &body, bool cutWhenRecorded)
{
    Formatted f;
    if (body.isEmpty()) {
        f.note = QCoreApplication::translate("PanelInspector", "No response body (yet).");
        return f;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    f.text = error.error == QJsonParseError::NoError
                 ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                 : QString::fromUtf8(body);
    QStringList notes;
    if (cutWhenRecorded)
        notes << QCoreApplication::translate(
                     "PanelInspector",
                     "The response was larger than %1 KB: only its beginning was kept.")
                     .arg(DashboardQueries::kMaxRecordedResponseBytes / 1024);
    if (f.text.size() > PanelInspector::kMaxShownChars) {
        notes << QCoreApplication::translate("PanelInspector",
                                             "Truncated: showing the first %1 of %2 characters.")
                     .arg(PanelInspector::kMaxShownChars)
                     .arg(f.text.size());
        f.text.truncate(PanelInspector::kMaxShownChars);
    }
    f.note = notes.join(QLatin1Char(' '));
    return f;
}

QPlainTextEdit *readOnlyText(QWidget *parent, const QString &objectName)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

PanelInspector::PanelInspector(QWidget *parent)
    : QDialog(parent), m_tabs(new QTabWidget(this)), m_summary(new QLabel(this)),
      m_model(new InspectorDataModel(this))
{
    setObjectName(QStringLiteral("panelInspector"));
    setModal(false);
    resize(900, 600);
    auto *layout = new QVBoxLayout(this);
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);

    m_query = readOnlyText(m_tabs, QStringLiteral("inspectorQuery"));
    m_tabs->addTab(m_query, tr("Query"));

    auto *dataPage = new QWidget(m_tabs);
    auto *dataLayout = new QVBoxLayout(dataPage);
    m_dataNote = new QLabel(dataPage);
    m_dataNote->setObjectName(QStringLiteral("inspectorDataNote"));
    m_dataNote->setTextFormat(Qt::PlainText);
    m_dataNote->setWordWrap(true);
    m_table = new QTableView(dataPage);
    m_table->setObjectName(QStringLiteral("inspectorData"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    dataLayout->addWidget(m_dataNote);
    dataLayout->addWidget(m_table, 1);
    m_tabs->addTab(dataPage, tr("Data"));

    auto *jsonPage = new QWidget(m_tabs);
    auto *jsonLayout = new QVBoxLayout(jsonPage);
    m_jsonChoice = new QComboBox(jsonPage);
    m_jsonChoice->setObjectName(QStringLiteral("inspectorJsonChoice"));
    auto *jsonNote = new QLabel(jsonPage);
    jsonNote->setObjectName(QStringLiteral("inspectorJsonNote"));
    jsonNote->setTextFormat(Qt::PlainText);
    jsonNote->setWordWrap(true);
    jsonNote->setStyleSheet(QStringLiteral("QLabel { color: #e0b400; }"));
    jsonNote->hide();
    m_json = readOnlyText(jsonPage, QStringLiteral("inspectorJson"));
    jsonLayout->addWidget(m_jsonChoice);
    jsonLayout->addWidget(jsonNote);
    jsonLayout->addWidget(m_json, 1);
    m_tabs->addTab(jsonPage, tr("JSON"));
    connect(m_jsonChoice, &QComboBox::currentIndexChanged, this, &PanelInspector::showJson);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *refresh = buttons->addButton(tr("Refresh"), QDialogButtonBox::ActionRole);
    refresh->setObjectName(QStringLiteral("inspectorRefresh"));
    connect(refresh, &QPushButton::clicked, this, &PanelInspector::refreshRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
}

void PanelInspector::setInspection(const PanelInspection &inspection)
{
    m_inspection = inspection;
    const QString title = inspection.panel.title.isEmpty() ? tr("Panel %1").arg(inspection.panel.id)
                                                           : inspection.panel.title;
    setWindowTitle(tr("Inspect: %1").arg(title)); // a window title is never rich text
    updateQueryTab();

    bool instant = false;
    bool anyShown = false;
    for (const Target &t : inspection.panel.targets) {
        if (t.hide)
            continue;
        instant = anyShown ? instant && t.instant : t.instant;
        anyShown = true;
    }
    m_model->setUseUtc(inspection.useUtc);
    m_model->setPanelData(inspection.data, instant);
    QStringList note;
    if (!inspection.hasData)
        note << tr("No data yet.");
    else
        note << tr("%n series", nullptr, int(inspection.data.series.size())) +
                    QStringLiteral(", ") + tr("%n row(s)", nullptr, m_model->rowCount());
    if (!inspection.data.error.isEmpty())
        note << tr("Error: %1").arg(inspection.data.error);
    m_dataNote->setText(note.join(QLatin1Char(' ')));

    const int previous = m_jsonChoice->currentIndex();
    const int previousCount = m_jsonChoice->count();
    const QSignalBlocker block(m_jsonChoice);
    m_jsonChoice->clear();
    if (inspection.run)
        for (const PanelQueryRecord &q : inspection.run->queries)
            m_jsonChoice->addItem(q.refId.isEmpty() ? tr("Response")
                                                    : tr("Response %1").arg(q.refId));
    m_jsonChoice->addItem(tr("Panel JSON"));
    const int choice = previousCount == m_jsonChoice->count() && previous >= 0 ? previous : 0;
    m_jsonChoice->setCurrentIndex(choice);
    showJson(choice);
}

void PanelInspector::updateQueryTab()
{
    const PanelInspection &in = m_inspection;
    const bool utc = in.useUtc;
    QStringList lines;
    if (!in.run) {
        m_summary->setText(tr("The panel has not been queried yet."));
        for (const Target &t : in.panel.targets)
            lines << tr("Query %1 (as written): %2").arg(t.refId, t.expr);
        m_query->setPlainText(lines.join(QLatin1Char('\n')));
        return;
    }
    const PanelRunRecord &run = *in.run;
    const auto failed =
        std::count_if(run.queries.cbegin(), run.queries.cend(),
                      [](const PanelQueryRecord &q) { return q.finished && !q.error.isEmpty(); });
    QString state;
    if (run.durationMs < 0)
        state = tr("running");
    else if (failed > 0)
        state = tr("%1 of %2 failed").arg(failed).arg(run.queries.size());
    else
        state = tr("OK");
    const qsizetype n = run.queries.size();
    const QString when = timeText(run.startedAt.toMSecsSinceEpoch(), utc);
    const QString took = run.durationMs < 0 ? tr("in progress") : tr("%1 ms").arg(run.durationMs);
    m_summary->setText(n == 1 ? tr("Last run %1, %2, 1 query: %3").arg(when, took, state)
                              : tr("Last run %1, %2, %3 queries: %4").arg(when, took, QString::number(n), state));
    lines << tr("Range: %1 to %2, step %3")
                 .arg(timeText(run.startMs, utc), timeText(run.endMs, utc),
                      durationText(run.stepSeconds));
    for (const PanelQueryRecord &q : run.queries) {
        lines << QString();
        lines << tr("Query %1 (%2)").arg(q.refId, q.instant ? tr("instant") : tr("range"));
        lines << tr("  Expression: %1").arg(q.expr);
        lines << tr("  Datasource: %1")
                     .arg(q.datasourceName.isEmpty() ? tr("default") : q.datasourceName);
        if (!q.instant)
            lines << tr("  Step: %1").arg(durationText(q.stepSeconds));
        // The GET form of what was POSTed: it can be pasted into a browser.
        lines << tr("  URL: %1")
                     .arg(q.url.isEmpty() ? tr("(not sent)")
                                          : q.url.toString(QUrl::RemoveUserInfo));
        lines << tr("  Status: %1").arg(statusText(q));
        if (q.finished)
            lines << tr("  Response: %n byte(s)", nullptr, int(q.responseSize)) +
                         (q.responseTruncated ? tr(" (cut: more came)") : QString());
    }
    m_query->setPlainText(lines.join(QLatin1Char('\n')));
}

void PanelInspector::showJson(int choice)
{
    auto *note = findChild<QLabel *>(QStringLiteral("inspectorJsonNote"));
    const int responses = m_inspection.run ? int(m_inspection.run->queries.size()) : 0;
    const quint64 serial = ++m_formatSerial;
    if (choice < 0 || choice >= responses) {
        m_json->setPlainText(QString::fromUtf8(m_inspection.panelJson));
        note->hide();
        m_shownSerial = serial;
        return;
    }
    const PanelQueryRecord &q = m_inspection.run->queries[size_t(choice)];
    m_json->setPlainText(tr("Formatting…"));
    QPointer<PanelInspector> self(this);
    const PanelQueryRecord record = q;
    runInBackground([self, serial, record] {
        Formatted f = formatBody(record.response(), record.responseTruncated);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, serial, f = std::move(f)] {
                if (!self || self->m_formatSerial != serial)
                    return; // closed, or another response chosen meanwhile
                self->m_json->setPlainText(f.text);
                auto *note = self->findChild<QLabel *>(QStringLiteral("inspectorJsonNote"));
                note->setText(f.note);
                note->setVisible(!f.note.isEmpty());
                self->m_shownSerial = serial;
            },
            Qt::QueuedConnection);
    });
}
