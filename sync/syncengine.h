#pragma once

#include "apicall.h"
#include "backoff.h"
#include "core/remoteapplier.h"
#include "protocol.h"

#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace feltnotat {

class Store;
class SyncClient;

// Moves the outbox to the server and the server's changes into the store (docs/sync-protocol.md).
// A cycle pushes everything pending, then pulls until caught up. Cycles start on start(), a few
// seconds after local writes, on a timer, when the network comes back, and on syncNow(); failures
// retry with capped exponential backoff.
class SyncEngine : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY statusChanged)
    Q_PROPERTY(qint64 pendingCount READ pendingCount NOTIFY statusChanged)
    Q_PROPERTY(qint64 conflictCount READ conflictCount NOTIFY statusChanged)
    Q_PROPERTY(qint64 deadLetterCount READ deadLetterCount NOTIFY statusChanged)
    Q_PROPERTY(qint64 setAsideCount READ setAsideCount NOTIFY statusChanged)
    Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY statusChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY statusChanged)
    Q_PROPERTY(bool caughtUp READ caughtUp NOTIFY statusChanged)
    Q_PROPERTY(SignOutReason signOutReason READ signOutReason NOTIFY statusChanged)

public:
    // Disabled: not logged in. Idle: nothing running. Syncing: a cycle runs. Waiting: a cycle
    // failed and the next try is scheduled. Offline: the network is known to be down.
    // Unauthorized: the server refused the token (log in again). UpdateRequired: protocol too old.
    enum class State { Disabled, Idle, Syncing, Waiting, Offline, Unauthorized, UpdateRequired };
    Q_ENUM(State)

    // Why the server stopped accepting this device, from the refusal's code on the wire
    // (docs/sync-protocol.md). Kept in the store's meta, so every later process knows the device is
    // signed out and why; a successful login clears it. Unsent work is never touched here: even
    // WipeOrdered only reports the order (carrying it out is the app's business).
    enum class SignOutReason {
        None, // signed in (or never signed out by the server)
        TokenRejected, // `unauthorized`/`forbidden`: the token is unknown (e.g. logged out elsewhere)
        DeviceRevoked, // `device_revoked`: an administrator signed the device or the user out
        UserDisabled, // `user_disabled`: the user is disabled
        TokenExpired, // `token_expired`: too long without contact
        WipeOrdered, // `device_wipe`: an administrator ordered this device to delete its data
    };
    Q_ENUM(SignOutReason)

    struct Options
    {
        int pushBatch = 500;
        int pullLimit = protocol::limits::AppPullLimit;
        int debounceMs = 2000;
        int periodicMs = 5 * 60 * 1000;
    };

    SyncEngine(Store &store, SyncClient &client, QObject *parent = nullptr);
    SyncEngine(Store &store, SyncClient &client, Options options, QObject *parent = nullptr);
    ~SyncEngine() override;

    void setBackoff(const Backoff &backoff) { m_backoff = backoff; }

    // Enables automatic syncing (and runs a cycle now); stop() disables it.
    void start();
    void stop();
    // Runs a cycle as soon as possible, also from Waiting (skipping the backoff).
    Q_INVOKABLE void syncNow();
    // Fed from the platform's reachability: false only when the network is known to be down.
    // Coming back online starts a cycle at once.
    void setNetworkAvailable(bool mayBeOnline);

    State state() const { return m_state; }
    qint64 pendingCount() const;
    qint64 conflictCount() const;
    qint64 deadLetterCount() const;
    // Records from the server this device could not store (RemoteApplier::setAside).
    qint64 setAsideCount() const;
    QDateTime lastSuccess() const;
    QString lastError() const { return m_lastError; }
    // The wire code of the last failure (docs/sync-protocol.md), or `network` when the server could not be
    // reached or the connection broke; empty when the failure had no code.
    QString lastErrorCode() const { return m_lastErrorCode; }
    bool caughtUp() const { return m_caughtUp; }
    qint64 nextRetryInMs() const;
    // The idle-lock minutes the server set for its devices (protocol::DevicePolicy) as last received
    // with a login or a pull page; 0 when none came (an older server).
    int idleLockPolicyMinutes() const;
    // Keeps a policy received with a login (a pull page keeps its own with the page).
    Status storePolicy(const protocol::DevicePolicy &policy);
    SignOutReason signOutReason() const { return m_signOutReason; }
    // After a successful login: forgets the stored reason.
    Status clearSignOut();
    // A refusal learnt elsewhere (e.g. a login answered device_wipe): stored, then signedOut().
    Status recordSignOut(SignOutReason reason);

    static SignOutReason reasonFromCode(const QString &wireCode);
    static QString codeOf(SignOutReason reason); // the wire code; empty for None

Q_SIGNALS:
    void statusChanged();
    void cycleFinished(bool ok);
    void unauthorized();
    // Emitted with unauthorized(), after the reason is stored.
    void signedOut(feltnotat::SyncEngine::SignOutReason reason);

private:
    void setState(State state);
    void beginCycle();
    void pushStep();
    void onPushed(ApiCall *call, const QMap<qint64, RecordRef> &sentRecords);
    void pullStep();
    ApiCall *pullFrom(const QString &cursor);
    void onPulled(ApiCall *call);
    void finishCycle();
    void failCycle(ApiCall::Failure failure, const QString &message, const QString &code = {});
    Status rejectLocally(qint64 seq, const QString &code, const QString &message);
    void scheduleDebounced();

    Store &m_store;
    SyncClient &m_client;
    bool m_networkAvailable = true;
    Options m_options;
    Backoff m_backoff;
    QTimer m_debounce;
    QTimer m_periodic;
    QTimer m_retry;
    State m_state = State::Disabled;
    bool m_enabled = false;
    bool m_rerun = false;
    bool m_wroteDuringCycle = false;
    bool m_caughtUp = false;
    int m_pushBatch;
    QString m_lastError;
    QString m_lastErrorCode;
    SignOutReason m_signOutReason = SignOutReason::None;
    QPointer<ApiCall> m_inflight;
};

} // namespace feltnotat
