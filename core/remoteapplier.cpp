#include "remoteapplier.h"

#include "logging.h"
#include "outbox.h"
#include "store.h"

#include <QVarLengthArray>

#include <algorithm>

namespace feltnotat {

namespace {
const QString MetaResync = QStringLiteral("resync_in_progress");
}

RemoteApplier::RemoteApplier(Store &store)
    : m_store(store)
{ }

Status RemoteApplier::apply(
    const QList<Record> &records, const QList<RecordRef> &drops, const QHash<QString, QString> &meta)
{
    Database &db = m_store.database();
    Transaction txn(db);
    if (!txn.ok())
        return txn.status();
    const bool trackSeen = m_store.meta(MetaResync) == u"1";
    QStringList touched;
    QList<Written> written;
    written.reserve(records.size());
    for (const Record &r : records) {
        if (Status s = applyOne(r, trackSeen, written); !s)
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

Status RemoteApplier::applyOne(const Record &incoming, bool trackSeen, QList<Written> &written)
{
    const EntitySpec *spec = Schema::instance().entity(incoming.entity);
    if (!spec)
        return makeError(ErrorCode::Protocol, QStringLiteral("unknown record type from server"));
    if (!Schema::isValidId(incoming.id))
        return makeError(ErrorCode::Protocol, QStringLiteral("malformed record id from server"));
    // Each distinct clock is parsed once (the fields of one write share a clock); parsing every
    // field's clock twice was a tenth of the time of applying a pulled batch.
    QVarLengthArray<QStringView, 4> distinct;
    QVarLengthArray<Hlc, 4> clocks;
    for (auto it = incoming.clocks.cbegin(); it != incoming.clocks.cend(); ++it) {
        if (std::find(distinct.cbegin(), distinct.cend(), QStringView(it.value())) != distinct.cend())
            continue;
        auto h = Hlc::parse(it.value());
        if (!h)
            return makeError(ErrorCode::Protocol, QStringLiteral("malformed clock from server"));
        distinct << QStringView(it.value());
        clocks << *h;
    }
    // Later local writes must sort after what the server told us about.
    for (const Hlc &h : std::as_const(clocks))
        m_store.hlc().observe(h, m_store.options().maxClockAheadMs);
    Record merged = incoming;
    if (merged.values.contains(QString())) // (remove() would copy the hash even when the key is absent)
        merged.values.remove(QString()); // defensive: never a column without a name
    // A record new on this device (the whole first sync) is one plain INSERT: no local row means no
    // pending local writes to keep and no search entry to replace.
    auto inserted = m_store.insertRowIfNew(*spec, merged);
    if (!inserted)
        return inserted.error();
    if (!inserted.value()) {
        const QSet<QString> pending = Outbox(m_store).pendingFields(spec->name, incoming.id);
        if (!pending.isEmpty()) {
            if (auto local = m_store.readRow(*spec, incoming.id)) {
                for (const QString &field : pending) {
                    merged.values.insert(field, local->values.value(field));
                    merged.clocks.insert(field, local->clocks.value(field));
                }
            }
        }
        if (Status s = m_store.writeRow(*spec, merged, false); !s)
            return s;
    }
    written.append({merged, spec, inserted.value()});
    if (trackSeen) {
        return m_store.database()
            .query(QStringLiteral("INSERT OR IGNORE INTO resync_seen(entity, id) VALUES (?, ?)"))
            .bindAll(spec->name, merged.id)
            .exec();
    }
    return Status::success();
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
