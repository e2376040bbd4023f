// Shared parts of feltnotat-bench-core (bench_core.cpp): the store each benchmark opens, the data it
// writes, and one entry point per mode (corebench_*.cpp).
#pragma once

#include "benchutil.h"
#include "core/record.h"
#include "core/result.h"
#include "core/store.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantHash>

#include <memory>

namespace feltnotat::bench {

// Prints "feltnotat-bench-core: what: why" to stderr; returns the exit code 1.
int fail(const QString &what, const QString &why);

// CPU time of the calling thread (the store's writer or a search), nanosecond resolution.
double threadCpuMs();

// A plain SQLite file, or one encrypted as the device's store is (encryptedvfs.h) under a fresh data key.
enum class Crypto { Plain, Encrypted };
std::unique_ptr<Store> openStore(const QString &path, Crypto crypto = Crypto::Plain);

// A participant for encounters to refer to, and the values of one demo encounter.
QString firstParticipant(Store &store, QVariantHash *encounterValues);

// Records as the sync engine hands them to the applier: sent as pull pages and parsed back by the
// protocol's own parser.
QList<Record> pulledRecords(qint64 n, int *scale);

// RemoteApplier over `records` in batches of `size` into a fresh store at `path`: wall milliseconds.
Result<double> applyAll(
    const QList<Record> &records, int size, const QString &path, Crypto crypto, QList<double> *times);

// The search benchmark's data: n encounter notes and `employers` employers with compound names.
int loadSearchData(Store &store, qint64 n, qint64 employers, double *loadMs);

// The queries of the search benchmark.
QStringList searchQueries();

// The modes of feltnotat-bench-core.
int benchSave(const Args &args, const QString &dir);
int benchApply(const Args &args, const QString &dir);
int benchSearch(const Args &args, const QString &dir);
int benchImport(const Args &args, const QString &dir);
int makeAppData(const Args &args);
int benchCrypto(const Args &args, const QString &dir);

} // namespace feltnotat::bench
