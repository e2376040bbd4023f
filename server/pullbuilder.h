#pragma once

#include "accounts.h"
#include "core/result.h"
#include "sync/protocol.h"

#include <QByteArray>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

struct PullResult
{
    QByteArray json; // the response body, built from the stored record bodies without re-encoding them
    qint64 changes = 0; // records sent
    qint64 drops = 0;
    bool reset = false;
};

// Answers GET /v1/pull for one device: the team's changes and drops after the cursor, in feed
// order, from one consistent snapshot.
class PullBuilder
{
public:
    // A page ends at `limit` items or before its record bodies pass maxPageChars characters
    // (it always holds at least one record).
    PullBuilder(SqlBackend &db, const Clock &clock, qint64 maxPageChars = protocol::limits::MaxPullPageChars);

    Result<PullResult> pull(const DeviceIdentity &who, const QString &cursor, int limit);
    // What every page tells the device besides the records (docs/sync-protocol.md, "Device policy").
    void setPolicy(const protocol::DevicePolicy &policy) { m_policy = policy; }

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    qint64 m_maxPageChars;
    protocol::DevicePolicy m_policy;
};

} // namespace feltnotat::server
