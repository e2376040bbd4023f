#pragma once

#include "result.h"
#include "secretkey.h"

#include <QString>

#include <memory>

namespace feltnotat {

// Turns the plain SQLite store of an earlier version into an encrypted one (encryptedvfs.h) in
// place: VACUUM INTO a new encrypted file next to it, a check of the copy, an atomic rename over
// the plain file, then the plain file and its WAL overwritten with zeros and removed. A kill at any
// step leaves either the plain store or the encrypted one, and the next call finishes the work.
namespace plainmigration {

// Does nothing when `path` is not a plain SQLite file (already encrypted, empty or missing), except
// finishing an interrupted earlier run.
Status encryptInPlace(const QString &path, const std::shared_ptr<const SecretKey> &key);

// Overwrites a file with zeros, syncs and removes it. On flash storage and copy-on-write file
// systems the old blocks may survive until reused (docs/architecture.md).
bool shred(const QString &path);

} // namespace plainmigration
} // namespace feltnotat
