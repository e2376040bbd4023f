#include "outbox.h"

#include "store.h"
#include "validation.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat {

namespace {

Mutation mutationFromRow(const Query &q)
{
    Mutation m;
    m.seq = q.int64(0);
    m.entity = q.text(1);
    m.recordId = q.text(2);
    m.createdAt = q.text(4);
    if (const EntitySpec *spec = Schema::instance().entity(m.entity)) {
        const QJsonObject fields = QJsonDocument::fromJson(q.text(3).toUtf8()).object();
        auto changes = Mutation::changesFromJson(*spec, fields);
        if (changes)
            m.changes = changes.value();
    }
    return m;
}

} // namespace

Outbox::Outbox(Store &store)
    : m_store(store)
{ }

qint64 Outbox::pendingCount()
{
    auto n = m_store.database().scalar(QStringLiteral("SELECT count(*) FROM outbox"));
    return n ? n.value() : 0;
}

qint64 Outbox::lastSeq()
{
    auto n = m_store.database().scalar(
        QStringLiteral("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'outbox'"));
    return n ? n.value() : 0;
}

Result<QList<Mutation>> Outbox::pending(int limit, qint64 afterSeq)
{
    QList<Mutation> out;
    Query q = m_store.database().query(QStringLiteral("SELECT seq, entity, record_id, fields, created_at, "
                                                      "seen FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"));
    q.bindAll(afterSeq, qint64(limit));
    while (q.next()) {
        out.append(mutationFromRow(q));
        out.last().seen = q.text(5);
    }
    if (!q.ok())
        return q.error();
    return out;
}

QSet<QString> Outbox::pendingFields(const QString &entity, const QString &recordId)
{
    QSet<QString> fields;
    Query q = m_store.database().query(
        QStringLiteral("SELECT fields FROM outbox WHERE entity = ? AND record_id = ?"));
    q.bindAll(entity, recordId);
    while (q.next()) {
        const QJsonObject o = QJsonDocument::fromJson(q.text(0).toUtf8()).object();
        for (auto it = o.begin(); it != o.end(); ++it)
            fields.insert(it.key());
    }
    return fields;
}

Status Outbox::acknowledge(qint64 appliedThrough, const QList<Rejection> &rejected)
{
    Database &db = m_store.database();
    Transaction txn(db);
    if (!txn.ok())
        return txn.status();
    const QString now = validation::formatDateTime(m_store.clock().now());
    for (const Rejection &r : rejected) {
        if (r.seq > appliedThrough)
            continue;
        Status s
            = db.query(QStringLiteral(
                           "INSERT OR REPLACE INTO dead_letters(seq, entity, record_id, fields, created_at,"
                           " reason, code, failed_at) SELECT seq, entity, record_id, fields, created_at,"
                           " ?, ?, ? FROM outbox WHERE seq = ?"))
                  .bindAll(r.reason, r.code, now, r.seq)
                  .exec();
        if (!s)
            return s;
    }
    if (Status s
        = db.query(QStringLiteral("DELETE FROM outbox WHERE seq <= ?")).bind(1, appliedThrough).exec();
        !s)
        return s;
    return txn.commit();
}

Status Outbox::refuseRecord(
    const QString &entity, const QString &recordId, const QString &code, const QString &reason)
{
    Database &db = m_store.database();
    Status s = db.query(QStringLiteral(
                            "INSERT OR REPLACE INTO dead_letters(seq, entity, record_id, fields, created_at,"
                            " reason, code, failed_at) SELECT seq, entity, record_id, fields, created_at,"
                            " ?, ?, ? FROM outbox WHERE entity = ? AND record_id = ?"))
                   .bindAll(reason, code, validation::formatDateTime(m_store.clock().now()), entity, recordId)
                   .exec();
    if (!s)
        return s;
    return db.query(QStringLiteral("DELETE FROM outbox WHERE entity = ? AND record_id = ?"))
        .bindAll(entity, recordId)
        .exec();
}

qint64 Outbox::deadLetterCount()
{
    auto n = m_store.database().scalar(QStringLiteral("SELECT count(*) FROM dead_letters"));
    return n ? n.value() : 0;
}

QList<DeadLetter> Outbox::deadLetters()
{
    QList<DeadLetter> out;
    Query q
        = m_store.database().query(QStringLiteral("SELECT seq, entity, record_id, fields, created_at, "
                                                  "reason, code, failed_at FROM dead_letters ORDER BY seq"));
    while (q.next())
        out.append(DeadLetter {mutationFromRow(q), q.text(5), q.text(6), q.text(7)});
    return out;
}

Status Outbox::retryDeadLetter(qint64 seq)
{
    Database &db = m_store.database();
    Transaction txn(db);
    if (!txn.ok())
        return txn.status();
    // A retry is a new mutation with a new sequence number; the server never saw it as applied.
    Status s = db.query(QStringLiteral(
                            "INSERT INTO outbox(entity, record_id, fields, created_at)"
                            " SELECT entity, record_id, fields, created_at FROM dead_letters WHERE seq = ?"))
                   .bind(1, seq)
                   .exec();
    if (!s)
        return s;
    if (db.changes() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such dead letter"));
    if (Status d = db.query(QStringLiteral("DELETE FROM dead_letters WHERE seq = ?")).bind(1, seq).exec(); !d)
        return d;
    return txn.commit();
}

Status Outbox::discardDeadLetter(qint64 seq)
{
    Status s = m_store.database()
                   .query(QStringLiteral("DELETE FROM dead_letters WHERE seq = ?"))
                   .bind(1, seq)
                   .exec();
    if (!s)
        return s;
    if (m_store.database().changes() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such dead letter"));
    return Status::success();
}

} // namespace feltnotat
