#include "syncengine.h"

#include "core/conflicts.h"
#include "core/outbox.h"
#include "core/remoteapplier.h"
#include "core/store.h"
#include "core/validation.h"
#include "logging.h"
#include "protocol.h"
#include "syncclient.h"

namespace feltnotat {

namespace {
const QString MetaCursor = QStringLiteral("sync_cursor");
const QString MetaLastSync = QStringLiteral("last_sync_at");
const QString MetaIdleLockPolicy = QStringLiteral("policy_idle_lock_minutes");
const QString MetaCaughtUp
    = QStringLiteral("sync_caught_up"); // "1" when the last cycle ended with nothing left
const QString MetaSignedOut = QStringLiteral("signed_out_reason"); // the refusal's wire code, or empty
} // namespace

SyncEngine::SignOutReason SyncEngine::reasonFromCode(const QString &wireCode)
{
    if (wireCode.isEmpty())
        return SignOutReason::None;
    if (wireCode == u"device_revoked")
        return SignOutReason::DeviceRevoked;
    if (wireCode == u"user_disabled")
        return SignOutReason::UserDisabled;
    if (wireCode == u"token_expired")
        return SignOutReason::TokenExpired;
    if (wireCode == u"device_wipe")
        return SignOutReason::WipeOrdered;
    return SignOutReason::TokenRejected;
}

QString SyncEngine::codeOf(SignOutReason reason)
{
    switch (reason) {
    case SignOutReason::None:
        return {};
    case SignOutReason::TokenRejected:
        return QStringLiteral("unauthorized");
    case SignOutReason::DeviceRevoked:
        return QStringLiteral("device_revoked");
    case SignOutReason::UserDisabled:
        return QStringLiteral("user_disabled");
    case SignOutReason::TokenExpired:
        return QStringLiteral("token_expired");
    case SignOutReason::WipeOrdered:
        return QStringLiteral("device_wipe");
    }
    return QStringLiteral("unauthorized");
}

Status SyncEngine::recordSignOut(SignOutReason reason)
{
    m_signOutReason = reason;
    // Stored before anyone hears of it, so a process started next knows too.
    const Status stored = m_store.setMeta(MetaSignedOut, codeOf(reason));
    Q_EMIT statusChanged();
    Q_EMIT unauthorized();
    Q_EMIT signedOut(reason);
    return stored;
}

Status SyncEngine::clearSignOut()
{
    if (m_signOutReason == SignOutReason::None && m_store.meta(MetaSignedOut).isEmpty())
        return Status::success();
    if (Status s = m_store.setMeta(MetaSignedOut, QString()); !s)
        return s;
    m_signOutReason = SignOutReason::None;
    Q_EMIT statusChanged();
    return Status::success();
}

SyncEngine::SyncEngine(Store &store, SyncClient &client, QObject *parent)
    : SyncEngine(store, client, Options {}, parent)
{ }

SyncEngine::SyncEngine(Store &store, SyncClient &client, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
    , m_options(options)
    , m_pushBatch(options.pushBatch)
{
    // A new process knows it is caught up when the last cycle said so and nothing was written since.
    m_caughtUp = m_store.meta(MetaCaughtUp) == u"1" && Outbox(m_store).pendingCount() == 0;
    m_signOutReason = reasonFromCode(m_store.meta(MetaSignedOut));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(m_options.debounceMs);
    m_retry.setSingleShot(true);
    m_periodic.setInterval(m_options.periodicMs);
    connect(&m_debounce, &QTimer::timeout, this, &SyncEngine::syncNow);
    connect(&m_retry, &QTimer::timeout, this, &SyncEngine::syncNow);
    connect(&m_periodic, &QTimer::timeout, this, &SyncEngine::syncNow);
    connect(&m_store, &Store::localWrite, this, [this] {
        m_caughtUp = false;
        if (m_state == State::Syncing)
            m_wroteDuringCycle = true;
        scheduleDebounced();
        Q_EMIT statusChanged();
    });
    connect(&m_store, &Store::remoteApplied, this, &SyncEngine::statusChanged);
}

void SyncEngine::setNetworkAvailable(bool mayBeOnline)
{
    const bool cameBack = mayBeOnline && !m_networkAvailable;
    m_networkAvailable = mayBeOnline;
    if (!mayBeOnline && m_enabled && m_state != State::Syncing)
        setState(State::Offline);
    if (cameBack && m_enabled) {
        if (m_state == State::Offline)
            setState(State::Idle);
        syncNow();
    }
}

SyncEngine::~SyncEngine()
{
    if (m_inflight)
        m_inflight->abort();
}

qint64 SyncEngine::pendingCount() const
{
    return Outbox(m_store).pendingCount();
}

qint64 SyncEngine::conflictCount() const
{
    return Conflicts(m_store).openCount();
}

qint64 SyncEngine::deadLetterCount() const
{
    return Outbox(m_store).deadLetterCount();
}

qint64 SyncEngine::setAsideCount() const
{
    return RemoteApplier::setAside(m_store).size();
}

int SyncEngine::idleLockPolicyMinutes() const
{
    return m_store.meta(MetaIdleLockPolicy).toInt();
}

Status SyncEngine::storePolicy(const protocol::DevicePolicy &policy)
{
    if (policy.idleLockMinutes <= 0)
        return Status::success();
    return m_store.setMeta(MetaIdleLockPolicy, QString::number(policy.idleLockMinutes));
}

QDateTime SyncEngine::lastSuccess() const
{
    return validation::parseDateTime(m_store.meta(MetaLastSync)).value_or(QDateTime());
}

qint64 SyncEngine::nextRetryInMs() const
{
    return m_retry.isActive() ? m_retry.remainingTime() : -1;
}

void SyncEngine::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT statusChanged();
}

void SyncEngine::start()
{
    m_enabled = true;
    if (m_state == State::Disabled || m_state == State::Unauthorized || m_state == State::UpdateRequired)
        m_state = State::Idle;
    m_periodic.start();
    syncNow();
}

void SyncEngine::stop()
{
    m_enabled = false;
    m_debounce.stop();
    m_periodic.stop();
    m_retry.stop();
    if (m_inflight)
        m_inflight->abort();
    setState(State::Disabled);
}

void SyncEngine::scheduleDebounced()
{
    if (m_enabled && (m_state == State::Idle || m_state == State::Offline))
        m_debounce.start();
}

void SyncEngine::syncNow()
{
    if (!m_enabled || m_state == State::Unauthorized || m_state == State::UpdateRequired)
        return;
    if (m_state == State::Syncing) {
        m_rerun = true;
        return;
    }
    if (!m_networkAvailable) {
        setState(State::Offline);
        return;
    }
    beginCycle();
}

void SyncEngine::beginCycle()
{
    m_retry.stop();
    m_debounce.stop();
    m_rerun = false;
    m_wroteDuringCycle = false;
    m_pushBatch = m_options.pushBatch;
    setState(State::Syncing);
    pushStep();
}

void SyncEngine::pushStep()
{
    Outbox outbox(m_store);
    auto pending = outbox.pending(m_pushBatch);
    if (!pending) {
        failCycle(ApiCall::Failure::Rejected, pending.errorString());
        return;
    }
    if (pending->isEmpty()) {
        pullStep();
        return;
    }
    QMap<qint64, RecordRef> sent;
    for (const Mutation &m : pending.value())
        sent.insert(m.seq, RecordRef {m.entity, m.recordId});
    ApiCall *call = m_client.push(protocol::PushRequest::encode(m_store.deviceId(), pending.value()));
    m_inflight = call;
    connect(call, &ApiCall::finished, this, [this, call, sent] { onPushed(call, sent); });
}

Status SyncEngine::rejectLocally(qint64 seq, const QString &code, const QString &message)
{
    // The server never took this mutation; it leaves the queue so the rest can go.
    return Outbox(m_store).acknowledge(seq, {Rejection {seq, code, message}}).ok()
        ? Status::success()
        : makeError(ErrorCode::Database, QStringLiteral("cannot move mutation to dead letters"));
}

void SyncEngine::onPushed(ApiCall *call, const QMap<qint64, RecordRef> &sentRecords)
{
    call->deleteLater();
    if (call->failure() == ApiCall::Failure::TooLarge) {
        if (m_pushBatch > 1) {
            m_pushBatch = std::max(1, m_pushBatch / 2);
            pushStep();
        } else if (Status s
                   = rejectLocally(sentRecords.firstKey(), QStringLiteral("too_large"), call->errorString());
                   s) {
            pushStep();
        } else {
            failCycle(ApiCall::Failure::Rejected, s.errorString());
        }
        return;
    }
    if (call->hasError()) {
        failCycle(call->failure(), call->errorString(), call->apiError().code);
        return;
    }
    auto response = protocol::PushResponse::parse(call->body());
    if (!response) {
        failCycle(ApiCall::Failure::Transient,
            QStringLiteral("unreadable push response: ") + response.errorString());
        return;
    }
    QList<Rejection> rejected;
    QList<Record> restore;
    QList<RecordRef> forget;
    for (const protocol::PushRejection &r : response->rejected) {
        rejected.append(Rejection {r.seq, r.code, r.message});
        if (r.record)
            restore.append(*r.record);
    }
    // Acknowledgement and restoring rejected records commit together.
    Transaction txn(m_store.database());
    Status s = txn.status();
    if (s)
        s = Outbox(m_store).acknowledge(response->appliedThrough, rejected);
    for (const protocol::PushRejection &r : response->rejected) {
        const auto sent = sentRecords.constFind(r.seq);
        // The server has nothing of this record for us: drop our copy unless other writes wait.
        if (s && !r.record && sent != sentRecords.cend()
            && Outbox(m_store).pendingFields(sent->entity, sent->id).isEmpty())
            forget.append(*sent);
    }
    if (s && (!restore.isEmpty() || !forget.isEmpty()))
        s = RemoteApplier(m_store).apply(restore, forget, {});
    if (s)
        s = txn.commit();
    if (!s) {
        failCycle(ApiCall::Failure::Transient, s.errorString());
        return;
    }
    if (!rejected.isEmpty()) {
        QStringList codes; // codes only: the messages may quote values
        for (const Rejection &r : std::as_const(rejected))
            codes << r.code;
        qCWarning(lcSync) << "server rejected" << rejected.size()
                          << "mutation(s); kept as dead letters:" << codes.join(u", ");
    }
    Q_EMIT statusChanged();
    if (response->appliedThrough < sentRecords.lastKey()) {
        failCycle(ApiCall::Failure::Transient, QStringLiteral("server did not confirm the whole batch"));
        return;
    }
    pushStep();
}

void SyncEngine::pullStep()
{
    pullFrom(m_store.meta(MetaCursor));
}

ApiCall *SyncEngine::pullFrom(const QString &cursor)
{
    ApiCall *call = m_client.pull(cursor, m_options.pullLimit);
    m_inflight = call;
    connect(call, &ApiCall::finished, this, [this, call] { onPulled(call); });
    return call;
}

void SyncEngine::onPulled(ApiCall *call)
{
    call->deleteLater();
    if (call->hasError()) {
        failCycle(call->failure(), call->errorString(), call->apiError().code);
        return;
    }
    // The body is freed once parsed, before the page is applied.
    auto response = protocol::PullResponse::parse(call->takeBody());
    if (!response) {
        failCycle(ApiCall::Failure::Transient,
            QStringLiteral("unreadable pull response: ") + response.errorString());
        return;
    }
    RemoteApplier applier(m_store);
    if (response->reset) {
        qCInfo(lcSync) << "server asked for a clean re-sync";
        Status s = applier.beginResync();
        if (s)
            s = m_store.setMeta(MetaCursor, QString());
        if (!s) {
            failCycle(ApiCall::Failure::Transient, s.errorString());
            return;
        }
        pullStep();
        return;
    }
    // The next page is asked for before this one is applied, so the server and the network work on it
    // while this thread writes. Its answer cannot arrive before this function returns (same thread);
    // if this page fails to apply, the request is dropped unread: the cursor only moves with an applied page.
    ApiCall *next = response->more ? pullFrom(response->cursor) : nullptr;
    QHash<QString, QString> meta {{MetaCursor, response->cursor}};
    // A complete pull: every write up to this cursor is in this copy (Store::MetaSeenCursor).
    if (!response->more)
        meta.insert(Store::MetaSeenCursor, response->cursor);
    if (response->policy.idleLockMinutes > 0)
        meta.insert(MetaIdleLockPolicy, QString::number(response->policy.idleLockMinutes));
    if (Status s = applier.apply(response->changes, response->drops, meta, response->refused); !s) {
        if (next) {
            next->disconnect(this);
            next->abort();
            next->deleteLater();
        }
        failCycle(ApiCall::Failure::Transient, s.errorString());
        return;
    }
    if (next)
        return;
    if (applier.resyncInProgress()) {
        if (Status s = applier.finishResync(); !s) {
            failCycle(ApiCall::Failure::Transient, s.errorString());
            return;
        }
    }
    finishCycle();
}

void SyncEngine::finishCycle()
{
    m_backoff.reset();
    m_lastError.clear();
    m_lastErrorCode.clear();
    (void)m_store.setMeta(MetaLastSync, validation::formatDateTime(m_store.clock().now()));
    m_caughtUp = !m_wroteDuringCycle && Outbox(m_store).pendingCount() == 0;
    (void)m_store.setMeta(MetaCaughtUp, m_caughtUp ? QStringLiteral("1") : QStringLiteral("0"));
    setState(State::Idle);
    Q_EMIT statusChanged();
    Q_EMIT cycleFinished(true);
    if (m_rerun || !m_caughtUp)
        m_debounce.start();
}

void SyncEngine::failCycle(ApiCall::Failure failure, const QString &message, const QString &code)
{
    m_lastError = message;
    m_lastErrorCode = code;
    m_caughtUp = false;
    switch (failure) {
    case ApiCall::Failure::Unauthorized:
        qCWarning(lcSync) << "server refused the device token:" << code;
        setState(State::Unauthorized);
        if (Status s = recordSignOut(reasonFromCode(code.isEmpty() ? QStringLiteral("unauthorized") : code));
            !s)
            qCWarning(lcSync) << "cannot store the sign-out reason:" << s.errorString();
        break;
    case ApiCall::Failure::UpdateRequired:
        qCWarning(lcSync) << "server requires a newer protocol version";
        setState(State::UpdateRequired);
        break;
    default: {
        const qint64 delay = m_backoff.nextDelayMs();
        qCInfo(lcSync) << "sync failed; next try in" << delay << "ms";
        if (m_enabled)
            m_retry.start(int(delay));
        setState(m_networkAvailable ? State::Waiting : State::Offline);
        break;
    }
    }
    Q_EMIT statusChanged();
    Q_EMIT cycleFinished(false);
}

} // namespace feltnotat
