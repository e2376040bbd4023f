#include "migrations.h"

#include "database.h"
#include "logging.h"
#include "searchindex.h"

#include <QCoreApplication>

namespace feltnotat::migrations {

namespace {

// Columns every synced table starts with: a stable integer key for the search index, the
// record id, the bookkeeping fields, and the per-field clocks as JSON.
QString syncedTable(const char *name, const char *columns)
{
    return QStringLiteral("CREATE TABLE %1 ("
                          " rid INTEGER PRIMARY KEY,"
                          " id TEXT NOT NULL UNIQUE,"
                          " team TEXT NOT NULL,"
                          " created_by TEXT, created_at TEXT, updated_by TEXT, updated_at TEXT,"
                          " deleted INTEGER NOT NULL DEFAULT 0,"
                          " clocks TEXT NOT NULL DEFAULT '{}',"
                          " %2);")
        .arg(QString::fromLatin1(name), QString::fromLatin1(columns));
}

// Version 1: the first field release. Records, outbox and device metadata.
Status toVersion1(Database &db)
{
    QString sql;
    sql += syncedTable("participants",
        "name TEXT, phone TEXT, email TEXT, programme TEXT, stage TEXT,"
        " referral_date TEXT, first_contact_date TEXT, first_employer_contact_date TEXT,"
        " job_start_date TEXT, closed_date TEXT, assigned_to TEXT, restricted INTEGER");
    sql += syncedTable("employers",
        "name TEXT, org_number TEXT, address TEXT, postal_code TEXT, city TEXT, industry TEXT,"
        " relationship_stage TEXT, recruitment_agreement INTEGER, labour_needs TEXT");
    sql += syncedTable("workplaces", "employer_id TEXT, name TEXT, org_number TEXT, address TEXT, city TEXT");
    sql += syncedTable("contacts",
        "employer_id TEXT, workplace_id TEXT, name TEXT, role TEXT, phone TEXT, email TEXT,"
        " decision_maker INTEGER");
    sql += syncedTable("encounters",
        "starts_at TEXT, duration_minutes INTEGER, kind TEXT, channel TEXT, status TEXT,"
        " participant_id TEXT, employer_id TEXT, contact_id TEXT, note TEXT, outcome TEXT,"
        " next_step TEXT, next_step_due TEXT, shareable_with_employer INTEGER,"
        " employer_contact INTEGER");
    sql += syncedTable("tasks",
        "title TEXT, details TEXT, due_date TEXT, status TEXT, participant_id TEXT,"
        " employer_id TEXT, encounter_id TEXT, assigned_to TEXT, completed_at TEXT");
    sql += QStringLiteral("CREATE INDEX encounters_starts ON encounters(starts_at);"
                          "CREATE INDEX encounters_participant ON encounters(participant_id, starts_at);"
                          "CREATE INDEX encounters_employer ON encounters(employer_id, starts_at);"
                          "CREATE INDEX tasks_due ON tasks(due_date);"
                          "CREATE INDEX tasks_participant ON tasks(participant_id);"
                          "CREATE INDEX workplaces_employer ON workplaces(employer_id);"
                          "CREATE INDEX contacts_employer ON contacts(employer_id);"
                          "CREATE INDEX participants_name ON participants(name COLLATE NOCASE);"
                          "CREATE INDEX employers_name ON employers(name COLLATE NOCASE);"
                          // seq is the device sequence number: AUTOINCREMENT never reuses one, even after
                          // acknowledged entries are removed.
                          "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL,"
                          " record_id TEXT NOT NULL, fields TEXT NOT NULL, created_at TEXT NOT NULL);"
                          "CREATE INDEX outbox_record ON outbox(entity, record_id);"
                          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;");
    return db.exec(sql);
}

// Version 2: career profile, employments and encounter locations.
Status toVersion2(Database &db)
{
    QString sql;
    for (const char *column : {"goals_short", "goals_long", "preferences", "strengths", "work_history",
             "education", "adjustments", "disclosure_plan"})
        sql += QStringLiteral("ALTER TABLE participants ADD COLUMN %1 TEXT;")
                   .arg(QString::fromLatin1(column));
    sql += QStringLiteral("ALTER TABLE encounters ADD COLUMN location TEXT;"
                          "ALTER TABLE encounters ADD COLUMN latitude REAL;"
                          "ALTER TABLE encounters ADD COLUMN longitude REAL;");
    sql += syncedTable("employments",
        "participant_id TEXT, employer_id TEXT, workplace_id TEXT, title TEXT, start_date TEXT,"
        " end_date TEXT, hours_per_week REAL, position_percent INTEGER, hourly_wage REAL,"
        " contract_type TEXT, competitive INTEGER, measure TEXT, end_reason TEXT,"
        " follow_along_until TEXT");
    sql += QStringLiteral("CREATE INDEX employments_participant ON employments(participant_id);");
    return db.exec(sql);
}

// Version 3: full-text search, sync conflicts and the dead-letter list.
Status toVersion3(Database &db)
{
    QString sql = syncedTable("conflicts",
        "entity TEXT, record_id TEXT, participant_id TEXT, field TEXT, kept_value TEXT,"
        " lost_value TEXT, kept_clock TEXT, lost_clock TEXT, lost_by TEXT, status TEXT");
    sql += QStringLiteral(
        "CREATE INDEX conflicts_record ON conflicts(entity, record_id);"
        "CREATE TABLE dead_letters (seq INTEGER PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL,"
        " fields TEXT NOT NULL, created_at TEXT NOT NULL, reason TEXT NOT NULL, code TEXT NOT NULL,"
        " failed_at TEXT NOT NULL);"
        "CREATE TABLE resync_seen (entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT "
        "ROWID;");
    sql += QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5(title, body,"
                          " tokenize = \"unicode61 remove_diacritics 0\");");
    if (Status s = db.exec(sql); !s)
        return s;
    SearchIndex index(db);
    return index.rebuild();
}

// Version 4: the search index without its per-row token counts (columnsize=0); nothing reads them
// (searchrank.h), and writing them was a fifth of the cost of indexing a record. Rebuilt from the rows.
Status toVersion4(Database &db)
{
    if (Status s = db.exec(QStringLiteral("DROP TABLE search_index;") + SearchIndex::createSql()); !s)
        return s;
    SearchIndex index(db);
    return index.rebuild();
}

// Version 5: where a participant went when the follow-up ended (work, education, other).
Status toVersion5(Database &db)
{
    return db.exec(QStringLiteral("ALTER TABLE participants ADD COLUMN closed_outcome TEXT;"));
}

// Version 6: a trigram index over the search titles, so a word inside a compound is found ("bakeri" finds
// "Fjordbakeriet"). Filled from the word index's titles.
Status toVersion6(Database &db)
{
    // The table as version 6 made it (with content and token counts; version 9 replaces it).
    return db.exec(
        QStringLiteral("CREATE VIRTUAL TABLE search_trigram USING fts5(title, tokenize = \"trigram\");"
                       "INSERT INTO search_trigram(rowid, title)"
                       " SELECT rowid, title FROM search_index WHERE title <> '';"));
}

// Version 7: records from the server this device could not store, set aside instead of stopping
// every later pull (security review H1). Only the reference and the reason: no content.
Status toVersion7(Database &db)
{
    return db.exec(QStringLiteral("CREATE TABLE set_aside (entity TEXT NOT NULL, id TEXT NOT NULL,"
                                  " reason TEXT NOT NULL, set_aside_at TEXT NOT NULL,"
                                  " PRIMARY KEY (entity, id)) WITHOUT ROWID;"));
}

// Version 8: deletes that met this device's unsent edits, and restores of records this user deleted
// (issue 20). Local only, never synced: the snapshot of the record as this device had it lives here
// until the user resolves the entry (deletion_conflicts.h).
Status toVersion8(Database &db)
{
    return db.exec(
        QStringLiteral("CREATE TABLE deletion_conflicts (id TEXT PRIMARY KEY, kind TEXT NOT NULL,"
                       " entity TEXT NOT NULL, record_id TEXT NOT NULL, participant_id TEXT,"
                       " by_user TEXT, happened_at TEXT, snapshot TEXT, created_at TEXT NOT NULL);"
                       "CREATE INDEX deletion_conflicts_record ON deletion_conflicts(entity, record_id);"));
}

// Version 9: a participant's visits, tasks and employments remember that its delete took them along
// (deleted_with), so restoring the participant restores exactly those.
Status toVersion9(Database &db)
{
    return db.exec(QStringLiteral("ALTER TABLE encounters ADD COLUMN deleted_with TEXT;"
                                  "ALTER TABLE tasks ADD COLUMN deleted_with TEXT;"
                                  "ALTER TABLE employments ADD COLUMN deleted_with TEXT;"));
}

// Version 10: the trigram index contentless and without per-row token counts (searchindex.cpp): the same
// entries for a third less of what writing them costs a pulled batch. Refilled from the word index's titles.
Status toVersion10(Database &db)
{
    if (Status s
        = db.exec(QStringLiteral("DROP TABLE IF EXISTS search_trigram;") + SearchIndex::createTrigramSql());
        !s)
        return s;
    return SearchIndex(db).rebuildTrigrams();
}

// Version 11: a tombstone names the devices whose accepted writes its delete did not see (deleted_over,
// issue 20), so each of them tells its user.
Status toVersion11(Database &db)
{
    QString sql;
    for (const char *table : {"participants", "employers", "workplaces", "contacts", "encounters", "tasks",
             "employments", "conflicts"})
        sql += QStringLiteral("ALTER TABLE %1 ADD COLUMN deleted_over TEXT;").arg(QString::fromLatin1(table));
    return db.exec(sql);
}

// Version 12: both search indexes merge their segments only when SearchIndex::AutoMerge of one level
// have piled up, not 4 (FTS5's default): a pulled page, a save or an import batch each commit a segment,
// and merging every 4 of them rewrote the same entries again and again (a third of what the trigram
// entries of a first sync cost, bench/notes.md). Same entries, same hits; a search reads a few more
// segments, which the search benchmark does not show. Only FTS5's stored setting changes.
Status toVersion12(Database &db)
{
    return db.exec(SearchIndex::autoMergeSql());
}

// Version 13: a queued delete keeps the pull cursor of what it saw (outbox.seen, issue 20), sent as "seen".
Status toVersion13(Database &db)
{
    return db.exec(QStringLiteral("ALTER TABLE outbox ADD COLUMN seen TEXT;"));
}

using Step = Status (*)(Database &);
constexpr Step Steps[] = {toVersion1, toVersion2, toVersion3, toVersion4, toVersion5, toVersion6, toVersion7,
    toVersion8, toVersion9, toVersion10, toVersion11, toVersion12, toVersion13};
static_assert(std::size(Steps) == LatestVersion);

} // namespace

Status upgrade(Database &db, int targetVersion)
{
    const int current = db.userVersion();
    if (current < 0)
        return makeError(ErrorCode::Database, QStringLiteral("cannot read the schema version"));
    if (current > LatestVersion) {
        return makeError(ErrorCode::Database,
            QCoreApplication::translate("Store", "Databasen er laget av en nyere versjon av Feltnotat."));
    }
    if (targetVersion > LatestVersion || targetVersion < 0) {
        return makeError(ErrorCode::Database,
            QStringLiteral("no schema version %1 (latest is %2)").arg(targetVersion).arg(LatestVersion));
    }
    for (int version = current + 1; version <= targetVersion; ++version) {
        Transaction txn(db);
        if (!txn.ok())
            return txn.status();
        if (Status s = Steps[version - 1](db); !s)
            return s;
        if (Status s = db.setUserVersion(version); !s)
            return s;
        if (Status s = txn.commit(); !s)
            return s;
        qCDebug(lcCore) << "database schema upgraded to version" << version;
    }
    return Status::success();
}

} // namespace feltnotat::migrations
