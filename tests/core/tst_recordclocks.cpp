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

    void recordTypeFormWritesTheSameText_data()
    {
        QTest::addColumn<QString>("entity");
        for (const EntitySpec &spec : Schema::instance().entities())
            QTest::newRow(qPrintable(spec.name)) << spec.name;
    }
    void recordTypeFormWritesTheSameText()
    {
        QFETCH(QString, entity);
        const EntitySpec &spec = *Schema::instance().entity(entity);
        const QString a = QStringLiteral("0000000003e80005-devicea");
        const QString b = QStringLiteral("0000000003e80009-deviceb");
        const QString c = QStringLiteral("0000000003e80001-devicec");
        QHash<QString, QString> shared; // names sharing the schema's text, as pulled records have them
        QHash<QString, QString> copied; // the same names in text of their own
        int k = 0;
        for (const FieldSpec &f : spec.fields) {
            const QString &clock = k % 5 == 0 ? b : (k % 7 == 0 ? c : a);
            if (k++ % 4 == 3)
                continue; // fields without a clock
            shared.insert(f.name, clock);
            copied.insert(QString(f.name.constData(), f.name.size()), clock);
        }
        QCOMPARE(clocksToJson(spec, shared), clocksToJson(shared));
        QCOMPARE(clocksToJson(spec, copied), clocksToJson(shared));
        QCOMPARE(clocksFromJson(clocksToJson(spec, shared)), shared);
        QHash<QString, QString> single;
        for (const FieldSpec &f : spec.fields)
            single.insert(f.name, a);
        QCOMPARE(clocksToJson(spec, single), clocksToJson(single));
        QCOMPARE(clocksToJson(spec, {}), QByteArray("{}"));
        shared.insert(QStringLiteral("not_a_field"), c); // written too, as the general form does
        QCOMPARE(clocksToJson(spec, shared), clocksToJson(shared));
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
