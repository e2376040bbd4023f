#include "websessions.h"

#include "core/clock.h"
#include "leadroles.h"
#include "server/accounts.h"
#include "server/auditlog.h"
#include "server/devicetoken.h"
#include "server/loginlimiter.h"
#include "server/passwordhasher.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QCryptographicHash>

namespace feltnotat::server {

namespace {

// Changes whenever the password does or the user is signed out everywhere, which ends the sessions.
QString passwordTag(const QString &passwordHash, qint64 tokenGeneration)
{
    return QString::fromLatin1(QCryptographicHash::hash(
        (passwordHash + u':' + QString::number(tokenGeneration)).toUtf8(), QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(32));
}

} // namespace

WebSessions::WebSessions(SqlBackend &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{ }

QString WebSessions::newToken()
{
    return DeviceToken::generate();
}

Result<WebSignIn> WebSessions::signIn(
    const QString &loginText, const QString &password, const QHostAddress &client)
{
    WebSignIn out;
    if (!Accounts::isSafeName(loginText) || loginText.size() > 200 || password.size() > 1000)
        return out; // Unauthorized, as any wrong login
    const QString login = Accounts::normalizeLogin(loginText);
    LoginLimiter limiter(m_db, m_clock, {});
    auto keys = limiter.keys(login, client);
    if (!keys)
        return keys.error();
    auto wait = limiter.retryAfter(keys.value(), false);
    if (!wait)
        return wait.error();
    if (wait.value() > 0) {
        out.kind = WebSignIn::RateLimited;
        out.retryAfterSeconds = wait.value();
        return out;
    }
    auto user
        = m_db.exec(QStringLiteral("SELECT id, name, password_hash, disabled, token_generation FROM users "
                                   "WHERE login = ?"),
            {login});
    if (!user)
        return user.error();
    bool ok = false;
    if (user->isEmpty())
        PasswordHasher::verifyDummy(password);
    else
        ok = PasswordHasher::verify(user->at(0, 2).toString(), password);
    if (!ok) {
        if (Status s = limiter.recordFailure(keys.value()); !s)
            return s.error();
        return out;
    }
    // Only someone who knows the password learns why they cannot come in.
    if (user->at(0, 3).toLongLong() != 0) {
        out.kind = WebSignIn::Disabled;
        return out;
    }
    const QString userId = user->at(0, 0).toString();
    auto teams = LeadRoles(m_db).teamsOf(userId);
    if (!teams)
        return teams.error();
    if (teams->isEmpty()) {
        out.kind = WebSignIn::NotLead;
        return out;
    }
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status().error();
    const qint64 now = m_clock.nowMs();
    out.token = newToken();
    out.session = {userId, user->at(0, 1).toString(), newToken(), teams.value()};
    for (const auto &[sql, params] : std::initializer_list<std::pair<const char *, QVariantList>> {
             {"DELETE FROM web_sessions WHERE user_id = ? AND expires_at < ?", {userId, now}},
             {"INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at, password_tag) "
              "VALUES (?, ?, ?, ?, ?, ?)",
                 {DeviceToken::hash(out.token), userId, out.session.csrf, now, now + LifetimeMs,
                     passwordTag(user->at(0, 2).toString(), user->at(0, 4).toLongLong())}}}) {
        if (auto r = m_db.exec(QString::fromLatin1(sql), params); !r)
            return r.error();
    }
    if (Status s = limiter.clearLogin(keys.value()); !s)
        return s.error();
    if (Status s = AuditLog(m_db, m_clock).record({userId, {}, QStringLiteral("web-login"), {}, {}, 1}); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    out.kind = WebSignIn::Ok;
    return out;
}

Result<std::optional<WebSession>> WebSessions::find(const QString &token)
{
    if (!DeviceToken::looksValid(token))
        return std::optional<WebSession>();
    auto r = m_db.exec(
        QStringLiteral("SELECT s.user_id, u.name, s.csrf, s.expires_at, s.password_tag, u.password_hash, "
                       "u.token_generation, u.disabled FROM web_sessions s JOIN users u ON u.id = "
                       "s.user_id WHERE s.token_hash = ?"),
        {DeviceToken::hash(token)});
    if (!r)
        return r.error();
    if (r->isEmpty() || r->at(0, 3).toLongLong() <= m_clock.nowMs() || r->at(0, 7).toLongLong() != 0
        || r->at(0, 4).toString() != passwordTag(r->at(0, 5).toString(), r->at(0, 6).toLongLong()))
        return std::optional<WebSession>();
    auto teams = LeadRoles(m_db).teamsOf(r->at(0, 0).toString());
    if (!teams)
        return teams.error();
    if (teams->isEmpty())
        return std::optional<WebSession>();
    return std::optional<WebSession>(
        WebSession {r->at(0, 0).toString(), r->at(0, 1).toString(), r->at(0, 2).toString(), teams.value()});
}

Status WebSessions::signOut(const QString &token)
{
    auto r = m_db.exec(
        QStringLiteral("DELETE FROM web_sessions WHERE token_hash = ?"), {DeviceToken::hash(token)});
    return r ? Status::success() : Status(r.error());
}

} // namespace feltnotat::server
