// Errors of connections (see connection_failure.hpp).
#include "net/connection_failure.hpp"

#include "net/log.hpp"
#include "net/log_events.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

#include <string>

namespace samskab::server {

namespace asio = boost::asio;
namespace beast = boost::beast;

bool ordinary_end(const boost::system::error_code& ec) {
    return ec == asio::error::operation_aborted || ec == beast::websocket::error::closed ||
           ec == beast::http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe;
}

void log_failure(const boost::system::error_code& ec, std::string_view what) {
    if (!ec || ordinary_end(ec) || !log::debug_enabled()) return;
    log::write(log::events::connection_failed, {{"what", what}, {"reason", ec.message()}});
}

}  // namespace samskab::server
