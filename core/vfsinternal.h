#pragma once

// Internals of the encrypting VFS (encryptedvfs.h), shared by its source files only.

#include "encryptedvfs.h"
#include "pagecipher.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace feltnotat::encryptedvfs {

// Every encrypted file starts with this header (64 bytes): magic (8), kind (1), format version (1),
// 2 zero bytes, page size (4), salt (16), an id of the data key (16, BLAKE2b keyed with it) and a
// check of all that (16, BLAKE2b keyed with the file's key): a wrong key and a damaged header differ.
constexpr int HeaderSize = 64;
constexpr int SaltSize = 16;
// The database file's pages start after one page, so that they stay aligned to 4 KiB.
constexpr sqlite3_int64 DatabaseDataOffset = PageSize;
// The WAL: header, then SQLite's 32-byte WAL header sealed (nonce, text, tag), then the frames.
// Format 1: each frame as long as SQLite's (24-byte frame header + page), sealed as one message with
// nonce and tag in the page's reserved bytes. Format 2 (written since 2026-12-07): the frame header
// sealed on its own (nonce, text, tag: 64 bytes), then the page sealed exactly as the database file
// seals it, so that a checkpoint copies it as it is (vfswalfile.cpp). The file header's format
// version says which; the database file is format 1 either way.
constexpr int SqliteWalHeaderSize = 32;
constexpr int WalFrameHeaderSize = 24;
constexpr int WalFrameSize = WalFrameHeaderSize + PageSize; // SQLite's frame
constexpr int WalSealedFrameHeaderSize
    = int(PageCipher::NonceSize) + WalFrameHeaderSize + int(PageCipher::TagSize);
constexpr int WalFrameSpanV2 = WalSealedFrameHeaderSize + PageSize; // a format-2 frame on disk
constexpr sqlite3_int64 WalSealedHeaderEnd
    = HeaderSize + PageCipher::NonceSize + SqliteWalHeaderSize + PageCipher::TagSize;
constexpr unsigned char DatabaseFormat = 1;
constexpr unsigned char WalFormatSealedFrames = 1;
constexpr unsigned char WalFormatSealedPages = 2;

enum class FileKind : char { Database = 'D', Wal = 'W' };

// One file's salt and the key derived from the data key and that salt.
struct FileCrypt
{
    std::array<unsigned char, SaltSize> salt {};
    std::shared_ptr<const SecretKey> key;
    unsigned char version = 1; // the file's format version (its header's)
};

// Bytes of one WAL frame on disk in the file's format.
constexpr int walFrameSpan(const FileCrypt &crypt)
{
    return crypt.version == WalFormatSealedPages ? WalFrameSpanV2 : WalFrameSize;
}

// The format new WALs are written in (tests may ask for the old one).
unsigned char walFormatForNewFiles();

// A checkpoint copying WAL frames of format 2 into the database file, in this thread: between
// SQLITE_FCNTL_CKPT_START and SQLITE_FCNTL_CKPT_DONE on the database file SQLite reads each frame's
// page from the WAL into a buffer and writes that buffer to the database file, nothing else in
// between. The WAL then hands the page over still sealed (its header opened, the page's tag
// checked), and the database file writes exactly that buffer as it is. Any other step of this
// thread on the store's files ends the copy (pages are opened and sealed again, as in format 1).
struct CheckpointCopy
{
    const StoreEntry *entry = nullptr; // null: no copy under way in this thread
    const void *database = nullptr; // the database file that started it
    const unsigned char *handed = nullptr; // the buffer a sealed page was read into, not yet written
    std::uint32_t pageNumber = 0;
    std::array<unsigned char, ReservedBytes> reserved {}; // that page's nonce and tag
};
CheckpointCopy &checkpointCopy(); // this thread's
// Ends this thread's copy if it is one of `entry`'s.
void endCheckpointCopy(const StoreEntry *entry);

// The in-process wal-index of one store (SQLite's "shared memory"), replacing the -shm file.
struct ShmState
{
    std::vector<unsigned char *> regions;
    int regionSize = 0;
    int users = 0;
    int shared[SQLITE_SHM_NLOCK] = {};
    const void *exclusive[SQLITE_SHM_NLOCK] = {};
};

