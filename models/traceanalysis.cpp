#include "trace.h"

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <limits>
#include <vector>

namespace {

constexpr int kMaxTraceWarnings = 100;

qint64 endOf(const Span &s)
{
    return s.startUs + std::max<qint64>(s.durationUs, 0);
}

class WarningSink
{
public:
    explicit WarningSink(QStringList &list) : m_list(list) {}
    ~WarningSink()
    {
        if (m_dropped > 0)
            m_list << QStringLiteral("... and %1 more notes like these").arg(m_dropped);
    }
    void add(const QString &w)
    {
        if (m_list.size() < kMaxTraceWarnings)
            m_list << w;
        else
            ++m_dropped;
    }

private:
    QStringList &m_list;
    int m_dropped = 0;
};

bool isErrorSpan(const Span &s)
{
    for (const TraceKeyValue &kv : s.tags) {
        if (kv.key == QLatin1String("error")) {
            if (kv.value.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
                return true;
        } else if (kv.key == QLatin1String("otel.status_code")) {
            if (kv.value == QLatin1String("ERROR"))
                return true;
        } else if (kv.key == QLatin1String("http.status_code")
                   || kv.key == QLatin1String("http.response.status_code")) {
            bool ok = false;
            const int code = kv.value.toInt(&ok);
            if (ok && code >= 500)
                return true;
        }
    }
    return false;
}

/// The parent a span's references give it, or -1. CHILD_OF before FOLLOWS_FROM;
/// references that cannot be used are noted.
int chooseParent(const Trace &trace, int index, const QHash<QString, int> &byId,
                 WarningSink &warnings, bool &followsFrom)
{
    const Span &s = trace.spans.at(index);
    followsFrom = false;
    for (int pass = 0; pass < 2; ++pass) {
        const auto wanted = pass == 0 ? TraceReference::Type::ChildOf
                                      : TraceReference::Type::FollowsFrom;
        for (const TraceReference &ref : s.references) {
            if (ref.type != wanted)
                continue;
            if (!ref.traceId.isEmpty() && !s.traceId.isEmpty() && ref.traceId != s.traceId)
                continue; // a link into another trace: shown, not a parent
            if (ref.spanId == s.spanId) {
                warnings.add(QStringLiteral("span %1 references itself").arg(s.spanId));
                continue;
            }
            const auto it = byId.constFind(ref.spanId);
            if (it == byId.constEnd()) {
                warnings.add(QStringLiteral("span %1 references missing span %2")
                                     .arg(s.spanId, ref.spanId));
                continue;
            }
            followsFrom = pass == 1;
            return it.value();
        }
    }
    return -1;
}

/// Children clipped to their parent, top-down; spans entirely outside their parent
/// (and their subtrees) are dropped, as the Jaeger UI does for the critical path.
struct ClippedSpan
{
    qint64 start = 0;
    qint64 end = 0;
    bool kept = false;
};

} // namespace

void computeCriticalPath(Trace &trace)
{
    const int n = int(trace.spans.size());
    for (Span &s : trace.spans)
        s.criticalUs = 0;
    if (n == 0 || trace.roots.isEmpty())
        return;

    // The Jaeger UI leaves FOLLOWS_FROM children (and everything under them) off the
    // critical path: they do not hold their parent up.
    std::vector<ClippedSpan> clip(static_cast<size_t>(n));
    std::vector<int> order;
    order.reserve(size_t(n));
    for (int r : trace.roots) {
        if (r < 0 || r >= n)
            continue;
        clip[size_t(r)].start = trace.spans[r].startUs;
        clip[size_t(r)].end = endOf(trace.spans[r]);
        clip[size_t(r)].kept = true;
        order.push_back(r);
    }
    for (size_t head = 0; head < order.size(); ++head) {
        const int p = order[head];
        const ClippedSpan pc = clip[size_t(p)];
        for (int c : trace.spans[p].children) {
            if (c < 0 || c >= n || clip[size_t(c)].kept || trace.spans[c].followsFrom)
                continue;
            const Span &cs = trace.spans[c];
            const qint64 start = cs.startUs, end = endOf(cs);
            if (start >= pc.end || end <= pc.start) {
                if (!(start == end && start >= pc.start && start < pc.end))
                    continue;
            }
            ClippedSpan &cc = clip[size_t(c)];
            cc.start = std::max(start, pc.start);
            cc.end = std::min(end, pc.end);
            cc.kept = true;
            order.push_back(c);
        }
    }

    // Each span's critical-path children, latest end first; a cursor per span walks
    // them once, so the whole walk is linear after the sorts.
    std::vector<std::vector<int>> kids(static_cast<size_t>(n));
    for (int i : order) {
        const int p = trace.spans[i].parent;
        if (p >= 0 && p < n && clip[size_t(p)].kept && i != p)
            kids[size_t(p)].push_back(i);
    }
    for (int i : order) {
        auto &k = kids[size_t(i)];
        std::sort(k.begin(), k.end(), [&clip](int a, int b) {
            if (clip[size_t(a)].end != clip[size_t(b)].end)
                return clip[size_t(a)].end > clip[size_t(b)].end;
            if (clip[size_t(a)].start != clip[size_t(b)].start)
                return clip[size_t(a)].start > clip[size_t(b)].start;
            return a > b;
        });
    }
    std::vector<size_t> cursor(static_cast<size_t>(n), 0);

    // Start from the root that ends last.
    int root = -1;
    for (int r : trace.roots) {
        if (r < 0 || r >= n || !clip[size_t(r)].kept)
            continue;
        if (root < 0 || clip[size_t(r)].end > clip[size_t(root)].end)
            root = r;
    }
    if (root < 0)
        return;

    int current = root;
    qint64 point = clip[size_t(root)].end;
    for (;;) {
        auto &k = kids[size_t(current)];
        size_t &at = cursor[size_t(current)];
        // Children that end after the point overlap the child we came back from:
        // skipped for good, since the point only moves earlier within this span.
        // Unlike the Jaeger UI (strictly before), a child ending exactly where the
        // next one starts counts: back-to-back calls are both on the path.
        while (at < k.size() && clip[size_t(k[at])].end > point)
            ++at;
        if (at < k.size()) {
            const int child = k[at++];
            trace.spans[current].criticalUs += point - clip[size_t(child)].end;
            current = child;
            point = clip[size_t(child)].end;
            continue;
        }
        trace.spans[current].criticalUs += point - clip[size_t(current)].start;
        if (current == root)
            break;
        point = clip[size_t(current)].start;
        current = trace.spans[current].parent;
    }
}

void analyseTrace(Trace &trace)
{
    const int n = int(trace.spans.size());
    trace.roots.clear();
    trace.errorCount = 0;
    trace.startUs = trace.endUs = 0;
    // A second analysis of the same trace would only repeat its notes.
    QStringList discarded;
    WarningSink warnings(trace.analysed ? discarded : trace.warnings);

    if (trace.traceId.isEmpty() && n > 0)
        trace.traceId = trace.spans.first().traceId;

    QHash<QString, int> byId;
    byId.reserve(n);
    QHash<QString, int> duplicates;
    for (int i = 0; i < n; ++i) {
        Span &s = trace.spans[i];
        s.parent = -1;
        s.children.clear();
        s.depth = 0;
        s.selfUs = 0;
        s.criticalUs = 0;
        s.followsFrom = false;
        // Hand-built traces get the decoder's bounds, so that ends never overflow.
        s.startUs = std::clamp<qint64>(s.startUs, -(qint64(1) << 61), qint64(1) << 61);
        s.durationUs = std::clamp<qint64>(s.durationUs, 0, qint64(1) << 61);
        auto it = byId.constFind(s.spanId);
        if (it == byId.constEnd())
            byId.insert(s.spanId, i);
        else
            ++duplicates[s.spanId];
    }
    for (auto it = duplicates.constBegin(); it != duplicates.constEnd(); ++it)
        warnings.add(QStringLiteral("span ID %1 is used by %2 spans; references go to the first")
                             .arg(it.key())
                             .arg(it.value() + 1));

    for (int i = 0; i < n; ++i) {
        bool ff = false;
        const int p = chooseParent(trace, i, byId, warnings, ff);
        trace.spans[i].parent = p;
        trace.spans[i].followsFrom = p >= 0 && ff;
    }

    // Break cycles: walk up from each span; meeting a span of the same walk closes a
    // cycle, which is cut above its earliest-starting span.
    std::vector<int> stamp(static_cast<size_t>(n), -1);
    for (int i = 0; i < n; ++i) {
        if (stamp[size_t(i)] != -1)
            continue;
        int v = i;
        while (v >= 0 && stamp[size_t(v)] == -1) {
            stamp[size_t(v)] = i;
            v = trace.spans[v].parent;
        }
        if (v < 0 || stamp[size_t(v)] != i)
            continue; // reached a root or an earlier, already acyclic walk
        int cut = v;
        for (int u = trace.spans[v].parent; u != v; u = trace.spans[u].parent) {
            const Span &a = trace.spans[u];
            const Span &b = trace.spans[cut];
            if (a.startUs < b.startUs || (a.startUs == b.startUs && u < cut))
                cut = u;
        }
        Span &cs = trace.spans[cut];
        warnings.add(QStringLiteral("reference from span %1 to span %2 would close a cycle; ignored")
                             .arg(cs.spanId, trace.spans[cs.parent].spanId));
        cs.parent = -1;
        cs.followsFrom = false;
    }

    for (int i = 0; i < n; ++i) {
        const int p = trace.spans[i].parent;
        if (p < 0)
            trace.roots.append(i);
        else
            trace.spans[p].children.append(i);
    }
    const auto byStart = [&trace](int a, int b) {
        const qint64 sa = trace.spans[a].startUs, sb = trace.spans[b].startUs;
        return sa != sb ? sa < sb : a < b;
    };
    std::sort(trace.roots.begin(), trace.roots.end(), byStart);

    qint64 minStart = std::numeric_limits<qint64>::max();
    qint64 maxEnd = std::numeric_limits<qint64>::min();
    for (int i = 0; i < n; ++i) {
        Span &s = trace.spans[i];
        std::sort(s.children.begin(), s.children.end(), byStart);
        minStart = std::min(minStart, s.startUs);
        maxEnd = std::max(maxEnd, endOf(s));
        s.error = isErrorSpan(s);
        if (s.error)
            ++trace.errorCount;

        // Self time: the span minus the union of its children, each clipped to it.
        const qint64 start = s.startUs, end = endOf(s);
        qint64 covered = 0;
        qint64 runStart = 0, runEnd = 0;
        bool inRun = false;
        for (int c : s.children) { // sorted by start
            const qint64 cs = std::max(trace.spans[c].startUs, start);
            const qint64 ce = std::min(endOf(trace.spans[c]), end);
            if (ce <= cs)
                continue;
            if (inRun && cs <= runEnd) {
                runEnd = std::max(runEnd, ce);
            } else {
                if (inRun)
                    covered += runEnd - runStart;
                runStart = cs;
                runEnd = ce;
                inRun = true;
            }
        }
        if (inRun)
            covered += runEnd - runStart;
        s.selfUs = (end - start) - covered;
    }
    if (n > 0) {
        trace.startUs = minStart;
        trace.endUs = maxEnd;
    }

    // Depth, top-down without recursion.
    std::vector<int> queue(trace.roots.cbegin(), trace.roots.cend());
    queue.reserve(size_t(n));
    for (size_t head = 0; head < queue.size(); ++head) {
        const Span &p = trace.spans[queue[head]];
        for (int c : p.children) {
            trace.spans[c].depth = p.depth + 1;
            queue.push_back(c);
        }
    }

    computeCriticalPath(trace);
    trace.analysed = true;
}

TraceSummary summarizeTrace(const Trace &trace)
{
    TraceSummary out;
    out.traceId = trace.traceId;
    out.startUs = trace.startUs;
    out.durationUs = trace.durationUs();
    out.spanCount = int(trace.spans.size());
    out.errorCount = trace.errorCount;
    if (!trace.roots.isEmpty()) {
        const int r = trace.roots.first();
        if (r >= 0 && r < trace.spans.size()) {
            out.rootService = trace.serviceOf(trace.spans[r]);
            out.rootOperation = trace.spans[r].operationName;
        }
    }
    QHash<QString, int> index;
    for (const Span &s : trace.spans) {
        const QString service = trace.serviceOf(s);
        auto it = index.constFind(service);
        if (it == index.constEnd()) {
            index.insert(service, int(out.services.size()));
            out.services.append(qMakePair(service, 1));
        } else {
            ++out.services[it.value()].second;
        }
    }
    return out;
}

namespace {

QString trimmedNumber(double value, int decimals)
{
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

/// "840 µs", "4.2 ms", "912 ms", "1.25 s", "2 min 5 s".
QString humanDuration(qint64 us)
{
    if (us < 1000)
        return QStringLiteral("%1 \u00b5s").arg(us);
    if (us < 10000)
        return QStringLiteral("%1 ms").arg(trimmedNumber(double(us) / 1000.0, 1));
    if (us < 1000000)
        return QStringLiteral("%1 ms").arg(qRound64(double(us) / 1000.0));
    if (us < 60000000)
        return QStringLiteral("%1 s").arg(trimmedNumber(double(us) / 1e6, 2));
    const qint64 seconds = qRound64(double(us) / 1e6);
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

} // namespace

TraceBreakdown breakdownTrace(const Trace &trace, int maxOperations)
{
    TraceBreakdown out;
    if (trace.spans.isEmpty())
        return out;
    const qint64 total = trace.durationUs();
    QHash<QPair<QString, QString>, int> opIndex;
    QHash<QString, int> serviceIndex;
    QList<TraceBreakdown::Entry> ops;
    for (const Span &s : trace.spans) {
        const QString service = trace.serviceOf(s);
        const auto key = qMakePair(service, s.operationName);
        auto it = opIndex.constFind(key);
        if (it == opIndex.constEnd()) {
            TraceBreakdown::Entry e;
            e.service = service;
            e.operation = s.operationName;
            it = opIndex.insert(key, int(ops.size()));
            ops.append(e);
        }
        ops[it.value()].selfUs += s.selfUs;
        ops[it.value()].criticalUs += s.criticalUs;
        ++ops[it.value()].spanCount;

        auto sit = serviceIndex.constFind(service);
        if (sit == serviceIndex.constEnd()) {
            TraceBreakdown::Entry e;
            e.service = service;
            sit = serviceIndex.insert(service, int(out.services.size()));
            out.services.append(e);
        }
        out.services[sit.value()].selfUs += s.selfUs;
        out.services[sit.value()].criticalUs += s.criticalUs;
        ++out.services[sit.value()].spanCount;
    }
    const auto bySelf = [](const TraceBreakdown::Entry &a, const TraceBreakdown::Entry &b) {
        if (a.selfUs != b.selfUs)
            return a.selfUs > b.selfUs;
        if (a.service != b.service)
            return a.service < b.service;
        return a.operation < b.operation;
    };
    std::stable_sort(ops.begin(), ops.end(), bySelf);
    std::stable_sort(out.services.begin(), out.services.end(), bySelf);
    for (TraceBreakdown::Entry &e : ops)
        e.fraction = total > 0 ? std::min(1.0, double(e.selfUs) / double(total)) : 0.0;
    for (TraceBreakdown::Entry &e : out.services)
        e.fraction = total > 0 ? std::min(1.0, double(e.selfUs) / double(total)) : 0.0;
    const auto topIt = std::max_element(ops.cbegin(), ops.cend(), [](const auto &a, const auto &b) {
        return a.criticalUs < b.criticalUs;
    });
    const TraceBreakdown::Entry top = topIt->criticalUs > 0 ? *topIt : ops.first();
    const double topFraction = topIt->criticalUs > 0 && total > 0
            ? std::min(1.0, double(top.criticalUs) / double(total))
            : top.fraction;
    if (maxOperations > 0 && ops.size() > maxOperations)
        ops.resize(maxOperations);
    out.topOperations = ops;

    const QString where = top.service.isEmpty()
            ? top.operation
            : (top.operation.isEmpty() ? top.service : top.service + QLatin1Char(' ') + top.operation);
    out.headline = QStringLiteral("%1% of %2 in %3")
                           .arg(qRound(topFraction * 100.0))
                           .arg(humanDuration(total), where);
    return out;
}
