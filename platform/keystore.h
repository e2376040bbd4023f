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
        Auto, // the secret service when one answers, otherwise File (resolved once by resolve())
    };

    virtual ~KeyStore() = default;
    virtual Result<QString> read(const QString &key) = 0; // NotFound when absent
    virtual Status write(const QString &key, const QString &secret) = 0;
    virtual Status remove(const QString &key) = 0;
    virtual QString describe() const = 0;

    // Keychain never falls back to a file; Auto resolves first (see resolve()).
    static Result<std::unique_ptr<KeyStore>> create(Kind kind, const QString &folder, const QString &service);
    static bool keychainAvailable();
    // Auto becomes Keychain when a secret service answers (a read of a key that need not exist
    // finishes with "found" or "not found"), otherwise File; other kinds are returned as they are.
    static Kind resolve(Kind kind, const QString &service);
};

} // namespace feltnotat
