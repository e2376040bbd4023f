#pragma once

#include "record.h"
#include "result.h"

#include <QList>
#include <QSet>
#include <QString>

namespace feltnotat {

class Store;

// A mutation the server refused for good, kept for the user to see, retry or discard.
struct DeadLetter
{
    Mutation mutation;
    QString reason;
    QString code;
    QString failedAt;
};

struct Rejection
{
    qint64 seq = 0;
    QString code;
    QString reason;
};

// The queue of local writes waiting for the server. Entries are written by Store in the same
// transaction as the data; this class reads them and settles them after a push.
class Outbox
{
public:
    explicit Outbox(Store &store);

    qint64 pendingCount();
    qint64 lastSeq(); // highest sequence number ever issued by this device
    Result<QList<Mutation>> pending(int limit, qint64 afterSeq = 0);
    // Fields of one record that have local writes the server has not yet confirmed.
    QSet<QString> pendingFields(const QString &entity, const QString &recordId);

    // The server has processed every entry up to appliedThrough; rejected ones move to the dead letters.
    Status acknowledge(qint64 appliedThrough, const QList<Rejection> &rejected);

    // Every queued write of one record moves to the dead letters with `code` and `reason`, without
    // being sent (a pulled delete met them: the server would refuse them). In the caller's transaction.
    Status refuseRecord(
        const QString &entity, const QString &recordId, const QString &code, const QString &reason);

    qint64 deadLetterCount();
    QList<DeadLetter> deadLetters();
    Status retryDeadLetter(qint64 seq);
    Status discardDeadLetter(qint64 seq);

private:
    Store &m_store;
};

} // namespace feltnotat
