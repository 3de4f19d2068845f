// The panel editor: every field it shows comes back edited while everything else in
// the panel is kept; invalid forms stay open with the reason; PromQL is highlighted
// by kind; completion asks the right question for where the cursor is, shows only
// the answer to the latest question and remembers answers for the session.
#include "dashboardloader.h"
#include "paneleditor.h"
#include "promqlcompleter.h"
#include "promqlhighlighter.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>
#include <QtTest>

class TestPanelEditor : public QObject
{
    Q_OBJECT
private slots:
    void editEveryFieldAndAccept();
    void textPanelContent_data();
    void textPanelContent();
    void duplicateAndRemoveQueries();
    void invalidFormStaysOpen_data();
    void invalidFormStaysOpen();
    void realPanelsSurviveUnchanged();
    void highlighterFormats_data();
    void highlighterFormats();
    void highlighterKindsAreDistinct();
    void completionContext_data();
    void completionContext();
    void completerOffersWhatFitsTheCursor();
    void completerDropsLateAnswers();
    void completionInsertsEscapedValue();
    void cacheAsksOnce();
    void metricHelpShownInDialog();
};

namespace {

/// A CompletionSource the test answers by hand, in any order.
class FakeSource final : public CompletionSource
{
public:
    struct Request
    {
        QString kind; // metrics, labels, values, help
        QString metric;
        QString label;
        QPointer<QObject> context;
        std::function<void(QStringList)> done;
        std::function<void(QString)> helpDone;
    };
    QList<Request> requests;

    void metricNames(QObject *context, std::function<void(QStringList)> done) override
    {
        requests.append({QStringLiteral("metrics"), {}, {}, context, std::move(done), {}});
    }
    void labelNames(const QString &metric, QObject *context,
                    std::function<void(QStringList)> done) override
    {
        requests.append({QStringLiteral("labels"), metric, {}, context, std::move(done), {}});
    }
    void labelValues(const QString &label, const QString &metric, QObject *context,
                     std::function<void(QStringList)> done) override
    {
        requests.append({QStringLiteral("values"), metric, label, context, std::move(done), {}});
    }
    void metricHelp(const QString &metric, QObject *context,
                    std::function<void(QString)> done) override
    {
        requests.append({QStringLiteral("help"), metric, {}, context, {}, std::move(done)});
    }
    void answer(int index, const QStringList &values)
    {
        const Request &r = requests.at(index);
        if (r.context)
            r.done(values);
    }
    int count(const QString &kind) const
    {
        return int(std::count_if(requests.cbegin(), requests.cend(),
                                 [&](const Request &r) { return r.kind == kind; }));
    }
};

Panel samplePanel()
{
    Panel p;
    p.id = 42;
    p.type = QStringLiteral("timeseries");
    p.title = QStringLiteral("Request rate");
    p.description = QStringLiteral("Requests per second");
    p.gridPos = GridPos{3, 7, 9, 6};
    p.unit = QStringLiteral("reqps");
    p.decimals = 1;
    p.thresholds = {ThresholdStep{std::nullopt, QStringLiteral("green")},
                    ThresholdStep{80.0, QStringLiteral("red")}};
    p.datasource = QStringLiteral("${DS_PROMETHEUS}");
    p.colorMode = QStringLiteral("palette-classic");
    FieldOverride o;
    o.matcher = QStringLiteral("byName");
    o.option = QStringLiteral("errors");
    o.properties = {OverrideProperty{QStringLiteral("color"), QJsonValue(QStringLiteral("red"))}};
    p.overrides = {o};
    Target t;
    t.refId = QStringLiteral("A");
    t.expr = QStringLiteral("sum(rate(http_requests_total[5m]))");
    t.legendFormat = QStringLiteral("{{job}}");
    t.interval = QStringLiteral("30s");
    t.datasource = QStringLiteral("prom-uid");
    p.targets = {t};
    QJsonObject options;
    options.insert(QStringLiteral("legend"),
                   QJsonObject{{QStringLiteral("displayMode"), QStringLiteral("table")}});
    p.raw = QJsonObject{{QStringLiteral("id"), 42},
                        {QStringLiteral("type"), QStringLiteral("timeseries")},
                        {QStringLiteral("pluginVersion"), QStringLiteral("10.2.0")},
                        {QStringLiteral("options"), options}};
    p.sourceIndex = 5;
    return p;
}

template <typename T> T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

QPushButton *okButton(PanelEditor &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

bool sameThresholds(const QList<ThresholdStep> &a, const QList<ThresholdStep> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i)
        if (a[i].value != b[i].value || a[i].color != b[i].color)
            return false;
    return true;
}

bool sameTargets(const QList<Target> &a, const QList<Target> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        const Target &x = a[i];
        const Target &y = b[i];
        if (x.refId != y.refId || x.expr != y.expr || x.legendFormat != y.legendFormat ||
            x.hide != y.hide || x.instant != y.instant || x.format != y.format ||
            x.interval != y.interval || x.intervalFactor != y.intervalFactor ||
            x.datasource != y.datasource)
            return false;
    }
    return true;
}

