#include "database.h"

#include "checkpointer.h"
#include "encryptedvfs.h"
#include "logging.h"

#include <sqlite3.h>

namespace feltnotat {

namespace {

Error dbError(const QString &message)
{
    return makeError(ErrorCode::Database, message);
}

} // namespace

Query::Query(Database *db, sqlite3_stmt *stmt, bool *inUse, QString prepareError)
    : m_db(db)
    , m_stmt(stmt)
    , m_inUse(inUse)
    , m_error(std::move(prepareError))
{ }

Query::Query(Query &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
    , m_inUse(other.m_inUse)
    , m_error(std::move(other.m_error))
    , m_texts(std::move(other.m_texts))
{
    other.m_stmt = nullptr;
}

Query::~Query()
{
    if (!m_stmt)
        return;
    if (!m_inUse) {
        sqlite3_finalize(m_stmt);
    } else {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        *m_inUse = false;
    }
}

Query &Query::bind(int index, const QString &value)
{
    if (!m_stmt)
        return *this;
    if (value.isNull()) {
        sqlite3_bind_null(m_stmt, index);
        return *this;
    }
    return bindText(index, QStringView(value));
}

Query &Query::bindText(int index, QStringView text)
{
    return m_stmt ? bindUtf8(index, m_texts.append(text)) : *this;
}

Query &Query::bindText(int index, QByteArrayView utf8)
{
    return m_stmt ? bindUtf8(index, m_texts.appendUtf8(utf8)) : *this;
}

Query &Query::bindJoined(int index, const QStringView *parts, qsizetype count, char separator)
{
    if (count == 0)
        return bindNull(index);
    return m_stmt ? bindUtf8(index, m_texts.appendJoined(parts, count, separator)) : *this;
}

Query &Query::bindUtf8(int index, QByteArrayView kept)
{
    // SQLITE_STATIC: the bytes stay in m_texts until the destructor has reset the statement and
    // cleared its bindings.
    if (sqlite3_bind_text(m_stmt, index, kept.data(), int(kept.size()), SQLITE_STATIC) != SQLITE_OK)
        m_error = m_db->lastErrorMessage();
    return *this;
}

Query &Query::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Query &Query::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}

Query &Query::bind(int index, const QVariant &value)
{
    if (!m_stmt)
        return *this;
    if (!value.isValid() || value.isNull())
        return bindNull(index);
    switch (value.typeId()) {
    case QMetaType::Bool:
        return bind(index, qint64(value.toBool() ? 1 : 0));
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
        return bind(index, value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        sqlite3_bind_double(m_stmt, index, value.toDouble());
        return *this;
    case QMetaType::QByteArray: {
        const QByteArray b = value.toByteArray();
        sqlite3_bind_blob(m_stmt, index, b.constData(), int(b.size()), SQLITE_TRANSIENT);
        return *this;
    }
    case QMetaType::QString: // most values: bound without a copy of the string
        return bind(index, *static_cast<const QString *>(value.constData()));
    default:
        return bind(index, value.toString());
    }
}

bool Query::next()
{
    if (!m_stmt || !m_error.isEmpty())
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = m_db->lastErrorMessage();
    return false;
}

Status Query::exec()
{
    while (next()) { }
    if (!ok())
        return error();
    return Status::success();
}

Error Query::error() const
{
    Error e = m_db->lastError();
    if (e.code == ErrorCode::Database)
        e.message = m_error; // the message of this statement, which a later call may have replaced
    return e;
}

int Query::columnCount() const
{
    return m_stmt ? sqlite3_column_count(m_stmt) : 0;
}

bool Query::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

QVariant Query::value(int column) const
{
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_TEXT:
        return QVariant(text(column));
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, column)),
            sqlite3_column_bytes(m_stmt, column)));
    default:
        return QVariant();
    }
}

QString Query::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return QString();
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Query::utf8(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return data ? QByteArray(data, sqlite3_column_bytes(m_stmt, column)) : QByteArray();
}

qint64 Query::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Query::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

Database::Database(sqlite3 *db, QString path, std::unique_ptr<encryptedvfs::Binding> binding)
    : m_binding(std::move(binding))
    , m_db(db)
    , m_path(std::move(path))
{ }

Database::~Database()
{
    m_checkpointer.reset(); // first, so that closing the last connection checkpoints and removes the WAL
    for (const auto &[sql, cached] : m_cache)
        sqlite3_finalize(cached->stmt);
    sqlite3_close_v2(m_db);
    m_binding.reset(); // after every connection to the file has closed
}

