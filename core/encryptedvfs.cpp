#include "encryptedvfs.h"

#include "logging.h"
#include "vfsinternal.h"

#include <QFile>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

namespace feltnotat::encryptedvfs {

namespace {

constexpr char Magic[8] = {'F', 'N', 'T', 'C', 'R', 'Y', 'P', 'T'};
constexpr char SqliteMagic[16] = "SQLite format 3";
constexpr const char *VfsName = "feltnotat-aead";

std::mutex g_registryMutex;
std::map<std::string, std::shared_ptr<StoreEntry>> g_registry;
sqlite3_vfs *g_underlying = nullptr;
sqlite3_vfs g_vfs;
std::atomic<int> g_memoryFiles {0};
std::atomic<unsigned char> g_walFormat {WalFormatSealedPages};

bool endsWith(const char *text, const char *suffix)
{
    const std::size_t n = std::strlen(text), m = std::strlen(suffix);
    return n >= m && std::memcmp(text + n - m, suffix, m) == 0;
}

int vfsOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags)
{
    file->pMethods = nullptr;
    const bool database = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const bool wal = (flags & SQLITE_OPEN_WAL) != 0;
    if (!name || (!database && !wal)) {
        // Journals, temporary databases, sorter and statement spill files: kept in memory, so they
        // never reach the disk. The store runs in WAL mode and never uses a rollback journal for
        // its data; only a brand-new or migrating file (discarded if interrupted) may create one.
        if (outFlags)
            *outFlags = flags;
        ++g_memoryFiles;
        return openMemoryFile(file);
    }
    auto entry = findEntry(database ? name : sqlite3_filename_database(name));
    if (!entry) {
        qCWarning(lcCore) << "encrypted VFS: no key bound for a file it was asked to open";
        return SQLITE_CANTOPEN;
    }
    auto *real = reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(file) + ShimFileSpace);
    real->pMethods = nullptr;
    if (int rc = g_underlying->xOpen(g_underlying, name, real, flags, outFlags); rc != SQLITE_OK) {
        if (real->pMethods)
            real->pMethods->xClose(real);
        return rc;
    }
    return database ? openDatabaseFile(file, real, std::move(entry), name, flags)
                    : openWalFile(file, real, std::move(entry), name, flags);
}

int vfsDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    if (endsWith(name, "-wal")) {
        const std::string database(name, std::strlen(name) - 4);
        if (auto entry = findEntry(database.c_str()))
            entry->setWalCrypt(nullptr);
    }
    const int rc = g_underlying->xDelete(g_underlying, name, syncDir);
    // Journals of this VFS live in memory: deleting one that never reached the disk is fine.
    return rc == SQLITE_IOERR_DELETE_NOENT ? SQLITE_OK : rc;
}

int vfsAccess(sqlite3_vfs *, const char *name, int flags, int *result)
{
    return g_underlying->xAccess(g_underlying, name, flags, result);
}

int vfsFullPathname(sqlite3_vfs *, const char *name, int size, char *out)
{
    return g_underlying->xFullPathname(g_underlying, name, size, out);
}

int vfsRandomness(sqlite3_vfs *, int size, char *out)
{
    randomBytes(reinterpret_cast<unsigned char *>(out), std::size_t(size));
    return size;
}

int vfsSleep(sqlite3_vfs *, int microseconds)
{
    return g_underlying->xSleep(g_underlying, microseconds);
}

int vfsCurrentTime(sqlite3_vfs *, double *out)
{
    return g_underlying->xCurrentTime(g_underlying, out);
}

int vfsGetLastError(sqlite3_vfs *, int size, char *out)
{
    return g_underlying->xGetLastError ? g_underlying->xGetLastError(g_underlying, size, out) : 0;
}

int vfsCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    return g_underlying->xCurrentTimeInt64(g_underlying, out);
}

void registerVfs()
{
    ensureSodium();
    g_underlying = sqlite3_vfs_find(nullptr);
    std::memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = int(ShimFileSpace) + g_underlying->szOsFile;
    g_vfs.mxPathname = g_underlying->mxPathname;
    g_vfs.zName = VfsName;
    g_vfs.xOpen = vfsOpen;
    g_vfs.xDelete = vfsDelete;
    g_vfs.xAccess = vfsAccess;
    g_vfs.xFullPathname = vfsFullPathname;
    g_vfs.xRandomness = vfsRandomness;
    g_vfs.xSleep = vfsSleep;
    g_vfs.xCurrentTime = vfsCurrentTime;
    g_vfs.xGetLastError = vfsGetLastError;
    g_vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    sqlite3_vfs_register(&g_vfs, 0);
}

