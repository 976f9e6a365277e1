// The typed errors that Samskab reports to clients. One enumeration serves the
// domain rules, the wire protocol, the HTTP API and storage, so that every code has
// one name, one meaning and one place in protocol/PROTOCOL.md.
#pragma once

#include "domain/types.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::domain {

enum class errc {
    // Malformed input (protocol level)
    bad_json,             // not valid JSON, or not a JSON object
    too_deep,             // JSON nested deeper than the limit
    unknown_type,         // "type" names no message this server knows
    invalid_field,        // a field is missing, has the wrong type or a bad value
    too_long,             // a text is longer than its limit
    unsupported_protocol, // the client speaks a protocol version we do not
    // Session and identity
    not_joined,           // a command before a successful join
    already_joined,       // a second join on the same connection
    session_not_found,    // no session has this join code
    invalid_token,        // no participant of this session has this token (or: no such workspace link)
    credentials_required, // HTTP: the request needs a token in its Authorization header
    invalid_invite,       // no invitation of this session has this token
    invite_revoked,       // the invitation was revoked by the facilitator
    participant_removed,  // the facilitator removed this participant
    joining_closed,       // the facilitator has closed the session to newcomers by code
    // Board rules
    forbidden,            // the participant's role may not do this
    session_closed,       // the session is closed and read-only
    wrong_phase,          // the action is not allowed in the current phase
    board_locked,         // the facilitator has locked the board
    invalid_state,        // the target's state does not allow this (e.g. a status change)
    setting_locked,       // the setting can no longer be changed
    over_budget,          // a vote beyond the participant's dots
    over_cap,             // more dots on one idea than allowed
    voting_closed,        // the votes have been revealed
    trial_not_found,
    comment_not_found,
    cluster_not_found,
    participant_not_found,
    idea_not_found,
    column_not_found,
    stale_version,        // the change is based on an outdated version
    column_not_empty,     // a column that still holds ideas cannot be deleted
    last_column,          // the last column of a board cannot be deleted
    limit_reached,        // too many ideas, columns or participants
    // Server conditions
    overloaded,           // too many changes waiting to be written; retry later
    rate_limited,         // too many messages, failed joins or creations from this client
    storage_unavailable,  // the database refused the write; nothing was applied
    not_found,            // HTTP: no such resource
    method_not_allowed,   // HTTP: the resource does not accept this method
    internal_error,
};

// The stable snake_case name used on the wire, e.g. "stale_version".
std::string_view to_string(errc code);

// An error reported to a client: a code, a human-readable English message, and the
// optional details some codes carry.
struct error {
    errc code = errc::internal_error;
    std::string message;
    std::string field;              // invalid_field, too_long: the offending field
    std::optional<std::int64_t> limit;  // too_long, limit_reached: the limit
    std::optional<idea> current;    // stale_version on an idea: its current state
    std::optional<trial_action> current_trial;  // stale_version on a trial action
    std::optional<std::int64_t> retry_after_s;  // rate_limited: seconds until a retry can succeed

    static error make(errc c, std::string msg) { return error{c, std::move(msg), {}, {}, {}, {}, {}}; }
    static error in_field(errc c, std::string field_name, std::string msg) {
        return error{c, std::move(msg), std::move(field_name), {}, {}, {}, {}};
    }
    // limit_reached: the session holds as many of something as it may.
    static error at_limit(std::string msg, std::size_t limit) {
        return error{errc::limit_reached, std::move(msg), {}, static_cast<std::int64_t>(limit), {}, {}, {}};
    }
    // rate_limited: too much too fast; a retry may succeed after `seconds` (at least 1).
    static error slow_down(std::string msg, std::int64_t seconds) {
        return error{errc::rate_limited, std::move(msg), {}, {}, {}, {}, seconds < 1 ? 1 : seconds};
    }
};

}  // namespace samskab::domain
