#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantHash>

#include <functional>

namespace feltnotat {

enum class FieldType {
    Text, // one line
    LongText, // multi-line notes
    Integer,
    Real,
    Bool,
    Date, // yyyy-MM-dd
    DateTime, // UTC, yyyy-MM-ddTHH:mm:ssZ
    Enum, // one of FieldSpec::enumValues
    Ref, // id of another record
    Phone, // normalised to +47XXXXXXXX
    Email,
    OrgNumber, // 9 digits, MOD11
};

// One field of a synced record type: its type, limits and how concurrent writes merge.
struct FieldSpec
{
    QString name;
    FieldType type = FieldType::Text;
    bool required = false;
    int maxLength = 200;
    QStringList enumValues;
    QString refEntity;
    double min = 0;
    double max = 0; // numeric range applies when min < max
    bool system = false; // kept by the store (team, created_by, …), not edited by users
    bool mergeQuietly = false; // concurrent writes resolve by clock without a visible conflict
    // Holds an id or a clock the software wrote (team, authors, a conflict's clocks): a value of that
    // form is hex, and a run of digits in it is no birth number (Schema::normalize).
    bool machineWritten = false;
    QVariant defaultValue;

    bool isText() const;
    QString sqlType() const;
};

// One local write as Store::write hands it to EntitySpec::localRules.
struct LocalWrite
{
    bool isNew = false;
    const QVariantHash &before; // the stored record's values (empty for a new one)
    const QVariantHash &given; // the values the caller gave, normalised
    QVariantHash &changed; // the fields this write changes; the rules may add derived ones
    QDateTime now; // the store's clock

    // The value a field will have after the write.
    QVariant after(const QString &field) const
    {
        return changed.contains(field) ? changed.value(field) : before.value(field);
    }
};

// A synced record type: its table, fields and the rules that span several fields.
struct EntitySpec
{
    QString name; // "participant"
    QString table; // "participants"
    int searchKind = 0; // 0 = not in the search index
    QList<FieldSpec> fields;
    QList<int> fieldsByName; // indexes into fields, ordered by name (QString's order); set by Schema
    // Each field's name as a JSON string literal, "name"; set by Schema when every name is a plain
    // identifier (none needs escaping), else empty.
    QList<QByteArray> quotedNames;
    // Each field's place in titleFields and in bodyFields, -1 where it is not there; set by Schema.
    QList<int> titlePlace, bodyPlace;
    // (data pointer of a field's name, its index), sorted by pointer; set by Schema (indexOfName).
    QList<std::pair<const QChar *, int>> namePointers;
    QStringList titleFields; // search index title, joined by " "
    QStringList bodyFields; // search index body
    // Cross-field rules on the full record after a change; returns an error or nothing.
    std::function<Status(const QVariantHash &record)> check;
    // Domain rules of local writes (app, CLI, importer), run by Store::write on every create and update
    // before check: fields derived from others, rules that depend on the time of the write. Records pulled
    // from the server do not pass here; they were checked where they were written.
    std::function<Status(LocalWrite &write)> localRules;

    const FieldSpec *field(QStringView fieldName) const;
    qsizetype fieldIndex(QStringView fieldName) const;
    // fieldIndex() for a name that is usually a copy of a FieldSpec's own name (as the keys of pulled
    // records are): such a copy shares the name's data, found by its pointer without comparing or
    // hashing text, which was a fifth of the time of applying a pulled batch (docs/benchmarks.md).
    qsizetype indexOfName(const QString &fieldName) const;
};

// Names of the fields every synced record has.
namespace sys {
inline const QString Team = QStringLiteral("team");
inline const QString CreatedBy = QStringLiteral("created_by");
inline const QString CreatedAt = QStringLiteral("created_at");
inline const QString UpdatedBy = QStringLiteral("updated_by");
inline const QString UpdatedAt = QStringLiteral("updated_at");
inline const QString Deleted = QStringLiteral("deleted");
// On a participant's visits, tasks and employments: the participant whose delete took this record
// with it (Store::remove), so a restore of the participant brings back exactly those.
inline const QString DeletedWith = QStringLiteral("deleted_with");
// On a tombstone: the devices (ids, space-separated) whose writes the server had accepted and the delete
// did not see (issue 20). Written by the server only; each named device tells its user, from its own copy.
inline const QString DeletedOver = QStringLiteral("deleted_over");
} // namespace sys

// The registry of record types shared by the phone and the server.
class Schema
{
public:
    static const Schema &instance();

    const EntitySpec *entity(QStringView name) const;
    const EntitySpec *entityBySearchKind(int kind) const;
    const QList<EntitySpec> &entities() const { return m_entities; }

    // Normalises one value for a field (trims, phone to +47, …) or explains what is wrong with it.
    // A null or empty value clears the field.
    static Result<QVariant> normalize(const FieldSpec &field, const QVariant &value);
    // Required fields and cross-field rules on a complete record.
    static Status checkRecord(const EntitySpec &entity, const QVariantHash &record);

    static QJsonValue toJson(const FieldSpec &field, const QVariant &value);
    static Result<QVariant> fromJson(const FieldSpec &field, const QJsonValue &value);
    // fromJson() for a JSON scalar already read into a QVariant: invalid for null, else a bool, a double
    // or a QString (sync/pullparse.cpp reads pull pages without QJsonValue).
    static Result<QVariant> fromJsonScalar(const FieldSpec &field, const QVariant &value);

    static bool isValidId(QStringView id);
    static QString newId();

    static constexpr int MaxLongText = 20000;
    static constexpr int MaxDeletedOver = 32; // device ids in sys::DeletedOver

private:
    Schema();
    QList<EntitySpec> m_entities;
};

// Definitions of the record types, one function each (entities.cpp).
EntitySpec participantSpec();
EntitySpec employerSpec();
EntitySpec workplaceSpec();
EntitySpec contactSpec();
EntitySpec encounterSpec();
EntitySpec taskSpec();
EntitySpec employmentSpec();
EntitySpec conflictSpec();

} // namespace feltnotat
