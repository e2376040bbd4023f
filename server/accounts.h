#pragma once

#include "core/result.h"
#include "sync/protocol.h"

#include <QList>
#include <QString>

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

struct TeamRow
{
    QString id;
    QString name;
    QString feedId;
    qint64 seq = 0;
    qint64 horizon = 0;
};

struct UserRow
{
    QString id;
    QString teamId;
    QString teamName;
    QString login;
    QString name;
    bool disabled = false;
};

struct DeviceRow
{
    QString id;
    QString userId;
    QString login;
    QString teamId;
    QString name;
    qint64 lastSeq = 0;
    qint64 createdAt = 0;
    qint64 lastSeenAt = 0; // 0 = never
    qint64 revokedAt = 0; // 0 = not revoked
};

// The authenticated caller of an API request.
struct DeviceIdentity
{
    QString deviceId;
    QString userId;
    QString teamId;
};

struct LoginOutcome
{
    enum Kind { Ok, Unauthorized, RateLimited, DeviceTaken };
    Kind kind = Unauthorized;
    int retryAfterSeconds = 0;
    protocol::LoginResponse response;
};

struct AuthOutcome
{
    enum Kind { Ok, Unknown, Revoked };
    Kind kind = Unknown;
    DeviceIdentity identity;
};

// Teams, users and devices: creation, password login, token authentication and revocation.
class Accounts
{
public:
    static constexpr int MaxFailedLogins = 5;
    static constexpr qint64 FailureWindowMs = 15 * 60 * 1000;
    static constexpr int MinPasswordLength = 8;

    Accounts(SqlBackend &db, const Clock &clock);

    Result<QString> createTeam(const QString &name);
    // The caller checks password policy; seed-demo uses a short demo password on purpose.
    Result<QString> createUser(
        const QString &teamId, const QString &login, const QString &name, const QString &password);
    Result<TeamRow> team(const QString &teamId);
    // By id, or by name when exactly one team has that name.
    Result<TeamRow> findTeam(const QString &idOrName);
    Result<QList<TeamRow>> teams();
    Result<QList<UserRow>> users();
    Result<QList<DeviceRow>> devices();
    Status revokeDevice(const QString &deviceId);

    Result<LoginOutcome> login(const protocol::LoginRequest &request);
    Result<AuthOutcome> authenticate(const QString &token);
    Status logout(const QString &deviceId);

    static QString normalizeLogin(const QString &login) { return login.trimmed().toLower(); }

private:
    Result<int> retryAfter(const QString &login);
    Status recordFailure(const QString &login);

    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
