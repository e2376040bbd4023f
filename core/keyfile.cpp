#include "keyfile.h"

#include <QFile>
#include <QSaveFile>
#include <QtEndian>

#include <sodium.h>

namespace feltnotat {

KdfParams KdfParams::standard()
{
    return {2, quint64(32) << 20};
}

KdfParams KdfParams::cheapForTests()
{
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

bool KdfParams::isValid() const
{
    // The upper bounds keep a damaged or hostile file from asking for gigabytes or hours.
    return opsLimit >= crypto_pwhash_OPSLIMIT_MIN && opsLimit <= 64 && memLimit >= crypto_pwhash_MEMLIMIT_MIN
        && memLimit <= (quint64(1) << 30);
}

namespace keyfile {

namespace {

constexpr char Magic[8] = {'F', 'E', 'L', 'T', 'K', 'E', 'Y', '1'};
constexpr quint8 FlagPlatformSecret = 1;
constexpr qsizetype SaltSize = crypto_pwhash_SALTBYTES;
constexpr qsizetype NonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr qsizetype SealedSize = SecretKey::Size + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr qsizetype MaxNameSize = 100;

Error damaged()
{
    return makeError(ErrorCode::Tampered, QStringLiteral("the key file of the store is damaged or not ours"));
}

struct Parsed
{
    Header header;
    QByteArray salt;
    qsizetype headerSize = 0; // the associated data: everything before the nonce
    QByteArray nonce;
    QByteArray sealed;
};

QByteArray encodeHeader(const Header &header, const QByteArray &salt)
{
    const QByteArray name = header.platformSecretName.toUtf8();
    QByteArray out(Magic, sizeof Magic);
    out.append(char(header.needsPlatformSecret ? FlagPlatformSecret : 0));
    out.append(char(name.size()));
    out.append(name);
    char numbers[16];
    qToBigEndian<quint64>(header.kdf.opsLimit, numbers);
    qToBigEndian<quint64>(header.kdf.memLimit, numbers + 8);
    out.append(numbers, sizeof numbers);
    out.append(salt);
    return out;
}

Result<Parsed> parse(const QByteArray &data)
{
    Parsed p;
    qsizetype at = sizeof Magic;
    if (data.size() < at + 2 || !data.startsWith(QByteArrayView(Magic, sizeof Magic)))
        return damaged();
    const quint8 flags = quint8(data.at(at));
    const qsizetype nameSize = quint8(data.at(at + 1));
    at += 2;
    if ((flags & ~FlagPlatformSecret) != 0 || nameSize > MaxNameSize
        || data.size() != at + nameSize + 16 + SaltSize + NonceSize + SealedSize)
        return damaged();
    p.header.needsPlatformSecret = (flags & FlagPlatformSecret) != 0;
    p.header.platformSecretName = QString::fromUtf8(data.mid(at, nameSize));
    at += nameSize;
    p.header.kdf.opsLimit = qFromBigEndian<quint64>(data.constData() + at);
    p.header.kdf.memLimit = qFromBigEndian<quint64>(data.constData() + at + 8);
    at += 16;
    if (!p.header.kdf.isValid())
        return damaged();
    p.salt = data.mid(at, SaltSize);
    at += SaltSize;
    p.headerSize = at;
    p.nonce = data.mid(at, NonceSize);
    p.sealed = data.mid(at + NonceSize);
    return p;
}

Result<Parsed> load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, QStringLiteral("the store has no key file"));
    return parse(file.read(4096));
}

// Argon2id of the PIN, mixed with the platform secret when there is one.
Result<std::shared_ptr<SecretKey>> wrappingKey(
    QByteArrayView pin, const QByteArray &salt, const KdfParams &kdf, const SecretKey *platformSecret)
{
    ensureSodium();
    unsigned char *derived = static_cast<unsigned char *>(sodium_malloc(SecretKey::Size));
    if (!derived)
        return makeError(ErrorCode::Internal, QStringLiteral("out of memory"));
    const int rc
        = crypto_pwhash(derived, SecretKey::Size, pin.data(), static_cast<unsigned long long>(pin.size()),
            reinterpret_cast<const unsigned char *>(salt.constData()), kdf.opsLimit,
            static_cast<size_t>(kdf.memLimit), crypto_pwhash_ALG_ARGON2ID13);
    std::shared_ptr<SecretKey> key = rc == 0 ? SecretKey::fromBytes(derived, SecretKey::Size) : nullptr;
    sodium_free(derived);
    if (!key)
        return makeError(ErrorCode::Internal, QStringLiteral("the key derivation failed (out of memory?)"));
    if (platformSecret)
        key = platformSecret->derive("feltnotat wrapping key",
            QByteArrayView(reinterpret_cast<const char *>(key->data()), SecretKey::Size));
    return key;
}

Status write(const QString &path, const Header &header, const SecretKey &dataKey, QByteArrayView pin,
    const SecretKey *platformSecret)
{
    if (header.needsPlatformSecret != (platformSecret != nullptr) || !header.kdf.isValid()
        || header.platformSecretName.toUtf8().size() > MaxNameSize)
        return makeError(ErrorCode::Invalid, QStringLiteral("invalid key file parameters"));
    QByteArray salt(SaltSize, Qt::Uninitialized);
    randombytes_buf(salt.data(), size_t(SaltSize));
    auto wrapping = wrappingKey(pin, salt, header.kdf, platformSecret);
    if (!wrapping)
        return wrapping.error();
    QByteArray out = encodeHeader(header, salt);
    const qsizetype headerSize = out.size();
    QByteArray nonce(NonceSize, Qt::Uninitialized);
    randombytes_buf(nonce.data(), size_t(NonceSize));
    QByteArray sealed(SealedSize, Qt::Uninitialized);
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char *>(sealed.data()), nullptr,
        dataKey.data(), SecretKey::Size, reinterpret_cast<const unsigned char *>(out.constData()),
        static_cast<unsigned long long>(headerSize), nullptr,
        reinterpret_cast<const unsigned char *>(nonce.constData()), wrapping.value()->data());
    out.append(nonce);
    out.append(sealed);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(
            ErrorCode::Internal, QStringLiteral("cannot write the key file: ") + file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(out) != out.size() || !file.commit())
        return makeError(
            ErrorCode::Internal, QStringLiteral("cannot write the key file: ") + file.errorString());
    return Status::success();
}

} // namespace

