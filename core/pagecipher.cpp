#include "pagecipher.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>

namespace feltnotat {

namespace {

const EVP_CIPHER *chachaPoly()
{
    static const EVP_CIPHER *cipher = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
    return cipher;
}

// libsodium's Poly1305 took 19,000 instructions for a 4 KiB page here, OpenSSL's vectorised one a third.
EVP_MAC *poly1305()
{
    static EVP_MAC *mac = EVP_MAC_fetch(nullptr, "POLY1305", nullptr);
    return mac;
}

// Random bytes read ahead per thread; a forked child throws its copy away (the same bytes must
// never serve as nonces in two processes).
std::atomic<unsigned> g_forkGeneration {0};

struct RandomPool
{
    unsigned char bytes[4096] = {};
    std::size_t left = 0;
    unsigned generation = 0;
    ~RandomPool() { sodium_memzero(bytes, sizeof bytes); }
};

} // namespace

void randomBytes(unsigned char *out, std::size_t size)
{
    static std::once_flag once;
    std::call_once(once, [] {
        ensureSodium();
        pthread_atfork(nullptr, nullptr, [] { ++g_forkGeneration; });
    });
    thread_local RandomPool pool;
    const unsigned generation = g_forkGeneration.load();
    if (pool.generation != generation) {
        pool.left = 0;
        pool.generation = generation;
    }
    while (size > 0) {
        if (pool.left == 0) {
            randombytes_buf(pool.bytes, sizeof pool.bytes);
            pool.left = sizeof pool.bytes;
        }
        const std::size_t n = std::min(size, pool.left);
        unsigned char *from = pool.bytes + (sizeof pool.bytes - pool.left);
        std::memcpy(out, from, n);
        sodium_memzero(from, n); // used bytes do not stay behind in memory
        pool.left -= n;
        out += n;
        size -= n;
    }
}

PageCipher::PageCipher(std::shared_ptr<const SecretKey> key)
    : m_key(std::move(key))
    , m_ctx(EVP_CIPHER_CTX_new())
{
    ensureSodium();
    if (!m_ctx || !chachaPoly())
        throw std::bad_alloc();
}

PageCipher::~PageCipher()
{
    EVP_CIPHER_CTX_free(m_ctx);
    EVP_MAC_CTX_free(m_mac);
}

bool PageCipher::start(bool encrypt, const unsigned char *nonce)
{
    // XChaCha20: a subkey from the key and the first 16 nonce bytes, then IETF ChaCha20-Poly1305
    // with four zero bytes and the last 8 nonce bytes as its 96-bit nonce.
    unsigned char subkey[32];
    unsigned char iv[12] = {0, 0, 0, 0};
    crypto_core_hchacha20(subkey, nonce, m_key->data(), nullptr);
    std::memcpy(iv + 4, nonce + 16, 8);
    // The cipher is set once; later calls only re-key the context. Naming it again would make
    // OpenSSL 3 free and rebuild its provider context for every page (about 5 % of a page's cost).
    const int ok = EVP_CipherInit_ex(
        m_ctx, m_cipherSet ? nullptr : chachaPoly(), nullptr, subkey, iv, encrypt ? 1 : 0);
    m_cipherSet = m_cipherSet || ok == 1;
    sodium_memzero(subkey, sizeof subkey);
    return ok == 1;
}

bool PageCipher::seal(std::span<const unsigned char> associated, std::span<const Part> parts,
    unsigned char *nonce, unsigned char *tag)
{
    randomBytes(nonce, NonceSize);
    if (!start(true, nonce))
        return false;
    int n = 0;
    if (!associated.empty()
        && EVP_EncryptUpdate(m_ctx, nullptr, &n, associated.data(), int(associated.size())) != 1)
        return false;
    for (const Part &p : parts) {
        if (p.size > 0 && EVP_EncryptUpdate(m_ctx, p.out, &n, p.in, int(p.size)) != 1)
            return false;
    }
    unsigned char rest[16];
    return EVP_EncryptFinal_ex(m_ctx, rest, &n) == 1
        && EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_AEAD_GET_TAG, int(TagSize), tag) == 1;
}

bool PageCipher::open(std::span<const unsigned char> associated, std::span<const Part> parts,
    const unsigned char *nonce, const unsigned char *tag)
{
    bool ok = start(false, nonce)
        && EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_AEAD_SET_TAG, int(TagSize), const_cast<unsigned char *>(tag))
            == 1;
    int n = 0;
    if (ok && !associated.empty())
        ok = EVP_DecryptUpdate(m_ctx, nullptr, &n, associated.data(), int(associated.size())) == 1;
    for (const Part &p : parts) {
        if (ok && p.size > 0)
            ok = EVP_DecryptUpdate(m_ctx, p.out, &n, p.in, int(p.size)) == 1;
    }
    unsigned char rest[16];
    if (ok)
        ok = EVP_DecryptFinal_ex(m_ctx, rest, &n) == 1;
    if (!ok) {
        for (const Part &p : parts)
            sodium_memzero(p.out, p.size); // nothing unauthenticated is ever handed on
    }
    return ok;
}

bool PageCipher::verify(std::span<const unsigned char> associated, std::span<const unsigned char> sealed,
    const unsigned char *nonce, const unsigned char *tag)
{
    // The IETF construction's tag: Poly1305, keyed with the first 32 bytes of the ChaCha20 block 0
    // under the XChaCha20 subkey, over the associated data and the ciphertext, each padded to 16
    // bytes, then both lengths (little-endian, 64 bits).
    if (!m_mac && poly1305())
        m_mac = EVP_MAC_CTX_new(poly1305());
    if (!m_mac)
        return false;
    unsigned char subkey[32];
    unsigned char iv[12] = {0, 0, 0, 0};
    unsigned char block[64];
    crypto_core_hchacha20(subkey, nonce, m_key->data(), nullptr);
    std::memcpy(iv + 4, nonce + 16, 8);
    crypto_stream_chacha20_ietf(block, sizeof block, iv, subkey);
    static const unsigned char zeros[16] = {};
    unsigned char lengths[16];
    for (int i = 0; i < 8; ++i) {
        lengths[i] = static_cast<unsigned char>(std::uint64_t(associated.size()) >> (8 * i));
        lengths[8 + i] = static_cast<unsigned char>(std::uint64_t(sealed.size()) >> (8 * i));
    }
    unsigned char computed[TagSize];
    std::size_t computedSize = 0;
    const bool ok = EVP_MAC_init(m_mac, block, 32, nullptr) == 1
        && EVP_MAC_update(m_mac, associated.data(), associated.size()) == 1
        && EVP_MAC_update(m_mac, zeros, (16 - associated.size() % 16) % 16) == 1
        && EVP_MAC_update(m_mac, sealed.data(), sealed.size()) == 1
        && EVP_MAC_update(m_mac, zeros, (16 - sealed.size() % 16) % 16) == 1
        && EVP_MAC_update(m_mac, lengths, sizeof lengths) == 1
        && EVP_MAC_final(m_mac, computed, &computedSize, sizeof computed) == 1 && computedSize == TagSize;
    sodium_memzero(subkey, sizeof subkey);
    sodium_memzero(block, sizeof block);
    return ok && sodium_memcmp(computed, tag, TagSize) == 0;
}

} // namespace feltnotat
