#include "recordstore.h"

#include "core/clock.h"
#include "office/reportcolumns.h"
#include "sqlbackend.h"
#include "sync/protocol.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {
const QString ParticipantEntity = QStringLiteral("participant");
const QString ParticipantIdField = QStringLiteral("participant_id");

QVariant fieldSeqsText(const QHash<QString, qint64> &seqs)
{
    if (seqs.isEmpty())
        return {};
    QJsonObject o;
    for (auto it = seqs.cbegin(); it != seqs.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QHash<QString, qint64> fieldSeqsFrom(const QVariant &text)
{
    QHash<QString, qint64> out;
    const QJsonObject o = QJsonDocument::fromJson(text.toString().toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isDouble())
            out.insert(it.key(), qint64(it.value().toDouble()));
    }
    return out;
}
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

void RecordStore::holdFeed(const QString &teamId, qint64 seq)
{
    m_feedTeam = teamId;
    m_feedSeq = seq;
    m_feedWritten = seq;
}

Status RecordStore::releaseFeed()
{
    if (m_feedTeam.isEmpty() || m_feedSeq == m_feedWritten)
        return Status::success();
    auto r = m_db.exec(QStringLiteral("UPDATE teams SET seq = ? WHERE id = ?"), {m_feedSeq, m_feedTeam});
    if (!r)
        return r.error();
    if (r->affected != 1)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));
    m_feedWritten = m_feedSeq;
    return Status::success();
}

const RecordStore::Facts *RecordStore::facts(const QString &entity, const QString &id) const
{
    if (!m_remember)
        return nullptr;
    const auto it = m_facts.constFind(entity + u'/' + id);
    return it == m_facts.cend() ? nullptr : &*it;
}

void RecordStore::remember(const QString &entity, const QString &id, const Facts &f)
{
    if (m_remember)
        m_facts.insert(entity + u'/' + id, f);
}

namespace {
const QString LoadColumns = QStringLiteral(
    "r.team_id, r.seq, r.participant_id, r.hidden, r.body, p.team_id, p.hidden, r.field_seqs FROM records r "
    "LEFT JOIN records p ON p.entity = 'participant' AND p.id = r.participant_id");
} // namespace

Result<StoredRecord> RecordStore::fromRow(
    const QString &entity, const QString &id, const QVariantList &row, int at)
{
    StoredRecord out;
    out.record.entity = entity;
    out.record.id = id;
    out.teamId = row.at(at).toString();
    out.seq = row.at(at + 1).toLongLong();
    out.participantId = row.at(at + 2).toString();
    out.hidden = row.at(at + 3).toLongLong() != 0;
    out.fieldSeqs = fieldSeqsFrom(row.at(at + 7));
    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(row.at(at + 4).toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !body.isObject())
        return makeError(ErrorCode::Internal, QStringLiteral("stored record body is not a JSON object"));
    if (Status s = protocol::fieldsFromJson(body.object(), out.record); !s)
        return makeError(ErrorCode::Internal,
            QStringLiteral("stored record does not match the schema: ") + s.errorString());
    remember(entity, id, {out.teamId, out.participantId, out.hidden});
    // The record's participant comes along: its restricted flag is the next question of a push.
    if (!out.participantId.isEmpty() && row.at(at + 5).isValid())
        remember(ParticipantEntity, out.participantId,
            {row.at(at + 5).toString(), out.participantId, row.at(at + 6).toLongLong() != 0});
    return out;
}

Status RecordStore::prefetch(const QList<RecordRef> &refs)
{
    if (!m_remember)
        return Status::success();
    constexpr qsizetype PerStatement = 50;
    for (qsizetype start = 0; start < refs.size(); start += PerStatement) {
        const qsizetype end = std::min(refs.size(), start + PerStatement);
        QString sql = QStringLiteral("SELECT r.entity, r.id, ") + LoadColumns + QStringLiteral(" WHERE ");
        QVariantList params;
        for (qsizetype i = start; i < end; ++i) {
            sql += i == start ? QStringLiteral("(r.entity = ? AND r.id = ?)")
                              : QStringLiteral(" OR (r.entity = ? AND r.id = ?)");
            params << refs.at(i).entity << refs.at(i).id;
            m_prefetched.insert(refs.at(i).entity + u'/' + refs.at(i).id, std::nullopt);
        }
        auto r = m_db.exec(sql, params);
        if (!r)
            return r.error();
        for (const QVariantList &row : r->rows) {
            const QString entity = row.at(0).toString();
            const QString id = row.at(1).toString();
            auto stored = fromRow(entity, id, row, 2);
            if (!stored)
                return stored.error();
            m_prefetched.insert(entity + u'/' + id, std::move(stored).value());
        }
    }
    return Status::success();
}

Result<std::optional<StoredRecord>> RecordStore::load(const QString &entity, const QString &id)
{
    if (m_remember) {
        if (const auto it = m_prefetched.constFind(entity + u'/' + id); it != m_prefetched.cend())
            return *it;
    }
    auto r = m_db.exec(
        QStringLiteral("SELECT ") + LoadColumns + QStringLiteral(" WHERE r.entity = ? AND r.id = ?"),
        {entity, id});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return std::optional<StoredRecord>();
    auto stored = fromRow(entity, id, r->rows.first(), 0);
    if (!stored)
        return stored.error();
    return std::optional<StoredRecord>(std::move(stored).value());
}

