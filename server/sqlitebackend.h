#pragma once

#include "sqlbackend.h"

namespace feltnotat {
class Database;
}

namespace feltnotat::server {

// SqlBackend over core's SQLite wrapper (WAL, full durability: an acknowledged push survives power loss).
class SqliteBackend final : public SqlBackend
{
public:
    ~SqliteBackend() override;
    static Result<std::unique_ptr<SqlBackend>> open(const QString &path);

    Kind kind() const override { return Kind::Sqlite; }
    Result<SqlRows> exec(const QString &sql, const QVariantList &params = {}) override;
    Status script(const QString &sql) override;
    Status begin() override;
    Status beginRead() override;
    Status commit() override;
    void rollback() override;
    bool inTransaction() const override;
    QString forUpdate() const override { return {}; }
    Status lockForMigration() override { return Status::success(); }

private:
    explicit SqliteBackend(std::unique_ptr<Database> db);
    std::unique_ptr<Database> m_db;
};

} // namespace feltnotat::server
