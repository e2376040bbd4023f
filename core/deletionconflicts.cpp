#include "deletionconflicts.h"

#include "database.h"
#include "hlc.h"
#include "logging.h"
#include "outbox.h"
#include "store.h"
#include "validation.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <tuple>

namespace feltnotat {

namespace {

const QString Columns = QStringLiteral(
    "id, kind, entity, record_id, participant_id, by_user, happened_at, snapshot, created_at");

// When a write happened, from its clock; empty for a clock that does not parse.
QString timeOf(const QString &clock)
{
    const auto hlc = Hlc::parse(clock);
    return hlc ? validation::formatDateTime(QDateTime::fromMSecsSinceEpoch(hlc->wallMs, Qt::UTC)) : QString();
}

QString participantOf(const Record &r)
{
    return r.entity == u"participant" ? r.id : r.text(QStringLiteral("participant_id"));
}

const QString ParticipantEntity = QStringLiteral("participant");
// In a participant's snapshot: the records that went with it (JSON field names never start with "_").
const QString ChildrenKey = QStringLiteral("_children");

QJsonObject contentJson(const EntitySpec &spec, const QVariantHash &values)
{
    QJsonObject o;
    for (const FieldSpec &f : spec.fields) {
        const QVariant v = values.value(f.name);
        if (!f.system && v.isValid() && !v.isNull())
            o.insert(f.name, Schema::toJson(f, v));
    }
    return o;
}

QVariantHash contentValues(const EntitySpec &spec, const QJsonObject &o)
{
    QVariantHash values;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const FieldSpec *f = spec.field(it.key());
        if (!f || f->system)
            continue;
        if (auto v = Schema::fromJson(*f, it.value()); v && !v.value().isNull())
            values.insert(f->name, v.value());
    }
    return values;
}

QByteArray snapshotJson(const EntitySpec &spec, const DeletionConflict &entry)
{
    QJsonObject o = contentJson(spec, entry.snapshot);
    QJsonObject children;
    for (auto it = entry.children.cbegin(); it != entry.children.cend(); ++it) {
        if (const EntitySpec *childSpec = Schema::instance().entity(it->entity))
            children.insert(it.key(),
                QJsonObject {{QStringLiteral("entity"), it->entity},
                    {QStringLiteral("values"), contentJson(*childSpec, it->values)}});
    }
    if (!children.isEmpty())
        o.insert(ChildrenKey, children);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void readSnapshot(DeletionConflict &c, const QString &json)
{
    const EntitySpec *spec = Schema::instance().entity(c.entity);
    if (!spec)
        return;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    c.snapshot = contentValues(*spec, o);
    const QJsonObject children = o.value(ChildrenKey).toObject();
    for (auto it = children.begin(); it != children.end(); ++it) {
        const QJsonObject child = it.value().toObject();
        const QString entity = child.value(QStringLiteral("entity")).toString();
        if (const EntitySpec *childSpec = Schema::instance().entity(entity))
            c.children.insert(it.key(),
                {entity, contentValues(*childSpec, child.value(QStringLiteral("values")).toObject())});
    }
}

// An entry about `record` (the tombstone, or the restored record): who wrote its deletion marker, when.
DeletionConflict entryFor(DeletionConflict::Kind kind, const Record &record)
{
    DeletionConflict c;
    c.id = Schema::newId();
    c.kind = kind;
    c.entity = record.entity;
    c.recordId = record.id;
    c.participantId = participantOf(record);
    c.by = record.text(sys::UpdatedBy);
    c.happenedAt = timeOf(record.clocks.value(sys::Deleted));
    return c;
}

DeletionConflict fromRow(const Query &q)
{
    DeletionConflict c;
    c.id = q.text(0);
    c.kind = q.text(1) == u"restored" ? DeletionConflict::Kind::Restored : DeletionConflict::Kind::LostEdit;
    c.entity = q.text(2);
    c.recordId = q.text(3);
    c.participantId = q.text(4);
    c.by = q.text(5);
    c.happenedAt = q.text(6);
    readSnapshot(c, q.text(7));
    c.createdAt = q.text(8);
    return c;
}

} // namespace

QList<std::pair<QString, DeletionConflict::Child>> DeletionConflict::childrenInOrder() const
{
    const auto key = [](const std::pair<QString, Child> &c) {
        const QString &childEntity = c.second.entity;
        const int order = childEntity == u"encounter" ? 0 : childEntity == u"task" ? 1 : 2;
        QString date;
        for (const char *field : {"starts_at", "due_date", "start_date"}) {
            if (date.isEmpty())
                date = c.second.values.value(QString::fromLatin1(field)).toString();
        }
        return std::tuple(order, date, c.first);
    };
    QList<std::pair<QString, Child>> out;
    for (auto it = children.cbegin(); it != children.cend(); ++it)
        out.append({it.key(), it.value()});
    std::sort(out.begin(), out.end(), [&](const auto &a, const auto &b) { return key(a) < key(b); });
    return out;
}

int DeletionConflict::childCount(QStringView childEntity) const
{
    return int(std::count_if(
        children.cbegin(), children.cend(), [&](const Child &c) { return c.entity == childEntity; }));
}

DeletionConflicts::DeletionConflicts(Store &store)
    : m_store(store)
{ }

QString DeletionConflicts::kindName(DeletionConflict::Kind kind)
{
    return kind == DeletionConflict::Kind::Restored ? QStringLiteral("restored") : QStringLiteral("deleted");
}

QList<DeletionConflict> DeletionConflicts::open()
{
    QList<DeletionConflict> out;
    Query q = m_store.database().query(
        QStringLiteral("SELECT %1 FROM deletion_conflicts ORDER BY created_at DESC, id").arg(Columns));
    while (q.next())
        out.append(fromRow(q));
    return out;
}

qint64 DeletionConflicts::openCount()
{
    auto n = m_store.database().scalar(QStringLiteral("SELECT count(*) FROM deletion_conflicts"));
    return n ? n.value() : 0;
}

std::optional<DeletionConflict> DeletionConflicts::get(const QString &id)
{
    Query q = m_store.database().query(
        QStringLiteral("SELECT %1 FROM deletion_conflicts WHERE id = ?").arg(Columns));
    q.bind(1, id);
    if (!q.next())
        return std::nullopt;
    return fromRow(q);
}

Status DeletionConflicts::insert(const DeletionConflict &entry)
{
    const EntitySpec *spec = Schema::instance().entity(entry.entity);
    return m_store.database()
        .query(QStringLiteral("INSERT INTO deletion_conflicts(%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                   .arg(Columns))
        .bindAll(entry.id, kindName(entry.kind), entry.entity, entry.recordId, entry.participantId, entry.by,
            entry.happenedAt,
            entry.kind == DeletionConflict::Kind::LostEdit && spec
                ? QString::fromUtf8(snapshotJson(*spec, entry))
                : QString(),
            validation::formatDateTime(m_store.clock().now()))
        .exec();
}

QList<DeletionConflict> DeletionConflicts::takenAlongEntries(const QString &participantId)
{
    QList<DeletionConflict> out;
    {
        Query q = m_store.database().query(QStringLiteral("SELECT %1 FROM deletion_conflicts WHERE kind = "
                                                          "'deleted' AND participant_id = ? AND entity <> ?")
                                               .arg(Columns));
        q.bindAll(participantId, ParticipantEntity);
        while (q.next())
            out.append(fromRow(q));
    }
    out.removeIf([&](const DeletionConflict &c) {
        const EntitySpec *spec = Schema::instance().entity(c.entity);
        const auto row = spec ? m_store.readRow(*spec, c.recordId) : std::nullopt;
        return !row || !row->isDeleted() || row->text(sys::DeletedWith) != participantId;
    });
    return out;
}

bool DeletionConflicts::workOnChildren(const QString &participantId)
{
    Outbox outbox(m_store);
    for (const Record &child : m_store.childrenOf(participantId, false)) {
        if (!outbox.pendingFields(child.entity, child.id).isEmpty())
            return true;
    }
    return !takenAlongEntries(participantId).isEmpty();
}

Result<bool> DeletionConflicts::hasLostEdit(const QString &entity, const QString &recordId)
{
    Query q = m_store.database().query(QStringLiteral(
        "SELECT 1 FROM deletion_conflicts WHERE entity = ? AND record_id = ? AND kind = 'deleted'"));
    q.bindAll(entity, recordId);
    if (q.next())
        return true;
    if (!q.ok())
        return q.error();
    return false;
}

Status DeletionConflicts::noteLostEdit(const EntitySpec &spec, const Record &local, const Record &tombstone)
{
    // The edits that lost: the server would refuse them, so they leave the queue now and are kept
    // where the user sees refused changes.
    if (Status s = Outbox(m_store).refuseRecord(spec.name, local.id, QStringLiteral("deleted"),
            QCoreApplication::translate("DeletionConflicts",
                "Posten ble slettet av en kollega mens du endret den. Endringen din er ikke sendt, men "
                "tatt vare på under Konflikter."));
        !s)
        return s;
    // Taken along by a participant's delete whose entry holds this record: that entry restores it.
    if (const QString with = tombstone.text(sys::DeletedWith); !with.isEmpty()) {
        Query q = m_store.database().query(QStringLiteral(
            "SELECT %1 FROM deletion_conflicts WHERE entity = ? AND record_id = ? AND kind = 'deleted'")
                                               .arg(Columns));
        q.bindAll(ParticipantEntity, with);
        if (q.next() && fromRow(q).children.contains(local.id))
            return Status::success();
        if (!q.ok())
            return q.error();
    }
    if (auto had = hasLostEdit(spec.name, local.id); !had || had.value())
        return had ? Status::success() : Status(had.error());
    // References only in the log, never content.
    qCInfo(lcCore) << "a delete met unsent edits; kept as a conflict:" << spec.name << local.id;
    DeletionConflict c = entryFor(DeletionConflict::Kind::LostEdit, tombstone);
    c.participantId = participantOf(local);
    c.snapshot = local.values;
    if (spec.name == ParticipantEntity) {
        // What its delete takes along, as this device has it: the live records now (their
        // tombstones follow the participant's), and those whose entries were made before this one
        // (their edits met the delete first), which this entry takes over.
        for (const Record &child : m_store.childrenOf(local.id, false))
            c.children.insert(child.id, {child.entity, Store::contentOf(child)});
        for (const DeletionConflict &taken : takenAlongEntries(local.id)) {
            c.children.insert(taken.recordId, {taken.entity, taken.snapshot});
            if (Status s = m_store.database()
                               .query(QStringLiteral("DELETE FROM deletion_conflicts WHERE id = ?"))
                               .bind(1, taken.id)
                               .exec();
                !s)
                return s;
        }
    }
    return insert(c);
}

Status DeletionConflicts::noteRestoredOver(
    const EntitySpec &spec, const Record &local, const Record &restored, const QSet<QString> &pending)
{
    const QString me = m_store.deviceId();
    const auto asJson = [](const FieldSpec &f, const QVariant &v) {
        return !v.isValid() || v.isNull() ? QJsonValue(QJsonValue::Null) : Schema::toJson(f, v);
    };
    // Only a value of this device's own that the restore replaces is lost work (a stale value of someone
    // else's is simply updated).
    const bool replacesMine = std::any_of(spec.fields.begin(), spec.fields.end(), [&](const FieldSpec &f) {
        if (f.system || pending.contains(f.name))
            return false;
        const auto hlc = Hlc::parse(local.clocks.value(f.name));
        return hlc && hlc->node == me
            && asJson(f, local.values.value(f.name)) != asJson(f, restored.values.value(f.name));
    });
    if (!replacesMine)
        return Status::success();
    if (auto had = hasLostEdit(spec.name, local.id); !had || had.value())
        return had ? Status::success() : Status(had.error());
    // References only in the log, never content.
    qCInfo(lcCore) << "a restore replaced accepted edits; kept as a conflict:" << spec.name << local.id;
    DeletionConflict c = entryFor(DeletionConflict::Kind::LostEdit, restored);
    c.participantId = participantOf(local);
    c.happenedAt = timeOf(restored.clocks.value(sys::DeletedOver)); // when it was deleted
    c.snapshot = local.values;
    return insert(c);
}

Status DeletionConflicts::noteRestored(const Record &incoming)
{
    return insert(entryFor(DeletionConflict::Kind::Restored, incoming));
}

Status DeletionConflicts::removeEntry(const DeletionConflict &entry)
{
    Database &db = m_store.database();
    if (Status s
        = db.query(QStringLiteral("DELETE FROM deletion_conflicts WHERE id = ?")).bind(1, entry.id).exec();
        !s)
        return s;
    if (entry.kind != DeletionConflict::Kind::LostEdit)
        return Status::success();
    // The refused writes are in the snapshot: their dead letters would say the same thing twice.
    QList<std::pair<QString, QString>> records {{entry.entity, entry.recordId}};
    for (auto it = entry.children.cbegin(); it != entry.children.cend(); ++it)
        records.append({it->entity, it.key()});
    for (const auto &[entity, recordId] : std::as_const(records)) {
        if (Status s = db.query(QStringLiteral("DELETE FROM dead_letters WHERE entity = ? AND record_id = ? "
                                               "AND code = 'deleted'"))
                           .bindAll(entity, recordId)
                           .exec();
            !s)
            return s;
    }
    return Status::success();
}

Status DeletionConflicts::restore(const QString &id)
{
    const auto entry = get(id);
    if (!entry)
        return makeError(ErrorCode::NotFound,
            QCoreApplication::translate("DeletionConflicts", "Konflikten finnes ikke lenger."));
    if (entry->kind != DeletionConflict::Kind::LostEdit)
        return makeError(ErrorCode::Invalid,
            QCoreApplication::translate("DeletionConflicts", "Dette er en melding, ikke en sletting."));
    Transaction txn(m_store.database());
    if (!txn.ok())
        return txn.status();
    QHash<QString, QVariantHash> children;
    for (auto it = entry->children.cbegin(); it != entry->children.cend(); ++it)
        children.insert(it.key(), it->values);
    const bool live = m_store.get(entry->entity, entry->recordId).has_value();
    // Someone restored it already: the user's version is then an ordinary edit of the live record.
    auto restored = live ? m_store.update(entry->entity, entry->recordId, entry->snapshot)
                         : m_store.restore(entry->entity, entry->recordId, entry->snapshot, children);
    if (!restored)
        return restored.error();
    // A participant a colleague restored: what its delete took along comes back (if that colleague
    // could not bring it) or gets this user's version.
    for (auto it = entry->children.cbegin(); live && it != entry->children.cend(); ++it) {
        const auto row = m_store.get(it->entity, it.key(), true);
        if (!row || (row->isDeleted() && row->text(sys::DeletedWith) != entry->recordId))
            continue;
        auto child = row->isDeleted() ? m_store.restore(it->entity, it.key(), it->values)
                                      : m_store.update(it->entity, it.key(), it->values);
        if (!child)
            return child.error();
    }
    if (Status s = removeEntry(*entry); !s)
        return s;
    return txn.commit();
}

Status DeletionConflicts::accept(const QString &id)
{
    const auto entry = get(id);
    if (!entry)
        return makeError(ErrorCode::NotFound,
            QCoreApplication::translate("DeletionConflicts", "Konflikten finnes ikke lenger."));
    Transaction txn(m_store.database());
    if (!txn.ok())
        return txn.status();
    if (Status s = removeEntry(*entry); !s)
        return s;
    return txn.commit();
}

Status DeletionConflicts::forgetRecord(const QString &entity, const QString &recordId)
{
    return m_store.database()
        .query(QStringLiteral("DELETE FROM deletion_conflicts WHERE entity = ? AND record_id = ?"))
        .bindAll(entity, recordId)
        .exec();
}

} // namespace feltnotat
