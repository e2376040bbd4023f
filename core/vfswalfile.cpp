// The WAL of an encrypted store (encryptedvfs.h). Layout: the file header (64 bytes), SQLite's
// 32-byte WAL header sealed with its own nonce and tag, then the frames. SQLite writes a frame's
// header and its page in two calls; the header waits here for its page, so every frame is sealed
// and written once.
//
// Format 2 (new WALs): a frame is its 24-byte header sealed under the WAL's key (nonce, text, tag;
// the frame's number and the page's nonce and tag are its associated data), then the page sealed
// exactly as the database file seals it (the database file's key, the page number as associated
// data, nonce and tag in the page's reserved bytes). A checkpoint then copies the page into the
// database file as it is: the header is opened and the page's tag checked, nothing decrypted or
// sealed again (CheckpointCopy in vfsinternal.h). Swapping two frames' pages fails at the header.
//
// Format 1 (WALs written before 2026-12-07, still read and appended to until SQLite starts the WAL
// anew): each frame at SQLite's frame size, header and page sealed as one message under the frame's
// number, with the nonce and the tag in the page's reserved bytes.

#include "logging.h"
#include "vfsinternal.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <sodium.h>

namespace feltnotat::encryptedvfs {

namespace {

constexpr int SealedContent = PageSize - ReservedBytes;

struct WalFile : ShimFile
{
    std::shared_ptr<const FileCrypt> cipherCrypt; // the crypt `cipher` was made for
    std::unique_ptr<PageCipher> cipher;
    std::shared_ptr<const FileCrypt> pageCrypt; // the database file's, for format-2 pages
    std::unique_ptr<PageCipher> pageCipher;
    std::vector<unsigned char> frame; // one physical frame
    std::vector<unsigned char> content; // one page, for read-modify-write
    bool pending = false; // a frame header written by SQLite, waiting for its page
    sqlite3_int64 pendingFrame = 0;
    unsigned char pendingHeader[WalFrameHeaderSize] = {};
};
static_assert(sizeof(WalFile) <= ShimFileSpace);

WalFile *self(sqlite3_file *file)
{
    return shimCast<WalFile>(file);
}

PageCipher *cipherFor(WalFile *f, const std::shared_ptr<const FileCrypt> &crypt)
{
    if (f->cipherCrypt != crypt) {
        f->cipher = std::make_unique<PageCipher>(crypt->key);
        f->cipherCrypt = crypt;
    }
    return f->cipher.get();
}

// The database file's cipher, for the pages of a format-2 WAL; null before the database file opened.
PageCipher *pageCipherFor(WalFile *f)
{
    std::shared_ptr<const FileCrypt> database;
    {
        std::lock_guard lock(f->entry->mutex);
        database = f->entry->database;
    }
    if (!database)
        return nullptr;
    if (f->pageCrypt != database) {
        f->pageCipher = std::make_unique<PageCipher>(database->key);
        f->pageCrypt = database;
    }
    return f->pageCipher.get();
}

sqlite3_int64 physicalFrame(const FileCrypt &crypt, sqlite3_int64 index)
{
    return WalSealedHeaderEnd + index * walFrameSpan(crypt);
}

void frameAssociatedData(unsigned char ad[16], sqlite3_int64 index)
{
    std::memset(ad, 0, 16);
    ad[0] = 'W';
    ad[1] = 1;
    storeLe64(ad + 8, std::uint64_t(index));
}

// Format 2: a frame header's associated data: the frame's number and its page's nonce and tag.
constexpr int HeaderAdSize = 16 + ReservedBytes;
void frameHeaderAssociatedData(
    unsigned char ad[HeaderAdSize], sqlite3_int64 index, const unsigned char *pageReserved)
{
    std::memset(ad, 0, 16);
    ad[0] = 'F';
    ad[1] = 2;
    storeLe64(ad + 8, std::uint64_t(index));
    std::memcpy(ad + 16, pageReserved, ReservedBytes);
}

// Where the parts of a format-2 frame are, from its start.
constexpr int V2HeaderNonce = 0;
constexpr int V2HeaderText = int(PageCipher::NonceSize);
constexpr int V2HeaderTag = V2HeaderText + WalFrameHeaderSize;
constexpr int V2Page = WalSealedFrameHeaderSize;
static_assert(V2HeaderTag + int(PageCipher::TagSize) == V2Page);

const unsigned char HeaderAssociatedData[8] = {'H', 1, 0, 0, 0, 0, 0, 0};

int unsupported(WalFile *f, const std::string &what, int rc)
{
    f->entry->report(Problem::Unsupported, f->name + ": " + what);
    return rc;
}

int tampered(WalFile *f, const std::string &what)
{
    f->entry->report(Problem::Tampered, f->name + ": " + what);
    return SQLITE_IOERR_DATA;
}

enum class FrameRead { Ok, Missing, Failed, Error };

// Format 2: frame `index` read into f->frame as it is on disk and its header opened into `header`.
FrameRead readSealedFrame(
    WalFile *f, const std::shared_ptr<const FileCrypt> &crypt, sqlite3_int64 index, unsigned char *header)
{
    bool cut = false;
    if (readExactly(f->real, f->frame.data(), WalFrameSpanV2, physicalFrame(*crypt, index), &cut)
        != SQLITE_OK)
        return FrameRead::Error;
    if (cut)
        return FrameRead::Missing;
    const unsigned char *sealed = f->frame.data();
    unsigned char ad[HeaderAdSize];
    frameHeaderAssociatedData(ad, index, sealed + V2Page + SealedContent);
    const PageCipher::Part part {sealed + V2HeaderText, header, WalFrameHeaderSize};
    if (!cipherFor(f, crypt)->open(ad, {&part, 1}, sealed + V2HeaderNonce, sealed + V2HeaderTag))
        return FrameRead::Failed;
    return FrameRead::Ok;
}

// Frame `index` into header (24 bytes) and content (a page; the reserved bytes zeroed).
FrameRead readFrame(WalFile *f, const std::shared_ptr<const FileCrypt> &crypt, sqlite3_int64 index,
    unsigned char *header, unsigned char *content)
{
    if (crypt->version == WalFormatSealedPages) {
        if (const FrameRead r = readSealedFrame(f, crypt, index, header); r != FrameRead::Ok)
            return r;
        PageCipher *pages = pageCipherFor(f);
        const unsigned char *page = f->frame.data() + V2Page;
        unsigned char ad[8];
        pageAssociatedData(ad, loadBe32(header));
        const PageCipher::Part part {page, content, SealedContent};
        if (!pages
            || !pages->open(
                ad, {&part, 1}, page + SealedContent, page + SealedContent + PageCipher::NonceSize)) {
            sodium_memzero(header, WalFrameHeaderSize);
            return FrameRead::Failed;
        }
        std::memset(content + SealedContent, 0, ReservedBytes);
        return FrameRead::Ok;
    }
    bool cut = false;
    if (readExactly(f->real, f->frame.data(), WalFrameSize, physicalFrame(*crypt, index), &cut) != SQLITE_OK)
        return FrameRead::Error;
    if (cut)
        return FrameRead::Missing;
    unsigned char ad[16];
    frameAssociatedData(ad, index);
    const unsigned char *sealed = f->frame.data();
    const unsigned char *nonce = sealed + WalFrameHeaderSize + SealedContent;
    const PageCipher::Part parts[2]
        = {{sealed, header, WalFrameHeaderSize}, {sealed + WalFrameHeaderSize, content, SealedContent}};
    if (!cipherFor(f, crypt)->open(ad, parts, nonce, nonce + PageCipher::NonceSize))
        return FrameRead::Failed;
    std::memset(content + SealedContent, 0, ReservedBytes);
    return FrameRead::Ok;
}

// SQLite's WAL header, opened; false when it is missing (out zeroed) or on failure (rc set).
bool readWalHeader(WalFile *f, const std::shared_ptr<const FileCrypt> &crypt, unsigned char *out, int *rc)
{
    unsigned char sealed[WalSealedHeaderEnd - HeaderSize];
    bool cut = false;
    *rc = readExactly(f->real, sealed, int(sizeof sealed), HeaderSize, &cut);
    std::memset(out, 0, SqliteWalHeaderSize);
    if (*rc != SQLITE_OK || cut)
        return false;
    const unsigned char *nonce = sealed;
    const unsigned char *text = sealed + PageCipher::NonceSize;
    const PageCipher::Part part {text, out, SqliteWalHeaderSize};
    if (!cipherFor(f, crypt)->open(HeaderAssociatedData, {&part, 1}, nonce, text + SqliteWalHeaderSize)) {
        *rc = tampered(f, "the WAL header failed authentication");
        return false;
    }
    return true;
}

// A frame that fails authentication while SQLite rebuilds its index is the torn end of a write cut
// off by a kill (SQLite treats it as an invalid frame) unless an authentic frame of the same WAL
// generation that commits a transaction follows it: then committed data would be lost, so it is
// tampering.
bool tornTail(WalFile *f, const std::shared_ptr<const FileCrypt> &crypt, sqlite3_int64 index)
{
    unsigned char walHeader[SqliteWalHeaderSize];
    int rc = SQLITE_OK;
    if (!readWalHeader(f, crypt, walHeader, &rc))
        return false;
    const sqlite3_int64 size = realSize(f->real);
    const sqlite3_int64 frames
        = size < WalSealedHeaderEnd ? 0 : (size - WalSealedHeaderEnd) / walFrameSpan(*crypt);
    unsigned char header[WalFrameHeaderSize];
    std::vector<unsigned char> content(PageSize);
    for (sqlite3_int64 j = index + 1; j < frames; ++j) {
        if (readFrame(f, crypt, j, header, content.data()) == FrameRead::Ok && loadBe32(header + 4) != 0
            && std::memcmp(header + 8, walHeader + 16, 8) == 0) {
            sodium_memzero(content.data(), content.size());
            return false;
        }
    }
    sodium_memzero(content.data(), content.size());
    return true;
}

int sealFrame(WalFile *f, sqlite3_int64 index, const unsigned char *header, const unsigned char *content)
{
    auto crypt = f->entry->walCrypt();
    if (!crypt)
        return unsupported(f, "a frame before the WAL header", SQLITE_IOERR_WRITE);
    for (int i = SealedContent; i < PageSize; ++i) {
        if (content[i] != 0)
            return unsupported(f, "data in the reserved bytes of a page", SQLITE_IOERR_WRITE);
    }
    unsigned char *sealed = f->frame.data();
    if (crypt->version == WalFormatSealedPages) {
        // The page as the database file would hold it, then the header bound to it.
        PageCipher *pages = pageCipherFor(f);
        unsigned char *page = sealed + V2Page;
        unsigned char pageAd[8];
        pageAssociatedData(pageAd, loadBe32(header));
        const PageCipher::Part pagePart {content, page, SealedContent};
        if (!pages
            || !pages->seal(
                pageAd, {&pagePart, 1}, page + SealedContent, page + SealedContent + PageCipher::NonceSize))
            return unsupported(f, "encryption failed", SQLITE_IOERR_WRITE);
        unsigned char ad[HeaderAdSize];
        frameHeaderAssociatedData(ad, index, page + SealedContent);
        const PageCipher::Part part {header, sealed + V2HeaderText, WalFrameHeaderSize};
        if (!cipherFor(f, crypt)->seal(ad, {&part, 1}, sealed + V2HeaderNonce, sealed + V2HeaderTag))
            return unsupported(f, "encryption failed", SQLITE_IOERR_WRITE);
        return f->real->pMethods->xWrite(f->real, sealed, WalFrameSpanV2, physicalFrame(*crypt, index));
    }
    unsigned char ad[16];
    frameAssociatedData(ad, index);
    unsigned char *nonce = sealed + WalFrameHeaderSize + SealedContent;
    const PageCipher::Part parts[2]
        = {{header, sealed, WalFrameHeaderSize}, {content, sealed + WalFrameHeaderSize, SealedContent}};
    if (!cipherFor(f, crypt)->seal(ad, parts, nonce, nonce + PageCipher::NonceSize))
        return unsupported(f, "encryption failed", SQLITE_IOERR_WRITE);
    return f->real->pMethods->xWrite(f->real, sealed, WalFrameSize, physicalFrame(*crypt, index));
}

enum class Handover { Done, NotHere, Failed, Error };

// A checkpoint's read of frame `index`'s page into `out` (format 2): the page handed over sealed,
// as the database file holds pages, after its header opened and its tag checked; the database
// file's next write takes exactly this buffer (CheckpointCopy). Page 1 goes the ordinary way (the
// database file checks its page size and reserved space in the clear).
Handover handOverSealedPage(
    WalFile *f, const std::shared_ptr<const FileCrypt> &crypt, sqlite3_int64 index, unsigned char *out)
{
    unsigned char header[WalFrameHeaderSize];
    switch (readSealedFrame(f, crypt, index, header)) {
    case FrameRead::Ok:
        break;
    case FrameRead::Missing:
        return Handover::NotHere;
    case FrameRead::Failed:
        return Handover::Failed;
    case FrameRead::Error:
        return Handover::Error;
    }
    const std::uint32_t pageNumber = loadBe32(header);
    sodium_memzero(header, sizeof header);
    if (pageNumber <= 1)
        return Handover::NotHere;
    PageCipher *pages = pageCipherFor(f);
    const unsigned char *page = f->frame.data() + V2Page;
    unsigned char ad[8];
    pageAssociatedData(ad, pageNumber);
    if (!pages
        || !pages->verify(ad, {page, std::size_t(SealedContent)}, page + SealedContent,
            page + SealedContent + PageCipher::NonceSize))
        return Handover::Failed;
    std::memcpy(out, page, PageSize);
    CheckpointCopy &copy = checkpointCopy();
    copy.handed = out;
    copy.pageNumber = pageNumber;
    std::memcpy(copy.reserved.data(), page + SealedContent, ReservedBytes);
    return Handover::Done;
}

// A frame header whose page is not coming (SQLite rewriting checksums): reseal the frame with it.
int flushPending(WalFile *f)
{
    if (!f->pending)
        return SQLITE_OK;
    f->pending = false;
    auto crypt = f->entry->walCrypt();
    unsigned char old[WalFrameHeaderSize];
    if (!crypt || readFrame(f, crypt, f->pendingFrame, old, f->content.data()) != FrameRead::Ok)
        return tampered(f, "frame " + std::to_string(f->pendingFrame + 1) + " failed authentication");
    const int rc = sealFrame(f, f->pendingFrame, f->pendingHeader, f->content.data());
    sodium_memzero(f->content.data(), f->content.size());
    return rc;
}

int writeWalHeader(WalFile *f, const unsigned char *header)
{
    auto crypt = f->entry->walCrypt();
    // SQLite writes the WAL header when it starts the WAL anew, with every frame copied into the
    // database file and no reader left on the WAL: a WAL of the old format becomes one of the new
    // (a new salt and so a new key: frames left behind from before no longer authenticate).
    if (!crypt || realSize(f->real) < HeaderSize || crypt->version != walFormatForNewFiles()) {
        std::shared_ptr<const FileCrypt> database;
        {
            std::lock_guard lock(f->entry->mutex);
            database = f->entry->database;
        }
        crypt = newFileCrypt(
            *f->entry->dataKey, FileKind::Wal, database.get(), nullptr, walFormatForNewFiles());
        f->entry->setWalCrypt(crypt);
    }
    unsigned char out[WalSealedHeaderEnd];
    const auto fileHeader = makeHeader(*f->entry->dataKey, FileKind::Wal, *crypt);
    std::memcpy(out, fileHeader.data(), HeaderSize);
    unsigned char *nonce = out + HeaderSize;
    unsigned char *text = nonce + PageCipher::NonceSize;
    const PageCipher::Part part {header, text, SqliteWalHeaderSize};
    if (!cipherFor(f, crypt)->seal(HeaderAssociatedData, {&part, 1}, nonce, text + SqliteWalHeaderSize))
        return unsupported(f, "encryption failed", SQLITE_IOERR_WRITE);
    return f->real->pMethods->xWrite(f->real, out, int(sizeof out), 0);
}

int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
    WalFile *f = self(file);
    auto *out = static_cast<unsigned char *>(buffer);
    if (int rc = flushPending(f); rc != SQLITE_OK)
        return rc;
    auto crypt = f->entry->walCrypt();
    CheckpointCopy &copy = checkpointCopy();
    if (copy.entry == f->entry.get()) {
        const sqlite3_int64 index = (offset - SqliteWalHeaderSize) / WalFrameSize;
        const bool page = offset >= SqliteWalHeaderSize && amount == PageSize
            && (offset - SqliteWalHeaderSize) % WalFrameSize == WalFrameHeaderSize;
        if (copy.handed || !page || !crypt || crypt->version != WalFormatSealedPages) {
            // Not a checkpoint's page read, or one whose page was never written: no more sealed pages.
            endCheckpointCopy(f->entry.get());
        } else {
            switch (handOverSealedPage(f, crypt, index, out)) {
            case Handover::Done:
                return SQLITE_OK;
            case Handover::NotHere:
                break; // read the ordinary way below (page 1): the database file seals it again
            case Handover::Failed:
                endCheckpointCopy(f->entry.get());
                return tampered(f, "frame " + std::to_string(index + 1) + " failed authentication");
            case Handover::Error:
                endCheckpointCopy(f->entry.get());
                return SQLITE_IOERR_READ;
            }
        }
    }
    if (!crypt) {
        std::memset(out, 0, std::size_t(amount));
        return SQLITE_IOERR_SHORT_READ;
    }
    if (offset < SqliteWalHeaderSize) {
        if (offset + amount > SqliteWalHeaderSize)
            return unsupported(f, "a read across the WAL header", SQLITE_IOERR_READ);
        unsigned char header[SqliteWalHeaderSize];
        int rc = SQLITE_OK;
        const bool found = readWalHeader(f, crypt, header, &rc);
        std::memcpy(out, header + offset, std::size_t(amount));
        return found ? SQLITE_OK : rc != SQLITE_OK ? rc : SQLITE_IOERR_SHORT_READ;
    }
    int result = SQLITE_OK;
    unsigned char header[WalFrameHeaderSize];
    while (amount > 0) {
        const sqlite3_int64 index = (offset - SqliteWalHeaderSize) / WalFrameSize;
        const int within = int((offset - SqliteWalHeaderSize) % WalFrameSize);
        const int n = std::min(amount, WalFrameSize - within);
        const bool wholeFrame = within == 0 && n == WalFrameSize;
        const bool wholePage = within == WalFrameHeaderSize && n == PageSize;
        // Whole frames and whole pages go straight to SQLite's buffer; other parts via a copy.
        unsigned char *content = wholeFrame ? out + WalFrameHeaderSize : wholePage ? out : f->content.data();
        unsigned char *frameHeader = wholeFrame ? out : header;
        switch (readFrame(f, crypt, index, frameHeader, content)) {
        case FrameRead::Ok:
            if (!wholeFrame && !wholePage) {
                const int inHeader = std::clamp(WalFrameHeaderSize - within, 0, n);
                std::memcpy(out, frameHeader + std::min(within, WalFrameHeaderSize), std::size_t(inHeader));
                std::memcpy(out + inHeader, content + (within + inHeader - WalFrameHeaderSize),
                    std::size_t(n - inHeader));
            }
            break;
        case FrameRead::Missing:
            std::memset(out, 0, std::size_t(n));
            result = SQLITE_IOERR_SHORT_READ;
            break;
        case FrameRead::Failed:
            if (!wholeFrame || !tornTail(f, crypt, index))
                return tampered(f, "frame " + std::to_string(index + 1) + " failed authentication");
            std::memset(out, 0, std::size_t(n)); // page number 0: SQLite sees an invalid frame
            break;
        case FrameRead::Error:
            return SQLITE_IOERR_READ;
        }
        out += n;
        offset += n;
        amount -= n;
    }
    sodium_memzero(f->content.data(), f->content.size());
    return result;
}

int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
    WalFile *f = self(file);
    endCheckpointCopy(f->entry.get());
    const auto *in = static_cast<const unsigned char *>(buffer);
    if (offset == 0 && amount == SqliteWalHeaderSize) {
        if (int rc = flushPending(f); rc != SQLITE_OK)
            return rc;
        return writeWalHeader(f, in);
    }
    if (offset < SqliteWalHeaderSize)
        return unsupported(f, "a write of part of the WAL header", SQLITE_IOERR_WRITE);
    const sqlite3_int64 index = (offset - SqliteWalHeaderSize) / WalFrameSize;
    const int within = int((offset - SqliteWalHeaderSize) % WalFrameSize);
    if (within == 0 && amount == WalFrameHeaderSize) {
        if (f->pending && f->pendingFrame != index) {
            if (int rc = flushPending(f); rc != SQLITE_OK)
                return rc;
        }
        f->pending = true;
        f->pendingFrame = index;
        std::memcpy(f->pendingHeader, in, WalFrameHeaderSize);
        return SQLITE_OK;
    }
    if (within == 0 && amount == WalFrameSize) {
        if (int rc = flushPending(f); rc != SQLITE_OK)
            return rc;
        return sealFrame(f, index, in, in + WalFrameHeaderSize);
    }
    if (within != WalFrameHeaderSize || amount != PageSize)
        return unsupported(f, "a write of part of a frame", SQLITE_IOERR_WRITE);
    if (f->pending && f->pendingFrame == index) {
        f->pending = false;
        return sealFrame(f, index, f->pendingHeader, in);
    }
    if (int rc = flushPending(f); rc != SQLITE_OK)
        return rc;
    // A page written again within one transaction: its frame header is already in the file.
    auto crypt = f->entry->walCrypt();
    unsigned char header[WalFrameHeaderSize];
    if (!crypt || readFrame(f, crypt, index, header, f->content.data()) != FrameRead::Ok)
        return tampered(f, "frame " + std::to_string(index + 1) + " failed authentication");
    sodium_memzero(f->content.data(), f->content.size());
    return sealFrame(f, index, header, in);
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    WalFile *f = self(file);
    endCheckpointCopy(f->entry.get());
    if (int rc = flushPending(f); rc != SQLITE_OK)
        return rc;
    if (size == 0) {
        f->entry->setWalCrypt(nullptr); // a new WAL gets a new salt
        return f->real->pMethods->xTruncate(f->real, 0);
    }
    // SQLite's offset to the file's: whole frames at the file's frame span, a part as it is.
    auto crypt = f->entry->walCrypt();
    const sqlite3_int64 bytes = std::max<sqlite3_int64>(size - SqliteWalHeaderSize, 0);
    const sqlite3_int64 span = crypt ? walFrameSpan(*crypt) : WalFrameSize;
    return f->real->pMethods->xTruncate(
        f->real, WalSealedHeaderEnd + bytes / WalFrameSize * span + bytes % WalFrameSize);
}

