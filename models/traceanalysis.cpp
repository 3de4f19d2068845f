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

/// Span ID -> first span with that ID. Jaeger IDs are lowercase hex strings of up
/// to 16 digits: their key is the parsed 64-bit value plus the digit count, which
/// identifies the string exactly, so a lookup touches no span. Any other ID is
/// hashed and compared as a string. Open addressing over flat arrays: no allocation
/// per span, unlike the QHash<QString, int> this replaces.
class SpanIdIndex
{
public:
    explicit SpanIdIndex(const QList<Span> &spans) : m_spans(spans)
    {
        size_t cap = 16;
        while (cap < size_t(spans.size()) * 2)
            cap <<= 1;
        m_mask = cap - 1;
        m_slots.assign(cap, Slot());
    }

    /// Inserts span `index` under `id` unless the ID is taken; returns false then.
    bool insert(const QString &id, int index)
    {
        const Key k = keyOf(id);
        for (size_t at = slotFor(k.value);; at = (at + 1) & m_mask) {
            Slot &slot = m_slots[at];
            if (slot.index < 0) {
                slot.value = k.value;
                slot.length = k.length;
                slot.index = index;
                return true;
            }
            if (matches(slot, k, id))
                return false;
        }
    }

    int find(const QString &id) const
    {
        const Key k = keyOf(id);
        for (size_t at = slotFor(k.value);; at = (at + 1) & m_mask) {
            const Slot &slot = m_slots[at];
            if (slot.index < 0)
                return -1;
            if (matches(slot, k, id))
                return slot.index;
        }
    }

private:
    struct Key
    {
        quint64 value = 0;
        int length = -1; // hex digits, or -1 for a hashed ID
    };
    struct Slot
    {
        quint64 value = 0;
        int length = -1;
        int index = -1;
    };

    static Key keyOf(const QString &id)
    {
        const qsizetype len = id.size();
        if (len > 0 && len <= 16) {
            quint64 v = 0;
            bool hex = true;
            for (const QChar ch : id) {
                const char16_t c = ch.unicode();
                if (c >= u'0' && c <= u'9') {
                    v = (v << 4) | quint64(c - u'0');
                } else if (c >= u'a' && c <= u'f') {
                    v = (v << 4) | quint64(c - u'a' + 10);
                } else {
                    hex = false;
                    break;
                }
            }
            if (hex) {
                Key k;
                k.value = v;
                k.length = int(len);
                return k;
            }
        }
        Key k;
        k.value = quint64(qHash(id, size_t(0x9e3779b97f4a7c15ULL)));
        return k;
    }

    bool matches(const Slot &slot, const Key &k, const QString &id) const
    {
        if (slot.value != k.value || slot.length != k.length)
            return false;
        return k.length >= 0 || m_spans.at(slot.index).spanId == id;
    }

    size_t slotFor(quint64 value) const
    {
        // Fibonacci hashing spreads sequential and random IDs alike.
        return size_t((value * 0x9e3779b97f4a7c15ULL) >> 20) & m_mask;
    }

    const QList<Span> &m_spans;
    size_t m_mask = 0;
    std::vector<Slot> m_slots;
};

