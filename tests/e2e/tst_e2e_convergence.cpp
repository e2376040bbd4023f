// End-to-end randomised convergence: four devices of one team (the real Session, SyncEngine and
// Store) make random offline creates, edits, deletes and conflict resolutions and sync in random
// order against a real feltnotat-server (SQLite; in the _pg build two server processes on one
// PostgreSQL database, half of the devices on each). Afterwards every
// device and the server (seen by a device that has never synced) hold identical data, and no write
// the server acknowledged is lost: each one is still there, was knowingly overwritten, or is kept as
// the lost value of a visible conflict. The seed is printed; FELTNOTAT_SEED=<n> repeats a run,
// FELTNOTAT_E2E_STEPS=<n> changes its length. Synthetic data only.
#include "core/conflicts.h"
#include "core/outbox.h"
#include "core/storequeries.h"
#include "e2efixture.h"
#include "support/testdata.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace feltnotat;
using e2e::Device;
using testserver::ServerProcess;

namespace {

// One write to one field, as the test made it: the value is unique in the whole run, so it names
// its write; prev is the value the writing device showed before.
struct Write
{
    QString entity;
    QString id;
    QString field;
    QString value;
    QString prev;
    int device = 0;
};

const QHash<QString, QStringList> EditableFields {
    {QStringLiteral("participant"),
        {QStringLiteral("name"), QStringLiteral("goals_short"), QStringLiteral("preferences"),
            QStringLiteral("strengths")}},
    {QStringLiteral("employer"),
        {QStringLiteral("name"), QStringLiteral("industry"), QStringLiteral("city"),
            QStringLiteral("labour_needs")}},
    {QStringLiteral("encounter"),
        {QStringLiteral("note"), QStringLiteral("outcome"), QStringLiteral("next_step")}},
};

} // namespace

