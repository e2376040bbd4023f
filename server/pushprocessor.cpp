#include "pushprocessor.h"

#include "auditlog.h"
#include "core/clock.h"
#include "core/schema.h"
#include "mutationapplier.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

PushProcessor::PushProcessor(SqlBackend &db, const Clock &clock, HlcClock &hlc, qint64 maxClockSkewMs)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
    , m_maxClockSkewMs(maxClockSkewMs)
{ }

Result<protocol::PushResponse> PushProcessor::push(
    const DeviceIdentity &who, const protocol::PushRequest &request)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    // Lock order device → team everywhere, so two pushes can never wait for each other in a cycle.
    auto device = m_db.exec(
        QStringLiteral("SELECT last_seq FROM devices WHERE id = ?") + m_db.forUpdate(), {who.deviceId});
    if (!device)
        return device.error();
    if (device->isEmpty())
        return makeError(ErrorCode::Unauthorized, QStringLiteral("unknown device"));
    auto team
        = m_db.exec(QStringLiteral("SELECT seq FROM teams WHERE id = ?") + m_db.forUpdate(), {who.teamId});
    if (!team)
        return team.error();
    if (team->isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("the user's team is missing"));

    const qint64 lastSeq = device->at(0, 0).toLongLong();
    qint64 appliedThrough = lastSeq;
    protocol::PushResponse response;
    MutationApplier applier(m_db, m_clock, m_hlc, m_maxClockSkewMs);
    applier.holdFeed(who.teamId, team->at(0, 0).toLongLong());
    QList<RecordRef> named;
    for (const protocol::PushItem &item : request.items) {
        const Mutation &m = item.mutation;
        if (m.seq > lastSeq && Schema::instance().entity(m.entity) && Schema::isValidId(m.recordId))
            named.append({m.entity, m.recordId});
    }
    if (Status s = applier.prefetch(named); !s)
        return s.error();
    QList<AuditEntry> audit;
    for (const protocol::PushItem &item : request.items) {
        if (item.mutation.seq <= lastSeq)
            continue; // sent before: a replay changes nothing
        auto outcome = applier.apply(who, item);
        if (!outcome)
            return outcome.error();
        appliedThrough = item.mutation.seq;
        if (outcome.value()) {
            response.rejected.append(*outcome.value());
            // Only well-formed names go into the audit log: a malformed id could be any text.
            const bool known = Schema::instance().entity(item.mutation.entity)
                && Schema::isValidId(item.mutation.recordId);
            audit.append({who.userId, who.deviceId, QStringLiteral("reject"),
                known ? item.mutation.entity : QString(), known ? item.mutation.recordId : QString(), 1});
        }
    }
    for (const RecordRef &written : applier.written())
        audit.append({who.userId, who.deviceId, QStringLiteral("push"), written.entity, written.id, 1});

    const qint64 now = m_clock.nowMs();
    if (auto r = m_db.exec(QStringLiteral("UPDATE devices SET last_seq = ?, last_seen_at = ? WHERE id = ?"),
            {appliedThrough, now, who.deviceId});
        !r)
        return r.error();
    if (Status s = AuditLog(m_db, m_clock).record(audit); !s)
        return s.error();
    if (Status s = applier.releaseFeed(); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    response.appliedThrough = appliedThrough;
    response.serverTimeMs = now;
    return response;
}

} // namespace feltnotat::server
