#include "promqlcompleter.h"

#include "prometheusclient.h"
#include "promqlhighlighter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTimer>

#include <memory>
#include <vector>

// ---------------------------------------------------------------------------
// CompletionCache

CompletionCache::CompletionCache(CompletionSource *source, QObject *parent)
    : QObject(parent), m_source(source)
{
}

void CompletionCache::lookUp(const QString &key, QObject *context,
                             std::function<void(QStringList)> done,
                             const std::function<void(std::function<void(QStringList)>)> &ask)
{
    const auto cached = m_answers.constFind(key);
    if (cached != m_answers.cend()) {
        done(*cached);
        return;
    }
    if (!m_source) {
        done({});
        return;
    }
    auto &waiters = m_waiting[key];
    waiters.append(Waiter{QPointer<QObject>(context), std::move(done)});
    if (waiters.size() > 1)
        return; // already asked; this answer is shared
    ask([this, key](const QStringList &answer) {
        if (!answer.isEmpty())
            m_answers.insert(key, answer);
        const QList<Waiter> waiters = m_waiting.take(key);
        for (const Waiter &w : waiters)
            if (w.context)
                w.done(answer);
    });
}

void CompletionCache::metricNames(QObject *context, std::function<void(QStringList)> done)
{
    lookUp(QStringLiteral("m"), context, std::move(done),
           [this](std::function<void(QStringList)> answer) {
               m_source->metricNames(this, std::move(answer));
           });
}

void CompletionCache::labelNames(const QString &metric, QObject *context,
                                 std::function<void(QStringList)> done)
{
    lookUp(QStringLiteral("n\n") + metric, context, std::move(done),
           [this, metric](std::function<void(QStringList)> answer) {
               m_source->labelNames(metric, this, std::move(answer));
           });
}

void CompletionCache::labelValues(const QString &label, const QString &metric, QObject *context,
                                  std::function<void(QStringList)> done)
{
    lookUp(QStringLiteral("v\n") + label + QLatin1Char('\n') + metric, context, std::move(done),
           [this, label, metric](std::function<void(QStringList)> answer) {
               m_source->labelValues(label, metric, this, std::move(answer));
           });
}

void CompletionCache::metricHelp(const QString &metric, QObject *context,
                                 std::function<void(QString)> done)
{
    lookUp(
        QStringLiteral("h\n") + metric, context,
        [done = std::move(done)](const QStringList &answer) { done(answer.value(0)); },
        [this, metric](std::function<void(QStringList)> answer) {
            m_source->metricHelp(metric, this, [answer](const QString &help) {
                answer(help.isEmpty() ? QStringList() : QStringList{help});
            });
        });
}

// ---------------------------------------------------------------------------
// Context analysis

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char(':');
}

bool isIdentChar(QChar c)
{
    return isIdentStart(c) || c.isDigit();
}

bool isLabelListKeyword(const QString &lower)
{
    return lower == QLatin1String("by") || lower == QLatin1String("without") ||
           lower == QLatin1String("on") || lower == QLatin1String("ignoring") ||
           lower == QLatin1String("group_left") || lower == QLatin1String("group_right");
}

/// The identifier ending right before `end` (skipping spaces), or empty.
QString identifierBefore(const QString &text, int end)
{
    int j = end;
    while (j > 0 && text.at(j - 1).isSpace())
        --j;
    int k = j;
    while (k > 0 && isIdentChar(text.at(k - 1)))
        --k;
    if (k == j || !isIdentStart(text.at(k)))
        return {};
    if (k > 0 && text.at(k - 1) == QLatin1Char('$'))
        return {}; // a variable, not a metric name
    return text.mid(k, j - k);
}

bool isMetricWord(const QString &word, QChar next)
{
    const QString lower = word.toLower();
    if (Promql::keywords().contains(lower) || lower == QLatin1String("inf") ||
        lower == QLatin1String("nan"))
        return false;
    // A function's name is a metric only as a selector (`time{...}`, `count[5m]`).
    return !Promql::isFunction(word) || next == QLatin1Char('{') || next == QLatin1Char('[');
}

