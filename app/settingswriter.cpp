#include "settingswriter.h"

#include <QSettings>
#include <QThreadPool>

namespace {

// One thread for every window's writes: a read-modify-write (the recent files) of one
// window never interleaves with another's.
QThreadPool &writerPool()
{
    static QThreadPool pool;
    static const bool once = [] {
        pool.setMaxThreadCount(1); // one at a time: in the order given
        return true;
    }();
    Q_UNUSED(once);
    return pool;
}

} // namespace

SettingsWriter::~SettingsWriter()
{
    flush();
}

void SettingsWriter::setValue(const QString &key, const QVariant &value)
{
    update([key, value](QSettings &s) { s.setValue(key, value); });
}

void SettingsWriter::update(std::function<void(QSettings &)> change)
{
    writerPool().start([change = std::move(change)] {
        QSettings s;
        change(s);
    }); // written (synced) as `s` goes, on the worker
}

void SettingsWriter::flush()
{
    writerPool().waitForDone();
}
