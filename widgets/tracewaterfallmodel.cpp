#include "tracewaterfallmodel.h"

#include "plaintext.h"
#include "servicecolors.h"

#include <QBrush>

#include <algorithm>

TraceWaterfallModel::TraceWaterfallModel(QObject *parent) : QAbstractItemModel(parent)
{
}

void TraceWaterfallModel::setTrace(const Trace &trace)
{
    beginResetModel();
    m_trace = trace;
    const int n = int(m_trace.spans.size());
    m_childList.clear();
    m_childList.reserve(size_t(n));
    m_parentOf.assign(size_t(n), -1);
    m_depth.assign(size_t(n), 0);
    m_order.clear();
    m_order.reserve(size_t(n));
    m_orderPos.assign(size_t(n), 0);
    m_subtreeEnd.assign(size_t(n), 0);
    m_roots.clear();
    m_match.assign(size_t(n), false);
    m_matches.clear();

    // Iterative depth-first walk (a 100,000-deep chain must not recurse). A span's
    // accepted children are appended contiguously when the span is visited.
    std::vector<bool> seen(size_t(n), false);
    std::vector<int> begin(size_t(n), 0), end(size_t(n), 0);
    std::vector<int> stack;
    auto walkFrom = [&](int root) {
        stack.push_back(root);
        while (!stack.empty()) {
            const int s = stack.back();
            stack.pop_back();
            m_orderPos[size_t(s)] = int(m_order.size());
            m_order.push_back(s);
            begin[size_t(s)] = int(m_childList.size());
            if (m_trace.analysed) {
                for (int c : m_trace.spans.at(s).children) {
                    if (c < 0 || c >= n || seen[size_t(c)])
                        continue;
                    seen[size_t(c)] = true;
                    m_parentOf[size_t(c)] = s;
                    m_depth[size_t(c)] = m_depth[size_t(s)] + 1;
                    m_childList.push_back(c);
                }
            }
            end[size_t(s)] = int(m_childList.size());
            for (int i = end[size_t(s)] - 1; i >= begin[size_t(s)]; --i)
                stack.push_back(m_childList[size_t(i)]);
        }
    };
    auto addRoot = [&](int r) {
        if (r < 0 || r >= n || seen[size_t(r)])
            return;
        seen[size_t(r)] = true;
        m_roots.append(r);
        walkFrom(r);
    };
    if (m_trace.analysed) {
        for (int r : std::as_const(m_trace.roots))
            addRoot(r);
    }
    for (int i = 0; i < n; ++i)
        addRoot(i);
    m_childBegin = std::move(begin);
    m_childEnd = std::move(end);
    // A subtree ends where the next span at its depth or above begins: walk the
    // depth-first order backwards, each span's end is its last child's end.
    for (int pos = n - 1; pos >= 0; --pos) {
        const int s = m_order[size_t(pos)];
        const int c = m_childEnd[size_t(s)];
        m_subtreeEnd[size_t(s)] =
            c > m_childBegin[size_t(s)] ? m_subtreeEnd[size_t(m_childList[size_t(c - 1)])] : pos + 1;
    }

    // Fully expanded: the rows are the depth-first order.
    m_expanded.assign(size_t(n), 1);
    m_collapsedCount = 0;
    m_rows = m_order;
    m_rowOf.assign(size_t(n), -1);
    renumberRows(0);

    m_processColor.clear();
    for (const TraceProcess &p : std::as_const(m_trace.processes))
        m_processColor.append(ServiceColors::forService(p.serviceName));
    endResetModel();

    if (!m_filterText.isEmpty()) {
        const QString text = m_filterText;
        m_filterText.clear();
        setFilterText(text);
    }
}

void TraceWaterfallModel::renumberRows(size_t fromRow)
{
    for (size_t r = fromRow; r < m_rows.size(); ++r)
        m_rowOf[size_t(m_rows[r])] = int(r);
}

int TraceWaterfallModel::childAt(int spanIndex, int row) const
{
    return m_childList[size_t(m_childBegin[size_t(spanIndex)] + row)];
}

int TraceWaterfallModel::parentSpan(int spanIndex) const
{
    return validSpan(spanIndex) ? m_parentOf[size_t(spanIndex)] : -1;
}

