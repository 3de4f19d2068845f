// Settings > Datasources as a user drives it: add a datasource, fill the form, "Save &
// test" against the real Prometheus, Alertmanager and the Jaeger API (the server's
// version or what failed shown as plain text), validation, the skip-verify warning,
// provisioned entries read-only, and secrets that never appear in a field.
#include "datasourcedialog.h"
#include "faultserver.h"
#include "jaegerdemoserver.h"
#include "prometheusserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtTest>

class TestDatasourceDialog : public QObject
{
    Q_OBJECT
private slots:
    void saveAndTestAgainstPrometheus();
    void closedPortSaysConnectionRefused();
    void alertmanagerAndJaeger();
    void validation_data();
    void validation();
    void skipVerifyShowsWarning();
    void provisionedIsReadOnly();
    void secretsAreNeverShown();
    void removeAndRenameReportKeychainEntries();
};

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    if (!c)
        qWarning("no child %s", name);
    return c;
}

/// Clicks "Save & test" and waits for the outcome.
QString saveAndTest(DatasourceDialog &dialog)
{
    QSignalSpy spy(&dialog, &DatasourceDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "dsSaveTest"), Qt::LeftButton);
    if (spy.isEmpty() && !spy.wait(20000))
        return QStringLiteral("<no result>");
    const QString text = spy.at(0).at(0).toString();
    if (dialog.resultText() != text)
        return QStringLiteral("<label differs: %1>").arg(dialog.resultText());
    return text;
}

void fill(DatasourceDialog &dialog, const QString &name, const QString &type, const QUrl &url)
{
    QLineEdit *n = child<QLineEdit>(dialog, "dsName");
    n->clear();
    QTest::keyClicks(n, name);
    child<QComboBox>(dialog, "dsType")->setCurrentText(type);
    QLineEdit *u = child<QLineEdit>(dialog, "dsUrl");
    u->clear();
    QTest::keyClicks(u, url.toString());
}

Datasource provisioned()
{
    Datasource d;
    d.name = QStringLiteral("Grafana Prom");
    d.uid = QStringLiteral("grafana-prom");
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("http://prom.internal:9090"));
    d.isDefault = true;
    d.environment = QStringLiteral("production");
    d.origin = QStringLiteral("provisioning: /etc/grafana/provisioning/datasources/prom.yml");
    return d;
}

} // namespace

void TestDatasourceDialog::saveAndTestAgainstPrometheus()
{
    PrometheusServer server;
    QString error;
    QVERIFY2(server.start(1, &error), qPrintable(error));
    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {});
    QSignalSpy savedSpy(&dialog, &DatasourceDialog::saved);
    dialog.show();
    QTest::mouseClick(child<QPushButton>(dialog, "dsAdd"), Qt::LeftButton);
    QCOMPARE(dialog.datasources().size(), 1);
    fill(dialog, QStringLiteral("Local Prometheus"), QStringLiteral("prometheus"), server.url());
    child<QCheckBox>(dialog, "dsDefault")->setChecked(true);
    child<QComboBox>(dialog, "dsEnvironment")->setCurrentText(QStringLiteral("dev"));
    QTest::keyClicks(child<QLineEdit>(dialog, "dsQueryParams"),
                     QStringLiteral("dedup=true&partial_response=false"));
    child<QLineEdit>(dialog, "dsTimeout")->setText(QStringLiteral("10s"));
    child<QLineEdit>(dialog, "dsScrapeInterval")->setText(QStringLiteral("30s"));

    const QString result = saveAndTest(dialog);
    QVERIFY2(QRegularExpression(QStringLiteral("^Prometheus \\d+\\.\\d+\\.\\d+\\S* — OK$"))
                 .match(result)
                 .hasMatch(),
             qPrintable(result));

    QCOMPARE(savedSpy.size(), 1);
    const auto list = savedSpy.at(0).at(0).value<QList<Datasource>>();
    QCOMPARE(list.size(), 1);
    const Datasource &d = list.at(0);
    QCOMPARE(d.name, QStringLiteral("Local Prometheus"));
    QCOMPARE(d.uid, QStringLiteral("local-prometheus"));
    QCOMPARE(d.url, server.url());
    QVERIFY(d.isDefault);
    QCOMPARE(d.environment, QStringLiteral("dev"));
    QCOMPARE(d.timeoutMs, 10000);
    QCOMPARE(d.scrapeIntervalSeconds, 30.0);
    QCOMPARE(d.queryParams.size(), 2);
    QCOMPARE(d.queryParams.at(0), std::make_pair(QStringLiteral("dedup"), QStringLiteral("true")));
    QCOMPARE(d.origin, QStringLiteral("settings"));

    // The list shows the name, type, environment and default marker.
    auto *listView = child<QTreeWidget>(dialog, "dsList");
    QCOMPARE(listView->topLevelItemCount(), 1);
    QVERIFY(listView->topLevelItem(0)->text(0).contains(QStringLiteral("Local Prometheus")));
    QCOMPARE(listView->topLevelItem(0)->text(1), QStringLiteral("prometheus"));
    QCOMPARE(listView->topLevelItem(0)->text(2), QStringLiteral("dev"));
    QVERIFY(listView->topLevelItem(0)->text(3).contains(QStringLiteral("default")));
}

