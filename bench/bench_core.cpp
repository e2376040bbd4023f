// feltnotat-bench-core: local store benchmarks (no network).
//   save   --n N            : Store::create of one encounter per transaction (WAL)
//   apply  --records N [--batch B] : RemoteApplier in batches of the pull page (B) vs plain SQLite INSERTs
//                            in one transaction
//   search --notes N [--employers M] [--queries "a;b"] [--reuse] : SearchIndex::search over N encounter
//                            notes and M employers with compound names (words inside them found by the
//                            trigram index); --queries replaces the query set, --reuse searches the
//                            workdir's search.db of an earlier run instead of loading a new one (to
//                            compare two builds on the same file)
//   import --records N      : feltnotat-cli import of N records from JSON Lines (participants, employers,
//                            encounters and tasks that refer to them by "@ref"), in this process
//   appdata --dir DIR --records N : a data folder for the app start benchmark (records as if pulled)
//   crypto [--n N] [--records N] [--notes N] [--employers M] [--rounds R] [--wal-format 1|2] : save,
//                            apply and search on a plain store and on an encrypted one (the device's),
//                            alternately in one run; --wal-format 1: the encrypted WAL as before 2026-12-07
#include "app/cli/cli.h"
#include "benchutil.h"
#include "core/encryptedvfs.h"
#include "core/remoteapplier.h"
#include "core/searchindex.h"
#include "core/secretkey.h"
#include "core/store.h"
#include "sync/protocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include <cstdio>
#include <ctime>
#include <sqlite3.h>

using namespace feltnotat;
using namespace feltnotat::bench;

namespace {

int fail(const QString &what, const QString &why)
{
    std::fprintf(stderr, "feltnotat-bench-core: %s: %s\n", qPrintable(what), qPrintable(why));
    return 1;
}

// CPU time of the calling thread (the store's writer or a search), nanosecond resolution.
double threadCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

// A plain SQLite file, or one encrypted as the device's store is (encryptedvfs.h) under a fresh data key.
enum class Crypto { Plain, Encrypted };

std::unique_ptr<Store> openStore(const QString &path, Crypto crypto = Crypto::Plain)
{
    StoreOptions options;
    if (crypto == Crypto::Encrypted)
        options.key = SecretKey::random();
    auto store = Store::open(path, options);
    if (!store) {
        std::fprintf(stderr, "cannot open store: %s\n", qPrintable(store.errorString()));
        return nullptr;
    }
    return std::move(store).value();
}

// A participant for encounters to refer to, and the values of one demo encounter.
QString firstParticipant(Store &store, QVariantHash *encounterValues)
{
    const QList<DemoRecord> demo
        = demoData(QDate::currentDate(), QTimeZone::systemTimeZone(), QStringLiteral("local"));
    QString participant;
    for (const DemoRecord &r : demo) {
        if (r.entity == u"participant" && participant.isEmpty()) {
            auto created = store.create(r.entity, r.values);
            if (!created)
                return {};
            participant = created->id;
        }
        if (r.entity == u"encounter" && encounterValues->isEmpty()) {
            *encounterValues = r.values;
            encounterValues->remove(QStringLiteral("employer_id"));
            encounterValues->insert(QStringLiteral("employer_contact"), false);
        }
    }
    encounterValues->insert(QStringLiteral("participant_id"), participant);
    return participant;
}

int benchSave(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("n"), 5000);
    auto store = openStore(QDir(dir).filePath(QStringLiteral("save.db")));
    if (!store)
        return 1;
    QVariantHash values;
    if (firstParticipant(*store, &values).isEmpty())
        return fail(QStringLiteral("save"), QStringLiteral("no participant"));
    QList<double> samples;
    samples.reserve(n);
    const auto start = Timer::now();
    for (qint64 i = 0; i < n; ++i) {
        values.insert(QStringLiteral("note"), syntheticNote(quint32(i)));
        const auto t = Timer::now();
        auto created = store->create(QStringLiteral("encounter"), values);
        samples << msSince(t);
        if (!created)
            return fail(QStringLiteral("save"), created.errorString());
    }
    const double totalMs = msSince(start);
    QJsonObject o = statsJson(stats(samples));
    o.insert(QStringLiteral("saves_per_s"), std::round(n / (totalMs / 1000.0)));
    o.insert(QStringLiteral("total_ms"), std::round(totalMs));
    report(QStringLiteral("save_encounter"), o);
    return 0;
}

