#pragma once

#include "core/result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <memory>

namespace feltnotat::server {

class SqlBackend;

// Which database to open and with which secret: an SQLite path, or a PostgreSQL URL without a
// password (the password comes from PGPASSWORD, a ~/.pgpass or PGPASSFILE file, a libpq service
// file, or --db-password-file: never from the command line, where `ps` shows it to everyone).
struct DatabaseSpec
{
    QString database;
    QString password; // from --db-password-file; empty = libpq's own sources
};

// Opens the server's database for the server and the admin commands alike, with the checks that
// keep its files and secrets private (docs/server.md, "Files and secrets").
class DatabaseOpener
{
public:
    // --db and --db-password-file.
    static QList<QCommandLineOption> options();
    // Invalid for usage problems; Forbidden for an unsafe set-up (a password in the URL, a password
    // file others can read).
    static Result<DatabaseSpec> spec(const QString &database, const QString &passwordFile);
    // SQLite: the folder must not be writable by others, the database and its -wal/-shm are made
    // 0600 (Forbidden when that is impossible). Database errors otherwise.
    static Result<std::unique_ptr<SqlBackend>> open(const DatabaseSpec &spec);

    // Checks a secret file (TLS key, password file): a regular file not readable by group or others.
    static Status checkPrivateFile(const QString &path, const QString &what);
};

} // namespace feltnotat::server