/// The format the highlighter left on `doc` at `position`.
QTextCharFormat formatAt(QTextDocument &doc, int position)
{
    const QTextBlock block = doc.findBlock(position);
    const int inBlock = position - block.position();
    const auto ranges = block.layout()->formats();
    for (const QTextLayout::FormatRange &r : ranges)
        if (inBlock >= r.start && inBlock < r.start + r.length)
            return r.format;
    return {};
}

void setEditorText(QPlainTextEdit *edit, const QString &text)
{
    edit->setPlainText(text);
    QTextCursor c = edit->textCursor();
    c.movePosition(QTextCursor::End);
    edit->setTextCursor(c);
}

} // namespace

void TestPanelEditor::editEveryFieldAndAccept()
{
    const Panel original = samplePanel();
    PanelEditor dialog(original);
    dialog.show();

    child<QLineEdit>(&dialog, "panelTitle")->setText(QStringLiteral("Errors"));
    child<QPlainTextEdit>(&dialog, "panelDescription")
        ->setPlainText(QStringLiteral("5xx per second"));
    child<QComboBox>(&dialog, "panelType")->setCurrentText(QStringLiteral("stat"));

    QCOMPARE(dialog.queryCount(), 1);
    child<QLineEdit>(&dialog, "queryRefId")->setText(QStringLiteral("errors"));
    child<QPlainTextEdit>(&dialog, "queryExpr")
        ->setPlainText(
            QStringLiteral("sum(rate(http_requests_total{code=~\"5..\"}[$__rate_interval]))"));
    child<QLineEdit>(&dialog, "queryLegend")->setText(QStringLiteral("{{code}}"));
    child<QCheckBox>(&dialog, "queryInstant")->setChecked(true);
    child<QCheckBox>(&dialog, "queryHide")->setChecked(true);
    auto *format = child<QComboBox>(&dialog, "queryFormat");
    format->setCurrentIndex(format->findData(QStringLiteral("table")));
    child<QPushButton>(&dialog, "queryAdd")->click();
    QCOMPARE(dialog.queryCount(), 2);
    const auto exprs = dialog.findChildren<QPlainTextEdit *>(QStringLiteral("queryExpr"));
    QCOMPARE(exprs.size(), 2);
    exprs.at(1)->setPlainText(QStringLiteral("up"));

    child<QComboBox>(&dialog, "panelUnit")->setCurrentText(QStringLiteral("bytes"));
    child<QSpinBox>(&dialog, "panelDecimals")->setValue(3);
    child<QLineEdit>(&dialog, "panelMin")->setText(QStringLiteral("0"));
    child<QLineEdit>(&dialog, "panelMax")->setText(QStringLiteral("1e3"));

    auto *table = child<QTableWidget>(&dialog, "panelThresholds");
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("80"));
    child<QPushButton>(&dialog, "thresholdAdd")->click();
    QCOMPARE(table->rowCount(), 3);
    table->item(2, 0)->setText(QStringLiteral("50"));
    table->item(2, 1)->setText(QStringLiteral("orange"));
    table->item(0, 1)->setText(QStringLiteral("#00ff00"));
    auto *mode = child<QComboBox>(&dialog, "thresholdMode");
    mode->setCurrentIndex(mode->findData(true));

    okButton(dialog)->click();
    QCOMPARE(dialog.errorText(), QString());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Panel p = dialog.panel();

    QCOMPARE(p.title, QStringLiteral("Errors"));
    QCOMPARE(p.description, QStringLiteral("5xx per second"));
    QCOMPARE(p.type, QStringLiteral("stat"));
    QCOMPARE(p.targets.size(), 2);
    const Target &a = p.targets.at(0);
    QCOMPARE(a.refId, QStringLiteral("errors"));
    QCOMPARE(a.expr,
             QStringLiteral("sum(rate(http_requests_total{code=~\"5..\"}[$__rate_interval]))"));
    QCOMPARE(a.legendFormat, QStringLiteral("{{code}}"));
    QVERIFY(a.instant);
    QVERIFY(a.hide);
    QCOMPARE(a.format, QStringLiteral("table"));
    // Fields of the target the editor does not show are kept.
    QCOMPARE(a.interval, QStringLiteral("30s"));
    QCOMPARE(a.datasource, QStringLiteral("prom-uid"));
    const Target &b = p.targets.at(1);
    QCOMPARE(b.expr, QStringLiteral("up"));
    QCOMPARE(b.refId, QStringLiteral("A")); // the first free name
    QVERIFY(!b.instant);
    QVERIFY(!b.hide);

    QCOMPARE(p.unit, QStringLiteral("bytes"));
    QCOMPARE(p.decimals, 3);
    QCOMPARE(p.min, std::optional<double>(0));
    QCOMPARE(p.max, std::optional<double>(1000));
    QVERIFY(p.thresholdsPercent);
    QCOMPARE(p.thresholds.size(), 3);
    QVERIFY(!p.thresholds.at(0).value);
    QCOMPARE(p.thresholds.at(0).color, QStringLiteral("#00ff00"));
    QCOMPARE(p.thresholds.at(1).value, std::optional<double>(50)); // ascending
    QCOMPARE(p.thresholds.at(1).color, QStringLiteral("orange"));
    QCOMPARE(p.thresholds.at(2).value, std::optional<double>(80));

    // Untouched.
    QCOMPARE(p.id, original.id);
    QCOMPARE(p.gridPos.x, original.gridPos.x);
    QCOMPARE(p.gridPos.y, original.gridPos.y);
    QCOMPARE(p.gridPos.w, original.gridPos.w);
    QCOMPARE(p.gridPos.h, original.gridPos.h);
    QCOMPARE(p.raw, original.raw);
    QCOMPARE(p.sourceIndex, original.sourceIndex);
    QCOMPARE(p.datasource, original.datasource);
    QCOMPARE(p.colorMode, original.colorMode);
    QCOMPARE(p.overrides.size(), 1);
    QCOMPARE(p.overrides.at(0).option, QStringLiteral("errors"));
    QCOMPARE(p.overrides.at(0).properties.at(0).value, QJsonValue(QStringLiteral("red")));
}

