#pragma once

#include "core/clock.h"
#include "core/keyfile.h"
#include "core/result.h"
#include "core/store.h"
#include "platform/keystore.h"
#include "platform/reachability.h"
#include "sync/syncclient.h"
#include "sync/syncengine.h"
#include "teamdirectory.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

namespace feltnotat {

class LoginJob;

// Everything a running client has: its store, its secret store, and the sync engine wired to the
// network. The GUI and the CLI both start from here, so they behave the same.
class Session : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir;
        // Auto: the platform secret service where one answers, otherwise an owner-only file.
        KeyStore::Kind keyStore = KeyStore::Kind::Auto;
        // Plain http:// only to this computer (loopback) unless this is set (docs/sync-protocol.md).
        bool allowPlainHttp = false;
        const Clock *clock = nullptr;
        bool watchNetwork = true; // follow QNetworkInformation (GUI); the CLI syncs when told
        SyncEngine::Options sync;
        // The PIN that unlocks the encrypted store (devicekey.h); the store and its key are made with
        // it on first use. Empty: a plain store, as in earlier versions (until the app asks for a PIN).
        QByteArray pin;
        KdfParams kdf = KdfParams::standard(); // Argon2id cost of a new key (tests: cheap)
        // Where the platform secret of the key lives. Null: the secret service when keyStore resolves
        // to it, else none (the PIN alone). Tests pass fakes of the phones' key stores.
        std::shared_ptr<KeyStore> platformKeyStore;
        // Without a successful sync for this long a signed-in device is locked until it reaches the
        // server again (contactOverdue()); after wipeAfterMs its data is destroyed on open.
        qint64 lockAfterMs = qint64(72) * 3600 * 1000;
        qint64 wipeAfterMs = qint64(14) * 24 * 3600 * 1000;
    };

    static Result<std::unique_ptr<Session>> open(const Options &options);
    ~Session() override;

    // Removes the local database and secrets of a data folder (used after logout).
    // Removes the local database, its key and secrets of a data folder (used after logout): the key
    // first, so what a flash chip keeps of the files is noise (crypto-shredding).
    static Status removeData(const QString &dataDir, KeyStore::Kind keyStore);
    static QString databasePath(const QString &dataDir);
    // Carries out a wipe (device_wipe from the server, or the offline policy): closes the session,
    // then destroys the platform secret, the key and the files (devicekey::shred) and the token.
    static Status wipe(std::unique_ptr<Session> session);
    // True when the server ordered this device wiped (the caller then calls wipe()).
    bool wipeOrdered() const { return signOutReason() == SyncEngine::SignOutReason::WipeOrdered; }
    // True when a signed-in device has not reached the server for longer than lockAfterMs: only
    // syncing (and logging in or out) is allowed until it has.
    bool contactOverdue() const;
    // True when a signed-in device has not reached the server for longer than wipeAfterMs: its data
    // is to be destroyed (open() does it; a running app calls wipe()).
    bool contactWipeDue() const;
    qint64 lockAfterMs() const { return m_lockAfterMs; }
    qint64 wipeAfterMs() const { return m_wipeAfterMs; }

    Store &store() { return *m_store; }
    SyncEngine &sync() { return *m_sync; }
    SyncClient &client() { return *m_client; }
    KeyStore &keyStore() { return *m_keyStore; }
    // The team's members and their names (cached; refreshed after syncs and at login).
    TeamDirectory &team() { return *m_team; }
    QNetworkAccessManager &network() { return m_network; }
    const QString &dataDir() const { return m_dataDir; }
    bool isEncrypted() const { return m_dataKey != nullptr; }
    // Wraps the data key under a new PIN; the data is not re-encrypted.
    Status changePin(QByteArrayView newPin, const KdfParams &kdf = KdfParams::standard());
    // Success when `pin` unwraps this store's data key (the current PIN, asked before a change);
    // ErrorCode::Locked when it does not.
    Status checkPin(QByteArrayView pin) const;

    bool isLoggedIn() const;
    QUrl serverUrl() const;
    // The login name of the last successful login on this device (kept after being signed out).
    QString loginName() const;
    // Why the server signed this device out (persisted; None while signed in or never refused).
    SyncEngine::SignOutReason signOutReason() const { return m_sync->signOutReason(); }
    // Where the token is kept: "platform secret service" or the owner-only file.
    QString tokenStorage() const { return m_keyStore->describe(); }
    // True when the app may talk to this server: https, or http to a loopback address (or allowed).
    static bool isAllowedServer(const QUrl &server, bool allowPlainHttp);

    // Logs this device in and, on success, stores the token, takes the user's identity and starts syncing.
    LoginJob *login(
        const QUrl &server, const QString &login, const QString &password, const QString &deviceName);
    // Tells the server to revoke the token (best effort), forgets it and stops syncing. The caller
    // decides whether to remove the local data (removeData) after warning about unsent changes.
    void logout();

Q_SIGNALS:
    void loggedInChanged();
    // The server refused this device's token; the reason is stored before this is emitted.
    void signedOut(feltnotat::SyncEngine::SignOutReason reason);

private:
    Session(const Options &options, std::unique_ptr<Store> store, std::unique_ptr<KeyStore> keyStore,
        KeyStore::Kind keyKind, std::shared_ptr<SecretKey> dataKey, std::shared_ptr<KeyStore> platform);
    friend class LoginJob;
    Status completeLogin(const QUrl &server, const QString &login, const QByteArray &responseBody);
    Result<QString> readToken(const Options &options);

    QString m_dataDir;
    QNetworkAccessManager m_network;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KeyStore> m_keyStore;
    std::shared_ptr<SecretKey> m_dataKey; // null for a plain store; wiped when the session closes
    std::shared_ptr<KeyStore> m_platformKeyStore; // options.platformKeyStore when one was given
    KeyStore *m_platformSecrets = nullptr; // where the key's platform secret lives, or null
    std::unique_ptr<SyncClient> m_client;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<TeamDirectory> m_team;
    Reachability *m_reachability = nullptr;
    QString m_tokenKey;
    bool m_allowPlainHttp = false;
    bool m_loggedIn = false;
    qint64 m_lockAfterMs = 0;
    qint64 m_wipeAfterMs = 0;
};

// A login in progress; finished() once, then hasError()/errorString() (a sentence in the user's
// language that says what to do). cancel() stops it; it then finishes with wasCancelled().
class LoginJob : public QObject
{
    Q_OBJECT

public:
    LoginJob(Session *session, const QUrl &server, const QString &login, ApiCall *call);
    LoginJob(Session *session, const QString &refused); // refused before asking the server
    bool isFinished() const { return m_finished; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    bool wrongCredentials() const { return m_wrongCredentials; }
    // The server's reason when it refused this device or user (device_revoked, user_disabled,
    // device_wipe), otherwise None.
    SyncEngine::SignOutReason refusal() const { return m_refusal; }
    bool wasCancelled() const { return m_cancelled; }
    void cancel();
    // Whether a successful login starts syncing (the first sync pulls the whole team's records); true by
    // default. Set before the job finishes.
    void setStartsSync(bool starts) { m_startsSync = starts; }

    // The message for a login request that failed, from its HTTP status or network error.
    static QString failureText(const ApiCall &call, const QUrl &server);

Q_SIGNALS:
    void finished();

private:
    QPointer<ApiCall> m_call;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_wrongCredentials = false;
    bool m_startsSync = true;
    SyncEngine::SignOutReason m_refusal = SyncEngine::SignOutReason::None;
    QString m_error;
};

} // namespace feltnotat
