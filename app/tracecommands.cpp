#include "tracecommands.h"

#include "jaegerclient.h"
#include "jaegerdecoder.h"
#include "palette.h"
#include "trace.h"
#include "traceresultsmodel.h"
#include "tracewaterfall.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

/// Durations read the same as in the trace views.
QString ms(qint64 us)
{
    return TraceResultsModel::formatDuration(us);
}

QString localTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

/// Waits for one JaegerRequest; the request's own timeout ends it.
TraceDecodeResult waitForTraces(JaegerRequest *request)
{
    TraceDecodeResult result;
    QEventLoop loop;
    QObject::connect(request, &JaegerRequest::tracesReady, &loop, [&](const TraceDecodeResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

QJsonObject summaryJson(const TraceSummary &s)
{
    QJsonArray services;
    for (const auto &[name, count] : s.services)
        services.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("spans"), count}});
    return QJsonObject{
        {QStringLiteral("traceId"), s.traceId},
        {QStringLiteral("start"),
         QDateTime::fromMSecsSinceEpoch(s.startUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("startUs"), double(s.startUs)},
        {QStringLiteral("durationUs"), double(s.durationUs)},
        {QStringLiteral("spans"), s.spanCount},
        {QStringLiteral("errors"), s.errorCount},
        {QStringLiteral("rootService"), s.rootService},
        {QStringLiteral("rootOperation"), s.rootOperation},
        {QStringLiteral("services"), services},
    };
}

/// Spans on the critical path, in the order they are drawn (depth-first, by start).
QList<int> criticalSpans(const Trace &t)
{
    QList<int> order;
    QList<int> stack;
    for (auto it = t.roots.crbegin(); it != t.roots.crend(); ++it)
        stack.append(*it);
    while (!stack.isEmpty()) {
        const int i = stack.takeLast();
        const Span &s = t.spans.at(i);
        if (s.criticalUs > 0)
            order.append(i);
        for (auto it = s.children.crbegin(); it != s.children.crend(); ++it)
            stack.append(*it);
    }
    return order;
}

int printTrace(const Trace &t, bool json)
{
    const TraceSummary summary = summarizeTrace(t);
    const TraceBreakdown breakdown = breakdownTrace(t);
    const QList<int> critical = criticalSpans(t);
    if (json) {
        QJsonObject root = summaryJson(summary);
        root.insert(QStringLiteral("headline"), breakdown.headline);
        QJsonArray path;
        for (int i : critical) {
            const Span &s = t.spans.at(i);
            path.append(QJsonObject{{QStringLiteral("spanId"), s.spanId},
                                    {QStringLiteral("service"), t.serviceOf(s)},
                                    {QStringLiteral("operation"), s.operationName},
                                    {QStringLiteral("depth"), s.depth},
                                    {QStringLiteral("startOffsetUs"), double(s.startUs - t.startUs)},
                                    {QStringLiteral("durationUs"), double(s.durationUs)},
                                    {QStringLiteral("selfUs"), double(s.selfUs)},
                                    {QStringLiteral("criticalUs"), double(s.criticalUs)}});
        }
        root.insert(QStringLiteral("criticalPath"), path);
        QJsonArray top;
        for (const auto &e : breakdown.topOperations)
            top.append(QJsonObject{{QStringLiteral("service"), e.service},
                                   {QStringLiteral("operation"), e.operation},
                                   {QStringLiteral("selfUs"), double(e.selfUs)},
                                   {QStringLiteral("spans"), e.spanCount},
                                   {QStringLiteral("fraction"), e.fraction}});
        root.insert(QStringLiteral("topBySelfTime"), top);
        QJsonArray warnings;
        for (const QString &w : t.warnings)
            warnings.append(w);
        root.insert(QStringLiteral("warnings"), warnings);
        out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        out().flush();
        return 0;
    }
    out() << "Trace " << summary.traceId << "  " << summary.rootService << ": " << summary.rootOperation << "\n"
          << "  started " << localTime(summary.startUs) << ", " << ms(summary.durationUs) << ", "
          << summary.spanCount << " spans, " << summary.services.size() << " services, " << summary.errorCount
          << (summary.errorCount == 1 ? " error" : " errors") << "\n";
    if (!breakdown.headline.isEmpty())
        out() << "  " << breakdown.headline << "\n";
    out() << "\nCritical path (offset, duration, time on the path):\n";
    for (int i : critical) {
        const Span &s = t.spans.at(i);
        out() << "  " << QString(std::min(s.depth, 20) * 2, QLatin1Char(' ')) << t.serviceOf(s) << ": "
              << s.operationName << "  +" << ms(s.startUs - t.startUs) << "  " << ms(s.durationUs) << "  ["
              << ms(s.criticalUs) << "]" << (s.error ? "  ERROR" : "") << "\n";
    }
    out() << "\nTop operations by self time:\n";
    for (const auto &e : breakdown.topOperations)
        out() << "  " << QStringLiteral("%1%").arg(e.fraction * 100, 5, 'f', 1) << "  " << ms(e.selfUs).rightJustified(9)
              << "  " << e.service << ": " << e.operation << "  (" << e.spanCount << (e.spanCount == 1 ? " span)" : " spans)")
              << "\n";
    for (const QString &w : t.warnings)
        out() << "warning: " << w << "\n";
    out().flush();
    return 0;
}

int renderWaterfall(const Trace &trace, const QString &path, int width)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        err() << "-o needs the graphical application" << Qt::endl;
        return 2;
    }
    applyDarkTheme(*static_cast<QApplication *>(QCoreApplication::instance()));
    TraceWaterfall view;
    view.setTrace(trace);
    view.expandAll();
    const int rows = std::min<int>(int(trace.spans.size()), 400);
    view.resize(width, std::clamp(80 + rows * 24, 300, 12000));
    view.show();
    QCoreApplication::processEvents();
    const QImage image = view.grab().toImage();
    if (!image.save(path)) {
        err() << "cannot write " << path << Qt::endl;
        return 1;
    }
    err() << "wrote " << path << " (" << image.width() << "x" << image.height() << ")" << Qt::endl;
    return 0;
}

} // namespace

