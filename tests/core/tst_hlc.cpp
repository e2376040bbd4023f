#include "core/hlc.h"

#include <QTest>

using namespace feltnotat;

class TestHlc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textSortsLikeClock()
    {
        const Hlc a {1000, 5, QStringLiteral("b")};
        const Hlc b {1000, 6, QStringLiteral("a")};
        const Hlc c {1001, 0, QStringLiteral("a")};
        QVERIFY(a < b);
        QVERIFY(b < c);
        QVERIFY(a.toString() < b.toString());
        QVERIFY(b.toString() < c.toString());
        QCOMPARE(Hlc::parse(a.toString()).value(), a);
    }

    // The text form is written digit by digit (Hlc::toString): twelve lower-case hex digits of the wall time,
    // four of the counter, then the node; the extremes of both and a node of any allowed length.
    void textFormHasFixedDigits()
    {
        QCOMPARE(
            Hlc({1000, 5, QStringLiteral("devicea")}).toString(), QStringLiteral("0000000003e80005-devicea"));
        QCOMPARE(Hlc({0, 0, QStringLiteral("n")}).toString(), QStringLiteral("0000000000000000-n"));
        QCOMPARE(Hlc({0xffffffffffffLL, Hlc::MaxCounter, QStringLiteral("Z_9")}).toString(),
            QStringLiteral("ffffffffffffffff-Z_9"));
        QCOMPARE(Hlc({0x19abcdef012LL, 0xa0b, QString(64, u'x')}).toString(),
            QStringLiteral("019abcdef0120a0b-") + QString(64, u'x'));
        QCOMPARE(Hlc({0x1000000000000LL, 0x10000, QStringLiteral("a")}).toString(),
            QStringLiteral("100000000000010000-a")); // wider than the digits: written whole, not cut
        for (const Hlc &h :
            {Hlc {1000, 5, QStringLiteral("devicea")}, Hlc {0x19abcdef012LL, 7, QStringLiteral("b")}})
            QCOMPARE(Hlc::parse(h.toString()).value(), h);
    }

    void parseRejectsGarbage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("no node") << QStringLiteral("0000000003e80005-");
        QTest::newRow("uppercase hex") << QStringLiteral("0000000003E80005-a");
        QTest::newRow("short") << QStringLiteral("3e80005-a");
        QTest::newRow("bad node") << QStringLiteral("0000000003e80005-a b");
        QTest::newRow("sql") << QStringLiteral("0000000003e80005-';drop");
    }
    void parseRejectsGarbage()
    {
        QFETCH(QString, text);
        QVERIFY(!Hlc::parse(text));
    }

    void strictlyIncreasingWhenWallClockStandsStill()
    {
        ManualClock wall(5000);
        HlcClock clock(&wall, QStringLiteral("dev"));
        Hlc prev = clock.now();
        for (int i = 0; i < 70000; ++i) { // past the 16-bit counter
            const Hlc next = clock.now();
            QVERIFY(prev < next);
            prev = next;
        }
    }

    void strictlyIncreasingWhenWallClockGoesBack()
    {
        ManualClock wall(5000);
        HlcClock clock(&wall, QStringLiteral("dev"));
        const Hlc a = clock.now();
        wall.setNowMs(1000);
        QVERIFY(a < clock.now());
    }

    void observeMovesPastRemote()
    {
        ManualClock wall(5000);
        HlcClock clock(&wall, QStringLiteral("dev"));
        clock.observe(Hlc {9000, 3, QStringLiteral("other")}, 60'000);
        const Hlc next = clock.now();
        QCOMPARE(next.wallMs, 9000);
        QCOMPARE(next.counter, 4u);
    }

    void observeIgnoresFarFuture()
    {
        ManualClock wall(5000);
        HlcClock clock(&wall, QStringLiteral("dev"));
        clock.observe(Hlc {5000 + 3'600'000, 0, QStringLiteral("broken")}, 60'000);
        QCOMPARE(clock.now().wallMs, 5000);
    }
};

QTEST_GUILESS_MAIN(TestHlc)
#include "tst_hlc.moc"
