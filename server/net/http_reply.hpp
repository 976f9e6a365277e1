// The server's HTTP answers: JSON bodies and typed errors with the headers every answer
// carries (security headers, no caching of API answers). Shared by http_routes and
// workspace_api.
#pragma once

#include "domain/error.hpp"
#include "net/guard.hpp"

#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace samskab::server {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;

// The headers every answer carries: the server's name and the security headers.
void add_common_headers(boost::beast::http::response_header<>& res);

// A JSON answer that is not cached.
boost::beast::http::response<boost::beast::http::string_body> json_response(unsigned version, bool keep_alive,
                                                                           boost::beast::http::status status,
                                                                           std::string body);
// The same for req (a HEAD gets no body but the Content-Length a GET would get).
boost::beast::http::response<boost::beast::http::string_body> json_response(const http_request& req,
                                                                           boost::beast::http::status status,
                                                                           std::string body);

// A typed error, as PROTOCOL.md's Errors table gives it.
boost::beast::http::message_generator fail(const http_request& req, boost::beast::http::status status,
                                           domain::errc code, std::string message);
// 405 with the methods the resource takes.
boost::beast::http::message_generator not_allowed(const http_request& req, std::string_view allow);
// 429 with Retry-After.
boost::beast::http::message_generator too_many(const http_request& req, const admission& a, std::string message);
// 415 if req's body is not declared application/json (the API's bodies must be),
// otherwise nothing.
std::optional<boost::beast::http::message_generator> refuse_unless_json(const http_request& req);
// The HTTP status of an error code (PROTOCOL.md's Errors table).
boost::beast::http::status status_of(domain::errc code);

}  // namespace samskab::server
