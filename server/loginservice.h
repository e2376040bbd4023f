#pragma once

#include "core/result.h"
#include "loginlimiter.h"
#include "sync/protocol.h"

#include <QHostAddress>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

struct LoginOutcome
{
    enum Kind {
        Ok,
        Unauthorized, // wrong login or password (the same answer for both)
        RateLimited, // back-off: retryAfterSeconds
        DeviceTaken, // the device id is registered to another user
        UserDisabled, // right password, but the user is disabled
        DeviceRevoked, // right password, but an administrator revoked this device
        DeviceWipe, // right password, but this device is ordered to wipe itself
    };
    Kind kind = Unauthorized;
    int retryAfterSeconds = 0;
    protocol::LoginResponse response;
};

// POST /v1/login: password check (Argon2id, slow on purpose; the server runs it in a thread pool of
// its own), the back-off of LoginLimiter, and a new device token. Logging in again replaces the
// device's token but never lifts a revocation or a wipe order.
class LoginService
{
public:
    LoginService(SqlBackend &db, const Clock &clock, LoginLimiter::Policy policy = {});

    // Invalid (400) for a login or device name that is not safe text.
    Result<LoginOutcome> login(const protocol::LoginRequest &request, const QHostAddress &client);

private:
    Result<bool> isKnownDevice(const QString &deviceId, const QString &login);

    SqlBackend &m_db;
    const Clock &m_clock;
    LoginLimiter m_limiter;
};

} // namespace feltnotat::server
