// frame_socket over a real loopback connection: a Beast WebSocket server stream on it,
// a plain Beast client at the other end reading what arrives.
#include "net/frame_socket.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using samskab::server::frame_socket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

std::vector<std::shared_ptr<const std::string>> texts(std::initializer_list<std::string> list) {
    std::vector<std::shared_ptr<const std::string>> out;
    for (const auto& s : list) out.push_back(std::make_shared<const std::string>(s));
    return out;
}

// A server WebSocket on a frame_socket and a client connected to it, both on ioc.
struct pair_fixture {
    asio::io_context ioc;
    websocket::stream<frame_socket> server{tcp::socket(ioc)};
    websocket::stream<tcp::socket> client{ioc};

    pair_fixture() {
        tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        client.next_layer().connect(acceptor.local_endpoint());
        acceptor.accept(server.next_layer().next_layer());
        for (auto* s : {&client.next_layer(), &server.next_layer().next_layer()}) s->set_option(tcp::no_delay(true));
        bool accepted = false, handshaken = false;
        server.async_accept([&](error_code ec) {
            REQUIRE_FALSE(ec);
            accepted = true;
        });
        client.async_handshake("127.0.0.1", "/", [&](error_code ec) {
            REQUIRE_FALSE(ec);
            handshaken = true;
        });
        run_until([&] { return accepted && handshaken; });
    }

    template <class Done>
    void run_until(Done done, std::chrono::seconds limit = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) FAIL("timed out");
            if (ioc.stopped()) ioc.restart();  // it stops whenever it runs out of work
            ioc.run_one_for(std::chrono::milliseconds(100));
        }
    }

    // Sends and waits for done.
    error_code send(std::vector<std::shared_ptr<const std::string>> t) {
        std::optional<error_code> result;
        server.next_layer().async_send(std::move(t), [&](error_code ec) { result = ec; });
        run_until([&] { return result.has_value(); });
        return *result;
    }

    // Reads n messages at the client.
    std::vector<std::string> read(std::size_t n) {
        std::vector<std::string> got;
        beast::flat_buffer buf;
        while (got.size() < n) {
            bool done = false;
            client.async_read(buf, [&](error_code ec, std::size_t) {
                REQUIRE_FALSE(ec);
                CHECK(client.got_text());
                got.push_back(beast::buffers_to_string(buf.data()));
                buf.consume(buf.size());
                done = true;
            });
            run_until([&] { return done; });
        }
        return got;
    }
};

}  // namespace

TEST_CASE("frame_socket: a text frame's header has the length in 7, 16 or 64 bits", "[server]") {
    struct row {
        std::size_t size;
        std::string header;
    };
    const row rows[] = {
        {0, std::string("\x81\x00", 2)},
        {125, "\x81\x7d"},
        {126, std::string("\x81\x7e\x00\x7e", 4)},
        {65535, "\x81\x7e\xff\xff"},
        {65536, std::string("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10)},
        {0x0102030405ULL, std::string("\x81\x7f\x00\x00\x00\x01\x02\x03\x04\x05", 10)},
    };
    for (const auto& r : rows) {
        INFO("size " << r.size);
        CHECK(frame_socket::text_header(r.size) == r.header);
    }
}

TEST_CASE("frame_socket: texts handed over together leave in one write, each its own message, in order",
          "[server]") {
    pair_fixture f;
    const std::size_t before = f.server.next_layer().writes();
    // Every header form, and an empty text.
    const std::string big(70000, 'b'), mid(300, 'm');
    REQUIRE_FALSE(f.send(texts({"one", "", mid, big, "two"})));
    CHECK(f.server.next_layer().writes() == before + 1);
    CHECK(f.read(5) == std::vector<std::string>{"one", "", mid, big, "two"});
}

TEST_CASE("frame_socket: more texts than one write takes go out in several, all in order", "[server]") {
    pair_fixture f;
    std::vector<std::shared_ptr<const std::string>> many;
    std::vector<std::string> expected;
    for (int k = 0; k < 100; ++k) {
        expected.push_back("message " + std::to_string(k));
        many.push_back(std::make_shared<const std::string>(expected.back()));
    }
    const std::size_t before = f.server.next_layer().writes();
    REQUIRE_FALSE(f.send(many));
    // Two buffers a text, at most 64 buffers a write.
    CHECK(f.server.next_layer().writes() - before == 4);
    CHECK(f.read(100) == expected);
}

TEST_CASE("frame_socket: Beast's own frames keep their place among the texts", "[server]") {
    pair_fixture f;
    std::vector<std::string> control;
    f.client.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
        if (kind == websocket::frame_type::ping) control.push_back("ping " + std::string(payload));
    });
    std::optional<error_code> sent;
    f.server.next_layer().async_send(texts({"before"}), [&](error_code ec) { sent = ec; });
    bool pinged = false;
    f.server.async_ping("p", [&](error_code ec) {
        REQUIRE_FALSE(ec);
        pinged = true;
    });
    f.run_until([&] { return sent.has_value() && pinged; });
    REQUIRE_FALSE(*sent);
    REQUIRE_FALSE(f.send(texts({"after"})));
    CHECK(f.read(2) == std::vector<std::string>{"before", "after"});
    CHECK(control == std::vector<std::string>{"ping p"});
}

