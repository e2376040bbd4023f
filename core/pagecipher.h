#pragma once

#include "secretkey.h"

#include <cstddef>
#include <memory>
#include <span>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace feltnotat {

// XChaCha20-Poly1305 (the IETF construction, byte for byte what libsodium's
// crypto_aead_xchacha20poly1305_ietf produces) over a message given in parts, with a fresh random
// 192-bit nonce for every seal. The subkey comes from libsodium's HChaCha20, the ChaCha20-Poly1305
// work from OpenSSL, whose vectorised code is three times faster here than libsodium's (4.7 → 1.6 µs
// for a 4 KiB page; docs/architecture.md). One object per thread: it keeps an OpenSSL context.
class PageCipher
{
public:
    static constexpr std::size_t NonceSize = 24;
    static constexpr std::size_t TagSize = 16;
    static constexpr std::size_t Overhead = NonceSize + TagSize;

    struct Part
    {
        const unsigned char *in;
        unsigned char *out; // may equal in
        std::size_t size;
    };

    explicit PageCipher(std::shared_ptr<const SecretKey> key);
    ~PageCipher();
    PageCipher(const PageCipher &) = delete;
    PageCipher &operator=(const PageCipher &) = delete;

    // Encrypts the parts in order as one message; writes the nonce it chose and the tag.
    bool seal(std::span<const unsigned char> associated, std::span<const Part> parts, unsigned char *nonce,
        unsigned char *tag);
    // Decrypts and checks the tag; on a mismatch the outputs are zeroed and false is returned.
    bool open(std::span<const unsigned char> associated, std::span<const Part> parts,
        const unsigned char *nonce, const unsigned char *tag);

    // Checks the tag of a sealed message without decrypting it (Poly1305 alone, OpenSSL's, about a
    // third of an open): true when open() would succeed.
    bool verify(std::span<const unsigned char> associated, std::span<const unsigned char> sealed,
        const unsigned char *nonce, const unsigned char *tag);

    const SecretKey &key() const { return *m_key; }

private:
    bool start(bool encrypt, const unsigned char *nonce);

    std::shared_ptr<const SecretKey> m_key;
    EVP_CIPHER_CTX *m_ctx;
    EVP_MAC_CTX *m_mac = nullptr; // Poly1305 for verify(), made on first use
    bool m_cipherSet = false; // the context holds the cipher: re-keying keeps it
};

// Fills `out` with random bytes from the operating system, read ahead in blocks so that a nonce
// does not cost a system call. Never a counter: nothing here can repeat after a crash or restart.
void randomBytes(unsigned char *out, std::size_t size);

} // namespace feltnotat
