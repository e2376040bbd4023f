#include "pullbuilder.h"

#include "core/clock.h"
#include "feedcursor.h"
#include "sqlbackend.h"
#include "sync/protocol.h"

#include <QJsonDocument>

namespace feltnotat::server {

namespace {

struct FeedItem
{
    qint64 seq = 0;
    bool drop = false;
    qsizetype row = 0;
};

QByteArray tail(
    const QString &cursor, bool more, bool reset, qint64 serverTime, const protocol::DevicePolicy &policy)
{
    QByteArray out;
    out += "],\"cursor\":\"";
    out += cursor.toUtf8(); // feed ids and numbers only: nothing to escape
    out += "\",\"more\":";
    out += more ? "true" : "false";
    out += ",\"reset\":";
    out += reset ? "true" : "false";
    out += ",\"server_time\":";
    out += QByteArray::number(serverTime);
    if (!policy.isEmpty()) {
        out += ",\"policy\":";
        out += QJsonDocument(policy.toJson()).toJson(QJsonDocument::Compact);
    }
    out += '}';
    return out;
}

} // namespace

PullBuilder::PullBuilder(SqlBackend &db, const Clock &clock, qint64 maxPageChars)
    : m_db(db)
    , m_clock(clock)
    , m_maxPageChars(maxPageChars)
{ }

Result<PullResult> PullBuilder::pull(const DeviceIdentity &who, const QString &cursorText, int limit)
{
    const auto cursor = FeedCursor::parse(cursorText);
    if (!cursor)
        return makeError(ErrorCode::Invalid, QStringLiteral("malformed cursor"), QStringLiteral("cursor"));
    limit = std::clamp(limit, 1, protocol::limits::MaxPullLimit);

    // One statement, so one snapshot: the feed counter and the rows agree, and because feed numbers are
    // handed out in commit order, everything up to the counter is visible in it. (No transaction: a
    // read-only page needs no BEGIN and COMMIT of its own.) Its rows: part 0 the team (feed id, counter,
    // horizon), part 1 the changes, part 2 the drops; a device that starts from nothing needs neither
    // tombstones nor drops.
    const bool fromScratch = cursor->isStart();
    const qint64 after = cursor->isStart() ? 0 : cursor->seq;
    QString sql = QStringLiteral(
        "SELECT 0, seq, feed_id, NULL, NULL, horizon FROM teams WHERE id = ? "
        "UNION ALL SELECT * FROM (SELECT 1, seq, entity, id, body, CAST(NULL AS BIGINT) FROM records "
        "WHERE team_id = ? AND seq > ? AND hidden = 0");
    if (fromScratch)
        sql += QStringLiteral(" AND deleted = 0");
    sql += QStringLiteral(" ORDER BY seq LIMIT ?) AS c");
    QVariantList params {who.teamId, who.teamId, after, qint64(limit) + 1};
    if (!fromScratch) {
        sql += QStringLiteral(" UNION ALL SELECT * FROM (SELECT 2, seq, entity, id, CAST(NULL AS TEXT), "
                              "CAST(NULL AS BIGINT) FROM drops WHERE team_id = ? AND seq > ? ORDER BY seq "
                              "LIMIT ?) AS d");
        params << who.teamId << after << qint64(limit) + 1;
    }
    sql += QStringLiteral(" ORDER BY 1, 2");
    auto read = m_db.exec(sql, params);
    if (!read)
        return read.error();
    SqlRows page = std::move(read).value();
    if (page.isEmpty() || page.at(0, 0).toLongLong() != 0)
        return makeError(ErrorCode::Internal, QStringLiteral("the user's team is missing"));
    const QString feedId = page.at(0, 2).toString();
    const qint64 feedSeq = page.at(0, 1).toLongLong();
    const qint64 horizon = page.at(0, 5).toLongLong();
    const qint64 now = m_clock.nowMs();

    PullResult result;
    if (!cursor->isStart() && (cursor->feedId != feedId || cursor->seq < horizon || cursor->seq > feedSeq)) {
        // Another team's or an unknown feed, older than the tombstone horizon, or from the future.
        result.reset = true;
        result.json
            = QByteArrayLiteral("{\"changes\":[],\"drops\":[") + tail(QString(), true, true, now, m_policy);
        return result;
    }

    // Columns as before: seq, entity, id, body (changes); seq, entity, id (drops).
    SqlRows changesRows;
    SqlRows drops;
    for (qsizetype i = 1; i < page.size(); ++i) {
        QVariantList &row = page.rows[i];
        const qint64 part = row.at(0).toLongLong();
        row.removeFirst();
        (part == 1 ? changesRows : drops).rows.append(std::move(row));
    }
    const SqlRows *changes = &changesRows;

    // Merge both lists by feed number and take the first `limit`, or fewer when the record bodies
    // would pass the page's size.
    QList<FeedItem> items;
    items.reserve(changes->size() + drops.size());
    qsizetype ci = 0;
    qsizetype di = 0;
    qint64 pageChars = 0;
    while (items.size() < limit && (ci < changes->size() || di < drops.size())) {
        const qint64 cs
            = ci < changes->size() ? changes->at(ci, 0).toLongLong() : std::numeric_limits<qint64>::max();
        const qint64 ds
            = di < drops.size() ? drops.at(di, 0).toLongLong() : std::numeric_limits<qint64>::max();
        if (cs < ds) {
            pageChars += changes->at(ci, 3).toString().size();
            if (pageChars > m_maxPageChars && !items.isEmpty())
                break;
            items.append({cs, false, ci++});
        } else {
            items.append({ds, true, di++});
        }
    }
    const bool more = ci < changes->size() || di < drops.size();
    // Caught up: the counter covers rows this device never gets (hidden, or tombstones on a first sync).
    const qint64 next = more ? items.last().seq : feedSeq;

    QByteArray &out = result.json;
    qsizetype bodyBytes = 0;
    for (const FeedItem &item : std::as_const(items)) {
        if (!item.drop)
            bodyBytes += changes->at(item.row, 3).toString().size() * 3 + 100;
    }
    out.reserve(bodyBytes + drops.size() * 100 + 200);
    out += "{\"changes\":[";
    bool first = true;
    for (const FeedItem &item : std::as_const(items)) {
        if (item.drop)
            continue;
        const QVariantList &row = changes->rows.at(item.row);
        out += first ? "{\"entity\":\"" : ",{\"entity\":\"";
        first = false;
        out += row.at(1).toString().toLatin1(); // schema names and UUIDs: nothing to escape
        out += "\",\"id\":\"";
        out += row.at(2).toString().toLatin1();
        out += "\",\"fields\":";
        out += row.at(3).toString().toUtf8();
        out += '}';
        ++result.changes;
    }
    out += "],\"drops\":[";
    first = true;
    for (const FeedItem &item : std::as_const(items)) {
        if (!item.drop)
            continue;
        const QVariantList &row = drops.rows.at(item.row);
        out += first ? "{\"entity\":\"" : ",{\"entity\":\"";
        first = false;
        out += row.at(1).toString().toLatin1();
        out += "\",\"id\":\"";
        out += row.at(2).toString().toLatin1();
        out += "\"}";
        ++result.drops;
    }
    out += tail(FeedCursor {feedId, next}.toString(), more, false, now, m_policy);
    return result;
}

} // namespace feltnotat::server
