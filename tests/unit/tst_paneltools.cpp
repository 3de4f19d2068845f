// Panel tools (issue #7): what a user relies on when reading a panel - the inspector
// shows what was really sent and received, Copy PromQL and Open in Prometheus carry
// the expressions as sent, `v` and Esc toggle the panel view, a spinner says a panel
// is loading and stops when it is not, and the panel search finds and reveals a panel.
// A RecordingServer plays Prometheus.
#include "dashboardpage.h"
#include "dashboardqueries.h"
#include "dashboardview.h"
#include "inspectordatamodel.h"
#include "loadingspinner.h"
#include "panelfinder.h"
#include "panelinspector.h"
#include "panelwidget.h"
#include "prometheusclient.h"
#include "recordingserver.h"
#include "shortcutsdialog.h"
#include "urlcatcher.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QUrlQuery>
#include <QtTest>

#include <cmath>

class TestPanelTools : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<PanelData>(); }
    void inspectorShowsTheQueryAsSent();
    void inspectorDataTableEqualsTheSeries();
    void inspectorJsonHasTheRawResponseAndPanelJson();
    void inspectorShowsHostileTextLiterally();
    void largeResponseIsCappedAndTruncatedWithANote();
    void recordCapIsSharedByThePanelsQueries();
    void instantQueriesShowSeriesRows();
    void copyPromqlPutsTheExpressionsOnTheClipboard();
    void openInPrometheusOpensTheGraphUrl_data();
    void openInPrometheusOpensTheGraphUrl();
    void vTogglesThePanelViewAndEscReturns();
    void vDoesNothingWithoutAPanel();
    void spinnerRunsWhileLoadingOnly();
    void findPanelFiltersAndEnterRevealsIt();
    void shortcutsDialogListsTheWindowsKeys();
};

namespace {

constexpr qint64 kT0 = 1'700'000'000; // seconds

// Two series with 4 points each on the same timestamps, the second with a gap and a
// hostile label; values need all their digits.
QByteArray rangeAnswer()
{
    return QStringLiteral(
               R"({"status":"success","data":{"resultType":"matrix","result":[)"
               R"({"metric":{"instance":"a:9100","job":"api"},"values":[[%1,"0.125"],[%2,"1.5"],[%3,"2.0000000001"],[%4,"3"]]},)"
               R"({"metric":{"instance":"<b>x</b>","job":"api"},"values":[[%1,"10"],[%2,"11"],[%4,"13.25"]]}]}})")
        .arg(kT0)
        .arg(kT0 + 15)
        .arg(kT0 + 30)
        .arg(kT0 + 45)
        .toUtf8();
}

Panel panelWith(int id, const QString &title, const QList<Target> &targets)
{
    Panel p;
    p.id = id;
    p.type = QStringLiteral("timeseries");
    p.title = title;
    p.gridPos = GridPos{0, (id - 1) * 8, 12, 8};
    p.targets = targets;
    QJsonArray rawTargets;
    for (const Target &t : targets)
        rawTargets.append(
            QJsonObject{{QStringLiteral("refId"), t.refId}, {QStringLiteral("expr"), t.expr}});
    p.raw = QJsonObject{{QStringLiteral("id"), id},
                        {QStringLiteral("type"), p.type},
                        {QStringLiteral("title"), title},
                        {QStringLiteral("targets"), rawTargets}};
    return p;
}

Target target(const QString &refId, const QString &expr,
              const QString &legend = QStringLiteral("{{instance}}"))
{
    Target t;
    t.refId = refId;
    t.expr = expr;
    t.legendFormat = legend;
    return t;
}

Variable jobVariable()
{
    Variable v;
    v.name = QStringLiteral("job");
    v.type = QStringLiteral("custom");
    v.query = QStringLiteral("api,web");
    v.current = {QStringLiteral("api")};
    v.options = {VariableOption{QStringLiteral("api"), QStringLiteral("api")},
                 VariableOption{QStringLiteral("web"), QStringLiteral("web")}};
    return v;
}

Dashboard dashboardWith(const QList<Panel> &panels)
{
    Dashboard d;
    d.title = QStringLiteral("Panel tools");
    d.timeFrom = QStringLiteral("now-1h");
    d.timeTo = QStringLiteral("now");
    d.variables = {jobVariable()};
    d.panels = panels;
    return d;
}

/// A page on a RecordingServer, its panels queried once.
struct Fixture
{
    RecordingServer server;
    QNetworkAccessManager nam;
    PrometheusClient client{&nam};
    DashboardPage page{&client};

