#include "reportcolumns.h"

#include "core/schema.h"
#include "server/logging.h"
#include "server/recordstore.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"
#include "sync/protocol.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {

// Columns indexed together with team_id, per entity: what $filter, $orderby and the reports use.
const QHash<QString, QStringList> &indexedColumns()
{
    static const QHash<QString, QStringList> map {
        {QStringLiteral("participant"),
            {QStringLiteral("assigned_to"), QStringLiteral("stage"), QStringLiteral("first_contact_date"),
                QStringLiteral("closed_date"), QStringLiteral("updated_at")}},
        {QStringLiteral("employer"),
            {QStringLiteral("org_number"), QStringLiteral("name"), QStringLiteral("updated_at")}},
        {QStringLiteral("workplace"), {QStringLiteral("employer_id"), QStringLiteral("updated_at")}},
        {QStringLiteral("contact"), {QStringLiteral("employer_id"), QStringLiteral("updated_at")}},
        {QStringLiteral("encounter"),
            {QStringLiteral("starts_at"), QStringLiteral("participant_id"), QStringLiteral("employer_id"),
                QStringLiteral("created_by"), QStringLiteral("updated_at")}},
        {QStringLiteral("task"),
            {QStringLiteral("due_date"), QStringLiteral("participant_id"), QStringLiteral("updated_at")}},
        {QStringLiteral("employment"),
            {QStringLiteral("participant_id"), QStringLiteral("start_date"), QStringLiteral("updated_at")}},
    };
    return map;
}

QString quoted(const QString &name)
{
    return u'"' + name + u'"';
}

QString columnType(const FieldSpec &f)
{
    switch (f.type) {
    case FieldType::Integer:
    case FieldType::Bool:
        return QStringLiteral("BIGINT");
    case FieldType::Real:
        return QStringLiteral("DOUBLE PRECISION");
    default:
        return QStringLiteral("TEXT");
    }
}

QString fingerprint(const EntitySpec &spec)
{
    QStringList parts;
    for (const FieldSpec &f : spec.fields)
        parts << f.name + u':' + columnType(f);
    parts << indexedColumns().value(spec.name);
    return QString::fromLatin1(
        QCryptographicHash::hash(parts.join(u',').toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

QVariant bindable(const FieldSpec &f, const QVariant &v)
{
    if (v.isNull() || !v.isValid())
        return {};
    switch (f.type) {
    case FieldType::Bool:
        return qint64(v.toBool() ? 1 : 0);
    case FieldType::Integer:
        return v.toLongLong();
    case FieldType::Real:
        return v.toDouble();
    default:
        return v.toString();
    }
}

Result<SqlRows> tableExists(SqlBackend &db, const QString &table)
{
    return db.kind() == SqlBackend::Kind::Sqlite
        ? db.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"), {table})
        : db.exec(QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND "
                                 "tablename = ?"),
            {table});
}

Result<QStringList> existingColumns(SqlBackend &db, const QString &table)
{
    auto rows = db.kind() == SqlBackend::Kind::Sqlite
        ? db.exec(QStringLiteral("SELECT name FROM pragma_table_info(?)"), {table})
        : db.exec(QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                 "current_schema() AND table_name = ?"),
            {table});
    if (!rows)
        return rows.error();
    QStringList out;
    for (const QVariantList &row : rows->rows)
        out << row.at(0).toString();
    return out;
}

} // namespace

QString ReportColumns::columnOf(const QString &field)
{
    return field == sys::Team ? QStringLiteral("team_id") : field;
}

QStringList ReportColumns::columns(const EntitySpec &spec)
{
    QStringList out;
    for (const FieldSpec &f : spec.fields)
        out << columnOf(f.name);
    return out;
}

QStringList ReportColumns::entities()
{
    QStringList out;
    for (const EntitySpec &e : Schema::instance().entities()) {
        if (e.name != u"conflict")
            out << e.name;
    }
    return out;
}

Status ReportColumns::ensure(SqlBackend &db)
{
    SqlTransaction tx(db);
    if (!tx.ok())
        return tx.status();
    if (Status s = db.lockForMigration(); !s)
        return s;
    if (Status s = db.script(QStringLiteral("CREATE TABLE IF NOT EXISTS office_columns (entity TEXT PRIMARY "
                                            "KEY, fingerprint TEXT NOT NULL)"));
        !s)
        return s;
    for (const QString &entity : entities()) {
        const EntitySpec &spec = *Schema::instance().entity(entity);
        const QString table = tableOf(entity);
        const QString want = fingerprint(spec);
        auto have
            = db.exec(QStringLiteral("SELECT fingerprint FROM office_columns WHERE entity = ?"), {entity});
        if (!have)
            return have.error();
        if (!have->isEmpty() && have->first().toString() == want)
            continue;
        auto exists = tableExists(db, table);
        if (!exists)
            return exists.error();
        if (exists->isEmpty()) {
            QStringList defs {QStringLiteral("id TEXT PRIMARY KEY"), QStringLiteral("seq BIGINT NOT NULL"),
                QStringLiteral("created_seq BIGINT NOT NULL"),
                QStringLiteral("hidden BIGINT NOT NULL DEFAULT 0")};
            for (const FieldSpec &f : spec.fields)
                defs << quoted(columnOf(f.name)) + u' ' + columnType(f);
            if (Status s = db.script(QStringLiteral("CREATE TABLE %1 (%2)").arg(table, defs.join(u", "))); !s)
                return s;
        } else {
            auto present = existingColumns(db, table);
            if (!present)
                return present.error();
            for (const FieldSpec &f : spec.fields) {
                if (present->contains(columnOf(f.name)))
                    continue;
                if (Status s = db.script(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3")
                                             .arg(table, quoted(columnOf(f.name)), columnType(f)));
                    !s)
                    return s;
            }
        }
        QStringList indexed {QStringLiteral("seq")};
        indexed << indexedColumns().value(entity);
        for (const QString &column : std::as_const(indexed)) {
            if (Status s = db.script(QStringLiteral("CREATE INDEX IF NOT EXISTS %1_%2 ON %1 (team_id, %3)")
                                         .arg(table, column, quoted(column)));
                !s)
                return s;
        }
        if (Status s = refill(db, spec); !s)
            return s;
        if (auto r = db.exec(QStringLiteral("DELETE FROM office_columns WHERE entity = ?"), {entity}); !r)
            return r.error();
        if (auto r = db.exec(QStringLiteral("INSERT INTO office_columns (entity, fingerprint) VALUES (?, ?)"),
                {entity, want});
            !r)
            return r.error();
        qCInfo(lcServer).noquote() << "report columns of" << entity << "rebuilt";
    }
    return tx.commit();
}

