#pragma once

#include "result.h"
#include "secretkey.h"

#include <QString>

#include <memory>

namespace feltnotat {

// An SQLite VFS shim that keeps every byte of a store at rest encrypted and authenticated
// (docs/architecture.md, "Encryption at rest"). The database file and its WAL are written page by
// page with XChaCha20-Poly1305 (PageCipher): a fresh random nonce per write, nonce and tag in the
// page's reserved bytes, a per-file salt, the page number (WAL: the frame number, with the frame
// header inside the sealed message) as associated data. The wal-index lives in process memory, not
// in a -shm file; journals and temporary files live in memory. A page that fails authentication is
// reported as tampering and never handed to SQLite; a frame cut short by a kill at the end of the
// WAL is an invalid frame, as SQLite treats it.
namespace encryptedvfs {

struct StoreEntry;

constexpr int PageSize = 4096;
constexpr int ReservedBytes = 40; // PageCipher::Overhead: nonce and tag at the end of every page

const char *name(); // registers the VFS on first use

enum class Problem {
    None,
    WrongKey, // the file was written under another key
    Tampered, // a page, frame or header failed authentication
    NotEncrypted, // a plain SQLite database (an earlier version's store): migrate it first
    NotAStore, // neither a plain database nor ours
    InUse, // another process has the store open
    Unsupported, // SQLite asked for something this VFS does not do (a bug here, never data)
};

// While a binding lives, connections that open `path` with this VFS use `key`. Several bindings of
// one path in a process share it (the checkpointer's connection finds it by path); another process
// is refused (the wal-index is in this process's memory).
class Binding
{
public:
    ~Binding();
    Binding(const Binding &) = delete;
    Binding &operator=(const Binding &) = delete;

    Problem problem() const; // the first problem met on this store's files
    QString problemText() const; // a sentence for error messages; empty without a problem
    const QString &path() const { return m_path; }

private:
    friend Result<std::unique_ptr<Binding>> bind(const QString &, std::shared_ptr<const SecretKey>);
    Binding(QString path, std::shared_ptr<StoreEntry> entry);
    QString m_path;
    std::shared_ptr<StoreEntry> m_entry;
};

Result<std::unique_ptr<Binding>> bind(const QString &path, std::shared_ptr<const SecretKey> key);

// How many journals and temporary files were opened in memory so far (tests).
int memoryFilesOpened();

// Tests only: the format of WALs created from now on, 1 (each frame sealed as one message, the
// format before 2026-12-07) or 2 (the default: pages sealed as in the database file). Existing
// WALs keep theirs until SQLite starts them anew.
void setWalFormatForTests(int version);

enum class FileFormat { Missing, Empty, PlainSqlite, Encrypted, Unknown };
// What the file at path holds, from its first bytes.
FileFormat probe(const QString &path);

} // namespace encryptedvfs
} // namespace feltnotat