// The same rows with plain prepared INSERTs (row + search entry) in one transaction. The values are
// converted to what SQLite binds (UTF-8 text, clocks JSON, search text) before the clock starts, so the
// figure is SQLite's own cost: the baseline the applier is held to. Search modes: Sorted writes the
// rows, then their search entries in rowid order (what FTS5 is fastest at, the baseline); Interleaved
// writes each row's entry right after it (FTS5 then flushes a segment per row; context only).
enum class PlainSearch { None, Sorted, Interleaved };
struct PlainRow
{
    const EntitySpec *spec;
    QList<QVariant> binds; // id, clocks, fields; text already as QByteArray (UTF-8)
    QByteArray title, body;
};

void bindPlain(sqlite3_stmt *stmt, int index, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        sqlite3_bind_null(stmt, index);
    else if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray &b = *static_cast<const QByteArray *>(value.constData());
        sqlite3_bind_text(stmt, index, b.constData(), int(b.size()), SQLITE_STATIC);
    } else if (value.typeId() == QMetaType::Double)
        sqlite3_bind_double(stmt, index, value.toDouble());
    else
        sqlite3_bind_int64(stmt, index, value.toLongLong());
}

QVariant plainValue(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    switch (v.typeId()) {
    case QMetaType::Bool:
        return qint64(v.toBool() ? 1 : 0);
    case QMetaType::Int:
    case QMetaType::LongLong:
        return v.toLongLong();
    case QMetaType::Double:
        return v.toDouble();
    default:
        return v.toString().toUtf8();
    }
}

// commitEvery > 0 commits after that many rows (with their search entries), as the applier commits
// once per pulled page.
Result<double> plainInsert(Store &store, const QList<Record> &records, PlainSearch search, int commitEvery)
{
    QList<PlainRow> rows;
    rows.reserve(records.size());
    for (const Record &r : records) {
        PlainRow row {Schema::instance().entity(r.entity), {}, {}, {}};
        row.binds << r.id.toUtf8() << clocksToJson(r.clocks);
        for (const FieldSpec &f : row.spec->fields)
            row.binds << plainValue(r.values.value(f.name));
        row.title = SearchIndex::joined(r.values, row.spec->titleFields).toUtf8();
        row.body = SearchIndex::joined(r.values, row.spec->bodyFields).toUtf8();
        rows << row;
    }
    sqlite3 *db = store.database().handle();
    QHash<const EntitySpec *, sqlite3_stmt *> inserts;
    sqlite3_stmt *fts = nullptr;
    sqlite3_prepare_v2(
        db, "INSERT INTO search_index(rowid, title, body) VALUES (?, ?, ?)", -1, &fts, nullptr);
    for (const EntitySpec &spec : Schema::instance().entities()) {
        QStringList columns, marks;
        for (const FieldSpec &f : spec.fields) {
            columns << f.name;
            marks << QStringLiteral("?");
        }
        const QByteArray sql
            = QString(QStringLiteral("INSERT INTO ") + spec.table + QStringLiteral(" (id, clocks, ")
                + columns.join(u", ") + QStringLiteral(") VALUES (?, ?, ") + marks.join(u", ") + u')')
                  .toUtf8();
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) != SQLITE_OK)
            return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
        inserts.insert(&spec, stmt);
    }
    struct SearchEntry
    {
        qint64 rowid;
        const PlainRow *row;
    };
    QList<SearchEntry> entries;
    entries.reserve(rows.size());
    const auto insertEntry = [&](const SearchEntry &e) {
        sqlite3_bind_int64(fts, 1, e.rowid);
        sqlite3_bind_text(fts, 2, e.row->title.constData(), int(e.row->title.size()), SQLITE_STATIC);
        sqlite3_bind_text(fts, 3, e.row->body.constData(), int(e.row->body.size()), SQLITE_STATIC);
        const bool ok = sqlite3_step(fts) == SQLITE_DONE;
        sqlite3_reset(fts);
        return ok;
    };
    const auto flushEntries = [&]() {
        std::sort(entries.begin(), entries.end(),
            [](const SearchEntry &a, const SearchEntry &b) { return a.rowid < b.rowid; });
        for (const SearchEntry &e : std::as_const(entries)) {
            if (!insertEntry(e))
                return false;
        }
        entries.clear();
        return true;
    };
    const auto start = Timer::now();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    qsizetype n = 0;
    for (const PlainRow &row : rows) {
        if (commitEvery > 0 && n > 0 && n % commitEvery == 0) {
            if (!flushEntries())
                return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
            if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK
                || sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
                return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
        }
        ++n;
        sqlite3_stmt *stmt = inserts.value(row.spec);
        for (qsizetype i = 0; i < row.binds.size(); ++i)
            bindPlain(stmt, int(i) + 1, row.binds.at(i));
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_reset(stmt);
        if (search != PlainSearch::None && row.spec->searchKind)
            entries.append({sqlite3_last_insert_rowid(db) * 8 + row.spec->searchKind, &row});
        if (search == PlainSearch::Interleaved && !entries.isEmpty()) {
            if (!insertEntry(entries.takeLast()))
                return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
        }
    }
    if (!flushEntries())
        return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(db)));
    const double ms = msSince(start);
    for (sqlite3_stmt *s : std::as_const(inserts))
        sqlite3_finalize(s);
    sqlite3_finalize(fts);
    return ms;
}

