#pragma once

#include "core/result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class Accounts;
class SqlBackend;

// `feltnotat-server admin …`: account, device and data maintenance from the command line.
// Output goes to out (machine-readable where asked), problems to err; returns the exit code.
//
// Adding a command: write `int AdminCommands::yourCommand(const QCommandLineParser &)`, then add one
// entry to commandTable() (name, positional arguments, options, one-line help). Parsing, --help,
// usage errors and opening the database are done for every command alike.
class AdminCommands
{
public:
    // Exit codes of every admin command (docs/server.md).
    enum ExitCode { Ok = 0, Failed = 1, Usage = 2, DatabaseUnavailable = 3, Unsafe = 4 };

    AdminCommands(SqlBackend &db, const Clock &clock, QTextStream &in, QTextStream &out, QTextStream &err);

    // args: everything after "admin" (--db may come before or after the command). Parses, opens and
    // migrates the database, runs the command.
    static int main(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err);
    // One line per command, for feltnotat-server --help.
    static QString summary();

private:
    using Handler = int (AdminCommands::*)(const QCommandLineParser &);
    struct Command
    {
        QString name;
        QStringList positionals; // names of the required positional arguments, in order
        QList<QCommandLineOption> options;
        QString help;
        Handler run = nullptr;
    };
    static const QList<Command> &commandTable();
    static int exitCodeFor(const Error &openError);
    static int runOffice(const QString &name, QStringList args, QTextStream &out, QTextStream &err);
    // Opens and migrates the database; the error's code tells the exit code (messages go to err).
    static Result<std::unique_ptr<SqlBackend>> openDatabase(
        const QString &database, const QString &passwordFile, QTextStream &err);

    int createTeam(const QCommandLineParser &p);
    int createUser(const QCommandLineParser &p);
    int listUsers(const QCommandLineParser &p);
    int listDevices(const QCommandLineParser &p);
    int moveParticipant(const QCommandLineParser &p);
    // Restricted participants (adminrestrictions.cpp).
    int listRestrictions(const QCommandLineParser &p);
    int liftRestriction(const QCommandLineParser &p);
    int compact(const QCommandLineParser &p);
    int seedDemo(const QCommandLineParser &p);
    // Offboarding (adminaccounts.cpp).
    int disableUser(const QCommandLineParser &p);
    int enableUser(const QCommandLineParser &p);
    int setPassword(const QCommandLineParser &p);
    int revokeUser(const QCommandLineParser &p);
    int revokeDevice(const QCommandLineParser &p);
    int restoreDevice(const QCommandLineParser &p);
    int wipeDevice(const QCommandLineParser &p);
    int deviceCommand(
        const QCommandLineParser &p, Status (Accounts::*change)(const QString &), const QString &done);

    int fail(const QString &message);
    int usage(const QString &message);
    QString readPassword();
    // A new password from stdin, checked against the policy; empty (after a usage message) when refused.
    QString readNewPassword(int *exitCode);

    SqlBackend &m_db;
    const Clock &m_clock;
    QTextStream &m_in;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace feltnotat::server
