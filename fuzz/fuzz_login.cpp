// libFuzzer target: login parsing, the body the server reads before anyone is authenticated, and the
// answer the device reads. Accepted requests carry a login and a valid device id.
#include "sync/protocol.h"

#include <cstdint>
#include <cstdlib>

using namespace feltnotat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    if (auto request = protocol::LoginRequest::parse(json); request) {
        if (!protocol::isValidDeviceId(request->deviceId))
            abort();
        auto again = protocol::LoginRequest::parse(request->toJson());
        if (!again || again->login != request->login || again->deviceId != request->deviceId)
            abort();
    }
    (void)protocol::LoginResponse::parse(json);
    (void)protocol::ApiError::fromResponse(400, json);
    return 0;
}
