#include "variableresolver.h"

#include "prometheusclient.h"
#include "querystep.h"
#include "templating.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace {

bool isQuery(const Variable &v)
{
    return v.type == QLatin1String("query");
}

bool hasRealOptions(const Variable &v)
{
    for (const VariableOption &o : v.options)
        if (o.value != Templating::kAllValue)
            return true;
    return false;
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// Grafana's query_result() options: `name{a="b"} value timestamp_ms` for a vector,
// the value for a scalar or string.
QStringList queryResultTexts(const QueryResult &r)
{
    QStringList out;
    for (const Series &s : r.series) {
        if (r.resultType == QLatin1String("string")) {
            out << s.labels.value(QStringLiteral("__value__"));
            continue;
        }
        if (r.resultType == QLatin1String("scalar")) {
            out << (s.values.empty() ? QString() : number(s.values.front()));
            continue;
        }
        QStringList labels;
        for (auto it = s.labels.begin(); it != s.labels.end(); ++it)
            if (it.key() != QLatin1String("__name__"))
                labels << it.key() + QLatin1String("=\"") + it.value() + QLatin1Char('"');
        QString text = s.labels.value(QStringLiteral("__name__")) + QLatin1Char('{') +
                       labels.join(QLatin1Char(',')) + QLatin1Char('}');
        if (!s.values.empty() && !s.timestampsMs.empty())
            text += QLatin1Char(' ') + number(s.values.back()) + QLatin1Char(' ') +
                    QString::number(qint64(std::llround(s.timestampsMs.back())));
        out << text;
    }
    return out;
}

} // namespace

VariableResolver::VariableResolver(PrometheusClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    m_toMs = QDateTime::currentMSecsSinceEpoch();
    m_fromMs = m_toMs - 3600 * 1000;
}

VariableResolver::~VariableResolver()
{
    cancelInFlight();
}

void VariableResolver::setVariables(const QList<Variable> &vars)
{
    cancelInFlight();
    ++m_generation;
    m_queue.clear();
    m_busy = false;
    m_vars = vars;
}

void VariableResolver::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
}

void VariableResolver::setPinned(const QStringList &names)
{
    m_pinned = QSet<QString>(names.begin(), names.end());
}

void VariableResolver::resolve()
{
    QSet<int> all;
    for (int i = 0; i < m_vars.size(); ++i)
        all.insert(i);
    schedule(all);
}

void VariableResolver::refreshForTimeRange(qint64 fromMs, qint64 toMs)
{
    setTimeRange(fromMs, toMs);
    QSet<int> set;
    for (int i = 0; i < m_vars.size(); ++i) {
        const Variable &v = m_vars.at(i);
        if (!isQuery(v) || v.refresh != 2)
            continue;
        set.insert(i);
        const QStringList deps = Templating::dependents(m_vars, v.name);
        for (int j = 0; j < m_vars.size(); ++j)
            if (deps.contains(m_vars.at(j).name))
                set.insert(j);
    }
    schedule(set);
}

void VariableResolver::setCurrent(const QString &name, const QStringList &values)
{
    int index = -1;
    for (int i = 0; i < m_vars.size(); ++i)
        if (m_vars.at(i).name == name)
            index = i;
    if (index < 0)
        return;
    Variable &v = m_vars[index];
    m_pinned.remove(name);
    v.current =
        values.contains(Templating::kAllValue) ? QStringList{Templating::kAllValue} : values;
    v.currentText.clear();
    for (const QString &value : std::as_const(v.current)) {
        QString text = value == Templating::kAllValue ? QStringLiteral("All") : value;
        for (const VariableOption &o : std::as_const(v.options))
            if (o.value == value)
                text = o.text;
        v.currentText << text;
    }
    emit variableChanged(name);
    QSet<int> set;
    const QStringList deps = Templating::dependents(m_vars, name);
    for (int j = 0; j < m_vars.size(); ++j)
        if (deps.contains(m_vars.at(j).name))
            set.insert(j);
    schedule(set);
}

void VariableResolver::cancelInFlight()
{
    if (m_inFlight)
        delete m_inFlight.data();
    m_inFlight = nullptr;
    m_inFlightIndex = -1;
}

