// What every connection needs from the server: the routes, the sessions and the
// tracker. Owned by the server; outlives every connection.
#pragma once

#include "net/guard.hpp"
#include "net/http_routes.hpp"
#include "net/registry.hpp"
#include "net/tracker.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace samskab::server {

struct server_context {
    http_routes& routes;
    registry& sessions;
    tracker& connections;
    address_guard& guard;
    // Origins allowed to open WebSockets besides the server's own (see http_session).
    std::vector<std::string> allowed_origins;
    // Addresses of reverse proxies that name the real client in X-Forwarded-For.
    std::vector<std::string> trusted_proxies;
    // Time a client has to send a whole HTTP request (the guard against slow-loris).
    std::chrono::seconds request_timeout{30};
    // Silence after which a WebSocket is closed; it is pinged halfway.
    std::chrono::seconds idle_timeout{60};
};

}  // namespace samskab::server
