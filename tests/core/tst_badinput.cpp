#include "core/hlc.h"
#include "core/outbox.h"
#include "core/store.h"
#include "core/validation.h"
#include "storecheck.h"
#include "support/testdata.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;
using namespace testdata;

// Bad input gets a clear error that names the field, and the database stays exactly as it was.
class TestBadInput : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestStore> m_t;
    QString m_participant;
    QString m_deletedParticipant;
    QString m_employer;
    QString m_encounter;
    storecheck::Rows m_rowsBefore;
    QMap<QString, qint64> m_countsBefore;

    Store &store() { return *m_t->store; }

    // The write failed for the right field with a message, and nothing in the database changed.
    void verifyRejected(const Error &error, const QString &field, ErrorCode code = ErrorCode::Invalid)
    {
        QCOMPARE(error.code, code);
        QCOMPARE(error.field, field);
        QVERIFY(!error.message.isEmpty());
        if (!field.isEmpty())
            QVERIFY(Status(error).errorString().startsWith(field + u':'));
        verifyUnchanged();
    }

    void verifyUnchanged()
    {
        QVERIFY(!store().database().inTransaction());
        QCOMPARE(storecheck::tableCounts(store()), m_countsBefore);
        QCOMPARE(storecheck::compare(m_rowsBefore, storecheck::tableRows(store())), QString());
    }

    void verifyCreateRejected(const QString &entity, const QVariantHash &values, const QString &field)
    {
        auto r = store().create(entity, values);
        QVERIFY2(!r.ok(), qPrintable(entity + QStringLiteral(" was created")));
        verifyRejected(r.error(), field);
    }

    void verifyUpdateRejected(const QString &entity, const QString &id, const QVariantHash &values,
        const QString &field, ErrorCode code = ErrorCode::Invalid)
    {
        auto r = store().update(entity, id, values);
        QVERIFY2(!r.ok(), qPrintable(entity + QStringLiteral(" was updated")));
        verifyRejected(r.error(), field, code);
    }

    QString birthNumber() const { return firstSyntheticBirthNumber(QDate(1987, 5, 14)); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_t = std::make_unique<TestStore>();
        QVERIFY(m_t->store);
        m_participant
            = store().create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg")))->id;
        m_deletedParticipant
            = store().create(QStringLiteral("participant"), participant(QStringLiteral("Per Borte")))->id;
        QVERIFY(store().remove(QStringLiteral("participant"), m_deletedParticipant).ok());
        m_employer
            = store().create(QStringLiteral("employer"), employer(QStringLiteral("Fjordbakeriet AS")))->id;
        m_encounter = store()
                          .create(QStringLiteral("encounter"),
                              encounter(m_participant, fixedNow(), QStringLiteral("Første møte")))
                          ->id;
        m_rowsBefore = storecheck::tableRows(store());
        m_countsBefore = storecheck::tableCounts(store());
        QCOMPARE(m_countsBefore.value(QStringLiteral("outbox")), 5);
    }

    void cleanup() { m_t.reset(); }

    void invalidOrgNumber_data()
    {
        QTest::addColumn<QString>("orgNumber");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong check digit") << QStringLiteral("123456789") << QStringLiteral("kontrollsiffer");
        QTest::newRow("check digit would be 10")
            << QStringLiteral("000000400") << QStringLiteral("kontrollsiffer");
        QTest::newRow("eight digits") << QStringLiteral("12345678") << QStringLiteral("9 sifre");
        QTest::newRow("ten digits") << QStringLiteral("1234567850") << QStringLiteral("9 sifre");
        QTest::newRow("letters") << QStringLiteral("12345678O") << QStringLiteral("9 sifre");
        QTest::newRow("sql") << QStringLiteral("1' OR '1'='1") << QStringLiteral("9 sifre");
    }
    void invalidOrgNumber()
    {
        QFETCH(QString, orgNumber);
        QFETCH(QString, message);
        auto r = store().create(
            QStringLiteral("employer"), employer(QStringLiteral("Ny Bedrift AS"), orgNumber));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
        verifyRejected(r.error(), QStringLiteral("org_number"));
        verifyUpdateRejected(QStringLiteral("employer"), m_employer,
            {{QStringLiteral("org_number"), orgNumber}}, QStringLiteral("org_number"));
        verifyCreateRejected(QStringLiteral("workplace"),
            {{QStringLiteral("employer_id"), m_employer}, {QStringLiteral("name"), QStringLiteral("Filial")},
                {QStringLiteral("org_number"), orgNumber}},
            QStringLiteral("org_number"));
    }

    void hundredMegabyteNote()
    {
        const QString huge(100'000'000, u'a');
        QElapsedTimer timer;
        timer.start();
        auto r = store().create(QStringLiteral("encounter"), encounter(m_participant, fixedNow(), huge));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("for lang")), qPrintable(r.error().message));
        QVERIFY2(
            r.error().message.contains(QString::number(Schema::MaxLongText)), qPrintable(r.error().message));
        verifyRejected(r.error(), QStringLiteral("note"));
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter, {{QStringLiteral("note"), huge}},
            QStringLiteral("note"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant, {{QStringLiteral("name"), huge}},
            QStringLiteral("name"));
        // Rejected up front by its length: no scanning or copying of 100 million characters.
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));

        // Just within the limit is fine.
        auto ok = store().update(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("note"), QString(Schema::MaxLongText, u'b')}});
        QVERIFY2(ok.ok(), qPrintable(ok.errorString()));
    }

    void malformedUtf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("latin-1") << QByteArray("S\xf8"
                                               "berg");
        QTest::newRow("bad continuation") << QByteArray("\xc3\x28");
        QTest::newRow("truncated") << QByteArray("kr \xe2\x82");
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf");
        QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80");
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80");
        QTest::newRow("lone continuation") << QByteArray("\x80");
        QTest::newRow("0xff") << QByteArray("ab\xff");
    }
    void malformedUtf8()
    {
        QFETCH(QByteArray, bytes);
        auto text = validation::decodeUtf8(bytes);
        QVERIFY(!text.ok());
        QCOMPARE(text.error().code, ErrorCode::Invalid);
        QVERIFY(text.error().message.contains(QStringLiteral("UTF-8")));
        QCOMPARE(validation::decodeUtf8(QByteArray("S\xc3\xb8"
                                                   "berg"))
                     .value(),
            QStringLiteral("Søberg"));
    }

    void badCharactersInNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("nul") << QStringLiteral("Kari") + QChar(0) + QStringLiteral("Nordmann");
        QTest::newRow("bell") << QStringLiteral("Kari\aNordmann");
        QTest::newRow("escape") << QStringLiteral("Kari\x1b[31mNordmann");
        QTest::newRow("delete") << QStringLiteral("Kari\x7fNordmann");
        QTest::newRow("C1 control") << QStringLiteral("Kari") + QChar(0x85) + QStringLiteral("Nordmann");
        QTest::newRow("newline") << QStringLiteral("Kari\nNordmann");
        QTest::newRow("lone high surrogate") << QStringLiteral("Kari ") + QChar(0xd83d);
        QTest::newRow("lone low surrogate") << QChar(0xde00) + QStringLiteral(" Kari");
        QTest::newRow("reversed pair") << QStringLiteral("Kari ") + QChar(0xde00) + QChar(0xd83d);
        QTest::newRow("noncharacter") << QStringLiteral("Kari") + QChar(0xfffe);
    }
    void badCharactersInNames()
    {
        QFETCH(QString, name);
        verifyCreateRejected(QStringLiteral("participant"), participant(name), QStringLiteral("name"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant, {{QStringLiteral("name"), name}},
            QStringLiteral("name"));
        verifyCreateRejected(QStringLiteral("employer"), employer(name), QStringLiteral("name"));
    }

    void sqlMetacharactersAreStoredVerbatim_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("bobby tables") << QStringLiteral("Robert'); DROP TABLE participants;--");
        QTest::newRow("quotes") << QStringLiteral("O'Brien \"Bob\" Ås");
        QTest::newRow("like wildcards") << QStringLiteral("100% _under_ \\ back");
        QTest::newRow("comment") << QStringLiteral("/* Kari */ -- Nordmann");
        QTest::newRow("semicolons") << QStringLiteral("a; DELETE FROM outbox; b");
        QTest::newRow("json") << QStringLiteral("{\"name\": [null, \"x\"]}");
        QTest::newRow("emoji") << QString::fromUtf8("Kari \xf0\x9f\x98\x80 Søberg");
    }
    void sqlMetacharactersAreStoredVerbatim()
    {
        QFETCH(QString, name);
        auto created = store().create(QStringLiteral("participant"), participant(name));
        QVERIFY2(created.ok(), qPrintable(created.errorString()));
        QCOMPARE(store().get(QStringLiteral("participant"), created->id)->text(QStringLiteral("name")), name);
        auto updated
            = store().update(QStringLiteral("employer"), m_employer, {{QStringLiteral("name"), name}});
        QVERIFY(updated.ok());
        QCOMPARE(store().get(QStringLiteral("employer"), m_employer)->text(QStringLiteral("name")), name);
        QCOMPARE(store().database().scalar(QStringLiteral("SELECT count(*) FROM participants")).value(), 3);
        QCOMPARE(Outbox(store()).pendingCount(), 7);
        // The outbox carries the text unchanged too.
        auto pending = Outbox(store()).pending(10);
        bool found = false;
        for (const FieldChange &c : pending->at(5).changes)
            found |= c.field == u"name" && c.value.toString() == name;
        QVERIFY(found);
        QCOMPARE(storecheck::checkAll(store()), QString());
    }

    void idsAreDataNotSql()
    {
        for (const QString &id : QStringList {QStringLiteral("' OR '1'='1"), QStringLiteral("%"),
                 m_participant + QStringLiteral("' --")}) {
            QVERIFY(!store().get(QStringLiteral("participant"), id));
            verifyUpdateRejected(QStringLiteral("participant"), id,
                {{QStringLiteral("name"), QStringLiteral("X")}}, {}, ErrorCode::NotFound);
            QCOMPARE(store().remove(QStringLiteral("participant"), id).error().code, ErrorCode::NotFound);
        }
    }

    void birthNumbersAreRefused_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        const QString fnr = firstSyntheticBirthNumber(QDate(1987, 5, 14));
        const QString spaced = fnr.left(6) + u' ' + fnr.mid(6);
        QTest::newRow("alone in name") << "participant"
                                       << "name" << fnr;
        QTest::newRow("alone, padded") << "participant"
                                       << "name" << QStringLiteral("  ") + fnr + QStringLiteral(" ");
        QTest::newRow("in a note") << "encounter"
                                   << "note" << QStringLiteral("Hun oppga fnr %1 i møtet.").arg(fnr);
        QTest::newRow("spaced in a note") << "encounter"
                                          << "note" << QStringLiteral("fnr: %1\nneste steg").arg(spaced);
        QTest::newRow("in outcome") << "encounter"
                                    << "outcome" << QStringLiteral("(%1)").arg(fnr);
        QTest::newRow("in work history") << "participant"
                                         << "work_history" << QStringLiteral("Ref. ") + fnr;
        QTest::newRow("another date") << "participant"
                                      << "goals_short" << firstSyntheticBirthNumber(QDate(2003, 12, 31));
        QTest::newRow("phone, with +") << "participant"
                                       << "phone" << u'+' + fnr;
        QTest::newRow("e-mail, dotted")
            << "participant"
            << "email" << fnr.left(6) + u'.' + fnr.mid(6) + QStringLiteral("@example.no");
        QTest::newRow("note, zero-width space") << "encounter"
                                                << "note" << fnr.left(6) + QChar(0x200b) + fnr.mid(6);
        QTest::newRow("note, full-width digits")
            << "encounter"
            << "note" << [&fnr] {
                   QString out;
                   for (QChar c : fnr)
                       out += QChar(char16_t(0xff10 + (c.unicode() - u'0')));
                   return out;
               }();
        QTest::newRow("leap day") << "participant"
                                  << "strengths" << firstSyntheticBirthNumber(QDate(2000, 2, 29));
    }
    void birthNumbersAreRefused()
    {
        QFETCH(QString, entity);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QVERIFY(validation::containsBirthNumber(text));
        const QString id = entity == u"participant" ? m_participant : m_encounter;
        auto r = store().update(entity, id, {{field, text}});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("Fødselsnummer")), qPrintable(r.error().message));
        verifyRejected(r.error(), field);
    }

    // A random device id (a clock's node) or user id can hold eleven digits that pass the birth-number
    // checks: campaign_inprocess failed so about once in forty seeds (every pull of a conflict with such
    // a clock failed). Ids and clocks the software writes are no birth numbers; other text there is.
    void idsAndClocksTheSoftwareWroteAreNoBirthNumbers()
    {
        const QString fnr = birthNumber();
        const QString clock
            = QStringLiteral("019ab0f3c4de0001-ab") + fnr + QStringLiteral("cdefabcdefabcdefabcd");
        QVERIFY(Hlc::parse(clock));
        QVERIFY(validation::containsBirthNumber(clock));
        const QString id = fnr.left(8) + u'-' + fnr.mid(8) + QStringLiteral("a-7abc-8def-abcdefabcdef");
        QVERIFY(Schema::isValidId(id));
        QVERIFY(validation::containsBirthNumber(id));
        const EntitySpec *conflict = Schema::instance().entity(QStringLiteral("conflict"));
        const EntitySpec *participant = Schema::instance().entity(QStringLiteral("participant"));
        QVERIFY(Schema::normalize(*conflict->field(QStringLiteral("kept_clock")), clock));
        QVERIFY(Schema::normalize(*conflict->field(QStringLiteral("lost_by")), id));
        QVERIFY(Schema::normalize(*participant->field(sys::UpdatedBy), id));
        // The colleague a participant or a task is assigned to: her user id, which the app writes when
        // she is chosen. seed-demo failed for a demo user whose random id held such a run.
        const EntitySpec *task = Schema::instance().entity(QStringLiteral("task"));
        QVERIFY(Schema::normalize(*participant->field(QStringLiteral("assigned_to")), id));
        QVERIFY(Schema::normalize(*task->field(QStringLiteral("assigned_to")), id));
        QVERIFY(!Schema::normalize(*task->field(QStringLiteral("assigned_to")), fnr));
        QVERIFY(!Schema::normalize(
            *conflict->field(QStringLiteral("kept_clock")), QString(QStringLiteral("Ring ") + fnr)));
        QVERIFY(!Schema::normalize(*conflict->field(QStringLiteral("lost_by")), fnr));
        QVERIFY(!Schema::normalize(*participant->field(QStringLiteral("goals_short")), clock));
    }

    void elevenDigitsThatAreNoBirthNumberAreFine()
    {
        QString notFnr = birthNumber();
        notFnr[10] = QChar(u'0' + (notFnr.at(10).unicode() - u'0' + 1) % 10); // wrong second check digit
        QVERIFY(!validation::isValidBirthNumber(notFnr));
        auto r = store().update(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("note"), QStringLiteral("Saksnummer %1").arg(notFnr)}});
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
    }

    void unknownFieldsAndTypes()
    {
        QVariantHash withUnknown = participant(QStringLiteral("Ny Person"));
        withUnknown.insert(QStringLiteral("shoe_size"), 44);
        verifyCreateRejected(QStringLiteral("participant"), withUnknown, QStringLiteral("shoe_size"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant, {{QStringLiteral("rid"), 1}},
            QStringLiteral("rid"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("clocks"), QStringLiteral("{}")}}, QStringLiteral("clocks"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("id"), Schema::newId()}}, QStringLiteral("id"));

        for (const QString &entity : {QStringLiteral("opportunity"), QStringLiteral("participants"),
                 QString(), QStringLiteral("participant; DROP TABLE participants")}) {
            auto r = store().create(entity, participant(QStringLiteral("Ny Person")));
            QVERIFY(!r.ok());
            verifyRejected(r.error(), {});
            verifyUpdateRejected(entity, m_participant, {{QStringLiteral("name"), QStringLiteral("X")}}, {});
            QVERIFY(!store().remove(entity, m_participant).ok());
            verifyUnchanged();
        }
    }

    void systemFieldsAreNotEditable_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("team") << "team" << QVariant(QStringLiteral("team-b"));
        QTest::newRow("created_by") << "created_by" << QVariant(QStringLiteral("someone-else"));
        QTest::newRow("created_at") << "created_at" << QVariant(QStringLiteral("2020-01-01T00:00:00Z"));
        QTest::newRow("updated_by") << "updated_by" << QVariant(QStringLiteral("someone-else"));
        QTest::newRow("updated_at") << "updated_at" << QVariant(QStringLiteral("2020-01-01T00:00:00Z"));
        QTest::newRow("deleted") << "deleted" << QVariant(true);
    }
    void systemFieldsAreNotEditable()
    {
        QFETCH(QString, field);
        QFETCH(QVariant, value);
        QVariantHash values = participant(QStringLiteral("Ny Person"));
        values.insert(field, value);
        verifyCreateRejected(QStringLiteral("participant"), values, field);
        // Alone or together with ordinary changes. The team alone is a move to another team (the
        // server decides whether the user may), so only mixed with other changes is it refused.
        if (field != u"team")
            verifyUpdateRejected(QStringLiteral("participant"), m_participant, {{field, value}}, field);
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{field, value}, {QStringLiteral("name"), QStringLiteral("Kari S")}}, field);
    }

    void referencesMustPointToLiveRecords_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("target"); // "missing", "deleted", "wrong type", "malformed"
        for (const char *target : {"missing", "deleted", "wrong type", "malformed"}) {
            QTest::addRow("encounter.participant_id %s", target) << "encounter"
                                                                 << "participant_id" << target;
            QTest::addRow("task.participant_id %s", target) << "task"
                                                            << "participant_id" << target;
            QTest::addRow("employment.participant_id %s", target) << "employment"
                                                                  << "participant_id" << target;
        }
    }
    void referencesMustPointToLiveRecords()
    {
        QFETCH(QString, entity);
        QFETCH(QString, field);
        QFETCH(QString, target);
        QString ref = target == u"missing" ? Schema::newId()
            : target == u"deleted"         ? m_deletedParticipant
            : target == u"wrong type"      ? m_employer
                                           : QStringLiteral("x' OR 1=1 --");
        QVariantHash values {{field, ref}};
        if (entity == u"encounter")
            values.insert(QStringLiteral("starts_at"), validation::formatDateTime(fixedNow()));
        else if (entity == u"task")
            values.insert(QStringLiteral("title"), QStringLiteral("Ring"));
        else
            values.insert(QStringLiteral("start_date"), QStringLiteral("2026-12-01"));
        verifyCreateRejected(entity, values, field);
        if (entity == u"encounter")
            verifyUpdateRejected(entity, m_encounter, {{field, ref}}, field);
    }

    void editingADeletedRecordIsNotFound()
    {
        verifyUpdateRejected(QStringLiteral("participant"), m_deletedParticipant,
            {{QStringLiteral("name"), QStringLiteral("Tilbake")}}, {}, ErrorCode::NotFound);
        QCOMPARE(store().remove(QStringLiteral("participant"), m_deletedParticipant).error().code,
            ErrorCode::NotFound);
        verifyUnchanged();
    }

    void wrongTypesAndRanges()
    {
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("duration_minutes"), -5}}, QStringLiteral("duration_minutes"));
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("duration_minutes"), QStringLiteral("lenge")}},
            QStringLiteral("duration_minutes"));
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("starts_at"), QStringLiteral("i går")}}, QStringLiteral("starts_at"));
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter,
            {{QStringLiteral("starts_at"), QVariant()}},
            QStringLiteral("starts_at")); // required
        verifyUpdateRejected(QStringLiteral("encounter"), m_encounter, {{QStringLiteral("latitude"), 59.9}},
            QStringLiteral("latitude")); // without longitude
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("email"), QStringLiteral("kari@")}}, QStringLiteral("email"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("phone"), QStringLiteral("123")}}, QStringLiteral("phone"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("stage"), QStringLiteral("hired")}}, QStringLiteral("stage"));
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("name"), QStringList {}}}, QStringLiteral("name"));
        // One bad field spoils the whole write, including the good fields with it.
        verifyUpdateRejected(QStringLiteral("participant"), m_participant,
            {{QStringLiteral("name"), QStringLiteral("Kari Ny")},
                {QStringLiteral("referral_date"), QStringLiteral("2026-02-30")}},
            QStringLiteral("referral_date"));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
