// The device's data folder at rest, through Session (the code the app and the CLI open it with): the
// store is encrypted under a key wrapped by the PIN (and a platform secret where there is one); no
// file in the folder holds any written text, after a clean close or a SIGKILL with the last commits
// still in the WAL; a plain store of an earlier version is encrypted on the first open with a PIN.
#include "app/common/devicekey.h"
#include "app/common/session.h"
#include "core/encryptedvfs.h"
#include "core/storequeries.h"
#include "support/leakscan.h"
#include "support/testdata.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;

namespace {

// A platform key store that lives in memory: a stand-in for the Android Keystore and the iOS
// Keychain, whose real implementations cannot be built here.
class MemoryKeyStore final : public KeyStore
{
public:
    QHash<QString, QString> entries;
    Result<QString> read(const QString &key) override
    {
        if (!entries.contains(key))
            return makeError(ErrorCode::NotFound, QStringLiteral("no such entry"));
        return entries.value(key);
    }
    Status write(const QString &key, const QString &secret) override
    {
        entries.insert(key, secret);
        return Status::success();
    }
    Status remove(const QString &key) override
    {
        entries.remove(key);
        return Status::success();
    }
    QString describe() const override { return QStringLiteral("memory"); }
};

const QByteArray Pin = QByteArrayLiteral("482913");

} // namespace

class TestDeviceStore : public QObject
{
    Q_OBJECT

private:
    static Result<std::unique_ptr<Session>> open(
        const QString &dir, const QByteArray &pin, std::shared_ptr<KeyStore> platform = nullptr)
    {
        Session::Options options;
        options.dataDir = dir;
        options.pin = pin;
        options.kdf = KdfParams::cheapForTests();
        options.keyStore = KeyStore::Kind::File;
        options.watchNetwork = false;
        options.platformKeyStore = std::move(platform);
        return Session::open(options);
    }

    static int countNamed(Session &session, const QStringList &markers)
    {
        int found = 0;
        for (const QString &marker : markers)
            found += StoreQueries(session.store()).idByName(QStringLiteral("participant"), marker).isEmpty()
                ? 0
                : 1;
        return found;
    }

    static QStringList markers(int n)
    {
        QStringList list;
        for (int i = 0; i < n; ++i)
            list << leakscan::newMarker(QStringLiteral("Ødegård"));
        return list;
    }