    bool start(const Dashboard &d, const QByteArray &answer, const QString &prefix = QString(),
               const QString &userInfo = QString())
    {
        if (!server.listen())
            return false;
        server.setRoute(prefix.toUtf8() + "/api/v1/query_range", 200, answer);
        server.setRoute(prefix.toUtf8() + "/api/v1/query", 200, answer);
        QUrl base = server.url();
        base.setPath(prefix);
        base.setUserInfo(userInfo);
        client.setBaseUrl(base);
        QSignalSpy finished(&page, &DashboardPage::panelFinished);
        QString error;
        if (!page.setDashboard(d, QString(), {}, &error))
            return false;
        page.resize(1200, 800);
        int expected = 0;
        for (const Panel &p : d.panels)
            expected += p.targets.isEmpty() || p.rowIndex >= 0 ? 0 : 1;
        while (finished.size() < expected)
            if (!finished.wait(5000))
                return false;
        return true;
    }
};

/// The JSON tab's text once formatting (off the UI thread) is done; a marker on timeout.
QString jsonShown(PanelInspector *inspector)
{
    QDeadlineTimer deadline(5000);
    while (inspector->isFormatting() && !deadline.hasExpired())
        QTest::qWait(10);
    return inspector->isFormatting() ? QStringLiteral("<still formatting>")
                                     : inspector->jsonText()->toPlainText();
}

} // namespace

void TestPanelTools::inspectorShowsTheQueryAsSent()
{
    Fixture f;
    const Dashboard d = dashboardWith({panelWith(
        1, QStringLiteral("Requests"),
        {target(QStringLiteral("A"),
                QStringLiteral(
                    "sum by (instance) (rate(http_requests_total{job=\"$job\"}[5m])) + 0"))})});
    QVERIFY(f.start(d, rangeAnswer(), QStringLiteral("/prom"), QStringLiteral("alice:s3cret")));

    PanelInspector *inspector = f.page.inspectPanel(1);
    QVERIFY(inspector);
    QVERIFY(!inspector->isModal());
    QCOMPARE(inspector->tabs()->tabText(0), QStringLiteral("Query"));
    const QString expected =
        QStringLiteral("sum by (instance) (rate(http_requests_total{job=\"api\"}[5m])) + 0");
    const QString text = inspector->queryText()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Expression: ") + expected), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("$job")));
    QVERIFY2(text.contains(QStringLiteral("HTTP 200")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Step: ")));
    QVERIFY(!text.contains(QStringLiteral("s3cret")));
    QVERIFY(!text.contains(QStringLiteral("alice")));

    // The URL shown is the request the server received, as a GET.
    const PanelRunRecord *run = f.page.queries()->lastRun(1);
    QVERIFY(run);
    QCOMPARE(run->queries.size(), size_t(1));
    QVERIFY(run->durationMs >= 0);
    const QUrl url = run->queries[0].url;
    QVERIFY(text.contains(url.toString()));
    QCOMPARE(url.path(), QStringLiteral("/prom/api/v1/query_range"));
    QVERIFY(url.userInfo().isEmpty());
    const QUrlQuery shown(url);
    QCOMPARE(shown.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), expected);
    const RecordingServer::Request sent = f.server.requests().constLast();
    QCOMPARE(sent.param(QStringLiteral("query")), expected); // '+' survived both ways
    QCOMPARE(shown.queryItemValue(QStringLiteral("start")), sent.param(QStringLiteral("start")));
    QCOMPARE(shown.queryItemValue(QStringLiteral("end")), sent.param(QStringLiteral("end")));
    QCOMPARE(shown.queryItemValue(QStringLiteral("step")), sent.param(QStringLiteral("step")));
    QVERIFY(inspector->findChild<QLabel *>(QStringLiteral("inspectorSummary"))
                ->text()
                .contains(QStringLiteral("OK")));

    // Opened again: the same window, brought forward.
    QCOMPARE(f.page.inspectPanel(1), inspector);
    QVERIFY(!f.page.inspectPanel(99));
}

void TestPanelTools::inspectorDataTableEqualsTheSeries()
{
    Fixture f;
    const Dashboard d = dashboardWith(
        {panelWith(1, QStringLiteral("Requests"),
                   {target(QStringLiteral("A"), QStringLiteral("rate(x{job=\"$job\"}[5m])"))})});
    QVERIFY(f.start(d, rangeAnswer()));
    PanelInspector *inspector = f.page.inspectPanel(1);
    const PanelData &data = f.page.panelWidget(1)->data();
    QCOMPARE(data.series.size(), size_t(2));
    InspectorDataModel *model = inspector->dataModel();
    QCOMPARE(inspector->dataView()->model(), model);
    QCOMPARE(model->layout(), InspectorDataModel::Layout::JoinedByTime);
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->rowCount(), 4); // the union of the timestamps
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time"));
    for (int c = 1; c < 3; ++c) {
        const PanelSeries &s = data.series[size_t(c - 1)];
        QCOMPARE(model->headerData(c, Qt::Horizontal).toString(), s.name);
        int matched = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            const double t = model->index(r, 0).data(InspectorDataModel::ValueRole).toDouble();
            const QVariant cell = model->index(r, c).data(InspectorDataModel::ValueRole);
            const auto it = std::find(s.timestampsMs.cbegin(), s.timestampsMs.cend(), t);
            if (it == s.timestampsMs.cend()) {
                QVERIFY(!cell.isValid()); // a gap stays empty, never 0
                QVERIFY(model->index(r, c).data().toString().isEmpty());
                continue;
            }
            QCOMPARE(cell.toDouble(), s.values[size_t(it - s.timestampsMs.cbegin())]);
            QCOMPARE(model->index(r, c).data().toString().toDouble(), cell.toDouble());
            ++matched;
        }
        QCOMPARE(matched, int(s.values.size()));
    }
    QCOMPARE(model->index(2, 1).data().toString(), QStringLiteral("2.0000000001"));
    QCOMPARE(model->index(0, 0).data(InspectorDataModel::ValueRole).toDouble(), double(kT0) * 1000);
    QVERIFY(inspector->findChild<QLabel *>(QStringLiteral("inspectorDataNote"))
                ->text()
                .contains(QStringLiteral("2 series")));
}

