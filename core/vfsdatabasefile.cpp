// The database file of an encrypted store: one page of header, then SQLite's pages, each sealed on
// its own (encryptedvfs.h). Also the store's wal-index, kept in this process's memory.

#include "logging.h"
#include "vfsinternal.h"

#include <atomic>
#include <cstring>
#include <new>
#include <sodium.h>

namespace feltnotat::encryptedvfs {

namespace {

constexpr int SealedSize = PageSize - ReservedBytes;

struct DatabaseFile : ShimFile
{
    std::shared_ptr<const FileCrypt> crypt;
    std::unique_ptr<PageCipher> cipher;
    std::vector<unsigned char> scratch;
    unsigned shmShared = 0; // wal-index locks this connection holds
    unsigned shmExclusive = 0;
    bool shmMapped = false;
};
static_assert(sizeof(DatabaseFile) <= ShimFileSpace);

DatabaseFile *self(sqlite3_file *file)
{
    return shimCast<DatabaseFile>(file);
}

int readPage(DatabaseFile *f, std::uint32_t pageNumber, unsigned char *out)
{
    const sqlite3_int64 offset = DatabaseDataOffset + sqlite3_int64(pageNumber - 1) * PageSize;
    bool cut = false;
    if (int rc = readExactly(f->real, out, PageSize, offset, &cut); rc != SQLITE_OK)
        return rc;
    if (cut) {
        std::memset(out, 0, PageSize);
        if (realSize(f->real) <= offset)
            return SQLITE_IOERR_SHORT_READ; // beyond the end: SQLite reads that as a new, empty page
        f->entry->report(
            Problem::Tampered, f->name + ": page " + std::to_string(pageNumber) + " is cut short");
        return SQLITE_IOERR_DATA;
    }
    unsigned char nonce[PageCipher::NonceSize], tag[PageCipher::TagSize], ad[8];
    std::memcpy(nonce, out + SealedSize, sizeof nonce);
    std::memcpy(tag, out + SealedSize + sizeof nonce, sizeof tag);
    pageAssociatedData(ad, pageNumber);
    const PageCipher::Part part {out, out, SealedSize};
    if (!f->cipher->open(ad, {&part, 1}, nonce, tag)) {
        f->entry->report(
            Problem::Tampered, f->name + ": page " + std::to_string(pageNumber) + " failed authentication");
        std::memset(out, 0, PageSize);
        return SQLITE_IOERR_DATA;
    }
    std::memset(out + SealedSize, 0, ReservedBytes); // SQLite only ever sees zeros there
    return SQLITE_OK;
}

int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
    DatabaseFile *f = self(file);
    endCheckpointCopy(f->entry.get()); // a checkpoint never reads the database file: not one
    auto *out = static_cast<unsigned char *>(buffer);
    if (amount == PageSize && offset % PageSize == 0)
        return readPage(f, std::uint32_t(offset / PageSize + 1), out);
    // Part of a page (SQLite reads the first 100 bytes of the header this way).
    int result = SQLITE_OK;
    while (amount > 0) {
        const auto pageNumber = std::uint32_t(offset / PageSize + 1);
        const int within = int(offset % PageSize);
        const int n = std::min(amount, PageSize - within);
        const int rc = readPage(f, pageNumber, f->scratch.data());
        if (rc == SQLITE_IOERR_SHORT_READ)
            result = rc;
        else if (rc != SQLITE_OK)
            return rc;
        std::memcpy(out, f->scratch.data() + within, std::size_t(n));
        out += n;
        offset += n;
        amount -= n;
    }
    sodium_memzero(f->scratch.data(), f->scratch.size());
    return result;
}

int unsupported(DatabaseFile *f, const std::string &what, int rc)
{
    f->entry->report(Problem::Unsupported, f->name + ": " + what);
    return rc;
}

int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
    DatabaseFile *f = self(file);
    if (amount != PageSize || offset % PageSize != 0)
        return unsupported(f, "a write of part of a page", SQLITE_IOERR_WRITE);
    const auto *page = static_cast<const unsigned char *>(buffer);
    const auto pageNumber = std::uint32_t(offset / PageSize + 1);
    CheckpointCopy &copy = checkpointCopy();
    if (copy.entry == f->entry.get() && copy.handed) {
        // A checkpoint's write of the page the WAL just handed over sealed: written as it is, if
        // it is exactly that buffer with that page's nonce and tag, for the page it was sealed for.
        const bool same = page == copy.handed && pageNumber == copy.pageNumber
            && std::memcmp(page + SealedSize, copy.reserved.data(), ReservedBytes) == 0;
        copy.handed = nullptr;
        if (same)
            return f->real->pMethods->xWrite(f->real, page, PageSize, DatabaseDataOffset + offset);
        copy = CheckpointCopy {}; // anything else ends the copy; this write is checked as any other
    }
    if (offset == 0 && (loadBe32(page + 16) >> 16 != PageSize || page[20] < ReservedBytes))
        return unsupported(f, "a page size or reserved space other than the store's", SQLITE_IOERR_WRITE);
    for (int i = SealedSize; i < PageSize; ++i) {
        if (page[i] != 0) // something of SQLite's where nonce and tag go would be lost
            return unsupported(f, "data in the reserved bytes of a page", SQLITE_IOERR_WRITE);
    }
    unsigned char ad[8];
    pageAssociatedData(ad, pageNumber);
    unsigned char *sealed = f->scratch.data();
    const PageCipher::Part part {page, sealed, SealedSize};
    if (!f->cipher->seal(ad, {&part, 1}, sealed + SealedSize, sealed + SealedSize + PageCipher::NonceSize))
        return unsupported(f, "encryption failed", SQLITE_IOERR_WRITE);
    return f->real->pMethods->xWrite(f->real, sealed, PageSize, DatabaseDataOffset + offset);
}

