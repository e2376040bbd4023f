#pragma once

#include "sqlbackend.h"

#include <QHash>

struct pg_conn;
struct pg_result;

namespace feltnotat::server {

// SqlBackend over libpq. Parameters are sent as text and typed by the server; a lost connection
// is re-established before the next statement outside a transaction, and a BEGIN or a read outside
// a transaction that found the connection gone (a restarted server) is sent once more on the new one. Each
// distinct statement is prepared once per connection (parsed and planned once, not on every request).
class PostgresBackend final : public SqlBackend
{
public:
    ~PostgresBackend() override;
    // password: empty leaves it to libpq (PGPASSWORD, ~/.pgpass, PGPASSFILE, a service file).
    static Result<std::unique_ptr<SqlBackend>> open(const QString &url, const QString &password = {});

    // `?` placeholders to PostgreSQL's `$1, $2, …`, leaving string literals, quoted names and comments alone.
    static QString convertPlaceholders(const QString &sql);

    Kind kind() const override { return Kind::Postgres; }
    Result<SqlRows> exec(const QString &sql, const QVariantList &params = {}) override;
    Status script(const QString &sql) override;
    Status begin() override;
    Status beginRead() override;
    Status commit() override;
    void rollback() override;
    bool inTransaction() const override;
    QString forUpdate() const override { return QStringLiteral(" FOR UPDATE"); }
    Status lockForMigration() override;

private:
    explicit PostgresBackend(pg_conn *conn);
    Status ensureConnected();
    bool lostConnection() const;
    Result<SqlRows> execOnce(const QString &sql, const QVariantList &params);
    Status startTransaction(const char *sql);
    Error lastError(const QString &what) const;
    Error resultError(const pg_result *res) const;
    // The prepared statement's name for this SQL, preparing it on first use; empty when the cache is
    // full (statements past that are sent unprepared, so dynamic SQL cannot grow it without bound).
    Result<QByteArray> preparedName(const QString &sql, int paramCount);

    pg_conn *m_conn;
    QHash<QString, QByteArray> m_prepared;
};

} // namespace feltnotat::server
