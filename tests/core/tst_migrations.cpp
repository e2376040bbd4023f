#include "core/database.h"
#include "core/encryptedvfs.h"
#include "core/migrations.h"
#include "core/outbox.h"
#include "core/plainmigration.h"
#include "core/searchindex.h"
#include "core/store.h"
#include "storecheck.h"
#include "support/leakscan.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace feltnotat;

namespace {

// Fixed ids of the synthetic rows written with the old schemas.
const QString ParticipantId = QStringLiteral("0a000000-0000-4000-8000-000000000001");
const QString DeletedParticipantId = QStringLiteral("0a000000-0000-4000-8000-000000000002");
const QString EmployerId = QStringLiteral("0b000000-0000-4000-8000-000000000001");
const QString WorkplaceId = QStringLiteral("0c000000-0000-4000-8000-000000000001");
const QString ContactId = QStringLiteral("0d000000-0000-4000-8000-000000000001");
const QString EncounterId = QStringLiteral("0e000000-0000-4000-8000-000000000001");
const QString TaskId = QStringLiteral("0f000000-0000-4000-8000-000000000001");
const QString EmploymentId = QStringLiteral("1a000000-0000-4000-8000-000000000001");
const QString OldDeviceId = QStringLiteral("5c1f0e0a1b2c4d5e8f9a0b1c2d3e4f50");

QString clock(qint64 ms)
{
    return Hlc {ms, 0, OldDeviceId}.toString();
}

// {"a":clock,"b":clock} for the given field names: the clocks column as the old versions wrote it.
QString clocks(const QStringList &fields, qint64 ms)
{
    QJsonObject c;
    for (const QString &f : fields)
        c.insert(f, clock(ms));
    return QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact));
}

std::unique_ptr<Database> openDb(const QString &path)
{
    auto db = Database::open(path, Database::Durability::Normal, testdata::storeKey());
    return db ? std::move(db).value() : nullptr;
}

QStringList columns(Database &db, const QString &table)
{
    QStringList out;
    Query q = db.query(QStringLiteral("SELECT name, type FROM pragma_table_info('%1')").arg(table));
    while (q.next())
        out << q.text(0) + u' ' + q.text(1);
    return out;
}