int xFileControl(sqlite3_file *file, int op, void *arg)
{
    DatabaseFile *f = self(file);
    if (op == SQLITE_FCNTL_CKPT_START) {
        CheckpointCopy &copy = checkpointCopy();
        copy = CheckpointCopy {};
        copy.entry = f->entry.get();
        copy.database = f;
    } else if (op == SQLITE_FCNTL_CKPT_DONE) {
        endCheckpointCopy(f->entry.get());
    }
    return shimFileControl(file, op, arg);
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    DatabaseFile *f = self(file);
    endCheckpointCopy(f->entry.get());
    return f->real->pMethods->xTruncate(f->real, DatabaseDataOffset + size);
}

int xSync(sqlite3_file *file, int flags)
{
    return self(file)->real->pMethods->xSync(self(file)->real, flags);
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    const sqlite3_int64 physical = realSize(self(file)->real);
    if (physical < 0)
        return SQLITE_IOERR_FSTAT;
    *size = std::max<sqlite3_int64>(0, physical - DatabaseDataOffset);
    return SQLITE_OK;
}

int xShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    DatabaseFile *f = self(file);
    ShmState &shm = f->entry->shm;
    std::lock_guard lock(f->entry->mutex);
    if (!f->shmMapped) {
        f->shmMapped = true;
        ++shm.users;
    }
    if (shm.regionSize == 0)
        shm.regionSize = size;
    else if (shm.regionSize != size)
        return SQLITE_IOERR_SHMMAP;
    if (std::size_t(region) >= shm.regions.size()) {
        if (!extend) {
            *out = nullptr;
            return SQLITE_OK;
        }
        while (shm.regions.size() <= std::size_t(region)) {
            auto *memory = static_cast<unsigned char *>(std::calloc(1, std::size_t(size)));
            if (!memory)
                return SQLITE_NOMEM;
            shm.regions.push_back(memory);
        }
    }
    *out = shm.regions[std::size_t(region)];
    return SQLITE_OK;
}

// The semantics of SQLite's own in-process locking of the wal-index: a shared lock waits for no
// other connection's exclusive one; an exclusive lock for no other connection's lock of any kind.
int xShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    DatabaseFile *f = self(file);
    ShmState &shm = f->entry->shm;
    const unsigned mask = ((1u << n) - 1u) << offset;
    std::lock_guard lock(f->entry->mutex);
    if (flags & SQLITE_SHM_UNLOCK) {
        for (int i = offset; i < offset + n; ++i) {
            if ((flags & SQLITE_SHM_SHARED) && (f->shmShared & (1u << i)))
                --shm.shared[i];
            if ((flags & SQLITE_SHM_EXCLUSIVE) && shm.exclusive[i] == f)
                shm.exclusive[i] = nullptr;
        }
        (flags & SQLITE_SHM_SHARED ? f->shmShared : f->shmExclusive) &= ~mask;
        return SQLITE_OK;
    }
    if (flags & SQLITE_SHM_SHARED) {
        for (int i = offset; i < offset + n; ++i) {
            if (shm.exclusive[i] && shm.exclusive[i] != f)
                return SQLITE_BUSY;
        }
        for (int i = offset; i < offset + n; ++i) {
            if (!(f->shmShared & (1u << i)))
                ++shm.shared[i];
        }
        f->shmShared |= mask;
        return SQLITE_OK;
    }
    for (int i = offset; i < offset + n; ++i) {
        const int ownShared = (f->shmShared & (1u << i)) ? 1 : 0;
        if ((shm.exclusive[i] && shm.exclusive[i] != f) || shm.shared[i] - ownShared > 0)
            return SQLITE_BUSY;
    }
    for (int i = offset; i < offset + n; ++i)
        shm.exclusive[i] = f;
    f->shmExclusive |= mask;
    return SQLITE_OK;
}

