#include "participantrestrictions.h"

#include "auditlog.h"
#include "core/clock.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "recordstore.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

#include <algorithm>

namespace feltnotat::server {

namespace {
const QString Participant = QStringLiteral("participant");
const QString Restricted = QStringLiteral("restricted");
} // namespace

ParticipantRestrictions::ParticipantRestrictions(SqlBackend &db, const Clock &clock, HlcClock &hlc)
    : m_db(db)
    , m_clock(clock)
    , m_hlc(hlc)
{ }

Result<QList<RestrictionRow>> ParticipantRestrictions::list(const QString &teamId)
{
    SqlTransaction tx(m_db, SqlTransaction::Mode::Read);
    if (!tx.ok())
        return tx.status().error();
    auto rows = m_db.exec(
        QStringLiteral(
            "SELECT r.id, r.team_id, t.name, (SELECT COUNT(*) FROM records c WHERE c.participant_id "
            "= r.id AND c.team_id = r.team_id AND c.entity <> ?) FROM records r JOIN teams t ON "
            "t.id = r.team_id WHERE r.entity = ? AND r.hidden = 1 AND r.deleted = 0")
            + (teamId.isEmpty() ? QString() : QStringLiteral(" AND r.team_id = ?")),
        teamId.isEmpty() ? QVariantList {Participant, Participant}
                         : QVariantList {Participant, Participant, teamId});
    if (!rows)
        return rows.error();
    RecordStore store(m_db, m_clock);
    QList<RestrictionRow> out;
    for (const QVariantList &row : rows->rows) {
        RestrictionRow r {
            row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), 0, row.at(3).toLongLong()};
        auto loaded = store.load(Participant, r.participantId);
        if (!loaded)
            return loaded.error();
        if (loaded.value()) {
            if (const auto clock = Hlc::parse((*loaded)->record.clocks.value(Restricted)))
                r.restrictedAt = clock->wallMs;
        }
        out.append(r);
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    std::sort(out.begin(), out.end(), [](const RestrictionRow &a, const RestrictionRow &b) {
        return a.restrictedAt != b.restrictedAt ? a.restrictedAt < b.restrictedAt
                                                : a.participantId < b.participantId;
    });
    return out;
}

Result<qint64> ParticipantRestrictions::lift(const QString &participantId)
{
    if (!Schema::isValidId(participantId))
        return makeError(ErrorCode::Invalid, QStringLiteral("a participant id is a UUID"));
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    RecordStore store(m_db, m_clock);
    auto participant = store.load(Participant, participantId);
    if (!participant)
        return participant.error();
    if (!participant.value())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such participant"));
    StoredRecord lifted = *participant.value();
    if (!lifted.hidden)
        return makeError(ErrorCode::Conflict, QStringLiteral("the participant is not restricted"));
    // The team's feed row first, as every writer takes it (RecordStore::save).
    if (auto team
        = m_db.exec(QStringLiteral("SELECT id FROM teams WHERE id = ?") + m_db.forUpdate(), {lifted.teamId});
        !team)
        return team.error();

    auto refs = store.participantRecords(lifted.teamId, participantId);
    if (!refs)
        return refs.error();
    lifted.record.values.insert(Restricted, false);
    lifted.record.clocks.insert(Restricted, m_hlc.now().toString());
    lifted.hidden = false;
    if (Status s = store.save(lifted, lifted.teamId); !s)
        return s.error();
    qint64 count = 1;
    for (const RecordRef &ref : refs.value()) {
        if (ref.entity == Participant && ref.id == participantId)
            continue;
        auto loaded = store.load(ref.entity, ref.id);
        if (!loaded)
            return loaded.error();
        if (!loaded.value() || !loaded.value()->hidden)
            continue;
        StoredRecord shown = *loaded.value();
        shown.hidden = false;
        if (Status s = store.save(shown, shown.teamId); !s)
            return s.error();
        ++count;
    }
    if (Status s
        = AuditLog(m_db, m_clock)
              .record({{}, {}, QStringLiteral("admin-lift-restriction"), Participant, participantId, count});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return count;
}

} // namespace feltnotat::server
