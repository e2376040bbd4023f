#pragma once

// What one campaign seed does, decided before it starts: a list of steps, each a user operation on one
// device or a fault. The same seed gives the same list, so a failing seed replays its plan (which record
// an operation picks is decided by the step's own random number against what the device holds then).
#include "deviceops.h"

#include <QList>
#include <QString>

namespace campaign {

enum class StepKind {
    Operation, // create / edit / delete / resolve on one device
    Sync, // the device syncs now (as a pull-to-refresh)
    KillDevice, // SIGKILL of the device (in-process: dropped without its shutdown), back after `duration`
                // steps
    KillServer, // SIGKILL of one server process, restarted after `duration` steps
    RestartDatabase, // PostgreSQL stopped hard (immediate) and started again; SQLite: a server restart
    Partition, // the device's connection is cut and stays down for `duration` steps
    CutResponse, // the device's next answer is cut half-way (the server has done the work)
    Delay, // the device's requests are held back for `duration` steps, then sent
    Duplicate, // the device's next request reaches the server twice
    Skew, // the device's clock jumps by `amount` milliseconds
};

struct Step
{
    StepKind kind = StepKind::Operation;
    int device = 0;
    int server = 0;
    OpKind op = OpKind::Create;
    quint64 pick = 0; // the operation's own random number
    int duration = 0; // in steps
    qint64 amount = 0; // Skew: milliseconds
    qint64 advanceMs = 0; // simulated time that passes before the step

    QString describe() const;
    bool isFault() const { return kind != StepKind::Operation && kind != StepKind::Sync; }
};

struct PlanOptions
{
    int devices = 4;
    int servers = 1;
    int steps = 150;
    int faultPercent = 15;
    bool databaseRestarts = false; // PostgreSQL only
};

QList<Step> makePlan(quint64 seed, const PlanOptions &options);

} // namespace campaign
