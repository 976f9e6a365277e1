// What every connection needs from the server: the routes, the sessions and the
// tracker. Owned by the server; outlives every connection.
#pragma once

#include "net/http_routes.hpp"
#include "net/registry.hpp"
#include "net/tracker.hpp"

namespace samskab::server {

struct server_context {
    http_routes& routes;
    registry& sessions;
    tracker& connections;
};

}  // namespace samskab::server
