// ws_session: one WebSocket client. Parses what the client sends and passes joins
// and commands to its room; sends what the room delivers, in order, through a bounded
// queue. A client that stops reading is closed (1008) once its queue passes the bound,
// so it can cost neither the server's memory nor the other participants' latency.
//
// Sending: what the room delivers goes into an outbox, and one handler on the strand
// takes everything in it; everything waiting then goes out in one write (frame_socket).
// A session that falls behind (a busy server, a slow link) thus sends more messages per
// system call, rather than piling up handlers.
//
// Threading: all state is confined to the socket's strand, but the outbox, which has a
// mutex of its own; the peer functions are thread-safe.
#pragma once

#include "net/frame_socket.hpp"
#include "net/guard.hpp"
#include "net/peer.hpp"
#include "net/room.hpp"
#include "net/server_context.hpp"
#include "net/tracker.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::server {

// The bound on what waits to be sent to one connection, besides the message being
// written. A message that finds nothing waiting is always taken, so a snapshot larger
// than the byte bound still goes out; beyond it, 1,024 messages (five seconds of the busiest session the protocol plans for) or
// 1 MiB, whichever comes first.
struct ws_limits {
    std::size_t max_queued_messages = 1024;
    std::size_t max_queued_bytes = 1024 * 1024;
    // The most messages one write takes (two buffers each: frame_socket's limit).
    std::size_t max_messages_per_write = frame_socket::max_buffers_per_write / 2;
};

class ws_session : public peer, public closable, public std::enable_shared_from_this<ws_session> {
public:
    ws_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot, ws_limits limits = {});
    ~ws_session() override;

    // Completes the WebSocket handshake for the upgrade request req.
    void run(boost::beast::http::request<boost::beast::http::string_body> req);

    void deliver(std::shared_ptr<const std::string> msg) override;
    void close(close_code code) override;
    void join_result(bool joined) override;
    bool closing() const override { return closing_.load(std::memory_order_relaxed); }
    admission may_change() override { return ctx_.guard.may_change(slot_.address()); }
    void changed() override { ctx_.guard.changed(slot_.address()); }
    void shutdown() override { close(close_code::going_away); }

private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void handle_text(std::string_view text);
    void handle_join(protocol::join_request req);
    void reply(std::string text);

    // Counts a message as waiting to be sent, unless that would pass the bound: then it
    // is refused and the connection is closed (1008). Thread-safe.
    bool admit(std::size_t size);
    // A message admitted is no longer waiting (written or dropped). Thread-safe.
    void release(std::size_t size);
    void overflow();
    void take_outbox();
    // Adds msg to what waits (on the strand); false if the connection is closing.
    bool enqueue(std::shared_ptr<const std::string> msg);
    void queue(std::shared_ptr<const std::string> msg);
    void do_write();
    void on_write(boost::beast::error_code ec);
    void start_close(close_code code);
    void on_close(boost::beast::error_code ec);
    // Closes once what is queued has been sent.
    void close_when_sent(close_code code);
    void leave_room();
    // Drops what waits to be sent (the write in flight is frame_socket's); returns how many.
    std::size_t drop_waiting();
    // Counts the close a read ended with (samskab_websocket_closes_total).
    void count_close(boost::beast::error_code ec);
    // What every completion handler does with an error: logs it unless it is how
    // connections normally end (connection_failure.hpp), then marks the connection
    // closing, leaves the room and drops what waits (any of which may have happened).
    void fail(boost::beast::error_code ec, std::string_view what);

    // Over frame_socket, not beast::tcp_stream: the WebSocket layer keeps its own timers
    // (idle, closing handshake).
    boost::beast::websocket::stream<frame_socket, false> ws_;  // no permessage-deflate
    boost::beast::flat_buffer buffer_;
    server_context& ctx_;
    const ws_limits limits_;

    // Delivered, not yet taken onto the strand; one take_outbox is posted at a time.
    std::mutex outbox_mutex_;
    std::vector<std::shared_ptr<const std::string>> outbox_;
    bool take_posted_ = false;

    std::deque<std::shared_ptr<const std::string>> queue_;
    // Messages admitted and not yet being written: in the outbox or in queue_.
    std::atomic<std::size_t> waiting_messages_{0};
    std::atomic<std::size_t> waiting_bytes_{0};
    std::atomic<bool> overflowed_{false};
    std::atomic<bool> closing_{false};  // a close has been asked for or started
    bool writing_ = false;
    std::optional<close_code> close_after_flush_;
    bool close_started_ = false;

    enum class join_state { none, joining, joined };
    join_state join_state_ = join_state::none;
    bool join_with_secret_ = false;  // the join in flight presents a token or invitation
    std::shared_ptr<room> room_;
    connection_slot slot_;
    message_budget budget_;
};

}  // namespace samskab::server
