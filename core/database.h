#pragma once

#include "boundtext.h"
#include "result.h"
#include "secretkey.h"

#include <QHash>
#include <QString>
#include <QVarLengthArray>
#include <QVariant>

#include <memory>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace feltnotat {

class Database;
class Checkpointer;
namespace encryptedvfs {
class Binding;
}

// One execution of a prepared statement. Statements are cached per connection; a Query
// resets its statement and clears its parameters when it goes out of scope, so the next use starts
// clean: every parameter NULL until bound.
class Query
{
public:
    Query(Query &&other) noexcept;
    Query &operator=(Query &&) = delete;
    Query(const Query &) = delete;
    ~Query();

    Query &bind(int index, const QVariant &value); // 1-based
    Query &bind(int index, const QString &value); // a null string binds NULL
    Query &bind(int index, qint64 value);
    Query &bindText(int index, QStringView text);
    Query &bindText(int index, QByteArrayView utf8); // text already in UTF-8
    // The parts joined by `separator` (ASCII) as one text; no parts bind NULL.
    Query &bindJoined(int index, const QStringView *parts, qsizetype count, char separator);
    Query &bindNull(int index);
    // Binds values in order, starting at 1.
    template<typename... Args> Query &bindAll(const Args &...args)
    {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    bool next(); // true while there is a row; check ok() afterwards
    Status exec(); // runs to completion
    bool ok() const { return m_error.isEmpty(); }
    Error error() const;

    int columnCount() const;
    bool isNull(int column) const;
    QVariant value(int column) const;
    QString text(int column) const;
    QByteArray utf8(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;

private:
    friend class Database;
    Query(Database *db, sqlite3_stmt *stmt, bool *inUse, QString prepareError = {});

    Database *m_db;
    sqlite3_stmt *m_stmt;
    bool *m_inUse; // the cache slot's flag; null for a private statement
    QString m_error;
    Query &bindUtf8(int index, QByteArrayView kept);
    // Text bound to the statement, kept here until the statement is reset so SQLite need not copy it.
    BoundText m_texts;
};

// A connection to an SQLite file with a statement cache. Not thread-safe: one per thread.
class Database
{
public:
    enum class Durability { Normal, Full };

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) with WAL, foreign keys on and a busy timeout. With a key the file is
    // an encrypted store (encryptedvfs.h): created encrypted, refused when it was written under another
    // key (ErrorCode::Locked) or is a plain database, and ErrorCode::Tampered on a page that fails
    // authentication.
    static Result<std::unique_ptr<Database>> open(const QString &path,
        Durability durability = Durability::Normal, std::shared_ptr<const SecretKey> key = nullptr);

    Query query(const QString &sql);
    Status exec(const QString &sql); // one or more statements without parameters
    Result<qint64> scalar(const QString &sql);

    Status begin(); // BEGIN IMMEDIATE: take the write lock up front
    Status commit();
    void rollback();
    bool inTransaction() const;

    int userVersion();
    Status setUserVersion(int version);
    qint64 lastInsertRowId() const;
    int changes() const;
    QString lastErrorMessage() const;
    // The error for a failed call: a tampered store's own message and code, else SQLite's message.
    Error lastError() const;
    // Whether the last failed call broke a constraint of the schema (NOT NULL, UNIQUE, CHECK; not a
    // trigger's RAISE): that statement was undone, an open transaction goes on.
    bool lastErrorIsConstraint() const;
    bool isEncrypted() const { return m_binding != nullptr; }
    Status integrityCheck();
    sqlite3 *handle() const { return m_db; }
    // The background checkpointer of a file database (checkpointer.h), or null.
    Checkpointer *checkpointer() const { return m_checkpointer.get(); }
    const QString &path() const { return m_path; }

private:
    Database(sqlite3 *db, QString path, std::unique_ptr<encryptedvfs::Binding> binding);
    struct CachedStatement
    {
        sqlite3_stmt *stmt = nullptr;
        bool inUse = false;
    };
    static int onWalCommit(void *database, sqlite3 *db, const char *schema, int frames);

    std::unique_ptr<encryptedvfs::Binding> m_binding; // null for a plain database; outlives m_db
    sqlite3 *m_db;
    QString m_path;
    std::unique_ptr<Checkpointer> m_checkpointer; // null for an in-memory database
    int m_framesAtRequest = 0; // WAL size at the last checkpoint request
    // Hashes the length and the two ends of the SQL only: statements are long and looked up for every
    // row written, and the ends tell them apart (the lookup still compares the whole text).
    struct SqlHash
    {
        size_t operator()(const QString &sql) const noexcept;
    };
    std::unordered_map<QString, std::unique_ptr<CachedStatement>, SqlHash> m_cache;
    int m_savepointDepth = 0; // open savepoints inside the current transaction (Transaction)
    friend class Transaction;
};

// Rolls back unless committed; the way every write in this project is wrapped. Inside an outer
// transaction it becomes a savepoint, so units of work compose (all or nothing for the outermost).
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool ok() const { return m_status.ok(); }
    const Status &status() const { return m_status; }
    Status commit();

private:
    Database &m_db;
    QString m_savepoint; // empty for an outermost transaction
    Status m_status;
    bool m_open = false;
};

} // namespace feltnotat