std::string fullPathname(const QString &path)
{
    std::string out(std::size_t(g_underlying->mxPathname) + 1, '\0');
    const QByteArray utf8 = path.toUtf8();
    if (g_underlying->xFullPathname(g_underlying, utf8.constData(), int(out.size()), out.data()) != SQLITE_OK)
        return utf8.toStdString();
    out.resize(std::strlen(out.c_str()));
    return out;
}

} // namespace

const char *name()
{
    static std::once_flag once;
    std::call_once(once, registerVfs);
    return VfsName;
}

int memoryFilesOpened()
{
    return g_memoryFiles.load();
}

void setWalFormatForTests(int version)
{
    g_walFormat = version == 1 ? WalFormatSealedFrames : WalFormatSealedPages;
}

unsigned char walFormatForNewFiles()
{
    return g_walFormat.load();
}

CheckpointCopy &checkpointCopy()
{
    thread_local CheckpointCopy copy;
    return copy;
}

void endCheckpointCopy(const StoreEntry *entry)
{
    CheckpointCopy &copy = checkpointCopy();
    if (copy.entry == entry)
        copy = CheckpointCopy {};
}

void pageAssociatedData(unsigned char ad[8], std::uint32_t pageNumber)
{
    ad[0] = 'P';
    ad[1] = 1;
    ad[2] = ad[3] = 0;
    storeLe32(ad + 4, pageNumber);
}

sqlite3_vfs *underlyingVfs()
{
    return g_underlying;
}

int shimLock(sqlite3_file *file, int level)
{
    sqlite3_file *real = shimCast<ShimFile>(file)->real;
    return real->pMethods->xLock(real, level);
}

int shimUnlock(sqlite3_file *file, int level)
{
    sqlite3_file *real = shimCast<ShimFile>(file)->real;
    return real->pMethods->xUnlock(real, level);
}

int shimCheckReservedLock(sqlite3_file *file, int *out)
{
    sqlite3_file *real = shimCast<ShimFile>(file)->real;
    return real->pMethods->xCheckReservedLock(real, out);
}

int shimFileControl(sqlite3_file *file, int op, void *arg)
{
    switch (op) {
    case SQLITE_FCNTL_MMAP_SIZE: // memory mapping would hand SQLite the ciphertext
        *static_cast<sqlite3_int64 *>(arg) = 0;
        return SQLITE_OK;
    case SQLITE_FCNTL_SIZE_HINT: // sizes here are SQLite's, not the file's; growing early gains nothing
    case SQLITE_FCNTL_CHUNK_SIZE:
        return SQLITE_OK;
    default: {
        sqlite3_file *real = shimCast<ShimFile>(file)->real;
        return real->pMethods->xFileControl(real, op, arg);
    }
    }
}

int shimSectorSize(sqlite3_file *file)
{
    sqlite3_file *real = shimCast<ShimFile>(file)->real;
    return real->pMethods->xSectorSize(real);
}

int shimDeviceCharacteristics(sqlite3_file *file)
{
    sqlite3_file *real = shimCast<ShimFile>(file)->real;
    const int flags = real->pMethods->xDeviceCharacteristics(real);
    return flags & (SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL);
}

StoreEntry::~StoreEntry()
{
    for (unsigned char *region : shm.regions)
        std::free(region);
    if (lockFd >= 0)
        ::close(lockFd); // every connection to the file has closed by now, so no SQLite lock is lost
}

void StoreEntry::report(Problem p, const std::string &what)
{
    {
        std::lock_guard lock(mutex);
        if (problem == Problem::None || (problem != Problem::Tampered && p == Problem::Tampered)) {
            problem = p;
            detail = what;
        }
    }
    if (p == Problem::Tampered)
        qCWarning(lcCore) << "encrypted store: authentication failed:" << what.c_str();
}

std::shared_ptr<const FileCrypt> StoreEntry::walCrypt()
{
    std::lock_guard lock(mutex);
    return wal;
}

void StoreEntry::setWalCrypt(std::shared_ptr<const FileCrypt> crypt)
{
    std::lock_guard lock(mutex);
    wal = std::move(crypt);
}

