#include "webhookqueue.h"

#include "core/clock.h"
#include "officefeed.h"
#include "server/feedcursor.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QDateTime>

namespace feltnotat::server {

namespace {

constexpr int EnqueuePage = 500;

const QString EventColumns = QStringLiteral(
    "id, client_id, team_id, feed_seq, position, entity, record_id, kind, created_at, attempts, "
    "next_attempt_at, delivered_at, dead_at, last_status, last_error");

qint64 orZero(const QVariant &v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

WebhookEvent eventOf(const QVariantList &row)
{
    WebhookEvent e;
    e.id = row.at(0).toString();
    e.clientId = row.at(1).toString();
    e.teamId = row.at(2).toString();
    e.feedSeq = row.at(3).toLongLong();
    e.position = row.at(4).toString();
    e.entity = row.at(5).toString();
    e.recordId = row.at(6).toString();
    e.kind = row.at(7).toString();
    e.createdAt = orZero(row.at(8));
    e.attempts = orZero(row.at(9));
    e.nextAttemptAt = orZero(row.at(10));
    e.deliveredAt = orZero(row.at(11));
    e.deadAt = orZero(row.at(12));
    e.lastStatus = orZero(row.at(13));
    e.lastError = row.at(14).toString();
    return e;
}

QJsonValue isoOrNull(qint64 ms)
{
    return ms ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs))
              : QJsonValue(QJsonValue::Null);
}

QString marks(qsizetype n)
{
    return QStringLiteral("?, ").repeated(n - 1) + u'?';
}

} // namespace

QJsonObject WebhookEvent::toJson(bool withStatus) const
{
    QJsonObject o {{QStringLiteral("id"), id}, {QStringLiteral("team"), teamId},
        {QStringLiteral("entity"), entity}, {QStringLiteral("record_id"), recordId},
        {QStringLiteral("kind"), kind}, {QStringLiteral("position"), position},
        {QStringLiteral("occurred_at"), isoOrNull(createdAt)}};
    if (withStatus) {
        o.insert(QStringLiteral("attempts"), attempts);
        o.insert(QStringLiteral("last_status"),
            lastStatus ? QJsonValue(lastStatus) : QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("last_error"),
            lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lastError));
        o.insert(QStringLiteral("dead_at"), isoOrNull(deadAt));
    }
    return o;
}

QJsonObject WebhookStatus::toJson() const
{
    return QJsonObject {{QStringLiteral("client_id"), clientId},
        {QStringLiteral("url"), url.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(url)},
        {QStringLiteral("pending"), pending}, {QStringLiteral("delivered"), delivered},
        {QStringLiteral("dead"), dead}, {QStringLiteral("oldest_pending_at"), isoOrNull(oldestPendingAt)},
        {QStringLiteral("last_delivered_at"), isoOrNull(lastDeliveredAt)},
        {QStringLiteral("last_status"), lastStatus ? QJsonValue(lastStatus) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("last_error"),
            lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lastError)}};
}

WebhookQueue::WebhookQueue(SqlBackend &db, const Clock &clock)
    : WebhookQueue(db, clock, Options())
{ }

WebhookQueue::WebhookQueue(SqlBackend &db, const Clock &clock, Options options)
    : m_db(db)
    , m_clock(clock)
    , m_options(options)
{ }

qint64 WebhookQueue::retryDelayMs(qint64 attempts) const
{
    qint64 delay = m_options.retryBaseMs;
    for (qint64 i = 1; i < attempts && delay < m_options.retryCapMs; ++i)
        delay *= 2;
    return std::min(delay, m_options.retryCapMs);
}

Result<QStringList> WebhookQueue::activeClients()
{
    auto rows = m_db.exec(QStringLiteral(
        "SELECT id FROM api_clients WHERE webhook_url IS NOT NULL AND revoked_at IS NULL ORDER BY id"));
    if (!rows)
        return rows.error();
    QStringList out;
    for (const QVariantList &row : rows->rows)
        out << row.at(0).toString();
    return out;
}

