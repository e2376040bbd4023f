#include "core/store.h"
#include "core/storequeries.h"
#include "core/validation.h"
#include "support/testdata.h"

#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>

using namespace feltnotat;
using namespace testdata;

namespace {

const QTimeZone Oslo("Europe/Oslo");

QDateTime oslo(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Oslo);
}

QString utc(const QDateTime &t)
{
    return validation::formatDateTime(t);
}

} // namespace

// The view queries answer in the user's local days and weeks (Europe/Oslo), not UTC ones.
class TestStoreQueries : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestStore> m_t;
    std::unique_ptr<StoreQueries> m_q;
    QHash<QString, QString> m_labels; // id → label

    Store &store() { return *m_t->store; }

    QString make(const QString &label, const QString &entity, const QVariantHash &values)
    {
        auto r = store().create(entity, values);
        if (!r) {
            qWarning() << label << r.errorString();
            return {};
        }
        m_labels.insert(r->id, label);
        return r->id;
    }

    QString person(const QString &label, const QVariantHash &extra = {})
    {
        QVariantHash v = participant(QStringLiteral("Deltaker ") + label);
        v.insert(extra);
        return make(label, QStringLiteral("participant"), v);
    }

    QString meeting(const QString &label, const QDateTime &at, const QVariantHash &extra = {})
    {
        // Without a status, the store makes it completed or planned by its time (core/encounters.h).
        QVariantHash v {{QStringLiteral("starts_at"), utc(at)}};
        if (!extra.contains(QStringLiteral("employer_id")))
            v.insert(QStringLiteral("participant_id"), m_someone);
        v.insert(extra);
        return make(label, QStringLiteral("encounter"), v);
    }

    QString task(const QString &label, const QString &due, const QString &status = QStringLiteral("planned"),
        const QVariantHash &extra = {})
    {
        QVariantHash v {{QStringLiteral("title"), QString(QStringLiteral("Oppgave ") + label)},
            {QStringLiteral("due_date"), due}, {QStringLiteral("status"), status}};
        v.insert(extra);
        return make(label, QStringLiteral("task"), v);
    }

    QStringList labels(const QList<Record> &records)
    {
        QStringList out;
        for (const Record &r : records)
            out << m_labels.value(r.id, r.id);
        return out;
    }

    void removeRecord(const QString &entity, const QString &id) { QVERIFY(store().remove(entity, id).ok()); }

    void asUser(const QString &user)
    {
        QVERIFY(store().setIdentity({user, QStringLiteral("team-a"), user}).ok());
    }

    QString m_someone;

    // A job development visit at an employer: an employer contact (core/encounters.h).
    QVariantHash employerContact()
    {
        if (m_employer.isEmpty())
            m_employer = make(QStringLiteral("employer"), QStringLiteral("employer"),
                employer(QStringLiteral("Sveisebakken AS")));
        return {{QStringLiteral("employer_id"), m_employer}, {QStringLiteral("participant_id"), m_someone},
            {QStringLiteral("kind"), QStringLiteral("job_development")}};
    }
    QString m_employer;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(Oslo.isValid());
    }

    void init()
    {
        m_labels.clear();
        m_employer.clear();
        m_t = std::make_unique<TestStore>();
        QVERIFY(m_t->store);
        m_q = std::make_unique<StoreQueries>(store(), Oslo);
        m_someone = person(QStringLiteral("someone"));
    }

    void cleanup()
    {
        m_q.reset();
        m_t.reset();
    }

    void encountersOnUsesLocalDays()
    {
        meeting(QStringLiteral("late-22"), oslo(2026, 11, 22, 23, 30));
        meeting(QStringLiteral("early-23"), oslo(2026, 11, 23, 0, 30)); // 22 November in UTC
        meeting(QStringLiteral("last-23"), oslo(2026, 11, 23, 23, 59));
        meeting(QStringLiteral("midnight-24"), oslo(2026, 11, 24, 0, 0));
        removeRecord(
            QStringLiteral("encounter"), meeting(QStringLiteral("deleted-23"), oslo(2026, 11, 23, 12, 0)));
        QCOMPARE(labels(m_q->encountersOn(QDate(2026, 11, 23))),
            (QStringList {QStringLiteral("early-23"), QStringLiteral("last-23")}));
        QCOMPARE(labels(m_q->encountersOn(QDate(2026, 11, 22))), QStringList {QStringLiteral("late-22")});
        QCOMPARE(labels(m_q->encountersOn(QDate(2026, 11, 24))), QStringList {QStringLiteral("midnight-24")});

        // The process time zone is pinned for tests: the default zone gives the same days.
        QCOMPARE(QTimeZone::systemTimeZoneId(), QByteArray("Europe/Oslo"));
        StoreQueries local(store());
        QCOMPARE(labels(local.encountersOn(QDate(2026, 11, 23))),
            (QStringList {QStringLiteral("early-23"), QStringLiteral("last-23")}));
    }

    void localDaysAcrossDaylightSaving()
    {
        // 29 March 2026 has 23 hours in Oslo; 15 June is in summer time (UTC+2).
        meeting(QStringLiteral("sat-late"), oslo(2026, 3, 28, 23, 30));
        meeting(QStringLiteral("sun-early"), oslo(2026, 3, 29, 0, 30));
        meeting(QStringLiteral("sun-late"), oslo(2026, 3, 29, 23, 30));
        meeting(QStringLiteral("summer-early"), oslo(2026, 6, 15, 0, 30));
        meeting(QStringLiteral("summer-prev"), oslo(2026, 6, 14, 23, 30));
        QCOMPARE(labels(m_q->encountersOn(QDate(2026, 3, 29))),
            (QStringList {QStringLiteral("sun-early"), QStringLiteral("sun-late")}));
        QCOMPARE(labels(m_q->encountersOn(QDate(2026, 6, 15))), QStringList {QStringLiteral("summer-early")});
        QCOMPARE(m_q->dayBounds(QDate(2026, 6, 15), QDate(2026, 6, 16)),
            qMakePair(QStringLiteral("2026-06-14T22:00:00Z"), QStringLiteral("2026-06-15T22:00:00Z")));
    }

    void overdueEncountersArePlannedBeforeToday()
    {
        const QVariantHash planned {{QStringLiteral("status"), QStringLiteral("planned")}};
        meeting(QStringLiteral("last-week"), oslo(2026, 11, 16, 9, 0), planned);
        meeting(QStringLiteral("yesterday-late"), oslo(2026, 11, 22, 23, 30), planned);
        meeting(
            QStringLiteral("today-early"), oslo(2026, 11, 23, 0, 30), planned); // earlier than now, but today
        meeting(QStringLiteral("done-yesterday"), oslo(2026, 11, 22, 9, 0));
        meeting(QStringLiteral("cancelled"), oslo(2026, 11, 20, 9, 0),
            {{QStringLiteral("status"), QStringLiteral("cancelled")}});
        meeting(QStringLiteral("tomorrow"), oslo(2026, 11, 24, 9, 0), planned);
        QCOMPARE(labels(m_q->overdueEncounters(QDate(2026, 11, 23))),
            (QStringList {QStringLiteral("last-week"), QStringLiteral("yesterday-late")}));
    }

    void tasksByDueDate()
    {
        task(QStringLiteral("a-today"), QStringLiteral("2026-11-23"));
        task(QStringLiteral("b-today-busy"), QStringLiteral("2026-11-23"), QStringLiteral("in_progress"));
        task(QStringLiteral("c-today-done"), QStringLiteral("2026-11-23"), QStringLiteral("completed"));
        task(QStringLiteral("d-today-cancelled"), QStringLiteral("2026-11-23"), QStringLiteral("cancelled"));
        task(QStringLiteral("e-yesterday"), QStringLiteral("2026-11-22"));
        task(QStringLiteral("f-last-month"), QStringLiteral("2026-10-30"), QStringLiteral("in_progress"));
        task(QStringLiteral("g-old-done"), QStringLiteral("2026-10-01"), QStringLiteral("completed"));
        task(QStringLiteral("h-friday"), QStringLiteral("2026-11-27"));
        task(QStringLiteral("i-next-month"), QStringLiteral("2026-12-15"));
        task(QStringLiteral("j-friday-done"), QStringLiteral("2026-11-27"), QStringLiteral("completed"));
        removeRecord(QStringLiteral("task"), task(QStringLiteral("k-deleted"), QStringLiteral("2026-11-23")));
        make(QStringLiteral("l-undated"), QStringLiteral("task"),
            {{QStringLiteral("title"), QStringLiteral("Uten frist")}});

        const QDate today(2026, 11, 23);
        QCOMPARE(labels(m_q->tasksDueOn(today)),
            (QStringList {QStringLiteral("a-today"), QStringLiteral("b-today-busy")}));
        QCOMPARE(labels(m_q->overdueTasks(today)),
            (QStringList {QStringLiteral("f-last-month"), QStringLiteral("e-yesterday")}));
        QCOMPARE(labels(m_q->openTasksDueBetween(today, today.addDays(6))),
            (QStringList {
                QStringLiteral("a-today"), QStringLiteral("b-today-busy"), QStringLiteral("h-friday")}));
    }

    void participantTimelineNewestFirst()
    {
        const QString p = person(QStringLiteral("p"));
        const QVariantHash mine {{QStringLiteral("participant_id"), p}};
        meeting(QStringLiteral("enc-20"), oslo(2026, 11, 20, 9, 0), mine);
        meeting(QStringLiteral("enc-23-early"), oslo(2026, 11, 23, 0, 30), mine); // 22 November in UTC
        meeting(QStringLiteral("enc-22-noon"), oslo(2026, 11, 22, 12, 0), mine);
        task(QStringLiteral("task-23"), QStringLiteral("2026-11-23"), QStringLiteral("planned"), mine);
        task(QStringLiteral("task-25"), QStringLiteral("2026-11-25"), QStringLiteral("completed"), mine);
        make(QStringLiteral("job-21"), QStringLiteral("employment"),
            {{QStringLiteral("participant_id"), p},
                {QStringLiteral("title"), QStringLiteral("Butikkmedarbeider")},
                {QStringLiteral("start_date"), QStringLiteral("2026-11-21")}});
        removeRecord(
            QStringLiteral("encounter"), meeting(QStringLiteral("deleted"), oslo(2026, 11, 24, 9, 0), mine));
        meeting(QStringLiteral("other-person"), oslo(2026, 11, 24, 9, 0));

        QStringList order;
        const QList<TimelineItem> items = m_q->participantTimeline(p);
        for (const TimelineItem &i : items)
            order << m_labels.value(i.id);
        // A date-only item sorts as the start of that local day.
        QCOMPARE(order,
            (QStringList {QStringLiteral("task-25"), QStringLiteral("enc-23-early"),
                QStringLiteral("task-23"), QStringLiteral("enc-22-noon"), QStringLiteral("job-21"),
                QStringLiteral("enc-20")}));
        QCOMPARE(items.at(1).entity, QStringLiteral("encounter"));
        QCOMPARE(items.at(4).entity, QStringLiteral("employment"));
        QCOMPARE(items.at(4).title, QStringLiteral("Butikkmedarbeider"));
        QCOMPARE(items.at(1).when, utc(oslo(2026, 11, 23, 0, 30))); // times stay UTC for display conversion
    }

    void employerHistoryNewestFirst()
    {
        const QString e = make(QStringLiteral("employer"), QStringLiteral("employer"),
            employer(QStringLiteral("Fjordbakeriet AS")));
        const QString other = make(QStringLiteral("other"), QStringLiteral("employer"),
            employer(QStringLiteral("Annen Bedrift AS"), OrgNumberB));
        const QVariantHash at {{QStringLiteral("employer_id"), e}};
        meeting(QStringLiteral("visit-1"), oslo(2026, 9, 1, 9, 0), at);
        meeting(QStringLiteral("visit-3"), oslo(2026, 11, 20, 9, 0), at);
        meeting(QStringLiteral("visit-2"), oslo(2026, 10, 5, 9, 0), at);
        meeting(QStringLiteral("planned-4"), oslo(2026, 12, 1, 9, 0),
            {{QStringLiteral("employer_id"), e}, {QStringLiteral("status"), QStringLiteral("planned")}});
        removeRecord(
            QStringLiteral("encounter"), meeting(QStringLiteral("deleted"), oslo(2026, 10, 6, 9, 0), at));
        meeting(
            QStringLiteral("elsewhere"), oslo(2026, 10, 7, 9, 0), {{QStringLiteral("employer_id"), other}});
        QCOMPARE(labels(m_q->employerHistory(e)),
            (QStringList {QStringLiteral("planned-4"), QStringLiteral("visit-3"), QStringLiteral("visit-2"),
                QStringLiteral("visit-1")}));
    }

    void weekFiguresCountThisUsersWeek()
    {
        m_t->clock.setNow(oslo(2027, 2, 1, 9, 0)); // the week lies in the past: its visits are completed
        const QVariantHash contact = employerContact();
        meeting(QStringLiteral("mon-early"), oslo(2026, 11, 23, 0, 30), contact); // Sunday in UTC
        meeting(QStringLiteral("sun-late"), oslo(2026, 11, 29, 23, 30), contact);
        meeting(QStringLiteral("no-flag"), oslo(2026, 11, 24, 10, 0));
        meeting(QStringLiteral("prev-sun"), oslo(2026, 11, 22, 23, 30), contact);
        meeting(QStringLiteral("next-mon"), oslo(2026, 11, 30, 0, 10), contact);
        QVariantHash planned = contact;
        planned.insert(QStringLiteral("status"), QStringLiteral("planned"));
        meeting(QStringLiteral("planned"), oslo(2026, 11, 25, 9, 0), planned);
        removeRecord(QStringLiteral("encounter"),
            meeting(QStringLiteral("deleted"), oslo(2026, 11, 25, 9, 0), contact));
        asUser(QStringLiteral("user-2"));
        meeting(QStringLiteral("colleague"), oslo(2026, 11, 25, 9, 0), contact);
        asUser(QStringLiteral("user-1"));

        const WeekFigures w = m_q->weekFigures(QDate(2026, 11, 25), QStringLiteral("user-1"));
        QCOMPARE(w.year, 2026);
        QCOMPARE(w.week, 48);
        QCOMPARE(w.employerContacts, 2);
        QCOMPARE(w.encounters, 3);
        const WeekFigures colleague = m_q->weekFigures(QDate(2026, 11, 29), QStringLiteral("user-2"));
        QCOMPARE(colleague.employerContacts, 1);
        QCOMPARE(colleague.week, 48);
    }

    void weekFiguresAcrossDaylightSavingAndYearEnd()
    {
        m_t->clock.setNow(oslo(2027, 2, 1, 9, 0));
        const QVariantHash contact = employerContact();
        meeting(QStringLiteral("dst-sun"), oslo(2026, 3, 29, 23, 30), contact);
        meeting(QStringLiteral("dst-mon"), oslo(2026, 3, 30, 0, 30), contact);
        const WeekFigures dst = m_q->weekFigures(QDate(2026, 3, 26), QStringLiteral("user-1"));
        QCOMPARE(dst.week, 13);
        QCOMPARE(dst.employerContacts, 1);

        meeting(QStringLiteral("new-year"), oslo(2027, 1, 1, 9, 0), contact);
        meeting(QStringLiteral("dec-28"), oslo(2026, 12, 28, 9, 0), contact);
        const WeekFigures yearEnd = m_q->weekFigures(QDate(2027, 1, 1), QStringLiteral("user-1"));
        QCOMPARE(yearEnd.year, 2026); // ISO week 53 of 2026 runs 28 December to 3 January
        QCOMPARE(yearEnd.week, 53);
        QCOMPARE(yearEnd.employerContacts, 2);
        const WeekFigures week1 = m_q->weekFigures(QDate(2027, 1, 4), QStringLiteral("user-1"));
        QCOMPARE(week1.year, 2027);
        QCOMPARE(week1.week, 1);
        QCOMPARE(week1.employerContacts, 0);
    }

    void caseloadAndInWork()
    {
        const QString me = QStringLiteral("user-1");
        const QVariantHash assigned {{QStringLiteral("assigned_to"), me}};
        person(QStringLiteral("employed"),
            {{QStringLiteral("assigned_to"), me}, {QStringLiteral("stage"), QStringLiteral("employed")}});
        const QString working = person(QStringLiteral("working"));
        const QString ended = person(QStringLiteral("ended"), assigned);
        const QString future = person(QStringLiteral("future"), assigned);
        person(QStringLiteral("closed"),
            {{QStringLiteral("assigned_to"), me}, {QStringLiteral("stage"), QStringLiteral("closed")}});
        person(QStringLiteral("theirs"), {{QStringLiteral("assigned_to"), QStringLiteral("user-2")}});
        removeRecord(QStringLiteral("participant"), person(QStringLiteral("deleted"), assigned));
        asUser(QStringLiteral("user-2"));
        person(QStringLiteral("created-by-colleague"));
        asUser(me);

        const auto job = [this](const QString &p, const QString &start, const QString &end) {
            QVariantHash v {{QStringLiteral("participant_id"), p}, {QStringLiteral("start_date"), start}};
            if (!end.isEmpty())
                v.insert(QStringLiteral("end_date"), end);
            return make(QStringLiteral("job"), QStringLiteral("employment"), v);
        };
        job(working, QStringLiteral("2026-10-01"), {});
        job(ended, QStringLiteral("2026-01-01"), QStringLiteral("2026-11-01"));
        job(future, QStringLiteral("2026-12-01"), {});
        removeRecord(QStringLiteral("employment"), job(future, QStringLiteral("2026-01-01"), {}));

        // "someone" (from init) was created by user-1 and is unassigned: part of the caseload too.
        const WeekFigures w = m_q->weekFigures(QDate(2026, 11, 25), me);
        QCOMPARE(w.caseload, 5);
        QCOMPARE(w.inWork, 2);
    }

    void daysSinceLastContactInLocalDays()
    {
        const QString never = person(QStringLiteral("never"));
        const QString three = person(QStringLiteral("three"));
        const QString today = person(QStringLiteral("today"));
        const QString yesterday = person(QStringLiteral("yesterday"));
        QVERIFY(store().remove(QStringLiteral("participant"), m_someone).ok());
        meeting(QStringLiteral("m1"), oslo(2026, 11, 10, 9, 0), {{QStringLiteral("participant_id"), three}});
        meeting(QStringLiteral("m2"), oslo(2026, 11, 20, 9, 0), {{QStringLiteral("participant_id"), three}});
        meeting(QStringLiteral("m3"), oslo(2026, 11, 23, 0, 30), {{QStringLiteral("participant_id"), today}});
        meeting(QStringLiteral("m4"), oslo(2026, 11, 22, 23, 30),
            {{QStringLiteral("participant_id"), yesterday}});
        meeting(QStringLiteral("m5"), oslo(2026, 11, 22, 9, 0),
            {{QStringLiteral("participant_id"), never},
                {QStringLiteral("status"), QStringLiteral("planned")}});
        removeRecord(QStringLiteral("encounter"),
            meeting(
                QStringLiteral("m6"), oslo(2026, 11, 22, 9, 0), {{QStringLiteral("participant_id"), three}}));

        const QList<ContactGap> gaps
            = m_q->daysSinceLastContact(QDate(2026, 11, 23), QStringLiteral("user-1"));
        QStringList order;
        QList<int> days;
        for (const ContactGap &g : gaps) {
            order << m_labels.value(g.participantId);
            days << g.days;
        }
        QCOMPARE(order,
            (QStringList {QStringLiteral("never"), QStringLiteral("three"), QStringLiteral("yesterday"),
                QStringLiteral("today")}));
        QCOMPARE(days, (QList<int> {-1, 3, 1, 0}));
        QCOMPARE(gaps.at(1).lastContact, utc(oslo(2026, 11, 20, 9, 0)));
        QVERIFY(gaps.at(0).lastContact.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStoreQueries)
#include "tst_storequeries.moc"
