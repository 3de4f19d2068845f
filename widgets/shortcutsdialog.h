#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;

/// Help > Keyboard Shortcuts: every shortcut a window has, read from the window
/// itself (the actions of its menus and tool bars, and its QShortcut objects
/// described by their whatsThis) so that the list cannot drift from the keys, plus
/// entries for what is not an action (mouse gestures, keys inside one widget).
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Entry
    {
        QString keys; // as shown: "Ctrl+F", "V", "Esc", "Shift+drag"
        QString action;
    };

    ShortcutsDialog(QWidget *window, const QList<Entry> &extra, QWidget *parent = nullptr);

    /// The shortcuts of `window` and its children: actions with a shortcut (text
    /// without mnemonics), QShortcuts with a whatsThis (enabled or not). Each key once.
    static QList<Entry> collect(const QWidget *window);
    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};
