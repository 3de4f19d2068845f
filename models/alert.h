#pragma once

#include "legendformat.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

/// One alert, from Alertmanager (/api/v2/alerts) or Prometheus (/api/v1/alerts).
struct Alert
{
    enum class State { Firing, Pending, Silenced, Inhibited, Inactive };

    QString fingerprint;
    Labels labels;
    Labels annotations;
    State state = State::Firing;
    QDateTime startsAt;
    QDateTime endsAt;
    QString value;        // Prometheus only: the value that made it fire
    QString generatorUrl; // the Prometheus graph URL of the rule's expression
    QStringList receivers;
    QStringList silencedBy;
    QStringList inhibitedBy;
    QString source;       // "alertmanager" or "prometheus"

    QString name() const { return labels.value(QStringLiteral("alertname")); }
    QString severity() const { return labels.value(QStringLiteral("severity")); }
    QString summary() const;
    /// The value for reading: 4 significant digits ("5" for "4.998e+00"); raw text
    /// when it is not a number.
    QString displayValue() const;
    /// runbook_url, then runbook, then any other annotation holding an http(s) URL;
    /// as written (a relative path, a "runbook:" name, or a hostile scheme shown as
    /// text: RunbookLibrary::resolve decides what may open).
    QString runbook() const;
    /// The PromQL expression inside generatorURL (its g0.expr parameter), if any.
    QString generatorExpression() const;
    /// A stable identity across sources: the fingerprint, or the sorted label set.
    QString identity() const;

    static QString stateName(State s);
};

/// Orders severities the way on-call reads them: critical first.
int severityRank(const QString &severity);

struct SilenceMatcher
{
    QString name;
    QString value;
    bool isRegex = false;
    bool isEqual = true;
};

struct Silence
{
    QString id;
    QList<SilenceMatcher> matchers;
    QDateTime startsAt;
    QDateTime endsAt;
    QString createdBy;
    QString comment;
    QString state; // active, pending, expired
};

struct AlertRule
{
    QString group;
    QString name;
    QString query;
    double durationSeconds = 0;
    Labels labels;
    Labels annotations;
    QString state;  // firing, pending, inactive
    QString health; // ok, err, unknown
    QString lastError;
    QString type;   // alerting, recording
};

Q_DECLARE_METATYPE(Alert)
Q_DECLARE_METATYPE(QList<Alert>)
Q_DECLARE_METATYPE(QList<Silence>)
Q_DECLARE_METATYPE(QList<AlertRule>)