void VariableResolver::schedule(const QSet<int> &indices)
{
    // What the older resolution had not finished yet is taken over, not dropped.
    QSet<int> wanted = indices;
    for (int i : std::as_const(m_queue))
        wanted.insert(i);
    if (m_inFlightIndex >= 0)
        wanted.insert(m_inFlightIndex);
    cancelInFlight();
    m_queue.clear();
    for (int i : Templating::resolutionOrder(m_vars))
        if (wanted.contains(i))
            m_queue << i;
    m_busy = true;
    const quint64 generation = ++m_generation;
    // Always asynchronous, so that no signal reaches a caller inside its own call.
    QMetaObject::invokeMethod(
        this, [this, generation] { step(generation); }, Qt::QueuedConnection);
}

bool VariableResolver::settleSelection(Variable &v) const
{
    if (!m_pinned.contains(v.name))
        return Templating::validateSelection(v);
    // A pinned selection stays as given; only its texts follow the options.
    const QStringList current = v.current;
    Templating::validateSelection(v);
    v.current = current;
    v.currentText.clear();
    for (const QString &value : current) {
        QString text = value == Templating::kAllValue ? QStringLiteral("All") : value;
        for (const VariableOption &o : std::as_const(v.options))
            if (o.value == value)
                text = o.text;
        v.currentText << text;
    }
    return false;
}

void VariableResolver::step(quint64 generation)
{
    if (generation != m_generation)
        return;
    while (!m_queue.isEmpty()) {
        const int i = m_queue.takeFirst();
        Variable &v = m_vars[i];
        if (isQuery(v)) {
            if (v.refresh == 0 && hasRealOptions(v)) {
                // "Never refresh": the options saved in the file are the options.
                if (settleSelection(v))
                    emit variableChanged(v.name);
                if (generation != m_generation)
                    return;
                continue;
            }
            launch(i);
            return;
        }
        if (v.type == QLatin1String("adhoc"))
            continue;
        const QList<VariableOption> options = v.options;
        const QStringList current = v.current;
        Templating::computeLocalOptions(v);
        if (v.type == QLatin1String("datasource"))
            offerDatasources(v);
        if (m_pinned.contains(v.name)) {
            v.current = current;
            settleSelection(v);
        }
        if (v.current != current || v.options.size() != options.size())
            emit variableChanged(v.name);
        if (generation != m_generation)
            return; // a slot started a newer resolution
    }
    m_busy = false;
    emit resolved();
}

void VariableResolver::offerDatasources(Variable &v) const
{
    // Grafana: the datasources of the variable's type, filtered by its regex.
    const QString type = v.query.trimmed().isEmpty() ? QStringLiteral("prometheus") : v.query.trimmed();
    QStringList names = m_datasourceNames.value(type);
    if (names.isEmpty())
        return; // nothing configured: keep what the file selected
    // The variable's regex as Grafana applies it (`/pattern/flags`); a bad one is ignored.
    QList<VariableOption> options;
    QString regexError;
    if (!Templating::applyRegexAndSort(names, v.regex, 0, &options, &regexError))
        Templating::applyRegexAndSort(names, {}, 0, &options, &regexError);
    names.clear();
    for (const VariableOption &o : std::as_const(options))
        names << o.value;
    v.options = options;
    // "default" (and a selection no longer configured) becomes the default datasource.
    if (!v.current.isEmpty() && !names.contains(v.current.first()) && !names.isEmpty()) {
        v.current = {names.first()};
        v.currentText = {names.first()};
    }
    settleSelection(v);
}

