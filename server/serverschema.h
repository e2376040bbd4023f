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
    static constexpr int CurrentVersion = 1;

    static Status migrate(SqlBackend &db);
    static Result<int> version(SqlBackend &db);
};

} // namespace feltnotat::server
