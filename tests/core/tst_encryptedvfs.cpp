#include "core/checkpointer.h"
#include "core/database.h"
#include "core/encryptedvfs.h"
#include "core/pagecipher.h"
#include "support/leakscan.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

using namespace feltnotat;

// The encrypting VFS: what reaches the disk, what a wrong key, a flipped byte and a cut-off WAL do.
class TestEncryptedVfs : public QObject
{
    Q_OBJECT

private:
    static constexpr int PageSize = encryptedvfs::PageSize;
    static constexpr int SqliteFrame = 24 + PageSize;
    static constexpr int WalFrameV1 = SqliteFrame; // header and page sealed as one
    static constexpr int WalFrame = 64 + PageSize; // format 2: the header sealed (nonce, text, tag), the page
    static constexpr int WalFramesStart = 136; // file header, sealed WAL header
    static int walFrame(int format) { return format == 1 ? WalFrameV1 : WalFrame; }

    static int walFormat(const QString &walPath)
    {
        QFile f(walPath);
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray head = f.read(16);
        return head.size() == 16 ? int(head.at(9)) : -1;
    }

    static QByteArray readAt(const QString &path, qint64 offset, qint64 size)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
            return {};
        return f.read(size);
    }

    // No checkpoint until the connection closes (SQLite's hook replaces the background one's).
    std::unique_ptr<Database> openWithoutCheckpoints(const QString &path)
    {
        auto db = open(path, m_key);
        if (!db)
            return nullptr;
        db->checkpointer()->waitIdle();
        return db->exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")) ? std::move(db) : nullptr;
    }

    static QStringList newMarkers(int n)
    {
        QStringList markers;
        for (int i = 0; i < n; ++i)
            markers << leakscan::newMarker();
        return markers;
    }

    // Opened again: every row there, the database whole, and no marker readable in the folder.
    void readsBackSealed(const QString &path, const QStringList &markers)
    {
        auto db = open(path, m_key);
        QVERIFY(db);
        QCOMPARE(notes(*db), markers);
        QVERIFY(db->integrityCheck());
        QCOMPARE(leakscan::findMarkers(QFileInfo(path).absolutePath(), markers), QStringList());
    }

    static void writeAt(const QString &path, qint64 offset, const QByteArray &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(offset));
        QCOMPARE(f.write(bytes), bytes.size());
    }

    std::shared_ptr<SecretKey> m_key = SecretKey::random();

    static std::unique_ptr<Database> open(const QString &path, std::shared_ptr<const SecretKey> key)
    {
        auto db = Database::open(path, Database::Durability::Normal, std::move(key));
        if (!db) {
            qWarning() << db.errorString();
            return nullptr;
        }
        return std::move(db).value();
    }

    // Rows with the markers as text; `perCommit` rows per transaction.
    static bool writeMarkers(Database &db, const QStringList &markers, int perCommit = 1)
    {
        if (!db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, note TEXT)")))
            return false;
        for (qsizetype i = 0; i < markers.size(); i += perCommit) {
            Transaction txn(db);
            for (qsizetype j = i; j < std::min(markers.size(), i + perCommit); ++j) {
                if (!db.query(QStringLiteral("INSERT INTO notes(note) VALUES (?)"))
                         .bind(1, markers.at(j) + QString(300, u'·'))
                         .exec())
                    return false;
            }
            if (!txn.commit())
                return false;
        }
        return true;
    }

    static QStringList notes(Database &db)
    {
        QStringList out;
        Query q = db.query(QStringLiteral("SELECT note FROM notes ORDER BY id"));
        while (q.next())
            out << q.text(0).section(u'·', 0, 0);
        return out;
    }

    // Reads every row; the error of the first failure (none: ErrorCode::None).
    static Error readAll(const QString &path, std::shared_ptr<const SecretKey> key)
    {
        auto db = Database::open(path, Database::Durability::Normal, std::move(key));
        if (!db)
            return db.error();
        Query q = (*db)->query(QStringLiteral("SELECT * FROM notes"));
        while (q.next()) { }
        if (!q.ok())
            return q.error();
        if (Status s = (*db)->integrityCheck(); !s)
            return s.error();
        return Error {ErrorCode::None, {}, {}};
    }

    // Closes without the final checkpoint, so the WAL stays as a killed process leaves it.
    static void keepWalOnClose(Database &db)
    {
        sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    }

    static void flipByte(const QString &path, qint64 offset)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(offset));
        char c = 0;
        QVERIFY(f.getChar(&c));
        QVERIFY(f.seek(offset));
        QVERIFY(f.putChar(char(c ^ 0x20)));
    }

    static void copyFolder(const QString &from, const QString &to)
    {
        QDir().mkpath(to);
        for (const QString &name : QDir(from).entryList(QDir::Files)) {
            QFile::remove(to + u'/' + name);
            QVERIFY(QFile::copy(from + u'/' + name, to + u'/' + name));
            QFile::setPermissions(to + u'/' + name, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }

private Q_SLOTS:
    void cleanup() { encryptedvfs::setWalFormatForTests(2); }

    void cipherVerifyAgreesWithOpen()
    {
        // The checkpoint's tag check (Poly1305 alone) accepts exactly what open() accepts.
        PageCipher cipher(m_key);
        QByteArray text(4056, Qt::Uninitialized);
        QByteArray sealed(text.size(), Qt::Uninitialized);
        QByteArray opened(text.size(), Qt::Uninitialized);
        for (std::uint32_t page = 2; page < 30; ++page) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(text.data()), text.size() / 4);
            const unsigned char ad[8] = {'P', 1, 0, 0, static_cast<unsigned char>(page), 0, 0, 0};
            unsigned char nonce[24], tag[16];
            auto *out = reinterpret_cast<unsigned char *>(sealed.data());
            const PageCipher::Part part {
                reinterpret_cast<const unsigned char *>(text.constData()), out, std::size_t(text.size())};
            QVERIFY(cipher.seal(ad, {&part, 1}, nonce, tag));
            const std::span<const unsigned char> bytes(out, std::size_t(sealed.size()));
            QVERIFY(cipher.verify(ad, bytes, nonce, tag));
            const unsigned char otherAd[8] = {'P', 1, 0, 0, static_cast<unsigned char>(page + 1), 0, 0, 0};
            QVERIFY(!cipher.verify(otherAd, bytes, nonce, tag));
            const int at = QRandomGenerator::global()->bounded(int(sealed.size()));
            sealed[at] = char(sealed[at] ^ 0x01);
            QVERIFY(!cipher.verify(ad, bytes, nonce, tag));
            sealed[at] = char(sealed[at] ^ 0x01);
            nonce[page % 24] ^= 0x80;
            QVERIFY(!cipher.verify(ad, bytes, nonce, tag));
            nonce[page % 24] ^= 0x80;
            tag[page % 16] ^= 0x04;
            QVERIFY(!cipher.verify(ad, bytes, nonce, tag));
            tag[page % 16] ^= 0x04;
            const PageCipher::Part back {out, reinterpret_cast<unsigned char *>(opened.data()), part.size};
            QVERIFY(cipher.open(ad, {&back, 1}, nonce, tag));
            QCOMPARE(opened, text);
        }
    }

    void cipherIsXChaCha20Poly1305()
    {
        // Byte for byte what libsodium's reference makes, for a message given in two parts.
        PageCipher cipher(m_key);
        QByteArray text(4080, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(text.data()), text.size() / 4);
        const unsigned char ad[8] = {'P', 1, 0, 0, 7, 0, 0, 0};
        QByteArray sealed(text.size(), Qt::Uninitialized);
        unsigned char nonce[24], tag[16];
        const auto *in = reinterpret_cast<const unsigned char *>(text.constData());
        auto *out = reinterpret_cast<unsigned char *>(sealed.data());
        const PageCipher::Part parts[2] = {{in, out, 24}, {in + 24, out + 24, std::size_t(text.size() - 24)}};
        QVERIFY(cipher.seal(ad, parts, nonce, tag));
        QByteArray reference(text.size(), Qt::Uninitialized);
        unsigned char referenceTag[16];
        unsigned long long tagSize = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
            reinterpret_cast<unsigned char *>(reference.data()), referenceTag, &tagSize, in,
            std::size_t(text.size()), ad, sizeof ad, nullptr, nonce, m_key->data());
        QCOMPARE(sealed, reference);
        QCOMPARE(QByteArray(reinterpret_cast<char *>(tag), 16),
            QByteArray(reinterpret_cast<char *>(referenceTag), 16));

        // Opened again; a changed byte or nonce fails and hands out nothing.
        QByteArray opened(text.size(), 'x');
        const PageCipher::Part back {
            out, reinterpret_cast<unsigned char *>(opened.data()), std::size_t(text.size())};
        QVERIFY(cipher.open(ad, {&back, 1}, nonce, tag));
        QCOMPARE(opened, text);
        sealed[100] = char(sealed[100] ^ 1);
        QVERIFY(!cipher.open(ad, {&back, 1}, nonce, tag));
        QCOMPARE(opened, QByteArray(text.size(), '\0'));
        // A second seal of the same text picks another nonce.
        unsigned char nonce2[24], tag2[16];
        QVERIFY(cipher.seal(ad, parts, nonce2, tag2));
        QVERIFY(std::memcmp(nonce, nonce2, 24) != 0);
    }

    void cipherReusedForManyPagesStaysExact()
    {
        // One object seals and opens page after page (it re-keys one OpenSSL context): every
        // result is still libsodium's, and a failed open leaves nothing behind for the next one.
        PageCipher cipher(m_key);
        QByteArray text(4056, Qt::Uninitialized);
        QByteArray sealed(text.size(), Qt::Uninitialized), reference(text.size(), Qt::Uninitialized);
        QByteArray opened(text.size(), Qt::Uninitialized);
        const auto *in = reinterpret_cast<const unsigned char *>(text.constData());
        auto *out = reinterpret_cast<unsigned char *>(sealed.data());
        for (std::uint32_t page = 1; page <= 40; ++page) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(text.data()), text.size() / 4);
            const unsigned char ad[8] = {'P', 1, 0, 0, static_cast<unsigned char>(page), 0, 0, 0};
            unsigned char nonce[24], tag[16], referenceTag[16];
            const PageCipher::Part part {in, out, std::size_t(text.size())};
            QVERIFY(cipher.seal(ad, {&part, 1}, nonce, tag));
            crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
                reinterpret_cast<unsigned char *>(reference.data()), referenceTag, nullptr, in,
                std::size_t(text.size()), ad, sizeof ad, nullptr, nonce, m_key->data());
            QCOMPARE(sealed, reference);
            QCOMPARE(std::memcmp(tag, referenceTag, 16), 0);
            const PageCipher::Part back {out, reinterpret_cast<unsigned char *>(opened.data()), part.size};
            if (page % 3 == 0) { // another page number, then a changed byte: both refused
                const unsigned char otherAd[8]
                    = {'P', 1, 0, 0, static_cast<unsigned char>(page + 1), 0, 0, 0};
                QVERIFY(!cipher.open(otherAd, {&back, 1}, nonce, tag));
                sealed[int(page) * 7] = char(sealed[int(page) * 7] ^ 0x20);
                QVERIFY(!cipher.open(ad, {&back, 1}, nonce, tag));
                QCOMPARE(opened, QByteArray(text.size(), '\0'));
                sealed[int(page) * 7] = char(sealed[int(page) * 7] ^ 0x20);
            }
            QVERIFY(cipher.open(ad, {&back, 1}, nonce, tag));
            QCOMPARE(opened, text);
        }
    }

    void nothingReadableReachesTheDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QStringList markers = newMarkers(300);
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            QVERIFY(writeMarkers(*db, markers, 7));
            // While open: database and WAL.
            QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
            QCOMPARE(leakscan::findMarkers(dir.path(), markers), QStringList());
            QVERIFY(!QFile::exists(path + QStringLiteral("-shm"))); // the wal-index is in memory
        }
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QCOMPARE(leakscan::findMarkers(dir.path(), markers), QStringList());
        QCOMPARE(encryptedvfs::probe(path), encryptedvfs::FileFormat::Encrypted);
        auto db = open(path, m_key);
        QVERIFY(db);
        QCOMPARE(notes(*db), markers);
        QVERIFY(db->integrityCheck());

        // The scan itself finds a marker in a plain database.
        QTemporaryDir plainDir;
        auto plain = Database::open(plainDir.filePath(QStringLiteral("plain.db")));
        QVERIFY(plain);
        QVERIFY(writeMarkers(**plain, markers.mid(0, 3)));
        QVERIFY(!leakscan::findMarkers(plainDir.path(), markers).isEmpty());
    }

    void uncheckpointedWalIsEncryptedAndRecovered()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QStringList markers = newMarkers(40);
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            keepWalOnClose(*db);
            QVERIFY(writeMarkers(*db, markers));
        }
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 40 * WalFrame);
        QCOMPARE(leakscan::findMarkers(dir.path(), markers), QStringList());
        auto db = open(path, m_key);
        QVERIFY(db);
        QCOMPARE(notes(*db), markers); // rebuilt from the encrypted WAL
    }

    void wrongKeyIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            QVERIFY(writeMarkers(*db, {QStringLiteral("x")}));
        }
        auto other = Database::open(path, Database::Durability::Normal, SecretKey::random());
        QVERIFY(!other);
        QCOMPARE(other.error().code, ErrorCode::Locked);
        QVERIFY2(other.error().message.contains(u"wrong key"), qPrintable(other.error().message));
        // Nor can it be read as a plain file.
        auto plain = Database::open(path);
        QVERIFY(!plain || !(*plain)->query(QStringLiteral("SELECT * FROM notes")).next());
        QCOMPARE(readAll(path, m_key).code, ErrorCode::None);
    }

    void plainDatabaseIsNotOpenedAsEncrypted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.db"));
        {
            auto db = Database::open(path);
            QVERIFY(db);
            QVERIFY(writeMarkers(**db, {QStringLiteral("x")}));
        }
        QCOMPARE(encryptedvfs::probe(path), encryptedvfs::FileFormat::PlainSqlite);
        auto db = Database::open(path, Database::Durability::Normal, m_key);
        QVERIFY(!db);
        QVERIFY2(db.error().message.contains(u"plain database"), qPrintable(db.error().message));
    }

    void flippedByteInAnyPageIsTampering()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("original"));
        QDir().mkpath(original);
        {
            auto db = open(original + QStringLiteral("/store.db"), m_key);
            QVERIFY(db);
            const QStringList markers = newMarkers(60);
            QVERIFY(writeMarkers(*db, markers, 10));
        }
        const qint64 size = QFileInfo(original + QStringLiteral("/store.db")).size();
        QVERIFY(size >= 6 * PageSize);
        const QString copy = dir.filePath(QStringLiteral("copy"));
        for (qint64 page = 0; page < size / PageSize; ++page) {
            // The header page's 64 bytes, then any byte of each page (data, nonce or tag).
            const qint64 within = page == 0 ? QRandomGenerator::global()->bounded(64)
                                            : QRandomGenerator::global()->bounded(PageSize);
            copyFolder(original, copy);
            flipByte(copy + QStringLiteral("/store.db"), page * PageSize + within);
            const Error e = readAll(copy + QStringLiteral("/store.db"), m_key);
            QVERIFY2(e.code == ErrorCode::Tampered,
                qPrintable(QStringLiteral("page %1 byte %2: %3").arg(page).arg(within).arg(e.message)));
            QVERIFY2(e.message.contains(u"tampered"), qPrintable(e.message));
        }
        QCOMPARE(readAll(original + QStringLiteral("/store.db"), m_key).code, ErrorCode::None);
    }

    void flippedByteInTheWalIsTampering_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("format 2 (pages sealed as in the database file)") << 2;
        QTest::newRow("format 1 (a WAL of an earlier version)") << 1;
    }

    void flippedByteInTheWalIsTampering()
    {
        QFETCH(int, format);
        encryptedvfs::setWalFormatForTests(format);
        const int frameSize = walFrame(format);
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("original"));
        QDir().mkpath(original);
        {
            auto db = open(original + QStringLiteral("/store.db"), m_key);
            QVERIFY(db);
            keepWalOnClose(*db);
            const QStringList markers = newMarkers(20);
            QVERIFY(writeMarkers(*db, markers, 1));
        }
        QCOMPARE(walFormat(original + QStringLiteral("/store.db-wal")), format);
        const qint64 walSize = QFileInfo(original + QStringLiteral("/store.db-wal")).size();
        QCOMPARE((walSize - WalFramesStart) % frameSize, 0);
        const qint64 frames = (walSize - WalFramesStart) / frameSize;
        QVERIFY(frames >= 20);
        const QString copy = dir.filePath(QStringLiteral("copy"));
        // Every frame but the last (a changed last commit is indistinguishable from a write cut off
        // by a kill, and losing it is the rollback the design does not detect), the headers too.
        QList<qint64> offsets {3, 40, 70, 100};
        // Format 2: a byte of each frame's sealed header (nonce, text, tag) and one of its page.
        for (qint64 frame = 0; frame < frames - 1; ++frame) {
            const qint64 start = WalFramesStart + frame * frameSize;
            if (format == 2) {
                offsets << start + QRandomGenerator::global()->bounded(64);
                offsets << start + 64 + QRandomGenerator::global()->bounded(PageSize);
            } else {
                offsets << start + QRandomGenerator::global()->bounded(frameSize);
            }
        }
        for (qint64 offset : offsets) {
            copyFolder(original, copy);
            flipByte(copy + QStringLiteral("/store.db-wal"), offset);
            const Error e = readAll(copy + QStringLiteral("/store.db"), m_key);
            QVERIFY2(e.code == ErrorCode::Tampered,
                qPrintable(QStringLiteral("WAL byte %1: %2").arg(offset).arg(e.message)));
        }
        QCOMPARE(readAll(original + QStringLiteral("/store.db"), m_key).code, ErrorCode::None);
    }

    void walCutOffByAKillIsNotTampering_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<int>("format");
        for (int format : {2, 1}) {
            const QString f = QStringLiteral(", format %1").arg(format);
            QTest::newRow(qPrintable(QStringLiteral("half a frame at the end") + f)) << 0 << format;
            QTest::newRow(qPrintable(QStringLiteral("a whole frame of garbage at the end") + f))
                << 1 << format;
            QTest::newRow(qPrintable(QStringLiteral("last frame cut in half") + f)) << 2 << format;
            QTest::newRow(qPrintable(QStringLiteral("a frame of zeros at the end") + f)) << 3 << format;
            QTest::newRow(qPrintable(QStringLiteral("last frame short by one byte") + f)) << 4 << format;
            QTest::newRow(qPrintable(QStringLiteral("last frame's page cut off") + f)) << 5 << format;
        }
    }

    void walCutOffByAKillIsNotTampering()
    {
        QFETCH(int, change);
        QFETCH(int, format);
        encryptedvfs::setWalFormatForTests(format);
        const int frameSize = walFrame(format);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QStringList markers = newMarkers(10);
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            keepWalOnClose(*db);
            QVERIFY(writeMarkers(*db, markers, 1));
        }
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::ReadWrite));
        const qint64 size = wal.size();
        QVERIFY((size - WalFramesStart) % frameSize == 0);
        QByteArray garbage(frameSize, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(
            reinterpret_cast<quint32 *>(garbage.data()), garbage.size() / 4);
        switch (change) {
        case 0:
            QVERIFY(wal.seek(size));
            wal.write(garbage.left(frameSize / 2));
            break;
        case 1:
            QVERIFY(wal.seek(size));
            wal.write(garbage);
            break;
        case 2:
            QVERIFY(wal.resize(size - frameSize / 2));
            break;
        case 3:
            QVERIFY(wal.seek(size));
            wal.write(QByteArray(frameSize, '\0'));
            break;
        case 4:
            QVERIFY(wal.resize(size - 1));
            break;
        case 5:
            QVERIFY(wal.resize(size - PageSize));
            break;
        }
        wal.close();
        auto db = open(path, m_key);
        QVERIFY(db);
        const QStringList expected
            = change == 2 || change == 4 || change == 5 ? markers.mid(0, markers.size() - 1) : markers;
        QCOMPARE(notes(*db), expected);
        QVERIFY(db->integrityCheck());
    }

    void walPagesAreCopiedSealedByTheCheckpoint()
    {
        // Format 2: the checkpoint writes each page into the database file exactly as the WAL
        // holds it (no decryption, no second seal), and the database reads right afterwards.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QString walPath = path + QStringLiteral("-wal");
        const QStringList markers = newMarkers(60);
        QByteArray wal;
        {
            auto db = openWithoutCheckpoints(path);
            QVERIFY(db);
            QVERIFY(writeMarkers(*db, markers, 4));
            QCOMPARE(walFormat(walPath), 2);
            QFile f(walPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            wal = f.readAll();
        } // the checkpoint at close copies the WAL into the database file
        QVERIFY(!QFile::exists(walPath));
        QCOMPARE((wal.size() - WalFramesStart) % WalFrame, 0);
        QSet<QByteArray> walPages;
        for (qint64 at = WalFramesStart; at + WalFrame <= wal.size(); at += WalFrame)
            walPages.insert(wal.mid(at + 64, PageSize));
        QFile database(path);
        QVERIFY(database.open(QIODevice::ReadOnly));
        const QByteArray bytes = database.readAll();
        const qint64 pages = bytes.size() / PageSize - 1; // the first page is our header
        QVERIFY(pages >= 10);
        int copied = 0;
        for (qint64 page = 2; page <= pages; ++page)
            copied += walPages.contains(bytes.mid(page * PageSize, PageSize)) ? 1 : 0;
        QVERIFY2(copied == pages - 1, qPrintable(QStringLiteral("%1 of %2").arg(copied).arg(pages - 1)));
        readsBackSealed(path, markers);
    }

    void pageChangedBeforeTheCheckpointIsTampering()
    {
        // A WAL page changed on disk after SQLite wrote it and before the checkpoint copies it (the
        // page itself stays in SQLite's cache, so only the checkpoint reads it): the checkpoint
        // checks its tag, fails, and copies nothing of it into the database file.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QStringList markers = newMarkers(20);
        auto db = openWithoutCheckpoints(path);
        QVERIFY(db);
        QVERIFY(writeMarkers(*db, markers, 20));
        const qint64 size = QFileInfo(path + QStringLiteral("-wal")).size();
        QCOMPARE((size - WalFramesStart) % WalFrame, 0);
        flipByte(path + QStringLiteral("-wal"), size - WalFrame + 64 + 1000); // the last frame's page
        Query checkpoint = db->query(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
        QVERIFY(!checkpoint.next());
        QCOMPARE(checkpoint.error().code, ErrorCode::Tampered);
        QVERIFY2(checkpoint.error().message.contains(u"tampered"), qPrintable(checkpoint.error().message));
    }

    void swappedPagesOfTwoFramesAreTampering()
    {
        // Two frames of the same page: their pages (each authentic for that page number) swapped.
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("original"));
        QDir().mkpath(original);
        const QString walPath = QStringLiteral("/store.db-wal");
        QList<qint64> frameOfUpdate;
        {
            auto db = open(original + QStringLiteral("/store.db"), m_key);
            QVERIFY(db);
            keepWalOnClose(*db);
            QVERIFY(db->exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
            QVERIFY(writeMarkers(*db, {QStringLiteral("start")}));
            for (int i = 0; i < 6; ++i) {
                const qint64 before = QFileInfo(original + walPath).size();
                QVERIFY(db->query(QStringLiteral("UPDATE notes SET note = ? WHERE id = 1"))
                            .bind(1, QStringLiteral("value %1").arg(i))
                            .exec());
                // One frame per update: the table's only page, again and again.
                QCOMPARE(QFileInfo(original + walPath).size() - before, qint64(WalFrame));
                frameOfUpdate << (before - WalFramesStart) / WalFrame;
            }
        }
        const QString copy = dir.filePath(QStringLiteral("copy"));
        copyFolder(original, copy);
        QCOMPARE(readAll(copy + QStringLiteral("/store.db"), m_key).code, ErrorCode::None); // untouched: fine
        for (int i : {0, 2}) {
            copyFolder(original, copy);
            const qint64 a = WalFramesStart + frameOfUpdate.at(i) * WalFrame + 64;
            const qint64 b = WalFramesStart + frameOfUpdate.at(i + 1) * WalFrame + 64;
            const QByteArray pageA = readAt(copy + walPath, a, PageSize);
            const QByteArray pageB = readAt(copy + walPath, b, PageSize);
            QCOMPARE(pageA.size(), PageSize);
            QVERIFY(pageA != pageB);
            writeAt(copy + walPath, a, pageB);
            writeAt(copy + walPath, b, pageA);
            const Error e = readAll(copy + QStringLiteral("/store.db"), m_key);
            QVERIFY2(e.code == ErrorCode::Tampered, qPrintable(e.message));
        }
    }

    void walOfTheOldFormatIsReadCheckpointedAndReplaced()
    {
        // A WAL left by an earlier version (format 1): recovered, appended to in its own format,
        // checkpointed; when SQLite starts the WAL anew it is written in format 2.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        const QString walPath = path + QStringLiteral("-wal");
        const QStringList markers = newMarkers(30);
        encryptedvfs::setWalFormatForTests(1);
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            keepWalOnClose(*db);
            QVERIFY(writeMarkers(*db, markers.mid(0, 10), 1));
        }
        encryptedvfs::setWalFormatForTests(2);
        QCOMPARE(walFormat(walPath), 1);
        const qint64 oldSize = QFileInfo(walPath).size();
        QCOMPARE((oldSize - WalFramesStart) % WalFrameV1, 0);
        {
            auto db = openWithoutCheckpoints(path);
            QVERIFY(db);
            QCOMPARE(notes(*db), markers.mid(0, 10));
            QVERIFY(writeMarkers(*db, markers.mid(10, 10), 1)); // appended in format 1
            QCOMPARE(walFormat(walPath), 1);
            QVERIFY(QFileInfo(walPath).size() > oldSize);
            QCOMPARE((QFileInfo(walPath).size() - WalFramesStart) % WalFrameV1, 0);
            QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM notes")).value(), 20);
            {
                Query restart = db->query(QStringLiteral("PRAGMA wal_checkpoint(RESTART)"));
                QVERIFY(restart.next());
                QCOMPARE(restart.text(0), QStringLiteral("0")); // not busy: every frame copied
            }
            QVERIFY(writeMarkers(*db, markers.mid(20, 10), 2)); // the WAL starts anew: format 2
            QCOMPARE(walFormat(walPath), 2);
            QCOMPARE(notes(*db), markers);
        }
        QVERIFY(!QFile::exists(walPath));
        readsBackSealed(path, markers);
    }

    void secondProcessIsShutOut()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        {
            auto db = open(path, m_key);
            QVERIFY(db);
            // Another open file description (as another process would have) cannot lock the store.
            const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR);
            QVERIFY(fd >= 0);
            QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), -1);
            ::close(fd);
            // A second connection in this process with the same key shares it.
            auto again = open(path, m_key);
            QVERIFY(again);
        }
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR);
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0);
        auto refused = Database::open(path, Database::Durability::Normal, m_key);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"another"), qPrintable(refused.error().message));
        ::close(fd);
        QVERIFY(open(path, m_key));
    }

    void largeSortsAndCheckpointsWork()
    {
        // A page cache far too small (pages written to the WAL twice in one transaction), sorts that
        // spill to temporary files (kept in memory) and the background checkpointer's own connection.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        auto db = open(path, m_key);
        QVERIFY(db);
        const int memoryFiles = encryptedvfs::memoryFilesOpened();
        QVERIFY(db->exec(QStringLiteral(
            "PRAGMA cache_size=-64; PRAGMA temp_store=FILE; CREATE TABLE t(a TEXT, b TEXT);")));
        QVERIFY(db->exec(
            QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                           " INSERT INTO t SELECT hex(randomblob(40)), hex(randomblob(200)) FROM n")));
        QVERIFY(db->exec(QStringLiteral("CREATE INDEX t_a ON t(a)")));
        QCOMPARE(
            db->scalar(QStringLiteral("SELECT count(*) FROM (SELECT b FROM t ORDER BY b)")).value(), 20000);
        QVERIFY(encryptedvfs::memoryFilesOpened() > memoryFiles);
        db->checkpointer()->waitIdle();
        QVERIFY(db->checkpointer()->completed() >= 1);
        QVERIFY(db->integrityCheck());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
            QStringList({QStringLiteral("store.db"), QStringLiteral("store.db-wal")}));
    }
};

QTEST_GUILESS_MAIN(TestEncryptedVfs)
#include "tst_encryptedvfs.moc"
