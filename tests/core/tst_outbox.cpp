#include "core/outbox.h"
#include "core/store.h"
#include "core/validation.h"
#include "storecheck.h"
#include "support/testdata.h"

#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;
using namespace testdata;

class TestOutbox : public QObject
{
    Q_OBJECT

    static QList<qint64> seqs(Outbox &outbox, qint64 afterSeq = 0)
    {
        QList<qint64> out;
        auto pending = outbox.pending(1000, afterSeq);
        if (pending) {
            for (const Mutation &m : pending.value())
                out << m.seq;
        }
        return out;
    }

    static QString changesText(const Mutation &m)
    {
        return QString::fromUtf8(QJsonDocument(m.changesToJson(*Schema::instance().entity(m.entity)))
                                     .toJson(QJsonDocument::Compact));
    }

    // Four writes: create A, create B, update A, delete B.
    struct Fixture
    {
        TestStore t;
        QString a;
        QString b;
        explicit Fixture()
        {
            auto ra
                = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Åse Brekke")));
            auto rb = t.store->create(QStringLiteral("employer"), employer(QStringLiteral("Brekke Sag AS")));
            if (!ra || !rb)
                return;
            a = ra->id;
            b = rb->id;
            t.clock.advanceMs(1000);
            (void)t.store->update(
                QStringLiteral("participant"), a, {{QStringLiteral("phone"), QStringLiteral("41234567")}});
            (void)t.store->remove(QStringLiteral("employer"), b);
        }
    };

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pendingInWriteOrder()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        QCOMPARE(outbox.pendingCount(), 4);
        auto pending = outbox.pending(10);
        QVERIFY(pending.ok());
        QCOMPARE(pending->size(), 4);
        const QStringList expected {QStringLiteral("participant ") + f.a, QStringLiteral("employer ") + f.b,
            QStringLiteral("participant ") + f.a, QStringLiteral("employer ") + f.b};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(pending->at(i).entity + u' ' + pending->at(i).recordId, expected.at(i));
            if (i > 0)
                QVERIFY(pending->at(i).seq > pending->at(i - 1).seq);
            QCOMPARE(pending->at(i).createdAt,
                validation::formatDateTime(f.t.clock.now().addMSecs(i >= 2 ? 0 : -1000)));
        }
        const Mutation &update = pending->at(2);
        QCOMPARE(update.changes.size(), 3); // phone, updated_at, updated_by
        bool sawPhone = false;
        for (const FieldChange &c : update.changes) {
            if (c.field == u"phone") {
                sawPhone = true;
                QCOMPARE(c.value.toString(), QStringLiteral("+4741234567"));
                QVERIFY(c.base.isEmpty()); // the field had no value before
            }
        }
        QVERIFY(sawPhone);
        bool sawDeleted = false;
        for (const FieldChange &c : pending->at(3).changes)
            sawDeleted |= c.field == u"deleted" && c.value.toBool() && !c.base.isEmpty();
        QVERIFY(sawDeleted);

        // Paging: a limit and a starting point.
        const QList<qint64> all = seqs(outbox);
        auto firstTwo = outbox.pending(2);
        QCOMPARE(firstTwo->size(), 2);
        QCOMPARE(firstTwo->at(1).seq, all.at(1));
        QCOMPARE(seqs(outbox, all.at(1)), all.mid(2));
        QCOMPARE(seqs(outbox, all.last()), QList<qint64>());
    }

    void pendingFieldsNameUnconfirmedWrites()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QSet<QString> fields = outbox.pendingFields(QStringLiteral("participant"), f.a);
        for (const char *name : {"name", "stage", "phone", "team", "created_by", "deleted", "updated_at"})
            QVERIFY2(fields.contains(QString::fromLatin1(name)), name);
        QVERIFY(!fields.contains(QStringLiteral("email"))); // never written
        QVERIFY(outbox.pendingFields(QStringLiteral("participant"), f.b).isEmpty()); // wrong type
        QVERIFY(outbox.pendingFields(QStringLiteral("participant"), Schema::newId()).isEmpty());

        QVERIFY(outbox.acknowledge(outbox.lastSeq(), {}).ok());
        QVERIFY(outbox.pendingFields(QStringLiteral("participant"), f.a).isEmpty());
        QVERIFY(f.t.store
                    ->update(QStringLiteral("participant"), f.a,
                        {{QStringLiteral("email"), QStringLiteral("ase@example.no")}})
                    .ok());
        QCOMPARE(outbox.pendingFields(QStringLiteral("participant"), f.a),
            (QSet<QString> {
                QStringLiteral("email"), QStringLiteral("updated_at"), QStringLiteral("updated_by")}));
    }

    void acknowledgeRemovesThroughSeq()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QList<qint64> all = seqs(outbox);
        QVERIFY(outbox.acknowledge(all.at(1), {}).ok());
        QCOMPARE(seqs(outbox), all.mid(2));
        QVERIFY(outbox.acknowledge(all.at(0), {}).ok()); // an old acknowledgement again changes nothing
        QCOMPARE(seqs(outbox), all.mid(2));
        QVERIFY(outbox.acknowledge(all.last(), {}).ok());
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(outbox.deadLetterCount(), 0);
        // The records themselves are untouched by acknowledging.
        QCOMPARE(f.t.store->get(QStringLiteral("participant"), f.a)->text(QStringLiteral("phone")),
            QStringLiteral("+4741234567"));
    }

    void rejectedGoToDeadLetters()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QList<qint64> all = seqs(outbox);
        const QString rejectedChanges = changesText(outbox.pending(10)->at(1));
        f.t.clock.advanceMs(5000);
        const QList<Rejection> rejected {
            {all.at(1), QStringLiteral("invalid"), QStringLiteral("Ugyldig organisasjonsnummer")},
            {all.at(3), QStringLiteral("forbidden"), QStringLiteral("not yet processed")}};
        QVERIFY(outbox.acknowledge(all.at(2), rejected).ok());
        // Entries after appliedThrough stay queued, even if named as rejected.
        QCOMPARE(seqs(outbox), QList<qint64> {all.at(3)});
        QCOMPARE(outbox.deadLetterCount(), 1);
        const QList<DeadLetter> dead = outbox.deadLetters();
        QCOMPARE(dead.size(), 1);
        QCOMPARE(dead.first().mutation.seq, all.at(1));
        QCOMPARE(dead.first().mutation.entity, QStringLiteral("employer"));
        QCOMPARE(dead.first().mutation.recordId, f.b);
        QCOMPARE(changesText(dead.first().mutation), rejectedChanges);
        QCOMPARE(dead.first().code, QStringLiteral("invalid"));
        QCOMPARE(dead.first().reason, QStringLiteral("Ugyldig organisasjonsnummer"));
        QCOMPARE(dead.first().failedAt, validation::formatDateTime(f.t.clock.now()));

        QVERIFY(f.t.reopen()); // dead letters are kept across restarts
        QCOMPARE(Outbox(*f.t.store).deadLetterCount(), 1);
    }

    void acknowledgeIsAllOrNothing()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QList<qint64> all = seqs(outbox);
        // The dead letter is written first; the removal from the outbox then fails.
        QVERIFY(f.t.store->database()
                    .exec(QStringLiteral("CREATE TEMP TRIGGER fail_ack BEFORE DELETE ON main.outbox"
                                         " BEGIN SELECT RAISE(ABORT, 'simulated disk error'); END"))
                    .ok());
        const Status s
            = outbox.acknowledge(all.at(2), {{all.at(0), QStringLiteral("invalid"), QStringLiteral("x")}});
        QVERIFY(!s.ok());
        QVERIFY(!f.t.store->database().inTransaction());
        QCOMPARE(seqs(outbox), all);
        QCOMPARE(outbox.deadLetterCount(), 0);

        QVERIFY(f.t.store->database().exec(QStringLiteral("DROP TRIGGER temp.fail_ack")).ok());
        QVERIFY(outbox.acknowledge(all.at(2), {{all.at(0), QStringLiteral("invalid"), QStringLiteral("x")}})
                    .ok());
        QCOMPARE(seqs(outbox), QList<qint64> {all.at(3)});
        QCOMPARE(outbox.deadLetterCount(), 1);
    }

    void retryGetsANewSequenceNumber()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QList<qint64> all = seqs(outbox);
        const QString changes = changesText(outbox.pending(10)->at(0));
        QVERIFY(outbox.acknowledge(all.last(), {{all.at(0), QStringLiteral("conflict"), QStringLiteral("x")}})
                    .ok());
        QCOMPARE(outbox.pendingCount(), 0);
        const qint64 last = outbox.lastSeq();
        QCOMPARE(last, all.last());

        QVERIFY(outbox.retryDeadLetter(all.at(0)).ok());
        QCOMPARE(outbox.deadLetterCount(), 0);
        auto pending = outbox.pending(10);
        QCOMPARE(pending->size(), 1);
        // The server has seen every number up to `last`; reusing one would make it drop the retry.
        QCOMPARE(pending->first().seq, last + 1);
        QCOMPARE(pending->first().recordId, f.a);
        QCOMPARE(changesText(pending->first()), changes);
        QCOMPARE(outbox.lastSeq(), last + 1);
        QCOMPARE(
            outbox.pendingFields(QStringLiteral("participant"), f.a).contains(QStringLiteral("name")), true);

        QCOMPARE(outbox.retryDeadLetter(all.at(0)).error().code, ErrorCode::NotFound);
        QCOMPARE(outbox.pendingCount(), 1);
    }

    void discardRemovesOnlyTheDeadLetter()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const QList<qint64> all = seqs(outbox);
        QVERIFY(outbox
                    .acknowledge(all.at(1),
                        {{all.at(0), QStringLiteral("invalid"), QStringLiteral("x")},
                            {all.at(1), QStringLiteral("invalid"), QStringLiteral("y")}})
                    .ok());
        QCOMPARE(outbox.deadLetterCount(), 2);
        QVERIFY(outbox.discardDeadLetter(all.at(0)).ok());
        QCOMPARE(outbox.deadLetterCount(), 1);
        QCOMPARE(outbox.deadLetters().first().mutation.seq, all.at(1));
        QCOMPARE(seqs(outbox), all.mid(2));
        QCOMPARE(outbox.discardDeadLetter(all.at(0)).error().code, ErrorCode::NotFound);
        QCOMPARE(outbox.discardDeadLetter(all.at(3)).error().code, ErrorCode::NotFound); // queued, not dead
        QCOMPARE(seqs(outbox), all.mid(2));
        // The local record keeps its value; discarding only gives up sending it.
        QVERIFY(f.t.store->get(QStringLiteral("participant"), f.a));
    }

    void sequenceNumbersAreNeverReused()
    {
        Fixture f;
        Outbox outbox(*f.t.store);
        const qint64 last = outbox.lastSeq();
        QCOMPARE(last, seqs(outbox).last());
        QVERIFY(outbox.acknowledge(last, {}).ok());
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(outbox.lastSeq(), last);

        QVERIFY(f.t.reopen());
        Outbox reopened(*f.t.store);
        QCOMPARE(reopened.lastSeq(), last);
        QVERIFY(
            f.t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Ny Person"))).ok());
        QCOMPARE(seqs(reopened), QList<qint64> {last + 1});
        QCOMPARE(reopened.lastSeq(), last + 1);
    }

    // The outbox entry's text is written by hand (Mutation::changesToJsonText): byte for byte what
    // QJsonDocument makes of changesToJson(), for every record type and every kind of value, including text
    // that needs escaping, numbers, yes/no, cleared fields and changes with and without a base clock.
    void outboxTextIsWhatQJsonDocumentWrites_data()
    {
        QTest::addColumn<QString>("entity");
        for (const EntitySpec &spec : Schema::instance().entities())
            QTest::newRow(qPrintable(spec.name)) << spec.name;
    }

    void outboxTextIsWhatQJsonDocumentWrites()
    {
        QFETCH(QString, entity);
        const EntitySpec &spec = *Schema::instance().entity(entity);
        const QStringList texts {QStringLiteral("Åse Brekke"), QStringLiteral("sitat \"ja\" og \\ skråstrek"),
            QStringLiteral("linje 1\nlinje 2\tfane\r\b\f"),
            QString(QChar(0x01)) + QStringLiteral("styretegn"), QStringLiteral("emoji \U0001F600 og \u2028"),
            QString()};
        const QList<double> numbers {0, 1, -3, 37.5, 0.1, 100, 1e-7, 123456.789, 9999.99, 1e21};
        for (int round = 0; round < 12; ++round) {
            Mutation m;
            m.entity = entity;
            m.recordId = Schema::newId();
            // Even rounds: one clock for every change, as a local write has (one QString, its text
            // written once and copied); odd rounds: a clock of each change's own.
            const QString writeClock
                = QStringLiteral("0000000003e8%1-devicea").arg(round, 4, 16, QLatin1Char('0'));
            int k = round;
            for (const FieldSpec &f : spec.fields) {
                ++k;
                QVariant value;
                switch (f.type) {
                case FieldType::Bool:
                    value = k % 3 == 0 ? QVariant() : QVariant(k % 2 == 0);
                    break;
                case FieldType::Integer:
                    value = k % 4 == 0 ? QVariant() : QVariant(qint64(k * 7919 - 40000));
                    break;
                case FieldType::Real:
                    value = k % 5 == 0 ? QVariant() : QVariant(numbers.at(k % numbers.size()));
                    break;
                default:
                    value = k % 6 == 5 ? QVariant() : QVariant(texts.at(k % texts.size()));
                }
                const QString clock = round % 2 == 0
                    ? writeClock
                    : QStringLiteral("0000000003e8%1-device\"a").arg(k, 4, 16, QLatin1Char('0'));
                m.changes.append(FieldChange {f.name, value, clock, k % 2 ? clock : QString()});
                if (k % 7 == 0)
                    m.changes.append(FieldChange {QStringLiteral("no_such_field"), value, clock, {}});
            }
            QCOMPARE(QString::fromUtf8(m.changesToJsonText(spec)), changesText(m));
        }
        Mutation empty;
        empty.entity = entity;
        QCOMPARE(empty.changesToJsonText(spec), QByteArray("{}"));
    }

    void emptyOutbox()
    {
        TestStore t;
        Outbox outbox(*t.store);
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(outbox.lastSeq(), 0);
        QVERIFY(outbox.pending(10)->isEmpty());
        QVERIFY(outbox.acknowledge(0, {}).ok());
        QVERIFY(outbox.deadLetters().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
