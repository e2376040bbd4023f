#include "auditlog.h"

#include "core/clock.h"
#include "sqlbackend.h"

namespace feltnotat::server {

namespace {
constexpr int RowsPerStatement = 100;

QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}
} // namespace

AuditLog::AuditLog(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

Status AuditLog::record(const AuditEntry &entry)
{
    return record(QList<AuditEntry> {entry});
}

Status AuditLog::record(const QList<AuditEntry> &entries)
{
    const qint64 now = m_clock.nowMs();
    for (qsizetype start = 0; start < entries.size(); start += RowsPerStatement) {
        const qsizetype end = std::min(entries.size(), start + RowsPerStatement);
        QString sql = QStringLiteral(
            "INSERT INTO audit (at, user_id, device_id, action, entity, record_id, count) VALUES ");
        QVariantList params;
        params.reserve((end - start) * 7);
        for (qsizetype i = start; i < end; ++i) {
            const AuditEntry &e = entries.at(i);
            sql += (i == start ? QStringLiteral("(?, ?, ?, ?, ?, ?, ?)")
                               : QStringLiteral(", (?, ?, ?, ?, ?, ?, ?)"));
            params << now << nullable(e.userId) << nullable(e.deviceId) << e.action << nullable(e.entity)
                   << nullable(e.recordId) << e.count;
        }
        if (auto r = m_db.exec(sql, params); !r)
            return r.error();
    }
    return Status::success();
}

} // namespace feltnotat::server
