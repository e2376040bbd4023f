#include "accounts.h"

#include "auditlog.h"
#include "core/clock.h"
#include "core/schema.h"
#include "devicetoken.h"
#include "feedcursor.h"
#include "passwordhasher.h"
#include "sqlbackend.h"
#include "sqltransaction.h"

#include <QVariant>

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
    if (trimmed.isEmpty() || trimmed.size() > 200 || !isSafeName(trimmed))
        return makeError(ErrorCode::Invalid,
            QStringLiteral("a team name is 1-200 characters without control characters"),
            QStringLiteral("name"));
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
    if (normalized.isEmpty() || normalized.size() > 100 || normalized.contains(u' ')
        || !isSafeName(normalized))
        return makeError(ErrorCode::Invalid,
            QStringLiteral("a login is 1-100 characters without spaces or control characters"),
            QStringLiteral("login"));
    const QString trimmedName = name.trimmed();
    if (trimmedName.isEmpty() || trimmedName.size() > 200 || !isSafeName(trimmedName))
        return makeError(ErrorCode::Invalid,
            QStringLiteral("a name is 1-200 characters without control characters"), QStringLiteral("name"));
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

Result<QList<UserRow>> Accounts::users(const QString &teamId)
{
    const QString select = QStringLiteral(
        "SELECT u.id, u.team_id, t.name, u.login, u.name, u.disabled, u.disabled_at FROM users u "
        "JOIN teams t ON t.id = u.team_id");
    auto r = teamId.isEmpty()
        ? m_db.exec(select + QStringLiteral(" ORDER BY u.login"))
        : m_db.exec(select + QStringLiteral(" WHERE u.team_id = ? ORDER BY u.name, u.login"), {teamId});
    if (!r)
        return dbError(r);
    QList<UserRow> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
            row.at(4).toString(), row.at(5).toLongLong() != 0, orZero(row.at(6))});
    return out;
}

Result<QList<DeviceRow>> Accounts::devices()
{
    auto r = m_db.exec(QStringLiteral(
        "SELECT d.id, d.user_id, u.login, u.team_id, d.name, d.last_seq, d.created_at, "
        "d.last_seen_at, d.revoked_at, d.wipe_requested_at FROM devices d JOIN users u ON u.id = d.user_id "
        "ORDER BY u.login, d.created_at, d.id"));
    if (!r)
        return dbError(r);
    QList<DeviceRow> out;
    for (const QVariantList &row : r->rows)
        out.append({row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
            row.at(4).toString(), row.at(5).toLongLong(), orZero(row.at(6)), orZero(row.at(7)),
            orZero(row.at(8)), orZero(row.at(9))});
    return out;
}

QString AuthOutcome::wireCode(Kind kind)
{
    switch (kind) {
    case Ok:
        return {};
    case Unknown:
        return QStringLiteral("unauthorized");
    case Revoked:
        return QStringLiteral("device_revoked");
    case UserDisabled:
        return QStringLiteral("user_disabled");
    case Expired:
        return QStringLiteral("token_expired");
    case Wipe:
        return QStringLiteral("device_wipe");
    }
    return QStringLiteral("unauthorized");
}

bool Accounts::isSafeName(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, text.at(++i));
            if (QChar::category(code) == QChar::Other_Format
                || QChar::category(code) == QChar::Other_PrivateUse)
                return false;
            continue;
        }
        if (c.isSurrogate())
            return false;
        switch (c.category()) {
        case QChar::Other_Control: // C0, DEL, C1: terminal escapes, NUL (PostgreSQL cuts text there)
        case QChar::Other_Format: // bidi overrides, zero-width characters
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
        case QChar::Other_NotAssigned:
            return false;
        default:
            break;
        }
    }
    return true;
}

QString Accounts::escapeForDisplay(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const auto category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph
            || c.isSurrogate()) {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out;
}

