// Datasource secrets through QtKeychain against a real Secret Service: the test starts
// its own D-Bus session bus and an unlocked gnome-keyring in a temporary HOME, stores,
// reads back and deletes secrets, and checks that no secret lands in a file in clear.
// A bus without a Secret Service gives the "no keychain" message (checked in a child
// process, since a process keeps its first session bus).
#include "datasourcesettings.h"
#include "secretstore.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

class TestSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void roundTrip();
    void emptiedAndDroppedSecretsAreDeleted();
    void removeDeletesEverything();
    void noSecretInClearOnDisk();
    void noBackendIsReported_data();
    void noBackendIsReported();
};

namespace {

const QString kChildFlag = QStringLiteral("--no-backend-child");

/// A private session bus: no service activation, so nothing but what the test starts
/// can own org.freedesktop.secrets.
std::unique_ptr<QProcess> startBus(const QString &dir, QString *address, QString *error)
{
    const QString config = dir + QStringLiteral("/bus.conf");
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return {};
    }
    f.write(
        QStringLiteral(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
            "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
            "<busconfig><type>session</type><listen>unix:path=%1/bus</listen>"
            "<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" "
            "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>"
            "</busconfig>\n")
            .arg(dir)
            .toUtf8());
    f.close();
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (exe.isEmpty()) {
        *error = QStringLiteral("dbus-daemon is not installed (Debian package dbus-daemon)");
        return {};
    }
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::SeparateChannels);
    p->start(exe, {QStringLiteral("--nofork"), QStringLiteral("--config-file=") + config,
                   QStringLiteral("--print-address=1")});
    if (!p->waitForStarted(5000) || !p->waitForReadyRead(5000)) {
        *error = QStringLiteral("dbus-daemon did not start: %1")
                     .arg(QString::fromLocal8Bit(p->readAllStandardError()));
        return {};
    }
    *address = QString::fromLocal8Bit(p->readLine()).trimmed();
    return p;
}

bool nameOwned(const QString &address, const QString &service)
{
    bool owned = false;
    {
        QDBusConnection c =
            QDBusConnection::connectToBus(address, QStringLiteral("tst_secretstore_probe"));
        owned = c.isConnected() && c.interface()->isServiceRegistered(service).value();
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("tst_secretstore_probe"));
    return owned;
}

Datasource sample()
{
    Datasource d;
    d.name = QStringLiteral("Prod Prometheus");
    d.uid = QStringLiteral("prod-prom");
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("https://prom.example.com"));
    d.auth = Datasource::Auth::Basic;
    d.basicAuthUser = QStringLiteral("admin");
    d.basicAuthPassword = QStringLiteral("s3cr3t-Pa55word-7f3a");
    d.bearerToken = QStringLiteral("tok-91b2c3d4e5f6");
    d.authorizationHeader = QStringLiteral("Custom abc-4411");
    d.tlsClientKeyPem = QByteArrayLiteral(
        "-----BEGIN PRIVATE KEY-----\nMIIkeymaterial9988\n-----END PRIVATE KEY-----\n");
    d.headers = {{QStringLiteral("X-Scope-OrgID"), QStringLiteral("tenant-55aa77")},
                 {QStringLiteral("X-Api-Key"), QStringLiteral("apikey-0c0ffee")}};
    return d;
}

/// What settings give back: the same datasource without any secret.
Datasource withoutSecrets(Datasource d)
{
    d.basicAuthPassword.clear();
    d.bearerToken.clear();
    d.authorizationHeader.clear();
    d.tlsClientKeyPem.clear();
    for (Datasource::Header &h : d.headers)
        h.value.clear();
    return d;
}

