// AppContext's app lock: the PIN (chosen, changed, refused), unlocking with it or with biometrics,
// the idle lock and its policy, and the wipe after too many wrong PINs. The rest of AppContext is in
// appcontext.cpp.
#include "app/common/devicekey.h"
#include "appcontext.h"
#include "core/pinpolicy.h"
#include "core/store.h"
#include "guilogging.h"

#include <QEvent>
#include <QFileInfo>

#include <algorithm>
#include <sodium.h>

using namespace feltnotat;

namespace {
const QString MetaIdleLock = QStringLiteral("lock_idle_minutes");
constexpr int DefaultIdleLockMinutes = 5;
} // namespace

void AppContext::setLocked(bool locked)
{
    if (locked == m_locked)
        return;
    m_locked = locked;
    Q_EMIT lockedChanged();
}

bool AppContext::pinChosen() const
{
    return m_session ? m_session->isEncrypted() : devicekey::exists(m_options.dataDir);
}

bool AppContext::hasPlainData() const
{
    return !pinChosen() && QFileInfo(Session::databasePath(m_options.dataDir)).size() > 0;
}

int AppContext::pinAttemptsLeft() const
{
    return std::max(0, m_options.maxPinAttempts - m_lockState.failedAttempts());
}

int AppContext::unsentAtLock() const
{
    return m_lockState.unsentChanges();
}

QString AppContext::pinProblem(const QString &pin) const
{
    return pinpolicy::problem(pin);
}

namespace {
// The PIN as bytes for the key derivation; wiped by the caller with wipePin() after use.
QByteArray pinBytes(const QString &pin)
{
    return pin.toUtf8();
}
void wipePin(QByteArray &pin)
{
    if (!pin.isEmpty())
        sodium_memzero(pin.data(), size_t(pin.size()));
}
} // namespace

QString AppContext::newPinProblem(const QString &pin, const QString &confirmation) const
{
    const QString problem = pinpolicy::problem(pin);
    if (problem.isEmpty() && pin != confirmation)
        return tr("De to PIN-kodene er ikke like. Skriv den samme to ganger.");
    return problem;
}

bool AppContext::choosePin(const QString &pin, const QString &confirmation)
{
    if (!m_locked || pinChosen())
        return false;
    m_lockNotice.clear();
    m_lockError = newPinProblem(pin, confirmation);
    if (!m_lockError.isEmpty()) {
        Q_EMIT lockChanged();
        return false;
    }
    QByteArray bytes = pinBytes(pin);
    const Status opened = openSession(bytes); // creates the key; a plain store is encrypted with it
    wipePin(bytes);
    if (!opened) {
        m_lockError = tr("Fikk ikke kryptert dataene: %1").arg(opened.errorString());
        Q_EMIT lockChanged();
        return false;
    }
    m_wipedNotice.clear();
    afterUnlock();
    return true;
}

// A PIN was refused (on the lock page or when changing it): the attempts left as a sentence, or,
// after the last one, the wipe (then empty).
QString AppContext::refusedPin()
{
    if (pinAttemptsLeft() > 0)
        return tr("Feil PIN-kode. %n forsøk igjen.", "", pinAttemptsLeft());
    lock();
    wipeAfterWrongPins();
    return {};
}

bool AppContext::unlock(const QString &pin)
{
    if (!m_locked)
        return true;
    if (!pinChosen())
        return false;
    m_lockNotice.clear();
    if (pin.isEmpty()) {
        m_lockError = tr("Skriv PIN-koden.");
        Q_EMIT lockChanged();
        return false;
    }
    // Counted before trying: killing the app during the key derivation gives no free attempt.
    (void)m_lockState.setFailedAttempts(m_lockState.failedAttempts() + 1);
    QByteArray bytes = pinBytes(pin);
    const Status opened = openSession(bytes);
    wipePin(bytes);
    if (opened) {
        afterUnlock();
        return true;
    }
    if (opened.error().code == ErrorCode::Locked) {
        m_lockError = refusedPin();
    } else { // not the PIN's fault: the attempt does not count
        (void)m_lockState.setFailedAttempts(m_lockState.failedAttempts() - 1);
        m_lockError = opened.errorString();
    }
    Q_EMIT lockChanged();
    return false;
}

QString AppContext::changePin(const QString &current, const QString &newPin, const QString &confirmation)
{
    if (!m_session || !m_session->isEncrypted())
        return tr("Dataene på denne enheten har ingen PIN-kode.");
    QString problem = newPinProblem(newPin, confirmation);
    if (problem.isEmpty() && newPin == current)
        problem = tr("Den nye PIN-koden er den samme som den du har nå.");
    if (!problem.isEmpty())
        return problem;
    (void)m_lockState.setFailedAttempts(m_lockState.failedAttempts() + 1);
    QByteArray bytes = pinBytes(current);
    const Status checked = m_session->checkPin(bytes);
    wipePin(bytes);
    if (!checked && checked.error().code == ErrorCode::Locked) {
        Q_EMIT lockChanged(); // the attempts left
        const QString refused = refusedPin();
        return refused.isEmpty() ? m_lockNotice : refused;
    }
    (void)m_lockState.setFailedAttempts(m_lockState.failedAttempts() - 1);
    if (!checked)
        return checked.errorString();
    bytes = pinBytes(newPin);
    const Status changed = m_session->changePin(bytes, m_options.kdf);
    wipePin(bytes);
    if (!changed)
        return tr("Fikk ikke byttet PIN-koden: %1").arg(changed.errorString());
    (void)m_lockState.setFailedAttempts(0);
    m_options.biometric->forget(); // it holds the old PIN: enable it again with the new one
    Q_EMIT lockChanged();
    qCInfo(lcGui) << "PIN changed (the data key re-wrapped)";
    return {};
}

