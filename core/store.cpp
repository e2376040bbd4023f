#include "store.h"

#include "idsource.h"
#include "logging.h"
#include "migrations.h"
#include "plainmigration.h"
#include "searchrank.h"
#include "validation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>

namespace feltnotat {

namespace {

QVariant columnValue(const Query &q, int column, const FieldSpec &f)
{
    if (q.isNull(column))
        return QVariant();
    switch (f.type) {
    case FieldType::Bool:
        return QVariant(q.int64(column) != 0);
    case FieldType::Integer:
        return QVariant(q.int64(column));
    case FieldType::Real:
        return QVariant(q.real(column));
    default:
        return QVariant(q.text(column));
    }
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    const bool an = !a.isValid() || a.isNull();
    const bool bn = !b.isValid() || b.isNull();
    if (an || bn)
        return an == bn;
    return a == b;
}

const QString MetaDeviceId = QStringLiteral("device_id");
const QString MetaHlc = QStringLiteral("hlc");
const QString MetaUser = QStringLiteral("user_id");
const QString MetaTeam = QStringLiteral("team_id");
const QString MetaUserName = QStringLiteral("user_name");

} // namespace

Store::Store(std::unique_ptr<Database> db, const StoreOptions &options, const QString &deviceId)
    : m_db(std::move(db))
    , m_options(options)
    , m_clock(options.clock ? options.clock : SystemClock::instance())
    , m_deviceId(deviceId)
    , m_hlc(m_clock, deviceId)
    , m_search(*m_db)
{ }

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const QString &path, const StoreOptions &options)
{
    if (options.key) {
        if (Status s = plainmigration::encryptInPlace(path, options.key); !s)
            return s.error();
    }
    auto db = Database::open(path, options.durability, options.key);
    if (!db)
        return db.error();
    if (Status s = registerSearchRank(db.value()->handle()); !s)
        return s.error();
    if (Status s = migrations::upgrade(*db.value()); !s)
        return s.error();

    // The device id is made once, on first open, and names this installation in every push.
    Database &d = *db.value();
    QString deviceId;
    {
        Query q = d.query(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
        q.bind(1, MetaDeviceId);
        if (q.next())
            deviceId = q.text(0);
    }
    if (deviceId.isEmpty()) {
        deviceId = IdSource::current().newRandomUuid();
        Status s = d.query(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"))
                       .bindAll(MetaDeviceId, deviceId)
                       .exec();
        if (!s)
            return s.error();
    }
    std::unique_ptr<Store> store(new Store(std::move(db).value(), options, deviceId));
    if (auto last = Hlc::parse(store->meta(MetaHlc)))
        store->m_hlc.restore(*last);
    const QString user = store->meta(MetaUser);
    if (user.isEmpty())
        store->m_identity = Identity::local();
    else
        store->m_identity = Identity {user, store->meta(MetaTeam), store->meta(MetaUserName)};
    return store;
}

Status Store::setIdentity(const Identity &identity)
{
    Transaction txn(*m_db);
    for (const auto &[key, value] : {std::pair {MetaUser, identity.userId},
             std::pair {MetaTeam, identity.teamId}, std::pair {MetaUserName, identity.userName}}) {
        if (Status s = setMeta(key, value); !s)
            return s;
    }
    if (Status s = txn.commit(); !s)
        return s;
    m_identity = identity;
    Q_EMIT identityChanged();
    return Status::success();
}

Status Store::adoptLocalRecords()
{
    if (m_identity.isLocal())
        return Status::success();
    // Nothing written before the first login has reached a server yet, so the records and their
    // queued mutations are rewritten in place: the team and authorship become the user's.
    Transaction txn(*m_db);
    if (!txn.ok())
        return txn.status();
    const QString local = Identity::local().userId;
    for (const EntitySpec &spec : Schema::instance().entities()) {
        Status s = m_db->query(QStringLiteral(
                                   "UPDATE %1 SET team = ?1,"
                                   " created_by = CASE WHEN created_by = ?3 THEN ?2 ELSE created_by END,"
                                   " updated_by = CASE WHEN updated_by = ?3 THEN ?2 ELSE updated_by END"
                                   " WHERE team = ?3")
                                   .arg(spec.table))
                       .bindAll(m_identity.teamId, m_identity.userId, local)
                       .exec();
        if (!s)
            return s;
    }
    QList<QPair<qint64, QString>> rewritten;
    {
        Query q = m_db->query(QStringLiteral("SELECT seq, fields FROM outbox"));
        while (q.next()) {
            QJsonObject fields = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
            bool changed = false;
            for (const auto &[field, value] :
                {std::pair {sys::Team, m_identity.teamId}, std::pair {sys::CreatedBy, m_identity.userId},
                    std::pair {sys::UpdatedBy, m_identity.userId}}) {
                QJsonArray change = fields.value(field).toArray();
                if (!change.isEmpty() && change.at(0).toString() == local) {
                    change.replace(0, value);
                    fields.insert(field, change);
                    changed = true;
                }
            }
            if (changed)
                rewritten.append(
                    {q.int64(0), QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact))});
        }
        if (!q.ok())
            return q.error();
    }
    for (const auto &[seq, fields] : std::as_const(rewritten)) {
        Status s = m_db->query(QStringLiteral("UPDATE outbox SET fields = ? WHERE seq = ?"))
                       .bindAll(fields, seq)
                       .exec();
        if (!s)
            return s;
    }
    return txn.commit();
}

