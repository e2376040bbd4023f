#pragma once

#include "biometricunlock.h"
#include "screenprivacy.h"

#include <QList>

namespace feltnotat {

// Fakes of the phone hooks for tests: they record what the app asked and let the test decide what
// the "platform" answers.
class FakeScreenPrivacy final : public ScreenPrivacy
{
public:
    void setSecure(bool secure) override
    {
        m_secure = secure;
        calls << secure;
    }
    bool isSecure() const override { return m_secure; }
    QString describe() const override { return QStringLiteral("fake FLAG_SECURE"); }
    QList<bool> calls; // every setSecure() in order

private:
    bool m_secure = false;
};

// A fingerprint reader the test controls: available() as set; requestPin() waits until the test
// calls succeed() (hands back the enrolled PIN) or fail().
class FakeBiometricUnlock final : public BiometricUnlock
{
public:
    bool hardware = true;
    bool available() const override { return hardware; }
    bool enrolled() const override { return !m_pin.isEmpty(); }
    Status enrol(QByteArrayView pin) override
    {
        m_pin = pin.toByteArray();
        return Status::success();
    }
    void forget() override { m_pin.clear(); }
    void requestPin(const QString &reason, Done done) override
    {
        lastReason = reason;
        m_pending = std::move(done);
    }
    bool pending() const { return bool(m_pending); }
    void succeed() { finish(m_pin); }
    void fail() { finish(makeError(ErrorCode::Locked, QStringLiteral("fingeravtrykket ble ikke godkjent"))); }
    QString lastReason;

private:
    void finish(Result<QByteArray> result)
    {
        Done done = std::move(m_pending);
        m_pending = nullptr;
        if (done)
            done(std::move(result));
    }
    QByteArray m_pin;
    Done m_pending;
};

} // namespace feltnotat
