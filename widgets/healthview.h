#pragma once

#include "healthcheck.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

/// The "Service health" dock: each configured /health or /ready URL with its HTTP
/// status (200 vs 503), the status its JSON reports, latency, when it was checked,
/// and one row per dependency (`"redis": "timeout"` in red). URLs can be added and
/// removed here; `endpointsEdited` tells the owner to remember them.
class HealthView final : public QWidget
{
    Q_OBJECT
public:
    explicit HealthView(HealthChecker *checker, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    /// "2 services: 1 unhealthy, 1 healthy".
    QString summaryText() const;
    /// Adds an endpoint typed as "[name=]URL"; false with a message on bad input.
    bool addEndpoint(const QString &text);
    void removeEndpoint(int index);

signals:
    void endpointsEdited(const QList<HealthEndpoint> &endpoints);

private:
    void rebuild();
    void fill(QTreeWidgetItem *item, const HealthStatus &status);
    void updateSummary();

    QPointer<HealthChecker> m_checker;
    QTreeWidget *m_tree;
    QLineEdit *m_input;
    QLabel *m_summary;
    QLabel *m_message;
};
