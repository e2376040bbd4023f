#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// A signed-in team lead on the reports web page.
struct WebSession
{
    QString userId;
    QString userName;
    QString csrf; // the token every form of this session carries
    QStringList teamIds; // the teams the lead reads
};

struct WebSignIn
{
    enum Kind { Ok, Unauthorized, RateLimited, Disabled, NotLead };
    Kind kind = Unauthorized;
    int retryAfterSeconds = 0;
    QString token; // the session cookie's value (Ok only); the server keeps only its SHA-256
    WebSession session;
};

// Password sign-in for the lead reports and the sessions it opens: the same password hashes and
// login limits (LoginLimiter) as devices, a random session token whose hash is stored, a CSRF token
// per session. A session ends after Lifetime, on sign-out, and at once when the user is disabled,
// signed out everywhere, given a new password or loses the lead role.
class WebSessions
{
public:
    static constexpr qint64 LifetimeMs = 8LL * 3600 * 1000; // a working day

    WebSessions(SqlBackend &db, const Clock &clock);

    Result<WebSignIn> signIn(const QString &login, const QString &password, const QHostAddress &client);
    Result<std::optional<WebSession>> find(const QString &token);
    Status signOut(const QString &token);

    // A random token (32 bytes, base64url), for sessions and the sign-in form's CSRF cookie.
    static QString newToken();

private:
    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
