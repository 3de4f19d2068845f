#include "secretstore.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace {
const QString kHeaderPrefix = QStringLiteral("header/");

/// Puts a secret read from the keychain back into its field.
void applySecret(Datasource &d, const QString &field, const QString &value)
{
    if (field == QLatin1String("basicAuthPassword"))
        d.basicAuthPassword = value;
    else if (field == QLatin1String("bearerToken"))
        d.bearerToken = value;
    else if (field == QLatin1String("authorizationHeader"))
        d.authorizationHeader = value;
    else if (field == QLatin1String("tlsClientKeyPem"))
        d.tlsClientKeyPem = value.toUtf8();
    else if (field.startsWith(kHeaderPrefix)) {
        const QString name = field.mid(kHeaderPrefix.size());
        for (Datasource::Header &h : d.headers)
            if (h.name == name)
                h.value = value;
    }
}
/// Whether a keychain service (the freedesktop Secret Service, or KWallet) is on the
/// session bus or can be started by it. Asked only after a job failed.
bool keychainServiceReachable()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    const QStringList services{QStringLiteral("org.freedesktop.secrets"),
                               QStringLiteral("org.kde.kwalletd5"),
                               QStringLiteral("org.kde.kwalletd6")};
    for (const QString &s : services)
        if (bus.interface()->isServiceRegistered(s).value())
            return true;
    const QDBusReply<QStringList> activatable =
        bus.interface()->call(QStringLiteral("ListActivatableNames"));
    if (activatable.isValid())
        for (const QString &s : services)
            if (activatable.value().contains(s))
                return true;
    return false;
}
} // namespace

/// One store/load/remove call: its jobs still running, the first error, and what to
/// report when the last one finishes.
struct SecretStore::Batch
{
    int pending = 0;
    QString error;
    QString uid;
    QString name;
    Datasource datasource; // load: filled in as reads finish
    std::function<void(Batch &)> finish;
};

SecretStore::SecretStore(QObject *parent, const QString &service)
    : QObject(parent), m_service(service)
{
}

QString SecretStore::key(const QString &uid, const QString &field)
{
    return QStringLiteral("datasource/%1/%2").arg(uid, field);
}

QString SecretStore::noKeychainMessage()
{
    return QStringLiteral("no keychain: secrets are kept for this session only");
}

QList<std::pair<QString, QString>> SecretStore::secretFields(const Datasource &d)
{
    QList<std::pair<QString, QString>> out{
        {QStringLiteral("basicAuthPassword"), d.basicAuthPassword},
        {QStringLiteral("bearerToken"), d.bearerToken},
        {QStringLiteral("authorizationHeader"), d.authorizationHeader},
        {QStringLiteral("tlsClientKeyPem"), QString::fromUtf8(d.tlsClientKeyPem)},
    };
    for (const Datasource::Header &h : d.headers)
        if (!h.name.trimmed().isEmpty())
            out.append({kHeaderPrefix + h.name.trimmed(), h.value});
    return out;
}

QString SecretStore::describeError(int code, const QString &text, const QString &what)
{
    // QtKeychain says NoBackendAvailable when it finds no backend at all; through
    // libsecret, a missing session bus or Secret Service comes as OtherError with
    // GLib's (translated) words, so the bus itself is asked.
    if (code == QKeychain::NoBackendAvailable ||
        (code == QKeychain::OtherError && !keychainServiceReachable())) {
        m_noBackend = true;
        return noKeychainMessage();
    }
    // QtKeychain's messages never carry the secret itself.
    return QStringLiteral("keychain: cannot %1: %2")
        .arg(what, text.isEmpty() ? QStringLiteral("unknown error") : text);
}

void SecretStore::jobDone(const std::shared_ptr<Batch> &batch)
{
    if (--batch->pending == 0 && batch->finish)
        batch->finish(*batch);
}

void SecretStore::startWrite(const std::shared_ptr<Batch> &batch, const QString &key,
                             const QString &value)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(value);
    ++batch->pending;
    connect(job, &QKeychain::Job::finished, this, [this, batch](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError && batch->error.isEmpty())
            batch->error =
                describeError(j->error(), j->errorString(),
                              QStringLiteral("store the secrets of %1").arg(batch->name));
        jobDone(batch);
    });
    job->start();
}

