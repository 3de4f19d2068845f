#pragma once

#include "dashboardqueries.h"
#include "variables.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>

class PrometheusClient;

/// Fills the options of a dashboard's variables: query variables from Prometheus in
/// dependency order (each query interpolated with the variables resolved before it),
/// the others locally. Keeps a selection that is still offered, otherwise selects
/// the first option (All where the variable includes All). A newer resolution
/// cancels the request in flight and takes over the variables still waiting.
class VariableResolver final : public QObject
{
    Q_OBJECT
public:
    explicit VariableResolver(PrometheusClient *client, QObject *parent = nullptr);
    ~VariableResolver() override;

    void setVariables(const QList<Variable> &vars);
    const QList<Variable> &variables() const { return m_vars; }
    void setTimeRange(qint64 fromMs, qint64 toMs);
    /// Variables whose selection is kept even when their options do not offer it
    /// (values given on the command line, as Grafana keeps URL values) until
    /// setCurrent() changes them.
    void setPinned(const QStringList &names);
    /// Chooses the server of each query variable from its own datasource reference
    /// (variables interpolated; empty = the default), as DashboardQueries does for
    /// panels. Without one every query goes to the client given to the constructor.
    void setClientResolver(DashboardQueries::ClientResolver resolver) { m_resolver = std::move(resolver); }
    /// The configured datasources' names by type ("prometheus" -> {...}), default
    /// first: the options of `datasource` variables. Without them such a variable
    /// offers only what the file selected.
    void setDatasourceNames(const QHash<QString, QStringList> &namesByType) { m_datasourceNames = namesByType; }

    /// Resolves every variable. Emits `resolved` when done.
    void resolve();
    /// After a time range change: re-resolves the query variables set to refresh on
    /// time range change (refresh 2), and those depending on them.
    void refreshForTimeRange(qint64 fromMs, qint64 toMs);
    /// Selects `values` ({"$__all"} for All) of one variable and re-resolves only
    /// the variables that depend on it.
    void setCurrent(const QString &name, const QStringList &values);
    bool isBusy() const { return m_busy; }

signals:
    /// Every requested variable is up to date; variables() holds them.
    void resolved();
    /// The options or the selection of `name` changed.
    void variableChanged(const QString &name);
    /// `name` could not be resolved; it keeps its previous options.
    void variableFailed(const QString &name, const QString &error);
    /// `name` was resolved, with something the user should know (e.g. the server's
    /// answer stopped at the lookup limit, so some values may be missing).
    void variableNote(const QString &name, const QString &note);

private:
    void schedule(const QSet<int> &indices);
    void step(quint64 generation);
    void launch(int index);
    void finishQuery(int index, QStringList values, const QString &error);
    void cancelInFlight();
    bool settleSelection(Variable &v) const;
    void offerDatasources(Variable &v) const;

    QPointer<PrometheusClient> m_client;
    DashboardQueries::ClientResolver m_resolver;
    QHash<QString, QStringList> m_datasourceNames;
    QList<Variable> m_vars;
    QSet<QString> m_pinned;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    QList<int> m_queue;
    int m_inFlightIndex = -1;
    QPointer<QObject> m_inFlight;
    quint64 m_generation = 0;
    bool m_busy = false;
};