void TestDatasourceDialog::closedPortSaysConnectionRefused()
{
    ClosedPort closed;
    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {});
    dialog.addDatasource();
    fill(dialog, QStringLiteral("Down"), QStringLiteral("prometheus"), closed.url());
    const QString result = saveAndTest(dialog);
    QVERIFY2(result.startsWith(QStringLiteral("Test failed: ")), qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("connection refused")), qPrintable(result));
    QCOMPARE(child<QLabel>(dialog, "dsResult")->textFormat(), Qt::PlainText);
}

void TestDatasourceDialog::alertmanagerAndJaeger()
{
    AlertmanagerServer am;
    QString error;
    QVERIFY2(am.start(&error), qPrintable(error));
    JaegerDemoServer jaeger(JaegerDemoServer::Api::V3); // only v3: the v1 path is a 404
    QVERIFY2(jaeger.start(&error), qPrintable(error));
    FaultServer notPrometheus;
    QVERIFY(notPrometheus.listen());
    notPrometheus.setMode(FaultServer::Mode::Html500);

    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {});
    dialog.addDatasource();
    fill(dialog, QStringLiteral("Alerts"), QStringLiteral("alertmanager"), am.url());
    QString result = saveAndTest(dialog);
    QVERIFY2(QRegularExpression(QStringLiteral("^Alertmanager \\d+\\.\\d+\\.\\d+ — OK$"))
                 .match(result)
                 .hasMatch(),
             qPrintable(result));

    dialog.addDatasource();
    fill(dialog, QStringLiteral("Traces"), QStringLiteral("jaeger"), jaeger.url());
    result = saveAndTest(dialog);
    QVERIFY2(QRegularExpression(QStringLiteral("^Jaeger \\(API v3\\) — OK, [1-9]\\d* services$"))
                 .match(result)
                 .hasMatch(),
             qPrintable(result));

    // A server error is shown as what happened, not as success.
    dialog.addDatasource();
    fill(dialog, QStringLiteral("Broken"), QStringLiteral("prometheus"), notPrometheus.url());
    result = saveAndTest(dialog);
    QVERIFY2(result.startsWith(QStringLiteral("Test failed: ")) &&
                 result.contains(QStringLiteral("500")),
             qPrintable(result));
    QCOMPARE(dialog.datasources().size(), 3);
}

void TestDatasourceDialog::validation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("uid");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("timeout");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ftp") << "X"
                         << ""
                         << "ftp://example.com"
                         << ""
                         << "http:// or https://";
    QTest::newRow("no scheme") << "X"
                               << ""
                               << "localhost:9090"
                               << ""
                               << "http:// or https://";
    QTest::newRow("no host") << "X"
                             << ""
                             << "http://"
                             << ""
                             << "http:// or https://";
    QTest::newRow("empty name") << ""
                                << ""
                                << "http://localhost:9090"
                                << ""
                                << "the name is empty";
    QTest::newRow("same name") << "grafana prom"
                               << "other"
                               << "http://localhost:9090"
                               << ""
                               << "another datasource is named";
    QTest::newRow("same uid") << "Other"
                              << "grafana-prom"
                              << "http://localhost:9090"
                              << ""
                              << "another datasource has the uid";
    QTest::newRow("timeout") << "X"
                             << ""
                             << "http://localhost:9090"
                             << "soon"
                             << "the timeout";
}

