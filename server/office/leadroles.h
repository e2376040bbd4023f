#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace feltnotat::server {

class SqlBackend;

struct LeadRow
{
    QString userId;
    QString login;
    QString name;
    QStringList teamIds; // the teams whose reports the lead reads
};

// The lead role (team leads read the reports of their teams on the web page): granted and revoked
// by admin commands, kept in user_roles and lead_teams. Revoking also ends the lead's web sessions.
class LeadRoles
{
public:
    explicit LeadRoles(SqlBackend &db);

    // teamIds empty: the user's own team. Granting again replaces the teams.
    Status grant(const QString &login, const QStringList &teamIds);
    Status revoke(const QString &login);
    Result<QList<LeadRow>> list();
    // The teams a user leads; empty when the user is not a lead.
    Result<QStringList> teamsOf(const QString &userId);

private:
    Result<QPair<QString, QString>> user(const QString &login); // id and team

    SqlBackend &m_db;
};

} // namespace feltnotat::server
