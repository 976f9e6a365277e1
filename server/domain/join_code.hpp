// Join codes: short, easy to read aloud and to type on a phone. The alphabet leaves
// out 0/O and 1/I/L, which are easily confused; codes are shown as "K7M-4QX" and
// accepted in any case, with or without the dash or spaces.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::domain {

inline constexpr std::string_view join_code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t join_code_length = 6;

// Uppercases s and drops spaces and dashes. Returns nullopt unless the result is
// join_code_length characters of the alphabet.
std::optional<std::string> normalize_join_code(std::string_view s);

// "K7M4QX" -> "K7M-4QX", for display.
std::string display_join_code(std::string_view code);

}  // namespace samskab::domain
