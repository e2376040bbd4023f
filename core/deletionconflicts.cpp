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

QByteArray snapshotJson(const EntitySpec &spec, const QVariantHash &values)
{
    QJsonObject o;
    for (const FieldSpec &f : spec.fields) {
        const QVariant v = values.value(f.name);
        if (!f.system && v.isValid() && !v.isNull())
            o.insert(f.name, Schema::toJson(f, v));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QVariantHash snapshotValues(const QString &entity, const QString &json)
{
    QVariantHash values;
    const EntitySpec *spec = Schema::instance().entity(entity);
    if (!spec)
        return values;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const FieldSpec *f = spec->field(it.key());
        if (!f || f->system)
            continue;
        if (auto v = Schema::fromJson(*f, it.value()); v && !v.value().isNull())
            values.insert(f->name, v.value());
    }
    return values;
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
    c.snapshot = snapshotValues(c.entity, q.text(7));
    c.createdAt = q.text(8);
    return c;
}

} // namespace

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
                ? QString::fromUtf8(snapshotJson(*spec, entry.snapshot))
                : QString(),
            validation::formatDateTime(m_store.clock().now()))
        .exec();
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
    {
        Query q = m_store.database().query(QStringLiteral(
            "SELECT 1 FROM deletion_conflicts WHERE entity = ? AND record_id = ? AND kind = 'deleted'"));
        q.bindAll(spec.name, local.id);
        if (q.next())
            return Status::success();
        if (!q.ok())
            return q.error();
    }
    // References only in the log, never content.
    qCInfo(lcCore) << "a delete met unsent edits; kept as a conflict:" << spec.name << local.id;
    DeletionConflict c = entryFor(DeletionConflict::Kind::LostEdit, tombstone);
    c.participantId = participantOf(local);
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
    return db
        .query(QStringLiteral(
            "DELETE FROM dead_letters WHERE entity = ? AND record_id = ? AND code = 'deleted'"))
        .bindAll(entry.entity, entry.recordId)
        .exec();
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
    // Someone restored it already: the user's version is then an ordinary edit of the live record.
    auto restored = m_store.get(entry->entity, entry->recordId)
        ? m_store.update(entry->entity, entry->recordId, entry->snapshot)
        : m_store.restore(entry->entity, entry->recordId, entry->snapshot);
    if (!restored)
        return restored.error();
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
