// http_routes: what the server answers to HTTP requests that are not WebSocket
// upgrades: the API (see PROTOCOL.md, "HTTP API"; workspaces and outcome reports in
// workspace_api and outcome_api), /healthz, /readyz and the web client's files.
// It parses nothing itself (protocol/ does) and does no socket I/O (http_session does).
//
// Threading: handle() may be called from any thread; respond is called exactly once,
// either before handle returns or later from the journal's thread or a room's strand.
#pragma once

#include "net/deletion_api.hpp"
#include "net/guard.hpp"
#include "net/http_reply.hpp"
#include "net/metrics.hpp"
#include "net/outcome_api.hpp"
#include "net/readiness.hpp"
#include "net/registry.hpp"
#include "net/static_files.hpp"
#include "net/workspace_api.hpp"
#include "storage/journal.hpp"

#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace samskab::server {

using respond_fn = std::function<void(boost::beast::http::message_generator)>;

class http_routes {
public:
    // files must outlive every response handed out (they point into it).
    http_routes(registry& reg, const storage::journal& j, address_guard& guard, const static_files& files,
                workspace_api& workspaces, outcome_api& outcomes, deletion_api& deletions,
                const readiness_monitor& readiness);

    // Serves GET /metrics (metrics.hpp) to the clients `from` allows (until called: from
    // loopback), with `levels` read at each request. Call before serving.
    void serve_metrics(metrics::allowlist from, metrics::levels levels);

    // Answers req from the client at `address` (for the limits per address).
    void handle(http_request&& req, const std::string& address, respond_fn respond);

    // The largest body a request with this head may have (limits.json): max_archive_bytes
    // for a session archive (POST /api/workspaces/{id}/import), max_http_body_bytes for
    // every other request.
    static std::uint64_t body_limit(const http_request& head);

    // Whether the body of a request with this head may be read now. A session archive's
    // only once the request's workspace link is found to be the admin's, so that nobody
    // without it makes the server read (and hold) megabytes: read_body() is then called
    // (from the journal's thread), or else refuse with the typed refusal (401, 403, 429 or
    // 503; the connection is to close after it, since its body is left unread). Every
    // other body may be read at once (read_body() before this returns).
    void admit_body(const http_request& head, const std::string& address, respond_fn refuse,
                    std::function<void()> read_body);

    // A JSON error response, for http_session's own errors (413, 431, 400).
    static boost::beast::http::message_generator error_response(unsigned version, bool keep_alive,
                                                                boost::beast::http::status status,
                                                                const domain::error& e);

private:
    void create_session(http_request&& req, const std::string& address, respond_fn respond);
    boost::beast::http::message_generator session_summary(const http_request& req, std::string_view code,
                                                          const std::string& address);
    boost::beast::http::message_generator health(const http_request& req);
    boost::beast::http::message_generator ready(const http_request& req);
    boost::beast::http::message_generator serve_file(const http_request& req);
    boost::beast::http::message_generator metrics_text(const http_request& req, const std::string& address);

    registry& registry_;
    const storage::journal& journal_;
    address_guard& guard_;
    const static_files& files_;
    workspace_api& workspaces_;
    outcome_api& outcomes_;
    deletion_api& deletions_;
    const readiness_monitor& readiness_;
    metrics::allowlist metrics_from_;
    metrics::levels metrics_levels_;
};

}  // namespace samskab::server
