// Store: local writes (create, update, and the deletes and restores of storeremove.cpp) with their rules,
// references, clocks and outbox entry.
#include "store.h"
#include "validation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat {

namespace {

bool sameValue(const QVariant &a, const QVariant &b)
{
    const bool an = !a.isValid() || a.isNull();
    const bool bn = !b.isValid() || b.isNull();
    if (an || bn)
        return an == bn;
    return a == b;
}

} // namespace

Result<Record> Store::create(const QString &entity, const QVariantHash &values)
{
    return write(entity, Schema::newId(), values, WriteKind::Create);
}

Result<Record> Store::createWithId(const QString &entity, const QString &id, const QVariantHash &values)
{
    if (Status s = checkNewId(entity, id); !s)
        return s.error();
    return write(entity, id, values, WriteKind::Create);
}

Result<QVariant> Store::normalizeNew(const EntitySpec &spec, const QString &field, const QVariant &value)
{
    return normalizeChange(spec, {}, field, value, WriteKind::Create, nullptr);
}

Result<Record> Store::createNormalized(
    const QString &entity, const QString &id, const QVariantHash &normalized)
{
    if (id.isEmpty())
        return write(entity, Schema::newId(), normalized, WriteKind::Create, true);
    if (Status s = checkNewId(entity, id); !s)
        return s.error();
    return write(entity, id, normalized, WriteKind::Create, true);
}

Status Store::checkNewId(const QString &entity, const QString &id)
{
    if (!Schema::isValidId(id))
        return makeError(ErrorCode::Invalid, QStringLiteral("malformed record id"));
    if (const EntitySpec *spec = Schema::instance().entity(entity); spec && readRow(*spec, id))
        return makeError(ErrorCode::Conflict, QStringLiteral("a record with this id exists"));
    return Status::success();
}

Result<Record> Store::update(const QString &entity, const QString &id, const QVariantHash &changes)
{
    return write(entity, id, changes, WriteKind::Update);
}

Status Store::checkReferences(const EntitySpec &spec, const QVariantHash &changed)
{
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        const qsizetype i = spec.indexOfName(it.key()); // the keys are the spec's own names: by pointer
        const FieldSpec *f = i < 0 ? nullptr : &spec.fields.at(i);
        // (deleted_with names a deleted participant: a system field, not checked)
        if (!f || f->system || f->type != FieldType::Ref || f->refEntity.isEmpty() || it.value().isNull())
            continue;
        const EntitySpec *target = Schema::instance().entity(f->refEntity);
        Query q = m_db->query(sqlFor(*target).deletedOf);
        q.bind(1, it.value().toString());
        if (!q.next() || q.int64(0) != 0)
            return makeError(ErrorCode::Invalid, tr("Fant ikke det valgte oppføringen."), f->name);
    }
    return Status::success();
}

Result<QVariant> Store::normalizeChange(const EntitySpec &spec, const QVariantHash &changes,
    const QString &field, const QVariant &value, WriteKind kind, const QString **name)
{
    const FieldSpec *f = spec.field(field);
    if (!f)
        return makeError(ErrorCode::Invalid, tr("Ukjent felt."), field);
    if (name)
        *name = &f->name;
    const bool allowedSystem = ((kind == WriteKind::Delete || kind == WriteKind::Restore)
                                   && (f->name == sys::Deleted || f->name == sys::DeletedWith))
        || (kind == WriteKind::Update && spec.name == u"participant" && f->name == sys::Team
            && changes.size() == 1);
    if (f->system && !allowedSystem)
        return makeError(ErrorCode::Invalid, tr("Feltet kan ikke endres."), field);
    return Schema::normalize(*f, value);
}

