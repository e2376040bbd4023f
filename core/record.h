#pragma once

#include "result.h"
#include "schema.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantHash>

namespace feltnotat {

// One synced record as the store holds it: field values and the clock of each field's last write.
struct Record
{
    QString entity;
    QString id;
    qint64 rid = 0; // local row key; 0 for records not from this store
    QVariantHash values;
    QHash<QString, QString> clocks;

    bool isDeleted() const { return values.value(sys::Deleted).toBool(); }
    QVariant value(const QString &field) const { return values.value(field); }
    QString text(const QString &field) const { return values.value(field).toString(); }
    // Values of all fields of the record type as JSON (nulls included), with "id" added.
    QJsonObject toJson() const;
};

// A write to one field: the new value, its clock, and the clock of the value it replaced ("base").
// A base equal to the receiver's current clock means the writer had seen that value.
struct FieldChange
{
    QString field;
    QVariant value;
    QString clock;
    QString base;
};

// One local write waiting in the outbox: the device sequence number, the record, its changed fields.
struct Mutation
{
    qint64 seq = 0;
    QString entity;
    QString recordId;
    QList<FieldChange> changes;
    QString createdAt;
    // A delete's view of the server (issue 20): the pull cursor after this device's last complete pull when
    // it was made, sent as "seen"; the server names the writers it accepted after that. Empty: not sent.
    QString seen;

    // {"field": [value, clock, base], …}; base is left out when the field had no value before.
    QJsonObject changesToJson(const EntitySpec &spec) const;
    // The same as the compact text QJsonDocument makes of changesToJson(spec), written directly: every
    // local write's outbox entry is this text, and building it through QJsonObject was a third of the time
    // of an import (docs/benchmarks.md).
    QByteArray changesToJsonText(const EntitySpec &spec) const;
    static Result<QList<FieldChange>> changesFromJson(const EntitySpec &spec, const QJsonObject &object);
};

// The clocks column of a row: {"<clock>":["field",...],...} (record.cpp); clocksFromJson also reads
// the older {"field":"<clock>",...}.
QByteArray clocksToJson(const QHash<QString, QString> &clocks);
// The same text for the clocks of a record of type `spec`, cheaper: the spec's fields are already
// sorted by name. Clocks of names the spec does not have are written too (by the general form).
QByteArray clocksToJson(const EntitySpec &spec, const QHash<QString, QString> &clocks);
QHash<QString, QString> clocksFromJson(const QByteArray &json);

} // namespace feltnotat
