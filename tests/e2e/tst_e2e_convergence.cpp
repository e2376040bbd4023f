// End-to-end randomised convergence: four devices of one team (the real Session, SyncEngine and
// Store) make random offline creates, edits, deletes (a participant's takes its visits along),
// restores (the undo of a device's own delete, and "Gjenopprett" on a deletion conflict), conflict
// resolutions and sync in random order against a real feltnotat-server (SQLite; in the _pg build two
// server processes on one PostgreSQL database, half of the devices on each). Afterwards every
// device and the server (seen by a device that has never synced) hold identical data, and no write
// is lost without a word: each one is still there, was knowingly overwritten or restored over, is
// kept as the lost value of a visible conflict, or lost to a delete that did not see it (issue 20),
// and then exactly its author's device holds exactly one deletion conflict for the record, from the
// sync that met the delete until the user settles it. Which writes lose to a delete is worked out
// from the server's state (an observer device that only pulls) and the order of each device's
// queue, not from what the device says. The seed is printed; FELTNOTAT_SEED=<n> repeats a run,
// FELTNOTAT_E2E_STEPS=<n> changes its length. Synthetic data only.
#include "core/conflicts.h"
#include "core/deletionconflicts.h"
#include "core/hlc.h"
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

// A write a device has not sent yet, in its queue's order: enough to tell what the server will do
// with it. A delete wins over every write that did not see it; a restore (`deleted: false` based on
// the delete's clock) is refused when the server holds a later delete.
struct Queued
{
    enum Kind { Edit, Delete, Restore };
    Kind kind = Edit;
    QString entity;
    QString id;
    QString base; // Delete, Restore: the clock of `deleted` the write was based on
    QString clock; // Delete, Restore: its own clock of `deleted`
    int write = -1; // Edit: the index in m_writes (-1: an edit the test does not track)
    bool withdrawn = false; // Edit: its device deleted the record itself afterwards
    QString seen = {}; // Delete: the clock of `updated_at` on the copy it was made on (what it had seen)
    int seenSync = 0; // Delete: its device's last sync (m_syncs) before it, whose pull it had seen
};

// What the device's own delete took: for its undo, as the app keeps it.
struct Undo
{
    QString entity;
    QVariantHash content;
    QHash<QString, QVariantHash> children;
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
    std::unique_ptr<Device> m_observer; // only pulls: what the server holds before each sync
    QRandomGenerator m_rng;
    QList<Write> m_writes;
    QHash<QString, QString> m_created; // id → entity
    QSet<QString> m_deleted; // deleted by some device, or taken along
    QSet<QString> m_restored; // restored by some device
    std::vector<QList<Queued>> m_queues; // per device: its writes not sent yet
    std::vector<QHash<QString, Undo>> m_undo; // per device: its deletes, for its undo
    // Per device: records it lost a write to a delete on, whose conflict entry it has not settled.
    std::vector<QSet<QString>> m_told;
    // Per device: records it edited, then deleted itself, whose edit the server refused (a colleague
    // had deleted them first): the refused change stays in its list, and may become part of a
    // conflict entry if the record is restored and deleted again.
    std::vector<QSet<QString>> m_refusedThenDeleted;
    // Per device: records a delete won over its writes the server had already accepted and the delete
    // had not seen (later clocks than the copy it was made on), by the clock of that delete's `deleted`.
    // The device is told at its next sync if that delete still holds and its own copy is live.
    std::vector<QHash<QString, QString>> m_overridden;
    // Of those, records where the deleting device's own earlier edits (or restore) in the same push may have
    // written over the writes first (then they lost in a visible field conflict, or not): told or not.
    std::vector<QSet<QString>> m_maybeOverridden;
    QSet<QString> m_unexplained; // deletion conflicts the test cannot tie to a write it saw lost
    std::vector<int> m_lastSync; // per device: the number (m_syncs) of its last sync that succeeded
    // Record id → device → the number of that device's last sync in which the server took a write of it
    // (an edit or a restore): a delete made before that sync's number did not see it (its "seen" cursor).
    QHash<QString, QHash<int, int>> m_acceptedIn;
    QSet<int> m_lostToDelete; // writes (m_writes) a delete won over
    QSet<int> m_restoredOver; // writes made before a restore of their record
    QHash<QString, QStringList> m_history; // id → what the run did to it, for a failure's message
    int m_step = 0;
    int m_counter = 0;
    int m_syncs = 0;
    int m_resolutions = 0;
    int m_lostWrites = 0;
    int m_undos = 0;
    int m_conflictRestores = 0;
    int m_conflictAccepts = 0;

