#include "devicekey.h"

#include "core/encryptedvfs.h"
#include "core/plainmigration.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <sodium.h>

namespace feltnotat::devicekey {

namespace {

const QString DatabaseName = QStringLiteral("feltnotat.db");

QString text(const char *sentence)
{
    return QCoreApplication::translate("DeviceKey", sentence);
}

Error wrongPin()
{
    return makeError(ErrorCode::Locked, text("Feil PIN-kode."));
}

Result<std::shared_ptr<SecretKey>> readPlatformSecret(KeyStore &platform, const QString &name)
{
    auto stored = platform.read(name);
    if (!stored)
        return makeError(ErrorCode::Locked,
            text("Nøkkelen i telefonens nøkkellager mangler, så dataene kan ikke åpnes. Logg inn på nytt."));
    QByteArray bytes = QByteArray::fromBase64(stored.value().toLatin1());
    auto key = SecretKey::fromBytes(
        reinterpret_cast<const unsigned char *>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
    if (!key)
        return makeError(ErrorCode::Locked, text("Nøkkelen i telefonens nøkkellager er skadet."));
    return key;
}

Status writePlatformSecret(KeyStore &platform, const QString &name, const SecretKey &secret)
{
    QByteArray encoded
        = QByteArray(reinterpret_cast<const char *>(secret.data()), SecretKey::Size).toBase64();
    Status s = platform.write(name, QString::fromLatin1(encoded));
    sodium_memzero(encoded.data(), static_cast<size_t>(encoded.size()));
    return s;
}

// The platform secret the key file at `path` is wrapped with; null when it needs none.
Result<std::shared_ptr<SecretKey>> platformSecretFor(const QString &path, KeyStore *platform)
{
    auto header = keyfile::readHeader(path);
    if (!header)
        return header.error();
    if (!header->needsPlatformSecret)
        return std::shared_ptr<SecretKey>();
    if (!platform)
        return makeError(ErrorCode::Locked, text("Dataene trenger telefonens nøkkellager, som ikke svarer."));
    return readPlatformSecret(*platform, header->platformSecretName);
}

} // namespace

QString keyPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("feltnotat.key"));
}

bool exists(const QString &dataDir)
{
    return QFile::exists(keyPath(dataDir));
}

Result<std::shared_ptr<SecretKey>> unlockOrCreate(
    const QString &dataDir, QByteArrayView pin, KeyStore *platform, const KdfParams &kdf)
{
    if (pin.isEmpty())
        return makeError(ErrorCode::Locked, text("Dataene er låst: PIN-kode mangler."));
    const QString path = keyPath(dataDir);
    if (!QFile::exists(path)) {
        // An encrypted store whose key file is gone cannot be opened with a new key.
        if (encryptedvfs::probe(QDir(dataDir).filePath(DatabaseName)) == encryptedvfs::FileFormat::Encrypted)
            return makeError(
                ErrorCode::Locked, text("Nøkkelfilen til dataene mangler, så de kan ikke åpnes."));
        if (!platform)
            return keyfile::create(path, pin, nullptr, kdf);
        auto secret = SecretKey::random();
        QByteArray id(8, Qt::Uninitialized);
        randombytes_buf(id.data(), size_t(id.size()));
        const QString name = QStringLiteral("store-secret-") + QString::fromLatin1(id.toHex());
        if (Status s = writePlatformSecret(*platform, name, *secret); !s)
            return s.error();
        auto key = keyfile::create(path, pin, secret.get(), kdf, name);
        if (!key)
            (void)platform->remove(name);
        return key;
    }
    auto secret = platformSecretFor(path, platform);
    if (!secret)
        return secret.error();
    auto key = keyfile::unlock(path, pin, secret.value().get());
    if (!key && key.error().code == ErrorCode::Locked)
        return wrongPin();
    return key;
}

Status changePin(const QString &dataDir, const SecretKey &dataKey, QByteArrayView newPin, KeyStore *platform,
    const KdfParams &kdf)
{
    const QString path = keyPath(dataDir);
    auto secret = platformSecretFor(path, platform);
    if (!secret)
        return secret.error();
    return keyfile::rewrap(path, dataKey, newPin, secret.value().get(), kdf);
}

Status shred(const QString &dataDir, KeyStore *platform)
{
    const QString path = keyPath(dataDir);
    if (auto header = keyfile::readHeader(path); header && header->needsPlatformSecret && platform)
        (void)platform->remove(header->platformSecretName);
    bool ok = !QFile::exists(path) || plainmigration::shred(path);
    const QString db = QDir(dataDir).filePath(DatabaseName);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
             QStringLiteral("-journal"), QStringLiteral(".encrypting"), QStringLiteral(".plain")}) {
        if (QFile::exists(db + suffix))
            ok = plainmigration::shred(db + suffix) && ok;
    }
    if (!ok)
        return makeError(ErrorCode::Internal, QStringLiteral("cannot remove the local data"));
    return Status::success();
}

} // namespace feltnotat::devicekey
