// The HTTP API of workspaces (see workspace_api.hpp).
#include "net/workspace_api.hpp"

#include "net/secrets.hpp"
#include "protocol/encoder.hpp"
#include "protocol/parser.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

namespace samskab::server {

namespace beast = boost::beast;
namespace http = beast::http;
using domain::errc;
using domain::error;

namespace {

constexpr std::size_t max_token_chars = 128;

bool base64url_text(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// The token of `Authorization: Bearer TOKEN`, "" if there is none, nullopt if the header
// is there but is not a bearer token of the right shape.
std::optional<std::string> bearer_token(const http_request& req) {
    const std::string_view value = req[http::field::authorization];
    if (value.empty()) return std::string();
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() <= scheme.size() || !beast::iequals(value.substr(0, scheme.size()), scheme)) return std::nullopt;
    const std::string_view token = value.substr(scheme.size());
    if (token.size() > max_token_chars || !base64url_text(token)) return std::nullopt;
    return std::string(token);
}

// The role the link with this token's hash gives in w, if an active one has it.
std::optional<domain::workspace_role> role_of(const domain::workspace& w, const std::string& token_hash) {
    for (const auto& l : w.links)
        if (l.active && l.token_hash == token_hash) return l.role;
    return std::nullopt;
}

}  // namespace

workspace_api::workspace_api(storage::journal& j, address_guard& guard, std::shared_ptr<const server_key> key)
    : journal_(j), guard_(guard), key_(std::move(key)) {}

void workspace_api::handle(http_request&& req, std::string_view path, const std::string& address,
                           respond_fn respond) {
    std::string_view rest = path.substr(prefix.size());
    bool links = false;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (rest.substr(slash) != "/links")
            return respond(fail(req, http::status::not_found, errc::not_found, "no such API resource"));
        links = true;
        rest = rest.substr(0, slash);
    }
    const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
    if (links && req.method() != http::verb::post) return respond(not_allowed(req, "POST"));
    if (!links && !get) return respond(not_allowed(req, "GET, HEAD"));

    // Trying links is how one would guess them: failures are counted per address.
    if (auto a = guard_.may_attempt(address); !a)
        return respond(too_many(req, a, "too many failed attempts from your address; try again later"));
    const auto token = bearer_token(req);
    if (token && token->empty()) {
        auto res = json_response(req, http::status::unauthorized,
                                 protocol::encode_http_error(error::make(
                                     errc::credentials_required, "send the link's token as Authorization: Bearer")));
        res.set(http::field::www_authenticate, "Bearer");
        return respond(std::move(res));
    }
    auto refuse = [this, address](const http_request& r) {
        guard_.failed(address);
        return fail(r, http::status::forbidden, errc::invalid_token, "no active link of this workspace has this token");
    };
    const std::string id(rest);
    if (!token || id.size() != 16 || !base64url_text(id)) return respond(refuse(req));

    auto shared = std::make_shared<http_request>(std::move(req));
    journal_.read_workspace(id, [this, shared, links, hash = hash_token(*token),
                                 respond = std::move(respond), refuse](const storage::status& st,
                                                                       std::optional<domain::workspace> found) {
        const http_request& req = *shared;
        if (!st.ok())
            return respond(fail(req, http::status::service_unavailable, errc::storage_unavailable,
                                "the database could not be read; try again"));
        const auto role = found ? role_of(*found, hash) : std::nullopt;
        if (!role) return respond(refuse(req));
        auto show = [this, shared](const domain::workspace& w, domain::workspace_role r) {
            return json_response(*shared, http::status::ok,
                                 protocol::encode_workspace(w, r, [&](const domain::workspace_link& l) {
                                     const std::string t = key_->workspace_token(w.id, l.nonce);
                                     return hash_token(t) == l.token_hash ? t : std::string();
                                 }));
        };
        if (!links) return respond(show(*found, *role));

        if (*role != domain::workspace_role::admin)
            return respond(fail(req, http::status::forbidden, errc::forbidden, "only the workspace's admin manages its links"));
        const std::string_view type = req[http::field::content_type];
        if (!beast::iequals(type.substr(0, type.find(';')), "application/json")) {
            auto e = error::in_field(errc::invalid_field, "Content-Type", "send the body as application/json");
            return respond(json_response(req, http::status::unsupported_media_type, protocol::encode_http_error(e)));
        }
        auto change = protocol::parse_link_change(req.body());
        if (!change)
            return respond(json_response(req, status_of(change.err().code), protocol::encode_http_error(change.err())));
        if (change->role == domain::workspace_role::admin && !change->renew)
            return respond(fail(req, http::status::bad_request, errc::invalid_state,
                                "a workspace keeps its admin link: renew it instead"));
        std::optional<domain::workspace_link> renewal;
        if (change->renew)
            renewal = key_->new_workspace_link(
                found->id, change->role,
                std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
        auto w = std::make_shared<domain::workspace>(std::move(*found));
        const auto which = change->role;
        journal_.change_workspace_links(w->id, which, renewal,
                                        [shared, w, which, renewal, respond, show](const storage::status& written) {
                                            if (!written.ok())
                                                return respond(fail(*shared, http::status::service_unavailable,
                                                                    errc::storage_unavailable,
                                                                    "the database refused the write; nothing changed"));
                                            for (auto& l : w->links)
                                                if (l.role == which) l.active = false;
                                            if (renewal) w->links.push_back(*renewal);
                                            respond(show(*w, domain::workspace_role::admin));
                                        });
    });
}

}  // namespace samskab::server
