#include "devicetoken.h"

#include "cryptoinit.h"

namespace feltnotat::server {

QString DeviceToken::generate()
{
    ensureCrypto();
    QByteArray bytes(RandomBytes, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    const QString token
        = QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    sodium_memzero(bytes.data(), size_t(bytes.size()));
    return token;
}

QString DeviceToken::hash(const QString &token)
{
    const QByteArray text = token.toLatin1();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(
        digest, reinterpret_cast<const unsigned char *>(text.constData()), quint64(text.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

bool DeviceToken::looksValid(QStringView token)
{
    if (token.size() != 43)
        return false;
    for (QChar c : token) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace feltnotat::server
