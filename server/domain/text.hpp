// Normalisation and validation of user-written text: idea texts, titles, questions,
// display names. Every text that enters a board passes through clean_text, whether it
// arrives over the WebSocket or the HTTP API.
#pragma once

#include "domain/limits.hpp"
#include "domain/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace samskab::domain {

struct text_rule {
    std::string_view field;  // the field's wire name, for error messages
    std::size_t max_chars;   // in code points, after normalisation
    bool multiline;          // whether line breaks are kept
};

inline constexpr text_rule idea_text_rule{"text", limits::idea_text_chars, true};
inline constexpr text_rule session_title_rule{"title", limits::session_title_chars, false};
inline constexpr text_rule question_rule{"question", limits::question_chars, true};
inline constexpr text_rule display_name_rule{"name", limits::display_name_chars, false};
inline constexpr text_rule column_title_rule{"title", limits::column_title_chars, false};
inline constexpr text_rule cluster_name_rule{"name", limits::cluster_name_chars, false};
inline constexpr text_rule reason_rule{"reason", limits::reason_chars, true};
inline constexpr text_rule comment_rule{"text", limits::comment_chars, true};
inline constexpr text_rule trial_title_rule{"title", limits::trial_title_chars, false};
inline constexpr text_rule learning_rule{"text", limits::learning_chars, true};
inline constexpr text_rule decision_note_rule{"note", limits::decision_note_chars, true};
inline constexpr text_rule what_happened_rule{"what_happened", limits::check_in_text_chars, true};
inline constexpr text_rule learned_rule{"learned", limits::check_in_text_chars, true};
inline constexpr text_rule evidence_note_rule{"note", limits::check_in_text_chars, true};
inline constexpr text_rule evidence_unit_rule{"unit", limits::evidence_unit_chars, false};
inline constexpr text_rule review_move_reason_rule{"reason", limits::review_move_reason_chars, true};
// what, we_believe and we_know_when of a trial action: the field name is filled in.
inline constexpr text_rule trial_text_rule(std::string_view field) { return {field, limits::trial_text_chars, true}; }

// Returns the number of code points in s, or std::string_view::npos if s is not
// well-formed UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// rejected).
std::size_t utf8_length(std::string_view s) noexcept;

// Normalises raw: CRLF and CR become LF (or, for single-line rules, every line break
// becomes a space), and leading and trailing white space is removed. Fails with
// invalid_field if the text is not UTF-8, is empty afterwards, or holds a control
// character other than tab and line feed; with too_long if it is longer than the rule
// allows. Never throws on bad input.
result<std::string> clean_text(std::string_view raw, const text_rule& rule);

// Whether two display names read as the same name: equal but for the case of letters
// (ASCII and Latin-1: "anna" and "Anna", "øyvind" and "Øyvind") and the white space
// between words. Used to recognise an owner from an earlier session, who is known by
// name only.
bool same_name(std::string_view a, std::string_view b);

}  // namespace samskab::domain
