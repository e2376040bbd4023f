// libFuzzer target: the client's pull page reader (sync/pullparse.cpp, its own JSON reader). Any text
// from a server gives a page or an error, never a crash; a page it accepts is one the encoder can write
// again and read back the same.
#include "sync/protocol.h"

#include <cstdint>
#include <cstdlib>

using namespace feltnotat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    auto page = protocol::PullResponse::parse(json);
    if (!page)
        return 0;
    auto again = protocol::PullResponse::parse(page->toJson());
    if (!again || again->changes.size() != page->changes.size() || again->drops.size() != page->drops.size()
        || again->cursor != page->cursor || again->more != page->more || again->reset != page->reset)
        abort();
    return 0;
}
