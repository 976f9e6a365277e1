// The plain value types of a workshop session: who takes part, the columns of the
// board and the ideas on it. No behaviour lives here; the rules are in board.hpp.
// All types are regular values: copyable, comparable, and safe to hand between
// threads once copied.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::domain {

using participant_id = std::int64_t;
using idea_id = std::int64_t;
using column_id = std::int64_t;
// Sequence number of an accepted change within one session: 1, 2, 3, ...
// 0 means "nothing yet".
using seq_t = std::int64_t;
// Wall-clock time at millisecond precision, UTC.
using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

enum class role { facilitator, participant };

std::string_view to_string(role r);
std::optional<role> role_from_string(std::string_view s);

enum class session_status { open, closed };

std::string_view to_string(session_status s);
std::optional<session_status> session_status_from_string(std::string_view s);

struct participant {
    participant_id id = 0;
    std::string name;
    role role_ = role::participant;
    // Hex SHA-256 of the participant's secret token; the token itself is never kept.
    std::string token_hash;
    time_point joined_at{};
    bool operator==(const participant&) const = default;
};

struct column {
    column_id id = 0;
    std::string title;
    bool operator==(const column&) const = default;
};

struct idea {
    idea_id id = 0;
    column_id column = 0;
    // Sort key within the column; only storage and the board see it, clients see
    // the index. Smaller ranks come first.
    std::int64_t rank = 0;
    std::string text;
    participant_id author = 0;
    // Bumped by every change to the idea. text_version and place_version are the
    // versions at which the text, and the column or position, last changed: they
    // decide which concurrent changes conflict (see board::decide).
    std::int64_t version = 1;
    std::int64_t text_version = 1;
    std::int64_t place_version = 1;
    time_point created_at{};
    time_point updated_at{};
    bool operator==(const idea&) const = default;
};

struct session_info {
    std::string id;    // stable, random; never reused
    std::string code;  // the join code, unique among open sessions
    std::string title;
    std::string question;  // the guiding question
    session_status status = session_status::open;
    time_point created_at{};
    bool operator==(const session_info&) const = default;
};

}  // namespace samskab::domain
