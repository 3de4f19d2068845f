#pragma once

#include <QString>
#include <QVariant>

#include <functional>

class QSettings;

/// Settings written off the UI thread. A QSettings write is an fdatasync of its lock
/// file and another of the file itself: a millisecond on an idle disk, a few hundred
/// on a busy one - a UI thread that writes stalls that long (seen by bench_dashboard
/// while opening a dashboard). Values given here are written in the order given, on
/// one worker thread shared by every window; other QSettings objects of the process
/// see a value once its write has begun. The destructor waits for the writes still
/// pending.
class SettingsWriter
{
public:
    SettingsWriter() = default;
    ~SettingsWriter();
    SettingsWriter(const SettingsWriter &) = delete;
    SettingsWriter &operator=(const SettingsWriter &) = delete;

    void setValue(const QString &key, const QVariant &value);
    /// A read-modify-write (a list added to), on the worker in its turn.
    void update(std::function<void(QSettings &)> change);
    /// Waits until every value given so far is written.
    void flush();
};