void SecretStore::startDelete(const std::shared_ptr<Batch> &batch, const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    ++batch->pending;
    connect(job, &QKeychain::Job::finished, this, [this, batch](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound &&
            batch->error.isEmpty())
            batch->error =
                describeError(j->error(), j->errorString(),
                              QStringLiteral("delete the secrets of %1").arg(batch->name));
        jobDone(batch);
    });
    job->start();
}

void SecretStore::startRead(const std::shared_ptr<Batch> &batch, const QString &field)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key(batch->uid, field));
    ++batch->pending;
    connect(job, &QKeychain::Job::finished, this, [this, batch, field](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError)
            applySecret(batch->datasource, field,
                        static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
        else if (j->error() != QKeychain::EntryNotFound && batch->error.isEmpty())
            batch->error = describeError(j->error(), j->errorString(),
                                         QStringLiteral("read the secrets of %1").arg(batch->name));
        jobDone(batch);
    });
    job->start();
}

void SecretStore::store(const Datasource &d, const QStringList &droppedHeaders, QObject *context,
                        DoneCallback done)
{
    auto batch = std::make_shared<Batch>();
    batch->uid = d.uid;
    batch->name = d.name;
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    batch->finish = [this, ctx, hasContext, done](Batch &b) {
        if (b.error.isEmpty())
            m_noBackend = false;
        if (done && (!hasContext || ctx))
            done(b.error);
        emit stored(b.uid, b.error);
    };
    // Hold the batch open until every job is queued, so an early finish cannot
    // report before the last one started.
    ++batch->pending;
    for (const auto &[field, value] : secretFields(d)) {
        if (value.isEmpty())
            startDelete(batch, key(d.uid, field));
        else
            startWrite(batch, key(d.uid, field), value);
    }
    for (const QString &name : droppedHeaders)
        if (!name.trimmed().isEmpty())
            startDelete(batch, key(d.uid, kHeaderPrefix + name.trimmed()));
    QTimer::singleShot(0, this, [this, batch] { jobDone(batch); });
}

void SecretStore::load(const Datasource &d, QObject *context, LoadCallback done)
{
    auto batch = std::make_shared<Batch>();
    batch->uid = d.uid;
    batch->name = d.name;
    batch->datasource = d;
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    batch->finish = [this, ctx, hasContext, done](Batch &b) {
        if (b.error.isEmpty())
            m_noBackend = false;
        if (done && (!hasContext || ctx))
            done(b.datasource, b.error);
        emit loaded(b.datasource, b.error);
    };
    ++batch->pending;
    for (const auto &field : secretFields(d))
        startRead(batch, field.first);
    QTimer::singleShot(0, this, [this, batch] { jobDone(batch); });
}

void SecretStore::loadAll(const QList<Datasource> &list, QObject *context, LoadAllCallback done)
{
    struct All
    {
        QList<Datasource> list;
        int pending = 0;
        QString error;
    };
    auto all = std::make_shared<All>();
    all->list = list;
    all->pending = int(list.size());
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    if (list.isEmpty()) {
        QTimer::singleShot(0, this, [ctx, hasContext, done] {
            if (done && (!hasContext || ctx))
                done({}, QString());
        });
        return;
    }
    for (int i = 0; i < list.size(); ++i) {
        load(list.at(i), this,
             [all, i, ctx, hasContext, done](const Datasource &d, const QString &error) {
                 all->list[i] = d;
                 if (all->error.isEmpty())
                     all->error = error;
                 if (--all->pending == 0 && done && (!hasContext || ctx))
                     done(all->list, all->error);
             });
    }
}

void SecretStore::remove(const Datasource &d, QObject *context, DoneCallback done)
{
    auto batch = std::make_shared<Batch>();
    batch->uid = d.uid;
    batch->name = d.name;
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    batch->finish = [this, ctx, hasContext, done](Batch &b) {
        if (done && (!hasContext || ctx))
            done(b.error);
        emit removed(b.uid, b.error);
    };
    ++batch->pending;
    for (const auto &field : secretFields(d))
        startDelete(batch, key(d.uid, field.first));
    QTimer::singleShot(0, this, [this, batch] { jobDone(batch); });
}