// Records as the sync engine hands them to the applier: sent as pull pages and parsed back by the
// protocol's own parser.
QList<Record> pulledRecords(qint64 n, int *scale)
{
    const QString team = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString user = QUuid::createUuid().toString(QUuid::WithoutBraces);
    HlcClock hlc(SystemClock::instance(), QStringLiteral("srv0123456789abcdef"));
    QList<Record> made;
    for (const DemoRecord &d : demoRecords(n, user, scale))
        made << pulledRecord(d, team, user, hlc.now().toString());
    QList<Record> out;
    out.reserve(made.size());
    for (qsizetype i = 0; i < made.size(); i += protocol::limits::AppPullLimit) {
        protocol::PullResponse page;
        page.changes = made.mid(i, protocol::limits::AppPullLimit);
        page.cursor = QStringLiteral("bench");
        auto parsed = protocol::PullResponse::parse(page.toJson());
        if (!parsed)
            qFatal("pull page does not parse: %s", qPrintable(parsed.errorString()));
        out << parsed->changes;
    }
    return out;
}

// RemoteApplier over `records` in batches of `size` into a fresh store at `path`: wall milliseconds.
Result<double> applyAll(
    const QList<Record> &records, int size, const QString &path, Crypto crypto, QList<double> *times)
{
    auto applied = openStore(path, crypto);
    if (!applied)
        return makeError(ErrorCode::Database, QStringLiteral("cannot open the store"));
    RemoteApplier applier(*applied);
    const auto start = Timer::now();
    for (qsizetype i = 0; i < records.size(); i += size) {
        const auto t = Timer::now();
        const Status s = applier.apply(records.mid(i, size), {},
            {{QStringLiteral("sync_cursor"), QStringLiteral("bench:%1").arg(i + size)}});
        if (times)
            *times << msSince(t);
        if (!s)
            return s.error();
    }
    return msSince(start);
}

// Context: the applier with the pull page the sync engine used before (1,000 records).
constexpr int SmallBatch = 1000;

struct ApplyRun
{
    double apply = 0, small = 0, plain = 0, paged = 0, bare = 0, interleaved = 0; // records/s
    double ratio() const { return apply / plain; }
};

// One run on fresh files in `dir`: the applier, then the plain baselines.
Result<ApplyRun> applyOnce(
    const QList<Record> &records, int batch, const QString &dir, QList<double> &batches)
{
    const auto rate = [&](double ms) {
        return records.size() / (ms / 1000.0);
    };
    const auto applyInBatches = [&](int size, const QString &file, QList<double> *times) -> Result<double> {
        auto ms = applyAll(records, size, QDir(dir).filePath(file), Crypto::Plain, times);
        if (!ms)
            return ms.error();
        return rate(ms.value());
    };
    ApplyRun run;
    auto applied = applyInBatches(batch, QStringLiteral("apply.db"), &batches);
    if (!applied)
        return applied.error();
    run.apply = applied.value();
    auto small = applyInBatches(SmallBatch, QStringLiteral("apply-small.db"), nullptr);
    if (!small)
        return small.error();
    run.small = small.value();
    struct Baseline
    {
        PlainSearch search;
        int commitEvery;
        double *out;
    };
    const Baseline baselines[]
        = {{PlainSearch::Sorted, 0, &run.plain}, {PlainSearch::Sorted, batch, &run.paged},
            {PlainSearch::None, 0, &run.bare}, {PlainSearch::Interleaved, 0, &run.interleaved}};
    int file = 0;
    for (const auto &[mode, commitEvery, out] : baselines) {
        auto plain = openStore(QDir(dir).filePath(QStringLiteral("plain%1.db").arg(file++)));
        if (!plain)
            return makeError(ErrorCode::Database, QStringLiteral("cannot open the store"));
        auto ms = plainInsert(*plain, records, mode, commitEvery);
        if (!ms)
            return ms.error();
        *out = rate(ms.value());
    }
    return run;
}

