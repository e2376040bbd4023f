#pragma once

#include "result.h"
#include "secretkey.h"

#include <QString>

#include <memory>

namespace feltnotat {

// The cost of Argon2id, stored in every key file so that a file made with cheap parameters (tests)
// unlocks with exactly those.
struct KdfParams
{
    quint64 opsLimit = 0;
    quint64 memLimit = 0; // bytes

    // What the app and the CLI use: about 0.2 s on a slow laptop (docs/benchmarks.md).
    static KdfParams standard();
    // The smallest libsodium accepts; only for tests.
    static KdfParams cheapForTests();
    bool isValid() const;
};

// The data key of an encrypted store, wrapped for storage next to it (docs/architecture.md,
// "Keys"). The file holds the Argon2id parameters and salt, whether a platform secret is part of the
// wrapping key, and the data key sealed with XChaCha20-Poly1305 under
//   wrapping key = Argon2id(PIN, salt)                      without a platform secret,
//   wrapping key = BLAKE2b(key: platform secret, Argon2id(PIN, salt))  with one,
// with the header as associated data, so no parameter can be changed without the unlock failing.
// Written atomically, owner-only (0600).
namespace keyfile {

struct Header
{
    KdfParams kdf;
    bool needsPlatformSecret = false;
    QString platformSecretName; // the key store entry of the platform secret (empty without one)
};

// A new random data key wrapped with `pin` (and `platformSecret` when given), written to `path`;
// refused when a file is already there.
Result<std::shared_ptr<SecretKey>> create(const QString &path, QByteArrayView pin,
    const SecretKey *platformSecret, const KdfParams &kdf, const QString &platformSecretName = {});
// The data key, or ErrorCode::Locked when the PIN or the platform secret is wrong.
Result<std::shared_ptr<SecretKey>> unlock(
    const QString &path, QByteArrayView pin, const SecretKey *platformSecret);
// Wraps `dataKey` again under a new PIN (a fresh salt; the data stays as it is).
Status rewrap(const QString &path, const SecretKey &dataKey, QByteArrayView newPin,
    const SecretKey *platformSecret, const KdfParams &kdf);
Result<Header> readHeader(const QString &path);

} // namespace keyfile
} // namespace feltnotat
