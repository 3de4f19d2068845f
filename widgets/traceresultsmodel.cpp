#include "traceresultsmodel.h"

#include "palette.h"
#include "plaintext.h"
#include "units.h"

#include <QDateTime>

#include <algorithm>

namespace {

QString servicesText(const TraceSummary &s)
{
    QStringList parts;
    parts.reserve(s.services.size());
    for (const auto &svc : s.services)
        parts << QStringLiteral("%1 (%2)").arg(svc.first).arg(svc.second);
    return parts.join(QStringLiteral(", "));
}

QString rootText(const TraceSummary &s)
{
    if (s.rootService.isEmpty() && s.rootOperation.isEmpty())
        return QObject::tr("(no root span)");
    return QStringLiteral("%1: %2").arg(s.rootService, s.rootOperation);
}

} // namespace

TraceResultsModel::TraceResultsModel(QObject *parent) : QAbstractTableModel(parent)
{
}

QString TraceResultsModel::formatDuration(qint64 us)
{
    return formatValue(double(us), QStringLiteral("us"));
}

void TraceResultsModel::setResults(const QList<TraceSummary> &results)
{
    beginResetModel();
    m_rows = results;
    sortRows();
    endResetModel();
}

const TraceSummary *TraceResultsModel::summaryAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int TraceResultsModel::rowOf(const QString &traceId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).traceId == traceId)
            return i;
    }
    return -1;
}

TraceResultsModel::Column TraceResultsModel::orderColumn(Order order)
{
    switch (order) {
    case MostRecent:
        return Start;
    case LongestFirst:
    case ShortestFirst:
        return Duration;
    case MostSpans:
        return Spans;
    case MostErrors:
        return Errors;
    }
    return Start;
}

Qt::SortOrder TraceResultsModel::orderDirection(Order order)
{
    return order == ShortestFirst ? Qt::AscendingOrder : Qt::DescendingOrder;
}

int TraceResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TraceResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceResultsModel::sortValue(const TraceSummary &s, int column) const
{
    switch (column) {
    case Start:
        return s.startUs;
    case Root:
        return rootText(s);
    case Duration:
        return s.durationUs;
    case Spans:
        return s.spanCount;
    case Errors:
        return s.errorCount;
    case Services:
        return int(s.services.size());
    default:
        return {};
    }
}

QVariant TraceResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceSummary &s = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Start:
            return QDateTime::fromMSecsSinceEpoch(s.startUs / 1000)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Root:
            return rootText(s);
        case Duration:
            return formatDuration(s.durationUs);
        case Spans:
            return s.spanCount;
        case Errors:
            return s.errorCount;
        case Services:
            return servicesText(s);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case Root:
            return plainToolTip(tr("%1\nTrace %2").arg(rootText(s), s.traceId));
        case Services:
            return plainToolTip(servicesText(s));
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (column == Errors && s.errorCount > 0)
            return Theme::error;
        return {};
    case Qt::TextAlignmentRole:
        if (column == Duration || column == Spans || column == Errors)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TraceIdRole:
        return s.traceId;
    case SortRole:
        return sortValue(s, column);
    case StartUsRole:
        return s.startUs;
    case DurationUsRole:
        return s.durationUs;
    default:
        return {};
    }
}

QVariant TraceResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Start:
        return tr("Start");
    case Root:
        return tr("Root");
    case Duration:
        return tr("Duration");
    case Spans:
        return tr("Spans");
    case Errors:
        return tr("Errors");
    case Services:
        return tr("Services");
    default:
        return {};
    }
}

void TraceResultsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QStringList ids;
    ids.reserve(before.size());
    for (const QModelIndex &i : before)
        ids << m_rows.at(i.row()).traceId;
    sortRows();
    QModelIndexList after;
    after.reserve(before.size());
    for (int k = 0; k < before.size(); ++k)
        after << index(rowOf(ids.at(k)), before.at(k).column());
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void TraceResultsModel::sortRows()
{
    const int column = m_sortColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    auto key = [column](const TraceSummary &s) -> qint64 {
        switch (column) {
        case Start:
            return s.startUs;
        case Duration:
            return s.durationUs;
        case Spans:
            return s.spanCount;
        case Errors:
            return s.errorCount;
        case Services:
            return s.services.size();
        default:
            return 0;
        }
    };
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [&](const TraceSummary &a, const TraceSummary &b) {
                         if (column == Root) {
                             const int c = QString::localeAwareCompare(rootText(a), rootText(b));
                             if (c != 0)
                                 return descending ? c > 0 : c < 0;
                         } else {
                             const qint64 ka = key(a), kb = key(b);
                             if (ka != kb)
                                 return descending ? ka > kb : ka < kb;
                         }
                         // Equal keys: the most recent trace first, whatever the direction.
                         return a.startUs > b.startUs;
                     });
}
