#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>

namespace feltnotat::server {

// Rows of one statement; integer columns come back as qint64, text as QString, NULL as an invalid QVariant.
struct SqlRows
{
    QList<QVariantList> rows;
    qint64 affected = 0;

    bool isEmpty() const { return rows.isEmpty(); }
    qsizetype size() const { return rows.size(); }
    const QVariant &at(qsizetype row, qsizetype column) const { return rows.at(row).at(column); }
    QVariant first(qsizetype column = 0) const
    {
        return rows.isEmpty() ? QVariant() : rows.first().value(column);
    }
};

// The small SQL surface the server's logic is written against, once, for SQLite and PostgreSQL.
// Statements use `?` placeholders; values are qint64, double, QString or null. Not thread-safe.
class SqlBackend
{
public:
    enum class Kind { Sqlite, Postgres };

    virtual ~SqlBackend() = default;

    // "postgresql://…" or "postgres://…" opens PostgreSQL, anything else is an SQLite file path.
    static Result<std::unique_ptr<SqlBackend>> open(const QString &database);
    static bool isPostgresUrl(const QString &database);

    virtual Kind kind() const = 0;
    QString kindName() const
    {
        return kind() == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    }

    virtual Result<SqlRows> exec(const QString &sql, const QVariantList &params = {}) = 0;
    // Several statements without parameters (schema DDL).
    virtual Status script(const QString &sql) = 0;

    // A read-write transaction. SQLite takes its write lock up front (BEGIN IMMEDIATE).
    virtual Status begin() = 0;
    // A read-only transaction over one consistent snapshot.
    virtual Status beginRead() = 0;
    virtual Status commit() = 0;
    virtual void rollback() = 0;
    virtual bool inTransaction() const = 0;

    // Appended to a SELECT to lock the selected rows until commit; empty on SQLite, where
    // BEGIN IMMEDIATE already holds the database's single write lock.
    virtual QString forUpdate() const = 0;
    // Serialises schema migrations between processes sharing one database (inside a transaction).
    virtual Status lockForMigration() = 0;
};

} // namespace feltnotat::server