struct ScanState
{
    QChar quote; // non-null while inside a string
    int stringStart = -1;
    bool inComment = false;
    bool inBraces = false;
    QString braceMetric;
    QString label; // the label name last seen inside the braces
    int bracketDepth = 0;
    std::vector<bool> parens; // true: a by/without/on/... label list
};

} // namespace

PromqlCompleter::Context PromqlCompleter::contextAt(const QString &text, int position)
{
    const int n = int(text.size());
    position = qBound(0, position, n);
    ScanState s;
    ScanState atCursor;
    QString firstMetric;
    bool labelListNext = false;
    for (int i = 0; i <= n; ++i) {
        if (i == position)
            atCursor = s;
        if (i == n)
            break;
        const QChar c = text.at(i);
        if (s.inComment) {
            if (c == QLatin1Char('\n'))
                s.inComment = false;
            continue;
        }
        if (!s.quote.isNull()) {
            if (c == QLatin1Char('\\') && s.quote != QLatin1Char('`')) {
                // The escaped character belongs to the string; the cursor may sit on it.
                if (i + 1 == position)
                    atCursor = s;
                ++i;
            } else if (c == s.quote) {
                s.quote = QChar();
            }
            continue;
        }
        if (c == QLatin1Char('#')) {
            s.inComment = true;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            s.quote = c;
            s.stringStart = i;
        } else if (c == QLatin1Char('{')) {
            s.inBraces = true;
            s.braceMetric = identifierBefore(text, i);
            if (Promql::keywords().contains(s.braceMetric.toLower()))
                s.braceMetric.clear();
            s.label.clear();
        } else if (c == QLatin1Char('}')) {
            s.inBraces = false;
        } else if (c == QLatin1Char('[')) {
            ++s.bracketDepth;
        } else if (c == QLatin1Char(']')) {
            s.bracketDepth = qMax(0, s.bracketDepth - 1);
        } else if (c == QLatin1Char('(')) {
            s.parens.push_back(labelListNext);
            labelListNext = false;
        } else if (c == QLatin1Char(')')) {
            if (!s.parens.empty())
                s.parens.pop_back();
        } else if (isIdentStart(c) && (i == 0 || !isIdentChar(text.at(i - 1))) &&
                   (i == 0 || text.at(i - 1) != QLatin1Char('$'))) {
            int j = i + 1;
            while (j < n && isIdentChar(text.at(j)))
                ++j;
            const QString word = text.mid(i, j - i);
            if (s.inBraces) {
                s.label = word;
            } else if (s.bracketDepth == 0 && !(!s.parens.empty() && s.parens.back())) {
                const QString lower = word.toLower();
                if (Promql::keywords().contains(lower)) {
                    labelListNext = isLabelListKeyword(lower);
                } else if (firstMetric.isEmpty() && j != position) {
                    int k = j;
                    while (k < n && text.at(k).isSpace())
                        ++k;
                    if (isMetricWord(word, k < n ? text.at(k) : QChar()))
                        firstMetric = word;
                }
            }
            // The word is consumed as a whole, but the cursor may sit inside it.
            for (int k = i + 1; k < j; ++k)
                if (k == position)
                    atCursor = s;
            i = j - 1;
        }
    }

    Context ctx;
    ctx.replaceStart = position;
    const ScanState &st = atCursor;
    if (st.inComment)
        return ctx;
    if (!st.quote.isNull()) {
        if (st.inBraces && !st.label.isEmpty() && st.quote != QLatin1Char('`')) {
            ctx.kind = Kind::LabelValue;
            ctx.replaceStart = st.stringStart + 1;
            ctx.prefix = text.mid(ctx.replaceStart, position - ctx.replaceStart);
            ctx.label = st.label;
            ctx.metric = st.braceMetric;
            ctx.quote = st.quote;
        }
        return ctx;
    }
    // The word being typed.
    int start = position;
    while (start > 0 && isIdentChar(text.at(start - 1)))
        --start;
    const bool variable = start > 0 && text.at(start - 1) == QLatin1Char('$');
    if (variable)
        --start;
    ctx.replaceStart = start;
    ctx.prefix = text.mid(start, position - start);
    int before = start;
    while (before > 0 && text.at(before - 1).isSpace())
        --before;
    const QChar prev = before > 0 ? text.at(before - 1) : QChar();

    if (st.bracketDepth > 0) {
        if (prev == QLatin1Char('[') || prev == QLatin1Char(':'))
            ctx.kind = Kind::Duration;
        return ctx;
    }
    if (variable)
        return ctx;
    if (!ctx.prefix.isEmpty() && !isIdentStart(ctx.prefix.at(0)))
        return ctx; // a number
    if (st.inBraces) {
        if (prev == QLatin1Char('{') || prev == QLatin1Char(',')) {
            ctx.kind = Kind::LabelName;
            ctx.inSelector = true;
            ctx.metric = st.braceMetric;
        }
        return ctx;
    }
    if (!st.parens.empty() && st.parens.back()) {
        ctx.kind = Kind::LabelName;
        ctx.metric = firstMetric;
        return ctx;
    }
    ctx.kind = Kind::Metric;
    return ctx;
}