void TestPanelTools::inspectorJsonHasTheRawResponseAndPanelJson()
{
    Fixture f;
    const Dashboard d = dashboardWith(
        {panelWith(1, QStringLiteral("Requests"),
                   {target(QStringLiteral("A"), QStringLiteral("rate(x{job=\"$job\"}[5m])"))})});
    QVERIFY(f.start(d, rangeAnswer()));
    PanelInspector *inspector = f.page.inspectPanel(1);
    QCOMPARE(inspector->tabs()->tabText(2), QStringLiteral("JSON"));
    QCOMPARE(inspector->jsonChoice()->count(), 2);
    QCOMPARE(inspector->jsonChoice()->itemText(0), QStringLiteral("Response A"));
    QVERIFY(inspector->jsonText()->isReadOnly());
    const QString json = jsonShown(inspector);
    // Pretty-printed: the same document as the server's bytes, indented.
    QCOMPARE(QJsonDocument::fromJson(json.toUtf8()), QJsonDocument::fromJson(rangeAnswer()));
    QVERIFY(json.contains(QStringLiteral("\n    ")));
    QVERIFY(json.contains(QStringLiteral("\"2.0000000001\"")));
    QCOMPARE(f.page.queries()->lastRun(1)->queries[0].response(), rangeAnswer());

    inspector->jsonChoice()->setCurrentIndex(1);
    const QString panelJson = jsonShown(inspector);
    const QJsonObject panel = QJsonDocument::fromJson(panelJson.toUtf8()).object();
    QCOMPARE(panel.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(panel.value(QStringLiteral("title")).toString(), QStringLiteral("Requests"));
    // The panel's JSON as saved: the expression as written, variables and all.
    QVERIFY(panelJson.contains(QStringLiteral("rate(x{job=\\\"$job\\\"}[5m])")));

    // The next refresh updates the open inspector and keeps the choice.
    const QByteArray second = QByteArray(rangeAnswer()).replace("13.25", "99.5");
    f.server.setRoute("/api/v1/query_range", 200, second);
    QSignalSpy finished(&f.page, &DashboardPage::panelFinished);
    f.page.refreshPanel(1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(inspector->jsonChoice()->currentIndex(), 1);
    inspector->jsonChoice()->setCurrentIndex(0);
    QVERIFY(jsonShown(inspector).contains(QStringLiteral("\"99.5\"")));
}

void TestPanelTools::inspectorShowsHostileTextLiterally()
{
    Fixture f;
    const QString hostile = QStringLiteral("<b>x</b>");
    Dashboard d =
        dashboardWith({panelWith(1, hostile, {target(QStringLiteral("A"), QStringLiteral("up"))})});
    // An error whose message carries markup, and series named by markup.
    QVERIFY(f.start(d, rangeAnswer()));
    PanelInspector *inspector = f.page.inspectPanel(1);
    QVERIFY(inspector->windowTitle().contains(hostile));
    const QAbstractItemModel *model = inspector->dataModel();
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), hostile);
    QVERIFY(jsonShown(inspector).contains(QStringLiteral("\"instance\": \"<b>x</b>\"")));

    f.server.setRoute(
        "/api/v1/query_range", 400,
        R"({"status":"error","errorType":"bad_data","error":"parse error near <b>x</b>"})");
    QSignalSpy finished(&f.page, &DashboardPage::panelFinished);
    f.page.refreshPanel(1);
    QVERIFY(finished.wait(5000));
    const auto *note = inspector->findChild<QLabel *>(QStringLiteral("inspectorDataNote"));
    QCOMPARE(note->textFormat(), Qt::PlainText);
    QVERIFY2(note->text().contains(QStringLiteral("parse error near <b>x</b>")),
             qPrintable(note->text()));
    const auto *summary = inspector->findChild<QLabel *>(QStringLiteral("inspectorSummary"));
    QCOMPARE(summary->textFormat(), Qt::PlainText);
    const QString query = inspector->queryText()->toPlainText();
    QVERIFY2(query.contains(QStringLiteral("HTTP 400")), qPrintable(query));
    QVERIFY(query.contains(QStringLiteral("<b>x</b>")));
    QVERIFY(jsonShown(inspector).contains(QStringLiteral("parse error near <b>x</b>")));
    QCOMPARE(inspector->findChild<QLabel *>(QStringLiteral("inspectorJsonNote"))->textFormat(),
             Qt::PlainText);
}

