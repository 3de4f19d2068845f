// The interface in Russian: with the Russian catalogue installed, no user-visible
// string of the main window (menus, toolbars, docks, labels, buttons, placeholders,
// tooltips, column headers) and of its dialogs stays English; with English it stays
// English; the `ui/language` setting and the --lang override choose the catalogue;
// numbers and dates follow the language's locale.
#include "alertclient.h"
#include "dashboard.h"
#include "datasource.h"
#include "datasourcedialog.h"
#include "endpoints.h"
#include "mainwindow.h"
#include "paneleditor.h"
#include "prometheusserver.h"
#include "sessionstore.h"
#include "shortcutsdialog.h"
#include "silencedialog.h"
#include "timerange.h"
#include "translations.h"
#include "units.h"
#include "units.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QDate>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void russianMainWindowHasNoEnglish();
    void russianDialogsHaveNoEnglish();
    void englishStaysEnglish();
    void settingAndOverrideChooseTheLanguage();
    void pluralsAndLocaleFollowTheLanguage();
    void subcommandsStayEnglish();
    void cleanupTestCase();

private:
    Endpoints endpoints() const;
    QTemporaryDir m_settingsDir;
    ClosedPort m_closed; // panels and clients point at a port that refuses connections
};

namespace {

// Words that are the same in a Russian interface: product and format names, units.
const QSet<QString> &allowed()
{
    static const QSet<QString> words = {
        QStringLiteral("Dozor"),
        QStringLiteral("Prometheus"),
        QStringLiteral("Alertmanager"),
        QStringLiteral("Jaeger"),
        QStringLiteral("PromQL"),
        QStringLiteral("Grafana"),
        QStringLiteral("URL"),
        QStringLiteral("JSON"),
        QStringLiteral("CSV"),
        QStringLiteral("PNG"),
        QStringLiteral("SVG"),
        QStringLiteral("PDF"),
        QStringLiteral("UTC"),
        QStringLiteral("API"),
        QStringLiteral("HTTP"),
        QStringLiteral("HTTPS"),
        QStringLiteral("TLS"),
        QStringLiteral("PEM"),
        QStringLiteral("UID"),
        QStringLiteral("Ctrl"),
        QStringLiteral("Shift"),
        QStringLiteral("Alt"),
        QStringLiteral("Esc"),
        QStringLiteral("Del"),
        QStringLiteral("Tab"),
        QStringLiteral("Enter"),
        QStringLiteral("Space"),
        QStringLiteral("Markdown"),
        QStringLiteral("Mimir"),
        QStringLiteral("VictoriaMetrics"),
        QStringLiteral("Thanos"),
        QStringLiteral("Authorization"),
        QStringLiteral("Bearer"),
        QStringLiteral("logfmt"),
        QStringLiteral("OTLP"),
        // Identifiers shown as Grafana names them (the panel editor's type and text mode
        // lists, unit ids, a query's refId): users type them into dashboards as they are.
        QStringLiteral("timeseries"),
        QStringLiteral("stat"),
        QStringLiteral("gauge"),
        QStringLiteral("bargauge"),
        QStringLiteral("table"),
        QStringLiteral("piechart"),
        QStringLiteral("heatmap"),
        QStringLiteral("text"),
        QStringLiteral("alertlist"),
        QStringLiteral("html"),
        QStringLiteral("code"),
        QStringLiteral("short"),
        QStringLiteral("percent"),
        QStringLiteral("bytes"),
        QStringLiteral("reqps"),
        QStringLiteral("refId"),
        // View > Language names each language in itself.
        QStringLiteral("English"),
        // Service names in examples of filters.
        QStringLiteral("redis"),
        QStringLiteral("MongoDB"),
    };
    return words;
}

// The allow-list in lower case: type ids such as "prometheus" are product names too.
const QSet<QString> &lowerAllowed()
{
    static const QSet<QString> words = [] {
        QSet<QString> out;
        for (const QString &w : allowed())
            out.insert(w.toLower());
        return out;
    }();
    return words;
}

QString stripped(QString text)
{
    if (Qt::mightBeRichText(text)) {
        QTextDocument doc;
        doc.setHtml(text);
        text = doc.toPlainText();
    }
    text.remove(QLatin1Char('&'));
    // Addresses and paths are data, not words of the interface.
    static const QRegularExpression urls(
        QStringLiteral("\\b[a-z][a-z0-9+.-]*://\\S*|(?:^|\\s)/\\S*"));
    text.remove(urls);
    // So are examples of syntax: matchers, PromQL, tags (key=value, a.b, $var, {x}) and options.
    static const QRegularExpression code(
        QStringLiteral("\\S*=\"[^\"]*\"\\S*|\\S*(?:[=_{}\\[\\]$]|[A-Za-z]\\.[A-Za-z])\\S*|"
                       "(?:^|(?<=\\s))--?[A-Za-z]\\S*"));
    text.remove(code);
    return text;
}

// Latin words of three or more letters not on the allow-list.
QStringList englishWords(const QString &text)
{
    static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z_]{2,}"));
    QStringList out;
    auto it = word.globalMatch(stripped(text));
    while (it.hasNext()) {
        const QString w = it.next().captured();
        if (!allowed().contains(w) && !lowerAllowed().contains(w.toLower()))
            out << w;
    }
    return out;
}

