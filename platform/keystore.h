#pragma once

#include "core/result.h"

#include <QString>

#include <memory>

namespace feltnotat {

// Where device secrets (the sync token) live. Never QSettings, never logs.
class KeyStore
{
public:
    enum class Kind {
        File, // a file readable only by its owner (0600) in a private folder; for headless use
        Keychain, // the platform secret service through QtKeychain
    };

    virtual ~KeyStore() = default;
    virtual Result<QString> read(const QString &key) = 0; // NotFound when absent
    virtual Status write(const QString &key, const QString &secret) = 0;
    virtual Status remove(const QString &key) = 0;
    virtual QString describe() const = 0;

    // Chosen explicitly by the caller; there is no silent fallback from keychain to file.
    static Result<std::unique_ptr<KeyStore>> create(Kind kind, const QString &folder, const QString &service);
    static bool keychainAvailable();
};

} // namespace feltnotat
