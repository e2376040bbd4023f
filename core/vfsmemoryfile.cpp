// Journals and temporary files of an encrypted store, kept in memory so that they never reach the
// disk (encryptedvfs.h).

#include "vfsinternal.h"

#include <cstring>
#include <new>
#include <sodium.h>

namespace feltnotat::encryptedvfs {

namespace {

struct MemoryFile : ShimFile
{
    std::vector<unsigned char> data;
};
static_assert(sizeof(MemoryFile) <= ShimFileSpace);

MemoryFile *self(sqlite3_file *file)
{
    return shimCast<MemoryFile>(file);
}

int xClose(sqlite3_file *file)
{
    MemoryFile *f = self(file);
    sodium_memzero(f->data.data(), f->data.size());
    f->~MemoryFile();
    file->pMethods = nullptr;
    return SQLITE_OK;
}

int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
    const auto &data = self(file)->data;
    auto *out = static_cast<unsigned char *>(buffer);
    const sqlite3_int64 available = std::clamp<sqlite3_int64>(sqlite3_int64(data.size()) - offset, 0, amount);
    if (available > 0)
        std::memcpy(out, data.data() + offset, std::size_t(available));
    if (available == amount)
        return SQLITE_OK;
    std::memset(out + available, 0, std::size_t(amount - available));
    return SQLITE_IOERR_SHORT_READ;
}

int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
    auto &data = self(file)->data;
    const auto end = std::size_t(offset + amount);
    if (end > data.size()) {
        try {
            data.resize(end);
        } catch (const std::bad_alloc &) {
            return SQLITE_IOERR_NOMEM;
        }
    }
    std::memcpy(data.data() + offset, buffer, std::size_t(amount));
    return SQLITE_OK;
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    auto &data = self(file)->data;
    if (std::size_t(size) < data.size()) {
        sodium_memzero(data.data() + size, data.size() - std::size_t(size));
        data.resize(std::size_t(size));
    }
    return SQLITE_OK;
}

int xSync(sqlite3_file *, int)
{
    return SQLITE_OK;
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    *size = sqlite3_int64(self(file)->data.size());
    return SQLITE_OK;
}

int xLock(sqlite3_file *, int)
{
    return SQLITE_OK;
}

int xCheckReservedLock(sqlite3_file *, int *out)
{
    *out = 0;
    return SQLITE_OK;
}

int xFileControl(sqlite3_file *, int, void *)
{
    return SQLITE_NOTFOUND;
}

int xSectorSize(sqlite3_file *)
{
    return PageSize;
}

int xDeviceCharacteristics(sqlite3_file *)
{
    return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

const sqlite3_io_methods Methods
    = {1, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xLock, xCheckReservedLock, xFileControl,
        xSectorSize, xDeviceCharacteristics, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

} // namespace

int openMemoryFile(sqlite3_file *memory)
{
    auto *f = new (memory) MemoryFile();
    f->base.pMethods = &Methods;
    return SQLITE_OK;
}

} // namespace feltnotat::encryptedvfs
