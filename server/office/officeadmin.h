#pragma once

#include <QStringList>
#include <QTextStream>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// The admin commands of the office modules: API clients, webhooks, the lead role and the employer
// register import (docs/integration.md). Same conventions as AdminCommands: exit 0 success,
// 1 failure, 2 usage error; secrets are printed once and never again.
class OfficeAdmin
{
public:
    OfficeAdmin(SqlBackend &db, const Clock &clock, QTextStream &out, QTextStream &err);

    static bool handles(const QString &command);
    static QString helpText();
    int run(const QString &command, const QStringList &args);

private:
    int createApiClient(const QStringList &args);
    int listApiClients(const QStringList &args);
    int revokeApiClient(const QStringList &args);
    int setWebhook(const QStringList &args);
    int webhookStatus(const QStringList &args);
    int retryDeadLetters(const QStringList &args);
    int importRegister(const QStringList &args);
    int grantLead(const QStringList &args);
    int revokeLead(const QStringList &args);
    int listLeads(const QStringList &args);
    int registerStatus(const QStringList &args);
    // Splits arguments into positional ones and --team TEAM (ids or unique names); an exit code when
    // they are wrong, else -1.
    int withTeams(const QStringList &args, const QString &help, QStringList &positional, QStringList &teams);
    int fail(const QString &message);
    int usage(const QString &message);

    SqlBackend &m_db;
    const Clock &m_clock;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace feltnotat::server
