#include "alertfilter.h"

bool LabelMatcher::matches(const Labels &labels) const
{
    const QString v = labels.value(name); // a missing label reads as "", as in Prometheus
    switch (op) {
    case Op::Equal: return v == value;
    case Op::NotEqual: return v != value;
    case Op::Regex: return regex.match(v).hasMatch();
    case Op::NotRegex: return !regex.match(v).hasMatch();
    }
    return false;
}

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

} // namespace

AlertFilter AlertFilter::parse(const QString &input)
{
    AlertFilter f;
    const QString text = input.trimmed();
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto skipSeparators = [&] {
        while (i < n && (text[i].isSpace() || text[i] == QLatin1Char(',') || text[i] == QLatin1Char('{')
                         || text[i] == QLatin1Char('}')))
            ++i;
    };
    while (true) {
        skipSeparators();
        if (i >= n)
            break;
        const qsizetype start = i;
        // A matcher: name, operator, value.
        if (isNameStart(text[i])) {
            qsizetype j = i;
            while (j < n && isNameChar(text[j]))
                ++j;
            qsizetype k = j;
            while (k < n && text[k].isSpace())
                ++k;
            LabelMatcher m;
            int opLen = 0;
            if (text.mid(k, 2) == QLatin1String("=~")) {
                m.op = LabelMatcher::Op::Regex;
                opLen = 2;
            } else if (text.mid(k, 2) == QLatin1String("!~")) {
                m.op = LabelMatcher::Op::NotRegex;
                opLen = 2;
            } else if (text.mid(k, 2) == QLatin1String("!=")) {
                m.op = LabelMatcher::Op::NotEqual;
                opLen = 2;
            } else if (k < n && text[k] == QLatin1Char('=')) {
                m.op = LabelMatcher::Op::Equal;
                opLen = 1;
            }
            if (opLen > 0) {
                m.name = text.mid(i, j - i);
                k += opLen;
                while (k < n && text[k].isSpace())
                    ++k;
                QString value;
                if (k < n && (text[k] == QLatin1Char('"') || text[k] == QLatin1Char('\''))) {
                    const QChar quote = text[k++];
                    bool closed = false;
                    while (k < n) {
                        if (text[k] == QLatin1Char('\\') && k + 1 < n) {
                            value += text[k + 1];
                            k += 2;
                            continue;
                        }
                        if (text[k] == quote) {
                            closed = true;
                            ++k;
                            break;
                        }
                        value += text[k++];
                    }
                    if (!closed) {
                        f.error = QStringLiteral("unterminated quote in matcher %1").arg(m.name);
                        return f;
                    }
                } else {
                    while (k < n && !text[k].isSpace() && text[k] != QLatin1Char(',') && text[k] != QLatin1Char('}'))
                        value += text[k++];
                }
                m.value = value;
                if (m.op == LabelMatcher::Op::Regex || m.op == LabelMatcher::Op::NotRegex) {
                    m.regex = QRegularExpression(QRegularExpression::anchoredPattern(value));
                    if (!m.regex.isValid()) {
                        f.error = QStringLiteral("bad regular expression for %1: %2")
                                      .arg(m.name, m.regex.errorString());
                        return f;
                    }
                }
                f.matchers.append(m);
                i = k;
                continue;
            }
        }
        // A free word.
        qsizetype j = start;
        while (j < n && !text[j].isSpace() && text[j] != QLatin1Char(','))
            ++j;
        f.words.append(text.mid(start, j - start));
        i = j;
    }
    return f;
}

bool AlertFilter::matches(const Alert &alert) const
{
    for (const LabelMatcher &m : matchers) {
        // "state" is not a label, but filtering by it is what people type first.
        if (m.name == QLatin1String("state") && !alert.labels.contains(m.name)) {
            Labels l;
            l.insert(m.name, Alert::stateName(alert.state));
            if (!m.matches(l))
                return false;
            continue;
        }
        if (!m.matches(alert.labels))
            return false;
    }
    for (const QString &w : words) {
        bool found = false;
        auto scan = [&](const Labels &labels) {
            for (auto it = labels.cbegin(); it != labels.cend() && !found; ++it)
                found = it.key().contains(w, Qt::CaseInsensitive) || it.value().contains(w, Qt::CaseInsensitive);
        };
        scan(alert.labels);
        scan(alert.annotations);
        if (!found)
            found = Alert::stateName(alert.state).contains(w, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}