TEST_CASE("frame_socket: after the close frame no text is sent, what came before it arrives", "[server]") {
    pair_fixture f;
    std::optional<error_code> first, late;
    f.server.next_layer().async_send(texts({"last words"}), [&](error_code ec) { first = ec; });
    bool closed = false;
    f.server.async_close(websocket::close_code::going_away, [&](error_code) { closed = true; });
    f.server.next_layer().async_send(texts({"too late"}), [&](error_code ec) { late = ec; });
    f.run_until([&] { return first.has_value() && late.has_value(); });
    CHECK_FALSE(*first);
    CHECK(*late == asio::error::operation_aborted);

    CHECK(f.read(1) == std::vector<std::string>{"last words"});
    beast::flat_buffer buf;
    std::optional<error_code> end;
    f.client.async_read(buf, [&](error_code ec, std::size_t) { end = ec; });
    f.run_until([&] { return end.has_value() && closed; });
    CHECK(*end == websocket::error::closed);
    CHECK(f.client.reason().code == websocket::close_code::going_away);
}

TEST_CASE("frame_socket: a write that fails fails the texts and every later write", "[server]") {
    pair_fixture f;
    f.client.next_layer().close();
    // The peer's reset shows on one of the next writes; then every write gets its error.
    const std::string chunk(64 * 1024, 'x');
    error_code ec;
    for (int k = 0; k < 200 && !ec; ++k) ec = f.send(texts({chunk}));
    REQUIRE(ec);
    CHECK(f.send(texts({"more"})) == ec);
    std::optional<error_code> beast_write;
    f.server.async_ping("", [&](error_code e) { beast_write = e; });
    f.run_until([&] { return beast_write.has_value(); });
    CHECK(*beast_write == ec);
    bool flushed = false;
    f.server.next_layer().when_flushed([&] { flushed = true; });
    CHECK(flushed);
}

TEST_CASE("frame_socket: a client that pings and reads no pongs stops being read, nothing piles up", "[server]") {
    pair_fixture f;
    // Small socket buffers, so that backpressure comes after a few kilobytes.
    const int small = 4096;
    for (auto* s : {&f.client.next_layer(), &f.server.next_layer().next_layer()}) {
        s->set_option(asio::socket_base::send_buffer_size(small));
        s->set_option(asio::socket_base::receive_buffer_size(small));
    }
    // The server reads (Beast answers each ping with a pong); the client pings and reads
    // nothing.
    beast::flat_buffer server_buf;
    f.server.async_read(server_buf, [](error_code, std::size_t) {});
    const int total = 1500;  // 1,500 pongs of 127 bytes: twice the bound and every buffer together
    const websocket::ping_data payload(std::string(125, 'p'));
    int sent = 0;
    std::size_t most_unsent = 0;
    std::function<void()> ping = [&] {
        f.client.async_ping(payload, [&](error_code ec) {
            REQUIRE_FALSE(ec);
            most_unsent = std::max(most_unsent, f.server.next_layer().unsent_beast_bytes());
            if (++sent < total) ping();
        });
    };
    ping();
    // Until the pings stall (the server stopped reading) or, if they never do, all went.
    auto last = sent;
    auto progress_at = std::chrono::steady_clock::now();
    f.run_until([&] {
        most_unsent = std::max(most_unsent, f.server.next_layer().unsent_beast_bytes());
        if (sent != last) last = sent, progress_at = std::chrono::steady_clock::now();
        return sent == total || std::chrono::steady_clock::now() - progress_at > std::chrono::milliseconds(500);
    });
    CHECK(sent < total);
    CHECK(most_unsent <= frame_socket::max_unsent_beast_bytes + 127);

    // Once the client reads, every ping gets its pong and nothing was lost. (Larger
    // buffers now, or the tiny windows make it slow.)
    for (auto* s : {&f.client.next_layer(), &f.server.next_layer().next_layer()}) {
        s->set_option(asio::socket_base::send_buffer_size(1 << 20));
        s->set_option(asio::socket_base::receive_buffer_size(1 << 20));
    }
    int pongs = 0;
    f.client.control_callback([&](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::pong) ++pongs;
    });
    beast::flat_buffer client_buf;
    f.client.async_read(client_buf, [](error_code, std::size_t) {});
    // (The last pong may arrive before the server's write of it has completed.)
    f.run_until([&] { return sent == total && pongs == total && f.server.next_layer().unsent_beast_bytes() == 0; },
                std::chrono::seconds(120));
}