Result<std::shared_ptr<SecretKey>> create(const QString &path, QByteArrayView pin,
    const SecretKey *platformSecret, const KdfParams &kdf, const QString &platformSecretName)
{
    if (QFile::exists(path))
        return makeError(ErrorCode::Conflict, QStringLiteral("the store already has a key file"));
    auto dataKey = SecretKey::random();
    const Header header {kdf, platformSecret != nullptr, platformSecret ? platformSecretName : QString()};
    if (Status s = write(path, header, *dataKey, pin, platformSecret); !s)
        return s.error();
    return dataKey;
}

Result<std::shared_ptr<SecretKey>> unlock(
    const QString &path, QByteArrayView pin, const SecretKey *platformSecret)
{
    auto parsed = load(path);
    if (!parsed)
        return parsed.error();
    if (parsed->header.needsPlatformSecret && !platformSecret)
        return makeError(
            ErrorCode::Locked, QStringLiteral("the platform key store did not give the store's secret"));
    auto wrapping = wrappingKey(
        pin, parsed->salt, parsed->header.kdf, parsed->header.needsPlatformSecret ? platformSecret : nullptr);
    if (!wrapping)
        return wrapping.error();
    const QByteArray data = encodeHeader(parsed->header, parsed->salt);
    unsigned char plain[SecretKey::Size];
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(plain, nullptr, nullptr,
        reinterpret_cast<const unsigned char *>(parsed->sealed.constData()), SealedSize,
        reinterpret_cast<const unsigned char *>(data.constData()),
        static_cast<unsigned long long>(data.size()),
        reinterpret_cast<const unsigned char *>(parsed->nonce.constData()), wrapping.value()->data());
    std::shared_ptr<SecretKey> key = rc == 0 ? SecretKey::fromBytes(plain, sizeof plain) : nullptr;
    sodium_memzero(plain, sizeof plain);
    if (!key)
        return makeError(ErrorCode::Locked, QStringLiteral("wrong PIN"));
    return key;
}

Status rewrap(const QString &path, const SecretKey &dataKey, QByteArrayView newPin,
    const SecretKey *platformSecret, const KdfParams &kdf)
{
    auto parsed = load(path);
    if (!parsed)
        return parsed.error();
    Header header = parsed->header;
    header.kdf = kdf;
    return write(path, header, dataKey, newPin, header.needsPlatformSecret ? platformSecret : nullptr);
}

Result<Header> readHeader(const QString &path)
{
    auto parsed = load(path);
    if (!parsed)
        return parsed.error();
    return parsed->header;
}

} // namespace keyfile
} // namespace feltnotat
