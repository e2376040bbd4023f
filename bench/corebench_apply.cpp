// feltnotat-bench-core apply: RemoteApplier in pull-page batches against plain SQLite INSERTs.
#include "benchutil.h"
#include "core/remoteapplier.h"
#include "core/searchindex.h"
#include "core/store.h"
#include "corebench.h"
#include "sync/protocol.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include <sqlite3.h>

using namespace feltnotat;

namespace feltnotat::bench {

namespace {

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
    // The trigram entry of every titled row, as the store writes it (SearchIndex::insert): the
    // baseline left it out from schema 6, when the store began writing it, until 2026-12-08.
    sqlite3_stmt *trigram = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO search_trigram(rowid, title) VALUES (?, ?)", -1, &trigram, nullptr);
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
        bool ok = sqlite3_step(fts) == SQLITE_DONE;
        sqlite3_reset(fts);
        if (ok && !e.row->title.isEmpty()) {
            sqlite3_bind_int64(trigram, 1, e.rowid);
            sqlite3_bind_text(trigram, 2, e.row->title.constData(), int(e.row->title.size()), SQLITE_STATIC);
            ok = sqlite3_step(trigram) == SQLITE_DONE;
            sqlite3_reset(trigram);
        }
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
    sqlite3_finalize(trigram);
    return ms;
}

} // namespace

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

namespace {

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

} // namespace

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

} // namespace feltnotat::bench