class TestE2eConvergence : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ServerProcess> m_server2; // PostgreSQL: a second process on the same database
    e2e::Team m_team;
    std::vector<std::unique_ptr<Device>> m_devices;
    QRandomGenerator m_rng;
    QList<Write> m_writes;
    QHash<QString, QString> m_created; // id → entity
    QSet<QString> m_deleted;
    int m_counter = 0;
    int m_syncs = 0;
    int m_resolutions = 0;

    int pick(int n) { return int(m_rng.bounded(quint32(n))); }
    QString unique(int device)
    {
        return QStringLiteral("Verdi %1 fra enhet %2").arg(++m_counter).arg(device);
    }

    std::optional<Record> randomLive(Device &d, const QString &entity)
    {
        const QList<Record> live = StoreQueries(d.store()).select(entity);
        if (live.isEmpty())
            return std::nullopt;
        return live.at(pick(int(live.size())));
    }

    bool create(int dev, const QString &entity)
    {
        Device &d = *m_devices[size_t(dev)];
        QVariantHash values;
        if (entity == u"participant") {
            values = testdata::participant(unique(dev));
        } else if (entity == u"employer") {
            values = testdata::employer(unique(dev));
        } else {
            const auto p = randomLive(d, QStringLiteral("participant"));
            if (!p)
                return true;
            values = testdata::encounter(p->id, QDateTime::currentDateTimeUtc().addDays(-1), unique(dev));
        }
        auto r = d.store().create(entity, values);
        if (!r) {
            qWarning("create %s: %s", qPrintable(entity), qPrintable(r.errorString()));
            return false;
        }
        m_created.insert(r->id, entity);
        for (const QString &f : EditableFields.value(entity)) {
            if (values.contains(f))
                m_writes.append({entity, r->id, f, values.value(f).toString(), {}, dev});
        }
        return true;
    }

    bool edit(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        const QStringList entities = EditableFields.keys();
        const QString &entity = entities.at(pick(int(entities.size())));
        const auto r = randomLive(d, entity);
        if (!r)
            return true;
        const QStringList fields = EditableFields.value(entity);
        QVariantHash changes;
        QList<Write> made;
        for (int n = 1 + pick(2); n > 0; --n) {
            const QString &f = fields.at(pick(int(fields.size())));
            if (changes.contains(f))
                continue;
            const QString v = unique(dev);
            changes.insert(f, v);
            made.append({entity, r->id, f, v, r->text(f), dev});
        }
        auto updated = d.store().update(entity, r->id, changes);
        if (!updated) {
            qWarning("edit %s: %s", qPrintable(entity), qPrintable(updated.errorString()));
            return false;
        }
        m_writes.append(made);
        return true;
    }

    bool remove(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        const QStringList entities = EditableFields.keys();
        const QString &entity = entities.at(pick(int(entities.size())));
        const auto r = randomLive(d, entity);
        if (!r)
            return true;
        const QList<Record> along = d.store().childrenOf(r->id, false); // a participant's go with it
        if (Status s = d.store().remove(entity, r->id); !s) {
            qWarning("delete %s: %s", qPrintable(entity), qPrintable(s.errorString()));
            return false;
        }
        m_deleted.insert(r->id);
        for (const Record &child : along)
            m_deleted.insert(child.id);
        return true;
    }

    bool resolve(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        const QList<Record> open = Conflicts(d.store()).open();
        if (open.isEmpty())
            return true;
        const Record &c = open.at(pick(int(open.size())));
        const QString entity = c.text(QStringLiteral("entity"));
        const QString id = c.text(QStringLiteral("record_id"));
        const QString field = c.text(QStringLiteral("field"));
        const auto record = d.store().get(entity, id);
        const QString v = unique(dev);
        if (Status s = Conflicts(d.store()).resolve(c.id, Conflicts::Choice::Custom, v); !s) {
            qWarning("resolve: %s", qPrintable(s.errorString()));
            return false;
        }
        if (record)
            m_writes.append({entity, id, field, v, record->text(field), dev});
        ++m_resolutions;
        return true;
    }

    bool step()
    {
        const int dev = pick(int(m_devices.size()));
        const int op = pick(100);
        if (op < 12)
            return create(dev, QStringLiteral("participant"));
        if (op < 18)
            return create(dev, QStringLiteral("employer"));
        if (op < 28)
            return create(dev, QStringLiteral("encounter"));
        if (op < 65)
            return edit(dev);
        if (op < 71)
            return remove(dev);
        if (op < 76)
            return resolve(dev);
        ++m_syncs;
        return m_devices[size_t(dev)]->sync();
    }

    // Checks the final data against every write of the run.
    void checkWrites(const QJsonObject &final)
    {
        QHash<QString, QString> tables;
        for (const EntitySpec &spec : Schema::instance().entities())
            tables.insert(spec.name, spec.table);
        // Records: present unless someone deleted them.
        for (auto it = m_created.cbegin(); it != m_created.cend(); ++it) {
            const bool present = final.value(tables.value(it.value())).toObject().contains(it.key());
            QVERIFY2(present == !m_deleted.contains(it.key()),
                qPrintable(QStringLiteral("%1 %2: present %3, deleted %4")
                               .arg(it.value(), it.key())
                               .arg(present)
                               .arg(m_deleted.contains(it.key()))));
        }
        // Conflicts: the lost values per record and field.
        QHash<QString, QSet<QString>> lostValues;
        for (const QJsonValue &c : final.value(QStringLiteral("conflicts")).toObject()) {
            const QJsonObject o = c.toObject();
            lostValues[o.value(QStringLiteral("record_id")).toString() + u'/'
                + o.value(QStringLiteral("field")).toString()]
                .insert(o.value(QStringLiteral("lost_value")).toString());
        }
        QHash<QString, QSet<QString>> overwritten; // record/field → values some write knowingly replaced
        QHash<QString, QSet<QString>> written; // record/field → every value written
        for (const Write &w : std::as_const(m_writes)) {
            overwritten[w.id + u'/' + w.field].insert(w.prev);
            written[w.id + u'/' + w.field].insert(w.value);
        }
        int kept = 0;
        int superseded = 0;
        int lost = 0;
        for (const Write &w : std::as_const(m_writes)) {
            const QJsonObject record = final.value(tables.value(w.entity)).toObject().value(w.id).toObject();
            if (record.isEmpty())
                continue; // deleted, checked above
            const QString key = w.id + u'/' + w.field;
            const QString now = record.value(w.field).toString();
            QVERIFY2(written.value(key).contains(now),
                qPrintable(
                    QStringLiteral("%1 %2.%3 holds a value nobody wrote").arg(w.entity, w.id, w.field)));
            if (now == w.value) {
                ++kept;
            } else if (overwritten.value(key).contains(w.value)) {
                ++superseded;
            } else {
                QVERIFY2(lostValues.value(key).contains(Conflicts::encodeValue(w.value)),
                    qPrintable(QStringLiteral("write lost: %1 %2.%3 = \"%4\" by device %5, now \"%6\"")
                                   .arg(w.entity, w.id, w.field, w.value)
                                   .arg(w.device)
                                   .arg(now)));
                ++lost;
            }
        }
        qInfo("%lld writes: %d kept, %d knowingly overwritten, %d lost in a visible conflict; %lld records, "
              "%lld deleted, %d syncs, %d resolutions",
            qint64(m_writes.size()), kept, superseded, lost, qint64(m_created.size()),
            qint64(m_deleted.size()), m_syncs, m_resolutions);
    }