Result<bool> RecordStore::isVisible(const QString &entity, const QString &id, const QString &teamId)
{
    if (const Facts *f = facts(entity, id))
        return f->teamId == teamId && !f->hidden;
    auto r = m_db.exec(
        QStringLiteral("SELECT team_id, hidden, participant_id FROM records WHERE entity = ? AND id = ?"),
        {entity, id});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return false;
    remember(entity, id, {r->at(0, 0).toString(), r->at(0, 2).toString(), r->at(0, 1).toLongLong() != 0});
    return r->at(0, 0).toString() == teamId && r->at(0, 1).toLongLong() == 0;
}

Result<bool> RecordStore::isParticipantHidden(const QString &participantId)
{
    if (participantId.isEmpty())
        return false;
    if (const Facts *f = facts(ParticipantEntity, participantId))
        return f->hidden;
    auto r = m_db.exec(QStringLiteral("SELECT hidden, team_id FROM records WHERE entity = ? AND id = ?"),
        {ParticipantEntity, participantId});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return false;
    remember(ParticipantEntity, participantId,
        {r->at(0, 1).toString(), participantId, r->at(0, 0).toLongLong() != 0});
    return r->at(0, 0).toLongLong() != 0;
}

Result<QString> RecordStore::participantOfEncounter(const QString &encounterId)
{
    const QString encounter = QStringLiteral("encounter");
    if (const Facts *f = facts(encounter, encounterId))
        return f->participantId;
    auto r = m_db.exec(QStringLiteral("SELECT participant_id FROM records WHERE entity = ? AND id = ?"),
        {encounter, encounterId});
    if (!r)
        return r.error();
    return r->isEmpty() ? QString() : r->at(0, 0).toString();
}

Result<qint64> RecordStore::nextSeq(const QString &teamId)
{
    if (!m_feedTeam.isEmpty() && teamId == m_feedTeam)
        return ++m_feedSeq;
    auto r = m_db.exec(QStringLiteral("UPDATE teams SET seq = seq + 1 WHERE id = ? RETURNING seq"), {teamId});
    if (!r)
        return r.error();
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));
    return r->at(0, 0).toLongLong();
}

Result<QString> RecordStore::feedId(const QString &teamId)
{
    auto r = m_db.exec(QStringLiteral("SELECT feed_id FROM teams WHERE id = ?"), {teamId});
    if (!r)
        return r.error();
    return r->isEmpty() ? QString() : r->at(0, 0).toString();
}

Status RecordStore::save(StoredRecord &stored, const QString &previousTeam)
{
    auto seq = nextSeq(stored.teamId);
    if (!seq)
        return seq.error();
    stored.seq = seq.value();
    if (!previousTeam.isEmpty() && previousTeam != stored.teamId)
        stored.fieldSeqs.clear(); // numbers of the old team's feed say nothing in the new one
    for (const QString &field : std::as_const(stored.written))
        stored.fieldSeqs.insert(field, stored.seq);
    stored.written.clear();
    const QVariant fieldSeqs = fieldSeqsText(stored.fieldSeqs);
    const Record &r = stored.record;
    const QVariant participant = stored.participantId.isEmpty() ? QVariant() : QVariant(stored.participantId);
    const qint64 hidden = stored.hidden ? 1 : 0;
    const qint64 deleted = r.isDeleted() ? 1 : 0;
    const QString body = QString::fromUtf8(bodyOf(r));
    QString sql;
    QVariantList params;
    if (previousTeam.isEmpty()) {
        sql = QStringLiteral(
            "INSERT INTO records (entity, id, team_id, seq, participant_id, hidden, deleted, "
            "body, changed_at, field_seqs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        params = {r.entity, r.id, stored.teamId, stored.seq, participant, hidden, deleted, body,
            m_clock.nowMs(), fieldSeqs};
    } else {
        sql = QStringLiteral(
            "UPDATE records SET team_id = ?, seq = ?, participant_id = ?, hidden = ?, deleted = "
            "?, body = ?, changed_at = ?, field_seqs = ? WHERE entity = ? AND id = ? AND team_id = ?");
        params = {stored.teamId, stored.seq, participant, hidden, deleted, body, m_clock.nowMs(), fieldSeqs,
            r.entity, r.id, previousTeam};
    }
    // The report columns in the same transaction; on PostgreSQL in the same statement (one round trip):
    // both writes run, and the count tells whether the record's own write found its row.
    const ReportColumns::Statement office = ReportColumns::upsert(stored);
    const bool together = !office.sql.isEmpty() && m_db.kind() == SqlBackend::Kind::Postgres;
    if (together) {
        sql = QStringLiteral("WITH o AS (") + office.sql + QStringLiteral("), w AS (") + sql
            + QStringLiteral(" RETURNING 1) SELECT count(*) FROM w");
        params = office.params + params;
    }
    auto w = m_db.exec(sql, params);
    if (!w)
        return w.error();
    const qint64 written = together ? w->first().toLongLong() : w->affected;
    if (written != 1)
        return makeError(
            ErrorCode::Database, QStringLiteral("the record changed hands during the write; try again"));
    remember(r.entity, r.id, {stored.teamId, stored.participantId, stored.hidden});
    m_prefetched.remove(r.entity + u'/' + r.id); // read again if asked: the stored body is the truth
    if (together || office.sql.isEmpty())
        return Status::success();
    auto o = m_db.exec(office.sql, office.params);
    return o ? Status::success() : Status(o.error());
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
    m_facts.clear(); // restricted flags and task owners change below
    m_prefetched.clear();
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
