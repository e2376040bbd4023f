#pragma once

#include "core/result.h"

namespace feltnotat::server {

class SqlBackend;

// The server's tables, created and migrated at start. Each step runs in its own transaction and
// the version is kept in schema_version; on PostgreSQL an advisory lock keeps two starting
// processes from migrating at the same time.
class ServerSchema
{
public:
    static constexpr int CurrentVersion = 3;

    static Status migrate(SqlBackend &db);
    static Result<int> version(SqlBackend &db);

    // Runs the steps not yet recorded in versionTable (a table of its own per track of migrations),
    // each in its own transaction under the migration lock. `what` names the track in messages.
    static Status migrateSteps(SqlBackend &db, const QString &versionTable, const QString &what,
        const char *const *steps, int count);
};

} // namespace feltnotat::server
