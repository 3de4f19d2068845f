#pragma once

#include "alert.h"

#include <QDialog>

class AlertClient;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

/// Creates an Alertmanager silence: matchers (prefilled from an alert's labels),
/// duration, author and comment. Alertmanager's errors are shown as they are and
/// the dialog stays open, so nothing typed is lost.
class SilenceDialog final : public QDialog
{
    Q_OBJECT
public:
    SilenceDialog(AlertClient *client, const Alert *alert, QWidget *parent = nullptr);

    /// The silence as the form describes it now (start: now).
    Silence silence() const;
    QString errorText() const;
    /// Submits (the Create button does the same).
    void submit();

signals:
    void created(const QString &id);

private:
    void addMatcherRow(const QString &name, const QString &op, const QString &value);

    AlertClient *m_client;
    QTableWidget *m_matchers;
    QComboBox *m_duration;
    QLineEdit *m_author;
    QPlainTextEdit *m_comment;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
