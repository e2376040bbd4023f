#include "core/encounters.h"
#include "core/outbox.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "support/testdata.h"

#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>

using namespace feltnotat;
using namespace testdata;

// The encounter rules of core/encounters.h, through every local write path: Store::create/update (what
// feltnotat-cli add/edit and the importer call) and the Encounters lifecycle (what the app calls).
class TestEncounters : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestStore> m_t;
    QString m_person, m_employer;

    Store &store() { return *m_t->store; }
    QDateTime now() const { return fixedNow(); }
    static QString utc(const QDateTime &t) { return validation::formatDateTime(t); }

    QVariantHash visit(const QString &kind, bool withEmployer, const QDateTime &at) const
    {
        QVariantHash v {{QStringLiteral("participant_id"), m_person}, {QStringLiteral("kind"), kind},
            {QStringLiteral("starts_at"), utc(at)}};
        if (withEmployer)
            v.insert(QStringLiteral("employer_id"), m_employer);
        return v;
    }
    int rows(const QString &table)
    {
        Query q = store().database().query(QStringLiteral("SELECT count(*) FROM ") + table);
        return q.next() ? int(q.int64(0)) : -1;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_t = std::make_unique<TestStore>();
        QVERIFY(m_t->store);
        m_person
            = store().create(QStringLiteral("participant"), participant(QStringLiteral("Kari Fjell")))->id;
        m_employer
            = store().create(QStringLiteral("employer"), employer(QStringLiteral("Fjordbakeriet AS")))->id;
    }
    void cleanup() { m_t.reset(); }

    void employerContactFollowsKindAndEmployer_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("withEmployer");
        QTest::addColumn<bool>("counts");
        for (const char *kind : {"job_development", "employer_follow_up", "three_way_meeting", "job_fair"}) {
            QTest::addRow("%s with employer", kind) << QString::fromLatin1(kind) << true << true;
            QTest::addRow("%s without employer", kind) << QString::fromLatin1(kind) << false << false;
        }
        for (const char *kind : {"participant_follow_up", "interview", "group_session"})
            QTest::addRow("%s with employer", kind) << QString::fromLatin1(kind) << true << false;
    }
    void employerContactFollowsKindAndEmployer()
    {
        QFETCH(QString, kind);
        QFETCH(bool, withEmployer);
        QFETCH(bool, counts);
        // A plain Store::create without the flag, as `feltnotat-cli add encounter` does.
        auto r = store().create(QStringLiteral("encounter"), visit(kind, withEmployer, now().addSecs(-3600)));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QCOMPARE(r->value(QStringLiteral("employer_contact")).toBool(), counts);
        QVERIFY(!r->value(QStringLiteral("employer_contact")).isNull());
        QCOMPARE(encounterrules::isEmployerContact(kind, withEmployer ? m_employer : QString()), counts);
    }

    void employerContactFollowsUpdates()
    {
        auto r = store().create(QStringLiteral("encounter"),
            visit(QStringLiteral("participant_follow_up"), true, now().addSecs(-60)));
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("employer_contact")).toBool(), false);
        auto u = store().update(QStringLiteral("encounter"), r->id,
            {{QStringLiteral("kind"), QStringLiteral("job_development")}});
        QVERIFY2(u.ok(), qPrintable(u.errorString()));
        QCOMPARE(u->value(QStringLiteral("employer_contact")).toBool(), true);
        // The derived change travels with the write (one outbox entry holding both fields).
        auto pending = Outbox(store()).pending(100);
        QVERIFY(pending.ok());
        QStringList fields;
        for (const FieldChange &c : pending->last().changes)
            fields << c.field;
        QVERIFY(fields.contains(QStringLiteral("kind")));
        QVERIFY(fields.contains(QStringLiteral("employer_contact")));

        u = store().update(QStringLiteral("encounter"), r->id, {{QStringLiteral("employer_id"), QVariant()}});
        QVERIFY2(u.ok(), qPrintable(u.errorString()));
        QCOMPARE(u->value(QStringLiteral("employer_contact")).toBool(), false);
    }

    void contradictingEmployerContactIsRefused()
    {
        const qint64 outboxBefore = Outbox(store()).pendingCount();
        QVariantHash v = visit(QStringLiteral("participant_follow_up"), true, now().addSecs(-60));
        v.insert(QStringLiteral("employer_contact"), true);
        auto r = store().create(QStringLiteral("encounter"), v);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("employer_contact"));
        QCOMPARE(rows(QStringLiteral("encounters")), 0);
        QCOMPARE(Outbox(store()).pendingCount(), outboxBefore);

        // Repeating the derived value (an export read back in) is fine.
        v.insert(QStringLiteral("employer_contact"), false);
        QVERIFY(store().create(QStringLiteral("encounter"), v).ok());
        v = visit(QStringLiteral("job_fair"), true, now().addSecs(-60));
        v.insert(QStringLiteral("employer_contact"), true);
        QVERIFY(store().create(QStringLiteral("encounter"), v).ok());
    }

    void plannedOrCompletedByTime_data()
    {
        QTest::addColumn<int>("secondsAhead");
        QTest::addColumn<QString>("status");
        QTest::newRow("a day ago") << -86400 << QStringLiteral("completed");
        QTest::newRow("now") << 0 << QStringLiteral("completed");
        QTest::newRow("4 min ahead") << 240 << QStringLiteral("completed");
        QTest::newRow("5 min ahead") << 300 << QStringLiteral("completed");
        QTest::newRow("6 min ahead") << 360 << QStringLiteral("planned");
        QTest::newRow("next week") << 7 * 86400 << QStringLiteral("planned");
    }
    void plannedOrCompletedByTime()
    {
        QFETCH(int, secondsAhead);
        QFETCH(QString, status);
        auto r = store().create(QStringLiteral("encounter"),
            visit(QStringLiteral("job_development"), true, now().addSecs(secondsAhead)));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QCOMPARE(r->text(QStringLiteral("status")), status);
    }

    void completedInTheFutureIsRefused()
    {
        QVariantHash v = visit(QStringLiteral("job_development"), true, now().addDays(2));
        v.insert(QStringLiteral("status"), QStringLiteral("completed"));
        auto r = store().create(QStringLiteral("encounter"), v);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("status"));
        QCOMPARE(rows(QStringLiteral("encounters")), 0);

        // Moving a completed visit into the future is refused too; other edits of it are not.
        auto done = store().create(
            QStringLiteral("encounter"), visit(QStringLiteral("job_development"), true, now()));
        QVERIFY(done.ok());
        QVERIFY(!store()
                     .update(QStringLiteral("encounter"), done->id,
                         {{QStringLiteral("starts_at"), utc(now().addDays(1))}})
                     .ok());
        QVERIFY(store()
                    .update(QStringLiteral("encounter"), done->id,
                        {{QStringLiteral("note"), QStringLiteral("Ok")}})
                    .ok());
        // A planned one in the past is allowed (it is overdue until closed).
        v = visit(QStringLiteral("job_development"), true, now().addDays(-2));
        v.insert(QStringLiteral("status"), QStringLiteral("planned"));
        QVERIFY(store().create(QStringLiteral("encounter"), v).ok());
    }

    void logWritesVisitAndNextStepTogether()
    {
        Encounters visits(store());
        auto logged = visits.log(visit(QStringLiteral("three_way_meeting"), true, now().addSecs(-1800)),
            {QStringLiteral("Ring leder om prøvedag"), QDate(2026, 11, 27), {}});
        QVERIFY2(logged.ok(), qPrintable(logged.errorString()));
        QCOMPARE(logged->encounter.text(QStringLiteral("status")), QStringLiteral("completed"));
        QCOMPARE(
            logged->encounter.text(QStringLiteral("next_step")), QStringLiteral("Ring leder om prøvedag"));
        QCOMPARE(logged->encounter.text(QStringLiteral("next_step_due")), QStringLiteral("2026-11-27"));
        QVERIFY(logged->encounter.value(QStringLiteral("employer_contact")).toBool());
        QVERIFY(logged->task);
        QCOMPARE(logged->task->text(QStringLiteral("encounter_id")), logged->encounter.id);
        QCOMPARE(logged->task->text(QStringLiteral("participant_id")), m_person);
        QCOMPARE(logged->task->text(QStringLiteral("employer_id")), m_employer);
        QCOMPARE(logged->task->text(QStringLiteral("due_date")), QStringLiteral("2026-11-27"));
        QCOMPARE(logged->task->text(QStringLiteral("assigned_to")), QStringLiteral("user-1"));
        QCOMPARE(logged->task->text(QStringLiteral("status")), QStringLiteral("planned"));

        // Without a next step: no task.
        auto plain = visits.log(visit(QStringLiteral("interview"), false, now()));
        QVERIFY(plain.ok());
        QVERIFY(!plain->task);
    }

    void failedNextStepLeavesNoVisit()
    {
        const int before = rows(QStringLiteral("encounters"));
        const qint64 outboxBefore = Outbox(store()).pendingCount();
        // The encounter's next_step allows 500 characters, a task title 300: the task fails after the
        // encounter was written, and the visit must go with it.
        auto logged = Encounters(store()).log(
            visit(QStringLiteral("job_development"), true, now()), {QString(400, u'x'), {}, {}});
        QVERIFY(!logged.ok());
        QCOMPARE(logged.error().field, QStringLiteral("title"));
        QCOMPARE(rows(QStringLiteral("encounters")), before);
        QCOMPARE(rows(QStringLiteral("tasks")), 0);
        QCOMPARE(Outbox(store()).pendingCount(), outboxBefore);
    }

    void planNeedsAFutureTime()
    {
        Encounters visits(store());
        auto planned = visits.plan(visit(QStringLiteral("job_development"), true, now().addSecs(120)));
        QVERIFY2(planned.ok(), qPrintable(planned.errorString()));
        QCOMPARE(planned->text(QStringLiteral("status")), QStringLiteral("planned"));
        auto past = visits.plan(visit(QStringLiteral("job_development"), true, now().addSecs(-60)));
        QVERIFY(!past.ok());
        QCOMPARE(past.error().field, QStringLiteral("starts_at"));
        QVariantHash v = visit(QStringLiteral("job_development"), true, now().addDays(1));
        v.insert(QStringLiteral("status"), QStringLiteral("completed"));
        QVERIFY(!visits.plan(v).ok());
        QCOMPARE(rows(QStringLiteral("encounters")), 1);
    }

    void completeTurnsAppointmentIntoVisit()
    {
        Encounters visits(store());
        const QString id
            = visits.plan(visit(QStringLiteral("employer_follow_up"), true, now().addDays(1)))->id;
        // The next day, a little after the planned time.
        m_t->clock.setNow(now().addDays(1).addSecs(1800));
        auto done = visits.complete(id, {{QStringLiteral("note"), QStringLiteral("Møtte leder")}},
            {QStringLiteral("Send avtale"), QDate(2026, 11, 30), QStringLiteral("user-2")});
        QVERIFY2(done.ok(), qPrintable(done.errorString()));
        QCOMPARE(done->encounter.text(QStringLiteral("status")), QStringLiteral("completed"));
        QCOMPARE(done->encounter.text(QStringLiteral("starts_at")), utc(now().addDays(1))); // kept
        QCOMPARE(done->encounter.text(QStringLiteral("note")), QStringLiteral("Møtte leder"));
        QVERIFY(done->task);
        QCOMPARE(done->task->text(QStringLiteral("assigned_to")), QStringLiteral("user-2"));
        QCOMPARE(done->task->text(QStringLiteral("encounter_id")), id);

        // Completing twice is refused; cancelling or moving a completed visit too.
        QCOMPARE(visits.complete(id).error().code, ErrorCode::Conflict);
        QCOMPARE(visits.cancel(id).error().code, ErrorCode::Conflict);
        QCOMPARE(visits.markNotAttended(id).error().code, ErrorCode::Conflict);
        QCOMPARE(visits.reschedule(id, now().addDays(5)).error().code, ErrorCode::Conflict);
        QCOMPARE(visits.complete(QStringLiteral("0190a0a0-0000-7000-8000-000000000000")).error().code,
            ErrorCode::NotFound);
    }

    void completingEarlyLogsItNow()
    {
        Encounters visits(store());
        const QString id
            = visits.plan(visit(QStringLiteral("job_development"), true, now().addSecs(3 * 3600)))->id;
        auto done = visits.complete(id);
        QVERIFY2(done.ok(), qPrintable(done.errorString()));
        QCOMPARE(done->encounter.text(QStringLiteral("starts_at")), utc(now()));
        QVERIFY(!done->task);
    }

    void overdueAppointmentsCanBeClosed()
    {
        Encounters visits(store());
        StoreQueries queries(store(), QTimeZone("Europe/Oslo"));
        QVariantHash v = visit(QStringLiteral("three_way_meeting"), true, now().addDays(-3));
        v.insert(QStringLiteral("status"), QStringLiteral("planned"));
        const QString cancelled = store().create(QStringLiteral("encounter"), v)->id;
        const QString noShow = store().create(QStringLiteral("encounter"), v)->id;
        const QString moved = store().create(QStringLiteral("encounter"), v)->id;
        QCOMPARE(queries.overdueEncounters(now().date()).size(), 3);

        auto c = visits.cancel(cancelled);
        QVERIFY2(c.ok(), qPrintable(c.errorString()));
        QCOMPARE(c->text(QStringLiteral("status")), QStringLiteral("cancelled"));
        auto n = visits.markNotAttended(noShow);
        QVERIFY2(n.ok(), qPrintable(n.errorString()));
        QCOMPARE(n->text(QStringLiteral("status")), QStringLiteral("not_attended"));
        QVERIFY(!visits.reschedule(moved, now().addSecs(-60)).ok());
        auto m = visits.reschedule(moved, now().addDays(2));
        QVERIFY2(m.ok(), qPrintable(m.errorString()));
        QCOMPARE(m->text(QStringLiteral("status")), QStringLiteral("planned"));
        QCOMPARE(m->text(QStringLiteral("starts_at")), utc(now().addDays(2)));
        QVERIFY(queries.overdueEncounters(now().date()).isEmpty());

        // A not-attended appointment can be moved to a new time and then held.
        QVERIFY(visits.reschedule(noShow, now().addDays(1)).ok());
        m_t->clock.setNow(now().addDays(1));
        QVERIFY(visits.complete(noShow).ok());
        // Not attended and cancelled visits never count in Min uke.
        const WeekFigures w = queries.weekFigures(now().date(), QStringLiteral("user-1"));
        QCOMPARE(w.encounters, 1);
        QCOMPARE(w.employerContacts, 1);
    }

    void weekFiguresCountWhatTheCliAdds()
    {
        // The gap the review found: a job development visit with an employer, written without the flag,
        // must count as an employer contact in Min uke.
        QVERIFY(store()
                    .create(QStringLiteral("encounter"),
                        visit(QStringLiteral("job_development"), true, now().addSecs(-3600)))
                    .ok());
        QVERIFY(store()
                    .create(QStringLiteral("encounter"),
                        visit(QStringLiteral("participant_follow_up"), true, now().addSecs(-3600)))
                    .ok());
        const WeekFigures w = StoreQueries(store(), QTimeZone("Europe/Oslo"))
                                  .weekFigures(now().date(), QStringLiteral("user-1"));
        QCOMPARE(w.encounters, 2);
        QCOMPARE(w.employerContacts, 1);
    }
};

QTEST_GUILESS_MAIN(TestEncounters)
#include "tst_encounters.moc"
