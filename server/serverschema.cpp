#include "serverschema.h"

#include "logging.h"
#include "office/officeschema.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

namespace {

// Version 1. Times are milliseconds since the epoch (UTC); flags are 0/1 integers so that the
// same statements run on both databases.
const char *const SchemaV1 = R"sql(
CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    feed_id TEXT NOT NULL,
    seq BIGINT NOT NULL DEFAULT 0,
    horizon BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams(id),
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);
CREATE TABLE records (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    participant_id TEXT,
    hidden INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE INDEX records_feed ON records (team_id, seq);
CREATE INDEX records_participant ON records (participant_id);
CREATE TABLE drops (
    team_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, seq)
);
CREATE TABLE login_failures (
    login TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);
CREATE TABLE audit (
    at BIGINT NOT NULL,
    user_id TEXT,
    device_id TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    record_id TEXT,
    count BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX audit_at ON audit (at);
)sql";

// Version 2: offboarding and login limits. A user can be disabled (no login, every token refused)
// and signed out everywhere (token_generation: a token issued under an older generation is dead);
// a device can be barred (revoke_reason 'revoked': survives logging in again) or ordered to wipe
// itself. Failed logins are kept as keyed hashes of the login and of the client address, never
// the text that was typed.
const char *const SchemaV2 = R"sql(
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE devices ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN revoke_reason TEXT;
ALTER TABLE devices ADD COLUMN wipe_requested_at BIGINT;
CREATE INDEX devices_user ON devices (user_id);
UPDATE devices SET revoke_reason = 'revoked' WHERE revoked_at IS NOT NULL;
DROP TABLE login_failures;
CREATE TABLE login_failures (
    login_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login_key, at);
CREATE INDEX login_failures_address ON login_failures (address_key, at);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

// Version 3: where each field's value sits in the team's feed (issue 20): {"field": seq, …}, the feed number
// of the write that last set it, so that a delete names the writers it did not see in the server's own
// order (its "seen" cursor), not by clocks. NULL for a record written before (the clocks decide).
const char *const SchemaV3 = R"sql(
ALTER TABLE records ADD COLUMN field_seqs TEXT;
)sql";

const char *const Steps[] = {SchemaV1, SchemaV2, SchemaV3};

} // namespace

Result<int> ServerSchema::version(SqlBackend &db)
{
    auto rows = db.exec(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    if (!rows)
        return rows.error();
    return int(rows->first().toLongLong());
}

Status ServerSchema::migrate(SqlBackend &db)
{
    static_assert(std::size(Steps) == CurrentVersion);
    if (Status s
        = migrateSteps(db, QStringLiteral("schema_version"), QStringLiteral("schema"), Steps, CurrentVersion);
        !s)
        return s;
    return OfficeSchema::migrate(db); // the office modules' tables, counted on their own
}

Status ServerSchema::migrateSteps(
    SqlBackend &db, const QString &versionTable, const QString &what, const char *const *steps, int count)
{
    for (int step = 1; step <= count; ++step) {
        SqlTransaction tx(db);
        if (!tx.ok())
            return tx.status();
        if (Status s = db.lockForMigration(); !s)
            return s;
        if (Status s = db.script(
                QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version INTEGER NOT NULL)").arg(versionTable));
            !s)
            return s;
        auto current = db.exec(QStringLiteral("SELECT MAX(version) FROM %1").arg(versionTable));
        if (!current)
            return current.error();
        const int have = int(current->first().toLongLong());
        if (have > count)
            return makeError(ErrorCode::Database,
                QStringLiteral("the database has %1 version %2, newer than this server (%3)")
                    .arg(what)
                    .arg(have)
                    .arg(count));
        if (have >= step)
            continue;
        if (Status s = db.script(QString::fromLatin1(steps[step - 1])); !s)
            return s;
        if (auto r = db.exec(QStringLiteral("INSERT INTO %1 (version) VALUES (?)").arg(versionTable), {step});
            !r)
            return r.error();
        if (Status s = tx.commit(); !s)
            return s;
        qCInfo(lcServer).noquote() << "database" << what << "migrated to version" << step;
    }
    return Status::success();
}

} // namespace feltnotat::server
