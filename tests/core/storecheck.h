#pragma once

#include "core/outbox.h"
#include "core/record.h"
#include "core/store.h"

#include <QMap>
#include <QString>

// Whole-database consistency checks shared by the property and crash tests. Each check returns an
// empty string when the invariant holds, otherwise a description of the first violation.
namespace storecheck {

// One table row as values (null fields left out) and per-field clocks.
struct Row
{
    QVariantHash values;
    QHash<QString, QString> clocks;
};
// Keyed by "entity/id".
using Rows = QMap<QString, Row>;

QString key(const QString &entity, const QString &id);

// Every row of every synced table.
Rows tableRows(feltnotat::Store &store);
// Every outbox entry in sequence order.
QList<feltnotat::Mutation> outboxEntries(feltnotat::Store &store);

// Applies mutations in order onto rows, as a server that accepted them would. Each change's base must
// be the clock the field had before (empty for a field without a value yet).
QString replay(Rows &rows, const QList<feltnotat::Mutation> &mutations);
// The first difference between two sets of rows, or empty.
QString compare(const Rows &expected, const Rows &actual);

// (a) replaying the outbox onto `acknowledged` (empty unless a prefix was acknowledged) gives the tables.
QString checkOutboxReproducesTables(feltnotat::Store &store, const Rows &acknowledged = {});
// (b) every non-null field of every row has a clock.
QString checkClocksCoverValues(feltnotat::Store &store);
// (c) the search index holds exactly one entry per live searchable record, with its current text.
QString checkSearchIndex(feltnotat::Store &store);
// All of the above plus PRAGMA integrity_check.
QString checkAll(feltnotat::Store &store, const Rows &acknowledged = {});

// Row counts of every table the store writes (synced tables, outbox, dead letters, search index).
QMap<QString, qint64> tableCounts(feltnotat::Store &store);

QString describe(const QVariant &value);

} // namespace storecheck
