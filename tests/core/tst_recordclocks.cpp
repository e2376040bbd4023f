#include "core/record.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace feltnotat;

// The clocks column of a row: grouped by clock, deterministic, and the older per-field form still read.
class TestRecordClocks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldsSharingAClockAreWrittenOnce()
    {
        const QString a = QStringLiteral("0000000003e80005-devicea");
        const QString b = QStringLiteral("0000000003e80009-deviceb");
        const QHash<QString, QString> clocks {{QStringLiteral("stage"), b}, {QStringLiteral("name"), a},
            {QStringLiteral("team"), a}, {QStringLiteral("phone"), b}};
        QCOMPARE(clocksToJson(clocks),
            QByteArray(
                R"({"0000000003e80005-devicea":["name","team"],"0000000003e80009-deviceb":["phone","stage"]})"));
        QCOMPARE(clocksFromJson(clocksToJson(clocks)), clocks);
    }

    void emptyClocksRoundTrip()
    {
        QCOMPARE(clocksToJson({}), QByteArray("{}"));
        QVERIFY(clocksFromJson("{}").isEmpty());
    }

    void unusualTextIsEscapedAndRoundTrips_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("quote") << QStringLiteral("a\"b");
        QTest::newRow("backslash") << QStringLiteral("a\\b");
        QTest::newRow("control") << QStringLiteral("a\nb\x01");
        QTest::newRow("non-ascii") << QStringLiteral("område-ø");
    }
    void unusualTextIsEscapedAndRoundTrips()
    {
        QFETCH(QString, field);
        const QHash<QString, QString> clocks {{field, QStringLiteral("0000000003e80005-x")}};
        const QByteArray json = clocksToJson(clocks);
        QJsonParseError error;
        QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(clocksFromJson(json), clocks);
    }

    void olderPerFieldFormIsRead()
    {
        const QByteArray old = R"({"name":"0000000003e80005-devicea","stage":"0000000003e80009-deviceb"})";
        const QHash<QString, QString> expected {
            {QStringLiteral("name"), QStringLiteral("0000000003e80005-devicea")},
            {QStringLiteral("stage"), QStringLiteral("0000000003e80009-deviceb")}};
        QCOMPARE(clocksFromJson(old), expected);
    }

    void garbageReadsAsNoClocks()
    {
        QVERIFY(clocksFromJson("not json").isEmpty());
        QVERIFY(clocksFromJson("").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecordClocks)
#include "tst_recordclocks.moc"