// Everything this process knows about one store: key, file keys, wal-index, problems met.
struct StoreEntry
{
    ~StoreEntry();
    std::string path; // as SQLite names the main file (xFullPathname)
    std::shared_ptr<const SecretKey> dataKey;
    int lockFd = -1; // flock on the database file: one process per store
    int bindings = 0;

    std::mutex mutex; // guards everything below
    std::shared_ptr<const FileCrypt> database;
    std::shared_ptr<const FileCrypt> wal;
    ShmState shm;
    Problem problem = Problem::None;
    std::string detail;

    void report(Problem p, const std::string &what);
    std::shared_ptr<const FileCrypt> walCrypt();
    void setWalCrypt(std::shared_ptr<const FileCrypt> crypt);
};

std::shared_ptr<StoreEntry> findEntry(const char *databasePath);

// The first bytes of a file of ours, and their check.
std::array<unsigned char, HeaderSize> makeHeader(
    const SecretKey &dataKey, FileKind kind, const FileCrypt &crypt);
// A new salt and its key; for the WAL the database file's salt joins the derivation, so a WAL
// cannot be replayed against another database file.
// `database` is the database file's crypt (for a WAL), null for the database file itself.
std::shared_ptr<const FileCrypt> newFileCrypt(const SecretKey &dataKey, FileKind kind,
    const FileCrypt *database, const std::array<unsigned char, SaltSize> *salt = nullptr,
    unsigned char version = 1);
// A database page's associated data: its number. Format-2 WAL pages use it too.
void pageAssociatedData(unsigned char ad[8], std::uint32_t pageNumber);
enum class HeaderCheck { Ok, PlainSqlite, NotOurs, WrongKey, Damaged };
HeaderCheck checkHeader(const SecretKey &dataKey, FileKind kind, const FileCrypt *database,
    const unsigned char *header, std::shared_ptr<const FileCrypt> *crypt);

// The part every file of the shim shares; placed with new into the memory SQLite gives xOpen, so
// `base` (SQLite's view: the methods pointer) must stay the first member and nothing here virtual.
struct ShimFile
{
    sqlite3_file base {};
    sqlite3_file *real = nullptr; // the underlying VFS's file, right after this object
    std::shared_ptr<StoreEntry> entry;
    std::string name; // for messages: the file's name without its folder
};

template<typename T> T *shimCast(sqlite3_file *file)
{
    return static_cast<T *>(reinterpret_cast<ShimFile *>(file));
}

sqlite3_vfs *underlyingVfs();

// Methods the database file and the WAL hand straight to the real file (locks, sector size), or
// answer for it: no memory mapping, no size hints in SQLite's offsets, no atomic-write claims.
int shimLock(sqlite3_file *file, int level);
int shimUnlock(sqlite3_file *file, int level);
int shimCheckReservedLock(sqlite3_file *file, int *out);
int shimFileControl(sqlite3_file *file, int op, void *arg);
int shimSectorSize(sqlite3_file *file);
int shimDeviceCharacteristics(sqlite3_file *file);
constexpr std::size_t ShimFileSpace = 512; // room for any ShimFile subclass before the real file

// Opening each kind of file; return an SQLite result code.
int openDatabaseFile(
    sqlite3_file *memory, sqlite3_file *real, std::shared_ptr<StoreEntry> entry, const char *name, int flags);
int openWalFile(
    sqlite3_file *memory, sqlite3_file *real, std::shared_ptr<StoreEntry> entry, const char *name, int flags);
int openMemoryFile(sqlite3_file *memory);

// Reads exactly `size` bytes at `offset` of the real file; false on a short read or error.
int readExactly(sqlite3_file *real, void *buffer, int size, sqlite3_int64 offset, bool *shortRead);
sqlite3_int64 realSize(sqlite3_file *real);

void storeLe32(unsigned char *out, std::uint32_t v);
void storeLe64(unsigned char *out, std::uint64_t v);
std::uint32_t loadBe32(const unsigned char *in);

} // namespace feltnotat::encryptedvfs