// Every user-visible string of `root` and its children, each with where it was found.
QList<QPair<QString, QString>> visibleStrings(QWidget *root)
{
    QList<QPair<QString, QString>> out;
    const auto add = [&out](const QString &where, const QString &text) {
        if (!text.trimmed().isEmpty())
            out.append({where, text});
    };
    const auto name = [](const QObject *o) {
        return QStringLiteral("%1 %2").arg(QLatin1String(o->metaObject()->className()),
                                           o->objectName());
    };
    add(name(root) + QStringLiteral(" title"), root->windowTitle());
    for (QAction *a : root->findChildren<QAction *>()) {
        if (a->isSeparator())
            continue;
        add(name(a) + QStringLiteral(" action"), a->text());
        if (a->toolTip() != a->text() &&
            a->toolTip() != QString(a->text()).remove(QLatin1Char('&')))
            add(name(a) + QStringLiteral(" tooltip"), a->toolTip());
        add(name(a) + QStringLiteral(" status tip"), a->statusTip());
    }
    for (QMenu *m : root->findChildren<QMenu *>())
        add(name(m) + QStringLiteral(" menu"), m->title());
    for (QWidget *w : root->findChildren<QWidget *>()) {
        add(name(w) + QStringLiteral(" tooltip"), w->toolTip());
        add(name(w) + QStringLiteral(" accessible"), w->accessibleName());
        if (w->isWindow() || qobject_cast<QDockWidget *>(w))
            add(name(w) + QStringLiteral(" title"), w->windowTitle());
        if (auto *l = qobject_cast<QLabel *>(w))
            add(name(w) + QStringLiteral(" label"), l->text());
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            add(name(w) + QStringLiteral(" button"), b->text());
        if (auto *e = qobject_cast<QLineEdit *>(w))
            add(name(w) + QStringLiteral(" placeholder"), e->placeholderText());
        if (auto *t = qobject_cast<QTabBar *>(w))
            for (int i = 0; i < t->count(); ++i)
                add(name(w) + QStringLiteral(" tab"), t->tabText(i));
        if (auto *c = qobject_cast<QComboBox *>(w); c && !c->isEditable())
            for (int i = 0; i < c->count(); ++i)
                add(name(w) + QStringLiteral(" item"), c->itemText(i));
        if (auto *v = qobject_cast<QAbstractItemView *>(w); v && v->model()) {
            for (int c = 0; c < v->model()->columnCount(); ++c)
                add(name(w) + QStringLiteral(" header"),
                    v->model()->headerData(c, Qt::Horizontal).toString());
        }
    }
    return out;
}

// "where: text [words]" for each string with English words left.
QStringList untranslated(QWidget *root)
{
    QStringList out;
    for (const auto &[where, text] : visibleStrings(root)) {
        const QStringList words = englishWords(text);
        if (!words.isEmpty())
            out << QStringLiteral("%1: \"%2\" [%3]")
                       .arg(where, text.left(120), words.join(QLatin1Char(' ')));
    }
    out.removeDuplicates();
    return out;
}

// Lets menus that fill themselves when opened (recent files, windows, dashboards) do so.
void openMenus(QWidget *root)
{
    for (QMenu *m : root->findChildren<QMenu *>())
        emit m->aboutToShow();
}

} // namespace

Endpoints TestTranslations::endpoints() const
{
    Endpoints e;
    e.prometheus = m_closed.url();
    return e;
}