// The machine's speed moves by a third from minute to minute (other work on the same cores), so the
// figure is the median of several runs on fresh files, each run with its own baseline; all runs are kept.
int benchApply(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("records"), 50000);
    // Batches as the sync engine pulls them (SyncEngine::Options::pullLimit).
    const int batch = int(args.integer(QStringLiteral("batch"), protocol::limits::AppPullLimit));
    const int runs = int(std::max<qint64>(1, args.integer(QStringLiteral("runs"), 5)));
    int scale = 0;
    const QList<Record> records = pulledRecords(n, &scale);
    QList<ApplyRun> done;
    QList<double> batches;
    for (int i = 0; i < runs; ++i) {
        const QString runDir = QDir(dir).filePath(QStringLiteral("apply-run%1").arg(i));
        QDir().mkpath(runDir);
        auto run = applyOnce(records, batch, runDir, batches);
        QDir(runDir).removeRecursively();
        if (!run)
            return fail(QStringLiteral("apply"), run.errorString());
        done << run.value();
    }
    const auto medianOf = [&](auto field) {
        QList<double> v;
        for (const ApplyRun &r : std::as_const(done))
            v << field(r);
        return stats(v).median;
    };
    QJsonArray perRun;
    for (const ApplyRun &r : std::as_const(done)) {
        perRun.append(QJsonObject {{QStringLiteral("apply"), std::round(r.apply)},
            {QStringLiteral("plain"), std::round(r.plain)},
            {QStringLiteral("ratio"), std::round(r.ratio() * 1000) / 1000}});
    }
    QJsonObject o {{QStringLiteral("records"), records.size()}, {QStringLiteral("batch"), batch},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("apply_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.apply; }))},
        {QStringLiteral("apply_small_batch"), SmallBatch},
        {QStringLiteral("apply_small_batch_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.small; }))},
        {QStringLiteral("plain_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.plain; }))},
        {QStringLiteral("plain_paged_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.paged; }))},
        {QStringLiteral("plain_without_search_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.bare; }))},
        {QStringLiteral("plain_interleaved_records_per_s"),
            std::round(medianOf([](const ApplyRun &r) { return r.interleaved; }))},
        {QStringLiteral("ratio"),
            std::round(medianOf([](const ApplyRun &r) { return r.ratio(); }) * 1000) / 1000},
        {QStringLiteral("per_run"), perRun}, {QStringLiteral("batch_stats"), statsJson(stats(batches))}};
    report(QStringLiteral("apply_pulled"), o);
    return 0;
}

// The search benchmark's data: n encounter notes and `employers` employers with compound names.
int loadSearchData(Store &store, qint64 n, qint64 employers, double *loadMs)
{
    QVariantHash values;
    const QString participant = firstParticipant(store, &values);
    if (participant.isEmpty())
        return fail(QStringLiteral("search"), QStringLiteral("no participant"));
    // Loaded as pulled records (one applier batch per 5,000), the way a device gets them.
    const QString team = QUuid::createUuid().toString(QUuid::WithoutBraces);
    HlcClock hlc(SystemClock::instance(), QStringLiteral("srv0123456789abcdef"));
    RemoteApplier applier(store);
    const auto loadStart = Timer::now();
    QList<Record> batch;
    for (qint64 i = 0; i < n; ++i) {
        DemoRecord d {
            QStringLiteral("encounter"), QUuid::createUuid().toString(QUuid::WithoutBraces), values};
        d.values.insert(QStringLiteral("note"), syntheticNote(quint32(i) + 1000000));
        batch << pulledRecord(d, team, QStringLiteral("bench"), hlc.now().toString());
        if (batch.size() == 5000 || i == n - 1) {
            if (Status s = applier.apply(batch, {}, {}); !s)
                return fail(QStringLiteral("search load"), s.errorString());
            batch.clear();
        }
    }
    // Employers named as Norwegian firms are: a place and a trade in one word ("Fjordbakeriet",
    // "Sveisebakken").
    static const char *const Places[]
        = {"Fjord", "Berg", "Dal", "Vik", "Nord", "Sjø", "Øy", "Lia", "Å", "Strand"};
    static const char *const Trades[] = {"bakeriet", "bakken", "sveis", "verkstedet", "kroa", "hagen",
        "snekkeriet", "vask", "hotellet", "kafeen", "trykkeriet", "transport"};
    for (qint64 i = 0; i < employers; ++i) {
        const QString name = QString::fromUtf8(Places[i % std::size(Places)])
            + QString::fromUtf8(Trades[(i / std::size(Places)) % std::size(Trades)])
            + QStringLiteral(" %1 AS").arg(i);
        DemoRecord d {QStringLiteral("employer"), QUuid::createUuid().toString(QUuid::WithoutBraces),
            {{QStringLiteral("name"), name}}};
        batch << pulledRecord(d, team, QStringLiteral("bench"), hlc.now().toString());
        if (batch.size() == 5000 || i == employers - 1) {
            if (Status s = applier.apply(batch, {}, {}); !s)
                return fail(QStringLiteral("search load"), s.errorString());
            batch.clear();
        }
    }
    *loadMs = msSince(loadStart);
    return 0;
}

// The queries of the search benchmark: words, two words, places, a reference, words inside compound
// names (bakeri, bakken, trykkeri) and one that matches nothing.
QStringList searchQueries()
{
    return {QStringLiteral("bakeri"), QStringLiteral("bakken"), QStringLiteral("trykkeri"),
        QStringLiteral("prøvedag"), QStringLiteral("truckfører"), QStringLiteral("sveis"),
        QStringLiteral("Ørsta"), QStringLiteral("daglig leder"), QStringLiteral("lønnstilskudd Bodø"),
        QStringLiteral("hotell"), QStringLiteral("oppvask kantine"), QStringLiteral("ferie"),
        QStringLiteral("Ref 4711"), QStringLiteral("sertifikat Tromsø"), QStringLiteral("kunde"),
        QStringLiteral("språkkurs skolen"), QStringLiteral("møtte"), QStringLiteral("xylofon")};
}

int benchSearch(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("notes"), 100000);
    const int rounds = int(args.integer(QStringLiteral("rounds"), 20));
    const qint64 employers = args.integer(QStringLiteral("employers"), 20000);
    const QString path = QDir(dir).filePath(QStringLiteral("search.db"));
    const bool reuse = args.flag(QStringLiteral("reuse")) && QFile::exists(path);
    auto store = openStore(path);
    if (!store)
        return 1;
    double loadMs = 0;
    if (!reuse) {
        if (const int rc = loadSearchData(*store, n, employers, &loadMs); rc != 0)
            return rc;
    }
    QStringList queries = searchQueries();
    if (const QString only = args.value(QStringLiteral("queries")); !only.isEmpty())
        queries = only.split(u';', Qt::SkipEmptyParts);
    QList<double> all;
    QJsonObject perQuery;
    QString slowest;
    double slowestMedian = -1;
    for (const QString &q : queries) {
        QList<double> samples;
        qsizetype hits = 0;
        for (int r = 0; r < rounds; ++r) {
            const auto t = Timer::now();
            auto result = store->searchIndex().search(q, 50);
            samples << msSince(t);
            if (!result)
                return fail(QStringLiteral("search"), result.errorString());
            hits = result->size();
        }
        all << samples;
        if (stats(samples).median > slowestMedian) {
            slowestMedian = stats(samples).median;
            slowest = q;
        }
        perQuery.insert(q,
            QJsonObject {{QStringLiteral("median_ms"), std::round(stats(samples).median * 1000) / 1000},
                {QStringLiteral("hits"), hits}});
    }
    QJsonObject o = statsJson(stats(all));
    o.insert(QStringLiteral("notes"), n);
    o.insert(QStringLiteral("employers"), employers);
    o.insert(QStringLiteral("slowest_query"), slowest);
    o.insert(QStringLiteral("slowest_median_ms"), std::round(slowestMedian * 1000) / 1000);
    o.insert(QStringLiteral("load_ms"), std::round(loadMs));
    o.insert(QStringLiteral("queries"), perQuery);
    report(QStringLiteral("search_notes"), o);
    return 0;
}

int benchImport(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("records"), 50000);
    // The file an operator would give: four rows a group, the encounter and task naming the others by ref.
    const QString path = QDir(dir).filePath(QStringLiteral("import.jsonl"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("import"), f.errorString());
        for (qint64 i = 0; i < n; ++i) {
            const qint64 g = i / 4;
            QJsonObject row;
            switch (i % 4) {
            case 0:
                row = {{QStringLiteral("entity"), QStringLiteral("participant")},
                    {QStringLiteral("ref"), QStringLiteral("p%1").arg(g)},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("Deltaker %1 Importsen").arg(g)},
                            {QStringLiteral("referral_date"), QStringLiteral("2026-01-15")}}}};
                break;
            case 1:
                row = {{QStringLiteral("entity"), QStringLiteral("employer")},
                    {QStringLiteral("ref"), QStringLiteral("e%1").arg(g)},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("Fjordbakeriet %1").arg(g)},
                            {QStringLiteral("city"), QStringLiteral("Ørsta")}}}};
                break;
            case 2:
                row = {{QStringLiteral("entity"), QStringLiteral("encounter")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(g)},
                            {QStringLiteral("employer_id"), QStringLiteral("@e%1").arg(g)},
                            {QStringLiteral("kind"), QStringLiteral("job_development")},
                            {QStringLiteral("starts_at"), QStringLiteral("2026-03-02T09:00:00Z")},
                            {QStringLiteral("note"), syntheticNote(quint32(g))}}}};
                break;
            default:
                row = {{QStringLiteral("entity"), QStringLiteral("task")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("title"), QStringLiteral("Ring arbeidsgiver %1").arg(g)},
                            {QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(g)}}}};
            }
            f.write(QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n');
        }
    }
    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    Cli cli(out, err);
    // The CLI opens only encrypted stores: a synthetic PIN in an owner-only file.
    const QString pinFile = QDir(dir).filePath(QStringLiteral("import-pin"));
    {
        QFile pin(pinFile);
        if (!pin.open(QIODevice::WriteOnly) || pin.write("582047\n") != 7)
            return fail(QStringLiteral("import"), QStringLiteral("cannot write the PIN file"));
        pin.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    const double cpuBefore = processCpuMs();
    const auto start = Timer::now();
    const int code = cli.run({QStringLiteral("feltnotat-cli"), QStringLiteral("--data"),
        QDir(dir).filePath(QStringLiteral("import-data")), QStringLiteral("--pin-file"), pinFile,
        QStringLiteral("--json"), QStringLiteral("import"), path});
    const double ms = msSince(start);
    // CPU time of the process (both threads: the writer and the background checkpointer): on a machine
    // shared with other work the wall-clock time includes waiting for a core, this does not.
    const double cpuMs = processCpuMs() - cpuBefore;
    out.flush();
    err.flush();
    if (code != 0)
        return fail(QStringLiteral("import"), QStringLiteral("exit %1: %2").arg(code).arg(errText.left(500)));
    const qint64 imported
        = QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("imported")).toInteger();
    if (imported != n)
        return fail(QStringLiteral("import"), QStringLiteral("imported %1 of %2").arg(imported).arg(n));
    report(QStringLiteral("import_jsonl"),
        {{QStringLiteral("records"), n}, {QStringLiteral("ms"), std::round(ms)},
            {QStringLiteral("records_per_s"), std::round(double(n) / (ms / 1000.0))},
            {QStringLiteral("cpu_ms"), std::round(cpuMs)},
            {QStringLiteral("records_per_cpu_s"), std::round(double(n) / (cpuMs / 1000.0))}});
    return 0;
}

