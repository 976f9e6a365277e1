// Building what the server sends: WebSocket messages and HTTP API bodies, as JSON text
// (see PROTOCOL.md, "Events" and "Other server messages").
//
// What a message holds can depend on who receives it (see "Who sees what"); such
// functions take a viewer: the recipient's participant id and role. A viewer with id
// 0 stands for everyone in that role who is not personally concerned, so an event is
// serialized once per kind of recipient, not once per recipient.
//
// Functions take the workshop only to read it. Safe to call from any thread that may
// read the workshop.
#pragma once

#include "domain/portfolio.hpp"

#include "domain/error.hpp"
#include "domain/event.hpp"
#include "domain/visibility.hpp"
#include "domain/workshop.hpp"
#include "domain/workspace.hpp"

#include <functional>
#include <map>
#include <optional>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::protocol {

// The event message for change c as viewer `to` receives it; `after` has applied c.
std::string encode_event(const domain::change& c, const domain::workshop& after, const domain::viewer& to);

// Whether encode_event can give different texts to different viewers for an event
// like e. When it cannot, the caller serializes the event once for everyone.
bool varies_by_viewer(const domain::event& e);

// The whole session as viewer `to` may see it.
std::string encode_snapshot(const domain::workshop& w, const domain::viewer& to);

struct welcome_info {
    const domain::participant* you = nullptr;
    std::optional<std::string> token;  // only for a participant created by this join
    std::string receipt;               // the session's receipt token (server_key::receipt_token)
    domain::seq_t seq = 0;             // the session's last committed seq
    bool snapshot = true;              // true: a snapshot follows; false: the missed events
    std::vector<std::string> pending_refs;
    std::vector<std::string> recent_refs;
    domain::time_point server_time{};
};
std::string encode_welcome(const domain::workshop& w, const welcome_info& info);

// The answer to the command ref: event_text is the event as its author receives it.
std::string encode_ack(std::string_view ref, domain::seq_t seq, std::string_view event_text);

// An error answering ref (empty: no ref). With w and `to`, e.current is described as
// `to` may see it; without them the current idea is left out.
std::string encode_error(std::string_view ref, const domain::error& e, const domain::workshop* w = nullptr,
                         const domain::viewer* to = nullptr);

struct presence_entry {
    domain::participant_id id = 0;
    std::string name;
    domain::role role_ = domain::role::citizen;
    bool online = false;
};
struct presence_count {
    std::int64_t online = 0;
    std::int64_t total = 0;
};
using presence_counts = std::map<domain::role, presence_count>;
// with_names: whether the recipient may see names (domain::shows_names); without,
// the list is null. `more`: how many listable people were left out of `people`.
std::string encode_presence(const std::vector<presence_entry>& people, std::size_t more, const presence_counts& counts,
                            bool with_names);
// The people whose presence changed since the last presence message, and the counts.
std::string encode_presence_changed(const std::vector<presence_entry>& changed, const presence_counts& counts,
                                    bool with_names);

// One participant and how much they wrote, for the facilitators' console.
struct participant_activity {
    presence_entry who;
    bool removed = false;
    std::int64_t ideas = 0;     // on the board now, private ones included
    std::int64_t comments = 0;  // hidden ones included
};
// The answer to participants.get: `people` (the most active first), out of `total`.
// with_counts: whether the counts may be shown (not in an anonymous session).
std::string encode_participants(std::string_view ref, const std::vector<participant_activity>& people,
                                std::size_t total, bool with_counts);

std::string encode_pong(std::string_view ref, domain::time_point server_time);

// An invitation with its link's token, for the facilitators' `invites` message. The
// token is derived by the server when it sends the message (it is kept nowhere); it is
// "" for a revoked invitation and for one whose token cannot be derived.
struct invite_link {
    domain::role role_ = domain::role::staff;
    std::string token;
    bool active = false;
    domain::time_point created_at{};
};
// The `invites` message: every invitation of the session, oldest first. For the
// facilitators' connections only.
std::string encode_invites(const std::vector<invite_link>& invites);

struct audit_entry {
    domain::seq_t seq = 0;
    domain::time_point at{};
    domain::participant_id actor = 0;
    std::string action;      // the command's wire name
    std::string event_text;  // the event as the facilitators received it
};
std::string encode_audit(std::string_view ref, const domain::workshop& w, const std::vector<audit_entry>& entries,
                         bool more);

// HTTP bodies.
std::string encode_session_summary(const domain::session_info& info);
std::string encode_created_session(const domain::session_info& info, std::string_view facilitator_token);
std::string encode_http_error(const domain::error& e);

// GET /api/workspaces/{id}/sessions: {"sessions": [session objects, each with its "counts"]}.
std::string encode_session_list(const std::vector<domain::session_listing>& sessions);

// GET /api/workspaces/{id}: the workspace as the holder of a `role` link sees it. An
// admin also gets every link, oldest first, with `token` for an active one whose token
// link_token gives ("" otherwise, as for invitations).
// GET /api/workspaces/{id}/portfolio's answer (PROTOCOL.md, "The portfolio"): the rows
// of `selected`, sessions[id] the session of the rows made in it. `complete`: the rows are
// the whole selection; otherwise they are the changed rows that the query selects, and
// `gone` the changed ones it no longer selects.
struct portfolio_answer {
    std::uint64_t version = 0;
    std::chrono::sys_days today{};
    std::int64_t overload_limit = 0;
    std::size_t running = 0;
    bool complete = true;
    std::vector<const domain::portfolio_entry*> selected;
    std::vector<domain::trial_ref> gone;
    std::vector<domain::trial_ref> spread;
    std::map<std::string, domain::session_info> sessions;
};
std::string encode_portfolio(const portfolio_answer& a);
// POST /api/workspaces/{id}/decisions's answer.
std::string encode_portfolio_decision(const domain::decision& d, std::uint64_t portfolio_version);

std::string encode_workspace(const domain::workspace& w, domain::workspace_role role,
                             const std::function<std::string(const domain::workspace_link&)>& link_token);
std::string encode_health(std::string_view version, bool database_ok);

// GET /readyz (PROTOCOL.md): whether the server takes new clients now, or why not.
enum class readiness { ready, shutting_down, database_unavailable, database_not_responding };
// Its wire name: "ready", "shutting_down", ...
std::string_view to_string(readiness r);
// {"status":"ready","version":...}, or {"status":"not_ready","version":...,"reason":...}.
std::string encode_readiness(std::string_view version, readiness r);

}  // namespace samskab::protocol
