#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <memory>

namespace feltnotat {

// A 256-bit key in locked memory (libsodium's guarded allocation: never swapped, guard pages around
// it), wiped when the last owner lets go. Keys never live in a QByteArray or QString.
class SecretKey
{
public:
    static constexpr std::size_t Size = 32;

    ~SecretKey();
    SecretKey(const SecretKey &) = delete;
    SecretKey &operator=(const SecretKey &) = delete;

    // A fresh key from the operating system's random source.
    static std::shared_ptr<SecretKey> random();
    // A copy of exactly Size bytes (for example the output of a key derivation); null otherwise.
    static std::shared_ptr<SecretKey> fromBytes(const unsigned char *bytes, std::size_t size);
    // BLAKE2b-256 keyed with this key over `label` and `context`: subkeys for separate purposes.
    std::shared_ptr<SecretKey> derive(QByteArrayView label, QByteArrayView context = {}) const;

    const unsigned char *data() const { return m_bytes; }
    unsigned char *data() { return m_bytes; }
    bool equals(const SecretKey &other) const;

private:
    SecretKey();
    unsigned char *m_bytes;
};

// Calls sodium_init() once; every user of libsodium in this project goes through it.
void ensureSodium();

} // namespace feltnotat