int makeAppData(const Args &args)
{
    const QString dir = args.value(QStringLiteral("dir"));
    if (dir.isEmpty())
        return fail(QStringLiteral("appdata"), QStringLiteral("--dir is required"));
    QDir().mkpath(dir);
    auto store = openStore(QDir(dir).filePath(QStringLiteral("feltnotat.db")));
    if (!store)
        return 1;
    int scale = 0;
    const QList<Record> records = pulledRecords(args.integer(QStringLiteral("records"), 100000), &scale);
    RemoteApplier applier(*store);
    for (qsizetype i = 0; i < records.size(); i += 5000) {
        if (Status s = applier.apply(records.mid(i, 5000), {}, {}); !s)
            return fail(QStringLiteral("appdata"), s.errorString());
    }
    report(QStringLiteral("appdata"),
        {{QStringLiteral("records"), records.size()}, {QStringLiteral("scale"), scale}});
    return 0;
}

// --- plain against encrypted (issue 16) -------------------------------------------------------------
// The same work on a plain store and on one encrypted as the device's is, alternately in rounds (which
// side goes first alternates too), so a change in the shared machine's speed hits both alike. Each
// side's wall time and CPU time are kept; the overhead is encrypted over plain, minus one.

struct Side
{
    QList<double> samples; // ms per operation (save, query) or per run (apply)
    double wallMs = 0;
    double cpuMs = 0;
};

