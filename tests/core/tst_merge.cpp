#include "core/hlc.h"
#include "core/merge.h"

#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace feltnotat;

namespace {

const EntitySpec &participantSpec_()
{
    return *Schema::instance().entity(u"participant");
}

QString clock(qint64 wall, const char *node, quint32 counter = 0)
{
    return Hlc {wall, counter, QString::fromLatin1(node)}.toString();
}

const QString Id = QStringLiteral("0a000000-0000-4000-8000-0000000000aa");
const QString Name = QStringLiteral("name");
const QString Phone = QStringLiteral("phone");

// The record as every replica has it before the concurrent edits: name "Start" at clock c0.
Record startRecord()
{
    Record r;
    r.entity = QStringLiteral("participant");
    r.id = Id;
    r.values = {{Name, QStringLiteral("Start")}, {Phone, QStringLiteral("+4791234567")}};
    r.clocks = {{Name, clock(1000, "origin")}, {Phone, clock(1000, "origin")}};
    return r;
}

MergeOutcome apply(const std::optional<Record> &current, const QList<FieldChange> &changes)
{
    return merge::applyChanges(participantSpec_(), current, QStringLiteral("participant"), Id, changes);
}

// Applies single-field writes one after the other, collecting the conflicts reported on the way.
MergeOutcome applyInOrder(Record current, const QList<FieldChange> &writes)
{
    MergeOutcome total;
    for (const FieldChange &w : writes) {
        MergeOutcome step = apply(current, {w});
        current = step.record;
        total.conflicts += step.conflicts;
    }
    total.record = current;
    return total;
}

} // namespace

class TestMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void newRecordTakesEveryField()
    {
        const FieldChange name {Name, QStringLiteral("Kari"), clock(500, "deva"), {}};
        const FieldChange phone {Phone, QStringLiteral("+4741234567"), clock(500, "deva"), {}};
        const MergeOutcome out = apply(std::nullopt, {name, phone});
        QCOMPARE(out.record.id, Id);
        QCOMPARE(out.record.entity, QStringLiteral("participant"));
        QCOMPARE(out.record.text(Name), QStringLiteral("Kari"));
        QCOMPARE(out.record.clocks.value(Phone), clock(500, "deva"));
        QCOMPARE(out.appliedFields, (QStringList {Name, Phone}));
        QVERIFY(out.conflicts.isEmpty());
    }

    void newFieldOnExistingRecordApplies()
    {
        // Even an old clock applies to a field that has no value yet.
        const FieldChange email {
            QStringLiteral("email"), QStringLiteral("kari@example.no"), clock(10, "slow"), {}};
        const MergeOutcome out = apply(startRecord(), {email});
        QCOMPARE(out.record.text(QStringLiteral("email")), QStringLiteral("kari@example.no"));
        QCOMPARE(out.appliedFields, QStringList {QStringLiteral("email")});
        QVERIFY(out.conflicts.isEmpty());
        QCOMPARE(out.record.text(Name), QStringLiteral("Start"));
    }

    void sequentialWriteAppliesWithLowerClock()
    {
        // A device with a slow clock edits after seeing "Start": its write replaces it without a conflict.
        const FieldChange w {Name, QStringLiteral("Kari Nordbø"), clock(400, "slow"), clock(1000, "origin")};
        const MergeOutcome out = apply(startRecord(), {w});
        QCOMPARE(out.record.text(Name), QStringLiteral("Kari Nordbø"));
        QCOMPARE(out.record.clocks.value(Name), clock(400, "slow"));
        QCOMPARE(out.appliedFields, QStringList {Name});
        QVERIFY(out.conflicts.isEmpty());
    }

    void concurrentWritesConverge_data()
    {
        QTest::addColumn<QString>("clockA");
        QTest::addColumn<QString>("clockB");
        QTest::newRow("later wall clock") << clock(2000, "devb") << clock(3000, "deva");
        QTest::newRow("higher counter") << clock(2000, "devb", 1) << clock(2000, "deva", 2);
        QTest::newRow("node breaks tie") << clock(2000, "deva") << clock(2000, "devb");
    }
    void concurrentWritesConverge()
    {
        QFETCH(QString, clockA);
        QFETCH(QString, clockB); // B's clock is the larger one in every row
        QVERIFY(clockA < clockB);
        const QString c0 = clock(1000, "origin");
        const FieldChange a {Name, QStringLiteral("Anne"), clockA, c0};
        const FieldChange b {Name, QStringLiteral("Berit"), clockB, c0};

        const MergeOutcome ab = applyInOrder(startRecord(), {a, b});
        const MergeOutcome ba = applyInOrder(startRecord(), {b, a});
        for (const MergeOutcome *out : {&ab, &ba}) {
            QCOMPARE(out->record.text(Name), QStringLiteral("Berit"));
            QCOMPARE(out->record.clocks.value(Name), clockB);
            // The losing value is reported, whichever order the writes arrived in.
            QCOMPARE(out->conflicts.size(), 1);
            const FieldConflict &c = out->conflicts.first();
            QCOMPARE(c.field, Name);
            QCOMPARE(c.keptValue.toString(), QStringLiteral("Berit"));
            QCOMPARE(c.keptClock, clockB);
            QCOMPARE(c.lostValue.toString(), QStringLiteral("Anne"));
            QCOMPARE(c.lostClock, clockA);
        }
        QCOMPARE(ab.record.text(Phone), QStringLiteral("+4791234567"));
    }

    void everyArrivalOrderConverges()
    {
        const QString c0 = clock(1000, "origin");
        QList<FieldChange> writes {
            {Name, QStringLiteral("Anne"), clock(2000, "deva"), c0},
            {Name, QStringLiteral("Berit"), clock(2500, "devb"), c0},
            {Name, QStringLiteral("Cecilie"), clock(2500, "devc"), c0},
            {Name, QStringLiteral("Dina"), clock(1500, "devd", 7), c0},
        };
        std::sort(writes.begin(), writes.end(),
            [](const FieldChange &x, const FieldChange &y) { return x.clock < y.clock; });
        int orders = 0;
        do {
            const MergeOutcome out = applyInOrder(startRecord(), writes);
            QCOMPARE(out.record.text(Name), QStringLiteral("Cecilie"));
            QCOMPARE(out.record.clocks.value(Name), clock(2500, "devc"));
            // Every other value is reported as lost at least once, so nothing disappears silently.
            QSet<QString> lost;
            for (const FieldConflict &c : out.conflicts)
                lost.insert(c.lostValue.toString());
            QVERIFY(lost.contains(QStringLiteral("Anne")) && lost.contains(QStringLiteral("Berit"))
                && lost.contains(QStringLiteral("Dina")));
            QVERIFY(!lost.contains(QStringLiteral("Cecilie")));
            ++orders;
        } while (std::next_permutation(writes.begin(), writes.end(),
            [](const FieldChange &x, const FieldChange &y) { return x.clock < y.clock; }));
        QCOMPARE(orders, 24);
    }

    void equalValuesAreNoConflict()
    {
        const QString c0 = clock(1000, "origin");
        const FieldChange a {Name, QStringLiteral("Same Name"), clock(2000, "deva"), c0};
        const FieldChange b {Name, QStringLiteral("Same Name"), clock(3000, "devb"), c0};
        for (const auto &order : {QList<FieldChange> {a, b}, QList<FieldChange> {b, a}}) {
            const MergeOutcome out = applyInOrder(startRecord(), order);
            QVERIFY(out.conflicts.isEmpty());
            QCOMPARE(out.record.clocks.value(Name), clock(3000, "devb"));
        }
    }

    void bookkeepingFieldsMergeQuietly()
    {
        Record r = startRecord();
        r.values.insert(QStringLiteral("updated_by"), QStringLiteral("user-0"));
        r.clocks.insert(QStringLiteral("updated_by"), clock(1000, "origin"));
        const QString c0 = clock(1000, "origin");
        const FieldChange a {QStringLiteral("updated_by"), QStringLiteral("user-a"), clock(2000, "deva"), c0};
        const FieldChange b {QStringLiteral("updated_by"), QStringLiteral("user-b"), clock(3000, "devb"), c0};
        for (const auto &order : {QList<FieldChange> {a, b}, QList<FieldChange> {b, a}}) {
            const MergeOutcome out = applyInOrder(r, order);
            QVERIFY(out.conflicts.isEmpty());
            QCOMPARE(out.record.text(QStringLiteral("updated_by")), QStringLiteral("user-b"));
        }
    }

    void duplicateWriteIsANoOp()
    {
        const FieldChange w {Name, QStringLiteral("Kari"), clock(2000, "deva"), clock(1000, "origin")};
        const MergeOutcome once = apply(startRecord(), {w});
        const MergeOutcome twice = apply(once.record, {w});
        QVERIFY(twice.appliedFields.isEmpty());
        QVERIFY(twice.conflicts.isEmpty());
        QCOMPARE(twice.record.values, once.record.values);
        QCOMPARE(twice.record.clocks, once.record.clocks);
    }

    void fieldsMergeIndependently()
    {
        // The phone was changed elsewhere with a later clock; this write to name and phone keeps its name.
        Record current = startRecord();
        current.values.insert(Phone, QStringLiteral("+4799999999"));
        current.clocks.insert(Phone, clock(5000, "devb"));
        const QString c0 = clock(1000, "origin");
        const MergeOutcome out = apply(current,
            {{Name, QStringLiteral("Kari Ny"), clock(3000, "deva"), c0},
                {Phone, QStringLiteral("+4741111111"), clock(3000, "deva"), c0}});
        QCOMPARE(out.record.text(Name), QStringLiteral("Kari Ny"));
        QCOMPARE(out.record.text(Phone), QStringLiteral("+4799999999"));
        QCOMPARE(out.appliedFields, QStringList {Name});
        QCOMPARE(out.conflicts.size(), 1);
        QCOMPARE(out.conflicts.first().field, Phone);
        QCOMPARE(out.conflicts.first().lostValue.toString(), QStringLiteral("+4741111111"));
    }

    void clearingIsAWriteLikeAnyOther()
    {
        const QString c0 = clock(1000, "origin");
        const FieldChange clear {Phone, QVariant(), clock(3000, "deva"), c0};
        const FieldChange set {Phone, QStringLiteral("+4741111111"), clock(2000, "devb"), c0};
        for (const auto &order : {QList<FieldChange> {clear, set}, QList<FieldChange> {set, clear}}) {
            const MergeOutcome out = applyInOrder(startRecord(), order);
            QVERIFY(out.record.value(Phone).isNull());
            QCOMPARE(out.conflicts.size(), 1);
            QCOMPARE(out.conflicts.first().lostValue.toString(), QStringLiteral("+4741111111"));
        }
    }

    void unknownFieldIsIgnored()
    {
        const MergeOutcome out
            = apply(startRecord(), {{QStringLiteral("shoe_size"), 44, clock(2000, "deva"), {}}});
        QVERIFY(out.appliedFields.isEmpty());
        QVERIFY(!out.record.values.contains(QStringLiteral("shoe_size")));
    }
};

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
