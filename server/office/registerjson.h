#pragma once

#include "core/result.h"
#include "employerregister.h"

#include <QJsonArray>
#include <QJsonObject>

namespace feltnotat::server::registerjson {

// Enhetsregisteret's published JSON (the bulk files' entries and /enheter/{orgnr},
// /underenheter/{orgnr}) to the unit the server keeps: organisasjonsnummer, navn,
// organisasjonsform.kode, overordnetEnhet, forretningsadresse (units) or beliggenhetsadresse
// (sub-units; postadresse when neither), naeringskode1, antallAnsatte; slettedato or
// nedleggelsesdato make it removed. Without a kind the entry tells: organisation form BEDR or AAFY,
// or a beliggenhetsadresse, is a sub-unit. Invalid: no valid organisation number or no name.
Result<RegisterUnit> unitFromJson(const QJsonObject &entry, std::optional<RegisterUnit::Kind> kind = {});
// The same fields back in the register's own shape, as the base a JSON Patch applies to.
QJsonObject unitToJson(const RegisterUnit &unit);

// RFC 6902 operations (add, replace, remove, copy, move; test is not checked) applied to `document`
// leniently: missing parents are created, removing what is not there is no error.
Status applyPatch(QJsonObject &document, const QJsonArray &operations);

} // namespace feltnotat::server::registerjson