QString Store::meta(const QString &key)
{
    Query q = m_db->query(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.bind(1, key);
    return q.next() ? q.text(0) : QString();
}

Status Store::setMeta(const QString &key, const QString &value)
{
    return m_db
        ->query(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?)"
                               " ON CONFLICT(key) DO UPDATE SET value = excluded.value"))
        .bindAll(key, value)
        .exec();
}

const Store::EntitySql &Store::sqlFor(const EntitySpec &spec)
{
    auto it = m_sql.find(spec.name);
    if (it != m_sql.end())
        return *it;
    QStringList columns;
    QStringList placeholders;
    QStringList updates;
    for (const FieldSpec &f : spec.fields) {
        columns << f.name;
        placeholders << QStringLiteral("?");
        updates << f.name + QStringLiteral(" = excluded.") + f.name;
    }
    EntitySql sql;
    const auto own = [&spec](const QString &name) {
        const FieldSpec *f = spec.field(name);
        return f ? f->name : name;
    };
    sql.team = own(sys::Team);
    sql.createdBy = own(sys::CreatedBy);
    sql.createdAt = own(sys::CreatedAt);
    sql.deleted = own(sys::Deleted);
    sql.updatedBy = own(sys::UpdatedBy);
    sql.updatedAt = own(sys::UpdatedAt);
    sql.select = selectColumns(spec) + QStringLiteral(" WHERE id = ?");
    sql.deletedOf = QStringLiteral("SELECT deleted FROM %1 WHERE id = ?").arg(spec.table);
    sql.upsert = QStringLiteral("INSERT INTO %1 (id, clocks, %2) VALUES (?, ?, %3)"
                                " ON CONFLICT(id) DO UPDATE SET clocks = excluded.clocks, %4 RETURNING rid")
                     .arg(spec.table, columns.join(u", "), placeholders.join(u", "), updates.join(u", "));
    // For rows new on this device: no RETURNING, the rid is the last insert rowid.
    sql.insertNew
        = QStringLiteral("INSERT INTO %1 (id, clocks, %2) VALUES (?, ?, %3) ON CONFLICT(id) DO NOTHING")
              .arg(spec.table, columns.join(u", "), placeholders.join(u", "));
    return *m_sql.insert(spec.name, sql);
}

QString Store::selectColumns(const EntitySpec &spec)
{
    QStringList columns;
    for (const FieldSpec &f : spec.fields)
        columns << f.name;
    return QStringLiteral("SELECT rid, id, clocks, %1 FROM %2").arg(columns.join(u", "), spec.table);
}

Status Store::saveClock()
{
    return setMeta(MetaHlc, m_hlc.last().toString());
}

