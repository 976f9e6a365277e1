// frame_socket: the TCP stream under a ws_session's WebSocket, with one queue for every
// byte written to the socket, so that several messages leave in one system call.
//
// On this project's machines a send() on loopback costs about ten microseconds of the
// server's CPU whatever it carries (BENCHMARKS.md, "the floor"), so the number of
// system calls, not the bytes, is what a busy session costs. Two kinds of writes share
// the queue, in the order they were made:
// - Beast's own (the handshake's response, pings, pongs, the close frame) come through
//   async_write_some, as from any stream: the bytes are copied into the queue and the
//   write completes at once, so Beast never waits on the socket, unless more than
//   max_unsent_beast_bytes of Beast's own are still unwritten: then it completes once
//   they are written. That keeps the backpressure a plain socket gives (a client that
//   sends pings and reads no pongs stops being read, as before, instead of filling the
//   queue);
// - the session's text messages come through async_send: each is framed here (a server's
//   frame is never masked, RFC 6455 section 5.1) without copying its text, and all that
//   are handed over together, with whatever else is queued, go out in one gather write.
// One write is in flight at a time; what is queued meanwhile goes in the next.
//
// Once Beast has queued a close frame nothing more may follow it: texts handed over after
// that complete with operation_aborted, unsent. After a failed write every queued write
// fails with that error, and so does every later one.
//
// Threading: not thread-safe. Used on the session's strand only, like the socket itself.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace samskab::server {

class frame_socket {
public:
    using socket_type = boost::asio::ip::tcp::socket;
    using executor_type = socket_type::executor_type;
    using next_layer_type = socket_type;
    using send_handler = std::function<void(boost::system::error_code)>;

    // The most buffers one write takes (Asio passes at most 64 to one sendmsg); what is
    // queued beyond it goes in the next write.
    static constexpr std::size_t max_buffers_per_write = 64;
    // Beast's bytes not yet written beyond which its next write waits (see above).
    static constexpr std::size_t max_unsent_beast_bytes = 64 * 1024;

    explicit frame_socket(socket_type&& s);

    executor_type get_executor() noexcept { return next_layer().get_executor(); }
    socket_type& next_layer() noexcept;
    const socket_type& next_layer() const noexcept;

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return next_layer().async_read_some(buffers, std::forward<ReadToken>(token));
    }

    // Beast's writes: copied into the queue; completes at once (posted), with all the
    // bytes taken, or with the error of an earlier write.
    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const ConstBufferSequence& b) {
                std::size_t n = 0;
                const boost::system::error_code ec = error();
                auto ex = boost::asio::get_associated_executor(handler, get_executor());
                if (!ec) {
                    std::string bytes(boost::asio::buffer_size(b), '\0');
                    n = boost::asio::buffer_copy(boost::asio::buffer(bytes), b);
                    if (!queue_bytes(std::move(bytes))) {
                        // Completed once Beast's earlier bytes are written (a copyable
                        // function: Beast's handlers move only).
                        auto h = std::make_shared<decltype(handler)>(std::move(handler));
                        return when_beast_written([h, ex, n](boost::system::error_code e) {
                            boost::asio::post(ex, boost::beast::bind_handler(std::move(*h), e, e ? 0 : n));
                        });
                    }
                }
                boost::asio::post(ex, boost::beast::bind_handler(std::move(handler), ec, n));
            },
            token, buffers);
    }

    // Queues each text as one WebSocket text frame, after everything queued before, and
    // calls done once all of them are written (or with the error that stopped them).
    // At most one async_send at a time: the next one after done. done runs on the
    // socket's executor, never inside this call.
    void async_send(std::vector<std::shared_ptr<const std::string>> texts, send_handler done);

    // Calls then once nothing is queued or being written (at once if so), or the socket
    // has failed. For the closing handshake's teardown.
    void when_flushed(std::function<void()> then);

    // The RFC 6455 header of an unmasked text frame with a payload of `size` bytes
    // (2, 4 or 10 bytes).
    static std::string text_header(std::size_t size);

    // For tests: the writes started (one system call each, as a rule), and Beast's bytes
    // not yet written.
    std::size_t writes() const;
    std::size_t unsent_beast_bytes() const;

private:
    struct state;

    boost::system::error_code error() const;
    // Queues Beast's bytes; false if more than max_unsent_beast_bytes are now unwritten.
    bool queue_bytes(std::string&& bytes);
    // Calls then once Beast's unwritten bytes are below the bound (or with the error that
    // stopped them). At most one at a time: Beast writes one thing at a time.
    void when_beast_written(std::function<void(boost::system::error_code)> then);

    // Shared with the completion handlers of the writes in flight, which may outlive
    // this object (a socket closed with a write pending still completes it).
    std::shared_ptr<state> state_;
};

// Beast's closing handshake ends by tearing the stream down: first what is queued is
// written, then the socket is shut down as Beast does for a plain one.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, frame_socket& s, TeardownHandler&& handler) {
    // (when_flushed keeps a copyable function; Beast's handlers move only.) The stream
    // lives until the handler has run: Beast's closing operation holds it.
    auto h = std::make_shared<std::decay_t<TeardownHandler>>(std::forward<TeardownHandler>(handler));
    s.when_flushed([&s, role, h] { boost::beast::websocket::async_teardown(role, s.next_layer(), std::move(*h)); });
}

inline void teardown(boost::beast::role_type role, frame_socket& s, boost::system::error_code& ec) {
    boost::beast::websocket::teardown(role, s.next_layer(), ec);
}

}  // namespace samskab::server
