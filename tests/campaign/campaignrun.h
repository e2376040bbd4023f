#pragma once

#include "campaignplan.h"
#include "checker.h"

#include <QString>

namespace campaign {

struct RunOptions
{
    quint64 seed = 1;
    PlanOptions plan;
    bool postgres = false;
    QString pgUrl; // a PostgreSQL server to make fresh databases on (postgresql storage)
    QString pgDataDir; // its data folder, for restarts (scripts/pg-test-server layout)
    QString workDir; // where logs go; a temporary folder when empty
    bool verbose = false;
    int catchUpSeconds = 60; // process mode: how long a device may take to catch up once faults stop
    int sabotagePushes = 0; // in-process only: the checker's self-test (see InProcessServer)
    bool wallClockIds = false; // in-process only: the determinism test's self-test (ids as in the app)
};

struct SeedResult
{
    quint64 seed = 0;
    int steps = 0;
    int faults = 0;
    CheckResult check;
    QString logPath;
    qint64 elapsedMs = 0;
    QByteArray historyDigest; // SHA-256 of the history (in process: the same for every run of a seed)
};

// Everything in this process on the mock network, time simulated: the same seed gives the same run.
SeedResult runInProcess(const RunOptions &options);
// Device agent processes and feltnotat-server processes on loopback, faults through proxies and signals.
SeedResult runProcesses(const RunOptions &options);

// Restarts the PostgreSQL server of scripts/pg-test-server hard (immediate shutdown, then start).
bool restartPostgres(const QString &dataDir, QString *error);

} // namespace campaign
