// The HTTP API of workspaces (see workspace_api.hpp).
#include "net/workspace_api.hpp"

#include "net/error_text.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <chrono>
#include <optional>
#include <set>

#include "net/outcome_api.hpp"
#include "net/secrets.hpp"
#include "net/session_directory.hpp"
#include "protocol/archive.hpp"
#include "protocol/encoder.hpp"
#include "protocol/export.hpp"
#include "protocol/parser.hpp"
#include "protocol/workspace_rules.hpp"

namespace samskab::server {

namespace http = boost::beast::http;
using domain::errc;
using domain::error;
using domain::workspace_role;

namespace {

constexpr std::size_t max_token_chars = 128;

bool base64url_text(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// The role the link with this token's hash gives in w, if an active one has it.
std::optional<workspace_role> role_of(const domain::workspace& w, const std::string& token_hash) {
    for (const auto& l : w.links)
        if (l.active && l.token_hash == token_hash) return l.role;
    return std::nullopt;
}

}  // namespace

std::optional<std::string> workspace_api::bearer_token(const http_request& req) {
    const std::string_view value = req[http::field::authorization];
    if (value.empty()) return std::string();
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() <= scheme.size() || !boost::beast::iequals(value.substr(0, scheme.size()), scheme))
        return std::nullopt;
    const std::string_view token = value.substr(scheme.size());
    if (token.size() > max_token_chars || !base64url_text(token)) return std::nullopt;
    return std::string(token);
}

http::message_generator workspace_api::credentials_required(const http_request& req, std::string message) {
    auto res = json_response(req, http::status::unauthorized,
                             http_error_text(error::make(errc::credentials_required, std::move(message))));
    res.set(http::field::www_authenticate, "Bearer");
    return res;
}

void workspace_api::find_link(const std::string& id, std::string token_hash, link_found_fn found) {
    if (id.size() != 16 || !base64url_text(id)) return found(storage::status{}, std::nullopt, std::nullopt);
    journal_.read_workspace(id, [hash = std::move(token_hash), found = std::move(found)](
                                    const storage::status& st, std::optional<domain::workspace> w) {
        if (!st.ok()) return found(st, std::nullopt, std::nullopt);
        const auto role = w ? role_of(*w, hash) : std::nullopt;
        found(st, std::move(w), role);
    });
}

std::optional<std::string_view> workspace_api::import_target(const http_request& head) {
    constexpr std::string_view suffix = "/import";
    std::string_view target = head.target();
    target = target.substr(0, target.find('?'));
    if (head.method() != http::verb::post || !target.starts_with(prefix) || !target.ends_with(suffix) ||
        target.size() <= prefix.size() + suffix.size())
        return std::nullopt;
    const std::string_view id = target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    return id;
}

std::chrono::sys_days workspace_api::utc_today() {
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

workspace_api::workspace_api(storage::journal& j, address_guard& guard, registry& sessions,
                             std::shared_ptr<const server_key> key, today_fn today)
    : journal_(j), guard_(guard), sessions_(sessions), key_(std::move(key)), today_(std::move(today)) {}

void workspace_api::admit(std::shared_ptr<const http_request> req, const std::string& id, const std::string& address,
                          respond_fn respond, admitted_fn then) {
    // Trying links is how one would guess them: failures are counted per address.
    if (auto a = guard_.may_attempt(address); !a)
        return respond(too_many(*req, a, "too many failed attempts from your address; try again later"));
    const auto token = bearer_token(*req);
    if (token && token->empty())
        return respond(credentials_required(*req, "send the link's token as Authorization: Bearer"));
    auto refuse = [this, address, req, respond] {
        guard_.failed(address);
        respond(fail(*req, http::status::forbidden, errc::invalid_token,
                     "no active link of this workspace has this token"));
    };
    if (!token) return refuse();
    find_link(id, hash_token(*token), [req, respond, refuse, then = std::move(then)](
                                          const storage::status& st, std::optional<domain::workspace> found,
                                          std::optional<workspace_role> role) {
        if (!st.ok())
            return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                "the database could not be read; try again"));
        if (!role) return refuse();
        then(std::move(*found), *role);
    });
}

void workspace_api::authorize(std::shared_ptr<const http_request> req, const std::string& id,
                              const std::string& address, protocol::workspace_action action, respond_fn respond,
                              std::function<void()> then) {
    admit(req, id, address, respond,
          [req, respond, action, then = std::move(then)](domain::workspace, workspace_role role) {
              if (!protocol::workspace_may(role, action))
                  return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                      "your link to this workspace does not allow this"));
              then();
          });
}