    static QProcess *startWriter(const QString &dir, const QString &mode, const QStringList &markers)
    {
        auto *writer = new QProcess;
        writer->start(QStringLiteral(FELTNOTAT_SESSIONWRITER),
            QStringList {dir, QString::fromUtf8(Pin), mode} + markers);
        return writer;
    }

private Q_SLOTS:
    void thePinOpensTheStoreAndNothingElseDoes()
    {
        QTemporaryDir dir;
        const QStringList written = markers(3);
        {
            auto session = open(dir.path(), Pin);
            QVERIFY2(session, qPrintable(session.errorString()));
            QVERIFY(session.value()->isEncrypted());
            for (const QString &m : written)
                QVERIFY(
                    session.value()->store().create(QStringLiteral("participant"), testdata::participant(m)));
        }
        QCOMPARE(encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::Encrypted);
        QVERIFY(devicekey::exists(dir.path()));
        auto wrong = open(dir.path(), "482914");
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::Locked);
        QCOMPARE(wrong.error().message, QStringLiteral("Feil PIN-kode."));
        // Once a folder has a key, no PIN is no way in (not a fresh plain store either).
        auto none = open(dir.path(), {});
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Locked);
        auto right = open(dir.path(), Pin);
        QVERIFY2(right, qPrintable(right.errorString()));
        QCOMPARE(countNamed(*right.value(), written), 3);
    }

    void noMarkerInAnyFileAfterACleanClose()
    {
        QTemporaryDir dir;
        const QStringList written = markers(20);
        std::unique_ptr<QProcess> writer(startWriter(dir.path(), QStringLiteral("close"), written));
        QVERIFY(writer->waitForFinished(60'000));
        QVERIFY2(writer->exitCode() == 0, writer->readAllStandardError().constData());
        const QStringList leaks = leakscan::findMarkers(dir.path(), written);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        auto session = open(dir.path(), Pin);
        QVERIFY2(session, qPrintable(session.errorString()));
        QCOMPARE(countNamed(*session.value(), written), written.size()); // the markers were written
    }

    void noMarkerInAnyFileAfterSigkillWithTheWalUncheckpointed()
    {
        QTemporaryDir dir;
        const QStringList written = markers(20);
        std::unique_ptr<QProcess> writer(startWriter(dir.path(), QStringLiteral("wait"), written));
        QVERIFY2(writer->waitForReadyRead(60'000), writer->readAllStandardError().constData());
        QCOMPARE(writer->readLine().trimmed(), QByteArrayLiteral("written"));
        // The commits are in the WAL, not yet copied into the database file.
        const QFileInfo wal(Session::databasePath(dir.path()) + QStringLiteral("-wal"));
        QVERIFY2(wal.exists() && wal.size() > 0, "the last commits should still be in the WAL");
        writer->kill(); // SIGKILL
        QVERIFY(writer->waitForFinished(10'000));
        QVERIFY(QFileInfo(Session::databasePath(dir.path()) + QStringLiteral("-wal")).size() > 0);
        const QStringList leaks = leakscan::findMarkers(dir.path(), written);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        auto session = open(dir.path(), Pin);
        QVERIFY2(session, qPrintable(session.errorString()));
        QCOMPARE(countNamed(*session.value(), written), written.size());
    }

    void aPlainStoreOfAnEarlierVersionIsEncryptedOnFirstOpen()
    {
        QTemporaryDir dir;
        const QStringList written = markers(5);
        {
            auto plain = open(dir.path(), {}); // as earlier versions opened it
            QVERIFY2(plain, qPrintable(plain.errorString()));
            QVERIFY(!plain.value()->isEncrypted());
            for (const QString &m : written)
                QVERIFY(
                    plain.value()->store().create(QStringLiteral("participant"), testdata::participant(m)));
        }
        QCOMPARE(
            encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::PlainSqlite);
        QVERIFY(!leakscan::findMarkers(dir.path(), written).isEmpty()); // the scan sees plain text
        {
            auto session = open(dir.path(), Pin);
            QVERIFY2(session, qPrintable(session.errorString()));
            QVERIFY(session.value()->isEncrypted());
            QCOMPARE(countNamed(*session.value(), written), written.size());
        }
        const QStringList leaks = leakscan::findMarkers(dir.path(), written);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        QCOMPARE(encryptedvfs::probe(Session::databasePath(dir.path())), encryptedvfs::FileFormat::Encrypted);
        // The plain files (database, WAL, shm) and the half-way copies are gone.
        const QStringList expected {QStringLiteral("feltnotat.db"), QStringLiteral("feltnotat.db-wal"),
            QStringLiteral("feltnotat.key")};
        for (const QString &file : QDir(dir.path()).entryList(QDir::Files | QDir::Hidden))
            QVERIFY2(expected.contains(file), qPrintable(file));
    }

    void changingThePinKeepsTheData()
    {
        QTemporaryDir dir;
        const QStringList written = markers(2);
        {
            auto session = open(dir.path(), Pin);
            QVERIFY(session);
            for (const QString &m : written)
                QVERIFY(
                    session.value()->store().create(QStringLiteral("participant"), testdata::participant(m)));
            QVERIFY(session.value()->changePin("907531", KdfParams::cheapForTests()));
        }
        QCOMPARE(open(dir.path(), Pin).error().code, ErrorCode::Locked);
        auto session = open(dir.path(), "907531");
        QVERIFY2(session, qPrintable(session.errorString()));
        QCOMPARE(countNamed(*session.value(), written), written.size());
    }

    void withAPlatformKeyStoreThePinAloneIsNotEnough()
    {
        QTemporaryDir dir;
        auto platform = std::make_shared<MemoryKeyStore>();
        {
            auto session = open(dir.path(), Pin, platform);
            QVERIFY2(session, qPrintable(session.errorString()));
            QCOMPARE(platform->entries.size(), 1);
        }
        // A copy of the folder on another device: the right PIN, but no platform secret.
        QCOMPARE(open(dir.path(), Pin).error().code, ErrorCode::Locked);
        QCOMPARE(open(dir.path(), Pin, std::make_shared<MemoryKeyStore>()).error().code, ErrorCode::Locked);
        QVERIFY(open(dir.path(), Pin, platform));
        // Shredding destroys the platform secret, the key and the files.
        QVERIFY(devicekey::shred(dir.path(), platform.get()));
        QVERIFY(platform->entries.isEmpty());
        QVERIFY(!devicekey::exists(dir.path()));
        QVERIFY(!QFile::exists(Session::databasePath(dir.path())));
    }

    void removeDataShredsTheKeyAndTheFiles()
    {
        QTemporaryDir dir;
        QVERIFY(open(dir.path(), Pin));
        QVERIFY(Session::removeData(dir.path(), KeyStore::Kind::File));
        QVERIFY(!devicekey::exists(dir.path()));
        QVERIFY(!QFile::exists(Session::databasePath(dir.path())));
        // A new PIN makes a new, empty store.
        auto fresh = open(dir.path(), "135792");
        QVERIFY2(fresh, qPrintable(fresh.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestDeviceStore)
#include "tst_devicestore.moc"
