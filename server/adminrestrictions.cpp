// The restriction commands of `feltnotat-server admin` (docs/server.md, "Scope").
#include "accounts.h"
#include "admincommands.h"
#include "core/hlc.h"
#include "participantrestrictions.h"
#include "serverrunner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {

QString iso(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

int AdminCommands::listRestrictions(const QCommandLineParser &p)
{
    QString teamId;
    if (p.isSet(QStringLiteral("team"))) {
        auto team = Accounts(m_db, m_clock).findTeam(p.value(QStringLiteral("team")));
        if (!team)
            return fail(team.errorString());
        teamId = team->id;
    }
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    auto rows = ParticipantRestrictions(m_db, m_clock, hlc).list(teamId);
    if (!rows)
        return fail(rows.errorString());
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const RestrictionRow &r : rows.value())
            list.append(QJsonObject {{QStringLiteral("participant_id"), r.participantId},
                {QStringLiteral("team"), r.teamId}, {QStringLiteral("team_name"), r.teamName},
                {QStringLiteral("restricted_at"),
                    r.restrictedAt ? QJsonValue(iso(r.restrictedAt)) : QJsonValue()},
                {QStringLiteral("linked_records"), r.linkedRecords}});
        m_out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return Ok;
    }
    m_out << "PARTICIPANT\tTEAM\tTEAM NAME\tRESTRICTED AT\tLINKED RECORDS\n";
    for (const RestrictionRow &r : rows.value())
        m_out << r.participantId << '\t' << r.teamId << '\t' << Accounts::escapeForDisplay(r.teamName) << '\t'
              << iso(r.restrictedAt) << '\t' << r.linkedRecords << '\n';
    m_out.flush();
    return Ok;
}

int AdminCommands::liftRestriction(const QCommandLineParser &p)
{
    HlcClock hlc(&m_clock, ServerRunner::newNodeId());
    auto count = ParticipantRestrictions(m_db, m_clock, hlc).lift(p.positionalArguments().constFirst());
    if (!count)
        return count.error().code == ErrorCode::Invalid ? usage(count.errorString())
                                                        : fail(count.errorString());
    m_out << "restriction lifted: " << count.value()
          << " records go to the team's devices again at their next sync" << Qt::endl;
    return Ok;
}

} // namespace feltnotat::server