void TestPanelTools::largeResponseIsCappedAndTruncatedWithANote()
{
    Fixture f;
    // 3 MB: a valid answer with a long string the decoder does not need.
    const QByteArray big = R"({"status":"success","padding":")" + QByteArray(3 * 1024 * 1024, 'a') +
                           R"(","data":{"resultType":"matrix","result":[]}})";
    const Dashboard d = dashboardWith(
        {panelWith(1, QStringLiteral("Big"), {target(QStringLiteral("A"), QStringLiteral("up"))})});
    QVERIFY(f.start(d, big));
    const PanelRunRecord *run = f.page.queries()->lastRun(1);
    QCOMPARE(run->queries[0].responseSize, DashboardQueries::kMaxRecordedResponseBytes);
    QVERIFY(run->queries[0].responseTruncated);
    // Kept deflated: the record of a dashboard's answers costs a fraction of their text.
    QVERIFY2(run->queries[0].deflatedResponse.capacity() < DashboardQueries::kMaxRecordedResponseBytes / 20,
             QByteArray::number(run->queries[0].deflatedResponse.capacity()).constData());
    QVERIFY(run->queries[0].error.isEmpty());
    PanelInspector *inspector = f.page.inspectPanel(1);
    const QString shown = jsonShown(inspector);
    // What was kept is shown as it came (cut JSON is not reformatted).
    QCOMPARE(shown.size(), int(DashboardQueries::kMaxRecordedResponseBytes));
    QVERIFY(shown.startsWith(QStringLiteral(R"({"status":"success","padding":"aaa)")));
    const auto *note = inspector->findChild<QLabel *>(QStringLiteral("inspectorJsonNote"));
    QVERIFY(!note->isHidden());
    QVERIFY2(note->text().contains(QStringLiteral("256 KB")), qPrintable(note->text()));
}

// The cap holds per panel, over all its queries: the records are made with the
// decode on the pool, and the first answer back takes the room.
void TestPanelTools::recordCapIsSharedByThePanelsQueries()
{
    Fixture f;
    const QByteArray big = R"({"status":"success","padding":")" + QByteArray(1024 * 1024, 'b') +
                           R"(","data":{"resultType":"matrix","result":[]}})";
    const Dashboard d = dashboardWith({panelWith(1, QStringLiteral("Two"),
                                                 {target(QStringLiteral("A"), QStringLiteral("up")),
                                                  target(QStringLiteral("B"), QStringLiteral("down"))})});
    QVERIFY(f.start(d, big));
    const PanelRunRecord *run = f.page.queries()->lastRun(1);
    QVERIFY(run);
    QCOMPARE(run->queries.size(), size_t(2));
    qint64 kept = 0;
    for (const PanelQueryRecord &q : run->queries) {
        QVERIFY(q.finished);
        QVERIFY(q.responseTruncated);
        QCOMPARE(q.response().size(), qsizetype(q.responseSize));
        QVERIFY(big.startsWith(q.response()));
        kept += q.responseSize;
    }
    QCOMPARE(kept, DashboardQueries::kMaxRecordedResponseBytes);
}

