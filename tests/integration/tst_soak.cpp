// The soak test: a 24-panel dashboard refreshed back to back against the real
// Prometheus, with the server stopped and restarted in the middle. Every cycle must
// complete, the outage must show in the panels and clear after the restart, and
// memory must not grow: resident memory after the run within 10 % of after the first
// tenth of it (LeakSanitizer checks leaks instead in the sanitizer build, where the
// allocator's quarantine makes resident memory meaningless).
// DOZOR_SOAK_CYCLES sets the length (CI: 60; the long run: 2000).
#include "chartpanel.h"
#include "mainwindow.h"
#include "prometheusserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOZOR_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DOZOR_ASAN 1
#endif

class TestSoak : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void refreshCyclesWithAnOutage();

private:
    bool cycle(MainWindow &w, int timeoutMs = 30000);
    QString writeDashboard();
    QTemporaryDir m_dir;
    PrometheusServer m_prom;
};

namespace {

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) / 1024 : -1;
}

} // namespace

void TestSoak::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QString error;
    QVERIFY2(m_prom.start(3, &error), qPrintable(error));
}

QString TestSoak::writeDashboard()
{
    const QStringList exprs = {
        QStringLiteral("sum(rate(http_requests_total[1m])) by (endpoint)"),
        QStringLiteral("histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, endpoint))"),
        QStringLiteral("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) * 100"),
        QStringLiteral("histogram_quantile(0.95, sum(rate(db_query_duration_seconds_bucket[5m])) by (le, database))"),
        QStringLiteral("sum(sessions_active)"),
        QStringLiteral("sum(increase(anticheat_incidents_total[1h])) by (severity)"),
    };
    QJsonArray panels;
    for (int i = 0; i < 24; ++i) {
        QJsonObject target{{QStringLiteral("refId"), QStringLiteral("A")},
                           {QStringLiteral("expr"), exprs[i % exprs.size()]},
                           {QStringLiteral("legendFormat"), QStringLiteral("{{endpoint}}{{database}}{{severity}}")}};
        panels.append(QJsonObject{{QStringLiteral("id"), i + 1},
                                  {QStringLiteral("type"), QStringLiteral("timeseries")},
                                  {QStringLiteral("title"), QStringLiteral("Panel %1").arg(i + 1)},
                                  {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), (i % 4) * 6},
                                                                          {QStringLiteral("y"), (i / 4) * 5},
                                                                          {QStringLiteral("w"), 6},
                                                                          {QStringLiteral("h"), 5}}},
                                  {QStringLiteral("targets"), QJsonArray{target}}});
    }
    const QJsonObject dashboard{{QStringLiteral("title"), QStringLiteral("Soak")},
                                {QStringLiteral("uid"), QStringLiteral("dozor-soak")},
                                {QStringLiteral("time"), QJsonObject{{QStringLiteral("from"), QStringLiteral("now-3h")},
                                                                     {QStringLiteral("to"), QStringLiteral("now")}}},
                                {QStringLiteral("panels"), panels}};
    const QString path = m_dir.filePath(QStringLiteral("soak.json"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(QJsonDocument(dashboard).toJson());
    return path;
}

bool TestSoak::cycle(MainWindow &w, int timeoutMs)
{
    w.refresh();
    QElapsedTimer t;
    t.start();
    // A refresh always ends: every panel answered or failed.
    while (w.queriesInFlight() > 0) {
        if (t.elapsed() > timeoutMs)
            return false;
        QTest::qWait(5);
    }
    return true;
}

void TestSoak::refreshCyclesWithAnOutage()
{
    const int cycles = std::max(40, qEnvironmentVariableIntValue("DOZOR_SOAK_CYCLES") > 0
                                        ? qEnvironmentVariableIntValue("DOZOR_SOAK_CYCLES")
                                        : 60);
    Endpoints e;
    e.prometheus = m_prom.url();
    const ClosedPort noAlertmanager;
    e.alertmanager = noAlertmanager.url();
    MainWindow w(e);
    w.resize(1600, 1000);
    w.show();
    QVERIFY(w.openDashboard(writeDashboard()));
    QCOMPARE(w.dashboard().panels.size(), 24);

    qint64 baseline = -1;
    int failedCycles = 0;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < cycles; ++i) {
        if (i == cycles / 2) {
            // The outage: the server goes away; panels say so; it comes back.
            m_prom.stop();
            QVERIFY(cycle(w));
            int failing = 0;
            for (const Panel &p : w.dashboard().panels)
                failing += w.panelView(p.id)->errorText().contains(QLatin1String("connection refused"));
            QCOMPARE(failing, 24);
            QString error;
            QVERIFY2(m_prom.restart(&error), qPrintable(error));
        }
        if (!cycle(w))
            ++failedCycles;
        // The baseline is taken after the outage has come and gone: the outage itself
        // costs a one-time rise (about 20 MB, then flat over 150 cycles); what must
        // not happen is growth with every refresh.
        if (i == cycles / 2 + cycles / 10) {
            QCoreApplication::processEvents();
            baseline = residentKiB();
        }
    }
    QCOMPARE(failedCycles, 0);
    // After the restart every panel recovered by itself.
    for (const Panel &p : w.dashboard().panels) {
        ChartPanel *view = w.panelView(p.id);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QVERIFY(view->hasData());
    }
    QCoreApplication::processEvents();
    const qint64 end = residentKiB();
    qInfo("%d cycles in %lld ms; resident memory %lld KiB after %d cycles, %lld KiB at the end",
          cycles, total.elapsed(), baseline, cycles / 2 + cycles / 10, end);
#ifndef DOZOR_ASAN
    QVERIFY(baseline > 0 && end > 0);
    QVERIFY2(end <= baseline * 110 / 100,
             qPrintable(QStringLiteral("grew from %1 to %2 KiB").arg(baseline).arg(end)));
#endif
}

QTEST_MAIN(TestSoak)
#include "tst_soak.moc"
