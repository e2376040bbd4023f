#include "sync/backoff.h"

#include <QTest>

using namespace feltnotat;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void doublesUpToTheCap()
    {
        Backoff b([] { return 0.5; }); // no jitter at the midpoint
        QList<qint64> delays;
        for (int i = 0; i < 12; ++i)
            delays << b.nextDelayMs();
        QCOMPARE(delays.mid(0, 5), (QList<qint64> {2000, 4000, 8000, 16000, 32000}));
        QCOMPARE(delays.last(), 5 * 60 * 1000);
        for (int i = 1; i < delays.size(); ++i)
            QVERIFY(delays.at(i) >= delays.at(i - 1));
    }

    void jitterStaysWithinTwentyPercent()
    {
        double r = 0.0;
        Backoff low([&r] { return r; });
        r = 0.0;
        QCOMPARE(low.nextDelayMs(), 1600);
        Backoff high([] { return 0.999999; });
        QVERIFY(high.nextDelayMs() <= 2400);
        Backoff capped([] { return 0.999999; });
        for (int i = 0; i < 40; ++i)
            QVERIFY(capped.nextDelayMs() <= 360000);
    }

    void resetStartsOver()
    {
        Backoff b([] { return 0.5; });
        b.nextDelayMs();
        b.nextDelayMs();
        QCOMPARE(b.failures(), 2);
        b.reset();
        QCOMPARE(b.nextDelayMs(), 2000);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
