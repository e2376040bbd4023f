#include "recordstore.h"

#include "core/clock.h"
#include "office/reportcolumns.h"
#include "sqlbackend.h"
#include "sync/protocol.h"

#include <QJsonDocument>

namespace feltnotat::server {

namespace {
const QString ParticipantEntity = QStringLiteral("participant");
const QString ParticipantIdField = QStringLiteral("participant_id");
} // namespace

RecordStore::RecordStore(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

QString RecordStore::participantIdOf(const Record &record)
{
    if (record.entity == ParticipantEntity)
        return record.id;
    return record.values.value(ParticipantIdField).toString();
}

QByteArray RecordStore::bodyOf(const Record &record)
{
    return QJsonDocument(protocol::fieldsToJson(record)).toJson(QJsonDocument::Compact);
}

Result<std::optional<StoredRecord>> RecordStore::load(const QString &entity, const QString &id)
{
    auto r = m_db.exec(
        QStringLiteral(
            "SELECT team_id, seq, participant_id, hidden, body FROM records WHERE entity = ? AND id = ?"),
        {entity, id});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return std::optional<StoredRecord>();
    StoredRecord out;
    out.record.entity = entity;
    out.record.id = id;
    out.teamId = r->at(0, 0).toString();
    out.seq = r->at(0, 1).toLongLong();
    out.participantId = r->at(0, 2).toString();
    out.hidden = r->at(0, 3).toLongLong() != 0;
    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(r->at(0, 4).toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !body.isObject())
        return makeError(ErrorCode::Internal, QStringLiteral("stored record body is not a JSON object"));
    if (Status s = protocol::fieldsFromJson(body.object(), out.record); !s)
        return makeError(ErrorCode::Internal,
            QStringLiteral("stored record does not match the schema: ") + s.errorString());
    return std::optional<StoredRecord>(std::move(out));
}

Result<bool> RecordStore::isVisible(const QString &entity, const QString &id, const QString &teamId)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT team_id, hidden FROM records WHERE entity = ? AND id = ?"), {entity, id});
    if (!r)
        return r.error();
    return !r->isEmpty() && r->at(0, 0).toString() == teamId && r->at(0, 1).toLongLong() == 0;
}

Result<bool> RecordStore::isParticipantHidden(const QString &participantId)
{
    if (participantId.isEmpty())
        return false;
    auto r = m_db.exec(QStringLiteral("SELECT hidden FROM records WHERE entity = ? AND id = ?"),
        {ParticipantEntity, participantId});
    if (!r)
        return r.error();
    return !r->isEmpty() && r->at(0, 0).toLongLong() != 0;
}

Result<QString> RecordStore::participantOfEncounter(const QString &encounterId)
{
    auto r = m_db.exec(QStringLiteral("SELECT participant_id FROM records WHERE entity = ? AND id = ?"),
        {QStringLiteral("encounter"), encounterId});
    if (!r)
        return r.error();
    return r->isEmpty() ? QString() : r->at(0, 0).toString();
}

Result<qint64> RecordStore::nextSeq(const QString &teamId)
{
    auto r = m_db.exec(QStringLiteral("UPDATE teams SET seq = seq + 1 WHERE id = ? RETURNING seq"), {teamId});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));
    return r->at(0, 0).toLongLong();
}

Status RecordStore::save(StoredRecord &stored, const QString &previousTeam)
{
    auto seq = nextSeq(stored.teamId);
    if (!seq)
        return seq.error();
    stored.seq = seq.value();
    const Record &r = stored.record;
    const QVariant participant = stored.participantId.isEmpty() ? QVariant() : QVariant(stored.participantId);
    const qint64 hidden = stored.hidden ? 1 : 0;
    const qint64 deleted = r.isDeleted() ? 1 : 0;
    const QString body = QString::fromUtf8(bodyOf(r));
    Result<SqlRows> w = previousTeam.isEmpty()
        ? m_db.exec(
            QStringLiteral(
                "INSERT INTO records (entity, id, team_id, seq, participant_id, hidden, deleted, body, "
                "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {r.entity, r.id, stored.teamId, stored.seq, participant, hidden, deleted, body, m_clock.nowMs()})
        : m_db.exec(
            QStringLiteral(
                "UPDATE records SET team_id = ?, seq = ?, participant_id = ?, hidden = ?, deleted = ?, "
                "body = ?, changed_at = ? WHERE entity = ? AND id = ? AND team_id = ?"),
            {stored.teamId, stored.seq, participant, hidden, deleted, body, m_clock.nowMs(), r.entity, r.id,
                previousTeam});
    if (!w)
        return w.error();
    if (w->affected != 1)
        return makeError(
            ErrorCode::Database, QStringLiteral("the record changed hands during the write; try again"));
    return ReportColumns::write(m_db, stored);
}

Status RecordStore::addDrop(const QString &teamId, const QString &entity, const QString &id)
{
    auto seq = nextSeq(teamId);
    if (!seq)
        return seq.error();
    auto w = m_db.exec(
        QStringLiteral("INSERT INTO drops (team_id, seq, entity, id, created_at) VALUES (?, ?, ?, ?, ?)"),
        {teamId, seq.value(), entity, id, m_clock.nowMs()});
    return w ? Status::success() : Status(w.error());
}

Result<QList<RecordRef>> RecordStore::participantRecords(const QString &teamId, const QString &participantId)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT entity, id, hidden FROM records WHERE participant_id = ? AND team_id = ? "
                       "ORDER BY seq"),
        {participantId, teamId});
    if (!r)
        return r.error();
    QList<RecordRef> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString()});
    return out;
}

Status RecordStore::hideParticipant(const QString &teamId, const QString &participantId)
{
    // A task tied to the participant only through one of its encounters takes that participant at its
    // write; one stored before that rule (security review L2) is found by its encounter and goes too.
    auto encounters = m_db.exec(
        QStringLiteral(
            "SELECT id FROM records WHERE entity = 'encounter' AND participant_id = ? AND team_id = ?"),
        {participantId, teamId});
    if (!encounters)
        return encounters.error();
    for (const QVariantList &row : encounters->rows) {
        // Bodies are compact JSON, a reference field is ["<uuid>","<clock>"]: no LIKE wildcard in a UUID.
        const QString pattern
            = QStringLiteral("%\"encounter_id\":[\"") + row.at(0).toString() + QStringLiteral("\"%");
        if (auto r
            = m_db.exec(QStringLiteral("UPDATE records SET participant_id = ? WHERE entity = 'task' AND "
                                       "team_id = ? AND participant_id IS NULL AND body LIKE ?"),
                {participantId, teamId, pattern});
            !r)
            return r.error();
    }
    auto visible
        = m_db.exec(QStringLiteral("SELECT entity, id FROM records WHERE participant_id = ? AND team_id = ? "
                                   "AND hidden = 0 ORDER BY seq"),
            {participantId, teamId});
    if (!visible)
        return visible.error();
    if (auto r
        = m_db.exec(QStringLiteral("UPDATE records SET hidden = 1 WHERE participant_id = ? AND team_id = ?"),
            {participantId, teamId});
        !r)
        return r.error();
    if (Status s = ReportColumns::hideParticipant(m_db, teamId, participantId); !s)
        return s;
    for (const QVariantList &row : visible->rows) {
        if (Status s = addDrop(teamId, row.at(0).toString(), row.at(1).toString()); !s)
            return s;
    }
    return Status::success();
}

} // namespace feltnotat::server
