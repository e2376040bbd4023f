#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QString>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// Failed-login limits without a lockout (docs/server.md, "Login limits"): after a few free failures
// per login and per client address, each further attempt waits twice as long as the one before
// (capped), and a budget caps failures across the whole server. A device that has signed in to that
// login before is not held back by the login's back-off or the global budget, so an attacker cannot
// lock a worker out. Failures are stored as keyed hashes (HMAC-SHA-256 with a key of this database),
// never the typed login or the address.
class LoginLimiter
{
public:
    struct Policy
    {
        int freeLoginFailures = 5;
        int freeAddressFailures = 20;
        qint64 windowMs = 15 * 60 * 1000; // failures older than this are forgotten
        qint64 maxLoginDelayMs = 5 * 60 * 1000;
        qint64 maxAddressDelayMs = 15 * 60 * 1000;
        int globalFailuresPerMinute = 300;
    };

    LoginLimiter(SqlBackend &db, const Clock &clock, Policy policy);

    // The keys of one attempt: of the normalised login and of the client address (IPv6 by /64).
    struct Keys
    {
        QString login;
        QString address;
    };
    Result<Keys> keys(const QString &normalizedLogin, const QHostAddress &client);

    // Seconds this attempt has to wait (0 = go ahead).
    Result<int> retryAfter(const Keys &keys, bool knownDevice);
    Status recordFailure(const Keys &keys);
    // After a successful login: the login's own failures are forgotten (the address's are not).
    Status clearLogin(const Keys &keys);

    // The network part of an address used for per-address rules: IPv4 as is, IPv6 by its /64.
    static QString addressPrefix(const QHostAddress &client);

private:
    Result<QByteArray> secret();
    Result<qint64> waitMs(const QString &column, const QString &key, int free, qint64 maxDelayMs);

    SqlBackend &m_db;
    const Clock &m_clock;
    Policy m_policy;
};

} // namespace feltnotat::server