QString storeAndWait(SecretStore &store, const Datasource &d, const QStringList &dropped = {})
{
    QString error = QStringLiteral("<no answer>");
    bool done = false;
    store.store(d, dropped, &store, [&](const QString &e) {
        error = e;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return QStringLiteral("timeout");
    return error;
}

Datasource loadAndWait(SecretStore &store, const Datasource &d, QString *error)
{
    Datasource out;
    bool done = false;
    *error = QStringLiteral("timeout");
    store.load(d, &store, [&](const Datasource &loaded, const QString &e) {
        out = loaded;
        *error = e;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        *error = QStringLiteral("timeout");
    return out;
}

} // namespace

class KeychainEnvironment
{
public:
    QTemporaryDir dir;
    std::unique_ptr<QProcess> bus;
    std::unique_ptr<QProcess> keyring;
    QString address;
    QString error;

    QString home() const { return dir.path() + QStringLiteral("/home"); }

    bool start()
    {
        if (!dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        QDir().mkpath(home() + QStringLiteral("/.local/share"));
        QDir().mkpath(dir.path() + QStringLiteral("/run"));
        QFile::setPermissions(dir.path() + QStringLiteral("/run"),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        bus = startBus(dir.path(), &address, &error);
        if (!bus)
            return false;
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (exe.isEmpty())
            return fail(QStringLiteral(
                "gnome-keyring-daemon is not installed (Debian package gnome-keyring)"));
        keyring = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home() + QStringLiteral("/.local/share"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home() + QStringLiteral("/.config"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path() + QStringLiteral("/run"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        env.remove(QStringLiteral("DISPLAY"));
        keyring->setProcessEnvironment(env);
        keyring->setStandardOutputFile(QProcess::nullDevice());
        keyring->start(exe, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                             QStringLiteral("--components=secrets")});
        if (!keyring->waitForStarted(5000))
            return fail(QStringLiteral("gnome-keyring-daemon did not start: ") +
                        keyring->errorString());
        // The login keyring is created and unlocked with the password read from stdin.
        keyring->write("dozor-test-keyring-password");
        keyring->closeWriteChannel();
        if (!QTest::qWaitFor(
                [&] { return nameOwned(address, QStringLiteral("org.freedesktop.secrets")); },
                15000))
            return fail(
                QStringLiteral("gnome-keyring-daemon did not register org.freedesktop.secrets: ") +
                QString::fromLocal8Bit(keyring->readAllStandardError()));
        return true;
    }

    void stop()
    {
        for (QProcess *p : {keyring.get(), bus.get()}) {
            if (p && p->state() != QProcess::NotRunning) {
                p->terminate();
                if (!p->waitForFinished(5000)) {
                    p->kill();
                    p->waitForFinished(2000);
                }
            }
        }
    }

private:
    bool fail(const QString &why)
    {
        error = why;
        return false;
    }
};

static KeychainEnvironment *s_env = nullptr;

void TestSecretStore::initTestCase()
{
    s_env = new KeychainEnvironment;
    if (!s_env->start()) {
        // Skipped only where no keychain backend exists at all (dbus-daemon or
        // gnome-keyring not installed: scripts/install-deps.sh installs both, so CI never
        // skips). Installed but failing to start is a failure, not a skip.
        if (s_env->error.contains(QLatin1String("is not installed")))
            QSKIP(qPrintable(QStringLiteral("no keychain backend on this machine: ") + s_env->error));
        QFAIL(qPrintable(QStringLiteral("cannot start the keychain for the test: ") + s_env->error));
    }
    // Before QtKeychain (libsecret, Qt D-Bus) first connects: the private bus only.
    qputenv("DBUS_SESSION_BUS_ADDRESS", s_env->address.toLocal8Bit());
    qputenv("XDG_RUNTIME_DIR", (s_env->dir.path() + QStringLiteral("/run")).toLocal8Bit());
    qunsetenv("XDG_CURRENT_DESKTOP"); // not KDE: the Secret Service backend
}

void TestSecretStore::cleanupTestCase()
{
    if (s_env)
        s_env->stop();
    delete s_env;
    s_env = nullptr;
}

void TestSecretStore::roundTrip()
{
    SecretStore store;
    QSignalSpy storedSpy(&store, &SecretStore::stored);
    const Datasource d = sample();
    QCOMPARE(storeAndWait(store, d), QString());
    QCOMPARE(storedSpy.size(), 1);
    QCOMPARE(storedSpy.at(0).at(0).toString(), d.uid);

    QString error;
    const Datasource loaded = loadAndWait(store, withoutSecrets(d), &error);
    QCOMPARE(error, QString());
    QCOMPARE(loaded.basicAuthPassword, d.basicAuthPassword);
    QCOMPARE(loaded.bearerToken, d.bearerToken);
    QCOMPARE(loaded.authorizationHeader, d.authorizationHeader);
    QCOMPARE(loaded.tlsClientKeyPem, d.tlsClientKeyPem);
    QCOMPARE(loaded.headers, d.headers);
    QCOMPARE(loaded.basicAuthUser, d.basicAuthUser);
    QVERIFY(!store.noBackend());

    // Another uid has none of them.
    Datasource other = withoutSecrets(d);
    other.uid = QStringLiteral("other-prom");
    const Datasource none = loadAndWait(store, other, &error);
    QCOMPARE(error, QString());
    QVERIFY(!none.hasSecrets());
}

void TestSecretStore::emptiedAndDroppedSecretsAreDeleted()
{
    SecretStore store;
    Datasource d = sample();
    d.uid = QStringLiteral("edit-prom");
    QCOMPARE(storeAndWait(store, d), QString());

    // The user cleared the token and removed the X-Api-Key header.
    Datasource edited = d;
    edited.bearerToken.clear();
    edited.headers.removeLast();
    QCOMPARE(storeAndWait(store, edited, {QStringLiteral("X-Api-Key")}), QString());

    QString error;
    Datasource probe = withoutSecrets(d); // still asks for X-Api-Key
    const Datasource loaded = loadAndWait(store, probe, &error);
    QCOMPARE(error, QString());
    QCOMPARE(loaded.bearerToken, QString());
    QCOMPARE(loaded.basicAuthPassword, d.basicAuthPassword);
    QCOMPARE(loaded.headers.size(), 2);
    QCOMPARE(loaded.headers.at(0).value, d.headers.at(0).value);
    QCOMPARE(loaded.headers.at(1).value, QString());
}

void TestSecretStore::removeDeletesEverything()
{
    SecretStore store;
    Datasource d = sample();
    d.uid = QStringLiteral("gone-prom");
    QCOMPARE(storeAndWait(store, d), QString());

    QSignalSpy removedSpy(&store, &SecretStore::removed);
    store.remove(d);
    QVERIFY(removedSpy.wait(20000));
    QCOMPARE(removedSpy.at(0).at(0).toString(), d.uid);
    QCOMPARE(removedSpy.at(0).at(1).toString(), QString());

    QString error;
    const Datasource loaded = loadAndWait(store, withoutSecrets(d), &error);
    QCOMPARE(error, QString());
    QVERIFY(!loaded.hasSecrets());
}

void TestSecretStore::noSecretInClearOnDisk()
{
    SecretStore store;
    Datasource d = sample();
    d.uid = QStringLiteral("disk-prom");
    QCOMPARE(storeAndWait(store, d), QString());

    // The keyring did write something: the check below reads real files.
    const QString keyrings = s_env->home() + QStringLiteral("/.local/share/keyrings");
    QVERIFY2(QDir(keyrings).entryList(QDir::Files).size() > 0, qPrintable(keyrings));

    // The settings file for the same datasource, in the same HOME.
    {
        QSettings settings(s_env->home() + QStringLiteral("/.config/dozor.conf"),
                           QSettings::IniFormat);
        DatasourceSettings::save(settings, {d});
    }

    const QList<QByteArray> secrets{
        d.basicAuthPassword.toUtf8(),   d.bearerToken.toUtf8(),
        d.authorizationHeader.toUtf8(), QByteArrayLiteral("MIIkeymaterial9988"),
        d.headers.at(0).value.toUtf8(), d.headers.at(1).value.toUtf8()};
    int files = 0;
    QDirIterator it(s_env->dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue; // sockets
        ++files;
        const QByteArray content = f.readAll();
        for (const QByteArray &s : secrets) {
            QVERIFY2(!content.contains(s),
                     qPrintable(path + QStringLiteral(" holds a secret in clear")));
            QVERIFY2(!content.contains(s.toBase64()),
                     qPrintable(path + QStringLiteral(" holds a secret in base64")));
        }
    }
    QVERIFY(files >= 2); // the keyring and the settings file at least
}

void TestSecretStore::noBackendIsReported_data()
{
    QTest::addColumn<QString>("bus");
    QTest::newRow("bus without a Secret Service") << QStringLiteral("private");
    QTest::newRow("no session bus") << QString();
    QTest::newRow("bus address that does not answer")
        << QStringLiteral("unix:path=/nonexistent/dozor-bus");
}

void TestSecretStore::noBackendIsReported()
{
    QFETCH(QString, bus);
    // A child process, since this one keeps its first session bus.
    QTemporaryDir dir;
    std::unique_ptr<QProcess> busProcess;
    QString address = bus;
    if (bus == QLatin1String("private")) {
        QString error;
        busProcess = startBus(dir.path(), &address, &error);
        QVERIFY2(busProcess, qPrintable(error));
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (address.isEmpty())
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    else
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
    env.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
    env.remove(QStringLiteral("DISPLAY"));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {kChildFlag});
    QVERIFY(child.waitForFinished(60000));
    const QString out =
        QString::fromLocal8Bit(child.readAllStandardOutput() + child.readAllStandardError());
    if (busProcess) {
        busProcess->terminate();
        busProcess->waitForFinished(5000);
    }
    QVERIFY2(child.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(SecretStore::noKeychainMessage()), qPrintable(out));
}

/// The child of noBackendIsReported: a store and a load on a bus without a keychain.
static int noBackendChild()
{
    SecretStore store;
    const Datasource d = sample();
    const QString storeError = storeAndWait(store, d);
    QString loadError;
    const Datasource loaded = loadAndWait(store, withoutSecrets(d), &loadError);
    QTextStream out(stdout);
    out << "store: " << storeError << "\nload: " << loadError << '\n';
    const bool ok = storeError == SecretStore::noKeychainMessage() &&
                    loadError == SecretStore::noKeychainMessage() && store.noBackend() &&
                    !loaded.hasSecrets();
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && QString::fromLocal8Bit(argv[1]) == kChildFlag)
        return noBackendChild();
    TestSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
