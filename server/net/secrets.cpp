// Randomness, base64url, and SHA-256 and HMAC-SHA256 from OpenSSL (see secrets.hpp).
#include "net/secrets.hpp"

#include "domain/join_code.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace samskab::server {

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            std::fputs("fatal: getrandom failed; refusing to create guessable secrets\n", stderr);
            std::abort();
        }
        got += static_cast<std::size_t>(r);
    }
    return out;
}

std::string base64url(std::string_view bytes) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                                static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out.push_back(table[(v >> s) & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out.push_back(table[(v >> 18) & 63]);
        out.push_back(table[(v >> 12) & 63]);
        if (rest == 2) out.push_back(table[(v >> 6) & 63]);
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1 || length != 32) {
        std::fputs("fatal: OpenSSL could not compute SHA-256\n", stderr);
        std::abort();
    }
    std::string out;
    out.reserve(64);
    static constexpr char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), mac, &length) ||
        length != 32) {
        std::fputs("fatal: OpenSSL could not compute HMAC-SHA256\n", stderr);
        std::abort();
    }
    return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string new_token() { return base64url(random_bytes(32)); }

std::string new_session_id() { return base64url(random_bytes(12)); }

std::string new_join_code() {
    const auto& alphabet = domain::join_code_alphabet;
    // Rejection sampling: bytes at or above the largest multiple of the alphabet size
    // would make the first letters more likely.
    const unsigned limit = 256 - 256 % static_cast<unsigned>(alphabet.size());
    std::string code;
    while (code.size() < domain::join_code_length) {
        for (unsigned char b : random_bytes(16)) {
            if (b >= limit) continue;
            code.push_back(alphabet[b % alphabet.size()]);
            if (code.size() == domain::join_code_length) break;
        }
    }
    return code;
}

}  // namespace samskab::server