namespace {

Error encryptionError(const encryptedvfs::Binding &binding)
{
    using encryptedvfs::Problem;
    const Problem p = binding.problem();
    const ErrorCode code = p == Problem::Tampered ? ErrorCode::Tampered
        : p == Problem::WrongKey                  ? ErrorCode::Locked
                                                  : ErrorCode::Database;
    return makeError(code, binding.problemText());
}

// A new encrypted file: room for nonce and tag in every page before the first page is written, and
// straight into WAL mode without a rollback journal (journal_mode OFF has nothing to roll back on an
// empty file).
Status prepareNewEncrypted(Database &db)
{
    auto pages = db.scalar(QStringLiteral("PRAGMA page_count"));
    if (!pages)
        return pages.error();
    if (pages.value() != 0)
        return Status::success();
    int reserve = encryptedvfs::ReservedBytes;
    if (sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve) != SQLITE_OK)
        return dbError(QStringLiteral("cannot reserve room for the page tags"));
    return db.exec(
        QStringLiteral("PRAGMA page_size=%1; PRAGMA journal_mode=OFF;").arg(encryptedvfs::PageSize));
}

} // namespace

Result<std::unique_ptr<Database>> Database::open(
    const QString &path, Durability durability, std::shared_ptr<const SecretKey> key)
{
    std::unique_ptr<encryptedvfs::Binding> binding;
    if (key) {
        auto bound = encryptedvfs::bind(path, std::move(key));
        if (!bound)
            return bound.error();
        binding = std::move(bound).value();
    }
    sqlite3 *handle = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &handle,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        binding ? encryptedvfs::name() : nullptr);
    if (rc != SQLITE_OK) {
        const QString message
            = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QStringLiteral("out of memory");
        sqlite3_close_v2(handle);
        if (binding && binding->problem() != encryptedvfs::Problem::None)
            return encryptionError(*binding);
        return dbError(QStringLiteral("cannot open database: ") + message);
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, 10000);
    const bool encrypted = binding != nullptr;
    std::unique_ptr<Database> db(new Database(handle, path, std::move(binding)));
    if (encrypted) {
        if (Status s = prepareNewEncrypted(*db); !s)
            return s.error();
    }
    // WAL survives a killed process without losing committed transactions; NORMAL syncs at
    // checkpoints, FULL at every commit (power-loss durability at the price of one fsync).
    // A 16 MB page cache (SQLite's default is 2 MB) keeps the index pages that pulled batches touch.
    // Checkpoints: see onWalCommit.
    // Encrypted: no memory mapping (it would hand SQLite the ciphertext; the VFS refuses it anyway).
    // secure_delete: freed pages are overwritten, so a deleted note is not left in free space
    // (security review M4).
    const QString pragmas
        = QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; "
                         "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384; "
                         "PRAGMA journal_size_limit=16777216; PRAGMA synchronous=")
        + (durability == Durability::Full ? QStringLiteral("FULL;") : QStringLiteral("NORMAL;"))
        + (encrypted ? QStringLiteral("PRAGMA mmap_size=0;") : QString());
    if (Status s = db->exec(pragmas); !s)
        return s.error();
    if (const char *file = sqlite3_db_filename(handle, "main"); file && *file)
        db->m_checkpointer = std::make_unique<Checkpointer>(
            QString::fromUtf8(file), encrypted ? encryptedvfs::name() : nullptr);
    sqlite3_wal_hook(handle, &Database::onWalCommit, db.get());
    auto mode = db->query(QStringLiteral("PRAGMA journal_mode"));
    if (!mode.next() || mode.text(0).toLower() != u"wal")
        return dbError(QStringLiteral("database does not support WAL mode"));
    return db;
}

int Database::onWalCommit(void *database, sqlite3 *db, const char *schema, int frames)
{
    // Replaces SQLite's automatic checkpoint after a commit, which runs on the committing connection
    // and made every few pulled batches wait 65-85 ms: from 2,000 pages (8 MB) of WAL on, the
    // background checkpointer copies the WAL into the file while this connection goes on writing.
    // The WAL starts over only when a checkpoint has copied all of it before a write begins; under a
    // steady stream of batches that rarely happens, so at 16,000 pages (64 MB) the committing
    // connection checkpoints the rest itself, which keeps the WAL bounded.
    constexpr int BackgroundFrames = 2000;
    constexpr int ForegroundFrames = 16000;
    constexpr int RequestStep = 500; // a new request only after this many more pages: each run syncs twice
    auto *self = static_cast<Database *>(database);
    if (frames < self->m_framesAtRequest)
        self->m_framesAtRequest = 0; // the WAL has started over
    if (frames >= ForegroundFrames || (frames >= BackgroundFrames && !self->m_checkpointer)) {
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= BackgroundFrames && frames >= self->m_framesAtRequest + RequestStep) {
        self->m_framesAtRequest = frames;
        self->m_checkpointer->request();
    }
    return SQLITE_OK;
}

