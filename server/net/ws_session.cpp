// One WebSocket client (see ws_session.hpp).
#include "net/ws_session.hpp"

#include "net/error_text.hpp"

#include "domain/overloaded.hpp"
#include "net/connection_failure.hpp"
#include "net/log.hpp"
#include "net/metrics.hpp"
#include "net/log_events.hpp"
#include "net/version.hpp"
#include "protocol/encoder.hpp"
#include "protocol/limits.hpp"
#include "protocol/parser.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using domain::errc;
using domain::error;

ws_session::ws_session(asio::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot, ws_limits limits)
    : ws_(std::move(socket)), ctx_(ctx), limits_(limits), slot_(std::move(slot)), budget_(ctx.guard.limits()) {}

ws_session::~ws_session() { ctx_.connections.remove(static_cast<closable*>(this)); }

void ws_session::run(beast::http::request<beast::http::string_body> req) {
    ctx_.connections.add(std::static_pointer_cast<closable>(shared_from_this()));
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(10);  // the closing handshake; the opening one is already read
    t.idle_timeout = ctx_.idle_timeout;              // a ping halfway through the silence, closed at its end
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, server_name); }));
    ws_.read_message_max(protocol::max_message_bytes);
    ws_.async_accept(req, beast::bind_front_handler(&ws_session::on_accept, shared_from_this()));
}

void ws_session::on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "WebSocket handshake");  // the client gets nothing more to read
    do_read();
}

// ---- reading -----------------------------------------------------------------------

void ws_session::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(beast::error_code ec, std::size_t) {
    // Beast has already answered the protocol errors: 1009 for a message over the
    // limit, 1007 for a text frame that is not UTF-8, 1002 for a malformed frame.
    if (ec) {
        count_close(ec);
        return fail(ec, "WebSocket read");
    }
    metrics::message_received();
    if (!ws_.got_text()) {
        buffer_.consume(buffer_.size());
        start_close(close_code::unsupported_data);
        return do_read();  // read on until the close handshake ends the connection
    }
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (close_started_ || close_after_flush_) return do_read();  // closing: nothing more is handled
    switch (budget_.on_message()) {
    case message_budget::verdict::accept:
        handle_text(text);
        break;
    case message_budget::verdict::refuse:
        limit_hit(metrics::limit::messages, slot_.address());
        // Parsed only for its ref, so that the client can match the refusal to its
        // message; a message can be no longer than protocol::max_message_bytes.
        reply(ws_error_text(protocol::parse_client_message(text).ref,
                                     error::slow_down("too many messages; slow down", budget_.retry_after_s())));
        break;
    case message_budget::verdict::close:
        // Throttled like the limits' refusals: a flood of connections is one line a minute.
        limit_hit(metrics::limit::flooding, slot_.address());
        close_when_sent(close_code::policy_violation);
        break;
    }
    do_read();
}

void ws_session::handle_text(std::string_view text) {
    auto parsed = protocol::parse_client_message(text);
    if (!parsed.message) return reply(ws_error_text(parsed.ref, parsed.message.err()));
    auto not_joined = [&](const std::string& ref) {
        reply(ws_error_text(ref, error::make(errc::not_joined, "join a session first")));
    };
    // One branch per kind of message, no catch-all: a new kind must be handled here.
    // While a join is in flight the room keeps the order: it handles the join first.
    std::visit(domain::overloaded{
                   [&](protocol::join_request& join) { handle_join(std::move(join)); },
                   [&](protocol::ping_request& ping) {
                       const auto now =
                           std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
                       reply(protocol::encode_pong(ping.ref, now));
                   },
                   [&](protocol::audit_request& audit) {
                       if (!room_) return not_joined(audit.ref);
                       room_->audit(shared_from_this(), std::move(audit));
                   },
                   [&](protocol::participants_request& people) {
                       if (!room_) return not_joined(people.ref);
                       room_->participants(shared_from_this(), std::move(people));
                   },
                   [&](protocol::command_request& cmd) {
                       if (!room_) return not_joined(cmd.ref);
                       room_->submit(shared_from_this(), std::move(cmd));
                   },
               },
               parsed.message.value());
}

void ws_session::handle_join(protocol::join_request req) {
    if (join_state_ != join_state::none)
        return reply(ws_error_text("", error::make(errc::already_joined, join_state_ == join_state::joined
                                                                                      ? "this connection has already joined"
                                                                                      : "a join is already in progress")));
    const std::string& addr = slot_.address();
    if (auto a = ctx_.guard.may_attempt(addr); !a)
        return reply(ws_error_text(
            "", error::slow_down("too many failed joins from your address; try again later", a.retry_after_s)));
    // A join with a name adds a participant: one address may add only so many.
    if (req.name)
        if (auto a = ctx_.guard.may_join(addr); !a)
            return reply(ws_error_text(
                "", error::slow_down("too many people joined from your address; try again shortly", a.retry_after_s)));
    auto r = req.code.empty() ? ctx_.sessions.find_by_id(req.session) : ctx_.sessions.find_by_code(req.code);
    if (!r) {
        ctx_.guard.failed(addr);
        return reply(ws_error_text("", error::make(errc::session_not_found, "no session has this code")));
    }
    join_with_secret_ = req.token.has_value() || req.invite.has_value();
    join_state_ = join_state::joining;
    room_ = std::move(r);
    room_->join(shared_from_this(), std::move(req));
}

void ws_session::join_result(bool joined) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), joined] {
        if (joined) {
            self->join_state_ = join_state::joined;
        } else {
            // A wrong token or invitation is a guess; a bad display name is not.
            if (self->join_with_secret_) self->ctx_.guard.failed(self->slot_.address());
            self->join_state_ = join_state::none;
            self->room_.reset();
        }
    });
}