double overheadPct(double encrypted, double plain)
{
    return plain > 0 ? std::round((encrypted / plain - 1.0) * 1000) / 10 : 0;
}

QJsonObject sideJson(const Side &side, qint64 operations)
{
    QJsonObject o = statsJson(stats(side.samples));
    o.insert(QStringLiteral("wall_ms"), std::round(side.wallMs));
    o.insert(QStringLiteral("cpu_ms"), std::round(side.cpuMs));
    o.insert(QStringLiteral("per_s"), std::round(double(operations) / (side.wallMs / 1000.0)));
    o.insert(QStringLiteral("per_cpu_s"), std::round(double(operations) / (side.cpuMs / 1000.0)));
    return o;
}

QJsonObject comparison(const Side &plain, const Side &encrypted, qint64 operations)
{
    return {{QStringLiteral("plain"), sideJson(plain, operations)},
        {QStringLiteral("encrypted"), sideJson(encrypted, operations)},
        {QStringLiteral("overhead_median_pct"),
            overheadPct(stats(encrypted.samples).median, stats(plain.samples).median)},
        {QStringLiteral("overhead_wall_pct"), overheadPct(encrypted.wallMs, plain.wallMs)},
        {QStringLiteral("overhead_cpu_pct"), overheadPct(encrypted.cpuMs, plain.cpuMs)}};
}

