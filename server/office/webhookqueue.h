#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// A thin webhook event: which record changed how and where in the feed; never record content.
struct WebhookEvent
{
    QString id; // the idempotency key: the same for every delivery of this event
    QString clientId;
    QString teamId;
    qint64 feedSeq = 0;
    QString position; // the feed cursor just after this change
    QString entity;
    QString recordId;
    QString kind; // created, updated, deleted, removed
    qint64 createdAt = 0;
    qint64 attempts = 0;
    qint64 nextAttemptAt = 0;
    qint64 deliveredAt = 0;
    qint64 deadAt = 0;
    qint64 lastStatus = 0;
    QString lastError;

    // The event as sent; withStatus adds the delivery bookkeeping (status API, dead letters).
    QJsonObject toJson(bool withStatus = false) const;
};

struct WebhookStatus
{
    QString clientId;
    QString url;
    qint64 pending = 0;
    qint64 delivered = 0;
    qint64 dead = 0;
    qint64 oldestPendingAt = 0;
    qint64 lastDeliveredAt = 0;
    qint64 lastStatus = 0;
    QString lastError;

    QJsonObject toJson() const;
};

// The per-client webhook outbox in the database: events are enqueued from the teams' change feeds
// (a cursor per client and team, advanced in the same transaction as the inserts, so each change
// becomes exactly one event), leased by one sender at a time (SELECT … FOR UPDATE SKIP LOCKED on
// PostgreSQL; SQLite has one writer), and completed or rescheduled with back-off; after maxAgeMs
// an undelivered event is dead (the dead-letter list) until an admin retries it.
class WebhookQueue
{
public:
    struct Options
    {
        qint64 retryBaseMs = 10 * 1000; // the first retry; doubles per attempt
        qint64 retryCapMs = 60 * 60 * 1000; // retries at most this far apart
        qint64 maxAgeMs = 24LL * 60 * 60 * 1000; // then dead
        qint64 leaseMs = 60 * 1000; // longer than one delivery attempt may take
    };

    WebhookQueue(SqlBackend &db, const Clock &clock);
    WebhookQueue(SqlBackend &db, const Clock &clock, Options options);

    // Turns the client's teams' new feed changes into events. The first call for a team starts at
    // the feed's current end: a new webhook does not replay history. Returns how many were added.
    Result<qint64> enqueue(const QString &clientId);
    // Claims up to max due events of the client for `owner` (a sender process) until the lease ends.
    Result<QList<WebhookEvent>> lease(const QString &clientId, const QString &owner, int max);
    // Records the outcome of one delivery of leased events (only while the lease is still ours).
    Status delivered(const QString &clientId, const QString &owner, const QStringList &ids);
    Status failed(const QString &clientId, const QString &owner, const QStringList &ids, int httpStatus,
        const QString &error);

    Result<WebhookStatus> status(const QString &clientId);
    Result<QList<WebhookEvent>> deadLetters(const QString &clientId, int limit);
    // Dead events back to the queue with a new 24-hour window; returns how many.
    Result<qint64> retryDead(const QString &clientId);
    // Delivered events older than the retention are removed.
    Result<qint64> prune(qint64 retentionMs);
    // Clients with a webhook address and not revoked.
    Result<QStringList> activeClients();

    qint64 retryDelayMs(qint64 attempts) const;

private:
    SqlBackend &m_db;
    const Clock &m_clock;
    Options m_options;
};

} // namespace feltnotat::server