qint64 parseLookbackMs(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const double n = m.captured(1).toDouble();
    const QString u = m.captured(2);
    const double unit = u == QLatin1String("ms") ? 1
            : u == QLatin1String("s")            ? 1e3
            : u == QLatin1String("m")            ? 60e3
            : u == QLatin1String("h")            ? 3600e3
            : u == QLatin1String("d")            ? 86400e3
                                                 : 7 * 86400e3;
    const double v = n * unit;
    return v > 0 && v < 1e13 ? qint64(v) : -1;
}

int runTraces(const QCommandLineParser &parser, const Endpoints &endpoints)
{
    TraceQuery q;
    q.service = parser.value(QStringLiteral("service"));
    if (q.service.isEmpty()) {
        err() << "usage: dozor traces --service NAME [--operation OP] [--tags 'k=v'] [--min-duration 500ms] "
                 "[--max-duration 2s] [--lookback 1h] [--limit 20] [--json]"
              << Qt::endl;
        return 2;
    }
    q.operation = parser.value(QStringLiteral("operation"));
    q.tags = parser.value(QStringLiteral("tags"));
    QString tagError;
    parseLogfmtTags(q.tags, &tagError);
    if (!tagError.isEmpty()) {
        err() << "--tags: " << tagError << Qt::endl;
        return 2;
    }
    for (const auto &[name, field] : {std::pair{"min-duration", &q.minDurationUs}, std::pair{"max-duration", &q.maxDurationUs}}) {
        const QString v = parser.value(QLatin1String(name));
        if (v.isEmpty())
            continue;
        *field = parseGoDurationUs(v);
        if (*field < 0) {
            err() << "--" << name << ": not a duration (e.g. 500ms, 1.2s): " << v << Qt::endl;
            return 2;
        }
    }
    const qint64 lookback = parseLookbackMs(parser.value(QStringLiteral("lookback")));
    if (lookback < 0) {
        err() << "--lookback: not a duration (e.g. 15m, 1h, 2d): " << parser.value(QStringLiteral("lookback"))
              << Qt::endl;
        return 2;
    }
    bool ok = false;
    q.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || q.limit < 1 || q.limit > 1500) {
        err() << "--limit: a number from 1 to 1500" << Qt::endl;
        return 2;
    }
    q.end = QDateTime::currentDateTimeUtc();
    q.start = q.end.addMSecs(-lookback);

    QNetworkAccessManager nam;
    JaegerClient client(&nam);
    endpoints.configure(client);
    const TraceDecodeResult result = waitForTraces(client.findTraces(q));
    if (!result.ok()) {
        err() << "Jaeger (" << endpoints.jaeger.toDisplayString() << "): " << result.error << Qt::endl;
        return 1;
    }
    QList<TraceSummary> summaries;
    for (const Trace &t : result.traces)
        summaries.append(summarizeTrace(t));
    std::stable_sort(summaries.begin(), summaries.end(),
                     [](const TraceSummary &a, const TraceSummary &b) { return a.durationUs > b.durationUs; });
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const TraceSummary &s : std::as_const(summaries))
            arr.append(summaryJson(s));
        QJsonArray warnings;
        for (const QString &w : result.warnings)
            warnings.append(w);
        out() << QJsonDocument(QJsonObject{{QStringLiteral("traces"), arr}, {QStringLiteral("warnings"), warnings}})
                         .toJson(QJsonDocument::Indented);
        out().flush();
        return 0;
    }
    if (summaries.isEmpty()) {
        out() << "No traces found." << Qt::endl;
        return 0;
    }
    out() << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                     .arg(QStringLiteral("TRACE ID"), -32)
                     .arg(QStringLiteral("START"), -23)
                     .arg(QStringLiteral("DURATION"), 9)
                     .arg(QStringLiteral("SPANS"), 5)
                     .arg(QStringLiteral("ERRORS"), 6)
                     .arg(QStringLiteral("ROOT"));
    for (const TraceSummary &s : std::as_const(summaries))
        out() << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                         .arg(s.traceId, -32)
                         .arg(localTime(s.startUs), -23)
                         .arg(ms(s.durationUs), 9)
                         .arg(s.spanCount, 5)
                         .arg(s.errorCount, 6)
                         .arg(s.rootService + QStringLiteral(": ") + s.rootOperation);
    for (const QString &w : result.warnings)
        out() << "warning: " << w << "\n";
    out().flush();
    return 0;
}