void TestPanelTools::instantQueriesShowSeriesRows()
{
    Fixture f;
    Target t = target(QStringLiteral("A"), QStringLiteral("up{job=\"$job\"}"));
    t.instant = true;
    const QByteArray answer =
        QStringLiteral(
            R"({"status":"success","data":{"resultType":"vector","result":[)"
            R"({"metric":{"__name__":"up","instance":"a:9100","job":"api"},"value":[%1,"1"]},)"
            R"({"metric":{"__name__":"up","instance":"b:9100","job":"api"},"value":[%1,"0"]}]}})")
            .arg(kT0)
            .toUtf8();
    QVERIFY(f.start(dashboardWith({panelWith(1, QStringLiteral("Up"), {t})}), answer));
    PanelInspector *inspector = f.page.inspectPanel(1);
    const InspectorDataModel *m = inspector->dataModel();
    QCOMPARE(m->layout(), InspectorDataModel::Layout::SeriesRows);
    QCOMPARE(m->rowCount(), 2);
    QStringList headers;
    for (int c = 0; c < m->columnCount(); ++c)
        headers << m->headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, (QStringList{QStringLiteral("Series"), QStringLiteral("__name__"),
                                   QStringLiteral("instance"), QStringLiteral("job"),
                                   QStringLiteral("Time"), QStringLiteral("Value")}));
    QCOMPARE(m->index(1, 2).data().toString(), QStringLiteral("b:9100"));
    QCOMPARE(m->index(0, 5).data(InspectorDataModel::ValueRole).toDouble(), 1.0);
    QCOMPARE(m->index(1, 5).data(InspectorDataModel::ValueRole).toDouble(), 0.0);
    QVERIFY(inspector->queryText()->toPlainText().contains(QStringLiteral("/api/v1/query?query=")));
}

void TestPanelTools::copyPromqlPutsTheExpressionsOnTheClipboard()
{
    Fixture f;
    Target hidden = target(QStringLiteral("C"), QStringLiteral("hidden_metric"));
    hidden.hide = true;
    const Dashboard d = dashboardWith({panelWith(
        1, QStringLiteral("Two"),
        {target(QStringLiteral("A"), QStringLiteral("rate(a{job=\"$job\"}[$__rate_interval])")),
         hidden, target(QStringLiteral("B"), QStringLiteral("b{job=~\"$job\"} + 1"))})});
    QVERIFY(f.start(d, rangeAnswer()));
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    // Through the panel's menu, as a user does.
    emit f.page.view()->panelMenuRequested(1, QPoint(10, 10));
    auto *menu = f.page.findChild<QMenu *>(QStringLiteral("panelMenu"));
    QVERIFY(menu);
    QAction *copy = menu->findChild<QAction *>(QStringLiteral("copyPromql"));
    QVERIFY(copy);
    copy->trigger();
    menu->close();
    const QStringList lines = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith(QStringLiteral("rate(a{job=\"api\"}[")), qPrintable(lines[0]));
    QVERIFY(!lines[0].contains(QLatin1Char('$')));
    QCOMPARE(lines[1], QStringLiteral("b{job=~\"api\"} + 1"));
    // Exactly what went to the server.
    QStringList sent;
    for (const RecordingServer::Request &r : f.server.requests())
        sent << r.param(QStringLiteral("query"));
    QVERIFY(sent.contains(lines[0]));
    QVERIFY(sent.contains(lines[1]));
}

void TestPanelTools::openInPrometheusOpensTheGraphUrl_data()
{
    QTest::addColumn<bool>("absolute");
    QTest::newRow("last hour") << false;
    QTest::newRow("absolute 2h") << true;
}

