#include "merge.h"

namespace feltnotat::merge {

namespace {

bool sameValue(const QVariant &a, const QVariant &b)
{
    const bool an = !a.isValid() || a.isNull();
    const bool bn = !b.isValid() || b.isNull();
    return (an || bn) ? an == bn : a == b;
}

} // namespace

MergeOutcome applyChanges(const EntitySpec &spec, const std::optional<Record> &current, const QString &entity,
    const QString &id, const QList<FieldChange> &changes)
{
    MergeOutcome out;
    if (current) {
        out.record = *current;
    } else {
        out.record.entity = entity;
        out.record.id = id;
    }
    Record &r = out.record;
    for (const FieldChange &change : changes) {
        const FieldSpec *field = spec.field(change.field);
        if (!field)
            continue;
        const auto existingClock = r.clocks.constFind(change.field);
        if (existingClock == r.clocks.cend()) {
            r.values.insert(change.field, change.value);
            r.clocks.insert(change.field, change.clock);
            out.appliedFields << change.field;
            continue;
        }
        const QString &currentClock = *existingClock; // r.clocks is not changed before its last use
        if (change.clock == currentClock)
            continue; // the same write again
        const QVariant currentValue = r.values.value(change.field);
        const bool sequential = change.base == currentClock;
        // Clock texts sort like the clocks themselves (see Hlc).
        const bool incomingWins = sequential || change.clock > currentClock;
        if (!sequential && !field->mergeQuietly && !sameValue(currentValue, change.value)) {
            if (incomingWins)
                out.conflicts.append({change.field, change.value, change.clock, currentValue, currentClock});
            else
                out.conflicts.append({change.field, currentValue, currentClock, change.value, change.clock});
        }
        if (incomingWins) {
            r.values.insert(change.field, change.value);
            r.clocks.insert(change.field, change.clock);
            out.appliedFields << change.field;
        }
    }
    return out;
}

} // namespace feltnotat::merge
