#pragma once

#include "record.h"
#include "result.h"

#include <QJsonValue>

namespace feltnotat {

class Store;

// Conflicts are synced records written by the server when two devices changed the same field
// concurrently. kept_value / lost_value hold the field value as JSON text: "\"Kari\"", "37.5", "true",
// "null".
class Conflicts
{
public:
    enum class Choice {
        KeepCurrent, // the value the record has now
        TakeLost, // the value that lost
        Custom, // a new value, e.g. both texts merged by hand
    };

    explicit Conflicts(Store &store);

    QList<Record> open();
    // Open field conflicts plus the entries of DeletionConflicts (deletes that met this user's work).
    qint64 openCount();
    // Resolves a conflict as an ordinary edit of the record (if the value changes) plus marking the
    // conflict resolved, in one transaction; both travel to the server and the other devices.
    Status resolve(const QString &conflictId, Choice choice, const QVariant &customValue = {});

    static QString encodeValue(const QJsonValue &value);
    static QJsonValue decodeValue(const QString &text);

private:
    Store &m_store;
};

} // namespace feltnotat
