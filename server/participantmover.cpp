#include "participantmover.h"

#include "auditlog.h"
#include "core/clock.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "recordstore.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

ParticipantMover::ParticipantMover(SqlBackend &db, const Clock &clock, HlcClock &hlc)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
{ }

Result<qint64> ParticipantMover::move(const QString &participantId, const QString &teamId)
{
    if (!Schema::isValidId(participantId))
        return makeError(ErrorCode::Invalid, QStringLiteral("a participant id is a UUID"));
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    RecordStore store(m_db, m_clock);
    auto participant = store.load(QStringLiteral("participant"), participantId);
    if (!participant)
        return participant.error();
    if (!participant.value())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such participant"));
    const QString oldTeam = participant.value()->teamId;
    if (oldTeam == teamId)
        return makeError(ErrorCode::Conflict, QStringLiteral("the participant is already in that team"));
    // Both feed rows, in a fixed order so that two moves cannot deadlock.
    auto teams
        = m_db.exec(QStringLiteral("SELECT id FROM teams WHERE id IN (?, ?) ORDER BY id") + m_db.forUpdate(),
            {oldTeam, teamId});
    if (!teams)
        return teams.error();
    if (teams->size() != 2)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));

    auto refs = store.participantRecords(oldTeam, participantId);
    if (!refs)
        return refs.error();
    for (const RecordRef &ref : refs.value()) {
        auto loaded = store.load(ref.entity, ref.id);
        if (!loaded)
            return loaded.error();
        StoredRecord moved = *loaded.value();
        const bool wasVisible = !moved.hidden;
        moved.teamId = teamId;
        moved.record.values.insert(sys::Team, teamId);
        moved.record.clocks.insert(sys::Team, m_hlc.now().toString());
        if (Status s = store.save(moved, oldTeam); !s)
            return s.error();
        if (wasVisible) {
            if (Status s = store.addDrop(oldTeam, ref.entity, ref.id); !s)
                return s.error();
        }
    }
    if (Status s = AuditLog(m_db, m_clock)
                       .record({{}, {}, QStringLiteral("admin-move-participant"),
                           QStringLiteral("participant"), participantId, refs->size()});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return qint64(refs->size());
}

} // namespace feltnotat::server
