#include "remoteapplier.h"

#include "deletionconflicts.h"
#include "logging.h"
#include "outbox.h"
#include "store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QVarLengthArray>

#include <algorithm>

namespace feltnotat {

namespace {
const QString MetaResync = QStringLiteral("resync_in_progress");
}

RemoteApplier::RemoteApplier(Store &store)
    : m_store(store)
{ }

Status RemoteApplier::apply(const QList<Record> &records, const QList<RecordRef> &drops,
    const QHash<QString, QString> &meta, const QHash<qsizetype, QString> &refused)
{
    Database &db = m_store.database();
    Transaction txn(db);
    if (!txn.ok())
        return txn.status();
    const bool trackSeen = m_store.meta(MetaResync) == u"1";
    {
        Query any = db.query(QStringLiteral("SELECT 1 FROM set_aside LIMIT 1"));
        m_hasSetAside = any.next();
        if (!any.ok())
            return any.error();
    }
    QStringList touched;
    QList<Written> written;
    written.reserve(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const Record &r = records.at(i);
        if (Status s = applyOne(r, trackSeen, written, refused.value(i)); !s)
            return s;
        if (!touched.contains(r.entity))
            touched << r.entity;
    }
    // The search index after all rows, in one run and in ascending rowid order: an FTS5 table flushes
    // its pending terms to a new segment at every statement savepoint (each row upsert opens one) and
    // whenever a rowid is lower than the one written before it (docs/benchmarks.md).
    std::stable_sort(written.begin(), written.end(), [](const Written &a, const Written &b) {
        return SearchIndex::rowIdFor(*a.spec, a.record.rid) < SearchIndex::rowIdFor(*b.spec, b.record.rid);
    });
    SearchIndex &search = m_store.searchIndex();
    for (const Written &w : std::as_const(written)) {
        const Record &r = w.record;
        if (Status s
            = w.isNew ? search.insert(*w.spec, r.rid, r.values) : search.update(*w.spec, r.rid, r.values);
            !s)
            return s;
    }
    for (const RecordRef &d : drops) {
        if (Status s = dropOne(d); !s)
            return s;
        if (!touched.contains(d.entity))
            touched << d.entity;
    }
    for (auto it = meta.begin(); it != meta.end(); ++it) {
        if (Status s = m_store.setMeta(it.key(), it.value()); !s)
            return s;
    }
    if (!records.isEmpty()) {
        if (Status s = m_store.saveClock(); !s)
            return s;
    }
    if (Status s = txn.commit(); !s)
        return s;
    if (!touched.isEmpty())
        m_store.notifyRemoteApplied(touched);
    return Status::success();
}

namespace {

// The rules of the device's own schema a record from the server must meet before it is written
// (migrations.cpp: team and deleted are NOT NULL); empty when it does.
QString deviceRuleProblem(const Record &r)
{
    if (r.values.value(sys::Team).toString().isEmpty())
        return QCoreApplication::translate("RemoteApplier", "Posten mangler team.");
    if (r.values.value(sys::Deleted).typeId() != QMetaType::Bool)
        return QCoreApplication::translate("RemoteApplier", "Posten mangler slettemerke.");
    return {};
}

} // namespace

Status RemoteApplier::applyOne(
    const Record &incoming, bool trackSeen, QList<Written> &written, const QString &refusal)
{
    // A record set aside during a re-sync counts as seen: an older copy of it on this device stays.
    auto aside = [&](const QString &reason) -> Status {
        if (Status s = putAside(incoming, reason); !s || !trackSeen)
            return s;
        return m_store.database()
            .query(QStringLiteral("INSERT OR IGNORE INTO resync_seen(entity, id) VALUES (?, ?)"))
            .bindAll(incoming.entity, incoming.id)
            .exec();
    };
    if (!Schema::isValidId(incoming.id))
        return makeError(ErrorCode::Protocol, QStringLiteral("malformed record id from server"));
    if (!refusal.isEmpty())
        return aside(refusal);
    const EntitySpec *spec = Schema::instance().entity(incoming.entity);
    if (!spec)
        return aside(QCoreApplication::translate("RemoteApplier", "Ukjent posttype."));
    // Each distinct clock is parsed once (the fields of one write share a clock); parsing every
    // field's clock twice was a tenth of the time of applying a pulled batch.
    QVarLengthArray<QStringView, 4> distinct;
    QVarLengthArray<Hlc, 4> clocks;
    for (auto it = incoming.clocks.cbegin(); it != incoming.clocks.cend(); ++it) {
        if (std::find(distinct.cbegin(), distinct.cend(), QStringView(it.value())) != distinct.cend())
            continue;
        auto h = Hlc::parse(it.value());
        if (!h)
            return aside(QCoreApplication::translate("RemoteApplier", "Posten har en ugyldig klokke."));
        distinct << QStringView(it.value());
        clocks << *h;
    }
    if (const QString problem = deviceRuleProblem(incoming); !problem.isEmpty())
        return aside(problem);
    // Later local writes must sort after what the server told us about.
    for (const Hlc &h : std::as_const(clocks))
        m_store.hlc().observe(h, m_store.options().maxClockAheadMs);
    Record merged = incoming;
    if (merged.values.contains(QString())) // (remove() would copy the hash even when the key is absent)
        merged.values.remove(QString()); // defensive: never a column without a name
    bool isNew = false;
    if (Status s = writeOne(*spec, merged, isNew); !s) {
        // A rule of this device's schema the checks above do not know: this record is set aside,
        // the rest of the page goes on (the failed statement was undone, the transaction is intact).
        if (s.error().code != ErrorCode::Database || !m_store.database().lastErrorIsConstraint())
            return s;
        return aside(s.error().message);
    }
    written.append({merged, spec, isNew});
    if (m_hasSetAside) {
        if (Status s = m_store.database()
                           .query(QStringLiteral("DELETE FROM set_aside WHERE entity = ? AND id = ?"))
                           .bindAll(spec->name, merged.id)
                           .exec();
            !s)
            return s;
    }
    if (trackSeen) {
        return m_store.database()
            .query(QStringLiteral("INSERT OR IGNORE INTO resync_seen(entity, id) VALUES (?, ?)"))
            .bindAll(spec->name, merged.id)
            .exec();
    }
    return Status::success();
}

Status RemoteApplier::writeOne(const EntitySpec &spec, Record &merged, bool &isNew)
{
    // A record new on this device (the whole first sync) is one plain INSERT: no local row means no
    // pending local writes to keep and no search entry to replace.
    auto inserted = m_store.insertRowIfNew(spec, merged);
    if (!inserted)
        return inserted.error();
    isNew = inserted.value();
    if (isNew)
        return Status::success();
    QSet<QString> pending = Outbox(m_store).pendingFields(spec.name, merged.id);
    // Only a tombstone, or a record restored at some time (its deletion marker written after its
    // creation), can bring something this device must tell its user (issue 20).
    const bool maybeRestored
        = !merged.isDeleted() && merged.clocks.value(sys::Deleted) != merged.clocks.value(sys::CreatedAt);
    std::optional<Record> local;
    if (!pending.isEmpty() || merged.isDeleted() || maybeRestored)
        local = m_store.readRow(spec, merged.id);
    if (local && !pending.contains(sys::Deleted)) {
        if (Status s = noteDeletion(spec, *local, merged, pending); !s)
            return s;
    }
    if (!pending.isEmpty() && local) {
        for (const QString &field : pending) {
            merged.values.insert(field, local->values.value(field));
            merged.clocks.insert(field, local->clocks.value(field));
        }
    }
    // A tombstone keeps no content, whatever local writes are still waiting (the server refuses them).
    if (merged.isDeleted())
        Store::clearContent(spec, merged);
    return m_store.writeRow(spec, merged, false);
}

Status RemoteApplier::noteDeletion(
    const EntitySpec &spec, const Record &local, const Record &incoming, QSet<QString> &pending)
{
    DeletionConflicts conflicts(m_store);
    if (incoming.isDeleted() && !local.isDeleted()) {
        // A delete over edits of this device the server has not taken: unsent ones (pending), or
        // one it has just refused (a "deleted" dead letter; its tombstone is applied now); or over
        // edits it had taken, which the delete did not see: the server names this device on the
        // tombstone (deleted_over), and this copy still holds them.
        bool lost = !pending.isEmpty()
            || incoming.text(sys::DeletedOver).split(u' ', Qt::SkipEmptyParts).contains(m_store.deviceId());
        if (!lost) {
            Query q
                = m_store.database().query(QStringLiteral("SELECT 1 FROM dead_letters WHERE entity = ? AND "
                                                          "record_id = ? AND code = 'deleted' LIMIT 1"));
            q.bindAll(spec.name, local.id);
            lost = q.next();
            if (!q.ok())
                return q.error();
        }
        // A participant's delete also takes along its visits, tasks and employments this user edited.
        if (!lost && spec.name == u"participant")
            lost = conflicts.workOnChildren(local.id);
        if (!lost)
            return Status::success();
        pending.clear(); // moved to the dead letters by noteLostEdit: the tombstone applies whole
        return conflicts.noteLostEdit(spec, local, incoming);
    }
    if (!incoming.isDeleted() && !local.isDeleted()) {
        // A record restored after a delete this copy never saw (its deletion marker is older than that
        // delete's clock), whose restore wrote over this device's accepted edits: the server still names
        // this device (deleted_over, with the delete's clock), and this copy still holds them.
        const QString deleteClock = incoming.clocks.value(sys::DeletedOver);
        if (deleteClock.isEmpty() || local.clocks.value(sys::Deleted) >= deleteClock
            || !incoming.text(sys::DeletedOver).split(u' ', Qt::SkipEmptyParts).contains(m_store.deviceId()))
            return Status::success();
        return conflicts.noteRestoredOver(spec, local, incoming, pending);
    }
    const Identity me = m_store.identity();
    // (One notice for a participant: not one more for each record its delete took along.)
    if (!incoming.isDeleted() && local.isDeleted() && !me.isLocal() && local.text(sys::UpdatedBy) == me.userId
        && local.text(sys::DeletedWith).isEmpty())
        return conflicts.noteRestored(incoming);
    return Status::success();
}

Status RemoteApplier::putAside(const Record &incoming, const QString &reason)
{
    // References only (type and id), never field values, in the log.
    qCWarning(lcCore) << "a record from the server was set aside:" << incoming.entity << incoming.id
                      << reason;
    m_hasSetAside = true;
    Status s = m_store.database()
                   .query(QStringLiteral("INSERT INTO set_aside(entity, id, reason, set_aside_at)"
                                         " VALUES (?, ?, ?, ?) ON CONFLICT(entity, id) DO UPDATE SET"
                                         " reason = excluded.reason, set_aside_at = excluded.set_aside_at"))
                   .bindAll(incoming.entity.left(64), incoming.id.left(64), reason.left(500),
                       m_store.clock().now().toString(Qt::ISODate))
                   .exec();
    return s;
}

QList<RemoteApplier::SetAside> RemoteApplier::setAside(Store &store)
{
    QList<SetAside> out;
    Query q = store.database().query(QStringLiteral(
        "SELECT entity, id, reason, set_aside_at FROM set_aside ORDER BY set_aside_at, entity, id"));
    while (q.next())
        out.append({q.text(0), q.text(1), q.text(2), q.text(3)});
    return out;
}

Status RemoteApplier::dropOne(const RecordRef &ref)
{
    const EntitySpec *spec = Schema::instance().entity(ref.entity);
    if (!spec)
        return makeError(ErrorCode::Protocol, QStringLiteral("unknown record type from server"));
    auto local = m_store.readRow(*spec, ref.id);
    if (!local)
        return Status::success();
    // Access is gone: the record leaves the device together with any unsent writes to it.
    if (Status s = DeletionConflicts(m_store).forgetRecord(ref.entity, ref.id); !s)
        return s;
    Status s = m_store.database()
                   .query(QStringLiteral("DELETE FROM outbox WHERE entity = ? AND record_id = ?"))
                   .bindAll(ref.entity, ref.id)
                   .exec();
    if (!s)
        return s;
    return m_store.deleteRow(*spec, *local);
}

Status RemoteApplier::beginResync()
{
    Transaction txn(m_store.database());
    if (Status s = m_store.database().exec(QStringLiteral("DELETE FROM resync_seen")); !s)
        return s;
    if (Status s = m_store.setMeta(MetaResync, QStringLiteral("1")); !s)
        return s;
    return txn.commit();
}

bool RemoteApplier::resyncInProgress()
{
    return m_store.meta(MetaResync) == u"1";
}

Status RemoteApplier::finishResync()
{
    // Without a running re-sync, resync_seen says nothing about what the server has.
    if (!resyncInProgress())
        return makeError(ErrorCode::Invalid, QStringLiteral("no re-sync in progress"));
    Database &db = m_store.database();
    Transaction txn(db);
    if (!txn.ok())
        return txn.status();
    qint64 removed = 0;
    for (const EntitySpec &spec : Schema::instance().entities()) {
        QList<Record> stale;
        {
            Query q = db.query(
                QStringLiteral("SELECT id FROM %1 t WHERE NOT EXISTS (SELECT 1 FROM resync_seen s"
                               " WHERE s.entity = ?1 AND s.id = t.id) AND NOT EXISTS (SELECT 1 FROM outbox o"
                               " WHERE o.entity = ?1 AND o.record_id = t.id)")
                    .arg(spec.table));
            q.bind(1, spec.name);
            while (q.next()) {
                if (auto r = m_store.readRow(spec, q.text(0)))
                    stale.append(*r);
            }
            if (!q.ok())
                return q.error();
        }
        for (const Record &r : std::as_const(stale)) {
            if (Status s = m_store.deleteRow(spec, r); !s)
                return s;
            ++removed;
        }
    }
    if (Status s = db.exec(QStringLiteral("DELETE FROM resync_seen")); !s)
        return s;
    if (Status s = m_store.setMeta(MetaResync, QStringLiteral("0")); !s)
        return s;
    if (Status s = txn.commit(); !s)
        return s;
    qCInfo(lcCore) << "re-sync finished; records no longer on the server removed:" << removed;
    m_store.notifyRemoteApplied({});
    return Status::success();
}

} // namespace feltnotat
