#pragma once

#include "jaegerclient.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

/// The trace search panel (the Jaeger UI's "Search" form): service, operation,
/// logfmt tags, lookback, duration bounds and limit. It owns no network: the owner
/// answers serviceChosen() with setOperations() and searchRequested() with a
/// search, so the form works the same against any server, a file or a test.
class TraceSearchForm final : public QWidget
{
    Q_OBJECT
public:
    /// Lookback choices in the order of the combo; Custom shows two date-time edits.
    enum Lookback { Last15Minutes, LastHour, Last6Hours, Last24Hours, Last2Days, Custom };

    explicit TraceSearchForm(QWidget *parent = nullptr);
    ~TraceSearchForm() override;

    /// Fills the service picker; the current service stays when the list has it.
    void setServices(const QStringList &services);
    /// Fills the operation picker ("all" first); the current operation stays when
    /// the list has it.
    void setOperations(const QList<JaegerOperation> &operations);

    /// The query the form describes, the lookback window ending now.
    TraceQuery query() const;
    /// The same with an explicit "now" (tests, and callers that must agree on it).
    TraceQuery queryAt(const QDateTime &now) const;
    /// Pre-fills every field. A window ending within a minute of now whose length
    /// is one of the lookback choices selects that choice; anything else is Custom.
    /// Emits serviceChosen() when the service changes, so the operations load.
    void setQuery(const TraceQuery &query);

    /// Validates and, when the form is valid, emits searchRequested(query()).
    /// Returns whether it did. "Find Traces" and Enter in any field call this.
    bool submit();
    /// Errors shown under the fields, empty when valid (updated as the user types).
    QString serviceError() const;
    QString tagsError() const;
    QString durationError() const;
    QString windowError() const;
    bool isValid() const;

    QComboBox *serviceCombo() const { return m_service; }
    QComboBox *operationCombo() const { return m_operation; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QComboBox *lookbackCombo() const { return m_lookback; }
    QDateTimeEdit *customStartEdit() const { return m_customStart; }
    QDateTimeEdit *customEndEdit() const { return m_customEnd; }
    QLineEdit *minDurationEdit() const { return m_minDuration; }
    QLineEdit *maxDurationEdit() const { return m_maxDuration; }
    QSpinBox *limitSpin() const { return m_limit; }
    QPushButton *findButton() const { return m_find; }

    /// Seconds of a lookback choice; 0 for Custom.
    static qint64 lookbackSeconds(Lookback lookback);

signals:
    /// The user picked a service (or setQuery() changed it): fetch its operations.
    void serviceChosen(const QString &service);
    void searchRequested(const TraceQuery &query);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void onServiceEdited();
    void onLookbackChanged();
    void validate();
    QString currentService() const;
    QString currentOperation() const;
    void selectOperation(const QString &operation);
    /// Microseconds from a duration field: -1 for empty, -2 for invalid.
    static qint64 durationField(const QLineEdit *edit);

    QComboBox *m_service;
    QComboBox *m_operation;
    QLineEdit *m_tags;
    QComboBox *m_lookback;
    QWidget *m_customRow;
    QDateTimeEdit *m_customStart;
    QDateTimeEdit *m_customEnd;
    QLineEdit *m_minDuration;
    QLineEdit *m_maxDuration;
    QSpinBox *m_limit;
    QPushButton *m_find;
    QLabel *m_serviceError;
    QLabel *m_tagsError;
    QLabel *m_durationError;
    QLabel *m_windowError;
    QString m_lastService; // the service serviceChosen() last announced
    bool m_triedSubmit = false;
    bool m_settingQuery = false;
    int m_lastLookback = LastHour;
};
