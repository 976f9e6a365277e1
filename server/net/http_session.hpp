// http_session: one HTTP connection. Reads requests (with size limits and a timeout
// against slow clients), lets http_routes answer them, and hands WebSocket upgrades
// to /ws over to a ws_session.
//
// Threading: all work runs on the socket's strand.
#pragma once

#include "net/guard.hpp"
#include "net/server_context.hpp"
#include "net/tracker.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>
#include <string_view>

namespace samskab::server {

class http_session : public closable, public std::enable_shared_from_this<http_session> {
public:
    // slot counts the connection for its client address until the session ends (or
    // passes it on to the WebSocket session it upgrades to); it is empty for a trusted
    // proxy's connection, whose clients are named per request. peer is the address
    // the connection comes from.
    http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot, std::string peer);
    ~http_session() override;

    void run();
    void shutdown() override;

private:
    void do_read();
    // Reads until the buffer holds the request's whole head, checking its raw bytes on
    // the way (request_framing), then parses it and checks its framing.
    void read_head();
    void on_read_head(boost::beast::error_code ec, std::size_t bytes);
    // Parses the head, checks its framing and its body's size, and reads the body once
    // http_routes::admit_body lets it.
    void parse_head(std::size_t size);
    // Answers `Expect: 100-continue`, then reads the body.
    void read_body();
    void read_whole_body();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    // Answers bad input with the error and closes the connection after it.
    void refuse(boost::beast::http::status status, const domain::error& e);
    // A read that failed: a malformed or oversized request is refused; for anything
    // else the connection fails.
    void read_failed(boost::beast::error_code ec);
    // Logs the error unless it is how connections normally end (connection_failure.hpp)
    // and closes the connection.
    void fail(boost::beast::error_code ec, std::string_view what);
    void send(boost::beast::http::message_generator msg);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void do_close();
    // Whether an upgrade request comes from a page the server may serve WebSockets to.
    bool origin_allowed(const http_request& req) const;
    // The client a request is from: the peer, or for a trusted proxy the last address of
    // the last X-Forwarded-For line.
    std::string client_of(const http_request& req) const;

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::size_t head_scanned_ = 0;  // where read_head goes on scanning the buffer
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    server_context& ctx_;
    connection_slot slot_;
    const std::string peer_;
    const bool proxied_;
    bool shutting_down_ = false;
};

}  // namespace samskab::server
