#include "leadroles.h"

#include "server/accounts.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

namespace feltnotat::server {

LeadRoles::LeadRoles(SqlBackend &db)
    : m_db(db)
{ }

Result<QPair<QString, QString>> LeadRoles::user(const QString &login)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT id, team_id FROM users WHERE login = ?"), {Accounts::normalizeLogin(login)});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no user with that login"));
    return qMakePair(r->at(0, 0).toString(), r->at(0, 1).toString());
}

Status LeadRoles::grant(const QString &login, const QStringList &teamIds)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto who = user(login);
    if (!who)
        return who.error();
    const QStringList teams = teamIds.isEmpty() ? QStringList {who->second} : teamIds;
    for (const char *sql : {"DELETE FROM lead_teams WHERE user_id = ?",
             "DELETE FROM user_roles WHERE user_id = ? AND role = 'lead'",
             "INSERT INTO user_roles (user_id, role) VALUES (?, 'lead')"}) {
        if (auto r = m_db.exec(QString::fromLatin1(sql), {who->first}); !r)
            return r.error();
    }
    for (const QString &team : teams) {
        if (auto r = m_db.exec(QStringLiteral("INSERT INTO lead_teams (user_id, team_id) VALUES (?, ?)"),
                {who->first, team});
            !r)
            return r.error();
    }
    return tx.commit();
}

Status LeadRoles::revoke(const QString &login)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto who = user(login);
    if (!who)
        return who.error();
    auto r = m_db.exec(
        QStringLiteral("DELETE FROM user_roles WHERE user_id = ? AND role = 'lead'"), {who->first});
    if (!r)
        return r.error();
    if (r->affected == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("that user is not a lead"));
    for (const char *sql :
        {"DELETE FROM lead_teams WHERE user_id = ?", "DELETE FROM web_sessions WHERE user_id = ?"}) {
        if (auto d = m_db.exec(QString::fromLatin1(sql), {who->first}); !d)
            return d.error();
    }
    return tx.commit();
}

Result<QStringList> LeadRoles::teamsOf(const QString &userId)
{
    auto r = m_db.exec(QStringLiteral("SELECT t.team_id FROM lead_teams t JOIN user_roles r ON r.user_id = "
                                      "t.user_id AND r.role = 'lead' WHERE t.user_id = ? ORDER BY t.team_id"),
        {userId});
    if (!r)
        return r.error();
    QStringList out;
    for (const QVariantList &row : std::as_const(r->rows))
        out << row.at(0).toString();
    return out;
}

Result<QList<LeadRow>> LeadRoles::list()
{
    auto r = m_db.exec(
        QStringLiteral("SELECT u.id, u.login, u.name, t.team_id FROM user_roles r JOIN users u ON "
                       "u.id = r.user_id LEFT JOIN lead_teams t ON t.user_id = u.id WHERE r.role = "
                       "'lead' ORDER BY u.login, t.team_id"));
    if (!r)
        return r.error();
    QList<LeadRow> out;
    for (const QVariantList &row : std::as_const(r->rows)) {
        if (out.isEmpty() || out.last().userId != row.at(0).toString())
            out << LeadRow {row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), {}};
        if (!row.at(3).isNull())
            out.last().teamIds << row.at(3).toString();
    }
    return out;
}

} // namespace feltnotat::server
