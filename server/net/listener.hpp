// listener: accepts TCP connections and starts an http_session for each, on a strand
// of its own. When accepting fails for lack of file descriptors it waits a moment and
// tries again, instead of spinning.
#pragma once

#include "net/server_context.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <memory>

namespace samskab::server {

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(boost::asio::io_context& ioc, server_context& ctx);

    // Opens, binds and listens. On failure returns the error and stays closed.
    boost::beast::error_code open(const boost::asio::ip::tcp::endpoint& at);
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    void run();
    // Stops accepting. Thread-safe.
    void stop();

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
    void refuse(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    server_context& ctx_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
};

}  // namespace samskab::server