void TestPanelEditor::textPanelContent_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("options.content") << false;
    QTest::newRow("legacy top-level content") << true;
}

void TestPanelEditor::textPanelContent()
{
    QFETCH(bool, legacy);
    Panel original;
    original.id = 7;
    original.type = QStringLiteral("text");
    const QString content = QStringLiteral("# Runbook\n<b>not bold</b>");
    if (legacy) {
        original.raw = QJsonObject{{QStringLiteral("content"), content},
                                   {QStringLiteral("mode"), QStringLiteral("markdown")}};
    } else {
        original.raw = QJsonObject{
            {QStringLiteral("options"),
             QJsonObject{{QStringLiteral("content"), content},
                         {QStringLiteral("mode"), QStringLiteral("markdown")},
                         {QStringLiteral("code"), QJsonObject{{QStringLiteral("language"),
                                                               QStringLiteral("plaintext")}}}}}};
    }
    PanelEditor dialog(original);
    auto *tabs = child<QTabWidget>(&dialog, "panelEditorTabs");
    auto *edit = child<QPlainTextEdit>(&dialog, "textContent");
    QCOMPARE(edit->toPlainText(), content);
    QVERIFY(tabs->isTabVisible(tabs->indexOf(edit->parentWidget())));
    // No queries on a text panel: their tab is out of the way.
    QVERIFY(!tabs->isTabVisible(0));

    // Unchanged content leaves the JSON exactly as it was.
    QCOMPARE(dialog.panel().raw, original.raw);

    edit->setPlainText(QStringLiteral("Call **ops**"));
    child<QComboBox>(&dialog, "textMode")->setCurrentText(QStringLiteral("html"));
    const Panel p = dialog.panel();
    const QJsonObject where = legacy ? p.raw : p.raw.value(QStringLiteral("options")).toObject();
    QCOMPARE(where.value(QStringLiteral("content")).toString(), QStringLiteral("Call **ops**"));
    QCOMPARE(where.value(QStringLiteral("mode")).toString(), QStringLiteral("html"));
    if (!legacy) // other options stay
        QVERIFY(where.contains(QStringLiteral("code")));
    else
        QVERIFY(!p.raw.contains(QStringLiteral("options")));

    // Switching away from text hides the text tab and shows the queries.
    child<QComboBox>(&dialog, "panelType")->setCurrentText(QStringLiteral("stat"));
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(edit->parentWidget())));
    QVERIFY(tabs->isTabVisible(0));
}