// ---------------------------------------------------------------------------
// PromqlCompleter

PromqlCompleter::PromqlCompleter(QPlainTextEdit *editor, CompletionSource *source, QObject *parent)
    : QObject(parent), m_editor(editor), m_source(source), m_completer(new QCompleter(this)),
      m_model(new QStringListModel(this)), m_typingPause(new QTimer(this))
{
    m_completer->setModel(m_model);
    m_completer->setWidget(editor);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    // Metric names are searched by any part (typing "latency" finds
    // http_request_latency_seconds_bucket), as in Grafana's metric browser.
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(12);
    m_completer->popup()->setObjectName(QStringLiteral("promqlCompletionPopup"));
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &PromqlCompleter::insertCompletion);
    connect(m_completer, qOverload<const QString &>(&QCompleter::highlighted), this,
            [this](const QString &text) {
                if (m_context.kind == Kind::Metric && m_metricNames.contains(text))
                    showHelp(text);
            });

    m_typingPause->setSingleShot(true);
    m_typingPause->setInterval(150);
    connect(m_typingPause, &QTimer::timeout, this, [this] { complete(false); });
    m_lastLength = editor->document()->characterCount();
    connect(editor, &QPlainTextEdit::textChanged, this, &PromqlCompleter::onTextChanged);
    connect(editor, &QPlainTextEdit::cursorPositionChanged, this,
            &PromqlCompleter::updateHelpAtCursor);
    editor->installEventFilter(this);
}

QStringList PromqlCompleter::visibleCandidates() const
{
    QStringList out;
    QAbstractItemModel *model = m_completer->completionModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, 0).data().toString());
    return out;
}

void PromqlCompleter::onTextChanged()
{
    const int length = m_editor->document()->characterCount();
    const int delta = length - m_lastLength;
    m_lastLength = length;
    // Any edit makes the answers still on their way stale.
    ++m_generation;
    if (m_inserting)
        return;
    if (delta < -1 || delta > 1) {
        // Loaded or pasted text: nothing is being typed.
        m_typingPause->stop();
        m_completer->popup()->hide();
        return;
    }
    m_typingPause->start();
}

static bool sameQuestion(const PromqlCompleter::Context &a, const PromqlCompleter::Context &b)
{
    return a.kind == b.kind && a.metric == b.metric && a.label == b.label &&
           a.replaceStart == b.replaceStart;
}

