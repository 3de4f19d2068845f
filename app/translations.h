#pragma once

#include <QString>

/// The interface language: English (the source language) and Russian.
/// Chosen from, in order: the explicit @p language ("ru" or "en", from --lang), the
/// QSettings key `ui/language` ("ru", "en"; empty means the system's), the system
/// locale's UI languages. Returns "ru" or "en".
QString chooseUiLanguage(const QString &language = QString());

/// Installs Dozor's catalogue (embedded at :/i18n) and Qt's own qtbase catalogue for
/// @p language ("ru" or "en"; empty = chooseUiLanguage()) on the running application,
/// replacing translators this function installed before. Sets the default QLocale so
/// that numbers and dates follow the language (Russian formats for Russian; for English
/// the desktop's, unless the desktop is Russian). Returns false when the language is
/// not English and Dozor's catalogue could not be loaded.
/// Headless subcommands do not call it: their output stays English for scripts.
bool installTranslations(const QString &language = QString());
