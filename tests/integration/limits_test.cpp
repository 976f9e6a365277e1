// Integration tests of the limits that protect the server and everyone on it: origins,
// floods, connections per address, guessing join codes and tokens, creating sessions.
#include "live_server.hpp"

#include <set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// A WebSocket upgrade request, made with the HTTP client so the status can be read.
int upgrade_status(std::uint16_t port, const std::string& origin) {
    std::map<std::string, std::string> headers{{"Upgrade", "websocket"},
                                               {"Connection", "Upgrade"},
                                               {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                               {"Sec-WebSocket-Version", "13"}};
    if (!origin.empty()) headers["Origin"] = origin;
    return http(port, "GET", "/ws", "", headers).status;
}

}  // namespace

TEST_CASE("WebSockets are served to the server's own pages and allowed origins only", "[integration]") {
    live_server s("", {"--allow-origin", "https://workshops.example.dk"});
    const std::string self = "http://127.0.0.1:" + std::to_string(s.port());
    struct row { std::string origin; int status; };
    const row rows[] = {
        {"", 101},                                  // not a browser
        {self, 101},
        {"https://127.0.0.1:" + std::to_string(s.port()), 101},  // behind a TLS proxy
        {"HTTP://127.0.0.1:" + std::to_string(s.port()), 101},   // origins compare without case
        {"https://workshops.example.dk", 101},
        {"https://evil.example", 403},
        {"http://127.0.0.1:1", 403},
        {"null", 403},
    };
    for (const auto& r : rows) {
        INFO("Origin: " << r.origin);
        CHECK(upgrade_status(s.port(), r.origin) == r.status);
    }
}

TEST_CASE("a flooding client is refused, then closed, the others carry on", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    ws_client flood(s.port());
    for (int k = 0; k < 400; ++k) flood.send(json{{"type", "ping"}, {"ref", "p" + std::to_string(k)}});
    int pongs = 0, limited = 0;
    std::set<std::string> answered;
    while (auto m = flood.next(std::chrono::seconds(2))) {
        const auto j = json::parse(*m);
        if (j["type"] == "pong") ++pongs;
        if (j.value("code", "") == "rate_limited") {
            ++limited;
            // Every refusal quotes the ref of the message it refuses.
            CHECK(j.value("ref", "").starts_with("p"));
        }
        const std::string ref = j.value("ref", "");
        CHECK(answered.insert(ref).second);  // each message answered once
    }
    CHECK(flood.wait_closed() == 1008);
    CHECK(pongs >= 100);  // the burst went through
    CHECK(limited >= 1);
    CHECK(answered.size() == static_cast<std::size_t>(pongs + limited));
    CHECK(command(*fac, idea_add("f1", 1, "still working"))["type"] == "ack");
}

TEST_CASE("one address holds a limited number of connections", "[integration]") {
    live_server s("", {"--max-connections-per-address", "3"});
    auto a = std::make_unique<ws_client>(s.port());
    ws_client b(s.port()), c(s.port());
    auto refused = http(s.port(), "GET", "/healthz");
    CHECK(refused.status == 429);
    CHECK(json::parse(refused.body)["error"]["code"] == "rate_limited");
    a.reset();  // one closes: room for another
    CHECK(eventually([&] { return http(s.port(), "GET", "/healthz").status == 200; }));
}

TEST_CASE("guessing join codes and tokens is slowed down", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    const std::string wrong = sess.code == "222222" ? "333333" : "222222";
    ws_client c(s.port());
    for (int k = 0; k < 10; ++k) {
        c.send(json{{"type", "join"}, {"protocol", 1}, {"code", wrong}, {"name", "G"}});
        CHECK(c.next_json()["code"] == "session_not_found");
    }
    // The budget is spent: even the right code is not looked up now, over WebSockets or HTTP.
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", "guess"}});
    CHECK(c.next_json()["code"] == "rate_limited");
    auto r = http(s.port(), "GET", "/api/sessions/" + sess.code);
    CHECK(r.status == 429);
    // When the next attempt will be allowed: one every 6 seconds.
    const int retry = std::stoi(r.headers["retry-after"]);
    CHECK(retry >= 1);
    CHECK(retry <= 6);
    CHECK(json::parse(r.body)["error"]["retry_after"] == retry);
}