bool AppContext::biometricReady() const
{
    return m_options.biometric->available() && m_options.biometric->enrolled() && pinChosen();
}

void AppContext::unlockWithBiometrics()
{
    if (!m_locked || !biometricReady())
        return;
    QPointer<AppContext> self(this);
    m_options.biometric->requestPin(tr("Lås opp Feltnotat"), [self](Result<QByteArray> pin) {
        if (!self || !self->m_locked)
            return;
        if (!pin) {
            self->m_lockError = tr("Fingeravtrykket ble ikke godkjent. Skriv PIN-koden.");
            Q_EMIT self->lockChanged();
            return;
        }
        QByteArray bytes = std::move(pin).value();
        self->unlock(QString::fromUtf8(bytes));
        wipePin(bytes);
    });
}

QString AppContext::enableBiometricUnlock(const QString &pin)
{
    if (!m_session || !m_session->isEncrypted() || !m_options.biometric->available())
        return tr("Telefonen kan ikke låse opp med fingeravtrykk.");
    QByteArray bytes = pinBytes(pin);
    Status s = m_session->checkPin(bytes);
    if (s)
        s = m_options.biometric->enrol(bytes);
    wipePin(bytes);
    Q_EMIT lockChanged();
    return s ? QString() : tr("Feil PIN-kode.");
}

void AppContext::disableBiometricUnlock()
{
    m_options.biometric->forget();
    Q_EMIT lockChanged();
}

void AppContext::wipeAfterWrongPins()
{
    m_options.biometric->forget();
    // The key and the files go (crypto-shredding), unsent changes included, as the warning said.
    const Status removed = Session::removeData(m_options.dataDir, m_options.keyStore);
    m_lockState.remove();
    (void)m_lockState.setLanguage(m_language); // not personal: the next lock screen keeps speaking it
    m_lockError.clear();
    m_lockNotice = removed
        ? tr("PIN-koden var feil %n ganger, så dataene på telefonen er slettet. Velg en ny PIN-kode og logg "
             "inn på nytt.",
            "", m_options.maxPinAttempts)
        : tr("PIN-koden var feil for mange ganger, men dataene kunne ikke slettes: %1")
              .arg(removed.errorString());
    qCInfo(lcGui) << "local data wiped after too many wrong PINs";
    Q_EMIT dataWiped();
    Q_EMIT lockChanged();
}

void AppContext::lock()
{
    if (!m_options.appLock || m_locked || !m_session)
        return;
    m_idle.stop();
    (void)m_lockState.setUnsentChanges(int(m_session->sync().pendingCount()));
    m_lockError.clear();
    m_lockNotice.clear();
    // The window drops its pages first, then the store closes and its key is wiped.
    setLocked(true);
    Q_EMIT lockChanged();
    m_syncStatus->setEngine(nullptr);
    m_contactLock.setSession(nullptr);
    m_session.reset();
    m_removed.reset();
    m_changed.clear();
    m_coalesce.stop();
    Q_EMIT sessionChanged();
    Q_EMIT signedInChanged();
}

int AppContext::idleLockPolicy() const
{
    return m_session ? m_session->sync().idleLockPolicyMinutes() : 0;
}

// The user's own choice where the server's policy allows it (never longer), else the policy, else 5.
int AppContext::idleLockMinutes() const
{
    const int stored = m_session ? m_session->store().meta(MetaIdleLock).toInt() : 0;
    const int policy = idleLockPolicy();
    if (policy > 0)
        return stored > 0 && stored <= policy ? stored : policy;
    return stored > 0 ? stored : DefaultIdleLockMinutes;
}

void AppContext::applyIdleLockPolicy()
{
    const int minutes = idleLockMinutes();
    if (minutes == m_idleMinutesApplied)
        return; // unchanged: the count of the idle time goes on
    m_idleMinutesApplied = minutes;
    restartIdleTimer();
    Q_EMIT idleLockChanged();
}

void AppContext::setIdleLockMinutes(int minutes)
{
    const int policy = idleLockPolicy();
    if (!m_session || minutes < 1 || minutes > 60 || (policy > 0 && minutes > policy)
        || minutes == idleLockMinutes())
        return;
    (void)m_session->store().setMeta(MetaIdleLock, QString::number(minutes));
    restartIdleTimer();
    Q_EMIT idleLockChanged();
}

void AppContext::setIdleLockMs(int ms)
{
    m_options.idleLockMs = ms;
    restartIdleTimer();
}

void AppContext::restartIdleTimer()
{
    if (!m_options.appLock || m_locked)
        return;
    m_idle.start(m_options.idleLockMs > 0 ? m_options.idleLockMs : idleLockMinutes() * 60 * 1000);
}

bool AppContext::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::Wheel:
        if (m_idle.isActive())
            restartIdleTimer();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