void TestPanelTools::openInPrometheusOpensTheGraphUrl()
{
    QFETCH(bool, absolute);
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &catcher, "handle");
    const auto restore =
        qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("http")); });
    Fixture f;
    const Dashboard d = dashboardWith({panelWith(
        1, QStringLiteral("Two"),
        {target(QStringLiteral("A"), QStringLiteral("sum(rate(a{job=\"$job\"}[5m])) + 1")),
         target(QStringLiteral("B"), QStringLiteral("b{job=\"$job\"} & c"))})});
    QVERIFY(f.start(d, rangeAnswer(), QStringLiteral("/prom"), QStringLiteral("alice:s3cret")));
    const QDateTime end = QDateTime(QDate(2026, 3, 1), QTime(12, 30, 0), Qt::UTC);
    if (absolute) {
        QSignalSpy finished(&f.page, &DashboardPage::panelFinished);
        f.page.setRange(TimeRange::absolute(end.addSecs(-7200), end));
        f.page.refresh();
        QVERIFY(finished.wait(5000));
    }

    emit f.page.view()->panelMenuRequested(1, QPoint(10, 10));
    auto *menu = f.page.findChild<QMenu *>(QStringLiteral("panelMenu"));
    QVERIFY(menu);
    QAction *open = menu->findChild<QAction *>(QStringLiteral("openInPrometheus"));
    QVERIFY(open && open->isEnabled());
    open->trigger();
    menu->close();
    QCOMPARE(catcher.urls.size(), 1);
    const QUrl url = catcher.urls.first();
    QCOMPARE(url.scheme(), QStringLiteral("http"));
    QCOMPARE(url.host(), f.server.url().host());
    QCOMPARE(url.port(), f.server.url().port());
    QCOMPARE(url.path(), QStringLiteral("/prom/graph"));
    QVERIFY(url.userInfo().isEmpty());
    QVERIFY(!url.toString().contains(QStringLiteral("s3cret")));
    const QUrlQuery q(url);
    QCOMPARE(q.queryItemValue(QStringLiteral("g0.expr"), QUrl::FullyDecoded),
             QStringLiteral("sum(rate(a{job=\"api\"}[5m])) + 1"));
    QCOMPARE(q.queryItemValue(QStringLiteral("g1.expr"), QUrl::FullyDecoded),
             QStringLiteral("b{job=\"api\"} & c"));
    QCOMPARE(q.queryItemValue(QStringLiteral("g0.tab")), QStringLiteral("0"));
    QCOMPARE(q.queryItemValue(QStringLiteral("g1.tab")), QStringLiteral("0"));
    QCOMPARE(q.queryItemValue(QStringLiteral("g0.range_input")),
             absolute ? QStringLiteral("2h") : QStringLiteral("1h"));
    QCOMPARE(q.hasQueryItem(QStringLiteral("g0.end_input")), absolute);
    if (absolute)
        QCOMPARE(q.queryItemValue(QStringLiteral("g0.end_input"), QUrl::FullyDecoded),
                 QStringLiteral("2026-03-01 12:30:00"));
}

void TestPanelTools::vTogglesThePanelViewAndEscReturns()
{
    Fixture f;
    Dashboard d = dashboardWith(
        {panelWith(1, QStringLiteral("One"), {}), panelWith(2, QStringLiteral("Two"), {})});
    QVERIFY(f.start(d, rangeAnswer()));
    f.page.show();
    f.page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&f.page));
    PanelWidget *two = f.page.panelWidget(2);
    QVERIFY(two);
    QSignalSpy changed(&f.page, &DashboardPage::panelViewChanged);

    // Hovering panel 2 and pressing v views it alone.
    QEnterEvent enter(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5));
    QApplication::sendEvent(two, &enter);
    QCOMPARE(f.page.hoveredPanel(), 2);
    QTest::keyClick(&f.page, Qt::Key_V);
    QCOMPARE(f.page.viewedPanel(), 2);
    QCOMPARE(changed.size(), 1);
    QVERIFY(f.page.view()->isHidden());
    QCOMPARE(f.page.panelWidget(2), two); // the same widget, data and all
    QVERIFY(two->isVisible());
    QVERIFY(two->width() > f.page.width() * 3 / 4);
    QVERIFY(!f.page.panelWidget(1)->isVisible());

    // v again returns.
    QTest::keyClick(&f.page, Qt::Key_V);
    QCOMPARE(f.page.viewedPanel(), 0);
    QVERIFY(f.page.view()->isVisible());
    QVERIFY(two->isVisible());
    QVERIFY(f.page.view()->isAncestorOf(two));

    // v, then Esc returns too.
    QTest::keyClick(&f.page, Qt::Key_V);
    QCOMPARE(f.page.viewedPanel(), 2);
    QTest::keyClick(&f.page, Qt::Key_Escape);
    QCOMPARE(f.page.viewedPanel(), 0);
    QVERIFY(f.page.view()->isAncestorOf(two));
    QCOMPARE(changed.size(), 4);

    // The menu's View does the same, and a rebuild while viewing keeps the view.
    f.page.viewPanel(1);
    QCOMPARE(f.page.viewedPanel(), 1);
    const int added = f.page.addPanel(panelWith(0, QStringLiteral("Three"), {}));
    QVERIFY(added > 0);
    QCOMPARE(f.page.viewedPanel(), 1);
    QVERIFY(f.page.panelWidget(1)->isVisible());
    QVERIFY(f.page.view()->isHidden());
    QTest::keyClick(&f.page, Qt::Key_Escape);
    QCOMPARE(f.page.viewedPanel(), 0);
}

