// feltnotat-bench-core crypto: the same work on a plain and an encrypted store, alternately (issue 16).
#include "benchutil.h"
#include "core/checkpointer.h"
#include "core/database.h"
#include "core/encryptedvfs.h"
#include "core/store.h"
#include "corebench.h"
#include "sync/protocol.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>

using namespace feltnotat;

namespace feltnotat::bench {

// --- plain against encrypted (issue 16) -------------------------------------------------------------
// The same work on a plain store and on one encrypted as the device's is, alternately in rounds (which
// side goes first alternates too), so a change in the shared machine's speed hits both alike. Each
// side's wall time and CPU time are kept; the overhead is encrypted over plain, minus one.

namespace {

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

// Saves of one encounter each (own transaction), in `rounds` blocks per side. A block's CPU time is read
// when its store's background checkpoint (checkpointer.h) has finished: each side's CPU time then holds
// its own checkpoint work, which before ran on into the other side's next block (and after the last
// block was not counted at all). Its wall time stops at the last save, as the user's wait does.
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
            sides[i].wallMs += msSince(start); // what the user waits for: not the background checkpoint
            if (Checkpointer *checkpointer = stores[i]->database().checkpointer())
                checkpointer->waitIdle();
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

} // namespace

int benchCrypto(const Args &args, const QString &dir)
{
    const int rounds = int(std::max<qint64>(2, args.integer(QStringLiteral("rounds"), 10)));
    const qint64 saves = args.integer(QStringLiteral("n"), 5000);
    // Saves alternate in blocks of about 100 per side (at least `rounds` blocks): the machine's speed
    // moves within seconds, and 20 blocks of 250 saves left single blocks apart by more than the margin.
    const int saveBlocks = int(std::max<qint64>(rounds, saves / 100));
    // --wal-format 1: the encrypted side writes its WAL as before 2026-12-07 (each frame sealed as
    // one message, opened and sealed again by the checkpoint), to compare both in one binary.
    encryptedvfs::setWalFormatForTests(int(args.integer(QStringLiteral("wal-format"), 2)));
    if (Status s = cryptoSave(saves, saveBlocks, dir); !s)
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

} // namespace feltnotat::bench
