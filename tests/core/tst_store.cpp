#include "core/outbox.h"
#include "core/store.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;
using namespace testdata;

class TestStore_ : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Transactions inside a transaction are savepoints named by their depth (their statements are prepared
    // once): a rolled-back one takes what was released inside it along, siblings at one depth do not
    // disturb each other, and a depth left over never outlives its outermost transaction.
    void nestedTransactionsAreSavepoints()
    {
        TestStore t;
        QVERIFY(t.store);
        Database &db = t.store->database();
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE nest(v INTEGER)")).ok());
        const auto insert = [&db](int v) {
            return db.query(QStringLiteral("INSERT INTO nest(v) VALUES (?)")).bind(1, qint64(v)).exec();
        };
        const auto values = [&db] {
            QList<qint64> out;
            Query q = db.query(QStringLiteral("SELECT v FROM nest ORDER BY v"));
            while (q.next())
                out << q.int64(0);
            return out;
        };
        {
            Transaction outer(db);
            QVERIFY(outer.ok() && insert(1).ok());
            {
                Transaction middle(db);
                QVERIFY(middle.ok() && insert(2).ok());
                {
                    Transaction inner(db);
                    QVERIFY(inner.ok() && insert(3).ok());
                    QVERIFY(inner.commit().ok());
                }
            } // middle rolled back: 2 and the released 3 go
            for (int v : {4, 5}) { // siblings at the same depth, one kept and one rolled back
                Transaction sibling(db);
                QVERIFY(sibling.ok() && insert(v).ok());
                if (v == 4)
                    QVERIFY(sibling.commit().ok());
            }
            {
                Transaction middle(db);
                Transaction inner(db); // both opened after the rollbacks, at depths 1 and 2 again
                QVERIFY(middle.ok() && inner.ok() && insert(6).ok());
                QVERIFY(inner.commit().ok());
                QVERIFY(middle.commit().ok());
            }
            QVERIFY(outer.commit().ok());
        }
        QCOMPARE(values(), (QList<qint64> {1, 4, 6}));
        {
            Transaction outer(db);
            Transaction inner(db);
            QVERIFY(outer.ok() && inner.ok() && insert(7).ok());
        } // inner and outer rolled back
        Transaction again(db);
        Transaction inner(db);
        QVERIFY(again.ok() && inner.ok() && insert(8).ok());
        QVERIFY(inner.commit().ok());
        QVERIFY(again.commit().ok());
        QCOMPARE(values(), (QList<qint64> {1, 4, 6, 8}));
    }

    // In a bulk (the import) creates have no savepoint of their own, and their outbox entries wait for
    // endBulk(). A refused create still writes nothing and the bulk goes on; when the database refuses a
    // waiting outbox entry (here a trigger), endBulk() fails, so the caller rolls back instead of committing
    // a record without its outbox entry. An update in the bulk writes the waiting entries first: when that
    // fails the bulk is broken (later creates and endBulk() fail). Outside a bulk the same failure leaves
    // nothing.
    void bulkCreateFailingHalfwayBreaksTheBulk()
    {
        TestStore t;
        QVERIFY(t.store);
        Store &store = *t.store;
        const QString doomed = Schema::newId();
        QVERIFY(
            store.database()
                .exec(QStringLiteral("CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON main.outbox"
                                     " WHEN NEW.record_id = '%1' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
                          .arg(doomed))
                .ok());
        const auto count = [&store](const QString &table) {
            return store.database().scalar(QStringLiteral("SELECT count(*) FROM %1").arg(table)).value();
        };
        {
            Transaction batch(store.database());
            QVERIFY(batch.ok());
            store.beginBulk();
            QVERIFY(
                store.create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg"))).ok());
            auto refused = store.create(QStringLiteral("participant"), {{QStringLiteral("name"), QString()}});
            QVERIFY(!refused.ok()); // a name is required: refused before anything is written
            QVERIFY(store.create(QStringLiteral("participant"), participant(QStringLiteral("Ola Nordmann")))
                        .ok());
            QCOMPARE(count(QStringLiteral("participants")), 2);
            QCOMPARE(count(QStringLiteral("outbox")), 0); // waiting for endBulk()
            QVERIFY(!store.bulkBroken()); // a refused create does not break the bulk

            QVERIFY(store
                        .createWithId(
                            QStringLiteral("participant"), doomed, participant(QStringLiteral("Per Hansen")))
                        .ok()); // its outbox entry waits too
            QCOMPARE(count(QStringLiteral("participants")), 3);
            const Status end = store.endBulk();
            QVERIFY(!end.ok());
            QVERIFY2(
                end.error().message.contains(QStringLiteral("disk full")), qPrintable(end.error().message));
        } // not committed: rolled back
        QCOMPARE(count(QStringLiteral("participants")), 0);
        QCOMPARE(count(QStringLiteral("outbox")), 0);
        {
            Transaction batch(store.database());
            QVERIFY(batch.ok());
            store.beginBulk();
            auto kari
                = store.create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg")));
            QVERIFY(kari.ok());
            QVERIFY(store
                        .createWithId(
                            QStringLiteral("participant"), doomed, participant(QStringLiteral("Per Hansen")))
                        .ok());
            auto update = store.update(QStringLiteral("participant"), kari->id,
                {{QStringLiteral("phone"), QStringLiteral("41234567")}});
            QVERIFY(!update.ok());
            QVERIFY2(update.error().message.contains(QStringLiteral("disk full")),
                qPrintable(update.errorString()));
            QVERIFY(store.bulkBroken());
            QVERIFY(!store.create(QStringLiteral("participant"), participant(QStringLiteral("Eva Li"))).ok());
            QVERIFY(!store.endBulk().ok());
        } // not committed: rolled back
        QCOMPARE(count(QStringLiteral("participants")), 0);
        QCOMPARE(count(QStringLiteral("outbox")), 0);

        // The next bulk starts whole; outside a bulk the failure is undone by the write's own savepoint.
        {
            Transaction batch(store.database());
            store.beginBulk();
            QVERIFY(
                store.create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg"))).ok());
            QVERIFY(store.endBulk().ok());
            QVERIFY(batch.commit().ok());
        }
        QVERIFY(!store
                     .createWithId(
                         QStringLiteral("participant"), doomed, participant(QStringLiteral("Per Hansen")))
                     .ok());
        QCOMPARE(count(QStringLiteral("participants")), 1);
        QCOMPARE(count(QStringLiteral("outbox")), 1);
        QVERIFY(!store.get(QStringLiteral("participant"), doomed));
    }

    // The outbox entries of a bulk's creates are written at endBulk() many per statement, in the order of
    // the creates (their seq), each as a create outside a bulk writes it; an update in the bulk comes after
    // them.
    void bulkWritesOutboxEntriesInTheOrderOfTheCreates()
    {
        TestStore t;
        QVERIFY(t.store);
        Store &store = *t.store;
        auto before = store.create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg")));
        QVERIFY(before.ok());
        QStringList ids {before->id};
        {
            Transaction batch(store.database());
            QVERIFY(batch.ok());
            store.beginBulk();
            for (int i = 0; i < 130; ++i) { // two statements of 64 rows, then two of one
                auto r = store.create(
                    QStringLiteral("participant"), participant(QStringLiteral("Deltaker %1").arg(i)));
                QVERIFY(r.ok());
                ids << r->id;
            }
            // (an update of a record made before the bulk: the search entries of the bulk's own records
            // are not there yet)
            auto update = store.update(QStringLiteral("participant"), before->id,
                {{QStringLiteral("phone"), QStringLiteral("41234567")}});
            QVERIFY2(update.ok(), qPrintable(update.errorString()));
            auto last = store.create(QStringLiteral("participant"), participant(QStringLiteral("Siste")));
            QVERIFY(last.ok());
            ids << before->id << last->id;
            const Status end = store.endBulk();
            QVERIFY2(end.ok(), qPrintable(end.error().message));
            QVERIFY(batch.commit().ok());
        }
        auto single = store.create(QStringLiteral("participant"), participant(QStringLiteral("Deltaker 5")));
        QVERIFY(single.ok());
        QStringList order;
        QHash<QString, QString> fieldsOf; // of the first entry of each record
        Query q = store.database().query(QStringLiteral("SELECT record_id, fields FROM outbox ORDER BY seq"));
        while (q.next()) {
            order << q.text(0);
            if (!fieldsOf.contains(q.text(0)))
                fieldsOf.insert(q.text(0), q.text(1));
        }
        QCOMPARE(order.size(), 134);
        order.removeLast();
        QCOMPARE(order, ids);
        // Same text as outside a bulk, but for the record's own id, clocks and time.
        const auto shape = [](const QString &fields) -> QString {
            QJsonObject o = QJsonDocument::fromJson(fields.toUtf8()).object();
            QStringList parts;
            for (auto it = o.begin(); it != o.end(); ++it)
                parts << it.key() + QLatin1Char('=') + QString::number(it.value().toArray().size());
            return parts.join(u',') + QLatin1Char('|')
                + o.value(QStringLiteral("name")).toArray().at(0).toString();
        };
        QCOMPARE(shape(fieldsOf.value(ids.at(6))), shape(fieldsOf.value(single->id)));
        QVERIFY(shape(fieldsOf.value(ids.at(6))).endsWith(QStringLiteral("|Deltaker 5")));
    }

    void createStampsSystemFieldsAndOutbox()
    {
        TestStore t;
        QVERIFY(t.store);
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg")));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QCOMPARE(r->text(QStringLiteral("team")), QStringLiteral("team-a"));
        QCOMPARE(r->text(QStringLiteral("created_by")), QStringLiteral("user-1"));
        QCOMPARE(r->text(QStringLiteral("programme")), QStringLiteral("ips")); // default
        QVERIFY(!r->isDeleted());

        Outbox outbox(*t.store);
        QCOMPARE(outbox.pendingCount(), 1);
        auto pending = outbox.pending(10);
        QVERIFY(pending.ok());
        const Mutation m = pending->first();
        QCOMPARE(m.recordId, r->id);
        QStringList fields;
        for (const FieldChange &c : m.changes) {
            fields << c.field;
            QCOMPARE(c.clock, r->clocks.value(c.field));
            QVERIFY(c.base.isEmpty());
        }
        QVERIFY(fields.contains(QStringLiteral("name")));
        QVERIFY(fields.contains(QStringLiteral("team")));
        QVERIFY(fields.contains(QStringLiteral("deleted")));
    }

    void updateRecordsBaseClockAndOnlyChangedFields()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Ola Ørsta")));
        QVERIFY(r.ok());
        const QString nameClock = r->clocks.value(QStringLiteral("name"));
        t.clock.advanceMs(1000);
        auto u = t.store->update(QStringLiteral("participant"), r->id,
            {{QStringLiteral("name"), QStringLiteral("Ola Nordmann Ørsta")},
                {QStringLiteral("stage"), QStringLiteral("job_search")}}); // stage unchanged
        QVERIFY2(u.ok(), qPrintable(u.errorString()));
        QVERIFY(u->clocks.value(QStringLiteral("name")) > nameClock);
        QCOMPARE(u->clocks.value(QStringLiteral("stage")), r->clocks.value(QStringLiteral("stage")));

        Outbox outbox(*t.store);
        auto pending = outbox.pending(10);
        QCOMPARE(pending->size(), 2);
        const Mutation m = pending->at(1);
        QStringList fields;
        for (const FieldChange &c : m.changes) {
            fields << c.field;
            if (c.field == u"name")
                QCOMPARE(c.base, nameClock);
        }
        fields.sort();
        QCOMPARE(fields,
            (QStringList {
                QStringLiteral("name"), QStringLiteral("updated_at"), QStringLiteral("updated_by")}));
    }

    void noOpUpdateWritesNothing()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Per")));
        QVERIFY(r.ok());
        auto u = t.store->update(
            QStringLiteral("participant"), r->id, {{QStringLiteral("name"), QStringLiteral(" Per ")}});
        QVERIFY(u.ok());
        QCOMPARE(Outbox(*t.store).pendingCount(), 1);
    }

    void closingDatesTheParticipantAndReopeningClearsIt()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Siri Slutt")));
        QVERIFY(r.ok());
        QVERIFY(r->text(QStringLiteral("closed_date")).isEmpty());
        auto closed = t.store->update(QStringLiteral("participant"), r->id,
            {{QStringLiteral("stage"), QStringLiteral("closed")},
                {QStringLiteral("closed_outcome"), QStringLiteral("education")}});
        QVERIFY2(closed.ok(), qPrintable(closed.errorString()));
        QCOMPARE(closed->text(QStringLiteral("closed_date")),
            t.clock.now().toLocalTime().date().toString(Qt::ISODate));
        QCOMPARE(closed->text(QStringLiteral("closed_outcome")), QStringLiteral("education"));
        // A given closing date is kept; an unknown outcome is refused.
        auto dated = t.store->update(QStringLiteral("participant"), r->id,
            {{QStringLiteral("closed_date"), QStringLiteral("2026-03-31")}});
        QVERIFY(dated.ok());
        QCOMPARE(dated->text(QStringLiteral("closed_date")), QStringLiteral("2026-03-31"));
        QVERIFY(!t.store
                     ->update(QStringLiteral("participant"), r->id,
                         {{QStringLiteral("closed_outcome"), QStringLiteral("pension")}})
                     .ok());
        auto reopened = t.store->update(
            QStringLiteral("participant"), r->id, {{QStringLiteral("stage"), QStringLiteral("job_search")}});
        QVERIFY(reopened.ok());
        QVERIFY(reopened->text(QStringLiteral("closed_date")).isEmpty());
        QVERIFY(reopened->text(QStringLiteral("closed_outcome")).isEmpty());
    }

    void deleteIsATombstone()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("employer"), employer(QStringLiteral("Åsgård Bakeri AS")));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QVERIFY(t.store->remove(QStringLiteral("employer"), r->id).ok());
        QVERIFY(!t.store->get(QStringLiteral("employer"), r->id));
        auto tomb = t.store->get(QStringLiteral("employer"), r->id, true);
        QVERIFY(tomb);
        QVERIFY(tomb->isDeleted());
        // Security review M4: the tombstone keeps no content (its clocks stay), and search forgets it.
        QVERIFY(tomb->value(QStringLiteral("name")).isNull());
        QVERIFY(tomb->clocks.contains(QStringLiteral("name")));
        QVERIFY(t.store->searchIndex().search(QStringLiteral("Bakeri"), 10)->isEmpty());
        QCOMPARE(Outbox(*t.store).pendingCount(), 2);
        QCOMPARE(t.store->remove(QStringLiteral("employer"), r->id).error().code, ErrorCode::NotFound);
    }

    void restoreBringsBackTheSameRecord()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("employer"), employer(QStringLiteral("Åsgård Bakeri AS")));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        // Only a deleted record can be restored.
        const QVariantHash content = employer(QStringLiteral("Åsgård Bakeri AS"));
        QCOMPARE(
            t.store->restore(QStringLiteral("employer"), r->id, content).error().code, ErrorCode::NotFound);
        QVERIFY(t.store->remove(QStringLiteral("employer"), r->id).ok());
        const QString deletedClock
            = t.store->get(QStringLiteral("employer"), r->id, true)->clocks.value(sys::Deleted);
        auto back = t.store->restore(QStringLiteral("employer"), r->id, content);
        QVERIFY2(back.ok(), qPrintable(back.errorString()));
        QCOMPARE(back->id, r->id);
        auto live = t.store->get(QStringLiteral("employer"), r->id);
        QVERIFY(live);
        QCOMPARE(live->text(QStringLiteral("name")), QStringLiteral("Åsgård Bakeri AS"));
        // The marker's clock is later than the deletion's, so the restore wins wherever both meet.
        QVERIFY(live->clocks.value(sys::Deleted) > deletedClock);
        QCOMPARE(Outbox(*t.store).pendingCount(), 3);
        QCOMPARE(
            t.store->restore(QStringLiteral("employer"), r->id, content).error().code, ErrorCode::NotFound);
    }

    // Issue 20: a participant's delete takes its visits and tasks along, marked deleted with it, in one
    // transaction; its restore brings back exactly those, not a visit deleted on purpose before.
    void participantDeleteTakesItsChildrenAlongAndRestoreBringsExactlyThose()
    {
        TestStore t;
        auto p = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Foreldre Post")));
        QVERIFY(p);
        const QDateTime when = t.clock.now().addDays(-1);
        auto kept = t.store->create(
            QStringLiteral("encounter"), encounter(p->id, when, QStringLiteral("Første møte")));
        auto gone = t.store->create(
            QStringLiteral("encounter"), encounter(p->id, when, QStringLiteral("Feilregistrert")));
        auto task = t.store->create(QStringLiteral("task"),
            {{QStringLiteral("title"), QStringLiteral("Ring arbeidsgiver")},
                {QStringLiteral("participant_id"), p->id}});
        QVERIFY(kept && gone && task);
        QVERIFY(t.store->remove(QStringLiteral("encounter"), gone->id));
        QCOMPARE(t.store->childrenOf(p->id, false).size(), 2);
        QHash<QString, QVariantHash> content;
        for (const Record &c : t.store->childrenOf(p->id, false))
            content.insert(c.id, Store::contentOf(c));
        content.insert(gone->id, Store::contentOf(*gone)); // offered, but not taken: deleted on purpose
        const qint64 queued = Outbox(*t.store).pendingCount();

        QVERIFY(t.store->remove(QStringLiteral("participant"), p->id));
        QCOMPARE(Outbox(*t.store).pendingCount(), queued + 3);
        for (const auto &[entity, id] : {std::pair {QStringLiteral("encounter"), kept->id},
                 std::pair {QStringLiteral("task"), task->id}}) {
            const auto row = t.store->get(entity, id, true);
            QVERIFY(row && row->isDeleted());
            QCOMPARE(row->text(sys::DeletedWith), p->id);
            QVERIFY(
                row->value(QStringLiteral("note")).isNull() && row->value(QStringLiteral("title")).isNull());
        }
        QVERIFY(t.store->get(QStringLiteral("encounter"), gone->id, true)->value(sys::DeletedWith).isNull());
        QCOMPARE(t.store->childrenOf(p->id, true).size(), 2);

        auto back = t.store->restore(QStringLiteral("participant"), p->id, Store::contentOf(*p), content);
        QVERIFY2(back, qPrintable(back.errorString()));
        const auto visit = t.store->get(QStringLiteral("encounter"), kept->id);
        QVERIFY(visit);
        QCOMPARE(visit->text(QStringLiteral("note")), QStringLiteral("Første møte"));
        QVERIFY(visit->value(sys::DeletedWith).isNull());
        QCOMPARE(t.store->get(QStringLiteral("task"), task->id)->text(QStringLiteral("title")),
            QStringLiteral("Ring arbeidsgiver"));
        QVERIFY(!t.store->get(QStringLiteral("encounter"), gone->id));
        QCOMPARE(t.store->childrenOf(p->id, true).size(), 0);
    }

    void invalidWriteChangesNothing()
    {
        TestStore t;
        auto bad = t.store->create(
            QStringLiteral("employer"), employer(QStringLiteral("Feil AS"), QStringLiteral("123456789")));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().field, QStringLiteral("org_number"));
        QCOMPARE(Outbox(*t.store).pendingCount(), 0);
        auto count = t.store->database().scalar(QStringLiteral("SELECT count(*) FROM employers"));
        QCOMPARE(count.value(), 0);
    }

    // create() in two steps (the import normalises values on its reading thread): normalizeNew() refuses and
    // normalises exactly as create() does, and createNormalized() writes the same record as create(), with
    // the rules, references and ids checked; a refusal writes nothing.
    void createInTwoStepsIsCreate()
    {
        TestStore t;
        QVERIFY(t.store);
        const EntitySpec &spec = *Schema::instance().entity(QStringLiteral("participant"));
        QCOMPARE(Store::normalizeNew(spec, QStringLiteral("shoe_size"), 44).error().field,
            QStringLiteral("shoe_size"));
        QCOMPARE(Store::normalizeNew(spec, QStringLiteral("deleted"), true).error().field,
            QStringLiteral("deleted"));
        QCOMPARE(Store::normalizeNew(spec, QStringLiteral("referral_date"), QStringLiteral("2026-02-30"))
                     .error()
                     .field,
            QStringLiteral("referral_date"));
        // Decomposed å (NFD) and spaces around the name: composed and trimmed, as create() stores them.
        const QString name = QStringLiteral("  Ka\u030Ari To\u0308mte  ");
        auto normalized = Store::normalizeNew(spec, QStringLiteral("name"), name);
        QVERIFY2(normalized.ok(), qPrintable(normalized.errorString()));
        QCOMPARE(normalized->toString(), QStringLiteral("K\u00E5ri T\u00F6mte"));
        auto twoSteps = t.store->createNormalized(
            QStringLiteral("participant"), QString(), {{QStringLiteral("name"), *normalized}});
        QVERIFY2(twoSteps.ok(), qPrintable(twoSteps.errorString()));
        auto oneStep = t.store->create(QStringLiteral("participant"), {{QStringLiteral("name"), name}});
        QVERIFY2(oneStep.ok(), qPrintable(oneStep.errorString()));
        for (const QString &field : {QStringLiteral("name"), QStringLiteral("programme"),
                 QStringLiteral("team"), QStringLiteral("created_by"), QStringLiteral("deleted")})
            QCOMPARE(twoSteps->values.value(field), oneStep->values.value(field));
        QCOMPARE(Outbox(*t.store).pendingCount(), 2);
        // Ids and references as create() and createWithId() check them; nothing written.
        QCOMPARE(t.store
                     ->createNormalized(
                         QStringLiteral("participant"), twoSteps->id, {{QStringLiteral("name"), *normalized}})
                     .error()
                     .code,
            ErrorCode::Conflict);
        QCOMPARE(
            t.store->createNormalized(QStringLiteral("participant"), QStringLiteral("x-1"), {}).error().code,
            ErrorCode::Invalid);
        QCOMPARE(t.store
                     ->createNormalized(QStringLiteral("task"), QString(),
                         {{QStringLiteral("title"), QStringLiteral("Ring")},
                             {QStringLiteral("participant_id"), Schema::newId()}})
                     .error()
                     .field,
            QStringLiteral("participant_id"));
        QCOMPARE(Outbox(*t.store).pendingCount(), 2);
    }

    void referencesMustExist()
    {
        TestStore t;
        auto e = t.store->create(
            QStringLiteral("encounter"), encounter(Schema::newId(), fixedNow(), QStringLiteral("Samtale")));
        QVERIFY(!e.ok());
        QCOMPARE(e.error().field, QStringLiteral("participant_id"));
    }

    void identityAndHlcSurviveReopen()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Liv")));
        QVERIFY(r.ok());
        const QString device = t.store->deviceId();
        const QString clock = r->clocks.value(QStringLiteral("name"));
        t.clock.advanceMs(-60'000); // the wall clock jumps back
        QVERIFY(t.reopen());
        QCOMPARE(t.store->deviceId(), device);
        QCOMPARE(t.store->identity().userId, QStringLiteral("user-1"));
        auto u = t.store->update(
            QStringLiteral("participant"), r->id, {{QStringLiteral("name"), QStringLiteral("Liv H")}});
        QVERIFY(u.ok());
        QVERIFY(u->clocks.value(QStringLiteral("name")) > clock);
    }

    void signalsFireOnWrite()
    {
        TestStore t;
        QSignalSpy changed(t.store.get(), &Store::recordChanged);
        QSignalSpy local(t.store.get(), &Store::localWrite);
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Siv")));
        QVERIFY(r.ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(1).toString(), r->id);
        QCOMPARE(local.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStore_)
#include "tst_store.moc"
