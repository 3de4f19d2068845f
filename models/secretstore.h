#pragma once

#include "datasource.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

/// The secrets of datasources (passwords, tokens, Authorization values, custom header
/// values, the client key) in the OS keychain through QtKeychain: service "dozor",
/// key "datasource/<uid>/<field>" ("basicAuthPassword", "bearerToken",
/// "authorizationHeader", "tlsClientKeyPem", "header/<name>").
///
/// Every call is asynchronous and reports once, through its callback (when the
/// context object still lives) and a signal. Without a keychain backend (no Secret
/// Service on D-Bus) the error is noKeychainMessage(): the secrets then stay in memory
/// for the session; nothing is ever written in plain text instead.
class SecretStore final : public QObject
{
    Q_OBJECT
public:
    using DoneCallback = std::function<void(const QString &error)>;
    using LoadCallback = std::function<void(const Datasource &withSecrets, const QString &error)>;
    using LoadAllCallback =
        std::function<void(const QList<Datasource> &withSecrets, const QString &error)>;

    explicit SecretStore(QObject *parent = nullptr,
                         const QString &service = QStringLiteral("dozor"));

    /// Writes every non-empty secret of `d` and deletes the empty ones, plus the values
    /// of headers in `droppedHeaders` (headers the user removed).
    void store(const Datasource &d, const QStringList &droppedHeaders = {},
               QObject *context = nullptr, DoneCallback done = {});
    /// `d` with the secrets the keychain holds for its uid (and its header names)
    /// filled in; secrets the keychain does not have stay as they were.
    void load(const Datasource &d, QObject *context = nullptr, LoadCallback done = {});
    /// load() for each datasource of a list; the first error is reported.
    void loadAll(const QList<Datasource> &list, QObject *context, LoadAllCallback done);
    /// Deletes every secret of `d` (a datasource the user removed or renamed).
    void remove(const Datasource &d, QObject *context = nullptr, DoneCallback done = {});

    /// The last call found no keychain backend.
    bool noBackend() const { return m_noBackend; }

    /// "datasource/<uid>/<field>"
    static QString key(const QString &uid, const QString &field);
    /// The secrets of `d` as (field, value), empty values included.
    static QList<std::pair<QString, QString>> secretFields(const Datasource &d);
    /// The error shown when no keychain backend exists.
    static QString noKeychainMessage();

signals:
    void stored(const QString &uid, const QString &error);
    void loaded(const Datasource &withSecrets, const QString &error);
    void removed(const QString &uid, const QString &error);

private:
    struct Batch;
    void startWrite(const std::shared_ptr<Batch> &batch, const QString &key, const QString &value);
    void startDelete(const std::shared_ptr<Batch> &batch, const QString &key);
    void startRead(const std::shared_ptr<Batch> &batch, const QString &field);
    void jobDone(const std::shared_ptr<Batch> &batch);
    QString describeError(int code, const QString &text, const QString &what);

    QString m_service;
    bool m_noBackend = false;
};