TEST_CASE("wrong tokens count as guesses, a bad display name does not", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    ws_client c(s.port());
    for (int k = 0; k < 12; ++k) {
        c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", " "}});
        CHECK(c.next_json()["code"] == "invalid_field");
    }
    for (int k = 0; k < 10; ++k) {
        c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", "guess" + std::to_string(k)}});
        CHECK(c.next_json()["code"] == "invalid_token");
    }
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Anna"}});
    CHECK(c.next_json()["code"] == "rate_limited");
}

TEST_CASE("one address creates a limited number of sessions in a row", "[integration]") {
    live_server s;
    for (int k = 0; k < 10; ++k) CHECK(create_session(s.port(), R"({"title":"T","question":"Q"})").status == 201);
    auto r = create_session(s.port(), R"({"title":"T","question":"Q"})");
    CHECK(r.status == 429);
    CHECK(json::parse(r.body)["error"]["code"] == "rate_limited");
}

TEST_CASE("behind a trusted proxy, the limits apply to each client it forwards", "[integration]") {
    live_server s("", {"--trusted-proxy", "127.0.0.1", "--max-connections-per-address", "2"});
    auto from = [](const std::string& addr) {
        return std::map<std::string, std::string>{{"X-Forwarded-For", "10.9.9.9, " + addr}};
    };
    // Two WebSockets per client, however many come through the proxy.
    ws_client a1(s.port(), from("203.0.113.5")), a2(s.port(), from("203.0.113.5"));
    CHECK_THROWS(ws_client(s.port(), from("203.0.113.5")));
    ws_client b1(s.port(), from("203.0.113.6"));
    CHECK(http(s.port(), "GET", "/healthz").status == 200);  // the proxy's own requests are not capped

    // Failed lookups are counted per forwarded client.
    for (int k = 0; k < 10; ++k)
        CHECK(http(s.port(), "GET", "/api/sessions/222222", "", from("198.51.100.7")).status == 404);
    CHECK(http(s.port(), "GET", "/api/sessions/222222", "", from("198.51.100.7")).status == 429);
    CHECK(http(s.port(), "GET", "/api/sessions/222222", "", from("198.51.100.8")).status == 404);
}

TEST_CASE("behind a proxy that adds its own X-Forwarded-For line, the client's line is not believed", "[integration]") {
    // HAProxy's option forwardfor adds a line after any the client sent; the client's
    // line, first, names a new address each time.
    live_server s("", {"--trusted-proxy", "127.0.0.1"});
    auto lookup = [&](const std::string& forged, const std::string& client) {
        const auto replies = parse_responses(http_raw(
            s.port(), "GET /api/sessions/222222 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + forged +
                          "\r\nX-Forwarded-For: " + client + "\r\nConnection: close\r\n\r\n"));
        REQUIRE(replies.size() == 1);
        return replies[0].status;
    };
    for (int k = 0; k < 10; ++k) CHECK(lookup("192.0.2." + std::to_string(k), "198.51.100.9") == 404);
    CHECK(lookup("192.0.2.99", "198.51.100.9") == 429);
    CHECK(lookup("192.0.2.99", "198.51.100.10") == 404);
}

TEST_CASE("an untrusted peer cannot pick its address with X-Forwarded-For", "[integration]") {
    live_server s;
    auto forged = [](int k) { return std::map<std::string, std::string>{{"X-Forwarded-For", "192.0.2." + std::to_string(k)}}; };
    for (int k = 0; k < 10; ++k) CHECK(http(s.port(), "GET", "/api/sessions/222222", "", forged(k)).status == 404);
    CHECK(http(s.port(), "GET", "/api/sessions/222222", "", forged(99)).status == 429);
}

