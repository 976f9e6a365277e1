// Accepting connections (see listener.hpp).
#include "net/listener.hpp"

#include "net/http_session.hpp"
#include "net/log.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

listener::listener(asio::io_context& ioc, server_context& ctx)
    : ioc_(ioc), ctx_(ctx), acceptor_(asio::make_strand(ioc)), retry_(acceptor_.get_executor()) {}

beast::error_code listener::open(const tcp::endpoint& at) {
    beast::error_code ec;
    acceptor_.open(at.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(at, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        beast::error_code ignored;
        acceptor_.close(ignored);
    }
    return ec;
}

tcp::endpoint listener::local_endpoint() const {
    beast::error_code ec;
    return acceptor_.local_endpoint(ec);
}

void listener::run() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->retry_.cancel();
        self->acceptor_.close(ec);
    });
}

void listener::do_accept() {
    if (!acceptor_.is_open()) return;
    // Each connection gets its own strand.
    acceptor_.async_accept(asio::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
        // EMFILE, ENFILE, ENOBUFS: the connection stays in the backlog; try again
        // once something had a chance to close, without burning a core meanwhile.
        log::warn("accept failed: " + ec.message() + "; retrying in 100 ms");
        retry_.expires_after(std::chrono::milliseconds(100));
        retry_.async_wait([self = shared_from_this()](beast::error_code e) {
            if (!e) self->do_accept();
        });
        return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<http_session>(std::move(socket), ctx_)->run();
    do_accept();
}

}  // namespace samskab::server
