#pragma once

#include "accounts.h"
#include "core/result.h"
#include "sync/protocol.h"

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;

// One push, exactly once: a single transaction that locks the device row and then the team's
// feed row, skips mutations the device has sent before, applies or rejects the rest and stores
// the device's last applied sequence number with the effects. A database failure applies nothing.
class PushProcessor
{
public:
    PushProcessor(SqlBackend &db, const Clock &clock, HlcClock &hlc, qint64 maxClockSkewMs);

    Result<protocol::PushResponse> push(const DeviceIdentity &who, const protocol::PushRequest &request);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
    qint64 m_maxClockSkewMs;
};

} // namespace feltnotat::server
