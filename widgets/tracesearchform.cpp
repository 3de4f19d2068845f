#include "tracesearchform.h"

#include "palette.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cstdlib>

namespace {

QLabel *errorLabel(QWidget *parent, const QString &objectName)
{
    auto *l = new QLabel(parent);
    l->setObjectName(objectName);
    // Parse errors quote what the user typed: never markup.
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    QPalette p = l->palette();
    p.setColor(QPalette::WindowText, Theme::error);
    l->setPalette(p);
    l->hide();
    return l;
}

void showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

TraceSearchForm::TraceSearchForm(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("traceSearchForm"));

    m_service = new QComboBox(this);
    m_service->setObjectName(QStringLiteral("traceService"));
    m_service->setEditable(true);
    m_service->setInsertPolicy(QComboBox::NoInsert);
    m_service->lineEdit()->setPlaceholderText(tr("Choose a service"));
    // Servers list hundreds of services: type any part of the name to narrow them.
    m_service->completer()->setFilterMode(Qt::MatchContains);
    m_service->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_service->completer()->setCompletionMode(QCompleter::PopupCompletion);

    m_operation = new QComboBox(this);
    m_operation->setObjectName(QStringLiteral("traceOperation"));
    m_operation->addItem(tr("all"), QString());
    m_operation->setEditable(true);
    m_operation->setInsertPolicy(QComboBox::NoInsert);
    m_operation->completer()->setFilterMode(Qt::MatchContains);
    m_operation->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_operation->completer()->setCompletionMode(QCompleter::PopupCompletion);

    m_tags = new QLineEdit(this);
    m_tags->setObjectName(QStringLiteral("traceTags"));
    m_tags->setPlaceholderText(QStringLiteral("error=true http.status_code=500"));
    m_tags->setToolTip(tr("Tags in logfmt: key=value pairs separated by spaces; quote values "
                          "with spaces (db.statement=\"find sessions\")"));

    m_lookback = new QComboBox(this);
    m_lookback->setObjectName(QStringLiteral("traceLookback"));
    m_lookback->addItem(tr("Last 15 minutes"));
    m_lookback->addItem(tr("Last hour"));
    m_lookback->addItem(tr("Last 6 hours"));
    m_lookback->addItem(tr("Last 24 hours"));
    m_lookback->addItem(tr("Last 2 days"));
    m_lookback->addItem(tr("Custom"));
    m_lookback->setCurrentIndex(LastHour);

    m_customRow = new QWidget(this);
    auto *customLayout = new QHBoxLayout(m_customRow);
    customLayout->setContentsMargins(0, 0, 0, 0);
    const QString dtFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    m_customStart = new QDateTimeEdit(m_customRow);
    m_customStart->setObjectName(QStringLiteral("traceCustomStart"));
    m_customStart->setDisplayFormat(dtFormat);
    m_customStart->setCalendarPopup(true);
    m_customEnd = new QDateTimeEdit(m_customRow);
    m_customEnd->setObjectName(QStringLiteral("traceCustomEnd"));
    m_customEnd->setDisplayFormat(dtFormat);
    m_customEnd->setCalendarPopup(true);
    const QDateTime now = QDateTime::currentDateTime();
    m_customStart->setDateTime(now.addSecs(-3600));
    m_customEnd->setDateTime(now);
    customLayout->addWidget(m_customStart, 1);
    customLayout->addWidget(new QLabel(tr("to"), m_customRow));
    customLayout->addWidget(m_customEnd, 1);
    m_customRow->hide();

    m_minDuration = new QLineEdit(this);
    m_minDuration->setObjectName(QStringLiteral("traceMinDuration"));
    m_minDuration->setPlaceholderText(tr("e.g. 500ms"));
    m_maxDuration = new QLineEdit(this);
    m_maxDuration->setObjectName(QStringLiteral("traceMaxDuration"));
    m_maxDuration->setPlaceholderText(tr("e.g. 1.2s"));
    auto *durationRow = new QHBoxLayout;
    durationRow->addWidget(m_minDuration, 1);
    durationRow->addWidget(new QLabel(tr("to"), this));
    durationRow->addWidget(m_maxDuration, 1);

    m_limit = new QSpinBox(this);
    m_limit->setObjectName(QStringLiteral("traceLimit"));
    m_limit->setRange(1, 1500);
    m_limit->setValue(20);

    m_find = new QPushButton(tr("Find Traces"), this);
    m_find->setObjectName(QStringLiteral("traceFind"));
    m_find->setDefault(true);