Result<Record> Store::write(const QString &entity, const QString &id, const QVariantHash &changes,
    WriteKind kind, bool normalizedAlready)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return makeError(ErrorCode::Invalid, QStringLiteral("unknown record type"));
    // Any other write in a bulk comes after the creates' outbox entries (a delete reads them).
    if (m_bulk && kind != WriteKind::Create && !m_deferredOutbox.isEmpty()) {
        if (Status s = writeDeferredOutbox(); !s) {
            m_bulkBroken = s.error();
            return s.error();
        }
    }

    // Normalise every given value first: nothing is written unless all of them are valid.
    QVariantHash normalized;
    if (normalizedAlready && kind == WriteKind::Create) {
        normalized = changes;
    } else {
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            const QString *name = nullptr;
            auto v = normalizeChange(*spec, changes, it.key(), it.value(), kind, &name);
            if (!v)
                return v.error();
            normalized.insert(*name, v.value()); // the spec's name: found by pointer (indexOfName)
        }
    }

    // A create in a bulk writes in the caller's transaction without a savepoint of its own (with one, SQLite
    // copied every page a row touched into its statement journal): every check below comes before the
    // first write, so only a failing database can stop such a create halfway, and that breaks the bulk
    // (endBulk() fails, the caller's transaction rolls back) instead of leaving half a record.
    const bool bulkCreate = m_bulk && kind == WriteKind::Create && m_db->inTransaction();
    if (bulkCreate && m_bulkBroken)
        return *m_bulkBroken;
    std::optional<Transaction> txn;
    if (!bulkCreate) {
        txn.emplace(*m_db);
        if (!txn->ok())
            return txn->status().error();
    }

    Record record;
    if (kind == WriteKind::Create) {
        record.entity = spec->name;
        record.id = id; // defaults are filled in below, unless the changes clear them explicitly
    } else {
        auto existing = readRow(*spec, id);
        if (!existing || existing->isDeleted() != (kind == WriteKind::Restore))
            return makeError(ErrorCode::NotFound, tr("Oppføringen finnes ikke."));
        record = *existing;
    }

    QVariantHash changed;
    if (kind == WriteKind::Create) {
        // The given values, then the defaults of the fields not given (a value given as empty clears its
        // default). Keyed by the spec's own names (found by pointer later); a name the spec lacks is left
        // out.
        changed.reserve(normalized.size() + 8);
        for (auto it = normalized.cbegin(); it != normalized.cend(); ++it) {
            const qsizetype i = spec->indexOfName(it.key());
            if (i >= 0 && it.value().isValid() && !it.value().isNull())
                changed.insert(spec->fields.at(i).name, it.value());
        }
        for (const FieldSpec &f : spec->fields) {
            if (f.defaultValue.isValid() && !f.defaultValue.isNull() && !normalized.contains(f.name))
                changed.insert(f.name, f.defaultValue);
        }
    } else {
        for (auto it = normalized.begin(); it != normalized.end(); ++it) {
            if (!sameValue(record.values.value(it.key()), it.value()))
                changed.insert(it.key(), it.value());
        }
    }
    if (changed.isEmpty())
        return record; // nothing to do: no outbox entry for a write that changes nothing
    const QDateTime nowTime = m_clock->now();
    if (spec->localRules && (kind == WriteKind::Create || kind == WriteKind::Update)) {
        LocalWrite rules {kind == WriteKind::Create, record.values, normalized, changed, nowTime};
        if (Status s = spec->localRules(rules); !s)
            return s.error();
        if (changed.isEmpty())
            return record;
    }

    if (Status s = checkReferences(*spec, changed); !s)
        return s.error();
    const QString now = timestampText(nowTime);
    const EntitySql &names = sqlFor(*spec);
    if (kind == WriteKind::Create) {
        changed.insert(names.team, m_identity.teamId);
        changed.insert(names.createdBy, m_identity.userId);
        changed.insert(names.createdAt, now);
        changed.insert(names.deleted, false);
    }
    changed.insert(names.updatedBy, m_identity.userId);
    changed.insert(names.updatedAt, now);
    if (kind == WriteKind::Create) {
        record.values = changed; // a new record has nothing else (shared, not copied)
    } else {
        for (auto it = changed.begin(); it != changed.end(); ++it)
            record.values.insert(it.key(), it.value());
    }
    if (kind == WriteKind::Delete)
        clearContent(*spec, record); // the server does the same when the delete arrives
    if (Status s = Schema::checkRecord(*spec, record.values); !s && kind != WriteKind::Delete)
        return s.error();

    // What a delete saw is its base of updated_at (docs/sync-protocol.md): the newest write of the copy
    // as the server last gave it, not this device's own writes still waiting in the queue (their clocks
    // would cover colleagues' writes the copy never held).
    QString updatedAtBase = record.clocks.value(sys::UpdatedAt);
    if (kind == WriteKind::Delete) {
        Query q = m_db->query(QStringLiteral(
            "SELECT fields FROM outbox WHERE entity = ? AND record_id = ? ORDER BY seq LIMIT 1"));
        q.bindAll(spec->name, record.id);
        if (q.next()) {
            const QJsonArray first
                = QJsonDocument::fromJson(q.text(0).toUtf8()).object().value(sys::UpdatedAt).toArray();
            if (!first.isEmpty())
                updatedAtBase = first.at(2).toString();
        }
    }

    const Hlc clock = m_hlc.now();

    Mutation mutation;
    mutation.entity = spec->name;
    mutation.recordId = record.id;
    mutation.createdAt = now;
    if (kind == WriteKind::Delete)
        mutation.seen = meta(MetaSeenCursor); // what the delete saw, in the server's order
    const QString clockText = clock.toString();
    mutation.changes.reserve(changed.size());
    if (kind == WriteKind::Create)
        record.clocks.reserve(changed.size());
    // (const iteration: `changed` shares its data with record.values, a non-const begin() would copy it)
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        const QString base = it.key() == sys::UpdatedAt ? updatedAtBase : record.clocks.value(it.key());
        mutation.changes.append(FieldChange {it.key(), it.value(), clockText, base});
        record.clocks.insert(it.key(), clockText);
    }

    const bool deferred = m_bulk && kind == WriteKind::Create;
    if (kind == WriteKind::Create) {
        // A plain INSERT: an upsert's RETURNING opened a temporary table for every row.
        auto inserted = insertRowIfNew(*spec, record);
        if (!inserted)
            return inserted.error();
        if (!inserted.value()) // nothing written
            return makeError(ErrorCode::Conflict, QStringLiteral("a record with this id exists"));
        if (!deferred) {
            if (Status s = m_search.insert(*spec, record.rid, record.values); !s)
                return s.error();
        }
    } else if (Status s = writeRow(*spec, record); !s) {
        return s.error();
    }
    // In a bulk, inside the caller's transaction, the outbox entry waits for endBulk(), which writes the
    // entries of many creates with one statement each (in the order of the writes, so in seq order).
    auto seq = bulkCreate ? Result<qint64>(qint64(0)) : appendOutbox(mutation, *spec);
    if (bulkCreate)
        m_deferredOutbox.append({spec->name, record.id, mutation.changesToJsonText(*spec), now});
    if (!seq) {
        if (bulkCreate)
            m_bulkBroken = seq.error(); // the row is written, its outbox entry is not
        return seq.error();
    }
    if (deferred) {
        m_deferredClock = clockText;
    } else if (Status s = setMeta(MetaHlc, clockText); !s) {
        return s.error();
    }
    if (txn) {
        if (Status s = txn->commit(); !s)
            return s.error();
    }
    if (deferred)
        m_deferredSearch.append({spec, record.rid, record.values});

    Q_EMIT recordChanged(spec->name, record.id);
    Q_EMIT localWrite();
    return record;
}

