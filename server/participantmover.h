#pragma once

#include "core/result.h"

#include <QString>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;

// Moves a participant and everything that belongs to it (encounters, tasks, employments,
// conflicts) to another team: the new team's devices receive them, the old team's devices are
// told to drop them.
class ParticipantMover
{
public:
    ParticipantMover(SqlBackend &db, const Clock &clock, HlcClock &hlc);

    // Returns how many records moved.
    Result<qint64> move(const QString &participantId, const QString &teamId);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
};

} // namespace feltnotat::server