// Saves of one encounter each (own transaction), in `rounds` blocks per side.
Status cryptoSave(qint64 n, int rounds, const QString &dir)
{
    std::unique_ptr<Store> stores[2]
        = {openStore(QDir(dir).filePath(QStringLiteral("save-plain.db")), Crypto::Plain),
            openStore(QDir(dir).filePath(QStringLiteral("save-encrypted.db")), Crypto::Encrypted)};
    QVariantHash values[2];
    for (int i = 0; i < 2; ++i) {
        if (!stores[i] || firstParticipant(*stores[i], &values[i]).isEmpty())
            return makeError(ErrorCode::Internal, QStringLiteral("cannot prepare the store"));
    }
    Side sides[2];
    const qint64 perRound = std::max<qint64>(1, n / rounds);
    for (int r = 0; r < rounds; ++r) {
        for (int k = 0; k < 2; ++k) {
            const int i = (r + k) % 2;
            const double cpu = processCpuMs();
            const auto start = Timer::now();
            for (qint64 j = r * perRound; j < (r + 1) * perRound; ++j) {
                values[i].insert(QStringLiteral("note"), syntheticNote(quint32(j)));
                const auto t = Timer::now();
                auto created = stores[i]->create(QStringLiteral("encounter"), values[i]);
                sides[i].samples << msSince(t);
                if (!created)
                    return created.error();
            }
            sides[i].wallMs += msSince(start);
            sides[i].cpuMs += processCpuMs() - cpu;
        }
    }
    QJsonObject o = comparison(sides[0], sides[1], perRound * rounds);
    o.insert(QStringLiteral("n"), perRound * rounds);
    o.insert(QStringLiteral("rounds"), rounds);
    report(QStringLiteral("crypto_save"), o);
    return Status::success();
}

// The applier over the same pulled records into fresh stores, `runs` times per side.
Status cryptoApply(qint64 n, int runs, const QString &dir)
{
    int scale = 0;
    const QList<Record> records = pulledRecords(n, &scale);
    const int batch = protocol::limits::AppPullLimit;
    Side sides[2];
    for (int r = 0; r < runs; ++r) {
        for (int k = 0; k < 2; ++k) {
            const int i = (r + k) % 2;
            const QString path = QDir(dir).filePath(QStringLiteral("apply-%1-%2.db").arg(i).arg(r));
            const double cpu = processCpuMs();
            auto ms = applyAll(records, batch, path, i == 0 ? Crypto::Plain : Crypto::Encrypted, nullptr);
            sides[i].cpuMs += processCpuMs() - cpu;
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(path + suffix);
            if (!ms)
                return ms.error();
            sides[i].samples << ms.value();
            sides[i].wallMs += ms.value();
        }
    }
    QJsonObject o = comparison(sides[0], sides[1], records.size() * runs);
    o.insert(QStringLiteral("records"), records.size());
    o.insert(QStringLiteral("batch"), batch);
    o.insert(QStringLiteral("runs"), runs);
    report(QStringLiteral("crypto_apply"), o);
    return Status::success();
}