void xShmBarrier(sqlite3_file *file)
{
    // A full fence, then the mutex. ThreadSanitizer cannot model a bare fence (GCC refuses it under
    // -fsanitize=thread); there the mutex, which it does understand, is the barrier.
#ifndef __SANITIZE_THREAD__
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
    std::lock_guard lock(self(file)->entry->mutex);
}

int xShmUnmap(sqlite3_file *file, int)
{
    DatabaseFile *f = self(file);
    ShmState &shm = f->entry->shm;
    std::lock_guard lock(f->entry->mutex);
    for (int i = 0; i < SQLITE_SHM_NLOCK; ++i) {
        if (f->shmShared & (1u << i))
            --shm.shared[i];
        if (shm.exclusive[i] == f)
            shm.exclusive[i] = nullptr;
    }
    f->shmShared = f->shmExclusive = 0;
    if (!f->shmMapped)
        return SQLITE_OK;
    f->shmMapped = false;
    if (--shm.users == 0) { // the last connection: the wal-index is rebuilt from the WAL next time
        for (unsigned char *region : shm.regions) {
            sodium_memzero(region, std::size_t(shm.regionSize));
            std::free(region);
        }
        shm.regions.clear();
        shm.regionSize = 0;
    }
    return SQLITE_OK;
}

int xFetch(sqlite3_file *, sqlite3_int64, int, void **out)
{
    *out = nullptr; // no memory mapping: SQLite reads through xRead
    return SQLITE_OK;
}

int xUnfetch(sqlite3_file *, sqlite3_int64, void *)
{
    return SQLITE_OK;
}

int xClose(sqlite3_file *file)
{
    DatabaseFile *f = self(file);
    endCheckpointCopy(f->entry.get());
    if (f->shmMapped)
        xShmUnmap(file, 0);
    const int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    sodium_memzero(f->scratch.data(), f->scratch.size());
    f->~DatabaseFile();
    file->pMethods = nullptr;
    return rc;
}

const sqlite3_io_methods Methods = {3, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, shimLock,
    shimUnlock, shimCheckReservedLock, xFileControl, shimSectorSize, shimDeviceCharacteristics, xShmMap,
    xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch};

std::string baseName(const char *path)
{
    const char *slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

} // namespace

int openDatabaseFile(
    sqlite3_file *memory, sqlite3_file *real, std::shared_ptr<StoreEntry> entry, const char *name, int flags)
{
    auto *f = new (memory) DatabaseFile();
    f->real = real;
    f->entry = std::move(entry);
    f->name = baseName(name);
    f->scratch.resize(PageSize);
    const auto fail = [&](Problem problem, const std::string &what) {
        if (problem != Problem::None)
            f->entry->report(problem, what);
        real->pMethods->xClose(real);
        f->~DatabaseFile();
        return SQLITE_CANTOPEN;
    };
    const sqlite3_int64 size = realSize(real);
    if (size < 0)
        return fail(Problem::None, {});
    unsigned char header[HeaderSize] = {};
    if (size > 0 && readExactly(real, header, HeaderSize, 0, nullptr) != SQLITE_OK)
        return fail(Problem::None, {});
    const bool empty = size == 0
        || (size < DatabaseDataOffset
            && std::all_of(header, header + HeaderSize, [](unsigned char c) { return c == 0; }));
    std::shared_ptr<const FileCrypt> crypt;
    if (empty) {
        // A new store: its header (and so its salt) is written before anything else.
        if (flags & SQLITE_OPEN_READONLY)
            return fail(Problem::None, {});
        crypt = newFileCrypt(*f->entry->dataKey, FileKind::Database, nullptr);
        std::vector<unsigned char> first(DatabaseDataOffset, 0);
        const auto h = makeHeader(*f->entry->dataKey, FileKind::Database, *crypt);
        std::copy(h.begin(), h.end(), first.begin());
        if (real->pMethods->xWrite(real, first.data(), int(first.size()), 0) != SQLITE_OK)
            return fail(Problem::None, {});
    } else {
        switch (checkHeader(*f->entry->dataKey, FileKind::Database, nullptr, header, &crypt)) {
        case HeaderCheck::Ok:
            break;
        case HeaderCheck::PlainSqlite:
            return fail(Problem::NotEncrypted, f->name);
        case HeaderCheck::NotOurs:
            return fail(Problem::NotAStore, f->name);
        case HeaderCheck::WrongKey:
            return fail(Problem::WrongKey, f->name);
        case HeaderCheck::Damaged:
            return fail(Problem::Tampered, f->name + ": the file header failed its check");
        }
    }
    {
        std::lock_guard lock(f->entry->mutex);
        f->entry->database = crypt;
    }
    f->crypt = crypt;
    f->cipher = std::make_unique<PageCipher>(crypt->key);
    f->base.pMethods = &Methods;
    return SQLITE_OK;
}

} // namespace feltnotat::encryptedvfs
