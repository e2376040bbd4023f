// libFuzzer target: the server's HTTP request head parser (server/requesthead.h). Whatever the bytes,
// parse() returns an answer without crashing, and an accepted head is consistent with what it claims.
#include "server/requesthead.h"

#include <cstdint>
#include <cstdlib>

using feltnotat::server::RequestHead;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray head = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qint64 maxBody = 8 * 1024 * 1024;
    const RequestHead h = RequestHead::parse(head, maxBody);
    if (h.errorStatus == 0) {
        // Accepted: a known method, a target within its limit, a body within the limit.
        if (h.method != "GET" && h.method != "POST")
            abort();
        if (h.target.size() > RequestHead::MaxTargetBytes || h.contentLength < 0 || h.contentLength > maxBody)
            abort();
        if (h.headers.size() > RequestHead::MaxHeaders)
            abort();
    } else {
        (void)RequestHead::errorResponse(h.errorStatus, h.errorCode, h.errorMessage);
    }
    return 0;
}
