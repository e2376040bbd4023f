#include "sqlbackend.h"

#include "postgresbackend.h"
#include "sqlitebackend.h"

namespace feltnotat::server {

bool SqlBackend::isPostgresUrl(const QString &database)
{
    return database.startsWith(u"postgresql://") || database.startsWith(u"postgres://");
}

Result<std::unique_ptr<SqlBackend>> SqlBackend::open(const QString &database)
{
    if (database.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("no database given"));
    if (isPostgresUrl(database))
        return PostgresBackend::open(database);
    return SqliteBackend::open(database);
}

} // namespace feltnotat::server
