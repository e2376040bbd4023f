#include "loginservice.h"

#include "accounts.h"
#include "auditlog.h"
#include "core/clock.h"
#include "devicetoken.h"
#include "passwordhasher.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

LoginService::LoginService(SqlBackend &db, const Clock &clock, LoginLimiter::Policy policy)
    : m_db(db)
    , m_clock(clock)
    , m_limiter(db, clock, policy)
{ }

Result<bool> LoginService::isKnownDevice(const QString &deviceId, const QString &login)
{
    // A device that signed in to this login before and is still in good standing.
    auto r = m_db.exec(
        QStringLiteral("SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ? "
                       "AND u.login = ? AND d.revoked_at IS NULL AND d.wipe_requested_at IS NULL"),
        {deviceId, login});
    if (!r)
        return r.error();
    return !r->isEmpty();
}

Result<LoginOutcome> LoginService::login(const protocol::LoginRequest &request, const QHostAddress &client)
{
    LoginOutcome out;
    if (!Accounts::isSafeName(request.login) || request.login.size() > 200)
        return makeError(ErrorCode::Invalid, QStringLiteral("the login contains control characters"),
            QStringLiteral("login"));
    if (!Accounts::isSafeName(request.deviceName))
        return makeError(ErrorCode::Invalid, QStringLiteral("the device name contains control characters"),
            QStringLiteral("device_name"));
    const QString login = Accounts::normalizeLogin(request.login);
    auto keys = m_limiter.keys(login, client);
    if (!keys)
        return keys.error();
    auto known = isKnownDevice(request.deviceId, login);
    if (!known)
        return known.error();
    auto wait = m_limiter.retryAfter(keys.value(), known.value());
    if (!wait)
        return wait.error();
    if (wait.value() > 0) {
        out.kind = LoginOutcome::RateLimited;
        out.retryAfterSeconds = wait.value();
        return out;
    }
    auto user = m_db.exec(
        QStringLiteral("SELECT u.id, u.name, u.password_hash, u.disabled, t.id, t.name, u.token_generation "
                       "FROM users u JOIN teams t ON t.id = u.team_id WHERE u.login = ?"),
        {login});
    if (!user)
        return user.error();
    bool ok = false;
    if (user->isEmpty())
        PasswordHasher::verifyDummy(request.password);
    else
        ok = PasswordHasher::verify(user->at(0, 2).toString(), request.password);
    if (!ok) {
        if (Status s = m_limiter.recordFailure(keys.value()); !s)
            return s.error();
        out.kind = LoginOutcome::Unauthorized;
        return out;
    }
    // Only someone who knows the password learns why the account or device is refused.
    if (user->at(0, 3).toLongLong() != 0) {
        out.kind = LoginOutcome::UserDisabled;
        return out;
    }
    const QString userId = user->at(0, 0).toString();

    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    // The user row first (as the admin commands lock it), so that a token is never issued under a
    // generation that a concurrent disable or sign-out is retiring.
    auto locked = m_db.exec(
        QStringLiteral("SELECT disabled, token_generation FROM users WHERE id = ?") + m_db.forUpdate(),
        {userId});
    if (!locked)
        return locked.error();
    if (locked->isEmpty() || locked->at(0, 0).toLongLong() != 0) {
        out.kind = LoginOutcome::UserDisabled;
        return out;
    }
    const qint64 generation = locked->at(0, 1).toLongLong();
    auto device = m_db.exec(
        QStringLiteral("SELECT user_id, revoke_reason, wipe_requested_at FROM devices WHERE id = ?")
            + m_db.forUpdate(),
        {request.deviceId});
    if (!device)
        return device.error();
    if (!device->isEmpty()) {
        if (device->at(0, 0).toString() != userId) {
            out.kind = LoginOutcome::DeviceTaken;
            return out;
        }
        if (!device->at(0, 2).isNull()) {
            out.kind = LoginOutcome::DeviceWipe;
            return out;
        }
        if (!device->at(0, 1).isNull()) {
            out.kind = LoginOutcome::DeviceRevoked;
            return out;
        }
    }
    const QString token = DeviceToken::generate();
    const qint64 now = m_clock.nowMs();
    // Never a null string: the column is NOT NULL and device_name is optional in a login.
    const QString name
        = request.deviceName.isEmpty() ? QStringLiteral("") : request.deviceName.trimmed().left(100);
    Result<SqlRows> write = device->isEmpty()
        ? m_db.exec(
            QStringLiteral("INSERT INTO devices (id, user_id, token_hash, name, last_seq, created_at, "
                           "last_seen_at, token_generation) VALUES (?, ?, ?, ?, 0, ?, ?, ?)"),
            {request.deviceId, userId, DeviceToken::hash(token), name, now, now, generation})
        // A new login replaces the old token; the device keeps its last_seq.
        : m_db.exec(QStringLiteral("UPDATE devices SET token_hash = ?, name = ?, last_seen_at = ?, "
                                   "token_generation = ? WHERE id = ?"),
            {DeviceToken::hash(token), name, now, generation, request.deviceId});
    if (!write)
        return write.error();
    if (Status s = m_limiter.clearLogin(keys.value()); !s)
        return s.error();
    if (Status s
        = AuditLog(m_db, m_clock).record({userId, request.deviceId, QStringLiteral("login"), {}, {}, 1});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    out.kind = LoginOutcome::Ok;
    out.response.token = token;
    out.response.deviceId = request.deviceId;
    out.response.user
        = {userId, user->at(0, 1).toString(), user->at(0, 4).toString(), user->at(0, 5).toString()};
    return out;
}

} // namespace feltnotat::server
