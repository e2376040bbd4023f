// Password hashes (Argon2id) and device tokens: the two secrets the server keeps.
#include "server/devicetoken.h"
#include "server/passwordhasher.h"

#include <QSet>
#include <QTest>

using namespace feltnotat::server;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashIsArgon2idAndVerifies()
    {
        auto hash = PasswordHasher::hash(QStringLiteral("riktig-hest-batteri"));
        QVERIFY2(hash.ok(), qPrintable(hash.errorString()));
        QVERIFY(hash.value().startsWith(u"$argon2id$"));
        QVERIFY(!hash.value().contains(u"riktig"));
        QVERIFY(PasswordHasher::verify(hash.value(), QStringLiteral("riktig-hest-batteri")));
        QVERIFY(!PasswordHasher::verify(hash.value(), QStringLiteral("riktig-hest-batteri ")));
        QVERIFY(!PasswordHasher::verify(hash.value(), QString()));
    }

    void samePasswordGivesDifferentHashes()
    {
        const auto a = PasswordHasher::hash(QStringLiteral("passord123"));
        const auto b = PasswordHasher::hash(QStringLiteral("passord123"));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value() != b.value()); // salted
    }

    void nonAsciiPasswords()
    {
        const QString password = QStringLiteral("blåbærsyltetøy-Æ");
        auto hash = PasswordHasher::hash(password);
        QVERIFY(hash.ok());
        QVERIFY(PasswordHasher::verify(hash.value(), password));
        QVERIFY(!PasswordHasher::verify(hash.value(), QStringLiteral("blabaersyltetoy-AE")));
    }

    void garbageHashNeverVerifies()
    {
        QVERIFY(!PasswordHasher::verify(QString(), QStringLiteral("x")));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("$argon2id$v=19$garbage"), QStringLiteral("x")));
        QVERIFY(!PasswordHasher::verify(QString(500, u'a'), QStringLiteral("x")));
        PasswordHasher::verifyDummy(QStringLiteral("whatever")); // must not crash
    }

    void tokensAreRandomAndWellFormed()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString token = DeviceToken::generate();
            QCOMPARE(token.size(), 43);
            QVERIFY(DeviceToken::looksValid(token));
            QVERIFY(!seen.contains(token));
            seen.insert(token);
        }
    }

    void tokenHashIsSha256Hex()
    {
        const QString token = DeviceToken::generate();
        const QString hash = DeviceToken::hash(token);
        QCOMPARE(hash.size(), 64);
        QCOMPARE(hash, DeviceToken::hash(token));
        QVERIFY(hash != DeviceToken::hash(DeviceToken::generate()));
        QVERIFY(!hash.contains(token));
        // The known SHA-256 of "abc".
        QCOMPARE(DeviceToken::hash(QStringLiteral("abc")),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void tokenShapeCheck()
    {
        QVERIFY(!DeviceToken::looksValid(QString()));
        QVERIFY(!DeviceToken::looksValid(QString(42, u'a')));
        QVERIFY(!DeviceToken::looksValid(QString(44, u'a')));
        QVERIFY(!DeviceToken::looksValid(QString(QString(42, u'a') + u'=')));
        QVERIFY(!DeviceToken::looksValid(QString(QString(42, u'a') + u'\'')));
        QVERIFY(DeviceToken::looksValid(QString(QString(41, u'a') + QStringLiteral("-_"))));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
