// Parsing of what clients send: WebSocket messages and HTTP API bodies. Parsing checks
// the JSON shape (types, required and unknown fields, protocol limits); the domain
// checks the content (text lengths, ids that exist, rights).
//
// Nothing here throws on bad input or does I/O; every function is safe to call from
// any thread.
#pragma once

#include "domain/portfolio.hpp"

#include "domain/result.hpp"
#include "domain/workspace.hpp"
#include "protocol/messages.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace samskab::protocol {

struct parsed_message {
    // The message's "ref" if it had a readable one, so that an error can name the
    // command it answers; empty otherwise.
    std::string ref;
    domain::result<client_message> message;
};

// Parses one WebSocket text message. Errors: bad_json (not JSON or not an object),
// too_deep, unknown_type, invalid_field (missing, wrongly typed, out of range or
// unknown field; error.field names it), unsupported_protocol.
parsed_message parse_client_message(std::string_view text);

// The command types the parser reads, in the order of domain::command.
std::vector<std::string_view> command_types();

// The body of POST /api/workspaces/{id}/links: a new link for a role (renew, which
// retires the role's old one) or none (revoke).
struct link_change_request {
    domain::workspace_role role = domain::workspace_role::viewer;
    bool renew = true;
};
domain::result<link_change_request> parse_link_change(std::string_view body);

// The body of POST /api/workspaces/{id}/decisions: a manager's decision on a trial action
// of the portfolio, signed with the name they give.
struct portfolio_decision_request {
    std::string session;
    domain::record_decision decision;
    std::string name;
};
domain::result<portfolio_decision_request> parse_portfolio_decision(std::string_view body);

// The body of POST /api/workspaces/{id}/settings: the settings it changes (at least one;
// those left out keep their values).
struct workspace_settings_change {
    std::optional<std::int64_t> overload_limit;
    std::optional<std::int64_t> retention_months;
};
domain::result<workspace_settings_change> parse_workspace_settings(std::string_view body);

// The query of GET /api/workspaces/{id}/portfolio (the part after '?', percent-encoded):
// its filter, its sort and the version to wait beyond. An unknown parameter, a repeated
// one or a bad value: invalid_field naming it.
struct portfolio_query {
    domain::portfolio_filter filter;
    domain::portfolio_sort sort = domain::portfolio_sort::review_date;
    std::optional<std::uint64_t> after;
};
domain::result<portfolio_query> parse_portfolio_query(std::string_view query);

// Parses the body of POST /api/sessions. Same error codes as above.
domain::result<create_session_request> parse_create_session(std::string_view body);

}  // namespace samskab::protocol
