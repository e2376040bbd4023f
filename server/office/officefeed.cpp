#include "officefeed.h"

#include "reportcolumns.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"
#include "sync/protocol.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace feltnotat::server {

QString FeedChange::kindName(Kind kind)
{
    switch (kind) {
    case Created:
        return QStringLiteral("created");
    case Updated:
        return QStringLiteral("updated");
    case Deleted:
        return QStringLiteral("deleted");
    case Removed:
        return QStringLiteral("removed");
    }
    return {};
}

OfficeFeed::OfficeFeed(SqlBackend &db)
    : m_db(db)
{ }

Result<FeedPage> OfficeFeed::read(
    const QString &teamId, const QString &feedId, qint64 after, int limit, bool withData)
{
    // Its own snapshot, or the caller's transaction (the webhook enqueuer holds its cursor locked).
    std::optional<SqlTransaction> tx;
    if (!m_db.inTransaction()) {
        tx.emplace(m_db, SqlTransaction::Mode::Read);
        if (!tx->ok())
            return tx->status().error();
    }
    auto team = m_db.exec(QStringLiteral("SELECT feed_id, seq, horizon FROM teams WHERE id = ?"), {teamId});
    if (!team)
        return team.error();
    if (team->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"));
    FeedPage page;
    page.feedId = team->at(0, 0).toString();
    const qint64 feedSeq = team->at(0, 1).toLongLong();
    const qint64 horizon = team->at(0, 2).toLongLong();
    const bool fromScratch = after < 0;
    if (!fromScratch && (feedId != page.feedId || after < horizon || after > feedSeq)) {
        page.reset = true;
        page.more = true;
        return page;
    }
    const qint64 from = fromScratch ? 0 : after;
    // Up to the counter read above only: everything numbered up to it has committed (numbers are
    // handed out in commit order), also where this runs in a READ COMMITTED write transaction.
    const QVariantList params {teamId, from, feedSeq, qint64(limit) + 1};
    auto records = m_db.exec(QStringLiteral("SELECT seq, entity, id, deleted, %1 FROM records WHERE team_id "
                                            "= ? AND seq > ? AND seq <= ? AND hidden = 0 "
                                            "AND entity <> 'conflict'")
                                 .arg(withData ? QStringLiteral("body") : QStringLiteral("''"))
            + (fromScratch ? QStringLiteral(" AND deleted = 0") : QString())
            + QStringLiteral(" ORDER BY seq LIMIT ?"),
        params);
    if (!records)
        return records.error();
    SqlRows drops;
    if (!fromScratch) {
        auto d = m_db.exec(QStringLiteral("SELECT seq, entity, id FROM drops WHERE team_id = ? AND seq > ? "
                                          "AND seq <= ? AND entity <> 'conflict' "
                                          "ORDER BY seq LIMIT ?"),
            params);
        if (!d)
            return d.error();
        drops = std::move(d).value();
    }

    // Both lists merged by feed number, the first `limit`.
    qsizetype ri = 0;
    qsizetype di = 0;
    QHash<QString, QStringList> idsByEntity;
    while (page.changes.size() < limit && (ri < records->size() || di < drops.size())) {
        const qint64 rs
            = ri < records->size() ? records->at(ri, 0).toLongLong() : std::numeric_limits<qint64>::max();
        const qint64 ds
            = di < drops.size() ? drops.at(di, 0).toLongLong() : std::numeric_limits<qint64>::max();
        FeedChange c;
        if (rs < ds) {
            const QVariantList &row = records->rows.at(ri++);
            c.seq = rs;
            c.entity = row.at(1).toString();
            c.id = row.at(2).toString();
            if (row.at(3).toLongLong() != 0) {
                c.kind = FeedChange::Deleted;
            } else {
                c.kind = FeedChange::Updated;
                idsByEntity[c.entity] << c.id;
                if (withData) {
                    c.record.entity = c.entity;
                    c.record.id = c.id;
                    const QJsonObject body = QJsonDocument::fromJson(row.at(4).toString().toUtf8()).object();
                    if (Status s = protocol::fieldsFromJson(body, c.record); !s)
                        return makeError(
                            ErrorCode::Internal, QStringLiteral("a stored record does not match the schema"));
                }
            }
        } else {
            const QVariantList &row = drops.rows.at(di++);
            c.seq = ds;
            c.entity = row.at(1).toString();
            c.id = row.at(2).toString();
            c.kind = FeedChange::Removed;
        }
        page.changes.append(std::move(c));
    }
    page.more = ri < records->size() || di < drops.size();
    page.next = page.more ? page.changes.last().seq : feedSeq;

    // Created or updated: a record whose first write is this position was created by it.
    QSet<QString> created;
    for (auto it = idsByEntity.cbegin(); it != idsByEntity.cend(); ++it) {
        if (!ReportColumns::entities().contains(it.key()))
            continue;
        for (qsizetype i = 0; i < it->size(); i += 500) {
            const QStringList chunk = it->mid(i, 500);
            QVariantList ids(chunk.cbegin(), chunk.cend());
            auto rows = m_db.exec(QStringLiteral("SELECT id FROM %1 WHERE created_seq = seq AND id IN (%2)")
                                      .arg(ReportColumns::tableOf(it.key()),
                                          QStringLiteral("?, ").repeated(chunk.size() - 1) + u'?'),
                ids);
            if (!rows)
                return rows.error();
            for (const QVariantList &row : rows->rows)
                created.insert(row.at(0).toString());
        }
    }
    for (FeedChange &c : page.changes) {
        if (c.kind == FeedChange::Updated && created.contains(c.id))
            c.kind = FeedChange::Created;
    }
    if (tx) {
        if (Status s = tx->commit(); !s)
            return s.error();
    }
    return page;
}

} // namespace feltnotat::server
