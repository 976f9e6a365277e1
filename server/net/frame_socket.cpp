// The queue under a WebSocket that sends several frames per system call (see
// frame_socket.hpp).
#include "net/frame_socket.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>

#include <utility>

namespace samskab::server {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// A frame a server sends: FIN set, opcode in the low bits. Beast's close frame is
// always one write of its own, so its first byte is the frame's.
constexpr unsigned char close_frame_start = 0x88;
constexpr unsigned char text_frame_start = 0x81;

}  // namespace

struct frame_socket::state : std::enable_shared_from_this<state> {
    struct chunk {
        std::string bytes;                        // Beast's bytes, or a text's header
        std::shared_ptr<const std::string> text;  // a text message's payload, or null
    };

    explicit state(socket_type&& s) : socket(std::move(s)) {}

    bool queue_bytes(std::string&& bytes) {
        if (bytes.empty()) return true;
        if (bytes.starts_with(static_cast<char>(close_frame_start))) closed = true;
        beast_unsent += bytes.size();
        queue.push_back(chunk{std::move(bytes), nullptr});
        do_write();
        return beast_unsent <= max_unsent_beast_bytes;
    }

    void send(std::vector<std::shared_ptr<const std::string>> texts, send_handler done) {
        const error_code ec = error ? error : closed ? error_code(asio::error::operation_aborted) : error_code();
        if (ec || texts.empty()) return asio::post(socket.get_executor(), [done = std::move(done), ec] { done(ec); });
        send_done = std::move(done);
        texts_unsent = texts.size();
        for (auto& t : texts) queue.push_back(chunk{text_header(t->size()), std::move(t)});
        do_write();
    }

    void do_write() {
        if (!writing.empty() || queue.empty() || error) return;
        std::size_t count = 0;
        while (!queue.empty()) {
            const std::size_t needed = queue.front().text ? 2 : 1;
            if (count > 0 && count + needed > max_buffers_per_write) break;
            count += needed;
            writing.push_back(std::move(queue.front()));
            queue.pop_front();
        }
        // Only now: a header is a short string, kept inside its chunk, which moved.
        buffers.clear();
        for (const chunk& c : writing) {
            buffers.push_back(asio::buffer(c.bytes));
            if (c.text) buffers.push_back(asio::buffer(*c.text));
        }
        ++writes;
        asio::async_write(socket, buffers, [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
    }

    void on_write(error_code ec) {
        std::size_t texts = 0;
        for (const auto& c : writing) {
            texts += c.text ? 1 : 0;
            if (!c.text) beast_unsent -= c.bytes.size();
        }
        writing.clear();
        if (ec) return fail(ec);
        if (beast_waiting && beast_unsent <= max_unsent_beast_bytes) std::exchange(beast_waiting, nullptr)(error_code());
        if (texts > 0 && texts_unsent > 0) {
            texts_unsent -= std::min(texts, texts_unsent);
            if (texts_unsent == 0) std::exchange(send_done, nullptr)(error_code());
        }
        do_write();
        if (writing.empty()) run_flushed();
    }

    void fail(error_code ec) {
        error = ec;
        queue.clear();
        texts_unsent = 0;
        beast_unsent = 0;
        if (beast_waiting) std::exchange(beast_waiting, nullptr)(ec);
        if (send_done) std::exchange(send_done, nullptr)(ec);
        run_flushed();
    }

    void run_flushed() {
        for (auto& f : std::exchange(flushed, {})) f();
    }

    socket_type socket;
    std::deque<chunk> queue;      // not yet being written, in order
    std::vector<chunk> writing;   // the write in flight
    std::vector<asio::const_buffer> buffers;
    std::size_t texts_unsent = 0;  // texts of the pending send not written yet
    send_handler send_done;
    std::size_t beast_unsent = 0;  // bytes of Beast's chunks queued or being written
    std::function<void(error_code)> beast_waiting;  // Beast's write, held back
    std::vector<std::function<void()>> flushed;
    error_code error;      // the first failure; every later write gets it
    bool closed = false;   // Beast has queued its close frame
    std::size_t writes = 0;
};

frame_socket::frame_socket(socket_type&& s) : state_(std::make_shared<state>(std::move(s))) {}

frame_socket::socket_type& frame_socket::next_layer() noexcept { return state_->socket; }
const frame_socket::socket_type& frame_socket::next_layer() const noexcept { return state_->socket; }

error_code frame_socket::error() const { return state_->error; }
bool frame_socket::queue_bytes(std::string&& bytes) { return state_->queue_bytes(std::move(bytes)); }
std::size_t frame_socket::writes() const { return state_->writes; }
std::size_t frame_socket::unsent_beast_bytes() const { return state_->beast_unsent; }

void frame_socket::when_beast_written(std::function<void(error_code)> then) {
    if (state_->error) return then(state_->error);
    state_->beast_waiting = std::move(then);
}

void frame_socket::async_send(std::vector<std::shared_ptr<const std::string>> texts, send_handler done) {
    state_->send(std::move(texts), std::move(done));
}

void frame_socket::when_flushed(std::function<void()> then) {
    if (state_->error || (state_->writing.empty() && state_->queue.empty())) return then();
    state_->flushed.push_back(std::move(then));
}

std::string frame_socket::text_header(std::size_t size) {
    std::string h;
    h.push_back(static_cast<char>(text_frame_start));
    if (size < 126) {
        h.push_back(static_cast<char>(size));
    } else if (size <= 0xffff) {
        h.push_back(static_cast<char>(126));
        for (int shift = 8; shift >= 0; shift -= 8) h.push_back(static_cast<char>((size >> shift) & 0xff));
    } else {
        h.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) h.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xff));
    }
    return h;
}

}  // namespace samskab::server