void TestPanelEditor::duplicateAndRemoveQueries()
{
    PanelEditor dialog(samplePanel());
    child<QToolButton>(&dialog, "queryDuplicate")->click();
    QCOMPARE(dialog.queryCount(), 2);
    Panel p = dialog.panel();
    QCOMPARE(p.targets.at(1).expr, p.targets.at(0).expr);
    QCOMPARE(p.targets.at(1).legendFormat, p.targets.at(0).legendFormat);
    QCOMPARE(p.targets.at(1).refId, QStringLiteral("B"));

    dialog.addQuery();
    QCOMPARE(dialog.panel().targets.at(2).refId, QStringLiteral("C"));
    dialog.removeQuery(0);
    p = dialog.panel();
    QCOMPARE(p.targets.size(), 2);
    QCOMPARE(p.targets.at(0).refId, QStringLiteral("B"));
    QCOMPARE(p.targets.at(1).refId, QStringLiteral("C"));
    dialog.addQuery(); // the freed name is used again
    QCOMPARE(dialog.panel().targets.at(2).refId, QStringLiteral("A"));
}

void TestPanelEditor::invalidFormStaysOpen_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("min");
    QTest::addColumn<QString>("max");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty expr") << QStringLiteral("  \n ") << QString() << QString()
                                << QStringLiteral("80")
                                << QStringLiteral("Query A has no expression");
    QTest::newRow("min > max") << QStringLiteral("up") << QStringLiteral("10")
                               << QStringLiteral("2") << QStringLiteral("80")
                               << QStringLiteral("Min (10) is greater than max (2)");
    QTest::newRow("min not a number")
        << QStringLiteral("up") << QStringLiteral("ten") << QString() << QStringLiteral("80")
        << QStringLiteral("Min \"ten\" is not a number");
    QTest::newRow("max not a number")
        << QStringLiteral("up") << QString() << QStringLiteral("1..2") << QStringLiteral("80")
        << QStringLiteral("Max \"1..2\" is not a number");
    QTest::newRow("threshold not a number")
        << QStringLiteral("up") << QString() << QString() << QStringLiteral("high")
        << QStringLiteral("\"high\" is not a number");
}

void TestPanelEditor::invalidFormStaysOpen()
{
    QFETCH(QString, expr);
    QFETCH(QString, min);
    QFETCH(QString, max);
    QFETCH(QString, step);
    QFETCH(QString, reason);
    PanelEditor dialog(samplePanel());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QPlainTextEdit>(&dialog, "queryExpr")->setPlainText(expr);
    child<QLineEdit>(&dialog, "panelMin")->setText(min);
    child<QLineEdit>(&dialog, "panelMax")->setText(max);
    child<QTableWidget>(&dialog, "panelThresholds")->item(1, 0)->setText(step);

    okButton(dialog)->click();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorText().contains(reason), qPrintable(dialog.errorText()));
    auto *error = child<QLabel>(&dialog, "panelEditorError");
    QVERIFY(error->isVisible());
    QCOMPARE(error->textFormat(), Qt::PlainText);

    // Put right, the same dialog accepts.
    child<QPlainTextEdit>(&dialog, "queryExpr")->setPlainText(QStringLiteral("up"));
    child<QLineEdit>(&dialog, "panelMin")->setText(QStringLiteral("0"));
    child<QLineEdit>(&dialog, "panelMax")->setText(QString());
    child<QTableWidget>(&dialog, "panelThresholds")->item(1, 0)->setText(QStringLiteral("90"));
    okButton(dialog)->click();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!error->isVisible());
}

