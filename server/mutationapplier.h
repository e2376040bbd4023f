#pragma once

#include "accounts.h"
#include "core/merge.h"
#include "core/result.h"
#include "recordstore.h"
#include "sync/protocol.h"

#include <QHash>

#include <optional>

namespace feltnotat {
class Clock;
class HlcClock;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;

// Applies one pushed mutation inside the push's transaction: scope and authorisation, clock
// skew, server-owned fields, references, the field-level merge, validation, conflict records and
// the restricted flag. A mutation is either applied or rejected; only a database failure is an error.
class MutationApplier
{
public:
    MutationApplier(SqlBackend &db, const Clock &clock, HlcClock &hlc, qint64 maxClockSkewMs);

    // nullopt when applied; the rejection otherwise.
    Result<std::optional<protocol::PushRejection>> apply(
        const DeviceIdentity &who, const protocol::PushItem &item);

    // Fields and records written, for the audit log of the push.
    const QList<RecordRef> &written() const { return m_written; }
    // The push holds its team's row lock: feed numbers from `seq` on, written back by releaseFeed()
    // (RecordStore::holdFeed).
    void holdFeed(const QString &teamId, qint64 seq) { m_store.holdFeed(teamId, seq); }
    Status releaseFeed() { return m_store.releaseFeed(); }
    // Reads the records the push names in one statement (RecordStore::prefetch).
    Status prefetch(const QList<RecordRef> &refs) { return m_store.prefetch(refs); }

private:
    Result<std::optional<protocol::PushRejection>> applyChanges(
        const DeviceIdentity &who, const Mutation &mutation, const std::optional<StoredRecord> &existing);
    void restampClocks(QList<FieldChange> &changes);
    Result<std::optional<Error>> checkReferences(const DeviceIdentity &who, const EntitySpec &spec,
        const QList<FieldChange> &changes, const std::optional<StoredRecord> &existing);
    Status writeConflict(const DeviceIdentity &who, const StoredRecord &record, const FieldConflict &conflict,
        bool pushedValueLost);
    // The devices of the team whose writes to `before` a delete (its `changes`, made after the pull that
    // ended at `seenCursor`) did not see (issue 20).
    Result<QStringList> unseenWriters(const DeviceIdentity &who, const StoredRecord &before,
        const QList<FieldChange> &changes, const QString &seenCursor);
    // Of the devices named on `tombstone`, those a restore by `who` writes over: their writes to its
    // content were the last, and the restore's content replaces them (issue 20).
    static QStringList restoredOver(
        const EntitySpec &spec, const DeviceIdentity &who, const Record &tombstone);
    // Adds `devices` to the names on a deleted participant's tombstone (what its delete took along).
    Status addDeletedOver(const DeviceIdentity &who, const QString &participantId, const QStringList &devices,
        const QString &clock);
    // The user of the device a clock names, if that device belongs to the team.
    Result<QString> userOfClock(const QString &clock, const QString &teamId);

    static protocol::PushRejection reject(
        qint64 seq, const Error &error, const std::optional<StoredRecord> &existing, const QString &teamId);

    SqlBackend &m_db;
    const Clock &m_clock;
    HlcClock &m_hlc;
    qint64 m_maxClockSkewMs;
    RecordStore m_store;
    QHash<QString, QString> m_restamped; // device clock -> server clock, within one push
    QList<RecordRef> m_written;
};

} // namespace feltnotat::server
