// The Debian package a user installs: `cpack -G DEB` from this build tree, unpacked
// into a scratch root (no root rights needed), must hold the binary, the desktop
// file, the AppStream metainfo, the icon and the bundled dashboards; declare its
// Debian dependencies; pass the freedesktop validators; and its binary must run.
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestPackaging final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void packageDeclaresItsDependencies();
    void packageHoldsDesktopIntegration();
    void validatorsAcceptDesktopFiles();
    void installedBinaryRuns();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run run(const QString &program, const QStringList &args, int timeoutMs = 300000);

    QTemporaryDir m_dir;
    QString m_deb;
    QString m_root;
};

TestPackaging::Run TestPackaging::run(const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out: " + program.toUtf8();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestPackaging::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString out = m_dir.filePath(QStringLiteral("out"));
    const Run cpack = run(QStringLiteral("cpack"),
                          {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                           QStringLiteral(DOZOR_BINARY_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out});
    QVERIFY2(cpack.exitCode == 0, cpack.out.constData() + cpack.err);
    const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
    QCOMPARE(debs.size(), 1);
    m_deb = QDir(out).filePath(debs.first());
    QVERIFY2(debs.first().startsWith(QStringLiteral("dozor_" DOZOR_VERSION)), qPrintable(debs.first()));

    m_root = m_dir.filePath(QStringLiteral("root"));
    const Run extract = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
    QVERIFY2(extract.exitCode == 0, extract.err.constData());
}

void TestPackaging::packageDeclaresItsDependencies()
{
    const Run fields = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), m_deb, QStringLiteral("Package"),
                                                        QStringLiteral("Version"), QStringLiteral("Depends")});
    QCOMPARE(fields.exitCode, 0);
    const QString text = QString::fromUtf8(fields.out);
    QVERIFY2(text.contains(QStringLiteral("Package: dozor")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Version: " DOZOR_VERSION)), qPrintable(text));
    // From dpkg-shlibdeps: the Qt libraries the binary links, with versions.
    for (const char *lib : {"libqt6charts6", "libqt6widgets6", "libqt6network6", "libqt6core6", "qt6-qpa-plugins"})
        QVERIFY2(text.contains(QLatin1String(lib)), qPrintable(QStringLiteral("%1 missing from: %2").arg(QLatin1String(lib), text)));
}

void TestPackaging::packageHoldsDesktopIntegration()
{
    for (const char *path : {"usr/bin/dozor", "usr/share/applications/io.github.dozor.Dozor.desktop",
                             "usr/share/metainfo/io.github.dozor.Dozor.metainfo.xml",
                             "usr/share/icons/hicolor/scalable/apps/io.github.dozor.Dozor.svg",
                             "usr/share/dozor/dashboards/api-performance.json",
                             "usr/share/dozor/dashboards/runbooks/api-latency.md"})
        QVERIFY2(QFileInfo::exists(m_root + QLatin1Char('/') + QLatin1String(path)), path);
    QVERIFY(QFileInfo(m_root + QStringLiteral("/usr/bin/dozor")).isExecutable());
}

void TestPackaging::validatorsAcceptDesktopFiles()
{
    const Run desktop = run(QStringLiteral("desktop-file-validate"),
                            {m_root + QStringLiteral("/usr/share/applications/io.github.dozor.Dozor.desktop")});
    QVERIFY2(desktop.exitCode == 0, desktop.out.constData() + desktop.err);
    const Run appstream = run(QStringLiteral("appstreamcli"),
                              {QStringLiteral("validate"), QStringLiteral("--no-net"),
                               m_root + QStringLiteral("/usr/share/metainfo/io.github.dozor.Dozor.metainfo.xml")});
    QVERIFY2(appstream.exitCode == 0, appstream.out.constData() + appstream.err);
}

void TestPackaging::installedBinaryRuns()
{
    const QString dozor = m_root + QStringLiteral("/usr/bin/dozor");
    const Run version = run(dozor, {QStringLiteral("--version")}, 30000);
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(QString::fromUtf8(version.out).trimmed(), QStringLiteral("dozor " DOZOR_VERSION));
    // The installed dashboards are the bundled ones, and they check clean.
    const Run check = run(dozor, {QStringLiteral("check"),
                                  m_root + QStringLiteral("/usr/share/dozor/dashboards/api-performance.json")},
                          30000);
    QVERIFY2(check.exitCode == 0, check.out.constData() + check.err);
    QVERIFY(check.out.contains("API Performance"));
}

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
