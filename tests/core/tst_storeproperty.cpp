#include "core/outbox.h"
#include "core/store.h"
#include "storecheck.h"
#include "storegen.h"
#include "support/testdata.h"

#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;
using namespace testdata;

// Random sequences of writes, valid and invalid, keep the tables, the outbox and the search index
// consistent. Run with FELTNOTAT_SEED=<n> to repeat a failing sequence, FELTNOTAT_PROPERTY_OPS=<n> for more.
class TestStoreProperty : public QObject
{
    Q_OBJECT

    quint32 m_seed = 0;
    int m_op = 0;

    QString where() const { return QStringLiteral("seed=%1 op=%2: ").arg(m_seed).arg(m_op); }

    static int envInt(const char *name, int fallback)
    {
        bool ok = false;
        const int v = qEnvironmentVariableIntValue(name, &ok);
        return ok ? v : fallback;
    }

    // The state a rejected write must leave untouched: counts, sequence numbers and the target row.
    struct Trace
    {
        QMap<QString, qint64> counts;
        std::optional<Record> row;
        bool operator==(const Trace &o) const
        {
            return counts == o.counts && row.has_value() == o.row.has_value()
                && (!row || (row->values == o.row->values && row->clocks == o.row->clocks));
        }
    };
    static Trace trace(Store &store, const QString &entity, const QString &id)
    {
        return Trace {
            storecheck::tableCounts(store), id.isEmpty() ? std::nullopt : store.get(entity, id, true)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_seed = quint32(envInt("FELTNOTAT_SEED", int(QRandomGenerator::global()->bounded(1 << 30))));
        qInfo("property test seed: %u (set FELTNOTAT_SEED to repeat)", m_seed);
    }

    void randomWritesKeepEverythingConsistent()
    {
        const int operations = envInt("FELTNOTAT_PROPERTY_OPS", 3000);
        StoreGen gen(m_seed);
        TestStore t;
        QVERIFY(t.store);
        storecheck::Rows acknowledged; // what a server that confirmed a prefix of the outbox holds
        QString lastClock;
        int accepted = 0;
        int rejected = 0;

        for (m_op = 0; m_op < operations; ++m_op) {
            Store &store = *t.store;
            // Wall time mostly moves forward, sometimes stands still or jumps back.
            const int step = gen.below(10);
            t.clock.advanceMs(step < 3 ? 0 : step < 9 ? gen.below(5000) : -gen.below(60'000));

            const QString entity = gen.pick(StoreGen::entities());
            const QStringList &live = gen.live[entity];
            const int kind = gen.below(100);
            const bool creating = kind < 35 || live.isEmpty();
            const bool deleting = !creating && kind >= 90;
            const QString id = creating ? QString() : gen.pick(live);

            // About a quarter of the writes carry one defect and must be refused.
            std::optional<StoreGen::Defect> defect;
            QString missingTarget;
            if (gen.chance(25)) {
                if (!creating && gen.chance(15)) {
                    missingTarget = gen.dead.value(entity).isEmpty() || gen.chance(50)
                        ? Schema::newId()
                        : gen.pick(gen.dead.value(entity));
                } else if (!deleting) {
                    defect = gen.defect(entity, creating);
                }
            }

            QVariantHash values;
            std::optional<Record> before = creating ? std::nullopt : store.get(entity, id);
            if (!creating && !before)
                QFAIL(qPrintable(where() + QStringLiteral("live %1 %2 is gone").arg(entity, id)));
            if (creating) {
                auto v = gen.createValues(entity);
                if (!v)
                    continue;
                values = *v;
            } else if (!deleting) {
                values = gen.updateValues(entity, before->values);
            }
            if (defect) {
                for (const QString &f : std::as_const(defect->removed))
                    values.remove(f);
                values.insert(defect->values);
                // Writing the value a field already has changes nothing, so it cannot be refused.
                if (before && defect->values.size() == 1
                    && before->values.value(defect->field) == defect->values.value(defect->field))
                    continue;
            }

            const bool expectFailure = defect.has_value() || !missingTarget.isEmpty();
            const QString target = missingTarget.isEmpty() ? id : missingTarget;
            const Trace traceBefore = trace(store, entity, target);
            Result<Record> result = makeError(ErrorCode::Internal, QStringLiteral("not run"));
            QList<Record> along; // a participant's visits, tasks and employments go with it
            if (deleting && !expectFailure)
                along = store.childrenOf(target, false);
            if (creating)
                result = store.create(entity, values);
            else if (deleting) {
                const Status s = store.remove(entity, target);
                result
                    = s.ok() ? Result<Record>(*store.get(entity, target, true)) : Result<Record>(s.error());
            } else {
                result = store.update(entity, target, values);
            }

            if (expectFailure) {
                const QString what
                    = defect ? defect->what + u' ' + defect->field : QStringLiteral("missing record");
                QVERIFY2(!result.ok(), qPrintable(where() + entity + QStringLiteral(" accepted: ") + what));
                if (defect)
                    QVERIFY2(result.error().field == defect->field,
                        qPrintable(where() + what + QStringLiteral(" reported as ") + result.errorString()));
                else
                    QCOMPARE(result.error().code, ErrorCode::NotFound);
                QVERIFY2(!result.error().message.isEmpty(), qPrintable(where() + what));
                // (d) no trace: counts, sequence numbers, the record itself.
                QVERIFY2(trace(store, entity, target) == traceBefore,
                    qPrintable(where() + what + QStringLiteral(" left a trace")));
                if (++rejected % 10 == 0)
                    QCOMPARE(storecheck::checkOutboxReproducesTables(store, acknowledged), QString());
                continue;
            }

            QVERIFY2(result.ok(),
                qPrintable(where() + entity
                    + (creating ? QStringLiteral(" create: ") : QStringLiteral(" write: "))
                    + result.errorString()));
            ++accepted;
            const Record &r = result.value();
            const QString returned = storecheck::compare(
                {{r.id, {r.values, r.clocks}}}, {{r.id, {store.get(entity, r.id, true)->values, r.clocks}}});
            QVERIFY2(returned.isEmpty(),
                qPrintable(where() + QStringLiteral("returned record differs: ") + returned));
            if (creating)
                gen.live[entity] << r.id;
            if (deleting) {
                gen.live[entity].removeOne(r.id);
                gen.dead[entity] << r.id;
                for (const Record &child : std::as_const(along)) {
                    gen.live[child.entity].removeOne(child.id);
                    gen.dead[child.entity] << child.id;
                }
            }
            // A write that changes something gets a clock later than every earlier one.
            const qint64 seqAfter = Outbox(store).lastSeq();
            if (seqAfter != traceBefore.counts.value(QStringLiteral("last_seq"))) {
                QString newest;
                for (const QString &c : r.clocks)
                    newest = qMax(newest, c);
                QVERIFY2(
                    newest > lastClock, qPrintable(where() + newest + QStringLiteral(" <= ") + lastClock));
                lastClock = newest;
            } else {
                QVERIFY2(!creating && !deleting,
                    qPrintable(where() + QStringLiteral("write without outbox entry")));
            }

            // Now and then the server confirms a prefix of the outbox.
            if (gen.chance(3)) {
                const QList<Mutation> pending = storecheck::outboxEntries(store);
                if (!pending.isEmpty()) {
                    const qsizetype n = 1 + gen.below(int(pending.size()));
                    QCOMPARE(storecheck::replay(acknowledged, pending.mid(0, n)), QString());
                    QVERIFY(Outbox(store).acknowledge(pending.at(n - 1).seq, {}).ok());
                    QCOMPARE(Outbox(store).pendingCount(), pending.size() - n);
                }
            }
            if (gen.chance(1))
                QVERIFY(t.reopen());
            if (m_op % 250 == 0)
                QVERIFY2(storecheck::checkAll(*t.store, acknowledged).isEmpty(),
                    qPrintable(where() + storecheck::checkAll(*t.store, acknowledged)));
        }
        QVERIFY2(storecheck::checkAll(*t.store, acknowledged).isEmpty(),
            qPrintable(where() + storecheck::checkAll(*t.store, acknowledged)));

        // The run exercised what it claims to.
        QVERIFY2(accepted > operations / 2, qPrintable(where() + QString::number(accepted)));
        QVERIFY2(rejected > operations / 10, qPrintable(where() + QString::number(rejected)));
        for (const QString &entity : StoreGen::entities())
            QVERIFY2(!gen.live.value(entity).isEmpty() && !gen.dead.value(entity).isEmpty(),
                qPrintable(where() + entity));
        qInfo("%d writes accepted, %d refused", accepted, rejected);
    }

    // The consistency checks themselves notice broken states; otherwise the test above could not fail.
    void checksDetectInconsistency()
    {
        TestStore t;
        auto r = t.store->create(QStringLiteral("participant"), participant(QStringLiteral("Kari Søberg")));
        QVERIFY(r.ok());
        QCOMPARE(storecheck::checkAll(*t.store), QString());
        Database &db = t.store->database();

        QVERIFY(db.exec(QStringLiteral("UPDATE participants SET name = 'Kari S'")).ok());
        QVERIFY(!storecheck::checkOutboxReproducesTables(*t.store).isEmpty());
        QVERIFY(!storecheck::checkSearchIndex(*t.store).isEmpty());
        QVERIFY(db.exec(QStringLiteral("UPDATE participants SET name = 'Kari Søberg'")).ok());
        QCOMPARE(storecheck::checkAll(*t.store), QString());

        QVERIFY(db.exec(QStringLiteral("UPDATE participants SET email = 'k@example.no'")).ok());
        QVERIFY(!storecheck::checkClocksCoverValues(*t.store).isEmpty());
        QVERIFY(db.exec(QStringLiteral("UPDATE participants SET email = NULL")).ok());

        QVERIFY(db.exec(QStringLiteral("DELETE FROM outbox")).ok());
        QVERIFY(!storecheck::checkOutboxReproducesTables(*t.store).isEmpty());
        QCOMPARE(
            storecheck::checkOutboxReproducesTables(*t.store, storecheck::tableRows(*t.store)), QString());

        QVERIFY(db.exec(QStringLiteral("INSERT INTO search_index(rowid, title, body) VALUES (999, 'x', 'y')"))
                    .ok());
        QVERIFY(!storecheck::checkSearchIndex(*t.store).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStoreProperty)
#include "tst_storeproperty.moc"
