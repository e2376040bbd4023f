#pragma once

#include "clock.h"
#include "database.h"
#include "hlc.h"
#include "record.h"
#include "result.h"
#include "schema.h"
#include "searchindex.h"

#include <QObject>

#include <memory>
#include <optional>

namespace feltnotat {

// Who writes: stamped into created_by/updated_by and the team of new records.
struct Identity
{
    QString userId;
    QString teamId;
    QString userName;

    static Identity local() { return {QStringLiteral("local"), QStringLiteral("local"), QString()}; }
    bool isLocal() const { return teamId == u"local"; }
};

struct StoreOptions
{
    const Clock *clock = nullptr; // defaults to the system clock
    Database::Durability durability = Database::Durability::Normal;
    // Remote clocks further ahead of the local wall clock than this are not absorbed.
    qint64 maxClockAheadMs = 5 * 60 * 1000;
    // The data key of an encrypted store (encryptedvfs.h); null opens a plain SQLite file.
    std::shared_ptr<const SecretKey> key;
};

// The phone's local store: validated writes, each in one transaction together with its outbox
// entry and search index update; reads of single records. Queries for views live in StoreQueries,
// the outbox in Outbox, applying pulled changes in RemoteApplier.
class Store : public QObject
{
    Q_OBJECT

public:
    static Result<std::unique_ptr<Store>> open(const QString &path, const StoreOptions &options = {});
    ~Store() override;

    const QString &deviceId() const { return m_deviceId; }
    Identity identity() const { return m_identity; }
    Status setIdentity(const Identity &identity);
    // After the first login: records made before it (team "local") become the user's team's,
    // including their queued mutations.
    Status adoptLocalRecords();

    Result<Record> create(const QString &entity, const QVariantHash &values);
    // For importers and demo data that bring their own ids (which must be new, lower-case UUIDs).
    Result<Record> createWithId(const QString &entity, const QString &id, const QVariantHash &values);
    Result<Record> update(const QString &entity, const QString &id, const QVariantHash &changes);
    // create() in two steps, for importers that prepare rows on another thread: normalizeNew() checks and
    // normalises one value of a new record exactly as create() does (the field exists and may be set, the
    // value is valid; no database, no state: any thread), and createNormalized() writes a record whose
    // every value came from normalizeNew() without normalising again (an empty id makes a new one;
    // otherwise the id is checked as createWithId() does). The rules, references and everything else are
    // checked as create() does.
    static Result<QVariant> normalizeNew(const EntitySpec &spec, const QString &field, const QVariant &value);
    Result<Record> createNormalized(const QString &entity, const QString &id, const QVariantHash &normalized);
    // What createWithId() and createNormalized() check of an id the caller brings: well-formed and new.
    Status checkNewId(const QString &entity, const QString &id);
    // A participant's delete takes its live visits, tasks and employments along, in the same
    // transaction: each an ordinary delete that also writes deleted_with = the participant.
    Status remove(const QString &entity, const QString &id);
    // Undoes remove(): the same record (same id) is live again with `content`, the values it had
    // (a deleted record keeps none, so the caller holds them: the app's undo, a conflict's snapshot).
    // The deletion marker is written with the deletion's clock as its base, which the server takes as
    // a restore; it travels like any edit. A participant's restore also restores, in the same
    // transaction, exactly the records its delete took along, each with its content from `children`
    // (by id); one whose content the caller does not hold stays deleted (nothing else keeps it).
    Result<Record> restore(const QString &entity, const QString &id, const QVariantHash &content,
        const QHash<QString, QVariantHash> &children = {});
    // The live records a participant's delete would take along (tookAlong = false), or the deleted
    // ones its delete took along (true).
    QList<Record> childrenOf(const QString &participantId, bool tookAlong);
    // A record's content: every non-empty field that is not a system field (what restore() takes).
    static QVariantHash contentOf(const Record &record);

    // Many local creates in one transaction (feltnotat-cli import). Between beginBulk() and endBulk() every
    // create is validated and written with its clocks as always, but its outbox entry (when inside the
    // caller's transaction), its search entries and the saved clock wait for endBulk(), which writes them
    // (outbox entries in the order of the creates, many per statement; search entries in ascending rowid
    // order, as RemoteApplier does: FTS5 starts a new segment at every row's savepoint otherwise). An
    // update or delete in the bulk writes the waiting outbox entries first. Call endBulk()
    // inside the caller's transaction, before it commits; updates and deletes are not deferred. Inside the
    // caller's transaction a create has no savepoint of its own: a refused create writes nothing, but one
    // the database fails halfway breaks the bulk: later creates and endBulk() return that error, and the
    // caller must roll its transaction back.
    void beginBulk();
    Status endBulk();
    bool bulkBroken() const { return m_bulkBroken.has_value(); }

