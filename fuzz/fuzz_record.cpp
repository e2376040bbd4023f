// libFuzzer target: record validation, what the server runs on every pushed record and the device on
// every pulled one: a record read from JSON, checked against the schema, and the free-text rules
// (no fødselsnummer) on its text. Valid records survive a JSON round trip unchanged.
#include "core/schema.h"
#include "core/validation.h"
#include "sync/protocol.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

using namespace feltnotat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)validation::containsBirthNumber(QString::fromUtf8(json));
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return 0;
    auto record = protocol::recordFromJson(doc.object());
    if (!record)
        return 0;
    const EntitySpec *spec = Schema::instance().entity(record->entity);
    if (!spec)
        abort(); // accepted a record of an unknown type
    (void)Schema::checkRecord(*spec, record->values);
    auto again = protocol::recordFromJson(protocol::recordToJson(record.value()));
    if (!again || again->values != record->values || again->clocks != record->clocks)
        abort();
    return 0;
}
