#include "sessionstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QtDebug>

#include <algorithm>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {
constexpr int kFormat = 1;
const QLatin1String kSessionName("session.json");
const QLatin1String kCleanName("clean-exit");
const QLatin1String kLockName("session.lock");
const QLatin1String kCorruptName("session.corrupt.json");
// More windows than this at once do not autosave (each says so in its status bar).
constexpr int kMaxSlots = 64;

// Stores of this process that have begun and not finished (UI thread only).
QList<const SessionStore *> s_active;

QString slotName(const QString &name, int slot)
{
    if (slot <= 0)
        return name;
    const qsizetype dot = name.indexOf(QLatin1Char('.'));
    const QString n = QLatin1Char('-') + QString::number(slot);
    return dot < 0 ? name + n : name.left(dot) + n + name.mid(dot);
}

QString canonicalDir(const QString &dir)
{
    return QDir::cleanPath(QDir(dir).absolutePath());
}

bool slotInUse(const QString &dir, int slot)
{
    const QString d = canonicalDir(dir);
    return std::any_of(s_active.cbegin(), s_active.cend(), [&](const SessionStore *s) {
        return s->slot() == slot && canonicalDir(s->directory()) == d;
    });
}

// A full disk first takes part of the bytes without an error; the next write returns
// the system's reason. (Unbuffered: a buffered QSaveFile in Qt 6.4 commits a file cut
// short by a failing final flush.)
bool writeFully(QSaveFile &file, const QByteArray &bytes)
{
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 n = file.write(bytes.constData() + written, bytes.size() - written);
        if (n <= 0)
            return false;
        written += n;
    }
    return true;
}
} // namespace

SessionStore::SessionStore(QObject *parent)
    : QObject(parent), m_dir(defaultDirectory()), m_timer(new QTimer(this)), m_soon(new QTimer(this))
{
    m_timer->setInterval(30000);
    m_soon->setSingleShot(true);
    m_soon->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, [this] { writeNow(); });
    connect(m_soon, &QTimer::timeout, this, [this] { writeNow(); });
}

// Without finish() the session file and the missing clean-exit marker stay: the
// next start treats this run as one that ended unexpectedly.
SessionStore::~SessionStore()
{
    s_active.removeAll(this);
}

QString SessionStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/session");
}

void SessionStore::setDirectory(const QString &dir)
{
    if (!m_active)
        m_dir = dir;
}

QString SessionStore::filePath(const QString &name) const
{
    return QDir(m_dir).filePath(name);
}

QString SessionStore::slotFile(const QString &name) const
{
    return filePath(slotName(name, m_slot));
}

QString SessionStore::sessionFile() const
{
    return slotFile(kSessionName);
}

void SessionStore::setSlot(int slot)
{
    if (!m_active)
        m_slot = std::max(slot, int(kAnySlot));
}

SessionStore::SlotLock::SlotLock(const QString &path) : m_path(path) {}

SessionStore::SlotLock::~SlotLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the flock
}

bool SessionStore::SlotLock::tryLock()
{
    if (m_fd >= 0)
        return true;
    const QByteArray name = QFile::encodeName(m_path);
    int fd;
    do
        fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return false;
    int r;
    do
        r = ::flock(fd, LOCK_EX | LOCK_NB);
    while (r != 0 && errno == EINTR);
    if (r != 0) {
        ::close(fd);
        return false;
    }
    m_fd = fd;
    return true;
}

bool SessionStore::tryLock(int slot)
{
    if (slotInUse(m_dir, slot))
        return false;
    m_lock = std::make_unique<SlotLock>(filePath(slotName(kLockName, slot)));
    // A killed process held no lock after it ended: its slot is taken over.
    if (!m_lock->tryLock()) {
        m_lock.reset();
        return false;
    }
    return true;
}

int SessionStore::activeCount(const QString &dir)
{
    const QString d = canonicalDir(dir);
    return int(std::count_if(s_active.cbegin(), s_active.cend(),
                             [&](const SessionStore *s) { return canonicalDir(s->directory()) == d; }));
}

QList<int> SessionStore::leftBehind(const QString &dir)
{
    static const QRegularExpression name(QStringLiteral("^session(?:-([1-9][0-9]*))?\\.json$"));
    QList<int> found;
    const QStringList files = QDir(dir).entryList({QStringLiteral("session*.json")}, QDir::Files);
    for (const QString &file : files) {
        const QRegularExpressionMatch m = name.match(file);
        if (!m.hasMatch())
            continue;
        const int slot = m.captured(1).isEmpty() ? 0 : m.captured(1).toInt();
        if (slot >= kMaxSlots || slotInUse(dir, slot) || QFile::exists(QDir(dir).filePath(slotName(kCleanName, slot))))
            continue;
        SlotLock lock(QDir(dir).filePath(slotName(kLockName, slot)));
        if (!lock.tryLock())
            continue; // that window is open in another Dozor
        found << slot;
    }
    std::sort(found.begin(), found.end());
    return found;
}

void SessionStore::setInterval(int ms)
{
    m_timer->setInterval(std::max(ms, 10));
}

int SessionStore::interval() const
{
    return m_timer->interval();
}

