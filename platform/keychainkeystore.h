#pragma once

#include "keystore.h"

namespace feltnotat {

// Secrets in the platform's secret service (libsecret/KWallet on Linux, Keychain/Keystore on phones)
// through QtKeychain. Calls block on a local event loop until the job has finished.
class KeychainKeyStore final : public KeyStore
{
public:
    explicit KeychainKeyStore(QString service);

    Result<QString> read(const QString &key) override;
    Status write(const QString &key, const QString &secret) override;
    Status remove(const QString &key) override;
    QString describe() const override;

private:
    QString m_service;
};

} // namespace feltnotat
