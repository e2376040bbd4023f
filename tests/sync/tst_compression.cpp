#include "sync/compression.h"

#include <QRandomGenerator>
#include <QTest>

using namespace feltnotat;

class TestCompression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QByteArray data;
        for (int i = 0; i < 2000; ++i)
            data += "{\"name\":[\"Kari S\xc3\xb8"
                    "berg\",\"019a8e1c2f000001-abc\"]},";
        const QByteArray packed = compression::gzip(data);
        QVERIFY(packed.size() < data.size() / 5);
        QVERIFY(packed.startsWith("\x1f\x8b")); // gzip magic, so HTTP clients understand it
        auto unpacked = compression::gunzip(packed, 10 * 1024 * 1024);
        QVERIFY(unpacked.ok());
        QCOMPARE(unpacked.value(), data);
    }

    void bombIsRefused()
    {
        const QByteArray zeros(64 * 1024 * 1024, '\0');
        const QByteArray bomb = compression::gzip(zeros);
        QVERIFY(bomb.size() < 1024 * 1024);
        auto r = compression::gunzip(bomb, 32 * 1024 * 1024);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::TooLarge);
    }

    void garbageAndTruncationAreErrors()
    {
        QVERIFY(!compression::gunzip(QByteArrayLiteral("not gzip at all"), 1024).ok());
        QByteArray data(100000, 'x');
        for (char &c : data)
            c = char('a' + QRandomGenerator::global()->bounded(26));
        const QByteArray packed = compression::gzip(data);
        QVERIFY(!compression::gunzip(packed.left(packed.size() / 2), 1024 * 1024).ok());
        QByteArray flipped = packed;
        flipped[flipped.size() / 2] = char(flipped.at(flipped.size() / 2) ^ 0x55);
        auto r = compression::gunzip(flipped, 1024 * 1024);
        QVERIFY(!r.ok() || r.value() != data); // the CRC check catches a corrupted payload
        QVERIFY(!r.ok());
        // Bytes after the end of the gzip body (security review, info): refused, not ignored.
        QVERIFY(!compression::gunzip(packed + "garbage", 1024 * 1024).ok());
        QVERIFY(!compression::gunzip(packed + packed, 1024 * 1024).ok());
        QCOMPARE(compression::gunzip(packed, 1024 * 1024).value(), data);
    }
};

QTEST_GUILESS_MAIN(TestCompression)
#include "tst_compression.moc"
