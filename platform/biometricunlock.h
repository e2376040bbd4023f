#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace feltnotat {

// Platform hook for unlocking with a fingerprint or a face where the platform has one. The phone
// implementations (not buildable here) keep the PIN sealed under a key that only a successful
// biometric check releases: Android BiometricPrompt with a Keystore key created with
// setUserAuthenticationRequired(true) and invalidated by new enrolments; iOS LocalAuthentication with
// a Keychain item protected by .biometryCurrentSet and WhenUnlockedThisDeviceOnly. The released PIN
// goes through the normal unlock (Argon2id, wrong-PIN count), so the data key never leaves the app.
class BiometricUnlock
{
public:
    using Done = std::function<void(Result<QByteArray> pin)>;
    virtual ~BiometricUnlock() = default;
    // Hardware present and a fingerprint or face enrolled in the system.
    virtual bool available() const = 0;
    // A PIN has been sealed by enrol() and not forgotten since.
    virtual bool enrolled() const = 0;
    // Seals the PIN behind the biometric check (after the user typed it and chose to).
    virtual Status enrol(QByteArrayView pin) = 0;
    // Forgets the sealed PIN (PIN changed, data wiped, user turned it off).
    virtual void forget() = 0;
    // Shows the platform's prompt with `reason`; `done` gets the PIN, or an error when the check
    // failed, was cancelled or the enrolment changed.
    virtual void requestPin(const QString &reason, Done done) = 0;
};

// The desktop: no biometric hardware the app can use.
class NoBiometricUnlock final : public BiometricUnlock
{
public:
    bool available() const override { return false; }
    bool enrolled() const override { return false; }
    Status enrol(QByteArrayView) override
    {
        return makeError(ErrorCode::Invalid, QStringLiteral("no biometric unlock on this platform"));
    }
    void forget() override { }
    void requestPin(const QString &, Done done) override
    {
        done(makeError(ErrorCode::Invalid, QStringLiteral("no biometric unlock on this platform")));
    }
};

} // namespace feltnotat
