// HTTP routes (see http_routes.hpp).
#include "net/http_routes.hpp"

#include "net/error_text.hpp"

#include "net/http_reply.hpp"

#include "domain/join_code.hpp"
#include "net/version.hpp"
#include "protocol/encoder.hpp"
#include "protocol/limits.hpp"
#include "protocol/parser.hpp"
#include "protocol/workspace_rules.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/span_body.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace samskab::server {

namespace beast = boost::beast;
namespace http = beast::http;
using domain::errc;
using domain::error;

http_routes::http_routes(registry& reg, const storage::journal& j, address_guard& guard, const static_files& files,
                         workspace_api& workspaces, outcome_api& outcomes, deletion_api& deletions,
                         const readiness_monitor& readiness)
    : registry_(reg),
      journal_(j),
      guard_(guard),
      files_(files),
      workspaces_(workspaces),
      outcomes_(outcomes),
      deletions_(deletions),
      readiness_(readiness) {}

http::message_generator http_routes::error_response(unsigned version, bool keep_alive, http::status status,
                                                    const error& e) {
    return json_response(version, keep_alive, status, http_error_text(e));
}

std::uint64_t http_routes::body_limit(const http_request& head) {
    return workspace_api::import_target(head) ? protocol::max_archive_bytes : protocol::max_http_body_bytes;
}

void http_routes::admit_body(const http_request& head, const std::string& address, respond_fn refuse,
                             std::function<void()> read_body) {
    const auto workspace = workspace_api::import_target(head);
    if (!workspace) return read_body();
    // The head alone, answered with Connection: close (the body stays unread).
    auto req = std::make_shared<http_request>();
    req->base() = head.base();
    req->keep_alive(false);
    workspaces_.authorize(std::move(req), std::string(*workspace), address, protocol::workspace_action::import,
                          std::move(refuse), std::move(read_body));
}

void http_routes::handle(http_request&& req, const std::string& address, respond_fn respond) {
    std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    const bool get = req.method() == http::verb::get || req.method() == http::verb::head;

    if (path == "/api/sessions") {
        if (req.method() != http::verb::post) return respond(not_allowed(req, "POST"));
        return create_session(std::move(req), address, std::move(respond));
    }
    if (auto session = outcome_api::session_of(path)) {
        const std::string id(*session);  // req moves on
        return outcomes_.handle(std::move(req), id, address, std::move(respond));
    }
    if (auto session = outcome_api::history_of(path)) {
        const std::string id(*session);  // req moves on
        return outcomes_.handle(std::move(req), id, address, std::move(respond), std::nullopt,
                                outcome_api::asked::history);
    }
    if (auto exported = outcome_api::export_of(path)) {
        if (exported->file == outcome_api::archive_file) {
            const std::string id(exported->session);
            return outcomes_.handle(std::move(req), id, address, std::move(respond), std::nullopt,
                                    outcome_api::asked::archive);
        }
        const auto kind = protocol::export_kind_of(exported->file);
        if (!kind) return respond(fail(req, http::status::not_found, errc::not_found, "no such export"));
        const std::string id(exported->session);  // req moves on
        return outcomes_.handle(std::move(req), id, address, std::move(respond), kind);
    }
    if (auto session = deletion_api::session_of(path); session && req.method() == http::verb::delete_) {
        const std::string id(*session);  // req moves on
        return deletions_.handle(std::move(req), id, address, std::move(respond));
    }
    if (path.starts_with("/api/sessions/")) {
        if (!get) return respond(not_allowed(req, "GET, HEAD, DELETE"));
        return respond(session_summary(req, path.substr(std::string_view("/api/sessions/").size()), address));
    }
    if (path.starts_with(workspace_api::prefix)) {
        const std::string copy(path);  // req moves on
        return workspaces_.handle(std::move(req), copy, address, std::move(respond));
    }
    if (path.starts_with("/api/") || path == "/api")
        return respond(fail(req, http::status::not_found, errc::not_found, "no such API resource"));
    if (path == "/healthz") {
        if (!get) return respond(not_allowed(req, "GET, HEAD"));
        return respond(health(req));
    }
    if (path == "/readyz") {
        if (!get) return respond(not_allowed(req, "GET, HEAD"));
        return respond(ready(req));
    }
    if (path == "/metrics") {
        if (!get) return respond(not_allowed(req, "GET, HEAD"));
        return respond(metrics_text(req, address));
    }
    if (path == "/ws")  // only WebSocket upgrades are served here (see http_session)
        return respond(fail(req, http::status::upgrade_required, errc::invalid_field, "connect with a WebSocket"));
    if (!get) return respond(not_allowed(req, "GET, HEAD"));
    respond(serve_file(req));
}