void PromqlCompleter::complete(bool explicitly)
{
    m_typingPause->stop();
    const QTextCursor cursor = m_editor->textCursor();
    const Context ctx = contextAt(m_editor->toPlainText(), cursor.position());
    const quint64 generation = ++m_generation;
    if (ctx.kind == Kind::None ||
        (!explicitly && ctx.kind == Kind::Metric && ctx.prefix.isEmpty())) {
        m_context = ctx;
        m_completer->popup()->hide();
        return;
    }
    // Typing on within the same question filters the answer already shown.
    if (m_hasAnswer && sameQuestion(ctx, m_context)) {
        show(ctx, m_candidates);
        return;
    }
    m_context = ctx;
    m_hasAnswer = false;
    auto answer = [this, generation, ctx](const QStringList &list) {
        if (generation != m_generation)
            return; // the user typed on: this answers an old question
        show(ctx, list);
    };
    switch (ctx.kind) {
    case Kind::Metric: {
        QStringList vocabulary = Promql::aggregations() + Promql::functions() + Promql::keywords();
        if (!m_source) {
            answer(vocabulary);
            break;
        }
        m_source->metricNames(this, [this, answer, vocabulary](const QStringList &names) {
            m_metricNames = QSet<QString>(names.cbegin(), names.cend());
            answer(names + vocabulary);
        });
        break;
    }
    case Kind::LabelName:
        if (m_source)
            m_source->labelNames(ctx.metric, this, answer);
        break;
    case Kind::LabelValue:
        if (m_source)
            m_source->labelValues(ctx.label, ctx.metric, this, answer);
        break;
    case Kind::Duration:
        answer({QStringLiteral("$__rate_interval"), QStringLiteral("$__interval"),
                QStringLiteral("$__range"), QStringLiteral("1m"), QStringLiteral("5m"),
                QStringLiteral("10m"), QStringLiteral("15m"), QStringLiteral("30m"),
                QStringLiteral("1h"), QStringLiteral("6h"), QStringLiteral("1d")});
        break;
    case Kind::None:
        break;
    }
}