http::message_generator workspace_api::show(const http_request& req, const domain::workspace& w,
                                            workspace_role role) const {
    return json_response(req, http::status::ok,
                         protocol::encode_workspace(w, role, [&](const domain::workspace_link& l) {
                             const std::string t = key_->workspace_token(w.id, l.nonce);
                             return hash_token(t) == l.token_hash ? t : std::string();
                         }));
}

void workspace_api::handle(http_request&& request, std::string_view path, const std::string& address,
                           respond_fn respond) {
    std::string_view rest = path.substr(prefix.size());
    std::string_view part;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        part = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (part != "links" && part != "sessions" && part != "portfolio" && part != "decisions" && part != "settings" &&
            part != portfolio_csv && part != workspace_json && part != "import")
            return respond(fail(request, http::status::not_found, errc::not_found, "no such API resource"));
    }
    const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
    const bool posted = part == "links" || part == "decisions" || part == "settings" || part == "import";
    if (posted && request.method() != http::verb::post) return respond(not_allowed(request, "POST"));
    if (!posted && !get) return respond(not_allowed(request, "GET, HEAD"));

    auto req = std::make_shared<const http_request>(std::move(request));
    const std::string id(rest);
    admit(req, id, address, respond,
          [this, req, part = std::string(part), respond](domain::workspace w, workspace_role role) {
              if (part.empty()) return respond(show(*req, w, role));
              if (part == "sessions")
                  return respond(json_response(*req, http::status::ok,
                                               protocol::encode_session_list(sessions_.sessions_of(w.id))));
              if (part == "portfolio") return portfolio(req, w, respond);
              if (part == portfolio_csv) {
                  if (!protocol::workspace_may(role, protocol::workspace_action::export_))
                      return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                          "your link to this workspace does not allow exports"));
                  return respond(portfolio_export(*req, w));
              }
              if (part == workspace_json) {
                  if (!protocol::workspace_may(role, protocol::workspace_action::archive))
                      return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                          "only the workspace's admin exports the whole workspace"));
                  return export_workspace(req, w, respond);
              }
              if (part == "decisions") {
                  if (!protocol::workspace_may(role, protocol::workspace_action::decide))
                      return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                          "only the workspace's managers and admin record decisions"));
                  return decide(req, w, respond);
              }
              if (part == "import") {
                  if (!protocol::workspace_may(role, protocol::workspace_action::import))
                      return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                          "only the workspace's admin imports sessions"));
                  return import(req, w, respond);
              }
              if (part == "settings") {
                  if (!protocol::workspace_may(role, protocol::workspace_action::change_settings))
                      return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                          "only the workspace's admin changes its settings"));
                  return change_settings(req, std::move(w), respond);
              }
              if (!protocol::workspace_may(role, protocol::workspace_action::manage_links))
                  return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                      "only the workspace's admin manages its links"));
              change_link(req, std::move(w), respond);
          });
}

void workspace_api::change_link(std::shared_ptr<const http_request> req, domain::workspace found, respond_fn respond) {
    if (auto refused = refuse_unless_json(*req)) return respond(std::move(*refused));
    auto change = protocol::parse_link_change(req->body());
    if (!change)
        return respond(json_response(*req, status_of(change.err().code), http_error_text(change.err())));
    if (change->role == workspace_role::admin && !change->renew)
        return respond(fail(*req, http::status::bad_request, errc::invalid_state,
                            "a workspace keeps its admin link: renew it instead"));
    std::optional<domain::workspace_link> renewal;
    if (change->renew)
        renewal = key_->new_workspace_link(
            found.id, change->role,
            std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    auto w = std::make_shared<domain::workspace>(std::move(found));
    const auto which = change->role;
    journal_.change_workspace_links(
        w->id, which, renewal, [this, req, w, which, renewal, respond](const storage::status& written) {
            if (!written.ok())
                return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                    "the database refused the write; nothing changed"));
            for (auto& l : w->links)
                if (l.role == which) l.active = false;
            if (renewal) w->links.push_back(*renewal);
            respond(show(*req, *w, workspace_role::admin));
        });
}

