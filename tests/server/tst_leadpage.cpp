// The lead reports page in a real browser (issue 17 item 4): Debian's chromium, driven headless by
// tests/web/leadpage.mjs (playwright-core from npm), against the real server over HTTPS with the
// demo data set. The script signs in, reads the figures, picks a period, downloads the CSV, checks
// the session cookie and signs out, on a laptop and on a phone; the screenshots go to
// build/<preset>/screens/reports/ for a person to look at.
#include "support/serverprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using testserver::ServerProcess;

class TestLeadPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLeadReadsTheReportsInChromium()
    {
        const QString script = QStringLiteral(FELTNOTAT_SOURCE_DIR "/tests/web/leadpage.mjs");
        const bool ready = QFileInfo::exists(QStringLiteral(
                               FELTNOTAT_SOURCE_DIR "/scripts/web/node_modules/playwright-core"))
            && QFileInfo::exists(QStringLiteral("/usr/bin/chromium"));
        if (!ready) {
            if (qEnvironmentVariable("FELTNOTAT_REQUIRE_BROWSER") == u"1")
                QFAIL("chromium or playwright-core missing (scripts/test installs both)");
            QSKIP("chromium or scripts/web/node_modules missing (scripts/test installs both)");
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A certificate for this test only: the session cookie is Secure, as behind nginx.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost")});
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
        QFile::setPermissions(dir.filePath(QStringLiteral("key.pem")), QFile::ReadOwner | QFile::WriteOwner);

        ServerProcess::Options options;
        options.tlsCert = dir.filePath(QStringLiteral("cert.pem"));
        options.tlsKey = dir.filePath(QStringLiteral("key.pem"));
        ServerProcess server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(server.admin({QStringLiteral("seed-demo")}).exitCode, 0);
        QCOMPARE(server.admin({QStringLiteral("grant-lead"), QStringLiteral("demo")}).exitCode, 0);

        const QString screens = QStringLiteral(FELTNOTAT_SCREENS_DIR "/reports");
        QVERIFY(QDir().mkpath(screens));
        QProcess node;
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"),
            {script, server.url().toString(QUrl::StripTrailingSlash), QStringLiteral("demo"),
                QStringLiteral("demo"), screens});
        QVERIFY(node.waitForStarted(10000));
        const bool finished = node.waitForFinished(180000);
        const QByteArray output = node.readAll();
        if (!finished)
            node.kill();
        QVERIFY2(finished && node.exitCode() == 0, output.constData());
        for (const char *name : {"reports-laptop.png", "reports-phone.png", "reports-signin-laptop.png"})
            QVERIFY2(QFileInfo(screens + u'/' + QLatin1String(name)).size() > 10000, name);
    }
};

QTEST_GUILESS_MAIN(TestLeadPage)
#include "tst_leadpage.moc"
