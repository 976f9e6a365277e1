// A short run of the load generator against the real server: every change reaches
// every other client, with no error. It checks the generator itself (its bookkeeping
// of changes and deliveries) as much as the server; it measures nothing.
#include "load.hpp"
#include "samskab_adapter.hpp"
#include "socketio_relay_adapter.hpp"
#include "ws_relay_adapter.hpp"

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace samskab;

namespace {

// A small run: one session of 3 clients making 2 changes a second, against the server
// (or relay) process p.
load::config smoke_config(const testing::server_process& p, double duration) {
    load::config cfg;
    cfg.sessions = 1;
    cfg.clients_per_session = 3;
    cfg.rate = 2;
    cfg.warmup = 0.5;
    cfg.duration = duration;
    cfg.drain = 2;
    cfg.scenario = "smoke";
    cfg.server.port = p.port();
    cfg.server_pid = p.pid();
    cfg.quiet = true;
    return cfg;
}

// A smoke run's result: no error, at least `min_changes` changes measured, each of them
// received exactly once by both other clients (and acknowledged to its sender if `acked`).
void check_every_change_delivered(const load::result& r, long min_changes, bool acked) {
    const auto n = static_cast<std::size_t>(r.changes_measured);
    CHECK(r.errors == 0);
    CHECK(r.error_kinds.empty());
    CHECK(r.changes_measured >= min_changes);
    CHECK(r.changes_completed == r.changes_measured);
    CHECK(r.fanout.count == n);
    CHECK(r.delivery.count == 2 * n);
    CHECK(r.ack.count == (acked ? n : 0));
    CHECK(r.server_cpu_s >= 0);
}

// One room of 3 clients making 2 changes a second for 1.5 s on the relay `script` (a
// server.js of tests/load/peers, run with node), whose packages include `package`.
void relay_smoke_run(const std::filesystem::path& script, std::string_view package, load::protocol_adapter& adapter) {
    INFO("this test needs node and the relay's packages: run npm ci in " << script.parent_path().string());
    REQUIRE(std::system("node --version >/dev/null 2>&1") == 0);
    REQUIRE(std::filesystem::exists(script.parent_path() / "node_modules" / package));
    testing::server_process relay({"unused.db", 0, "", {}, {"sh", "-c", "exec node \"$0\"", script.string()}});
    const load::config cfg = smoke_config(relay, 1.5);
    const auto r = load::run(cfg, adapter);
    INFO(load::report(cfg, r));
    check_every_change_delivered(r, 7, false);  // 3 clients x 2/s x 1.5 s, give or take the edges
    CHECK(relay.stop() == 0);
}

}  // namespace

TEST_CASE("1 session x 3 clients x 2 changes/s for 2 s: every change reaches every other client, no errors",
          "[load]") {
    testing::temp_dir dir;
    testing::server_process server({dir.file("samskab.db"), 0, "", {"--participant-pace", "0", "--changes-per-address", "0"}, {}});
    const load::config cfg = smoke_config(server, 2);
    load::samskab_adapter adapter({false, 60});
    const auto r = load::run(cfg, adapter);
    INFO(load::report(cfg, r));
    // 3 clients x 2/s x 2 s, give or take one send at the window's edges.
    check_every_change_delivered(r, 10, true);
    CHECK(r.rss_mib > 0);
    const auto j = load::to_json(cfg, "samskab", r);
    CHECK(j.size() == 14);
    CHECK(j["errors"] == 0);
    CHECK(server.stop() == 0);
}

TEST_CASE("the vote mix: every vote reaches every other client, recognised by its seq, no errors", "[load]") {
    testing::temp_dir dir;
    testing::server_process server({dir.file("samskab.db"), 0, "", {"--participant-pace", "0", "--changes-per-address", "0"}, {}});
    load::config cfg = smoke_config(server, 2);
    cfg.rate = 4;  // a dot on, a dot off: some votes in flight when the next is sent
    load::samskab_adapter adapter({false, 60, true});
    const auto r = load::run(cfg, adapter);
    INFO(load::report(cfg, r));
    check_every_change_delivered(r, 20, true);
    CHECK(server.stop() == 0);
}

TEST_CASE("the vote mix: votes alternate a dot on and off, the event and the ack both carry the seq", "[load]") {
    // The engine matches a receiver's votes.progress with the author's ack by that seq,
    // in either order (the run above has both orders, as the sockets deliver them).
    testing::temp_dir dir;
    testing::server_process server({dir.file("samskab.db"), 0, "", {"--participant-pace", "0", "--changes-per-address", "0"}, {}});
    load::samskab_adapter adapter({false, 60, true});
    adapter.prepare({"127.0.0.1", server.port()}, 1, 2);
    auto author = adapter.make_client(0, 0);
    auto other = adapter.make_client(0, 1);
    std::vector<std::string> replies;
    // The welcome sets where each client's seqs start (the facilitator made 10 changes).
    for (auto* c : {author.get(), other.get()})
        REQUIRE(c->on_message(R"({"type":"welcome","seq":10})", replies).what == load::received::kind::joined);
    const auto vote = nlohmann::json::parse(author->make_change(7));
    CHECK(vote["type"] == "vote.set");
    CHECK(vote["dots"] == 1);
    CHECK(nlohmann::json::parse(author->make_change(8))["dots"] == 0);  // the same dot off again
    const auto seen = other->on_message(R"({"type":"votes.progress","dots_cast":1,"voters":1,"seq":11,"at":"x"})", replies);
    CHECK(seen.what == load::received::kind::change_by_seq);
    CHECK(seen.seq == 11);
    const auto ack = author->on_message(
        R"({"type":"ack","ref":"v:7","seq":11,"event":{"type":"vote.updated","seq":11}})", replies);
    CHECK(ack.what == load::received::kind::ack);
    CHECK(ack.change == 7);
    CHECK(ack.by_seq);
    CHECK(ack.seq == 11);
    CHECK(server.stop() == 0);
}