Result<UserRow> Accounts::findUser(const QString &login)
{
    auto r = m_db.exec(
        QStringLiteral("SELECT u.id, u.team_id, t.name, u.login, u.name, u.disabled, u.disabled_at "
                       "FROM users u JOIN teams t ON t.id = u.team_id WHERE u.login = ?"),
        {normalizeLogin(login)});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such user"), QStringLiteral("login"));
    const QVariantList &row = r->rows.first();
    return UserRow {row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
        row.at(4).toString(), row.at(5).toLongLong() != 0, orZero(row.at(6))};
}

Result<qint64> Accounts::userCount()
{
    auto r = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!r)
        return dbError(r);
    return r->first().toLongLong();
}

Result<UserRow> Accounts::userForUpdate(const QString &login)
{
    // Locks the user row (PostgreSQL) so that a login running at the same time cannot issue a token
    // under the generation this command is about to retire.
    auto r = m_db.exec(
        QStringLiteral("SELECT id FROM users WHERE login = ?") + m_db.forUpdate(), {normalizeLogin(login)});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such user"), QStringLiteral("login"));
    return findUser(login);
}

Status Accounts::audit(const QString &action, const QString &userId, const QString &deviceId, qint64 count)
{
    return AuditLog(m_db, m_clock).record({userId, deviceId, action, {}, {}, count});
}

Result<int> Accounts::signOutEverywhere(const QString &userId)
{
    // Counted first: the devices whose tokens work until this commits.
    auto devices
        = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM devices d JOIN users u ON u.id = d.user_id "
                                   "WHERE d.user_id = ? AND d.token_hash IS NOT NULL AND d.revoked_at "
                                   "IS NULL AND d.token_generation = u.token_generation"),
            {userId});
    if (!devices)
        return dbError(devices);
    if (auto r
        = m_db.exec(QStringLiteral("UPDATE users SET token_generation = token_generation + 1 WHERE id = ?"),
            {userId});
        !r)
        return dbError(r);
    return int(devices->first().toLongLong());
}

Result<int> Accounts::disableUser(const QString &login, bool wipe)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto user = userForUpdate(login);
    if (!user)
        return user.error();
    const qint64 now = m_clock.nowMs();
    if (auto r = m_db.exec(
            QStringLiteral("UPDATE users SET disabled = 1, disabled_at = ? WHERE id = ?"), {now, user->id});
        !r)
        return dbError(r);
    auto count = signOutEverywhere(user->id);
    if (!count)
        return count.error();
    if (wipe) {
        auto r = m_db.exec(QStringLiteral("UPDATE devices SET wipe_requested_at = ? WHERE user_id = ? AND "
                                          "wipe_requested_at IS NULL"),
            {now, user->id});
        if (!r)
            return dbError(r);
        count = int(r->affected);
    }
    if (Status s
        = audit(wipe ? QStringLiteral("admin-disable-user-wipe") : QStringLiteral("admin-disable-user"),
            user->id, {}, count.value());
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return count;
}

Status Accounts::enableUser(const QString &login)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto user = userForUpdate(login);
    if (!user)
        return user.error();
    if (auto r = m_db.exec(
            QStringLiteral("UPDATE users SET disabled = 0, disabled_at = NULL WHERE id = ?"), {user->id});
        !r)
        return r.error();
    if (Status s = audit(QStringLiteral("admin-enable-user"), user->id, {}); !s)
        return s;
    return tx.commit();
}

