// The server's HTTP answers (see http_reply.hpp).
#include "net/http_reply.hpp"

#include "net/error_text.hpp"

#include "net/version.hpp"
#include "protocol/encoder.hpp"

namespace samskab::server {

namespace beast = boost::beast;
namespace http = beast::http;
using domain::errc;
using domain::error;

namespace {

constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

void add_common_headers(http::response_header<>& res) {
    res.set(http::field::server, server_name);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Content-Security-Policy", content_security_policy);
}

http::response<http::string_body> json_response(unsigned version, bool keep_alive, http::status status,
                                                std::string body) {
    http::response<http::string_body> res{status, version};
    add_common_headers(res);
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(keep_alive);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http::response<http::string_body> json_response(const http_request& req, http::status status, std::string body) {
    auto res = json_response(req.version(), req.keep_alive(), status, std::move(body));
    if (req.method() == http::verb::head) {
        res.body().clear();  // keeps the Content-Length of the body a GET would get
    }
    return res;
}

http::message_generator fail(const http_request& req, http::status status, errc code, std::string message) {
    return json_response(req, status, http_error_text(error::make(code, std::move(message))));
}

http::message_generator not_allowed(const http_request& req, std::string_view allow) {
    auto res = json_response(req, http::status::method_not_allowed,
                             http_error_text(error::make(errc::method_not_allowed, "method not allowed")));
    res.set(http::field::allow, allow);
    return res;
}

http::message_generator too_many(const http_request& req, const admission& a, std::string message) {
    auto res = json_response(req, http::status::too_many_requests,
                             http_error_text(error::slow_down(std::move(message), a.retry_after_s)));
    res.set(http::field::retry_after, std::to_string(a.retry_after_s));
    return res;
}

std::optional<http::message_generator> refuse_unless_json(const http_request& req) {
    const std::string_view type = req[http::field::content_type];
    if (beast::iequals(type.substr(0, type.find(';')), "application/json")) return std::nullopt;
    auto e = error::in_field(errc::invalid_field, "Content-Type", "send the body as application/json");
    return json_response(req, http::status::unsupported_media_type, http_error_text(e));
}

http::status status_of(errc code) {
    switch (code) {
    case errc::storage_unavailable: return http::status::service_unavailable;
    case errc::invalid_token:
    case errc::forbidden: return http::status::forbidden;
    case errc::credentials_required: return http::status::unauthorized;
    case errc::rate_limited: return http::status::too_many_requests;
    case errc::session_not_found:
    case errc::not_found: return http::status::not_found;
    case errc::internal_error: return http::status::internal_server_error;
    default: return http::status::bad_request;
    }
}

}  // namespace samskab::server
