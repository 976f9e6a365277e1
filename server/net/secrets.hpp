// Secrets and random identifiers: participant tokens, session ids and join codes,
// drawn from the kernel's CSPRNG, and the hashing of tokens for storage. The hashes
// are OpenSSL's (libcrypto), a library that is reviewed and tested far beyond what a
// hand-written one could be.
//
// Tokens are stored and compared only as SHA-256 hashes: a leaked database does not
// hand out anyone's rights, and looking a hash up in a table takes no time that
// depends on the secret. All functions are thread-safe. A failure inside OpenSSL (which
// only an unusable library gives) aborts, as getrandom's does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace samskab::server {

// n bytes from getrandom(2). Aborts the process if the kernel cannot provide them:
// handing out guessable tokens would be worse than stopping.
std::string random_bytes(std::size_t n);

// URL-safe base64 without padding (RFC 4648, section 5).
std::string base64url(std::string_view bytes);

// Lower-case hex SHA-256 of data (FIPS 180-4).
std::string sha256_hex(std::string_view data);

// The 32 bytes of HMAC-SHA256 (RFC 2104) of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);

// A new secret token: 256 random bits, 43 characters of base64url.
std::string new_token();

// The stored form of a token.
inline std::string hash_token(std::string_view token) { return sha256_hex(token); }

// A new session id: 96 random bits, 16 characters.
std::string new_session_id();

// A random join code of domain::join_code_length characters from its alphabet, each
// drawn without modulo bias.
std::string new_join_code();

}  // namespace samskab::server