void TestPanelEditor::realPanelsSurviveUnchanged()
{
    // Every panel of the real Grafana dashboards in tests/data, opened and accepted
    // without edits, comes back as it went in.
    const QDir dir(QStringLiteral(DOZOR_TEST_DATA "/grafana"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY(files.size() >= 5);
    int panels = 0;
    for (const QString &file : files) {
        const auto result = DashboardLoader::loadFile(dir.filePath(file));
        QVERIFY2(result.dashboard, qPrintable(file + QLatin1String(": ") + result.error));
        for (const Panel &original : result.dashboard->panels) {
            PanelEditor dialog(original);
            const QString where = file + QLatin1Char('#') + QString::number(original.id);
            QVERIFY2(dialog.problem().isEmpty() ||
                         dialog.problem().contains(QLatin1String("no expression")),
                     qPrintable(where + QLatin1String(": ") + dialog.problem()));
            const Panel p = dialog.panel();
            QVERIFY2(p.title == original.title && p.description == original.description &&
                         p.type == original.type,
                     qPrintable(where));
            QVERIFY2(p.unit == original.unit.trimmed() && p.decimals == original.decimals &&
                         p.min == original.min && p.max == original.max,
                     qPrintable(where));
            QVERIFY2(sameThresholds(p.thresholds, original.thresholds) &&
                         p.thresholdsPercent == original.thresholdsPercent,
                     qPrintable(where));
            QVERIFY2(sameTargets(p.targets, original.targets), qPrintable(where));
            QVERIFY2(p.raw == original.raw && p.id == original.id, qPrintable(where));
            ++panels;
        }
    }
    QVERIFY(panels > 50);
}

void TestPanelEditor::highlighterFormats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("role");
    using R = PromqlHighlighter::Role;
    const QString q = QStringLiteral("sum by (job) (rate(http_requests_total{job=\"api\", "
                                     "instance=~\"$instance\"}[5m])) # per job");
    QTest::newRow("function") << q << QStringLiteral("rate") << int(R::Function);
    QTest::newRow("aggregation") << q << QStringLiteral("sum") << int(R::Function);
    QTest::newRow("by") << q << QStringLiteral("by") << int(R::Keyword);
    QTest::newRow("label in by") << q << QStringLiteral("job)") << int(R::Label);
    QTest::newRow("metric") << q << QStringLiteral("http_requests_total") << int(R::Metric);
    QTest::newRow("label in braces") << q << QStringLiteral("instance=~") << int(R::Label);
    QTest::newRow("matcher") << q << QStringLiteral("=~") << int(R::Operator);
    QTest::newRow("string") << q << QStringLiteral("\"api\"") << int(R::String);
    QTest::newRow("variable in string") << q << QStringLiteral("$instance") << int(R::Variable);
    QTest::newRow("duration") << q << QStringLiteral("5m") << int(R::Duration);
    QTest::newRow("comment") << q << QStringLiteral("# per job") << int(R::Comment);
    const QString v = QStringLiteral("rate(x[$__rate_interval]) / on(instance) group_left "
                                     "${node:raw} > bool 1.5e3 offset 1h30m unless [[legacy]]");
    QTest::newRow("rate interval") << v << QStringLiteral("$__rate_interval") << int(R::Variable);
    QTest::newRow("braced variable") << v << QStringLiteral("${node:raw}") << int(R::Variable);
    QTest::newRow("legacy variable") << v << QStringLiteral("[[legacy]]") << int(R::Variable);
    QTest::newRow("on") << v << QStringLiteral("on(") << int(R::Keyword);
    QTest::newRow("group_left") << v << QStringLiteral("group_left") << int(R::Keyword);
    QTest::newRow("bool") << v << QStringLiteral("bool") << int(R::Keyword);
    QTest::newRow("unless") << v << QStringLiteral("unless") << int(R::Keyword);
    QTest::newRow("number") << v << QStringLiteral("1.5e3") << int(R::Number);
    QTest::newRow("compound duration") << v << QStringLiteral("1h30m") << int(R::Duration);
    const QString m = QStringLiteral("up{\n  job=\"node\"\n}\n# down?\nrate(`raw\nstring`)");
    QTest::newRow("label on the next line") << m << QStringLiteral("job") << int(R::Label);
    QTest::newRow("comment line") << m << QStringLiteral("# down?") << int(R::Comment);
    QTest::newRow("raw string across lines") << m << QStringLiteral("string`") << int(R::String);
}

void TestPanelEditor::highlighterFormats()
{
    QFETCH(QString, text);
    QFETCH(QString, token);
    QFETCH(int, role);
    QTextDocument doc;
    PromqlHighlighter highlighter(&doc);
    doc.setPlainText(text);
    highlighter.rehighlight(); // a new highlighter otherwise waits for the event loop
    const int at = int(text.indexOf(token));
    QVERIFY(at >= 0);
    const QTextCharFormat expected = highlighter.formatFor(PromqlHighlighter::Role(role));
    // Every character of the token (the first for tokens with a trailing marker).
    const int length = token.endsWith(QLatin1Char(')')) || token.endsWith(QLatin1String("=~")) ||
                               token.endsWith(QLatin1Char('('))
                           ? int(token.size()) - (token.endsWith(QLatin1String("=~")) ? 2 : 1)
                           : int(token.size());
    for (int i = at; i < at + length; ++i) {
        const QTextCharFormat f = formatAt(doc, i);
        QVERIFY2(f.foreground() == expected.foreground() &&
                     f.fontWeight() == expected.fontWeight() &&
                     f.fontItalic() == expected.fontItalic(),
                 qPrintable(QStringLiteral("'%1' at %2").arg(text.at(i)).arg(i)));
    }
}

void TestPanelEditor::highlighterKindsAreDistinct()
{
    QTextDocument doc;
    PromqlHighlighter highlighter(&doc);
    const QString text = QStringLiteral("rate(x{a=\"s\"}[5m]) + $var");
    doc.setPlainText(text);
    highlighter.rehighlight();
    const QList<int> positions = {
        int(text.indexOf(QLatin1String("rate"))), int(text.indexOf(QLatin1String("\"s\""))),
        int(text.indexOf(QLatin1String("5m"))), int(text.indexOf(QLatin1String("$var")))};
    QList<QColor> colours;
    for (int pos : positions) {
        const QTextCharFormat f = formatAt(doc, pos);
        QVERIFY(f.hasProperty(QTextFormat::ForegroundBrush));
        colours.append(f.foreground().color());
    }
    for (int i = 0; i < colours.size(); ++i)
        for (int j = i + 1; j < colours.size(); ++j)
            QVERIFY2(colours[i] != colours[j],
                     qPrintable(QStringLiteral("%1 vs %2").arg(i).arg(j)));
}

void TestPanelEditor::completionContext_data()
{
    QTest::addColumn<QString>("text"); // '|' marks the cursor
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("label");
    using K = PromqlCompleter::Kind;
    QTest::newRow("empty") << QStringLiteral("|") << int(K::Metric) << QString() << QString()
                           << QString();
    QTest::newRow("metric prefix") << QStringLiteral("rate(http_re|") << int(K::Metric)
                                   << QStringLiteral("http_re") << QString() << QString();
    QTest::newRow("label names") << QStringLiteral("up{|") << int(K::LabelName) << QString()
                                 << QStringLiteral("up") << QString();
    QTest::newRow("second label") << QStringLiteral("node_load1{job=\"a\", inst|}")
                                  << int(K::LabelName) << QStringLiteral("inst")
                                  << QStringLiteral("node_load1") << QString();
    QTest::newRow("label value") << QStringLiteral("up{job=\"ap|") << int(K::LabelValue)
                                 << QStringLiteral("ap") << QStringLiteral("up")
                                 << QStringLiteral("job");
    QTest::newRow("regex value") << QStringLiteral("rate(x_total{code=~\"5|\"}[5m])")
                                 << int(K::LabelValue) << QStringLiteral("5")
                                 << QStringLiteral("x_total") << QStringLiteral("code");
    QTest::newRow("bare selector value") << QStringLiteral("{__name__=\"|") << int(K::LabelValue)
                                         << QString() << QString() << QStringLiteral("__name__");
    QTest::newRow("by list") << QStringLiteral("sum by (jo|) (rate(http_requests_total[5m]))")
                             << int(K::LabelName) << QStringLiteral("jo")
                             << QStringLiteral("http_requests_total") << QString();
    QTest::newRow("without list") << QStringLiteral("max without (instance, |) (up)")
                                  << int(K::LabelName) << QString() << QStringLiteral("up")
                                  << QString();
    QTest::newRow("range") << QStringLiteral("rate(x[|") << int(K::Duration) << QString()
                           << QString() << QString();
    QTest::newRow("comment") << QStringLiteral("up # note|") << int(K::None) << QString()
                             << QString() << QString();
    QTest::newRow("after closing quote")
        << QStringLiteral("up{job=\"a\"|}") << int(K::None) << QString() << QString() << QString();
    QTest::newRow("number") << QStringLiteral("up > 12|") << int(K::None) << QString() << QString()
                            << QString();
    QTest::newRow("variable") << QStringLiteral("up{job=~$jo|") << int(K::None) << QString()
                              << QString() << QString();
    QTest::newRow("second line") << QStringLiteral("sum(\n  rate(node_cpu_seconds_total{\n    mo|")
                                 << int(K::LabelName) << QStringLiteral("mo")
                                 << QStringLiteral("node_cpu_seconds_total") << QString();
}

void TestPanelEditor::completionContext()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, prefix);
    QFETCH(QString, metric);
    QFETCH(QString, label);
    const int cursor = int(text.indexOf(QLatin1Char('|')));
    text.remove(cursor, 1);
    const auto ctx = PromqlCompleter::contextAt(text, cursor);
    QCOMPARE(int(ctx.kind), kind);
    if (kind == int(PromqlCompleter::Kind::None))
        return;
    QCOMPARE(ctx.prefix, prefix);
    QCOMPARE(ctx.replaceStart, cursor - int(prefix.size()));
    QCOMPARE(ctx.metric, metric);
    QCOMPARE(ctx.label, label);
}

