// deletion_api: DELETE /api/sessions/{id}?trial_actions=delete, a session deleted with
// everything in it (PROTOCOL.md, "Deleting a session"; README.md, "Personal data").
//
// The token in `Authorization: Bearer` is a participant's token of the session whose
// role messages.json's "session_deletion" lists (the facilitator), or an active link of
// the session's workspace whose role "workspace_actions.delete_session" lists (the
// admin). No header: 401 credentials_required. A token that fits neither, a malformed
// header, a session id that names no session (or one deleted already): 403
// invalid_token, counted as a failed attempt of the address, so ids cannot be probed. A
// good token of someone who may not delete: 403 forbidden, not counted. The query's
// `trial_actions` must say what becomes of the session's trial actions (400
// invalid_field otherwise): "delete" deletes them with it, and a session that other
// sessions follow up is then refused with 409 invalid_state, nothing deleted; "keep"
// leaves the session's shell with them (domain/deletion.hpp), which the registry puts
// in the room's place (registry::replace), so follow-ups go on showing them.
//
// The room stops taking changes, the journal deletes every row in one transaction and
// empties the WAL (storage/deletion.hpp), the room closes its connections with 4002,
// and the registry forgets it (registry::remove).
//
// Threading: handle() may be called from any thread; respond is called exactly once,
// before it returns or later from a room's strand or the journal's thread.
#pragma once

#include "net/guard.hpp"
#include "net/http_reply.hpp"
#include "net/registry.hpp"
#include "net/workspace_api.hpp"

#include <boost/beast/http/message_generator.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::server {

class deletion_api {
public:
    using respond_fn = std::function<void(boost::beast::http::message_generator)>;

    // All must outlive the deletion_api and every request it answers.
    deletion_api(registry& sessions, address_guard& guard, workspace_api& workspaces);

    // The session id of a deletion's path, /api/sessions/{id} (any text without a '/'),
    // or nullopt if path is not one.
    static std::optional<std::string_view> session_of(std::string_view path);

    // What the query's `trial_actions` says ("delete" or "keep"), or nullopt if it is
    // missing, said twice or names no choice offered.
    static std::optional<std::string> trial_actions_choice(std::string_view target);

    // Answers a DELETE whose path session_of accepts, from the client at `address`.
    void handle(http_request&& req, std::string_view session_id, const std::string& address, respond_fn respond);

private:
    void erase(std::shared_ptr<const http_request> req, std::shared_ptr<room> home, bool keep,
               const std::string& address, respond_fn respond);

    registry& sessions_;
    address_guard& guard_;
    workspace_api& workspaces_;
};

}  // namespace samskab::server
