#include "core/idsource.h"
#include "core/schema.h"

#include <QDateTime>
#include <QJsonValue>
#include <QTest>

using namespace feltnotat;

class TestSchema : public QObject
{
    Q_OBJECT

    static const FieldSpec &field(const char *entity, const char *name)
    {
        return *Schema::instance().entity(QString::fromLatin1(entity))->field(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void indexOfNameFindsSharedAndCopiedNames()
    {
        for (const EntitySpec &spec : Schema::instance().entities()) {
            for (qsizetype i = 0; i < spec.fields.size(); ++i) {
                const QString &name = spec.fields.at(i).name;
                QCOMPARE(spec.indexOfName(name), i);
                QCOMPARE(spec.indexOfName(QString(name.constData(), name.size())), i);
            }
            QCOMPARE(spec.indexOfName(QStringLiteral("no_such_field")), qsizetype(-1));
            for (const QString &f :
                spec.titleFields + spec.bodyFields) // the search text is built from fields
                QVERIFY2(spec.field(f), qPrintable(spec.name + u'.' + f));
            QCOMPARE(spec.indexOfName(QString()), qsizetype(-1));
        }
    }

    void everyEntityHasSystemFields()
    {
        for (const EntitySpec &e : Schema::instance().entities()) {
            for (const QString &f :
                {sys::Team, sys::CreatedBy, sys::CreatedAt, sys::UpdatedBy, sys::UpdatedAt, sys::Deleted})
                QVERIFY2(e.field(f), qPrintable(e.name + u'.' + f));
        }
    }

    // A tombstone's deleted_over lists device ids: random, so their digits may read as a birth number,
    // which must not make every device set the tombstone aside. Only there: a birth number in any other
    // text, and any other text in deleted_over, is still refused.
    void deviceIdsAreNoBirthNumbers()
    {
        const FieldSpec &over = *Schema::instance().entity(u"encounter")->field(sys::DeletedOver);
        const QString ids
            = QStringLiteral("01010012356a3f2a9c41b07d5e6f0123 3f2a9c41b07d5e6f012301010012356a");
        QCOMPARE(Schema::normalize(over, ids).value().toString(), ids);
        QVERIFY(!Schema::normalize(over, QStringLiteral("fnr 01010012356")));
        const FieldSpec &createdBy = *Schema::instance().entity(u"encounter")->field(sys::CreatedBy);
        QVERIFY(!Schema::normalize(createdBy, QStringLiteral("01010012356a3f2a9c41")));
    }

    void normalizesByType()
    {
        QCOMPARE(
            Schema::normalize(field("participant", "phone"), QStringLiteral("912 34 567")).value().toString(),
            QStringLiteral("+4791234567"));
        QCOMPARE(Schema::normalize(field("employer", "org_number"), QStringLiteral("701 730 496"))
                     .value()
                     .toString(),
            QStringLiteral("701730496"));
        QCOMPARE(
            Schema::normalize(field("participant", "name"), QStringLiteral("  Kari  ")).value().toString(),
            QStringLiteral("Kari"));
        QVERIFY(Schema::normalize(field("participant", "name"), QStringLiteral("   ")).value().isNull());
        QCOMPARE(Schema::normalize(field("employment", "hours_per_week"), QStringLiteral("37,5"))
                     .value()
                     .toDouble(),
            37.5);
        QCOMPARE(Schema::normalize(field("encounter", "shareable_with_employer"), QStringLiteral("ja"))
                     .value()
                     .toBool(),
            true);
    }

    void rejectsWithFieldAndMessage_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("fieldName");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("bad orgnr") << "employer"
                                   << "org_number" << QVariant(QStringLiteral("123456789"));
        QTest::newRow("unknown enum") << "participant"
                                      << "stage" << QVariant(QStringLiteral("hired"));
        QTest::newRow("too long name") << "participant"
                                       << "name" << QVariant(QString(201, u'x'));
        QTest::newRow("newline in name") << "participant"
                                         << "name" << QVariant(QStringLiteral("a\nb"));
        QTest::newRow("birth number in note") << "encounter"
                                              << "note" << QVariant(QStringLiteral("01010012356"));
        QTest::newRow("bad date") << "task"
                                  << "due_date" << QVariant(QStringLiteral("31.12.2026"));
        QTest::newRow("latitude range") << "encounter"
                                        << "latitude" << QVariant(91.0);
        QTest::newRow("not an integer") << "encounter"
                                        << "duration_minutes" << QVariant(1.5);
        QTest::newRow("bad ref") << "encounter"
                                 << "participant_id" << QVariant(QStringLiteral("x' OR 1=1 --"));
        QTest::newRow("text for bool") << "employer"
                                       << "recruitment_agreement" << QVariant(QStringLiteral("kanskje"));
    }
    void rejectsWithFieldAndMessage()
    {
        QFETCH(QString, entity);
        QFETCH(QString, fieldName);
        QFETCH(QVariant, value);
        const FieldSpec *f = Schema::instance().entity(entity)->field(fieldName);
        QVERIFY(f);
        auto r = Schema::normalize(*f, value);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, fieldName);
        QVERIFY(!r.error().message.isEmpty());
    }

