#include "clirunner.h"
#include "core/encryptedvfs.h"
#include "core/store.h"
#include "support/leakscan.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;
using clitest::Run;

// feltnotat-cli opens only encrypted stores: the PIN from an owner-only file or a descriptor, exit
// code 5 when it is missing or wrong, nothing readable on disk, plain stores of earlier versions
// encrypted on their first use.
class TestCliStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString writePin(const char *name, const QByteArray &content, QFileDevice::Permissions permissions)
    {
        const QString path = m_tmp.filePath(QString::fromLatin1(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        file.close();
        QFile::setPermissions(path, permissions);
        return path;
    }
    static Run cli(const QString &dir, const QStringList &args, const QByteArray &input = {})
    {
        return clitest::run(QStringList {QStringLiteral("--data"), dir} + args, input);
    }
    static QStringList add(const QString &name)
    {
        return {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=") + name};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void withoutAPinTheStoreIsLocked()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("nopin"));
        const Run r = cli(dir, {QStringLiteral("list"), QStringLiteral("participant")});
        QVERIFY2(r.exitCode == 5, r.describe());
        QVERIFY2(r.errText().contains(QStringLiteral("--pin-file")), r.describe());
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("feltnotat.db")))); // nothing made
        // An empty first line is no PIN either.
        const QString empty = writePin("empty", "\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(cli(dir, {QStringLiteral("--pin-file"), empty, QStringLiteral("status")}).exitCode, 5);
    }

    void theFirstUseMakesAnEncryptedStoreAndTheWrongPinIsLocked()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("made"));
        const QString marker = leakscan::newMarker(QStringLiteral("Sølvi"));
        const Run added = clitest::on(dir, add(marker));
        QVERIFY2(added.exitCode == 0, added.describe());
        QCOMPARE(encryptedvfs::probe(QDir(dir).filePath(QStringLiteral("feltnotat.db"))),
            encryptedvfs::FileFormat::Encrypted);
        const QStringList leaks = leakscan::findMarkers(dir, {marker});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));

        const QString wrong = writePin("wrong", "582048\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Run refused = cli(dir, {QStringLiteral("--pin-file"), wrong, QStringLiteral("search"), marker});
        QVERIFY2(refused.exitCode == 5, refused.describe());
        QVERIFY2(refused.errText().contains(QStringLiteral("Feil PIN-kode")), refused.describe());
        QVERIFY(refused.out.isEmpty());
        const Run found = clitest::on(dir, {QStringLiteral("search"), marker});
        QVERIFY2(found.exitCode == 0 && found.outText().contains(marker), found.describe());
    }

    void thePinComesFromADescriptor()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("fd"));
        const Run added = cli(dir,
            QStringList {QStringLiteral("--pin-fd"), QStringLiteral("0")} + add(QStringLiteral("Fra røret")),
            clitest::pin() + '\n');
        QVERIFY2(added.exitCode == 0, added.describe());
        const Run listed = clitest::on(dir, {QStringLiteral("list"), QStringLiteral("participant")});
        QVERIFY2(listed.outText().contains(QStringLiteral("Fra røret")), listed.describe());
        const Run bad = cli(dir, {QStringLiteral("--pin-fd"), QStringLiteral("x"), QStringLiteral("status")});
        QVERIFY2(bad.exitCode == 2, bad.describe());
    }

    void aPinFileOthersMayReadIsRefused()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("open"));
        const QString path = writePin("readable", clitest::pin() + '\n',
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
        const Run r
            = cli(dir, QStringList {QStringLiteral("--pin-file"), path} + add(QStringLiteral("Ikke lagret")));
        QVERIFY2(r.exitCode == 2, r.describe());
        QVERIFY2(r.errText().contains(QStringLiteral("chmod 600")), r.describe());
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("feltnotat.db"))));
    }

    void aTrivialPinIsRefusedForANewStore()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("trivial"));
        const QString path
            = writePin("trivial", "123456\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Run r
            = cli(dir, QStringList {QStringLiteral("--pin-file"), path} + add(QStringLiteral("Ikke lagret")));
        QVERIFY2(r.exitCode == 1, r.describe());
        QVERIFY2(r.errText().contains(QStringLiteral("for lett å gjette")), r.describe());
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("feltnotat.key"))));
    }

    void aPlainStoreOfAnEarlierVersionIsEncrypted()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("plain"));
        QVERIFY(QDir().mkpath(dir));
        const QString marker = leakscan::newMarker(QStringLiteral("Åsmund"));
        {
            auto store = Store::open(QDir(dir).filePath(QStringLiteral("feltnotat.db"))); // no key: plain
            QVERIFY(store);
            QVERIFY(store.value()->create(QStringLiteral("participant"), testdata::participant(marker)));
        }
        QVERIFY(!leakscan::findMarkers(dir, {marker}).isEmpty());
        const Run found = clitest::on(dir, {QStringLiteral("search"), marker});
        QVERIFY2(found.exitCode == 0 && found.outText().contains(marker), found.describe());
        const QStringList leaks = leakscan::findMarkers(dir, {marker});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
