// workspace_api: the HTTP API of workspaces (PROTOCOL.md, "Workspaces"): what the holder
// of a workspace link sees of it, its sessions, and the admin's links (renew, revoke);
// its exports (the portfolio as CSV; the whole workspace as JSON, workspace.json, each
// session's archive made by outcome_api::read_archive); and the check that lets a
// workspace's admin or facilitator make a session in it.
// Every request names its link's token in `Authorization: Bearer`, never in the
// address; a wrong token, a revoked one and a workspace that does not exist get the same
// answer and count as a failed attempt of the client's address, like a wrong join code.
//
// Workspaces are read from the database on each request (through the journal's thread),
// so one created from the command line while the server runs is found at once.
//
// Threading: handle() and authorize() may be called from any thread; respond is called
// exactly once, before they return or later from the journal's thread.
#pragma once

#include "net/guard.hpp"
#include "net/http_reply.hpp"
#include "net/registry.hpp"
#include "net/server_key.hpp"
#include "protocol/parser.hpp"
#include "protocol/workspace_rules.hpp"
#include "storage/journal.hpp"

#include <boost/beast/http/message_generator.hpp>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::server {

class workspace_api {
public:
    using respond_fn = std::function<void(boost::beast::http::message_generator)>;
    static constexpr std::string_view prefix = "/api/workspaces/";
    // The portfolio's export, after the workspace's id (PROTOCOL.md, "Exports").
    static constexpr std::string_view portfolio_csv = "export/portfolio.csv";
    // The whole workspace as JSON, after the workspace's id (PROTOCOL.md, "Workspace archive").
    static constexpr std::string_view workspace_json = "export/workspace.json";

    // The day the portfolio takes as today, for overdue reviews (UTC).
    using today_fn = std::function<std::chrono::sys_days()>;
    static std::chrono::sys_days utc_today();
    // How long GET .../portfolio?after=N waits for a change before it answers anyway.
    static constexpr std::chrono::seconds portfolio_wait{20};

    workspace_api(storage::journal& j, address_guard& guard, registry& sessions, std::shared_ptr<const server_key> key,
                  today_fn today = utc_today);

    // The workspace id of POST /api/workspaces/{id}/import, whose body is a session
    // archive (up to max_archive_bytes): nullopt for any other request.
    static std::optional<std::string_view> import_target(const http_request& head);

    // Called after an admin changed a workspace's settings (the retention job runs then).
    void on_settings_changed(std::function<void()> f) { retention_changed_ = std::move(f); }

    // Answers a request whose path starts with prefix, from the client at `address`.
    void handle(http_request&& req, std::string_view path, const std::string& address, respond_fn respond);

    // The token of req's `Authorization: Bearer TOKEN`: "" if there is no such header,
    // nullopt if the header is there but is not a bearer token of the right shape.
    static std::optional<std::string> bearer_token(const http_request& req);
    // 401 credentials_required with `WWW-Authenticate: Bearer`, saying `message`.
    static boost::beast::http::message_generator credentials_required(const http_request& req, std::string message);

    // Reads workspace `id` and calls found with the read's status, the workspace and the
    // role that an active link of it with this token hash gives (nullopt: there is no such
    // workspace, or no active link of it has the hash). Counts nothing: a caller that
    // refuses counts the failed attempt. found runs on the journal's thread (or at once,
    // for an id that cannot be a workspace's).
    using link_found_fn = std::function<void(const storage::status& st, std::optional<domain::workspace> w,
                                             std::optional<domain::workspace_role> role)>;
    void find_link(const std::string& id, std::string token_hash, link_found_fn found);

    // Calls then() if req's token is a link of workspace `id` whose role may do `action`
    // (protocol/workspace_rules.hpp); otherwise answers req itself (401, 403 invalid_token or forbidden, 429,
    // 503) through respond.
    void authorize(std::shared_ptr<const http_request> req, const std::string& id, const std::string& address,
                   protocol::workspace_action action, respond_fn respond, std::function<void()> then);

private:
    using admitted_fn = std::function<void(domain::workspace w, domain::workspace_role role)>;
    // Reads the workspace and calls then() with it and the role req's token gives in it;
    // answers every refusal itself.
    void admit(std::shared_ptr<const http_request> req, const std::string& id, const std::string& address,
               respond_fn respond, admitted_fn then);
    // The workspace as its holder of `role` sees it.
    boost::beast::http::message_generator show(const http_request& req, const domain::workspace& w,
                                               domain::workspace_role role) const;
    void change_link(std::shared_ptr<const http_request> req, domain::workspace w, respond_fn respond);
    // GET .../portfolio: now, or once it is newer than the query's `after`.
    void portfolio(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond);
    // The portfolio's answer to q now: JSON, or the CSV export made from it.
    enum class portfolio_form { json, csv };
    std::string portfolio_text(const domain::workspace& w, const protocol::portfolio_query& q,
                               portfolio_form form = portfolio_form::json) const;
    // GET .../export/portfolio.csv, by a link that may export.
    boost::beast::http::message_generator portfolio_export(const http_request& req, const domain::workspace& w) const;
    // GET .../export/workspace.json, by a link that may archive: the workspace archive,
    // made session by session (one room's state and one session's changes at a time).
    struct workspace_export;
    void export_workspace(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond);
    void export_next(std::shared_ptr<workspace_export> job);
    // POST .../decisions, by a manager or the admin.
    void decide(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond);
    // POST .../import, by the admin: a session archive as a new session of the workspace.
    void import(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond);
    void import_now(std::shared_ptr<const http_request> req, const std::string& workspace, respond_fn respond);
    // POST .../settings, by the admin.
    void change_settings(std::shared_ptr<const http_request> req, domain::workspace w, respond_fn respond);

    storage::journal& journal_;
    address_guard& guard_;
    registry& sessions_;
    std::shared_ptr<const server_key> key_;
    today_fn today_;
    std::function<void()> retention_changed_;
};

}  // namespace samskab::server