    void crossFieldRules()
    {
        const EntitySpec &employment = *Schema::instance().entity(u"employment");
        QVariantHash r {{QStringLiteral("team"), QStringLiteral("t")},
            {QStringLiteral("participant_id"), Schema::newId()},
            {QStringLiteral("start_date"), QStringLiteral("2026-05-01")},
            {QStringLiteral("end_date"), QStringLiteral("2026-04-01")}};
        auto s = Schema::checkRecord(employment, r);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().field, QStringLiteral("end_date"));
        r.insert(QStringLiteral("end_date"), QStringLiteral("2026-06-01"));
        QVERIFY(Schema::checkRecord(employment, r).ok());

        const EntitySpec &encounter = *Schema::instance().entity(u"encounter");
        QVariantHash e {{QStringLiteral("team"), QStringLiteral("t")},
            {QStringLiteral("starts_at"), QStringLiteral("2026-11-23T09:00:00Z")}};
        QVERIFY(!Schema::checkRecord(encounter, e).ok()); // neither participant nor employer
    }

    void jsonRoundTrip()
    {
        const FieldSpec &hours = field("employment", "hours_per_week");
        QCOMPARE(Schema::fromJson(hours, Schema::toJson(hours, 37.5)).value().toDouble(), 37.5);
        QVERIFY(!Schema::fromJson(hours, QJsonValue(QStringLiteral("37")))
                     .ok()); // strings are not numbers on the wire
        QVERIFY(!Schema::fromJson(field("participant", "name"), QJsonValue(12)).ok());
        QVERIFY(
            Schema::fromJson(field("participant", "name"), QJsonValue(QJsonValue::Null)).value().isNull());
    }

    void ids()
    {
        QVERIFY(Schema::isValidId(Schema::newId()));
        QVERIFY(!Schema::isValidId(QStringLiteral("not-an-id")));
        QVERIFY(!Schema::isValidId(Schema::newId().toUpper()));
    }

    void idsAreVersion7AndSortByCreation()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QStringList ids;
        for (int i = 0; i < 20000; ++i) // more than 4,096 in one millisecond: the counter rolls over
            ids << Schema::newId();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        for (qsizetype i = 0; i < ids.size(); ++i) {
            QVERIFY(Schema::isValidId(ids.at(i)));
            QCOMPARE(ids.at(i).at(14), QChar(u'7')); // version
            QVERIFY(QStringLiteral("89ab").contains(ids.at(i).at(19))); // RFC 9562 variant
            if (i > 0)
                QVERIFY2(ids.at(i - 1) < ids.at(i), qPrintable(ids.at(i - 1) + u' ' + ids.at(i)));
        }
        const qint64 firstMs = QStringView(ids.first()).left(8).toLongLong(nullptr, 16) << 16
            | QStringView(ids.first()).mid(9, 4).toLongLong(nullptr, 16);
        QVERIFY(firstMs >= before && firstMs <= after + 5);
    }

    // The in-process campaign's ids: a seeded source on a manual clock makes the same ids every time,
    // Schema::newId() and device ids use it while it is installed, and the system source after.
    void seededIdSourceRepeatsItself()
    {
        const auto idsOf = [](quint64 seed) {
            ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
            SeededIdSource source(clock, seed);
            const ScopedIdSource scope(source);
            QStringList ids;
            for (int i = 0; i < 3; ++i) {
                ids << Schema::newId() << IdSource::current().newRandomUuid();
                clock.advanceMs(i == 0 ? 0 : 1000);
            }
            return ids;
        };
        const QStringList first = idsOf(17);
        QCOMPARE(idsOf(17), first);
        QVERIFY(idsOf(18) != first);
        const qint64 start = QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(QStringView(first.at(0)).left(8).toLongLong(nullptr, 16) << 16
                | QStringView(first.at(0)).mid(9, 4).toLongLong(nullptr, 16),
            start); // the time part is the clock's
        QVERIFY(first.at(0) < first.at(2) && first.at(2) < first.at(4)); // the counter, then a later time
        for (int i = 1; i < first.size(); i += 2) {
            QCOMPARE(first.at(i).size(), 32); // as QUuid::Id128
            QCOMPARE(first.at(i).at(12), QChar(u'4'));
        }
        // Uninstalled: the wall clock again.
        const qint64 wallMs = QStringView(Schema::newId()).left(8).toLongLong(nullptr, 16) << 16;
        QVERIFY(wallMs > QDateTime::currentMSecsSinceEpoch() - 100000);
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
