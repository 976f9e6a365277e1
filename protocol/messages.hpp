// The messages a client sends, as C++ values (see PROTOCOL.md, "Joining", "Commands"
// and "Requests").
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
    std::string code;                      // the session's join code, normalised...
    std::string session;                   // ...or its id; exactly one is set
    std::optional<std::string> name;       // a new participant's display name...
    std::optional<std::string> invite;     // ...with an invitation for another role than citizen
    std::optional<std::string> token;      // or the token of an existing participant
    std::optional<domain::seq_t> since;    // the last seq the client has applied
};

// A change to the session, with the client's reference.
struct command_request {
    std::string ref;
    domain::command cmd;
};

// "ping": asks for the server's clock.
struct ping_request {
    std::string ref;
};

// "audit.get": a page of the facilitators' and managers' actions, newest first.
struct audit_request {
    std::string ref;
    std::optional<domain::seq_t> before;
    std::int64_t limit = 50;
};

// "participants.get": the facilitators' list of participants, the most active first.
struct participants_request {
    std::string ref;
    std::int64_t limit = 100;
};

using client_message = std::variant<join_request, command_request, ping_request, audit_request, participants_request>;

// The body of POST /api/sessions.
struct create_session_request {
    std::string title;
    std::string question;
    std::optional<std::string> facilitator_name;
    std::vector<std::string> columns;  // empty: the server's default
    domain::session_template template_ = domain::session_template::idea_workshop;
    domain::update_settings settings;  // the fields given; the rest keep their defaults
    // The earlier sessions a review follows up, in the order given (none: not a review
    // of any): each by its join code or its id, with the token of its facilitator (left
    // out only in a workspace, see below), and the trial actions it picks (none: those
    // still under way).
    struct earlier_session {
        std::optional<std::string> code;
        std::optional<std::string> session;
        std::optional<std::string> token;
        std::optional<std::vector<domain::trial_id>> trial_actions;
    };
    std::vector<earlier_session> follow_up;
    // The workspace it is made in (with a link of its admin or a facilitator, given in
    // the Authorization header); none: a session of no workspace.
    std::optional<std::string> workspace;
    // Set by the server, never read from the body: the workspace's link was checked and
    // is its admin's or a facilitator's, who may follow up any session of the workspace
    // without that session's facilitator token.
    bool vouched_by_workspace = false;
};

}  // namespace samskab::protocol