size_t Database::SqlHash::operator()(const QString &sql) const noexcept
{
    const QStringView text(sql);
    const size_t head = qHash(text.left(24));
    const size_t tail = qHash(text.right(48));
    return head ^ (tail * 31) ^ size_t(text.size());
}

Query Database::query(const QString &sql)
{
    auto it = m_cache.find(sql);
    if (it != m_cache.end() && !it->second->inUse) {
        it->second->inUse = true;
        return Query(this, it->second->stmt, &it->second->inUse);
    }
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    const bool cache = it == m_cache.end();
    const int rc = sqlite3_prepare_v3(
        m_db, utf8.constData(), int(utf8.size()), cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return Query(this, nullptr, nullptr, lastErrorMessage());
    }
    if (!cache) // the cached statement is busy (nested use): run a private one
        return Query(this, stmt, nullptr);
    auto slot = std::make_unique<CachedStatement>(CachedStatement {stmt, true});
    bool *inUse = &slot->inUse;
    m_cache.emplace(sql, std::move(slot));
    return Query(this, stmt, inUse);
}

Status Database::exec(const QString &sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error e = lastError();
        if (message && e.code == ErrorCode::Database)
            e.message = QString::fromUtf8(message);
        sqlite3_free(message);
        return e;
    }
    return Status::success();
}

Result<qint64> Database::scalar(const QString &sql)
{
    Query q = query(sql);
    if (!q.next())
        return q.ok() ? dbError(QStringLiteral("no rows")) : q.error();
    return q.int64(0);
}

Status Database::begin()
{
    return exec(QStringLiteral("BEGIN IMMEDIATE"));
}

Status Database::commit()
{
    return exec(QStringLiteral("COMMIT"));
}

void Database::rollback()
{
    if (inTransaction())
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

int Database::userVersion()
{
    auto v = scalar(QStringLiteral("PRAGMA user_version"));
    return v ? int(v.value()) : -1;
}

Status Database::setUserVersion(int version)
{
    return exec(QStringLiteral("PRAGMA user_version=%1").arg(version));
}

qint64 Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

QString Database::lastErrorMessage() const
{
    return lastError().message;
}

Error Database::lastError() const
{
    if (m_binding && m_binding->problem() != encryptedvfs::Problem::None)
        return encryptionError(*m_binding);
    return dbError(QString::fromUtf8(sqlite3_errmsg(m_db)));
}

bool Database::lastErrorIsConstraint() const
{
    // A trigger's RAISE() is not a rule of a record (the schema has no triggers): not counted.
    const int code = sqlite3_extended_errcode(m_db);
    return (code & 0xff) == SQLITE_CONSTRAINT && code != SQLITE_CONSTRAINT_TRIGGER;
}

Status Database::integrityCheck()
{
    Query q = query(QStringLiteral("PRAGMA integrity_check"));
    QStringList problems;
    while (q.next()) {
        if (q.text(0) != u"ok")
            problems << q.text(0);
    }
    if (!q.ok())
        return q.error();
    if (!problems.isEmpty())
        return dbError(QStringLiteral("integrity check failed: ") + problems.join(u"; "));
    return Status::success();
}

Transaction::Transaction(Database &db)
    : m_db(db)
{
    if (db.inTransaction()) {
        // Named by depth, so the same few statements come back and are prepared once (statement cache):
        // an import opens a savepoint for every row. A name is unique among the open savepoints because
        // transactions close in the reverse order of opening (they are scoped objects).
        m_savepoint = QStringLiteral("sp%1").arg(++db.m_savepointDepth);
        m_status = db.query(QStringLiteral("SAVEPOINT ") + m_savepoint).exec();
        if (!m_status)
            --db.m_savepointDepth;
    } else {
        db.m_savepointDepth = 0;
        m_status = db.begin();
    }
    m_open = m_status.ok();
}

Transaction::~Transaction()
{
    if (!m_open)
        return;
    if (m_savepoint.isEmpty()) {
        m_db.rollback();
    } else {
        (void)m_db.query(QStringLiteral("ROLLBACK TO ") + m_savepoint).exec();
        (void)m_db.query(QStringLiteral("RELEASE ") + m_savepoint).exec();
        --m_db.m_savepointDepth;
    }
}

Status Transaction::commit()
{
    if (!m_open)
        return m_status.ok() ? dbError(QStringLiteral("transaction already finished")) : m_status;
    m_open = false;
    if (!m_savepoint.isEmpty()) {
        --m_db.m_savepointDepth;
        return m_db.query(QStringLiteral("RELEASE ") + m_savepoint).exec();
    }
    Status s = m_db.commit();
    if (!s)
        m_db.rollback();
    return s;
}

} // namespace feltnotat