Record Store::recordFromQuery(const EntitySpec &spec, const Query &q)
{
    Record r;
    r.entity = spec.name;
    r.rid = q.int64(0);
    r.id = q.text(1);
    r.clocks = clocksFromJson(q.utf8(2));
    for (qsizetype i = 0; i < spec.fields.size(); ++i) {
        const FieldSpec &f = spec.fields.at(i);
        const QVariant v = columnValue(q, int(i) + 3, f);
        if (v.isValid())
            r.values.insert(f.name, v);
    }
    return r;
}

std::optional<Record> Store::readRow(const EntitySpec &spec, const QString &id)
{
    Query q = m_db->query(sqlFor(spec).select);
    q.bind(1, id);
    if (!q.next())
        return std::nullopt;
    return recordFromQuery(spec, q);
}

namespace {
// id, clocks and the spec's fields, in the column order of the statements of sqlFor().
void bindRow(Query &q, const EntitySpec &spec, const Record &record)
{
    q.bind(1, record.id);
    q.bindText(2, QByteArrayView(clocksToJson(spec, record.clocks)));
    // Each value bound at its field's column; fields the record lacks stay NULL (a Query starts with
    // every parameter NULL). Walking the hash saves looking up every field name in it.
    for (auto it = record.values.cbegin(); it != record.values.cend(); ++it) {
        const qsizetype i = spec.indexOfName(it.key());
        if (i >= 0)
            q.bind(int(i) + 3, it.value());
    }
}
} // namespace

Status Store::writeRow(const EntitySpec &spec, Record &record, bool updateSearch)
{
    Query q = m_db->query(sqlFor(spec).upsert);
    bindRow(q, spec, record);
    if (!q.next())
        return q.ok() ? makeError(ErrorCode::Database, QStringLiteral("upsert returned no row")) : q.error();
    record.rid = q.int64(0);
    return updateSearch ? m_search.update(spec, record.rid, record.values) : Status::success();
}

Result<bool> Store::insertRowIfNew(const EntitySpec &spec, Record &record)
{
    Query q = m_db->query(sqlFor(spec).insertNew);
    bindRow(q, spec, record);
    if (Status s = q.exec(); !s)
        return s.error();
    if (m_db->changes() == 0)
        return false; // the id exists: the caller merges and upserts
    record.rid = m_db->lastInsertRowId();
    return true;
}

Status Store::deleteRow(const EntitySpec &spec, const Record &record)
{
    if (Status s = m_search.remove(spec, record.rid); !s)
        return s;
    return m_db->query(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(spec.table))
        .bind(1, record.id)
        .exec();
}

void Store::notifyRemoteApplied(const QStringList &entities)
{
    Q_EMIT remoteApplied(entities);
}

std::optional<Record> Store::get(const QString &entity, const QString &id, bool includeDeleted)
{
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return std::nullopt;
    auto r = readRow(*spec, id);
    if (!r || (!includeDeleted && r->isDeleted()))
        return std::nullopt;
    return r;
}

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

namespace {
const QString ParticipantEntity = QStringLiteral("participant");
} // namespace

Status Store::remove(const QString &entity, const QString &id)
{
    Transaction txn(*m_db);
    if (!txn.ok())
        return txn.status();
    const QList<Record> children = entity == ParticipantEntity ? childrenOf(id, false) : QList<Record>();
    auto r = write(entity, id, {{sys::Deleted, true}}, WriteKind::Delete);
    if (!r)
        return r.error();
    for (const Record &child : children) {
        auto c = write(
            child.entity, child.id, {{sys::Deleted, true}, {sys::DeletedWith, id}}, WriteKind::Delete);
        if (!c)
            return c.error();
    }
    return txn.commit();
}

Result<Record> Store::restore(const QString &entity, const QString &id, const QVariantHash &content,
    const QHash<QString, QVariantHash> &children)
{
    Transaction txn(*m_db);
    if (!txn.ok())
        return txn.status().error();
    QVariantHash changes = content;
    changes.insert(sys::Deleted, false);
    auto r = write(entity, id, changes, WriteKind::Restore);
    if (!r)
        return r;
    if (entity == ParticipantEntity) {
        for (const Record &child : childrenOf(id, true)) {
            const auto held = children.constFind(child.id);
            if (held == children.cend())
                continue;
            QVariantHash childChanges = *held;
            childChanges.insert(sys::Deleted, false);
            childChanges.insert(sys::DeletedWith, QVariant());
            auto c = write(child.entity, child.id, childChanges, WriteKind::Restore);
            if (!c)
                return c.error();
        }
    }
    if (Status s = txn.commit(); !s)
        return s.error();
    return r;
}