int runTrace(const QString &traceId, const QCommandLineParser &parser, const Endpoints &endpoints)
{
    TraceDecodeResult result;
    const QString file = parser.value(QStringLiteral("file"));
    QString source;
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            err() << "cannot read " << file << ": " << f.errorString() << Qt::endl;
            return 1;
        }
        result = decodeJaegerTraces(f.readAll());
        for (Trace &t : result.traces)
            analyseTrace(t);
        source = file;
    } else {
        if (traceId.isEmpty()) {
            err() << "usage: dozor trace TRACE_ID [--json] [-o waterfall.png] | dozor trace --file trace.json"
                  << Qt::endl;
            return 2;
        }
        QNetworkAccessManager nam;
        JaegerClient client(&nam);
        endpoints.configure(client);
        result = waitForTraces(client.trace(traceId));
        source = endpoints.jaeger.toDisplayString();
    }
    if (!result.ok()) {
        err() << source << ": " << result.error << Qt::endl;
        return 1;
    }
    // A file may hold several traces: the ID picks one, else the first.
    const Trace *chosen = nullptr;
    const QString wanted = traceId.toLower();
    for (const Trace &t : std::as_const(result.traces))
        if (!chosen && (wanted.isEmpty() || t.traceId.endsWith(wanted) || wanted.endsWith(t.traceId)))
            chosen = &t;
    if (!chosen || chosen->spans.isEmpty()) {
        err() << source << ": " << (traceId.isEmpty() ? QStringLiteral("no trace") : QStringLiteral("trace %1 not found").arg(traceId))
              << Qt::endl;
        return 1;
    }
    const QString image = parser.value(QStringLiteral("output"));
    if (!image.isEmpty())
        return renderWaterfall(*chosen, image, parser.value(QStringLiteral("width")).toInt());
    return printTrace(*chosen, parser.isSet(QStringLiteral("json")));
}