void TestDatasourceDialog::validation()
{
    QFETCH(QString, name);
    QFETCH(QString, uid);
    QFETCH(QString, url);
    QFETCH(QString, timeout);
    QFETCH(QString, expected);
    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {provisioned()});
    QSignalSpy savedSpy(&dialog, &DatasourceDialog::saved);
    dialog.addDatasource();
    child<QLineEdit>(dialog, "dsName")->setText(name);
    child<QLineEdit>(dialog, "dsUid")->setText(uid);
    child<QLineEdit>(dialog, "dsUrl")->setText(url);
    child<QLineEdit>(dialog, "dsTimeout")->setText(timeout);
    const QString result = saveAndTest(dialog);
    QVERIFY2(result.startsWith(QStringLiteral("Not saved: ")), qPrintable(result));
    QVERIFY2(result.contains(expected), qPrintable(result));
    QCOMPARE(savedSpy.size(), 0);
}

void TestDatasourceDialog::skipVerifyShowsWarning()
{
    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {});
    dialog.show();
    dialog.addDatasource();
    auto *skip = child<QCheckBox>(dialog, "dsSkipVerify");
    auto *warning = child<QLabel>(dialog, "dsSkipVerifyWarning");
    QVERIFY(!warning->isVisibleTo(&dialog));
    QTest::mouseClick(skip, Qt::LeftButton, {}, QPoint(5, skip->height() / 2));
    QVERIFY(skip->isChecked());
    QVERIFY(warning->isVisibleTo(&dialog));
    QVERIFY(warning->text().contains(QStringLiteral("Warning")));
    QVERIFY(warning->styleSheet().contains(QStringLiteral("#c62828"))); // red
    QVERIFY(dialog.datasources().at(0).tlsSkipVerify == false);         // not committed yet
    dialog.selectRow(0);
    skip->setChecked(false);
    QVERIFY(!warning->isVisibleTo(&dialog));
    skip->setChecked(true);
    // Kept when the user moves to another entry and back.
    dialog.addDatasource();
    QVERIFY(!warning->isVisibleTo(&dialog));
    dialog.selectRow(0);
    QVERIFY(dialog.datasources().at(0).tlsSkipVerify);
    QVERIFY(skip->isChecked());
    QVERIFY(warning->isVisibleTo(&dialog));
}

void TestDatasourceDialog::provisionedIsReadOnly()
{
    QNetworkAccessManager nam;
    Datasource mine;
    mine.name = QStringLiteral("Mine");
    mine.uid = QStringLiteral("mine");
    mine.type = QStringLiteral("prometheus");
    mine.url = QUrl(QStringLiteral("http://localhost:9090"));
    mine.origin = QStringLiteral("settings");
    ClosedPort closed;
    Datasource grafana = provisioned();
    grafana.url = closed.url();
    DatasourceDialog dialog(&nam, {grafana, mine});
    QSignalSpy savedSpy(&dialog, &DatasourceDialog::saved);
    dialog.show();
    dialog.selectRow(0);
    auto *listView = child<QTreeWidget>(dialog, "dsList");
    QVERIFY(listView->topLevelItem(0)->text(3).contains(QStringLiteral("provisioned")));
    QVERIFY(!listView->topLevelItem(1)->text(3).contains(QStringLiteral("provisioned")));
    QVERIFY(!child<QWidget>(dialog, "dsForm")->isEnabled());
    QVERIFY(!child<QLineEdit>(dialog, "dsUrl")->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, "dsRemove")->isEnabled());
    auto *note = child<QLabel>(dialog, "dsProvisionedNote");
    QVERIFY(note->isVisibleTo(&dialog));
    QVERIFY2(
        note->text().contains(QStringLiteral("/etc/grafana/provisioning/datasources/prom.yml")),
        qPrintable(note->text()));
    QCOMPARE(note->textFormat(), Qt::PlainText);

    // Remove does nothing to it; Save & test tests without saving.
    dialog.removeDatasource();
    QCOMPARE(dialog.datasources().size(), 2);
    const QString result = saveAndTest(dialog);
    QVERIFY2(result.contains(QStringLiteral("connection refused")), qPrintable(result));
    QCOMPARE(savedSpy.size(), 0);
    QCOMPARE(dialog.datasources().at(0).url, closed.url());

    // A user entry is editable; Duplicate of the provisioned one makes an editable copy.
    dialog.selectRow(1);
    QVERIFY(child<QWidget>(dialog, "dsForm")->isEnabled());
    QVERIFY(!note->isVisibleTo(&dialog));
    dialog.selectRow(0);
    dialog.duplicateDatasource();
    QCOMPARE(dialog.datasources().size(), 3);
    QCOMPARE(dialog.currentRow(), 2);
    QCOMPARE(dialog.datasources().at(2).name, QStringLiteral("Grafana Prom copy"));
    QCOMPARE(dialog.datasources().at(2).origin, QStringLiteral("settings"));
    QVERIFY(!dialog.datasources().at(2).isDefault);
    QVERIFY(child<QWidget>(dialog, "dsForm")->isEnabled());
}

