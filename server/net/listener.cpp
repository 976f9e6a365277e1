// Accepting connections (see listener.hpp).
#include "net/listener.hpp"

#include "net/http_session.hpp"
#include "net/log.hpp"
#include "net/metrics.hpp"
#include "net/log_events.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include <algorithm>
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

// A client address with too many connections open gets a short 429 and is closed,
// without reading its request.
void listener::refuse(tcp::socket socket) {
    static const std::string response = [] {
        const std::string body = R"({"error":{"code":"rate_limited","message":"too many connections from your address"}})";
        return "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 10\r\n"
               "Connection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*s, asio::buffer(response), [s](beast::error_code, std::size_t) {
        beast::error_code ignored;
        s->shutdown(tcp::socket::shutdown_both, ignored);
        s->close(ignored);
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
        log::write(log::events::accept_failed, {{"reason", ec.message()}, {"retry_seconds", std::chrono::milliseconds(100)}});
        retry_.expires_after(std::chrono::milliseconds(100));
        retry_.async_wait([self = shared_from_this()](beast::error_code e) {
            if (!e) self->do_accept();
        });
        return;
    }
    metrics::connection_accepted();
    beast::error_code ec2;
    socket.set_option(tcp::no_delay(true), ec2);
    const auto peer = socket.remote_endpoint(ec2);
    const std::string addr = ec2 ? std::string("unknown") : peer.address().to_string();
    // A trusted proxy's connections are counted per client once its request names them.
    const bool proxy = std::find(ctx_.trusted_proxies.begin(), ctx_.trusted_proxies.end(), addr) != ctx_.trusted_proxies.end();
    if (proxy) {
        std::make_shared<http_session>(std::move(socket), ctx_, connection_slot(), addr)->run();
    } else if (ctx_.guard.connect(addr)) {
        std::make_shared<http_session>(std::move(socket), ctx_, connection_slot(ctx_.guard, addr), addr)->run();
    } else {
        refuse(std::move(socket));
    }
    do_accept();
}

}  // namespace samskab::server
