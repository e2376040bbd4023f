#pragma once

#include "core/result.h"

namespace feltnotat::server {

class SqlBackend;

// The tables of the office modules (API clients, webhooks, lead roles and sessions, the employer
// register), migrated step by step like ServerSchema but counted in office_schema_version, so the
// sync schema and these evolve without renumbering each other. Also brings the report columns
// (ReportColumns::ensure) up to date. ServerSchema::migrate runs it after its own steps.
class OfficeSchema
{
public:
    static constexpr int CurrentVersion = 2;
    static Status migrate(SqlBackend &db);
};

} // namespace feltnotat::server