QString Store::timestampText(const QDateTime &time)
{
    // The text has whole seconds: made once a second, not for every write of an import.
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (second != m_timestampSecond || m_timestampText.isEmpty()) {
        m_timestampText = validation::formatDateTime(time);
        m_timestampSecond = second;
    }
    return m_timestampText;
}

namespace {
const QString OutboxInsert
    = QStringLiteral("INSERT INTO outbox(entity, record_id, fields, created_at) VALUES (?, ?, ?, ?)");
// A delete's entry also keeps what it saw (Mutation::seen).
const QString OutboxInsertSeen = QStringLiteral(
    "INSERT INTO outbox(entity, record_id, fields, created_at, seen) VALUES (?, ?, ?, ?, ?)");
} // namespace

Result<qint64> Store::appendOutbox(const Mutation &mutation, const EntitySpec &spec)
{
    const QByteArray fields = mutation.changesToJsonText(spec);
    Query q = m_db->query(mutation.seen.isEmpty() ? OutboxInsert : OutboxInsertSeen);
    q.bindAll(mutation.entity, mutation.recordId);
    q.bindText(3, QByteArrayView(fields));
    q.bind(4, mutation.createdAt);
    if (!mutation.seen.isEmpty())
        q.bind(5, mutation.seen);
    if (Status s = q.exec(); !s)
        return s.error();
    return m_db->lastInsertRowId();
}

Status Store::writeDeferredOutbox()
{
    // Rows in groups of RowsPerInsert, one INSERT each: the table's AUTOINCREMENT counter
    // (sqlite_sequence) is written once per statement, and the statement's own work once per group.
    constexpr int RowsPerInsert = 64;
    static const QString many = [] {
        QString sql = OutboxInsert;
        for (int i = 1; i < RowsPerInsert; ++i)
            sql += QStringLiteral(", (?, ?, ?, ?)");
        return sql;
    }();
    QList<DeferredOutbox> pending;
    pending.swap(m_deferredOutbox);
    qsizetype next = 0;
    while (next < pending.size()) {
        const int rows = pending.size() - next >= RowsPerInsert ? RowsPerInsert : 1;
        Query q = m_db->query(rows == 1 ? OutboxInsert : many);
        for (int r = 0; r < rows; ++r, ++next) {
            const DeferredOutbox &o = pending.at(next);
            q.bind(4 * r + 1, o.entity);
            q.bind(4 * r + 2, o.recordId);
            q.bindText(4 * r + 3, QByteArrayView(o.fields));
            q.bind(4 * r + 4, o.createdAt);
        }
        if (Status s = q.exec(); !s)
            return s;
    }
    return Status::success();
}
} // namespace feltnotat