void workspace_api::portfolio(std::shared_ptr<const http_request> req, const domain::workspace& w,
                              respond_fn respond) {
    const std::string_view target = req->target();
    const auto mark = target.find('?');
    auto q = protocol::parse_portfolio_query(mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1));
    if (!q) return respond(json_response(*req, status_of(q.err().code), http_error_text(q.err())));
    if (!q->after) return respond(json_response(*req, http::status::ok, portfolio_text(w, q.value())));
    // Live: the answer waits for a change, or for portfolio_wait; with the workspace's
    // overload limit as it is then (the admin's change of it is one).
    sessions_.directory().when_portfolio_after(
        w.id, *q->after, portfolio_wait, sessions_.executor(),
        [this, req, w, query = std::move(q.value()), respond](std::uint64_t) {
            domain::workspace now = w;
            if (auto limit = sessions_.directory().overload_limit(w.id)) now.overload_limit = *limit;
            respond(json_response(*req, http::status::ok, portfolio_text(now, query)));
        });
}

http::message_generator workspace_api::portfolio_export(const http_request& req, const domain::workspace& w) const {
    const std::string_view target = req.target();
    const auto mark = target.find('?');
    auto q = protocol::parse_portfolio_query(mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1));
    if (!q) return json_response(req, status_of(q.err().code), http_error_text(q.err()));
    if (q->after)
        return fail(req, http::status::bad_request, errc::invalid_field,
                    "an export is the whole portfolio as it is: it takes no `after`");
    // Made from the portfolio's answer as this link reads it, so it never shows more.
    auto res = json_response(req, http::status::ok, portfolio_text(w, q.value(), portfolio_form::csv));
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition,
            "attachment; filename=\"" + protocol::export_filename(w.id, "portfolio.csv") + "\"");
    return res;
}

std::string workspace_api::portfolio_text(const domain::workspace& w, const protocol::portfolio_query& q,
                                          portfolio_form form) const {
    // The version (and what changed after `after`) first: a change after it is then
    // either in the parts read or, if not, makes the next request with this version
    // answer at once with it.
    const auto since = q.after ? sessions_.directory().portfolio_since(w.id, *q.after)
                               : session_directory::portfolio_changes{sessions_.directory().portfolio_version(w.id), {}};
    const auto sources = sessions_.portfolio_of(w.id);
    std::vector<const domain::portfolio_part*> parts;
    protocol::portfolio_answer a;
    for (const auto& s : sources) {
        parts.push_back(s.part.get());
        a.sessions.emplace(s.session.id, s.session);
    }
    a.version = since.version;
    a.complete = !since.rows;
    a.today = today_();
    a.overload_limit = w.overload_limit;
    a.running = domain::running_count(parts);
    a.spread = domain::spread_of(parts);
    // After a version this server gave: only the rows changed since.
    std::function<bool(const domain::trial_ref&)> changed;
    if (since.rows) changed = [&rows = *since.rows](const domain::trial_ref& r) { return rows.contains(r); };
    const auto entries = domain::assemble(parts, changed);
    a.selected = domain::select(entries, q.filter, q.sort, a.today);
    if (since.rows) {
        std::set<domain::trial_ref> kept;
        for (const auto* e : a.selected) kept.insert(e->ref());
        for (const auto& r : *since.rows)
            if (!kept.contains(r)) a.gone.push_back(r);
    }
    return form == portfolio_form::csv ? protocol::encode_portfolio_csv(a) : protocol::encode_portfolio(a);
}

struct workspace_api::workspace_export {
    std::shared_ptr<const http_request> req;
    respond_fn respond;
    std::string workspace;
    std::vector<std::string> sessions;  // ids, oldest first
    std::size_t next = 0;
    protocol::workspace_archive_writer doc;
};

void workspace_api::export_workspace(std::shared_ptr<const http_request> req, const domain::workspace& w,
                                     respond_fn respond) {
    auto listed = sessions_.sessions_of(w.id);
    std::sort(listed.begin(), listed.end(), [](const domain::session_listing& a, const domain::session_listing& b) {
        return a.info.created_at != b.info.created_at ? a.info.created_at < b.info.created_at : a.info.id < b.info.id;
    });
    std::vector<std::string> ids;
    ids.reserve(listed.size());
    for (auto& l : listed) ids.push_back(std::move(l.info.id));
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    export_next(std::make_shared<workspace_export>(
        workspace_export{std::move(req), std::move(respond), w.id, std::move(ids), 0, {w, now}}));
}