void TestTranslations::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DozorTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QStandardPaths::setTestModeEnabled(true);
}

void TestTranslations::init()
{
    QSettings().clear();
    QDir(SessionStore::defaultDirectory()).removeRecursively();
}

void TestTranslations::cleanup()
{
    QDir(SessionStore::defaultDirectory()).removeRecursively();
}

void TestTranslations::cleanupTestCase()
{
    installTranslations(QStringLiteral("en"));
}

void TestTranslations::russianMainWindowHasNoEnglish()
{
    QVERIFY(installTranslations(QStringLiteral("ru")));
    MainWindow w(endpoints());
    w.show();
    openMenus(&w);
    // The refused connections (Prometheus, Alertmanager) reach the alert list, the
    // targets and the status bar: their messages are in Russian too.
    const auto refusedShown = [&w] {
        for (const auto &s : visibleStrings(&w))
            if (s.second.contains(QStringLiteral("в соединении отказано")))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(refusedShown(), 10000);

    const auto strings = visibleStrings(&w);
    // The walk does reach the interface: menus with actions, in Russian.
    QVERIFY2(strings.size() > 50, qPrintable(QString::number(strings.size())));
    bool sawCyrillic = false;
    for (const auto &s : strings)
        sawCyrillic =
            sawCyrillic || s.second.contains(QRegularExpression(QStringLiteral("[А-Яа-яЁё]")));
    QVERIFY(sawCyrillic);

    const QStringList left = untranslated(&w);
    QVERIFY2(left.isEmpty(),
             qPrintable(QStringLiteral("%1 strings still English:\n").arg(left.size()) +
                        left.join(QLatin1Char('\n'))));
}

void TestTranslations::russianDialogsHaveNoEnglish()
{
    QVERIFY(installTranslations(QStringLiteral("ru")));
    QNetworkAccessManager nam;
    Datasource d;
    d.name = QStringLiteral("Prometheus");
    d.uid = QStringLiteral("prometheus");
    d.type = QStringLiteral("prometheus");
    d.url = m_closed.url();
    d.origin = QStringLiteral("settings");
    DatasourceDialog datasources(&nam, {d});
    QStringList left = untranslated(&datasources);

    MainWindow w(endpoints());
    ShortcutsDialog shortcuts(&w, {});
    left += untranslated(&shortcuts);

    AlertClient alerts(&nam);
    SilenceDialog silence(&alerts, nullptr);
    left += untranslated(&silence);

    Panel panel;
    panel.id = 1;
    panel.type = QStringLiteral("timeseries");
    panel.targets.append(Target{});
    PanelEditor editor(panel);
    left += untranslated(&editor);
    QVERIFY2(left.isEmpty(),
             qPrintable(QStringLiteral("%1 strings still English:\n").arg(left.size()) +
                        left.join(QLatin1Char('\n'))));
}

void TestTranslations::englishStaysEnglish()
{
    QVERIFY(installTranslations(QStringLiteral("en")));
    MainWindow w(endpoints());
    openMenus(&w);
    const auto strings = visibleStrings(&w);
    QVERIFY(strings.size() > 50);
    QStringList cyrillic;
    for (const auto &s : strings)
        if (s.second.contains(QRegularExpression(QStringLiteral("[А-Яа-яЁё]"))) &&
            !s.first.contains(QLatin1String(" language-"))) // "Русский" in View > Language
            cyrillic << s.first + QStringLiteral(": ") + s.second;
    QVERIFY2(cyrillic.isEmpty(), qPrintable(cyrillic.join(QLatin1Char('\n'))));
    QCOMPARE(TimeRange({QStringLiteral("now-1h"), QStringLiteral("now")}).displayText(),
             QStringLiteral("Last 1 hour"));
    QCOMPARE(TimeRange({QStringLiteral("now-15m"), QStringLiteral("now")}).displayText(),
             QStringLiteral("Last 15 minutes"));
}

void TestTranslations::settingAndOverrideChooseTheLanguage()
{
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("ru"));
    QCOMPARE(chooseUiLanguage(), QStringLiteral("ru"));
    // --lang beats the setting.
    QCOMPARE(chooseUiLanguage(QStringLiteral("en")), QStringLiteral("en"));
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
    QCOMPARE(chooseUiLanguage(), QStringLiteral("en"));
    QCOMPARE(chooseUiLanguage(QStringLiteral("ru_RU")), QStringLiteral("ru"));

    // The loader with no argument follows the setting.
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("ru"));
    QVERIFY(installTranslations());
    QCOMPARE(TimeRange({QStringLiteral("now-15m"), QStringLiteral("now")}).displayText(),
             QStringLiteral("Последние 15 минут"));
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
    QVERIFY(installTranslations());
    QCOMPARE(TimeRange({QStringLiteral("now-15m"), QStringLiteral("now")}).displayText(),
             QStringLiteral("Last 15 minutes"));
    // An empty setting means the system's languages: one of ours either way.
    QSettings().remove(QStringLiteral("ui/language"));
    const QString system = chooseUiLanguage();
    QVERIFY2(system == QLatin1String("ru") || system == QLatin1String("en"), qPrintable(system));
}