Status ReportColumns::refill(SqlBackend &db, const EntitySpec &spec)
{
    if (auto r = db.exec(QStringLiteral("DELETE FROM %1").arg(tableOf(spec.name))); !r)
        return r.error();
    // In chunks by id, so memory stays bounded on a large database.
    QString after;
    constexpr int Chunk = 2000;
    for (;;) {
        auto rows
            = db.exec(QStringLiteral("SELECT id, team_id, seq, hidden, body FROM records WHERE entity = ? "
                                     "AND id > ? ORDER BY id LIMIT ?"),
                {spec.name, after, qint64(Chunk)});
        if (!rows)
            return rows.error();
        for (const QVariantList &row : rows->rows) {
            StoredRecord stored;
            stored.record.entity = spec.name;
            stored.record.id = row.at(0).toString();
            stored.teamId = row.at(1).toString();
            stored.seq = row.at(2).toLongLong();
            stored.hidden = row.at(3).toLongLong() != 0;
            const QJsonObject body = QJsonDocument::fromJson(row.at(4).toString().toUtf8()).object();
            if (Status s = protocol::fieldsFromJson(body, stored.record); !s)
                return makeError(ErrorCode::Internal,
                    QStringLiteral("stored record does not match the schema: ") + s.errorString());
            if (Status s = write(db, stored); !s)
                return s;
            after = stored.record.id;
        }
        if (rows->size() < Chunk)
            return Status::success();
    }
}

Status ReportColumns::write(SqlBackend &db, const StoredRecord &stored)
{
    const Statement statement = upsert(stored);
    if (statement.sql.isEmpty())
        return Status::success();
    auto r = db.exec(statement.sql, statement.params);
    return r ? Status::success() : Status(r.error());
}

ReportColumns::Statement ReportColumns::upsert(const StoredRecord &stored)
{
    const EntitySpec *spec = Schema::instance().entity(stored.record.entity);
    if (!spec || spec->name == u"conflict")
        return {};
    // The statement's text depends on the entity alone: made once per entity, shared by every thread.
    static const QHash<QString, QString> sqlOf = [] {
        QHash<QString, QString> out;
        for (const EntitySpec &e : Schema::instance().entities()) {
            QStringList names {QStringLiteral("id"), QStringLiteral("seq"), QStringLiteral("created_seq"),
                QStringLiteral("hidden")};
            QStringList updates {
                QStringLiteral("seq = excluded.seq"), QStringLiteral("hidden = excluded.hidden")};
            for (const FieldSpec &f : e.fields) {
                const QString column = quoted(columnOf(f.name));
                names << column;
                updates << column + QStringLiteral(" = excluded.") + column;
            }
            QString marks = QStringLiteral("?");
            marks += QStringLiteral(", ?").repeated(names.size() - 1);
            out.insert(e.name,
                QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO UPDATE SET %4")
                    .arg(tableOf(e.name), names.join(u", "), marks, updates.join(u", ")));
        }
        return out;
    }();
    Statement out;
    out.sql = sqlOf.value(spec->name);
    out.params.reserve(spec->fields.size() + 4);
    out.params << stored.record.id << stored.seq << stored.seq << qint64(stored.hidden ? 1 : 0);
    for (const FieldSpec &f : spec->fields) {
        if (f.name == sys::Team)
            out.params << stored.teamId;
        else
            out.params << bindable(f, stored.record.values.value(f.name));
    }
    return out;
}

Status ReportColumns::hideParticipant(SqlBackend &db, const QString &teamId, const QString &participantId)
{
    // By the records' own participant (records.participant_id), which a task linked only through its
    // encounter has too, not by a participant_id column such a task leaves empty.
    for (const QString &entity : entities()) {
        if (auto r
            = db.exec(QStringLiteral("UPDATE %1 SET hidden = 1 WHERE team_id = ? AND id IN (SELECT id FROM "
                                     "records WHERE entity = ? AND participant_id = ? AND team_id = ?)")
                          .arg(tableOf(entity)),
                {teamId, entity, participantId, teamId});
            !r)
            return r.error();
    }
    return Status::success();
}

Status ReportColumns::prune(SqlBackend &db, const QString &teamId)
{
    for (const QString &entity : entities()) {
        if (auto r = db.exec(QStringLiteral("DELETE FROM %1 WHERE team_id = ? AND deleted = 1 AND NOT EXISTS "
                                            "(SELECT 1 FROM records r WHERE r.entity = ? AND r.id = %1.id)")
                                 .arg(tableOf(entity)),
                {teamId, entity});
            !r)
            return r.error();
    }
    return Status::success();
}

} // namespace feltnotat::server
