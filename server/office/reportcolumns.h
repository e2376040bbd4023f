#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace feltnotat {
struct EntitySpec;
struct FieldSpec;
} // namespace feltnotat

namespace feltnotat::server {

class SqlBackend;
struct StoredRecord;

// The records' fields as typed, indexed columns, one table per entity (office_participant, …), so
// that the office API, OData and the lead reports filter and count without reading JSON bodies.
// Kept in the same transaction as every record write (RecordStore::save), so they never disagree.
// The tables follow core/schema: at start ensure() creates a missing table, adds columns for new
// fields and refills the table from the records' bodies whenever its field list changed.
class ReportColumns
{
public:
    static QString tableOf(const QString &entity) { return QStringLiteral("office_") + entity; }
    // The column of a field: the field name, except team → team_id (deleted and id as they are).
    static QString columnOf(const QString &field);
    // Fields that get a column (every field of the entity).
    static QStringList columns(const EntitySpec &spec);
    // Entities that are exposed to office systems (every synced type except conflicts).
    static QStringList entities();

    static Status ensure(SqlBackend &db);
    // Upserts the record's row; created_seq stays that of its first write.
    static Status write(SqlBackend &db, const StoredRecord &stored);
    // The statement write() runs (empty for a type without columns: conflicts), for a caller that sends
    // it together with the record's own write.
    struct Statement
    {
        QString sql;
        QVariantList params;
    };
    static Statement upsert(const StoredRecord &stored);
    static Status hideParticipant(SqlBackend &db, const QString &teamId, const QString &participantId);
    // Removes rows whose record is gone (compaction of tombstones).
    static Status prune(SqlBackend &db, const QString &teamId);

private:
    static Status refill(SqlBackend &db, const EntitySpec &spec);
};

} // namespace feltnotat::server