void ws_session::leave_room() {
    if (room_) room_->leave(shared_from_this());
    room_.reset();
}

void ws_session::fail(beast::error_code ec, std::string_view what) {
    log_failure(ec, what);
    closing_ = true;  // the room prepares nothing more for it, and nothing more is queued
    leave_room();
    drop_waiting();
}

// ---- writing -----------------------------------------------------------------------

void ws_session::reply(std::string text) {
    auto msg = std::make_shared<const std::string>(std::move(text));
    if (admit(msg->size())) queue(std::move(msg));
}

void ws_session::deliver(std::shared_ptr<const std::string> msg) {
    // Counted before it is handed over: what waits in the outbox counts against the bound
    // too, so a room that produces faster than the client reads cannot pile it up there.
    if (!admit(msg->size())) return;
    bool post = false;
    {
        std::lock_guard lock(outbox_mutex_);
        outbox_.push_back(std::move(msg));
        post = !std::exchange(take_posted_, true);
    }
    if (post) asio::post(ws_.get_executor(), [self = shared_from_this()] { self->take_outbox(); });
}

void ws_session::take_outbox() {
    std::vector<std::shared_ptr<const std::string>> taken;
    {
        std::lock_guard lock(outbox_mutex_);
        taken.swap(outbox_);
        take_posted_ = false;
    }
    bool any = false;
    for (auto& m : taken) any = enqueue(std::move(m)) || any;
    if (any && !writing_) do_write();
}

bool ws_session::admit(std::size_t size) {
    // Everything refused here is a message dropped for a client that does not read.
    if (overflowed_.load(std::memory_order_relaxed)) {
        metrics::send_queue_dropped(1);
        return false;
    }
    const std::size_t n = waiting_messages_.fetch_add(1) + 1;
    const std::size_t bytes = waiting_bytes_.fetch_add(size) + size;
    if (n == 1 || (n <= limits_.max_queued_messages && bytes <= limits_.max_queued_bytes)) return true;
    release(size);
    metrics::send_queue_dropped(1);
    closing_ = true;
    if (!overflowed_.exchange(true))
        asio::post(ws_.get_executor(), [self = shared_from_this()] { self->overflow(); });
    return false;
}

void ws_session::release(std::size_t size) {
    waiting_messages_.fetch_sub(1);
    waiting_bytes_.fetch_sub(size);
}

void ws_session::overflow() {
    // No client address: a client that falls behind is mostly one on a poor network, and
    // closing it is the whole remedy; the session says where to look.
    log::write(log::events::slow_reader_closed, {{"queued_messages", waiting_messages_.load()},
                                                 {"queued_bytes", waiting_bytes_.load()},
                                                 {"session", room_ ? room_->id() : std::string()}});
    metrics::send_queue_dropped(drop_waiting());
    start_close(close_code::policy_violation);
}

std::size_t ws_session::drop_waiting() {
    std::size_t dropped = queue_.size();
    {
        std::lock_guard lock(outbox_mutex_);
        dropped += outbox_.size();
        for (const auto& m : outbox_) release(m->size());
        outbox_.clear();
    }
    for (const auto& m : queue_) release(m->size());
    queue_.clear();
    return dropped;
}

bool ws_session::enqueue(std::shared_ptr<const std::string> msg) {
    if (closing_ || close_started_ || close_after_flush_) {
        release(msg->size());
        return false;
    }
    queue_.push_back(std::move(msg));
    return true;
}

void ws_session::queue(std::shared_ptr<const std::string> msg) {
    if (enqueue(std::move(msg)) && !writing_) do_write();
}

void ws_session::do_write() {
    writing_ = true;
    std::vector<std::shared_ptr<const std::string>> batch;
    while (!queue_.empty() && batch.size() < limits_.max_messages_per_write) {
        release(queue_.front()->size());  // written now, no longer waiting
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    metrics::messages_sent(batch.size());
    ws_.next_layer().async_send(std::move(batch), [self = shared_from_this()](beast::error_code ec) { self->on_write(ec); });
}

void ws_session::on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return fail(ec, "WebSocket write");  // the connection is gone
    if (!queue_.empty() && !close_started_) return do_write();
    if (close_after_flush_) start_close(*close_after_flush_);
}

void ws_session::close(close_code code) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code] { self->close_when_sent(code); });
}

void ws_session::close_when_sent(close_code code) {
    closing_ = true;
    if (close_started_ || close_after_flush_) return;
    if (writing_ || !queue_.empty()) close_after_flush_ = code;
    else start_close(code);
}

void ws_session::start_close(close_code code) {
    closing_ = true;
    if (close_started_ || !ws_.is_open()) return;
    close_started_ = true;
    close_after_flush_.reset();
    metrics::closed_by_server(static_cast<std::uint16_t>(code));
    // Beast holds the close until a write in progress has finished.
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(static_cast<std::uint16_t>(code)),
                                            close_reason_of(code)),
                    beast::bind_front_handler(&ws_session::on_close, shared_from_this()));
}

// Beast ends a connection whose client broke the protocol with a close of its own; a
// client's close arrives as `closed`, with its code.
void ws_session::count_close(beast::error_code ec) {
    if (ec == websocket::error::closed) return metrics::closed_by_client(static_cast<std::uint16_t>(ws_.reason().code));
    if (close_started_) return;  // the server's own close, counted when it began
    if (ec == websocket::error::message_too_big) metrics::closed_by_server(1009);
    else if (ec == websocket::error::bad_frame_payload) metrics::closed_by_server(1007);
    else if (ec == websocket::condition::protocol_violation) metrics::closed_by_server(1002);
}

void ws_session::on_close(beast::error_code ec) {
    if (ec) return fail(ec, "WebSocket close");
}

}  // namespace samskab::server
