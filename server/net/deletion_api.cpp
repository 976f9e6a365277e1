// Deleting a session over HTTP (see deletion_api.hpp).
#include "net/deletion_api.hpp"

#include "net/error_text.hpp"

#include "net/log.hpp"
#include "net/log_events.hpp"
#include "net/outcome_api.hpp"
#include "net/secrets.hpp"
#include "protocol/encoder.hpp"
#include "protocol/workspace_rules.hpp"

#include <utility>

namespace samskab::server {

namespace http = boost::beast::http;
using domain::errc;

namespace {

constexpr std::string_view sessions_prefix = "/api/sessions/";

}  // namespace

deletion_api::deletion_api(registry& sessions, address_guard& guard, workspace_api& workspaces)
    : sessions_(sessions), guard_(guard), workspaces_(workspaces) {}

std::optional<std::string_view> deletion_api::session_of(std::string_view path) {
    if (!path.starts_with(sessions_prefix)) return std::nullopt;
    const std::string_view id = path.substr(sessions_prefix.size());
    if (id.empty() || id.find('/') != std::string_view::npos) return std::nullopt;
    return id;
}

std::optional<std::string> deletion_api::trial_actions_choice(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    std::optional<std::string> choice;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (!pair.starts_with("trial_actions=")) continue;
        if (choice) return std::nullopt;  // said twice
        choice = std::string(pair.substr(std::string_view("trial_actions=").size()));
    }
    if (choice != "delete" && choice != "keep") return std::nullopt;
    return choice;
}

void deletion_api::handle(http_request&& request, std::string_view session_id, const std::string& address,
                          respond_fn respond) {
    // Trying tokens and ids is how one would guess them: failures are counted per address.
    if (auto a = guard_.may_attempt(address); !a)
        return respond(too_many(request, a, "too many failed attempts from your address; try again later"));
    const auto token = workspace_api::bearer_token(request);
    if (token && token->empty())
        return respond(workspace_api::credentials_required(
            request, "send the facilitator's token of the session, or its workspace's admin link, as "
                     "Authorization: Bearer"));
    const auto choice = trial_actions_choice(request.target());
    if (!choice)
        return respond(json_response(
            request, http::status::bad_request,
            http_error_text(domain::error::in_field(
                errc::invalid_field, "trial_actions",
                "say what becomes of the session's trial actions: ?trial_actions=delete deletes them with it, "
                "?trial_actions=keep keeps them"))));
    const bool keep = *choice == "keep";

    auto req = std::make_shared<const http_request>(std::move(request));
    // One answer for every miss, so that nothing tells a session that exists from one that does not.
    auto refuse = [this, address, req, respond] {
        guard_.failed(address);
        respond(fail(*req, http::status::forbidden, errc::invalid_token, "this token may not delete this session"));
    };
    auto forbid = [req, respond] {
        respond(fail(*req, http::status::forbidden, errc::forbidden,
                     "only the session's facilitator, or its workspace's admin link, may delete it"));
    };
    auto home = token && outcome_api::plausible_session_id(session_id) ? sessions_.find_by_id(std::string(session_id))
                                                                        : nullptr;
    if (!home) return refuse();

    auto hash = hash_token(*token);
    home->role_of(hash, [this, req, home, hash, address, keep, respond, refuse, forbid](std::optional<domain::role> role) {
        if (role) return protocol::session_may_delete(*role) ? erase(req, home, keep, address, respond) : forbid();
        // Perhaps a link of the session's workspace.
        const std::string workspace = home->info().workspace_id;
        if (workspace.empty()) return refuse();
        workspaces_.find_link(workspace, hash,
                              [this, req, home, keep, address, respond, refuse, forbid](
                                  const storage::status& st, std::optional<domain::workspace>,
                                  std::optional<domain::workspace_role> link) {
                                  if (!st.ok())
                                      return respond(fail(*req, http::status::service_unavailable,
                                                          errc::storage_unavailable,
                                                          "the database could not be read; try again"));
                                  if (!link) return refuse();
                                  if (!protocol::workspace_may(*link, protocol::workspace_action::delete_session))
                                      return forbid();
                                  erase(req, home, keep, address, respond);
                              });
    });
}

void deletion_api::erase(std::shared_ptr<const http_request> req, std::shared_ptr<room> home, bool keep,
                         const std::string& address, respond_fn respond) {
    // They are kept for the workspace's follow-ups and portfolio: outside a workspace
    // nobody could reach them, nor delete them, any more.
    if (keep && home->info().workspace_id.empty())
        return respond(json_response(
            *req, http::status::bad_request,
            http_error_text(domain::error::in_field(
                errc::invalid_field, "trial_actions",
                "a session outside a workspace cannot keep its trial actions: nobody could reach them"))));
    home->erase(keep, [this, req, home, address, respond](const storage::status& st, storage::deletion_outcome outcome,
                                                           bool wal_emptied, std::optional<domain::workshop> shell) {
        if (!st.ok())
            return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                "the database refused the deletion; nothing was deleted"));
        switch (outcome) {
        case storage::deletion_outcome::not_found:  // deleted meanwhile by another request
            guard_.failed(address);
            return respond(
                fail(*req, http::status::forbidden, errc::invalid_token, "this token may not delete this session"));
        case storage::deletion_outcome::has_follow_ups:
            return respond(fail(*req, http::status::conflict, errc::invalid_state,
                                "other sessions follow this one up and show its trial actions; delete them first"));
        case storage::deletion_outcome::deleted: break;
        }
        const bool kept = shell.has_value();
        if (kept) sessions_.replace(home, std::move(*shell));
        else sessions_.remove(home);
        log::write(log::events::session_deleted, {{"session", home->id()}, {"trial_actions_kept", kept}});
        // A session's id is the server's own base64url text: nothing in it needs escaping.
        respond(json_response(*req, http::status::ok,
                              R"({"session":")" + home->id() + R"(","deleted":true,"trial_actions":")" +
                                  (kept ? "kept" : "deleted") + R"(","wal_emptied":)" +
                                  (wal_emptied ? "true" : "false") + "}"));
    });
}

}  // namespace samskab::server
