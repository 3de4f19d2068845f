#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

/// What a window needs to bring back unsaved edits after a crash. Holds no
/// credentials: no endpoint URLs, only the dashboard as it would be saved.
struct SessionState
{
    QString dashboardPath;
    /// The edited dashboard, as DashboardWriter::serialize would write it.
    QByteArray dashboardJson;
    /// SHA-256 (hex) of the file on disk when the edits began: a restored session
    /// knows whether someone changed the file since.
    QByteArray diskSha256;
    QString timeFrom;
    QString timeTo;
    QMap<QString, QStringList> variables;
    QByteArray windowState;
    QByteArray windowGeometry;
    QDateTime savedAt;
};

/// Autosaves the unsaved edits of a window (every interval and soon after each
/// edit) to one file, atomically, and tells at start whether the previous run
/// ended without a clean exit while it had unsaved edits.
///
/// Files in directory(): session.json (only while there are unsaved edits),
/// clean-exit (present after a normal close), session.lock (held while running,
/// so a second instance neither restores nor overwrites the first one's edits).
///
/// Several windows each have their own store on a numbered slot: slot 0 uses the
/// names above, slot n uses session-n.json, clean-exit-n and session-n.lock, so no
/// window overwrites another's edits, and leftBehind() finds every window's edits
/// that a run which ended unexpectedly left.
class SessionStore final : public QObject
{
    Q_OBJECT
public:
    /// Returns the state to save, or nothing when there are no unsaved edits.
    using Provider = std::function<std::optional<SessionState>()>;

    explicit SessionStore(QObject *parent = nullptr);
    ~SessionStore() override;

    /// QStandardPaths::AppLocalDataLocation + "/session".
    static QString defaultDirectory();
    /// Where the files go; set before begin() (tests use a temporary directory).
    void setDirectory(const QString &dir);
    QString directory() const { return m_dir; }
    QString sessionFile() const;
    /// Autosave period in ms (default 30 s).
    void setInterval(int ms);
    int interval() const;
    void setProvider(Provider provider) { m_provider = std::move(provider); }
    /// Which window's files this store uses; set before begin(). 0 (the default) is
    /// the first window's; kAnySlot takes, at begin(), the first slot that no store
    /// of this process uses and no other running Dozor holds.
    void setSlot(int slot);
    int slot() const { return m_slot; }
    static constexpr int kAnySlot = -1;
    /// Slots of `dir` with edits a run left without a clean exit, not in use by this
    /// or another running process (each can be begun by a store to get them back).
    static QList<int> leftBehind(const QString &dir);
    /// Stores of this process that have begun in `dir` and not finished.
    static int activeCount(const QString &dir);

    /// Starts this run: takes the lock, clears the clean-exit marker and starts the
    /// timer. Returns the unsaved edits the previous run left when it did not exit
    /// cleanly. A corrupt session file is moved aside with a warning in `warning`.
    std::optional<SessionState> begin(QString *warning = nullptr);
    bool isActive() const { return m_active; }
    /// Writes on the next turn of the event loop (several edits, one write).
    void scheduleWrite();
    /// Writes now (or removes the file when there is nothing unsaved).
    bool writeNow(QString *error = nullptr);
    /// The edits were saved or thrown away: no recovery copy.
    void discard();
    /// Normal close: no recovery copy, and the next start knows it was clean.
    void finish();
    /// Moves the previous run's session file out of the way of this run's autosaves
    /// (its edits were not restored); returns where it went.
    QString keepAside();

    static QByteArray encode(const SessionState &state);
    static std::optional<SessionState> decode(const QByteArray &bytes, QString *error);

signals:
    /// An autosave failed (disk full, folder not writable): the edits are only in memory.
    void writeFailed(const QString &error);

private:
    QString filePath(const QString &name) const;
    /// `name` for this store's slot: "session.json" -> "session-2.json".
    QString slotFile(const QString &name) const;
    bool tryLock(int slot);

    QString m_dir;
    Provider m_provider;
    QTimer *m_timer;
    QTimer *m_soon;
    /// A slot's lock: an exclusive flock(2) on its lock file, held while the file is
    /// open. The kernel drops it when the process ends, however it ends (no stale
    /// locks), and taking it writes nothing: QLockFile writes and syncs a pid file, a
    /// disk flush on the UI thread that took tens of milliseconds on a busy disk.
    class SlotLock
    {
    public:
        explicit SlotLock(const QString &path);
        SlotLock(const SlotLock &) = delete;
        SlotLock &operator=(const SlotLock &) = delete;
        ~SlotLock();
        /// True when this process now holds it (never waits).
        bool tryLock();

    private:
        QString m_path;
        int m_fd = -1;
    };
    std::unique_ptr<SlotLock> m_lock;
    bool m_active = false;
    int m_slot = 0;
    QString m_lastError;
};