void TestPanelEditor::completerOffersWhatFitsTheCursor()
{
    FakeSource source;
    QPlainTextEdit edit;
    PromqlCompleter completer(&edit, &source);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));

    // At the start: metric names from the server, with functions and keywords.
    completer.complete();
    QCOMPARE(source.count(QStringLiteral("metrics")), 1);
    source.answer(0, {QStringLiteral("up"), QStringLiteral("http_requests_total")});
    QStringList shown = completer.visibleCandidates();
    QVERIFY(shown.contains(QStringLiteral("up")));
    QVERIFY(shown.contains(QStringLiteral("http_requests_total")));
    QVERIFY(shown.contains(QStringLiteral("rate")));
    QVERIFY(shown.contains(QStringLiteral("histogram_quantile")));
    QVERIFY(completer.completer()->popup()->isVisible());

    // Typing filters what is shown (by any part of the name).
    QTest::keyClicks(&edit, QStringLiteral("reque"));
    QTRY_COMPARE(completer.visibleCandidates(), QStringList{QStringLiteral("http_requests_total")});
    QCOMPARE(source.count(QStringLiteral("metrics")), 1); // same question: no new request

    // Inside {: label names of that metric.
    setEditorText(&edit, QStringLiteral("up"));
    QTest::keyClicks(&edit, QStringLiteral("{"));
    QTRY_COMPARE(source.count(QStringLiteral("labels")), 1);
    QCOMPARE(source.requests.last().metric, QStringLiteral("up"));
    source.answer(int(source.requests.size()) - 1,
                  {QStringLiteral("instance"), QStringLiteral("job")});
    QCOMPARE(completer.visibleCandidates(),
             (QStringList{QStringLiteral("instance"), QStringLiteral("job")}));
    QVERIFY(completer.completer()->popup()->isVisible());

    // After label=": that label's values.
    QTest::keyClicks(&edit, QStringLiteral("job=\""));
    QTRY_COMPARE(source.count(QStringLiteral("values")), 1);
    QCOMPARE(source.requests.last().label, QStringLiteral("job"));
    QCOMPARE(source.requests.last().metric, QStringLiteral("up"));
    source.answer(int(source.requests.size()) - 1, {QStringLiteral("api"), QStringLiteral("node")});
    QCOMPARE(completer.visibleCandidates(),
             (QStringList{QStringLiteral("api"), QStringLiteral("node")}));
    QTest::keyClicks(&edit, QStringLiteral("n"));
    QTRY_COMPARE(completer.visibleCandidates(), QStringList{QStringLiteral("node")});

    // by (…): label names.
    setEditorText(&edit, QStringLiteral("sum(rate(http_requests_total[5m])) by ("));
    completer.complete();
    QCOMPARE(source.requests.last().kind, QStringLiteral("labels"));
    QCOMPARE(source.requests.last().metric, QStringLiteral("http_requests_total"));
}

