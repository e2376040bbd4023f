// libFuzzer target: push parsing on both ends. The server's PushRequest::parse takes any body without
// crashing, and every mutation it accepts has an id, a known record type and an increasing seq; the
// device's PushResponse::parse takes any answer.
#include "core/schema.h"
#include "sync/protocol.h"

#include <cstdint>
#include <cstdlib>

using namespace feltnotat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    if (auto request = protocol::PushRequest::parse(json); request) {
        if (request->items.size() > protocol::limits::MaxMutationsPerPush)
            abort();
        qint64 last = 0;
        for (const protocol::PushItem &item : request->items) {
            if (item.mutation.seq <= last)
                abort();
            last = item.mutation.seq;
            if (!item.problem
                && (!Schema::instance().entity(item.mutation.entity)
                    || !Schema::isValidId(item.mutation.recordId)))
                abort();
        }
    }
    (void)protocol::PushResponse::parse(json);
    return 0;
}