std::shared_ptr<StoreEntry> findEntry(const char *databasePath)
{
    std::lock_guard lock(g_registryMutex);
    const auto it = g_registry.find(databasePath);
    return it == g_registry.end() ? nullptr : it->second;
}

void storeLe32(unsigned char *out, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out[i] = static_cast<unsigned char>(v >> (8 * i));
}

void storeLe64(unsigned char *out, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint32_t loadBe32(const unsigned char *in)
{
    return (std::uint32_t(in[0]) << 24) | (std::uint32_t(in[1]) << 16) | (std::uint32_t(in[2]) << 8) | in[3];
}

std::shared_ptr<const FileCrypt> newFileCrypt(const SecretKey &dataKey, FileKind kind,
    const FileCrypt *database, const std::array<unsigned char, SaltSize> *salt, unsigned char version)
{
    auto crypt = std::make_shared<FileCrypt>();
    crypt->version = version;
    if (salt)
        crypt->salt = *salt;
    else
        randomBytes(crypt->salt.data(), SaltSize);
    QByteArray context(reinterpret_cast<const char *>(crypt->salt.data()), SaltSize);
    if (database)
        context.append(reinterpret_cast<const char *>(database->salt.data()), SaltSize);
    crypt->key = dataKey.derive(
        kind == FileKind::Database ? "feltnotat database page key v1" : "feltnotat wal frame key v1",
        context);
    return crypt;
}

namespace {

// 16 bytes that name the data key without revealing anything about it: a wrong key and a damaged
// header can then be told apart.
void keyId(const SecretKey &dataKey, unsigned char *out)
{
    static const char label[] = "feltnotat key id v1";
    crypto_generichash(out, 16, reinterpret_cast<const unsigned char *>(label), sizeof label - 1,
        dataKey.data(), SecretKey::Size);
}

void headerCheck(
    const FileCrypt &crypt, const unsigned char *first32, const unsigned char *id, unsigned char *out)
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, crypt.key->data(), SecretKey::Size, 16);
    crypto_generichash_update(&state, first32, 32);
    crypto_generichash_update(&state, id, 16);
    crypto_generichash_final(&state, out, 16);
}

} // namespace

std::array<unsigned char, HeaderSize> makeHeader(
    const SecretKey &dataKey, FileKind kind, const FileCrypt &crypt)
{
    std::array<unsigned char, HeaderSize> h {};
    std::memcpy(h.data(), Magic, sizeof Magic);
    h[8] = static_cast<unsigned char>(kind);
    h[9] = crypt.version;
    storeLe32(h.data() + 12, PageSize);
    std::memcpy(h.data() + 16, crypt.salt.data(), SaltSize);
    keyId(dataKey, h.data() + 32);
    headerCheck(crypt, h.data(), h.data() + 32, h.data() + 48);
    return h;
}

HeaderCheck checkHeader(const SecretKey &dataKey, FileKind kind, const FileCrypt *database,
    const unsigned char *header, std::shared_ptr<const FileCrypt> *crypt)
{
    if (std::memcmp(header, SqliteMagic, sizeof SqliteMagic) == 0)
        return HeaderCheck::PlainSqlite;
    unsigned char expectedId[16];
    keyId(dataKey, expectedId);
    const bool sameKey = sodium_memcmp(expectedId, header + 32, 16) == 0;
    if (std::memcmp(header, Magic, sizeof Magic) != 0)
        return sameKey ? HeaderCheck::Damaged : HeaderCheck::NotOurs;
    unsigned char pageSize[4];
    storeLe32(pageSize, PageSize);
    const unsigned char version = header[9];
    const bool known = kind == FileKind::Database
        ? version == DatabaseFormat
        : version == WalFormatSealedFrames || version == WalFormatSealedPages;
    if (header[8] != static_cast<unsigned char>(kind) || !known || std::memcmp(header + 12, pageSize, 4) != 0)
        return sameKey ? HeaderCheck::Damaged : HeaderCheck::NotOurs;
    std::array<unsigned char, SaltSize> salt {};
    std::memcpy(salt.data(), header + 16, SaltSize);
    auto candidate = newFileCrypt(dataKey, kind, database, &salt, version);
    unsigned char check[16];
    headerCheck(*candidate, header, expectedId, check);
    if (sodium_memcmp(check, header + 48, 16) != 0)
        return sameKey ? HeaderCheck::Damaged : HeaderCheck::WrongKey;
    if (!sameKey)
        return HeaderCheck::Damaged; // only the key id was changed
    *crypt = std::move(candidate);
    return HeaderCheck::Ok;
}

