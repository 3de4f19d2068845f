#pragma once

#include <QFont>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class MainWindow;
class QDockWidget;
class QLabel;
class QShortcut;
class QTimer;
class QWidget;

/// Turns a console window into a wall screen, through MainWindow's public API only:
/// kiosk mode (full screen; no menu bar, toolbars, status bar, variable bar or dock
/// title bars; larger fonts; stat values as large as their boxes allow) and a playlist that rotates dashboards on a timer.
///
/// The wall is never blocked: a dashboard file that does not load is skipped with a
/// message (status bar, or an overlay in kiosk mode), never a dialog; a dashboard
/// whose servers are down still rotates (the panels show the errors) and the next
/// rotation or refresh recovers on its own. Esc does not leave kiosk mode;
/// Ctrl+Shift+K toggles it for an operator. In kiosk mode Space pauses and resumes
/// the playlist, Right and Left show the next and previous dashboard.
class WallScreen final : public QObject
{
    Q_OBJECT
public:
    /// Controls `window` (and is deleted with it).
    explicit WallScreen(MainWindow *window);
    ~WallScreen() override;

    /// "a.json,b.json" as paths (blank entries dropped, whitespace trimmed).
    static QStringList splitPlaylist(const QString &list);
    /// "60s", "2m", "1h30m", "500ms" (the Prometheus duration syntax) in
    /// milliseconds; nothing for anything else or a duration of zero.
    static std::optional<qint64> parseInterval(const QString &text);

    void setKiosk(bool on);
    bool isKiosk() const { return m_kiosk; }
    void toggleKiosk() { setKiosk(!m_kiosk); }
    /// How much larger fonts are in kiosk mode (1.5 unless set).
    void setKioskFontScale(double scale) { m_fontScale = scale; }

    /// The dashboards to rotate and the time each one is shown.
    void setPlaylist(const QStringList &paths, qint64 intervalMs);
    QStringList playlist() const { return m_paths; }
    qint64 interval() const;
    /// Shows the first dashboard that opens and starts rotating.
    void start();
    /// The next / previous dashboard that opens (skipping broken files, looping);
    /// the interval starts again.
    void next();
    void previous();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void togglePaused() { setPaused(!m_paused); }
    /// Index in playlist() of the dashboard shown; -1 before one opened.
    int currentIndex() const { return m_current; }
    /// The last message shown about the playlist (skipped file, paused, ...).
    QString message() const { return m_message; }

signals:
    void kioskChanged(bool on);
    void pausedChanged(bool paused);
    /// A playlist entry was opened.
    void dashboardShown(int index, const QString &path);
    /// A playlist entry was skipped; `reason` names the file and the problem.
    void dashboardSkipped(int index, const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Opens the entry at `from`, else the following ones in `step` direction.
    void advance(int from, int step);
    /// Opens one entry; empty when it opened, else why not.
    QString open(int index);
    void hideChrome();
    void restoreChrome();
    /// Stat values uncapped in kiosk mode, the usual cap outside it.
    void applyStatSize();
    void notify(const QString &text, bool sticky = false);
    void placeOverlay();

    MainWindow *m_window;
    QTimer *m_timer;
    QLabel *m_overlay;
    QTimer *m_overlayTimer;
    QShortcut *m_toggleKiosk;
    QList<QShortcut *> m_playlistKeys;
    QStringList m_paths;
    int m_current = -1;
    bool m_paused = false;
    bool m_kiosk = false;
    bool m_chromeHidden = false;
    double m_fontScale = 1.5;
    Qt::WindowStates m_stateBeforeKiosk;
    bool m_hadOwnFont = false;
    QFont m_fontBeforeKiosk;
    QString m_message;
    // What kiosk mode hid or replaced, to give back exactly that.
    QList<QPointer<QWidget>> m_hidden;
    QList<QPointer<QDockWidget>> m_untitledDocks;
};