void http_routes::create_session(http_request&& req, const std::string& address, respond_fn respond) {
    if (auto a = guard_.may_create(address); !a)
        return respond(too_many(req, a, "too many sessions created from your address; try again later"));
    if (auto refused = refuse_unless_json(req)) return respond(std::move(*refused));
    auto parsed = protocol::parse_create_session(req.body());
    if (!parsed) return respond(json_response(req, status_of(parsed.err().code), http_error_text(parsed.err())));

    if (!parsed->follow_up.empty())
        if (auto a = guard_.may_attempt(address); !a)
            return respond(too_many(req, a, "too many failed attempts from your address; try again later"));
    const std::optional<std::string> workspace = parsed->workspace;
    auto create = [this, address, version = req.version(), keep_alive = req.keep_alive(), respond,
                   request = std::move(parsed.value())](bool vouched) mutable {
        request.vouched_by_workspace = vouched;
        registry_.create(std::move(request), [this, address, version, keep_alive,
                                              respond = std::move(respond)](domain::result<created_session> r) {
            if (!r) {
                // A wrong code or token of the session to follow up is a guess.
                if (r.err().code == errc::session_not_found || r.err().code == errc::invalid_token)
                    guard_.failed(address);
                return respond(
                    json_response(version, keep_alive, status_of(r.err().code), http_error_text(r.err())));
            }
            auto res = json_response(version, keep_alive, http::status::created,
                                     protocol::encode_created_session(r->info, r->facilitator_token));
            res.set(http::field::location, "/api/sessions/" + r->info.code);
            respond(std::move(res));
        });
    };
    // In a workspace: with a link that may start workshops (its admin's or a facilitator's).
    if (workspace) {
        return workspaces_.authorize(std::make_shared<const http_request>(std::move(req)), *workspace, address,
                                     protocol::workspace_action::start_workshop,
                                     std::move(respond), [create = std::move(create)]() mutable { create(true); });
    }
    create(false);
}

http::message_generator http_routes::session_summary(const http_request& req, std::string_view raw_code,
                                                     const std::string& address) {
    // Looking codes up is how one would guess them: misses are counted per address.
    if (auto a = guard_.may_attempt(address); !a)
        return too_many(req, a, "too many unknown codes from your address; try again later");
    auto code = domain::normalize_join_code(raw_code);
    auto r = code ? registry_.find_by_code(*code) : nullptr;
    if (!r) {
        guard_.failed(address);
        return fail(req, http::status::not_found, errc::session_not_found, "no session has this code");
    }
    return json_response(req, http::status::ok, protocol::encode_session_summary(r->info()));
}

http::message_generator http_routes::health(const http_request& req) {
    const bool ok = journal_.healthy();
    return json_response(req, ok ? http::status::ok : http::status::service_unavailable,
                         protocol::encode_health(version_text, ok));
}

http::message_generator http_routes::ready(const http_request& req) {
    const auto state = readiness_.state();
    return json_response(req, state == protocol::readiness::ready ? http::status::ok : http::status::service_unavailable,
                         protocol::encode_readiness(version_text, state));
}

void http_routes::serve_metrics(metrics::allowlist from, metrics::levels levels) {
    metrics_from_ = std::move(from);
    metrics_levels_ = std::move(levels);
}

http::message_generator http_routes::metrics_text(const http_request& req, const std::string& address) {
    // The client's address as http_session names it: behind a trusted proxy, the one the
    // proxy names, so that a proxy on loopback does not open /metrics to everyone.
    if (!metrics_from_.allows(address))
        return fail(req, http::status::forbidden, errc::forbidden,
                    "metrics are served only to the addresses --metrics-from allows");
    http::response<http::string_body> res{http::status::ok, req.version()};
    add_common_headers(res);
    res.set(http::field::content_type, metrics::content_type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = metrics::render(metrics_levels_);
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();
    return res;
}

http::message_generator http_routes::serve_file(const http_request& req) {
    const std::string_view target = req.target();
    // The path is only a key in the fixed set of files read at start-up (static_files).
    const static_file* file = files_.find(target.substr(0, target.find('?')));
    if (!file) return fail(req, http::status::not_found, errc::not_found, "not found");

    auto headers = [&](auto& res) {
        add_common_headers(res);
        res.set(http::field::content_type, file->content_type);
        // Revalidate every time: after an upgrade nobody runs a stale client.
        res.set(http::field::cache_control, "no-cache");
        res.set(http::field::etag, file->etag);
        res.keep_alive(req.keep_alive());
    };
    if (req[http::field::if_none_match] == file->etag) {
        http::response<http::empty_body> res{http::status::not_modified, req.version()};
        headers(res);
        return res;
    }
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{http::status::ok, req.version()};
        headers(res);
        res.content_length(file->body.size());
        return res;
    }
    http::response<http::span_body<const char>> res{std::piecewise_construct,
                                                     std::make_tuple(file->body.data(), file->body.size()),
                                                     std::make_tuple(http::status::ok, req.version())};
    headers(res);
    res.content_length(file->body.size());
    return res;
}

}  // namespace samskab::server
