// Limits of the domain: how long texts may be and how much a session may hold.
// protocol/PROTOCOL.md lists each of them; change both together.
#pragma once

#include <cstddef>
#include <cstdint>

namespace samskab::domain::limits {

// Texts are counted in Unicode code points after normalisation (see text.hpp).
inline constexpr std::size_t idea_text_chars = 500;
inline constexpr std::size_t session_title_chars = 120;
inline constexpr std::size_t question_chars = 500;
inline constexpr std::size_t display_name_chars = 40;
inline constexpr std::size_t column_title_chars = 60;
inline constexpr std::size_t cluster_name_chars = 60;
inline constexpr std::size_t reason_chars = 280;         // why an idea was parked
inline constexpr std::size_t comment_chars = 1000;
inline constexpr std::size_t trial_title_chars = 120;
inline constexpr std::size_t trial_text_chars = 1000;    // what, we believe, we know when
inline constexpr std::size_t learning_chars = 2000;
inline constexpr std::size_t decision_note_chars = 1000;

inline constexpr std::size_t columns_per_session = 20;
inline constexpr std::size_t ideas_per_session = 5000;      // ideas on the board (deleted ones excluded)
inline constexpr std::size_t participants_per_session = 25000;
inline constexpr std::size_t clusters_per_session = 200;
inline constexpr std::size_t comments_per_session = 10000;
inline constexpr std::size_t trials_per_session = 200;
inline constexpr std::size_t owners_per_trial = 50;
inline constexpr std::size_t learnings_per_trial = 500;
inline constexpr std::size_t learnings_per_session = 5000;
inline constexpr std::size_t decisions_per_session = 5000;
inline constexpr std::size_t ideas_per_command = 100;   // merge and cluster.create

inline constexpr std::int64_t max_vote_budget = 20;     // dots per participant
// The smallest group the results show: a group of one would show that person's dots.
inline constexpr std::int64_t min_fold_threshold = 2;
inline constexpr std::int64_t max_fold_threshold = 20;
inline constexpr std::int64_t max_timer_seconds = 4 * 60 * 60;
inline constexpr std::int64_t max_idea_quota = 1000;    // ideas per participant per phase

}  // namespace samskab::domain::limits