TEST_CASE("a client that sends its request too slowly is disconnected (slow-loris)", "[integration]") {
    namespace asio = boost::asio;
    live_server s("", {"--request-timeout", "1"});
    asio::io_context ioc;
    auto connect = [&] {
        asio::ip::tcp::socket sock(ioc);
        sock.connect({asio::ip::make_address("127.0.0.1"), s.port()});
        return sock;
    };
    auto silent = connect();
    auto slow = connect();
    asio::write(slow, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")));
    const auto t0 = std::chrono::steady_clock::now();
    // Meanwhile others are served.
    CHECK(http(s.port(), "GET", "/healthz").status == 200);
    // Both are dropped without an answer: the read ends with end of file.
    for (auto* sock : {&silent, &slow}) {
        char byte = 0;
        boost::system::error_code ec;
        const std::size_t n = asio::read(*sock, asio::buffer(&byte, 1), ec);
        CHECK(n == 0);
        CHECK((ec == asio::error::eof || ec == asio::error::connection_reset));
    }
    const auto waited = std::chrono::steady_clock::now() - t0;
    CHECK(waited < std::chrono::seconds(10));
}

TEST_CASE("with --verbose a connection dropped for its timeout is logged, and none that ends as usual", "[integration]") {
    namespace asio = boost::asio;
    for (const bool verbose : {true, false}) {
        INFO("--verbose: " << verbose);
        std::vector<std::string> args{"--request-timeout", "1"};
        if (verbose) args.emplace_back("--verbose");
        live_server s("", args);
        // Ends as usual: a request answered, a WebSocket closed by its client, one dropped.
        CHECK(http(s.port(), "GET", "/healthz").status == 200);
        {
            ws_client closing(s.port());
            closing.close();
            CHECK(closing.wait_closed());
            ws_client dropped(s.port());
        }
        // A request that never finishes.
        asio::io_context ioc;
        asio::ip::tcp::socket slow(ioc);
        slow.connect({asio::ip::make_address("127.0.0.1"), s.port()});
        asio::write(slow, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")));
        char byte = 0;
        boost::system::error_code ec;
        CHECK(asio::read(slow, asio::buffer(&byte, 1), ec) == 0);  // dropped
        REQUIRE(s.proc->stop() == 0);
        const std::string log = s.proc->log();
        INFO(log);
        std::size_t debug_lines = 0;
        for (auto at = log.find(" debug "); at != std::string::npos; at = log.find(" debug ", at + 1)) ++debug_lines;
        CHECK(debug_lines == (verbose ? 1 : 0));
        CHECK((log.find(" debug HTTP read: ") != std::string::npos) == verbose);
    }
}

TEST_CASE("a WebSocket that answers no pings is closed, one that does stays", "[integration]") {
    namespace asio = boost::asio;
    live_server s("", {"--idle-timeout", "2"});
    ws_client alive(s.port());  // its reading thread answers pings
    // A client that upgrades and then only reads raw bytes: it never answers a ping.
    asio::io_context ioc;
    asio::ip::tcp::socket mute(ioc);
    mute.connect({asio::ip::make_address("127.0.0.1"), s.port()});
    asio::write(mute, asio::buffer("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) +
                                   "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    const auto t0 = std::chrono::steady_clock::now();
    std::string got;
    boost::system::error_code ec;
    for (char buf[1024];;) {
        const std::size_t n = mute.read_some(asio::buffer(buf), ec);
        if (ec) break;
        got.append(buf, n);
    }
    const auto waited = std::chrono::steady_clock::now() - t0;
    CHECK((ec == asio::error::eof || ec == asio::error::connection_reset));
    REQUIRE(got.rfind("HTTP/1.1 101", 0) == 0);
    const auto frames = got.find("\r\n\r\n") + 4;
    REQUIRE(frames < got.size());
    CHECK(static_cast<unsigned char>(got[frames]) == 0x89);  // a ping came first
    CHECK(waited >= std::chrono::milliseconds(1500));
    CHECK(waited < std::chrono::seconds(10));
    // The one that answered its pings is still there.
    alive.send(json{{"type", "ping"}, {"ref", "p1"}});
    CHECK(alive.next_json()["type"] == "pong");
}