    std::optional<Record> get(const QString &entity, const QString &id, bool includeDeleted = false);

    QString meta(const QString &key);
    Status setMeta(const QString &key, const QString &value);
    // The meta key of the pull cursor after the last complete pull (the answer said `more: false`): every
    // write the server took up to it is in this copy. A delete sends it as "seen" (issue 20).
    static inline const QString MetaSeenCursor = QStringLiteral("sync_seen_cursor");

    Database &database() { return *m_db; }
    SearchIndex &searchIndex() { return m_search; }
    HlcClock &hlc() { return m_hlc; }
    // Persists the clock's latest value, so clocks observed from others still count after a restart.
    Status saveClock();
    const Clock &clock() const { return *m_clock; }
    const StoreOptions &options() const { return m_options; }

    // "SELECT rid, id, clocks, <fields> FROM <table>" and the record read from such a row.
    static QString selectColumns(const EntitySpec &spec);
    static Record recordFromQuery(const EntitySpec &spec, const Query &query);

    // Row access for the sync layer: reads and writes a row without validation or outbox.
    std::optional<Record> readRow(const EntitySpec &spec, const QString &id);
    // updateSearch = false leaves the search index to the caller (RemoteApplier updates it for a whole
    // batch after the rows: interleaved, every row upsert made FTS5 flush its pending terms).
    Status writeRow(const EntitySpec &spec, Record &record, bool updateSearch = true);
    // Inserts the row only if no row with its id exists (true, rid set); false leaves the table as it
    // was. Plain INSERT, no search entry: for pulled records that are new on this device.
    Result<bool> insertRowIfNew(const EntitySpec &spec, Record &record);
    Status deleteRow(const EntitySpec &spec, const Record &record);
    // A deleted record keeps no content (security review M4): every field but the system fields and
    // the references is emptied; the clocks stay, so a later restore is an ordinary sequential write.
    static void clearContent(const EntitySpec &spec, Record &record);
    void notifyRemoteApplied(const QStringList &entities);

Q_SIGNALS:
    void recordChanged(const QString &entity, const QString &id);
    void localWrite();
    void remoteApplied(const QStringList &entities);
    void identityChanged();

private:
    Store(std::unique_ptr<Database> db, const StoreOptions &options, const QString &deviceId);
    enum class WriteKind { Create, Update, Delete, Restore };
    // The meta key of the clock's latest value (saveClock(), every local write).
    static inline const QString MetaHlc = QStringLiteral("hlc");
    // normalizedAlready: the changes came through normalizeNew() (creates only).
    Result<Record> write(const QString &entity, const QString &id, const QVariantHash &changes,
        WriteKind kind, bool normalizedAlready = false);
    // One value of a write checked and normalised; `name` (if given) is set to the spec's own field name.
    static Result<QVariant> normalizeChange(const EntitySpec &spec, const QVariantHash &changes,
        const QString &field, const QVariant &value, WriteKind kind, const QString **name);
    Status checkReferences(const EntitySpec &spec, const QVariantHash &changed);
    Result<qint64> appendOutbox(const Mutation &mutation, const EntitySpec &spec);
    // The outbox entries of a bulk's creates, in the order written (endBulk(), or before another write).
    Status writeDeferredOutbox();
    struct EntitySql
    {
        QString select;
        QString upsert;
        QString insertNew;
        QString deletedOf; // whether a record exists and is deleted (references to it)
        // The spec's own strings of the system fields a write stamps: keys that EntitySpec::indexOfName finds
        // by their pointer, where sys::Team and the others took a lookup by hash in every later step.
        QString team, createdBy, createdAt, deleted, updatedBy, updatedAt;
    };
    const EntitySql &sqlFor(const EntitySpec &spec);
    // validation::formatDateTime(time), kept for the second it names.
    QString timestampText(const QDateTime &time);

    std::unique_ptr<Database> m_db;
    StoreOptions m_options;
    const Clock *m_clock;
    QString m_deviceId;
    HlcClock m_hlc;
    SearchIndex m_search;
    Identity m_identity;
    QHash<QString, EntitySql> m_sql;
    qint64 m_timestampSecond = 0;
    QString m_timestampText;
    struct DeferredSearch
    {
        const EntitySpec *spec;
        qint64 rid;
        QVariantHash values;
    };
    bool m_bulk = false;
    std::optional<Error> m_bulkBroken; // a bulk create failed after its first write
    QList<DeferredSearch> m_deferredSearch;
    struct DeferredOutbox
    {
        QString entity;
        QString recordId;
        QByteArray fields; // Mutation::changesToJsonText()
        QString createdAt;
    };
    QList<DeferredOutbox> m_deferredOutbox;
    QString m_deferredClock;
};

} // namespace feltnotat
