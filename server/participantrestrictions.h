#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;

// A restricted participant as an operator sees it: ids and counts, never a name or other content.
struct RestrictionRow
{
    QString participantId;
    QString teamId;
    QString teamName;
    qint64 restrictedAt = 0; // ms since the epoch, from the clock of the write that set it
    qint64 linkedRecords = 0; // encounters, tasks, employments, conflicts hidden with it
};

// Restrictions (`restricted` on a participant, docs/server.md "Scope"): a device sets one, and then no
// device of the team sees the participant or what belongs to it any more, so only an operator can see
// and lift one (`feltnotat-server admin list-restrictions`, `lift-restriction`).
class ParticipantRestrictions
{
public:
    ParticipantRestrictions(SqlBackend &db, const Clock &clock, HlcClock &hlc);

    // Every restricted participant that is not deleted, optionally of one team, oldest restriction first.
    Result<QList<RestrictionRow>> list(const QString &teamId = {});
    // Writes restricted = false (a new server clock, so it wins over the write that set it) and hands the
    // participant and everything hidden with it to the team's devices again (new feed numbers). Returns
    // how many records came back, the participant included.
    Result<qint64> lift(const QString &participantId);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
};

} // namespace feltnotat::server