TEST_CASE("ws relay adapter: a change is recognised by the others, the join by its answer", "[load]") {
    load::ws_relay_adapter adapter(60);
    adapter.prepare({}, 1, 2);
    auto a = adapter.make_client(0, 0);
    auto b = adapter.make_client(0, 1);
    CHECK(a->join() == std::vector<std::string>{R"({"join":"load-0"})"});
    std::vector<std::string> replies;
    CHECK(b->on_message(R"({"joined":"load-0"})", replies).what == load::received::kind::joined);
    const std::string change = a->make_change(42);
    CHECK(change.size() > 60);
    const auto r = b->on_message(change, replies);
    CHECK(r.what == load::received::kind::change);
    CHECK(r.change == 42);
    CHECK(r.problem.empty());
    CHECK_FALSE(b->on_message("nonsense", replies).problem.empty());
    CHECK(replies.empty());
}

TEST_CASE("1 room x 3 clients x 2 changes/s on the ws relay: every change reaches every other client", "[load]") {
    // Needs node and the relay's packages (scripts/test runs npm ci in tests/load/peers/ws-relay).
    load::ws_relay_adapter adapter(60);
    relay_smoke_run(SAMSKAB_WS_RELAY_SCRIPT, "ws", adapter);
}

TEST_CASE("socketio relay adapter: Engine.IO/Socket.IO handshake, join, pings, changes", "[load]") {
    using kind = load::received::kind;
    load::socketio_relay_adapter adapter(60);
    CHECK(adapter.ws_target() == "/socket.io/?EIO=4&transport=websocket");
    auto a = adapter.make_client(0, 0);
    auto b = adapter.make_client(0, 1);
    std::vector<std::string> replies;
    CHECK(a->join().empty());
    // Engine.IO open -> namespace connect; connect ack -> join-room; joined at room-user-change.
    auto r = a->on_message(R"(0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
                           replies);
    CHECK(r.what == kind::other);
    CHECK(r.problem.empty());
    CHECK(replies == std::vector<std::string>{"40"});
    replies.clear();
    CHECK(a->make_change(1).empty());  // not in the room yet
    CHECK(a->on_message(R"(40{"sid":"s1"})", replies).problem.empty());
    CHECK(replies == std::vector<std::string>{R"(42["join-room","load-0"])"});
    replies.clear();
    CHECK(a->on_message(R"(42["init-room"])", replies).what == kind::other);
    CHECK(a->on_message(R"(42["first-in-room"])", replies).what == kind::other);
    r = a->on_message(R"(42["room-user-change",["s1"]])", replies);
    CHECK(r.what == kind::joined);
    CHECK(r.problem.empty());
    // What goes to the others when someone joins is nothing to count, and no error.
    r = a->on_message(R"(42["new-user","s2"])", replies);
    CHECK(r.what == kind::other);
    CHECK(r.problem.empty());
    CHECK(a->on_message(R"(42["room-user-change",["s1","s2"]])", replies).what == kind::joined);
    CHECK(replies.empty());
    // Pings are answered with pongs.
    r = a->on_message("2", replies);
    CHECK(r.what == kind::other);
    CHECK(r.problem.empty());
    CHECK(replies == std::vector<std::string>{"3"});
    replies.clear();
    // A change, as sent and as the relay forwards it to the others.
    const std::string change = a->make_change(42);
    const std::string sent_prefix = R"(42["server-broadcast","load-0",{"change":42,"from":"L0-0","text":"lg:42 idea from L0-0 )";
    CHECK(change.substr(0, sent_prefix.size()) == sent_prefix);
    CHECK(change.size() > 60);
    const std::string tail = R"(,"000000000000002a"])";
    REQUIRE(change.size() > tail.size());
    CHECK(change.substr(change.size() - tail.size()) == tail);
    const std::string data = change.substr(std::string_view(R"(42["server-broadcast","load-0",)").size());
    r = b->on_message(R"(42["client-broadcast",)" + data, replies);
    CHECK(r.what == kind::change);
    CHECK(r.change == 42);
    CHECK(r.problem.empty());
    // Garbled or unexpected messages are problems.
    CHECK_FALSE(b->on_message(R"(42["client-broadcast",{"change":x}])", replies).problem.empty());
    CHECK_FALSE(b->on_message(R"(42["client-broadcast","hello"])", replies).problem.empty());
    CHECK_FALSE(b->on_message(R"(42["room-user-change",["s2"]])", replies).problem.empty());  // before its join
    CHECK_FALSE(b->on_message(R"(42["something-else"])", replies).problem.empty());
    CHECK_FALSE(b->on_message("41", replies).problem.empty());
    CHECK_FALSE(b->on_message("nonsense", replies).problem.empty());
    CHECK(b->on_message(R"(44{"message":"Invalid namespace"})", replies).what == kind::error);
    CHECK(replies.empty());
}

TEST_CASE("1 room x 3 clients x 2 changes/s on the Socket.IO relay: every change reaches every other client",
          "[load]") {
    // Needs node and the relay's packages (scripts/test runs npm ci in tests/load/peers/socketio-relay).
    load::socketio_relay_adapter adapter(60);
    relay_smoke_run(SAMSKAB_SOCKETIO_RELAY_SCRIPT, "socket.io", adapter);
}