void TestPanelTools::vDoesNothingWithoutAPanel()
{
    Fixture f;
    QVERIFY(f.start(dashboardWith({panelWith(1, QStringLiteral("One"), {})}), rangeAnswer()));
    auto *edit = new QLineEdit(&f.page); // a text field elsewhere keeps its v
    f.page.show();
    f.page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&f.page));
    QCOMPARE(f.page.hoveredPanel(), 0);
    QTest::keyClick(&f.page, Qt::Key_V);
    QCOMPARE(f.page.viewedPanel(), 0);
    edit->setFocus();
    QEnterEvent enter(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5));
    QApplication::sendEvent(f.page.panelWidget(1), &enter);
    QTest::keyClick(edit, Qt::Key_V);
    QCOMPARE(edit->text(), QStringLiteral("v"));
    QCOMPARE(f.page.viewedPanel(), 0);
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(f.page.panelWidget(1), &leave);
    QCOMPARE(f.page.hoveredPanel(), 0);
}

void TestPanelTools::spinnerRunsWhileLoadingOnly()
{
    Fixture f;
    const Dashboard d = dashboardWith({panelWith(
        1, QStringLiteral("Requests"), {target(QStringLiteral("A"), QStringLiteral("up"))})});
    QVERIFY(f.start(d, rangeAnswer()));
    f.page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.page));
    PanelWidget *w = f.page.panelWidget(1);
    LoadingSpinner *spinner = w->spinner();
    QVERIFY(spinner);
    QVERIFY(!spinner->isRunning());
    QVERIFY(spinner->isHidden());

    QSignalSpy finished(&f.page, &DashboardPage::panelFinished);
    f.page.refreshPanel(1);
    QVERIFY(w->isLoading());
    QVERIFY(spinner->isRunning());
    QVERIFY(spinner->isVisible());
    // In the top right corner, over the panel.
    QVERIFY(spinner->geometry().right() <= w->width());
    QVERIFY(spinner->x() > w->width() / 2);
    QVERIFY(spinner->y() < 20);
    QVERIFY(finished.wait(5000));
    QVERIFY(!w->isLoading());
    QVERIFY(!spinner->isRunning());
    QVERIFY(spinner->isHidden());

    // It turns while running, and stands still once stopped.
    LoadingSpinner alone;
    alone.setRunning(true);
    const int a0 = alone.angle();
    QTRY_VERIFY_WITH_TIMEOUT(alone.angle() != a0, 2000);
    alone.setRunning(false);
    const int a1 = alone.angle();
    QTest::qWait(150);
    QCOMPARE(alone.angle(), a1);
}