std::optional<SessionState> SessionStore::begin(QString *warning)
{
    if (m_active)
        return std::nullopt;
    if (!QDir().mkpath(m_dir)) {
        if (warning)
            *warning = tr("Cannot create %1: unsaved changes will not be kept if Dozor stops unexpectedly.").arg(m_dir);
        return std::nullopt;
    }
    bool locked = false;
    if (m_slot == kAnySlot) {
        for (int n = 0; n < kMaxSlots && !locked; ++n)
            if ((locked = tryLock(n)))
                m_slot = n;
    } else {
        locked = tryLock(m_slot);
    }
    if (!locked) {
        if (warning)
            *warning = tr("Another Dozor is running: its session is left alone, and this window's unsaved "
                          "changes are not autosaved.");
        return std::nullopt;
    }
    m_active = true;
    s_active.append(this);
    const bool clean = QFile::exists(slotFile(kCleanName));
    QFile::remove(slotFile(kCleanName));
    m_timer->start();

    std::optional<SessionState> previous;
    QFile file(sessionFile());
    if (!file.exists())
        return previous;
    if (clean) {
        file.remove(); // a clean exit leaves nothing to restore
        return previous;
    }
    QString error;
    if (file.open(QIODevice::ReadOnly))
        previous = decode(file.readAll(), &error);
    else
        error = file.errorString();
    file.close();
    if (!previous) {
        // Kept for a person to look at, out of the way of the next start.
        QFile::remove(slotFile(kCorruptName));
        QFile::rename(sessionFile(), slotFile(kCorruptName));
        const QString message = tr("The saved session %1 cannot be read (%2); it was moved to %3.")
                                    .arg(sessionFile(), error, slotFile(kCorruptName));
        qWarning().noquote() << message;
        if (warning)
            *warning = message;
    }
    return previous;
}

void SessionStore::scheduleWrite()
{
    if (m_active)
        m_soon->start();
}

bool SessionStore::writeNow(QString *error)
{
    if (!m_active)
        return false;
    const std::optional<SessionState> state = m_provider ? m_provider() : std::nullopt;
    if (!state) {
        QFile::remove(sessionFile());
        return true;
    }
    QSaveFile file(sessionFile());
    const QByteArray bytes = encode(*state);
    const bool ok = file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) && writeFully(file, bytes) && file.commit();
    if (!ok) {
        const QString message = tr("Cannot autosave the session to %1: %2").arg(sessionFile(), file.errorString());
        file.cancelWriting();
        if (error)
            *error = message;
        // Once per cause: a full disk would otherwise warn every interval.
        if (message != m_lastError)
            emit writeFailed(message);
        m_lastError = message;
        return false;
    }
    m_lastError.clear();
    return true;
}

void SessionStore::discard()
{
    m_soon->stop();
    if (m_active)
        QFile::remove(sessionFile());
}

void SessionStore::finish()
{
    if (!m_active)
        return;
    discard();
    m_timer->stop();
    QFile marker(slotFile(kCleanName));
    if (marker.open(QIODevice::WriteOnly))
        marker.write(QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
    marker.close();
    m_lock.reset();
    m_active = false;
    s_active.removeAll(this);
}

QString SessionStore::keepAside()
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString target =
        filePath(QStringLiteral("unrestored-%1.json").arg(m_slot > 0 ? stamp + QStringLiteral("-w%1").arg(m_slot) : stamp));
    QFile::remove(target);
    return QFile::rename(sessionFile(), target) ? target : QString();
}

QByteArray SessionStore::encode(const SessionState &s)
{
    QJsonObject vars;
    for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
        vars.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormat);
    o.insert(QStringLiteral("savedAt"), (s.savedAt.isValid() ? s.savedAt : QDateTime::currentDateTime())
                                            .toOffsetFromUtc(QDateTime::currentDateTime().offsetFromUtc())
                                            .toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("dashboardPath"), s.dashboardPath);
    o.insert(QStringLiteral("dashboard"), QJsonDocument::fromJson(s.dashboardJson).object());
    o.insert(QStringLiteral("diskSha256"), QString::fromLatin1(s.diskSha256));
    o.insert(QStringLiteral("timeFrom"), s.timeFrom);
    o.insert(QStringLiteral("timeTo"), s.timeTo);
    o.insert(QStringLiteral("variables"), vars);
    o.insert(QStringLiteral("windowState"), QString::fromLatin1(s.windowState.toBase64()));
    o.insert(QStringLiteral("windowGeometry"), QString::fromLatin1(s.windowGeometry.toBase64()));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<SessionState> SessionStore::decode(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (parseError.error != QJsonParseError::NoError)
        return fail(parseError.errorString());
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("format")).toInt() != kFormat)
        return fail(tr("unknown format"));
    const QJsonValue dashboard = o.value(QLatin1String("dashboard"));
    const QString path = o.value(QLatin1String("dashboardPath")).toString();
    if (path.isEmpty() || !dashboard.isObject() || dashboard.toObject().isEmpty())
        return fail(tr("no dashboard in it"));
    SessionState s;
    s.dashboardPath = path;
    s.dashboardJson = QJsonDocument(dashboard.toObject()).toJson(QJsonDocument::Indented);
    s.diskSha256 = o.value(QLatin1String("diskSha256")).toString().toLatin1();
    s.timeFrom = o.value(QLatin1String("timeFrom")).toString();
    s.timeTo = o.value(QLatin1String("timeTo")).toString();
    const QJsonObject vars = o.value(QLatin1String("variables")).toObject();
    for (auto it = vars.constBegin(); it != vars.constEnd(); ++it) {
        QStringList values;
        for (const QJsonValue &v : it.value().toArray())
            values << v.toString();
        s.variables.insert(it.key(), values);
    }
    s.windowState = QByteArray::fromBase64(o.value(QLatin1String("windowState")).toString().toLatin1());
    s.windowGeometry = QByteArray::fromBase64(o.value(QLatin1String("windowGeometry")).toString().toLatin1());
    s.savedAt = QDateTime::fromString(o.value(QLatin1String("savedAt")).toString(), Qt::ISODateWithMs);
    return s;
}
