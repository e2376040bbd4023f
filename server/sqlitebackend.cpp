#include "sqlitebackend.h"

#include "core/database.h"

namespace feltnotat::server {

SqliteBackend::SqliteBackend(std::unique_ptr<Database> db)
    : m_db(std::move(db))
{ }

SqliteBackend::~SqliteBackend() = default;

Result<std::unique_ptr<SqlBackend>> SqliteBackend::open(const QString &path)
{
    auto db = Database::open(path, Database::Durability::Full);
    if (!db)
        return db.error();
    return std::unique_ptr<SqlBackend>(new SqliteBackend(std::move(db).value()));
}

Result<SqlRows> SqliteBackend::exec(const QString &sql, const QVariantList &params)
{
    Query q = m_db->query(sql);
    for (qsizetype i = 0; i < params.size(); ++i)
        q.bind(int(i + 1), params.at(i));
    SqlRows out;
    const int columns = q.ok() ? q.columnCount() : 0;
    while (q.next()) {
        QVariantList row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row.append(q.value(c));
        out.rows.append(std::move(row));
    }
    if (!q.ok())
        return q.error();
    out.affected = m_db->changes();
    return out;
}

Status SqliteBackend::script(const QString &sql)
{
    return m_db->exec(sql);
}

Status SqliteBackend::begin()
{
    return m_db->begin();
}

Status SqliteBackend::beginRead()
{
    // A deferred transaction reads one WAL snapshot from its first statement to its end.
    return m_db->exec(QStringLiteral("BEGIN DEFERRED"));
}

Status SqliteBackend::commit()
{
    return m_db->commit();
}

void SqliteBackend::rollback()
{
    m_db->rollback();
}

bool SqliteBackend::inTransaction() const
{
    return m_db->inTransaction();
}

} // namespace feltnotat::server
