#pragma once

#include "trace.h"

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QModelIndex;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

/// One span of a trace: what it did and when (operation, service, offset from the
/// trace's start, duration, self time, time on the critical path, IDs) and its
/// tags, process tags, logs, references and warnings. Everything a server sent is
/// shown as plain text; a value that is an http(s) URL is a link that opens in the
/// browser only when clicked. "Copy value" (context menu, Ctrl+C) copies a value.
class SpanDetail final : public QWidget
{
    Q_OBJECT
public:
    enum Tab { TagsTab, ProcessTab, LogsTab, ReferencesTab, WarningsTab, TabCount };
    enum Field {
        Operation,
        Service,
        Start,
        Duration,
        SelfTime,
        CriticalPath,
        SpanId,
        Parent,
        FieldCount
    };
    enum Role {
        UrlRole = Qt::UserRole + 1, // QUrl of a value that is an http(s) link
        CopyRole,                   // what "Copy value" copies for the row
        SpanIndexRole,              // references: the referenced span's index, -1 missing
    };

    explicit SpanDetail(QWidget *parent = nullptr);

    /// Copies the trace (cheap: its containers are implicitly shared).
    void setSpan(const Trace &trace, int spanIndex);
    /// Shares the trace the waterfall already holds.
    void setSpan(std::shared_ptr<const Trace> trace, int spanIndex);
    void clear();

    int spanIndex() const { return m_spanIndex; }
    const Trace *trace() const { return m_trace.get(); }

    QString fieldText(Field field) const;
    QLabel *fieldLabel(Field field) const { return m_fields[field]; }
    QStandardItemModel *model(Tab tab) const { return m_models[tab]; }
    QTreeView *view(Tab tab) const { return m_views[tab]; }
    QTabWidget *tabs() const { return m_tabs; }

    /// Copies the value of the current row of the tab shown; false when none.
    bool copyCurrentValue();

signals:
    /// The user double-clicked a reference to another span of the trace.
    void spanRequested(int spanIndex);

private:
    void build(); // fills everything from m_trace / m_spanIndex
    void onClicked(const QModelIndex &index);
    void onEntered(const QModelIndex &index);
    void showContextMenu(QTreeView *view, const QPoint &pos);
    QString timeText(qint64 us) const;

    std::shared_ptr<const Trace> m_trace;
    int m_spanIndex = -1;
    QLabel *m_fields[FieldCount] = {};
    QTabWidget *m_tabs;
    QStandardItemModel *m_models[TabCount] = {};
    QTreeView *m_views[TabCount] = {};
    QAction *m_copy[TabCount] = {};
};
