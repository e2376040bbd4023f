#include "accounts.h"

#include "auditlog.h"
#include "core/clock.h"
#include "core/schema.h"
#include "devicetoken.h"
#include "feedcursor.h"
#include "passwordhasher.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

namespace feltnotat::server {

namespace {

Error dbError(const Result<SqlRows> &r)
{
    return r.error();
}

qint64 orZero(const QVariant &v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

} // namespace

Accounts::Accounts(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

Result<QString> Accounts::createTeam(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 200)
        return makeError(
            ErrorCode::Invalid, QStringLiteral("a team name is 1-200 characters"), QStringLiteral("name"));
    const QString id = Schema::newId();
    auto r = m_db.exec(
        QStringLiteral(
            "INSERT INTO teams (id, name, feed_id, seq, horizon, created_at) VALUES (?, ?, ?, 0, 0, ?)"),
        {id, trimmed, FeedCursor::newFeedId(), m_clock.nowMs()});
    if (!r)
        return dbError(r);
    return id;
}

Result<QString> Accounts::createUser(
    const QString &teamId, const QString &login, const QString &name, const QString &password)
{
    const QString normalized = normalizeLogin(login);
    if (normalized.isEmpty() || normalized.size() > 100 || normalized.contains(u' '))
        return makeError(ErrorCode::Invalid, QStringLiteral("a login is 1-100 characters without spaces"),
            QStringLiteral("login"));
    const QString trimmedName = name.trimmed();
    if (trimmedName.isEmpty() || trimmedName.size() > 200)
        return makeError(
            ErrorCode::Invalid, QStringLiteral("a name is 1-200 characters"), QStringLiteral("name"));
    if (password.isEmpty() || password.size() > 1024)
        return makeError(ErrorCode::Invalid, QStringLiteral("the password is empty or too long"),
            QStringLiteral("password"));
    auto t = team(teamId);
    if (!t)
        return t.error();
    auto existing = m_db.exec(QStringLiteral("SELECT id FROM users WHERE login = ?"), {normalized});
    if (!existing)
        return dbError(existing);
    if (!existing->isEmpty())
        return makeError(
            ErrorCode::Conflict, QStringLiteral("the login is already taken"), QStringLiteral("login"));
    auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hash.error();
    const QString id = Schema::newId();
    auto r = m_db.exec(
        QStringLiteral("INSERT INTO users (id, team_id, login, name, password_hash, disabled, created_at) "
                       "VALUES (?, ?, ?, ?, ?, 0, ?)"),
        {id, teamId, normalized, trimmedName, hash.value(), m_clock.nowMs()});
    if (!r)
        return dbError(r);
    return id;
}

Result<TeamRow> Accounts::team(const QString &teamId)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT id, name, feed_id, seq, horizon FROM teams WHERE id = ?"), {teamId});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"), QStringLiteral("team"));
    return TeamRow {r->at(0, 0).toString(), r->at(0, 1).toString(), r->at(0, 2).toString(),
        r->at(0, 3).toLongLong(), r->at(0, 4).toLongLong()};
}

Result<TeamRow> Accounts::findTeam(const QString &idOrName)
{
    auto r = m_db.exec(QStringLiteral("SELECT id FROM teams WHERE id = ? OR name = ? ORDER BY id"),
        {idOrName, idOrName.trimmed()});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such team"), QStringLiteral("team"));
    if (r->size() > 1)
        return makeError(ErrorCode::Conflict,
            QStringLiteral("several teams have that name; give the team id"), QStringLiteral("team"));
    return team(r->at(0, 0).toString());
}

Result<QList<TeamRow>> Accounts::teams()
{
    auto r = m_db.exec(QStringLiteral("SELECT id, name, feed_id, seq, horizon FROM teams ORDER BY name, id"));
    if (!r)
        return dbError(r);
    QList<TeamRow> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toLongLong(),
            row.at(4).toLongLong()});
    return out;
}

Result<QList<UserRow>> Accounts::users()
{
    auto r
        = m_db.exec(QStringLiteral("SELECT u.id, u.team_id, t.name, u.login, u.name, u.disabled FROM users u "
                                   "JOIN teams t ON t.id = u.team_id ORDER BY u.login"));
    if (!r)
        return dbError(r);
    QList<UserRow> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
            row.at(4).toString(), row.at(5).toLongLong() != 0});
    return out;
}

Result<QList<DeviceRow>> Accounts::devices()
{
    auto r = m_db.exec(
        QStringLiteral("SELECT d.id, d.user_id, u.login, u.team_id, d.name, d.last_seq, d.created_at, "
                       "d.last_seen_at, d.revoked_at FROM devices d JOIN users u ON u.id = d.user_id "
                       "ORDER BY u.login, d.created_at, d.id"));
    if (!r)
        return dbError(r);
    QList<DeviceRow> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
            row.at(4).toString(), row.at(5).toLongLong(), orZero(row.at(6)), orZero(row.at(7)),
            orZero(row.at(8))});
    return out;
}

