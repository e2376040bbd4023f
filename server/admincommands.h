#pragma once

#include <QStringList>
#include <QTextStream>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// `feltnotat-server admin …`: account, device and data maintenance from the command line.
// Output goes to out (machine-readable where asked), problems to err; returns the exit code.
class AdminCommands
{
public:
    AdminCommands(SqlBackend &db, const Clock &clock, QTextStream &in, QTextStream &out, QTextStream &err);

    // args: the command and its arguments (--db already taken out).
    int run(const QStringList &args);

private:
    int createTeam(const QStringList &args);
    int createUser(const QStringList &args);
    int listUsers(const QStringList &args);
    int listDevices(const QStringList &args);
    int revokeDevice(const QStringList &args);
    int moveParticipant(const QStringList &args);
    int compact(const QStringList &args);
    int seedDemo(const QStringList &args);
    int fail(const QString &message);
    int usage(const QString &message);
    QString readPassword();

    SqlBackend &m_db;
    const Clock &m_clock;
    QTextStream &m_in;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace feltnotat::server