QList<Record> Store::childrenOf(const QString &participantId, bool tookAlong)
{
    QList<Record> out;
    for (const QString &entity :
        {QStringLiteral("encounter"), QStringLiteral("task"), QStringLiteral("employment")}) {
        const EntitySpec *spec = Schema::instance().entity(entity);
        Query q = m_db->query(QStringLiteral("SELECT id FROM %1 WHERE participant_id = ?1 AND %2")
                                  .arg(spec->table,
                                      tookAlong ? QStringLiteral("deleted = 1 AND deleted_with = ?1")
                                                : QStringLiteral("deleted = 0")));
        q.bind(1, participantId);
        QStringList ids;
        while (q.next())
            ids << q.text(0);
        for (const QString &childId : std::as_const(ids)) {
            if (auto r = readRow(*spec, childId))
                out.append(*r);
        }
    }
    return out;
}

QVariantHash Store::contentOf(const Record &record)
{
    QVariantHash content;
    if (const EntitySpec *spec = Schema::instance().entity(record.entity)) {
        for (const FieldSpec &f : spec->fields) {
            const QVariant v = record.values.value(f.name);
            if (!f.system && v.isValid() && !v.isNull())
                content.insert(f.name, v);
        }
    }
    return content;
}

Status Store::checkReferences(const EntitySpec &spec, const QVariantHash &changed)
{
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        const FieldSpec *f = spec.field(it.key());
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
        for (const FieldSpec &f : spec->fields) {
            const QVariant v = normalized.value(f.name, f.defaultValue);
            if (v.isValid() && !v.isNull())
                changed.insert(f.name, v);
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
    const QString clockText = clock.toString();
    mutation.changes.reserve(changed.size());
    for (auto it = changed.begin(); it != changed.end(); ++it) {
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
    auto seq = appendOutbox(mutation, *spec);
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

void Store::beginBulk()
{
    m_bulk = true;
    m_bulkBroken.reset();
    m_deferredSearch.clear();
    m_deferredClock.clear();
}

Status Store::endBulk()
{
    m_bulk = false;
    QList<DeferredSearch> pending;
    pending.swap(m_deferredSearch);
    if (m_bulkBroken) {
        m_deferredClock.clear();
        return *std::exchange(m_bulkBroken, std::nullopt);
    }
    std::stable_sort(pending.begin(), pending.end(), [](const DeferredSearch &a, const DeferredSearch &b) {
        return SearchIndex::rowIdFor(*a.spec, a.rid) < SearchIndex::rowIdFor(*b.spec, b.rid);
    });
    for (const DeferredSearch &d : std::as_const(pending)) {
        if (Status s = m_search.insert(*d.spec, d.rid, d.values); !s)
            return s;
    }
    if (m_deferredClock.isEmpty())
        return Status::success();
    const QString clock = std::exchange(m_deferredClock, QString());
    return setMeta(MetaHlc, clock);
}

void Store::clearContent(const EntitySpec &spec, Record &record)
{
    for (const FieldSpec &f : spec.fields) {
        if (!f.system && f.type != FieldType::Ref && record.values.contains(f.name))
            record.values.insert(f.name, QVariant());
    }
}

Result<qint64> Store::appendOutbox(const Mutation &mutation, const EntitySpec &spec)
{
    const QByteArray fields = mutation.changesToJsonText(spec);
    Query q = m_db->query(
        QStringLiteral("INSERT INTO outbox(entity, record_id, fields, created_at) VALUES (?, ?, ?, ?)"));
    q.bindAll(mutation.entity, mutation.recordId);
    q.bindText(3, QByteArrayView(fields));
    q.bind(4, mutation.createdAt);
    if (Status s = q.exec(); !s)
        return s.error();
    return m_db->lastInsertRowId();
}

} // namespace feltnotat