/// The parent a span's references give it, or -1. CHILD_OF before FOLLOWS_FROM;
/// references that cannot be used are noted.
int chooseParent(const Trace &trace, int index, const SpanIdIndex &byId,
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
            const int found = byId.find(ref.spanId);
            if (found < 0) {
                warnings.add(QStringLiteral("span %1 references missing span %2")
                                     .arg(s.spanId, ref.spanId));
                continue;
            }
            followsFrom = pass == 1;
            return found;
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
    Span *const sp = trace.spans.data(); // detached by the loop above

    // The Jaeger UI leaves FOLLOWS_FROM children (and everything under them) off the
    // critical path: they do not hold their parent up.
    std::vector<ClippedSpan> clip(static_cast<size_t>(n));
    std::vector<int> order;
    order.reserve(size_t(n));
    for (int r : trace.roots) {
        if (r < 0 || r >= n)
            continue;
        clip[size_t(r)].start = sp[r].startUs;
        clip[size_t(r)].end = endOf(sp[r]);
        clip[size_t(r)].kept = true;
        order.push_back(r);
    }
    for (size_t head = 0; head < order.size(); ++head) {
        const int p = order[head];
        const ClippedSpan pc = clip[size_t(p)];
        for (int c : sp[p].children) {
            if (c < 0 || c >= n || clip[size_t(c)].kept || sp[c].followsFrom)
                continue;
            const Span &cs = sp[c];
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
    // Stored flat (CSR): span i's are kids[kidBegin[i] .. kidBegin[i + 1]).
    std::vector<int> kidBegin(static_cast<size_t>(n) + 1, 0);
    const auto onPath = [&](int i) {
        const int p = sp[i].parent;
        return p >= 0 && p < n && clip[size_t(p)].kept && i != p;
    };
    for (int i : order) {
        if (onPath(i))
            ++kidBegin[size_t(sp[i].parent) + 1];
    }
    for (size_t i = 0; i < size_t(n); ++i)
        kidBegin[i + 1] += kidBegin[i];
    std::vector<int> kids(static_cast<size_t>(kidBegin[size_t(n)]));
    {
        std::vector<int> fill(kidBegin.cbegin(), kidBegin.cend() - 1);
        for (int i : order) {
            if (onPath(i))
                kids[size_t(fill[size_t(sp[i].parent)]++)] = i;
        }
    }
    for (int i : order) {
        const auto first = kids.begin() + kidBegin[size_t(i)];
        const auto last = kids.begin() + kidBegin[size_t(i) + 1];
        if (last - first < 2)
            continue;
        std::sort(first, last, [&clip](int a, int b) {
            if (clip[size_t(a)].end != clip[size_t(b)].end)
                return clip[size_t(a)].end > clip[size_t(b)].end;
            if (clip[size_t(a)].start != clip[size_t(b)].start)
                return clip[size_t(a)].start > clip[size_t(b)].start;
            return a > b;
        });
    }
    std::vector<int> cursor(kidBegin.cbegin(), kidBegin.cend() - 1);

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
        const int kEnd = kidBegin[size_t(current) + 1];
        int &at = cursor[size_t(current)];
        // Children that end after the point overlap the child we came back from:
        // skipped for good, since the point only moves earlier within this span.
        // Unlike the Jaeger UI (strictly before), a child ending exactly where the
        // next one starts counts: back-to-back calls are both on the path.
        while (at < kEnd && clip[size_t(kids[size_t(at)])].end > point)
            ++at;
        if (at < kEnd) {
            const int child = kids[size_t(at++)];
            sp[current].criticalUs += point - clip[size_t(child)].end;
            current = child;
            point = clip[size_t(child)].end;
            continue;
        }
        sp[current].criticalUs += point - clip[size_t(current)].start;
        if (current == root)
            break;
        point = clip[size_t(current)].start;
        current = sp[current].parent;
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

    const QList<Span> &spans = std::as_const(trace.spans);
    trace.spans.detach(); // once, so the loops below can write through data()
    Span *const sp = trace.spans.data();
    SpanIdIndex byId(spans);
    QHash<QString, int> duplicates;
    for (int i = 0; i < n; ++i) {
        Span &s = sp[i];
        s.parent = -1;
        s.children.clear();
        s.depth = 0;
        s.selfUs = 0;
        s.criticalUs = 0;
        s.followsFrom = false;
        // Hand-built traces get the decoder's bounds, so that ends never overflow.
        s.startUs = std::clamp<qint64>(s.startUs, -(qint64(1) << 61), qint64(1) << 61);
        s.durationUs = std::clamp<qint64>(s.durationUs, 0, qint64(1) << 61);
        if (!byId.insert(s.spanId, i))
            ++duplicates[s.spanId];
    }
    for (auto it = duplicates.constBegin(); it != duplicates.constEnd(); ++it)
        warnings.add(QStringLiteral("span ID %1 is used by %2 spans; references go to the first")
                             .arg(it.key())
                             .arg(it.value() + 1));

    for (int i = 0; i < n; ++i) {
        bool ff = false;
        const int p = chooseParent(trace, i, byId, warnings, ff);
        sp[i].parent = p;
        sp[i].followsFrom = p >= 0 && ff;
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
            v = sp[v].parent;
        }
        if (v < 0 || stamp[size_t(v)] != i)
            continue; // reached a root or an earlier, already acyclic walk
        int cut = v;
        for (int u = sp[v].parent; u != v; u = sp[u].parent) {
            const Span &a = sp[u];
            const Span &b = sp[cut];
            if (a.startUs < b.startUs || (a.startUs == b.startUs && u < cut))
                cut = u;
        }
        Span &cs = sp[cut];
        warnings.add(QStringLiteral("reference from span %1 to span %2 would close a cycle; ignored")
                             .arg(cs.spanId, sp[cs.parent].spanId));
        cs.parent = -1;
        cs.followsFrom = false;
    }

    // Counted first so that each children list is allocated once, at its size.
    {
        std::vector<int> childCount(static_cast<size_t>(n), 0);
        int rootCount = 0;
        for (int i = 0; i < n; ++i) {
            const int p = sp[i].parent;
            if (p < 0)
                ++rootCount;
            else
                ++childCount[size_t(p)];
        }
        trace.roots.reserve(rootCount);
        for (int i = 0; i < n; ++i) {
            if (childCount[size_t(i)] > 0)
                sp[i].children.reserve(childCount[size_t(i)]);
        }
        for (int i = 0; i < n; ++i) {
            const int p = sp[i].parent;
            if (p < 0)
                trace.roots.append(i);
            else
                sp[p].children.append(i);
        }
    }
    const auto byStart = [sp](int a, int b) {
        const qint64 sa = sp[a].startUs, sb = sp[b].startUs;
        return sa != sb ? sa < sb : a < b;
    };
    std::sort(trace.roots.begin(), trace.roots.end(), byStart);

    qint64 minStart = std::numeric_limits<qint64>::max();
    qint64 maxEnd = std::numeric_limits<qint64>::min();
    for (int i = 0; i < n; ++i) {
        Span &s = sp[i];
        if (s.children.size() > 1)
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
            const qint64 cs = std::max(sp[c].startUs, start);
            const qint64 ce = std::min(endOf(sp[c]), end);
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
        const Span &p = sp[queue[head]];
        for (int c : p.children) {
            sp[c].depth = p.depth + 1;
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
