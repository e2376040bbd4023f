#pragma once

#include "core/record.h"
#include "core/remoteapplier.h"
#include "core/result.h"

#include <optional>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// A record as the server holds it: its state plus where it sits in which team's feed.
struct StoredRecord
{
    Record record;
    QString teamId;
    qint64 seq = 0;
    QString participantId; // the participant the record belongs to (itself for a participant)
    bool hidden = false; // restricted: never sent to devices
};

// The server's records and team change feeds. Every write takes the next number of the team's
// feed with UPDATE … RETURNING, which holds the team row lock until commit, so numbers are
// handed out in commit order (docs/server.md, "Feed order"). Callers run inside a transaction.
class RecordStore
{
public:
    RecordStore(SqlBackend &db, const Clock &clock);

    Result<std::optional<StoredRecord>> load(const QString &entity, const QString &id);
    // True when the record exists, belongs to the team and is not hidden.
    Result<bool> isVisible(const QString &entity, const QString &id, const QString &teamId);
    Result<bool> isParticipantHidden(const QString &participantId);
    // The participant an encounter belongs to (empty when it has none or does not exist).
    Result<QString> participantOfEncounter(const QString &encounterId);

    // Writes the record with the next number of its team's feed (sets stored.seq). A new record
    // (previousTeam empty) is inserted and never overwrites one that appeared meanwhile; an existing
    // one is only updated while it still belongs to previousTeam. Either failure is an error that
    // rolls the caller's transaction back, so concurrent writers of different teams (which do not
    // share a feed lock) can never write into each other's records.
    Status save(StoredRecord &stored, const QString &previousTeam);
    Status addDrop(const QString &teamId, const QString &entity, const QString &id);
    // A participant became restricted: hide everything that belongs to it and tell the team's devices to drop
    // it.
    Status hideParticipant(const QString &teamId, const QString &participantId);
    // Entities and ids of everything that belongs to the participant in the team (itself included).
    Result<QList<RecordRef>> participantRecords(const QString &teamId, const QString &participantId);

    Result<qint64> nextSeq(const QString &teamId);

    static QString participantIdOf(const Record &record);
    static QByteArray bodyOf(const Record &record);

private:
    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
