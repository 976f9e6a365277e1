// The messages a client sends, as C++ values (see PROTOCOL.md, "Client messages").
#pragma once

#include "domain/command.hpp"
#include "domain/types.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace samskab::protocol {

// "join": the first message on a connection.
struct join_request {
    std::string code;                  // the session's join code, normalised
    std::optional<std::string> name;   // a new participant's display name...
    std::optional<std::string> token;  // ...or the token of an existing one
    std::optional<domain::seq_t> since;  // the last seq the client has applied
};

// Every other message: a change to the board, with the client's reference.
struct command_request {
    std::string ref;
    domain::command cmd;
};

using client_message = std::variant<join_request, command_request>;

// The body of POST /api/sessions.
struct create_session_request {
    std::string title;
    std::string question;
    std::optional<std::string> facilitator_name;
    std::vector<std::string> columns;  // empty: the server's default
};

}  // namespace samskab::protocol
