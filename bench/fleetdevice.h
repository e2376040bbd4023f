#pragma once

// A simulated device of the fleet: its identity and token, its clock and feed cursor, the encounters it
// wrote (for later edits) and its syncs of the day.

#include "core/clock.h"
#include "core/hlc.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <deque>
#include <vector>

namespace feltnotat::bench::fleet {

constexpr qint64 DayStartMs = 8 * 3600 * 1000; // the working day, 08:00-16:00
constexpr qint64 DayMs = 8 * 3600 * 1000;

struct OwnEncounter
{
    QString id;
    QString noteClock, updatedAtClock, updatedByClock;
};

class Device
{
public:
    Device(int newIndex, int newTeam, QString newTeamId, QString newUserId, QString newDeviceId,
        QByteArray newToken)
        : index(newIndex)
        , team(newTeam)
        , teamId(std::move(newTeamId))
        , userId(std::move(newUserId))
        , deviceId(std::move(newDeviceId))
        , token(std::move(newToken))
        , hlc(SystemClock::instance(), this->deviceId)
    { }

    // The push body of one sync: a new participant, then new encounters and edits of earlier ones in turn.
    QByteArray pushBody(int changes, qint64 simulatedMs);

    int index;
    int team;
    QString teamId, userId, deviceId;
    QByteArray token;
    HlcClock hlc;
    qint64 seq = 0;
    QString cursor;
    QString participant;
    std::vector<OwnEncounter> encounters;
    QList<qint64> syncAt; // simulated ms into the day
    int nextSync = 0;
    bool busy = false;
    std::deque<double> deferred; // due times (ms since the start) of syncs that came due while busy
};

} // namespace feltnotat::bench::fleet
