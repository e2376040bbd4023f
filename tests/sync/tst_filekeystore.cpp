#include "platform/filekeystore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;

class TestFileKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesSecretReadableByOwnerOnly()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("secrets"));
        FileKeyStore store(folder);
        QCOMPARE(store.read(QStringLiteral("sync-token")).error().code, ErrorCode::NotFound);
        QVERIFY(store.write(QStringLiteral("sync-token"), QStringLiteral("s3cr3t-token")).ok());
        QCOMPARE(store.read(QStringLiteral("sync-token")).value(), QStringLiteral("s3cr3t-token"));
        const QFile::Permissions p = QFile::permissions(QDir(folder).filePath(QStringLiteral("sync-token")));
        QCOMPARE(p & ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
            QFile::Permissions());
        const QFile::Permissions d = QFile::permissions(folder);
        QVERIFY(!(d & (QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup)));
    }

    void overwriteAndRemove()
    {
        QTemporaryDir dir;
        FileKeyStore store(dir.filePath(QStringLiteral("s")));
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("one")).ok());
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("two")).ok());
        QCOMPARE(store.read(QStringLiteral("k")).value(), QStringLiteral("two"));
        QVERIFY(store.remove(QStringLiteral("k")).ok());
        QCOMPARE(store.read(QStringLiteral("k")).error().code, ErrorCode::NotFound);
        QVERIFY(store.remove(QStringLiteral("k")).ok()); // removing twice is fine
    }

    void refusesWorldReadableSecret()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        FileKeyStore store(folder);
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("secret")).ok());
        QFile::setPermissions(QDir(folder).filePath(QStringLiteral("k")),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        QCOMPARE(store.read(QStringLiteral("k")).error().code, ErrorCode::Forbidden);
    }

    void rejectsPathTricks()
    {
        QTemporaryDir dir;
        FileKeyStore store(dir.filePath(QStringLiteral("s")));
        QVERIFY(!store.write(QStringLiteral("../escape"), QStringLiteral("x")).ok());
        QVERIFY(!store.write(QStringLiteral(".hidden"), QStringLiteral("x")).ok());
        QVERIFY(!store.write(QString(), QStringLiteral("x")).ok());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("escape"))));
    }
};

QTEST_GUILESS_MAIN(TestFileKeyStore)
#include "tst_filekeystore.moc"