void TestPanelTools::findPanelFiltersAndEnterRevealsIt()
{
    Fixture f;
    Panel api = panelWith(1, QStringLiteral("API latency"), {});
    Panel errors = panelWith(2, QStringLiteral("API errors"), {});
    Panel redis = panelWith(3, QStringLiteral("Redis memory <b>x</b>"), {});
    redis.row = QStringLiteral("Cache");
    redis.rowIndex = 0;
    Dashboard d = dashboardWith({api, errors, redis});
    Row row;
    row.title = QStringLiteral("Cache");
    row.collapsed = true;
    row.y = 20;
    d.rows = {row};
    QVERIFY(f.start(d, rangeAnswer()));
    f.page.resize(1200, 450); // the Cache row's panel is below the fold once opened
    f.page.show();
    f.page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&f.page));
    QVERIFY(f.page.view()->isRowCollapsed(0));
    QVERIFY(!f.page.panelWidget(3)); // not built while collapsed

    PanelFinder *finder = f.page.findPanel();
    QVERIFY(finder);
    QVERIFY(QTest::qWaitForWindowExposed(finder));
    QCOMPARE(finder->shownIds(), (QList<int>{1, 2, 3}));
    QTest::keyClicks(finder->searchField(), QStringLiteral("api err"));
    QCOMPARE(finder->shownIds(), (QList<int>{2}));
    finder->searchField()->clear();
    QTest::keyClicks(finder->searchField(), QStringLiteral("REDIS"));
    QCOMPARE(finder->shownIds(), (QList<int>{3}));
    QVERIFY(finder->list()->item(0)->text().contains(QStringLiteral("<b>x</b>"))); // literally

    QSignalSpy revealed(&f.page, &DashboardPage::panelRevealed);
    QTest::keyClick(finder->searchField(), Qt::Key_Return);
    QCOMPARE(revealed.size(), 1);
    QCOMPARE(revealed.first().at(0).toInt(), 3);
    QVERIFY(!f.page.view()->isRowCollapsed(0));
    QVERIFY(f.page.panelWidget(3));
    QTRY_VERIFY(f.page.panelWidget(3)->isVisible());
    // Scrolled so that the whole panel is in sight.
    QWidget *viewport = f.page.view()->viewport();
    const auto inSight = [&] {
        PanelWidget *w = f.page.panelWidget(3);
        return viewport->rect().contains(QRect(w->mapTo(viewport, QPoint(0, 0)), w->size()));
    };
    QTRY_VERIFY(inSight());
    QVERIFY(f.page.view()->verticalScrollBar()->value() > 0);

    // Down then Enter picks the second match; from a panel view it returns to the grid.
    f.page.viewPanel(1);
    PanelFinder *again = f.page.findPanel();
    QTest::keyClicks(again->searchField(), QStringLiteral("api"));
    QTest::keyClick(again->searchField(), Qt::Key_Down);
    QTest::keyClick(again->searchField(), Qt::Key_Return);
    QCOMPARE(revealed.last().at(0).toInt(), 2);
    QCOMPARE(f.page.viewedPanel(), 0);
}

void TestPanelTools::shortcutsDialogListsTheWindowsKeys()
{
    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    QMainWindow window;
    auto *page = new DashboardPage(&client);
    window.setCentralWidget(page);
    QMenu *view = window.menuBar()->addMenu(QStringLiteral("&View"));
    QAction *find = view->addAction(QStringLiteral("&Find Panel…"));
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    QAction *refresh = view->addAction(QStringLiteral("&Refresh"));
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    QList<std::pair<QString, QString>> got;
    for (const ShortcutsDialog::Entry &e : ShortcutsDialog::collect(&window))
        got.append({e.keys, e.action});
    const auto has = [&got](const QKeySequence &key, const QString &start) {
        const QString keys = key.toString(QKeySequence::NativeText);
        return std::any_of(got.cbegin(), got.cend(), [&](const auto &e) {
            return e.first == keys && e.second.startsWith(start);
        });
    };
    QVERIFY(has(QKeySequence(Qt::CTRL | Qt::Key_F), QStringLiteral("Find Panel")));
    QVERIFY(has(QKeySequence(Qt::Key_F5), QStringLiteral("Refresh")));
    QVERIFY(has(QKeySequence(Qt::Key_V), QStringLiteral("View the panel")));
    QVERIFY(has(QKeySequence(Qt::Key_Escape), QStringLiteral("Back from a panel view")));

    ShortcutsDialog dialog(&window,
                           {{QStringLiteral("Shift+drag"), QStringLiteral("Pan a chart")}});
    QTableWidget *table = dialog.table();
    QCOMPARE(table->rowCount(), int(got.size()) + 1);
    QCOMPARE(table->item(table->rowCount() - 1, 0)->text(), QStringLiteral("Shift+drag"));
}

QTEST_MAIN(TestPanelTools)
#include "tst_paneltools.moc"
