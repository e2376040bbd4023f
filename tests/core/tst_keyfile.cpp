#include "core/keyfile.h"
#include "core/pinpolicy.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;

// The wrapped data key: the PIN (and a platform secret) unwrap it, anything else is refused, and a
// changed byte anywhere in the file is never taken for a key.
class TestKeyFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    static const KdfParams Cheap;

private Q_SLOTS:
    void pinUnwrapsTheKeyAndWrongPinIsLocked()
    {
        const QString file = path("pin.key");
        auto key = keyfile::create(file, "482913", nullptr, Cheap);
        QVERIFY2(key, qPrintable(key.errorString()));
        auto again = keyfile::unlock(file, "482913", nullptr);
        QVERIFY2(again, qPrintable(again.errorString()));
        QVERIFY(again.value()->equals(*key.value()));
        auto wrong = keyfile::unlock(file, "482914", nullptr);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::Locked);
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
        // A second create never replaces the key of existing data.
        QCOMPARE(keyfile::create(file, "111111", nullptr, Cheap).error().code, ErrorCode::Conflict);
    }

    void theFileHoldsItsParametersAndNoKey()
    {
        const QString file = path("params.key");
        const KdfParams params {3, quint64(64) << 10};
        auto key = keyfile::create(file, "482913", nullptr, params);
        QVERIFY(key);
        auto header = keyfile::readHeader(file);
        QVERIFY(header);
        QCOMPARE(header->kdf.opsLimit, params.opsLimit);
        QCOMPARE(header->kdf.memLimit, params.memLimit);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(!bytes.contains(QByteArray(reinterpret_cast<const char *>(key.value()->data()), 8)));
        QVERIFY(!bytes.contains("482913"));
    }

    void aPlatformSecretIsNeededToo()
    {
        const QString file = path("platform.key");
        auto platform = SecretKey::random();
        auto key = keyfile::create(file, "482913", platform.get(), Cheap, QStringLiteral("store-secret-1"));
        QVERIFY(key);
        QCOMPARE(keyfile::readHeader(file)->platformSecretName, QStringLiteral("store-secret-1"));
        QVERIFY(keyfile::readHeader(file)->needsPlatformSecret);
        // The PIN alone, or with another secret, is not enough: a copy of the files is not.
        QCOMPARE(keyfile::unlock(file, "482913", nullptr).error().code, ErrorCode::Locked);
        QCOMPARE(keyfile::unlock(file, "482913", SecretKey::random().get()).error().code, ErrorCode::Locked);
        auto ok = keyfile::unlock(file, "482913", platform.get());
        QVERIFY2(ok, qPrintable(ok.errorString()));
        QVERIFY(ok.value()->equals(*key.value()));
    }

    void rewrapChangesThePinButNotTheKey()
    {
        const QString file = path("rewrap.key");
        auto key = keyfile::create(file, "482913", nullptr, Cheap);
        QVERIFY(key);
        QVERIFY(keyfile::rewrap(file, *key.value(), "907531", nullptr, Cheap));
        QCOMPARE(keyfile::unlock(file, "482913", nullptr).error().code, ErrorCode::Locked);
        auto ok = keyfile::unlock(file, "907531", nullptr);
        QVERIFY(ok);
        QVERIFY(ok.value()->equals(*key.value()));
    }

    void everyChangedByteIsRefused()
    {
        const QString file = path("flip.key");
        QVERIFY(keyfile::create(file, "482913", nullptr, Cheap));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        f.close();
        for (qsizetype i = 0; i < original.size(); ++i) {
            QByteArray changed = original;
            changed[i] = char(changed.at(i) ^ 0x01);
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(changed);
            out.close();
            auto result = keyfile::unlock(file, "482913", nullptr);
            QVERIFY2(!result, qPrintable(QStringLiteral("byte %1 changed, still unlocked").arg(i)));
            QVERIFY(result.error().code == ErrorCode::Locked || result.error().code == ErrorCode::Tampered);
        }
        QCOMPARE(keyfile::unlock(path("missing.key"), "482913", nullptr).error().code, ErrorCode::NotFound);
    }

    void trivialPinsAreRefused()
    {
        for (const char *pin : {"12345", "123456", "987654", "890123", "111111", "121212", "12a456", ""})
            QVERIFY2(!pinpolicy::problem(QString::fromLatin1(pin)).isEmpty(), pin);
        for (const char *pin : {"482913", "907531", "1357924680", "112233"})
            QVERIFY2(pinpolicy::problem(QString::fromLatin1(pin)).isEmpty(), pin);
        QCOMPARE(pinpolicy::problem(u"12345"), QStringLiteral("PIN-koden må ha minst 6 sifre."));
    }

    void costlyParametersInAFileAreRefused()
    {
        KdfParams huge {3, quint64(4) << 30};
        QVERIFY(!huge.isValid());
        QVERIFY(!keyfile::create(path("huge.key"), "482913", nullptr, huge));
        QVERIFY(KdfParams::standard().isValid());
    }
};

const KdfParams TestKeyFile::Cheap = KdfParams::cheapForTests();

QTEST_GUILESS_MAIN(TestKeyFile)
#include "tst_keyfile.moc"
