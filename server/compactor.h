#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

struct CompactionReport
{
    QString teamId;
    qint64 tombstones = 0;
    qint64 drops = 0;
    qint64 horizon = 0;
};

// Removes tombstones and drop entries older than the retention window and raises each team's
// horizon to the highest feed number removed; a device with an older cursor then re-syncs cleanly.
class Compactor
{
public:
    static constexpr int DefaultRetentionDays = 90;

    Compactor(SqlBackend &db, const Clock &clock);

    Result<QList<CompactionReport>> compact(int retentionDays);

private:
    Result<CompactionReport> compactTeam(const QString &teamId, qint64 cutoffMs);

    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
