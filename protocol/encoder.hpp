// Building what the server sends: WebSocket messages and HTTP API bodies, as JSON
// text (see PROTOCOL.md, "Server messages"). Each function serializes once; the
// caller shares the text between all recipients.
//
// Functions take the board only to look up names and positions; they never change
// it. Safe to call from any thread that may read the board.
#pragma once

#include "domain/board.hpp"
#include "domain/error.hpp"
#include "domain/event.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::protocol {

// An event message for change c, which board b has already applied (or is about to
// apply: b must know c's participants).
std::string encode_event(const domain::change& c, const domain::board& b);

// The full state of b.
std::string encode_snapshot(const domain::board& b);

struct welcome_info {
    const domain::participant* you = nullptr;
    std::optional<std::string> token;  // only for a participant created by this join
    domain::seq_t seq = 0;             // the session's last committed seq
    bool snapshot = true;              // true: a snapshot follows; false: the missed events
    std::vector<std::string> pending_refs;
    std::vector<std::string> recent_refs;
};
std::string encode_welcome(const domain::board& b, const welcome_info& w);

// The answer to the command ref: "event_text" is the encode_event text of its change.
std::string encode_ack(std::string_view ref, domain::seq_t seq, std::string_view event_text);

// An error answering ref (empty: no ref). b, when given, is used to describe
// e.current; without it the current idea is left out.
std::string encode_error(std::string_view ref, const domain::error& e, const domain::board* b = nullptr);

// HTTP bodies.
std::string encode_session_summary(const domain::session_info& info);
std::string encode_created_session(const domain::session_info& info, std::string_view facilitator_token);
std::string encode_http_error(const domain::error& e);
std::string encode_health(std::string_view version, bool database_ok);

}  // namespace samskab::protocol