    m_serviceError = errorLabel(this, QStringLiteral("traceServiceError"));
    m_tagsError = errorLabel(this, QStringLiteral("traceTagsError"));
    m_durationError = errorLabel(this, QStringLiteral("traceDurationError"));
    m_windowError = errorLabel(this, QStringLiteral("traceWindowError"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Service"), m_service);
    form->addRow(QString(), m_serviceError);
    form->addRow(tr("Operation"), m_operation);
    form->addRow(tr("Tags"), m_tags);
    form->addRow(QString(), m_tagsError);
    form->addRow(tr("Lookback"), m_lookback);
    form->addRow(QString(), m_customRow);
    form->addRow(QString(), m_windowError);
    form->addRow(tr("Duration"), durationRow);
    form->addRow(QString(), m_durationError);
    form->addRow(tr("Limit results"), m_limit);

    auto *outer = new QVBoxLayout(this);
    outer->addLayout(form);
    outer->addWidget(m_find);
    outer->addStretch(1);

    connect(m_service, &QComboBox::textActivated, this, &TraceSearchForm::onServiceEdited);
    connect(m_service->lineEdit(), &QLineEdit::editingFinished, this,
            &TraceSearchForm::onServiceEdited);
    connect(m_service, &QComboBox::currentTextChanged, this, &TraceSearchForm::validate);
    connect(m_tags, &QLineEdit::textChanged, this, &TraceSearchForm::validate);
    connect(m_minDuration, &QLineEdit::textChanged, this, &TraceSearchForm::validate);
    connect(m_maxDuration, &QLineEdit::textChanged, this, &TraceSearchForm::validate);
    connect(m_customStart, &QDateTimeEdit::dateTimeChanged, this, &TraceSearchForm::validate);
    connect(m_customEnd, &QDateTimeEdit::dateTimeChanged, this, &TraceSearchForm::validate);
    connect(m_lookback, &QComboBox::currentIndexChanged, this, &TraceSearchForm::onLookbackChanged);
    connect(m_find, &QPushButton::clicked, this, &TraceSearchForm::submit);
}

TraceSearchForm::~TraceSearchForm()
{
    // ~QWidget moves the focus away, and the service edit's editingFinished would
    // reach this object after its own part is gone.
    disconnect(m_service->lineEdit(), nullptr, this, nullptr);
}

qint64 TraceSearchForm::lookbackSeconds(Lookback lookback)
{
    switch (lookback) {
    case Last15Minutes:
        return 15 * 60;
    case LastHour:
        return 3600;
    case Last6Hours:
        return 6 * 3600;
    case Last24Hours:
        return 24 * 3600;
    case Last2Days:
        return 48 * 3600;
    case Custom:
        break;
    }
    return 0;
}

void TraceSearchForm::setServices(const QStringList &services)
{
    const QString current = currentService();
    const QSignalBlocker block(m_service);
    m_service->clear();
    m_service->addItems(services);
    // Keep what the user chose or typed even when this server does not list it.
    m_service->setCurrentIndex(-1);
    m_service->setEditText(current);
    if (const int i = m_service->findText(current); i >= 0)
        m_service->setCurrentIndex(i);
}

void TraceSearchForm::setOperations(const QList<JaegerOperation> &operations)
{
    const QString current = currentOperation();
    const QSignalBlocker block(m_operation);
    m_operation->clear();
    m_operation->addItem(tr("all"), QString());
    QStringList names;
    for (const JaegerOperation &op : operations) {
        // v1 /api/operations lists a name once per span kind; the query has no kind.
        if (!op.name.isEmpty() && !names.contains(op.name))
            names.append(op.name);
    }
    for (const QString &name : std::as_const(names)) {
        m_operation->addItem(name, name);
        m_operation->setItemData(m_operation->count() - 1, name, Qt::ToolTipRole);
    }
    selectOperation(current);
}

void TraceSearchForm::selectOperation(const QString &operation)
{
    if (operation.isEmpty()) {
        m_operation->setCurrentIndex(0);
        return;
    }
    int i = m_operation->findData(operation);
    if (i < 0) {
        // Asked for explicitly (setQuery, a chart): keep it rather than widen the search.
        m_operation->addItem(operation, operation);
        i = m_operation->count() - 1;
    }
    m_operation->setCurrentIndex(i);
}

QString TraceSearchForm::currentService() const
{
    return m_service->currentText().trimmed();
}

QString TraceSearchForm::currentOperation() const
{
    const QString text = m_operation->currentText().trimmed();
    const int i = m_operation->currentIndex();
    if (i >= 0 && m_operation->itemText(i) == m_operation->currentText())
        return m_operation->itemData(i).toString();
    // Typed into the editable combo: "all" (or nothing) means every operation.
    if (text.isEmpty() || text == tr("all"))
        return {};
    return text;
}

void TraceSearchForm::onServiceEdited()
{
    const QString service = currentService();
    if (service == m_lastService)
        return;
    m_lastService = service;
    // Another service's operation would find nothing.
    const QSignalBlocker block(m_operation);
    m_operation->clear();
    m_operation->addItem(tr("all"), QString());
    m_operation->setCurrentIndex(0);
    if (!service.isEmpty())
        emit serviceChosen(service);
}

void TraceSearchForm::onLookbackChanged()
{
    const int index = m_lookback->currentIndex();
    if (index == Custom && m_lastLookback != Custom && !m_settingQuery) {
        // Start from the window that was selected, so Custom is a small edit away.
        const QDateTime now = QDateTime::currentDateTime();
        m_customEnd->setDateTime(now);
        m_customStart->setDateTime(
            now.addSecs(-lookbackSeconds(Lookback(qMax(0, m_lastLookback)))));
    }
    m_lastLookback = index;
    m_customRow->setVisible(index == Custom);
    validate();
}

qint64 TraceSearchForm::durationField(const QLineEdit *edit)
{
    const QString text = edit->text().trimmed();
    if (text.isEmpty())
        return -1;
    const qint64 us = parseGoDurationUs(text);
    return us < 0 ? -2 : us;
}

QString TraceSearchForm::serviceError() const
{
    return currentService().isEmpty() ? tr("Choose a service.") : QString();
}

QString TraceSearchForm::tagsError() const
{
    QString error;
    parseLogfmtTags(m_tags->text(), &error);
    return error.isEmpty() ? QString() : tr("Tags: %1").arg(error);
}

QString TraceSearchForm::durationError() const
{
    const qint64 minUs = durationField(m_minDuration);
    const qint64 maxUs = durationField(m_maxDuration);
    QStringList errors;
    if (minUs == -2)
        errors << tr("Min duration \"%1\" is not a duration (e.g. 500ms, 1.2s, 1m30s).")
                      .arg(m_minDuration->text().trimmed());
    if (maxUs == -2)
        errors << tr("Max duration \"%1\" is not a duration (e.g. 500ms, 1.2s, 1m30s).")
                      .arg(m_maxDuration->text().trimmed());
    if (minUs >= 0 && maxUs >= 0 && minUs > maxUs)
        errors << tr("Min duration is longer than max duration.");
    return errors.join(QLatin1Char('\n'));
}

QString TraceSearchForm::windowError() const
{
    if (m_lookback->currentIndex() != Custom)
        return {};
    if (m_customStart->dateTime() >= m_customEnd->dateTime())
        return tr("The start of the time range must be before its end.");
    return {};
}

bool TraceSearchForm::isValid() const
{
    return serviceError().isEmpty() && tagsError().isEmpty() && durationError().isEmpty() &&
           windowError().isEmpty();
}

void TraceSearchForm::validate()
{
    // A missing service is only worth saying once the user tried to search.
    showError(m_serviceError, m_triedSubmit ? serviceError() : QString());
    showError(m_tagsError, tagsError());
    showError(m_durationError, durationError());
    showError(m_windowError, windowError());
}

bool TraceSearchForm::submit()
{
    m_triedSubmit = true;
    onServiceEdited();
    validate();
    if (!isValid()) {
        if (!serviceError().isEmpty())
            m_service->setFocus();
        else if (!tagsError().isEmpty())
            m_tags->setFocus();
        else if (durationField(m_minDuration) == -2)
            m_minDuration->setFocus();
        else if (!durationError().isEmpty())
            m_maxDuration->setFocus();
        return false;
    }
    emit searchRequested(query());
    return true;
}

TraceQuery TraceSearchForm::query() const
{
    return queryAt(QDateTime::currentDateTime());
}

TraceQuery TraceSearchForm::queryAt(const QDateTime &now) const
{
    TraceQuery q;
    q.service = currentService();
    q.operation = currentOperation();
    q.tags = m_tags->text().trimmed();
    if (m_lookback->currentIndex() == Custom) {
        q.start = m_customStart->dateTime();
        q.end = m_customEnd->dateTime();
    } else {
        q.end = now;
        q.start = now.addSecs(-lookbackSeconds(Lookback(qMax(0, m_lookback->currentIndex()))));
    }
    q.minDurationUs = qMax<qint64>(-1, durationField(m_minDuration));
    q.maxDurationUs = qMax<qint64>(-1, durationField(m_maxDuration));
    q.limit = m_limit->value();
    return q;
}

void TraceSearchForm::setQuery(const TraceQuery &query)
{
    m_settingQuery = true;
    {
        const QSignalBlocker block(m_service);
        const int i = m_service->findText(query.service);
        m_service->setCurrentIndex(i);
        if (i < 0)
            m_service->setEditText(query.service);
    }
    onServiceEdited();
    selectOperation(query.operation);
    m_tags->setText(query.tags);
    m_minDuration->setText(query.minDurationUs >= 0 ? formatGoDuration(query.minDurationUs)
                                                    : QString());
    m_maxDuration->setText(query.maxDurationUs >= 0 ? formatGoDuration(query.maxDurationUs)
                                                    : QString());
    m_limit->setValue(query.limit);

    int lookback = Custom;
    if (query.start.isValid() && query.end.isValid()) {
        const QDateTime now = QDateTime::currentDateTime();
        const qint64 length = query.start.secsTo(query.end);
        if (std::llabs(query.end.secsTo(now)) <= 60) {
            for (int l = Last15Minutes; l < Custom; ++l) {
                if (lookbackSeconds(Lookback(l)) == length)
                    lookback = l;
            }
        }
        if (lookback == Custom) {
            m_customStart->setDateTime(query.start);
            m_customEnd->setDateTime(query.end);
        }
    } else {
        lookback = m_lookback->currentIndex();
    }
    m_lookback->setCurrentIndex(lookback);
    onLookbackChanged();
    m_settingQuery = false;
}

void TraceSearchForm::keyPressEvent(QKeyEvent *event)
{
    // Line edits, spin boxes and combos pass Enter on: it means "Find Traces".
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        submit();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}