int xSync(sqlite3_file *file, int flags)
{
    WalFile *f = self(file);
    if (int rc = flushPending(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xSync(f->real, flags);
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    WalFile *f = self(file);
    const sqlite3_int64 physical = realSize(f->real);
    if (physical < 0)
        return SQLITE_IOERR_FSTAT;
    if (physical < WalSealedHeaderEnd) {
        *size = 0;
        return SQLITE_OK;
    }
    // The file's size in SQLite's offsets: whole frames at SQLite's frame size; a frame cut short
    // stays shorter than a frame, so SQLite does not count it.
    auto crypt = f->entry->walCrypt();
    const sqlite3_int64 span = crypt ? walFrameSpan(*crypt) : WalFrameSize;
    const sqlite3_int64 bytes = physical - WalSealedHeaderEnd;
    *size = SqliteWalHeaderSize + bytes / span * WalFrameSize
        + std::min<sqlite3_int64>(bytes % span, WalFrameSize - 1);
    return SQLITE_OK;
}

int xClose(sqlite3_file *file)
{
    WalFile *f = self(file);
    int rc = flushPending(f);
    const int closed = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    f->~WalFile();
    file->pMethods = nullptr;
    return rc != SQLITE_OK ? rc : closed;
}

const sqlite3_io_methods Methods = {1, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, shimLock,
    shimUnlock, shimCheckReservedLock, shimFileControl, shimSectorSize, shimDeviceCharacteristics, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr};

} // namespace

int openWalFile(
    sqlite3_file *memory, sqlite3_file *real, std::shared_ptr<StoreEntry> entry, const char *name, int)
{
    auto *f = new (memory) WalFile();
    f->real = real;
    f->entry = std::move(entry);
    const char *slash = std::strrchr(name, '/');
    f->name = slash ? slash + 1 : name;
    f->frame.resize(WalFrameSpanV2);
    f->content.resize(PageSize);
    const sqlite3_int64 size = realSize(real);
    int rc = size < 0 ? SQLITE_IOERR_FSTAT : SQLITE_OK;
    if (rc == SQLITE_OK && size > 0 && size < HeaderSize) {
        rc = real->pMethods->xTruncate(real, 0); // a header cut short when the file was made: no data
    } else if (rc == SQLITE_OK && size >= HeaderSize) {
        unsigned char header[HeaderSize];
        std::shared_ptr<const FileCrypt> database, crypt;
        {
            std::lock_guard lock(f->entry->mutex);
            database = f->entry->database;
        }
        rc = readExactly(real, header, HeaderSize, 0, nullptr);
        if (rc == SQLITE_OK) {
            const HeaderCheck check
                = checkHeader(*f->entry->dataKey, FileKind::Wal, database.get(), header, &crypt);
            if (check == HeaderCheck::Ok)
                f->entry->setWalCrypt(crypt);
            else
                rc = tampered(f,
                    check == HeaderCheck::PlainSqlite || check == HeaderCheck::NotOurs
                        ? std::string("not an encrypted WAL")
                        : std::string("the WAL belongs to another database or was altered"));
        }
    }
    if (rc != SQLITE_OK) {
        real->pMethods->xClose(real);
        f->~WalFile();
        return rc == SQLITE_IOERR_DATA ? SQLITE_CANTOPEN : rc;
    }
    f->base.pMethods = &Methods;
    return SQLITE_OK;
}

} // namespace feltnotat::encryptedvfs
