// libFuzzer target: gunzip of request bodies (sync/compression.h). Any bytes give data or an error,
// the output never exceeds the limit, and gzip of the output unpacks to the same bytes.
#include "sync/compression.h"

#include <cstdint>
#include <cstdlib>

using namespace feltnotat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray packed(reinterpret_cast<const char *>(data), qsizetype(size));
    constexpr qint64 Limit = 1024 * 1024;
    auto plain = compression::gunzip(packed, Limit);
    if (!plain)
        return 0;
    if (plain->size() > Limit)
        abort();
    auto again = compression::gunzip(compression::gzip(plain.value()), Limit);
    if (!again || again.value() != plain.value())
        abort();
    return 0;
}
