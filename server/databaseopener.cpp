#include "databaseopener.h"

#include "logging.h"
#include "postgresbackend.h"
#include "sqlbackend.h"
#include "sqlitebackend.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

#include <sys/stat.h>

namespace feltnotat::server {

namespace {

const QString DbOption = QStringLiteral("db");
const QString PasswordFileOption = QStringLiteral("db-password-file");

Error unsafe(const QString &message)
{
    return makeError(ErrorCode::Forbidden, message);
}

Status secureSqliteFiles(const QString &path)
{
    const QFileInfo file(path);
    const QString folder = file.absolutePath();
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(folder).constData(), &st) != 0)
        return makeError(
            ErrorCode::Database, QStringLiteral("the database folder %1 does not exist").arg(folder));
    // A folder others may write to lets them replace the database or its WAL (sticky /tmp-like folders
    // only let them remove their own files).
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0)
        return unsafe(QStringLiteral("the database folder %1 is writable by group or others; "
                                     "chmod 700 it (or 750 for a group that may read backups)")
                          .arg(folder));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QByteArray name = QFile::encodeName(path + suffix);
        if (::stat(name.constData(), &st) != 0)
            continue; // created later with the process umask (077)
        if ((st.st_mode & 077) == 0)
            continue;
        if (::chmod(name.constData(), S_IRUSR | S_IWUSR) != 0)
            return unsafe(
                QStringLiteral("%1 is readable by others and cannot be made private").arg(path + suffix));
        qCWarning(lcServer).noquote() << "made" << QFileInfo(path + suffix).fileName()
                                      << "private (0600); it was" << QString::number(st.st_mode & 0777, 8);
    }
    return Status::success();
}

} // namespace

QList<QCommandLineOption> DatabaseOpener::options()
{
    return {QCommandLineOption(DbOption,
                QStringLiteral("SQLite database file (created when missing), or a PostgreSQL URL "
                               "postgresql://user@host[:port]/dbname without a password."),
                QStringLiteral("PATH|URL")),
        QCommandLineOption(PasswordFileOption,
            QStringLiteral("File holding the PostgreSQL password (readable only by this user). "
                           "PGPASSWORD, ~/.pgpass, PGPASSFILE and PGSERVICE work too."),
            QStringLiteral("FILE"))};
}

Status DatabaseOpener::checkPrivateFile(const QString &path, const QString &what)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return makeError(ErrorCode::Invalid, QStringLiteral("cannot read the %1 %2").arg(what, path));
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::Invalid, QStringLiteral("the %1 %2 is not a file").arg(what, path));
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return unsafe(QStringLiteral("the %1 %2 is readable by group or others (mode %3); chmod 600 it")
                          .arg(what, path, QString::number(st.st_mode & 0777, 8)));
    return Status::success();
}

Result<DatabaseSpec> DatabaseOpener::spec(const QString &database, const QString &passwordFile)
{
    DatabaseSpec out {database, {}};
    if (SqlBackend::isPostgresUrl(database)) {
        const QUrl url(database);
        if (!url.isValid())
            return makeError(ErrorCode::Invalid, QStringLiteral("--db: not a valid PostgreSQL URL"));
        // Never echo the URL itself: it may hold the very password this refuses.
        if (!url.password().isEmpty() || QUrlQuery(url).hasQueryItem(QStringLiteral("password")))
            return unsafe(QStringLiteral(
                "--db: the PostgreSQL URL holds a password, which every local user can read with ps. "
                "Leave it out and use PGPASSWORD, ~/.pgpass or PGPASSFILE, a libpq service "
                "(?service=NAME), or --db-password-file FILE"));
    } else if (!passwordFile.isEmpty()) {
        return makeError(ErrorCode::Invalid, QStringLiteral("--db-password-file is for PostgreSQL only"));
    }
    if (!passwordFile.isEmpty()) {
        if (Status s = checkPrivateFile(passwordFile, QStringLiteral("password file")); !s)
            return s.error();
        QFile file(passwordFile);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(
                ErrorCode::Invalid, QStringLiteral("cannot read the password file %1").arg(passwordFile));
        out.password = QString::fromUtf8(file.readLine(4096)).trimmed();
        if (out.password.isEmpty())
            return makeError(
                ErrorCode::Invalid, QStringLiteral("the password file %1 is empty").arg(passwordFile));
    }
    return out;
}

Result<std::unique_ptr<SqlBackend>> DatabaseOpener::open(const DatabaseSpec &spec)
{
    if (spec.database.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("no database given"));
    if (SqlBackend::isPostgresUrl(spec.database))
        return PostgresBackend::open(spec.database, spec.password);
    if (Status s = secureSqliteFiles(spec.database); !s)
        return s.error();
    return SqliteBackend::open(spec.database);
}

} // namespace feltnotat::server
