#include "compactor.h"

#include "auditlog.h"
#include "core/clock.h"
#include "office/reportcolumns.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

namespace {
constexpr qint64 DayMs = 24 * 60 * 60 * 1000LL;
constexpr qint64 LoginFailureWindowMs = 15 * 60 * 1000LL;
} // namespace

Compactor::Compactor(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

Result<QList<CompactionReport>> Compactor::compact(int retentionDays)
{
    if (retentionDays < 0)
        return makeError(ErrorCode::Invalid, QStringLiteral("the retention must be zero or more days"));
    const qint64 cutoff = m_clock.nowMs() - qint64(retentionDays) * DayMs;
    auto teams = m_db.exec(QStringLiteral("SELECT id FROM teams ORDER BY id"));
    if (!teams)
        return teams.error();
    QList<CompactionReport> out;
    for (const QVariantList &row : teams->rows) {
        auto report = compactTeam(row.at(0).toString(), cutoff);
        if (!report)
            return report.error();
        out.append(report.value());
    }
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE at <= ?"),
            {m_clock.nowMs() - LoginFailureWindowMs});
        !r)
        return r.error();
    return out;
}

Result<CompactionReport> Compactor::compactTeam(const QString &teamId, qint64 cutoffMs)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    // The team's feed lock: no push of this team runs while its horizon moves.
    auto team
        = m_db.exec(QStringLiteral("SELECT horizon FROM teams WHERE id = ?") + m_db.forUpdate(), {teamId});
    if (!team)
        return team.error();
    CompactionReport report;
    report.teamId = teamId;
    report.horizon = team->first().toLongLong();

    auto tombstones
        = m_db.exec(QStringLiteral("SELECT COUNT(*), MAX(seq) FROM records WHERE team_id = ? AND deleted = 1 "
                                   "AND changed_at <= ?"),
            {teamId, cutoffMs});
    if (!tombstones)
        return tombstones.error();
    auto drops = m_db.exec(
        QStringLiteral("SELECT COUNT(*), MAX(seq) FROM drops WHERE team_id = ? AND created_at <= ?"),
        {teamId, cutoffMs});
    if (!drops)
        return drops.error();
    report.tombstones = tombstones->first(0).toLongLong();
    report.drops = drops->first(0).toLongLong();
    report.horizon
        = std::max({report.horizon, tombstones->first(1).toLongLong(), drops->first(1).toLongLong()});

    if (report.tombstones > 0) {
        if (auto r = m_db.exec(
                QStringLiteral("DELETE FROM records WHERE team_id = ? AND deleted = 1 AND changed_at <= ?"),
                {teamId, cutoffMs});
            !r)
            return r.error();
    }
    if (report.tombstones > 0) {
        if (Status s = ReportColumns::prune(m_db, teamId); !s)
            return s.error();
    }
    if (report.drops > 0) {
        if (auto r = m_db.exec(QStringLiteral("DELETE FROM drops WHERE team_id = ? AND created_at <= ?"),
                {teamId, cutoffMs});
            !r)
            return r.error();
    }
    if (auto r
        = m_db.exec(QStringLiteral("UPDATE teams SET horizon = ? WHERE id = ?"), {report.horizon, teamId});
        !r)
        return r.error();
    if (Status s
        = AuditLog(m_db, m_clock)
              .record({{}, {}, QStringLiteral("admin-compact"), {}, {}, report.tombstones + report.drops});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return report;
}

} // namespace feltnotat::server