Result<qint64> WebhookQueue::enqueue(const QString &clientId)
{
    auto teams = m_db.exec(
        QStringLiteral("SELECT team_id FROM api_client_teams WHERE client_id = ? ORDER BY team_id"),
        {clientId});
    if (!teams)
        return teams.error();
    qint64 added = 0;
    for (const QVariantList &teamRow : teams->rows) {
        const QString teamId = teamRow.at(0).toString();
        for (;;) {
            SqlTransaction tx(m_db);
            if (!tx.ok())
                return tx.status().error();
            // The cursor row is the enqueuer's lock: two processes never turn one change into two events.
            auto cursor
                = m_db.exec(QStringLiteral("SELECT feed_id, seq FROM webhook_cursors WHERE client_id = ? AND "
                                           "team_id = ?")
                        + m_db.forUpdate(),
                    {clientId, teamId});
            if (!cursor)
                return cursor.error();
            if (cursor->isEmpty()) {
                auto team
                    = m_db.exec(QStringLiteral("SELECT feed_id, seq FROM teams WHERE id = ?"), {teamId});
                if (!team)
                    return team.error();
                if (team->isEmpty())
                    break;
                // ON CONFLICT: another process started the same cursor at the same moment.
                if (auto r = m_db.exec(
                        QStringLiteral("INSERT INTO webhook_cursors (client_id, team_id, feed_id, seq) "
                                       "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, team_id) DO NOTHING"),
                        {clientId, teamId, team->at(0, 0), team->at(0, 1)});
                    !r)
                    return r.error();
                if (Status s = tx.commit(); !s)
                    return s.error();
                break;
            }
            const QString feedId = cursor->at(0, 0).toString();
            const qint64 after = cursor->at(0, 1).toLongLong();
            OfficeFeed feed(m_db);
            auto page = feed.read(teamId, feedId, after, EnqueuePage, false);
            if (!page)
                return page.error();
            qint64 next = page->next;
            QString nextFeed = page->feedId;
            if (page->reset) {
                // A restored or recreated database: its feed is not the one the cursor knew. Start at
                // its end; the status API shows no gap, so the admin guide says to re-read the CSV.
                auto team
                    = m_db.exec(QStringLiteral("SELECT feed_id, seq FROM teams WHERE id = ?"), {teamId});
                if (!team)
                    return team.error();
                nextFeed = team->at(0, 0).toString();
                next = team->at(0, 1).toLongLong();
            }
            const qint64 now = m_clock.nowMs();
            for (const FeedChange &c : std::as_const(page->changes)) {
                const QString position = FeedCursor {page->feedId, c.seq}.toString();
                if (auto r = m_db.exec(
                        QStringLiteral("INSERT INTO webhook_events (id, client_id, team_id, feed_seq, "
                                       "position, entity, record_id, kind, created_at, next_attempt_at) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, id) "
                                       "DO NOTHING"),
                        {QStringLiteral("evt_%1_%2").arg(page->feedId).arg(c.seq), clientId, teamId, c.seq,
                            position, c.entity, c.id, FeedChange::kindName(c.kind), now, now});
                    !r)
                    return r.error();
                ++added;
            }
            if (auto r = m_db.exec(
                    QStringLiteral("UPDATE webhook_cursors SET feed_id = ?, seq = ? WHERE client_id = ? "
                                   "AND team_id = ?"),
                    {nextFeed, next, clientId, teamId});
                !r)
                return r.error();
            if (Status s = tx.commit(); !s)
                return s.error();
            if (!page->more || page->reset)
                break;
        }
    }
    return added;
}

Result<QList<WebhookEvent>> WebhookQueue::lease(const QString &clientId, const QString &owner, int max)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    const qint64 now = m_clock.nowMs();
    // SKIP LOCKED: another process's sender passes over the rows this one is claiming right now.
    const QString skipLocked
        = m_db.kind() == SqlBackend::Kind::Postgres ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString();
    auto due = m_db.exec(
        QStringLiteral("SELECT id FROM webhook_events WHERE client_id = ? AND delivered_at IS NULL "
                       "AND dead_at IS NULL AND next_attempt_at <= ? AND (lease_until IS NULL OR "
                       "lease_until < ?) ORDER BY feed_seq LIMIT ?")
            + skipLocked,
        {clientId, now, now, qint64(max)});
    if (!due)
        return due.error();
    if (due->isEmpty())
        return QList<WebhookEvent>();
    QVariantList params {owner, now + m_options.leaseMs, clientId};
    for (const QVariantList &row : due->rows)
        params << row.at(0);
    if (auto r = m_db.exec(
            QStringLiteral("UPDATE webhook_events SET lease_owner = ?, lease_until = ? WHERE client_id "
                           "= ? AND id IN (%1)")
                .arg(marks(due->size())),
            params);
        !r)
        return r.error();
    auto rows = m_db.exec(
        QStringLiteral("SELECT %1 FROM webhook_events WHERE client_id = ? AND id IN (%2) ORDER BY "
                       "feed_seq")
            .arg(EventColumns, marks(due->size())),
        QVariantList {clientId} + params.mid(3));
    if (!rows)
        return rows.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    QList<WebhookEvent> out;
    for (const QVariantList &row : rows->rows)
        out.append(eventOf(row));
    return out;
}

