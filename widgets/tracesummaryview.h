#pragma once

#include "trace.h"

#include <QWidget>

#include <memory>

class QLabel;
class QStandardItemModel;
class QTreeView;
class ServiceShareBars;

/// The operator's answer to "where did the time go?" for one trace: the headline
/// of breakdownTrace() ("78% of 912 ms in mongodb find sessions") in large text,
/// each service's share of the self time as coloured bars, and the operations
/// with the most self time. Clicking an operation asks to show its spans.
class TraceSummaryView final : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        ServiceColumn,
        OperationColumn,
        SelfTimeColumn,
        PercentColumn,
        CriticalColumn,
        CountColumn,
        ColumnCount
    };
    enum Role { ServiceRole = Qt::UserRole + 1, OperationRole, SortRole };

    explicit TraceSummaryView(QWidget *parent = nullptr);

    /// Analyses a copy when the trace is not analysed yet.
    void setTrace(const Trace &trace);
    void setTrace(std::shared_ptr<const Trace> trace);
    void clear();

    const TraceBreakdown &breakdown() const { return m_breakdown; }
    QString headline() const;
    QLabel *headlineLabel() const { return m_headline; }
    QStandardItemModel *topModel() const { return m_top; }
    QTreeView *topView() const { return m_topView; }
    QWidget *serviceBars() const;

signals:
    void operationActivated(const QString &service, const QString &operation);

private:
    void display(const TraceBreakdown &breakdown, qint64 traceDurationUs);

    TraceBreakdown m_breakdown;
    QLabel *m_headline;
    QLabel *m_subline;
    ServiceShareBars *m_bars;
    QStandardItemModel *m_top;
    QTreeView *m_topView;
};
