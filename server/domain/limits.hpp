// Limits of the domain: how long texts may be and how much a session may hold.
// protocol/PROTOCOL.md lists each of them; change both together.
#pragma once

#include <cstddef>

namespace samskab::domain::limits {

// Texts are counted in Unicode code points after normalisation (see text.hpp).
inline constexpr std::size_t idea_text_chars = 500;
inline constexpr std::size_t session_title_chars = 120;
inline constexpr std::size_t question_chars = 500;
inline constexpr std::size_t display_name_chars = 40;
inline constexpr std::size_t column_title_chars = 60;

inline constexpr std::size_t columns_per_session = 20;
inline constexpr std::size_t ideas_per_session = 5000;      // ideas on the board (deleted ones excluded)
inline constexpr std::size_t participants_per_session = 25000;

}  // namespace samskab::domain::limits