Status WebhookQueue::delivered(const QString &clientId, const QString &owner, const QStringList &ids)
{
    if (ids.isEmpty())
        return Status::success();
    QVariantList params {m_clock.nowMs(), clientId, owner};
    for (const QString &id : ids)
        params << id;
    auto r = m_db.exec(
        QStringLiteral("UPDATE webhook_events SET delivered_at = ?, attempts = attempts + 1, "
                       "last_status = 200, last_error = NULL, lease_owner = NULL, lease_until = NULL "
                       "WHERE client_id = ? AND lease_owner = ? AND id IN (%1)")
            .arg(marks(ids.size())),
        params);
    return r ? Status::success() : Status(r.error());
}

Status WebhookQueue::failed(const QString &clientId, const QString &owner, const QStringList &ids,
    int httpStatus, const QString &error)
{
    if (ids.isEmpty())
        return Status::success();
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    const qint64 now = m_clock.nowMs();
    QVariantList params {clientId, owner};
    for (const QString &id : ids)
        params << id;
    auto rows = m_db.exec(
        QStringLiteral("SELECT id, attempts, created_at FROM webhook_events WHERE client_id = ? AND "
                       "lease_owner = ? AND id IN (%1)")
            .arg(marks(ids.size())),
        params);
    if (!rows)
        return rows.error();
    for (const QVariantList &row : rows->rows) {
        const qint64 attempts = row.at(1).toLongLong() + 1;
        const qint64 next = now + retryDelayMs(attempts);
        const bool dead = next > row.at(2).toLongLong() + m_options.maxAgeMs;
        if (auto r = m_db.exec(
                QStringLiteral("UPDATE webhook_events SET attempts = ?, next_attempt_at = ?, dead_at = ?, "
                               "last_status = ?, last_error = ?, lease_owner = NULL, lease_until = NULL "
                               "WHERE client_id = ? AND id = ?"),
                {attempts, next, dead ? QVariant(now) : QVariant(),
                    httpStatus ? QVariant(qint64(httpStatus)) : QVariant(), error.left(200), clientId,
                    row.at(0)});
            !r)
            return r.error();
    }
    return tx.commit();
}

Result<WebhookStatus> WebhookQueue::status(const QString &clientId)
{
    WebhookStatus s;
    s.clientId = clientId;
    auto client = m_db.exec(QStringLiteral("SELECT webhook_url FROM api_clients WHERE id = ?"), {clientId});
    if (!client)
        return client.error();
    s.url = client->first().toString();
    auto counts = m_db.exec(
        QStringLiteral(
            "SELECT SUM(CASE WHEN delivered_at IS NULL AND dead_at IS NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END), "
            "MIN(CASE WHEN delivered_at IS NULL AND dead_at IS NULL THEN created_at END), MAX(delivered_at) "
            "FROM webhook_events WHERE client_id = ?"),
        {clientId});
    if (!counts)
        return counts.error();
    s.pending = orZero(counts->at(0, 0));
    s.delivered = orZero(counts->at(0, 1));
    s.dead = orZero(counts->at(0, 2));
    s.oldestPendingAt = orZero(counts->at(0, 3));
    s.lastDeliveredAt = orZero(counts->at(0, 4));
    auto failure = m_db.exec(
        QStringLiteral("SELECT next_attempt_at, last_status, last_error FROM webhook_events WHERE "
                       "client_id = ? AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1"),
        {clientId});
    if (!failure)
        return failure.error();
    if (!failure->isEmpty()) {
        s.lastStatus = orZero(failure->at(0, 1));
        s.lastError = failure->at(0, 2).toString();
    }
    return s;
}

Result<QList<WebhookEvent>> WebhookQueue::deadLetters(const QString &clientId, int limit)
{
    auto rows = m_db.exec(QStringLiteral("SELECT %1 FROM webhook_events WHERE client_id = ? AND dead_at IS "
                                         "NOT NULL ORDER BY feed_seq LIMIT ?")
                              .arg(EventColumns),
        {clientId, qint64(limit)});
    if (!rows)
        return rows.error();
    QList<WebhookEvent> out;
    for (const QVariantList &row : rows->rows)
        out.append(eventOf(row));
    return out;
}

Result<qint64> WebhookQueue::retryDead(const QString &clientId)
{
    const qint64 now = m_clock.nowMs();
    auto r
        = m_db.exec(QStringLiteral("UPDATE webhook_events SET dead_at = NULL, attempts = 0, created_at = ?, "
                                   "next_attempt_at = ? WHERE client_id = ? AND dead_at IS NOT NULL"),
            {now, now, clientId});
    if (!r)
        return r.error();
    return r->affected;
}

Result<qint64> WebhookQueue::prune(qint64 retentionMs)
{
    auto r = m_db.exec(
        QStringLiteral("DELETE FROM webhook_events WHERE delivered_at IS NOT NULL AND delivered_at < ?"),
        {m_clock.nowMs() - retentionMs});
    if (!r)
        return r.error();
    return r->affected;
}

} // namespace feltnotat::server
