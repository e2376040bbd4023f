#pragma once

// The campaign's user operations on one device's store, shared by the in-process mode and the device
// agent process: create, edit, delete, resolve a conflict. Each reads what the device shows and writes
// in one go (the store is single-threaded), and reports exactly what it wrote, so the checker knows
// every value, the value it replaced and the outbox sequence number it went out with.
#include "core/store.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace campaign {

// One write to one field. The value is unique in the whole run, so it names its write.
struct FieldWrite
{
    QString entity;
    QString id;
    QString field;
    QString value;
    QString prev; // what the device showed before ("" for a new record)
};

struct OpOutcome
{
    bool ok = false;
    bool nothingToDo = false; // e.g. an edit on a device that has no records yet
    QString error;
    QString kind; // "create", "edit", "delete", "resolve"
    QString entity;
    QString id; // the record created, edited or deleted
    QStringList alsoDeleted; // a participant's delete: the records it took along
    QList<FieldWrite> writes;
    qint64 seq = 0; // the outbox sequence number of the write (0 when nothing was written)

    QJsonObject toJson() const;
    static OpOutcome fromJson(const QJsonObject &o);
};

enum class OpKind { Create, Edit, Delete, Resolve };

// Fields the campaign edits, per record type (the ones the convergence checks follow).
const QHash<QString, QStringList> &editableFields();
QString opName(OpKind kind);
std::optional<OpKind> opFromName(const QString &name);

// Performs one operation. `pick` chooses the record type and record, `tag` makes the values unique
// (the step and device that wrote them).
OpOutcome perform(feltnotat::Store &store, OpKind kind, quint64 pick, const QString &tag);

// Refused changes a run must not have: all but edits of a record a colleague deleted meanwhile (a
// delete wins over every edit that did not see it, so those are refused by design, code "deleted").
qint64 unexpectedDeadLetters(feltnotat::Store &store);

} // namespace campaign
