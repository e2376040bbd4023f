#pragma once

#include "core/keyfile.h"
#include "core/result.h"
#include "core/secretkey.h"
#include "platform/keystore.h"

#include <QString>

#include <memory>

namespace feltnotat {

// The data key of a device's store (docs/architecture.md, "Keys"): made on first use, wrapped by the
// PIN and, where the platform has a key store, by a secret held there (keyfile.h), and kept in the
// data folder as feltnotat.key. Without a platform key store the PIN alone protects it (weaker:
// a copy of the folder can be attacked offline).
namespace devicekey {

QString keyPath(const QString &dataDir);
// True once the data folder has a key (its store is, or is about to be, encrypted).
bool exists(const QString &dataDir);

// The data key for `pin`: created (with `kdf`) when the folder has none yet, else unwrapped.
// `platform` holds the platform secret when there is a platform key store (null: the PIN alone).
// Locked when the PIN is empty or wrong, or the platform secret is gone.
Result<std::shared_ptr<SecretKey>> unlockOrCreate(
    const QString &dataDir, QByteArrayView pin, KeyStore *platform, const KdfParams &kdf);
// Wraps the data key under a new PIN; the data is not touched.
Status changePin(const QString &dataDir, const SecretKey &dataKey, QByteArrayView newPin, KeyStore *platform,
    const KdfParams &kdf);
// Crypto-shredding: the platform secret and the key file go first (without them the encrypted
// files are noise), then the store's files are overwritten and removed.
Status shred(const QString &dataDir, KeyStore *platform);

} // namespace devicekey
} // namespace feltnotat