// The schema as SQLite records it, for before/after comparisons.
QString schemaDump(Database &db)
{
    QStringList out;
    Query q = db.query(QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
    while (q.next())
        out << q.text(0) + u' ' + q.text(1) + u' ' + q.text(2);
    return out.join(u'\n');
}

bool hasTable(Database &db, const QString &name)
{
    Query q = db.query(QStringLiteral("SELECT 1 FROM sqlite_master WHERE name = ?"));
    q.bind(1, name);
    return q.next();
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;
    QString newPath() { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter)); }

    // Rows a version-1 device would have: raw SQL with the columns that version had.
    static void seedVersion1(Database &db)
    {
        const QString common = QStringLiteral("'team-a', 'user-1', '2024-03-01T08:00:00Z', 'user-1', "
                                              "'2024-03-01T08:00:00Z', ");
        const QStringList sql {
            QStringLiteral(
                "INSERT INTO participants (id, team, created_by, created_at, updated_by, updated_at,"
                " deleted, clocks, name, phone, email, programme, stage, referral_date, assigned_to,"
                " restricted) VALUES ('%1', %2 0, '%3', 'Kari Søberg', '+4791234567',"
                " 'kari@example.no', 'ips', 'job_search', '2024-02-15', 'user-1', 0)")
                .arg(ParticipantId, common,
                    clocks(
                        {QStringLiteral("team"), QStringLiteral("created_by"), QStringLiteral("created_at"),
                            QStringLiteral("updated_by"), QStringLiteral("updated_at"),
                            QStringLiteral("deleted"), QStringLiteral("name"), QStringLiteral("phone"),
                            QStringLiteral("email"), QStringLiteral("programme"), QStringLiteral("stage"),
                            QStringLiteral("referral_date"), QStringLiteral("assigned_to"),
                            QStringLiteral("restricted")},
                        1709280000000)),
            QStringLiteral(
                "INSERT INTO participants (id, team, created_by, created_at, updated_by, updated_at,"
                " deleted, clocks, name, stage) VALUES ('%1', %2 1, '%3', 'Per Tombstone', 'closed')")
                .arg(DeletedParticipantId, common,
                    clocks({QStringLiteral("team"), QStringLiteral("deleted"), QStringLiteral("name"),
                               QStringLiteral("stage")},
                        1709280000000)),
            QStringLiteral(
                "INSERT INTO employers (id, team, created_by, created_at, updated_by, updated_at, deleted,"
                " clocks, name, org_number, city, industry, relationship_stage, recruitment_agreement)"
                " VALUES ('%1', %2 0, '%3', 'Fjordkanten Møbler AS', '%4', 'Ørsta', 'Møbelindustri',"
                " 'dialogue', 1)")
                .arg(EmployerId, common,
                    clocks({QStringLiteral("team"), QStringLiteral("name")}, 1709280000000),
                    testdata::OrgNumberA),
            QStringLiteral(
                "INSERT INTO workplaces (id, team, deleted, clocks, employer_id, name, city) VALUES"
                " ('%1', 'team-a', 0, '{}', '%2', 'Avdeling Volda', 'Volda')")
                .arg(WorkplaceId, EmployerId),
            QStringLiteral(
                "INSERT INTO contacts (id, team, deleted, clocks, employer_id, workplace_id, name, role,"
                " decision_maker) VALUES ('%1', 'team-a', 0, '{}', '%2', '%3', 'Tone Lid',"
                " 'Daglig leder', 1)")
                .arg(ContactId, EmployerId, WorkplaceId),
            QStringLiteral(
                "INSERT INTO encounters (id, team, created_by, created_at, deleted, clocks, starts_at,"
                " duration_minutes, kind, channel, status, participant_id, employer_id, note, outcome,"
                " employer_contact) VALUES ('%1', 'team-a', 'user-1', '2024-03-04T09:00:00Z', 0, '{}',"
                " '2024-03-04T09:00:00Z', 45, 'three_way_meeting', 'workplace', 'completed', '%2', '%3',"
                " 'Omvisning på lageret i Åsgård.', 'Avtalt arbeidspraksis', 1)")
                .arg(EncounterId, ParticipantId, EmployerId),
            QStringLiteral(
                "INSERT INTO tasks (id, team, deleted, clocks, title, due_date, status, participant_id)"
                " VALUES ('%1', 'team-a', 0, '{}', 'Ring Tone om oppstartsdato', '2024-03-08', 'planned',"
                " '%2')")
                .arg(TaskId, ParticipantId),
            // Unsent writes with device sequence numbers 41 and 42: earlier ones were acknowledged.
            QStringLiteral(
                "INSERT INTO outbox (seq, entity, record_id, fields, created_at) VALUES"
                " (41, 'participant', '%1', '{\"name\":[\"Kari Søberg\",\"%2\"]}', '2024-03-01T08:00:00Z'),"
                " (42, 'participant', '%1', '{\"stage\":[\"job_search\",\"%2\"]}', '2024-03-01T08:00:00Z')")
                .arg(ParticipantId, clock(1709280000000)),
            QStringLiteral("INSERT INTO meta (key, value) VALUES ('device_id', '%1'), ('cursor', 'c-1234'),"
                           " ('user_id', 'user-1'), ('team_id', 'team-a')")
                .arg(OldDeviceId),
        };
        for (const QString &s : sql)
            QVERIFY2(db.exec(s).ok(), qPrintable(s + u'\n' + db.lastErrorMessage()));
    }

    // What version 2 added: career profile, encounter location and employments.
    static void seedVersion2(Database &db)
    {
        const QStringList sql {
            QStringLiteral(
                "UPDATE participants SET goals_short = 'Fast jobb i barnehage', strengths = 'Punktlig'"
                " WHERE id = '%1'")
                .arg(ParticipantId),
            QStringLiteral("UPDATE encounters SET location = 'Lageret på Hovdebygda', latitude = 62.2,"
                           " longitude = 6.1 WHERE id = '%1'")
                .arg(EncounterId),
            QStringLiteral(
                "INSERT INTO employments (id, team, deleted, clocks, participant_id, employer_id, title,"
                " start_date, hours_per_week, position_percent, competitive, measure) VALUES ('%1',"
                " 'team-a', 0, '{}', '%2', '%3', 'Lagermedarbeider', '2024-04-01', 22.5, 60, 1, 'none')")
                .arg(EmploymentId, ParticipantId, EmployerId),
        };
        for (const QString &s : sql)
            QVERIFY2(db.exec(s).ok(), qPrintable(s + u'\n' + db.lastErrorMessage()));
    }

    static QStringList hitIds(Store &store, const QString &text)
    {
        QStringList ids;
        auto hits = store.searchIndex().search(text, 50);
        if (hits) {
            for (const SearchHit &h : hits.value())
                ids << h.id;
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void fromEveryOlderVersion_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 1; v < migrations::LatestVersion; ++v)
            QTest::newRow(qPrintable(QStringLiteral("from version %1").arg(v))) << v;
    }
    void fromEveryOlderVersion()
    {
        QFETCH(int, version);
        const QString path = newPath();
        {
            auto db = openDb(path);
            QVERIFY(db);
            QVERIFY(migrations::upgrade(*db, version).ok());
            QCOMPARE(db->userVersion(), version);
            seedVersion1(*db);
            if (version >= 2)
                seedVersion2(*db);
            // From version 4 on no step rebuilds the search index: the rows are indexed as that version's
            // app would have indexed them.
            if (version >= 4)
                QVERIFY(SearchIndex(*db).rebuild().ok());
            if (QTest::currentTestFailed())
                return;
        }

        ManualClock manualClock(testdata::fixedNow());
        auto opened = Store::open(path, testdata::storeOptions(&manualClock));
        QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
        Store &store = *opened.value();
        QCOMPARE(store.database().userVersion(), migrations::LatestVersion);

        // Every field of every record type has a column of the right type.
        for (const EntitySpec &spec : Schema::instance().entities()) {
            const QStringList present = columns(store.database(), spec.table);
            for (const QString &c :
                {QStringLiteral("rid INTEGER"), QStringLiteral("id TEXT"), QStringLiteral("clocks TEXT")})
                QVERIFY2(present.contains(c), qPrintable(spec.table + u' ' + c));
            for (const FieldSpec &f : spec.fields)
                QVERIFY2(
                    present.contains(f.name + u' ' + f.sqlType()), qPrintable(spec.table + u'.' + f.name));
        }

        // The old rows are all there, with their values and clocks.
        const auto p = store.get(QStringLiteral("participant"), ParticipantId);
        QVERIFY(p);
        QCOMPARE(p->text(QStringLiteral("name")), QStringLiteral("Kari Søberg"));
        QCOMPARE(p->text(QStringLiteral("phone")), QStringLiteral("+4791234567"));
        QCOMPARE(p->text(QStringLiteral("referral_date")), QStringLiteral("2024-02-15"));
        QCOMPARE(p->value(QStringLiteral("restricted")), QVariant(false));
        QCOMPARE(p->clocks.value(QStringLiteral("name")), clock(1709280000000));
        QCOMPARE(p->text(QStringLiteral("goals_short")),
            version >= 2 ? QStringLiteral("Fast jobb i barnehage") : QString());
        QVERIFY(store.get(QStringLiteral("participant"), DeletedParticipantId, true)->isDeleted());
        const auto employer = store.get(QStringLiteral("employer"), EmployerId);
        QVERIFY(employer);
        QCOMPARE(employer->text(QStringLiteral("org_number")), testdata::OrgNumberA);
        QCOMPARE(employer->value(QStringLiteral("recruitment_agreement")), QVariant(true));
        QCOMPARE(store.get(QStringLiteral("workplace"), WorkplaceId)->text(QStringLiteral("employer_id")),
            EmployerId);
        QCOMPARE(store.get(QStringLiteral("contact"), ContactId)->text(QStringLiteral("role")),
            QStringLiteral("Daglig leder"));
        const auto encounter = store.get(QStringLiteral("encounter"), EncounterId);
        QVERIFY(encounter);
        QCOMPARE(encounter->value(QStringLiteral("duration_minutes")), QVariant(qint64(45)));
        QCOMPARE(encounter->text(QStringLiteral("note")), QStringLiteral("Omvisning på lageret i Åsgård."));
        QCOMPARE(encounter->value(QStringLiteral("latitude")), version >= 2 ? QVariant(62.2) : QVariant());
        QCOMPARE(store.get(QStringLiteral("task"), TaskId)->text(QStringLiteral("due_date")),
            QStringLiteral("2024-03-08"));
        QCOMPARE(store.get(QStringLiteral("employment"), EmploymentId).has_value(), version >= 2);

        // Device identity, cursor and unsent writes survive; sequence numbers keep counting up.
        QCOMPARE(store.deviceId(), OldDeviceId);
        QCOMPARE(store.meta(QStringLiteral("cursor")), QStringLiteral("c-1234"));
        QCOMPARE(store.identity().teamId, QStringLiteral("team-a"));
        Outbox outbox(store);
        auto pending = outbox.pending(10);
        QVERIFY(pending.ok());
        QCOMPARE(pending->size(), 2);
        QCOMPARE(pending->at(0).seq, 41);
        QCOMPARE(pending->at(0).changes.size(), 1);
        QCOMPARE(pending->at(0).changes.first().value.toString(), QStringLiteral("Kari Søberg"));
        QCOMPARE(pending->at(1).changes.first().field, QStringLiteral("stage"));
        QCOMPARE(outbox.lastSeq(), 42);
        QCOMPARE(outbox.deadLetterCount(), 0);

        // The search index is the current one, rebuilt from the rows: it finds the rows written before it
        // existed; tombstones stay out.
        QVERIFY(store.database()
                    .scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'search_index'"
                                           " AND sql LIKE '%columnsize = 0%'"))
                    .value()
            == 1);
        QCOMPARE(hitIds(store, QStringLiteral("søberg")), QStringList {ParticipantId});
        // The trigram index (version 10: contentless) holds the titles written before it: a word inside one.
        QVERIFY(
            store.database()
                .scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'search_trigram'"
                                       " AND sql LIKE '%content = ''''%' AND sql LIKE '%columnsize = 0%'"))
                .value()
            == 1);
        // Both indexes merge their segments 16 at a time (version 12), FTS5's stored setting.
        for (const char *table : {"search_index", "search_trigram"}) {
            QCOMPARE(store.database()
                         .scalar(QStringLiteral("SELECT v FROM %1_config WHERE k = 'automerge'")
                                     .arg(QString::fromLatin1(table)))
                         .value(),
                qint64(SearchIndex::AutoMerge));
        }
        QCOMPARE(hitIds(store, QStringLiteral("øberg")), QStringList {ParticipantId});
        QCOMPARE(hitIds(store, QStringLiteral("Ørsta")), QStringList {EmployerId});
        QCOMPARE(hitIds(store, QStringLiteral("åsgård")), QStringList {EncounterId});
        QVERIFY(hitIds(store, QStringLiteral("Tombstone")).isEmpty());
        if (version >= 2)
            QCOMPARE(hitIds(store, QStringLiteral("barnehage")), QStringList {ParticipantId});

        // The upgraded store takes new writes that use the new columns.
        auto closed = store.update(QStringLiteral("participant"), ParticipantId,
            {{QStringLiteral("stage"), QStringLiteral("closed")},
                {QStringLiteral("closed_outcome"), QStringLiteral("work")}});
        QVERIFY2(closed.ok(), qPrintable(closed.errorString()));
        QCOMPARE(closed->text(QStringLiteral("closed_outcome")), QStringLiteral("work"));
        auto e = store.create(QStringLiteral("encounter"),
            {{QStringLiteral("participant_id"), ParticipantId},
                {QStringLiteral("starts_at"), QStringLiteral("2026-11-23T09:00:00Z")},
                {QStringLiteral("location"), QStringLiteral("Kafé i Ørsta sentrum")}});
        QVERIFY2(e.ok(), qPrintable(e.errorString()));
        QCOMPARE(outbox.lastSeq(), 44);
        QCOMPARE(hitIds(store, QStringLiteral("sentrum")), QStringList {e->id});
        QCOMPARE(storecheck::checkSearchIndex(store), QString());
        QVERIFY(store.database().integrityCheck().ok());
    }

    // A plain store of every older version (the app before encryption) is encrypted on the first
    // start with a key, then upgraded: everything is there, nothing readable is left on disk.
    void plainStoreOfEveryVersionIsEncrypted_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 1; v <= migrations::LatestVersion; ++v)
            QTest::newRow(qPrintable(QStringLiteral("plain version %1").arg(v))) << v;
    }
    void plainStoreOfEveryVersionIsEncrypted()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QString marker = leakscan::newMarker();
        {
            auto db = Database::open(path);
            QVERIFY(db);
            QVERIFY(migrations::upgrade(**db, version).ok());
            seedVersion1(**db);
            if (version >= 2)
                seedVersion2(**db);
            QVERIFY((*db)
                        ->query(QStringLiteral("UPDATE participants SET name = ? WHERE id = ?"))
                        .bindAll(marker, ParticipantId)
                        .exec());
            sqlite3_db_config((*db)->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr); // a WAL too
        }
        QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(!leakscan::findMarkers(dir.path(), {marker}).isEmpty());

        const auto key = SecretKey::random();
        StoreOptions options;
        options.key = key;
        {
            auto opened = Store::open(path, options);
            QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
            Store &store = *opened.value();
            QCOMPARE(store.database().userVersion(), migrations::LatestVersion);
            QCOMPARE(store.get(QStringLiteral("participant"), ParticipantId)->text(QStringLiteral("name")),
                marker);
            QVERIFY(store.database().integrityCheck());
        }
        QCOMPARE(encryptedvfs::probe(path), encryptedvfs::FileFormat::Encrypted);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("store.db")});
        QCOMPARE(leakscan::findMarkers(dir.path(), {marker}), QStringList());
        QVERIFY(!Database::open(path, Database::Durability::Normal, SecretKey::random()));
    }

    // A kill during the encryption of a plain store: whichever step it hit, the next start ends
    // with the encrypted store and no plain file.
    void interruptedEncryptionIsFinished_data()
    {
        QTest::addColumn<int>("stage");
        QTest::newRow("copy half written") << 0;
        QTest::newRow("between the renames") << 1;
        QTest::newRow("plain file not yet removed") << 2;
    }
    void interruptedEncryptionIsFinished()
    {
        QFETCH(int, stage);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QString marker = leakscan::newMarker();
        const auto key = SecretKey::random();
        {
            auto db = Database::open(path);
            QVERIFY(db);
            QVERIFY(migrations::upgrade(**db).ok());
            seedVersion1(**db);
            QVERIFY((*db)
                        ->query(QStringLiteral("UPDATE participants SET name = ? WHERE id = ?"))
                        .bindAll(marker, ParticipantId)
                        .exec());
        }
        // The state each stage leaves behind, made with copies of the real files.
        QVERIFY(QFile::copy(path, dir.filePath(QStringLiteral("plain-copy"))));
        QVERIFY(plainmigration::encryptInPlace(path, key));
        QVERIFY(QFile::rename(path, dir.filePath(QStringLiteral("encrypted-copy"))));
        const QString plainCopy = dir.filePath(QStringLiteral("plain-copy"));
        const QString encryptedCopy = dir.filePath(QStringLiteral("encrypted-copy"));
        if (stage == 0) {
            QVERIFY(QFile::rename(plainCopy, path));
            QFile half(encryptedCopy);
            QVERIFY(half.resize(half.size() / 2));
            QVERIFY(QFile::rename(encryptedCopy, path + QStringLiteral(".encrypting")));
        } else if (stage == 1) {
            QVERIFY(QFile::rename(plainCopy, path + QStringLiteral(".plain")));
            QVERIFY(QFile::rename(encryptedCopy, path + QStringLiteral(".encrypting")));
        } else {
            QVERIFY(QFile::rename(plainCopy, path + QStringLiteral(".plain")));
            QVERIFY(QFile::rename(encryptedCopy, path));
        }
        StoreOptions options;
        options.key = key;
        {
            auto opened = Store::open(path, options);
            QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
            QCOMPARE(opened.value()
                         ->get(QStringLiteral("participant"), ParticipantId)
                         ->text(QStringLiteral("name")),
                marker);
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("store.db")});
        QCOMPARE(leakscan::findMarkers(dir.path(), {marker}), QStringList());
    }

    void reopenAtLatestIsNoOp()
    {
        testdata::TestStore t;
        QVERIFY(t.store);
        QVERIFY(
            t.store->create(QStringLiteral("participant"), testdata::participant(QStringLiteral("Åse Ørsta")))
                .ok());
        const QString schema = schemaDump(t.store->database());
        const auto rows = storecheck::tableRows(*t.store);
        const auto counts = storecheck::tableCounts(*t.store);
        const QString device = t.store->deviceId();

        QVERIFY(t.reopen());
        QCOMPARE(t.store->database().userVersion(), migrations::LatestVersion);
        QCOMPARE(schemaDump(t.store->database()), schema);
        QCOMPARE(storecheck::compare(rows, storecheck::tableRows(*t.store)), QString());
        QCOMPARE(storecheck::tableCounts(*t.store), counts);
        QCOMPARE(t.store->deviceId(), device);

        QVERIFY(migrations::upgrade(t.store->database()).ok());
        QCOMPARE(schemaDump(t.store->database()), schema);
        QCOMPARE(storecheck::tableCounts(*t.store), counts);
    }

    void newerDatabaseIsRefused()
    {
        const QString path = newPath();
        {
            auto db = openDb(path);
            QVERIFY(db);
            QVERIFY(db->exec(QStringLiteral(
                                 "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('keep me')"))
                        .ok());
            QVERIFY(db->setUserVersion(migrations::LatestVersion + 1).ok());
        }
        auto opened = Store::open(path, testdata::storeOptions());
        QVERIFY(!opened.ok());
        QVERIFY2(
            opened.errorString().contains(QStringLiteral("nyere versjon")), qPrintable(opened.errorString()));

        auto db = openDb(path);
        QVERIFY(db);
        QCOMPARE(db->userVersion(), migrations::LatestVersion + 1);
        QVERIFY(!hasTable(*db, QStringLiteral("participants")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM future")).value(), 1);
        QVERIFY(!migrations::upgrade(*db).ok());
    }

    void targetBeyondLatestIsRefused()
    {
        auto db = openDb(newPath());
        QVERIFY(db);
        const Status s = migrations::upgrade(*db, migrations::LatestVersion + 1);
        QVERIFY(!s.ok());
        QCOMPARE(db->userVersion(), 0);
        QVERIFY(!hasTable(*db, QStringLiteral("participants")));
    }

    void failingStepRollsBack()
    {
        const QString path = newPath();
        auto db = openDb(path);
        QVERIFY(db);
        QVERIFY(migrations::upgrade(*db, 2).ok());
        seedVersion1(*db);
        seedVersion2(*db);
        // A leftover table with a name the version-3 step wants makes that step fail half-way through.
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE dead_letters (junk TEXT)")).ok());
        const QString before = schemaDump(*db);

        const Status s = migrations::upgrade(*db);
        QVERIFY(!s.ok());
        QVERIFY(!s.errorString().isEmpty());
        QVERIFY(!db->inTransaction());
        QCOMPARE(db->userVersion(), 2);
        QCOMPARE(schemaDump(*db), before); // nothing of the step remains, e.g. the conflicts table
        QVERIFY(!hasTable(*db, QStringLiteral("conflicts")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM participants")).value(), 2);
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM outbox")).value(), 2);
        db.reset();

        auto refused = Store::open(path, testdata::storeOptions());
        QVERIFY(!refused.ok());

        // Once the obstacle is gone, the upgrade completes from where it stopped.
        db = openDb(path);
        QVERIFY(db->exec(QStringLiteral("DROP TABLE dead_letters")).ok());
        QVERIFY(migrations::upgrade(*db).ok());
        QCOMPARE(db->userVersion(), migrations::LatestVersion);
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM search_index")).value(), 6);
    }

    void earlierStepsStayWhenALaterOneFails()
    {
        auto db = openDb(newPath());
        QVERIFY(db);
        QVERIFY(migrations::upgrade(*db, 1).ok());
        seedVersion1(*db);
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE conflicts (junk TEXT)")).ok());
        QVERIFY(!migrations::upgrade(*db).ok());
        // Each step is its own transaction: step 2 committed, step 3 rolled back.
        QCOMPARE(db->userVersion(), 2);
        QVERIFY(hasTable(*db, QStringLiteral("employments")));
        QVERIFY(!hasTable(*db, QStringLiteral("search_index")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM participants")).value(), 2);
    }
};

// Every migration runs twice: on plain files (a store from before encryption, migrated before it is
// encrypted) and on encrypted stores.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestMigrations test;
    testdata::setStoreKey(nullptr);
    const int plain = QTest::qExec(&test, argc, argv);
    testdata::setStoreKey(SecretKey::random());
    const int encrypted = QTest::qExec(&test, argc, argv);
    return plain + encrypted;
}
#include "tst_migrations.moc"
