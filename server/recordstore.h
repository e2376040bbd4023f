#pragma once

#include "core/record.h"
#include "core/remoteapplier.h"
#include "core/result.h"

#include <QHash>

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
    // The feed number of the write that last set each field (issue 20; a field written before the server
    // kept them has none). save() gives the fields in `written` its new number.
    QHash<QString, qint64> fieldSeqs;
    QStringList written;
};

// The server's records and team change feeds. Every write takes the next number of the team's
// feed with UPDATE … RETURNING, which holds the team row lock until commit, so numbers are
// handed out in commit order (docs/server.md, "Feed order"). Callers run inside a transaction.
class RecordStore
{
public:
    RecordStore(SqlBackend &db, const Clock &clock);

    // For one push, whose transaction holds its team's row lock from the start (SELECT … FOR UPDATE):
    // the feed numbers of `teamId` are counted here from `seq` instead of one UPDATE each, and
    // releaseFeed() writes the counter back before the commit. No other writer can take a number of
    // that feed meanwhile (each one locks the team row first), so the order stays the commit order.
    void holdFeed(const QString &teamId, qint64 seq);
    Status releaseFeed();
    // Remembers the team, participant and restricted flag of every record read or written, for the
    // lookups of the same transaction (a push checks the participant of each of its encounters). Only
    // for a caller whose records change through this store alone while it lives; hideParticipant()
    // forgets them all.
    void rememberFacts() { m_remember = true; }
    // With rememberFacts(): reads the given records (and whether each exists) in one statement, so that
    // load() answers them without a statement each. A record written since is read again.
    Status prefetch(const QList<RecordRef> &refs);

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
    // The team's feed id (as in its cursors), empty when there is no such team.
    Result<QString> feedId(const QString &teamId);

    static QString participantIdOf(const Record &record);
    static QByteArray bodyOf(const Record &record);

private:
    struct Facts
    {
        QString teamId;
        QString participantId;
        bool hidden = false;
    };
    const Facts *facts(const QString &entity, const QString &id) const;
    void remember(const QString &entity, const QString &id, const Facts &f);
    // A row of team_id, seq, participant_id, hidden, body, and the participant's team_id and hidden.
    Result<StoredRecord> fromRow(const QString &entity, const QString &id, const QVariantList &row, int at);

    SqlBackend &m_db;
    const Clock &m_clock;
    bool m_remember = false;
    QHash<QString, Facts> m_facts; // entity + '/' + id
    QHash<QString, std::optional<StoredRecord>> m_prefetched; // entity + '/' + id
    QString m_feedTeam;
    qint64 m_feedSeq = 0;
    qint64 m_feedWritten = 0;
};

} // namespace feltnotat::server
