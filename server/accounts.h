#pragma once

#include "core/result.h"

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
    qint64 disabledAt = 0; // 0 = never disabled (or enabled again)
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
    qint64 wipeRequestedAt = 0; // 0 = no wipe order
};

// The authenticated caller of an API request.
struct DeviceIdentity
{
    QString deviceId;
    QString userId;
    QString teamId;
};

// What a device token is worth. Every refusal has its own code on the wire (docs/sync-protocol.md),
// so a device can tell "signed out" from "wipe yourself".
struct AuthOutcome
{
    enum Kind {
        Ok,
        Unknown, // no such token (never issued, or logged out): `unauthorized`
        Revoked, // the device was revoked or its user signed out everywhere: `device_revoked`
        UserDisabled, // the user is disabled: `user_disabled`
        Expired, // no contact for longer than the token lifetime: `token_expired`
        Wipe, // an administrator ordered the device to wipe its data: `device_wipe`
    };
    Kind kind = Unknown;
    DeviceIdentity identity;
    // Ok, and last_seen_at is older than Accounts::LastSeenResolutionMs but was left for the caller to
    // write (Accounts::Contact::Later).
    bool contactDue = false;

    static QString wireCode(Kind kind);
};

// Teams, users and devices: creation, token authentication and the offboarding commands
// (disable, enable, new password, sign out everywhere, revoke or wipe one device).
// Password login is LoginService's.
class Accounts
{
public:
    static constexpr int MinPasswordLength = 8;
    static constexpr qint64 DefaultTokenLifetimeMs = 30LL * 24 * 3600 * 1000;
    // last_seen_at is written at most this often per device (one write per minute, not per request).
    static constexpr qint64 LastSeenResolutionMs = 60 * 1000;

    Accounts(SqlBackend &db, const Clock &clock);

    Result<QString> createTeam(const QString &name);
    // The caller checks password policy; seed-demo uses a short demo password on purpose.
    Result<QString> createUser(
        const QString &teamId, const QString &login, const QString &name, const QString &password);
    Result<TeamRow> team(const QString &teamId);
    // By id, or by name when exactly one team has that name.
    Result<TeamRow> findTeam(const QString &idOrName);
    Result<QList<TeamRow>> teams();
    // Every user, or only the members of one team (the team directory devices read: /v1/team).
    Result<QList<UserRow>> users(const QString &teamId = {});
    Result<UserRow> findUser(const QString &login);
    Result<qint64> userCount();
    Result<QList<DeviceRow>> devices();

    // Offboarding. Each runs in one transaction with its audit line; the counts are the devices affected.
    // Disabling refuses logins and every token of the user at once; `wipe` also orders every one of
    // the user's devices to wipe itself.
    Result<int> disableUser(const QString &login, bool wipe);
    // The user may log in again; tokens from before the disable stay dead (the devices log in again).
    Status enableUser(const QString &login);
    // New password hash; unless keepSignedIn, every device of the user is signed out too.
    Result<int> setPassword(const QString &login, const QString &password, bool keepSignedIn);
    // Signs the user out on every device at once (their tokens answer device_revoked); the user may
    // log in again, e.g. with a new password.
    Result<int> revokeUser(const QString &login);
    // The device's token stops working and the device may not log in again until restoreDevice().
    Status revokeDevice(const QString &deviceId);
    // Lifts a revocation or a wipe order given by mistake.
    Status restoreDevice(const QString &deviceId);
    // The device's next request answers device_wipe (and so does a login from it).
    Status wipeDevice(const QString &deviceId);

    // How a valid token's contact is recorded: at once (last_seen_at, at most once a minute), or Later by
    // the caller (touch(), or a push's own transaction, which writes last_seen_at anyway).
    enum class Contact { Now, Later };
    // tokenLifetimeMs: a token unused for longer is refused as expired (0 = never).
    Result<AuthOutcome> authenticate(const QString &token, qint64 tokenLifetimeMs = DefaultTokenLifetimeMs,
        Contact contact = Contact::Now);
    // Records contact with the device now (keeps its token alive).
    Status touch(const QString &deviceId);
    Status logout(const QString &deviceId);

    static QString normalizeLogin(const QString &login) { return login.trimmed().toLower(); }
    // A login or device name that can be printed and compared safely: no control or format characters
    // (terminal escapes, bidi overrides, zero-width characters, NUL).
    static bool isSafeName(QStringView text);
    // Text from devices as admin output shows it: control and format characters as \uXXXX.
    static QString escapeForDisplay(const QString &text);

private:
    Result<UserRow> userForUpdate(const QString &login);
    Result<int> signOutEverywhere(const QString &userId);
    Status audit(const QString &action, const QString &userId, const QString &deviceId, qint64 count = 1);
    Status setDeviceState(
        const QString &deviceId, const QString &sql, const QVariantList &params, const QString &action);

    SqlBackend &m_db;
    const Clock &m_clock;
};

} // namespace feltnotat::server
