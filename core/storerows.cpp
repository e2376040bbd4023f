// Store: the SQL of each record type and row access without validation or outbox (the sync layer's).
#include "store.h"

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

} // namespace

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

void Store::clearContent(const EntitySpec &spec, Record &record)
{
    for (const FieldSpec &f : spec.fields) {
        if (!f.system && f.type != FieldType::Ref && record.values.contains(f.name))
            record.values.insert(f.name, QVariant());
    }
}
} // namespace feltnotat