void VariableResolver::launch(int index)
{
    const Variable &v = m_vars.at(index);
    Templating::MacroValues macros;
    macros.fromMs = m_fromMs;
    macros.toMs = m_toMs;
    macros.intervalSeconds = chooseStep(double(m_toMs - m_fromMs) / 1000.0, 1000);
    // The variable's own datasource (`$datasource` included), else the default.
    PrometheusClient *client = m_client;
    if (m_resolver) {
        QString ref = v.datasource;
        if (ref.contains(QLatin1Char('$')))
            ref = Templating::interpolate(ref, m_vars, Templating::MacroValues());
        const QueryClientChoice choice = m_resolver(ref);
        client = choice.client;
        if (!client) {
            finishQuery(index, {}, choice.error.isEmpty() ? QStringLiteral("no Prometheus datasource") : choice.error);
            return;
        }
    }
    if (!client) {
        finishQuery(index, {}, QStringLiteral("no Prometheus client"));
        return;
    }
    const QString query = Templating::interpolate(v.query, m_vars, macros);
    const Templating::VariableQuery q = Templating::parseVariableQuery(query);
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(m_fromMs, Qt::UTC);
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(m_toMs, Qt::UTC);
    const QStringList matches = q.match.isEmpty() ? QStringList() : QStringList{q.match};
    m_inFlightIndex = index;
    const quint64 generation = m_generation;
    using Kind = Templating::VariableQuery::Kind;

    if (q.kind == Kind::QueryResult) {
        PrometheusQuery *job = client->queryInstant(q.argument, end, this);
        m_inFlight = job;
        connect(job, &PrometheusQuery::finished, this,
                [this, job, index, generation](const QueryResult &r) {
                    job->deleteLater();
                    if (generation == m_generation)
                        finishQuery(index, r.ok() ? queryResultTexts(r) : QStringList(), r.error);
                });
        return;
    }
    PrometheusListQuery *job = nullptr;
    QString metricsFilter;
    switch (q.kind) {
    case Kind::LabelValues:
        job = client->labelValues(q.label, matches, start, end, this);
        break;
    case Kind::LabelNames:
        job = client->labelNames(matches, start, end, this);
        break;
    case Kind::Metrics:
        metricsFilter = q.argument;
        job = client->labelValues(QStringLiteral("__name__"), {}, start, end, this);
        break;
    case Kind::Series:
    case Kind::QueryResult:
        job = client->series({q.argument}, start, end, this);
        break;
    }
    m_inFlight = job;
    connect(job, &PrometheusListQuery::finished, this,
            [this, job, index, generation, metricsFilter](const QStringList &values,
                                                          const QString &error) {
                job->deleteLater();
                if (generation != m_generation)
                    return;
                if (job->truncated())
                    emit variableNote(m_vars.at(index).name,
                                      QStringLiteral("only the first %1 values: the server may have more (narrow the "
                                                     "query)").arg(values.size()));
                if (generation != m_generation)
                    return;
                if (metricsFilter.isEmpty() || !error.isEmpty()) {
                    finishQuery(index, values, error);
                    return;
                }
                // metrics(re): Grafana tests each name against the unanchored regex.
                const QRegularExpression re(metricsFilter);
                if (!re.isValid()) {
                    finishQuery(index, {},
                                QStringLiteral("invalid regular expression in metrics(): %1")
                                    .arg(re.errorString()));
                    return;
                }
                QStringList kept;
                for (const QString &v : values)
                    if (re.match(v).hasMatch())
                        kept << v;
                finishQuery(index, kept, {});
            });
}

void VariableResolver::finishQuery(int index, QStringList values, const QString &error)
{
    m_inFlight = nullptr;
    m_inFlightIndex = -1;
    const quint64 generation = m_generation;
    Variable &v = m_vars[index];
    if (!error.isEmpty()) {
        emit variableFailed(v.name, error);
    } else {
        Templating::MacroValues macros;
        macros.fromMs = m_fromMs;
        macros.toMs = m_toMs;
        const QString regex =
            Templating::interpolate(v.regex, m_vars, macros, QStringLiteral("regex"));
        QList<VariableOption> options;
        QString regexError;
        if (!Templating::applyRegexAndSort(values, regex, v.sort, &options, &regexError)) {
            emit variableFailed(v.name, regexError);
        } else {
            const QList<VariableOption> before = v.options;
            v.options = options;
            const bool selectionChanged = settleSelection(v);
            bool optionsChanged = before.size() != v.options.size();
            for (qsizetype k = 0; !optionsChanged && k < before.size(); ++k)
                optionsChanged =
                    before[k].value != v.options[k].value || before[k].text != v.options[k].text;
            if (selectionChanged || optionsChanged)
                emit variableChanged(v.name);
        }
    }
    if (generation != m_generation)
        return;
    QMetaObject::invokeMethod(
        this, [this, generation] { step(generation); }, Qt::QueuedConnection);
}