    int pick(int n) { return int(m_rng.bounded(quint32(n))); }
    void note(const QString &id, int dev, const QString &what)
    {
        m_history[id].append(QStringLiteral("step %1 device%2 %3").arg(m_step).arg(dev).arg(what));
    }
    QString history(const QString &id) const { return m_history.value(id).join(QStringLiteral("; ")); }
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
        for (const Write &w : std::as_const(made)) {
            note(r->id, dev, QStringLiteral("edit %1 = %2").arg(w.field, w.value));
            m_queues[size_t(dev)].append({Queued::Edit, entity, r->id, {}, {}, int(m_writes.size())});
            m_writes.append(w);
        }
        return true;
    }

    static QString deletedClock(Device &d, const QString &entity, const QString &id)
    {
        const auto r = d.store().get(entity, id, true);
        return r ? r->clocks.value(sys::Deleted) : QString();
    }

    // Queues what a restore (Store::restore, or a deletion conflict's) wrote to each of `ids`, from
    // the records before (`before`: id → deleted, clock of deleted, every field's clock) and now.
    struct Before
    {
        QString entity;
        bool deleted = false;
        QHash<QString, QString> clocks;
    };
    QHash<QString, Before> before(Device &d, const QHash<QString, QString> &ids)
    {
        QHash<QString, Before> out;
        for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
            if (const auto r = d.store().get(it.value(), it.key(), true))
                out.insert(it.key(), {it.value(), r->isDeleted(), r->clocks});
        }
        return out;
    }
    void queueRestore(int dev, const QHash<QString, Before> &was)
    {
        Device &d = *m_devices[size_t(dev)];
        for (auto it = was.cbegin(); it != was.cend(); ++it) {
            const auto now = d.store().get(it->entity, it.key(), true);
            if (!now || now->clocks == it->clocks)
                continue; // nothing written
            if (it->deleted && !now->isDeleted()) {
                m_queues[size_t(dev)].append({Queued::Restore, it->entity, it.key(),
                    it->clocks.value(sys::Deleted), now->clocks.value(sys::Deleted)});
            } else {
                m_queues[size_t(dev)].append({Queued::Edit, it->entity, it.key(), {}, {}});
            }
            m_restored.insert(it.key());
            note(it.key(), dev,
                it->deleted && !now->isDeleted() ? QStringLiteral("restore")
                                                 : QStringLiteral("restore as edit"));
            // The restore writes the content the device held: earlier writes are knowingly replaced.
            for (qsizetype i = 0; i < m_writes.size(); ++i) {
                if (m_writes.at(i).id == it.key())
                    m_restoredOver.insert(int(i));
            }
        }
    }

    // The undo of a delete this device made (the app keeps the content for it): the record, and for a
    // participant the visits its delete took along, are live again with the content they had.
    bool undoDelete(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        QStringList candidates;
        for (auto it = m_undo[size_t(dev)].cbegin(); it != m_undo[size_t(dev)].cend(); ++it) {
            const auto r = d.store().get(it->entity, it.key(), true);
            if (r && r->isDeleted() && r->text(sys::DeletedWith).isEmpty())
                candidates << it.key();
        }
        if (candidates.isEmpty())
            return true;
        std::sort(candidates.begin(), candidates.end()); // the seed decides, not the hash order
        const QString id = candidates.at(pick(int(candidates.size())));
        const Undo undo = m_undo[size_t(dev)].take(id);
        QHash<QString, QString> ids {{id, undo.entity}};
        for (auto it = undo.children.cbegin(); it != undo.children.cend(); ++it)
            ids.insert(it.key(), m_created.value(it.key()));
        const auto was = before(d, ids);
        auto back = d.store().restore(undo.entity, id, undo.content, undo.children);
        if (!back) {
            qWarning("restore %s: %s", qPrintable(undo.entity), qPrintable(back.errorString()));
            return false;
        }
        queueRestore(dev, was);
        ++m_undos;
        return true;
    }

    // "Gjenopprett" or "Godta sletting" on a delete that met this user's write, or "OK" on a notice
    // that a colleague restored what he deleted.
    bool settleDeletion(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        DeletionConflicts deletions(d.store());
        const QList<DeletionConflict> open = deletions.open();
        if (open.isEmpty())
            return true;
        const DeletionConflict &c = open.at(pick(int(open.size())));
        QHash<QString, QString> ids {{c.recordId, c.entity}};
        for (auto it = c.children.cbegin(); it != c.children.cend(); ++it)
            ids.insert(it.key(), it->entity);
        if (c.kind == DeletionConflict::Kind::LostEdit && pick(2) == 0) {
            const auto was = before(d, ids);
            if (Status s = deletions.restore(c.id); !s) {
                qWarning("restore a deletion conflict: %s", qPrintable(s.errorString()));
                return false;
            }
            queueRestore(dev, was);
            ++m_conflictRestores;
        } else {
            if (Status s = deletions.accept(c.id); !s) {
                qWarning("accept a deletion conflict: %s", qPrintable(s.errorString()));
                return false;
            }
            m_conflictAccepts += c.kind == DeletionConflict::Kind::LostEdit;
        }
        if (c.kind == DeletionConflict::Kind::LostEdit) {
            for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
                m_told[size_t(dev)].remove(it.key());
                m_refusedThenDeleted[size_t(dev)].remove(it.key());
            }
        }
        return true;
    }

    // A delete of `dev` wins over a live record: the devices whose writes the server holds with a later
    // clock than the copy the delete was made on (what it had seen) are told, each at its next sync. So
    // are those whose writes the server took after the deleting device's last sync before the delete (its
    // "seen" cursor), whatever their clocks: the test cannot tell which of a device's writes in a sync
    // still stands in a field, so such a device may be told (an entry is then tied to it), not must.
    void overridden(int dev, const Queued &q, bool ownEditsBefore)
    {
        const auto r = m_observer->store().get(q.entity, q.id, true);
        if (!r)
            return;
        for (auto it = r->clocks.cbegin(); it != r->clocks.cend(); ++it) {
            if (it.key() == sys::DeletedOver)
                continue;
            const bool laterClock = q.seen.isEmpty() || it.value() > q.seen;
            const auto hlc = Hlc::parse(it.value());
            for (size_t other = 0; hlc && other < m_devices.size(); ++other) {
                const bool acceptedAfter = m_acceptedIn.value(q.id).value(int(other)) > q.seenSync;
                if (int(other) != dev && m_devices[other]->deviceId() == hlc->node
                    && (laterClock || acceptedAfter) && m_overridden[other].value(q.id) != q.clock) {
                    m_overridden[other].insert(q.id, q.clock);
                    if (ownEditsBefore || !laterClock)
                        m_maybeOverridden[other].insert(q.id);
                    else
                        m_maybeOverridden[other].remove(q.id);
                    note(q.id, int(other), QStringLiteral("accepted write not seen by a delete"));
                }
            }
        }
    }

    // One sync of one device. Before it, what the server will make of the device's queue, from what
    // the server holds (the observer pulls it) and the queue's order; after it, every record the
    // device lost a write on to a delete is covered by exactly one of its deletion conflicts, and
    // each of those covers such a record.
    bool sync(int dev)
    {
        Device &d = *m_devices[size_t(dev)];
        if (!m_observer->sync())
            return false;
        struct State
        {
            bool deleted = false;
            QString clock;
        };
        QHash<QString, State> server;
        const auto stateOf = [&](const Queued &q) -> State & {
            if (!server.contains(q.id)) {
                const auto r = m_observer->store().get(q.entity, q.id, true);
                server.insert(q.id, r ? State {r->isDeleted(), r->clocks.value(sys::Deleted)} : State {});
            }
            return server[q.id];
        };
        QSet<QString> lostNow;
        QSet<QString> restoredNow; // restored by this sync: the device's own content comes back
        const int thisSync = m_syncs + 1;
        for (const Queued &q : std::as_const(m_queues[size_t(dev)])) {
            State &s = stateOf(q);
            switch (q.kind) {
            case Queued::Delete:
                note(q.id, dev, QStringLiteral("sync: delete on %1").arg(s.deleted ? u"deleted" : u"live"));
                // On a live record the clocks decide, as for any field; on a deleted one nothing changes.
                if (!s.deleted && (q.base == s.clock || q.clock > s.clock)) {
                    s = {true, q.clock};
                    const QList<Queued> &queue = m_queues[size_t(dev)];
                    overridden(dev, q, std::any_of(queue.begin(), queue.end(), [&q](const Queued &e) {
                        return e.kind != Queued::Delete && e.id == q.id; // an edit, or a restore
                    }));
                }
                break;
            case Queued::Restore:
                note(q.id, dev, QStringLiteral("sync: restore on %1").arg(s.deleted ? u"deleted" : u"live"));
                if (!s.deleted) {
                    s.clock = std::max(s.clock, q.clock);
                    m_acceptedIn[q.id][dev] = thisSync;
                } else if (q.base >= s.clock) {
                    s = {false, q.clock};
                    restoredNow.insert(q.id);
                    m_acceptedIn[q.id][dev] = thisSync;
                } else {
                    lostNow.insert(q.id);
                }
                break;
            case Queued::Edit:
                note(q.id, dev,
                    QStringLiteral("sync: edit on %1%2")
                        .arg(s.deleted ? u"deleted" : u"live", q.withdrawn ? u" (withdrawn)" : u""));
                if (s.deleted && q.withdrawn)
                    m_refusedThenDeleted[size_t(dev)].insert(q.id);
                if (s.deleted && !q.withdrawn) {
                    lostNow.insert(q.id);
                    if (q.write >= 0)
                        m_lostToDelete.insert(q.write);
                }
                if (!s.deleted)
                    m_acceptedIn[q.id][dev] = thisSync;
                break;
            }
        }
        // Deletes of colleagues that won over this device's accepted writes: told now, from its copy.
        QSet<QString> maybeTold;
        for (auto it = m_overridden[size_t(dev)].cbegin(); it != m_overridden[size_t(dev)].cend(); ++it) {
            const QString entity = m_created.value(it.key());
            if (restoredNow.contains(it.key()))
                continue; // its own restore (an undo of its own delete) in this push: nothing of it lost
            const auto onServer = m_observer->store().get(entity, it.key(), true);
            // Restored since, by a device that held no write of his: the restore wrote over what the
            // delete ran over, and still names him with that delete's clock. Told if the restore replaced a
            // value of his own his copy still holds (not if his write was of `deleted` only, or the same).
            const bool restoredOver = onServer && !onServer->isDeleted()
                && onServer->clocks.value(sys::DeletedOver) == it.value()
                && onServer->text(sys::DeletedOver).split(u' ').contains(d.deviceId());
            if (restoredOver && d.store().get(entity, it.key())) {
                note(it.key(), dev, QStringLiteral("sync: restored over an accepted write"));
                maybeTold.insert(it.key());
            } else if (onServer && onServer->isDeleted() && onServer->clocks.value(sys::Deleted) == it.value()
                && d.store().get(entity, it.key())) {
                if (m_maybeOverridden[size_t(dev)].contains(it.key())) {
                    maybeTold.insert(it.key());
                } else {
                    note(it.key(), dev, QStringLiteral("sync: told of a delete over an accepted write"));
                    lostNow.insert(it.key());
                }
            }
        }
        m_overridden[size_t(dev)].clear();
        m_maybeOverridden[size_t(dev)].clear();
        ++m_syncs;
        if (!d.sync())
            return false;
        m_lastSync[size_t(dev)] = m_syncs;
        m_queues[size_t(dev)].clear();
        m_lostWrites += int(lostNow.size());
        QSet<QString> &told = m_told[size_t(dev)];
        told.unite(lostNow);
        const QList<DeletionConflict> open = DeletionConflicts(d.store()).open();
        const auto covers = [](const DeletionConflict &c, const QString &id) {
            return c.kind == DeletionConflict::Kind::LostEdit
                && (c.recordId == id || c.children.contains(id));
        };
        for (const QString &id : std::as_const(maybeTold)) {
            if (std::any_of(open.begin(), open.end(), [&](const auto &c) { return covers(c, id); })) {
                note(id, dev, QStringLiteral("sync: told of a delete over an accepted write"));
                told.insert(id);
            }
        }
        // Exactly one entry per delete that won: the record's own, or its participant's holding it.
        // (Both at once only after two deletes: a participant's, then a restore, then the record's own.)
        for (const QString &id : std::as_const(told)) {
            const auto own = std::count_if(
                open.begin(), open.end(), [&](const auto &c) { return covers(c, id) && c.recordId == id; });
            const auto n
                = std::count_if(open.begin(), open.end(), [&](const auto &c) { return covers(c, id); });
            if (n < 1 || own > 1 || n - own > 1) {
                QStringList entries;
                for (const DeletionConflict &c : open) {
                    if (covers(c, id))
                        entries
                            << QStringLiteral("%1 %2 (%3)").arg(c.entity, c.recordId, history(c.recordId));
                }
                qWarning("%s lost a write on %s %s to a delete: %d conflict entries for it, not 1 (%s); "
                         "entries: %s",
                    qPrintable(d.name()), qPrintable(m_created.value(id)), qPrintable(id), int(n),
                    qPrintable(history(id)), qPrintable(entries.join(QStringLiteral(" | "))));
                return false;
            }
        }
        for (const DeletionConflict &c : open) {
            if (c.kind == DeletionConflict::Kind::LostEdit
                && std::none_of(told.begin(), told.end(), [&](const QString &id) { return covers(c, id); })
                && std::none_of(m_refusedThenDeleted[size_t(dev)].begin(),
                    m_refusedThenDeleted[size_t(dev)].end(),
                    [&](const QString &id) { return covers(c, id); })) {
                // Not yet a failure: rare runs still show one whose cause is not found (docs/testing.md).
                if (m_unexplained.contains(c.id))
                    continue;
                m_unexplained.insert(c.id);
                QStringList entries;
                for (const DeletionConflict &o : open)
                    entries << o.entity + u' ' + o.recordId + u" ["
                            + QStringList(o.children.keys()).join(u',') + u']';
                qInfo("%s has a deletion conflict for %s %s where the test saw no write lost (%s); its "
                      "entries: %s; told: %s",
                    qPrintable(d.name()), qPrintable(c.entity), qPrintable(c.recordId),
                    qPrintable(history(c.recordId)), qPrintable(entries.join(QStringLiteral(" | "))),
                    qPrintable(QStringList(told.values()).join(u',')));
            }
        }
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
        QHash<QString, QString> bases {{r->id, deletedClock(d, entity, r->id)}};
        for (const Record &child : along)
            bases.insert(child.id, deletedClock(d, child.entity, child.id));
        if (Status s = d.store().remove(entity, r->id); !s) {
            qWarning("delete %s: %s", qPrintable(entity), qPrintable(s.errorString()));
            return false;
        }
        // What each delete says it saw: its base of updated_at, as queued (the copy as the server last
        // gave it, before this device's own unsent writes).
        QHash<QString, QString> seen;
        const auto queued = Outbox(d.store()).pending(100000);
        for (const Mutation &m : queued ? queued.value() : QList<Mutation>()) {
            for (const FieldChange &c : m.changes) {
                if (c.field == sys::UpdatedAt)
                    seen.insert(m.recordId, c.base); // the last one, the delete, stays
            }
        }
        Undo undo {entity, Store::contentOf(*r), {}};
        QList<Record> gone {*r};
        for (const Record &child : along) {
            undo.children.insert(child.id, Store::contentOf(child));
            gone.append(child);
        }
        m_undo[size_t(dev)].insert(r->id, undo);
        for (const Record &g : std::as_const(gone)) {
            m_deleted.insert(g.id);
            note(g.id, dev, g.id == r->id ? QStringLiteral("delete") : QStringLiteral("delete along"));
            // This user deleted it himself: his own unsent edits of it lose to nobody.
            for (Queued &q : m_queues[size_t(dev)])
                q.withdrawn = q.withdrawn || (q.kind == Queued::Edit && q.id == g.id);
            m_queues[size_t(dev)].append({Queued::Delete, g.entity, g.id, bases.value(g.id),
                deletedClock(d, g.entity, g.id), -1, false, seen.value(g.id), m_lastSync[size_t(dev)]});
        }
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
        if (!EditableFields.value(entity).contains(field)) {
            // A field the test never edits (two restores that met, each writing the whole record):
            // keep what holds now.
            if (Status s = Conflicts(d.store()).resolve(c.id, Conflicts::Choice::KeepCurrent); !s) {
                qWarning("resolve: %s", qPrintable(s.errorString()));
                return false;
            }
            ++m_resolutions;
            return true;
        }
        const QString v = unique(dev);
        if (Status s = Conflicts(d.store()).resolve(c.id, Conflicts::Choice::Custom, v); !s) {
            qWarning("resolve: %s", qPrintable(s.errorString()));
            return false;
        }
        if (record) {
            m_queues[size_t(dev)].append({Queued::Edit, entity, id, {}, {}, int(m_writes.size())});
            m_writes.append({entity, id, field, v, record->text(field), dev});
        }
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
        if (op < 60)
            return edit(dev);
        if (op < 67)
            return remove(dev);
        if (op < 71)
            return resolve(dev);
        if (op < 74)
            return undoDelete(dev);
        if (op < 78)
            return settleDeletion(dev);
        return sync(dev);
    }

    // Checks the final data against every write of the run.
    void checkWrites(const QJsonObject &final)
    {
        QHash<QString, QString> tables;
        for (const EntitySpec &spec : Schema::instance().entities())
            tables.insert(spec.name, spec.table);
        // Records: present unless someone deleted them; absent if deleted and nobody restored them
        // (deletes and restores that met decide by the rules above, the same on every device).
        for (auto it = m_created.cbegin(); it != m_created.cend(); ++it) {
            const bool present = final.value(tables.value(it.value())).toObject().contains(it.key());
            if (m_deleted.contains(it.key()) && m_restored.contains(it.key()))
                continue;
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
        int unaccounted = 0;
        for (qsizetype i = 0; i < m_writes.size(); ++i) {
            const Write &w = m_writes.at(i);
            if (m_lostToDelete.contains(int(i)) || m_restoredOver.contains(int(i)))
                continue; // its author was told (checked at every sync), or a restore wrote over it
            const QJsonObject record = final.value(tables.value(w.entity)).toObject().value(w.id).toObject();
            if (record.isEmpty())
                continue; // deleted, checked above
            const QString key = w.id + u'/' + w.field;
            const QString now = record.value(w.field).toString();
            // Deleted and restored: a delete that reached the server after a write it had not seen
            // emptied that write's field, and a restore writes only what its device held (its author,
            // named on the restored record, is told if his copy still held it: docs/sync-protocol.md).
            // Empty, or a value someone wrote.
            const bool deletedAndRestored = m_deleted.contains(w.id) && m_restored.contains(w.id);
            QVERIFY2(written.value(key).contains(now) || (deletedAndRestored && now.isEmpty()),
                qPrintable(QStringLiteral("%1 %2.%3 holds a value nobody wrote: %4 (%5)")
                               .arg(w.entity, w.id, w.field, now, history(w.id))));
            if (deletedAndRestored && now != w.value) {
                ++unaccounted;
                continue;
            }
            if (now == w.value) {
                ++kept;
            } else if (overwritten.value(key).contains(w.value)) {
                ++superseded;
            } else {
                QVERIFY2(lostValues.value(key).contains(Conflicts::encodeValue(w.value)),
                    qPrintable(QStringLiteral("write lost: %1 %2.%3 = \"%4\" by device %5, now \"%6\" (%7)")
                                   .arg(w.entity, w.id, w.field, w.value)
                                   .arg(w.device)
                                   .arg(now, history(w.id))));
                ++lost;
            }
        }
        qInfo("%lld writes: %d kept, %d knowingly overwritten, %d lost in a visible conflict, %lld lost to a "
              "delete (%d records told), %lld restored over; %lld records, %lld deleted, %lld restored "
              "(%d undos, %d deletion conflicts restored, %d accepted), %d writes on those not accounted; "
              "%d syncs, %d resolutions; %lld deletion conflicts not tied to a lost write",
            qint64(m_writes.size()), kept, superseded, lost, qint64(m_lostToDelete.size()), m_lostWrites,
            qint64(m_restoredOver.size()), qint64(m_created.size()), qint64(m_deleted.size()),
            qint64(m_restored.size()), m_undos, m_conflictRestores, m_conflictAccepts, unaccounted, m_syncs,
            m_resolutions, qint64(m_unexplained.size()));
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
            *m_server, QStringLiteral("Team Konvergens"), QStringLiteral("konv"), 6, &error);
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
        m_queues.resize(m_devices.size());
        m_undo.resize(m_devices.size());
        m_told.resize(m_devices.size());
        m_refusedThenDeleted.resize(m_devices.size());
        m_overridden.resize(m_devices.size());
        m_maybeOverridden.resize(m_devices.size());
        m_lastSync.resize(m_devices.size());
        m_observer = std::make_unique<Device>(QStringLiteral("observer"));
        QVERIFY2(m_observer->open(&error), qPrintable(error));
        QVERIFY2(m_observer->login(m_server->url(), m_team.logins.at(5), &error), qPrintable(error));

        for (int i = 0; i < steps; ++i, ++m_step)
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
                QVERIFY2(sync(dev), qPrintable(QStringLiteral("final sync (seed %1)").arg(seed)));
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
            // every edit that did not see it): the record is gone, or its user has not yet settled the
            // conflict entry that holds his version.
            const QList<DeletionConflict> open = DeletionConflicts(d->store()).open();
            for (const DeadLetter &dead : Outbox(d->store()).deadLetters()) {
                QVERIFY2(dead.code == u"deleted",
                    qPrintable(QStringLiteral("%1: %2 %3 refused: %4 %5 (%6)")
                                   .arg(d->name(), dead.mutation.entity, dead.mutation.recordId, dead.code,
                                       dead.reason, history(dead.mutation.recordId))));
                const QString &id = dead.mutation.recordId;
                QVERIFY2(!d->store().get(dead.mutation.entity, id)
                        || m_refusedThenDeleted[size_t(&d - m_devices.data())].contains(id)
                        || std::any_of(open.begin(), open.end(),
                            [&](const DeletionConflict &c) {
                                return c.recordId == id || c.children.contains(id);
                            }),
                    qPrintable(d->name() + u' ' + id + u' ' + history(id)));
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
        QCOMPARE(DeletionConflicts(fresh.store()).openCount(), 0); // no copy: nothing of anyone's lost

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
