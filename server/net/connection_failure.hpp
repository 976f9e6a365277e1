// What the connections' completion handlers do with an error before their clean-up
// (Beast's fail(ec, what)): the ways a connection ends in the ordinary course are left
// out of the log; anything else is logged at debug level (--verbose), so that a
// dropped connection is never silently swallowed and never floods the log either.
//
// Threading: any thread. Logs the error and the operation only, never what was sent.
#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>

namespace samskab::server {

// Whether ec is how a connection ends in the ordinary course: the server cancelled the
// operation (shutdown, a replaced timer), the WebSocket closing handshake finished, or
// the client closed or reset the connection.
bool ordinary_end(const boost::system::error_code& ec);

// Logs "<what>: <error>" at debug level unless ordinary_end(ec). what names the
// connection's kind and the operation, e.g. "WebSocket read".
void log_failure(const boost::system::error_code& ec, std::string_view what);

}  // namespace samskab::server
