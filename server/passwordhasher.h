#pragma once

#include "core/result.h"

#include <QString>

namespace feltnotat::server {

// Argon2id password hashes (libsodium crypto_pwhash_str, interactive limits).
class PasswordHasher
{
public:
    static Result<QString> hash(const QString &password);
    static bool verify(const QString &hash, const QString &password);
    // Spends the same time as a real verification, so an unknown login answers as slowly as a wrong password.
    static void verifyDummy(const QString &password);
};

} // namespace feltnotat::server
