#include "plainmigration.h"

#include "database.h"
#include "encryptedvfs.h"
#include "logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace feltnotat::plainmigration {

namespace {

const QStringList SideFiles {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};

Error failure(const QString &what)
{
    return makeError(
        ErrorCode::Database, QStringLiteral("encrypting the store from an earlier version: ") + what);
}

bool syncFolder(const QString &file)
{
    const int fd
        = ::open(QFile::encodeName(QFileInfo(file).absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool removeWithSideFiles(const QString &path, bool zeroFirst)
{
    bool ok = true;
    for (const QString &suffix : QStringList {QString()} + SideFiles) {
        if (QFile::exists(path + suffix))
            ok = (zeroFirst ? shred(path + suffix) : QFile::remove(path + suffix)) && ok;
    }
    return ok;
}

// A copy of the plain database in an encrypted file: VACUUM INTO through the encrypting VFS, with
// room for nonce and tag reserved in every page of the copy.
Status copyEncrypted(const QString &plain, const QString &target, const std::shared_ptr<const SecretKey> &key)
{
    auto binding = encryptedvfs::bind(target, key);
    if (!binding)
        return binding.error();
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(
            QFile::encodeName(plain).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr)
        != SQLITE_OK) {
        sqlite3_close_v2(db);
        return failure(QStringLiteral("cannot open the plain store"));
    }
    const auto run = [db](const QByteArray &sql) {
        return sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr);
    };
    int reserve = encryptedvfs::ReservedBytes;
    QByteArray uri = QByteArrayLiteral("file:")
        + QUrl::toPercentEncoding(QFileInfo(target).absoluteFilePath(), "/") + QByteArrayLiteral("?vfs=")
        + encryptedvfs::name();
    int rc = run(QByteArrayLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (rc == SQLITE_OK)
        rc = run("PRAGMA page_size=" + QByteArray::number(encryptedvfs::PageSize));
    if (rc == SQLITE_OK)
        rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    if (rc == SQLITE_OK)
        rc = run("VACUUM INTO '" + uri.replace('\'', "''") + '\'');
    const QString message = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_close_v2(db);
    if (rc != SQLITE_OK) {
        const QString problem = (*binding)->problemText();
        return failure(problem.isEmpty() ? message : problem);
    }
    // The copy opened as the store will be: WAL mode, a full integrity check, the same schema version.
    auto copy = Database::open(target, Database::Durability::Full, key);
    if (!copy)
        return failure(copy.errorString());
    if (Status s = (*copy)->integrityCheck(); !s)
        return failure(s.errorString());
    return Status::success();
}

} // namespace

bool shred(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadWrite)) {
        const QByteArray zeros(64 * 1024, '\0');
        for (qint64 left = file.size(); left > 0; left -= zeros.size())
            file.write(zeros.constData(), std::min<qint64>(left, zeros.size()));
        file.flush();
        ::fsync(file.handle());
        file.close();
    }
    return QFile::remove(path);
}

Status encryptInPlace(const QString &path, const std::shared_ptr<const SecretKey> &key)
{
    const QString target = path + QStringLiteral(".encrypting");
    const QString old = path + QStringLiteral(".plain");
    // An earlier run cut short: either the plain store is still in place (the copy is discarded),
    // or the encrypted one is (the plain one is removed), or the kill fell between the two renames.
    if (QFile::exists(old)) {
        if (QFile::exists(path) && encryptedvfs::probe(path) == encryptedvfs::FileFormat::Encrypted) {
            if (!removeWithSideFiles(old, true))
                return failure(QStringLiteral("cannot remove the plain store"));
        } else if (!QFile::exists(path) && !QFile::rename(old, path)) {
            return failure(QStringLiteral("cannot put the plain store back"));
        }
    }
    removeWithSideFiles(target, false); // encrypted, so nothing to overwrite
    if (encryptedvfs::probe(path) != encryptedvfs::FileFormat::PlainSqlite)
        return Status::success();

    qCInfo(lcCore) << "encrypting the store of an earlier version";
    if (Status s = copyEncrypted(path, target, key); !s) {
        removeWithSideFiles(target, false);
        return s;
    }
    // Plain WAL and shm files would be taken for the encrypted store's: they go first (the copy
    // already holds everything in them).
    for (const QString &suffix : SideFiles) {
        if (QFile::exists(path + suffix) && !shred(path + suffix))
            return failure(QStringLiteral("cannot remove the plain store's ") + suffix.mid(1));
    }
    if (!QFile::rename(path, old) || !QFile::rename(target, path) || !syncFolder(path))
        return failure(QStringLiteral("cannot put the encrypted store in place"));
    if (!removeWithSideFiles(old, true))
        return failure(QStringLiteral("cannot remove the plain store"));
    syncFolder(path);
    return Status::success();
}

} // namespace feltnotat::plainmigration