void workspace_api::export_next(std::shared_ptr<workspace_export> job) {
    if (job->next == job->sessions.size()) {
        auto res = json_response(*job->req, http::status::ok, std::move(job->doc).finish());
        res.set(http::field::content_disposition,
                "attachment; filename=\"" + protocol::export_filename(job->workspace, "workspace.json") + "\"");
        return job->respond(std::move(res));
    }
    // One session at a time, each as its own session.json gives it now: its room's
    // state is taken on its strand alone, never every room's at once.
    const std::string id = job->sessions[job->next++];
    outcome_api::read_archive(sessions_, journal_, id, [this, job](domain::result<std::string> text) {
        if (!text && text.err().code != errc::session_not_found)
            return job->respond(json_response(*job->req, status_of(text.err().code),
                                              http_error_text(text.err())));
        // A session deleted since it was listed is no longer the workspace's: left out.
        if (text) {
            if (auto added = job->doc.add(text.value()); !added)
                return job->respond(json_response(*job->req, status_of(added.err().code),
                                                  http_error_text(added.err())));
        }
        // Posted, not called: a run of deleted sessions answered at once must not deepen the stack.
        boost::asio::post(sessions_.executor(), [this, job] { export_next(job); });
    });
}

void workspace_api::decide(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond) {
    if (auto refused = refuse_unless_json(*req)) return respond(std::move(*refused));
    auto parsed = protocol::parse_portfolio_decision(req->body());
    if (!parsed)
        return respond(json_response(*req, status_of(parsed.err().code), http_error_text(parsed.err())));
    auto home = sessions_.find_by_id(parsed->session);
    if (!home)
        return respond(fail(*req, http::status::not_found, errc::session_not_found, "the workspace has no such session"));
    if (home->info().workspace_id != w.id)
        return respond(fail(*req, http::status::forbidden, errc::forbidden,
                            "that session belongs to another workspace, or to none"));
    home->decide_for_workspace(
        parsed->decision, parsed->name, [this, req, respond, workspace = w.id](domain::result<domain::decision> d) {
            if (!d)
                return respond(json_response(*req, status_of(d.err().code), http_error_text(d.err())));
            respond(json_response(*req, http::status::ok,
                                  protocol::encode_portfolio_decision(d.value(),
                                                                      sessions_.directory().portfolio_version(workspace))));
        });
}

void workspace_api::import(std::shared_ptr<const http_request> req, const domain::workspace& w, respond_fn respond) {
    if (auto refused = refuse_unless_json(*req)) return respond(std::move(*refused));
    // Reading up to 16 MiB of JSON is not for the journal's thread (where the link was
    // checked): on the network threads.
    boost::asio::post(sessions_.executor(),
                      [this, req, workspace = w.id, respond] { import_now(req, workspace, respond); });
}

void workspace_api::import_now(std::shared_ptr<const http_request> req, const std::string& workspace,
                               respond_fn respond) {
    auto archive = protocol::decode_archive(req->body());
    if (!archive) {
        const auto status = archive.err().code == errc::too_long && archive.err().field.empty()
                                ? http::status::payload_too_large
                                : status_of(archive.err().code);
        return respond(json_response(*req, status, http_error_text(archive.err())));
    }
    sessions_.import(std::move(archive.value()), workspace, [req, respond](domain::result<registry::imported> done) {
        if (!done)
            return respond(json_response(*req, status_of(done.err().code), http_error_text(done.err())));
        respond(json_response(*req, http::status::created,
                              protocol::encode_imported_session(done->info, done->links)));
    });
}

void workspace_api::change_settings(std::shared_ptr<const http_request> req, domain::workspace found,
                                    respond_fn respond) {
    if (auto refused = refuse_unless_json(*req)) return respond(std::move(*refused));
    auto change = protocol::parse_workspace_settings(req->body());
    if (!change)
        return respond(json_response(*req, status_of(change.err().code), http_error_text(change.err())));
    auto w = std::make_shared<domain::workspace>(std::move(found));
    if (change->overload_limit) w->overload_limit = *change->overload_limit;
    if (change->retention_months) w->retention_months = *change->retention_months;
    journal_.change_workspace_settings(
        w->id, w->overload_limit, w->retention_months, [this, req, w, respond](const storage::status& written) {
            if (!written.ok())
                return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                    "the database refused the write; nothing changed"));
            sessions_.directory().set_overload_limit(w->id, w->overload_limit);
            sessions_.directory().portfolio_changed(w->id, {});  // its warning may have changed
            // A shorter retention may make some sessions' names due at once.
            if (retention_changed_) retention_changed_();
            respond(show(*req, *w, workspace_role::admin));
        });
}

}  // namespace samskab::server
