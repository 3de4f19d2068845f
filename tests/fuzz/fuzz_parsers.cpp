// libFuzzer target: the small parsers that read user and server text - durations,
// time expressions, alert filters, rule thresholds, runbook references, legends.
#include "alertfilter.h"
#include "alertoverlay.h"
#include "legendformat.h"
#include "runbooks.h"
#include "timerange.h"
#include "units.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1764000000000LL, Qt::UTC);

    if (const auto ms = parseDurationMs(text); ms && *ms < 0)
        __builtin_trap(); // durations never wrap negative
    (void)parseTimeExpression(text, now);
    (void)parseTimeExpression(text, now, true);
    (void)TimeRange{text, QStringLiteral("now")}.resolve(now);
    (void)TimeRange{text, text}.displayText();

    const AlertFilter filter = AlertFilter::parse(text);
    Alert alert;
    alert.labels.insert(QStringLiteral("alertname"), text);
    alert.annotations.insert(QStringLiteral("runbook_url"), text);
    (void)filter.matches(alert);
    (void)alert.runbook();

    AlertRule rule;
    rule.query = text;
    rule.type = QStringLiteral("alerting");
    (void)ruleThreshold(rule);
    (void)normalizedPromQL(text);

    const RunbookLibrary library({QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/runbooks")});
    const LinkTarget target = library.resolve(text);
    if (target.kind == LinkTarget::Kind::Web && !isWebUrl(target.url))
        __builtin_trap(); // only http(s) ever reaches a browser

    Labels labels;
    labels.insert(QStringLiteral("job"), text);
    (void)formatLegend(text, labels);
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (ok)
        (void)formatValue(v, QStringLiteral("bytes"));
    return 0;
}