private Q_SLOTS:
    void randomOfflineWritesConverge()
    {
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        options.database = database;
#endif
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
#ifdef FELTNOTAT_TEST_BACKEND_PG
        // Production runs several server processes on one database: half the devices use a second one.
        m_server2 = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server2->start(), qPrintable(m_server2->errorString()));
#endif
        QString error;
        m_team = e2e::createTeam(
            *m_server, QStringLiteral("Team Konvergens"), QStringLiteral("konv"), 5, &error);
        QVERIFY2(!m_team.id.isEmpty(), qPrintable(error));

        const quint64 seed = e2e::testSeed();
        m_rng.seed(quint32(seed) ^ quint32(seed >> 32));
        bool ok = false;
        int steps = qEnvironmentVariable("FELTNOTAT_E2E_STEPS").toInt(&ok);
        if (!ok || steps <= 0)
            steps = 400;

        for (int i = 0; i < 4; ++i) {
            m_devices.push_back(std::make_unique<Device>(QStringLiteral("device%1").arg(i)));
            QVERIFY2(m_devices.back()->open(&error), qPrintable(error));
            const QUrl url = (m_server2 && i % 2 == 1 ? m_server2 : m_server)->url();
            QVERIFY2(m_devices.back()->login(url, m_team.logins.at(i), &error), qPrintable(error));
        }

        for (int i = 0; i < steps; ++i)
            QVERIFY2(step(), qPrintable(QStringLiteral("step %1 failed (seed %2)").arg(i).arg(seed)));

        // Final rounds: everyone syncs, in random order, until nothing is pending and all agree.
        int rounds = 0;
        bool agreed = false;
        while (!agreed && rounds < 5) {
            ++rounds;
            std::vector<int> order(m_devices.size());
            std::iota(order.begin(), order.end(), 0);
            std::shuffle(order.begin(), order.end(), m_rng);
            for (int dev : order)
                QVERIFY(m_devices[size_t(dev)]->sync());
            agreed = true;
            const QJsonObject first = m_devices.front()->snapshot();
            for (const auto &d : m_devices)
                agreed = agreed && d->pending() == 0 && e2e::diffSnapshots(first, d->snapshot()).isEmpty();
        }
        qInfo("converged after %d final round(s)", rounds);
        const QJsonObject final = m_devices.front()->snapshot();
        for (const auto &d : m_devices) {
            QCOMPARE(d->pending(), 0);
            // The only refusals: edits of a record a colleague deleted meanwhile (a delete wins over
            // every edit that did not see it); the record is gone everywhere.
            for (const DeadLetter &dead : Outbox(d->store()).deadLetters()) {
                QCOMPARE(dead.code, QStringLiteral("deleted"));
                QVERIFY(!d->store().get(dead.mutation.entity, dead.mutation.recordId));
            }
            QVERIFY(d->engine().caughtUp());
            const QString diff
                = e2e::diffSnapshots(final, d->snapshot(), QStringLiteral("device0"), d->name());
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("seed %1:\n%2").arg(seed).arg(diff)));
        }
        QVERIFY(rounds <= 2); // one round to push everything, one to pull it everywhere

        // The server: a device that has never synced pulls everything.
        Device fresh(QStringLiteral("fresh"));
        QVERIFY(fresh.open(&error));
        QVERIFY2(fresh.login(m_server->url(), m_team.logins.at(4), &error), qPrintable(error));
        const QString diff = e2e::diffSnapshots(
            final, fresh.snapshot(), QStringLiteral("devices"), QStringLiteral("server"));
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("seed %1:\n%2").arg(seed).arg(diff)));

        // Every device sent every one of its writes exactly once.
        const e2e::CliResult devices = [&] {
            testserver::AdminResult r
                = m_server->admin({QStringLiteral("list-devices"), QStringLiteral("--json")});
            return e2e::CliResult {r.exitCode, r.out, r.err};
        }();
        QCOMPARE(devices.exitCode, 0);
        QHash<QString, qint64> lastSeq;
        for (const QJsonValue &v : devices.json().array())
            lastSeq.insert(v.toObject().value(QStringLiteral("id")).toString(),
                v.toObject().value(QStringLiteral("last_seq")).toInteger());
        for (const auto &d : m_devices)
            QCOMPARE(lastSeq.value(d->deviceId()), Outbox(d->store()).lastSeq());

        checkWrites(final);
        if (QTest::currentTestFailed())
            qWarning("repeat with FELTNOTAT_SEED=%llu", static_cast<unsigned long long>(seed));
    }

    void cleanupTestCase()
    {
        m_devices.clear();
        if (m_server2)
            QCOMPARE(m_server2->stop(), 0);
        if (m_server)
            QCOMPARE(m_server->stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestE2eConvergence)
#include "tst_e2e_convergence.moc"
