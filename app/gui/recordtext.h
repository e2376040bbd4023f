#pragma once

#include "core/record.h"

namespace feltnotat {
class Store;
}

// How records read in lists: a title and one line of detail, in the user's language.
namespace recordtext {

// The record's name (participant, employer, contact, workplace) or title (task); empty if unknown.
QString nameOf(feltnotat::Store &store, const QString &entity, const QString &id);
// "Kari Nordmann · Bakeriet AS" for an encounter: who it was with.
QString encounterWith(feltnotat::Store &store, const feltnotat::Record &encounter);
// "Jobbutvikling · På arbeidsplassen"
QString encounterKind(const feltnotat::Record &encounter);
// One line under a name in the participant and employer lists.
QString listSubtitle(const feltnotat::Record &record);
// A field value as the user reads it: enum labels, dd.MM.yyyy dates, ja/nei, formatted numbers.
QString displayValue(const QString &entity, const QString &field, const QVariant &value);

} // namespace recordtext
