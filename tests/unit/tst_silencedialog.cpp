// The silence dialog before anything reaches Alertmanager: matchers prefilled from
// the alert exactly, the duration read as written, and a form that is not complete
// stays open with the reason instead of being sent.
#include "alertclient.h"
#include "prometheusserver.h"
#include "silencedialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

class TestSilenceDialog : public QObject
{
    Q_OBJECT
private slots:
    void prefilledFromTheAlert();
    void incompleteFormsAreNotSent_data();
    void incompleteFormsAreNotSent();
};

namespace {

Alert sampleAlert()
{
    Alert a;
    a.labels.insert(QStringLiteral("alertname"), QStringLiteral("RedisMemoryHigh"));
    a.labels.insert(QStringLiteral("instance"), QStringLiteral("redis-1:9121"));
    a.labels.insert(QStringLiteral("severity"), QStringLiteral("warning"));
    return a;
}

} // namespace

void TestSilenceDialog::prefilledFromTheAlert()
{
    QNetworkAccessManager nam;
    AlertClient client(&nam);
    const Alert alert = sampleAlert();
    SilenceDialog dialog(&client, &alert);
    dialog.findChild<QComboBox *>(QStringLiteral("silenceDuration"))->setCurrentText(QStringLiteral("2h30m"));
    dialog.findChild<QLineEdit *>(QStringLiteral("silenceAuthor"))->setText(QStringLiteral("anna"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("silenceComment"))->setPlainText(QStringLiteral("  disk swap  "));
    const Silence s = dialog.silence();
    QCOMPARE(s.matchers.size(), 3);
    for (const SilenceMatcher &m : s.matchers) {
        QCOMPARE(m.value, alert.labels.value(m.name)); // every label, exactly
        QVERIFY(m.isEqual);
        QVERIFY(!m.isRegex);
    }
    QCOMPARE(s.startsAt.secsTo(s.endsAt), qint64(2 * 3600 + 30 * 60));
    QCOMPARE(s.createdBy, QStringLiteral("anna"));
    QCOMPARE(s.comment, QStringLiteral("disk swap"));

    // Operators map to Alertmanager's isRegex/isEqual.
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("silenceMatchers"));
    qobject_cast<QComboBox *>(table->cellWidget(1, 1))->setCurrentText(QStringLiteral("!~"));
    const SilenceMatcher m = dialog.silence().matchers.at(1);
    QVERIFY(m.isRegex);
    QVERIFY(!m.isEqual);
}

void TestSilenceDialog::incompleteFormsAreNotSent_data()
{
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("author");
    QTest::addColumn<QString>("comment");
    QTest::addColumn<bool>("clearMatchers");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no comment") << QStringLiteral("1h") << QStringLiteral("anna") << QString() << false
                                << QStringLiteral("Write a comment");
    QTest::newRow("no author") << QStringLiteral("1h") << QString() << QStringLiteral("c") << false
                               << QStringLiteral("who creates");
    QTest::newRow("not a duration") << QStringLiteral("soon") << QStringLiteral("anna") << QStringLiteral("c") << false
                                    << QStringLiteral("\"soon\" is not a duration");
    QTest::newRow("no matchers") << QStringLiteral("1h") << QStringLiteral("anna") << QStringLiteral("c") << true
                                 << QStringLiteral("at least one matcher");
}

void TestSilenceDialog::incompleteFormsAreNotSent()
{
    QFETCH(QString, duration);
    QFETCH(QString, author);
    QFETCH(QString, comment);
    QFETCH(bool, clearMatchers);
    QFETCH(QString, reason);
    // Were anything sent, it would fail with "connection refused" instead.
    const ClosedPort closed;
    QNetworkAccessManager nam;
    AlertClient client(&nam);
    client.setAlertmanagerUrl(closed.url());
    const Alert alert = sampleAlert();
    SilenceDialog dialog(&client, &alert);
    dialog.findChild<QComboBox *>(QStringLiteral("silenceDuration"))->setCurrentText(duration);
    dialog.findChild<QLineEdit *>(QStringLiteral("silenceAuthor"))->setText(author);
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("silenceComment"))->setPlainText(comment);
    if (clearMatchers)
        dialog.findChild<QTableWidget *>(QStringLiteral("silenceMatchers"))->setRowCount(0);
    QSignalSpy created(&dialog, &SilenceDialog::created);
    dialog.submit();
    QTest::qWait(300);
    QVERIFY2(dialog.errorText().contains(reason), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.errorText().contains(QLatin1String("connection refused")));
    QCOMPARE(created.size(), 0);
    // What the user typed is still there.
    QCOMPARE(dialog.findChild<QPlainTextEdit *>(QStringLiteral("silenceComment"))->toPlainText(), comment);
}

QTEST_MAIN(TestSilenceDialog)
#include "tst_silencedialog.moc"