void TestDatasourceDialog::secretsAreNeverShown()
{
    const QString password = QStringLiteral("hunter2-Secret-6502");
    const QString tenant = QStringLiteral("tenant-Secret-6809");
    Datasource d;
    d.name = QStringLiteral("Secured");
    d.uid = QStringLiteral("secured");
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("https://prom.example.com"));
    d.auth = Datasource::Auth::Basic;
    d.basicAuthUser = QStringLiteral("admin");
    d.basicAuthPassword = password;
    d.headers = {{QStringLiteral("X-Scope-OrgID"), tenant}};
    d.origin = QStringLiteral("settings");

    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {d});
    dialog.show();
    auto noFieldShowsASecret = [&](const QString &secret) {
        for (QLineEdit *e : dialog.findChildren<QLineEdit *>())
            if (e->text().contains(secret) || e->displayText().contains(secret))
                return false;
        return true;
    };
    auto *pw = child<QLineEdit>(dialog, "dsPassword");
    QCOMPARE(pw->echoMode(), QLineEdit::Password);
    QVERIFY(pw->text().isEmpty());
    QCOMPARE(pw->placeholderText(), QStringLiteral("stored in keychain"));
    QVERIFY(pw->isVisibleTo(&dialog)); // basic auth: the password row is shown
    auto *headers = child<QTableWidget>(dialog, "dsHeaders");
    QCOMPARE(headers->rowCount(), 1);
    QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("X-Scope-OrgID"));
    auto *headerValue = qobject_cast<QLineEdit *>(headers->cellWidget(0, 1));
    QVERIFY(headerValue);
    QCOMPARE(headerValue->echoMode(), QLineEdit::Password);
    QVERIFY(headerValue->text().isEmpty());
    QCOMPARE(headerValue->placeholderText(), QStringLiteral("stored in keychain"));
    QVERIFY(noFieldShowsASecret(password));
    QVERIFY(noFieldShowsASecret(tenant));

    // Saving with the fields left empty keeps the secrets.
    QSignalSpy savedSpy(&dialog, &DatasourceDialog::saved);
    child<QLineEdit>(dialog, "dsUrl")->setText(QStringLiteral("http://127.0.0.1:1"));
    saveAndTest(dialog);
    QCOMPARE(savedSpy.size(), 1);
    QCOMPARE(dialog.datasources().at(0).basicAuthPassword, password);
    QCOMPARE(dialog.datasources().at(0).headers.at(0).value, tenant);

    // A new password replaces the old one and leaves the field once saved.
    QTest::keyClicks(pw, QStringLiteral("new-Secret-8086"));
    QCOMPARE(pw->displayText().contains(QStringLiteral("new-Secret")), false); // masked while typed
    saveAndTest(dialog);
    QCOMPARE(dialog.datasources().at(0).basicAuthPassword, QStringLiteral("new-Secret-8086"));
    QVERIFY(pw->text().isEmpty());
    QVERIFY(noFieldShowsASecret(QStringLiteral("new-Secret-8086")));

    // Without a keychain the note says so and the placeholder does not claim one.
    dialog.setKeychainNote(QStringLiteral("no keychain: secrets are kept for this session only"));
    QVERIFY(child<QLabel>(dialog, "dsKeychainNote")->isVisibleTo(&dialog));
    QCOMPARE(pw->placeholderText(), QStringLiteral("kept for this session"));

    // Switching to bearer auth drops the password: nothing unused is kept.
    child<QComboBox>(dialog, "dsAuth")->setCurrentIndex(2);
    QVERIFY(!pw->isVisibleTo(&dialog));
    QTest::keyClicks(child<QLineEdit>(dialog, "dsToken"), QStringLiteral("tok-Secret-6510"));
    saveAndTest(dialog);
    QCOMPARE(int(dialog.datasources().at(0).auth), int(Datasource::Auth::Bearer));
    QVERIFY(dialog.datasources().at(0).basicAuthPassword.isEmpty());
    QCOMPARE(dialog.datasources().at(0).bearerToken, QStringLiteral("tok-Secret-6510"));
    QVERIFY(noFieldShowsASecret(QStringLiteral("tok-Secret-6510")));

    // A password typed into the URL moves to the (masked) password, out of the URL.
    child<QComboBox>(dialog, "dsAuth")->setCurrentIndex(0);
    child<QLineEdit>(dialog, "dsUrl")
        ->setText(QStringLiteral("http://bob:url-Secret-1234@127.0.0.1:1"));
    saveAndTest(dialog);
    const Datasource after = dialog.datasources().at(0);
    QCOMPARE(int(after.auth), int(Datasource::Auth::Basic));
    QCOMPARE(after.basicAuthUser, QStringLiteral("bob"));
    QCOMPARE(after.basicAuthPassword, QStringLiteral("url-Secret-1234"));
    QVERIFY(after.url.password().isEmpty());
    QVERIFY(noFieldShowsASecret(QStringLiteral("url-Secret-1234")));
    QVERIFY(!dialog.resultText().contains(QStringLiteral("url-Secret-1234")));
}