void TestPanelEditor::completerDropsLateAnswers()
{
    FakeSource source;
    QPlainTextEdit edit;
    PromqlCompleter completer(&edit, &source);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));

    setEditorText(&edit, QStringLiteral("up{job=\""));
    completer.complete();
    setEditorText(&edit, QStringLiteral("up{instance=\""));
    completer.complete();
    QCOMPARE(source.count(QStringLiteral("values")), 2);
    QCOMPARE(source.requests.at(0).label, QStringLiteral("job"));
    QCOMPARE(source.requests.at(1).label, QStringLiteral("instance"));

    source.answer(1, {QStringLiteral("host:9100")});
    QCOMPARE(completer.visibleCandidates(), QStringList{QStringLiteral("host:9100")});
    source.answer(0, {QStringLiteral("api")}); // late: the user moved on
    QCOMPARE(completer.visibleCandidates(), QStringList{QStringLiteral("host:9100")});
    QCOMPARE(completer.candidates(), QStringList{QStringLiteral("host:9100")});

    // Typing on before the answer arrives also makes it stale.
    setEditorText(&edit, QStringLiteral("node_load1{"));
    completer.complete();
    const int pending = int(source.requests.size()) - 1;
    QTest::keyClicks(&edit, QStringLiteral("} + up"));
    source.answer(pending, {QStringLiteral("cpu")});
    QVERIFY(!completer.candidates().contains(QStringLiteral("cpu")));
}