Result<int> Accounts::setPassword(const QString &login, const QString &password, bool keepSignedIn)
{
    if (password.isEmpty() || password.size() > 1024)
        return makeError(ErrorCode::Invalid, QStringLiteral("the password is empty or too long"),
            QStringLiteral("password"));
    // Hashed before the transaction: the row lock is not held for the hashing time.
    auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hash.error();
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto user = userForUpdate(login);
    if (!user)
        return user.error();
    if (auto r = m_db.exec(
            QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"), {hash.value(), user->id});
        !r)
        return dbError(r);
    int signedOut = 0;
    if (!keepSignedIn) {
        auto count = signOutEverywhere(user->id);
        if (!count)
            return count.error();
        signedOut = count.value();
    }
    if (Status s = audit(QStringLiteral("admin-set-password"), user->id, {}, signedOut); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return signedOut;
}

Result<int> Accounts::revokeUser(const QString &login)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    auto user = userForUpdate(login);
    if (!user)
        return user.error();
    auto count = signOutEverywhere(user->id);
    if (!count)
        return count.error();
    if (Status s = audit(QStringLiteral("admin-revoke-user"), user->id, {}, count.value()); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return count;
}

Status Accounts::setDeviceState(
    const QString &deviceId, const QString &sql, const QVariantList &params, const QString &action)
{
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    auto r = m_db.exec(sql, params);
    if (!r)
        return r.error();
    if (r->affected == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such device"));
    if (Status s = audit(action, {}, deviceId); !s)
        return s;
    return tx.commit();
}

Status Accounts::revokeDevice(const QString &deviceId)
{
    return setDeviceState(deviceId,
        QStringLiteral("UPDATE devices SET revoked_at = ?, revoke_reason = 'revoked' WHERE id = ?"),
        {m_clock.nowMs(), deviceId}, QStringLiteral("admin-revoke-device"));
}

Status Accounts::restoreDevice(const QString &deviceId)
{
    return setDeviceState(deviceId,
        QStringLiteral("UPDATE devices SET revoked_at = NULL, revoke_reason = NULL, wipe_requested_at = NULL "
                       "WHERE id = ?"),
        {deviceId}, QStringLiteral("admin-restore-device"));
}

Status Accounts::wipeDevice(const QString &deviceId)
{
    return setDeviceState(deviceId,
        QStringLiteral("UPDATE devices SET wipe_requested_at = COALESCE(wipe_requested_at, ?) WHERE id = ?"),
        {m_clock.nowMs(), deviceId}, QStringLiteral("admin-wipe-device"));
}

Result<AuthOutcome> Accounts::authenticate(const QString &token, qint64 tokenLifetimeMs, Contact contact)
{
    AuthOutcome out;
    if (!DeviceToken::looksValid(token))
        return out;
    auto r = m_db.exec(
        QStringLiteral("SELECT d.id, d.user_id, u.team_id, d.revoked_at, d.wipe_requested_at, u.disabled, "
                       "d.token_generation, u.token_generation, COALESCE(d.last_seen_at, d.created_at) "
                       "FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = ?"),
        {DeviceToken::hash(token)});
    if (!r)
        return dbError(r);
    if (r->isEmpty())
        return out;
    const QVariantList &row = r->rows.first();
    const qint64 now = m_clock.nowMs();
    const qint64 lastSeen = row.at(8).toLongLong();
    // The most drastic reason first: a wipe order reaches the device whatever else is true.
    if (!row.at(4).isNull())
        out.kind = AuthOutcome::Wipe;
    else if (row.at(5).toLongLong() != 0)
        out.kind = AuthOutcome::UserDisabled;
    else if (!row.at(3).isNull() || row.at(6).toLongLong() != row.at(7).toLongLong())
        out.kind = AuthOutcome::Revoked;
    else if (tokenLifetimeMs > 0 && now - lastSeen > tokenLifetimeMs)
        out.kind = AuthOutcome::Expired;
    else
        out.kind = AuthOutcome::Ok;
    out.identity = {row.at(0).toString(), row.at(1).toString(), row.at(2).toString()};
    if (out.kind != AuthOutcome::Ok)
        return out;
    if (now - lastSeen >= LastSeenResolutionMs) {
        // Contact keeps the token alive; a lost write here only shortens its life by a minute.
        out.contactDue = true;
        if (contact == Contact::Now) {
            if (Status s = touch(out.identity.deviceId); !s)
                return s.error();
            out.contactDue = false;
        }
    }
    return out;
}

Status Accounts::touch(const QString &deviceId)
{
    auto u = m_db.exec(
        QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE id = ?"), {m_clock.nowMs(), deviceId});
    return u ? Status::success() : Status(u.error());
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
