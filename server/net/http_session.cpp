// One HTTP connection (see http_session.hpp).
#include "net/http_session.hpp"

#include "net/connection_failure.hpp"
#include "net/request_framing.hpp"
#include "net/ws_session.hpp"
#include "protocol/limits.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using domain::errc;
using domain::error;

namespace {

constexpr std::uint32_t header_limit = 8 * 1024;

}  // namespace

http_session::http_session(asio::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot, std::string peer)
    : stream_(std::move(socket)),
      ctx_(ctx),
      slot_(std::move(slot)),
      peer_(std::move(peer)),
      proxied_(std::find(ctx.trusted_proxies.begin(), ctx.trusted_proxies.end(), peer_) != ctx.trusted_proxies.end()) {}

std::string http_session::client_of(const http_request& req) const {
    if (!proxied_) return peer_;
    // The proxy appends the address it received the request from: the last entry of the
    // last X-Forwarded-For line. Repeated lines are one list (RFC 9110, 5.3), and a proxy
    // may add a line of its own after the client's rather than extend it (HAProxy's
    // option forwardfor does): the first line may be the client's invention.
    std::string_view forwarded;
    const auto lines = req.equal_range("X-Forwarded-For");
    for (auto line = lines.first; line != lines.second; ++line) forwarded = line->value();
    if (forwarded.empty()) return peer_;
    if (auto comma = forwarded.rfind(','); comma != std::string_view::npos) forwarded.remove_prefix(comma + 1);
    while (!forwarded.empty() && forwarded.front() == ' ') forwarded.remove_prefix(1);
    while (!forwarded.empty() && forwarded.back() == ' ') forwarded.remove_suffix(1);
    return forwarded.empty() ? peer_ : std::string(forwarded);
}

http_session::~http_session() { ctx_.connections.remove(this); }

void http_session::run() {
    ctx_.connections.add(shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void http_session::shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
        self->shutting_down_ = true;
        self->stream_.cancel();  // a pending read ends with operation_aborted
    });
}

void http_session::do_read() {
    if (shutting_down_) return do_close();
    parser_.emplace();
    parser_->header_limit(header_limit);
    // The most any route takes, while the head is parsed; parse_head sets the route's own.
    parser_->body_limit(std::max(protocol::max_http_body_bytes, protocol::max_archive_bytes));
    head_scanned_ = 0;
    // A client must send a whole request, head and body, in time: the guard against
    // slow-loris.
    stream_.expires_after(ctx_.request_timeout);
    read_head();
}

void http_session::read_head() {
    // The buffer may hold the next request already (pipelining): look before reading.
    const std::string_view bytes(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const head_scan scan = scan_request_head(bytes, head_scanned_);
    if (scan.result == head_scan::verdict::malformed)
        return refuse(http::status::bad_request, error::make(errc::invalid_field, std::string(scan.reason)));
    if (scan.result == head_scan::verdict::complete) return parse_head(scan.size);
    if (buffer_.size() >= header_limit) return read_failed(http::error::header_limit);
    head_scanned_ = scan.resume;
    stream_.async_read_some(buffer_.prepare(beast::read_size(buffer_, header_limit)),
                            beast::bind_front_handler(&http_session::on_read_head, shared_from_this()));
}

void http_session::on_read_head(beast::error_code ec, std::size_t bytes) {
    if (ec) return read_failed(ec);
    buffer_.commit(bytes);
    read_head();
}

void http_session::parse_head(std::size_t size) {
    beast::error_code ec;
    const std::size_t used = parser_->put(asio::buffer(buffer_.data().data(), size), ec);
    if (ec) return read_failed(ec);
    buffer_.consume(used);
    if (const std::string_view why = framing_error(parser_->get(), parser_->chunked()); !why.empty())
        return refuse(http::status::bad_request, error::make(errc::invalid_field, std::string(why)));
    // Each route's body limit, checked against Content-Length before any of the body is
    // read (chunks are counted against it as they come).
    const std::uint64_t limit = http_routes::body_limit(parser_->get());
    if (const auto length = parser_->content_length(); length && *length > limit)
        return read_failed(http::error::body_limit);
    parser_->body_limit(limit);
    // A large body only once the request may send it (http_routes::admit_body).
    ctx_.routes.admit_body(
        parser_->get(), client_of(parser_->get()),
        [self = shared_from_this()](http::message_generator refusal) {
            asio::post(self->stream_.get_executor(),
                       [self, msg = std::move(refusal)]() mutable { self->send(std::move(msg)); });
        },
        [self = shared_from_this()] {
            asio::post(self->stream_.get_executor(), [self] { self->read_body(); });
        });
}

void http_session::read_body() {
    if (shutting_down_) return do_close();
    // A client that waits to be let send its body (curl does, for a large one).
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
        auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        return http::async_write(stream_, *go_on, [self = shared_from_this(), go_on](beast::error_code ec, std::size_t) {
            if (ec) return self->fail(ec, "HTTP write");
            self->read_whole_body();
        });
    }
    read_whole_body();
}

