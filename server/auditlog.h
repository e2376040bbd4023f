#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// One audit line: who did what to which record, or how many records a pull sent. Never values.
struct AuditEntry
{
    QString userId;
    QString deviceId;
    QString action; // login, logout, push, reject, pull, admin-…
    QString entity;
    QString recordId;
    qint64 count = 1;
};

// The audit trail of who read and changed what, written in the same transaction as the effect.
class AuditLog
{
public:
    AuditLog(SqlBackend &db, const Clock &clock);

    Status record(const AuditEntry &entry);
    Status record(const QList<AuditEntry> &entries);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