void TestPanelEditor::completionInsertsEscapedValue()
{
    FakeSource source;
    QPlainTextEdit edit;
    PromqlCompleter completer(&edit, &source);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));
    setEditorText(&edit, QStringLiteral("up{path=\"/a"));
    completer.complete();
    source.answer(0, {QStringLiteral("/api/\"v1\"")});
    emit completer.completer()->activated(QStringLiteral("/api/\"v1\""));
    QCOMPARE(edit.toPlainText(), QStringLiteral("up{path=\"/api/\\\"v1\\\"\""));

    // A label name inside {} goes on to its values.
    setEditorText(&edit, QStringLiteral("up{jo"));
    completer.complete();
    source.answer(int(source.requests.size()) - 1, {QStringLiteral("job")});
    emit completer.completer()->activated(QStringLiteral("job"));
    QCOMPARE(edit.toPlainText(), QStringLiteral("up{job=\""));
    QTRY_COMPARE(source.requests.last().kind, QStringLiteral("values"));

    // A function gets its parenthesis.
    setEditorText(&edit, QStringLiteral("sum(irat"));
    completer.complete();
    source.answer(int(source.requests.size()) - 1, {});
    emit completer.completer()->activated(QStringLiteral("irate"));
    QCOMPARE(edit.toPlainText(), QStringLiteral("sum(irate("));
}

void TestPanelEditor::cacheAsksOnce()
{
    FakeSource source;
    CompletionCache cache(&source);
    QObject context;
    QStringList first;
    QStringList second;
    cache.labelNames(QStringLiteral("up"), &context, [&](const QStringList &l) { first = l; });
    cache.labelNames(QStringLiteral("up"), &context, [&](const QStringList &l) { second = l; });
    QCOMPARE(source.requests.size(), 1); // asked once for both
    source.answer(0, {QStringLiteral("job")});
    QCOMPARE(first, QStringList{QStringLiteral("job")});
    QCOMPARE(second, QStringList{QStringLiteral("job")});
    QStringList third;
    cache.labelNames(QStringLiteral("up"), &context, [&](const QStringList &l) { third = l; });
    QCOMPARE(third, QStringList{QStringLiteral("job")}); // from the cache, at once
    QCOMPARE(source.requests.size(), 1);
    // Another metric is another question.
    cache.labelNames(QStringLiteral("node_load1"), &context, [](const QStringList &) {});
    QCOMPARE(source.requests.size(), 2);
    // An empty (failed) answer is asked again next time.
    source.answer(1, {});
    cache.labelNames(QStringLiteral("node_load1"), &context, [](const QStringList &) {});
    QCOMPARE(source.requests.size(), 3);
    // A waiter whose context is gone is not called.
    bool called = false;
    {
        QObject gone;
        cache.labelValues(QStringLiteral("job"), {}, &gone,
                          [&](const QStringList &) { called = true; });
    }
    source.answer(3, {QStringLiteral("api")});
    QVERIFY(!called);
}

void TestPanelEditor::metricHelpShownInDialog()
{
    FakeSource source;
    Panel panel = samplePanel();
    panel.targets.first().expr.clear();
    PanelEditor dialog(panel, &source);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *edit = child<QPlainTextEdit>(&dialog, "queryExpr");
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("htt"));
    QTRY_COMPARE(source.count(QStringLiteral("metrics")), 1);
    source.answer(0, {QStringLiteral("http_requests_total"), QStringLiteral("<b>odd</b>")});
    setEditorText(edit, QStringLiteral("http_requests_total"));
    QTRY_COMPARE(source.count(QStringLiteral("help")), 1);
    const auto &help = source.requests.last();
    QCOMPARE(help.metric, QStringLiteral("http_requests_total"));
    help.helpDone(QStringLiteral("Total <i>HTTP</i> requests."));
    auto *line = child<QLabel>(&dialog, "queryHelp");
    QVERIFY(line->text().contains(QLatin1String("Total <i>HTTP</i> requests.")));
    QCOMPARE(line->textFormat(), Qt::PlainText);
}

QTEST_MAIN(TestPanelEditor)
#include "tst_paneleditor.moc"
