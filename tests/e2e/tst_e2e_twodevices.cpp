// End-to-end: two devices of one team edit one participant offline and sync in turn, through the
// real client stack (Session, SyncEngine, Store) and through the real feltnotat-cli, against a real
// feltnotat-server on loopback. Different fields both survive everywhere; the same field ends with
// one value everywhere and one visible conflict that can be resolved. Synthetic data only.
#include "clirunner.h"
#include "core/conflicts.h"
#include "core/database.h"
#include "core/deletionconflicts.h"
#include "core/outbox.h"
#include "core/store.h"
#include "e2efixture.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace feltnotat;
using e2e::Device;
using testserver::ServerProcess;

class TestE2eTwoDevices : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    e2e::Team m_team;

    // A device of the team, logged in and synced.
    std::unique_ptr<Device> device(const QString &name, int user)
    {
        auto d = std::make_unique<Device>(name);
        QString error;
        if (!d->open(&error) || !d->login(m_server->url(), m_team.logins.at(user), &error)) {
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
            return {};
        }
        return d;
    }

    // What the server holds, as a device that has never synced before sees it.
    QJsonObject serverView(bool withClocks = true)
    {
        auto fresh = device(QStringLiteral("fresh"), 2);
        return fresh ? fresh->snapshot(withClocks) : QJsonObject {};
    }

    // Empty when each device holds what a fresh device gets from the server, else where they differ.
    QString differenceFromAFreshDevice(std::initializer_list<Device *> devices)
    {
        const QJsonObject server = serverView();
        for (Device *d : devices) {
            if (QString diff = e2e::diffSnapshots(d->snapshot(), server, d->name(), QStringLiteral("fresh"));
                !diff.isEmpty())
                return diff;
        }
        return {};
    }

    // A participant `maker` creates and syncs, and `other` pulls.
    std::optional<Record> sharedParticipant(Device &maker, Device &other, const QString &name)
    {
        auto p = maker.store().create(QStringLiteral("participant"), testdata::participant(name));
        if (!p || !maker.sync() || !other.sync())
            return std::nullopt;
        return p.value();
    }

    // Kari's and Ola's devices, and a participant Kari creates and both have.
    struct KariAndOla
    {
        std::unique_ptr<Device> kari;
        std::unique_ptr<Device> ola;
        std::optional<Record> participant;
    };
    KariAndOla kariAndOla(const QString &name)
    {
        KariAndOla out {device(QStringLiteral("Kari"), 0), device(QStringLiteral("Ola"), 1), {}};
        if (out.kari && out.ola)
            out.participant = sharedParticipant(*out.kari, *out.ola, name);
        return out;
    }

    // The same, and Per's device, which has it too.
    struct KariOlaAndPer
    {
        std::unique_ptr<Device> kari;
        std::unique_ptr<Device> ola;
        std::unique_ptr<Device> per;
        std::optional<Record> participant;
    };
    KariOlaAndPer kariOlaAndPer(const QString &name)
    {
        auto [kari, ola, p] = kariAndOla(name);
        KariOlaAndPer out {std::move(kari), std::move(ola), device(QStringLiteral("Per"), 2), p};
        if (!out.per || !out.per->sync())
            out.participant.reset();
        return out;
    }

    // A participant `maker` creates with a visit and a second visit deleted on purpose, synced to `other`.
    struct Family
    {
        Record participant;
        Record visit;
        Record deletedBefore;
    };
    std::optional<Family> participantWithVisits(Device &maker, Device &other, const QString &name)
    {
        const auto p = sharedParticipant(maker, other, name);
        if (!p)
            return std::nullopt;
        const QDateTime when = QDateTime::currentDateTimeUtc().addDays(-1);
        auto visit = maker.store().create(
            QStringLiteral("encounter"), testdata::encounter(p->id, when, QStringLiteral("Første samtale")));
        auto wrong = maker.store().create(
            QStringLiteral("encounter"), testdata::encounter(p->id, when, QStringLiteral("Feilført")));
        if (!visit || !wrong || !maker.store().remove(QStringLiteral("encounter"), wrong->id) || !maker.sync()
            || !other.sync())
            return std::nullopt;
        return Family {*p, visit.value(), wrong.value()};
    }

    // Empty when exactly Ola's device has a deletion conflict: one LostEdit entry for record `id`, by
    // Kari, his version holding `goal` and `name`, and Ola's user on a new device (no copy) has none;
    // else what is wrong.
    QString onlyOlaIsTold(
        Device &kari, Device &ola, Device &per, const QString &id, const QString &goal, const QString &name)
    {
        if (DeletionConflicts(kari.store()).openCount() != 0
            || DeletionConflicts(per.store()).openCount() != 0)
            return QStringLiteral("Kari or Per has a deletion conflict");
        const QList<DeletionConflict> onOla = DeletionConflicts(ola.store()).open();
        if (onOla.size() != 1)
            return QStringLiteral("Ola has %1 entries, not 1").arg(onOla.size());
        const DeletionConflict &c = onOla.first();
        if (c.kind != DeletionConflict::Kind::LostEdit || c.recordId != id
            || c.by != kari.store().identity().userId)
            return QStringLiteral("Ola's entry: kind %1, record %2, by %3")
                .arg(DeletionConflicts::kindName(c.kind), c.recordId, c.by);
        const QString got = c.snapshot.value(QStringLiteral("goals_short")).toString() + u'|'
            + c.snapshot.value(QStringLiteral("name")).toString();
        if (got != goal + u'|' + name)
            return QStringLiteral("Ola's version: %1").arg(got);
        auto fresh = device(QStringLiteral("fresh"), 1);
        return fresh && DeletionConflicts(fresh->store()).openCount() == 0
            ? QString()
            : QStringLiteral("a fresh device of Ola's has an entry");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QString error;
        m_team = e2e::createTeam(*m_server, QStringLiteral("Team Nord"), QStringLiteral("nord"), 3, &error);
        QVERIFY2(!m_team.id.isEmpty(), qPrintable(error));
    }

    void differentFieldsBothSurvive()
    {
        auto a = device(QStringLiteral("A"), 0);
        auto b = device(QStringLiteral("B"), 1);
        QVERIFY(a && b);
        auto p = a->store().create(
            QStringLiteral("participant"), testdata::participant(QStringLiteral("Test Deltaker En")));
        QVERIFY2(p, qPrintable(p.errorString()));
        QVERIFY(a->sync());
        QVERIFY(b->sync());
        QVERIFY(b->store().get(QStringLiteral("participant"), p->id));

        // Offline on both: different fields.
        QVERIFY(a->store().update(
            QStringLiteral("participant"), p->id, {{QStringLiteral("phone"), QStringLiteral("412 34 567")}}));
        QVERIFY(b->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("email"), QStringLiteral("deltaker.en@example.com")},
                {QStringLiteral("goals_short"), QStringLiteral("Jobb i butikk")}}));
        QCOMPARE(a->pending(), 1);
        QCOMPARE(b->pending(), 1);

        QVERIFY(a->sync());
        QVERIFY(b->sync());
        QVERIFY(a->sync());

        for (Device *d : {a.get(), b.get()}) {
            const auto r = d->store().get(QStringLiteral("participant"), p->id);
            QVERIFY(r);
            QCOMPARE(r->text(QStringLiteral("phone")), QStringLiteral("+4741234567"));
            QCOMPARE(r->text(QStringLiteral("email")), QStringLiteral("deltaker.en@example.com"));
            QCOMPARE(r->text(QStringLiteral("goals_short")), QStringLiteral("Jobb i butikk"));
            QCOMPARE(r->text(QStringLiteral("name")), QStringLiteral("Test Deltaker En"));
            QCOMPARE(d->pending(), 0);
            QCOMPARE(Conflicts(d->store()).openCount(), 0);
            QVERIFY(d->engine().caughtUp());
        }
        const QJsonObject snapA = a->snapshot();
        QVERIFY2(e2e::diffSnapshots(snapA, b->snapshot(), QStringLiteral("A"), QStringLiteral("B")).isEmpty(),
            qPrintable(e2e::diffSnapshots(snapA, b->snapshot(), QStringLiteral("A"), QStringLiteral("B"))));
        const QJsonObject server = serverView();
        QVERIFY2(e2e::diffSnapshots(snapA, server, QStringLiteral("A"), QStringLiteral("server")).isEmpty(),
            qPrintable(e2e::diffSnapshots(snapA, server, QStringLiteral("A"), QStringLiteral("server"))));
    }

    // Issue 20 and security review M4 with two real devices: Kari deletes a participant while Ola,
    // offline, edits it. The delete wins whatever the clocks say; Ola's edit is refused and kept on
    // his device in the list of refused changes, saying why; no device keeps the deleted content.
    void deleteWinsOverAnEditThatDidNotSeeIt()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        auto ola = device(QStringLiteral("Ola"), 1);
        QVERIFY(kari && ola);
        QVariantHash values = testdata::participant(QStringLiteral("Slettet Deltaker"));
        values.insert(QStringLiteral("adjustments"), QStringLiteral("Tilrettelegging som skal glemmes"));
        auto p = kari->store().create(QStringLiteral("participant"), values);
        QVERIFY2(p, qPrintable(p.errorString()));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(ola->store().get(QStringLiteral("participant"), p->id));

        // Kari deletes first; Ola's edit is made later (a larger clock) without having seen it.
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QTest::qWait(5);
        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ny plan etter samtalen")}}));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());

        for (Device *d : {kari.get(), ola.get()}) {
            QVERIFY(!d->store().get(QStringLiteral("participant"), p->id)); // deleted everywhere
            Query q = d->store().database().query(QStringLiteral(
                "SELECT name, adjustments, goals_short, deleted FROM participants WHERE id = ?"));
            q.bind(1, p->id);
            QVERIFY(q.next());
            QVERIFY2(q.isNull(0) && q.isNull(1) && q.isNull(2), qPrintable(d->name())); // no content kept
            QCOMPARE(q.int64(3), 1);
            QCOMPARE(d->pending(), 0);
        }
        // Exactly the losing user is told, with his edit kept.
        QCOMPARE(kari->engine().deadLetterCount(), 0);
        const QList<DeadLetter> dead = Outbox(ola->store()).deadLetters();
        QCOMPARE(dead.size(), 1);
        QCOMPARE(dead.first().code, QStringLiteral("deleted"));
        const QList<FieldChange> &lost = dead.first().mutation.changes;
        QVERIFY(std::any_of(lost.begin(), lost.end(), [](const FieldChange &c) {
            return c.field == u"goals_short" && c.value.toString().contains(u"Ny plan");
        }));
        // Ola's device holds his version in a conflict entry; Kari's has none.
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().kind, DeletionConflict::Kind::LostEdit);
        QCOMPARE(onOla.first().by, kari->store().identity().userId);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("goals_short")).toString(),
            QStringLiteral("Ny plan etter samtalen"));
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("name")).toString(),
            QStringLiteral("Slettet Deltaker"));
        // A fresh device agrees: the participant is gone.
        const QJsonObject server = serverView();
        QVERIFY(!QJsonDocument(server).toJson().contains("Slettet Deltaker"));

        // Kari restores it with the content she had (the app's undo does this): back everywhere.
        auto back = kari->store().restore(QStringLiteral("participant"), p->id, values);
        QVERIFY2(back, qPrintable(back.errorString()));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QCOMPARE(kari->engine().deadLetterCount(), 0);
        const auto backOnOla = ola->store().get(QStringLiteral("participant"), p->id);
        QVERIFY(backOnOla);
        QCOMPARE(backOnOla->text(QStringLiteral("name")), QStringLiteral("Slettet Deltaker"));
        QCOMPARE(backOnOla->text(QStringLiteral("adjustments")),
            QStringLiteral("Tilrettelegging som skal glemmes"));
        // Ola's "Gjenopprett" on the record Kari brought back puts his version on top, as an edit.
        QVERIFY(DeletionConflicts(ola->store()).restore(onOla.first().id));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        QCOMPARE(kari->store().get(QStringLiteral("participant"), p->id)->text(QStringLiteral("goals_short")),
            QStringLiteral("Ny plan etter samtalen"));
        QCOMPARE(DeletionConflicts(ola->store()).openCount(), 0);
        QCOMPARE(ola->engine().deadLetterCount(), 0);
    }

    // The other order of clocks: Ola, offline, edits a visit first; Kari deletes it later without having
    // seen his edit, and syncs first. The delete still wins (a later clock is not why); Ola, and only
    // Ola, gets the conflict with his note; accepting it leaves the visit deleted everywhere.
    void editThenALaterDeleteThatDidNotSeeIt()
    {
        auto [kari, ola, p] = kariAndOla(QStringLiteral("Tidlig Endring"));
        QVERIFY(kari && ola && p);
        auto visit = kari->store().create(QStringLiteral("encounter"),
            testdata::encounter(
                p->id, QDateTime::currentDateTimeUtc().addDays(-3), QStringLiteral("Kort møte")));
        QVERIFY(visit);
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        auto edited = ola->store().update(QStringLiteral("encounter"), visit->id,
            {{QStringLiteral("note"), QStringLiteral("Ola: referat fra møtet")}});
        QVERIFY(edited);
        QTest::qWait(5);
        QVERIFY(kari->store().remove(QStringLiteral("encounter"), visit->id));
        QVERIFY(kari->store().get(QStringLiteral("encounter"), visit->id, true)->clocks.value(sys::Deleted)
            > edited->clocks.value(QStringLiteral("note")));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());

        for (Device *d : {kari.get(), ola.get()}) {
            QVERIFY2(!d->store().get(QStringLiteral("encounter"), visit->id), qPrintable(d->name()));
            QVERIFY(d->store().get(QStringLiteral("participant"), p->id)); // only the visit went
            QCOMPARE(d->pending(), 0);
        }
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        QCOMPARE(kari->engine().deadLetterCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().kind, DeletionConflict::Kind::LostEdit);
        QCOMPARE(onOla.first().recordId, visit->id);
        QCOMPARE(onOla.first().participantId, p->id);
        QCOMPARE(onOla.first().by, kari->store().identity().userId);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("note")).toString(),
            QStringLiteral("Ola: referat fra møtet"));
        QVERIFY(!QJsonDocument(serverView()).toJson().contains("Ola: referat"));

        QVERIFY(DeletionConflicts(ola->store()).accept(onOla.first().id));
        QCOMPARE(DeletionConflicts(ola->store()).openCount(), 0);
        QCOMPARE(ola->engine().deadLetterCount(), 0);
        QVERIFY(ola->sync());
        QVERIFY(!ola->store().get(QStringLiteral("encounter"), visit->id));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // The gap of the two above: Ola's edit reaches the server first and is accepted (his queue is empty);
    // Kari, offline on a copy from before it, deletes the participant later and syncs after him. The
    // delete wins, and the server names Ola's device on the tombstone: exactly his device makes the
    // conflict entry, from its copy with his edit, once; Per, who had pulled the edit but did not write
    // it, Kari and a fresh device have none, and all agree.
    void acceptedEditThenALaterDeleteThatDidNotSeeIt()
    {
        auto [kari, ola, per, p] = kariOlaAndPer(QStringLiteral("Godtatt Deltaker"));
        QVERIFY(kari && ola && per && p);

        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ola: fast jobb innen mars")}}));
        QVERIFY(ola->sync());
        QCOMPARE(ola->pending(), 0);
        QVERIFY(per->sync());
        QTest::qWait(5);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // on her copy from before
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(per->sync());
        QVERIFY(ola->sync()); // again: no second entry

        for (Device *d : {kari.get(), ola.get(), per.get()}) {
            QVERIFY2(!d->store().get(QStringLiteral("participant"), p->id), qPrintable(d->name()));
            QCOMPARE(d->pending(), 0);
            QCOMPARE(d->engine().deadLetterCount(), 0);
        }
        const QString told = onlyOlaIsTold(*kari, *ola, *per, p->id,
            QStringLiteral("Ola: fast jobb innen mars"), QStringLiteral("Godtatt Deltaker"));
        QVERIFY2(told.isEmpty(), qPrintable(told));
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QVERIFY(!QJsonDocument(serverView()).toJson().contains("Ola: fast jobb"));
        QString diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // His "Gjenopprett" brings it back with his edit; Kari is told that he did.
        QVERIFY(DeletionConflicts(ola->store()).restore(onOla.first().id));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        const auto back = kari->store().get(QStringLiteral("participant"), p->id);
        QVERIFY(back);
        QCOMPARE(back->text(QStringLiteral("goals_short")), QStringLiteral("Ola: fast jobb innen mars"));
        QCOMPARE(back->value(sys::DeletedOver), QVariant()); // the names went with the delete
        const QList<DeletionConflict> notices = DeletionConflicts(kari->store()).open();
        QCOMPARE(notices.size(), 1);
        QCOMPARE(notices.first().kind, DeletionConflict::Kind::Restored);
        QVERIFY(per->sync());
        diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // (the tests share one server)
        QVERIFY(kari->sync());
    }

    // As above, but Kari edits the participant on her old copy before she deletes it: her own edit (a
    // later clock than Ola's) is not what her delete saw of others, so Ola is still told.
    void acceptedEditThenAnEditAndADeleteThatDidNotSeeIt()
    {
        auto [kari, ola, p] = kariAndOla(QStringLiteral("Endret Før Sletting"));
        QVERIFY(kari && ola && p);
        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ola: arbeidstrening")}}));
        QVERIFY(ola->sync());
        QTest::qWait(5);
        QVERIFY(kari->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("strengths"), QStringLiteral("Kari: god på service")}}));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        QCOMPARE(kari->engine().deadLetterCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("goals_short")).toString(),
            QStringLiteral("Ola: arbeidstrening"));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(DeletionConflicts(ola->store()).accept(onOla.first().id));
    }

    // What a delete saw is judged in the server's order, not by clocks: Ola edits the goal offline
    // first (an older clock), Per edits the strengths later and syncs, Kari pulls Per's edit; then Ola's
    // old edit reaches the server, after Kari's last pull, and Kari deletes on her copy that has Per's
    // edit but not Ola's. Her copy's newest clock (Per's) is later than Ola's, yet her delete did not
    // see his edit: exactly Ola's device is told.
    void oldOfflineEditAcceptedAfterTheDeletersLastPull()
    {
        auto [kari, ola, per, p] = kariOlaAndPer(QStringLiteral("Gammel Endring"));
        QVERIFY(kari && ola && per && p);

        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ola: praksisplass i butikk")}}));
        QTest::qWait(5);
        QVERIFY(per->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("strengths"), QStringLiteral("Per: punktlig")}}));
        QVERIFY(per->sync());
        QVERIFY(kari->sync()); // her copy: Per's edit, the newest clock of all
        QVERIFY(ola->sync()); // his older edit is accepted after her pull
        QCOMPARE(ola->pending(), 0);
        QCOMPARE(ola->engine().deadLetterCount(), 0);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(per->sync());
        QVERIFY(ola->sync()); // again: no second entry

        const QString told = onlyOlaIsTold(*kari, *ola, *per, p->id,
            QStringLiteral("Ola: praksisplass i butikk"), QStringLiteral("Gammel Endring"));
        QVERIFY2(told.isEmpty(), qPrintable(told));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(DeletionConflicts(ola->store()).accept(DeletionConflicts(ola->store()).open().first().id));
    }

    // A restore is a write like an edit: Per deletes a participant, Ola restores it with a new goal and
    // his restore is accepted; Kari, offline on a copy from before both, deletes it later and syncs last.
    // Her delete wins, and exactly Ola's device is told, with the record as he restored it.
    void acceptedRestoreThenALaterDeleteThatDidNotSeeIt()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        auto ola = device(QStringLiteral("Ola"), 1);
        auto per = device(QStringLiteral("Per"), 2);
        QVERIFY(kari && ola && per);
        QVariantHash values = testdata::participant(QStringLiteral("Gjenopprettet Deltaker"));
        auto p = per->store().create(QStringLiteral("participant"), values);
        QVERIFY(p);
        QVERIFY(per->sync());
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        QVERIFY(per->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(per->sync());
        QVERIFY(ola->sync());
        QVERIFY(!ola->store().get(QStringLiteral("participant"), p->id));
        values.insert(QStringLiteral("goals_short"), QStringLiteral("Ola: tilbake i praksis"));
        QVERIFY(ola->store().restore(QStringLiteral("participant"), p->id, values));
        QVERIFY(ola->sync());
        QTest::qWait(5);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // her copy predates both
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(per->sync());
        QVERIFY(ola->sync());

        for (Device *d : {kari.get(), ola.get(), per.get()}) {
            QVERIFY2(!d->store().get(QStringLiteral("participant"), p->id), qPrintable(d->name()));
            QCOMPARE(d->pending(), 0);
            QCOMPARE(d->engine().deadLetterCount(), 0);
        }
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        for (const DeletionConflict &c : DeletionConflicts(per->store()).open())
            QCOMPARE(c.kind, DeletionConflict::Kind::Restored); // Per is told only that Ola restored it
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().kind, DeletionConflict::Kind::LostEdit);
        QCOMPARE(onOla.first().by, kari->store().identity().userId);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("goals_short")).toString(),
            QStringLiteral("Ola: tilbake i praksis"));
        QVERIFY(!QJsonDocument(serverView()).toJson().contains("Ola: tilbake"));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(DeletionConflicts(ola->store()).accept(onOla.first().id));
    }

    // Ola's accepted edit of a visit, then Kari's delete of its participant (which takes the visit
    // along) from a copy that did not see it: Ola's one entry is for the participant, holding the visit
    // with his note.
    void acceptedEditOfAChildThenAParentDeleteThatDidNotSeeIt()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        auto ola = device(QStringLiteral("Ola"), 1);
        QVERIFY(kari && ola);
        const auto family = participantWithVisits(*kari, *ola, QStringLiteral("Godtatt Forelder"));
        QVERIFY(family);
        const Record &p = family->participant;
        const Record &visit = family->visit;
        QVERIFY(ola->store().update(QStringLiteral("encounter"), visit.id,
            {{QStringLiteral("note"), QStringLiteral("Ola: referat godtatt")}}));
        QVERIFY(ola->sync());
        QTest::qWait(5);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p.id));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(ola->sync());

        QVERIFY(!ola->store().get(QStringLiteral("encounter"), visit.id));
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().recordId, p.id);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("name")).toString(),
            QStringLiteral("Godtatt Forelder"));
        QCOMPARE(onOla.first().children.value(visit.id).values.value(QStringLiteral("note")).toString(),
            QStringLiteral("Ola: referat godtatt"));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(DeletionConflicts(ola->store()).accept(onOla.first().id));
    }

    // Kari deletes a participant offline and undoes it (a restore with the content she had); Ola's later
    // edit of its name reaches the server first. Her delete empties the name on the server (the field's
    // clock stays Ola's, later than her restore's); her undo still brings the participant back with her
    // content, instead of being refused as invalid for a missing name and then making her a deletion
    // conflict over her own edit (the two cases tst_e2e_convergence logged before).
    void undoOfADeleteOverAColleaguesLaterEdit()
    {
        auto [kari, ola, p] = kariAndOla(QStringLiteral("Angret Sletting"));
        QVERIFY(kari && ola && p);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->store().restore(QStringLiteral("participant"), p->id, Store::contentOf(*p)));
        QVERIFY(kari->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("strengths"), QStringLiteral("Kari: møter presis")}}));
        QTest::qWait(5);
        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("name"), QStringLiteral("Ola Endret Navn")}}));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        QCOMPARE(kari->engine().deadLetterCount(), 0);
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        // Her undo wrote over his accepted name: he is told, with his version.
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().kind, DeletionConflict::Kind::LostEdit);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("name")).toString(),
            QStringLiteral("Ola Endret Navn"));
        for (Device *d : {kari.get(), ola.get()}) {
            const auto r = d->store().get(QStringLiteral("participant"), p->id);
            QVERIFY2(r, qPrintable(d->name()));
            QCOMPARE(r->text(QStringLiteral("name")), QStringLiteral("Angret Sletting"));
            QCOMPARE(r->text(QStringLiteral("strengths")), QStringLiteral("Kari: møter presis"));
        }
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // (the tests share one server)
        QVERIFY(kari->sync());
    }

    // Kari deletes a participant on a copy that had not seen Ola's accepted edit, then undoes the delete
    // (a restore with her old content) before Ola's device pulls: her content replaces his edit on the
    // server. Exactly Ola is told, on his device, with his version; his "Gjenopprett" brings his values
    // back as an ordinary edit, once; a fresh device agrees and has no entry.
    void undoOfADeleteOverAnAcceptedEditBeforeHePulls()
    {
        auto [kari, ola, p] = kariAndOla(QStringLiteral("Angret Over Endring"));
        QVERIFY(kari && ola && p);
        auto per = device(QStringLiteral("Per"), 2);
        QVERIFY(per);
        QVERIFY(kari->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Kari: arbeidspraksis")}}));
        QVERIFY(kari->sync() && ola->sync() && per->sync());
        const auto karis = kari->store().get(QStringLiteral("participant"), p->id); // what her undo keeps
        QVERIFY(karis);
        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ola: lærlingplass til høsten")}}));
        QVERIFY(ola->sync());
        QCOMPARE(ola->pending(), 0);
        QTest::qWait(5);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // on her copy from before
        QVERIFY(kari->sync());
        QVERIFY(
            kari->store().restore(QStringLiteral("participant"), p->id, Store::contentOf(*karis))); // undo
        QVERIFY(kari->sync());
        QVERIFY(per->sync());
        QVERIFY(ola->sync());
        QVERIFY(ola->sync()); // again: no second entry

        for (Device *d : {kari.get(), ola.get(), per.get()}) {
            const auto r = d->store().get(QStringLiteral("participant"), p->id);
            QVERIFY2(r, qPrintable(d->name()));
            QCOMPARE(r->text(QStringLiteral("goals_short")), QStringLiteral("Kari: arbeidspraksis"));
            QCOMPARE(d->pending(), 0);
            QCOMPARE(d->engine().deadLetterCount(), 0);
        }
        const QString told = onlyOlaIsTold(*kari, *ola, *per, p->id,
            QStringLiteral("Ola: lærlingplass til høsten"), QStringLiteral("Angret Over Endring"));
        QVERIFY2(told.isEmpty(), qPrintable(told));
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QString diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // His "Gjenopprett": his values are back everywhere, as an ordinary edit; nobody gets an entry.
        QVERIFY(DeletionConflicts(ola->store()).restore(onOla.first().id));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        QVERIFY(per->sync());
        QVERIFY(ola->sync());
        for (Device *d : {kari.get(), ola.get(), per.get()}) {
            const auto r = d->store().get(QStringLiteral("participant"), p->id);
            QVERIFY2(r, qPrintable(d->name()));
            QCOMPARE(r->text(QStringLiteral("goals_short")), QStringLiteral("Ola: lærlingplass til høsten"));
            QCOMPARE(DeletionConflicts(d->store()).openCount(), 0);
        }
        diff = differenceFromAFreshDevice({kari.get(), ola.get(), per.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id)); // (the tests share one server)
        QVERIFY(kari->sync());
    }

    // Kari deletes; Ola edits while his device pulls (the edit waits in the queue when the delete
    // arrives): the pulled delete wins, and exactly Ola is told, with his version. He restores it
    // through feltnotat-cli; Kari's device shows that he did; a fresh device agrees with both.
    void pulledDeleteOverAPendingEditIsAConflictToRestore()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        QVERIFY(kari);
        auto ola = std::make_unique<Device>(QStringLiteral("Ola"));
        ola->setPullLimit(1); // one record a page: Ola edits between two pages
        QString error;
        QVERIFY2(
            ola->open(&error) && ola->login(m_server->url(), m_team.logins.at(1), &error), qPrintable(error));
        QVariantHash values = testdata::participant(QStringLiteral("Trukket Deltaker"));
        values.insert(QStringLiteral("strengths"), QStringLiteral("Stødig i kundemøter"));
        auto p = kari->store().create(QStringLiteral("participant"), values);
        auto filler
            = kari->store().create(QStringLiteral("employer"), testdata::employer(QStringLiteral("Fyll AS")));
        QVERIFY(p && filler);
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        // Kari: first the employer (the page before), then the delete.
        QVERIFY(kari->store().update(
            QStringLiteral("employer"), filler->id, {{QStringLiteral("city"), QStringLiteral("Bodø")}}));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->sync());
        bool edited = false;
        QObject guard;
        QObject::connect(&ola->store(), &Store::remoteApplied, &guard, [&] {
            if (std::exchange(edited, true))
                return;
            QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
                {{QStringLiteral("goals_short"), QStringLiteral("Avtalt hospitering")}}));
        });
        QVERIFY(ola->sync());
        QVERIFY(edited);
        QVERIFY(!ola->store().get(QStringLiteral("participant"), p->id));
        QCOMPARE(ola->pending(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("goals_short")).toString(),
            QStringLiteral("Avtalt hospitering"));
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("strengths")).toString(),
            QStringLiteral("Stødig i kundemøter"));
        QCOMPARE(Outbox(ola->store()).deadLetters().value(0).code, QStringLiteral("deleted"));
        QVERIFY(kari->sync());
        QCOMPARE(kari->engine().conflictCount(), 0);

        // Through the CLI on Ola's data folder: listed, then restored.
        ola->close();
        const auto listed = e2e::runCli(ola->dataDir(), {QStringLiteral("conflicts")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray entries = listed.json().array();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("deleted"));
        QCOMPARE(entry.value(QStringLiteral("record_id")).toString(), p->id);
        QCOMPARE(entry.value(QStringLiteral("snapshot"))
                     .toObject()
                     .value(QStringLiteral("goals_short"))
                     .toString(),
            QStringLiteral("Avtalt hospitering"));
        const auto restored = e2e::runCli(ola->dataDir(),
            {QStringLiteral("resolve"), entry.value(QStringLiteral("id")).toString(),
                QStringLiteral("restore")});
        QCOMPARE(restored.exitCode, 0);
        QVERIFY(ola->open(&error));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());

        const auto onKari = kari->store().get(QStringLiteral("participant"), p->id);
        QVERIFY(onKari);
        QCOMPARE(onKari->text(QStringLiteral("goals_short")), QStringLiteral("Avtalt hospitering"));
        QCOMPARE(onKari->text(QStringLiteral("strengths")), QStringLiteral("Stødig i kundemøter"));
        const QList<DeletionConflict> notices = DeletionConflicts(kari->store()).open();
        QCOMPARE(notices.size(), 1);
        QCOMPARE(notices.first().kind, DeletionConflict::Kind::Restored);
        QCOMPARE(notices.first().by, ola->store().identity().userId);
        QCOMPARE(DeletionConflicts(ola->store()).openCount(), 0);
        QCOMPARE(ola->engine().deadLetterCount(), 0);
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Kari deletes a participant: its visit goes along (a visit she had deleted on purpose before stays
    // deleted). Ola, offline, had edited that visit's note: he, and only he, gets the conflict, one entry
    // for the participant holding the visit as he had it (the server refuses his edit first, then the
    // participant's delete arrives). Kari's undo restores the participant with exactly its visit; Ola's
    // "Gjenopprett" then brings his note; all agree.
    void parentDeleteAgainstAnEditOfItsChild()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        auto ola = device(QStringLiteral("Ola"), 1);
        QVERIFY(kari && ola);
        const auto family = participantWithVisits(*kari, *ola, QStringLiteral("Forelder Deltaker"));
        QVERIFY(family);
        const Record *p = &family->participant;
        const Record *visit = &family->visit;
        const Record *wrong = &family->deletedBefore;

        // The app's undo holds the content of what the delete takes along.
        QHash<QString, QVariantHash> along;
        for (const Record &c : kari->store().childrenOf(p->id, false))
            along.insert(c.id, Store::contentOf(c));
        QCOMPARE(along.size(), 1);
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(ola->store().update(QStringLiteral("encounter"), visit->id,
            {{QStringLiteral("note"), QStringLiteral("Ola la til: avtalt oppstart mandag")}}));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        for (Device *d : {kari.get(), ola.get()}) {
            QVERIFY(!d->store().get(QStringLiteral("participant"), p->id));
            QVERIFY(!d->store().get(QStringLiteral("encounter"), visit->id));
            QCOMPARE(
                d->store().get(QStringLiteral("encounter"), visit->id, true)->text(sys::DeletedWith), p->id);
        }
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        QCOMPARE(onOla.first().recordId, p->id);
        QCOMPARE(onOla.first().snapshot.value(QStringLiteral("name")).toString(),
            QStringLiteral("Forelder Deltaker"));
        QCOMPARE(onOla.first().children.value(visit->id).values.value(QStringLiteral("note")).toString(),
            QStringLiteral("Ola la til: avtalt oppstart mandag"));
        QVERIFY(!QJsonDocument(serverView()).toJson().contains("Forelder Deltaker"));

        auto back = kari->store().restore(QStringLiteral("participant"), p->id, Store::contentOf(*p), along);
        QVERIFY2(back, qPrintable(back.errorString()));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());
        QVERIFY(ola->store().get(QStringLiteral("encounter"), visit->id));
        QVERIFY(!ola->store().get(QStringLiteral("encounter"), wrong->id)); // deleted on purpose: stays
        QVERIFY(DeletionConflicts(ola->store()).restore(onOla.first().id));
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        QCOMPARE(kari->store().get(QStringLiteral("encounter"), visit->id)->text(QStringLiteral("note")),
            QStringLiteral("Ola la til: avtalt oppstart mandag"));
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Ola, offline, edits a participant and one of its visits; Kari deletes the participant, which
    // takes that visit and a task along (a visit she had deleted on purpose before stays deleted).
    // Ola's one conflict entry holds the participant and what went with it, as he had them; his
    // "Gjenopprett" brings back exactly those, with his edits; Kari gets one notice; all agree.
    void participantConflictRestoresWhatWentWithIt()
    {
        auto kari = device(QStringLiteral("Kari"), 0);
        auto ola = device(QStringLiteral("Ola"), 1);
        QVERIFY(kari && ola);
        const auto family = participantWithVisits(*kari, *ola, QStringLiteral("Samlet Deltaker"));
        QVERIFY(family);
        const Record *p = &family->participant;
        const Record *visit = &family->visit;
        const Record *wrong = &family->deletedBefore;
        auto task = kari->store().create(QStringLiteral("task"),
            {{QStringLiteral("title"), QStringLiteral("Ring arbeidsgiver")},
                {QStringLiteral("participant_id"), p->id}});
        QVERIFY(task);
        QVERIFY(kari->sync());
        QVERIFY(ola->sync());

        QVERIFY(ola->store().update(QStringLiteral("participant"), p->id,
            {{QStringLiteral("goals_short"), QStringLiteral("Ola: praksis i butikk")}}));
        QVERIFY(ola->store().update(QStringLiteral("encounter"), visit->id,
            {{QStringLiteral("note"), QStringLiteral("Ola: avtalt oppstart")}}));
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->sync());
        QVERIFY(ola->sync()); // his edits are refused; the tombstones arrive
        QVERIFY(kari->sync());
        QCOMPARE(DeletionConflicts(kari->store()).openCount(), 0);
        const QList<DeletionConflict> onOla = DeletionConflicts(ola->store()).open();
        QCOMPARE(onOla.size(), 1);
        const DeletionConflict &entry = onOla.first();
        QCOMPARE(entry.recordId, p->id);
        QCOMPARE(entry.snapshot.value(QStringLiteral("goals_short")).toString(),
            QStringLiteral("Ola: praksis i butikk"));
        QCOMPARE(entry.children.size(), 2);
        QCOMPARE(entry.children.value(visit->id).values.value(QStringLiteral("note")).toString(),
            QStringLiteral("Ola: avtalt oppstart"));
        QCOMPARE(entry.children.value(task->id).entity, QStringLiteral("task"));
        QVERIFY(!entry.children.contains(wrong->id));
        for (Device *d : {kari.get(), ola.get()}) {
            QVERIFY(!d->store().get(QStringLiteral("encounter"), visit->id));
            QVERIFY(!d->store().get(QStringLiteral("task"), task->id));
        }
        QVERIFY(!QJsonDocument(serverView()).toJson().contains("Ola: avtalt oppstart"));

        QVERIFY(DeletionConflicts(ola->store()).restore(entry.id));
        QCOMPARE(DeletionConflicts(ola->store()).openCount(), 0);
        QCOMPARE(ola->engine().deadLetterCount(), 0);
        QVERIFY(ola->sync());
        QVERIFY(kari->sync());
        const auto back = kari->store().get(QStringLiteral("participant"), p->id);
        QVERIFY(back);
        QCOMPARE(back->text(QStringLiteral("goals_short")), QStringLiteral("Ola: praksis i butikk"));
        QCOMPARE(back->text(QStringLiteral("name")), QStringLiteral("Samlet Deltaker"));
        const auto visitBack = kari->store().get(QStringLiteral("encounter"), visit->id);
        QVERIFY(visitBack);
        QCOMPARE(visitBack->text(QStringLiteral("note")), QStringLiteral("Ola: avtalt oppstart"));
        QVERIFY(visitBack->value(sys::DeletedWith).isNull());
        QCOMPARE(kari->store().get(QStringLiteral("task"), task->id)->text(QStringLiteral("title")),
            QStringLiteral("Ring arbeidsgiver"));
        QVERIFY(!kari->store().get(QStringLiteral("encounter"), wrong->id)); // deleted on purpose: stays
        const QList<DeletionConflict> notices = DeletionConflicts(kari->store()).open();
        QCOMPARE(notices.size(), 1); // one for the participant, none for what came back with it
        QCOMPARE(notices.first().kind, DeletionConflict::Kind::Restored);
        QCOMPARE(notices.first().recordId, p->id);
        const QString diff = differenceFromAFreshDevice({kari.get(), ola.get()});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The tests share one server: the task goes again (cliDevices counts the team's tasks).
        QVERIFY(kari->store().remove(QStringLiteral("participant"), p->id));
        QVERIFY(kari->sync());
    }

    void sameFieldConflictAndResolution()
    {
        auto a = device(QStringLiteral("A"), 0);
        auto b = device(QStringLiteral("B"), 1);
        QVERIFY(a && b);
        auto p = a->store().create(
            QStringLiteral("participant"), testdata::participant(QStringLiteral("Test Deltaker To")));
        QVERIFY(p);
        QVERIFY(a->sync());
        QVERIFY(b->sync());
        const qint64 conflictsBefore = e2e::countIn(a->snapshot(), QStringLiteral("conflicts"));

        // Offline on both: the same field.
        const QString valueA = QStringLiteral("Navn fra enhet A");
        const QString valueB = QStringLiteral("Navn fra enhet B");
        QVERIFY(a->store().update(QStringLiteral("participant"), p->id, {{QStringLiteral("name"), valueA}}));
        QVERIFY(b->store().update(QStringLiteral("participant"), p->id, {{QStringLiteral("name"), valueB}}));

        QVERIFY(a->sync());
        QVERIFY(b->sync());
        // The second writer learns of the conflict in the same cycle; the first has not synced since.
        QCOMPARE(Conflicts(a->store()).openCount(), 0);
        QCOMPARE(Conflicts(b->store()).openCount(), 1);
        QVERIFY(a->sync());

        const QList<Record> onA = Conflicts(a->store()).open();
        const QList<Record> onB = Conflicts(b->store()).open();
        QCOMPARE(onA.size(), 1);
        QCOMPARE(onB.size(), 1);
        const Record &c = onA.first();
        QCOMPARE(onB.first().id, c.id); // one conflict, seen by the whole team
        QCOMPARE(c.text(QStringLiteral("entity")), QStringLiteral("participant"));
        QCOMPARE(c.text(QStringLiteral("record_id")), p->id);
        QCOMPARE(c.text(QStringLiteral("field")), QStringLiteral("name"));
        const QString kept = Conflicts::decodeValue(c.text(QStringLiteral("kept_value"))).toString();
        const QString lost = Conflicts::decodeValue(c.text(QStringLiteral("lost_value"))).toString();
        QCOMPARE(QSet<QString>({kept, lost}), QSet<QString>({valueA, valueB}));
        // Both devices show the kept value; the lost one is recorded as lost by its writer.
        for (Device *d : {a.get(), b.get()})
            QCOMPARE(
                d->store().get(QStringLiteral("participant"), p->id)->text(QStringLiteral("name")), kept);
        const QString loserUser = (lost == valueA ? a : b)->store().identity().userId;
        QCOMPARE(c.text(QStringLiteral("lost_by")), loserUser);
        QVERIFY2(e2e::diffSnapshots(a->snapshot(), b->snapshot()).isEmpty(),
            qPrintable(e2e::diffSnapshots(a->snapshot(), b->snapshot())));

        // Resolve on A by taking the lost value; it travels as an ordinary edit.
        QVERIFY(Conflicts(a->store()).resolve(c.id, Conflicts::Choice::TakeLost));
        QCOMPARE(Conflicts(a->store()).openCount(), 0);
        QVERIFY(a->sync());
        QVERIFY(b->sync());
        QVERIFY(a->sync());
        for (Device *d : {a.get(), b.get()}) {
            QCOMPARE(
                d->store().get(QStringLiteral("participant"), p->id)->text(QStringLiteral("name")), lost);
            QCOMPARE(Conflicts(d->store()).openCount(), 0);
            QCOMPARE(d->store().get(QStringLiteral("conflict"), c.id)->text(QStringLiteral("status")),
                QStringLiteral("resolved"));
            QCOMPARE(d->pending(), 0);
            QCOMPARE(d->engine().deadLetterCount(), 0);
        }
        const QJsonObject snapA = a->snapshot();
        QCOMPARE(e2e::countIn(snapA, QStringLiteral("conflicts")), conflictsBefore + 1); // no new conflict
        QVERIFY2(e2e::diffSnapshots(snapA, b->snapshot()).isEmpty(),
            qPrintable(e2e::diffSnapshots(snapA, b->snapshot())));
        const QJsonObject server = serverView();
        QVERIFY2(e2e::diffSnapshots(snapA, server, QStringLiteral("A"), QStringLiteral("server")).isEmpty(),
            qPrintable(e2e::diffSnapshots(snapA, server, QStringLiteral("A"), QStringLiteral("server"))));
    }

    // The same two stories through two feltnotat-cli processes with their own data folders.
    void cliDevices()
    {
        QTemporaryDir tmp;
        const QString dirA = tmp.filePath(QStringLiteral("a"));
        const QString dirB = tmp.filePath(QStringLiteral("b"));
        const QString server = m_server->url().toString();
        auto cli = [](const QString &dir, const QStringList &args, const QByteArray &input = {}) {
            const e2e::CliResult r = e2e::runCli(dir, args, input);
            if (r.exitCode != 0)
                qWarning("feltnotat-cli %s: exit %d: %s", qPrintable(args.join(u' ')), r.exitCode,
                    r.err.constData());
            return r;
        };
        for (const auto &[dir, login] :
            {std::pair {dirA, m_team.logins.at(0)}, std::pair {dirB, m_team.logins.at(1)}}) {
            const auto r = cli(dir,
                {QStringLiteral("login"), QStringLiteral("--server"), server, QStringLiteral("--user"),
                    login},
                e2e::Password.toUtf8() + '\n');
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.json().object().value(QStringLiteral("team")).toString(), m_team.id);
        }
        const auto added = cli(dirA,
            {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=Test Deltaker Tre")});
        QCOMPARE(added.exitCode, 0);
        const QString id = added.json().object().value(QStringLiteral("id")).toString();
        QVERIFY(Schema::isValidId(id));
        QCOMPARE(cli(dirA, {QStringLiteral("sync")}).exitCode, 0);
        QCOMPARE(cli(dirB, {QStringLiteral("sync")}).exitCode, 0);

        // Issue 19: login --no-sync logs in without the first sync; sync then fetches the team's records.
        {
            const QString dirC = tmp.filePath(QStringLiteral("c"));
            const auto r = cli(dirC,
                {QStringLiteral("login"), QStringLiteral("--no-sync"), QStringLiteral("--server"), server,
                    QStringLiteral("--user"), m_team.logins.at(2)},
                e2e::Password.toUtf8() + '\n');
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.json().object().value(QStringLiteral("synced")), QJsonValue(false));
            const auto shown = [&] {
                return e2e::runCli(dirC, {QStringLiteral("show"), QStringLiteral("participant"), id})
                    .exitCode;
            };
            QCOMPARE(shown(), 1); // not fetched
            QCOMPARE(cli(dirC, {QStringLiteral("status")}).json().object().value(QStringLiteral("logged_in")),
                QJsonValue(true));
            QCOMPARE(cli(dirC, {QStringLiteral("sync")}).exitCode, 0);
            QCOMPARE(shown(), 0);
        }

        // Different fields offline, then sync in turn.
        QCOMPARE(
            cli(dirA,
                {QStringLiteral("edit"), QStringLiteral("participant"), id, QStringLiteral("phone=98765432")})
                .exitCode,
            0);
        QCOMPARE(
            cli(dirB,
                {QStringLiteral("edit"), QStringLiteral("participant"), id, QStringLiteral("stage=employed")})
                .exitCode,
            0);
        for (const QString &dir : {dirA, dirB, dirA}) {
            const auto r = cli(dir, {QStringLiteral("sync")});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.json().object().value(QStringLiteral("pending")).toInt(), 0);
        }
        auto exportOf = [&](const QString &dir) {
            return cli(dir, {QStringLiteral("export")}).json().object();
        };
        auto participantIn = [&](const QJsonObject &exported) {
            for (const QJsonValue &v : exported.value(QStringLiteral("participants")).toArray()) {
                if (v.toObject().value(QStringLiteral("id")).toString() == id)
                    return v.toObject();
            }
            return QJsonObject {};
        };
        QJsonObject exportA = exportOf(dirA);
        QCOMPARE(
            participantIn(exportA).value(QStringLiteral("phone")).toString(), QStringLiteral("+4798765432"));
        QCOMPARE(
            participantIn(exportA).value(QStringLiteral("stage")).toString(), QStringLiteral("employed"));
        QCOMPARE(exportOf(dirB), exportA);

        // The same field offline: one value everywhere, one conflict, resolved by a new value.
        QCOMPARE(cli(dirA,
                     {QStringLiteral("edit"), QStringLiteral("participant"), id,
                         QStringLiteral("name=Navn fra CLI A")})
                     .exitCode,
            0);
        QCOMPARE(cli(dirB,
                     {QStringLiteral("edit"), QStringLiteral("participant"), id,
                         QStringLiteral("name=Navn fra CLI B")})
                     .exitCode,
            0);
        QCOMPARE(cli(dirA, {QStringLiteral("sync")}).exitCode, 0);
        QCOMPARE(cli(dirB, {QStringLiteral("sync")}).exitCode, 0);
        QCOMPARE(cli(dirA, {QStringLiteral("sync")}).exitCode, 0);
        const QJsonArray conflictsA = cli(dirA, {QStringLiteral("conflicts")}).json().array();
        const QJsonArray conflictsB = cli(dirB, {QStringLiteral("conflicts")}).json().array();
        QCOMPARE(conflictsA.size(), 1);
        QCOMPARE(conflictsB, conflictsA);
        const QJsonObject conflict = conflictsA.first().toObject();
        QCOMPARE(conflict.value(QStringLiteral("record_id")).toString(), id);
        QCOMPARE(conflict.value(QStringLiteral("field")).toString(), QStringLiteral("name"));
        exportA = exportOf(dirA);
        QCOMPARE(exportOf(dirB), exportA);
        // The values are JSON values (issue 19: they were JSON text inside a string), and text mode shows
        // them without quotes.
        const QJsonValue kept = participantIn(exportA).value(QStringLiteral("name"));
        QCOMPARE(conflict.value(QStringLiteral("kept_value")), kept);
        const QSet<QString> both {QStringLiteral("Navn fra CLI A"), QStringLiteral("Navn fra CLI B")};
        QCOMPARE(
            (QSet<QString> {kept.toString(), conflict.value(QStringLiteral("lost_value")).toString()}), both);
        const clitest::Run text = clitest::on(dirA, {QStringLiteral("conflicts")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(
            text.outText().contains(QStringLiteral("now:  ") + kept.toString() + u'\n'), text.describe());
        QVERIFY2(!text.outText().contains(u'"'), text.describe());

        QCOMPARE(cli(dirB,
                     {QStringLiteral("resolve"), conflict.value(QStringLiteral("id")).toString(),
                         QStringLiteral("value=Test Deltaker Tre Felles")})
                     .exitCode,
            0);
        for (const QString &dir : {dirB, dirA})
            QCOMPARE(cli(dir, {QStringLiteral("sync")}).exitCode, 0);
        for (const QString &dir : {dirA, dirB}) {
            QCOMPARE(cli(dir, {QStringLiteral("conflicts")}).json().array().size(), 0);
            const auto status = cli(dir, {QStringLiteral("status")}).json().object();
            QCOMPARE(status.value(QStringLiteral("pending")).toInt(), 0);
            QCOMPARE(status.value(QStringLiteral("dead_letters")).toInt(), 0);
        }
        // Issue 19: an import with broken rows in the middle; every other row reaches the server and device B
        // (the comparisons below cover them too).
        {
            QByteArray input;
            for (int i = 0; i < 1000; ++i) {
                input += QStringLiteral(
                    "{\"entity\": \"participant\", \"ref\": \"p%1\", \"fields\": {\"name\": "
                    "\"Importert %1\"}}\n")
                             .arg(i)
                             .toUtf8();
                input += QStringLiteral("{\"entity\": \"task\", \"fields\": {\"title\": \"Ring %1\", "
                                        "\"participant_id\": \"@p%1\"}}\n")
                             .arg(i)
                             .toUtf8();
                if (i == 500)
                    input += "{\"entity\": \"participant\", \"fields\": {}}\n{\"entity\": \"task\"\n";
            }
            const auto imported = e2e::runCli(dirA, {QStringLiteral("import"), QStringLiteral("-")}, input);
            QCOMPARE(imported.exitCode, 1);
            QCOMPARE(imported.json().object().value(QStringLiteral("imported")).toInt(), 2000);
            QCOMPARE(imported.json().object().value(QStringLiteral("refused")).toArray().size(), 2);
            QVERIFY2(imported.err.startsWith("line 1003: name"), imported.err.constData());
            QVERIFY2(imported.err.contains("\nline 1004: "), imported.err.constData());
            for (const QString &dir : {dirA, dirB}) {
                const auto synced = cli(dir, {QStringLiteral("sync")});
                QCOMPARE(synced.exitCode, 0);
                QCOMPARE(synced.json().object().value(QStringLiteral("pending")).toInt(), 0);
            }
            const QJsonObject onB = exportOf(dirB);
            QCOMPARE(
                onB.value(QStringLiteral("tasks")).toArray().size(), 1000); // the test made no other task
            int names = 0;
            for (const QJsonValue &v : onB.value(QStringLiteral("participants")).toArray())
                names += v.toObject()
                             .value(QStringLiteral("name"))
                             .toString()
                             .startsWith(QStringLiteral("Importert "));
            QCOMPARE(names, 1000);
        }
        exportA = exportOf(dirA);
        QCOMPARE(participantIn(exportA).value(QStringLiteral("name")).toString(),
            QStringLiteral("Test Deltaker Tre Felles"));
        QCOMPARE(exportOf(dirB), exportA);
        // And the server holds the same (without the clocks, which the CLI export leaves out).
        QJsonObject fromCli;
        for (auto it = exportA.begin(); it != exportA.end(); ++it) {
            QJsonObject byId;
            for (const QJsonValue &v : it.value().toArray())
                byId.insert(v.toObject().value(QStringLiteral("id")).toString(), v);
            fromCli.insert(it.key(), byId);
        }
        const QJsonObject view = serverView(false);
        QVERIFY2(e2e::diffSnapshots(fromCli, view, QStringLiteral("cli"), QStringLiteral("server")).isEmpty(),
            qPrintable(e2e::diffSnapshots(fromCli, view, QStringLiteral("cli"), QStringLiteral("server"))));
    }
};

QTEST_GUILESS_MAIN(TestE2eTwoDevices)
#include "tst_e2e_twodevices.moc"