int TraceWaterfallModel::childSpanCount(int spanIndex) const
{
    return validSpan(spanIndex) ? m_childEnd[size_t(spanIndex)] - m_childBegin[size_t(spanIndex)] : 0;
}

QList<int> TraceWaterfallModel::childSpans(int spanIndex) const
{
    QList<int> out;
    const int count = childSpanCount(spanIndex);
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out.append(childAt(spanIndex, i));
    return out;
}

int TraceWaterfallModel::depthOf(int spanIndex) const
{
    return validSpan(spanIndex) ? m_depth[size_t(spanIndex)] : 0;
}

bool TraceWaterfallModel::isExpanded(int spanIndex) const
{
    return validSpan(spanIndex) && childSpanCount(spanIndex) > 0 && m_expanded[size_t(spanIndex)];
}

void TraceWaterfallModel::appendVisible(std::vector<int> &rows, int from, int to) const
{
    for (int pos = from; pos < to;) {
        const int s = m_order[size_t(pos)];
        rows.push_back(s);
        pos = m_expanded[size_t(s)] ? pos + 1 : m_subtreeEnd[size_t(s)];
    }
}

bool TraceWaterfallModel::setExpanded(int spanIndex, bool expanded)
{
    if (!validSpan(spanIndex) || childSpanCount(spanIndex) == 0
        || bool(m_expanded[size_t(spanIndex)]) == expanded)
        return false;
    m_expanded[size_t(spanIndex)] = expanded ? 1 : 0;
    m_collapsedCount += expanded ? -1 : 1;
    const int row = m_rowOf[size_t(spanIndex)];
    if (row < 0)
        return true; // hidden under a collapsed ancestor: only the flag changes
    const int pos = m_orderPos[size_t(spanIndex)];
    const int subtreeEnd = m_subtreeEnd[size_t(spanIndex)];
    if (expanded) {
        std::vector<int> added;
        appendVisible(added, pos + 1, subtreeEnd);
        beginInsertRows({}, row + 1, row + int(added.size()));
        m_rows.insert(m_rows.begin() + row + 1, added.cbegin(), added.cend());
        renumberRows(size_t(row) + 1);
        endInsertRows();
    } else {
        // The visible descendants are the rows right below, while inside the subtree.
        int last = row;
        while (size_t(last) + 1 < m_rows.size()
               && m_orderPos[size_t(m_rows[size_t(last) + 1])] < subtreeEnd)
            ++last;
        beginRemoveRows({}, row + 1, last);
        for (int r = row + 1; r <= last; ++r)
            m_rowOf[size_t(m_rows[size_t(r)])] = -1;
        m_rows.erase(m_rows.begin() + row + 1, m_rows.begin() + last + 1);
        renumberRows(size_t(row) + 1);
        endRemoveRows();
    }
    return true;
}

void TraceWaterfallModel::expandAncestors(int spanIndex)
{
    if (!validSpan(spanIndex) || m_rowOf[size_t(spanIndex)] >= 0)
        return;
    for (int p = m_parentOf[size_t(spanIndex)]; p >= 0; p = m_parentOf[size_t(p)]) {
        if (!m_expanded[size_t(p)]) {
            m_expanded[size_t(p)] = 1;
            --m_collapsedCount;
        }
    }
    relayout();
}

void TraceWaterfallModel::showToDepth(int levels)
{
    int collapsed = 0;
    for (size_t s = 0; s < m_expanded.size(); ++s) {
        const bool expand = m_depth[s] < levels - 1;
        m_expanded[s] = expand ? 1 : 0;
        if (!expand && m_childEnd[s] > m_childBegin[s])
            ++collapsed;
    }
    m_collapsedCount = collapsed;
    relayout();
}