// The search benchmark's queries on two stores of the same data, each round of a query on both.
Status cryptoSearch(qint64 n, qint64 employers, int rounds, const QString &dir)
{
    std::unique_ptr<Store> stores[2]
        = {openStore(QDir(dir).filePath(QStringLiteral("search-plain.db")), Crypto::Plain),
            openStore(QDir(dir).filePath(QStringLiteral("search-encrypted.db")), Crypto::Encrypted)};
    double loadMs[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
        if (!stores[i])
            return makeError(ErrorCode::Database, QStringLiteral("cannot open the store"));
        if (loadSearchData(*stores[i], n, employers, &loadMs[i]) != 0)
            return makeError(ErrorCode::Internal, QStringLiteral("cannot load the search data"));
    }
    Side sides[2];
    QJsonObject perQuery;
    const QStringList queries = searchQueries();
    for (const QString &q : queries) {
        QList<double> medians[2];
        qsizetype hits[2] = {0, 0};
        for (int r = 0; r < rounds; ++r) {
            for (int k = 0; k < 2; ++k) {
                const int i = (r + k) % 2;
                const double cpu = threadCpuMs();
                const auto t = Timer::now();
                auto result = stores[i]->searchIndex().search(q, 50);
                const double ms = msSince(t);
                sides[i].cpuMs += threadCpuMs() - cpu;
                sides[i].wallMs += ms;
                sides[i].samples << ms;
                medians[i] << ms;
                if (!result)
                    return result.error();
                hits[i] = result->size();
            }
        }
        if (hits[0] != hits[1])
            return makeError(ErrorCode::Internal, QStringLiteral("the stores found different hits"));
        perQuery.insert(q,
            QJsonObject {{QStringLiteral("plain_ms"), std::round(stats(medians[0]).median * 1000) / 1000},
                {QStringLiteral("encrypted_ms"), std::round(stats(medians[1]).median * 1000) / 1000},
                {QStringLiteral("hits"), hits[0]}});
    }
    QJsonObject o = comparison(sides[0], sides[1], sides[0].samples.size());
    o.insert(QStringLiteral("notes"), n);
    o.insert(QStringLiteral("employers"), employers);
    o.insert(QStringLiteral("rounds"), rounds);
    o.insert(QStringLiteral("load_plain_ms"), std::round(loadMs[0]));
    o.insert(QStringLiteral("load_encrypted_ms"), std::round(loadMs[1]));
    o.insert(QStringLiteral("queries"), perQuery);
    report(QStringLiteral("crypto_search"), o);
    return Status::success();
}

int benchCrypto(const Args &args, const QString &dir)
{
    const int rounds = int(std::max<qint64>(2, args.integer(QStringLiteral("rounds"), 10)));
    // --wal-format 1: the encrypted side writes its WAL as before 2026-12-07 (each frame sealed as
    // one message, opened and sealed again by the checkpoint), to compare both in one binary.
    encryptedvfs::setWalFormatForTests(int(args.integer(QStringLiteral("wal-format"), 2)));
    if (Status s = cryptoSave(args.integer(QStringLiteral("n"), 5000), rounds, dir); !s)
        return fail(QStringLiteral("crypto save"), s.errorString());
    if (Status s = cryptoApply(args.integer(QStringLiteral("records"), 50000),
            int(std::max<qint64>(1, args.integer(QStringLiteral("runs"), 3))), dir);
        !s)
        return fail(QStringLiteral("crypto apply"), s.errorString());
    if (Status s = cryptoSearch(args.integer(QStringLiteral("notes"), 100000),
            args.integer(QStringLiteral("employers"), 20000), rounds, dir);
        !s)
        return fail(QStringLiteral("crypto search"), s.errorString());
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QString mode = args.positional().value(0);
    QTemporaryDir scratch;
    const QString dir = args.value(QStringLiteral("workdir"), scratch.path());
    if (mode == u"save")
        return benchSave(args, dir);
    if (mode == u"apply")
        return benchApply(args, dir);
    if (mode == u"search")
        return benchSearch(args, dir);
    if (mode == u"import")
        return benchImport(args, dir);
    if (mode == u"appdata")
        return makeAppData(args);
    if (mode == u"crypto")
        return benchCrypto(args, dir);
    std::fprintf(stderr, "usage: feltnotat-bench-core save|apply|search|import|appdata|crypto [--options]\n");
    return 2;
}
