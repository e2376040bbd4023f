#include "passwordhasher.h"

#include <sodium.h>

namespace feltnotat::server {

namespace {

bool initSodium()
{
    static const bool ok = sodium_init() >= 0;
    return ok;
}

} // namespace

Result<QString> PasswordHasher::hash(const QString &password)
{
    if (!initSodium())
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium failed to start"));
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0)
        return makeError(ErrorCode::Internal, QStringLiteral("out of memory while hashing a password"));
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &hash, const QString &password)
{
    if (!initSodium())
        return false;
    const QByteArray stored = hash.toLatin1();
    if (stored.size() >= crypto_pwhash_STRBYTES)
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) == 0;
}

void PasswordHasher::verifyDummy(const QString &password)
{
    static const QString dummy = hash(QStringLiteral("feltnotat-dummy-password")).value();
    (void)verify(dummy, password);
}

} // namespace feltnotat::server
