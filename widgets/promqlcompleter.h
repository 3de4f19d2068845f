#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>

class PrometheusClient;
class QCompleter;
class QPlainTextEdit;
class QStringListModel;
class QTimer;

/// Where completion data comes from, so that editors hold no network code. Answers
/// arrive asynchronously (or at once); `done` is never called after `context` is
/// destroyed. A failed look-up answers with an empty list / empty text.
class CompletionSource
{
public:
    virtual ~CompletionSource() = default;
    virtual void metricNames(QObject *context, std::function<void(QStringList)> done) = 0;
    /// Label names of series of `metric` (every label name when `metric` is empty).
    virtual void labelNames(const QString &metric, QObject *context,
                            std::function<void(QStringList)> done) = 0;
    /// Values of `label` on series of `metric` (on every series when `metric` is empty).
    virtual void labelValues(const QString &label, const QString &metric, QObject *context,
                             std::function<void(QStringList)> done) = 0;
    /// The metric's HELP text from the server's metadata, or empty.
    virtual void metricHelp(const QString &metric, QObject *context,
                            std::function<void(QString)> done) = 0;
};

/// Remembers another source's answers for its own lifetime (one editor session) and
/// asks the source once for concurrent identical questions. Empty answers are not
/// remembered, so a look-up that failed is asked again next time.
class CompletionCache final : public QObject, public CompletionSource
{
    Q_OBJECT
public:
    explicit CompletionCache(CompletionSource *source, QObject *parent = nullptr);

    void metricNames(QObject *context, std::function<void(QStringList)> done) override;
    void labelNames(const QString &metric, QObject *context,
                    std::function<void(QStringList)> done) override;
    void labelValues(const QString &label, const QString &metric, QObject *context,
                     std::function<void(QStringList)> done) override;
    void metricHelp(const QString &metric, QObject *context,
                    std::function<void(QString)> done) override;

private:
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(QStringList)> done;
    };
    void lookUp(const QString &key, QObject *context, std::function<void(QStringList)> done,
                const std::function<void(std::function<void(QStringList)>)> &ask);

    CompletionSource *m_source;
    QHash<QString, QStringList> m_answers;
    QHash<QString, QList<Waiter>> m_waiting;
};

/// CompletionSource over Prometheus's HTTP API: /api/v1/label/__name__/values,
/// /api/v1/labels and /api/v1/label/<name>/values (narrowed with match[] to the
/// metric) and /api/v1/metadata.
class PrometheusCompletionSource final : public CompletionSource
{
public:
    explicit PrometheusCompletionSource(PrometheusClient *client);

    void metricNames(QObject *context, std::function<void(QStringList)> done) override;
    void labelNames(const QString &metric, QObject *context,
                    std::function<void(QStringList)> done) override;
    void labelValues(const QString &label, const QString &metric, QObject *context,
                     std::function<void(QStringList)> done) override;
    void metricHelp(const QString &metric, QObject *context,
                    std::function<void(QString)> done) override;

private:
    QPointer<PrometheusClient> m_client;
};

/// Completion for one PromQL editor: metric, function and keyword names at the top
/// level, label names inside {…} and by/without/on/ignoring (…), label values after
/// label=" and range durations inside […]. Typing shows the popup after a short pause;
/// Ctrl+Space asks at once. Only the answer to the latest question is shown: an answer
/// that arrives after the user has typed on is dropped.
class PromqlCompleter final : public QObject
{
    Q_OBJECT
public:
    enum class Kind { None, Metric, LabelName, LabelValue, Duration };

    /// What the cursor is in the middle of.
    struct Context
    {
        Kind kind = Kind::None;
        /// The text typed so far that the completion replaces.
        QString prefix;
        int replaceStart = 0;
        /// The metric the selector or expression is about (may be empty).
        QString metric;
        /// Kind::LabelValue: the label whose value is typed.
        QString label;
        /// Kind::LabelValue: the quote character the value is in.
        QChar quote;
        /// Kind::LabelName: inside a selector's {…} (not a by/without list).
        bool inSelector = false;
    };
    /// Reads `text` up to `position` (pure; exposed for tests).
    static Context contextAt(const QString &text, int position);

    PromqlCompleter(QPlainTextEdit *editor, CompletionSource *source, QObject *parent = nullptr);

    /// Completes at the cursor now: asks the source if needed and shows the popup.
    /// `explicitly`: also with nothing typed yet (Ctrl+Space).
    void complete(bool explicitly = true);
    QCompleter *completer() const { return m_completer; }
    /// The candidates of the last shown answer, before filtering by the prefix.
    QStringList candidates() const { return m_candidates; }
    /// The candidates the popup lists for the typed prefix.
    QStringList visibleCandidates() const;
    Context lastContext() const { return m_context; }

signals:
    /// The metric at the cursor or highlighted in the popup, and its HELP text
    /// (plain server text; empty help clears the line).
    void helpChanged(const QString &metric, const QString &help);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextChanged();
    void show(const Context &context, const QStringList &candidates);
    void insertCompletion(const QString &completion);
    void showHelp(const QString &metric);
    void updateHelpAtCursor();

    QPlainTextEdit *m_editor;
    CompletionSource *m_source;
    QCompleter *m_completer;
    QStringListModel *m_model;
    QTimer *m_typingPause;
    QStringList m_candidates;
    Context m_context;
    quint64 m_generation = 0;
    quint64 m_helpGeneration = 0;
    QString m_helpMetric;
    /// Metric names from the last answer: help is only looked up for these.
    QSet<QString> m_metricNames;
    int m_lastLength = 0;
    bool m_hasAnswer = false;
    bool m_inserting = false;
};