void TestDatasourceDialog::removeAndRenameReportKeychainEntries()
{
    Datasource a;
    a.name = QStringLiteral("A");
    a.uid = QStringLiteral("a");
    a.type = QStringLiteral("prometheus");
    a.url = QUrl(QStringLiteral("http://127.0.0.1:1"));
    a.headers = {{QStringLiteral("X-One"), QStringLiteral("1")},
                 {QStringLiteral("X-Two"), QStringLiteral("2")}};
    a.origin = QStringLiteral("settings");
    Datasource b = a;
    b.name = QStringLiteral("B");
    b.uid = QStringLiteral("b");
    QNetworkAccessManager nam;
    DatasourceDialog dialog(&nam, {a, b});

    // Header X-Two removed from A: its keychain value is reported.
    auto *headers = child<QTableWidget>(dialog, "dsHeaders");
    headers->removeRow(1);
    saveAndTest(dialog);
    QCOMPARE(dialog.droppedHeaders(QStringLiteral("a")), QStringList{QStringLiteral("X-Two")});
    QCOMPARE(dialog.datasources().at(0).headers.size(), 1);

    // A's uid changed: the old uid's entries are to be deleted.
    child<QLineEdit>(dialog, "dsUid")->setText(QStringLiteral("a2"));
    saveAndTest(dialog);
    QCOMPARE(dialog.removedDatasources().size(), 1);
    QCOMPARE(dialog.removedDatasources().at(0).uid, QStringLiteral("a"));

    // B removed.
    dialog.selectRow(1);
    QTest::mouseClick(child<QPushButton>(dialog, "dsRemove"), Qt::LeftButton);
    QCOMPARE(dialog.datasources().size(), 1);
    QCOMPARE(dialog.removedDatasources().size(), 2);
    QCOMPARE(dialog.removedDatasources().at(1).uid, QStringLiteral("b"));
}

QTEST_MAIN(TestDatasourceDialog)
#include "tst_datasourcedialog.moc"