void TestTranslations::pluralsAndLocaleFollowTheLanguage()
{
    QVERIFY(installTranslations(QStringLiteral("ru")));
    const auto last = [](const char *from) {
        return TimeRange({QLatin1String(from), QStringLiteral("now")}).displayText();
    };
    QCOMPARE(last("now-1m"), QStringLiteral("Последняя 1 минута"));
    QCOMPARE(last("now-2h"), QStringLiteral("Последние 2 часа"));
    QCOMPARE(last("now-5m"), QStringLiteral("Последние 5 минут"));
    QCOMPARE(last("now-21d"), QStringLiteral("Последний 21 день"));
    // Qt's own strings (standard buttons) come from qtbase_ru.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Отмена"));

    // Numbers and dates: the default locale follows the language.
    QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1\u00a0234,5"));
    QVERIFY2(QLocale()
                 .toString(QDate(2026, 12, 4), QLocale::LongFormat)
                 .contains(QStringLiteral("декабря")),
             qPrintable(QLocale().toString(QDate(2026, 12, 4), QLocale::LongFormat)));

    // Values on axes, stats and legends too.
    QCOMPARE(formatValue(0.8, QStringLiteral("reqps"), 3), QStringLiteral("0,800 req/s"));
    QCOMPARE(formatValue(1.5, QStringLiteral("s")), QStringLiteral("1,50 s"));
    QCOMPARE(formatValue(1234.5, QStringLiteral("locale")), QStringLiteral("1\u00a0234,5"));
    QCOMPARE(formatValue(2, QStringLiteral("dtdurations")).contains(QLatin1Char(',')), false);

    // English keeps the desktop's formats, but not Russian ones.
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCOMPARE(QLocale().decimalPoint(), QLocale::system().language() == QLocale::Russian
                                           ? QStringLiteral(".")
                                           : QLocale::system().decimalPoint());
    QCOMPARE(QLocale().language() == QLocale::Russian, false);
}

// Scripts parse the subcommands' output: it stays English whatever the setting or --lang.
void TestTranslations::subcommandsStayEnglish()
{
    QTemporaryDir config;
    QVERIFY(config.isValid());
    QVERIFY(QDir(config.path()).mkpath(QStringLiteral("Dozor")));
    QSettings stored(config.filePath(QStringLiteral("Dozor/dozor.conf")), QSettings::IniFormat);
    stored.setValue(QStringLiteral("ui/language"), QStringLiteral("ru"));
    stored.sync();

    QProcess dozor;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    env.insert(QStringLiteral("LANG"), QStringLiteral("ru_RU.UTF-8"));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("ru"));
    dozor.setProcessEnvironment(env);
    // --lang takes a value: "ru" is not mistaken for a dashboard, "check" is the subcommand.
    dozor.start(QStringLiteral(DOZOR_EXECUTABLE),
                {QStringLiteral("--lang"), QStringLiteral("ru"), QStringLiteral("check"),
                 QStringLiteral(DOZOR_SOURCE_DIR "/dashboards/api-performance.json")});
    QVERIFY(dozor.waitForFinished(60000));
    const QString out =
        QString::fromUtf8(dozor.readAllStandardOutput() + dozor.readAllStandardError());
    QVERIFY2(out.contains(QLatin1String("dashboard: API Performance")), qPrintable(out));
    QVERIFY2(!out.contains(QRegularExpression(QStringLiteral("[А-Яа-яЁё]"))), qPrintable(out));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
