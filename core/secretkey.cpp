#include "secretkey.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <sodium.h>

namespace feltnotat {

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            std::abort(); // no usable random source: nothing here can be done safely
    });
}

SecretKey::SecretKey()
{
    ensureSodium();
    m_bytes = static_cast<unsigned char *>(sodium_malloc(Size));
    if (!m_bytes)
        throw std::bad_alloc();
}

SecretKey::~SecretKey()
{
    sodium_free(m_bytes); // zeroes the bytes before releasing them
}

std::shared_ptr<SecretKey> SecretKey::random()
{
    std::shared_ptr<SecretKey> key(new SecretKey());
    randombytes_buf(key->m_bytes, Size);
    return key;
}

std::shared_ptr<SecretKey> SecretKey::fromBytes(const unsigned char *bytes, std::size_t size)
{
    if (!bytes || size != Size)
        return nullptr;
    std::shared_ptr<SecretKey> key(new SecretKey());
    std::memcpy(key->m_bytes, bytes, Size);
    return key;
}

std::shared_ptr<SecretKey> SecretKey::derive(QByteArrayView label, QByteArrayView context) const
{
    std::shared_ptr<SecretKey> key(new SecretKey());
    crypto_generichash_state state;
    crypto_generichash_init(&state, m_bytes, Size, Size);
    const unsigned char labelSize = static_cast<unsigned char>(label.size());
    crypto_generichash_update(&state, &labelSize, 1); // the label's length keeps label and context apart
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char *>(label.data()),
        static_cast<unsigned long long>(label.size()));
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char *>(context.data()),
        static_cast<unsigned long long>(context.size()));
    crypto_generichash_final(&state, key->m_bytes, Size);
    sodium_memzero(&state, sizeof state);
    return key;
}

bool SecretKey::equals(const SecretKey &other) const
{
    return sodium_memcmp(m_bytes, other.m_bytes, Size) == 0;
}

} // namespace feltnotat
