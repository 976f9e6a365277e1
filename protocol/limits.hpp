// Limits of the wire protocol. protocol/PROTOCOL.md lists each of them.
#pragma once

#include <cstddef>

namespace samskab::protocol {

// The protocol version this server speaks; clients send it in "join".
inline constexpr int version = 1;

inline constexpr std::size_t max_message_bytes = 64 * 1024;  // larger frames: close 1009
inline constexpr int max_json_depth = 32;                   // nesting of objects and arrays
inline constexpr std::size_t max_ref_chars = 64;
inline constexpr std::size_t max_token_chars = 128;
inline constexpr std::size_t max_code_chars = 16;
inline constexpr std::size_t max_http_body_bytes = 16 * 1024;

}  // namespace samskab::protocol