void TraceWaterfallModel::relayout()
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> rows;
    rows.reserve(m_order.size());
    appendVisible(rows, 0, int(m_order.size()));
    m_rows = std::move(rows);
    std::fill(m_rowOf.begin(), m_rowOf.end(), -1);
    renumberRows(0);
    // Selection and current row follow their span, or its nearest shown ancestor.
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        int s = int(index.internalId());
        while (s >= 0 && m_rowOf[size_t(s)] < 0)
            s = m_parentOf[size_t(s)];
        to.append(s < 0 ? QModelIndex() : createIndex(m_rowOf[size_t(s)], index.column(), quintptr(s)));
    }
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QModelIndex TraceWaterfallModel::indexForSpan(int spanIndex, int column) const
{
    if (!validSpan(spanIndex) || column < 0 || column >= ColumnCount)
        return {};
    const int row = m_rowOf[size_t(spanIndex)];
    if (row < 0)
        return {};
    return createIndex(row, column, quintptr(spanIndex));
}

int TraceWaterfallModel::spanAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return -1;
    return int(index.internalId());
}

int TraceWaterfallModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int TraceWaterfallModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool TraceWaterfallModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex TraceWaterfallModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || column >= ColumnCount
        || size_t(row) >= m_rows.size())
        return {};
    return createIndex(row, column, quintptr(m_rows[size_t(row)]));
}

QModelIndex TraceWaterfallModel::parent(const QModelIndex &child) const
{
    Q_UNUSED(child)
    return {};
}

Qt::ItemFlags TraceWaterfallModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant TraceWaterfallModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Service & Operation");
    case Timeline:
        return tr("Timeline");
    default:
        return {};
    }
}

QVariant TraceWaterfallModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const int s = int(index.internalId());
    const Span &span = m_trace.spans.at(s);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Name)
            return QStringList{m_trace.serviceOf(span), span.operationName}.join(QLatin1Char(' '));
        return formatTraceDuration(span.durationUs);
    case Qt::ToolTipRole:
        return toolTip(s);
    case Qt::DecorationRole:
        return index.column() == Name ? QVariant(serviceColor(s)) : QVariant();
    case Qt::BackgroundRole:
        // Translucent, so it reads over both the dark and the light palette.
        return m_match[size_t(s)] ? QVariant(QBrush(QColor(0xff, 0xc1, 0x07, 70))) : QVariant();
    case SpanIndexRole:
        return s;
    case SpanIdRole:
        return span.spanId;
    case ServiceRole:
        return m_trace.serviceOf(span);
    case OperationRole:
        return span.operationName;
    case ServiceColorRole:
        return serviceColor(s);
    case StartOffsetRole:
        return span.startUs - m_trace.startUs;
    case DurationRole:
        return span.durationUs;
    case SelfTimeRole:
        return span.selfUs;
    case CriticalRole:
        return span.criticalUs;
    case ErrorRole:
        return span.error;
    case DepthRole:
        return m_depth[size_t(s)];
    case FollowsFromRole:
        return span.followsFrom;
    case MatchRole:
        return bool(m_match[size_t(s)]);
    case HasChildrenRole:
        return childSpanCount(s) > 0;
    case ExpandedRole:
        return isExpanded(s);
    default:
        return {};
    }
}

QString TraceWaterfallModel::toolTip(int spanIndex) const
{
    const Span &span = m_trace.spans.at(spanIndex);
    QStringList lines;
    lines << span.operationName << m_trace.serviceOf(span);
    lines << tr("Start +%1, duration %2, self %3")
                 .arg(formatTraceDuration(span.startUs - m_trace.startUs),
                      formatTraceDuration(span.durationUs), formatTraceDuration(span.selfUs));
    if (span.criticalUs > 0)
        lines << tr("On the critical path: %1").arg(formatTraceDuration(span.criticalUs));
    if (span.error)
        lines << tr("Error");
    return plainToolTip(lines.join(QLatin1Char('\n')));
}

QColor TraceWaterfallModel::serviceColor(int spanIndex) const
{
    if (spanIndex < 0 || spanIndex >= m_trace.spans.size())
        return ServiceColors::forService(QString());
    const int p = m_trace.spans.at(spanIndex).processIndex;
    if (p < 0 || p >= m_processColor.size())
        return ServiceColors::forService(QString());
    return m_processColor.at(p);
}

