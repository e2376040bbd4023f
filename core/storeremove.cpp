// Store: deleting a record (a participant with what belongs to it) and undoing the delete.
#include "store.h"

namespace feltnotat {

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
} // namespace feltnotat
