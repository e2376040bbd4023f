#pragma once

// The campaign's own record of what happened (every write a device reported, every acknowledgement the
// server gave, every fault) and the checker that proves from it, not from convergence alone:
//  - every write the server acknowledged is on the server when the faults stop (its value, a value a later
//    write knowingly replaced, or the lost value of a recorded conflict);
//  - at the end every write any device made is there in the same sense, and every created record exists
//    unless someone deleted it;
//  - nothing twice: no value in two places, no conflict recorded twice, every device's last sequence
//    number on the server equal to the device's own;
//  - every device holds exactly what the server holds, and none is stuck (caught up, nothing pending, no
//    dead letters) once the faults have stopped;
//  - a write that lost to a concurrent write of another value is kept as a conflict.
#include "deviceops.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace campaign {

struct LoggedOp
{
    int step = 0;
    int device = 0;
    OpOutcome outcome;
    // The device was killed before it answered: the write may or may not have been committed.
    bool inDoubt = false;
    QString tag; // the text every value this operation wrote contains
};

class History
{
public:
    // Each entry also goes to `logPath` as a JSON line, when given.
    explicit History(const QString &logPath = {});

    void operation(const LoggedOp &op);
    void acknowledged(int device, qint64 through); // the server confirmed everything up to `through`
    void fault(int step, const QString &what);
    void note(const QString &text);
    void state(const QString &name, const QJsonObject &value); // e.g. the server's records at the end

    // SHA-256 of every line written so far, in hex.
    QByteArray digest() const { return m_digest.result().toHex(); }

    const QList<LoggedOp> &ops() const { return m_ops; }
    qint64 ackedThrough(int device) const { return m_acks.value(device); }
    QHash<int, qint64> acks() const { return m_acks; }
    int faults() const { return m_faults; }

private:
    void write(const QJsonObject &line);
    QFile m_file;
    QCryptographicHash m_digest {QCryptographicHash::Sha256};
    QList<LoggedOp> m_ops;
    QHash<int, qint64> m_acks;
    int m_faults = 0;
};

// What the run ended with for one device.
struct DeviceEnd
{
    QString name;
    QJsonObject snapshot; // every live record with its clocks (e2e::Device::snapshotOf)
    qint64 pending = 0;
    qint64 deadLetters = 0; // refused changes, except edits of records a colleague deleted meanwhile
    bool caughtUp = false;
    qint64 lastSeq = 0; // the device's own highest outbox sequence number
    qint64 serverLastSeq = -1; // what the server recorded for the device
    QString stuckReason; // empty when it caught up within the bound
};

struct CheckInput
{
    const History *history = nullptr;
    QHash<int, qint64> acksAtStop; // acknowledgements as they stood when the faults stopped
    QJsonObject serverAtStop; // what the server held then (a fresh device's first pull)
    QJsonObject serverFinal; // and after every device caught up
    QList<DeviceEnd> devices;
};

struct CheckResult
{
    QStringList anomalies;
    int writesChecked = 0;
    int kept = 0;
    int superseded = 0;
    int inConflict = 0;
    int undetermined = 0; // after an in-doubt operation of the same device
};

CheckResult check(const CheckInput &input);

} // namespace campaign