QList<QPair<qint64, qint64>> TraceWaterfallModel::criticalSegments(int spanIndex) const
{
    QList<QPair<qint64, qint64>> out;
    if (spanIndex < 0 || spanIndex >= m_trace.spans.size())
        return out;
    const Span &span = m_trace.spans.at(spanIndex);
    if (span.criticalUs <= 0)
        return out;
    const qint64 from = span.startUs;
    const qint64 to = span.startUs + span.durationUs;
    // The critical walk descends into critical children; what they do not cover of
    // the span is the span's own share of the path.
    std::vector<QPair<qint64, qint64>> covered;
    for (int r = 0; r < childSpanCount(spanIndex); ++r) {
        const Span &c = m_trace.spans.at(childAt(spanIndex, r));
        if (c.criticalUs <= 0)
            continue;
        const qint64 a = std::max(from, c.startUs);
        const qint64 b = std::min(to, c.startUs + c.durationUs);
        if (a < b)
            covered.emplace_back(a, b);
    }
    std::sort(covered.begin(), covered.end());
    qint64 cursor = from;
    for (const auto &[a, b] : covered) {
        if (a > cursor)
            out.append({cursor - m_trace.startUs, a - m_trace.startUs});
        cursor = std::max(cursor, b);
    }
    if (cursor < to)
        out.append({cursor - m_trace.startUs, to - m_trace.startUs});
    return out;
}

bool TraceWaterfallModel::isMatch(int spanIndex) const
{
    return spanIndex >= 0 && spanIndex < int(m_match.size()) && m_match[size_t(spanIndex)];
}

bool TraceWaterfallModel::spanMatches(const Span &span, const QString &needle) const
{
    auto has = [&needle](const QString &hay) {
        return hay.contains(needle, Qt::CaseInsensitive);
    };
    if (has(span.operationName) || has(m_trace.serviceOf(span)) || has(span.spanId))
        return true;
    for (const TraceKeyValue &kv : span.tags) {
        if (has(kv.key) || has(kv.value))
            return true;
    }
    return false;
}

void TraceWaterfallModel::setFilterText(const QString &text)
{
    const QString needle = text.trimmed();
    if (needle == m_filterText)
        return;
    m_filterText = needle;
    m_matches.clear();
    // One dataChanged over the shown rows whose mark changed.
    int firstRow = -1, lastRow = -1;
    for (int s : m_order) {
        const bool match = !needle.isEmpty() && spanMatches(m_trace.spans.at(s), needle);
        if (match)
            m_matches.append(s);
        if (match == m_match[size_t(s)])
            continue;
        m_match[size_t(s)] = match;
        const int row = m_rowOf[size_t(s)];
        if (row < 0)
            continue;
        firstRow = firstRow < 0 ? row : std::min(firstRow, row);
        lastRow = std::max(lastRow, row);
    }
    if (firstRow >= 0)
        emit dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1),
                         {MatchRole, Qt::BackgroundRole});
}

QString formatTraceDuration(qint64 us)
{
    const bool negative = us < 0;
    const qint64 a = negative ? -us : us;
    QString text;
    if (a < 1000) {
        text = QStringLiteral("%1µs").arg(a);
    } else if (a < 1000000) {
        const double ms = double(a) / 1000.0;
        text = QStringLiteral("%1ms").arg(QString::number(ms, 'f', ms < 10 ? 2 : ms < 100 ? 1 : 0));
    } else if (a < 60000000) {
        const double s = double(a) / 1e6;
        text = QStringLiteral("%1s").arg(QString::number(s, 'f', s < 10 ? 2 : 1));
    } else {
        const qint64 totalS = a / 1000000;
        text = QStringLiteral("%1m %2s").arg(totalS / 60).arg(totalS % 60);
    }
    if (text.contains(QLatin1Char('.'))) {
        // "1.50ms" -> "1.5ms", "2.00s" -> "2s": trailing zeros carry no information.
        qsizetype unit = 0;
        while (unit < text.size() && (text.at(unit).isDigit() || text.at(unit) == QLatin1Char('.')))
            ++unit;
        QString number = text.left(unit);
        while (number.endsWith(QLatin1Char('0')))
            number.chop(1);
        if (number.endsWith(QLatin1Char('.')))
            number.chop(1);
        text = number + text.mid(unit);
    }
    return negative ? QLatin1Char('-') + text : text;
}