void http_session::read_whole_body() {
    // The body, if any (the timeout set in do_read still runs).
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec) return read_failed(ec);
    auto& req = parser_->get();
    if (beast::websocket::is_upgrade(req)) {
        const std::string_view target = req.target();
        if (target.substr(0, target.find('?')) == "/ws") {
            if (!origin_allowed(req))
                return send(http_routes::error_response(
                    req.version(), false, http::status::forbidden,
                    error::make(errc::forbidden, "WebSockets are served to pages of this server only")));
            if (proxied_) {  // a proxied client takes its place in its own address's count now
                const std::string client = client_of(req);
                if (!ctx_.guard.connect(client))
                    return send(http_routes::error_response(
                        req.version(), false, http::status::too_many_requests,
                        error::make(errc::rate_limited, "too many connections from your address")));
                slot_ = connection_slot(ctx_.guard, client);
            }
            // The WebSocket keeps its own timeouts; this one must not fire on it.
            stream_.expires_never();
            std::make_shared<ws_session>(stream_.release_socket(), ctx_, std::move(slot_))->run(parser_->release());
            return;
        }
    }
    const std::string client = client_of(req);
    ctx_.routes.handle(parser_->release(), client, [self = shared_from_this()](http::message_generator msg) {
        // May run on the journal's thread: hop back onto the strand.
        asio::post(self->stream_.get_executor(),
                   [self, msg = std::move(msg)]() mutable { self->send(std::move(msg)); });
    });
}

bool http_session::origin_allowed(const http_request& req) const {
    const auto it = req.find(http::field::origin);
    if (it == req.end()) return true;  // not a browser: the Origin header is theirs to send
    const std::string_view origin = it->value();
    const std::string_view host = req[http::field::host];
    // The server's own pages, reached directly or through a TLS proxy.
    for (std::string_view scheme : {"http://", "https://"})
        if (!host.empty() && beast::iequals(origin, std::string(scheme) + std::string(host))) return true;
    for (const auto& allowed : ctx_.allowed_origins)
        if (beast::iequals(origin, allowed)) return true;
    return false;
}

void http_session::refuse(http::status status, const error& e) {
    send(http_routes::error_response(11, false, status, e));
}

void http_session::read_failed(beast::error_code ec) {
    if (ec == http::error::body_limit)
        return refuse(http::status::payload_too_large,
                      error::make(errc::too_long, "the request body is over its limit (limits.json: max_http_body_bytes, "
                                                  "max_archive_bytes for an import)"));
    if (ec == http::error::header_limit)
        return refuse(http::status::request_header_fields_too_large,
                      error::make(errc::too_long, "the request header is over 8 KiB"));
    // Every other error of the parser's own category is a malformed request.
    if (ec.category() == http::make_error_code(http::error::bad_method).category() && ec != http::error::end_of_stream)
        return refuse(http::status::bad_request, error::make(errc::invalid_field, "malformed HTTP request"));
    fail(ec, "HTTP read");
}

void http_session::fail(beast::error_code ec, std::string_view what) {
    log_failure(ec, what);
    do_close();
}

void http_session::send(http::message_generator msg) {
    const bool keep_alive = msg.keep_alive() && !shutting_down_;
    stream_.expires_after(ctx_.request_timeout);
    beast::async_write(stream_, std::move(msg),
                       beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "HTTP write");  // the client went away; nothing to tell it
    if (!keep_alive) return do_close();
    do_read();
}

void http_session::do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
}

}  // namespace samskab::server
