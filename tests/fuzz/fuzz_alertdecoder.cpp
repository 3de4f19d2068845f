// libFuzzer target: Alertmanager and Prometheus alerting API bodies.
#include "alertdecoder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<Alert> alerts;
    QList<Silence> silences;
    QList<AlertRule> rules;
    QString error;
    AlertDecoder::alertmanagerAlerts(body, &alerts, &error);
    for (const Alert &a : alerts) {
        (void)a.runbook();
        (void)a.generatorExpression();
        (void)a.identity();
        (void)a.displayValue();
    }
    AlertDecoder::alertmanagerGroups(body, &alerts, &error);
    AlertDecoder::silences(body, &silences, &error);
    for (const Silence &s : silences)
        (void)AlertDecoder::silenceToJson(s);
    AlertDecoder::prometheusAlerts(body, &alerts, &error);
    AlertDecoder::prometheusRules(body, &rules, &error);
    return 0;
}
