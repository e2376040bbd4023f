#include "officeschema.h"

#include "reportcolumns.h"
#include "server/serverschema.h"

namespace feltnotat::server {

namespace {

// Times are milliseconds since the epoch (UTC), flags 0/1, as in ServerSchema.
const char *const OfficeV1 = R"sql(
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT,
    webhook_url TEXT,
    webhook_secret TEXT
);
CREATE TABLE api_client_teams (
    client_id TEXT NOT NULL REFERENCES api_clients(id),
    team_id TEXT NOT NULL REFERENCES teams(id),
    PRIMARY KEY (client_id, team_id)
);
CREATE TABLE webhook_cursors (
    client_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    feed_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (client_id, team_id)
);
CREATE TABLE webhook_events (
    id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    feed_seq BIGINT NOT NULL,
    position TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    delivered_at BIGINT,
    dead_at BIGINT,
    last_status BIGINT,
    last_error TEXT,
    PRIMARY KEY (client_id, id)
);
CREATE INDEX webhook_events_due ON webhook_events (client_id, delivered_at, dead_at, next_attempt_at);
CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE register_units (
    org_number TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    org_form TEXT,
    parent_org_number TEXT,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    municipality TEXT,
    industry_code TEXT,
    industry TEXT,
    employees BIGINT,
    removed BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE INDEX register_units_name ON register_units (name_key);
CREATE INDEX register_units_parent ON register_units (parent_org_number);
CREATE TABLE register_state (
    kind TEXT PRIMARY KEY,
    last_update_id BIGINT NOT NULL,
    imported_at BIGINT NOT NULL
);
)sql";

// Version 2: name words of the employer register (a prefix is a range over a word, on any
// database), the teams a lead reads, and web sessions that end when the password changes.
const char *const OfficeV2 = R"sql(
CREATE TABLE register_words (
    word TEXT NOT NULL,
    org_number TEXT NOT NULL,
    PRIMARY KEY (word, org_number)
);
CREATE INDEX register_words_unit ON register_words (org_number, word);
CREATE TABLE lead_teams (
    user_id TEXT NOT NULL REFERENCES users(id),
    team_id TEXT NOT NULL REFERENCES teams(id),
    PRIMARY KEY (user_id, team_id)
);
ALTER TABLE web_sessions ADD COLUMN password_tag TEXT NOT NULL DEFAULT '';
CREATE INDEX web_sessions_user ON web_sessions (user_id);
)sql";

const char *const Steps[] = {OfficeV1, OfficeV2};

} // namespace

Status OfficeSchema::migrate(SqlBackend &db)
{
    static_assert(std::size(Steps) == CurrentVersion);
    if (Status s = ServerSchema::migrateSteps(db, QStringLiteral("office_schema_version"),
            QStringLiteral("office schema"), Steps, CurrentVersion);
        !s)
        return s;
    return ReportColumns::ensure(db);
}

} // namespace feltnotat::server