Status Accounts::revokeDevice(const QString &deviceId)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto r = m_db.exec(
        QStringLiteral("UPDATE devices SET revoked_at = ? WHERE id = ?"), {m_clock.nowMs(), deviceId});
    if (!r)
        return r.error();
    if (r->affected == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such device"));
    if (Status s
        = AuditLog(m_db, m_clock).record({{}, deviceId, QStringLiteral("admin-revoke-device"), {}, {}, 1});
        !s)
        return s;
    return tx.commit();
}

Result<int> Accounts::retryAfter(const QString &login)
{
    const qint64 since = m_clock.nowMs() - FailureWindowMs;
    auto r = m_db.exec(
        QStringLiteral("SELECT at FROM login_failures WHERE login = ? AND at > ? ORDER BY at DESC LIMIT ?"),
        {login, since, MaxFailedLogins});
    if (!r)
        return dbError(r);
    if (r->size() < MaxFailedLogins)
        return 0;
    // Blocked until the oldest of the last five failures leaves the window.
    const qint64 oldest = r->rows.last().at(0).toLongLong();
    const qint64 waitMs = oldest + FailureWindowMs - m_clock.nowMs();
    return int(std::max<qint64>(1, (waitMs + 999) / 1000));
}

Status Accounts::recordFailure(const QString &login)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    const qint64 now = m_clock.nowMs();
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE login = ? AND at <= ?"),
            {login, now - FailureWindowMs});
        !r)
        return r.error();
    if (auto r
        = m_db.exec(QStringLiteral("INSERT INTO login_failures (login, at) VALUES (?, ?)"), {login, now});
        !r)
        return r.error();
    return tx.commit();
}

Result<LoginOutcome> Accounts::login(const protocol::LoginRequest &request)
{
    LoginOutcome out;
    const QString login = normalizeLogin(request.login);
    auto wait = retryAfter(login);
    if (!wait)
        return wait.error();
    if (wait.value() > 0) {
        out.kind = LoginOutcome::RateLimited;
        out.retryAfterSeconds = wait.value();
        return out;
    }
    auto user = m_db.exec(
        QStringLiteral("SELECT u.id, u.name, u.password_hash, u.disabled, t.id, t.name FROM users u "
                       "JOIN teams t ON t.id = u.team_id WHERE u.login = ?"),
        {login});
    if (!user)
        return dbError(user);
    bool ok = false;
    if (user->isEmpty()) {
        PasswordHasher::verifyDummy(request.password);
    } else {
        ok = PasswordHasher::verify(user->at(0, 2).toString(), request.password)
            && user->at(0, 3).toLongLong() == 0;
    }
    if (!ok) {
        if (Status s = recordFailure(login); !s)
            return s.error();
        out.kind = LoginOutcome::Unauthorized;
        return out;
    }
    const QString userId = user->at(0, 0).toString();

    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto device = m_db.exec(
        QStringLiteral("SELECT user_id FROM devices WHERE id = ?") + m_db.forUpdate(), {request.deviceId});
    if (!device)
        return dbError(device);
    if (!device->isEmpty() && device->at(0, 0).toString() != userId) {
        out.kind = LoginOutcome::DeviceTaken;
        return out;
    }
    const QString token = DeviceToken::generate();
    const qint64 now = m_clock.nowMs();
    const QString name = request.deviceName.trimmed().left(100);
    Result<SqlRows> write = device->isEmpty()
        ? m_db.exec(
            QStringLiteral(
                "INSERT INTO devices (id, user_id, token_hash, name, last_seq, created_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)"),
            {request.deviceId, userId, DeviceToken::hash(token), name, now, now})
        // A new login replaces the old token and lifts a revocation; the device keeps its last_seq.
        : m_db.exec(QStringLiteral("UPDATE devices SET token_hash = ?, name = ?, last_seen_at = ?, "
                                   "revoked_at = NULL WHERE id = ?"),
            {DeviceToken::hash(token), name, now, request.deviceId});
    if (!write)
        return dbError(write);
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE login = ?"), {login}); !r)
        return dbError(r);
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

Result<AuthOutcome> Accounts::authenticate(const QString &token)
{
    AuthOutcome out;
    if (!DeviceToken::looksValid(token))
        return out;
    auto r = m_db.exec(
        QStringLiteral("SELECT d.id, d.user_id, u.team_id, d.revoked_at, u.disabled FROM devices d "
                       "JOIN users u ON u.id = d.user_id WHERE d.token_hash = ?"),
        {DeviceToken::hash(token)});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return out;
    if (!r->at(0, 3).isNull() || r->at(0, 4).toLongLong() != 0) {
        out.kind = AuthOutcome::Revoked;
        return out;
    }
    out.kind = AuthOutcome::Ok;
    out.identity = {r->at(0, 0).toString(), r->at(0, 1).toString(), r->at(0, 2).toString()};
    return out;
}

Status Accounts::logout(const QString &deviceId)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto r = m_db.exec(QStringLiteral("UPDATE devices SET token_hash = NULL WHERE id = ?"), {deviceId});
    if (!r)
        return r.error();
    if (Status s = AuditLog(m_db, m_clock).record({{}, deviceId, QStringLiteral("logout"), {}, {}, 1}); !s)
        return s;
    return tx.commit();
}

} // namespace feltnotat::server
