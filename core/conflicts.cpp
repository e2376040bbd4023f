#include "conflicts.h"

#include "database.h"
#include "deletionconflicts.h"
#include "schema.h"
#include "store.h"
#include "storequeries.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace feltnotat {

Conflicts::Conflicts(Store &store)
    : m_store(store)
{ }

QList<Record> Conflicts::open()
{
    return StoreQueries(m_store).select(
        QStringLiteral("conflict"), QStringLiteral("status = 'open'"), {}, QStringLiteral("created_at DESC"));
}

qint64 Conflicts::openCount()
{
    return StoreQueries(m_store).count(QStringLiteral("conflict"), QStringLiteral("status = 'open'"))
        + DeletionConflicts(m_store).openCount();
}

QString Conflicts::encodeValue(const QJsonValue &value)
{
    // QJsonDocument only writes arrays and objects: write [value] and drop the brackets.
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QJsonValue Conflicts::decodeValue(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray('[' + text.toUtf8() + ']'));
    return doc.isArray() && doc.array().size() == 1 ? doc.array().at(0) : QJsonValue(QJsonValue::Undefined);
}

Status Conflicts::resolve(const QString &conflictId, Choice choice, const QVariant &customValue)
{
    auto conflict = m_store.get(QStringLiteral("conflict"), conflictId);
    if (!conflict)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such conflict"));
    if (conflict->text(QStringLiteral("status")) != u"open")
        return makeError(ErrorCode::Conflict, QStringLiteral("the conflict is already resolved"));
    const QString entity = conflict->text(QStringLiteral("entity"));
    const QString recordId = conflict->text(QStringLiteral("record_id"));
    const QString fieldName = conflict->text(QStringLiteral("field"));
    const EntitySpec *spec = Schema::instance().entity(entity);
    const FieldSpec *field = spec ? spec->field(fieldName) : nullptr;
    if (!field || field->system)
        return makeError(ErrorCode::Invalid, QStringLiteral("the conflict names an unknown field"));

    QVariant value;
    bool change = true;
    switch (choice) {
    case Choice::KeepCurrent:
        change = false;
        break;
    case Choice::TakeLost: {
        auto lost = Schema::fromJson(*field, decodeValue(conflict->text(QStringLiteral("lost_value"))));
        if (!lost)
            return lost.error();
        value = lost.value();
        break;
    }
    case Choice::Custom:
        value = customValue;
        break;
    }

    Transaction txn(m_store.database());
    if (!txn.ok())
        return txn.status();
    if (change && m_store.get(entity, recordId)) {
        auto updated = m_store.update(entity, recordId, {{fieldName, value}});
        if (!updated)
            return updated.error();
    }
    auto done = m_store.update(
        QStringLiteral("conflict"), conflictId, {{QStringLiteral("status"), QStringLiteral("resolved")}});
    if (!done)
        return done.error();
    return txn.commit();
}

} // namespace feltnotat