void PromqlCompleter::show(const Context &context, const QStringList &candidates)
{
    m_context = context;
    m_hasAnswer = true;
    if (m_candidates != candidates) {
        m_candidates = candidates;
        QStringList sorted = candidates;
        sorted.removeDuplicates();
        if (context.kind != Kind::Duration)
            sorted.sort(Qt::CaseInsensitive);
        m_model->setStringList(sorted);
    }
    m_completer->setCompletionPrefix(context.prefix);
    const int count = m_completer->completionCount();
    if (count == 0 || (count == 1 && m_completer->currentCompletion() == context.prefix)) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = m_editor->cursorRect();
    QAbstractItemView *popup = m_completer->popup();
    rect.setWidth(qMin(480, popup->sizeHintForColumn(0) +
                                popup->verticalScrollBar()->sizeHint().width() + 8));
    m_completer->complete(rect);
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void PromqlCompleter::insertCompletion(const QString &completion)
{
    const Context ctx = m_context;
    QTextCursor cursor = m_editor->textCursor();
    const QString text = m_editor->toPlainText();
    const int end = cursor.position();
    if (ctx.replaceStart > end)
        return;
    QString insert = completion;
    const QChar next = end < text.size() ? text.at(end) : QChar();
    bool followUp = false;
    if (ctx.kind == Kind::LabelValue) {
        if (ctx.quote == QLatin1Char('"') || ctx.quote == QLatin1Char('\'')) {
            insert.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
            insert.replace(ctx.quote, QString(QLatin1Char('\\')) + ctx.quote);
        }
        if (next != ctx.quote)
            insert += ctx.quote;
    } else if (ctx.kind == Kind::Metric && Promql::isFunction(completion) &&
               next != QLatin1Char('(')) {
        insert += QLatin1Char('(');
    } else if (ctx.kind == Kind::LabelName && ctx.inSelector && next != QLatin1Char('=') &&
               next != QLatin1Char('!')) {
        insert += QLatin1String("=\"");
        followUp = true; // go straight on to the label's values
    }
    cursor.setPosition(ctx.replaceStart);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    m_inserting = true;
    cursor.insertText(insert);
    m_inserting = false;
    m_lastLength = m_editor->document()->characterCount();
    m_editor->setTextCursor(cursor);
    m_hasAnswer = false;
    if (followUp)
        QTimer::singleShot(0, this, [this] { complete(true); });
}

void PromqlCompleter::showHelp(const QString &metric)
{
    if (metric == m_helpMetric)
        return;
    m_helpMetric = metric;
    const quint64 generation = ++m_helpGeneration;
    if (metric.isEmpty() || !m_source) {
        emit helpChanged(metric, QString());
        return;
    }
    m_source->metricHelp(metric, this, [this, generation, metric](const QString &help) {
        if (generation == m_helpGeneration)
            emit helpChanged(metric, help);
    });
}

void PromqlCompleter::updateHelpAtCursor()
{
    if (m_metricNames.isEmpty())
        return;
    const QString text = m_editor->toPlainText();
    const int pos = m_editor->textCursor().position();
    int start = pos;
    while (start > 0 && isIdentChar(text.at(start - 1)))
        --start;
    int end = pos;
    while (end < text.size() && isIdentChar(text.at(end)))
        ++end;
    const QString word = text.mid(start, end - start);
    // Only names the server listed: half-typed words would each cost a request.
    if (m_metricNames.contains(word))
        showHelp(word);
    else if (!m_helpMetric.isEmpty() && !m_completer->popup()->isVisible())
        showHelp(QString());
}

bool PromqlCompleter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Space && (key->modifiers() & Qt::ControlModifier)) {
            complete(true);
            return true;
        }
        if (m_completer->popup()->isVisible()) {
            switch (key->key()) {
            case Qt::Key_Enter:
            case Qt::Key_Return:
            case Qt::Key_Escape:
            case Qt::Key_Tab:
            case Qt::Key_Backtab:
                // The popup handles these; the editor must not insert them.
                return true;
            default:
                break;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

// ---------------------------------------------------------------------------
// PrometheusCompletionSource

PrometheusCompletionSource::PrometheusCompletionSource(PrometheusClient *client) : m_client(client)
{
}

namespace {

/// Hands a list query's answer to `done` (empty on error) and frees the query. The
/// query is a child of `context`, so destroying the context cancels it.
void answerWith(PrometheusListQuery *query, QObject *context, std::function<void(QStringList)> done)
{
    QObject::connect(
        query, &PrometheusListQuery::finished, context,
        [query, done = std::move(done)](const QStringList &values, const QString &error) {
            query->deleteLater();
            done(error.isEmpty() ? values : QStringList());
        });
}

QStringList selectorFor(const QString &metric)
{
    return metric.isEmpty() ? QStringList() : QStringList{metric};
}

} // namespace

void PrometheusCompletionSource::metricNames(QObject *context,
                                             std::function<void(QStringList)> done)
{
    if (!m_client)
        return done({});
    answerWith(m_client->labelValues(QStringLiteral("__name__"), {}, {}, {}, context), context,
               std::move(done));
}

void PrometheusCompletionSource::labelNames(const QString &metric, QObject *context,
                                            std::function<void(QStringList)> done)
{
    if (!m_client)
        return done({});
    answerWith(m_client->labelNames(selectorFor(metric), {}, {}, context), context,
               [done = std::move(done)](QStringList names) {
                   names.removeAll(QStringLiteral("__name__"));
                   done(names);
               });
}

void PrometheusCompletionSource::labelValues(const QString &label, const QString &metric,
                                             QObject *context,
                                             std::function<void(QStringList)> done)
{
    if (!m_client)
        return done({});
    answerWith(m_client->labelValues(label, selectorFor(metric), {}, {}, context), context,
               std::move(done));
}

void PrometheusCompletionSource::metricHelp(const QString &metric, QObject *context,
                                            std::function<void(QString)> done)
{
    if (!m_client || metric.isEmpty())
        return done({});
    PrometheusListQuery *query = m_client->metadata(metric, context);
    auto help = std::make_shared<QString>();
    QObject::connect(
        query, &PrometheusListQuery::metadataReady, context,
        [help, metric](const MetricMetadataMap &metadata) { *help = metadata.value(metric).help; });
    QObject::connect(query, &PrometheusListQuery::finished, context,
                     [query, help, done = std::move(done)](const QStringList &, const QString &) {
                         query->deleteLater();
                         done(*help);
                     });
}
