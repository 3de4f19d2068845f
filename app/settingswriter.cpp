#include "settingswriter.h"

#include <QSettings>

SettingsWriter::SettingsWriter()
{
    m_pool.setMaxThreadCount(1); // one at a time: in the order given
}

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
    m_pool.start([change = std::move(change)] {
        QSettings s;
        change(s);
    }); // written (synced) as `s` goes, on the worker
}

void SettingsWriter::flush()
{
    m_pool.waitForDone();
}
