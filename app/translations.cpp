#include "translations.h"

#include "units.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {

QString normalized(const QString &language)
{
    const QString l = language.trimmed().toLower();
    if (l.startsWith(QLatin1String("ru")))
        return QStringLiteral("ru");
    if (l.startsWith(QLatin1String("en")))
        return QStringLiteral("en");
    return QString();
}

// Translators this module installed, so a second call replaces rather than stacks them.
QTranslator *s_dozorTranslator = nullptr;
QTranslator *s_qtTranslator = nullptr;

void removeInstalled()
{
    for (QTranslator **t : {&s_dozorTranslator, &s_qtTranslator}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

} // namespace

QString chooseUiLanguage(const QString &language)
{
    if (const QString explicitLanguage = normalized(language); !explicitLanguage.isEmpty())
        return explicitLanguage;
    if (const QString stored =
            normalized(QSettings().value(QStringLiteral("ui/language")).toString());
        !stored.isEmpty())
        return stored;
    // The first of the system's UI languages that we have; English otherwise.
    for (const QString &ui : QLocale::system().uiLanguages()) {
        if (const QString l = normalized(ui); !l.isEmpty())
            return l;
    }
    return QStringLiteral("en");
}

bool installTranslations(const QString &language)
{
    const QString lang = chooseUiLanguage(language);
    removeInstalled();
    // Numbers and dates follow the interface language: a Russian interface writes 1 234,5
    // and 4 декабря on any desktop; an English one keeps the desktop's formats, except
    // on a Russian desktop, where it writes 1,234.5.
    const QLocale system = QLocale::system();
    const QString systemLanguage = normalized(QLocale::languageToCode(system.language()));
    const bool keepSystem = systemLanguage == lang ||
                            (lang == QLatin1String("en") && systemLanguage != QLatin1String("ru"));
    QLocale::setDefault(keepSystem ? system : QLocale(lang));
    setNumberLocale(QLocale());
    // English is the source language: its catalogue only holds plural forms ("%n services").
    auto *dozor = new QTranslator(QCoreApplication::instance());
    if (!dozor->load(QStringLiteral(":/i18n/dozor_%1.qm").arg(lang))) {
        delete dozor;
        return lang == QLatin1String("en");
    }
    QCoreApplication::installTranslator(dozor);
    s_dozorTranslator = dozor;
    if (lang == QLatin1String("en"))
        return true;

    // Qt's own strings (standard buttons, file dialogs, context menus of line edits).
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        s_qtTranslator = qt;
    } else {
        delete qt;
    }
    return true;
}
