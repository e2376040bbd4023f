#pragma once

#include "core/schema.h"

#include <QHash>
#include <QRandomGenerator>
#include <QStringList>
#include <QVariantHash>

#include <optional>

// Random but valid (or deliberately invalid) writes for the property test, driven by the schema.
// It knows which records exist so references point where the test intends.
class StoreGen
{
public:
    explicit StoreGen(quint32 seed);

    QRandomGenerator rng;
    QHash<QString, QStringList> live; // entity → ids of records that exist and are not deleted
    QHash<QString, QStringList> dead; // entity → ids of deleted records

    static const QStringList &entities(); // the user-editable record types
    const feltnotat::EntitySpec &spec(const QString &entity) const;

    int below(int n) { return n <= 0 ? 0 : int(rng.bounded(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template<typename T> const T &pick(const QList<T> &list) { return list.at(below(int(list.size()))); }

    // All required fields and a random selection of others; nothing when a required reference has no target.
    std::optional<QVariantHash> createValues(const QString &entity);
    // A random subset of fields with new values (or cleared), keeping the record valid.
    QVariantHash updateValues(const QString &entity, const QVariantHash &current);

    // One defect added to an otherwise valid write, and the field the error must name.
    struct Defect
    {
        QVariantHash values; // merged over the valid values
        QStringList removed; // fields to take out of the valid values
        QString field;
        QString what;
    };
    std::optional<Defect> defect(const QString &entity, bool creating);

    QString words(int maxLength, bool multiLine);

private:
    static bool isDerived(const QString &entity, const feltnotat::FieldSpec &f);
    QVariant validValue(const QString &entity, const feltnotat::FieldSpec &f);
    std::optional<QVariant> invalidValue(const feltnotat::FieldSpec &f, QString *what);
    QString date(int fromYear, int toYear);
};
