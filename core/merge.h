#pragma once

#include "record.h"

#include <optional>

namespace feltnotat {

// A same-field concurrent write that lost: kept so a user can look at it and choose.
struct FieldConflict
{
    QString field;
    QVariant keptValue;
    QString keptClock;
    QVariant lostValue;
    QString lostClock;
};

struct MergeOutcome
{
    Record record; // the record after the write
    QList<FieldConflict> conflicts; // concurrent same-field writes with different values
    QStringList appliedFields; // fields whose value or clock changed
};

// Field-level merge by hybrid logical clock; the one place that decides which write wins.
//  - A write whose base is the field's current clock was made by someone who saw the current value: it
//  applies.
//  - Otherwise the writes are concurrent: the larger clock wins on every replica, whatever the arrival order,
//    and if the values differ the loser is reported as a conflict (bookkeeping fields merge quietly).
namespace merge {

MergeOutcome applyChanges(const EntitySpec &spec, const std::optional<Record> &current, const QString &entity,
    const QString &id, const QList<FieldChange> &changes);

} // namespace merge
} // namespace feltnotat