int readExactly(sqlite3_file *real, void *buffer, int size, sqlite3_int64 offset, bool *shortRead)
{
    const int rc = real->pMethods->xRead(real, buffer, size, offset);
    if (shortRead)
        *shortRead = rc == SQLITE_IOERR_SHORT_READ;
    return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;
}

sqlite3_int64 realSize(sqlite3_file *real)
{
    sqlite3_int64 size = 0;
    return real->pMethods->xFileSize(real, &size) == SQLITE_OK ? size : -1;
}

Binding::Binding(QString path, std::shared_ptr<StoreEntry> entry)
    : m_path(std::move(path))
    , m_entry(std::move(entry))
{ }

Binding::~Binding()
{
    std::lock_guard lock(g_registryMutex);
    if (--m_entry->bindings == 0)
        g_registry.erase(m_entry->path);
}

Problem Binding::problem() const
{
    std::lock_guard lock(m_entry->mutex);
    return m_entry->problem;
}

QString Binding::problemText() const
{
    Problem p;
    QString detail;
    {
        std::lock_guard lock(m_entry->mutex);
        p = m_entry->problem;
        detail = QString::fromStdString(m_entry->detail);
    }
    switch (p) {
    case Problem::None:
        return {};
    case Problem::WrongKey:
        return QStringLiteral("wrong key: the store was encrypted with another key");
    case Problem::Tampered:
        return QStringLiteral("tampered: the encrypted store was changed outside Feltnotat or is damaged (")
            + detail + u')';
    case Problem::NotEncrypted:
        return QStringLiteral("the store is a plain database from an earlier version");
    case Problem::NotAStore:
        return QStringLiteral("not a Feltnotat store: ") + detail;
    case Problem::InUse:
        return QStringLiteral("the store is open in another program");
    case Problem::Unsupported:
        return QStringLiteral("internal error in the encrypted store: ") + detail;
    }
    return {};
}

Result<std::unique_ptr<Binding>> bind(const QString &path, std::shared_ptr<const SecretKey> key)
{
    name();
    if (!key)
        return makeError(ErrorCode::Internal, QStringLiteral("no key for the encrypted store"));
    const std::string full = fullPathname(path);
    std::lock_guard lock(g_registryMutex);
    if (auto it = g_registry.find(full); it != g_registry.end()) {
        if (!it->second->dataKey->equals(*key))
            return makeError(
                ErrorCode::Internal, QStringLiteral("the store is already open with another key"));
        ++it->second->bindings;
        return std::unique_ptr<Binding>(new Binding(path, it->second));
    }
    auto entry = std::make_shared<StoreEntry>();
    entry->path = full;
    entry->dataKey = std::move(key);
    // One process per store: the wal-index is in this process's memory. flock, not fcntl: SQLite's
    // own POSIX locks on the file are not affected by it.
    entry->lockFd = ::open(full.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (entry->lockFd < 0)
        return makeError(ErrorCode::Database,
            QStringLiteral("cannot open the store: ") + QString::fromLocal8Bit(std::strerror(errno)));
    if (::flock(entry->lockFd, LOCK_EX | LOCK_NB) != 0)
        return makeError(ErrorCode::Database,
            errno == EWOULDBLOCK ? QStringLiteral("the store is open in another Feltnotat program")
                                 : QStringLiteral("cannot lock the store"));
    entry->bindings = 1;
    g_registry.emplace(full, entry);
    return std::unique_ptr<Binding>(new Binding(path, std::move(entry)));
}

FileFormat probe(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return FileFormat::Missing;
    if (!file.open(QIODevice::ReadOnly))
        return FileFormat::Unknown;
    const QByteArray head = file.read(16);
    if (head.isEmpty())
        return FileFormat::Empty;
    if (head.size() == 16 && std::memcmp(head.constData(), SqliteMagic, 16) == 0)
        return FileFormat::PlainSqlite;
    if (head.size() >= 8 && std::memcmp(head.constData(), Magic, 8) == 0)
        return FileFormat::Encrypted;
    return head.count('\0') == head.size() ? FileFormat::Empty : FileFormat::Unknown;
}

} // namespace feltnotat::encryptedvfs
