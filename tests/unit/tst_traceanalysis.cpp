#include "trace.h"
#include <QTest>
class TestTraceAnalysis : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QVERIFY(true); }
};
QTEST_GUILESS_MAIN(TestTraceAnalysis)
#include "tst_traceanalysis.moc"
